//! A page's raw HTML in the rendered page: the tags the site keeps are
//! written from their attributes, the rest goes as [`super::super::sanitize`]
//! says.
//!
//! Inline HTML comes from the Markdown parser one tag at a time, so the
//! renderer keeps the known tags open across the text between them and
//! closes them at the end of the block. A raw HTML block is a fragment of
//! its own, sanitized whole by ammonia.

use super::HtmlWriter;
use crate::site::sanitize::{
    classify, clean_block, escape_into, is_shown_as_text, segment_tag, unescape_text, CleanPart,
    Tag,
};
use std::fmt::Write;

impl HtmlWriter<'_> {
    /// One tag, comment or declaration of inline HTML.
    pub(super) fn inline_html(&mut self, html: &str) {
        // Most of a page's inline HTML is one tag of a segment.
        if let Some(tag) = segment_tag(html) {
            return self.tag(tag);
        }
        if is_shown_as_text(html) {
            if let Some(heading) = self.heading.as_mut() {
                heading.text.push_str(html);
            }
            return escape_into(&mut self.out, html);
        }
        // Comments and declarations (`None`) and unknown tags are dropped.
        if let Some(tag) = classify(html) {
            self.tag(tag);
        }
    }

    /// A raw HTML block, whole.
    pub(super) fn raw_block(&mut self, html: &str) {
        clean_block(html, &mut |part| match part {
            CleanPart::Escaped(text) => {
                self.out.push_str(text);
                // What a reader sees of it is found by search too.
                self.prose.push_str(&unescape_text(text));
                self.prose.push(' ');
            }
            CleanPart::Tag(tag) => self.tag(tag),
        });
    }

    /// A tag the site keeps, written as the site writes it.
    fn tag(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Translation(id) => {
                self.segments += 1;
                self.in_segment = Some((self.open_tags.len(), false));
                if self.surroundings.english_only() {
                    self.hidden_from = Some((self.out.len(), self.prose.len()));
                }
                self.open_span("<span class=\"sxs-t\" data-sxs=\"", &id);
            }
            Tag::Lookup => {
                let open = self.open_tags.len();
                self.in_segment = Some((open, true));
                if let Some(heading) = self.heading.as_mut() {
                    heading.source_from = Some(open);
                }
                self.out.push_str("<span class=\"sxs-s\" lang=\"en\">");
                // Beside a translation, a screen reader says what it is.
                if !self.surroundings.english_only() {
                    let labels = self.surroundings.labels();
                    self.out.push_str("<span class=\"sr-only\" lang=\"");
                    escape_into(&mut self.out, labels.lang);
                    self.out.push_str("\">");
                    escape_into(&mut self.out, labels.english_source);
                    self.out.push_str(" </span>");
                }
                self.open_tags.push("</span>");
            }
            Tag::Source(id) => self.open_span("<span data-sxs-src=\"", &id),
            Tag::Span => {
                self.out.push_str("<span>");
                self.open_tags.push("</span>");
            }
            Tag::CloseSpan => self.close_through("</span>"),
            Tag::Anchor(name) => match self.heading.as_mut() {
                Some(heading) if heading.anchor.is_none() => {
                    heading.anchor = Some(name.into_owned());
                }
                _ => self.loose_anchor(&name),
            },
            Tag::CloseAnchor | Tag::Dropped => {}
            Tag::LineBreak => self.out.push_str("<br>"),
            Tag::Inline(name) => {
                let _ = write!(self.out, "<{name}>");
                self.open_tags.push(closing_tag(name));
            }
            Tag::CloseInline(name) => self.close_through(closing_tag(name)),
        }
    }

    /// A span whose last attribute (opened by `open`) is `id`.
    fn open_span(&mut self, open: &str, id: &str) {
        self.out.push_str(open);
        escape_into(&mut self.out, id);
        self.out.push_str("\">");
        self.open_tags.push("</span>");
    }

    /// Closes the innermost open `close` tag and every tag opened in it,
    /// looking no deeper than [`MAX_CLOSED_THROUGH`] tags: a page of
    /// closing tags that match nothing must not cost its square.
    fn close_through(&mut self, close: &str) {
        let from = self.open_tags.len().saturating_sub(MAX_CLOSED_THROUGH);
        let found = self
            .open_tags
            .get(from..)
            .and_then(|open| open.iter().rposition(|t| *t == close));
        if let Some(at) = found.map(|at| from + at) {
            for close in self.open_tags.drain(at..).rev() {
                self.out.push_str(close);
            }
            if self.in_segment.is_some_and(|(open, _)| at <= open) {
                self.end_segment();
            }
        }
    }
}

/// How many open tags a closing tag may close at once.
const MAX_CLOSED_THROUGH: usize = 64;

fn closing_tag(name: &str) -> &'static str {
    match name {
        "b" => "</b>",
        "i" => "</i>",
        "em" => "</em>",
        "strong" => "</strong>",
        "sup" => "</sup>",
        "sub" => "</sub>",
        "code" => "</code>",
        "kbd" => "</kbd>",
        "u" => "</u>",
        _ => "</s>",
    }
}

#[cfg(test)]
mod tests {
    use crate::site::render::{render, Standalone};

    fn html(text: &str) -> String {
        render(text, &Standalone).html
    }

    #[test]
    fn segments_become_accessible_pairs() {
        let out = html(
            r#"<span data-ttu-id="a-1">Привет</span><span class="sxs-lookup"><span data-stu-id="a-1">Hello</span></span>"#,
        );
        assert_eq!(
            out,
            "<p><span class=\"sxs-t\" data-sxs=\"a-1\">Привет</span><span class=\"sxs-s\" lang=\"en\"><span class=\"sr-only\" lang=\"en\">English source: </span><span data-sxs-src=\"a-1\">Hello</span></span></p>\n"
        );
    }

    #[test]
    fn hostile_markup_never_survives() {
        let page = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](&#x6A;avascript:x) <span data-ttu-id=\"x\" onmouseover=\"alert(1)\">t</span>\n\n<svg><set attributeName=href to=javascript:alert(1) /></svg>\n";
        let out = html(page);
        for bad in [
            "<script",
            "onerror=",
            "href=\"javascript:",
            "href=\"JaVaScRiPt",
            "onmouseover",
            "<svg",
            "<img src=x",
        ] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
    }

    #[test]
    fn filtered_tags_in_headings_are_their_text() {
        let out = html("## Use <title> here\n");
        assert!(
            out.contains("<h2 id=\"use-title-here\">Use &lt;title&gt; here<a"),
            "{out}"
        );
    }

    #[test]
    fn annotations_and_comments_are_dropped() {
        let out = html("<!-- {\n  \"blockType\": \"ignored\"\n}\n-->\n``` http\nGET /x\n```\n");
        assert!(!out.contains("blockType"), "{out}");
        assert!(out.starts_with("\n<pre"), "{out}");
    }
}
