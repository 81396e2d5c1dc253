//! The JSON format: one object with `diagnostics` and `summary`.

use super::{Report, Summary};
use crate::diagnostic::{Applicability, Diagnostic, Fact, Severity};
use crate::printable::json_printable;
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;

/// Bumped on any incompatible change of the shape below.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole document, as `render` writes it (the tests check that it
/// is exactly what serde_json prints of this).
#[cfg(test)]
#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    locale: &'a str,
    path: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    fact: Option<Fact>,
    related: Vec<JsonRelated<'a>>,
    notes: &'a [String],
    key: &'a str,
    /// The id of the finding's defect pattern (see `sxsdoc check
    /// --group-by pattern`).
    pattern: String,
    /// `safe`, `unsafe` or null: whether `sxsdoc fix` repairs it.
    fix: Option<Applicability>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    locale: &'a str,
    path: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

pub fn render(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    super::render_all(&mut Json::default(), diagnostics, summary)
}

/// The report written as the findings come (see [`Report`]), as
/// `to_string_pretty` would print the whole `Output` (and a newline). The
/// pretty printer indents by depth only and JSON strings hold no raw
/// newline, so an element printed alone and indented two levels is the
/// same text. A large batch is printed in parallel chunks.
#[derive(Default)]
pub struct Json {
    started: bool,
    written: usize,
}

impl Json {
    fn start(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                out,
                "{{\n  \"version\": {SCHEMA_VERSION},\n  \"diagnostics\": ["
            )?;
        }
        Ok(())
    }
}

impl Report for Json {
    fn findings(&mut self, out: &mut dyn Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
        const CHUNK: usize = 256;
        const BATCH: usize = 64 * CHUNK;
        self.start(out)?;
        for batch in diagnostics.chunks(BATCH) {
            let rendered: Vec<String> = if batch.len() <= CHUNK {
                vec![chunk_text(batch)]
            } else {
                batch.par_chunks(CHUNK).map(chunk_text).collect()
            };
            for text in rendered {
                out.write_all(if self.written == 0 {
                    b"\n    "
                } else {
                    b",\n    "
                })?;
                out.write_all(json_printable(&text).as_bytes())?;
                self.written += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
        self.start(out)?;
        out.write_all(if self.written == 0 { b"]" } else { b"\n  ]" })?;
        let summary = serde_json::to_string_pretty(summary).unwrap_or_default();
        write!(
            out,
            ",\n  \"summary\": {}\n}}\n",
            summary.replace('\n', "\n  ")
        )
    }
}

/// Diagnostics as elements of the `diagnostics` array, but for the
/// separator before the first.
fn chunk_text(chunk: &[Diagnostic]) -> String {
    let mut text = Vec::with_capacity(1024 * chunk.len());
    for d in chunk {
        if !text.is_empty() {
            text.extend_from_slice(b",\n    ");
        }
        let mut serializer = serde_json::Serializer::with_formatter(&mut text, Nested::default());
        if json_diagnostic(d).serialize(&mut serializer).is_err() {
            // Writing to memory fails only if a value cannot be serialized,
            // which none of these can: print what there is.
            break;
        }
    }
    String::from_utf8(text).unwrap_or_default()
}

/// serde_json's pretty printer for a value two levels down in the
/// document: each line break it makes is followed by four more spaces.
/// (JSON strings hold no raw line break, so only its own get them.)
#[derive(Default)]
struct Nested(serde_json::ser::PrettyFormatter<'static>);

/// Writes through to `W`, with four spaces after each line break.
struct Indented<'w, W: ?Sized>(&'w mut W);

impl<W: ?Sized + Write> Write for Indented<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let mut rest = buf;
        while let Some(at) = memchr::memchr(b'\n', rest) {
            self.0.write_all(&rest[..=at])?;
            self.0.write_all(b"    ")?;
            rest = &rest[at + 1..];
        }
        self.0.write_all(rest)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The formatter's calls that may break a line, through [`Indented`].
macro_rules! indented {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $name<W: ?Sized + Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> std::io::Result<()> {
                self.0.$name(&mut Indented(writer) $(, $arg)*)
            }
        )*
    };
}

impl serde_json::ser::Formatter for Nested {
    indented! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }
}

fn json_diagnostic(d: &Diagnostic) -> JsonDiagnostic<'_> {
    let at = &d.location;
    JsonDiagnostic {
        code: d.code,
        rule: d.rule,
        severity: d.severity,
        message: &d.message,
        locale: &d.location.locale,
        path: &d.location.path,
        file: &d.location.file,
        line: at.start.line,
        column: at.start.column,
        end_line: at.end.line,
        end_column: at.end.column,
        fact: d.fact,
        related: d
            .related
            .iter()
            .map(|r| {
                let there = &r.location;
                JsonRelated {
                    locale: &r.location.locale,
                    path: &r.location.path,
                    file: &r.location.file,
                    line: there.start.line,
                    column: there.start.column,
                    message: &r.message,
                }
            })
            .collect(),
        notes: &d.notes,
        key: &d.key,
        pattern: d.pattern_id(),
        fix: d.fix.as_ref().map(|fix| fix.applicability),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Location, Related};
    use crate::source::Position;

    fn diagnostic(n: usize) -> Diagnostic {
        let location = |locale: &str| Location {
            locale: locale.to_string(),
            path: format!("api/page-{n}.md"),
            file: format!("docs/{locale}/api/page-{n}.md"),
            span: n..n + 3,
            start: Position {
                line: n + 1,
                column: 2,
            },
            end: Position {
                line: n + 1,
                column: 5,
            },
            line_text: String::new(),
            line_offset: 0,
        };
        Diagnostic {
            code: "SXS004",
            rule: "protected-token-changed",
            severity: if n.is_multiple_of(2) {
                Severity::Warning
            } else {
                Severity::Error
            },
            message: format!("token `{{id}}` \"{n}\" is\ttranslated: <ü>"),
            location: location("de-DE"),
            also_about: Vec::new(),
            fact: n.is_multiple_of(3).then_some(Fact::Permissions),
            related: (0..n % 3)
                .map(|k| Related {
                    location: location("ja-JP"),
                    message: format!("related {k}"),
                })
                .collect(),
            notes: (0..n % 2)
                .map(|k| format!("note: {k}\nsecond line"))
                .collect(),
            key: format!("key-{n}"),
            pattern: String::new(),
            fix: None,
        }
    }

    /// The report is byte for byte what serde_json prints of the whole
    /// document: none, one and several chunks of diagnostics, given at
    /// once or a few at a time (with empty batches between), as a check
    /// streams them.
    #[test]
    fn render_is_serde_json_pretty() {
        for count in [0, 1, 2, 700, 40_000] {
            let diagnostics: Vec<Diagnostic> = (0..count).map(diagnostic).collect();
            let mut summary = Summary {
                pages: 3,
                includes: 1,
                page_groups: 2,
                baselined: 1,
                ..Summary::default()
            };
            summary.add(&diagnostics);
            let whole = Output {
                version: SCHEMA_VERSION,
                diagnostics: diagnostics.iter().map(json_diagnostic).collect(),
                summary: &summary,
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap_or_default() + "\n";
            assert_eq!(
                render(&diagnostics, &summary),
                expected,
                "{count} diagnostics"
            );
            let mut json = Json::default();
            let mut out = Vec::new();
            let mut rest = diagnostics.as_slice();
            for size in [0, 1, 0, 3, 300].into_iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let (batch, after) = rest.split_at(size.min(rest.len()));
                json.findings(&mut out, batch).unwrap_or_default();
                rest = after;
            }
            json.finish(&mut out, &summary).unwrap_or_default();
            assert_eq!(
                String::from_utf8_lossy(&out),
                expected,
                "{count} diagnostics in batches"
            );
        }
    }
}
