//! SXS402: a page with no side-by-side English source.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{FileKind, Page};

pub const RULE: Rule = Rule {
    code: "SXS402",
    name: "no-source-spans",
    severity: Severity::Note,
    summary: "a page without side-by-side spans: it cannot be checked against its own source",
    doc: r#"## What it does
Notes pages that carry no `sxs-lookup` source spans: plain translations.

## Fix
No automatic fix: there is no English in the page to check or repair against.

## Why is this bad
It is not wrong, but such a page cannot be checked against its own
English source; sxsdoc compares its facts with the other locales'
English sources instead, and readers get no English source to consult.

## Example
A pt-BR page written as plain Portuguese Markdown, no `<span>` pairs."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    // A fragment (code snippets, a note) may well have nothing to translate.
    for page in group
        .pages
        .iter()
        .filter(|page| page.kind == FileKind::Page)
    {
        if page.segments.is_empty() && has_prose(page) {
            let mut diagnostic = rule.at(
                page,
                page.body_start..page.body_start,
                "page has no side-by-side source spans; its facts are checked against the other locales only"
                    .to_string(),
            );
            diagnostic.key = "no-source-spans".to_string();
            out.push(diagnostic);
        }
    }
}

/// Whether a page is prose a translator hands off: not a redirect, not a
/// landing page laid out from HTML cards (`layout: LandingPage`), not a
/// stub with no body.
fn has_prose(page: &Page) -> bool {
    let body = page.text.get(page.body_start..).unwrap_or("");
    !page.declares("redirect_url")
        && !page.declares("layout")
        && body.chars().any(char::is_alphabetic)
}
