//! SXS304: locales translated from different English source revisions.

use crate::check::group::{front_matter_key, handoff, list_locales, revision};
use crate::check::{related, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "SXS304",
    name: "stale-translation",
    severity: Severity::Warning,
    summary:
        "a locale was translated from an older revision of the English source than other locales",
    doc: r#"## What it does
Compares the English source revision each locale was translated from
(`ms.openlocfilehash`, the hash of the English file; else
`ms.sourcegitcommit`) and its hand-off date (`ms.lasthandoff`). A locale
whose revision differs from the newest one and was handed off earlier is
behind.

## Why is this bad
Whatever changed in the English page since — new endpoints, permissions,
fixes — is missing for that locale's readers. Other rules show which
facts changed; this one shows that the page is due for a new hand-off.

## Example
es-ES `ms.openlocfilehash: c2d9dd5…`, `ms.lasthandoff: 01/12/2019`, while
ru-RU, pt-BR and ja-JP have `84fae52…` from 07/31/2019."#,
    check,
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let newest = group.newest();
    let Some(latest) = newest.first() else {
        return;
    };
    let (Some(latest_revision), Some(latest_date)) = (revision(latest), handoff(latest)) else {
        return;
    };
    let shown_date = latest
        .front_matter
        .as_ref()
        .and_then(|fm| fm.last_handoff.clone())
        .unwrap_or_default();
    let current: Vec<&str> = group
        .pages
        .iter()
        .filter(|p| revision(p) == Some(latest_revision))
        .map(|p| p.locale.as_str())
        .collect();
    for page in group.pages {
        let (Some(page_revision), Some(date)) = (revision(page), handoff(page)) else {
            continue;
        };
        if page_revision == latest_revision || date >= latest_date {
            continue;
        }
        let page_date = page
            .front_matter
            .as_ref()
            .and_then(|fm| fm.last_handoff.clone())
            .unwrap_or_default();
        let mut diagnostic = rule.at(
            page,
            front_matter_key(page, "ms.openlocfilehash"),
            format!(
                "{} was translated from an older English source ({}, handed off {page_date}) than {} ({}, handed off {shown_date})",
                page.locale,
                short(page_revision),
                list_locales(current.iter().copied()),
                short(latest_revision),
            ),
        );
        diagnostic.related.push(related(
            latest,
            front_matter_key(latest, "ms.openlocfilehash"),
            format!("newest source revision, in {}", latest.locale),
        ));
        diagnostic.notes.push(
            "help: hand the page off for translation again to pick up the English changes"
                .to_string(),
        );
        diagnostic.key = format!("{page_revision}->{latest_revision}");
        out.push(diagnostic);
    }
}

fn short(revision: &str) -> &str {
    revision.get(..7).unwrap_or(revision)
}
