//! The rules that read a locale's table of contents (`toc.yml`): what
//! Microsoft Learn builds the locale's navigation from.

use super::{location_in, overrule, place, sort, ProjectFiles, Rule, RuleSet, Scope};
use crate::diagnostic::Diagnostic;
use crate::load::{parse_toc, read_toc_text, TocError, TocFile, TocNode};
use crate::source::LineIndex;
use std::ops::Range;

/// One toc as its rules see it.
pub struct Toc<'t> {
    pub file: &'t TocFile,
    /// Its text (empty when it could not be read).
    pub text: &'t str,
    lines: &'t LineIndex,
    /// Its entries, or why they could not be read.
    pub entries: &'t Result<Vec<TocNode>, TocError>,
    /// Every file of the project, for the entries' links.
    pub files: &'t ProjectFiles<'t>,
}

impl Rule {
    /// A diagnostic of this rule at `span` of `toc`.
    pub fn at_toc(&self, toc: &Toc<'_>, span: Range<usize>, message: String) -> Diagnostic {
        let file = &toc.file;
        let at = location_in((&file.locale, &file.path, &file.shown), span);
        let mut diagnostic = self.finding(at, message);
        place(&mut diagnostic.location, toc.text, toc.lines);
        diagnostic
    }
}

/// The diagnostics of the toc `file` (its `text` when an editor holds
/// it, else as read), filtered and positioned, in order.
pub fn check_toc(
    file: &TocFile,
    text: Option<&str>,
    files: &ProjectFiles<'_>,
    rules: &RuleSet,
) -> Vec<Diagnostic> {
    if !rules.locale_enabled(&file.locale) {
        return Vec::new();
    }
    let toc_rules = rules
        .rules
        .iter()
        .filter_map(|(rule, severity)| match rule.scope {
            Scope::Toc(check) => Some((*rule, check, *severity)),
            Scope::Group(_) => None,
        });
    let mut toc_rules = toc_rules.peekable();
    if toc_rules.peek().is_none() {
        return Vec::new();
    }
    let read = match text {
        Some(text) => Ok(text.to_string()),
        None => read_toc_text(&file.file),
    };
    let (text, entries) = match read {
        Ok(text) => {
            let entries = parse_toc(&text, &file.file);
            (text, entries)
        }
        Err(err) => (String::new(), Err(err)),
    };
    let toc = Toc {
        file,
        text: &text,
        lines: &LineIndex::new(&text),
        entries: &entries,
        files,
    };
    let mut found = Vec::new();
    for (rule, check, severity) in toc_rules {
        let start = found.len();
        check(&toc, rule, &mut found);
        overrule(&mut found[start..], severity);
    }
    sort(&mut found);
    found
}
