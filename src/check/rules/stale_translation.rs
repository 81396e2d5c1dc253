//! SXS304: locales translated from different English source revisions.

use crate::check::group::{front_matter_key, handoff, list_locales, revision};
use crate::check::{related, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Page;

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
behind. When its English text is the same as the newest locale's,
segment by segment (only the file's metadata changed), the finding is a
note.

## Fix
No automatic fix: hand the page off for translation again (`--group-by pattern` gathers the pages of one hand-off).

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
                "{} was translated from an older English source (hash {}, handed off {page_date}) than {} (hash {}, handed off {shown_date})",
                page.locale,
                short(page_revision),
                list_locales(current.iter().copied()),
                short(latest_revision),
            ),
        );
        if same_english(page, latest) {
            // The English file changed only in its metadata (a
            // `doc_type` added, say): nothing for readers is missing.
            diagnostic.severity = Severity::Note;
            diagnostic.notes.push(format!(
                "note: its English is the same as {}'s (every segment's source, code and markup): only the file's metadata changed",
                latest.locale
            ));
        }
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
        // The pages of one hand-off are one batch to hand off again.
        diagnostic.pattern = format!(
            "handed off {page_date}{}",
            if diagnostic.severity == Severity::Note {
                ", metadata only"
            } else {
                ""
            }
        );
        out.push(diagnostic);
    }
}

/// Whether two side-by-side pages carry the same English: their bodies
/// with each segment (whose ids change with every hand-off) replaced by
/// its English source text; code, tables and markup are compared too.
fn same_english(page: &Page, other: &Page) -> bool {
    /// The page's English, a piece at a time (compared as one stream of
    /// bytes: nothing is copied).
    fn english(page: &Page) -> impl Iterator<Item = u8> + '_ {
        let text = page.text.as_str();
        let mut at = page.body_start;
        let pieces = page.segments.iter().flat_map(move |segment| {
            let before = text.get(at..segment.span.start).unwrap_or("");
            at = segment.span.end.max(at);
            [before, segment.source_text(text).unwrap_or(""), "\u{1f}"]
        });
        let last = page.segments.last().map_or(page.body_start, |s| s.span.end);
        pieces
            .chain(std::iter::once(text.get(last..).unwrap_or("")))
            .flat_map(str::bytes)
    }
    page.has_segments() && other.has_segments() && english(page).eq(english(other))
}

fn short(revision: &str) -> &str {
    revision.get(..7).unwrap_or(revision)
}
