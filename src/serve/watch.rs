//! Watching the project for saves: every locale root, the settings and
//! the templates, through the system's file events (the `notify` crate),
//! gathered into one change per burst of events: an editor saving by
//! writing a temporary file and renaming it over the page makes several.

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// What wakes the server.
pub enum Wake {
    /// Files changed (created, written, removed or renamed).
    Changed(Vec<PathBuf>),
    /// The watcher failed (say, the system's limit of watches was hit).
    Failed(String),
    /// Ctrl-C.
    Stop,
}

/// A burst ends after this long without another event: long enough for
/// an editor's write-and-rename, short enough to feel immediate.
const QUIET: Duration = Duration::from_millis(20);
/// A burst is cut after this long, so files that change all the time
/// (a log beside the pages) do not hold rebuilds back for ever.
const LONGEST: Duration = Duration::from_millis(500);

/// Watches `folders` (recursively) and `files`, sending what changed,
/// except under `ignored` (the output folder, when it is inside the
/// project) and version control's own folders, to `wake`.
pub fn watch(
    folders: &[PathBuf],
    files: &[PathBuf],
    ignored: PathBuf,
    wake: Sender<Wake>,
) -> Result<notify::RecommendedWatcher, (PathBuf, notify::Error)> {
    let send = wake.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let wake = match event {
            Ok(event) => {
                let paths: Vec<PathBuf> = event
                    .paths
                    .into_iter()
                    .filter(|path| wanted(path, &ignored))
                    .collect();
                if paths.is_empty() || event.kind.is_access() {
                    return;
                }
                Wake::Changed(paths)
            }
            Err(err) => Wake::Failed(err.to_string()),
        };
        let _ = send.send(wake);
    })
    .map_err(|err| (PathBuf::new(), err))?;
    for folder in folders {
        watcher
            .watch(folder, RecursiveMode::Recursive)
            .map_err(|err| (folder.clone(), err))?;
    }
    for file in files {
        watcher
            .watch(file, RecursiveMode::NonRecursive)
            .map_err(|err| (file.clone(), err))?;
    }
    Ok(watcher)
}

/// Whether a change of `path` may change the site: not under `ignored`,
/// not in `.git`, not an editor's swap or backup file.
fn wanted(path: &Path, ignored: &Path) -> bool {
    if path.starts_with(ignored) {
        return false;
    }
    if path.components().any(|part| part.as_os_str() == ".git") {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    // Vim's swap files and its write test, Emacs' lock and backup files.
    !(name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913")
}

/// The next change: the paths of a burst of events, once it is over;
/// `None` when the server is to stop.
pub fn next_change(wake: &Receiver<Wake>) -> Option<Result<Vec<PathBuf>, String>> {
    let mut changed = match wake.recv().ok()? {
        Wake::Changed(paths) => paths,
        Wake::Failed(why) => return Some(Err(why)),
        Wake::Stop => return None,
    };
    let started = Instant::now();
    while started.elapsed() < LONGEST {
        match wake.recv_timeout(QUIET) {
            Ok(Wake::Changed(paths)) => changed.extend(paths),
            Ok(Wake::Failed(why)) => return Some(Err(why)),
            Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => break,
        }
    }
    changed.sort();
    changed.dedup();
    Some(Ok(changed))
}
