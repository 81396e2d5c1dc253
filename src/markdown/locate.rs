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
    pub fn pieces(
        &self,
        within: Range<usize>,
        view: View,
    ) -> impl Iterator<Item = Range<usize>> + '_ {
        let first = self
            .segments
            .partition_point(|s| s.span.end <= within.start);
        let mut at = within.start;
        let end = within.end;
        let mut segments = self.segments[first..].iter();
        let mut pending: Option<Range<usize>> = None;
        std::iter::from_fn(move || loop {
            if let Some(piece) = pending.take() {
                return Some(piece);
            }
            if at >= end {
                return None;
            }
            match segments.next() {
                Some(segment) if segment.span.start < end => {
                    let before = at..segment.span.start.max(at);
                    let inside = match view {
                        View::Reader => Some(segment.translation.clone()),
                        View::Source => segment.source.clone(),
                    }
                    .map(|r| r.start.max(at)..r.end.min(end))
                    .filter(|r| r.start < r.end);
                    at = segment.span.end.max(at);
                    pending = inside;
                    if before.start < before.end {
                        return Some(before);
                    }
                }
                _ => {
                    let rest = at..end;
                    at = end;
                    return Some(rest);
                }
            }
        })
    }
}
