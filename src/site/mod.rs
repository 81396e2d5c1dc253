//! `sxsdoc build`: the static HTML site, every locale, with the English
//! source one click away. Never imports `check`: findings arrive as
//! diagnostics.

mod context;
mod includes;
mod paths;
mod render;
pub mod sanitize;
mod theme;
mod write;

pub use paths::page_url;
pub use render::{render, NoIncludes, Rendered};

use crate::diagnostic::Diagnostic;
use crate::tree::Docs;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub output: PathBuf,
    /// Overrides for the built-in templates and assets.
    pub templates: Option<PathBuf>,
    /// Prefix of the absolute URLs in `sitemap.xml`.
    pub base_url: String,
    pub site_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// Pages left out, with why (path escapes, output name clashes).
    pub notes: Vec<String>,
}

/// Builds the site into a temporary folder beside the output and swaps it
/// in only when every file was written: a failed build leaves the previous
/// site as it was.
pub fn build(
    docs: &Docs,
    diagnostics: &[Diagnostic],
    options: &BuildOptions,
) -> Result<BuildReport, String> {
    let theme = theme::load(options.templates.as_deref())?;
    let site = context::Site::new(docs, diagnostics, options);
    write::atomically(&options.output, |dir| write::site(dir, &site, &theme))
}
