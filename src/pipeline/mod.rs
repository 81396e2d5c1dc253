//! One pass over a docs tree, group by group: read, check and (for a
//! build) render each page group, then drop it. Memory follows the
//! largest page group, not the corpus (a build keeps each group's
//! summary for the index pages). A build reuses what the previous build
//! made of every group whose files did not change.

mod build;
mod cache;
mod fix;
mod ordered;

pub use build::{build, build_warm, BuildError, Built, Warm};
pub use fix::{diff, fix, write_fixed, FixOptions, FixedPage, GroupFixes, WriteError};

use crate::check::{self, ProjectFiles, Settings};
use crate::diagnostic::Diagnostic;
use crate::export::{group_units, ExportOptions, Memory};
use crate::load::TocFile;
use crate::model::PageGroup;
use crate::plan::Plan;
use ordered::in_order;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::ControlFlow;

/// A panic (a bug in sxsdoc) while working on one page group (or a
/// table of contents).
#[derive(Debug, thiserror::Error)]
#[error("internal error on `{group}` (please report this bug): {what}")]
pub struct GroupPanic {
    /// The group's path, or the toc's file as shown.
    pub group: String,
    /// What the panic said.
    pub what: String,
}

/// Runs `work` for one page group, turning a panic into an error about
/// that group, so the other groups are not lost.
fn guarded<T>(path: &str, work: impl FnOnce() -> T) -> Result<T, GroupPanic> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        let what = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("unknown panic");
        GroupPanic {
            group: path.to_string(),
            what: what.to_string(),
        }
    })
}

/// Page groups read ahead of the one whose results are handed on: enough
/// to keep every thread busy, few enough that their findings take little
/// memory.
const WINDOW: usize = 256;

/// Checks every group, handing each group's findings (sorted) to `found`
/// in group order, on the calling thread, while the next groups are
/// checked: so the whole tree's findings are printed as they come and
/// never held at once. `progress` is called once per finished group,
/// from any thread. Returns the groups sxsdoc itself failed on (a bug),
/// with what it said; every other group was still checked.
pub fn check(
    plan: &Plan,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
    found: &mut dyn FnMut(Vec<Diagnostic>),
) -> Vec<GroupPanic> {
    let rules = settings.rule_set();
    let files = plan.project_files();
    // Every group is checked even when the findings cannot be written:
    // the exit code tells about all of them.
    let mut failures = each_group(
        plan,
        progress,
        |group| check::check_group(group, &files, &rules),
        &mut |diagnostics| {
            found(diagnostics);
            ControlFlow::Continue(())
        },
    );
    // Then each locale's tables of contents, in the order of the walk.
    let tocs: Vec<_> = plan
        .tocs
        .par_iter()
        .map(|toc| guarded(&toc.shown, || check::check_toc(toc, None, &files, &rules)))
        .collect();
    for toc in tocs {
        match toc {
            Ok(diagnostics) => found(diagnostics),
            Err(failure) => failures.push(failure),
        }
    }
    failures
}

/// Checks one toc (as an editor holds it, if `text`), as [`check`]
/// checks each.
pub fn check_toc(
    files: &ProjectFiles<'_>,
    settings: &Settings,
    toc: &TocFile,
    text: Option<&str>,
) -> Result<Vec<Diagnostic>, GroupPanic> {
    let rules = settings.rule_set();
    guarded(&toc.shown, || check::check_toc(toc, text, files, &rules))
}

/// Checks one group its caller loaded (with a page as an editor holds
/// it), as [`check`] checks each group.
pub fn check_loaded(
    files: &ProjectFiles<'_>,
    settings: &Settings,
    group: &PageGroup,
) -> Result<Vec<Diagnostic>, GroupPanic> {
    let rules = settings.rule_set();
    guarded(&group.path, || check::check_group(group, files, &rules))
}

/// The segment pairs of every page, merged per locale (see
/// [`crate::export`]); with `exclude_damaged`, every group is checked to
/// leave out the pairs with findings. Returns the memories and the
/// groups sxsdoc itself failed on.
pub fn export(
    plan: &Plan,
    settings: &Settings,
    options: &ExportOptions,
    progress: &(dyn Fn() + Sync),
) -> (BTreeMap<String, Memory>, Vec<GroupPanic>) {
    let rules = settings.rule_set();
    let files = plan.project_files();
    let mut memories: BTreeMap<String, Memory> = BTreeMap::new();
    let failures = each_group(
        plan,
        progress,
        |group| {
            let diagnostics = match options.exclude_damaged {
                true => check::check_group(group, &files, &rules),
                false => Vec::new(),
            };
            group_units(group, &diagnostics, options)
        },
        &mut |units| {
            for (locale, unit) in units {
                memories.entry(locale).or_default().add(unit);
            }
            ControlFlow::Continue(())
        },
    );
    (memories, failures)
}

/// Reads every group and hands what `work` makes of it to `take`, in
/// group order, on the calling thread, while the next groups are read:
/// a window of groups at a time, never the whole tree. When `take` breaks
/// (its output is gone), no further group is read. `progress` is called
/// once per finished group, from any thread. Returns the groups sxsdoc
/// itself failed on (a bug), with what it said; every other group was
/// still read.
pub fn each_group<R: Send>(
    plan: &Plan,
    progress: &(dyn Fn() + Sync),
    work: impl Fn(&PageGroup) -> R + Sync,
    take: &mut dyn FnMut(R) -> ControlFlow<()>,
) -> Vec<GroupPanic> {
    let mut failures = Vec::new();
    let stopped = std::sync::atomic::AtomicBool::new(false);
    in_order(
        &plan.groups,
        WINDOW,
        |_, files| {
            if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                return None;
            }
            let made = guarded(&files.path, || work(&plan.load(files)));
            progress();
            Some(made)
        },
        |result| {
            let flow = match result {
                _ if stopped.load(std::sync::atomic::Ordering::Relaxed) => return,
                Some(Ok(made)) => take(made),
                Some(Err(failure)) => {
                    failures.push(failure);
                    ControlFlow::Continue(())
                }
                None => ControlFlow::Continue(()),
            };
            if flow.is_break() {
                stopped.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
    );
    failures
}
