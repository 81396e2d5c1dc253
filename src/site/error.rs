//! Why a build of the site failed: which file, and the cause.

use super::output::OutputError;
use super::theme::{describe, ThemeError};
use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error("cannot write `{}`: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    /// A file written beside its final name could not be renamed over it.
    #[error("cannot update `{}`: {source}", .path.display())]
    Update { path: PathBuf, source: io::Error },
    /// The previous site could not be moved out of the way.
    #[error("cannot replace `{}`: {source}", .path.display())]
    Replace { path: PathBuf, source: io::Error },
    #[error("cannot move the new site to `{}`: {source}", .path.display())]
    MoveIn { path: PathBuf, source: io::Error },
    #[error("template `{name}` failed: {}", describe(.cause))]
    Template {
        name: &'static str,
        cause: tera::Error,
    },
    /// What went wrong writing one page, shown as the docs file it is.
    #[error("{page}: {source}")]
    Page {
        page: String,
        source: Box<SiteError>,
    },
}
