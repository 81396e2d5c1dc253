//! Which files of a locale's checkout are pages, as docfx decides it: each
//! `docfx.json` is a docset whose `build.content` entries (`files` and
//! `exclude` globs under `src`) name its pages. Fragments in `includes/`
//! folders are include files; everything else (README, LICENSE, issue
//! templates, pages no docset names) is not part of the docs.

use super::project_file::{read_project_file, ProjectFileError};
use crate::model::FileKind;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::path::Path;

/// The largest `docfx.json` read.
const MAX_DOCFX_BYTES: u64 = 1 << 20;

/// File names at the top of a checkout that are about the repository,
/// not docs, when there is no `docfx.json` to say what is a page.
const REPOSITORY_FILES: &[&str] = &[
    "readme.md",
    "license.md",
    "license-code.md",
    "contributing.md",
    "thirdpartynotices.md",
    "notices.md",
    "issue_template.md",
    "security.md",
    "code_of_conduct.md",
    "licensing-information.md",
];

/// The docsets of one checkout.
#[derive(Debug, Default)]
pub struct Docsets {
    mappings: Vec<Mapping>,
}

/// One `build.content` entry: files under `src` matching `files` and not
/// `exclude`.
#[derive(Debug)]
struct Mapping {
    /// Relative to the checkout, `/`-separated, ending in `/` (or empty).
    src: String,
    files: GlobSet,
    exclude: GlobSet,
}

#[derive(Deserialize)]
struct DocfxFile {
    #[serde(default)]
    build: Build,
}

#[derive(Deserialize, Default)]
struct Build {
    #[serde(default)]
    content: Vec<Content>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    src: Option<String>,
}

/// Why a `docfx.json` was not used.
#[derive(Debug, thiserror::Error)]
pub enum DocfxError {
    #[error(transparent)]
    Unreadable(#[from] ProjectFileError),
    #[error("`{}` is not a docfx.json sxsdoc can read: {reason}", .path.display())]
    Invalid {
        path: std::path::PathBuf,
        reason: String,
    },
}

impl Docsets {
    /// Reads the `docfx.json` at `relative` (to the checkout `root`) and
    /// adds its content mappings.
    pub fn add(&mut self, root: &Path, relative: &str) -> Result<(), DocfxError> {
        let path = root.join(relative);
        let text = read_project_file(&path, MAX_DOCFX_BYTES)?;
        let invalid = |reason: String| DocfxError::Invalid {
            path: path.clone(),
            reason,
        };
        let file: DocfxFile =
            serde_json::from_str(text.trim_start()).map_err(|err| invalid(err.to_string()))?;
        let folder = match relative.rsplit_once('/') {
            Some((folder, _)) => format!("{folder}/"),
            None => String::new(),
        };
        for content in file.build.content {
            let src = match content.src.as_deref().map(|s| s.trim_matches('/')) {
                Some(src) if !src.is_empty() && src != "." => format!("{folder}{src}/"),
                _ => folder.clone(),
            };
            self.mappings.push(Mapping {
                src,
                files: glob_set(&content.files).map_err(|err| invalid(err.to_string()))?,
                exclude: glob_set(&content.exclude).map_err(|err| invalid(err.to_string()))?,
            });
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.mappings.is_empty()
    }

    /// What the file at `path` (relative to the checkout, `/`-separated)
    /// is.
    pub fn kind(&self, path: &str) -> FileKind {
        if path
            .split('/')
            .rev()
            .skip(1)
            .any(|folder| folder == "includes")
        {
            return FileKind::Include;
        }
        if self.mappings.is_empty() {
            let top_level = !path.contains('/');
            let repository = REPOSITORY_FILES.contains(&path.to_ascii_lowercase().as_str());
            return if (top_level && repository) || path.starts_with(".github/") {
                FileKind::NotDocs
            } else {
                FileKind::Page
            };
        }
        let published = self.mappings.iter().any(|mapping| {
            path.strip_prefix(mapping.src.as_str())
                .is_some_and(|rest| mapping.files.is_match(rest) && !mapping.exclude.is_match(rest))
        });
        if published {
            FileKind::Page
        } else {
            FileKind::NotDocs
        }
    }
}

/// docfx's globs: `**` across folders (also inside a name, `**.md`), `*`
/// within one, `{a,b}`; matched from the mapping's `src`.
fn glob_set(globs: &[String]) -> Result<GlobSet, globset::Error> {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        // `**.md` is docfx's `**/*.md`.
        let glob = glob.trim_start_matches("./");
        let normal = glob
            .split('/')
            .map(|part| match part.strip_prefix("**") {
                Some(rest) if !rest.is_empty() => format!("**/*{rest}"),
                _ => part.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/");
        let built = GlobBuilder::new(&normal)
            .literal_separator(true)
            .case_insensitive(true)
            .build()?;
        set.add(built);
    }
    set.build()
}
