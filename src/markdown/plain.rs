//! Plain paragraphs and pipe tables without a Markdown parser.
//!
//! The sections facts are read from (permissions, HTTP request, response),
//! and much of the rest of a page, are short paragraphs of segments and
//! pipe tables whose cells are one segment each: plain text between
//! well-formed tags, now and then a code span, a plain link or an entity.
//! For such blocks this gives the events pulldown-cmark gives, at a
//! fraction of the cost. A block holding anything else (emphasis, other
//! links or entities, escapes, lists, a line that could start another
//! block) is declined, and its region goes to the parser whole.

use super::heading::tag_length;
use super::skim::{changed_by_parser, html_block, indentation, is_spaces, list_item};
use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// Where the fast path's events go, each with its byte range in the page
/// (as `into_offset_iter` gives them), in order.
pub(super) trait Sink<'t> {
    fn push(&mut self, event: (Event<'t>, Range<usize>));
}

impl<'t> Sink<'t> for Vec<(Event<'t>, Range<usize>)> {
    fn push(&mut self, event: (Event<'t>, Range<usize>)) {
        Vec::push(self, event);
    }
}

/// Hands `sink` the events of a content region's paragraphs and tables,
/// and `block` each of its `blocks` (which the skimmer placed, sorted)
/// where it comes among them. `None` when some paragraph or table there
/// needs the parser; `sink` has then been given part of the region.
pub(super) fn region<'t, S: Sink<'t> + ?Sized>(
    text: &'t str,
    range: Range<usize>,
    blocks: &[Range<usize>],
    sink: &mut S,
    block: impl Fn(&mut S, Range<usize>),
) -> Option<()> {
    let mut at = range.start;
    for next in blocks {
        plain_events(text, at..next.start, true, sink)?;
        block(sink, next.clone());
        at = next.end;
    }
    plain_events(text, at..range.end, false, sink)
}

/// Hands `events` the events of `text[range]`: whole lines between two
/// blocks the skimmer placed (or a region's ends). `None` when some block
/// there needs the parser; `events` has then been given part of them.
/// `then_block` says a skimmed block follows right after `range`, which
/// a table may not run into.
fn plain_events<'t, S: Sink<'t> + ?Sized>(
    text: &'t str,
    range: Range<usize>,
    then_block: bool,
    events: &mut S,
) -> Option<()> {
    let bytes = text.as_bytes();
    let mut chunk: Vec<Range<usize>> = Vec::new();
    let mut at = range.start;
    while at < range.end {
        let end =
            memchr::memchr(b'\n', bytes.get(at..range.end)?).map_or(range.end, |i| at + i + 1);
        let line = text.get(at..end)?;
        if is_spaces(line.trim_end_matches('\n')) {
            block(text, &chunk, false, events)?;
            chunk.clear();
        } else {
            chunk.push(at..end);
        }
        at = end;
    }
    block(text, &chunk, then_block, events)
}

/// The events of one run of non-blank lines, a paragraph or a table.
fn block<'t, S: Sink<'t> + ?Sized>(
    text: &'t str,
    lines: &[Range<usize>],
    then_block: bool,
    events: &mut S,
) -> Option<()> {
    let Some(first) = lines.first() else {
        return Some(());
    };
    if text.get(first.clone())?.starts_with('|') {
        return if then_block {
            None
        } else {
            table(text, lines, events)
        };
    }
    paragraph(text, lines, events)
}

/// A line's text without its line ending; `None` for what the fast path
/// never reads (tabs, carriage returns, NUL).
fn line_text<'t>(text: &'t str, line: &Range<usize>) -> Option<&'t str> {
    let raw = text.get(line.clone())?;
    let raw = raw.strip_suffix('\n').unwrap_or(raw);
    (!changed_by_parser(raw)).then_some(raw)
}

fn paragraph<'t, S: Sink<'t> + ?Sized>(
    text: &'t str,
    lines: &[Range<usize>],
    events: &mut S,
) -> Option<()> {
    // Each line's content: where it starts, and its text to the line end.
    let mut pieces = Vec::with_capacity(lines.len());
    for line in lines {
        let raw = line_text(text, line)?;
        let (indent, rest) = indentation(raw);
        // A pipe may make a table of the lines around it.
        if indent >= 4 || !starts_plainly(rest) || rest.contains('|') {
            return None;
        }
        pieces.push((line.start + indent, rest));
    }
    let span = pieces.first()?.0..lines.last()?.end;
    events.push((Event::Start(Tag::Paragraph), span.clone()));
    for (i, (&(start, rest), line)) in pieces.iter().zip(lines).enumerate() {
        let content = rest.trim_end_matches(' ');
        let content_end = start + content.len();
        inline(text, start..content_end, events)?;
        // A paragraph's last line ends in no break.
        if i + 1 == lines.len() {
            break;
        }
        if rest.len() - content.len() >= 2 {
            events.push((Event::HardBreak, content_end..line.end));
        } else {
            events.push((Event::SoftBreak, line.end - 1..line.end));
        }
    }
    events.push((Event::End(TagEnd::Paragraph), span));
    Some(())
}

/// Whether a line (its indentation removed) can only go on, or start, a
/// paragraph: it opens no other block and cannot interrupt one.
fn starts_plainly(rest: &str) -> bool {
    match rest.as_bytes().first() {
        None => false,
        Some(b'<') => html_block(rest).is_none(),
        Some(b'0'..=b'9') => list_item(rest).is_none(),
        Some(
            b'#' | b'>' | b'-' | b'*' | b'+' | b'=' | b'_' | b'`' | b'~' | b'[' | b'!' | b'\\'
            | b'|',
        ) => false,
        Some(_) => true,
    }
}

/// The empty cells pulldown-cmark fills in for a table's short rows before
/// it ends the table (its `MAX_AUTOCOMPLETED_CELLS`).
const PARSER_FILLED_CELLS: usize = 1 << 18;

/// A pipe table: a header row, a delimiter row with as many cells, and
/// rows, every line starting with a pipe.
fn table<'t, S: Sink<'t> + ?Sized>(
    text: &'t str,
    lines: &[Range<usize>],
    events: &mut S,
) -> Option<()> {
    let [head, delimiter, rows @ ..] = lines else {
        return None;
    };
    let head_cells = cells(text, head)?;
    let alignments = cells(text, delimiter)?
        .into_iter()
        .map(|cell| alignment(text.get(cell)?))
        .collect::<Option<Vec<_>>>()?;
    if alignments.len() != head_cells.len() {
        return None;
    }
    let columns = alignments.len();
    let span = head.start..lines.last()?.end;
    events.push((Event::Start(Tag::Table(alignments)), span.clone()));
    events.push((Event::Start(Tag::TableHead), head.clone()));
    row(text, head, head_cells, columns, events)?;
    events.push((Event::End(TagEnd::TableHead), head.clone()));
    let mut filled = 0;
    for line in rows {
        let found = cells(text, line)?;
        // Past its limit the parser ends the table.
        filled += columns.saturating_sub(found.len());
        if filled > PARSER_FILLED_CELLS {
            return None;
        }
        events.push((Event::Start(Tag::TableRow), line.clone()));
        row(text, line, found, columns, events)?;
        events.push((Event::End(TagEnd::TableRow), line.clone()));
    }
    events.push((Event::End(TagEnd::Table), span));
    Some(())
}

/// The cells of a row: the ranges between its pipes. A row the fast path
/// does not read (no leading pipe, white space after the last one,
/// escapes) gives `None`.
fn cells(text: &str, line: &Range<usize>) -> Option<Vec<Range<usize>>> {
    let raw = line_text(text, line)?;
    if !raw.starts_with('|') || raw.contains('\\') {
        return None;
    }
    let mut found = Vec::new();
    let mut start = 1;
    for pipe in memchr::memchr_iter(b'|', &raw.as_bytes()[1..]) {
        let pipe = pipe + 1;
        found.push(line.start + start..line.start + pipe);
        start = pipe + 1;
    }
    let tail = &raw[start..];
    if !tail.is_empty() {
        if is_spaces(tail) {
            return None;
        }
        found.push(line.start + start..line.start + raw.len());
    }
    Some(found)
}

/// A delimiter row's cell: `---`, `:--`, `--:` or `:-:`, spaces around.
fn alignment(cell: &str) -> Option<Alignment> {
    let dashes = cell.trim_matches(' ');
    let left = dashes.starts_with(':');
    let right = dashes.ends_with(':') && dashes.len() > 1;
    let inner = &dashes[usize::from(left)..dashes.len() - usize::from(right)];
    if inner.is_empty() || !inner.bytes().all(|b| b == b'-') {
        return None;
    }
    Some(match (left, right) {
        (true, true) => Alignment::Center,
        (true, false) => Alignment::Left,
        (false, true) => Alignment::Right,
        (false, false) => Alignment::None,
    })
}

/// One row's cells, as many as the table has columns: missing ones are
/// empty at the row's end, extra ones dropped.
fn row<'t, S: Sink<'t> + ?Sized>(
    text: &'t str,
    line: &Range<usize>,
    found: Vec<Range<usize>>,
    columns: usize,
    events: &mut S,
) -> Option<()> {
    for column in 0..columns {
        let cell = found.get(column).cloned().unwrap_or(line.end..line.end);
        let raw = text.get(cell.clone())?;
        let content = raw.trim_start_matches(' ');
        let start = cell.start + (raw.len() - content.len());
        let content = content.trim_end_matches(' ');
        events.push((Event::Start(Tag::TableCell), cell.clone()));
        inline(text, start..start + content.len(), events)?;
        events.push((Event::End(TagEnd::TableCell), cell));
    }
    Some(())
}

/// The inline events of `text[range]`, one line's content: tags, code
/// spans, plain inline links, the [`ENTITIES`] and the text between them.
/// `None` for any other inline syntax.
pub(super) fn inline<'t, S: Sink<'t> + ?Sized>(
    text: &'t str,
    range: Range<usize>,
    events: &mut S,
) -> Option<()> {
    let content = text.get(range.clone())?;
    let bytes = content.as_bytes();
    let offset = range.start;
    let mut run = 0;
    let mut at = 0;
    let text_run = |events: &mut S, from: usize, to: usize| {
        if from < to {
            events.push((
                Event::Text(CowStr::Borrowed(&content[from..to])),
                offset + from..offset + to,
            ));
        }
    };
    while let Some(&b) = bytes.get(at) {
        match b {
            b'<' => {
                let length = tag_length(&content[at..])?;
                text_run(events, run, at);
                events.push((
                    Event::InlineHtml(CowStr::Borrowed(&content[at..at + length])),
                    offset + at..offset + at + length,
                ));
                at += length;
                run = at;
            }
            b'`' => {
                let (code, end) = code_span(content, at)?;
                text_run(events, run, at);
                events.push((
                    Event::Code(CowStr::Borrowed(code)),
                    offset + at..offset + end,
                ));
                at = end;
                run = at;
            }
            b'[' => {
                let link = inline_link(content, at)?;
                text_run(events, run, at);
                let span = offset + at..offset + link.end;
                events.push((
                    Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::Borrowed(link.destination),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    }),
                    span.clone(),
                ));
                inline(
                    text,
                    offset + link.text.start..offset + link.text.end,
                    events,
                )?;
                events.push((Event::End(TagEnd::Link), span));
                at = link.end;
                run = at;
            }
            b'&' => {
                let (entity, character) = ENTITIES
                    .iter()
                    .find(|(entity, _)| content[at..].starts_with(entity))?;
                text_run(events, run, at);
                events.push((
                    Event::Text(CowStr::Borrowed(character)),
                    offset + at..offset + at + entity.len(),
                ));
                at += entity.len();
                run = at;
            }
            b'\\' | b'*' | b'_' | b']' | b'~' | b'!' | b'\t' | b'\r' | 0 => return None,
            _ => at += 1,
        }
    }
    text_run(events, run, at);
    Some(())
}

/// The entities of these pages' text (`Bearer &lt;token&gt;`), each its
/// own text event, as pulldown-cmark gives them. Any other `&` declines.
const ENTITIES: [(&str, &str); 5] = [
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&amp;", "&"),
    ("&quot;", "\""),
    ("&nbsp;", "\u{a0}"),
];

/// An inline link, `[text](destination)`, in its plainest form.
struct InlineLink<'c> {
    /// The text between the brackets, in the content.
    text: Range<usize>,
    destination: &'c str,
    /// Just after the closing parenthesis.
    end: usize,
}

/// The inline link opening at `content[at]`: text with no brackets,
/// code or escapes, and a destination with no spaces, parentheses,
/// angle brackets, escapes or entities (nor a title). `None` for any
/// other link, and for brackets that are not one.
fn inline_link(content: &str, at: usize) -> Option<InlineLink<'_>> {
    let bytes = content.as_bytes();
    let text_start = at + 1;
    // Tags are read whole: a bracket in one is not the link's.
    let mut close = text_start;
    loop {
        match *bytes.get(close)? {
            b']' => break,
            b'<' => close += tag_length(&content[close..])?,
            b'[' | b'`' | b'\\' => return None,
            _ => close += 1,
        }
    }
    if bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let destination_start = close + 2;
    let destination_end = destination_start
        + bytes.get(destination_start..)?.iter().position(|&b| {
            b == b')' || b.is_ascii_whitespace() || matches!(b, b'(' | b'<' | b'\\' | b'&')
        })?;
    if bytes[destination_end] != b')' || destination_end == destination_start {
        return None;
    }
    Some(InlineLink {
        text: text_start..close,
        destination: &content[destination_start..destination_end],
        end: destination_end + 1,
    })
}

/// The code span opening at `content[at]`: its code and where it ends.
/// `None` when no closing run of as many backticks follows (the backticks
/// are then text, which the fast path leaves to the parser).
fn code_span(content: &str, at: usize) -> Option<(&str, usize)> {
    let bytes = content.as_bytes();
    let run = |from: usize| bytes[from..].iter().take_while(|&&b| b == b'`').count();
    let opening = run(at);
    let mut search = at + opening;
    let close = loop {
        let next = search + memchr::memchr(b'`', bytes.get(search..)?)?;
        let length = run(next);
        if length == opening {
            break next;
        }
        search = next + length;
    };
    let inner = &content[at + opening..close];
    let code = if inner.len() >= 2
        && inner.starts_with(' ')
        && inner.ends_with(' ')
        && !inner.bytes().all(|b| b == b' ')
    {
        &inner[1..inner.len() - 1]
    } else {
        inner
    };
    Some((code, close + opening))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parser_events;

    /// The fast path gives pulldown-cmark's events for `text`, or declines.
    fn agrees(text: &str) -> bool {
        let parsed = parser_events(text);
        let mut events = Vec::new();
        match plain_events(text, 0..text.len(), false, &mut events) {
            Some(()) => {
                assert_eq!(events, parsed, "{text:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn segment_paragraphs_and_tables_take_the_fast_path() {
        for text in [
            "<span data-ttu-id=\"1-1\">Один</span><span class=\"sxs-lookup\"><span data-stu-id=\"1-1\">One</span></span>\n",
            "Para one <span data-ttu-id=\"a\">x</span> `204 OK`\n  second line  \nthird \nfourth\n\n  Indented\n",
            "| <span>H1</span> |H2|\n|:---|---:|\n|a | `c` d |\n|e|\n| f | g | h |\n| |x\n",
            "|a|b|\n|:-:|-|\n\nafter\n",
            "x `` a ` b `` and ` ` and `  x  `\n",
            "see <a href=\"x.md\">x</a>, <br/> and <x-y a=b c='d' e>text</x-y>\n",
            "1986 was a year\n",
            "Bearer &lt;token&gt; x&amp;y &quot;q&quot; a&nbsp;b\n",
            "a [Berechtigungen](/graph/permissions-reference.md) b [x y](../r/a_b.md#frag)-Objekt\n",
            "|[a](b.md)|x|\n|-|-|\n",
            "see [<span title=\"]\">HTTP</span>](#tab/http)\n",
            "",
            "\n\n",
        ] {
            assert!(agrees(text), "{text:?}");
        }
    }

    #[test]
    fn anything_else_declines() {
        for text in [
            "**bold**\n",
            "a [link](x \"title\")\n",
            "a [link](<x>)\n",
            "a [li[n]k](x)\n",
            "a [link] b\n",
            "a [link]()\n",
            "a [**link**](x)\n",
            "a &copy; b\n",
            "a &#39; b\n",
            "a & b\n",
            "a < b\n",
            "a \\* b\n",
            "tab\there\n",
            "line\n- item\n",
            "line\n1. item\n",
            "line\n> quote\n",
            "line\n===\n",
            "line\n---\n",
            "line | with pipe\n|-|\n",
            "|a|b|\n|-|\n",
            "|a|b|\n|-|-|\nno pipe\n",
            "|a|b| \n|-|-|\n",
            "    code\n",
            "<div>\n",
            "`unclosed\n",
            "# heading\n",
            "![image](x.png)\n",
            "~~struck~~\n",
        ] {
            assert!(!agrees(text), "{text:?}");
        }
    }
}
