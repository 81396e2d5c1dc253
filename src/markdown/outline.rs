//! The outline of a page from one pulldown-cmark pass, both views at once.
//!
//! Segment spans are inline HTML to CommonMark, so the translation and
//! its source arrive as neighbouring runs of text. Each run is assigned to
//! the reader view, the source view or both by where it lies relative to
//! the segments the scanner found.

use super::{anchor_name, attributes, collapsed, include};
use crate::model::{
    Block, Cell, CodeBlock, Dual, Heading, Inline, Link, Outline, Segment, Side, Table,
};
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Tag, TagEnd};
use std::ops::Range;

/// Which sections' prose and tables an outline keeps.
#[derive(Clone, Copy)]
pub enum Keep<'k> {
    All,
    Sections {
        /// Sections whose heading this accepts, with their subsections.
        kept: &'k dyn Fn(&Heading) -> bool,
        /// Sections inside which no section is kept (examples, whose
        /// `Response` subsection is not the page's).
        skipped: &'k dyn Fn(&Heading) -> bool,
    },
}

/// Parses the body of `text` (from `body_start`) into its outline: one
/// pulldown-cmark pass.
///
/// Headings, code blocks, callouts, includes, annotations and the first
/// column of tables are kept everywhere; paragraphs and whole tables only
/// in the sections `keep` accepts (and their subsections): building both
/// texts of every paragraph and table cell is most of the cost of an
/// outline, and the facts and rules read only a few sections.
pub fn outline(text: &str, body_start: usize, segments: &[Segment], keep: Keep<'_>) -> Outline {
    let mut outliner = Outliner::new(text, body_start, segments, keep);
    for (event, range) in super::parser(text.get(body_start..).unwrap_or("")) {
        outliner.event(&event, range);
    }
    outliner.finish()
}
/// The cells of a table row an outline keeps: the facts and rules read
/// a row's first two (its name and its value), and a wide table's other
/// cells would cost memory for every row for nothing.
pub const KEPT_CELLS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collecting {
    Heading(u8),
    Paragraph,
    Cell,
    /// Text directly in a tight list item, with no paragraph around it.
    Item,
}

struct InlineState {
    what: Collecting,
    text: Dual,
    span: Range<usize>,
    anchor: Option<String>,
    tab: Option<String>,
}

impl InlineState {
    fn new(what: Collecting, span: Range<usize>) -> InlineState {
        InlineState {
            what,
            text: Dual::default(),
            span,
            anchor: None,
            tab: None,
        }
    }
}

/// Makes an outline from the events of a pulldown-cmark pass over a page
/// body, handed to [`Outliner::event`] in order: a build hands it the
/// events it renders, so each body is parsed once.
pub struct Outliner<'t> {
    text: &'t str,
    /// Where the body starts in `text`: event ranges are the body's.
    body_start: usize,
    segments: &'t [Segment],
    blocks: Vec<Block>,
    links: Vec<Link>,
    inline: Option<InlineState>,
    code: Option<CodeBlock>,
    table: Option<Table>,
    /// The cells a row of the table gets: its columns, up to [`KEPT_CELLS`].
    row_cells: usize,
    /// In a table cell past the ones kept.
    cell_dropped: bool,
    html: Option<(String, Range<usize>)>,
    raw_segments: Vec<usize>,
    keep: Keep<'t>,
    /// The level of the kept section the walk is in, if any.
    kept_level: Option<u8>,
    /// The level of the skipped section the walk is in, if any.
    skipped_level: Option<u8>,
}

impl<'t> Outliner<'t> {
    pub fn new(
        text: &'t str,
        body_start: usize,
        segments: &'t [Segment],
        keep: Keep<'t>,
    ) -> Outliner<'t> {
        Outliner {
            text,
            body_start,
            segments,
            blocks: Vec::new(),
            links: Vec::new(),
            inline: None,
            code: None,
            table: None,
            row_cells: 0,
            cell_dropped: false,
            html: None,
            raw_segments: Vec::new(),
            keep,
            // Level 0: before any heading and never closed by one.
            kept_level: matches!(keep, Keep::All).then_some(0),
            skipped_level: None,
        }
    }

    /// Adds a finished code block: one line start per line of its text,
    /// the line after a final newline starting where the last one does.
    fn end_code(&mut self, mut code: CodeBlock) {
        let lines = memchr::memchr_iter(b'\n', code.code.as_bytes()).count() + 1;
        let last = code.line_starts.last().copied().unwrap_or(code.span.start);
        code.line_starts.resize(lines, last);
        self.blocks.push(Block::Code(code));
    }

    /// The outline of the events so far.
    pub fn finish(mut self) -> Outline {
        self.flush_inline();
        Outline {
            blocks: self.blocks,
            links: self.links,
            raw_segments: self.raw_segments,
        }
    }

    /// The next event of the body, with its range in the body.
    pub fn event(&mut self, event: &Event<'_>, range: Range<usize>) {
        let range = range.start + self.body_start..range.end + self.body_start;
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => {
                if let Some(code) = self.code.as_mut() {
                    append_code(code, self.text, text, &range);
                } else {
                    self.push_text(text, range);
                }
            }
            Event::Code(code) => {
                self.push_text("`", range.clone());
                self.push_text(code, range.clone());
                self.push_text("`", range);
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", range),
            Event::InlineHtml(html) => self.inline_html(html, range),
            Event::Html(html) => {
                if let Some((collected, _)) = self.html.as_mut() {
                    collected.push_str(html);
                }
                self.html_links(range);
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => self.begin(Collecting::Heading(*level as u8), range),
            Tag::Paragraph => {
                // Includes are recognised in every section.
                let raw = self.text.get(range.clone()).unwrap_or("");
                if self.kept_level.is_some() || raw.trim_start().starts_with("[!") {
                    self.begin(Collecting::Paragraph, range);
                } else {
                    self.flush_inline();
                }
            }
            Tag::TableCell => {
                let row = self.table.as_ref().and_then(|table| table.rows.last());
                match row {
                    Some(row) if row.len() < self.row_cells => self.begin(Collecting::Cell, range),
                    Some(_) => {
                        self.flush_inline();
                        self.cell_dropped = true;
                    }
                    None => {}
                }
            }
            Tag::List(_) | Tag::Item => self.flush_inline(),
            Tag::Table(alignments) => {
                self.flush_inline();
                self.table = Some(Table {
                    rows: Vec::new(),
                    span: range,
                });
                // Outside the kept sections, a table's first column: the
                // names of properties, parameters and members (SXS007).
                self.row_cells = match self.kept_level {
                    Some(_) => alignments.len().min(KEPT_CELLS),
                    None => 1,
                };
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = self.table.as_mut() {
                    table.rows.push(Vec::with_capacity(self.row_cells));
                }
            }
            Tag::CodeBlock(kind) => {
                self.flush_inline();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeBlock {
                    info,
                    // The block's source is an upper bound: no regrowing.
                    code: String::with_capacity(range.len()),
                    line_starts: Vec::new(),
                    span: range,
                });
            }
            Tag::HtmlBlock => {
                self.flush_inline();
                let start = range.start;
                if self
                    .segments
                    .binary_search_by_key(&start, |segment| segment.span.start)
                    .is_ok()
                {
                    self.raw_segments.push(start);
                }
                self.html = Some((String::new(), range));
            }
            Tag::BlockQuote(Some(kind)) => {
                self.flush_inline();
                self.blocks.push(Block::Callout {
                    kind: callout_name(*kind).to_string(),
                    span: range,
                });
            }
            Tag::Link { dest_url, .. } => {
                // `[!INCLUDE [title](path)]` holds a link to the include.
                let before = self.text.get(..range.start).unwrap_or("").trim_end();
                let include = before
                    .get(before.len().saturating_sub(9)..)
                    .is_some_and(|tail| tail.eq_ignore_ascii_case("[!include"));
                if !dest_url.starts_with("#tab/") && !include {
                    self.links.push(Link {
                        target: dest_url.to_string(),
                        side: side_at(self.segments, range.start),
                        span: range,
                    });
                }
                if let Some(state) = self.inline.as_mut() {
                    if matches!(state.what, Collecting::Heading(_)) {
                        if let Some(tab) = dest_url.strip_prefix("#tab/") {
                            state.tab = Some(tab.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if tag == TagEnd::TableCell {
            self.cell_dropped = false;
        }
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Item => {
                self.flush_inline()
            }
            TagEnd::Table => {
                self.flush_inline();
                if let Some(table) = self.table.take() {
                    self.blocks.push(Block::Table(table));
                }
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.end_code(code);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some((html, span)) = self.html.take() {
                    if let Some(json) = annotation(&html) {
                        self.blocks.push(Block::Annotation { json, span });
                    }
                }
            }
            _ => {}
        }
    }

    /// Updates the kept and skipped sections for a heading of the walk.
    fn enter(&mut self, heading: &Heading) {
        let Keep::Sections { kept, skipped } = self.keep else {
            return;
        };
        let level = heading.level;
        if self.kept_level.is_some_and(|at| level <= at) {
            self.kept_level = None;
        }
        if self.skipped_level.is_some_and(|at| level <= at) {
            self.skipped_level = None;
        }
        if self.kept_level.is_none() && self.skipped_level.is_none() {
            if skipped(heading) {
                self.skipped_level = Some(level);
            } else if kept(heading) {
                self.kept_level = Some(level);
            }
        }
    }

    fn begin(&mut self, what: Collecting, span: Range<usize>) {
        self.flush_inline();
        self.inline = Some(InlineState::new(what, span));
    }

    fn push_text(&mut self, text: &str, range: Range<usize>) {
        if (self.kept_level.is_none() && self.inline.is_none()) || self.cell_dropped {
            return;
        }
        let side = side_at(self.segments, range.start);
        let state = self
            .inline
            .get_or_insert_with(|| InlineState::new(Collecting::Item, range.clone()));
        state.span.end = state.span.end.max(range.end);
        state.text.push(side, text);
    }

    fn inline_html(&mut self, html: &str, range: Range<usize>) {
        // Called for every span tag of every segment: no allocation here.
        let starts = |prefix: &str| {
            html.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        };
        if starts("<br") {
            self.push_text(" ", range);
        } else if starts("<a ") {
            if let Some(state) = self.inline.as_mut() {
                let inner = html.trim_start_matches('<').trim_end_matches('>');
                let name = anchor_name(inner.get(1..).unwrap_or("")).map(str::to_string);
                if state.anchor.is_none() {
                    state.anchor = name;
                }
            }
            self.html_links(range);
        }
    }

    /// A link of each `<a href>` in the raw HTML at `range`, as of a
    /// Markdown link: readers follow both (`<a href="book.xlsx">`).
    fn html_links(&mut self, range: Range<usize>) {
        let raw = self.text.get(range.clone()).unwrap_or("");
        for (at, _) in raw.match_indices('<') {
            let tag = &raw[at..];
            let is_a = tag
                .as_bytes()
                .get(1)
                .is_some_and(|b| b.eq_ignore_ascii_case(&b'a'))
                && tag.as_bytes().get(2).is_some_and(u8::is_ascii_whitespace);
            if !is_a {
                continue;
            }
            let end = tag.find('>').unwrap_or(tag.len());
            let href = attributes(&tag[2..end]).find(|(key, _)| key.eq_ignore_ascii_case("href"));
            let Some((_, href)) = href.filter(|(_, href)| !href.trim().is_empty()) else {
                continue;
            };
            let start = range.start + at;
            self.links.push(Link {
                target: href.trim().replace("&amp;", "&"),
                side: side_at(self.segments, start),
                span: start..start + end + 1,
            });
        }
    }

    fn flush_inline(&mut self) {
        let Some(state) = self.inline.take() else {
            return;
        };
        let text = Dual {
            reader: collapsed(state.text.reader),
            source: collapsed(state.text.source),
        };
        let span = state.span;
        match state.what {
            Collecting::Heading(level) => {
                let heading = Heading {
                    level,
                    anchor: state.anchor,
                    text,
                    tab: state.tab,
                    span,
                };
                if heading.tab.is_none() {
                    self.enter(&heading);
                }
                self.blocks.push(Block::Heading(heading));
            }
            Collecting::Cell => {
                if let Some(row) = self.table.as_mut().and_then(|table| table.rows.last_mut()) {
                    row.push(Cell { text, span });
                }
            }
            Collecting::Paragraph | Collecting::Item => {
                let raw = self.text.get(span.clone()).unwrap_or("");
                match include(raw) {
                    Some((title, path)) => self.blocks.push(Block::Include { title, path, span }),
                    None => self.blocks.push(Block::Paragraph(Inline { text, span })),
                }
            }
        }
    }
}

/// Which view the text at `offset` belongs to.
fn side_at(segments: &[Segment], offset: usize) -> Side {
    let after = segments.partition_point(|s| s.span.start <= offset);
    let Some(segment) = after.checked_sub(1).map(|i| &segments[i]) else {
        return Side::Both;
    };
    if offset >= segment.span.end {
        Side::Both
    } else if segment.translation.contains(&offset) {
        // With no English to read (see `ProblemKind::EmptySource`), the
        // translation stands for both views: nothing is compared.
        match &segment.source {
            Some(source) if source.is_empty() => Side::Both,
            _ => Side::Translation,
        }
    } else if segment.source.as_ref().is_some_and(|s| s.contains(&offset)) {
        Side::Source
    } else {
        Side::Markup
    }
}

fn append_code(code: &mut CodeBlock, page: &str, text: &str, range: &Range<usize>) {
    let raw_matches = page.get(range.clone()) == Some(text);
    if code.code.is_empty() || code.code.ends_with('\n') {
        code.line_starts.push(range.start);
    }
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        if i + 1 < text.len() {
            code.line_starts.push(if raw_matches {
                range.start + i + 1
            } else {
                range.start
            });
        }
    }
    code.code.push_str(text);
}

fn callout_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "NOTE",
        BlockQuoteKind::Tip => "TIP",
        BlockQuoteKind::Important => "IMPORTANT",
        BlockQuoteKind::Warning => "WARNING",
        BlockQuoteKind::Caution => "CAUTION",
    }
}

/// `<!-- { "blockType": ... } -->` → the JSON text inside the comment.
fn annotation(html: &str) -> Option<String> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .trim_end()
        .strip_suffix("-->")?
        .trim();
    (inner.starts_with('{') && inner.contains("\"blockType\"")).then(|| inner.to_string())
}
