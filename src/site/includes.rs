//! Resolving `[!INCLUDE [..](path)]` against the docs root, never outside it.

use super::render::{Included, Includes};
use crate::tree::FileState;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Largest include read; larger ones are shown as missing.
const MAX_INCLUDE_BYTES: u64 = 1024 * 1024;

/// Includes rendered so far in a build, by the path as written joined to
/// the including page's folder: one snippet is included by thousands of
/// pages, and is read and rendered once.
#[derive(Debug, Default)]
pub struct IncludeCache {
    rendered: Mutex<HashMap<PathBuf, Option<Arc<Included>>>>,
}

pub struct PageIncludes<'a> {
    /// The docs root, canonicalized.
    pub root: &'a Path,
    /// The folder of the including page.
    pub dir: PathBuf,
    pub cache: &'a IncludeCache,
}

impl Includes for PageIncludes<'_> {
    fn included(&self, target: &str) -> Option<Arc<Included>> {
        let target = target.split(['#', '?']).next()?.trim();
        let key = self.dir.join(target);
        let cached =
            |rendered: &HashMap<PathBuf, Option<Arc<Included>>>| rendered.get(&key).cloned();
        if let Some(found) = self.cache.rendered.lock().ok().and_then(|r| cached(&r)) {
            return found;
        }
        let included = self.resolve(target).map(|(markdown, file)| {
            let mut included = Included::new(&markdown);
            included.file = Some(file);
            Arc::new(included)
        });
        if let Ok(mut rendered) = self.cache.rendered.lock() {
            rendered.insert(key, included.clone());
        }
        included
    }
}

impl PageIncludes<'_> {
    /// The include's text, and its file as it was read.
    fn resolve(&self, target: &str) -> Option<(String, (PathBuf, FileState))> {
        if target.is_empty() || target.contains("://") || target.starts_with('/') {
            return None;
        }
        let path = self.dir.join(target);
        // A stat first: a missing include (a corpus without its snippets)
        // costs that one call, not a `canonicalize` that looks up every
        // folder of the path; and what is not a plain file (a folder, a
        // named pipe, which would block an open) is never opened.
        // (Taken before the read, as `FileState` needs.)
        let metadata = std::fs::metadata(&path).ok()?;
        if !metadata.is_file() || metadata.len() > MAX_INCLUDE_BYTES {
            return None;
        }
        // Never outside the docs root, through `..` or a link.
        let path = path.canonicalize().ok()?;
        if !path.starts_with(self.root) {
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
