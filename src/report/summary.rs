//! Counts per severity and per rule.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::FileKind;
use crate::plan::Plan;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Rule code → number of diagnostics.
    pub by_rule: BTreeMap<String, usize>,
    /// Pages: each locale's file of a page one.
    pub pages: usize,
    /// Include files, checked as fragments (not counted as pages).
    pub includes: usize,
    /// Paths with a page in some locale.
    pub page_groups: usize,
    /// Findings left out because the baseline lists them.
    pub baselined: usize,
}

impl Summary {
    /// The counts of `diagnostics` found in `plan`, with `baselined`
    /// more left out.
    pub fn new(diagnostics: &[Diagnostic], plan: &Plan, baselined: usize) -> Summary {
        let mut summary = Summary {
            baselined,
            ..Summary::of_plan(plan)
        };
        summary.add(diagnostics);
        summary
    }

    /// No findings yet, in the pages, include files and page groups of
    /// `plan`.
    pub fn of_plan(plan: &Plan) -> Summary {
        let files = plan.groups.iter().flat_map(|group| &group.files);
        let count = |kind| files.clone().filter(|file| file.kind == kind).count();
        let has_page = |group: &&crate::plan::GroupFiles| group.pages().next().is_some();
        Summary {
            pages: count(FileKind::Page),
            includes: count(FileKind::Include),
            page_groups: plan.groups.iter().filter(has_page).count(),
            ..Summary::default()
        }
    }

    /// Counts `diagnostics` too.
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        let summary = self;
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Note => summary.notes += 1,
            }
            *summary
                .by_rule
                .entry(diagnostic.code.to_string())
                .or_default() += 1;
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.notes
    }

    /// `; N in the baseline not shown`, when a baseline held some back:
    /// every summary line says so, whatever the view.
    pub fn baselined_note(&self) -> String {
        match self.baselined {
            0 => String::new(),
            n => format!("; {n} in the baseline not shown"),
        }
    }

    /// What was checked: `11380 pages (2276 page groups) and 8368
    /// include files`.
    pub fn checked(&self) -> String {
        let mut checked = format!(
            "{} ({})",
            super::plural(self.pages, "page"),
            super::plural(self.page_groups, "page group")
        );
        if self.includes > 0 {
            checked += &format!(" and {}", super::plural(self.includes, "include file"));
        }
        checked
    }
}
