//! `sxsdoc facts`: the page model as JSON or text.

use crate::model::{Facts, FrontMatter, Page};
use crate::source::LineIndex;
use crate::tree::Docs;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct PageView<'p> {
    locale: &'p str,
    path: &'p str,
    front_matter: Option<&'p FrontMatter>,
    segments: usize,
    problems: Vec<ProblemView<'p>>,
    facts: &'p Facts,
    source_facts: Option<&'p Facts>,
}

#[derive(Serialize)]
struct ProblemView<'p> {
    kind: crate::model::ProblemKind,
    message: &'p str,
    line: usize,
    column: usize,
}

fn view(page: &Page) -> PageView<'_> {
    let index = LineIndex::new(&page.text);
    PageView {
        locale: &page.locale,
        path: &page.path,
        front_matter: page.front_matter.as_ref(),
        segments: page.segments.len(),
        problems: page
            .problems
            .iter()
            .map(|problem| {
                let position = index.position(&page.text, problem.span.start);
                ProblemView {
                    kind: problem.kind,
                    message: &problem.message,
                    line: position.line,
                    column: position.column,
                }
            })
            .collect(),
        facts: &page.facts,
        source_facts: page.source_facts.as_ref(),
    }
}

/// One JSON array, one object per page, sorted by path then locale.
pub fn json(docs: &Docs) -> String {
    let pages: Vec<PageView<'_>> = docs.pages().map(view).collect();
    let mut out = serde_json::to_string_pretty(&pages).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// A short human-readable listing of the same model.
pub fn text(docs: &Docs) -> String {
    let mut out = String::new();
    for page in docs.pages() {
        let _ = writeln!(
            out,
            "{} ({}, {} segments)",
            page.display_path,
            page.locale,
            page.segments.len()
        );
        write_facts(&mut out, "facts", &page.facts);
        if let Some(source) = &page.source_facts {
            if serde_json::to_value(source).ok() != serde_json::to_value(&page.facts).ok() {
                write_facts(&mut out, "source", source);
            }
        }
        let index = LineIndex::new(&page.text);
        for problem in &page.problems {
            let at = index.position(&page.text, problem.span.start);
            let _ = writeln!(
                out,
                "  problem {}:{}: {}",
                at.line, at.column, problem.message
            );
        }
        out.push('\n');
    }
    out
}

fn write_facts(out: &mut String, label: &str, facts: &Facts) {
    let code = |value: Option<u16>| value.map_or("-".to_string(), |v| v.to_string());
    let _ = writeln!(
        out,
        "  {label}: response {}, example {}, api {}",
        code(facts.response_code.as_ref().map(|c| c.value)),
        code(facts.example_status.as_ref().map(|c| c.value)),
        facts.api_version.as_ref().map_or("-", |v| v.value.as_str()),
    );
    for endpoint in &facts.endpoints {
        let _ = writeln!(out, "    {endpoint}");
    }
    for row in &facts.permissions {
        let scopes = if row.scopes.is_empty() {
            "none".to_string()
        } else {
            row.scopes.join(", ")
        };
        let _ = writeln!(out, "    {}: {scopes}", row.permission_type);
    }
}
