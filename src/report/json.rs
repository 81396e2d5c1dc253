//! The JSON format: one object with `diagnostics` and `summary`.

use super::Summary;
use crate::diagnostic::{Diagnostic, Fact, Severity};
use serde::Serialize;

/// Bumped on any incompatible change of the shape below.
pub const SCHEMA_VERSION: u32 = 1;

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
    let diagnostics = diagnostics
        .iter()
        .map(|d| {
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
            }
        })
        .collect();
    let output = Output {
        version: SCHEMA_VERSION,
        diagnostics,
        summary,
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}
