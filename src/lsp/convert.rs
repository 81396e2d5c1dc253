//! sxsdoc's findings and fixes as the protocol has them: diagnostics
//! with exact ranges and their related places in the other locales, and
//! code actions made by the engine of `sxsdoc fix`.

use super::position::Lines;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::fix::fix_page;
use crate::model::PageGroup;
use lsp_types::{
    CodeAction, CodeActionKind, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, TextEdit, Url, WorkspaceEdit,
};
use std::collections::HashMap;

/// The code action kind of "fix everything safe in this file", as ruff
/// names its own (`source.fixAll.ruff`).
pub const FIX_ALL: &str = "source.fixAll.sxsdoc";

/// `diagnostic` (of the page `page` of `group`) for the editor. Related
/// places in the group's other pages point into their files.
pub fn diagnostic(
    diagnostic: &Diagnostic,
    group: &PageGroup,
    page: usize,
) -> lsp_types::Diagnostic {
    let text = &group.pages[page].text;
    let related = diagnostic
        .related
        .iter()
        .filter_map(|related| {
            let other = group
                .pages
                .iter()
                .find(|p| p.locale == related.location.locale)?;
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: Url::from_file_path(&other.file).ok()?,
                    range: Lines::new(&other.text).range(&related.location.span),
                },
                message: related.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    let mut converted = diagnostic_in(diagnostic, text);
    converted.related_information = (!related.is_empty()).then_some(related);
    converted
}

/// `diagnostic`, a finding of the file whose text is `text`, for the
/// editor (without related places).
pub fn diagnostic_in(diagnostic: &Diagnostic, text: &str) -> lsp_types::Diagnostic {
    let mut message = diagnostic.message.clone();
    for note in &diagnostic.notes {
        message.push('\n');
        message.push_str(note);
    }
    lsp_types::Diagnostic {
        range: Lines::new(text).range(&diagnostic.location.span),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        source: Some("sxsdoc".to_string()),
        message,
        related_information: None,
        // What finds this finding again for a code action.
        data: Some(serde_json::json!({ "pattern": diagnostic.pattern_id() })),
        ..lsp_types::Diagnostic::default()
    }
}

/// The code actions for the findings `at` (indexes into `findings`, the
/// page's): each one's fix (an unsafe one marked so), "fix all of this
/// pattern in this file" where the pattern has more than one finding,
/// and, when asked for `only` source actions, every safe fix of the file.
pub fn code_actions(
    uri: &Url,
    group: &PageGroup,
    page: usize,
    findings: &[Diagnostic],
    at: &[usize],
    fix_all: bool,
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    let mut patterns_done = Vec::new();
    for &n in at {
        let finding = &findings[n];
        let Some(fix) = &finding.fix else { continue };
        let safe = fix.applicability == Applicability::Safe;
        let title = match safe {
            true => format!("Fix {}: {}", finding.code, finding.message),
            false => format!(
                "Fix {} (unsafe, check it): {}",
                finding.code, finding.message
            ),
        };
        if let Some(edit) = edit(uri, group, page, std::slice::from_ref(finding), !safe) {
            actions.push(action(
                title,
                CodeActionKind::QUICKFIX,
                edit,
                safe,
                finding,
                group,
                page,
            ));
        }
        let pattern = finding.pattern_id();
        if patterns_done.contains(&pattern) {
            continue;
        }
        patterns_done.push(pattern.clone());
        let same: Vec<Diagnostic> = findings
            .iter()
            .filter(|d| d.fix.is_some() && d.pattern_id() == pattern)
            .cloned()
            .collect();
        if same.len() > 1 {
            if let Some(edit) = edit(uri, group, page, &same, !safe) {
                let title = format!(
                    "Fix all {} {pattern} in this file{}",
                    same.len(),
                    if safe { "" } else { " (unsafe, check them)" }
                );
                actions.push(action(
                    title,
                    CodeActionKind::QUICKFIX,
                    edit,
                    false,
                    finding,
                    group,
                    page,
                ));
            }
        }
    }
    if fix_all {
        if let Some(edit) = edit(uri, group, page, findings, false) {
            actions.push(CodeAction {
                title: "sxsdoc: fix all safe findings in this file".to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(edit),
                ..CodeAction::default()
            });
        }
    }
    actions
}

fn action(
    title: String,
    kind: CodeActionKind,
    edit: WorkspaceEdit,
    preferred: bool,
    finding: &Diagnostic,
    group: &PageGroup,
    page: usize,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(kind),
        diagnostics: Some(vec![diagnostic(finding, group, page)]),
        edit: Some(edit),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    }
}

/// The edits that fix `findings` on the page, as `sxsdoc fix` would make
/// them (checked to keep every segment and its English); `None` when
/// there is nothing to do or the fix was refused.
fn edit(
    uri: &Url,
    group: &PageGroup,
    page: usize,
    findings: &[Diagnostic],
    unsafe_fixes: bool,
) -> Option<WorkspaceEdit> {
    let page = &group.pages[page];
    let fixed = fix_page(page, findings, unsafe_fixes).ok()??;
    let lines = Lines::new(&page.text);
    let edits = fixed
        .edits
        .iter()
        .map(|edit| TextEdit::new(lines.range(&edit.span), edit.replacement.clone()))
        .collect();
    Some(WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    })
}
