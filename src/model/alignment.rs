//! Which segments of a translation are behind the newest English.
//!
//! Every side-by-side page carries, segment by segment, the English it
//! was translated from. Segment ids differ between hand-offs, so a
//! page's segments are aligned with the newest English of its group by
//! their English text, in document order (a diff of the two sequences,
//! as `diff` aligns lines): a segment whose English is the newest's is
//! current; one whose English was replaced is changed; one the newest
//! English no longer has was removed; one the newest English has and the
//! page lacks was added. A segment that only moved (its English is
//! found, unchanged, elsewhere) is current.

use super::tabs::{folded, is_name, tab_labels};
use super::{handed_off_before, Page};
use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp, TextDiff};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// How one segment of a translation stands against the newest English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentState {
    /// Its English is the newest's (the newest's segment, by index).
    Current(usize),
    /// Its English was replaced by the newest's segment at that index.
    Changed(usize),
    /// The newest English no longer has it.
    Removed,
}

/// A page's segments against the newest English of its group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// One for each segment of the page, in order.
    pub segments: Vec<SegmentState>,
    /// The segments of the newest English the page has no segment for
    /// (added since), by index.
    pub added: Vec<usize>,
    /// How many segments the newest English has.
    pub newest_segments: usize,
    /// The code tabs the newest English added, labelled with a name
    /// (`C#`), by the index of their label's segment: not behind, as
    /// such a name is never translated (SXS006); the code under them is
    /// outside the segments.
    pub tabs_added: Vec<usize>,
}

impl Alignment {
    /// Aligns the segments of `page` with those of `newest` (a page of
    /// the same group with the newest English).
    pub fn new(page: &Page, newest: &Page) -> Alignment {
        let old = english_of(page);
        let new = english_of(newest);
        let mut segments = vec![SegmentState::Removed; old.len()];
        // What the diff did not find equal, in blocks: (old, new) ranges
        // of segments replaced, removed (no new) or added (no old).
        let mut blocks = Vec::new();
        // The diff compares the hashes (a diff of hundreds of segments
        // compares each pair several times); what it finds equal is then
        // compared word by word, once.
        let hashes = |english: &[English<'_>]| english.iter().map(|e| e.hash).collect::<Vec<_>>();
        for op in capture_diff_slices(Algorithm::Myers, &hashes(&old), &hashes(&new)) {
            match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for n in 0..len {
                        let (at, to) = (old_index + n, new_index + n);
                        if old[at] == new[to] {
                            segments[at] = SegmentState::Current(to);
                        } else {
                            blocks.push((at..at + 1, to..to + 1));
                        }
                    }
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => blocks.push((old_index..old_index + old_len, 0..0)),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => blocks.push((0..0, new_index..new_index + new_len)),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => blocks.push((
                    old_index..old_index + old_len,
                    new_index..new_index + new_len,
                )),
            }
        }
        // A segment that moved: its English, unchanged, elsewhere.
        let mut moved_to: HashMap<English<'_>, Vec<usize>> = HashMap::new();
        for (_, added) in &blocks {
            for n in added.clone().rev() {
                moved_to.entry(new[n]).or_default().push(n);
            }
        }
        let mut taken = vec![false; new.len()];
        for (removed, _) in &blocks {
            for at in removed.clone() {
                if let Some(n) = moved_to.get_mut(&old[at]).and_then(Vec::pop) {
                    segments[at] = SegmentState::Current(n);
                    taken[n] = true;
                }
            }
        }
        // A code tab's label that is a name (`C#`) pairs with nothing
        // else: it is never translated, and under it is code.
        let names = |page| -> Vec<usize> {
            tab_labels(page)
                .filter(|label| is_name(label.english))
                .map(|label| label.segment)
                .collect()
        };
        let (old_names, new_names) = (names(page), names(newest));
        // In each block, what is left is paired in order, but a segment
        // the newest English cut in two or more, or two or more it made
        // one, with the same words, is current (`Bearer {code}.
        // Required.` now `Bearer {code}.` and `Required.`); and one
        // unlike the next of the other side, with a like one a little
        // further on, is paired with that one, what is between them added
        // or removed (a sentence inserted among edited ones does not
        // shift the pairs after it). The rest was changed, removed or
        // added.
        let mut added = Vec::new();
        for (removed, inserted) in blocks {
            let left: Vec<usize> = removed
                .filter(|&at| segments[at] == SegmentState::Removed)
                .collect();
            let right: Vec<usize> = inserted.filter(|&n| !taken[n]).collect();
            let (mut i, mut j) = (0, 0);
            while i < left.len() && j < right.len() {
                if new_names.contains(&right[j]) {
                    added.push(right[j]);
                    j += 1;
                } else if old_names.contains(&left[i]) {
                    i += 1;
                } else if let Some(parts) = recut(old[left[i]], &right[j..], &new) {
                    segments[left[i]] = SegmentState::Current(right[j]);
                    (i, j) = (i + 1, j + parts);
                } else if let Some(parts) = recut(new[right[j]], &left[i..], &old) {
                    for &at in &left[i..i + parts] {
                        segments[at] = SegmentState::Current(right[j]);
                    }
                    (i, j) = (i + parts, j + 1);
                } else if let Some(skip) = realign(&old, &new, &left[i..], &right[j..]) {
                    match skip {
                        Skip::Added(k) => {
                            added.extend_from_slice(&right[j..j + k]);
                            j += k;
                        }
                        Skip::Removed(k) => i += k,
                    }
                } else {
                    segments[left[i]] = SegmentState::Changed(right[j]);
                    (i, j) = (i + 1, j + 1);
                }
            }
            added.extend_from_slice(&right[j..]);
        }
        added.sort_unstable();
        let (mut tabs_added, added): (Vec<usize>, Vec<usize>) =
            added.into_iter().partition(|n| new_names.contains(n));
        // A name the English only wrote another way (`Javascript` now
        // `JavaScript`) is the same tab: current.
        for at in old_names {
            let name = folded(old[at].text);
            let same = tabs_added.iter().position(|&n| folded(new[n].text) == name);
            if let (SegmentState::Removed, Some(k)) = (segments[at], same) {
                segments[at] = SegmentState::Current(tabs_added.remove(k));
            }
        }
        Alignment {
            segments,
            added,
            newest_segments: new.len(),
            tabs_added,
        }
    }

    /// `page`'s segments against `newest`'s (the page of its group with
    /// the newest English), when it was handed off before it from
    /// another revision of the English and both carry their English, not
    /// the same (see [`same_english`]): else nothing can be behind. What
    /// SXS304 reports, and the site shows.
    pub fn of_older(page: &Page, newest: &Page) -> Option<Alignment> {
        let older = handed_off_before(page, newest);
        let both = page.has_segments() && newest.has_segments();
        (older && both && !same_english(page, newest)).then(|| Alignment::new(page, newest))
    }

    /// Each changed segment of `page`: its id, its English, and the
    /// newest English now.
    pub fn changed<'p>(
        &self,
        page: &'p Page,
        newest: &'p Page,
    ) -> Vec<(&'p str, &'p str, &'p str)> {
        self.segments
            .iter()
            .zip(&page.segments)
            .filter_map(|(state, segment)| match *state {
                SegmentState::Changed(n) => Some((
                    segment.id(&page.text),
                    segment.aligned_english(&page.text),
                    newest.segments.get(n)?.aligned_english(&newest.text),
                )),
                _ => None,
            })
            .collect()
    }

    /// How many segments are behind: changed, removed or added.
    pub fn behind(&self) -> usize {
        let stale = self
            .segments
            .iter()
            .filter(|s| !matches!(s, SegmentState::Current(_)))
            .count();
        stale + self.added.len()
    }
}

/// The most segments one is found cut into (or made of).
const MAX_RECUT: usize = 8;

/// How far along a block a like segment is looked for.
const MAX_REALIGN: usize = 8;

/// How alike two segments' English must be to be one segment changed
/// (see [`likeness`]).
const ALIKE: f32 = 0.5;

/// What [`realign`] found: the next segments of one side are not on the
/// other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    /// The next this many segments of the newest English are new.
    Added(usize),
    /// The next this many segments of the page are gone.
    Removed(usize),
}

/// When the first segments of `left` (the page's) and `right` (the
/// newest English's) are unlike and one of them is like a segment a
/// little further along the other side: the segments before that one,
/// the nearer way. `None` pairs the first two.
fn realign(
    old: &[English<'_>],
    new: &[English<'_>],
    left: &[usize],
    right: &[usize],
) -> Option<Skip> {
    let alike = |at: usize, n: usize| likeness(old[at].text, new[n].text) >= ALIKE;
    // In place when they are alike, or when the two after them are (the
    // pair is where it was, its text rewritten).
    let next_alike = left.len() > 1 && right.len() > 1 && alike(left[1], right[1]);
    if alike(left[0], right[0]) || next_alike {
        return None;
    }
    let added = (1..right.len().min(MAX_REALIGN + 1)).find(|&k| alike(left[0], right[k]));
    let removed = (1..left.len().min(MAX_REALIGN + 1)).find(|&k| alike(left[k], right[0]));
    match (added, removed) {
        (Some(a), Some(r)) if r < a => Some(Skip::Removed(r)),
        (Some(a), _) => Some(Skip::Added(a)),
        (None, Some(r)) => Some(Skip::Removed(r)),
        (None, None) => None,
    }
}

/// How alike two texts are, 0 to 1 (see [`WordMatch::likeness`]).
fn likeness(old: &str, new: &str) -> f32 {
    WordMatch::of(old, new).likeness(old, new)
}

/// Two texts' words (see [`words`]) compared by one diff.
struct WordMatch {
    old: usize,
    new: usize,
    /// Those the diff finds in both, in order.
    kept: usize,
}

impl WordMatch {
    fn of(old: &str, new: &str) -> WordMatch {
        let (old_words, new_words) = (words(old), words(new));
        let ops = capture_diff_slices(Algorithm::Myers, &old_words, &new_words);
        let kept = ops
            .iter()
            .map(|op| match *op {
                DiffOp::Equal { len, .. } => len,
                _ => 0,
            })
            .sum();
        WordMatch {
            old: old_words.len(),
            new: new_words.len(),
            kept,
        }
    }

    /// The share of the two texts' words found in both, in order, whatever
    /// their case and the punctuation around them (`Manage the users.` is
    /// like `Manage the users of your organization.`); of their characters
    /// when both are of three words or fewer (`Mail.Read` and
    /// `Mail.ReadWrite` are alike). `old` and `new` are the texts compared.
    fn likeness(&self, old: &str, new: &str) -> f32 {
        if self.old <= 3 && self.new <= 3 {
            return TextDiff::from_chars(old, new).ratio();
        }
        2.0 * self.kept as f32 / (self.old + self.new) as f32
    }

    /// Whether the words of the shorter text are nearly all in the longer,
    /// in order (`Request` in `Request <!-- { "blockType": "ignored" }
    /// -->`): one is the other with words added or taken out.
    fn contained(&self) -> bool {
        let shorter = self.old.min(self.new);
        shorter > 0 && self.kept * 10 >= shorter * 9
    }
}

/// The words of `text` as [`WordMatch`] compares them: lower case, without
/// the punctuation around them (punctuation alone, `|` or `-`, is no
/// word).
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|word| word.trim_matches(|c: char| c.is_ascii_punctuation()))
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// How many of the segments `parts` (of `english`, in order), two or
/// more, have between them the words of `whole`, one after another.
fn recut(whole: English<'_>, parts: &[usize], english: &[English<'_>]) -> Option<usize> {
    let words: Vec<&str> = whole.text.split_whitespace().collect();
    let mut at = 0;
    for (k, &part) in parts.iter().enumerate().take(MAX_RECUT) {
        for word in english.get(part)?.text.split_whitespace() {
            if words.get(at) != Some(&word) {
                return None;
            }
            at += 1;
        }
        if at == words.len() {
            return (k >= 1 && at > 0).then_some(k + 1);
        }
    }
    None
}

/// Each segment's English, compared with its runs of white space made
/// one space (a line wrapped anew is the same English: Markdown reads it
/// so).
fn english_of(page: &Page) -> Vec<English<'_>> {
    page.segments
        .iter()
        .map(|segment| English::new(segment.aligned_english(&page.text)))
        .collect()
}

/// A segment's English as the alignment compares it: equal when the words
/// are, whatever white space is between them. Borrowed, with the hash of
/// its words taken once: a diff compares each many times, and most pages
/// of a group have hundreds of segments.
#[derive(Debug, Clone, Copy)]
struct English<'p> {
    text: &'p str,
    hash: u64,
}

impl<'p> English<'p> {
    fn new(text: &'p str) -> English<'p> {
        let mut hasher = rustc_hash::FxHasher::default();
        for word in text.split_whitespace() {
            word.hash(&mut hasher);
        }
        English {
            text,
            hash: hasher.finish(),
        }
    }
}

impl PartialEq for English<'_> {
    fn eq(&self, other: &Self) -> bool {
        // Most English is the same text, byte for byte.
        let same_words = || {
            self.text
                .split_whitespace()
                .eq(other.text.split_whitespace())
        };
        self.hash == other.hash && (self.text == other.text || same_words())
    }
}

impl Eq for English<'_> {}

impl Hash for English<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// `old` → `new` word by word, as `git diff --word-diff` shows it:
/// `[-removed-]{+added+}`; as one replaced by the other when they are
/// unlike and neither holds the other (a word diff of two different
/// sentences interleaves them).
pub fn word_diff(old: &str, new: &str) -> String {
    let blank = old.trim().is_empty() || new.trim().is_empty();
    let unlike = || {
        let words = WordMatch::of(old, new);
        words.likeness(old, new) < ALIKE && !words.contained()
    };
    if !blank && unlike() {
        return format!("[-{old}-]{{+{new}+}}");
    }
    let diff = TextDiff::from_words(old, new);
    let mut out = String::new();
    let mut open: Option<ChangeTag> = None;
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if open != Some(tag) {
            match open {
                Some(ChangeTag::Delete) => out.push_str("-]"),
                Some(ChangeTag::Insert) => out.push_str("+}"),
                _ => {}
            }
            match tag {
                ChangeTag::Delete => out.push_str("[-"),
                ChangeTag::Insert => out.push_str("{+"),
                ChangeTag::Equal => {}
            }
            open = Some(tag);
        }
        out.push_str(change.value());
    }
    match open {
        Some(ChangeTag::Delete) => out.push_str("-]"),
        Some(ChangeTag::Insert) => out.push_str("+}"),
        _ => {}
    }
    out
}

/// Whether two side-by-side pages carry the same English: their bodies
/// with each segment (whose ids change with every hand-off) replaced by
/// its English source text; code, tables and markup are compared too.
/// Where the segments are cut is not: a hand-off that cut one sentence
/// of the English into two segments changed no word of it.
pub fn same_english(page: &Page, other: &Page) -> bool {
    /// The page's English, a piece at a time (compared as one stream of
    /// bytes: nothing is copied).
    fn english(page: &Page) -> impl Iterator<Item = u8> + '_ {
        let text = page.text.as_str();
        let mut at = page.body_start;
        let pieces = page.segments.iter().flat_map(move |segment| {
            let before = text.get(at..segment.span.start).unwrap_or("");
            at = segment.span.end.max(at);
            [before, segment.aligned_english(text)]
        });
        let last = page.segments.last().map_or(page.body_start, |s| s.span.end);
        pieces
            .chain(std::iter::once(text.get(last..).unwrap_or("")))
            .flat_map(str::bytes)
            // White space apart: Markdown reads a re-wrapped line, or
            // blank lines added, as the same.
            .filter(|b| !b.is_ascii_whitespace())
    }
    page.has_segments() && other.has_segments() && english(page).eq(english(other))
}

#[cfg(test)]
mod tests;
