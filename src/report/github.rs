//! The GitHub format: workflow-command annotations for Actions logs and
//! pull-request diffs.
//!
//! Each annotation is one line: line breaks in what it quotes are
//! percent-encoded as the runner decodes them, and the other characters
//! [`crate::printable::is_escaped`] names are shown as escapes, so neither a page nor a file
//! name can start a line of its own (another workflow command) or send
//! terminal sequences to the log.

use super::{plural, Report, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::printable::push_printable;
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
            let title = property(&format!("{} {}", d.code, d.rule));
            if outside_workspace(&at.file) {
                // GitHub places an annotation only on a file of the
                // checked-out repository (another locale's checkout beside
                // it is not): this one is the run's, with its place in
                // the message.
                let message = format!(
                    "{}:{}:{}: {message}",
                    at.file, at.start.line, at.start.column
                );
                let _ = writeln!(text, "::{command} title={title}::{}", data(&message));
                continue;
            }
            let _ = writeln!(
                text,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={title}::{}",
                property(&at.file),
                at.start.line,
                at.start.column,
                at.end.line,
                at.end.column,
                data(&message)
            );
        }
        out.write_all(text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn io::Write, summary: &Summary) -> io::Result<()> {
        writeln!(
            out,
            "sxsdoc: {}, {}, {}",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.notes, "note")
        )?;
        // GitHub shows the first 10 annotations of each kind a step
        // writes, and 50 a job, and says nothing of the others: this says
        // so, as a notice where notes left room for one to be shown.
        let most = summary.errors.max(summary.warnings).max(summary.notes);
        if most > ANNOTATIONS_SHOWN {
            let said = format!(
                "GitHub shows {ANNOTATIONS_SHOWN} annotations of each kind a step writes, and {} were written: this log lists them all, and `--format sarif` uploaded to code scanning shows each",
                summary.errors + summary.warnings + summary.notes
            );
            match summary.notes < ANNOTATIONS_SHOWN {
                true => writeln!(out, "::notice title=sxsdoc::{said}")?,
                false => writeln!(out, "sxsdoc: {said}")?,
            }
        }
        Ok(())
    }
}

/// The annotations of one kind GitHub shows for a step (its toolkit's
/// documentation of problem matchers gives the limits).
const ANNOTATIONS_SHOWN: usize = 10;

/// Escaping for a command's message, as `escapeData` of
/// `@actions/core` does it.
fn data(text: &str) -> String {
    encode(text, &['%', '\r', '\n'])
}

/// Escaping for a command's `key=value` properties, as `escapeProperty`
/// of `@actions/core` does it.
fn property(text: &str) -> String {
    encode(text, &['%', '\r', '\n', ':', ','])
}

/// Whether `file` (as findings name it: relative to the current folder
/// when under it) is outside the repository the run checks out: above
/// the current folder, or absolute.
fn outside_workspace(file: &str) -> bool {
    file.starts_with("../") || std::path::Path::new(file).is_absolute()
}

/// `text` with each of `encoded` percent-encoded and the rest printable.
fn encode(text: &str, encoded: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if encoded.contains(&c) {
            let _ = write!(out, "%{:02X}", u32::from(c));
        } else {
            push_printable(&mut out, c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past 10 annotations of a kind, the last line says GitHub hides the
    /// rest: as a notice while notes leave room for one, else as text.
    #[test]
    fn the_annotations_github_hides_are_said() {
        let finish = |summary: Summary| {
            let mut out = Vec::new();
            Github.finish(&mut out, &summary).expect("writes");
            String::from_utf8(out).expect("UTF-8")
        };
        let few = finish(Summary {
            warnings: 10,
            notes: 3,
            ..Summary::default()
        });
        assert_eq!(few.lines().count(), 1, "{few}");
        let many = finish(Summary {
            warnings: 11,
            notes: 3,
            ..Summary::default()
        });
        assert!(
            many.lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("::notice title=sxsdoc::GitHub shows 10")),
            "{many}"
        );
        let noted = finish(Summary {
            warnings: 11,
            notes: 10,
            ..Summary::default()
        });
        assert!(
            noted
                .lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("sxsdoc: GitHub shows 10")),
            "{noted}"
        );
    }

    #[test]
    fn files_outside_the_repository_are_not_annotated_in_place() {
        assert!(!outside_workspace("api/user-get.md"));
        assert!(outside_workspace("../docs.es-ES/api/user-get.md"));
        assert!(outside_workspace("/tmp/docs/api/user-get.md"));
    }

    #[test]
    fn escapes_per_context() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(
            property("x.md\n::error file=README.md,line=1::Hi"),
            "x.md%0A%3A%3Aerror file=README.md%2Cline=1%3A%3AHi"
        );
        assert_eq!(data("\x1b]52;c;aGk=\x07\r"), "\\x1b]52;c;aGk=\\x07%0D");
        assert_eq!(data("a\u{202e}b"), "a\\u{202e}b");
    }
}
