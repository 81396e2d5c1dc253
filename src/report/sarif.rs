//! SARIF 2.1.0, as GitHub code scanning accepts it.

use super::{Report, Summary};
use crate::check::{Rule, RULES};
use crate::diagnostic::{Diagnostic, Location, Severity};
use serde_json::{json, Value};
use std::io;

pub fn render(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    super::render_all(&mut Sarif::default(), diagnostics, summary)
}

/// The report (see [`Report`]): one JSON document whose results sit in
/// the middle of its keys, so they are kept, as values, until the end.
#[derive(Default)]
pub struct Sarif {
    results: Vec<Value>,
}

impl Report for Sarif {
    fn findings(&mut self, _out: &mut dyn io::Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
        self.results.extend(diagnostics.iter().map(result));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write, _summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = RULES.iter().map(|rule| rule_descriptor(rule)).collect();
        let log = json!({
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
                "results": std::mem::take(&mut self.results),
            }]
        });
        serde_json::to_writer_pretty(&mut *out, &log)?;
        out.write_all(b"\n")
    }
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
        "artifactLocation": { "uri": location.file, "uriBaseId": "SRCROOT" },
        "region": {
            "startLine": at.start.line,
            "startColumn": at.start.column,
            "endLine": at.end.line,
            "endColumn": at.end.column.max(if at.end.line == at.start.line { at.start.column } else { 1 }),
        }
    })
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
        },
    })
}
