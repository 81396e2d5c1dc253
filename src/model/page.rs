//! A page in one locale, and the group of one page across locales.

use crate::model::{Facts, FrontMatter, Outline, Segment};
use serde::Serialize;
use std::ops::Range;
use std::path::PathBuf;

/// Something wrong with how a page is written, found while reading it.
/// The checker turns these into diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Range<usize>,
    pub message: String,
    /// Another place on the same page the problem involves (the first use
    /// of a duplicated id, say).
    pub related: Option<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The file could not be read.
    Unreadable,
    /// Not UTF-8, or UTF-16, or containing NUL.
    Encoding,
    /// The page is larger than the configured limit.
    TooLarge,
    /// Tables that would fill in more empty cells (for rows shorter than
    /// their header) than a page may have; the page is read up to them.
    FilledCells,
    /// A `---` front matter block that never closes.
    FrontMatterUnclosed,
    /// Front matter that is not valid YAML or has the wrong types.
    FrontMatterYaml,
    /// `ms.contentlocale` names another locale than the page's folder.
    LocaleMismatch,
    /// A translation span with no `sxs-lookup` source span after it.
    UnpairedTranslation,
    /// An `sxs-lookup` source span with no translation span before it.
    OrphanSource,
    /// The source span's `data-stu-id` differs from the translation's id.
    IdMismatch,
    /// Two segments with the same id on one page.
    DuplicateId,
    /// A span that is never closed.
    UnclosedSpan,
    /// A segment that breaks across lines inside a table row or heading.
    BrokenLine,
    /// A translated segment whose English source span is empty.
    EmptySource,
    /// Span tags whose attribute quotes are escaped (`&quot;`): one
    /// problem a page, with the count.
    EscapedMarkup,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub locale: String,
    /// Relative to the locale folder, with `/` separators.
    pub path: String,
    pub kind: FileKind,
    /// The path shown to people, e.g. `docs/de-DE/api/x.md`.
    pub display_path: String,
    /// The file on disk, and the folder of its locale (links resolved)
    /// under which what it includes must be.
    pub file: PathBuf,
    pub locale_root: PathBuf,
    pub text: String,
    pub front_matter: Option<FrontMatter>,
    /// Byte offset where the Markdown body starts (after front matter).
    pub body_start: usize,
    pub segments: Vec<Segment>,
    pub problems: Vec<Problem>,
    pub outline: Outline,
    pub facts: Facts,
    /// Facts of the English source view; `None` for pages without segments.
    pub source_facts: Option<Facts>,
}

impl Page {
    pub fn has_segments(&self) -> bool {
        !self.segments.is_empty()
    }

    /// Its front matter's `description`.
    pub fn description(&self) -> Option<&str> {
        self.front_matter.as_ref()?.description.as_deref()
    }

    /// Its front matter's `redirect_url`: a page that only leads readers
    /// elsewhere, as docfx publishes it (no content of its own).
    pub fn redirect_url(&self) -> Option<&str> {
        let url = self.front_matter.as_ref()?.extra.get("redirect_url")?;
        url.as_str().map(str::trim).filter(|url| !url.is_empty())
    }

    /// Whether the front matter sets `key` (one sxsdoc does not read itself).
    pub fn declares(&self, key: &str) -> bool {
        self.front_matter
            .as_ref()
            .is_some_and(|fm| fm.extra.contains_key(key))
    }
}

/// One page (one relative path) in every locale that has it, in locale order.
#[derive(Debug, Clone)]
pub struct PageGroup {
    pub path: String,
    pub pages: Vec<Page>,
}

/// What a Markdown file of a docs project is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A page docfx builds.
    Page,
    /// A fragment pulled into pages by `[!INCLUDE]`: checked for what
    /// applies to a fragment (segments, tokens), never as a page.
    Include,
    /// Not published: README, LICENSE, templates, files no docset names.
    NotDocs,
}
