//! Finding the pages of a docs tree: `<root>/<locale>/<path>.md`.

use super::is_locale_tag;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A Markdown file found under a locale folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsFile {
    pub locale: String,
    /// Relative to the locale folder, `/`-separated.
    pub path: String,
    /// The file's own path, kept only when `locale` and `path` cannot
    /// name it (a name that is not UTF-8, shown lossily in `path`): a
    /// tree's list of files is the one thing a run holds per page.
    odd_path: Option<PathBuf>,
}

impl DocsFile {
    /// The file, under the docs root `root` it was found in.
    pub fn fs_path(&self, root: &Path) -> PathBuf {
        match &self.odd_path {
            Some(path) => path.clone(),
            None => joined(root, &self.locale, &self.path),
        }
    }
}

/// `root/locale/path`, `path` split at its `/`.
fn joined(root: &Path, locale: &str, path: &str) -> PathBuf {
    let mut joined = root.join(locale);
    joined.extend(path.split('/'));
    joined
}

/// Something about the tree worth telling, that is not a page's problem:
/// an ignored folder, a symlink not followed, an unreadable directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Walk {
    /// Sorted by (path, locale).
    pub files: Vec<DocsFile>,
    pub notes: Vec<Note>,
}

/// The docs root itself could not be read: nothing can be done.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("docs root `{}` is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("cannot read docs root `{}`: {}", .0.display(), .1)]
    Unreadable(PathBuf, #[source] std::io::Error),
    /// More locale folders than [`MAX_LOCALES`]: how many.
    #[error("docs root `{}` has {} locale folders; sxsdoc reads at most {MAX_LOCALES}: is it the docs root?", .0.display(), .1)]
    TooManyLocales(PathBuf, usize),
}

/// The most locale folders a docs root may have. Microsoft Learn
/// publishes about a hundred locales; every page links to each of its
/// locales, so what a build writes grows with their square, and a pull
/// request adding thousands of folders must not take the machine.
pub const MAX_LOCALES: usize = 256;

/// Walks `root` in a deterministic order. Symlinks are never followed.
pub fn walk(root: &Path) -> Result<Walk, LoadError> {
    let metadata =
        std::fs::metadata(root).map_err(|err| LoadError::Unreadable(root.to_path_buf(), err))?;
    if !metadata.is_dir() {
        return Err(LoadError::NotADirectory(root.to_path_buf()));
    }
    let entries =
        std::fs::read_dir(root).map_err(|err| LoadError::Unreadable(root.to_path_buf(), err))?;
    let mut top: Vec<(String, std::fs::FileType)> = Vec::new();
    let mut walk = Walk::default();
    for entry in entries {
        match entry.and_then(|entry| Ok((entry.file_name(), entry.file_type()?))) {
            Ok((name, file_type)) => top.push((name.to_string_lossy().into_owned(), file_type)),
            Err(err) => walk.notes.push(Note {
                path: display(root, &[]),
                message: format!("could not read an entry: {err}"),
            }),
        }
    }
    top.sort_by(|a, b| a.0.cmp(&b.0));
    let is_locale =
        |(name, file_type): &(String, std::fs::FileType)| file_type.is_dir() && is_locale_tag(name);
    let locale_count = top.iter().filter(|entry| is_locale(entry)).count();
    if locale_count > MAX_LOCALES {
        return Err(LoadError::TooManyLocales(root.to_path_buf(), locale_count));
    }
    // Locale folders are walked in parallel; what each finds is merged
    // back in name order, so the result does not depend on threads.
    let locales: Vec<Walk> = top
        .par_iter()
        .map(|(name, file_type)| {
            let mut found = Walk::default();
            if file_type.is_dir() && !file_type.is_symlink() && is_locale_tag(name) {
                walk_locale(root, name, &mut found);
            }
            found
        })
        .collect();
    for ((name, file_type), found) in top.into_iter().zip(locales) {
        let shown = display(root, &[&name]);
        if file_type.is_symlink() {
            walk.notes.push(Note {
                path: shown,
                message: "symlink not followed; sxsdoc reads only files inside the docs root"
                    .to_string(),
            });
        } else if !file_type.is_dir() {
            if name != "sxsdoc.toml" {
                walk.notes.push(Note {
                    path: shown,
                    message: "ignored: not a locale folder".to_string(),
                });
            }
        } else if !is_locale_tag(&name) {
            walk.notes.push(Note {
                path: shown,
                message: "ignored: folder name is not a locale tag like `ru-RU` or `ja`"
                    .to_string(),
            });
        } else {
            walk.files.extend(found.files);
            walk.notes.extend(found.notes);
        }
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
                path: display(root, &[&file.locale, &file.path]),
                message: "ignored: another file's name reads the same (names that are not UTF-8 are read with U+FFFD)".to_string(),
            });
        }
        same
    });
    Ok(walk)
}

fn walk_locale(root: &Path, locale: &str, walk: &mut Walk) {
    let locale_root = root.join(locale);
    let entries = WalkDir::new(&locale_root)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1);
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(&locale_root).to_path_buf();
                walk.notes.push(Note {
                    path: path.to_string_lossy().replace('\\', "/"),
                    message: format!("could not be read: {err}"),
                });
                continue;
            }
        };
        let Ok(relative) = entry.path().strip_prefix(&locale_root) else {
            continue;
        };
        let parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        let path = parts.join("/");
        if entry.path_is_symlink() {
            walk.notes.push(Note {
                path: display(root, &[locale, &path]),
                message: "symlink not followed; sxsdoc reads only files inside the docs root"
                    .to_string(),
            });
            continue;
        }
        let is_markdown = entry.file_type().is_file()
            && entry
                .path()
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
        if is_markdown {
            let own = entry.into_path();
            let odd_path = (joined(root, locale, &path) != own).then_some(own);
            walk.files.push(DocsFile {
                locale: locale.to_string(),
                path,
                odd_path,
            });
        }
    }
}

/// The path of a page as shown to people: `docs/de-DE/api/x.md`.
pub fn display_path(root: &Path, locale: &str, path: &str) -> String {
    display(root, &[locale, path])
}

/// `root/parts...` as shown to people, with `/` separators.
pub(crate) fn display(root: &Path, parts: &[&str]) -> String {
    let mut shown = root.to_string_lossy().replace('\\', "/");
    while shown.len() > 1 && shown.ends_with('/') {
        shown.pop();
    }
    for part in parts {
        shown.push('/');
        shown.push_str(part);
    }
    shown
}
