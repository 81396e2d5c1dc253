//! SXS001: a translation whose endpoints differ from its own source.

use crate::check::{Group, Rule};
use crate::diagnostic::{Diagnostic, Fact, Severity};

pub const RULE: Rule = Rule {
    code: "SXS001",
    name: "endpoint-changed",
    severity: Severity::Error,
    summary: "the translation's HTTP endpoints differ from its own English source",
    doc: r#"## What it does
Compares the `METHOD /path` lines of the HTTP request section as the
reader sees them with the page's English source view.

## Why is this bad
An endpoint is copied into code as is. A translated path segment
(`/Education/Schulen`) or method does not exist on the service.

## Example
A request block whose lines were put in a translation span and translated:
keep request blocks in code fences, outside segments, exactly as in the source."#,
    check,
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for page in group.pages {
        let Some(source) = &page.source_facts else {
            continue;
        };
        let expected: Vec<String> = source.endpoints.iter().map(|e| e.to_string()).collect();
        for endpoint in &page.facts.endpoints {
            let shown = endpoint.to_string();
            if !expected.contains(&shown) {
                let mut diagnostic = rule.at(
                    page,
                    endpoint.span.clone(),
                    format!("translation shows endpoint `{shown}`, which its English source does not state"),
                );
                diagnostic.fact = Some(Fact::Endpoints);
                diagnostic.notes.push(format!(
                    "help: the English source states: {}",
                    expected.join(", ")
                ));
                diagnostic.key = shown;
                out.push(diagnostic);
            }
        }
    }
}
