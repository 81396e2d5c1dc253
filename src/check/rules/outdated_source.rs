//! SXS302: a locale whose older English source states other facts.

use super::outdated_source_spans;
use super::permission_changed::{compare, Blame};
use crate::check::compare::{differences, fact_diagnostic, listing, PageFacts};
use crate::check::group::{handoff, list_locales};
use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{handoff_shown, Page};
use std::cell::OnceCell;

pub const RULE: Rule = Rule {
    code: "SXS302",
    name: "outdated-source-facts",
    severity: Severity::Warning,
    summary: "a locale was translated from an older English source whose endpoints, permissions or response code have since changed",
    doc: r#"## What it does
Compares the facts of each locale's *English source* with the newest
English source of the same page (by `ms.lasthandoff`). When an older
source states other endpoints, permissions or response code, the locale
was translated from an outdated revision of the page. Endpoints are
compared without the Graph host and version and without the names of
their placeholders (`{id}` and `{plan-id}` are the same endpoint).
Where the newest hand-off's translations of a permissions row agree
with one another and not with their own English (which SXS305 then
calls outdated), a note says so: the English quoted as newest may be
behind too.

## Fix
No automatic fix: the translation is of an older English; hand the page off again.

## Why is this bad
The translation is faithful to the English it was made from, but that
English is no longer true: readers of that locale get an API that has
changed. The fix is a new hand-off, not an edit of the translation.

## Example
es-ES (handed off 2019-01-12) lists `Calendar.Read`; the ru-RU page's
source (07/31/2019) lists `Calendars.Read`."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let Some(reference) = group.reference() else {
        return;
    };
    let (Some(newest), Some(reference_facts)) = (handoff(reference), &reference.source_facts)
    else {
        return;
    };
    let newest_pages: Vec<&Page> = group
        .pages
        .iter()
        .filter(|p| p.source_facts.is_some() && handoff(p) == Some(newest))
        .collect();
    let same_revision: Vec<&str> = newest_pages.iter().map(|p| p.locale.as_str()).collect();
    let date = handoff_shown(reference);
    // SXS305's findings in the group, made when a permissions row differs.
    let english_behind = OnceCell::new();
    let behind = || {
        english_behind.get_or_init(|| {
            let mut found = Vec::new();
            compare(
                group,
                &outdated_source_spans::RULE,
                Blame::English,
                &mut found,
            );
            found
        })
    };
    for page in group.pages {
        let Some(source) = &page.source_facts else {
            continue;
        };
        if handoff(page).is_none_or(|d| d >= newest) {
            continue;
        }
        let here = PageFacts {
            facts: source,
            labelled: true,
        };
        let there = PageFacts {
            facts: reference_facts,
            labelled: true,
        };
        for (fact, diff) in differences(here, there) {
            let message = format!(
                "{} was translated from an older English source: its {} {} where the newest source ({}, handed off {date}) has {}",
                page.locale,
                diff.subject,
                diff.here,
                list_locales(same_revision.iter().copied()),
                diff.there
            );
            let there = format!("the newest English source ({})", reference.locale);
            let mut diagnostic =
                fact_diagnostic(rule, page, reference, fact, &diff, message, there);
            if let Some((locales, translated)) = diff
                .label
                .as_deref()
                .and_then(|label| behind_here(&newest_pages, label, behind()))
            {
                diagnostic.notes.push(format!(
                    "note: this row's translations in {} list {translated}, not their English: that English may be outdated too (SXS305); check the current English page",
                    list_locales(locales),
                ));
            }
            diagnostic.notes.push(format!(
                "help: hand this page off for translation again; {} is behind, not mistranslated",
                page.locale
            ));
            out.push(diagnostic);
        }
    }
}

/// The newest pages on whose permissions row `label` SXS305 says the
/// English is outdated (`behind`: its findings in the group), and what
/// the first of their translations lists: the English this rule quotes
/// as newest may be behind too.
fn behind_here<'p>(
    newest: &[&'p Page],
    label: &str,
    behind: &[Diagnostic],
) -> Option<(Vec<&'p str>, String)> {
    let mut locales = Vec::new();
    let mut listed = None;
    for page in newest {
        let row = page.source_facts.as_ref().and_then(|source| {
            let at = source
                .permissions
                .iter()
                .position(|row| row.permission_type == label)?;
            page.facts.permissions.get(at)
        });
        let Some(row) = row else {
            continue;
        };
        let on_row = |d: &Diagnostic| {
            d.location.locale == page.locale && row.span.contains(&d.location.span.start)
        };
        if behind.iter().any(on_row) {
            locales.push(page.locale.as_str());
            listed.get_or_insert_with(|| listing(&row.scopes));
        }
    }
    Some((locales, listed?))
}
