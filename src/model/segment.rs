//! One side-by-side segment: a translation and the English source it came from.

use std::ops::Range;

/// `<span data-ttu-id="ID">translation</span><span class="sxs-lookup"><span data-stu-id="ID">source</span></span>`
///
/// Ranges are byte ranges into the page's text; the translation and source
/// ranges cover the spans' contents, raw (markup and entities as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Where the id is in the page's text (see [`Segment::id`]).
    pub id_span: Range<usize>,
    pub translation: Range<usize>,
    /// `None` when the translation span has no `sxs-lookup` pair.
    pub source: Option<Range<usize>>,
    /// The whole pair, from `<span data-ttu-id` to the last `</span>`.
    pub span: Range<usize>,
}

impl Segment {
    /// The segment's id, `ID` of `data-ttu-id="ID"`, trimmed.
    pub fn id<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.id_span.clone()).unwrap_or("")
    }

    pub fn translation_text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.translation.clone()).unwrap_or("")
    }

    pub fn source_text<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.source.clone().and_then(|range| text.get(range))
    }

    /// The English the segment was translated from, as staleness compares
    /// it: its source; or, where the pipeline left that blank for a
    /// segment without words, its translation, which the pipeline copies
    /// from the English as it is (`.`, `` `ctag` ``). So `.` against a
    /// blank English translated `.` is no change, and `` `Mail.Read` ``
    /// against one translated `` `Mail.ReadWrite` `` is one.
    pub fn aligned_english<'t>(&self, text: &'t str) -> &'t str {
        let english = self.source_text(text).unwrap_or("");
        let translation = self.translation_text(text);
        match english.trim().is_empty() && !crate::markdown::has_words(translation) {
            true => translation,
            false => english,
        }
    }
}
