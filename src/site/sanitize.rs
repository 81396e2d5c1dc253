//! What raw HTML from a page may reach the site: the tags the docs format
//! needs, re-written by the renderer from their attributes, and for whole
//! raw HTML blocks, what ammonia (an allowlist over html5ever) keeps.
//!
//! Nothing a page writes can hide what follows it: the elements whose
//! content a browser reads as text up to their end tag (GitHub's tag
//! filter) are shown as text, other elements the site does not keep are
//! dropped with their content kept, and markup still open at the end of
//! a block is shown as text.

use crate::markdown::{attributes, plain_segment_tag, PlainTag};
use std::borrow::Cow;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

pub fn escape_into(out: &mut String, text: &str) {
    let pushed: Result<(), std::convert::Infallible> = each_escaped(text, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = pushed;
}

/// [`escape`], written to `out`: the templates' escaping.
pub fn write_escaped(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    each_escaped(text, |piece| out.write_all(piece.as_bytes()))
}

/// Hands `text` to `put` piece by piece, with the five characters HTML
/// needs escaped as entities.
fn each_escaped<E>(text: &str, mut put: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    // Byte by byte: the five characters are ASCII, so every cut is on a
    // character boundary, and no character needs decoding.
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        put(&text[start..at])?;
        put(entity)?;
        start = at + 1;
    }
    put(&text[start..])
}

/// The schemes a link or an image may name; a URL without a scheme (a
/// path, a query or a fragment) is relative to the site.
pub const URL_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether a page may link to `url`: it is relative, or its scheme is
/// one of [`URL_SCHEMES`]. The scheme is read as a browser reads it
/// (WHATWG URL): leading and trailing controls and spaces ignored, tabs
/// and newlines anywhere, any case; entities were decoded by the Markdown
/// parser.
pub fn is_safe_url(url: &str) -> bool {
    let mut scheme = String::new();
    let chars = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    for c in chars {
        match c {
            ':' if !scheme.is_empty() => {
                return URL_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(&scheme));
            }
            c if c.is_ascii_alphabetic() => scheme.push(c),
            '0'..='9' | '+' | '-' | '.' if !scheme.is_empty() => scheme.push(c),
            // Not a scheme: a path, a query or a fragment.
            _ => return true,
        }
    }
    true
}

/// Elements whose tags in raw HTML are shown as text, never parsed:
/// GitHub's tag filter. A browser reads their content as text or script
/// up to their end tag, so one left open would hide the rest of the page.
const SHOWN_AS_TEXT: [&str; 9] = [
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "script",
    "plaintext",
];

/// The name of the start or end tag `html` starts with, as html5ever
/// reads it: after `<` or `</`, a letter and everything up to white
/// space, `/`, `>` or the end of the text.
fn tag_name(html: &str) -> Option<&str> {
    let bytes = html.as_bytes();
    let start = if bytes.starts_with(b"</") { 2 } else { 1 };
    if bytes.first() != Some(&b'<') || !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let end = bytes[start..]
        .iter()
        .position(|b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
        .map_or(bytes.len(), |len| start + len);
    // Both ends are next to ASCII bytes: character boundaries.
    Some(&html[start..end])
}

/// Whether `html` starts with a tag of an element shown as text.
pub fn is_shown_as_text(html: &str) -> bool {
    tag_name(html).is_some_and(|name| SHOWN_AS_TEXT.iter().any(|t| t.eq_ignore_ascii_case(name)))
}

/// A tag the site keeps from a page's raw HTML, read from its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag<'t> {
    /// `<span data-ttu-id="ID">`
    Translation(Cow<'t, str>),
    /// `<span class="sxs-lookup">`
    Lookup,
    /// `<span data-stu-id="ID">`
    Source(Cow<'t, str>),
    /// Any other `<span>`, kept without attributes.
    Span,
    CloseSpan,
    /// `<a name="x">` / `<a id="x">` anchors.
    Anchor(Cow<'t, str>),
    CloseAnchor,
    LineBreak,
    /// `b`, `i`, `em`, `strong`, `sup`, `sub`, `code`, `kbd`, `u`, `s`.
    Inline(&'static str),
    CloseInline(&'static str),
    /// Anything else: dropped, its content kept as text.
    Dropped,
}

const INLINE: [&str; 10] = [
    "b", "i", "em", "strong", "sup", "sub", "code", "kbd", "u", "s",
];

/// Classifies one tag (`<...>`); `None` for comments and declarations.
pub fn classify(tag: &str) -> Option<Tag<'_>> {
    // The four tags of a segment, most of a page's tags, first.
    if let Some(tag) = segment_tag(tag) {
        return Some(tag);
    }
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    if inner.starts_with('!') || inner.starts_with('?') {
        return None;
    }
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_end = inner
        .find(|c: char| c.is_ascii_whitespace() || c == '/')
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    let attrs = &inner[name_end..];
    let attr = |wanted: &str| {
        attributes(attrs)
            .find(|(key, _)| key.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| Cow::Borrowed(value))
    };
    let is = |wanted: &str| name.eq_ignore_ascii_case(wanted);
    Some(if is("span") {
        if closing {
            Tag::CloseSpan
        } else if let Some(id) = attr("data-ttu-id") {
            Tag::Translation(id)
        } else if let Some(id) = attr("data-stu-id") {
            Tag::Source(id)
        } else if attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == "sxs-lookup")) {
            Tag::Lookup
        } else {
            Tag::Span
        }
    } else if is("a") {
        match (closing, attr("name").or_else(|| attr("id"))) {
            (true, _) => Tag::CloseAnchor,
            (false, Some(name)) => Tag::Anchor(name),
            (false, None) => Tag::Dropped,
        }
    } else if is("br") {
        Tag::LineBreak
    } else if let Some(inline) = INLINE.iter().find(|inline| is(inline)) {
        if closing {
            Tag::CloseInline(inline)
        } else {
            Tag::Inline(inline)
        }
    } else {
        Tag::Dropped
    })
}

/// `html` as one of the four tags of a segment, written plainly, if it is
/// one: `</span>`, or `<span` with the attributes of a translation,
/// lookup or source span and no other angle bracket. This is what
/// [`classify`] makes of such a tag, without parsing it.
pub fn segment_tag(html: &str) -> Option<Tag<'_>> {
    if html == "</span>" {
        return Some(Tag::CloseSpan);
    }
    let plain = html
        .strip_prefix("<span")
        .and_then(|rest| rest.strip_suffix('>'))
        .filter(|inner| memchr::memchr2(b'<', b'>', inner.as_bytes()).is_none())
        .and_then(plain_segment_tag)?;
    Some(match plain {
        PlainTag::Translation(id) => Tag::Translation(Cow::Borrowed(id)),
        PlainTag::Source(id) => Tag::Source(Cow::Borrowed(id)),
        PlainTag::Lookup => Tag::Lookup,
    })
}

mod block;

pub use block::{clean_block, unescape_text, CleanPart};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_allowed_by_scheme() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:x",
            "java\nscript:x",
            " javascript:x",
            "\u{1}javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "blob:https://x/1",
            "c:\\windows",
        ] {
            assert!(!is_safe_url(url), "{url:?}");
        }
        for url in [
            "https://x",
            "HTTP://x",
            "mailto:a@b",
            "../a.md",
            "a.md#x:y",
            "#frag",
            "?q=javascript:x",
            "/graph/permissions-reference",
            "//example.org/x",
            ":no-scheme",
            "1http:x",
            "",
        ] {
            assert!(is_safe_url(url), "{url:?}");
        }
    }

    #[test]
    fn filtered_tags_are_found_by_name() {
        for html in [
            "<title>",
            "</TITLE>",
            "<script src=x>",
            "<style/>",
            "<xmp\n",
            "<plaintext",
            "</iframe >",
        ] {
            assert!(is_shown_as_text(html), "{html}");
        }
        for html in [
            "<titles>", "<b>", "< title>", "<svg>", "title", "<scrip>", "</>",
        ] {
            assert!(!is_shown_as_text(html), "{html}");
        }
        assert_eq!(tag_name("<a<b<c d>"), Some("a<b<c"));
        assert_eq!(tag_name("</Span\x0c>"), Some("Span"));
        assert_eq!(tag_name("<1>"), None);
    }

    #[test]
    fn classifies_tags() {
        let borrowed = |id| Cow::Borrowed(id);
        assert_eq!(
            classify(r#"<span data-ttu-id="a-1">"#),
            Some(Tag::Translation(borrowed("a-1")))
        );
        assert_eq!(classify(r#"<span class="sxs-lookup">"#), Some(Tag::Lookup));
        assert_eq!(
            classify(r#"<span data-stu-id="a-1" onclick="x()">"#),
            Some(Tag::Source(borrowed("a-1")))
        );
        assert_eq!(
            classify("<a name=\"http-request\">"),
            Some(Tag::Anchor(borrowed("http-request")))
        );
        assert_eq!(classify("</span>"), Some(Tag::CloseSpan));
        assert_eq!(classify("</SPAN >"), Some(Tag::CloseSpan));
        assert_eq!(
            classify(r#"<SPAN data-ttu-id="a-1">"#),
            Some(Tag::Translation(borrowed("a-1")))
        );
        assert_eq!(
            classify(r#"<span data-ttu-id="a-1"/>"#),
            Some(Tag::Translation(borrowed("a-1")))
        );
        assert_eq!(classify(r#"<spanx data-ttu-id="a-1">"#), Some(Tag::Dropped));
        assert_eq!(classify("<BR/>"), Some(Tag::LineBreak));
        assert_eq!(classify("<KBD>"), Some(Tag::Inline("kbd")));
        assert_eq!(classify("<script src=x>"), Some(Tag::Dropped));
        assert_eq!(classify("<img src=x onerror=alert(1)>"), Some(Tag::Dropped));
        assert_eq!(classify("<!-- c -->"), None);
    }

    /// The renderer takes a segment's tags without parsing them: it must
    /// get what classifying would give, and leave anything else to it.
    #[test]
    fn segment_tags_are_what_classify_makes_of_them() {
        let taken = [
            "</span>",
            "<span class=\"sxs-lookup\">",
            "<span data-ttu-id=\"0ed03-103\">",
            "<span data-stu-id=\"0ed03-103\">",
        ];
        for html in taken {
            let tag = segment_tag(html);
            assert!(tag.is_some(), "{html}");
            assert_eq!(classify(html), tag, "{html}");
        }
        for html in [
            "<span data-ttu-id=\"a>b\">",
            "<span data-ttu-id=\"x\" onmouseover=\"alert(1)\">",
            "<span>",
            "</span >",
            "<span data-ttu-id=\"x\"><b>",
            "</span></span>",
        ] {
            assert_eq!(segment_tag(html), None, "{html}");
        }
    }
}
