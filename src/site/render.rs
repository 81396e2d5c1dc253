//! Markdown to HTML for the site: faithful, and safe whatever the page says.
//!
//! The HTML is written here rather than by pulldown-cmark's writer so
//! that every piece of page-supplied markup goes through the allowlist in
//! [`super::sanitize`], headings get their English anchors as ids, the
//! side-by-side spans become accessible translation/source pairs, and
//! docfx notes, includes and tabs get their own markup.

use super::links::LinkTarget;
use super::markup::{callout_open, code_block, image, unlinked_end};
use super::sanitize::escape_into;
use crate::markdown::{docfx::video as video_block, include};
use crate::plan::FileState;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, Tag as MdTag, TagEnd};
use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::fmt::Write;
use std::ops::Range;
use std::path::PathBuf;

mod docfx;
mod heading;
mod raw_html;
mod surroundings;

pub use surroundings::{Included, Labels, Standalone, Surroundings};

use heading::{HeadingState, TEMPLATE_IDS};

/// A heading of the rendered page, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    /// As the reader sees it.
    pub text: String,
    /// The English sources of its segments (empty when it has none).
    pub english: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Segments rendered as translation/source pairs.
    pub segments: usize,
    /// Its text, translations and English sources, for search: code
    /// blocks left out, a space wherever the markup parts words.
    pub prose: String,
    /// The text of its first paragraph as the page shows it (for search
    /// results): its translations, or its English when the page is shown
    /// in English.
    pub lead: String,
    /// The files included, as they were read.
    pub includes: Vec<(PathBuf, FileState)>,
    /// Includes left out because the page had included
    /// [`MAX_INCLUDED_BYTES`] already.
    pub includes_left_out: usize,
}

/// Renders `text` (a page body) to HTML.
pub fn render(text: &str, surroundings: &dyn Surroundings) -> Rendered {
    render_shared(text, surroundings, &mut |_, _| {})
}

/// [`render`], handing every event it renders (those of a pulldown-cmark
/// pass over `text`: see [`crate::markdown::parser`]), with its range
/// in `text`, to `on_event` as well, which then needs no pass of its own.
pub fn render_shared(
    text: &str,
    surroundings: &dyn Surroundings,
    on_event: &mut dyn FnMut(&Event<'_>, Range<usize>),
) -> Rendered {
    let mut writer = HtmlWriter {
        source: text,
        surroundings,
        out: String::with_capacity(text.len() + text.len() / 2),
        stack: Vec::new(),
        open_tags: Vec::new(),
        skip_until_paragraph_end: false,
        code: None,
        html_block: None,
        heading: None,
        tabs: false,
        image_alt: None,
        docfx_images: VecDeque::new(),
        docfx_read_to: 0,
        table_alignments: Vec::new(),
        cell: 0,
        in_table_head: false,
        body_started: false,
        ids: TEMPLATE_IDS.iter().map(|id| (id.to_string(), 1)).collect(),
        loose_anchors: Vec::new(),
        toc: Vec::new(),
        segments: 0,
        prose: String::with_capacity(text.len() / 2),
        in_segment: None,
        hidden_from: None,
        lead: None,
        included: Vec::new(),
        included_bytes: 0,
        left_out: 0,
    };
    for (event, range) in crate::markdown::parser(text) {
        on_event(&event, range.clone());
        writer.event(event, range);
    }
    writer.close_open_tags();
    writer.end_tabs();
    Rendered {
        html: writer.out,
        toc: writer.toc,
        segments: writer.segments,
        prose: writer.prose,
        lead: writer.lead.map(|(lead, _)| lead).unwrap_or_default(),
        includes: writer.included,
        includes_left_out: writer.left_out,
    }
}

/// The HTML of one page body, written event by event.
struct HtmlWriter<'t> {
    source: &'t str,
    surroundings: &'t dyn Surroundings,
    out: String,
    /// Closing markup of the Markdown containers open now.
    stack: Vec<Cow<'static, str>>,
    /// Page HTML tags opened inside the current block, closed at its end.
    open_tags: Vec<&'static str>,
    skip_until_paragraph_end: bool,
    code: Option<(String, String)>,
    /// A raw HTML block, collected whole so a comment or tag spanning
    /// lines is read as one.
    html_block: Option<String>,
    heading: Option<HeadingState>,
    /// In a docfx tab group, at the top level.
    tabs: bool,
    /// An image's alt text so far, its `src` (see [`Surroundings::image`])
    /// and title.
    image_alt: Option<(String, Option<String>, String)>,
    /// The docfx image blocks found and not yet passed, by their range
    /// in `source`: source, alt text, whether shown yet; and how far the
    /// source was read for them.
    docfx_images: VecDeque<(Range<usize>, &'t str, &'t str, bool)>,
    docfx_read_to: usize,
    table_alignments: Vec<Alignment>,
    cell: usize,
    in_table_head: bool,
    body_started: bool,
    /// Every id given so far, with how many times its name was asked for.
    ids: HashMap<String, usize>,
    /// The ids of the `<a name>` anchors written outside headings: a
    /// heading of the same name takes its id from such an anchor.
    loose_anchors: Vec<String>,
    toc: Vec<TocEntry>,
    segments: usize,
    prose: String,
    /// While a segment's translation or English source span is open: the
    /// depth of `open_tags` it opened at, and whether it is the English.
    in_segment: Option<(usize, bool)>,
    /// In a page shown in English alone, where the open translation span
    /// began in `out` and `prose`: what it held is dropped at its end.
    hidden_from: Option<(usize, usize)>,
    /// The text of the first paragraph at the top level as the page shows
    /// it (its translations, or its English in a page shown in English):
    /// `None` before it, kept once it has words.
    lead: Option<(String, bool)>,
    /// The files included so far.
    included: Vec<(PathBuf, FileState)>,
    /// Bytes of included HTML so far (see [`MAX_INCLUDED_BYTES`]).
    included_bytes: usize,
    left_out: usize,
}

/// The most included HTML one page shows: a page that includes a large
/// file ten thousand times must not write gigabytes. Real pages include
/// a few kilobytes of code samples.
pub const MAX_INCLUDED_BYTES: usize = 8 << 20;

impl HtmlWriter<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.skip_until_paragraph_end {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                self.skip_until_paragraph_end = false;
            }
            return;
        }
        if let Some(alt) = self.image_alt.as_mut() {
            match event {
                Event::End(TagEnd::Image) => self.end_image(),
                Event::Text(text) | Event::Code(text) => alt.0.push_str(&text),
                _ => {}
            }
            return;
        }
        if !self.docfx_images.is_empty() && self.docfx_image(&event, &range) {
            return;
        }
        if !matches!(event, Event::Text(_)) && !self.prose.ends_with(' ') {
            self.prose.push(' ');
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                self.out.push_str("<code>");
                self.text(&code);
                self.out.push_str("</code>");
                // A word glued to the code (`` `getRange`pour ``) is a
                // word of its own.
                self.prose.push(' ');
            }
            Event::Html(html) => match self.html_block.as_mut() {
                Some(block) => block.push_str(&html),
                None => self.raw_block(&html),
            },
            Event::InlineHtml(html) => self.inline_html(&html),
            Event::SoftBreak => self.text("\n"),
            Event::HardBreak => self.out.push_str("<br>"),
            // `---` ends a tab group.
            Event::Rule if self.tabs && self.stack.is_empty() => self.end_tabs(),
            Event::Rule => self.out.push_str("<hr>\n"),
            Event::TaskListMarker(done) => {
                let checked = if done { " checked" } else { "" };
                let _ = write!(self.out, "<input type=\"checkbox\" disabled{checked}> ");
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(code) = self.code.as_mut() {
            code.1.push_str(text);
            return;
        }
        self.prose.push_str(text);
        let open = self.open_tags.len();
        if let Some((lead, true)) = self.lead.as_mut() {
            let shown = match self.in_segment {
                Some((from, english)) if open > from => english == self.surroundings.english_only(),
                _ => true,
            };
            if shown {
                lead.push_str(text);
            }
        }
        if let Some(heading) = self.heading.as_mut() {
            match heading.source_from.is_some_and(|from| open > from) {
                true => heading.english.push_str(text),
                false => heading.text.push_str(text),
            }
        }
        escape_into(&mut self.out, text);
    }

    fn start(&mut self, tag: MdTag<'_>, range: Range<usize>) {
        match tag {
            MdTag::Paragraph => {
                let raw = self.source.get(range.clone()).unwrap_or("");
                if let Some((_, target)) = include(raw) {
                    self.include(&target);
                    self.skip_until_paragraph_end = true;
                } else if let Some(url) = video_block(raw) {
                    self.video(url);
                } else {
                    self.find_docfx_images(&range);
                    self.out.push_str("<p>");
                    if self.lead.is_none() && self.stack.is_empty() {
                        self.lead = Some((String::new(), true));
                    }
                }
            }
            MdTag::Heading { level, .. } => self.start_heading(level as u8),
            MdTag::BlockQuote(kind) => match kind {
                Some(kind) => {
                    let labels = self.surroundings.labels();
                    callout_open(&mut self.out, kind, (labels.lang, labels.callout(kind)));
                    self.stack.push(Cow::Borrowed("</div>\n"));
                }
                // A quote that is only a video block is the video.
                None if video_block(self.source.get(range).unwrap_or("")).is_some() => {
                    self.stack.push(Cow::Borrowed(""));
                }
                None => {
                    self.out.push_str("<blockquote>\n");
                    self.stack.push(Cow::Borrowed("</blockquote>\n"));
                }
            },
            MdTag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            MdTag::List(Some(start)) => {
                if start == 1 {
                    self.out.push_str("<ol>\n");
                } else {
                    let _ = writeln!(self.out, "<ol start=\"{start}\">");
                }
                self.stack.push(Cow::Borrowed("</ol>\n"));
            }
            MdTag::List(None) => {
                self.out.push_str("<ul>\n");
                self.stack.push(Cow::Borrowed("</ul>\n"));
            }
            MdTag::Item => {
                self.find_docfx_images(&range);
                self.out.push_str("<li>");
            }
            MdTag::HtmlBlock => self.html_block = Some(String::new()),
            MdTag::Table(alignments) => {
                self.table_alignments = alignments;
                self.body_started = false;
                self.out
                    .push_str("<div class=\"table-wrap\" tabindex=\"0\"><table>\n");
            }
            MdTag::TableHead => {
                self.in_table_head = true;
                self.cell = 0;
                self.out.push_str("<thead><tr>");
            }
            MdTag::TableRow => {
                if !self.body_started {
                    self.body_started = true;
                    self.out.push_str("<tbody>\n");
                }
                self.cell = 0;
                self.out.push_str("<tr>");
            }
            MdTag::TableCell => {
                let element = if self.in_table_head { "th" } else { "td" };
                let align = match self.table_alignments.get(self.cell) {
                    Some(Alignment::Left) => " class=\"left\"",
                    Some(Alignment::Center) => " class=\"center\"",
                    Some(Alignment::Right) => " class=\"right\"",
                    _ => "",
                };
                let _ = write!(self.out, "<{element}{align}>");
                self.find_docfx_images(&range);
            }
            MdTag::Emphasis => self.out.push_str("<em>"),
            MdTag::Strong => self.out.push_str("<strong>"),
            MdTag::Strikethrough => self.out.push_str("<del>"),
            MdTag::Link {
                dest_url, title, ..
            } => {
                if let Some(heading) = self.heading.as_mut() {
                    if let Some(tab) = dest_url.strip_prefix("#tab/") {
                        heading.tab = Some(tab.to_string());
                        self.stack.push(Cow::Borrowed(""));
                        return;
                    }
                }
                let href = match self.surroundings.link(&dest_url) {
                    LinkTarget::Href(href) => href,
                    unlinked => return self.start_unlinked(&unlinked),
                };
                self.out.push_str("<a href=\"");
                escape_into(&mut self.out, &href);
                self.out.push('"');
                if !title.is_empty() {
                    self.out.push_str(" title=\"");
                    escape_into(&mut self.out, &title);
                    self.out.push('"');
                }
                self.out.push('>');
                self.stack.push(Cow::Borrowed("</a>"));
            }
            MdTag::Image {
                dest_url, title, ..
            } => {
                let src = self.surroundings.image(&dest_url);
                self.image_alt = Some((String::new(), src, title.to_string()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.close_open_tags();
                self.out.push_str("</p>\n");
                if let Some((lead, open)) = self.lead.as_mut() {
                    match lead.trim().is_empty() {
                        true => self.lead = None,
                        false => *open = false,
                    }
                }
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Link => {
                if let Some(close) = self.stack.pop() {
                    if tag != TagEnd::Link {
                        self.close_open_tags();
                    }
                    self.out.push_str(&close);
                }
            }
            TagEnd::Item => {
                self.close_open_tags();
                self.out.push_str("</li>\n");
            }
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::Table => {
                if self.body_started {
                    self.out.push_str("</tbody>\n");
                }
                self.out.push_str("</table></div>\n");
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.out.push_str("</tr></thead>\n");
            }
            TagEnd::TableRow => self.out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                self.close_open_tags();
                let element = if self.in_table_head { "th" } else { "td" };
                let _ = write!(self.out, "</{element}>");
                self.cell += 1;
            }
            TagEnd::Emphasis => self.out.push_str("</em>"),
            TagEnd::Strong => self.out.push_str("</strong>"),
            TagEnd::Strikethrough => self.out.push_str("</del>"),
            TagEnd::HtmlBlock => {
                if let Some(block) = self.html_block.take() {
                    self.raw_block(&block);
                }
                self.close_open_tags();
            }
            _ => {}
        }
    }

    /// The text of a link that leads to no page: marked, with why for
    /// screen readers, never a dead link.
    fn start_unlinked(&mut self, target: &LinkTarget) {
        let labels = self.surroundings.labels();
        let (class, why) = match target {
            LinkTarget::Missing => ("link-missing", labels.link_missing),
            _ => ("link-elsewhere", labels.link_elsewhere),
        };
        let _ = write!(self.out, "<span class=\"{class}\">");
        let close = unlinked_end(labels.lang, why);
        self.stack.push(Cow::Owned(close));
    }

    fn close_open_tags(&mut self) {
        for close in self.open_tags.drain(..).rev() {
            self.out.push_str(close);
        }
        self.end_segment();
    }

    /// The open segment span is closed; a translation in a page shown in
    /// English is dropped, not even hidden (copied text, reader views and
    /// search saw it).
    fn end_segment(&mut self) {
        self.in_segment = None;
        if let Some((out, prose)) = self.hidden_from.take() {
            self.out.truncate(out);
            self.prose.truncate(prose);
        }
    }

    fn end_code(&mut self) {
        if let Some((info, code)) = self.code.take() {
            code_block(&mut self.out, &info, &code);
        }
    }

    fn end_image(&mut self) {
        match self.image_alt.take() {
            Some((alt, Some(src), title)) => image(&mut self.out, &alt, &src, &title),
            Some((alt, None, _)) => {
                let labels = self.surroundings.labels();
                self.out.push_str("<span class=\"link-missing\">");
                escape_into(&mut self.out, &alt);
                self.out
                    .push_str(&unlinked_end(labels.lang, labels.image_missing));
            }
            None => {}
        }
    }
}
