//! SXS303: a page whose example targets another API version than its group.

use crate::check::group::list_locales;
use crate::check::{related, Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{handed_off_before, is_api_version, path_version, Page};

pub const RULE: Rule = Rule {
    code: "SXS303",
    name: "api-version-mismatch",
    severity: Severity::Error,
    summary: "the example request targets another API version (beta, v1.0) than the page's folder or its other locales",
    doc: r#"## What it does
Reads the API version of each page from its example request URL
(`https://graph.microsoft.com/beta/...`) and compares it with the other
locales of the page: a page whose version differs from most of its
locales (ties go to the version folder in the path, `api-reference/v1.0/`)
is reported.

## Fix
No automatic fix: which API version the page documents is the writer's to say.
When the locale's own English source calls the same version and is older
than the newest locale's, the English changed since the hand-off: the help
says to hand the page off again (SXS304 says how far behind it is).

## Why is this bad
A beta page published as v1.0 documents behaviour and permissions that
differ from the stable API, with the beta warning translated as if it
applied; readers build against an API that may change or vanish.

## Example
`docs/de-DE/api-reference/v1.0/api/x.md` whose request is
`POST https://graph.microsoft.com/beta/...`: replace it with the v1.0
page of the same name."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let versions: Vec<(&Page, &str)> = group
        .pages
        .iter()
        .filter_map(|page| Some((page, page.facts.api_version.as_ref()?.value.as_str())))
        .collect();
    let from_path = path_version(group.path);
    let Some(expected) = group.shared.api_version.as_deref() else {
        return;
    };
    for (page, version) in &versions {
        if *version == expected {
            continue;
        }
        let Some(found) = &page.facts.api_version else {
            continue;
        };
        let agreeing: Vec<&str> = versions
            .iter()
            .filter(|(_, v)| *v == expected)
            .map(|(p, _)| p.locale.as_str())
            .collect();
        let mut message = if is_api_version(version) {
            format!(
                "example request uses API version `{version}` but {} use `{expected}`",
                list_locales(agreeing.iter().copied())
            )
        } else {
            format!(
                "example request URL has no API version (it goes on with `{version}`) but {} use `{expected}`",
                list_locales(agreeing.iter().copied())
            )
        };
        if from_path == Some(expected) {
            message.push_str(&format!(", as the page's `{expected}` folder says"));
        }
        let mut diagnostic = rule.at(page, found.span.clone(), message);
        if let Some((other, _)) = versions.iter().find(|(_, v)| *v == expected) {
            if let Some(other_version) = &other.facts.api_version {
                diagnostic.related.push(related(
                    other,
                    other_version.span.clone(),
                    format!("`{expected}` in {}", other.locale),
                ));
            }
        }
        // The English this locale was translated from calls it too: that
        // English is older than the other locales' (SXS304 says how).
        let from_its_english = page
            .source_facts
            .as_ref()
            .and_then(|facts| facts.api_version.as_ref())
            .is_some_and(|english| english.value == *version);
        let newest = group.newest();
        let older = newest
            .first()
            .filter(|newest| handed_off_before(page, newest));
        diagnostic.notes.push(if let (true, Some(newest)) = (from_its_english, older) {
            format!(
                "help: its English source calls `{version}` too, and is older than {}'s: hand the page off for translation again",
                newest.locale
            )
        } else if is_api_version(version) {
            format!("help: make the example call `{expected}` as the other locales do; if this locale carries the {version} page by mistake, replace it with the {expected} page")
        } else {
            format!("help: put `{expected}/` after `graph.microsoft.com/`, as the other locales do")
        });
        diagnostic.key = format!("{version}->{expected}");
        diagnostic.pattern = format!("{version} → {expected}");
        out.push(diagnostic);
    }
}
