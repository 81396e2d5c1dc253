//! Finding the pages of a docs project, in the layouts docs teams have:
//! one folder per locale (`docs/ru-RU/...`), one checkout per locale
//! side by side (`microsoft-graph-docs.ru-RU/...`), locale roots named
//! in `sxsdoc.toml`, or a single checkout. Within a locale, its
//! `docfx.json` files say which Markdown files are pages (see
//! [`super::Docsets`]).

use super::docfx::{Docsets, Published, Site};
use super::note::{left_out_notes, LeftOut, Note};
use super::roots::{find_roots, LocaleRoot};
use super::shown::{display, in_root, root_shown};
use super::site_map::{redirected, LocaleUrls, SiteMap};
use super::toc::TocFile;
use crate::model::FileKind;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

/// A Markdown file found under a locale root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsFile {
    pub locale: String,
    /// Relative to the locale root, `/`-separated: the same page has the
    /// same path in every locale.
    pub path: String,
    pub kind: FileKind,
    root: Arc<LocaleRoot>,
    /// The file's own path, kept only when `root` and `path` cannot name
    /// it (a name that is not UTF-8, shown lossily in `path`): a tree's
    /// list of files is the one thing a run holds per page.
    odd_path: Option<PathBuf>,
}

impl DocsFile {
    /// The file on disk.
    pub fn fs_path(&self) -> PathBuf {
        match &self.odd_path {
            Some(path) => path.clone(),
            None => joined(&self.root.folder, &self.path),
        }
    }

    /// The file as shown to people: `docs/de-DE/api/x.md`.
    pub fn shown(&self) -> String {
        in_root(&self.root.shown, &self.path)
    }

    /// The folder of this file's locale, links resolved: what its pages
    /// may include is under it.
    pub fn locale_root(&self) -> &Path {
        &self.root.canonical
    }
}

/// `folder/path`, `path` split at its `/`.
fn joined(folder: &Path, path: &str) -> PathBuf {
    let mut joined = folder.to_path_buf();
    joined.extend(path.split('/'));
    joined
}

#[derive(Debug, Default)]
pub struct Walk {
    /// Sorted by (path, locale).
    pub files: Vec<DocsFile>,
    /// (locale, path) of the files that are not read but that a link or
    /// an include may name: Markdown files no docset publishes, and those
    /// a locale's `.openpublishing.redirection.json` redirects (a link to
    /// one still leads somewhere).
    pub linkable: Vec<(String, String)>,
    /// Where each locale publishes its pages and the redirected paths of
    /// `linkable`: what a site-absolute link names.
    pub site_map: SiteMap,
    /// Sorted by locale.
    pub roots: Vec<Arc<LocaleRoot>>,
    /// Every locale's tables of contents (`toc.yml`), by locale and path.
    pub tocs: Vec<TocFile>,
    pub notes: Vec<Note>,
}

/// Nothing to check, or the docs root itself could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("docs root `{}` is not a directory", .0.display())]
    NotADirectory(PathBuf),
    /// A page or folder inside a project given as its root, with what
    /// to run instead (see [`super::inside::inside_project`]).
    #[error("`{}` is not a docs root: {}", .0.display(), .1)]
    InsideProject(PathBuf, String),
    #[error("cannot read docs root `{}`: {}", .0.display(), .1)]
    Unreadable(PathBuf, #[source] std::io::Error),
    /// More locale folders than [`MAX_LOCALES`]: how many.
    #[error("docs root `{}` has {} locale folders; sxsdoc reads at most {MAX_LOCALES}: is it the docs root?", .0.display(), .1)]
    TooManyLocales(PathBuf, usize),
    #[error("no locale found in `{}`: sxsdoc looks for folders named by a locale (`ru-RU/`), checkouts named `<name>.<locale>` (`microsoft-graph-docs.ru-RU/`), a checkout whose name or `.openpublishing.publish.config.json` gives its locale, or `[locales]` in sxsdoc.toml", .0.display())]
    NoLocale(PathBuf),
    /// No locale, but a folder named like one holds locales: its name.
    #[error("no locale found in `{}`: its folder `{}` is named like a locale, but holds the locales' folders or checkouts itself: give `{}` as the docs root", .0.display(), .1, .0.join(.1).display())]
    RootBelow(PathBuf, String),
    #[error("no page found in `{}` (its locales: {}): is this the docs root?", .0.display(), .1.join(", "))]
    NoPage(PathBuf, Vec<String>),
}

/// The most locale folders a docs root may have. Microsoft Learn
/// publishes about a hundred locales; every page links to each of its
/// locales, so what a build writes grows with their square, and a pull
/// request adding thousands of folders must not take the machine.
pub const MAX_LOCALES: usize = 256;

/// Walks the project at `root` in a deterministic order: the locale
/// roots `named` (from `sxsdoc.toml`, resolved from its folder), or those
/// found in `root`. Symlinks are never followed. `base` is where every
/// docset is published (`/graph`), when `sxsdoc.toml` says it.
pub fn walk(
    root: &Path,
    named: &[(String, PathBuf)],
    base: Option<&str>,
) -> Result<Walk, LoadError> {
    let metadata =
        std::fs::metadata(root).map_err(|err| LoadError::Unreadable(root.to_path_buf(), err))?;
    if !metadata.is_dir() {
        return Err(match super::inside::inside_project(root) {
            Some(hint) => LoadError::InsideProject(root.to_path_buf(), hint),
            None => LoadError::NotADirectory(root.to_path_buf()),
        });
    }
    let mut walk = Walk::default();
    let roots = if named.is_empty() {
        let found = find_roots(root, &mut walk.notes)
            .map_err(|err| LoadError::Unreadable(root.to_path_buf(), err))?;
        if let (true, Some(holder)) = (found.roots.is_empty(), found.holder) {
            return Err(LoadError::RootBelow(root.to_path_buf(), holder));
        }
        found.roots
    } else {
        named
            .iter()
            .map(|(locale, folder)| LocaleRoot {
                locale: locale.clone(),
                folder: folder.clone(),
                canonical: PathBuf::new(),
                shown: display(folder, &[]),
            })
            .collect()
    };
    if roots.len() > MAX_LOCALES {
        return Err(LoadError::TooManyLocales(root.to_path_buf(), roots.len()));
    }
    if roots.is_empty() {
        return Err(match super::inside::inside_project(root) {
            Some(hint) => LoadError::InsideProject(root.to_path_buf(), hint),
            None => LoadError::NoLocale(root.to_path_buf()),
        });
    }
    let current = std::env::current_dir()
        .and_then(|dir| dir.canonicalize())
        .ok();
    walk.roots = roots
        .into_iter()
        .map(|mut root| {
            root.canonical = root.folder.canonicalize().unwrap_or(root.folder.clone());
            root.shown = root_shown(&root.folder, &root.canonical, current.as_deref());
            Arc::new(root)
        })
        .collect();
    walk.roots.sort_by(|a, b| a.locale.cmp(&b.locale));
    // Locales are walked in parallel; what each finds is merged back in
    // locale order, so the result does not depend on threads.
    let found: Vec<LocaleWalk> = walk
        .roots
        .par_iter()
        .map(|root| walk_locale(root, base))
        .collect();
    let (mut sites, mut urls, mut left_out) = (Vec::new(), Vec::new(), Vec::new());
    for (locale, found) in walk.roots.iter().zip(found) {
        sites.extend(found.sites);
        urls.push(found.urls);
        left_out.extend(found.left_out.map(|files| (&**locale, files)));
        let found = found.walk;
        walk.files.extend(found.files);
        walk.linkable.extend(found.linkable);
        walk.tocs.extend(found.tocs);
        walk.notes.extend(found.notes);
    }
    walk.notes.extend(left_out_notes(root, left_out));
    walk.site_map = SiteMap::of_locales(sites, urls);
    if !walk.files.iter().any(|file| file.kind == FileKind::Page) {
        let locales = walk.roots.iter().map(|r| r.locale.clone()).collect();
        return Err(LoadError::NoPage(root.to_path_buf(), locales));
    }
    walk.files.par_sort_unstable_by(|a, b| {
        (&a.path, &a.locale, &a.odd_path).cmp(&(&b.path, &b.locale, &b.odd_path))
    });
    // Names that are not UTF-8 and differ only where they are not read
    // the same: one page each, the first (by its own bytes).
    let notes = &mut walk.notes;
    walk.files.dedup_by(|file, kept| {
        let same = file.path == kept.path && file.locale == kept.locale;
        if same {
            notes.push(Note {
                path: file.shown(),
                message: "ignored: another file's name reads the same (names that are not UTF-8 are read with U+FFFD)".to_string(),
            });
        }
        same
    });
    Ok(walk)
}

/// What one locale's walk found: its files, and where its docsets publish
/// them.
struct LocaleWalk {
    walk: Walk,
    sites: Vec<(String, Site)>,
    /// What the locale publishes, and the paths its redirections lead
    /// from.
    urls: (String, LocaleUrls),
    /// The Markdown files that are not docs, and why.
    left_out: Option<LeftOut>,
}

fn walk_locale(root: &Arc<LocaleRoot>, base: Option<&str>) -> LocaleWalk {
    let mut walk = Walk::default();
    let mut markdown: Vec<(String, Option<PathBuf>)> = Vec::new();
    let mut landing: Vec<String> = Vec::new();
    let mut docsets = Docsets::default();
    let mut docfx_files: Vec<String> = Vec::new();
    let entries = WalkDir::new(&root.folder)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter()
        // `.git`, `.github`, `.vscode`: never docs.
        .filter_entry(|entry| !entry.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(&root.folder).to_path_buf();
                walk.notes.push(Note {
                    path: path.to_string_lossy().replace('\\', "/"),
                    message: format!("could not be read: {err}"),
                });
                continue;
            }
        };
        let Ok(relative) = entry.path().strip_prefix(&root.folder) else {
            continue;
        };
        // Its path in the locale, `/` between its parts (a name that is
        // not UTF-8 read lossily).
        let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
        let path = parts.join("/");
        if entry.path_is_symlink() {
            walk.notes.push(Note {
                path: in_root(&root.shown, &path),
                message: "symlink not followed; sxsdoc reads only files inside the docs root"
                    .to_string(),
            });
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if entry.file_name() == "docfx.json" {
            docfx_files.push(path);
            continue;
        }
        let extension = entry.path().extension();
        let is_markdown = extension.is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
        // Landing pages (`index.yml`) are not read, but links lead there.
        if entry.file_name().eq_ignore_ascii_case("toc.yml") {
            walk.tocs.push(TocFile {
                locale: root.locale.clone(),
                shown: in_root(&root.shown, &path),
                path,
                file: entry.into_path(),
            });
            continue;
        }
        if extension.is_some_and(|ext| ext.eq_ignore_ascii_case("yml")) {
            landing.push(path);
            continue;
        }
        if is_markdown {
            let own = entry.into_path();
            let odd_path =
                (own.to_str().is_none() && joined(&root.folder, &path) != own).then_some(own);
            markdown.push((path, odd_path));
        }
    }
    walk.linkable = redirected(&root.folder)
        .into_iter()
        .map(|path| (root.locale.clone(), path))
        .collect();
    for docfx in &docfx_files {
        if let Err(err) = docsets.add(&root.folder, docfx, base) {
            walk.notes.push(Note {
                path: in_root(&root.shown, docfx),
                message: format!("ignored: {err}"),
            });
        }
    }
    let locale = &root.locale;
    // No docfx: the locale root is published at the base given.
    let root_base = base
        .filter(|_| docsets.is_empty())
        .and_then(super::docfx::base_path);
    let publish = |path: &str| match &root_base {
        None => docsets.published(path),
        Some(base) => Some(Published {
            url: format!("{base}{}", path.strip_suffix(".md").unwrap_or(path)).to_lowercase(),
            moniker: None,
            path: path.to_string(),
        }),
    };
    let sites = docsets
        .sites()
        .iter()
        .cloned()
        .chain(docsets.is_empty().then(|| Site {
            folder: String::new(),
            base: root_base.clone(),
            monikers: Vec::new(),
            name: None,
        }))
        .map(|site| (locale.clone(), site))
        .collect();
    let redirected: Vec<Published> = walk
        .linkable
        .iter()
        .filter_map(|(_, path)| publish(path))
        .collect();
    let mut published: Vec<Published> = landing
        .iter()
        .filter(|path| !docsets.is_empty() && docsets.kind(path) == FileKind::Page)
        .filter_map(|path| docsets.published(path))
        .collect();
    let mut left_out: Vec<String> = Vec::new();
    for (path, odd_path) in markdown {
        let kind = docsets.kind(&path);
        if kind == FileKind::Page {
            published.extend(publish(&path));
        }
        if kind == FileKind::NotDocs {
            walk.linkable.push((root.locale.clone(), path.clone()));
            left_out.push(path);
            continue;
        }
        walk.files.push(DocsFile {
            locale: root.locale.clone(),
            path,
            kind,
            root: Arc::clone(root),
            odd_path,
        });
    }
    let by = match docsets.is_empty() {
        true => "repository files, not docs",
        false => "no docfx.json publishes them",
    };
    LocaleWalk {
        walk,
        sites,
        urls: (locale.clone(), LocaleUrls::new(published, redirected)),
        left_out: (!left_out.is_empty()).then_some((left_out, by)),
    }
}
