//! The GitHub format: workflow-command annotations for Actions logs and
//! pull-request diffs.

use super::{Report, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use std::fmt::Write;
use std::io;

pub fn render(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    super::render_all(&mut Github, diagnostics, summary)
}

/// The report written as the findings come (see [`Report`]).
pub struct Github;

impl Report for Github {
    fn findings(&mut self, out: &mut dyn io::Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
        let mut text = String::new();
        for d in diagnostics {
            let at = &d.location;
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let mut message = d.message.clone();
            for note in &d.notes {
                message.push('\n');
                message.push_str(note);
            }
            let _ = writeln!(
                text,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&d.location.file),
                at.start.line,
                at.start.column,
                at.end.line,
                at.end.column,
                property(&format!("{} {}", d.code, d.rule)),
                data(&message)
            );
        }
        out.write_all(text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn io::Write, summary: &Summary) -> io::Result<()> {
        writeln!(
            out,
            "sxsdoc: {} errors, {} warnings, {} notes",
            summary.errors, summary.warnings, summary.notes
        )
    }
}

/// Escaping for a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a command's `key=value` properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_context() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
