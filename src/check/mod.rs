//! The checker: rules over page groups, producing diagnostics. Rules never
//! print; `report` turns their diagnostics into output.

mod compare;
mod group;
mod rules;
mod settings;

pub use group::Group;
pub use rules::RULES;
pub use settings::{Settings, SettingsError};

use crate::diagnostic::{Diagnostic, Location, Related, Severity};
use crate::model::Page;
use crate::tree::Docs;
use rayon::prelude::*;
use std::ops::Range;

/// A lint rule: a stable code and name, a default severity, its
/// documentation (what `sxsdoc explain` prints) and its check.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what it finds.
    pub summary: &'static str,
    /// `What it does / Why is this bad / Example`.
    pub doc: &'static str,
    pub check: fn(&Group<'_>, &Rule, &mut Vec<Diagnostic>),
}

impl Rule {
    /// A diagnostic of this rule at `span` of `page`.
    pub fn at(&self, page: &Page, span: Range<usize>, message: String) -> Diagnostic {
        Diagnostic {
            code: self.code,
            rule: self.name,
            severity: self.severity,
            message,
            location: location(page, span),
            fact: None,
            related: Vec::new(),
            notes: Vec::new(),
            key: String::new(),
        }
    }
}

pub fn location(page: &Page, span: Range<usize>) -> Location {
    Location {
        locale: page.locale.clone(),
        path: page.path.clone(),
        file: page.display_path.clone(),
        span,
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

/// Runs every enabled rule over every page group, in parallel. The result
/// is sorted and does not depend on the number of threads.
pub fn check(docs: &Docs, settings: &Settings) -> Vec<Diagnostic> {
    let rules: Vec<&Rule> = RULES
        .iter()
        .copied()
        .filter(|rule| settings.enabled(rule))
        .collect();
    let mut diagnostics: Vec<Diagnostic> = docs
        .groups
        .par_iter()
        .flat_map_iter(|page_group| {
            let group = Group::new(page_group, &docs.locales);
            let mut found = Vec::new();
            for rule in &rules {
                (rule.check)(&group, rule, &mut found);
            }
            found
        })
        .filter(|diagnostic| settings.locale_enabled(&diagnostic.location.locale))
        .map(|mut diagnostic| {
            diagnostic.severity = settings.severity_of(diagnostic.code, diagnostic.severity);
            diagnostic
        })
        .collect();
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    diagnostics
}
