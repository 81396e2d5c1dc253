//! Which files of a locale's checkout are pages, as docfx decides it: each
//! `docfx.json` is a docset whose `build.content` entries (`files` and
//! `exclude` globs under `src`) name its pages. Fragments in `includes/`
//! folders are include files; everything else (README, LICENSE, issue
//! templates, pages no docset names) is not part of the docs. A page's
//! `dest` and its docset's base path (`/graph/`) say at which URL it is
//! published, which is what site-absolute links name.

use super::project_file::{read_project_file, ProjectFileError};
use crate::model::FileKind;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
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
    sites: Vec<Site>,
}

/// Where a docset is published: what its site-absolute links start with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Site {
    /// The folder of its `docfx.json`, relative to the checkout, ending in
    /// `/` (or empty): what `~/` names in its links.
    pub folder: String,
    /// The URL path its pages are published under, lower case, between
    /// slashes (`/graph/`); `None` when neither the docset nor
    /// `sxsdoc.toml` says it.
    pub base: Option<String>,
    /// The monikers its groups are published as (`graph-rest-1.0`): what
    /// a link's `?view=` chooses between.
    pub monikers: Vec<String>,
    /// Its name, as docfx suffixes its pages' titles (`titleSuffix`, the
    /// shortest where files get different ones: `Microsoft Graph` of
    /// `Microsoft Graph v1.0` and `Microsoft Graph`).
    pub name: Option<String>,
}

/// One `build.content` entry: files under `src` matching `files` and not
/// `exclude`, published under `dest`.
#[derive(Debug)]
struct Mapping {
    /// Relative to the checkout, `/`-separated, ending in `/` (or empty).
    src: String,
    files: GlobSet,
    exclude: GlobSet,
    /// `/`-separated, ending in `/` (or empty).
    dest: String,
    /// Its group's moniker, if the group has one.
    moniker: Option<String>,
    /// Index of its docset in `sites`.
    site: usize,
}

/// Where a page is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Lower case, without the `.md`: `/graph/api/resources/user`.
    pub url: String,
    pub moniker: Option<String>,
    /// The file published there, relative to the checkout.
    pub path: String,
}

#[derive(Deserialize)]
struct DocfxFile {
    #[serde(default)]
    build: Build,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Build {
    #[serde(default)]
    content: Vec<Content>,
    #[serde(default)]
    groups: BTreeMap<String, GroupSettings>,
    #[serde(default)]
    global_metadata: Metadata,
    #[serde(default)]
    file_metadata: FileMetadata,
}

#[derive(Deserialize, Default)]
struct GroupSettings {
    #[serde(default)]
    moniker_range: Option<String>,
}

#[derive(Deserialize, Default)]
struct Metadata {
    #[serde(default)]
    breadcrumb_path: Option<serde_json::Value>,
    #[serde(default, rename = "titleSuffix")]
    title_suffix: Option<serde_json::Value>,
}

#[derive(Deserialize, Default)]
struct FileMetadata {
    #[serde(default)]
    breadcrumb_path: Option<serde_json::Value>,
    #[serde(default, rename = "titleSuffix")]
    title_suffix: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    src: Option<String>,
    #[serde(default)]
    dest: Option<String>,
    #[serde(default)]
    group: Option<String>,
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
    /// adds its content mappings. Its pages are published under `base`
    /// when given (`sxsdoc.toml`'s `base_path`), else under the first
    /// folder of its `breadcrumb_path` (`/graph/` of
    /// `/graph/breadcrumb/toc.json`), the one place a docfx project names
    /// the site path it is published at.
    pub fn add(
        &mut self,
        root: &Path,
        relative: &str,
        base: Option<&str>,
    ) -> Result<(), DocfxError> {
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
        let build = file.build;
        let base = base
            .map(str::to_string)
            .or_else(|| {
                [
                    &build.global_metadata.breadcrumb_path,
                    &build.file_metadata.breadcrumb_path,
                ]
                .into_iter()
                .flatten()
                .find_map(breadcrumb_base)
            })
            .and_then(|base| base_path(&base));
        let moniker = |group: &Option<String>| {
            let range = build
                .groups
                .get(group.as_deref()?)?
                .moniker_range
                .as_deref()?;
            moniker_of(range)
        };
        let site = self.sites.len();
        let mut monikers: Vec<String> = build
            .groups
            .values()
            .filter_map(|g| g.moniker_range.as_deref().and_then(moniker_of))
            .collect();
        monikers.sort();
        monikers.dedup();
        for content in &build.content {
            let src = match content.src.as_deref().map(|s| s.trim_matches('/')) {
                Some(src) if !src.is_empty() && src != "." => format!("{folder}{src}/"),
                _ => folder.clone(),
            };
            let dest = match content.dest.as_deref().map(|s| s.trim_matches('/')) {
                Some(dest) if !dest.is_empty() && dest != "." => format!("{dest}/"),
                _ => String::new(),
            };
            self.mappings.push(Mapping {
                src,
                files: glob_set(&content.files).map_err(|err| invalid(err.to_string()))?,
                exclude: glob_set(&content.exclude).map_err(|err| invalid(err.to_string()))?,
                dest,
                moniker: moniker(&content.group),
                site,
            });
        }
        let name = [
            &build.global_metadata.title_suffix,
            &build.file_metadata.title_suffix,
        ]
        .into_iter()
        .flatten()
        .flat_map(strings_of)
        .min_by_key(|name| name.len())
        .map(str::to_string);
        self.sites.push(Site {
            folder,
            base,
            monikers,
            name,
        });
        Ok(())
    }

    /// The docsets read, in the order they were added.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// Where the file at `path` (relative to the checkout) is published,
    /// if a docset with a base path publishes it: its `src` taken off,
    /// its `dest` put on, under the docset's base, without its extension
    /// (`.md`, or `.yml` of a landing page).
    pub fn published(&self, path: &str) -> Option<Published> {
        self.matching(path).find_map(|(mapping, rest)| {
            let base = self.sites.get(mapping.site)?.base.as_deref()?;
            let stem = rest.rsplit_once('.').map_or(rest, |(stem, _)| stem);
            Some(Published {
                url: format!("{base}{}{stem}", mapping.dest).to_lowercase(),
                moniker: mapping.moniker.clone(),
                path: path.to_string(),
            })
        })
    }

    /// The content entries that publish `path`, each with the path under
    /// its `src`.
    fn matching<'m>(&'m self, path: &'m str) -> impl Iterator<Item = (&'m Mapping, &'m str)> {
        self.mappings.iter().filter_map(move |mapping| {
            let rest = path.strip_prefix(mapping.src.as_str())?;
            (mapping.files.is_match(rest) && !mapping.exclude.is_match(rest))
                .then_some((mapping, rest))
        })
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
        if self.matching(path).next().is_some() {
            FileKind::Page
        } else {
            FileKind::NotDocs
        }
    }
}

/// The strings of a metadata value: itself, or those of a map by glob
/// (`fileMetadata`), trimmed, not empty.
fn strings_of(value: &serde_json::Value) -> Vec<&str> {
    let values: Vec<&serde_json::Value> = match value {
        serde_json::Value::Object(map) => map.values().collect(),
        value => vec![value],
    };
    values
        .into_iter()
        .filter_map(|value| Some(value.as_str()?.trim()))
        .filter(|name| !name.is_empty())
        .collect()
}

/// The base path of a docset from its breadcrumb toc's path, which
/// Microsoft Learn docsets keep in a folder of their base:
/// `/graph/breadcrumb/toc.json`, `/office/dev/scripts/breadcrumb/toc.json`;
/// a map of them (`{"v1.0/**": "/graph/ref-breadcrumb/toc.json?view=…"}`)
/// gives its first.
fn breadcrumb_base(value: &serde_json::Value) -> Option<String> {
    let path = match value {
        serde_json::Value::String(path) => path.as_str(),
        serde_json::Value::Object(map) => map.values().find_map(serde_json::Value::as_str)?,
        _ => return None,
    };
    let path = path.split(['?', '#']).next()?.strip_prefix('/')?;
    let mut folders: Vec<&str> = path.split('/').collect();
    // The toc file, then the folder it is in.
    folders.truncate(folders.len().checked_sub(2)?);
    (!folders.is_empty()).then(|| format!("/{}/", folders.join("/")))
}

/// A base path as links use it: lower case, between slashes (`/graph/`);
/// `/` for a site root.
pub fn base_path(path: &str) -> Option<String> {
    let trimmed = path.trim().trim_matches('/');
    if trimmed.contains(['?', '#', ':', '\\']) {
        return None;
    }
    Some(match trimmed {
        "" => "/".to_string(),
        _ => format!("/{}/", trimmed.to_lowercase()),
    })
}

/// The moniker of a moniker range: `graph-rest-1.0` of `>= graph-rest-1.0`.
fn moniker_of(range: &str) -> Option<String> {
    let name = range.trim().trim_start_matches(['>', '<', '=', ' ']).trim();
    (!name.is_empty() && !name.contains([' ', '|', '&'])).then(|| name.to_lowercase())
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
