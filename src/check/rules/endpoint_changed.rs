//! SXS001: a translation whose endpoints differ from its own source.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Fact, Severity};

pub const RULE: Rule = Rule {
    code: "SXS001",
    name: "endpoint-changed",
    severity: Severity::Error,
    summary: "the translation's HTTP endpoints differ from its own English source",
    doc: r#"## What it does
Compares the `METHOD /path` lines of the HTTP request section as the
reader sees them with the page's English source view: those of its code
blocks, and requests written in prose before them. A sentence after the
request's code block only talks about a request (`Calling GET
/directory/deletedItems without a type is not supported`): it is not one.

## Fix
No automatic fix yet: copy the endpoint from the English source beside it.

## Why is this bad
An endpoint is copied into code as is. A translated path segment
(`/Education/Schulen`) or method does not exist on the service.

## Example
A request block whose lines were put in a translation span and translated:
keep request blocks in code fences, outside segments, exactly as in the source."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for page in group.pages {
        let Some(source) = &page.source_facts else {
            continue;
        };
        let expected: Vec<String> = source.endpoints.iter().map(|e| e.to_string()).collect();
        for endpoint in &page.facts.endpoints {
            let shown = endpoint.to_string();
            if expected.contains(&shown) {
                continue;
            }
            let segment = page
                .segments
                .iter()
                .find(|s| s.translation.contains(&endpoint.span.start));
            let written =
                segment.map_or(shown.clone(), |s| excerpt(s.translation_text(&page.text)));
            // The source endpoints of the same segment, when it has any.
            let counterpart: Vec<String> = segment
                .and_then(|s| s.source.clone())
                .map(|range| {
                    source
                        .endpoints
                        .iter()
                        .filter(|e| range.contains(&e.span.start))
                        .map(|e| e.to_string())
                        .collect()
                })
                .unwrap_or_default();
            let english = if counterpart.is_empty() {
                &expected
            } else {
                &counterpart
            };
            let mut diagnostic = rule.at(
                page,
                endpoint.span.clone(),
                format!("translation writes the request as \"{written}\", which its English source does not state"),
            );
            diagnostic.fact = Some(Fact::Endpoints);
            if let Some(source_text) = segment.and_then(|s| s.source_text(&page.text)) {
                if source_text.contains("```") || source_text.contains("\\`\\`\\`") {
                    diagnostic.notes.push(
                        "note: the request's code block was put inside a translated segment, so it was translated and no longer renders as code".to_string(),
                    );
                }
            }
            diagnostic.notes.push(format!(
                "help: the English source states: {}",
                english
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            diagnostic.key = shown;
            out.push(diagnostic);
        }
    }
}

/// A translation's text on one line, shortened for a message.
fn excerpt(text: &str) -> String {
    // Without HTML comments (a docs annotation, `<!-- { "blockType": … } -->`):
    // the reader sees none.
    let mut shown = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        shown.push_str(&rest[..open]);
        rest = rest[open..]
            .find("-->")
            .map_or("", |close| &rest[open + close + 3..]);
    }
    shown.push_str(rest);
    let line: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn the_request_is_quoted_as_a_reader_sees_it() {
        assert_eq!(
            excerpt("<!-- { \"blockType\": \"ignored\" } -->'''http GET/Education/Schulen"),
            "'''http GET/Education/Schulen"
        );
        assert_eq!(excerpt("GET <!-- a --> /x <!-- b"), "GET /x");
        assert_eq!(excerpt("GET\n  /users"), "GET /users");
    }
}
