//! The common ATX heading without a Markdown parser.
//!
//! Nearly every heading of a side-by-side page is an anchor and one
//! segment: `## <a name="x"></a><span data-ttu-id="1">…</span><span
//! class="sxs-lookup">…</span>`, plain text between well-formed tags, or a
//! docfx tab, `# [HTTP](#tab/http)`. For such a line the inline events are
//! what [`inline`] reads, which is what pulldown-cmark gives too, at a
//! fraction of the cost. Any other inline syntax sends the line to the
//! parser instead.

use super::plain::inline;
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

/// The events of the heading line `text[range]`, or `None` when the line
/// needs the parser. `range` is a whole line with its line ending.
pub(super) fn heading_events(
    text: &str,
    range: Range<usize>,
) -> Option<impl Iterator<Item = (Event<'_>, Range<usize>)>> {
    let line = text.get(range.clone())?;
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let level = HeadingLevel::try_from(hashes).ok()?;
    let after = &line[hashes..];
    if !after.is_empty() && !after.starts_with([' ', '\t', '\r', '\n']) {
        return None;
    }
    const BLANK: [char; 4] = [' ', '\t', '\r', '\n'];
    let content_start =
        range.start + hashes + (after.len() - after.trim_start_matches(BLANK).len());
    let content = closing_sequence_removed(after.trim_matches(BLANK));
    let start = Event::Start(Tag::Heading {
        level,
        id: None,
        classes: Vec::new(),
        attrs: Vec::new(),
    });
    // Read in full before the first event is given: a line the fast path
    // declines gives none.
    let mut events = Vec::with_capacity(12);
    events.push((start, range.clone()));
    inline(
        text,
        content_start..content_start + content.len(),
        &mut events,
    )?;
    events.push((Event::End(TagEnd::Heading(level)), range));
    Some(events.into_iter())
}

/// `Title ##` → `Title`: an ATX heading's optional closing hashes.
fn closing_sequence_removed(content: &str) -> &str {
    let without = content.trim_end_matches('#');
    if without.is_empty() {
        ""
    } else if without.ends_with([' ', '\t']) {
        without.trim_end_matches([' ', '\t'])
    } else {
        content
    }
}

/// The length of the HTML open or closing tag `rest` starts with, in
/// CommonMark's grammar for inline raw HTML.
pub(super) fn tag_length(rest: &str) -> Option<usize> {
    // The closing tags of a segment heading, most of its tags.
    for common in ["</span>", "</a>"] {
        if rest.starts_with(common) {
            return Some(common.len());
        }
    }
    let bytes = rest.as_bytes();
    let mut i = 1;
    let closing = bytes.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        i += 1;
    }
    if closing {
        i = skip_spaces(bytes, i);
        return (bytes.get(i) == Some(&b'>')).then_some(i + 1);
    }
    loop {
        let spaced = skip_spaces(bytes, i);
        match bytes.get(spaced)? {
            b'>' => return Some(spaced + 1),
            b'/' => return (bytes.get(spaced + 1) == Some(&b'>')).then_some(spaced + 2),
            _ if spaced == i => return None,
            b if b.is_ascii_alphabetic() || *b == b'_' || *b == b':' => {
                i = attribute_end(bytes, spaced)?;
            }
            _ => return None,
        }
    }
}

/// The end of the attribute starting at `i`: its name and optional value.
fn attribute_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
    {
        i += 1;
    }
    let before_value = skip_spaces(bytes, i);
    if bytes.get(before_value) != Some(&b'=') {
        return Some(i);
    }
    let value = skip_spaces(bytes, before_value + 1);
    match bytes.get(value)? {
        quote @ (b'"' | b'\'') => {
            let close = memchr::memchr(*quote, &bytes[value + 1..])?;
            Some(value + 1 + close + 1)
        }
        _ => {
            let length = bytes[value..]
                .iter()
                .take_while(|b| !b" \t\n\r\"'=<>`".contains(b))
                .count();
            (length > 0).then_some(value + length)
        }
    }
}

fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t')) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parser_events;

    /// The fast path gives pulldown-cmark's events, or declines.
    fn agrees(line: &str) -> bool {
        let parsed = parser_events(line);
        match heading_events(line, 0..line.len()) {
            Some(fast) => {
                assert_eq!(fast.collect::<Vec<_>>(), parsed, "{line:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn segment_headings_take_the_fast_path() {
        assert!(agrees("## <a name=\"permissions\"></a><span data-ttu-id=\"1-107\">Разрешения</span><span class=\"sxs-lookup\"><span data-stu-id=\"1-107\">Permissions</span></span>\n"));
        assert!(agrees("# Title ##\r\n"));
        assert!(agrees("###   spaced   out   \n"));
        assert!(agrees("## <br/> <x-y a=b c='d' e>text</x-y>\n"));
        assert!(agrees("#\n"));
        assert!(agrees("## #\n"));
        assert!(agrees("## a#\n"));
        assert!(agrees("# [HTTP](#tab/http)\n"));
        assert!(agrees(
            "# <a name=\"t\"></a>[<span data-ttu-id=\"1\">HTTP</span>](#tab/http)\n"
        ));
        assert!(agrees("## `code` &amp; text\n"));
    }

    #[test]
    fn other_inline_syntax_declines() {
        for line in [
            "## a &copy; b\n",
            "## `unclosed\n",
            "## a < b\n",
            "## <http://example.org>\n",
            "## <span data-x=\"unclosed>\n",
            "## **bold**\n",
            "#no-space\n",
            "####### seven\n",
        ] {
            assert!(!agrees(line), "{line:?}");
        }
    }
}
