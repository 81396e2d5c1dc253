//! SXS302: a locale whose older English source states other facts.

use crate::check::compare::{differences, fact_diagnostic, listing, scope_set, PageFacts};
use crate::check::group::{handoff, list_locales};
use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Page;

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
es-ES (handed off 01/12/2019) lists `Calendar.Read`; the ru-RU page's
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
    let date = reference
        .front_matter
        .as_ref()
        .and_then(|fm| fm.last_handoff.clone())
        .unwrap_or_default();
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
            if let Some(translated) = diff
                .label
                .as_deref()
                .and_then(|label| translated_otherwise(&newest_pages, label))
            {
                diagnostic.notes.push(format!(
                    "note: this row's translations in {} list {translated}, not their English: that English may be outdated too (SXS305); check the current English page",
                    list_locales(same_revision.iter().copied()),
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

/// What the newest hand-off's translations of the permissions row
/// `label` list, when two or more of them agree with one another and not
/// with their own English, the same English (SXS305's outdated English):
/// the English this rule quotes as newest may be behind too.
fn translated_otherwise<'p>(newest: &[&'p Page], label: &str) -> Option<String> {
    let row = |page: &'p Page| {
        let source = page.source_facts.as_ref()?;
        let at = source
            .permissions
            .iter()
            .position(|row| row.permission_type == label)?;
        let reader = page.facts.permissions.get(at)?;
        Some((
            reader,
            scope_set(reader),
            scope_set(&source.permissions[at]),
        ))
    };
    let rows: Vec<_> = newest.iter().copied().filter_map(row).collect();
    let (first, reader, english) = rows.first()?;
    let agree = rows.iter().all(|(_, r, e)| r == reader && e == english);
    (rows.len() >= 2 && agree && reader != english).then(|| listing(&first.scopes))
}
