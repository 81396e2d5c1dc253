//! docfx includes, videos and image blocks in the rendered page (see
//! [`crate::markdown::docfx`]): included files in place, videos as links,
//! image blocks as images where Microsoft Learn shows them, whatever
//! events pulldown-cmark made of their text.

use super::super::links::LinkTarget;
use super::super::sanitize::escape_into;
use super::{HtmlWriter, MAX_INCLUDED_BYTES};
use crate::markdown::{collapse_whitespace, docfx};
use crate::site::sanitize::unescape_text;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

impl HtmlWriter<'_> {
    /// Notes the image blocks in the source at `range` (a paragraph, an
    /// item or a cell starts there). Containers start in source order
    /// and nest, so the part of `range` read for an outer one is not
    /// read again: each block is found once, in order, and the source
    /// is read once whatever the nesting.
    pub(super) fn find_docfx_images(&mut self, range: &Range<usize>) {
        let from = range.start.max(self.docfx_read_to);
        let Some(raw) = self.source.get(from..range.end) else {
            return;
        };
        self.docfx_read_to = self.docfx_read_to.max(range.end);
        for (at, image) in docfx::image_blocks(raw) {
            let at = from + at.start..from + at.end;
            self.docfx_images
                .push_back((at, image.source, image.alt, false));
        }
    }

    /// Whether `event` (at `range`) is written as part of an image block:
    /// the block is an image at its first event, and none of its text is
    /// shown. A text that runs into or out of a block keeps its text
    /// outside it.
    pub(super) fn docfx_image(&mut self, event: &Event<'_>, range: &Range<usize>) -> bool {
        while let Some((at, ..)) = self.docfx_images.front() {
            if at.end > range.start {
                break;
            }
            self.docfx_images.pop_front();
        }
        let Some((at, source, alt, shown)) = self.docfx_images.front().cloned() else {
            return false;
        };
        if range.end <= at.start || !is_inline(event) {
            return false;
        }
        let source_text = self.source;
        let outside = |part: Range<usize>| source_text.get(part).unwrap_or("");
        if range.start < at.start {
            // Only a text runs into a block, and only as written.
            let before = outside(range.start..at.start);
            match event {
                Event::Text(text) if text.starts_with(before) => self.text(before),
                _ => return false,
            }
        }
        if !shown {
            let alt = collapse_whitespace(&unescape_text(alt));
            let src = self.surroundings.image(&unescape_text(source));
            self.image_alt = Some((alt, src, String::new()));
            self.end_image();
            if let Some(first) = self.docfx_images.front_mut() {
                first.3 = true;
            }
        }
        if range.end > at.end {
            let after = outside(at.end..range.end);
            if let Event::Text(text) = event {
                if text.ends_with(after) {
                    self.text(after);
                }
            }
        }
        true
    }
}

impl HtmlWriter<'_> {
    /// A docfx include, `[!INCLUDE [title](target)]`: the file's HTML in
    /// place (rendered once a build, see `Surroundings::included`).
    pub(super) fn include(&mut self, target: &str) {
        match self.surroundings.included(target) {
            Some(inner) if self.included_bytes + inner.html.len() > MAX_INCLUDED_BYTES => {
                self.left_out += 1;
                self.out.push_str("<div class=\"include-missing\" role=\"note\">Included content left out (this page includes too much): <code>");
                escape_into(&mut self.out, target);
                self.out.push_str("</code></div>\n");
            }
            Some(inner) => {
                self.included_bytes += inner.html.len();
                self.segments += inner.segments;
                self.prose.push_str(&inner.prose);
                if let Some(file) = &inner.file {
                    self.included.push(file.clone());
                }
                self.out.push_str("<div class=\"include\">\n");
                self.out.push_str(&inner.html);
                self.out.push_str("</div>\n");
            }
            None => {
                self.out.push_str("<div class=\"include-missing\" role=\"note\">Included content not found: <code>");
                escape_into(&mut self.out, target);
                self.out.push_str("</code></div>\n");
            }
        }
    }

    /// A docfx video block, `[!VIDEO https://…]`, the paragraph it is: a
    /// link to the video, not an embedded player (which would call its
    /// host as the page opens).
    pub(super) fn video(&mut self, url: &str) {
        self.skip_until_paragraph_end = true;
        let href = match self.surroundings.link(url) {
            // A script or data address is made `#`: shown as written.
            LinkTarget::Href(href) if href != "#" => href,
            _ => {
                self.out.push_str("<p>[!VIDEO ");
                escape_into(&mut self.out, url);
                self.out.push_str("]</p>\n");
                return;
            }
        };
        let label = self.surroundings.labels().video;
        self.out.push_str("<p class=\"video\"><a href=\"");
        escape_into(&mut self.out, &href);
        self.out.push_str("\" rel=\"noopener\">");
        escape_into(&mut self.out, label);
        self.out.push_str("</a> <span class=\"video-url\">");
        escape_into(&mut self.out, &href);
        self.out.push_str("</span></p>\n");
    }
}

/// Whether `event` is inline content, which a block's text is made of:
/// the start and end of the paragraph, item or cell around it are not.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak => true,
        _ => false,
    }
}
