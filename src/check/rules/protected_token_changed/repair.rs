//! SXS004's fixes: the English tokens put back where the translation
//! damaged them.

use super::{tokens, Kind};
use crate::diagnostic::{Edit, Fix};
use crate::source::offset_in;
use std::ops::Range;

/// Translations of the `Bearer` scheme that machine translation writes
/// next to the token placeholder (`ベアラー {トークン}`, `{token} de
/// portador`), compared without regard to case.
const BEARER_WORDS: &[&str] = &[
    "ベアラー",
    "del portador",
    "de portador",
    "do portador",
    "portador",
    "носитель",
    "носителя",
    "träger",
    "inhaber",
    "porteur",
    "持有者",
];

/// The edits that put the English tokens back: each lost token in place
/// of the one translated token of its kind (safe), or of several in
/// order (unsafe); a lost `Bearer` in place of its translation next to
/// the placeholder (safe), or before the placeholder (unsafe). `None`
/// when a lost token has no place to go.
pub(super) fn repair(
    page: &str,
    translation: &str,
    lost: &[(Kind, &str)],
    kept: &[(Kind, String, &str)],
) -> Option<Fix> {
    let mut edits = Vec::new();
    let mut safe = true;
    let kinds = [
        Kind::Code,
        Kind::Link,
        Kind::Url,
        Kind::Placeholder,
        Kind::Keyword,
    ];
    for kind in kinds {
        let wanted: Vec<&str> = lost
            .iter()
            .filter(|(k, text)| *k == kind && !is_bearer(kind, text))
            .map(|(_, text)| *text)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let there: Vec<&str> = kept
            .iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, _, raw)| *raw)
            .collect();
        if there.len() != wanted.len() {
            return None;
        }
        safe &= wanted.len() == 1;
        for (to, from) in wanted.iter().zip(there) {
            edits.push(Edit {
                span: offset_in(page, from),
                replacement: to.to_string(),
            });
        }
    }
    if lost.iter().any(|(kind, text)| is_bearer(*kind, text)) {
        let (edit, sure) = put_bearer_back(page, translation)?;
        edits.extend(edit);
        safe &= sure;
    }
    edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
    Some(if safe {
        Fix::safe(edits)
    } else {
        Fix::unsafe_(edits)
    })
}

fn is_bearer(kind: Kind, text: &str) -> bool {
    kind == Kind::Keyword && text == "Bearer"
}

/// `Bearer ` before the translation's first placeholder, in place of the
/// translated scheme next to it; `false` when there was none to replace.
fn put_bearer_back(page: &str, translation: &str) -> Option<(Vec<Edit>, bool)> {
    let (_, placeholder) = tokens(translation)
        .into_iter()
        .find(|(kind, _)| *kind == Kind::Placeholder)?;
    let at = offset_in(page, placeholder);
    let start = offset_in(page, translation).start;
    let before = &translation[..at.start - start];
    let after = &translation[at.end - start..];
    let ends_with = |text: &str, word: &str| {
        let text = text.trim_end();
        text.len() >= word.len()
            && text.is_char_boundary(text.len() - word.len())
            && text[text.len() - word.len()..].to_lowercase() == word
    };
    if let Some(word) = BEARER_WORDS.iter().find(|w| ends_with(before, w)) {
        let word_start = at.start - (before.len() - before.trim_end().len()) - word.len();
        return Some((vec![edit(word_start..at.start, "Bearer ")], true));
    }
    let padded = after.len() - after.trim_start().len();
    let rest = after.trim_start();
    if let Some(word) = BEARER_WORDS.iter().find(|w| {
        rest.get(..w.len())
            .is_some_and(|head| head.to_lowercase() == **w)
            && rest[w.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    }) {
        return Some((
            vec![
                edit(at.start..at.start, "Bearer "),
                edit(at.end..at.end + padded + word.len(), ""),
            ],
            true,
        ));
    }
    Some((vec![edit(at.start..at.start, "Bearer ")], false))
}

fn edit(span: Range<usize>, replacement: &str) -> Edit {
    Edit {
        span,
        replacement: replacement.to_string(),
    }
}
