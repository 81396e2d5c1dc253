//! Skimming a page body line by line for what an outline must parse.
//!
//! Facts and rules read a few sections of a page; the rest of it is
//! examples and property tables, most of the bytes and most of the cost of
//! a full Markdown pass. Skimming splits the body at its top-level ATX
//! headings into regions, and in each region finds the blocks an outline
//! keeps everywhere (fenced code, HTML comments, callouts, includes). The
//! outline then runs pulldown-cmark over the headings, over whole regions
//! of kept sections, and only over those blocks elsewhere.
//!
//! Every split must be one CommonMark itself makes, so the skimmer is
//! conservative: a region holding anything it cannot place exactly
//! (indented code, setext headings, HTML blocks other than comments,
//! headings or fences inside containers) is marked `whole` and parsed in
//! full, and a body it cannot split safely at all (link reference
//! definitions, which reach across regions, or a fence that could belong to
//! a list item) gives `None`, and the caller parses the whole body.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Region {
    /// One ATX heading line at the top level, with its line ending.
    Heading(Range<usize>),
    /// The lines between two headings.
    Content {
        range: Range<usize>,
        /// Blocks the outline keeps even outside kept sections, each one
        /// parseable on its own.
        blocks: Vec<Range<usize>>,
        /// Something here cannot be placed without a full parse.
        whole: bool,
    },
}

/// Skims `text[from..]`; offsets are into `text`. `None` when the body
/// cannot be split safely.
pub(crate) fn skim(text: &str, from: usize) -> Option<Vec<Region>> {
    let bytes = text.as_bytes();
    let body = &bytes[from.min(bytes.len())..];
    // A lone CR ends a line for CommonMark; the loader turns them into LF,
    // and the skimmer leaves any other text to the parser. So with vertical
    // tabs and form feeds, whitespace to pulldown-cmark.
    if memchr::memchr_iter(b'\r', body).any(|at| body.get(at + 1) != Some(&b'\n'))
        || memchr::memchr2(b'\x0b', b'\x0c', body).is_some()
    {
        return None;
    }
    let mut skimmer = Skimmer {
        regions: Vec::new(),
        start: from,
        blocks: Vec::new(),
        whole: false,
        state: State::Top,
        chunk: None,
        previous: Previous::Start,
        row: false,
    };
    let mut at = from;
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        skimmer.line(text, at..end)?;
        at = end;
    }
    skimmer.finish(text.len())?;
    Some(skimmer.regions)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Top,
    /// Inside a fenced code block opened at `indent` columns.
    Fence {
        marker: u8,
        length: usize,
        indent: usize,
        /// Where its own block starts, when it is one of the region's
        /// blocks rather than part of a chunk.
        block: Option<usize>,
    },
    /// Inside an HTML block that ends at a line containing `end`, or at a
    /// blank line when `end` is empty.
    Html {
        end: &'static str,
        indent: usize,
        block: Option<usize>,
        /// Started by a lone tag, which may not be an HTML block at all.
        lone: bool,
    },
}

/// What the previous line was, for the rules that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Previous {
    /// The start of a region.
    Start,
    Blank,
    /// A line of text: a paragraph may be open.
    Text,
    /// The end of a block that is not a paragraph.
    Closed,
}

struct Skimmer {
    regions: Vec<Region>,
    /// Where the current content region starts.
    start: usize,
    blocks: Vec<Range<usize>>,
    whole: bool,
    state: State,
    /// A callout or include being read to its blank line: its start.
    chunk: Option<usize>,
    previous: Previous,
    /// The previous line may be a table row.
    row: bool,
}

impl Skimmer {
    fn line(&mut self, text: &str, range: Range<usize>) -> Option<()> {
        let line = text[range.clone()].trim_end_matches(['\n', '\r']);
        let (indent, rest) = indentation(line);
        // Blank for CommonMark: spaces and tabs only (a no-break space is
        // text).
        let blank = is_spaces(rest);
        match self.state {
            State::Fence {
                marker,
                length,
                indent: opened,
                block,
            } => {
                if !blank && indent < opened {
                    // Top-level code (or its closing fence), or the end of
                    // the list item holding the fence: only a full parse
                    // can tell.
                    return None;
                }
                if indent <= 3 && closes_fence(rest, marker, length) {
                    self.state = State::Top;
                    self.previous = Previous::Closed;
                    if let Some(start) = block {
                        self.blocks.push(start..range.end);
                    }
                }
                return Some(());
            }
            State::Html {
                end,
                indent: opened,
                block,
                lone,
            } => {
                if !blank && indent < opened {
                    // As with fences: the end of a list item, or not.
                    return None;
                }
                if end.is_empty() {
                    if blank {
                        self.state = State::Top;
                        self.previous = Previous::Blank;
                        self.end_chunk(range.start);
                    } else if lone && (heading_level(rest).is_some() || fence(rest).is_some()) {
                        // Perhaps not an HTML block after all.
                        return None;
                    }
                } else if contains_ignore_case(line, end) {
                    self.state = State::Top;
                    self.previous = Previous::Closed;
                    if let Some(start) = block {
                        self.blocks.push(start..range.end);
                    }
                }
                return Some(());
            }
            State::Top => {}
        }

        if blank {
            self.end_chunk(range.start);
            self.previous = Previous::Blank;
            return Some(());
        }
        if indent == 0 && heading_level(rest).is_some() {
            self.end_chunk(range.start);
            self.end_region(range.start);
            self.regions.push(Region::Heading(range.clone()));
            self.start = range.end;
            self.previous = Previous::Start;
            return Some(());
        }
        let may_start_block = self.previous != Previous::Text;
        let after_text = self.previous == Previous::Text;
        let after_row = std::mem::replace(&mut self.row, rest.contains('|'));
        if indent >= 4 {
            if !after_text || after_row || interesting(strip_containers(rest)) {
                // Indented code (which may follow a table row but not a
                // paragraph), or a block inside a list item.
                self.whole = true;
            }
            self.previous = Previous::Text;
            return Some(());
        }
        if link_definition(rest) {
            return None;
        }
        if let Some((marker, length)) = fence(rest) {
            // A fence inside a callout or include is parsed with it.
            let block = self.chunk.is_none().then_some(range.start);
            self.state = State::Fence {
                marker,
                length,
                indent,
                block,
            };
            return Some(());
        }
        if let Some(tag) = rest.strip_prefix('<') {
            if let Some((end, lone)) = html_block(rest) {
                if end == "-->" {
                    let block = self.chunk.is_none().then_some(range.start);
                    let after_open = &line[line.len() - rest.len() + 4..];
                    if after_open.contains("-->") {
                        if let Some(start) = block {
                            self.blocks.push(start..range.end);
                        }
                        self.previous = Previous::Closed;
                    } else {
                        self.state = State::Html {
                            end,
                            indent,
                            block,
                            lone: false,
                        };
                    }
                    return Some(());
                }
                self.whole = true;
                if end.is_empty() && !may_start_block {
                    // A lone tag cannot interrupt a paragraph, and whether
                    // one is open here takes a full parse to know.
                    return None;
                }
                self.state = State::Html {
                    end,
                    indent,
                    block: None,
                    lone,
                };
                if !end.is_empty() && contains_ignore_case(tag, end) {
                    self.state = State::Top;
                    self.previous = Previous::Closed;
                }
                return Some(());
            }
        }
        self.previous = Previous::Text;
        if self.chunk.is_some() {
            // Whatever a callout or include holds is parsed with it.
            return Some(());
        }
        if (indent > 0 && heading_level(rest).is_some()) || (setext_underline(rest) && after_text) {
            // A heading the regions do not split at.
            self.whole = true;
        } else if let Some(inner) = rest.strip_prefix('>') {
            let inner = strip_containers(inner);
            if link_definition(inner) {
                return None;
            }
            if inner.starts_with("[!") && may_start_block && indent == 0 {
                self.chunk.get_or_insert(range.start);
            } else if interesting(inner) {
                self.whole = true;
            }
        } else if rest.starts_with("[!") {
            if may_start_block && indent == 0 {
                self.chunk.get_or_insert(range.start);
            } else {
                self.whole = true;
            }
        } else if let Some(item) = list_item(rest) {
            let content = strip_containers(item);
            if link_definition(content) {
                return None;
            }
            if interesting(content) {
                self.whole = true;
            }
        }
        Some(())
    }

    fn end_chunk(&mut self, at: usize) {
        if let Some(start) = self.chunk.take() {
            self.blocks.push(start..at);
        }
    }

    fn end_region(&mut self, at: usize) {
        let range = self.start..at;
        let blocks = std::mem::take(&mut self.blocks);
        let whole = std::mem::take(&mut self.whole);
        if !range.is_empty() {
            self.regions.push(Region::Content {
                range,
                blocks,
                whole,
            });
        }
    }

    fn finish(&mut self, end: usize) -> Option<()> {
        match self.state {
            State::Fence { block, .. } | State::Html { block, .. } => {
                if let Some(start) = block {
                    self.blocks.push(start..end);
                }
            }
            State::Top => {}
        }
        self.end_chunk(end);
        self.end_region(end);
        Some(())
    }
}

/// Leading columns (tabs to the next multiple of four) and the rest.
pub(super) fn indentation(line: &str) -> (usize, &str) {
    let mut columns = 0;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => return (columns, &line[i..]),
        }
    }
    (columns, "")
}

/// `## Title` → 2. The line's indentation is already removed.
fn heading_level(rest: &str) -> Option<usize> {
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    let after = rest.as_bytes().get(level);
    ((1..=6).contains(&level) && after.is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r')))
        .then_some(level)
}

/// An opening code fence: its character and length.
fn fence(rest: &str) -> Option<(u8, usize)> {
    let marker = *rest.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let length = rest.bytes().take_while(|&b| b == marker).count();
    if length < 3 {
        return None;
    }
    // A backtick fence's info string cannot hold a backtick.
    if marker == b'`' && rest[length..].contains('`') {
        return None;
    }
    Some((marker, length))
}

fn closes_fence(rest: &str, marker: u8, length: usize) -> bool {
    let count = rest.bytes().take_while(|&b| b == marker).count();
    count >= length && is_spaces(&rest[count..])
}

/// A fenced code block whose text is its lines as they are: opened at
/// the margin, closed, and with nothing in it or its info string that
/// CommonMark would change (tabs, carriage returns, NUL, escapes and
/// entities in the info string).
pub(crate) struct PlainFence<'t> {
    pub info: &'t str,
    /// The lines between the fences, each with its newline.
    pub content: Range<usize>,
    /// The whole block, from the opening fence to the end of the closing
    /// one (not its newline), as pulldown-cmark gives it.
    pub span: Range<usize>,
}

/// `text[block]`, one of the blocks [`skim`] found, as a [`PlainFence`],
/// if it is one; the outline then needs no parser for it.
pub(crate) fn plain_fence(text: &str, block: Range<usize>) -> Option<PlainFence<'_>> {
    let raw = text.get(block.clone())?;
    if changed_by_parser(raw) || !raw.ends_with('\n') {
        return None;
    }
    let first_end = memchr::memchr(b'\n', raw.as_bytes())?;
    let (marker, length) = fence(&raw[..first_end])?;
    let info = &raw[length..first_end];
    if info.contains(['\\', '&']) || first_end + 1 >= raw.len() {
        return None;
    }
    let body = &raw[first_end + 1..raw.len() - 1];
    let last_start = memchr::memrchr(b'\n', body.as_bytes()).map_or(0, |i| i + 1);
    // Closed as the skimmer closes a fence.
    let (indent, closing) = indentation(&body[last_start..]);
    if indent > 3 || !closes_fence(closing, marker, length) {
        return None;
    }
    let content_start = block.start + first_end + 1;
    Some(PlainFence {
        info,
        content: content_start..content_start + last_start,
        span: block.start..block.end - 1,
    })
}

/// `text[block]`, one of the blocks [`skim`] found, as the text of an
/// HTML comment block, if it is one whose lines pulldown-cmark would give
/// as they are: opened at the margin, ending with a line ending, no tab,
/// carriage return or NUL, and closed on its last line only.
pub(crate) fn plain_comment(text: &str, block: Range<usize>) -> Option<&str> {
    let raw = text.get(block)?;
    if !raw.starts_with("<!--") || !raw.ends_with('\n') || changed_by_parser(raw) {
        return None;
    }
    // `<!-->` closes a comment too: the first close must be on the last
    // line, where the block ends.
    let close = 2 + memchr::memmem::find(&raw.as_bytes()[2..], b"-->")?;
    let last_line = memchr::memrchr(b'\n', &raw.as_bytes()[..raw.len() - 1]).map_or(0, |i| i + 1);
    (close >= last_line).then_some(raw)
}

/// Whether `text` holds what CommonMark changes or reads specially in any
/// block (tabs, carriage returns, NUL): text the fast paths leave to the
/// parser.
pub(super) fn changed_by_parser(text: &str) -> bool {
    memchr::memchr3(b'\t', b'\r', 0, text.as_bytes()).is_some()
}

/// Whether `text` is only spaces and tabs (or nothing): what CommonMark
/// allows on a blank line or after a closing fence. Not Unicode white
/// space, which `str::trim` would also take.
pub(super) fn is_spaces(text: &str) -> bool {
    text.bytes().all(|b| b == b' ' || b == b'\t')
}

/// `Title\n===` or `Title\n---`: the underline line.
fn setext_underline(rest: &str) -> bool {
    let line = rest.trim_end();
    let Some(first) = line.bytes().next() else {
        return false;
    };
    (first == b'=' || first == b'-') && line.bytes().all(|b| b == first)
}

/// `[label]: destination`, which any later link may use.
fn link_definition(rest: &str) -> bool {
    let Some(label) = rest.strip_prefix('[') else {
        return false;
    };
    match label.find(']') {
        Some(close) => label[close + 1..].starts_with(':') && !label[..close].starts_with('!'),
        None => false,
    }
}

/// `- `, `* `, `+ `, `1. `, `1) ` → the text after the marker.
pub(super) fn list_item(rest: &str) -> Option<&str> {
    let bytes = rest.as_bytes();
    let marker_end = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match bytes.get(marker_end) {
        None => Some(""),
        Some(b' ' | b'\t') => Some(&rest[marker_end..]),
        _ => None,
    }
}

/// Blockquote markers and list markers in front of a line's content.
fn strip_containers(mut rest: &str) -> &str {
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        if let Some(inner) = rest.strip_prefix('>') {
            rest = inner;
        } else if let Some(inner) = list_item(rest).filter(|inner| inner.len() < rest.len()) {
            rest = inner;
        } else {
            return rest;
        }
    }
}

/// Content that makes a block the outline keeps, or ends a section.
fn interesting(content: &str) -> bool {
    heading_level(content).is_some()
        || fence(content).is_some()
        || content.starts_with("[!")
        || content.starts_with("<!--")
        || setext_underline(content)
}

/// The end condition of the HTML block `rest` starts (CommonMark's seven
/// kinds): a string a line must contain, or empty for a blank line; and
/// whether it is the seventh kind, a lone tag.
pub(super) fn html_block(rest: &str) -> Option<(&'static str, bool)> {
    let end = html_block_end(rest)?;
    Some((end, end.is_empty() && !opens_block_tag(rest)))
}

fn html_block_end(rest: &str) -> Option<&'static str> {
    let starts = |prefix: &str| {
        rest.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if rest.starts_with("<!--") {
        return Some("-->");
    }
    if rest.starts_with("<?") {
        return Some("?>");
    }
    if rest.starts_with("<![CDATA[") {
        return Some("]]>");
    }
    if rest.starts_with("<!") && rest.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic) {
        return Some(">");
    }
    for (tag, end) in [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if starts(tag)
            && rest[tag.len()..]
                .bytes()
                .next()
                .is_none_or(|b| matches!(b, b' ' | b'\t' | b'>' | b'\r'))
        {
            return Some(end);
        }
    }
    let name_start = if rest.starts_with("</") { 2 } else { 1 };
    let name_len = rest[name_start..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let name = &rest[name_start..name_start + name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    if opens_block_tag(rest) {
        return Some("");
    }
    // Kind 7: a lone open or closing tag on its own line. Its grammar is
    // long; a line that is one `<...>` and nothing else is treated as one.
    let line = rest.trim_end();
    (!line[1..].contains('<') && line.ends_with('>') && line.matches('>').count() == 1)
        .then_some("")
}

/// Whether `name` is one of CommonMark's block-level HTML tags (sorted
/// lowercase in [`BLOCK_TAGS`], the longest ten bytes).
fn is_block_tag(name: &str) -> bool {
    let mut lowered = [0u8; 10];
    let Some(buffer) = lowered.get_mut(..name.len()) else {
        return false;
    };
    buffer.copy_from_slice(name.as_bytes());
    buffer.make_ascii_lowercase();
    BLOCK_TAGS
        .binary_search_by(|tag| tag.as_bytes().cmp(buffer))
        .is_ok()
}

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "source",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Whether `rest` starts CommonMark's sixth kind of HTML block: a
/// block-level tag name followed by a space, `>`, `/>` or the line's end.
fn opens_block_tag(rest: &str) -> bool {
    let tail = rest.strip_prefix("</").or_else(|| rest.strip_prefix('<'));
    tail.is_some_and(|tail| {
        let length = tail
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        let after = &tail[length..];
        is_block_tag(&tail[..length])
            && (after.is_empty()
                || after.starts_with([' ', '\t', '>', '\r'])
                || after.starts_with("/>"))
    })
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixtures under `tests/fixtures/skim/` are skimmed, but for
    /// those named `declined-*`; `tests/parse.rs` checks that skimming
    /// them gives the outline a full parse gives.
    #[test]
    fn fixtures_are_skimmed_or_declined_as_named() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/skim");
        let mut seen = 0;
        for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "README.md" {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let regions = skim(&text, 0);
            assert_eq!(regions.is_none(), name.starts_with("declined-"), "{name}");
            seen += 1;
        }
        assert!(seen >= 10, "only {seen} fixtures");
    }

    fn whole_regions(text: &str) -> Vec<bool> {
        skim(text, 0)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|region| match region {
                Region::Content { whole, .. } => Some(whole),
                Region::Heading(_) => None,
            })
            .collect()
    }

    #[test]
    fn what_needs_a_full_parse_of_its_region() {
        assert_eq!(whole_regions("a\n\n    code\n# h\ntext\n"), [true, false]);
        assert_eq!(whole_regions("Title\n---\n# h\n"), [true]);
        assert_eq!(whole_regions("- # in a list\n# h\n- item\n"), [true, false]);
        assert_eq!(whole_regions("> ```\n> x\n"), [true]);
        assert_eq!(whole_regions("<div>\n\n# h\n<!-- x -->\n"), [true, false]);
        assert_eq!(whole_regions("  # indented heading\n"), [true]);
    }

    #[test]
    fn block_tags_are_sorted_for_binary_search() {
        assert!(BLOCK_TAGS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(BLOCK_TAGS.iter().all(|tag| tag.len() <= 10));
        assert!(is_block_tag("DIV") && is_block_tag("h6") && !is_block_tag("span"));
    }

    #[test]
    fn lone_carriage_returns_are_left_to_the_parser() {
        assert!(skim("# a\rb\n", 0).is_none());
        assert!(skim("# a\r\nb\r\n", 0).is_some());
        assert!(skim("> #\x0bheading\n", 0).is_none());
    }

    #[test]
    fn blocks_kept_outside_kept_sections() {
        let text =
            "# h\ntext\n```\n# code\n```\n\n> [!NOTE]\n> n\n\n<!--\nc\n-->\n[!INCLUDE [t](p.md)]\n";
        let Some(regions) = skim(text, 0) else {
            panic!("declined")
        };
        let Region::Content { blocks, whole, .. } = &regions[1] else {
            panic!("{regions:?}")
        };
        assert!(!whole);
        let texts: Vec<&str> = blocks.iter().map(|b| &text[b.clone()]).collect();
        assert_eq!(
            texts,
            [
                "```\n# code\n```\n",
                "> [!NOTE]\n> n\n",
                "<!--\nc\n-->\n",
                "[!INCLUDE [t](p.md)]\n"
            ]
        );
    }
}
