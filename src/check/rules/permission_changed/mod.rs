//! SXS002: a translation that changes a permission scope of its source;
//! and the comparison it shares with SXS305 (outdated-source-spans),
//! which takes the findings whose English is the side behind.

use crate::check::compare::listing;
use crate::check::group::list_locales;
use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Applicability, Diagnostic, Fact, Severity};
use crate::facts::compact;
use crate::markdown::Locator;
use crate::model::{Page, View};
use crate::source::offset_in;
use std::ops::Range;

mod counterparts;
mod pairing;
mod repair;

use counterparts::Counterparts;
use pairing::{changes, describe, in_depth, message, Change};
use repair::repair;

pub const RULE: Rule = Rule {
    code: "SXS002",
    name: "permission-changed",
    severity: Severity::Error,
    summary: "the translation's permission scopes differ from its own English source",
    doc: r#"## What it does
Compares each row of the permissions table as the reader sees it with the
English source of the same row, and reports scopes that were altered
(spaces or case changed, transliterated, translated), dropped or added.
Sentences of the permissions section are compared with their English
the same way. Order does not matter. Well-formed scopes that another
locale's translation of the row (or of the same English sentence) lists
too are not the translation's doing: SXS305 (outdated-source-spans)
reports them, at the outdated English.

## Fix
Safe: each scope the translation has with spaces inserted or its letter case
changed is written as the English writes it (`Directory. Read. ALL` →
`Directory.Read.All`); a permissions cell whose English is nothing but
scopes, joined by commas, `and`, `or` or `plus`, gets the English list as
it is (`AuditLog.Read.All and Directory.Read.All`: the conjunction stays
in English, as it says which scopes are needed together). Unsafe
(`--unsafe-fixes`): a cell whose translation lists other well-formed
scopes where no other locale has a translation of the same row or
English sentence (in a check of one locale's repository, say): nothing
tells a wrong translation from one of a newer English page (SXS305).
Not fixed: a scope dropped, added, or translated in a sentence
(`Ролеманажемент.Read.Directory`).

## Why is this bad
A permission scope is an identifier a developer pastes into code or an
admin consent request. `User. ReadWrite. ALL` or `Пользователь.Read`
does not exist: the app fails to get a token, or the reader requests a
broader scope than needed.

## Example
```markdown
|<span data-ttu-id="1">Делегированные</span>…|<span data-ttu-id="2">Group. ReadWrite. ALL</span><span class="sxs-lookup"><span data-stu-id="2">Group.ReadWrite.All</span></span>|
```
Use instead: `Group.ReadWrite.All` in the translation, exactly as in the source."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    compare(group, rule, Blame::Translation, out);
}

/// Which side of a permissions row or sentence that differs from its
/// English is behind: the translation, which damaged its English's scopes
/// (SXS002), or the English, older than the translation beside it,
/// which other locales' translations share (SXS305).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Blame {
    Translation,
    English,
}

/// Reports, under `rule`, each permissions row and sentence of `group`
/// whose translation differs from its English and where `blame` lies.
pub(super) fn compare(group: &Group<'_>, rule: &Rule, blame: Blame, out: &mut Vec<Diagnostic>) {
    let counterparts = Counterparts::of(group);
    for (at, page) in group.pages.iter().enumerate() {
        let Some(source) = &page.source_facts else {
            continue;
        };
        let locator = Locator::new(&page.text, &page.segments);
        for (reader_row, source_row) in page.facts.permissions.iter().zip(&source.permissions) {
            let scopes = Scopes {
                label: &reader_row.permission_type,
                reader: &reader_row.scopes,
                reader_text: &reader_row.cell_text,
                source: &source_row.scopes,
                source_text: &source_row.cell_text,
                span: reader_row.span.clone(),
            };
            let others = counterparts.of_row(at, &reader_row.permission_type);
            if let Some(diagnostic) = report(rule, page, &locator, &scopes, &others, blame) {
                out.push(diagnostic);
            }
        }
        for (n, sentence) in counterparts.sentences(at).iter().enumerate() {
            let scopes = Scopes {
                label: "",
                reader: &sentence.reader,
                reader_text: sentence.translation,
                source: &sentence.source,
                source_text: sentence.english,
                span: sentence.segment.span.clone(),
            };
            let others = counterparts.of_sentence(at, n);
            if let Some(mut diagnostic) = report(rule, page, &locator, &scopes, &others, blame) {
                diagnostic.key = format!("{}|{}", sentence.segment.id(&page.text), diagnostic.key);
                out.push(diagnostic);
            }
        }
    }
}

/// The scopes of one place (a table row, a sentence) in both views.
pub(super) struct Scopes<'a> {
    label: &'a str,
    reader: &'a [String],
    /// What the reader sees in that place, to find a scope damaged past
    /// recognition as one (`mail. ReadWrite`).
    reader_text: &'a str,
    source: &'a [String],
    source_text: &'a str,
    /// Where the place is: a row of the table, or a sentence's whole
    /// segment (both views: the finding points into the side behind).
    span: Range<usize>,
}

fn report(
    rule: &Rule,
    page: &Page,
    locator: &Locator<'_>,
    scopes: &Scopes<'_>,
    others: &[(&str, &[String])],
    blame: Blame,
) -> Option<Diagnostic> {
    let in_depth = in_depth(scopes.reader, scopes.source);
    let mut changes = changes(scopes.reader, scopes.source, in_depth);
    if in_depth {
        // A scope the parser could not read as one may still be there,
        // with its case changed and spaces inserted: name what the reader
        // sees.
        for change in &mut changes {
            if let Change::Dropped(from) = *change {
                if let Some(to) = find_damaged(scopes.reader_text, from) {
                    *change = Change::Altered { from, to };
                }
            }
        }
        // A translation that writes a scope the English source mistyped
        // (`Directory AccessAsUser.All`) fixed the source; it is not a
        // translation defect.
        changes.retain(|change| match change {
            Change::Altered { to, .. } | Change::Added(to) => {
                !source_mistyped(scopes.source_text, to)
            }
            Change::Dropped(_) => true,
        });
    }
    if changes.is_empty() {
        return None;
    }
    let agreeing = newer_source(scopes, &changes, others);
    if agreeing.is_some() != (blame == Blame::English) {
        return None;
    }
    // The finding points at the side that is behind: the scope as the
    // translation damaged it, or as the outdated English has it.
    let view = match blame {
        Blame::Translation => View::Reader,
        Blame::English => View::Source,
    };
    let span = changes
        .iter()
        .find_map(|change| {
            let scope = match (change, blame) {
                (Change::Altered { to, .. } | Change::Added(to), Blame::Translation) => to,
                (Change::Altered { from, .. } | Change::Dropped(from), Blame::English) => from,
                _ => return None,
            };
            locator.find(scopes.span.clone(), scope, view)
        })
        // No scope to point at (the English lacks one its translation
        // adds): the cell's text on that side, not the space before it.
        .or_else(|| {
            locator
                .pieces(scopes.span.clone(), view)
                .find_map(|r| trimmed(&page.text, r))
        })
        .unwrap_or(scopes.span.clone());
    let mut diagnostic = rule.at(
        page,
        span,
        message(&changes, scopes.label, scopes.reader_text),
    );
    diagnostic.fact = Some(Fact::Permissions);
    diagnostic.key = format!(
        "{}|{}|{}",
        scopes.label,
        scopes.source.join(","),
        scopes.reader.join(",")
    );
    diagnostic.pattern = format!(
        "{}{} → {}",
        if scopes.label.is_empty() {
            String::new()
        } else {
            format!("{}: ", scopes.label)
        },
        scopes.source.join(", "),
        scopes.reader_text.trim()
    );
    if let Some(agreeing) = agreeing {
        // Well-formed scopes that other translations list too: the English
        // beside this translation is older than the translation itself.
        let agree = match agreeing.len() {
            1 => format!("the {} translation does", agreeing[0]),
            _ => format!("the {} translations do", list_locales(agreeing)),
        };
        diagnostic.message = format!(
            "the English source lists {} where its translation lists {}, as {agree}: the English text is probably outdated",
            listing(scopes.source),
            listing(scopes.reader),
        );
        diagnostic.notes.push(
            "help: bring the English source spans up to date with the current English page; the translation is likely right"
                .to_string(),
        );
        return Some(diagnostic);
    }
    diagnostic.fix = repair(page, locator, scopes, &changes);
    diagnostic.notes = changes
        .iter()
        .skip(1)
        .map(|change| format!("note: it also {}", describe(change, scopes.reader_text)))
        .collect();
    if others.is_empty() && changes.iter().any(is_other_scope) {
        // No other translation of this English says whether it is the
        // translation or the English that is behind (SXS305); a fix of
        // the damaged scopes beside it would put the English's back too.
        if let Some(fix) = diagnostic.fix.as_mut() {
            fix.applicability = Applicability::Unsafe;
        }
        diagnostic.notes.push(
            "note: no other locale translates this English, so it cannot be told whether the translation follows a newer English page (SXS305); check the current English page before changing it".to_string(),
        );
    }
    diagnostic.notes.push(format!(
        "help: the English source says: {}",
        listing(scopes.source)
    ));
    Some(diagnostic)
}

/// `range` of `text` without the white space at its ends; `None` when
/// that leaves nothing.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let piece = text.get(range)?.trim();
    (!piece.is_empty()).then(|| offset_in(text, piece))
}

/// The locales whose translation lists exactly these well-formed scopes,
/// when this translation's changes are all of that kind.
fn newer_source<'o>(
    scopes: &Scopes<'_>,
    changes: &[Change<'_>],
    others: &[(&'o str, &[String])],
) -> Option<Vec<&'o str>> {
    if !well_formed(scopes, changes) {
        return None;
    }
    let mut mine: Vec<&String> = scopes.reader.iter().collect();
    mine.sort();
    let agreeing: Vec<&str> = others
        .iter()
        .filter(|(_, theirs)| {
            let mut theirs: Vec<&String> = theirs.iter().collect();
            theirs.sort();
            theirs == mine
        })
        .map(|(locale, _)| *locale)
        .collect();
    (!agreeing.is_empty()).then_some(agreeing)
}

/// Whether the translation lists scopes and each change is another
/// scope or one dropped: what a translation of a newer English does.
fn well_formed(scopes: &Scopes<'_>, changes: &[Change<'_>]) -> bool {
    let newer =
        |change: &Change<'_>| matches!(change, Change::Dropped(_)) || is_other_scope(change);
    !scopes.reader.is_empty() && changes.iter().all(newer)
}

/// A change to another well-formed scope (`Group.Read.All` to
/// `Organization.Read.All`), not to a damaged form of the same one
/// (`User.ReadWrite.ALL`), nor a dropped scope.
fn is_other_scope(change: &Change<'_>) -> bool {
    match *change {
        Change::Altered { from, to } => is_canonical(to) && !compact(to).eq_ignore_ascii_case(from),
        Change::Added(to) => is_canonical(to),
        Change::Dropped(_) => false,
    }
}

/// A scope as Microsoft Graph writes them: ASCII, no spaces, each part
/// capitalised (`User.ReadWrite.All`).
fn is_canonical(scope: &str) -> bool {
    scope.is_ascii()
        && !scope.contains(char::is_whitespace)
        && scope
            .split('.')
            .all(|part| part.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// The English cell holds `scope` split by a space where a dot or nothing
/// belongs (`Directory AccessAsUser.All`), so the translation's
/// well-formed scope is a fix. Only a run of whole words counts.
fn source_mistyped(source_cell: &str, scope: &str) -> bool {
    if scope.contains(char::is_whitespace) {
        return false;
    }
    let words: Vec<&str> = source_cell
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '、'))
        .filter(|w| !w.is_empty())
        .collect();
    (2..=4).any(|len| {
        words
            .windows(len)
            .any(|run| run.concat() == scope || run.join(".") == scope)
    })
}

/// `scope` in `text` with any case and spaces inserted anywhere in it.
pub(super) fn find_damaged<'t>(text: &'t str, scope: &str) -> Option<&'t str> {
    let wanted: Vec<u8> = scope.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let first = *wanted.first()?;
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&start| bytes[start].to_ascii_lowercase() == first)
        .find_map(|start| {
            let mut at = start;
            for &want in &wanted {
                while bytes.get(at).is_some_and(|b| *b == b' ') {
                    at += 1;
                }
                if bytes.get(at)?.to_ascii_lowercase() != want {
                    return None;
                }
                at += 1;
            }
            let before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
            let after = bytes.get(at).is_none_or(|b| !b.is_ascii_alphanumeric());
            (before && after).then(|| &text[start..at])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_scopes_damaged_past_parsing() {
        assert_eq!(
            find_damaged("сообщениях: mail. ReadWrite.", "Mail.ReadWrite"),
            Some("mail. ReadWrite")
        );
        assert_eq!(find_damaged("Mail.ReadWriteAll", "Mail.ReadWrite"), None);
        assert_eq!(find_damaged("グループ読み取り。", "Group.Read.All"), None);
    }

    #[test]
    fn sources_with_a_broken_scope_are_told_apart() {
        assert!(source_mistyped(
            "Directory AccessAsUser.All",
            "Directory.AccessAsUser.All"
        ));
        assert!(source_mistyped(
            "DeviceManagementManaged Devices.ReadWrite.All",
            "DeviceManagementManagedDevices.ReadWrite.All"
        ));
        assert!(!source_mistyped(
            "User.ReadWrite.All",
            "User. ReadWrite. All"
        ));
    }

    #[test]
    fn a_piece_is_trimmed_to_its_text() {
        let text = "| <span>Группа</span> |";
        assert_eq!(trimmed(text, 1..28), Some(2..27));
        assert_eq!(trimmed(text, 0..1), Some(0..1));
        // Blank, past the end, or not on a character's boundary: nothing.
        assert_eq!(trimmed(text, 1..2), None);
        assert_eq!(trimmed(text, 1..100), None);
        assert_eq!(trimmed(text, 1..9), None);
    }
}
