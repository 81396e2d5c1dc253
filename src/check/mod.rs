//! The checker: rules over page groups, producing diagnostics. Rules never
//! print; `report` turns their diagnostics into output.

mod compare;
mod group;
mod links;
mod rules;
mod settings;
mod toc;

pub use group::{Anchors, Group, PageSource, ProjectFiles};
pub use rules::RULES;
pub use settings::{RuleSet, Settings, SettingsError};
pub use toc::{check_toc, Toc};

use crate::diagnostic::{Diagnostic, Location, Related, Severity};
use crate::model::{Page, PageGroup};
use crate::source::{LineIndex, Position};
use std::ops::Range;

/// A lint rule: a stable code and name, a default severity, its
/// documentation (what `sxsdoc explain` prints) and what it checks.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what it finds.
    pub summary: &'static str,
    /// `What it does / Why is this bad / Example`.
    pub doc: &'static str,
    pub scope: Scope,
}

/// What a rule looks at, and its check of it.
pub enum Scope {
    /// One page group: a page in every locale that has it.
    Group(fn(&Group<'_>, &Rule, &mut Vec<Diagnostic>)),
    /// One locale's table of contents (`toc.yml`).
    Toc(fn(&Toc<'_>, &Rule, &mut Vec<Diagnostic>)),
}

impl Rule {
    /// A diagnostic of this rule at `span` of `page`.
    pub fn at(&self, page: &Page, span: Range<usize>, message: String) -> Diagnostic {
        self.finding(location(page, span), message)
    }

    /// A diagnostic of this rule at `location`.
    fn finding(&self, location: Location, message: String) -> Diagnostic {
        Diagnostic {
            code: self.code,
            rule: self.name,
            severity: self.severity,
            message,
            location,
            also_about: Vec::new(),
            fact: None,
            related: Vec::new(),
            notes: Vec::new(),
            key: String::new(),
            pattern: String::new(),
            fix: None,
        }
    }
}

pub fn location(page: &Page, span: Range<usize>) -> Location {
    location_in((&page.locale, &page.path, &page.display_path), span)
}

/// `span` of the file at `path` of `locale`, shown as `file`; its line
/// and column filled in later.
fn location_in((locale, path, file): (&str, &str, &str), span: Range<usize>) -> Location {
    Location {
        locale: locale.to_string(),
        path: path.to_string(),
        file: file.to_string(),
        span,
        start: Position::default(),
        end: Position::default(),
        line_text: String::new(),
        line_offset: 0,
    }
}

pub fn related(page: &Page, span: Range<usize>, message: String) -> Related {
    Related {
        location: location(page, span),
        message,
    }
}

/// Looks a rule up by code (`SXS002`, any case) or name.
pub fn find_rule(name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(name) || rule.name == name)
}

/// The diagnostics of one page group, filtered and positioned, in order.
pub fn check_group(
    page_group: &PageGroup,
    files: &ProjectFiles,
    rules: &RuleSet,
) -> Vec<Diagnostic> {
    let group = Group::new(page_group, files);
    let mut found = Vec::new();
    for (rule, severity) in &rules.rules {
        let Scope::Group(check) = rule.scope else {
            continue;
        };
        let start = found.len();
        check(&group, rule, &mut found);
        overrule(&mut found[start..], *severity);
    }
    found.retain(|diagnostic| {
        std::iter::once(&diagnostic.location.locale)
            .chain(&diagnostic.also_about)
            .any(|locale| rules.locale_enabled(locale))
    });
    resolve(page_group, &mut found);
    sort(&mut found);
    found
}

/// Gives `found` the severity the settings give their rule, if any.
pub(super) fn overrule(found: &mut [Diagnostic], severity: Option<Severity>) {
    if let Some(severity) = severity {
        for diagnostic in found {
            diagnostic.severity = severity;
        }
    }
}

/// Sorts by page, locale, position and rule, and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// Characters kept of a long line: enough around the span for a snippet,
/// without copying a megabyte-long line into every diagnostic on it.
const LINE_WINDOW: usize = 320;

/// The part of `line` around `column`: (characters cut before, text).
fn crop(line: &str, column: usize) -> (usize, String) {
    if line.len() <= LINE_WINDOW {
        return (0, line.to_string());
    }
    let skip = column.saturating_sub(1).saturating_sub(LINE_WINDOW / 3);
    (skip, line.chars().skip(skip).take(LINE_WINDOW).collect())
}

/// Fills in lines and columns while the group's pages are loaded.
fn resolve(group: &PageGroup, diagnostics: &mut [Diagnostic]) {
    let mut indexes: Vec<Option<LineIndex>> = vec![None; group.pages.len()];
    let mut place_in_group = |location: &mut Location| {
        let Some(at) = group
            .pages
            .iter()
            .position(|p| p.locale == location.locale && p.path == location.path)
        else {
            return;
        };
        let page = &group.pages[at];
        let index = indexes[at].get_or_insert_with(|| LineIndex::new(&page.text));
        place(location, &page.text, index);
    };
    for diagnostic in diagnostics {
        place_in_group(&mut diagnostic.location);
        for related in &mut diagnostic.related {
            place_in_group(&mut related.location);
        }
    }
}

/// Fills in the line and column of `location`, a span of `text`.
pub(super) fn place(location: &mut Location, text: &str, index: &LineIndex) {
    location.start = index.position(text, location.span.start);
    location.end = index.position(text, location.span.end.max(location.span.start));
    let line = index.line_text(text, location.start.line);
    let (offset, line_text) = crop(line, location.start.column);
    location.line_offset = offset;
    location.line_text = line_text;
}
