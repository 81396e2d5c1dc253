//! `sxsdoc build`: the static HTML site, every locale, with the English
//! source one click away. Never imports `check`: findings arrive as
//! diagnostics.
//!
//! A build streams: [`Builder::page_group`] renders and writes one page
//! group at a time and keeps its [`GroupSummary`] (about a kilobyte a
//! page: titles, endpoints, findings); [`Builder::finish`] renders the
//! pages that list everything from those summaries, one template each,
//! and swaps the new site in.

mod context;
mod dashboard;
mod error;
mod highlight;
mod images;
mod includes;
mod indexes;
mod links;
mod markup;
mod nav;
mod output;
mod paths;
mod render;
pub mod sanitize;
pub mod search;
mod strings;
mod summary;
mod target;
mod theme;
mod toc_memo;
mod write;

pub use error::SiteError;
pub use includes::is_include_path;
pub use output::{check_output, resolved, temp_file_in, OutputError, MARKER};
pub use paths::page_url;
pub use render::{render, render_shared, Rendered, Standalone};
pub use summary::{FindingRow, GroupSummary, PageSummary};
pub use target::CACHE_NAME;
pub use theme::{digest as theme_digest, ThemeError};
pub use toc_memo::TocMemo;
pub use write::{partly_read_note, Builder, Finished, Shape, WrittenGroup};

use std::path::PathBuf;

/// The name a site shows when neither the options nor the docs name it.
pub const DEFAULT_SITE_NAME: &str = "API reference";

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub output: PathBuf,
    /// Overrides for the built-in templates and assets.
    pub templates: Option<PathBuf>,
    /// Prefix of the absolute URLs in `sitemap.xml`.
    pub base_url: String,
    /// Shown in every page's header; `None`: the docs' own name (see
    /// `SiteMap::name`), else [`DEFAULT_SITE_NAME`].
    pub site_name: Option<String>,
    /// Render every page even if the build cache says it is unchanged.
    pub no_cache: bool,
    /// Replace an output folder that sxsdoc did not make (never one that
    /// holds the docs).
    pub force: bool,
    /// The docs team's view: findings marked on the pages, each page's
    /// API facts, the consistency report (see `sxsdoc build --qa`).
    pub qa: bool,
}

impl BuildOptions {
    /// The site's name (see [`BuildOptions::site_name`]'s field).
    pub fn site_name(&self) -> &str {
        self.site_name.as_deref().unwrap_or(DEFAULT_SITE_NAME)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    pub pages: usize,
    /// The files this build wrote, and their bytes: a clean build's whole
    /// site; an in-place build's changed files only (a file it would
    /// write as it already is, it leaves alone).
    pub files: usize,
    pub bytes: u64,
    /// Pages left out, with why (path escapes, output name clashes).
    pub notes: Vec<String>,
}
