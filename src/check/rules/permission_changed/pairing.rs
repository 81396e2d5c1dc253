//! Pairing the scopes of a permissions cell with those of its English
//! source: which were kept, altered, dropped or added.

use crate::facts::compact;
use std::collections::{HashMap, VecDeque};

/// One difference between a source row and its translation.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Change<'a> {
    Altered { from: &'a str, to: &'a str },
    Dropped(&'a str),
    Added(&'a str),
}

/// The finding's message: `reader` is what the reader sees in the
/// place, where a dropped scope may still be, past reading as one.
pub(super) fn message(changes: &[Change<'_>], label: &str, reader: &str) -> String {
    let first = describe(&changes[0], reader);
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

pub(super) fn describe(change: &Change<'_>, reader: &str) -> String {
    match change {
        Change::Altered { from, to } => {
            format!("changes `{from}` to `{to}` ({})", damage(from, to))
        }
        // Its resource is still there (`SecurityEvents。 All`): damaged,
        // not left out.
        Change::Dropped(from) if names_resource(reader, from) => {
            format!("garbles `{from}` beyond recognition")
        }
        Change::Dropped(from) => format!("drops `{from}`"),
        Change::Added(to) => format!("adds `{to}`, which the English source does not list"),
    }
}

/// Whether `reader` has the first part of `scope`, its resource
/// (`SecurityEvents` of `SecurityEvents.Read.All`), in any case.
fn names_resource(reader: &str, scope: &str) -> bool {
    let resource = scope.split('.').next().unwrap_or(scope);
    resource.len() > 2 && reader.to_lowercase().contains(&resource.to_lowercase())
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
pub(super) fn in_depth(reader: &[String], source: &[String]) -> bool {
    reader.len().max(source.len()) <= COMPARED_IN_DEPTH
}

/// Pairs each source scope with what the translation made of it: the
/// same scope, the same one with spaces or case changed, or (`in_depth`)
/// the most alike; the rest was dropped or added.
pub(super) fn changes<'a>(
    reader: &'a [String],
    source: &'a [String],
    in_depth: bool,
) -> Vec<Change<'a>> {
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
    fn a_scope_whose_resource_is_left_is_garbled_not_dropped() {
        let dropped = Change::Dropped("SecurityEvents.Read.All");
        assert_eq!(
            describe(&dropped, "SecurityEvents。 All、SecurityEvents.。"),
            "garbles `SecurityEvents.Read.All` beyond recognition"
        );
        assert_eq!(
            describe(&dropped, "Не поддерживается."),
            "drops `SecurityEvents.Read.All`"
        );
        assert_eq!(
            message(&[dropped], "Application", "securityevents"),
            "translation garbles `SecurityEvents.Read.All` beyond recognition in the `Application` permissions"
        );
    }
}
