//! Repairs: a page's text with the fixes of its findings applied, each
//! finding's edits all or none, and proof that the page still has the
//! same segments with the same English. The engine behind `sxsdoc fix`,
//! and what an editor's code actions will call.

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::model::{Page, ProblemKind};
use std::ops::Range;

/// What fixing one page did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFix {
    /// The page's text with the fixes applied.
    pub text: String,
    /// Every edit made, in order, on the page's text as it was read.
    pub edits: Vec<Edit>,
    /// Indexes (into the findings given) of the findings fixed.
    pub fixed: Vec<usize>,
}

/// Why a page with fixes was left as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("not fixed: the page could not be read whole as UTF-8")]
    Unreadable,
    #[error(
        "not fixed: after the fixes the page would have other segments or other English ({0})"
    )]
    SegmentsChanged(String),
}

/// Applies to `page` the fixes of `findings` (its own, of any rules)
/// that `unsafe_fixes` allows. A fix whose edits leave the translations
/// (or, on a page without spans, its body) or overlap an earlier fix is
/// left out. `Ok(None)`: nothing to fix.
pub fn fix_page(
    page: &Page,
    findings: &[Diagnostic],
    unsafe_fixes: bool,
) -> Result<Option<PageFix>, Refused> {
    let mut wanted: Vec<(usize, &[Edit])> = findings
        .iter()
        .enumerate()
        .filter(|(_, d)| d.location.locale == page.locale && d.location.path == page.path)
        .filter_map(|(n, d)| {
            let fix = d.fix.as_ref()?;
            let allowed = unsafe_fixes || fix.applicability == Applicability::Safe;
            (allowed && !fix.edits.is_empty()).then_some((n, fix.edits.as_slice()))
        })
        .filter(|(_, edits)| edits.iter().all(|edit| editable(page, &edit.span)))
        .collect();
    if wanted.is_empty() {
        return Ok(None);
    }
    let unreadable = [ProblemKind::Encoding, ProblemKind::Unreadable];
    if page.problems.iter().any(|p| unreadable.contains(&p.kind)) {
        return Err(Refused::Unreadable);
    }
    wanted.sort_by_key(|(n, edits)| (edits.iter().map(|e| e.span.start).min(), *n));
    let mut edits: Vec<Edit> = Vec::new();
    let mut fixed = Vec::new();
    for (n, fix) in wanted {
        let overlaps = fix.iter().any(|new| {
            edits
                .iter()
                .chain(fix.iter().filter(|other| !std::ptr::eq(*other, new)))
                .any(|old| new.span.start < old.span.end && old.span.start < new.span.end)
        });
        if !overlaps {
            edits.extend(fix.iter().cloned());
            fixed.push(n);
        }
    }
    // An insertion before a replacement at the same place.
    edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let text = apply(&page.text, &edits);
    verify(page, &text)?;
    Ok(Some(PageFix { text, edits, fixed }))
}

/// `text` with `edits` (sorted, disjoint, on character boundaries)
/// applied.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let bytes = apply_bytes(text.as_bytes(), edits);
    // Whole characters replaced by text: still UTF-8.
    String::from_utf8(bytes)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

/// `bytes` with `edits` (sorted, disjoint) applied; every byte between
/// them as it was.
pub fn apply_bytes(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for edit in edits {
        out.extend_from_slice(bytes.get(at..edit.span.start).unwrap_or(b""));
        out.extend_from_slice(edit.replacement.as_bytes());
        at = edit.span.end;
    }
    out.extend_from_slice(bytes.get(at..).unwrap_or(b""));
    out
}

/// Whether an edit at `span` changes only what a translator wrote: inside
/// one translation span, or the body of a page without spans.
fn editable(page: &Page, span: &Range<usize>) -> bool {
    let on_boundaries = page.text.is_char_boundary(span.start)
        && page.text.is_char_boundary(span.end)
        && span.start <= span.end
        && span.end <= page.text.len();
    if !on_boundaries {
        return false;
    }
    if page.has_segments() {
        page.segments.iter().any(|segment| {
            segment.translation.start <= span.start && span.end <= segment.translation.end
        })
    } else {
        span.start >= page.body_start
    }
}

/// Whether the fixed text still reads as the same segments, each with
/// the same id and the same English source.
fn verify(page: &Page, text: &str) -> Result<(), Refused> {
    let fixed = crate::markdown::scan_segments(text, page.body_start);
    let same = |a: &crate::model::Segment, b: &crate::model::Segment| {
        a.id(&page.text) == b.id(text) && a.source_text(&page.text) == b.source_text(text)
    };
    if let Some(first) = page
        .segments
        .iter()
        .zip(&fixed.segments)
        .find(|(a, b)| !same(a, b))
        .map(|(a, _)| format!("segment `{}`", a.id(&page.text)))
    {
        return Err(Refused::SegmentsChanged(first));
    }
    if fixed.segments.len() != page.segments.len() {
        return Err(Refused::SegmentsChanged(format!(
            "{} segments instead of {}",
            fixed.segments.len(),
            page.segments.len()
        )));
    }
    Ok(())
}
