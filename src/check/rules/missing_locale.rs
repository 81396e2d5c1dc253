//! SXS401: a page that some locales do not have.

use crate::check::group::list_locales;
use crate::check::{Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::FileKind;

pub const RULE: Rule = Rule {
    code: "SXS401",
    name: "missing-locale",
    severity: Severity::Warning,
    summary: "a page exists in some locales of the docs tree but not in others",
    doc: r#"## What it does
Lists, for every page, the locales of the docs tree that lack it. The
finding is reported on the page of the newest locale that has it.

## Fix
No automatic fix: translate the page for the locales that lack it.

## Why is this bad
Readers of the missing locales follow links into a 404, or the site falls
back to another language without saying so.

## Example
`api/site-get.md` exists in ru-RU, pt-BR and ja-JP but not in de-DE and
es-ES."#,
    check,
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    // An include file is in the locales whose pages include it; that is
    // for the pages to say.
    if group.pages.iter().all(|page| page.kind != FileKind::Page) {
        return;
    }
    let missing: Vec<&str> = group
        .all_locales
        .iter()
        .map(String::as_str)
        .filter(|locale| !group.pages.iter().any(|p| p.locale == *locale))
        .collect();
    if missing.is_empty() {
        return;
    }
    let Some(page) = group.newest().into_iter().next() else {
        return;
    };
    let present: Vec<&str> = group.pages.iter().map(|p| p.locale.as_str()).collect();
    let mut diagnostic = rule.at(
        page,
        page.body_start..page.body_start,
        format!(
            "page is missing in {} (it exists in {})",
            list_locales(missing.iter().copied()),
            list_locales(present.iter().copied())
        ),
    );
    diagnostic.key = missing.join(",");
    out.push(diagnostic);
}
