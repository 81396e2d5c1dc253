//! The Markdown structure of a page, as both of its readers see it.
//!
//! A side-by-side page is read by two audiences at once: the reader of the
//! translation, and anyone checking it against the English source. Every
//! piece of prose here therefore carries both texts ([`Dual`]); code blocks
//! are never translated and carry one.

use super::View;
use std::ops::Range;

/// Which text a piece of prose belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Outside any segment: part of both views.
    Both,
    /// Inside a translation span.
    Translation,
    /// Inside an `sxs-lookup` source span.
    Source,
    /// The span markup itself, part of neither view.
    Markup,
}

/// The text a reader sees and the English source text of the same prose.
/// For a page without segments both are the same.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dual {
    pub reader: String,
    pub source: String,
}

impl Dual {
    pub fn push(&mut self, side: Side, text: &str) {
        match side {
            Side::Both => {
                self.reader.push_str(text);
                self.source.push_str(text);
            }
            Side::Translation => self.reader.push_str(text),
            Side::Source => self.source.push_str(text),
            Side::Markup => {}
        }
    }

    pub fn get(&self, view: View) -> &str {
        match view {
            View::Reader => &self.reader,
            View::Source => &self.source,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// `<a name="...">` in the heading; English and identical across locales.
    pub anchor: Option<String>,
    pub text: Dual,
    /// `# [HTTP](#tab/http)`: a docfx tab, named by its `#tab/` target.
    pub tab: Option<String>,
    pub span: Range<usize>,
}

/// A paragraph's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub text: Dual,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The fence's info string (`http`, `json`), trimmed; empty for none.
    pub info: String,
    pub code: String,
    /// Byte offset in the page of the start of each line of `code`.
    pub line_starts: Vec<usize>,
    pub span: Range<usize>,
}

impl CodeBlock {
    /// The lines of the block with the page offset each starts at.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.code
            .split('\n')
            .zip(self.line_starts.iter().copied())
            .map(|(line, start)| (start, line.trim_end_matches('\r')))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: Dual,
    pub span: Range<usize>,
}

/// A table; the first row is the header row. A row holds its first
/// cells, as many as the table has columns up to
/// [`KEPT_CELLS`](crate::markdown::KEPT_CELLS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(Heading),
    Paragraph(Inline),
    Code(CodeBlock),
    Table(Table),
    /// A docfx or GitHub alert: `> [!NOTE]`, `> [!IMPORTANT]`, ...
    Callout {
        kind: String,
        span: Range<usize>,
    },
    /// `[!INCLUDE [title](path)]`, to be resolved against the docs root.
    Include {
        title: String,
        path: String,
        span: Range<usize>,
    },
    /// `<!-- { "blockType": "request", ... } -->` metadata for docs tooling.
    Annotation {
        json: String,
        span: Range<usize>,
    },
}

impl Block {
    /// The table this block is, if it is one.
    pub fn table(&self) -> Option<&Table> {
        match self {
            Block::Table(table) => Some(table),
            _ => None,
        }
    }

    pub fn span(&self) -> Range<usize> {
        match self {
            Block::Heading(heading) => heading.span.clone(),
            Block::Paragraph(inline) => inline.span.clone(),
            Block::Code(code) => code.span.clone(),
            Block::Table(table) => table.span.clone(),
            Block::Callout { span, .. }
            | Block::Include { span, .. }
            | Block::Annotation { span, .. } => span.clone(),
        }
    }
}

/// A link of a page: its target as written, where it is, and which
/// view it belongs to (a translated segment's links are the reader's, its
/// source span's are the English's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub span: Range<usize>,
    pub side: Side,
}

/// A page's blocks in document order, nested containers flattened, and
/// its links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    /// Where a segment begins an HTML block (its translation span's tag
    /// alone on its line): CommonMark reads the block, up to the next
    /// blank line, as raw HTML, so its links and emphasis show as typed.
    pub raw_segments: Vec<usize>,
}

impl Outline {
    pub fn headings(&self) -> impl Iterator<Item = (usize, &Heading)> {
        self.blocks
            .iter()
            .enumerate()
            .filter_map(|(i, block)| match block {
                Block::Heading(heading) => Some((i, heading)),
                _ => None,
            })
    }

    /// The blocks under the heading at `index`, up to the next heading of
    /// the same or a higher level. Tab headings (`# [HTTP](#tab/http)`) are
    /// level 1 in Markdown but sit inside sections, so they end none.
    pub fn section(&self, index: usize) -> &[Block] {
        let Some(Block::Heading(heading)) = self.blocks.get(index) else {
            return &[];
        };
        let rest = &self.blocks[index + 1..];
        let end = rest
            .iter()
            .position(|block| {
                matches!(block, Block::Heading(h) if h.level <= heading.level && h.tab.is_none())
            })
            .unwrap_or(rest.len());
        &rest[..end]
    }
}
