//! Writing results for people and machines: one file per output format.
//! Formats know diagnostics and spans, never individual rules.

pub mod facts;
pub mod github;
pub mod human;
pub mod json;
pub mod patterns;
pub mod sarif;
mod summary;

pub use crate::printable::printable;
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

/// `1 page`, `2 pages`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
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

/// Writes `pretty`, a value as serde_json's pretty printer writes it, as
/// that printer writes an element of an array whose elements are indented
/// by `indent`: after `[` (the first) or the element before, each of its
/// lines indented. So a long array is written an element at a time, as
/// the whole would be; [`close_pretty_array`] closes it.
fn pretty_element(out: &mut dyn Write, pretty: &[u8], indent: &str, first: bool) -> io::Result<()> {
    out.write_all(if first { b"\n" } else { b",\n" })?;
    // Pretty JSON has no line break inside a string.
    for (n, line) in pretty.split(|&b| b == b'\n').enumerate() {
        if n > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(indent.as_bytes())?;
        out.write_all(line)?;
    }
    Ok(())
}

/// Closes an array written by [`pretty_element`] whose elements were
/// indented by `indent`: `]` on a line of its own at the indent of the
/// line that opened it, or right after `[` when it has no element.
fn close_pretty_array(out: &mut dyn Write, indent: &str, empty: bool) -> io::Result<()> {
    if !empty {
        out.write_all(b"\n")?;
        out.write_all(indent.get(2..).unwrap_or("").as_bytes())?;
    }
    out.write_all(b"]")
}
