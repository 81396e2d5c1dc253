//! What each translation of a page group says of permissions, read once
//! a group: its rows by label, and the sentences of its permissions
//! section by their English. A row or sentence that differs from its
//! English is compared with the other locales' translations of the same
//! (see SXS305, outdated-source-spans).

use crate::check::Group;
use crate::facts::{find_section, parse_scopes, PERMISSIONS};
use crate::markdown::collapse_whitespace;
use crate::model::{Block, Page, Segment};
use std::collections::HashMap;

/// A sentence of a permissions section that may name scopes (one
/// segment of a paragraph or list item, given in prose rather than a
/// table), in both views.
pub(super) struct Sentence<'g> {
    pub segment: &'g Segment,
    pub english: &'g str,
    pub translation: &'g str,
    pub reader: Vec<String>,
    pub source: Vec<String>,
}

/// Every translation's rows and sentences, one entry per page of the
/// group, in its order (`None` for a page without segments).
pub(super) struct Counterparts<'g> {
    pages: Vec<Option<Translation<'g>>>,
}

/// What one translation says of permissions.
struct Translation<'g> {
    locale: &'g str,
    /// Its scopes, by the row's permission type.
    rows: HashMap<&'g str, &'g [String]>,
    sentences: Vec<Sentence<'g>>,
    /// Each English of its sentences, white space made one space: the
    /// sentences (by index) that have it, in order.
    by_english: HashMap<String, Vec<usize>>,
}

impl<'g> Counterparts<'g> {
    pub fn of(group: &'g Group<'_>) -> Counterparts<'g> {
        let pages = group
            .pages
            .iter()
            .map(|page| page.has_segments().then(|| Translation::of(page)))
            .collect();
        Counterparts { pages }
    }

    /// The sentences of the page at `page` (its index in the group).
    pub fn sentences(&self, page: usize) -> &[Sentence<'g>] {
        self.pages
            .get(page)
            .and_then(Option::as_ref)
            .map_or(&[], |translation| translation.sentences.as_slice())
    }

    /// Other locales' translations of the row labelled `label` of the
    /// page at `page`.
    pub fn of_row(&self, page: usize, label: &str) -> Vec<(&'g str, &'g [String])> {
        self.others(page)
            .filter_map(|other| Some((other.locale, *other.rows.get(label)?)))
            .collect()
    }

    /// Other locales' translations of the sentence at `sentence` of the
    /// page at `page`: theirs with the same English, word for word, the
    /// first with the first (a page may say the same twice).
    pub fn of_sentence(&self, page: usize, sentence: usize) -> Vec<(&'g str, &[String])> {
        let Some(mine) = self.pages.get(page).and_then(Option::as_ref) else {
            return Vec::new();
        };
        let Some(english) = mine.sentences.get(sentence).map(|s| english_key(s.english)) else {
            return Vec::new();
        };
        let Some(nth) = mine
            .by_english
            .get(&english)
            .and_then(|same| same.iter().position(|&at| at == sentence))
        else {
            return Vec::new();
        };
        self.others(page)
            .filter_map(|other| {
                let at = *other.by_english.get(&english)?.get(nth)?;
                Some((other.locale, other.sentences.get(at)?.reader.as_slice()))
            })
            .collect()
    }

    fn others(&self, page: usize) -> impl Iterator<Item = &Translation<'g>> {
        self.pages
            .iter()
            .enumerate()
            .filter(move |(at, _)| *at != page)
            .filter_map(|(_, translation)| translation.as_ref())
    }
}

impl<'g> Translation<'g> {
    fn of(page: &'g Page) -> Translation<'g> {
        let mut rows = HashMap::new();
        for row in &page.facts.permissions {
            rows.entry(row.permission_type.as_str())
                .or_insert(row.scopes.as_slice());
        }
        let sentences = sentences(page);
        let mut by_english: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, sentence) in sentences.iter().enumerate() {
            by_english
                .entry(english_key(sentence.english))
                .or_default()
                .push(at);
        }
        Translation {
            locale: &page.locale,
            rows,
            sentences,
            by_english,
        }
    }
}

/// A sentence's English as its counterparts are found by.
fn english_key(english: &str) -> String {
    collapse_whitespace(english)
}

/// The sentences of `page`'s permissions section that have a dotted
/// word, on either side (only those can name a scope), and an English
/// to compare with (an empty one is SXS105's).
fn sentences(page: &Page) -> Vec<Sentence<'_>> {
    let Some(section) = find_section(&page.outline, &PERMISSIONS) else {
        return Vec::new();
    };
    let mut found = Vec::new();
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
            let Some(english) = segment.source_text(&page.text) else {
                continue;
            };
            let translation = segment.translation_text(&page.text);
            if english.trim().is_empty()
                || !(has_dotted_word(english) || has_dotted_word(translation))
            {
                continue;
            }
            found.push(Sentence {
                segment,
                english,
                translation,
                reader: parse_scopes(translation),
                source: parse_scopes(english),
            });
        }
    }
    found
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
