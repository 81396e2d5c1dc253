//! The server's loop: a build on every change, the open pages told, the
//! project read again when its files (not only their text) changed.

use super::live::{Live, Problem};
use super::watch::{next_change, Wake, Watching};
use super::{Progress, ServeError, ServeOptions};
use crate::diagnostic::Diagnostic;
use crate::pipeline::Warm;
use crate::project::{OpenOptions, Project};
use crate::site::BuildOptions;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The server's state between builds.
pub struct Session {
    root: PathBuf,
    open: OpenOptions,
    site: BuildOptions,
    live: Arc<Live>,
    watching: Watching,
    /// The findings of every page saved since the server started, by
    /// file, as they are now: what the open pages show.
    problems: BTreeMap<PathBuf, Vec<Problem>>,
    /// The notes last said, so that each is said when it is new.
    notes: Vec<String>,
}

impl Session {
    pub fn new(
        options: &ServeOptions,
        output: &Path,
        live: Arc<Live>,
        watching: Watching,
    ) -> Session {
        Session {
            root: options.root.clone(),
            open: options.open.clone(),
            site: BuildOptions {
                output: output.to_path_buf(),
                ..options.site.clone()
            },
            live,
            watching,
            problems: BTreeMap::new(),
            notes: Vec::new(),
        }
    }

    /// Builds `first`, says `listening`, then builds on every change
    /// until Ctrl-C. The project as read is kept while only the text of
    /// its files changes (with what the rules read of other pages, the
    /// site's shape and the build cache: see [`Warm`]); a file that is
    /// new, gone or no page (a toc, the settings) has it read again.
    pub fn follow(
        &mut self,
        first: Project,
        wake: &Receiver<Wake>,
        listening: Progress<'_>,
        report: &mut dyn FnMut(Progress<'_>),
    ) -> Result<(), ServeError> {
        let mut reading: Result<Project, String> = Ok(first);
        let mut changed = Vec::new();
        let mut listening = Some(listening);
        let mut _watching = None;
        loop {
            // The new watcher is started before the old one stops: no
            // change falls between them.
            let (watcher, problems) = match &reading {
                Ok(project) => self
                    .watching
                    .start(&self.root, &project.settings.locale_roots),
                Err(_) => self.watching.start(&self.root, &[]),
            };
            _watching = watcher;
            for problem in &problems {
                report(Progress::WatchFailed(problem));
            }
            let next = match &reading {
                Ok(project) => {
                    let mut warm = Warm::new(&project.plan);
                    self.rebuild(project, &mut warm, &changed, report);
                    if let Some(listening) = listening.take() {
                        report(listening);
                    }
                    loop {
                        match next_change(wake) {
                            None => return Ok(()),
                            Some(Err(why)) => report(Progress::WatchFailed(&why)),
                            Some(Ok(paths)) => {
                                let paths = without_passing(project, paths);
                                if paths.is_empty() {
                                    continue;
                                }
                                if !same_files(project, &paths) {
                                    break paths;
                                }
                                for file in paths.iter().filter_map(|p| project.plan.find(p)) {
                                    warm.files.forget(&file.1.locale, &file.1.path);
                                }
                                self.rebuild(project, &mut warm, &paths, report);
                            }
                        }
                    }
                }
                Err(why) => {
                    self.fail(why, &changed, report);
                    match next_change(wake) {
                        None => return Ok(()),
                        Some(Err(why)) => {
                            report(Progress::WatchFailed(&why));
                            Vec::new()
                        }
                        Some(Ok(paths)) => paths,
                    }
                }
            };
            changed = next;
            reading = Project::open(&self.root, &self.open).map_err(|err| err.to_string());
        }
    }

    /// Builds `project` (only what changed) and tells the open pages as
    /// soon as the changed pages are written, with the findings of the
    /// pages saved since the start (what the index pages, the search
    /// index and the cache need is written after).
    fn rebuild(
        &mut self,
        project: &Project,
        warm: &mut Warm<'_>,
        changed: &[PathBuf],
        report: &mut dyn FnMut(Progress<'_>),
    ) {
        let started = Instant::now();
        let findings = self.check(project, warm, changed);
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
        let mut notes: Vec<String> = project
            .plan
            .notes
            .iter()
            .map(|note| format!("{}: {}", note.path, note.message))
            .collect();
        if let Ok(built) = &built {
            notes.extend(built.report.notes.iter().cloned());
        }
        report(Progress::Built {
            changed,
            outcome: built.as_ref().map_err(String::as_str),
            took: started.elapsed(),
            findings: &findings,
        });
        let new: Vec<String> = notes
            .iter()
            .filter(|note| !self.notes.contains(note))
            .cloned()
            .collect();
        if !new.is_empty() {
            report(Progress::Notes(&new));
        }
        self.notes = notes;
    }

    /// Checks the changed files and the ones saved before (a page's
    /// findings change with its other locales), remembering what each
    /// has; returns the findings of the changed ones.
    fn check(
        &mut self,
        project: &Project,
        warm: &Warm<'_>,
        changed: &[PathBuf],
    ) -> Vec<Diagnostic> {
        let mut findings = Vec::new();
        // Each file once: one saved before and again, or named twice in
        // a burst of events, has its findings told once.
        let mut files: Vec<PathBuf> = self.problems.keys().cloned().collect();
        files.extend(changed.iter().cloned());
        files.sort();
        files.dedup();
        for file in &files {
            self.problems.remove(file);
            if let Some(Ok(checked)) = project.check_file_with(file, &|_| None, &warm.files) {
                let problems = checked.diagnostics.iter().map(problem).collect();
                self.problems.insert(file.clone(), problems);
                if changed.contains(file) {
                    findings.extend(checked.diagnostics);
                }
            }
        }
        findings
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

/// `changed` without the files that came and went (an editor's or
/// `sed -i`'s temporary file), which no page is made of.
fn without_passing(project: &Project, mut changed: Vec<PathBuf>) -> Vec<PathBuf> {
    changed.retain(|path| path.exists() || project.plan.has_under(path));
    changed
}

/// Whether every path of `changed` is a file of the project as read,
/// still there: only the text of files changed, not which files there
/// are.
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
