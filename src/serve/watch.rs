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

/// What the server watches, and where it is told.
pub struct Watching {
    pub wake: Sender<Wake>,
    /// The output folder, when it is inside the project.
    pub ignored: PathBuf,
    pub templates: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

impl Watching {
    /// Watches the docs root `root` and the locale roots outside it
    /// (recursively), the templates and the settings file; and the
    /// folder that holds `root`, for `root` itself: a root deleted and
    /// made again is watched again when the project is read again.
    /// What cannot be watched is said in the error; the rest is watched.
    pub fn start(
        &self,
        root: &Path,
        locale_roots: &[(String, PathBuf)],
    ) -> (Option<notify::RecommendedWatcher>, Vec<String>) {
        let absolute = crate::load::absolute;
        let root = absolute(root);
        let mut folders = vec![root.clone()];
        folders.extend(locale_roots.iter().map(|(_, folder)| absolute(folder)));
        folders.extend(self.templates.as_deref().map(absolute));
        folders.retain(|folder| folder == &root || !folder.starts_with(&root));
        folders.sort();
        folders.dedup();
        let files: Vec<PathBuf> = self.config.iter().map(|file| absolute(file)).collect();
        let (keep_folders, keep_files) = (folders.clone(), files.clone());
        let (ignored, send) = (absolute(&self.ignored), self.wake.clone());
        let mut problems = Vec::new();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let wake = match event {
                Ok(event) if event.kind.is_access() => return,
                Ok(event) => {
                    let paths: Vec<PathBuf> = event
                        .paths
                        .into_iter()
                        .filter(|path| {
                            keep_folders.iter().any(|folder| path.starts_with(folder))
                                || keep_files.contains(path)
                        })
                        .filter(|path| wanted(path, &ignored))
                        .collect();
                    if paths.is_empty() {
                        return;
                    }
                    Wake::Changed(paths)
                }
                Err(err) => Wake::Failed(err.to_string()),
            };
            let _ = send.send(wake);
        });
        let mut watcher = match watcher {
            Ok(watcher) => watcher,
            Err(err) => return (None, vec![err.to_string()]),
        };
        let parent = root.parent().map(Path::to_path_buf);
        let watches = folders
            .iter()
            .map(|folder| (folder, RecursiveMode::Recursive))
            .chain(files.iter().map(|file| (file, RecursiveMode::NonRecursive)))
            .chain(
                parent
                    .iter()
                    .map(|parent| (parent, RecursiveMode::NonRecursive)),
            );
        for (path, mode) in watches {
            if path.exists() {
                if let Err(err) = watcher.watch(path, mode) {
                    problems.push(format!("cannot watch `{}`: {err}", path.display()));
                }
            }
        }
        (Some(watcher), problems)
    }
}

/// Whether a change of `path` may change the site: not under `ignored`,
/// not in `.git`, not an editor's swap or backup file.
fn wanted(path: &Path, ignored: &Path) -> bool {
    if path.starts_with(ignored) {
        return false;
    }
    // Version control's own files, and a build's folders beside its
    // output (`.site.sxsdoc-new-...`) when the output is in the project.
    let ours = |part: &std::ffi::OsStr| {
        let part = part.to_string_lossy();
        part == ".git" || (part.starts_with('.') && part.contains(".sxsdoc-"))
    };
    if path.components().any(|part| ours(part.as_os_str())) {
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
