//! SXS304: locales translated from different English source revisions.

use crate::check::group::{front_matter_key, handoff, list_locales, revision};
use crate::check::{related, Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::collapse_whitespace;
use crate::model::{
    handed_off_before, handoff_shown, same_english, word_diff, Alignment, Page, SegmentState,
};

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
whose revision differs from the newest one and was handed off earlier
may be behind.

A side-by-side page carries the English of each segment, so its
segments are aligned with the newest English of the group (by their
English, in order: segment ids change with every hand-off), and the
finding says how many are behind: changed, added to the English since,
or removed from it, each with its English old → new (a word diff) as a
note. A code tab the newest English added whose label is a name
(`# [C#](#tab/csharp)`) is not a segment behind: names are never
translated (SXS006) and the code under it is outside the segments; a
note lists such tabs. A page whose English is the same text as the newest is not
reported (only the file's metadata, white space or where the segments
are cut changed); one whose segments are all current is a note when
code or markup outside the segments changed. A plain translation (no source
spans) is compared by revision alone.

## Fix
No automatic fix: hand the page off for translation again (`--group-by pattern` gathers the pages of one hand-off).

## Why is this bad
Whatever changed in the English page since — new endpoints, permissions,
fixes — is missing for that locale's readers. Other rules show which
facts changed; this one shows that the page is due for a new hand-off.

## Example
es-ES `ms.openlocfilehash: c2d9dd5…`, `ms.lasthandoff: 01/12/2019`, while
ru-RU, pt-BR and ja-JP have `84fae52…` from 07/31/2019."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let newest = group.newest();
    let Some(latest) = newest.first() else {
        return;
    };
    let (Some(latest_revision), Some(_)) = (revision(latest), handoff(latest)) else {
        return;
    };
    let shown_date = handoff_shown(latest);
    let current: Vec<&str> = group
        .pages
        .iter()
        .filter(|p| revision(p) == Some(latest_revision))
        .map(|p| p.locale.as_str())
        .collect();
    for page in group.pages {
        let Some(page_revision) = revision(page) else {
            continue;
        };
        if !handed_off_before(page, latest) {
            continue;
        }
        let page_date = handoff_shown(page);
        let mut diagnostic = rule.at(
            page,
            front_matter_key(page, "ms.openlocfilehash"),
            format!(
                "{} was translated from an older English source (hash {}, handed off {page_date}) than {} (hash {}, handed off {shown_date})",
                page.locale,
                short(page_revision),
                list_locales(current.iter().copied()),
                short(latest_revision),
            ),
        );
        let reference = group
            .reference()
            .filter(|r| r.has_segments() && page.has_segments());
        if reference.is_some_and(|reference| same_english(page, reference)) {
            // Only the file's metadata, white space or where its segments
            // are cut changed: nothing a reader sees is missing.
            continue;
        }
        let alignment = reference.map(|reference| Alignment::new(page, reference));
        if let (Some(reference), Some(alignment)) = (reference, &alignment) {
            let behind = alignment.behind();
            if behind == 0 {
                diagnostic.severity = Severity::Note;
                diagnostic.message = format!(
                    "{}'s segments are all current with {}'s English; code or markup outside them changed",
                    page.locale, reference.locale
                );
            } else {
                diagnostic.message = format!(
                    "{} is {behind} of {} segments behind {}'s English ({})",
                    page.locale,
                    alignment.newest_segments,
                    reference.locale,
                    handoff_shown(reference),
                );
                diagnostic
                    .notes
                    .extend(stale_notes(page, reference, alignment));
            }
            let mut tabs: Vec<String> = Vec::new();
            for &n in &alignment.tabs_added {
                let name = reference
                    .segments
                    .get(n)
                    .and_then(|s| s.source_text(&reference.text));
                let name = format!("`{}`", name.unwrap_or_default().trim());
                // Each example's tabs name the same languages: once each.
                if !tabs.contains(&name) {
                    tabs.push(name);
                }
            }
            if !tabs.is_empty() {
                diagnostic.notes.push(format!(
                    "note: the English has new code tabs, {}: their code is outside the segments, and their names are never translated",
                    tabs.join(", ")
                ));
            }
        }
        diagnostic.related.push(related(
            latest,
            front_matter_key(latest, "ms.openlocfilehash"),
            format!("newest source revision, in {}", latest.locale),
        ));
        diagnostic.notes.push(match diagnostic.severity {
            // Every segment current: the next hand-off brings only code
            // and markup, with nothing to translate.
            Severity::Note => "help: no segment needs translating again; the page's next hand-off brings the English's new code and markup",
            _ => "help: hand the page off for translation again to pick up the English changes",
        }.to_string());
        diagnostic.key = format!("{page_revision}->{latest_revision}");
        // The pages of one hand-off are one batch to hand off again.
        diagnostic.pattern = format!(
            "handed off {page_date}{}",
            if diagnostic.severity == Severity::Note {
                ", segments current"
            } else {
                ""
            }
        );
        out.push(diagnostic);
    }
}

/// The most stale segments a finding lists; the count of the others
/// follows them.
const MAX_LISTED: usize = 10;

/// A note for each stale segment of `page` (up to [`MAX_LISTED`]): its
/// English then → now, as a word diff.
fn stale_notes(page: &Page, reference: &Page, alignment: &Alignment) -> Vec<String> {
    let english = |p: &Page, n: usize| {
        p.segments
            .get(n)
            .map(|s| collapse_whitespace(s.aligned_english(&p.text)))
            .unwrap_or_default()
    };
    let id = |p: &Page, n: usize| p.segments.get(n).map_or("", |s| s.id(&p.text)).to_string();
    let mut notes = Vec::new();
    for (n, state) in alignment.segments.iter().enumerate() {
        match *state {
            SegmentState::Current(_) => {}
            SegmentState::Changed(new) => notes.push(format!(
                "note: segment {} changed in the English: {}",
                id(page, n),
                word_diff(&english(page, n), &english(reference, new))
            )),
            SegmentState::Removed => notes.push(format!(
                "note: segment {} is no longer in the English: [-{}-]",
                id(page, n),
                english(page, n)
            )),
        }
    }
    for &new in &alignment.added {
        let added = english(reference, new);
        notes.push(match added.is_empty() {
            // Code or punctuation alone: the pipeline left its English
            // empty, and its translation is what the page lacks.
            false => format!(
                "note: the English has a new segment ({} in {}): {{+{added}+}}",
                id(reference, new),
                reference.locale,
            ),
            true => format!(
                "note: the English has a new segment ({} in {}) with no English of its own; its translation there: {}",
                id(reference, new),
                reference.locale,
                reference.segments.get(new).map_or(String::new(), |s| {
                    collapse_whitespace(s.translation_text(&reference.text))
                })
            ),
        });
    }
    let more = notes.len().saturating_sub(MAX_LISTED);
    notes.truncate(MAX_LISTED);
    if more > 0 {
        let segments = if more == 1 { "segment" } else { "segments" };
        notes.push(format!("note: and {more} more {segments} behind"));
    }
    notes
}

fn short(revision: &str) -> &str {
    revision.get(..7).unwrap_or(revision)
}
