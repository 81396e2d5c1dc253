//! Resolving `[!INCLUDE [..](path)]` against the docs root, never outside it.

use super::render::Includes;
use std::path::{Path, PathBuf};

/// Largest include read; larger ones are shown as missing.
const MAX_INCLUDE_BYTES: u64 = 1024 * 1024;

pub struct PageIncludes<'a> {
    /// The docs root, canonicalized.
    pub root: &'a Path,
    /// The folder of the including page.
    pub dir: PathBuf,
}

impl Includes for PageIncludes<'_> {
    fn resolve(&self, target: &str) -> Option<String> {
        let target = target.split(['#', '?']).next()?.trim();
        if target.is_empty() || target.contains("://") || target.starts_with('/') {
            return None;
        }
        let path = self.dir.join(target).canonicalize().ok()?;
        if !path.starts_with(self.root) || !path.is_file() {
            return None;
        }
        if std::fs::metadata(&path).ok()?.len() > MAX_INCLUDE_BYTES {
            return None;
        }
        std::fs::read_to_string(path).ok()
    }
}
