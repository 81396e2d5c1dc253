//! SXS002's fixes: scopes written as the English writes them, or a
//! cell of nothing but scopes given the English as it is.

use super::pairing::Change;
use super::{find_damaged, Scopes};
use crate::diagnostic::{Edit, Fix};
use crate::markdown::Locator;
use crate::model::{Page, View};
use crate::source::offset_in;

/// Each altered scope written as the English source writes it, where the
/// translation has it with spaces inserted or its letter case changed
/// (`Directory. Read. ALL` → `Directory.Read.All`): safe, as nothing but
/// spaces and case differ. Else, when the English is only a list of
/// scopes, the English list itself. `None` when a scope was dropped,
/// added or translated past that (`Ролеманажемент.Read.Directory`) in
/// prose.
pub(super) fn repair(
    page: &Page,
    locator: &Locator<'_>,
    scopes: &Scopes<'_>,
    changes: &[Change<'_>],
) -> Option<Fix> {
    damaged_scopes(page, locator, scopes, changes).or_else(|| only_scopes(page, locator, scopes))
}

/// See [`repair`]: each altered scope where the translation has it damaged.
fn damaged_scopes(
    page: &Page,
    locator: &Locator<'_>,
    scopes: &Scopes<'_>,
    changes: &[Change<'_>],
) -> Option<Fix> {
    let mut edits: Vec<Edit> = Vec::new();
    for change in changes {
        let Change::Altered { from, .. } = change else {
            return None;
        };
        let span = locator
            .pieces(scopes.span.clone(), View::Reader)
            .find_map(|piece| {
                let mut rest = page.text.get(piece.clone())?;
                let mut offset = piece.start;
                // The next damaged copy not already repaired.
                loop {
                    let found = offset_in(rest, find_damaged(rest, from)?);
                    let span = offset + found.start..offset + found.end;
                    if !edits.iter().any(|e| e.span == span) {
                        return Some(span);
                    }
                    let skip = span.end - offset;
                    rest = rest.get(skip..)?;
                    offset = span.end;
                }
            })?;
        edits.push(Edit {
            span,
            replacement: from.to_string(),
        });
    }
    edits.sort_by_key(|edit| edit.span.start);
    Some(Fix::safe(edits))
}

/// A translation whose English is nothing but scopes, commas and the
/// words that join them (`Group.Read.All, Group.ReadWrite.All`,
/// `AuditLog.Read.All and Directory.Read.All`), as permission table cells
/// are: there is nothing to translate but a conjunction, so the English,
/// as it is, in place of the one translation span that holds it. Safe:
/// the English says every byte of it, and a conjunction kept in English
/// keeps its meaning (`and` pairs scopes that are needed together).
fn only_scopes(page: &Page, locator: &Locator<'_>, scopes: &Scopes<'_>) -> Option<Fix> {
    let english = scopes.source_text.trim();
    if !is_scope_list(english, scopes.source) {
        return None;
    }
    let mut pieces = locator
        .pieces(scopes.span.clone(), View::Reader)
        .filter(|piece| page.segments.iter().any(|s| s.translation == *piece));
    let (Some(piece), None) = (pieces.next(), pieces.next()) else {
        return None;
    };
    Some(Fix::safe(vec![Edit {
        span: piece,
        replacement: english.to_string(),
    }]))
}

/// Whether `text` is scopes (all of them in `scopes`) separated by commas,
/// semicolons or the words `and`, `or` and `plus`, with at most a full
/// stop at the end.
fn is_scope_list(text: &str, scopes: &[String]) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    let words: Vec<&str> = text
        .split([',', ';', ' ', '\t', '\n'])
        .filter(|w| !w.is_empty())
        .collect();
    let inner = 1..words.len().saturating_sub(1);
    !words.is_empty()
        && words.iter().enumerate().all(|(at, word)| {
            scopes.iter().any(|s| s == word)
                || (inner.contains(&at) && matches!(*word, "and" | "or" | "plus"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_lists_may_be_joined_by_words() {
        let scopes = [
            "AuditLog.Read.All".to_string(),
            "Directory.Read.All".to_string(),
        ];
        assert!(is_scope_list(
            "AuditLog.Read.All, Directory.Read.All",
            &scopes
        ));
        assert!(is_scope_list(
            "AuditLog.Read.All and Directory.Read.All.",
            &scopes
        ));
        assert!(is_scope_list(
            "AuditLog.Read.All plus Directory.Read.All",
            &scopes
        ));
        assert!(!is_scope_list("and AuditLog.Read.All", &scopes));
        assert!(!is_scope_list("AuditLog.Read.All or", &scopes));
        assert!(!is_scope_list("Use AuditLog.Read.All to read", &scopes));
        assert!(!is_scope_list("AuditLog.Read.All, User.Read", &scopes));
        assert!(!is_scope_list("", &scopes));
    }
}
