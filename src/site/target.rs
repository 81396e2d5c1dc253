//! Where a build writes. A full build writes into a fresh folder beside
//! the output and swaps it in at the end. An incremental build (the
//! previous site is there and the build cache matches) updates the output
//! in place: each file is written beside its final name and all are
//! renamed over theirs at the end. So a failed build leaves the previous
//! site as it was in both cases.

use super::error::SiteError;
use super::output::{self, folder_beside, make_folder, temp_file_in, OutputError};
use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tempfile::TempPath;

/// The name of the build cache in a site's folder.
pub const CACHE_NAME: &str = ".sxsdoc-cache.jsonl";

enum WriteMode {
    /// A fresh folder beside the output, swapped in at the end.
    Fresh(PathBuf),
    /// The output itself: files written beside their final names under
    /// names of their own, listed here with their final paths and renamed
    /// over them at the end (or removed, when dropped before).
    InPlace(Mutex<Vec<(TempPath, PathBuf)>>),
}

/// The folder a build writes its files in. Dropped before
/// [`Target::commit`], it removes what it wrote.
pub struct Target {
    output: PathBuf,
    mode: WriteMode,
    /// Folders of the new site made so far.
    folders: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Target {
    /// A fresh folder beside `output`, or with `in_place` (and a previous
    /// site there) `output` itself.
    pub fn new(output: &Path, in_place: bool) -> Result<Target, OutputError> {
        let mode = if in_place && output.is_dir() {
            WriteMode::InPlace(Mutex::default())
        } else {
            WriteMode::Fresh(folder_beside(output, "new")?)
        };
        Ok(Target {
            output: output.to_path_buf(),
            mode,
            folders: Mutex::default(),
            committed: false,
        })
    }

    pub fn in_place(&self) -> bool {
        matches!(self.mode, WriteMode::InPlace(_))
    }

    /// The folder the files are written in: the new site, or the output
    /// itself.
    pub fn folder(&self) -> &Path {
        match &self.mode {
            WriteMode::Fresh(fresh) => fresh,
            WriteMode::InPlace(_) => &self.output,
        }
    }

    /// Creates the file for `url` (and its folder): in the new site, or
    /// beside its final name for an in-place build, which then removes it
    /// if the build fails.
    pub fn create(&self, url: &str) -> Result<(File, PathBuf), SiteError> {
        match &self.mode {
            // A folder of this build's own: nothing in it but what it wrote.
            WriteMode::Fresh(fresh) => {
                let path = fresh.join(url);
                if let Some(parent) = path.parent().filter(|p| !self.made(p)) {
                    std::fs::create_dir_all(parent).map_err(|source| {
                        OutputError::CreateFolder {
                            path: parent.to_path_buf(),
                            source,
                        }
                    })?;
                    self.mark_made(parent.to_path_buf());
                }
                match File::create(&path) {
                    Ok(file) => Ok((file, path)),
                    Err(source) => Err(SiteError::Write { path, source }),
                }
            }
            // The previous site: never through a link it may hold.
            WriteMode::InPlace(pending) => {
                let path = self.output.join(url);
                let folder = self.plain_folder_of(url)?;
                let (file, temp) = temp_file_in(&folder)?.into_parts();
                if let Ok(mut pending) = pending.lock() {
                    pending.push((temp, path.clone()));
                }
                Ok((file, path))
            }
        }
    }

    /// Whether an in-place build finds the file at `url` holding
    /// `content` already, as a plain file in plain folders: then it need
    /// not be written again (nor renamed over itself). Most of a search
    /// index made again after a one-page edit is byte for byte what was
    /// there, and writing a file is what costs.
    pub fn holds(&self, url: &str, content: &[u8]) -> bool {
        if !self.in_place() || self.plain_folder_of(url).is_err() {
            return false;
        }
        let path = self.output.join(url);
        let plain_file = std::fs::symlink_metadata(&path)
            .is_ok_and(|m| m.is_file() && m.len() == content.len() as u64);
        plain_file && std::fs::read(&path).is_ok_and(|held| held == content)
    }

    /// The folder of `url` in the output, made if it is not there, and
    /// checked to be a plain folder (no link) all the way down.
    fn plain_folder_of(&self, url: &str) -> Result<PathBuf, SiteError> {
        let relative = Path::new(url).parent().unwrap_or(Path::new(""));
        let folder = self.output.join(relative);
        if !self.made(&folder) {
            make_folder(&self.output, relative)?;
            self.mark_made(folder.clone());
        }
        Ok(folder)
    }

    fn made(&self, folder: &Path) -> bool {
        self.folders
            .lock()
            .is_ok_and(|folders| folders.contains(folder))
    }

    fn mark_made(&self, folder: PathBuf) {
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(folder);
        }
    }

    /// Puts in place, now, what an in-place build wrote so far (its
    /// pages), so that they can be read before the build ends: for
    /// `sxsdoc serve`, which reloads the pages as soon as it can, at the
    /// price of a failure after this leaving them with the old index
    /// pages (the cache is removed first, so the next build is a whole
    /// one). A fresh folder is only ever swapped in whole.
    pub fn commit_written(&self) -> Result<(), SiteError> {
        match &self.mode {
            WriteMode::InPlace(pending) => put_in_place(pending, &self.folder().join(CACHE_NAME)),
            WriteMode::Fresh(_) => Ok(()),
        }
    }

    /// Puts the new site in place, with `cache` (written in
    /// [`Target::folder`]) as its build cache, and each of `kept` (also
    /// written there) under its name. Returns where the previous site now
    /// is when it was moved aside, to be removed.
    pub fn commit(
        mut self,
        cache: Option<TempPath>,
        kept: Vec<(TempPath, String)>,
    ) -> Result<Option<PathBuf>, SiteError> {
        let folder = self.folder().to_path_buf();
        let cache_path = folder.join(CACHE_NAME);
        let put_cache = |cache: Option<TempPath>| {
            match cache {
                // A cache that cannot be put in place only makes the next
                // build slower.
                Some(cache) => drop(cache.persist(&cache_path)),
                None => drop(std::fs::remove_file(&cache_path)),
            }
            for (file, name) in kept {
                drop(file.persist(folder.join(name)));
            }
        };
        let old = match &self.mode {
            WriteMode::Fresh(fresh) => {
                let marker = fresh.join(output::MARKER);
                if let Err(source) = std::fs::write(&marker, output::MARKER_TEXT) {
                    return Err(SiteError::Write {
                        path: fresh.clone(),
                        source,
                    });
                }
                put_cache(cache);
                swap(fresh, &self.output)?
            }
            WriteMode::InPlace(pending) => {
                put_in_place(pending, &cache_path)?;
                put_cache(cache);
                None
            }
        };
        self.committed = true;
        Ok(old)
    }
}

/// Renames the files an in-place build wrote so far over their final
/// names. The previous cache (`cache`) no longer says what the site
/// holds once a file is replaced: it is removed first, so a failure half
/// way makes the next build a clean one.
fn put_in_place(pending: &Mutex<Vec<(TempPath, PathBuf)>>, cache: &Path) -> Result<(), SiteError> {
    let _ = std::fs::remove_file(cache);
    let pending = pending.lock().map(|mut p| std::mem::take(&mut *p));
    for (temp, path) in pending.unwrap_or_default() {
        if let Err(err) = temp.persist(&path) {
            return Err(SiteError::Update {
                path,
                source: err.error,
            });
        }
    }
    Ok(())
}

impl Drop for Target {
    fn drop(&mut self) {
        match &self.mode {
            WriteMode::Fresh(fresh) if !self.committed => {
                let _ = std::fs::remove_dir_all(fresh);
            }
            // Each file not renamed yet is removed as its path is dropped.
            _ => {}
        }
    }
}

/// Replaces `output` with `fresh`; on failure the old site is put back.
/// Returns where the old site now is.
fn swap(fresh: &Path, output: &Path) -> Result<Option<PathBuf>, SiteError> {
    let output_existed = output.exists();
    let old = if output_existed {
        // An empty folder of its own, which the rename replaces.
        let old = folder_beside(output, "old")?;
        if let Err(source) = std::fs::rename(output, &old) {
            return Err(SiteError::Replace {
                path: output.to_path_buf(),
                source,
            });
        }
        old
    } else {
        PathBuf::new()
    };
    if let Err(source) = std::fs::rename(fresh, output) {
        let _ = std::fs::rename(&old, output);
        return Err(SiteError::MoveIn {
            path: output.to_path_buf(),
            source,
        });
    }
    Ok(output_existed.then_some(old))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_in_place_build_holds_only_plain_files_with_the_same_bytes() {
        let base = tempfile::tempdir().expect("temp");
        let output = base.path().join("site");
        std::fs::create_dir_all(output.join("ru-RU/search")).expect("folders");
        std::fs::write(output.join("ru-RU/search/t0.js"), "same").expect("write");
        std::fs::write(base.path().join("secret"), "same").expect("write");
        std::os::unix::fs::symlink(base.path().join("secret"), output.join("ru-RU/link.js"))
            .expect("link");
        std::os::unix::fs::symlink(output.join("ru-RU/search"), output.join("linked"))
            .expect("link");
        let target = Target::new(&output, true).expect("target");
        assert!(target.holds("ru-RU/search/t0.js", b"same"));
        assert!(!target.holds("ru-RU/search/t0.js", b"other"));
        assert!(
            !target.holds("ru-RU/search/t0.js", b"sane"),
            "same length, other bytes"
        );
        assert!(!target.holds("ru-RU/search/t1.js", b"same"), "no such file");
        assert!(!target.holds("ru-RU/link.js", b"same"), "a link");
        assert!(
            !target.holds("linked/t0.js", b"same"),
            "through a linked folder"
        );
        let fresh = Target::new(&base.path().join("new-site"), true).expect("target");
        assert!(
            !fresh.holds("ru-RU/search/t0.js", b"same"),
            "nothing in place"
        );
    }
}
