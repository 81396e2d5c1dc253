//! Counts per severity and per rule.

use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Rule code → number of diagnostics.
    pub by_rule: BTreeMap<String, usize>,
    pub pages: usize,
    pub page_groups: usize,
    /// Findings left out because the baseline lists them.
    pub baselined: usize,
}

impl Summary {
    pub fn new(
        diagnostics: &[Diagnostic],
        pages: usize,
        page_groups: usize,
        baselined: usize,
    ) -> Summary {
        let mut summary = Summary {
            pages,
            page_groups,
            baselined,
            ..Summary::default()
        };
        summary.add(diagnostics);
        summary
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
}
