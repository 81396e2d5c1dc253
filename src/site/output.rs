//! The output folder: which folders a build may replace, and making
//! files and folders in it without ever following a symbolic link.
//!
//! A build replaces its output folder whole, so it must never be handed
//! one that holds anything else: the docs, the project around them, or a
//! folder of someone's files. sxsdoc marks the folders it made with
//! [`MARKER`]; a folder without it is replaced only with `--force`, and
//! one that is, holds or is inside the docs root never.

use std::io;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Why a build cannot use its output folder, or make a file or folder in
/// it or beside it.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot read output `{}`: {source}", .path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("output `{}` is a symbolic link; sxsdoc never writes through one: name the folder itself", .0.display())]
    Link(PathBuf),
    #[error("output `{}` exists and is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot read docs root `{}`: {source}", .path.display())]
    DocsRoot { path: PathBuf, source: io::Error },
    #[error("output `{}` holds the docs root `{}`: a build replaces its output whole; choose another folder", .output.display(), .docs.display())]
    HoldsDocs { output: PathBuf, docs: PathBuf },
    #[error("output `{}` is inside the docs root `{}`; choose a folder outside it", .output.display(), .docs.display())]
    InsideDocs { output: PathBuf, docs: PathBuf },
    #[error("output `{}` names no folder", .0.display())]
    NoName(PathBuf),
    #[error("output `{}` is not empty and was not made by sxsdoc (it has no `{MARKER}`); a build replaces it whole: choose a new or empty folder (`sxsdoc build --force` replaces it)", .0.display())]
    NotASite(PathBuf),
    #[error("output `{}` is not a path sxsdoc can resolve", .0.display())]
    Unresolvable(PathBuf),
    /// A folder of the site that is not a plain relative path.
    #[error("`{}` is not a folder of the site", .0.display())]
    NotASiteFolder(PathBuf),
    #[error("`{}` in the output is not a folder (a link or a file); sxsdoc never writes through one: remove it, or build with --no-cache", .0.display())]
    NotAPlainFolder(PathBuf),
    #[error("cannot read `{}`: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot create `{}`: {source}", .path.display())]
    CreateFolder { path: PathBuf, source: io::Error },
    #[error("cannot write beside the output, in `{}`: {source}", .path.display())]
    Beside { path: PathBuf, source: io::Error },
    #[error("cannot write in `{}`: {source}", .path.display())]
    TempFile { path: PathBuf, source: io::Error },
}

/// The file every built site has at its top: "sxsdoc made this folder".
pub const MARKER: &str = ".sxsdoc-site";

/// What [`MARKER`] holds.
pub const MARKER_TEXT: &str =
    "This folder was made by `sxsdoc build`, which replaces it whole on every build.\n";

/// Whether `output` may be replaced by a build of `docs_root`; the error
/// says why not. `force` allows replacing a folder sxsdoc did not make,
/// never one that holds the docs.
pub fn check_output(docs_root: &Path, output: &Path, force: bool) -> Result<(), OutputError> {
    let metadata = match std::fs::symlink_metadata(output) {
        Ok(metadata) => Some(metadata),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(OutputError::Unreadable {
                path: output.to_path_buf(),
                source,
            })
        }
    };
    if metadata
        .as_ref()
        .is_some_and(|m| m.file_type().is_symlink())
    {
        return Err(OutputError::Link(output.to_path_buf()));
    }
    if metadata.as_ref().is_some_and(|m| !m.is_dir()) {
        return Err(OutputError::NotAFolder(output.to_path_buf()));
    }
    let docs = docs_root
        .canonicalize()
        .map_err(|source| OutputError::DocsRoot {
            path: docs_root.to_path_buf(),
            source,
        })?;
    let out = resolved(output)?;
    if out == docs || docs.starts_with(&out) {
        return Err(OutputError::HoldsDocs {
            output: output.to_path_buf(),
            docs: docs_root.to_path_buf(),
        });
    }
    if out.starts_with(&docs) {
        return Err(OutputError::InsideDocs {
            output: output.to_path_buf(),
            docs: docs_root.to_path_buf(),
        });
    }
    if output.file_name().is_none() {
        return Err(OutputError::NoName(output.to_path_buf()));
    }
    if metadata.is_some() && !force && !is_site(output) && !is_empty(output)? {
        return Err(OutputError::NotASite(output.to_path_buf()));
    }
    Ok(())
}

/// Whether `folder` has sxsdoc's marker, as a plain file.
fn is_site(folder: &Path) -> bool {
    std::fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn is_empty(folder: &Path) -> Result<bool, OutputError> {
    let mut entries = std::fs::read_dir(folder).map_err(|source| OutputError::Unreadable {
        path: folder.to_path_buf(),
        source,
    })?;
    Ok(entries.next().is_none())
}

/// `path` made absolute with every link resolved, for a path whose last
/// folders may not exist yet: where an output would be, known before
/// anything is made there.
pub fn resolved(path: &Path) -> Result<PathBuf, OutputError> {
    let mut existing = path;
    let mut missing = Vec::new();
    loop {
        if let Ok(found) = existing.canonicalize() {
            let mut resolved = found;
            for part in missing.iter().rev() {
                resolved.push(part);
            }
            return Ok(resolved);
        }
        let (Some(parent), Some(Component::Normal(name))) =
            (existing.parent(), existing.components().next_back())
        else {
            // `..` or `.` after a folder that does not exist.
            return Err(OutputError::Unresolvable(path.to_path_buf()));
        };
        missing.push(name);
        existing = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
    }
}

/// Makes the folder `folder` inside `output` (relative, with `/`) and
/// every folder on the way, refusing to go through anything that is not
/// a plain folder: a link planted in a previous site must not send a
/// write elsewhere.
pub fn make_folder(output: &Path, folder: &Path) -> Result<(), OutputError> {
    let mut path = output.to_path_buf();
    for part in folder.components() {
        let Component::Normal(name) = part else {
            return Err(OutputError::NotASiteFolder(folder.to_path_buf()));
        };
        path.push(name);
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_dir() => continue,
            Ok(_) => return Err(OutputError::NotAPlainFolder(path)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(OutputError::Read { path, source }),
        }
        if let Err(source) = std::fs::create_dir(&path) {
            return Err(OutputError::CreateFolder { path, source });
        }
    }
    Ok(())
}

/// A new, empty folder with a name of its own beside `output`, made so
/// that nothing already there (a link planted under a guessable name)
/// is used or followed. `what` says what it is for in its name.
pub fn folder_beside(output: &Path, what: &str) -> Result<PathBuf, OutputError> {
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Err(source) = std::fs::create_dir_all(&parent) {
        return Err(OutputError::CreateFolder {
            path: parent,
            source,
        });
    }
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = tempfile::Builder::new()
        .prefix(&format!(".{name}.sxsdoc-{what}-"))
        .tempdir_in(&parent)
        .map_err(|source| OutputError::Beside {
            path: parent.clone(),
            source,
        })?
        .keep();
    // A site is read by others (a web server): not the 0700 of a
    // temporary folder.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755));
    }
    Ok(folder)
}

/// A new file with a name of its own in `folder`, for content that is
/// renamed over its final name when done (and removed if dropped first).
pub fn temp_file_in(folder: &Path) -> Result<tempfile::NamedTempFile, OutputError> {
    let file = tempfile::Builder::new()
        .prefix(".sxsdoc-new-")
        .tempfile_in(folder)
        .map_err(|source| OutputError::TempFile {
            path: folder.to_path_buf(),
            source,
        })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    Ok(file)
}

/// A writer that counts the bytes written through it.
pub struct Counted<W> {
    pub inner: W,
    pub bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_folders_resolve_under_their_existing_parent() {
        let base = tempfile::tempdir().expect("temp");
        let real = base.path().canonicalize().expect("real");
        assert_eq!(
            resolved(&base.path().join("a/b")).expect("resolves"),
            real.join("a/b")
        );
        assert!(resolved(&base.path().join("a/../b")).is_err());
    }
}
