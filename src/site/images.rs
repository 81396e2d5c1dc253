//! The project's images a build copies: those its pages show, found
//! from the file that names them (a page or an include), inside the
//! locale root, of a raster format, never through a link. An SVG is not
//! copied: opened on its own, it runs its scripts on the site's origin.

use super::paths::page_url;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Image formats copied.
const KINDS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "avif"];

/// The largest image copied.
const MAX_IMAGE_BYTES: u64 = 16 << 20;

/// The images found so far: where each goes in the site, from where.
#[derive(Debug, Default)]
pub struct Images {
    found: Mutex<BTreeMap<String, PathBuf>>,
    /// What each project path named so far came to, by `locale/path`:
    /// the same image is named by many pages, and finding it costs a
    /// directory walk.
    known: Mutex<HashMap<String, Option<String>>>,
}

impl Images {
    /// The output URL (relative to the site root) of the image the
    /// project file `path` (from the root of `locale`, at `locale_root`,
    /// canonical) names, recorded to be copied; `None` when it is not an image the
    /// site copies.
    pub fn found(&self, locale_root: &Path, locale: &str, path: &str) -> Option<String> {
        let named = format!("{locale}/{path}");
        if let Some(known) = self.known.lock().ok().and_then(|k| k.get(&named).cloned()) {
            return known;
        }
        let found = self.find(locale_root, locale, path);
        if let Ok(mut known) = self.known.lock() {
            known.insert(named, found.clone());
        }
        found
    }

    fn find(&self, locale_root: &Path, locale: &str, path: &str) -> Option<String> {
        let extension = path.rsplit('.').next()?.to_ascii_lowercase();
        if !KINDS.contains(&extension.as_str()) {
            return None;
        }
        let (file, path) = in_any_case(locale_root, path)?;
        let path = path.as_str();
        let plain = Path::new(path).components().all(|part| match part {
            Component::Normal(name) => !name.as_encoded_bytes().starts_with(b"."),
            _ => false,
        });
        let metadata = std::fs::symlink_metadata(&file).ok()?;
        if !plain || !metadata.is_file() || metadata.len() > MAX_IMAGE_BYTES {
            return None;
        }
        // Not through a linked folder either: `locale_root` is canonical.
        if !file.canonicalize().ok()?.starts_with(locale_root) {
            return None;
        }
        // `page_url` checks every part is a plain name; it is not a page.
        let url = page_url(locale, &format!("{path}.md"))?;
        let url = url.strip_suffix(".html")?.to_string();
        if let Ok(mut found) = self.found.lock() {
            found.entry(url.clone()).or_insert(file);
        }
        Some(url)
    }

    /// Every image found, and where it goes.
    pub fn take(&self) -> BTreeMap<String, PathBuf> {
        self.found
            .lock()
            .map(|mut found| std::mem::take(&mut *found))
            .unwrap_or_default()
    }
}

/// The file at `path` under `root`, or the one whose name differs only in
/// letter case (docs sites serve names in any case), with its path.
fn in_any_case(root: &Path, path: &str) -> Option<(PathBuf, String)> {
    let file = root.join(path);
    if std::fs::symlink_metadata(&file).is_ok() {
        return Some((file, path.to_string()));
    }
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let entries = std::fs::read_dir(root.join(folder)).ok()?;
    let found = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .find(|other| other.eq_ignore_ascii_case(name))?;
    let path = match folder {
        "" => found,
        folder => format!("{folder}/{found}"),
    };
    Some((root.join(&path), path))
}
