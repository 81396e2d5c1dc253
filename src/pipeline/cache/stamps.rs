//! What a build cache keeps of the files a group was made from, and how
//! a rebuild tells that none of them changed.

use crate::plan::{modified_nanos, FileState, GroupFiles};
use crate::site::is_include_path;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The files a group's pages were made from, and what was written.
#[derive(Serialize, Deserialize, Clone, Default)]
pub struct GroupStamps {
    pub files: Vec<FileStamp>,
    /// The files its pages include: an edit of one renders them again.
    pub includes: Vec<FileStamp>,
    /// The hash of each written page's line in its locale's terms file
    /// (see [`crate::site::search::store`]): a rebuild leaves alone the
    /// terms files, and the indexes, of the locales whose lines did not
    /// change.
    #[serde(default)]
    pub terms: Vec<(String, u64)>,
    /// Its pages published only as far as they could be read, which
    /// every build says, kept or rendered (see
    /// [`crate::site::partly_read_note`]).
    #[serde(default)]
    pub partly_read: Vec<String>,
}

/// A file as it was: size and modification time, with a content hash to
/// fall back on when only the time changed.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct FileStamp {
    /// Stored lossily: a file whose name is not UTF-8 never matches its
    /// stamp, and its group is rendered again each time.
    #[serde(serialize_with = "lossy")]
    path: PathBuf,
    len: u64,
    modified: u128,
    hash: u64,
}

impl GroupStamps {
    /// Whether none of the files of `group`, nor any file they include,
    /// changed since these stamps were taken. A stamp whose file's time
    /// was too recent to keep gets it now (see [`FileStamp::matches`]).
    pub fn unchanged(&mut self, group: &GroupFiles) -> bool {
        self.files.len() == group.files.len()
            && self
                .files
                .iter_mut()
                .zip(&group.files)
                .all(|(stamp, file)| stamp.matches(Some(&file.fs_path())))
            && self
                .includes
                .iter_mut()
                // Only a file an include may be: a cache cannot make a
                // build look at others.
                .all(|stamp| {
                    let inside = group
                        .files
                        .iter()
                        .any(|file| is_include_path(file.locale_root(), &stamp.path));
                    inside && stamp.matches(None)
                })
    }
}

/// The largest file a stamp is compared with by its bytes; a larger one
/// (no page or include is) counts as changed.
const MAX_STAMPED_FILE: u64 = 64 << 20;

fn lossy<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

impl FileStamp {
    /// The stamp of the file at `path`, read as `state` says.
    fn new(path: PathBuf, state: &FileState) -> FileStamp {
        FileStamp {
            path,
            len: state.len,
            modified: state.modified,
            hash: state.hash,
        }
    }

    /// The stamps of included files (see [`crate::site::WrittenGroup`]),
    /// each once.
    pub fn included(files: Vec<(PathBuf, FileState)>) -> Vec<FileStamp> {
        let mut stamps: Vec<FileStamp> = files
            .into_iter()
            .map(|(path, state)| FileStamp::new(path, &state))
            .collect();
        stamps.sort_by(|a, b| a.path.cmp(&b.path));
        stamps.dedup_by(|a, b| a.path == b.path);
        stamps
    }

    /// The stamps of a group's files as they were read (see
    /// [`Plan::load_with`]); a file not read whole has none, so its
    /// group never matches.
    ///
    /// [`Plan::load_with`]: crate::plan::Plan::load_with
    pub fn all(group: &GroupFiles, read: &[Option<FileState>]) -> Vec<FileStamp> {
        group
            .files
            .iter()
            .zip(read)
            .filter_map(|(file, state)| Some(FileStamp::new(file.fs_path(), state.as_ref()?)))
            .collect()
    }

    /// Whether the file at `path` (the stamp's own without one) is as it
    /// was: the same length and time, or the same bytes. A stamp whose time
    /// was not kept (too recent when it was read: see [`FileState::new`])
    /// takes the file's time when its bytes are the same and the time is
    /// old enough now, so the next build does not read the file again.
    fn matches(&mut self, path: Option<&Path>) -> bool {
        if path.is_some_and(|path| self.path != path) {
            return false;
        }
        // Only a plain file is read: a stamp naming `/dev/zero` or a pipe
        // never matches, and is never opened.
        let Ok(metadata) = std::fs::symlink_metadata(&self.path) else {
            return false;
        };
        if !metadata.is_file() || metadata.len() > MAX_STAMPED_FILE {
            return false;
        }
        if metadata.len() != self.len {
            return false;
        }
        if modified_nanos(&metadata) == self.modified {
            return true;
        }
        let Ok(bytes) = std::fs::read(&self.path) else {
            return false;
        };
        let now = FileState::new(&metadata, &bytes);
        if now.hash != self.hash {
            return false;
        }
        self.modified = now.modified;
        true
    }
}
