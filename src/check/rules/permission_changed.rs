//! SXS002: a translation that changes a permission scope of its source.

use crate::check::compare::listing;
use crate::check::group::list_locales;
use crate::check::{Group, Rule};
use crate::diagnostic::{Diagnostic, Fact, Severity};
use crate::facts::{compact, find_section, parse_scopes, PERMISSIONS};
use crate::markdown::Locator;
use crate::model::{Block, Page, View};
use std::collections::{HashMap, VecDeque};
use std::ops::Range;

pub const RULE: Rule = Rule {
    code: "SXS002",
    name: "permission-changed",
    severity: Severity::Error,
    summary: "the translation's permission scopes differ from its own English source",
    doc: r#"## What it does
Compares each row of the permissions table as the reader sees it with the
English source of the same row, and reports scopes that were altered
(spaces or case changed, transliterated, translated), dropped or added.
Order does not matter.

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
    check,
};

/// One difference between a source row and its translation.
#[derive(Debug, PartialEq, Eq)]
enum Change<'a> {
    Altered { from: &'a str, to: &'a str },
    Dropped(&'a str),
    Added(&'a str),
}

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let readers = Readers::of(group);
    for page in group.pages {
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
            let others = readers.others(page, &reader_row.permission_type);
            if let Some(diagnostic) = report(rule, page, &locator, &scopes, &others) {
                out.push(diagnostic);
            }
        }
        prose(rule, page, &locator, out);
    }
}

/// The scopes of one place (a table row, a sentence) in both views.
struct Scopes<'a> {
    label: &'a str,
    reader: &'a [String],
    /// What the reader sees in that place, to find a scope damaged past
    /// recognition as one (`mail. ReadWrite`).
    reader_text: &'a str,
    source: &'a [String],
    source_text: &'a str,
    span: Range<usize>,
}

/// Permissions given in sentences or lists rather than a table: each
/// segment of the section is compared with its own source.
fn prose(rule: &Rule, page: &Page, locator: &Locator<'_>, out: &mut Vec<Diagnostic>) {
    let Some(section) = find_section(&page.outline, &PERMISSIONS) else {
        return;
    };
    for block in section {
        let Block::Paragraph(paragraph) = block else {
            continue;
        };
        let first = page
            .segments
            .partition_point(|s| s.span.end <= paragraph.span.start);
        let inside = page.segments[first..]
            .iter()
            .take_while(|s| s.span.start < paragraph.span.end);
        for segment in inside {
            let Some(source_text) = segment.source_text(&page.text) else {
                continue;
            };
            let translation = segment.translation_text(&page.text);
            // Only a sentence with a dotted word can hold a scope.
            if !has_dotted_word(source_text) && !has_dotted_word(translation) {
                continue;
            }
            let reader = parse_scopes(translation);
            let source = parse_scopes(source_text);
            let scopes = Scopes {
                label: "",
                reader: &reader,
                reader_text: translation,
                source: &source,
                source_text,
                span: segment.translation.clone(),
            };
            if let Some(mut diagnostic) = report(rule, page, locator, &scopes, &[]) {
                diagnostic.key = format!("{}|{}", segment.id(&page.text), diagnostic.key);
                out.push(diagnostic);
            }
        }
    }
}

/// Whether `text` has a letter, a dot and a letter in a row (`Mail.Send`).
fn has_dotted_word(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'.', bytes).any(|at| {
        at > 0
            && bytes[at - 1].is_ascii_alphanumeric()
            && bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic)
    })
}

/// The rows of every translation with segments, as its readers see them,
/// by label: made once a group, so a row finds its label in the other
/// locales without reading their tables again.
struct Readers<'g> {
    pages: Vec<(&'g str, HashMap<&'g str, &'g [String]>)>,
}

impl<'g> Readers<'g> {
    fn of(group: &'g Group<'_>) -> Readers<'g> {
        let pages = group
            .pages
            .iter()
            .filter(|page| page.has_segments())
            .map(|page| {
                let mut rows = HashMap::new();
                for row in &page.facts.permissions {
                    rows.entry(row.permission_type.as_str())
                        .or_insert(row.scopes.as_slice());
                }
                (page.locale.as_str(), rows)
            })
            .collect();
        Readers { pages }
    }

    /// Other locales' translations of the row labelled `label`.
    fn others(&self, page: &Page, label: &str) -> Vec<(&'g str, &'g [String])> {
        self.pages
            .iter()
            .filter(|(locale, _)| *locale != page.locale)
            .filter_map(|(locale, rows)| Some((*locale, *rows.get(label)?)))
            .collect()
    }
}

fn report(
    rule: &Rule,
    page: &Page,
    locator: &Locator<'_>,
    scopes: &Scopes<'_>,
    others: &[(&str, &[String])],
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
    let span = changes
        .iter()
        .find_map(|change| match change {
            Change::Altered { to, .. } | Change::Added(to) => {
                locator.find(scopes.span.clone(), to, View::Reader)
            }
            Change::Dropped(_) => None,
        })
        .or_else(|| {
            locator
                .pieces(scopes.span.clone(), View::Reader)
                .find(|r| r.start < r.end)
        })
        .unwrap_or(scopes.span.clone());
    let mut diagnostic = rule.at(page, span, message(&changes, scopes.label));
    diagnostic.fact = Some(Fact::Permissions);
    diagnostic.key = format!(
        "{}|{}|{}",
        scopes.label,
        scopes.source.join(","),
        scopes.reader.join(",")
    );
    if let Some(agreeing) = newer_source(scopes, &changes, others) {
        // Well-formed scopes that other translations list too: the English
        // beside this translation is older than the translation itself.
        diagnostic.severity = Severity::Warning;
        let others = if agreeing.len() == 1 {
            format!("the {} translation lists", agreeing[0])
        } else {
            format!("the {} translations list", list_locales(agreeing))
        };
        diagnostic.message = format!(
            "translation lists {} where the English source beside it lists {}; {others} the same, so the English text is probably outdated",
            listing(scopes.reader),
            listing(scopes.source),
        );
        diagnostic.notes.push(
            "help: bring the English source spans up to date with the current English page; the translation is likely right"
                .to_string(),
        );
        return Some(diagnostic);
    }
    diagnostic.notes = changes
        .iter()
        .skip(1)
        .map(|change| format!("note: it also {}", describe(change)))
        .collect();
    diagnostic.notes.push(format!(
        "help: the English source says: {}",
        listing(scopes.source)
    ));
    Some(diagnostic)
}

/// The locales whose translation lists exactly these well-formed scopes,
/// when this translation's changes are all of that kind.
fn newer_source<'o>(
    scopes: &Scopes<'_>,
    changes: &[Change<'_>],
    others: &[(&'o str, &[String])],
) -> Option<Vec<&'o str>> {
    let well_formed = changes.iter().all(|change| match change {
        Change::Altered { to, .. } | Change::Added(to) => is_canonical(to),
        Change::Dropped(_) => true,
    });
    if !well_formed || scopes.reader.is_empty() {
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

fn message(changes: &[Change<'_>], label: &str) -> String {
    let first = describe(&changes[0]);
    let place = if label.is_empty() {
        "the permissions text".to_string()
    } else {
        format!("the `{label}` permissions")
    };
    if changes.len() == 1 {
        format!("translation {first} in {place}")
    } else {
        format!(
            "translation changes {} permission scopes in {place}: it {first}",
            changes.len()
        )
    }
}

fn describe(change: &Change<'_>) -> String {
    match change {
        Change::Altered { from, to } => {
            format!("changes `{from}` to `{to}` ({})", damage(from, to))
        }
        Change::Dropped(from) => format!("drops `{from}`"),
        Change::Added(to) => format!("adds `{to}`, which the English source does not list"),
    }
}

/// What machine translation did to a scope, in words a translator knows.
fn damage(from: &str, to: &str) -> &'static str {
    let compacted = compact(to);
    if !to.is_ascii() {
        "translated or transliterated"
    } else if compacted == from {
        "spaces inserted"
    } else if compacted.eq_ignore_ascii_case(from) {
        if compacted.len() == to.len() {
            "letter case changed"
        } else {
            "spaces inserted and letter case changed"
        }
    } else {
        "a different scope"
    }
}

/// `scope` in `text` with any case and spaces inserted anywhere in it.
fn find_damaged<'t>(text: &'t str, scope: &str) -> Option<&'t str> {
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

/// How alike two scopes are: the parts they share, ignoring case and
/// spaces; a non-ASCII scope with as many parts counts as alike.
fn likeness(from: &str, to: &str) -> usize {
    let parts =
        |scope: &str| -> Vec<String> { compact(scope).split('.').map(str::to_lowercase).collect() };
    let (a, b) = (parts(from), parts(to));
    let shared = a.iter().filter(|part| b.contains(part)).count();
    if shared == 0 && !to.is_ascii() && a.len() == b.len() {
        1
    } else {
        shared
    }
}

/// Scopes in a place (a table cell, a sentence) beyond which its scopes
/// are compared as lists only: pairing a changed scope with what became
/// of it, and looking for it in the reader's text, compare each scope
/// with every other or with the whole text. The Graph reference lists at
/// most 9 scopes in a cell.
const COMPARED_IN_DEPTH: usize = 64;

/// Whether a place's scopes are few enough to compare in depth.
fn in_depth(reader: &[String], source: &[String]) -> bool {
    reader.len().max(source.len()) <= COMPARED_IN_DEPTH
}

/// Pairs each source scope with what the translation made of it: the
/// same scope, the same one with spaces or case changed, or (`in_depth`)
/// the most alike; the rest was dropped or added.
fn changes<'a>(reader: &'a [String], source: &'a [String], in_depth: bool) -> Vec<Change<'a>> {
    // Most translations keep the scopes as they are.
    if reader == source {
        return Vec::new();
    }
    let normal = |scope: &str| compact(scope).to_lowercase();
    let mut free = Free::new(reader.len());
    let mut same: HashMap<&str, VecDeque<usize>> = HashMap::new();
    let mut alike: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (at, scope) in reader.iter().enumerate() {
        same.entry(scope).or_default().push_back(at);
        alike.entry(normal(scope)).or_default().push_back(at);
    }
    let mut unmatched: Vec<&str> = Vec::new();
    let mut changes = Vec::new();
    for from in source {
        if free.first(same.get_mut(from.as_str())).is_some() {
            continue;
        }
        match free.first(alike.get_mut(&normal(from))) {
            Some(at) => changes.push(Change::Altered {
                from,
                to: &reader[at],
            }),
            None => unmatched.push(from),
        }
    }
    // What is left pairs by likeness (shared parts, or a transliteration
    // with as many parts); the rest was dropped or added.
    for from in unmatched {
        let best = in_depth
            .then(|| {
                free.left()
                    .map(|at| (likeness(from, &reader[at]), at))
                    .filter(|(score, _)| *score > 0)
                    .max_by_key(|(score, at)| (*score, std::cmp::Reverse(*at)))
            })
            .flatten();
        match best {
            Some((_, at)) => {
                free.take(at);
                changes.push(Change::Altered {
                    from,
                    to: &reader[at],
                });
            }
            None => changes.push(Change::Dropped(from)),
        }
    }
    changes.extend(free.left().map(|at| Change::Added(&reader[at])));
    changes
}

/// The reader's scopes not yet paired with a source scope.
struct Free {
    taken: Vec<bool>,
}

impl Free {
    fn new(count: usize) -> Free {
        Free {
            taken: vec![false; count],
        }
    }

    /// Takes the first free scope of `queue` (scopes in page order),
    /// dropping the taken ones it passes.
    fn first(&mut self, queue: Option<&mut VecDeque<usize>>) -> Option<usize> {
        let queue = queue?;
        while let Some(at) = queue.pop_front() {
            if !self.taken[at] {
                self.taken[at] = true;
                return Some(at);
            }
        }
        None
    }

    fn take(&mut self, at: usize) {
        self.taken[at] = true;
    }

    /// The free scopes, in page order.
    fn left(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.taken.len()).filter(|&at| !self.taken[at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn classifies_changes() {
        let source = strings(&["User.ReadWrite.All", "Group.Read.All", "Mail.Send"]);
        let reader = strings(&["Mail.Send", "User. ReadWrite. ALL", "Группа.Read.All"]);
        let found = changes(&reader, &source, true);
        assert_eq!(
            found,
            [
                Change::Altered {
                    from: "User.ReadWrite.All",
                    to: "User. ReadWrite. ALL"
                },
                Change::Altered {
                    from: "Group.Read.All",
                    to: "Группа.Read.All"
                },
            ]
        );
        assert_eq!(
            damage("User.ReadWrite.All", "User. ReadWrite. ALL"),
            "spaces inserted and letter case changed"
        );
        assert_eq!(
            damage("Group.Read.All", "Группа.Read.All"),
            "translated or transliterated"
        );
        assert!(changes(&reader[..1], &source[2..], true).is_empty());
        assert_eq!(
            changes(&[], &source[..1], true),
            [Change::Dropped("User.ReadWrite.All")]
        );
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

    /// Pairing as it was first written, each scope searched for among all
    /// those left: what the indexed pairing must give.
    fn changes_by_search<'a>(reader: &'a [String], source: &'a [String]) -> Vec<Change<'a>> {
        let normal = |scope: &str| compact(scope).to_lowercase();
        let mut remaining: Vec<&str> = reader.iter().map(String::as_str).collect();
        let mut unmatched: Vec<&str> = Vec::new();
        let mut changes = Vec::new();
        for from in source {
            if let Some(at) = remaining.iter().position(|r| r == from) {
                remaining.remove(at);
            } else if let Some(at) = remaining.iter().position(|r| normal(r) == normal(from)) {
                changes.push(Change::Altered {
                    from,
                    to: remaining.remove(at),
                });
            } else {
                unmatched.push(from);
            }
        }
        for from in unmatched {
            let best = remaining
                .iter()
                .enumerate()
                .map(|(at, to)| (likeness(from, to), at))
                .filter(|(score, _)| *score > 0)
                .max_by_key(|(score, at)| (*score, std::cmp::Reverse(*at)));
            match best {
                Some((_, at)) => changes.push(Change::Altered {
                    from,
                    to: remaining.remove(at),
                }),
                None => changes.push(Change::Dropped(from)),
            }
        }
        changes.extend(remaining.into_iter().map(Change::Added));
        changes
    }

    #[test]
    fn pairs_as_a_search_among_all_scopes_would() {
        const SCOPES: &[&str] = &[
            "User.Read",
            "user.read",
            "User. Read",
            "User.ReadWrite.All",
            "User.Read.All",
            "Group.Read.All",
            "Группа.Read.All",
            "Mail.Send",
            "mail. send",
            "Files.ReadWrite",
            "Пользователь.Read",
        ];
        let mut seed = 0x5c0_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5_000 {
            let list = |next: &mut dyn FnMut() -> u64| -> Vec<String> {
                (0..next() % 7)
                    .map(|_| SCOPES[(next() % SCOPES.len() as u64) as usize].to_string())
                    .collect()
            };
            let (reader, source) = (list(&mut next), list(&mut next));
            assert_eq!(
                changes(&reader, &source, true),
                changes_by_search(&reader, &source),
                "{reader:?} {source:?}"
            );
        }
    }

    #[test]
    fn many_scopes_are_compared_as_lists() {
        let source: Vec<String> = (0..10_000).map(|n| format!("Scope{n}.Read.All")).collect();
        let reader: Vec<String> = source.iter().map(|s| s.to_lowercase()).collect();
        assert!(!in_depth(&reader, &source));
        let found = changes(&reader, &source, false);
        assert_eq!(found.len(), 10_000);
        assert!(found.iter().all(
            |change| matches!(change, Change::Altered { from, to } if from.to_lowercase() == *to)
        ));
        let translated: Vec<String> = (0..10_000)
            .map(|n| format!("Область{n}.Read.All"))
            .collect();
        let found = changes(&translated, &source, false);
        assert_eq!(found.len(), 20_000, "each dropped and added, not paired");
    }

    #[test]
    fn finds_scopes_damaged_past_parsing() {
        assert_eq!(
            find_damaged("сообщениях: mail. ReadWrite.", "Mail.ReadWrite"),
            Some("mail. ReadWrite")
        );
        assert_eq!(find_damaged("Mail.ReadWriteAll", "Mail.ReadWrite"), None);
        assert_eq!(find_damaged("グループ読み取り。", "Group.Read.All"), None);
    }
}
