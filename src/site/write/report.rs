//! The docs team's report (`--qa`): its dashboard, then its parts, each
//! rendered from its groups' summaries as they are let go.

use super::super::dashboard::{self, PART_GROUPS};
use super::super::summary::GroupSummary;
use super::Builder;
use crate::site::SiteError;

impl Builder {
    /// Writes the docs team's report: its dashboard, then its parts, each
    /// from its groups' summaries as they are let go.
    pub(super) fn write_report(&self, mut groups: Vec<GroupSummary>) -> Result<(), SiteError> {
        let dashboard = dashboard::dashboard(&self.options, &self.ui, &self.links, &groups);
        self.put_with(&report_file(0), |out| {
            self.render("report.html", &dashboard, out)
        })?;
        drop(dashboard);
        let parts = groups.len().div_ceil(PART_GROUPS);
        for number in (1..=parts).rev() {
            let first = (number - 1) * PART_GROUPS;
            let chunk = groups.split_off(first.min(groups.len()));
            let place = (number, parts, first);
            let part = dashboard::report_part(&self.options, &self.ui, &self.links, place, chunk);
            self.put_with(&report_file(number), |out| {
                self.render("report_part.html", &part, out)
            })?;
        }
        Ok(())
    }
}

/// The report's dashboard (0) or part `number`, relative to the site.
pub(super) fn report_file(number: usize) -> String {
    match number {
        0 => "report.html".to_string(),
        number => format!("report/{number}.html"),
    }
}
