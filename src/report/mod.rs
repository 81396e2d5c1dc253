//! Writing results for people and machines: one file per output format.
//! Formats know diagnostics and spans, never individual rules.

pub mod facts;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
mod summary;

pub use summary::Summary;

use crate::diagnostic::Diagnostic;
use std::io::{self, Write};

/// A report written as the findings come: `findings` once per page group,
/// in order (a check streams them; see [`crate::pipeline::check`]), then
/// `finish` once. What it writes does not depend on how the findings were
/// split into calls.
pub trait Report {
    fn findings(&mut self, out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// The whole report of `diagnostics`, as text.
pub fn render_all(
    report: &mut dyn Report,
    diagnostics: &[Diagnostic],
    summary: &Summary,
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail; every format writes UTF-8.
    let _ = report
        .findings(&mut out, diagnostics)
        .and_then(|()| report.finish(&mut out, summary));
    String::from_utf8(out).unwrap_or_default()
}
