//! Resolving `[!INCLUDE [..](path)]` against the docs root, never outside it.

use super::images::Images;
use super::links::{LinkTarget, Links};
use super::paths::relative_url;
use super::render::{Included, Labels, Surroundings};
use super::sanitize::is_safe_url;
use crate::plan::FileState;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Largest include read; larger ones are shown as missing.
const MAX_INCLUDE_BYTES: u64 = 1024 * 1024;

/// Includes rendered so far in a build, by the path as written joined to
/// the including page's folder: one snippet is included by thousands of
/// pages, and is read and rendered once.
///
/// Most snippets, though, are included by one page (its code samples), so
/// a cache of every include would grow with the corpus: it is emptied
/// whenever it holds more than [`MAX_CACHED_BYTES`], and the snippets
/// many pages share are soon in it again.
#[derive(Debug, Default)]
pub struct IncludeCache {
    rendered: Mutex<CachedIncludes>,
    /// The real path of each folder includes were found in, by the path
    /// as joined: thousands of includes are in a few folders, each of
    /// whose real path costs a look at every folder above it.
    folders: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

/// The most folders an [`IncludeCache`] knows the real path of before it
/// forgets them.
const MAX_CACHED_FOLDERS: usize = 4096;

impl IncludeCache {
    /// The real path of the file at `path`, and its metadata: `None` when
    /// there is none, or it is not a plain file. A link is followed, and
    /// so is any in the folders above it.
    fn real_file(&self, path: &Path) -> Option<(PathBuf, std::fs::Metadata)> {
        // One look at the file itself: a missing include (a corpus
        // without its snippets) costs only that.
        let metadata = std::fs::symlink_metadata(path).ok()?;
        let (real, metadata) = match (path.parent(), path.file_name()) {
            (Some(folder), Some(name)) if metadata.is_file() => {
                (self.real_folder(folder)?.join(name), metadata)
            }
            _ if metadata.is_symlink() => {
                let real = path.canonicalize().ok()?;
                let metadata = std::fs::metadata(&real).ok()?;
                (real, metadata)
            }
            _ => return None,
        };
        metadata.is_file().then_some((real, metadata))
    }

    fn real_folder(&self, folder: &Path) -> Option<PathBuf> {
        if let Some(known) = self.folders.lock().ok()?.get(folder) {
            return known.clone();
        }
        let real = folder.canonicalize().ok();
        if let Ok(mut folders) = self.folders.lock() {
            if folders.len() >= MAX_CACHED_FOLDERS {
                folders.clear();
            }
            folders.insert(folder.to_path_buf(), real.clone());
        }
        real
    }
}

#[derive(Debug, Default)]
struct CachedIncludes {
    by_path: HashMap<PathBuf, Option<Arc<Included>>>,
    /// About what `by_path` holds.
    bytes: usize,
}

/// The most an [`IncludeCache`] holds before it is emptied.
const MAX_CACHED_BYTES: usize = 4 << 20;

impl CachedIncludes {
    fn insert(&mut self, key: PathBuf, included: Option<Arc<Included>>) {
        let bytes = 64
            + key.as_os_str().len()
            + included.as_ref().map_or(0, |included| {
                included.html.len()
                    + included
                        .file
                        .as_ref()
                        .map_or(0, |(path, _)| path.as_os_str().len())
            });
        if self.bytes + bytes > MAX_CACHED_BYTES {
            self.by_path = HashMap::new();
            self.bytes = 0;
        }
        self.bytes += bytes;
        self.by_path.insert(key, included);
    }
}

/// What a page being written has around it: the files it may include,
/// and the site its links lead into.
pub struct PageSurroundings<'a> {
    /// The page's locale root, canonicalized.
    pub root: &'a Path,
    /// The folder of the including page.
    pub dir: PathBuf,
    pub cache: &'a IncludeCache,
    pub links: &'a Links,
    pub locale: &'a str,
    /// The page, relative to its locale root.
    pub path: &'a str,
    /// Where the page is written, relative to the site root.
    pub page_url: String,
    /// What the page says around its content.
    pub labels: Labels<'a>,
    /// Where the project images it shows are recorded, to be copied.
    pub images: Option<&'a Images>,
    /// Shown in English in a locale that lacks it: its headings take the
    /// English ids, and its links to other pages no anchor (that locale's
    /// page may be older and lack it).
    pub english_only: bool,
}

/// An included file's: its links are relative to it (as docfx reads
/// them), and lead from the page that includes it.
struct IncludeSurroundings<'p, 'a> {
    page: &'p PageSurroundings<'a>,
    /// The included file, relative to the locale root.
    path: String,
}

impl Surroundings for IncludeSurroundings<'_, '_> {
    fn included(&self, _target: &str) -> Option<Arc<Included>> {
        None
    }

    fn link(&self, url: &str) -> LinkTarget {
        self.page.link_from(&self.path, url)
    }

    fn english_only(&self) -> bool {
        self.page.english_only
    }

    fn labels(&self) -> Labels<'_> {
        self.page.labels
    }

    fn image(&self, url: &str) -> Option<String> {
        self.page.image_from(&self.path, url)
    }
}

impl Surroundings for PageSurroundings<'_> {
    fn link(&self, url: &str) -> LinkTarget {
        self.link_from(self.path, url)
    }

    fn english_only(&self) -> bool {
        self.english_only
    }

    fn labels(&self) -> Labels<'_> {
        self.labels
    }

    fn image(&self, url: &str) -> Option<String> {
        self.image_from(self.path, url)
    }

    fn included(&self, target: &str) -> Option<Arc<Included>> {
        let target = target.split(['#', '?']).next()?.trim();
        let key = self.dir.join(target);
        let cached = |rendered: &CachedIncludes| rendered.by_path.get(&key).cloned();
        if let Some(found) = self.cache.rendered.lock().ok().and_then(|r| cached(&r)) {
            return found;
        }
        let included = self.resolve(target).map(|(markdown, file)| {
            let path = file.0.strip_prefix(self.root).unwrap_or(&file.0);
            let path = path.to_string_lossy().replace('\\', "/");
            let mut included = Included::new(&markdown, &IncludeSurroundings { page: self, path });
            included.file = Some(file);
            Arc::new(included)
        });
        if let Ok(mut rendered) = self.cache.rendered.lock() {
            rendered.insert(key, included.clone());
        }
        included
    }
}

impl PageSurroundings<'_> {
    /// Where the link `url` in the file at `from` leads from the page.
    fn link_from(&self, from: &str, url: &str) -> LinkTarget {
        match self.links.target(self.locale, from, &self.page_url, url) {
            LinkTarget::Href(href)
                if self.english_only && !href.starts_with('#') && !href.contains("://") =>
            {
                let page = href.split('#').next().unwrap_or("");
                LinkTarget::Href(page.to_string())
            }
            other => other,
        }
    }

    /// The `src` of the image `url` in the file at `from`: the copy in the
    /// site of a project image, relative to the page (`None` when the
    /// project has no such image to copy); another site's image as
    /// written (the page links to it, see `markup::image`).
    fn image_from(&self, from: &str, url: &str) -> Option<String> {
        let url = url.trim();
        let local = !url.contains(':') && !url.starts_with('/') && !url.starts_with('#');
        if !is_safe_url(url) {
            return Some(String::new());
        }
        if !local {
            return Some(url.to_string());
        }
        // Without a site to copy into (a test's), as written.
        let Some(images) = self.images else {
            return Some(url.to_string());
        };
        let path = url.split(['#', '?']).next().unwrap_or("");
        let copied = self
            .links
            .link_path(self.locale, from, path)
            .and_then(|path| images.found(self.root, self.locale, &path));
        copied.map(|copy| relative_url(&self.page_url, &copy))
    }

    /// The include's text, and its file as it was read.
    fn resolve(&self, target: &str) -> Option<(String, (PathBuf, FileState))> {
        if target.is_empty() || target.contains("://") || target.starts_with('/') {
            return None;
        }
        // What is not a plain file (a folder, a named pipe, which would
        // block an open) is never opened. (The metadata is taken before
        // the read, as `FileState` needs.)
        let (path, metadata) = self.cache.real_file(&self.dir.join(target))?;
        // Never outside the docs root, through `..` or a link, and only
        // what may be an include (not `.git/config`).
        if metadata.len() > MAX_INCLUDE_BYTES || !is_include_path(self.root, &path) {
            return None;
        }
        let file = std::fs::File::open(&path).ok()?;
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, MAX_INCLUDE_BYTES),
            &mut bytes,
        )
        .ok()?;
        let state = FileState::new(&metadata, &bytes);
        Some((String::from_utf8(bytes).ok()?, (path, state)))
    }
}

/// Whether `path` (canonical) may be included from pages under `root`
/// (canonical): a Markdown file under it, in no hidden folder (`.git`,
/// `.github`: where a CI checkout keeps its credentials) and not hidden
/// itself.
pub fn is_include_path(root: &Path, path: &Path) -> bool {
    // Most paths asked about are under another locale's root: told apart
    // by their bytes before their parts are compared (both are canonical).
    if !path
        .as_os_str()
        .as_encoded_bytes()
        .starts_with(root.as_os_str().as_encoded_bytes())
    {
        return false;
    }
    let Ok(inside) = path.strip_prefix(root) else {
        return false;
    };
    let plain = inside.components().all(|part| match part {
        Component::Normal(name) => !name.as_encoded_bytes().starts_with(b"."),
        _ => false,
    });
    let markdown = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
    plain && markdown && inside.components().next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::render::Standalone;

    /// Many includes of one page each, and one shared by all: the cache
    /// stays within its bound, and what it gives is the same after it was
    /// emptied.
    #[test]
    fn the_cache_is_bounded_and_refills() {
        let root = std::env::temp_dir().join(format!("sxsdoc-includes-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let snippets = root.join("includes");
        std::fs::create_dir_all(&snippets).expect("mkdir");
        std::fs::create_dir_all(root.join("api")).expect("mkdir");
        std::fs::write(snippets.join("shared.md"), "Shared *note*.\n").expect("write");
        let one = format!("{}\n", "A line of a code sample. ".repeat(400));
        for n in 0..500 {
            std::fs::write(snippets.join(format!("only-{n}.md")), &one).expect("write");
        }
        let root = root.canonicalize().expect("root");
        let cache = IncludeCache::default();
        let links = Links::default();
        let page = PageSurroundings {
            root: &root,
            dir: root.join("api"),
            cache: &cache,
            links: &links,
            locale: "ru-RU",
            path: "api/page.md",
            page_url: "ru-RU/api/page.html".to_string(),
            labels: Standalone.labels(),
            images: None,
            english_only: false,
        };
        let shared = page.included("../includes/shared.md").expect("found");
        assert!(shared.html.contains("<em>note</em>"), "{}", shared.html);
        for n in 0..500 {
            let only = page
                .included(&format!("../includes/only-{n}.md"))
                .expect("found");
            assert!(only.html.len() > one.len());
            let again = page.included("../includes/shared.md").expect("found");
            assert_eq!(again.html, shared.html);
            let bytes = cache.rendered.lock().map_or(0, |r| r.bytes);
            assert!(bytes <= MAX_CACHED_BYTES, "{bytes} bytes cached");
        }
        // It was emptied at least once (500 snippets of 10 KB).
        assert!(cache.rendered.lock().map_or(0, |r| r.by_path.len()) < 500);
        assert!(page.included("../includes/missing.md").is_none());
        assert!(page.included("../../outside.md").is_none());
        let _ = std::fs::remove_dir_all(&root);
    }
}
