//! `sxsdoc export`: the segment pairs of side-by-side pages as a
//! translation memory (TMX), a bilingual file for a CAT tool (XLIFF 2.1)
//! or a gettext catalogue (PO), one file per locale.
//!
//! Every side-by-side page is an aligned bilingual text: each segment
//! carries the English it was translated from, so no alignment is
//! needed. A unit is one (English, translation) pair; the same pair on
//! many pages is one unit, with each place it occurs (page, segment id,
//! section). Text stays Markdown, as the pages have it: in TMX and XLIFF
//! the inline markup (code, links' targets, emphasis, HTML) becomes
//! placeholders a translator cannot break, holding the Markdown it
//! stands for, so that a unit reads back to the same text.

pub mod po;
pub mod tmx;
pub mod xliff;

use crate::diagnostic::Diagnostic;
use crate::model::{handoff, Alignment, Block, Page, PageGroup, SegmentState};
use std::collections::BTreeMap;
use std::ops::Range;

/// What to export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Only these locales (all when empty).
    pub locales: Vec<String>,
    /// Only the segments behind the newest English, with the newest
    /// English as their source: a hand-off for translation again.
    pub stale_only: bool,
    /// Leave out the pairs that have findings.
    pub exclude_damaged: bool,
}

/// Where a unit occurs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub path: String,
    pub segment: String,
    /// The English of the heading above it.
    pub section: String,
}

impl Occurrence {
    /// `path#segment (section)`, as the XML formats note it.
    pub fn label(&self) -> String {
        format!("{}#{} ({})", self.path, self.segment, self.section)
    }
}

/// One (English, translation) pair, and where it occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub source: String,
    pub target: String,
    /// With `--stale-only`, the English the translation was made from,
    /// when the newest English replaced it.
    pub previous_source: Option<String>,
    pub occurrences: Vec<Occurrence>,
    /// When its page was handed off (`ms.lasthandoff`).
    pub handed_off: Option<(u16, u8, u8)>,
}

/// Every unit of one locale, merged: by (source, target), in that order.
#[derive(Debug, Default)]
pub struct Memory {
    units: BTreeMap<(String, String), Unit>,
    /// Pairs seen, before merging.
    pub pairs: usize,
    /// The latest hand-off of its pages, as `2019-07-31`.
    pub revised: Option<String>,
}

impl Memory {
    pub fn add(&mut self, unit: Unit) {
        self.pairs += 1;
        if let Some((year, month, day)) = unit.handed_off {
            let date = format!("{year:04}-{month:02}-{day:02}");
            if self.revised.as_ref().is_none_or(|r| *r < date) {
                self.revised = Some(date);
            }
        }
        let key = (unit.source.clone(), unit.target.clone());
        match self.units.get_mut(&key) {
            Some(merged) => merged.occurrences.extend(unit.occurrences),
            None => {
                self.units.insert(key, unit);
            }
        }
    }

    /// The units, each with its occurrences in order.
    pub fn units(&mut self) -> Vec<Unit> {
        let mut units: Vec<Unit> = std::mem::take(&mut self.units).into_values().collect();
        for unit in &mut units {
            unit.occurrences.sort();
            unit.occurrences.dedup();
        }
        units
    }
}

/// The units of each page of `group` in `options`' locales, by locale;
/// `diagnostics` are the group's (for `exclude_damaged`).
pub fn group_units(
    group: &PageGroup,
    diagnostics: &[Diagnostic],
    options: &ExportOptions,
) -> Vec<(String, Unit)> {
    let newest = group.shared().reference.and_then(|r| group.pages.get(r));
    let mut units = Vec::new();
    for page in &group.pages {
        if !options.locales.is_empty() && !options.locales.contains(&page.locale) {
            continue;
        }
        let damaged: Vec<Range<usize>> = diagnostics
            .iter()
            .filter(|d| d.location.locale == page.locale && d.location.path == page.path)
            .map(|d| d.location.span.clone())
            .collect();
        let alignment = newest
            .filter(|_| options.stale_only)
            .and_then(|n| Some((n, Alignment::of_older(page, n)?)));
        if options.stale_only && alignment.is_none() {
            continue;
        }
        for (at, segment) in page.segments.iter().enumerate() {
            let Some(english) = segment.source_text(&page.text).map(str::trim) else {
                continue;
            };
            let overlaps = |span: &Range<usize>| {
                span.start < segment.span.end && segment.span.start < span.end
            };
            if options.exclude_damaged && damaged.iter().any(overlaps) {
                continue;
            }
            // A blank English has nothing to translate from (SXS104 reports
            // it), nor is it a previous source.
            let (source, previous_source) = match &alignment {
                None => (english, None),
                Some((newest, alignment)) => match alignment.segments.get(at) {
                    Some(SegmentState::Changed(n)) => {
                        let now = newest
                            .segments
                            .get(*n)
                            .map_or("", |s| s.aligned_english(&newest.text).trim());
                        (now, Some(english).filter(|e| !e.is_empty()))
                    }
                    _ => continue,
                },
            };
            if source.is_empty() {
                continue;
            }
            // Its translation helps with the newest English only when the
            // English it was made from is like it (a fuzzy match); else it
            // is to be translated anew, as one the English added.
            let unlike = previous_source.is_some_and(|old| !fuzzy_match(old, source));
            let (previous_source, target) = match unlike {
                true => (None, String::new()),
                false => (
                    previous_source,
                    segment.translation_text(&page.text).trim().to_string(),
                ),
            };
            let (source, previous_source) =
                (source.to_string(), previous_source.map(str::to_string));
            units.push((
                page.locale.clone(),
                Unit {
                    source,
                    target,
                    previous_source,
                    occurrences: vec![Occurrence {
                        path: page.path.clone(),
                        segment: segment.id(&page.text).to_string(),
                        section: section_of(page, segment.span.start),
                    }],
                    handed_off: handoff(page),
                },
            ));
        }
        // Segments the newest English added: to translate, no target yet
        // (one whose English the pipeline left empty has nothing to
        // translate from: a unit with an empty source is PO's header).
        if let Some((newest, alignment)) = &alignment {
            for &n in &alignment.added {
                let Some((segment, english)) = newest.segments.get(n).and_then(|segment| {
                    let english = segment.aligned_english(&newest.text).trim();
                    Some((segment, english)).filter(|_| !english.is_empty())
                }) else {
                    continue;
                };
                units.push((
                    page.locale.clone(),
                    Unit {
                        source: english.to_string(),
                        target: String::new(),
                        previous_source: None,
                        occurrences: vec![Occurrence {
                            path: page.path.clone(),
                            segment: segment.id(&newest.text).to_string(),
                            section: section_of(newest, segment.span.start),
                        }],
                        handed_off: handoff(page),
                    },
                ));
            }
        }
    }
    units
}

/// Whether the translation of `old` is worth offering for `new`: half
/// their characters or more in common, in order (a character diff's
/// ratio, as translation memories weigh fuzzy matches: `Update an item
/// in a list` for `Update listItem` is, `Permission` for a sentence that
/// has the word is not).
fn fuzzy_match(old: &str, new: &str) -> bool {
    similar::TextDiff::from_chars(old, new).ratio() >= 0.5
}

/// The English of the last heading of `page` before byte `at`.
fn section_of(page: &Page, at: usize) -> String {
    page.outline
        .blocks
        .iter()
        .rev()
        .find_map(|block| match block {
            Block::Heading(h) if h.span.start <= at && h.tab.is_none() => Some(h),
            _ => None,
        })
        .map(|h| {
            let english = if h.text.source.is_empty() {
                &h.text.reader
            } else {
                &h.text.source
            };
            english.trim().to_string()
        })
        .unwrap_or_default()
}

/// A unit's text as pieces: what a translator translates, and the inline
/// markup between, as the page has it (code spans, links' targets,
/// emphasis markers, HTML), which the XML formats protect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'t> {
    Text(&'t str),
    Markup(&'t str),
}

/// `text` (Markdown) as [`Piece`]s: the text of pulldown-cmark's text
/// events, everything else markup. Joined, they are `text` again.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    use pulldown_cmark::Event;
    let mut pieces = Vec::new();
    let mut at = 0;
    for (event, range) in crate::markdown::parser(text) {
        if let Event::Text(shown) = event {
            if range.start < at || range.end > text.len() {
                continue;
            }
            // An entity (`&#x2713;`, `&lt;`) is markup, as a CAT tool
            // shows it: a placeholder, not `&#x2713;` to retype.
            let raw = &text[range.clone()];
            if raw.starts_with('&') && raw.ends_with(';') && *shown != *raw {
                continue;
            }
            if range.start > at {
                pieces.push(Piece::Markup(&text[at..range.start]));
            }
            if range.end > range.start {
                pieces.push(Piece::Text(&text[range.start..range.end]));
            }
            at = range.end;
        }
    }
    if at < text.len() {
        pieces.push(Piece::Markup(&text[at..]));
    }
    // A block parse reads a leading `#` or `-` as structure; in a
    // segment it is text.
    if pieces.is_empty() && !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

/// `text` escaped for XML character data and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Not allowed in XML 1.0: left out.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_to_the_text_and_keep_markup_apart() {
        let text = "See **[Permissions](/graph/permissions-reference)** and `User.Read` &lt;token&gt;<br/>.";
        let found = pieces(text);
        let joined: String = found
            .iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Markup(t) => *t,
            })
            .collect();
        assert_eq!(joined, text);
        assert!(found.contains(&Piece::Markup("`User.Read`")), "{found:?}");
        assert!(found.contains(&Piece::Text("Permissions")), "{found:?}");
        assert_eq!(
            pieces("Done &#x2713; here"),
            [
                Piece::Text("Done "),
                Piece::Markup("&#x2713;"),
                Piece::Text(" here")
            ]
        );
    }

    /// Pairs a hand-check of the Graph hand-offs judged.
    #[test]
    fn a_fuzzy_match_is_a_rewording_not_a_shared_word() {
        for (old, new) in [
            ("Update an item in a list", "Update listItem"),
            (
                "Here is an example of the response.",
                "The following example shows the response.",
            ),
        ] {
            assert!(fuzzy_match(old, new), "{old} -> {new}");
        }
        for (old, new) in [
            ("Permission", "Depending on the resource and the permission type requested, the permission in the following table is the least privileged."),
            ("Add delta query to v1.0", "Track changes"),
            ("HTTP", "In the request body, supply a JSON representation of the object."),
        ] {
            assert!(!fuzzy_match(old, new), "{old} -> {new}");
        }
    }
}
