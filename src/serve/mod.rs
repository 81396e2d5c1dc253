//! `sxsdoc serve`: the site built into a temporary folder (or `-o`),
//! served over HTTP on this machine, built again whenever a file of the
//! project changes (only what the change touches: the build cache), and
//! every open page reloaded (see [`live`]), with the errors of the pages
//! saved shown over it. As `zola serve` does, a change re-reads the
//! project (so pages, includes and toc entries may come and go) and a
//! failure is shown, not fatal: the server keeps the last site.

mod http;
mod live;
mod watch;

pub use http::{is_loopback_host, resolve, Resolved};
pub use live::Problem;

use crate::diagnostic::Diagnostic;
use crate::pipeline::{Built, Warm};
use crate::project::{OpenError, OpenOptions, Project};
use crate::site::BuildOptions;
use http::Site;
use live::Live;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};
use watch::{next_change, Wake};

/// What `sxsdoc serve` was asked.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The docs root.
    pub root: PathBuf,
    pub open: OpenOptions,
    /// The build's options; its `output` is where the site goes when
    /// `keep_output`, and ignored otherwise (a temporary folder, removed
    /// when the server stops).
    pub site: BuildOptions,
    pub keep_output: bool,
    pub address: SocketAddr,
}

/// Why the server could not start (once started, it reports and goes
/// on).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot make a temporary folder for the site: {0}")]
    Temporary(std::io::Error),
    #[error("cannot listen on {address}: {why} (another server there? try `--port`)")]
    Listen { address: SocketAddr, why: String },
    #[error("cannot watch `{}` for changes: {why}", .path.display())]
    Watch { path: PathBuf, why: String },
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("cannot handle Ctrl-C: {0}")]
    Signal(String),
}

/// What the server tells its user, as it happens.
pub enum Progress<'a> {
    /// Serving the site in `folder` at `address`.
    Listening {
        address: SocketAddr,
        folder: &'a Path,
    },
    /// A build, the first or after a change.
    Built {
        /// The files that changed (none for the first build).
        changed: &'a [PathBuf],
        outcome: Result<&'a Built, &'a str>,
        took: Duration,
        /// The findings of the changed pages.
        findings: &'a [Diagnostic],
    },
    /// The watcher said something went wrong; it goes on.
    WatchFailed(&'a str),
}

/// Builds and serves the site until Ctrl-C.
pub fn serve(
    options: &ServeOptions,
    report: &mut dyn FnMut(Progress<'_>),
) -> Result<(), ServeError> {
    // A project that cannot be read at all is the user's mistake (a
    // wrong folder); later, it is a page being edited.
    let project = Project::open(&options.root, &options.open)?;
    let temporary = match options.keep_output {
        true => None,
        false => Some(
            tempfile::Builder::new()
                .prefix("sxsdoc-serve-")
                .tempdir()
                .map_err(ServeError::Temporary)?,
        ),
    };
    let output = match &temporary {
        Some(folder) => folder.path().join("site"),
        None => options.site.output.clone(),
    };
    let output = std::path::absolute(&output).unwrap_or(output);
    let (wake_sender, wake) = std::sync::mpsc::channel();
    let stop = wake_sender.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Wake::Stop);
    })
    .map_err(|err| ServeError::Signal(err.to_string()))?;

    let mut session = Session {
        root: options.root.clone(),
        open: options.open.clone(),
        site: BuildOptions {
            output: output.clone(),
            ..options.site.clone()
        },
        live: Arc::new(Live::default()),
        problems: BTreeMap::new(),
    };
    session.rebuild(&project, &mut Warm::new(&project.plan), &[], report);
    // Made by the build; a failed first build leaves it to be made.
    let _ = std::fs::create_dir_all(&output);
    let site = Arc::new(Site {
        folder: output.canonicalize().unwrap_or(output.clone()),
        loopback: options.address.ip().is_loopback(),
    });
    let server = tiny_http::Server::http(options.address).map_err(|err| ServeError::Listen {
        address: options.address,
        why: err.to_string(),
    })?;
    let server = Arc::new(server);
    let address = server.server_addr().to_ip().unwrap_or(options.address);
    let answering = {
        let (server, live) = (Arc::clone(&server), Arc::clone(&session.live));
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let (site, live) = (Arc::clone(&site), Arc::clone(&live));
                std::thread::spawn(move || http::answer(request, &site, &live));
            }
        })
    };

    let (folders, files) = watched(&options.root, &project, options);
    let _watcher =
        watch::watch(&folders, &files, output.clone(), wake_sender).map_err(|(path, err)| {
            ServeError::Watch {
                path,
                why: err.to_string(),
            }
        })?;
    report(Progress::Listening {
        address,
        folder: &output,
    });
    session.follow(project, &wake, report);
    server.unblock();
    let _ = answering.join();
    drop(temporary);
    Ok(())
}

/// What is watched: the docs root and the locale roots outside it
/// (recursively), the settings file and the templates folder.
fn watched(root: &Path, project: &Project, options: &ServeOptions) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let absolute = |path: &Path| std::path::absolute(path).unwrap_or(path.to_path_buf());
    let root = absolute(root);
    let mut folders = vec![root.clone()];
    let named = project.settings.locale_roots.as_slice();
    folders.extend(named.iter().map(|(_, folder)| absolute(folder)));
    folders.extend(options.site.templates.as_deref().map(absolute));
    folders.retain(|folder| folder == &root || !folder.starts_with(&root));
    folders.retain(|folder| folder.is_dir());
    folders.sort();
    folders.dedup();
    let files = options.open.config.iter().map(|file| absolute(file));
    let files = files.filter(|file| !file.starts_with(&root) && file.is_file());
    (folders, files.collect())
}

/// The server's state between builds.
struct Session {
    root: PathBuf,
    open: OpenOptions,
    site: BuildOptions,
    live: Arc<Live>,
    /// The findings of every page saved since the server started, by
    /// file: what the open pages show.
    problems: BTreeMap<PathBuf, Vec<Problem>>,
}

impl Session {
    /// Builds on every change until Ctrl-C. The project as read is kept
    /// while only its pages change (what the rules read of other pages
    /// is kept with it); a file that is new, gone or no page (a toc, the
    /// settings) has it read again.
    fn follow(
        &mut self,
        first: Project,
        wake: &Receiver<Wake>,
        report: &mut dyn FnMut(Progress<'_>),
    ) {
        let mut reading: Result<Project, String> = Ok(first);
        let mut changed = Vec::new();
        let mut built = true;
        loop {
            let next = match &reading {
                Ok(project) => {
                    let mut warm = Warm::new(&project.plan);
                    if !built {
                        self.rebuild(project, &mut warm, &changed, report);
                    }
                    loop {
                        match next_change(wake) {
                            None => return,
                            Some(Err(why)) => report(Progress::WatchFailed(&why)),
                            Some(Ok(paths)) if same_files(project, &paths) => {
                                for file in paths.iter().filter_map(|p| project.plan.find(p)) {
                                    warm.files.forget(&file.1.locale, &file.1.path);
                                }
                                self.rebuild(project, &mut warm, &paths, report);
                            }
                            Some(Ok(paths)) => break paths,
                        }
                    }
                }
                Err(why) => {
                    if !built {
                        self.fail(why, &changed, report);
                    }
                    match next_change(wake) {
                        None => return,
                        Some(Err(why)) => {
                            report(Progress::WatchFailed(&why));
                            Vec::new()
                        }
                        Some(Ok(paths)) => paths,
                    }
                }
            };
            changed = next;
            built = false;
            reading = Project::open(&self.root, &self.open).map_err(|err| err.to_string());
        }
    }

    /// Builds `project` (only what changed) and tells the open pages as
    /// soon as the changed pages are written, with the findings of the
    /// changed files (what the index pages, the search index and the
    /// cache need is written after).
    fn rebuild(
        &mut self,
        project: &Project,
        warm: &mut Warm<'_>,
        changed: &[PathBuf],
        report: &mut dyn FnMut(Progress<'_>),
    ) {
        let started = Instant::now();
        let mut findings = Vec::new();
        for file in changed {
            self.problems.remove(file);
            if let Some(Ok(checked)) = project.check_file_with(file, None, &warm.files) {
                let problems = checked.diagnostics.iter().map(problem).collect();
                self.problems.insert(file.clone(), problems);
                findings.extend(checked.diagnostics);
            }
        }
        let problems: Vec<Problem> = self.problems.values().flatten().cloned().collect();
        let live = Arc::clone(&self.live);
        let built = project.build_warm(&self.site, warm, &mut || {
            live.rebuilt(problems.clone(), None);
        });
        let built = built.map_err(|err| err.to_string());
        if let Err(why) = &built {
            // Whether or not the pages were told it was done.
            self.live.rebuilt(problems, Some(why.clone()));
        }
        report(Progress::Built {
            changed,
            outcome: built.as_ref().map_err(String::as_str),
            took: started.elapsed(),
            findings: &findings,
        });
    }

    /// The project could not be read: the open pages are told why.
    fn fail(&mut self, why: &str, changed: &[PathBuf], report: &mut dyn FnMut(Progress<'_>)) {
        let problems = self.problems.values().flatten().cloned().collect();
        self.live.rebuilt(problems, Some(why.to_string()));
        report(Progress::Built {
            changed,
            outcome: Err(why),
            took: Duration::ZERO,
            findings: &[],
        });
    }
}

/// Whether every path of `changed` is a file of the project as read,
/// still there: only pages changed, not which files there are.
fn same_files(project: &Project, changed: &[PathBuf]) -> bool {
    changed
        .iter()
        .all(|path| path.is_file() && project.plan.find(path).is_some())
}

fn problem(diagnostic: &Diagnostic) -> Problem {
    let location = &diagnostic.location;
    Problem {
        file: location.file.clone(),
        line: location.start.line,
        column: location.start.column,
        code: diagnostic.code.to_string(),
        severity: diagnostic.severity.to_string(),
        message: diagnostic.message.clone(),
    }
}
