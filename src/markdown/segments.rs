//! Finding side-by-side segments in a page's raw text.
//!
//! The pair markup is regular enough to be found with a byte scanner: span
//! tags are tokenized in one pass, matched with a stack, and pairs are read
//! off the tag list. That is linear in the page size whatever the nesting,
//! and far cheaper than an HTML parser per fragment.

use crate::model::{has_words, Problem, ProblemKind, Segment};
use crate::source::offset_in;
use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

/// Segments in document order, and what was malformed.
#[derive(Debug, Default)]
pub struct Scan {
    pub segments: Vec<Segment>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role<'t> {
    /// `<span data-ttu-id="ID">`
    Translation(&'t str),
    /// `<span class="sxs-lookup">`
    Lookup,
    /// `<span data-stu-id="ID">`
    Source(&'t str),
    /// Any other `<span>`.
    Other,
    /// `</span>`
    Close,
}

#[derive(Debug)]
struct SpanTag<'t> {
    role: Role<'t>,
    range: Range<usize>,
    /// Its attribute quotes were escaped (`data-ttu-id=&quot;ID&quot;`).
    escaped: bool,
    /// Index of the matching open or close tag.
    partner: Option<usize>,
}

/// Longest span open tag considered; a longer one is text.
const MAX_TAG_LEN: usize = 512;

/// Scans `text` from byte `from` (the end of front matter).
pub fn scan_segments(text: &str, from: usize) -> Scan {
    let tags = tokenize(text, from);
    let mut scan = Scan::default();
    // Sized up front: growing it rehashes every id seen so far.
    let translations = tags
        .iter()
        .filter(|tag| matches!(tag.role, Role::Translation(_)))
        .count();
    // Its ids are a page's, from outside pull requests too: foldhash is
    // seeded anew each run (as search's maps), so a page cannot be
    // written to make them collide as it could with a fixed hash.
    let mut seen: HashMap<&str, Range<usize>> = HashMap::with_capacity(translations);
    scan.segments.reserve_exact(translations);
    // Where the last segment that broke a table row ended: a segment
    // starting on that line is still in the row (`| a | b |` cut twice).
    let mut broken_row_end = None;
    let mut k = 0;
    while k < tags.len() {
        let tag = &tags[k];
        match tag.role {
            Role::Translation(id) => {
                let Some(close) = tag.partner else {
                    scan.problems.push(problem(
                        ProblemKind::UnclosedSpan,
                        tag.range.clone(),
                        format!("translation span `{id}` is never closed; expected `</span>`"),
                    ));
                    k += 1;
                    continue;
                };
                let mut segment = Segment {
                    id_span: offset_in(text, id),
                    translation: tag.range.end..tags[close].range.start,
                    source: None,
                    span: tag.range.start..tags[close].range.end,
                };
                k = close + 1;
                match source_pair(text, &tags, close + 1) {
                    Ok(pair) => {
                        if pair.id != id {
                            scan.problems.push(problem(
                                ProblemKind::IdMismatch,
                                tags[close + 2].range.clone(),
                                format!(
                                    "source span id `{}` does not match its translation span id `{id}`",
                                    pair.id
                                ),
                            ));
                        }
                        let mut source = pair.source;
                        if text[source.clone()].trim().is_empty()
                            && has_words(&text[segment.translation.clone()])
                        {
                            // Read as the English saying nothing, every
                            // fact of the translation would be "added".
                            scan.problems.push(problem(
                                ProblemKind::EmptySource,
                                segment.span.start..pair.end,
                                format!("the English source of segment `{id}` is empty, so its translation cannot be checked against it"),
                            ));
                            source = source.start..source.start;
                        }
                        segment.source = Some(source);
                        segment.span.end = pair.end;
                        k = pair.next;
                    }
                    Err(why) => scan.problems.push(problem(
                        ProblemKind::UnpairedTranslation,
                        segment.span.clone(),
                        format!("translation span `{id}` has no English source: {why}"),
                    )),
                }
                if let Some(first) = seen.get(id) {
                    let mut duplicate = problem(
                        ProblemKind::DuplicateId,
                        segment.span.start..segment.translation.start,
                        format!("segment id `{id}` is used twice on this page"),
                    );
                    duplicate.related = Some(first.clone());
                    scan.problems.push(duplicate);
                } else {
                    seen.insert(id, segment.span.start..segment.translation.start);
                }
                let in_broken_row = broken_row_end
                    .and_then(|end| text.get(end..segment.span.start))
                    .is_some_and(|between| !between.contains(['\n', '\r']));
                if let Some(line) = broken_structure(text, &segment.span, in_broken_row) {
                    if line == LineKind::TableRow {
                        broken_row_end = Some(segment.span.end);
                    }
                    scan.problems.push(problem(
                        ProblemKind::BrokenLine,
                        segment.span.clone(),
                        format!("segment `{id}` breaks across lines inside a {}, which splits it; keep the whole segment on one line", line.name()),
                    ));
                }
                scan.segments.push(segment);
            }
            Role::Lookup | Role::Source(_) => {
                scan.problems.push(problem(
                    ProblemKind::OrphanSource,
                    tag.range.clone(),
                    "English source span without a translation span before it".to_string(),
                ));
                k = tag.partner.map_or(k + 1, |close| close.max(k) + 1);
            }
            Role::Other | Role::Close => k += 1,
        }
    }
    let mut escaped = tags.iter().filter(|tag| tag.escaped);
    if let Some(first) = escaped.next() {
        let count = escaped.count() + 1;
        scan.problems.push(problem(
            ProblemKind::EscapedMarkup,
            first.range.clone(),
            format!("{count} span tags on this page have escaped quotes (`data-ttu-id=&quot;…&quot;`): the localization pipeline escaped its own markup; the segments are read all the same"),
        ));
    }
    scan
}

struct SourcePair<'t> {
    id: &'t str,
    source: Range<usize>,
    end: usize,
    next: usize,
}

/// Reads `<span class="sxs-lookup"><span data-stu-id="ID">…</span></span>`
/// starting at tag `k`, which must follow the translation directly.
fn source_pair<'t>(
    text: &str,
    tags: &[SpanTag<'t>],
    k: usize,
) -> Result<SourcePair<'t>, &'static str> {
    let (Some(lookup), Some(previous)) = (tags.get(k), k.checked_sub(1).and_then(|p| tags.get(p)))
    else {
        return Err("expected `<span class=\"sxs-lookup\">` after it");
    };
    if lookup.role != Role::Lookup || !is_blank(&text[previous.range.end..lookup.range.start]) {
        return Err("expected `<span class=\"sxs-lookup\">` right after it");
    }
    let Some(lookup_close) = lookup.partner else {
        return Err("its `sxs-lookup` span is never closed");
    };
    let Some(inner) = tags.get(k + 1).filter(|_| k + 1 < lookup_close) else {
        return Err("its `sxs-lookup` span has no `data-stu-id` span inside");
    };
    let Role::Source(id) = inner.role else {
        return Err("its `sxs-lookup` span has no `data-stu-id` span inside");
    };
    let Some(inner_close) = inner.partner else {
        return Err("its `data-stu-id` span is never closed");
    };
    Ok(SourcePair {
        id,
        source: inner.range.end..tags[inner_close].range.start,
        end: tags[lookup_close].range.end,
        next: lookup_close + 1,
    })
}

fn is_blank(between: &str) -> bool {
    between.bytes().all(|b| b == b' ' || b == b'\t')
}

/// A Markdown line that ends at its line break, whatever is open in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    TableRow,
    Heading,
}

impl LineKind {
    fn name(self) -> &'static str {
        match self {
            LineKind::TableRow => "table row",
            LineKind::Heading => "heading",
        }
    }
}

/// When a segment spans lines and starts on a table row or heading line
/// (or, `in_broken_row`, on the line a broken row went on to), that
/// line's kind: Markdown ends both at the line break.
fn broken_structure(text: &str, span: &Range<usize>, in_broken_row: bool) -> Option<LineKind> {
    let inner = &text[span.clone()];
    memchr::memchr2(b'\n', b'\r', inner.as_bytes())?;
    if in_broken_row {
        return Some(LineKind::TableRow);
    }
    line_kind(text, span.start)
}

/// The kind of the line of `text` that `offset` is on, if it ends at its
/// line break: what precedes `offset` on it starts a table row or a
/// heading.
pub fn line_kind(text: &str, offset: usize) -> Option<LineKind> {
    let before = text.get(..offset)?;
    let line_start = before.rfind(['\n', '\r']).map_or(0, |at| at + 1);
    let line = before[line_start..].trim_start();
    if line.starts_with('|') {
        Some(LineKind::TableRow)
    } else if line.starts_with('#') {
        Some(LineKind::Heading)
    } else {
        None
    }
}

/// A problem of the scan, with nothing related.
fn problem(kind: ProblemKind, span: Range<usize>, message: String) -> Problem {
    Problem {
        kind,
        span,
        message,
        related: None,
    }
}

/// Every `<span …>` and `</span>` from `from`, with open/close partners.
fn tokenize(text: &str, from: usize) -> Vec<SpanTag<'_>> {
    let bytes = text.as_bytes();
    // At most one tag per `<`, and per six bytes (`<span>`): counted first
    // (a vectorised pass), the list is never regrown, and a page of `<`
    // alone reserves no more than one of real tags would.
    let body = &bytes[from.min(bytes.len())..];
    let mut tags: Vec<SpanTag<'_>> =
        Vec::with_capacity(memchr::memchr_iter(b'<', body).count().min(body.len() / 6));
    let mut open: Vec<usize> = Vec::new();
    let mut at = from;
    while let Some(found) = memchr::memchr(b'<', &bytes[at.min(bytes.len())..]) {
        let start = at + found;
        at = start + 1;
        let Some((role, escaped, end)) = read_tag(text, start) else {
            continue;
        };
        at = end;
        let index = tags.len();
        let mut partner = None;
        if role == Role::Close {
            if let Some(opener) = open.pop() {
                tags[opener].partner = Some(index);
                partner = Some(opener);
            }
        } else {
            open.push(index);
        }
        tags.push(SpanTag {
            role,
            range: start..end,
            escaped,
            partner,
        });
    }
    tags
}

/// Reads a span tag at `start` (a `<`), returning its role, whether its
/// quotes were escaped, and its end.
fn read_tag(text: &str, start: usize) -> Option<(Role<'_>, bool, usize)> {
    let bytes = text.as_bytes();
    let rest = &bytes[start + 1..];
    if rest.len() >= 5 && rest[0] == b'/' && rest[1..5].eq_ignore_ascii_case(b"span") {
        let mut end = start + 6;
        while bytes.get(end).is_some_and(|b| b.is_ascii_whitespace()) {
            end += 1;
        }
        return (bytes.get(end) == Some(&b'>')).then_some((Role::Close, false, end + 1));
    }
    if rest.len() < 5 || !rest[..4].eq_ignore_ascii_case(b"span") {
        return None;
    }
    if !(rest[4].is_ascii_whitespace() || rest[4] == b'>') {
        return None;
    }
    read_span_attributes(text, start)
}

/// The general case of [`read_tag`] for a `<span` at `start`: its
/// attribute text up to the first `>` outside quotes.
fn read_span_attributes(text: &str, start: usize) -> Option<(Role<'_>, bool, usize)> {
    let bytes = text.as_bytes();
    let attrs_start = start + 5;
    let mut quote = None;
    let limit = bytes.len().min(start + MAX_TAG_LEN);
    let mut i = attrs_start;
    while i < limit {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'<' => return None,
            None if b == b'>' => {
                if bytes[i - 1] == b'/' {
                    return None;
                }
                let attrs = &text[attrs_start..i];
                let (role, escaped) = role_of(attrs);
                return Some((role, escaped, i + 1));
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// A segment span tag as every tool writes it: attribute text that is
/// exactly ` data-ttu-id="ID"`, ` data-stu-id="ID"` or
/// ` class="sxs-lookup"`. Anything else is for the attribute parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlainTag<'t> {
    Translation(&'t str),
    Source(&'t str),
    Lookup,
}

/// Reads `attrs` (a span tag's attribute text) as a [`PlainTag`], if it
/// is one; the id is as written, untrimmed.
pub(crate) fn plain_segment_tag(attrs: &str) -> Option<PlainTag<'_>> {
    let sole = |prefix: &str| {
        attrs
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix('"'))
            // Bytes, not chars: both quotes are ASCII.
            .filter(|value| !value.bytes().any(|b| b == b'"' || b == b'\''))
    };
    if let Some(id) = sole(" data-ttu-id=\"") {
        Some(PlainTag::Translation(id))
    } else if let Some(id) = sole(" data-stu-id=\"") {
        Some(PlainTag::Source(id))
    } else {
        (attrs == " class=\"sxs-lookup\"").then_some(PlainTag::Lookup)
    }
}

/// The role of a span tag from its attribute text, and whether its
/// attribute quotes were escaped (`data-ttu-id=&quot;ID&quot;`: a
/// pipeline that escaped its own markup; the tag is read all the same).
fn role_of(attrs: &str) -> (Role<'_>, bool) {
    match plain_segment_tag(attrs) {
        Some(PlainTag::Translation(id)) => return (Role::Translation(id.trim()), false),
        Some(PlainTag::Source(id)) => return (Role::Source(id.trim()), false),
        Some(PlainTag::Lookup) => return (Role::Lookup, false),
        None => {}
    }
    let mut role = (Role::Other, false);
    for (name, value) in attributes(attrs) {
        let (value, escaped) = match value
            .strip_prefix("&quot;")
            .and_then(|inner| inner.strip_suffix("&quot;"))
        {
            Some(inner) => (inner, true),
            None => (value, false),
        };
        if name.eq_ignore_ascii_case("data-ttu-id") {
            return (Role::Translation(value.trim()), escaped);
        } else if name.eq_ignore_ascii_case("data-stu-id") {
            return (Role::Source(value.trim()), escaped);
        } else if name.eq_ignore_ascii_case("class")
            && value
                .split_ascii_whitespace()
                .any(|class| class == "sxs-lookup")
        {
            role = (Role::Lookup, escaped);
        }
    }
    role
}

/// The anchor an `<a>` tag's attribute text names: its `name` or `id`.
pub(crate) fn anchor_name(attrs: &str) -> Option<&str> {
    attributes(attrs)
        .find(|(key, _)| key.eq_ignore_ascii_case("name") || key.eq_ignore_ascii_case("id"))
        .map(|(_, value)| value)
}

/// `name="value"` pairs of a tag's attribute text; unquoted and valueless
/// attributes are tolerated.
pub(crate) fn attributes(attrs: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = attrs;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        if !rest.starts_with('=') {
            return Some((name, ""));
        }
        rest = rest[1..].trim_start();
        let value = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = &rest[1..];
                let end = body.find(quote).unwrap_or(body.len());
                rest = body.get(end + 1..).unwrap_or("");
                &body[..end]
            }
            _ => {
                let end = rest
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                let value = &rest[..end];
                rest = &rest[end..];
                value
            }
        };
        Some((name, value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_parse_quotes_and_bare_values() {
        let attrs: Vec<_> = attributes(r#" class='a b' data-x=1 hidden name="q""#).collect();
        assert_eq!(
            attrs,
            vec![
                ("class", "a b"),
                ("data-x", "1"),
                ("hidden", ""),
                ("name", "q")
            ]
        );
    }
}
