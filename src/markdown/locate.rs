//! Finding a piece of text in the part of a page one view reads.

use crate::model::{Segment, View};
use std::ops::Range;

/// Searches a page's raw text, restricted to what one view shows: text
/// outside segments plus the translation (reader view) or source (source
/// view) part of each segment.
pub struct Locator<'p> {
    text: &'p str,
    segments: &'p [Segment],
}

impl<'p> Locator<'p> {
    pub fn new(text: &'p str, segments: &'p [Segment]) -> Locator<'p> {
        Locator { text, segments }
    }

    /// The first occurrence of `needle` within `within` that `view` shows.
    pub fn find(&self, within: Range<usize>, needle: &str, view: View) -> Option<Range<usize>> {
        self.pieces(within, view).find_map(|piece| {
            let found = self.text.get(piece.clone())?.find(needle)?;
            Some(piece.start + found..piece.start + found + needle.len())
        })
    }

    /// The byte ranges within `within` that `view` shows, in order.
    pub fn pieces(&self, within: Range<usize>, view: View) -> impl Iterator<Item = Range<usize>> {
        let first = self
            .segments
            .partition_point(|s| s.span.end <= within.start);
        let mut pieces = Vec::new();
        let mut at = within.start;
        for segment in self.segments[first..].iter() {
            if segment.span.start >= within.end {
                break;
            }
            pieces.push(at..segment.span.start.max(at));
            let inside = match view {
                View::Reader => Some(segment.translation.clone()),
                View::Source => segment.source.clone(),
            };
            pieces.extend(inside.map(|r| r.start.max(at)..r.end.min(within.end)));
            at = segment.span.end.max(at);
        }
        pieces.push(at..within.end);
        pieces.retain(|piece| piece.start < piece.end);
        pieces.into_iter()
    }
}
