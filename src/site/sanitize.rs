//! What raw HTML from a page may reach the site: an allowlist of tags the
//! docs format needs, re-emitted from parsed attributes, never copied.

use crate::markdown::{attributes, plain_segment_tag, PlainTag};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

pub fn escape_into(out: &mut String, text: &str) {
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
        out.push_str(&text[start..at]);
        out.push_str(entity);
        start = at + 1;
    }
    out.push_str(&text[start..]);
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

/// A span tag of the side-by-side format, or another tag the site keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag<'t> {
    /// `<span data-ttu-id="ID">`
    Translation(&'t str),
    /// `<span class="sxs-lookup">`
    Lookup,
    /// `<span data-stu-id="ID">`
    Source(&'t str),
    /// Any other `<span>`, kept without attributes.
    Span,
    CloseSpan,
    /// `<a name="x">` / `<a id="x">` anchors.
    Anchor(&'t str),
    CloseAnchor,
    LineBreak,
    /// `b`, `i`, `em`, `strong`, `sup`, `sub`, `code`, `kbd`, `u`, `s`.
    Inline(&'static str),
    CloseInline(&'static str),
    /// `<script>`, `<style>`, …: dropped with their content.
    Raw(&'static str),
    /// Anything else: dropped, its content kept as text.
    Dropped,
}

const INLINE: &[&str] = &[
    "b", "i", "em", "strong", "sup", "sub", "code", "kbd", "u", "s",
];
const RAW: &[&str] = &[
    "script", "style", "template", "textarea", "title", "xmp", "iframe", "noscript", "svg", "math",
    "object",
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
    let raw_name = &inner[..name_end];
    let lowered;
    let name = if raw_name.bytes().any(|b| b.is_ascii_uppercase()) {
        lowered = raw_name.to_ascii_lowercase();
        lowered.as_str()
    } else {
        raw_name
    };
    let attrs = &inner[name_end..];
    let attr = |wanted: &str| {
        attributes(attrs)
            .find(|(key, _)| key.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| value)
    };
    Some(match (name, closing) {
        ("span", true) => Tag::CloseSpan,
        ("span", false) => {
            if let Some(id) = attr("data-ttu-id") {
                Tag::Translation(id)
            } else if let Some(id) = attr("data-stu-id") {
                Tag::Source(id)
            } else if attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == "sxs-lookup"))
            {
                Tag::Lookup
            } else {
                Tag::Span
            }
        }
        ("a", true) => Tag::CloseAnchor,
        ("a", false) => match attr("name").or_else(|| attr("id")) {
            Some(name) => Tag::Anchor(name),
            None => Tag::Dropped,
        },
        ("br", _) => Tag::LineBreak,
        _ => {
            if let Some(inline) = INLINE.iter().find(|t| **t == name) {
                if closing {
                    Tag::CloseInline(inline)
                } else {
                    Tag::Inline(inline)
                }
            } else if let Some(raw) = RAW.iter().find(|t| **t == name) {
                if closing {
                    Tag::Dropped
                } else {
                    Tag::Raw(raw)
                }
            } else {
                Tag::Dropped
            }
        }
    })
}

/// `html` as one of the four tags of a segment, written plainly, if it is
/// one: `</span>`, or `<span` with the attributes of a translation,
/// lookup or source span and no other angle bracket. Such a fragment is
/// one tag to [`tokens`] too, and this is what [`classify`] makes of it.
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
        PlainTag::Translation(id) => Tag::Translation(id),
        PlainTag::Source(id) => Tag::Source(id),
        PlainTag::Lookup => Tag::Lookup,
    })
}

/// Splits an HTML fragment into tags and text. Text outside tags is
/// returned raw (entities as written); a `<` that starts no tag is text.
pub fn tokens(html: &str) -> Tokens<'_> {
    Tokens {
        html,
        at: 0,
        text_start: 0,
        tag: None,
    }
}

/// The tags (`true`) and text runs (`false`) of an HTML fragment, in order.
pub struct Tokens<'h> {
    html: &'h str,
    /// Where the search for the next `<` goes on.
    at: usize,
    /// Start of the text run not yet returned.
    text_start: usize,
    /// A tag found after a text run, returned next.
    tag: Option<(usize, usize)>,
}

impl<'h> Iterator for Tokens<'h> {
    type Item = (bool, &'h str);

    fn next(&mut self) -> Option<(bool, &'h str)> {
        if let Some((start, end)) = self.tag.take() {
            return Some((true, &self.html[start..end]));
        }
        let bytes = self.html.as_bytes();
        while let Some(found) = memchr::memchr(b'<', &bytes[self.at..]) {
            let start = self.at + found;
            match tag_end(self.html, start) {
                Some(end) => {
                    self.at = end;
                    let text = self.text_start..start;
                    self.text_start = end;
                    if text.is_empty() {
                        return Some((true, &self.html[start..end]));
                    }
                    self.tag = Some((start, end));
                    return Some((false, &self.html[text]));
                }
                None => self.at = start + 1,
            }
        }
        self.at = self.html.len();
        let text = self.text_start..self.html.len();
        self.text_start = self.html.len();
        (!text.is_empty()).then(|| (false, &self.html[text]))
    }
}

/// The end of a tag or comment starting at `start`, if it is one.
fn tag_end(html: &str, start: usize) -> Option<usize> {
    let rest = &html.as_bytes()[start..];
    if rest.starts_with(b"<!--") {
        return memchr::memmem::find(rest, b"-->").map(|end| start + end + 3);
    }
    let next = *rest.get(1)?;
    if !(next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?')) {
        return None;
    }
    // The delimiters are ASCII: bytes of other characters never match.
    // (A byte loop: tags are short, shorter than memchr's setup pays for.)
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(start + i + 1),
            None if b == b'<' => return None,
            None => {}
        }
    }
    None
}

/// Writes a text run that the Markdown parser left as raw HTML text: its
/// entities are kept if well-formed, everything else escaped.
pub fn write_raw_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        escape_into(out, &rest[..amp]);
        let after = &rest[amp + 1..];
        let entity_len = after.find(';').filter(|&end| {
            end > 0
                && end <= 32
                && after[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '#')
        });
        match entity_len {
            Some(end) => {
                out.push('&');
                out.push_str(&after[..end]);
                out.push(';');
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("&amp;");
                rest = after;
            }
        }
    }
    escape_into(out, rest);
}

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
    fn classifies_tags() {
        assert_eq!(
            classify(r#"<span data-ttu-id="a-1">"#),
            Some(Tag::Translation("a-1"))
        );
        assert_eq!(classify(r#"<span class="sxs-lookup">"#), Some(Tag::Lookup));
        assert_eq!(
            classify(r#"<span data-stu-id="a-1" onclick="x()">"#),
            Some(Tag::Source("a-1"))
        );
        assert_eq!(
            classify("<a name=\"http-request\">"),
            Some(Tag::Anchor("http-request"))
        );
        assert_eq!(classify("</span>"), Some(Tag::CloseSpan));
        assert_eq!(classify("</SPAN >"), Some(Tag::CloseSpan));
        assert_eq!(
            classify(r#"<SPAN data-ttu-id="a-1">"#),
            Some(Tag::Translation("a-1"))
        );
        assert_eq!(
            classify(r#"<span data-ttu-id="a-1"/>"#),
            Some(Tag::Translation("a-1"))
        );
        assert_eq!(classify(r#"<spanx data-ttu-id="a-1">"#), Some(Tag::Dropped));
        assert_eq!(classify("<BR/>"), Some(Tag::LineBreak));
        assert_eq!(classify("<script src=x>"), Some(Tag::Raw("script")));
        assert_eq!(classify("<img src=x onerror=alert(1)>"), Some(Tag::Dropped));
        assert_eq!(classify("<!-- c -->"), None);
    }

    #[test]
    fn tokenizes_fragments() {
        assert_eq!(
            tokens("a <b>x</b> 1 < 2 <!-- c -->").collect::<Vec<_>>(),
            [
                (false, "a "),
                (true, "<b>"),
                (false, "x"),
                (true, "</b>"),
                (false, " 1 < 2 "),
                (true, "<!-- c -->")
            ]
        );
    }

    #[test]
    fn raw_text_keeps_entities_only() {
        let mut out = String::new();
        write_raw_text(&mut out, "&lt;token&gt; & <x> &#x6A;");
        assert_eq!(out, "&lt;token&gt; &amp; &lt;x&gt; &#x6A;");
    }

    /// The renderer takes a segment's tags without tokenizing them: it
    /// must get what tokenizing and classifying would give, and leave
    /// anything else to them.
    #[test]
    fn segment_tags_are_what_tokens_and_classify_make_of_them() {
        let taken = [
            "</span>",
            "<span class=\"sxs-lookup\">",
            "<span data-ttu-id=\"0ed03-103\">",
            "<span data-stu-id=\"0ed03-103\">",
        ];
        for html in taken {
            let tag = segment_tag(html);
            assert!(tag.is_some(), "{html}");
            let tokens: Vec<_> = tokens(html).collect();
            assert_eq!(tokens, [(true, html)], "{html}");
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
