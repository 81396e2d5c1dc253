//! SARIF 2.1.0, as GitHub code scanning accepts it.

use super::{Report, Summary};
use crate::check::{Rule, RULES};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::printable::json_printable;
use serde_json::{json, Value};
use std::fmt::Write;
use std::io;

pub fn render(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    super::render_all(&mut Sarif::default(), diagnostics, summary)
}

/// The report (see [`Report`]): one JSON document, written as the
/// findings come. Nothing else in it depends on the results, so it is
/// written up to its results first, then each result as it comes, then
/// the rest: a run holds no result, however many there are.
#[derive(Default)]
pub struct Sarif {
    /// The document before and after its results, once the first
    /// findings (or the end) came.
    frame: Option<Frame>,
    results: usize,
}

struct Frame {
    /// Up to and with the `[` of the results.
    head: String,
    /// After the `]` of the results.
    tail: String,
    /// Of each line of a result.
    indent: String,
}

/// Where the results go in the document, as a JSON string.
const RESULTS: &str = "\u{1}sxsdoc:results\u{1}";

impl Frame {
    fn new() -> Frame {
        let text = serde_json::to_string_pretty(&log(json!(RESULTS))).unwrap_or_default();
        let marker = serde_json::to_string(RESULTS).unwrap_or_default();
        let (head, tail) = text.split_once(&marker).unwrap_or((&text, ""));
        let line_start = head.rfind('\n').map_or(0, |n| n + 1);
        let indent = head.get(line_start..).unwrap_or("");
        let indent = &indent[..indent.len() - indent.trim_start().len()];
        Frame {
            head: format!("{head}["),
            tail: format!("{tail}\n"),
            indent: format!("{indent}  "),
        }
    }
}

impl Frame {
    /// The frame of the document, whose head is written to `out` the
    /// first time.
    fn opened<'f>(frame: &'f mut Option<Frame>, out: &mut dyn io::Write) -> io::Result<&'f Frame> {
        if frame.is_none() {
            out.write_all(frame.insert(Frame::new()).head.as_bytes())?;
        }
        Ok(frame.get_or_insert_with(Frame::new))
    }
}

impl Report for Sarif {
    fn findings(&mut self, out: &mut dyn io::Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
        if diagnostics.is_empty() {
            return Ok(());
        }
        let frame = Frame::opened(&mut self.frame, out)?;
        for d in diagnostics {
            let pretty = serde_json::to_string_pretty(&result(d))?;
            let pretty = json_printable(&pretty);
            super::pretty_element(out, pretty.as_bytes(), &frame.indent, self.results == 0)?;
            self.results += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write, _summary: &Summary) -> io::Result<()> {
        let frame = Frame::opened(&mut self.frame, out)?;
        super::close_pretty_array(out, &frame.indent, self.results == 0)?;
        out.write_all(frame.tail.as_bytes())
    }
}

/// The document, with `results` as its results.
fn log(results: Value) -> Value {
    let rules: Vec<Value> = RULES.iter().map(|rule| rule_descriptor(rule)).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "sxsdoc",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/sxsdoc/sxsdoc",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "SRCROOT": { "description": { "text": "The directory sxsdoc was run from." } } },
            "results": results,
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn rule_descriptor(rule: &Rule) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.summary },
        "help": { "text": rule.doc, "markdown": rule.doc },
        "defaultConfiguration": { "level": level(rule.severity) },
    })
}

fn physical(location: &Location) -> Value {
    let at = location;
    json!({
        "artifactLocation": { "uri": uri_path(&location.file), "uriBaseId": "SRCROOT" },
        "region": {
            "startLine": at.start.line,
            "startColumn": at.start.column,
            "endLine": at.end.line,
            "endColumn": at.end.column.max(if at.end.line == at.start.line { at.start.column } else { 1 }),
        }
    })
}

/// `file` as a relative URI reference (RFC 3986): every byte but the
/// unreserved characters and `/` percent-encoded, so `#`, `?`, `%`, a space
/// or a `:` in a name stays part of the path and the consumer decodes the
/// file's own name.
fn uri_path(file: &str) -> String {
    let mut uri = String::with_capacity(file.len());
    for &byte in file.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    uri
}

fn result(d: &Diagnostic) -> Value {
    let rule_index = RULES
        .iter()
        .position(|rule| rule.code == d.code)
        .unwrap_or(0);
    let mut text = d.message.clone();
    for note in &d.notes {
        text.push('\n');
        text.push_str(note);
    }
    let related: Vec<Value> = d
        .related
        .iter()
        .enumerate()
        .map(|(id, r)| {
            json!({
                "id": id + 1,
                "physicalLocation": physical(&r.location),
                "message": { "text": r.message },
            })
        })
        .collect();
    json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical(&d.location) }],
        "relatedLocations": related,
        "partialFingerprints": {
            "sxsdoc/v1": format!("{}|{}|{}|{}", d.code, d.location.locale, d.location.path, d.key),
            "sxsdocPattern/v1": d.pattern_id(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_path("docs/ru-RU/a_b~1.md"), "docs/ru-RU/a_b~1.md");
        assert_eq!(
            uri_path("docs/de-DE/a b#c?d%e:f.md"),
            "docs/de-DE/a%20b%23c%3Fd%25e%3Af.md"
        );
        assert_eq!(
            uri_path("docs/ja-JP/承諾.md"),
            "docs/ja-JP/%E6%89%BF%E8%AB%BE.md"
        );
    }
}
