//! Markdown: the one place pulldown-cmark is configured, the outline of a
//! page, and its side-by-side segments.

pub mod docfx;
mod locate;
mod outline;
mod segments;
mod tables;

pub(crate) use docfx::include;
pub use locate::Locator;
pub use outline::{outline, Keep, Outliner, KEPT_CELLS};
pub use segments::{line_kind, scan_segments, LineKind, Scan};
pub use tables::{filled_cells, MAX_FILLED_CELLS};

pub(crate) use segments::{anchor_name, attributes, plain_segment_tag, PlainTag};

use pulldown_cmark::Options;

/// The Markdown dialect of docs pages: CommonMark with tables,
/// strikethrough and GitHub alerts (`> [!NOTE]`).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM
}

/// The one pulldown-cmark pass over a page body: its events with their
/// ranges in `body`, which the outline and the renderer share.
pub fn parser(
    body: &str,
) -> pulldown_cmark::OffsetIter<'_, pulldown_cmark::DefaultBrokenLinkCallback> {
    pulldown_cmark::Parser::new_ext(body, options()).into_offset_iter()
}

/// What a reader sees of inline Markdown (a segment's English, say):
/// its text and code, without the markup (`[Permissions](url)` is
/// `Permissions`, `` `User.Read` `` is `User.Read`). A reference link
/// (`[listItem][]`, `[item][list]`) reads as its text: its definition is
/// elsewhere on the page, where the reader sees a link. Brackets alone
/// (`[Script]`) are text, as CommonMark shows them without a definition.
pub fn inline_text(markdown: &str) -> String {
    use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser};
    let mut text = String::with_capacity(markdown.len());
    let any_reference = |link: BrokenLink<'_>| {
        (link.link_type != LinkType::Shortcut)
            .then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(markdown, options(), Some(any_reference));
    for event in parser {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// docfx's id for a heading with this text: lower case, spaces to `-`,
/// other marks dropped (`Example 2 - deep insert` is
/// `example-2---deep-insert`). What links to a heading name, so the
/// rules and the site both use it.
pub fn heading_id(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Runs of whitespace to one space, ends trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`collapse_whitespace`] of an owned text, kept as it is when it has
/// nothing to collapse (most paragraphs and cells): no second copy.
pub(crate) fn collapsed(text: String) -> String {
    // A space before the first character: a leading one is collapsed.
    let mut previous = ' ';
    let tidy = text.chars().all(|c| {
        let single_space = c == ' ' && previous != ' ';
        previous = c;
        single_space || !c.is_whitespace()
    });
    if tidy && previous != ' ' {
        text
    } else {
        collapse_whitespace(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_to_single_spaces() {
        for (text, tidy) in [
            ("a b", "a b"),
            ("", ""),
            (" a", "a"),
            ("a ", "a"),
            ("a  b", "a b"),
            ("a\tb\n c", "a b c"),
            ("a\u{a0}b", "a b"),
            ("   ", ""),
            ("a b\u{3000}c", "a b c"),
            ("a\n", "a"),
        ] {
            assert_eq!(collapse_whitespace(text), tidy, "{text:?}");
            assert_eq!(collapsed(text.to_string()), tidy, "{text:?}");
        }
    }
}
