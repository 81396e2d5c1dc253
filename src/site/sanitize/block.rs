//! A raw HTML block of a page, sanitized by ammonia into the tags the
//! site keeps, handed to the renderer part by part.

use super::{classify, escape, is_shown_as_text, tag_name, Tag, INLINE, URL_SCHEMES};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// A part of a sanitized block, in order.
#[derive(Debug, PartialEq, Eq)]
pub enum CleanPart<'h> {
    /// Text, escaped already.
    Escaped(&'h str),
    /// A tag the site keeps, to be written as the renderer writes it.
    Tag(Tag<'h>),
}

/// The elements the site keeps from a raw HTML block: what [`classify`]
/// reads.
fn kept() -> impl Iterator<Item = &'static str> {
    ["span", "a", "br"].into_iter().chain(INLINE)
}

/// ammonia, keeping the [`kept`] elements, the segment attributes of
/// spans and the names of anchors, nothing else. It drops every other
/// element but keeps its content, and every comment.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(kept().collect())
        .tag_attributes(HashMap::from([
            (
                "span",
                HashSet::from(["data-ttu-id", "data-stu-id", "class"]),
            ),
            ("a", HashSet::from(["name", "id"])),
        ]))
        .generic_attributes(HashSet::new())
        .clean_content_tags(HashSet::new())
        .url_schemes(HashSet::from(URL_SCHEMES))
        .link_rel(None)
        .strip_comments(true);
    builder
});

/// The most tags one call to ammonia sees. For some markup html5ever's
/// tree building takes time that grows with the square of the open
/// elements (an end tag that matches none of them looks at each: 20,000
/// `<x>` and then as many `</y>` took 2 s, a 4 MB page of them hours),
/// so a block is sanitized in pieces of whole lines with at most this
/// many tags; an element open at the end of a piece is closed there.
/// Real blocks have a few tags.
const PIECE_TAGS: usize = 128;

/// The most bytes one call to ammonia sees: html5ever's time grows with
/// the square of some runs of text too (4 MB of `&` took two minutes).
const PIECE_BYTES: usize = 16 * 1024;

/// Text put after a piece to see whether its markup ends inside it: if
/// ammonia's output lacks it, a tag, a quoted value or a comment still
/// open at the end of the piece took it, and whatever came after that
/// markup's start with it.
const END_MARK: &str = "\u{E000}sxsdoc-end-of-piece\u{E000}";

/// Sanitizes the raw HTML block `html` and hands its parts to `each`, in
/// order. A piece whose markup is still open at its end (a comment never
/// closed, a quote, a cut-off tag) is shown as text instead, so that no
/// markup hides what follows it.
pub fn clean_block(html: &str, each: &mut dyn FnMut(CleanPart<'_>)) {
    // Most blocks of docs pages are annotations (`<!-- {...} -->`):
    // they need no parser.
    if let Some(space) = space_around_comments(html) {
        if !space.is_empty() {
            each(CleanPart::Escaped(&space));
        }
        return;
    }
    for piece in pieces(html) {
        if piece.contains(END_MARK) {
            each(CleanPart::Escaped(&escape(piece)));
            continue;
        }
        let mut marked = rewrite_tags(piece);
        marked.push_str(END_MARK);
        let mut clean = SANITIZER.clean(&marked).to_string();
        match clean.find(END_MARK) {
            Some(at) => {
                clean.replace_range(at..at + END_MARK.len(), "");
                parts(&clean, each);
            }
            None => each(CleanPart::Escaped(&escape(piece))),
        }
    }
}

/// The white space of `html` outside its comments, if it holds nothing
/// else. `<!-->` and `<!--->` are comments too, as in a browser.
fn space_around_comments(html: &str) -> Option<String> {
    let mut space = String::new();
    let mut rest = html;
    loop {
        let text = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
        space.push_str(&rest[..rest.len() - text.len()]);
        if text.is_empty() {
            return Some(space);
        }
        if !text.starts_with("<!--") {
            return None;
        }
        let close = text[2..].find("-->")?;
        rest = &text[2 + close + 3..];
    }
}

/// `html` in pieces of whole lines with at most [`PIECE_TAGS`] tags each;
/// a line with more is cut before a tag.
fn pieces(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let cut = match memchr::memchr_iter(b'<', bytes).nth(PIECE_TAGS) {
            Some(over) => {
                memchr::memrchr(b'\n', &bytes[..over]).map_or(over, |line_end| line_end + 1)
            }
            None => rest.len(),
        };
        let cut = if cut > PIECE_BYTES {
            // A piece of text alone can cost its square too (a run of
            // `&`): cut at a line break, else at a character boundary.
            memchr::memrchr(b'\n', &bytes[..PIECE_BYTES])
                .map(|line_end| line_end + 1)
                .unwrap_or_else(|| floor_boundary(rest, PIECE_BYTES))
                .max(1)
        } else {
            cut
        };
        // `max(1)` may land inside a character: move to its end.
        let cut = (cut..=rest.len())
            .find(|&at| rest.is_char_boundary(at))
            .unwrap_or(rest.len());
        let (piece, after) = rest.split_at(cut);
        rest = after;
        Some(piece)
    })
}

/// The last character boundary of `text` at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(0)
}

/// `html` with the tags of elements the site does not keep renamed to a
/// custom element (`<table>` to `<sxs-table>`), and the tags shown as
/// text escaped.
///
/// html5ever parses a custom element as an ordinary one: no table,
/// select, template or foreign-content (`svg`, `math`) rule moves the
/// text around it or puts it where ammonia drops it with the element
/// (ammonia removes an HTML element named like an SVG one, `<text>`,
/// with its content), and ammonia drops the element, keeping its content.
fn rewrite_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &html.as_bytes()[at..]) {
        let open = at + found;
        let Some(name) = tag_name(&html[open..]) else {
            at = open + 1;
            continue;
        };
        // `<` and `</` are ASCII: the name starts at a character boundary.
        let name_start = open + if html[open..].starts_with("</") { 2 } else { 1 };
        if is_shown_as_text(&html[open..]) {
            out.push_str(&html[copied..open]);
            out.push_str("&lt;");
            copied = open + 1;
        } else if !kept().any(|kept| kept.eq_ignore_ascii_case(name)) {
            out.push_str(&html[copied..name_start]);
            out.push_str("sxs-");
            copied = name_start;
        }
        // A `<` inside a tag's name is part of the name.
        at = name_start + name.len();
    }
    out.push_str(&html[copied..]);
    out
}

/// Hands the text and the tags of ammonia's output to `each`. html5ever
/// writes `<` and `>` as entities in text and attribute values alike, so
/// every `<` there starts a tag and the next `>` ends it.
fn parts(clean: &str, each: &mut dyn FnMut(CleanPart<'_>)) {
    let mut rest = clean;
    while let Some(open) = rest.find('<') {
        if open > 0 {
            each(CleanPart::Escaped(&rest[..open]));
        }
        let Some(close) = rest[open..].find('>') else {
            each(CleanPart::Escaped(&escape(&rest[open..])));
            return;
        };
        if let Some(tag) = classify(&rest[open..=open + close]) {
            each(CleanPart::Tag(unescaped(tag)));
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        each(CleanPart::Escaped(rest));
    }
}

/// `tag` with the values it took from ammonia's output decoded, to be
/// escaped again as the renderer writes them.
fn unescaped(tag: Tag<'_>) -> Tag<'_> {
    match tag {
        Tag::Translation(id) => Tag::Translation(unescape(id)),
        Tag::Source(id) => Tag::Source(unescape(id)),
        Tag::Anchor(name) => Tag::Anchor(unescape(name)),
        other => other,
    }
}

/// The text of a [`CleanPart::Escaped`], decoded (for search).
pub fn unescape_text(text: &str) -> Cow<'_, str> {
    unescape(Cow::Borrowed(text))
}

/// An attribute value as html5ever wrote it, decoded: it escapes `&`,
/// `"`, `<`, `>` and the no-break space, nothing else; [`escape`] also
/// `'`.
fn unescape(value: Cow<'_, str>) -> Cow<'_, str> {
    if !value.contains('&') {
        return value;
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = &*value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = [
            ("&amp;", "&"),
            ("&quot;", "\""),
            ("&lt;", "<"),
            ("&gt;", ">"),
            ("&nbsp;", "\u{a0}"),
            ("&#39;", "'"),
        ]
        .into_iter()
        .find(|(entity, _)| rest.starts_with(entity));
        let (written, decoded) = entity.unwrap_or(("&", "&"));
        out.push_str(decoded);
        rest = &rest[written.len()..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ammonia never sees more than a bounded piece: html5ever's time
    /// grows with the square of some runs of text (4 MB of `&` took two
    /// minutes), and of open elements.
    #[test]
    fn pieces_are_bounded_and_make_the_whole() {
        for html in [
            "&".repeat(100_000),
            format!("{}\n", "é&".repeat(30_000)),
            "a line\n".repeat(10_000),
            "<x>".repeat(1_000),
        ] {
            let parts: Vec<&str> = pieces(&html).collect();
            assert!(
                parts.iter().all(|p| p.len() <= PIECE_BYTES),
                "a piece is too long"
            );
            assert!(parts
                .iter()
                .all(|p| memchr::memchr_iter(b'<', p.as_bytes()).count() <= PIECE_TAGS));
            assert_eq!(parts.concat(), html);
        }
    }

    /// What the renderer gets for a block, written out: tags as
    /// `[tag]`, text as it is.
    fn cleaned(html: &str) -> String {
        let mut out = String::new();
        clean_block(html, &mut |part| match part {
            CleanPart::Escaped(text) => out.push_str(text),
            CleanPart::Tag(tag) => out.push_str(&format!("[{tag:?}]")),
        });
        out
    }

    #[test]
    fn blocks_keep_the_tags_the_site_knows() {
        assert_eq!(
            cleaned("<span data-ttu-id=\"a&amp;1\" onclick=x>t</span><span class=\"sxs-lookup\"><span data-stu-id=\"a&amp;1\">s</span></span>\n"),
            "[Translation(\"a&1\")]t[CloseSpan][Lookup][Source(\"a&1\")]s[CloseSpan][CloseSpan]\n"
        );
        assert_eq!(cleaned("<br/>\n"), "[LineBreak]\n");
        assert_eq!(
            cleaned("<div><a href=\"javascript:x\" name=\"n\">l</a> <img src=x onerror=alert(1)>&#65279;&amp;</div>"),
            "[Anchor(\"n\")]l[CloseAnchor] \u{feff}&amp;"
        );
    }

    #[test]
    fn filtered_tags_are_text() {
        assert_eq!(
            cleaned("<TITLE>x</title> <script>alert(1)</script>"),
            "&lt;TITLE&gt;x&lt;/title&gt; &lt;script&gt;alert(1)&lt;/script&gt;"
        );
    }

    /// Elements html5ever or ammonia give rules of their own lose their
    /// tags, never their text, nor its order.
    #[test]
    fn other_elements_keep_their_text_in_order() {
        for (html, text) in [
            (
                "<svg><text>t</text><b>b</b></svg> after",
                "t[Inline(\"b\")]b[CloseInline(\"b\")] after",
            ),
            ("<math><mi>x</mi></math> after", "x after"),
            ("<template>inside</template> after", "inside after"),
            ("<table>a<tr><td>b</td></tr></table>c", "abc"),
            (
                "<select><option>o<b>b</b></select>y",
                "o[Inline(\"b\")]b[CloseInline(\"b\")]y",
            ),
            (
                "<noscript><i>n</i></noscript>",
                "[Inline(\"i\")]n[CloseInline(\"i\")]",
            ),
            ("<pre>\nx</pre><img src=x>y<input>z", "\nxyz"),
            ("<a<b<c>d", "d"),
        ] {
            assert_eq!(cleaned(html), text, "{html}");
        }
    }

    #[test]
    fn markup_open_at_the_end_is_shown_as_text() {
        for html in [
            "<!-- never closed\nmore",
            "<div title=\"never closed>\nmore",
            "text <b",
            "text </",
            "<!DOCTYPE",
        ] {
            assert_eq!(cleaned(html), escape(html), "{html}");
        }
        assert_eq!(
            cleaned(&format!("a{END_MARK}b")),
            escape(&format!("a{END_MARK}b"))
        );
        assert_eq!(
            cleaned("<b>open"),
            "[Inline(\"b\")]open[CloseInline(\"b\")]"
        );
    }

    /// The white space of a block of comments is all that is left of it,
    /// without a parser and with one alike.
    #[test]
    fn comments_are_dropped_with_or_without_the_parser() {
        for html in [
            "<!-- { \"blockType\": \"ignored\" } -->\n",
            "<!--\n{\n  \"blockType\": \"request\"\n}\n-->\n",
            "  <!-- a -->  <!--> <!---> \n",
        ] {
            let space = space_around_comments(html).expect("only comments");
            let mut parsed = String::new();
            for piece in pieces(html) {
                parsed.push_str(&SANITIZER.clean(piece).to_string());
            }
            assert_eq!(space, parsed, "{html}");
            assert_eq!(cleaned(html), space, "{html}");
        }
        for html in ["<!-- a --> b", "<!-- a", "<!-- a --><b>", "<!--a--!>"] {
            assert_eq!(space_around_comments(html), None, "{html}");
        }
    }

    #[test]
    fn pieces_are_whole_lines_of_bounded_tags() {
        let line = "<b>x</b>\n";
        let html = line.repeat(PIECE_TAGS);
        let cut: Vec<_> = pieces(&html).collect();
        assert_eq!(cut.concat(), html);
        assert_eq!(cut.len(), 2);
        assert_eq!(cut[0], line.repeat(PIECE_TAGS / 2));
        let long = "<i>".repeat(PIECE_TAGS * 3);
        let cut: Vec<_> = pieces(&long).collect();
        assert_eq!(cut, vec!["<i>".repeat(PIECE_TAGS); 3]);
    }

    #[test]
    fn values_are_decoded_once() {
        assert_eq!(
            unescape(Cow::Borrowed("a&amp;lt;&quot;&lt;&gt;&nbsp;&x")),
            "a&lt;\"<>\u{a0}&x"
        );
    }
}
