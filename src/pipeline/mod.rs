//! One pass over a docs tree, group by group: read, check and (for a
//! build) render each page group, then drop it. Memory follows the
//! largest page group, not the corpus. A build reuses what the previous
//! build made of every group whose files did not change.

mod cache;
mod ordered;

use crate::check::{self, Settings};
use crate::diagnostic::Diagnostic;
use crate::model::PageGroup;
use crate::site::{
    group_digest, BuildOptions, BuildReport, Builder, GroupSummary, IndexSpill, IndexesHash,
    Spilled, Tally, WrittenGroup,
};
use crate::tree::{GroupFiles, Loaded, Plan};
use cache::{Cache, Entry, FileStamp};
use ordered::{in_order, in_order_prepared};
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use std::ops::ControlFlow;

/// What a build did.
#[derive(Debug)]
pub struct Built {
    pub report: BuildReport,
    pub groups: usize,
    /// Page groups taken from the build cache rather than rendered.
    pub reused: usize,
}

/// Runs `work` for one page group, turning a panic (a bug in sxsdoc)
/// into an error about that group, so the other groups are not lost.
fn guarded<T>(path: &str, work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        let what = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("unknown panic");
        format!("internal error on page group `{path}` (please report this bug): {what}")
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
) -> Vec<String> {
    // Every group is checked even when the findings cannot be written:
    // the exit code tells about all of them.
    each_group(
        plan,
        progress,
        |group| check::check_group(group, &plan.locales, settings),
        &mut |diagnostics| {
            found(diagnostics);
            ControlFlow::Continue(())
        },
    )
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
) -> Vec<String> {
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

/// Checks and renders every group into the site `options` describe,
/// reusing what the previous build made of the groups whose files did
/// not change. `progress` is called once per finished group, from any
/// thread.
pub fn build(
    plan: &Plan,
    settings: &Settings,
    options: &BuildOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<Built, String> {
    let fingerprint = fingerprint(plan, settings, options);
    let mut previous = if options.no_cache {
        Cache::default()
    } else {
        Cache::read(&options.output, fingerprint)
    };
    // With the previous build's cache, the site is updated in place and
    // unchanged groups are left as they are.
    let builder = Builder::start(
        options,
        &plan.root,
        &plan.locales,
        plan.pages(),
        previous.valid,
    )?;
    // Each group's cache line is written as soon as it and the groups
    // before it are done: no group's findings wait in memory.
    let mut cache = cache::Writer::create(builder.site_folder(), fingerprint)?;
    let canonical_root = plan
        .root
        .canonicalize()
        .unwrap_or_else(|_| plan.root.clone());
    // A build into a new folder shows every group on the index pages, so
    // each rendered group's parts of them go to the spill as soon as it
    // is written, while the next groups render, rather than from the whole
    // cache once all are done (see [`read_back`]).
    let mut shown_early = if builder.in_place() {
        None
    } else {
        Some(Shown::start(&builder)?)
    };
    let mut digests = IndexesHash::default();
    let mut reused = 0;
    let mut failed: Option<String> = None;
    // The first group (in path order) that failed so far: the build stops
    // there, and groups after it are skipped, so the failure it reports
    // does not depend on the number of threads.
    let failed_at = std::sync::atomic::AtomicUsize::new(usize::MAX);
    let fail_at = |index: usize| {
        failed_at.fetch_min(index, std::sync::atomic::Ordering::Relaxed);
    };
    let in_place = builder.in_place();
    in_order_prepared(
        &plan.groups,
        WINDOW,
        |groups| {
            if in_place {
                previous.take(groups)
            } else {
                groups.iter().map(|_| None).collect()
            }
        },
        |index, files, entry| {
            if index > failed_at.load(std::sync::atomic::Ordering::Relaxed) {
                return None;
            }
            let roots = (plan.root.as_path(), canonical_root.as_path());
            let kept = entry.and_then(|mut entry| entry.unchanged(roots, files).then_some(entry));
            let result = match kept {
                Some(entry) => {
                    builder.count_unchanged(entry.pages, entry.bytes);
                    Ok(Outcome::Kept(entry))
                }
                None => guarded(&files.path, || {
                    render(plan, settings, &builder, index, files)
                })
                .and_then(|rendered| rendered)
                .map(|fresh| Outcome::Fresh(Box::new(fresh))),
            };
            if result.is_err() {
                fail_at(index);
            }
            progress();
            Some(result)
        },
        |result| {
            // A skipped group comes after the failure that stopped the
            // build, which is reported.
            let Some(result) = result else { return };
            if failed.is_some() {
                return;
            }
            let written = match &result {
                Ok(Outcome::Fresh(fresh)) => cache.group(&fresh.entry, &fresh.body),
                Ok(Outcome::Kept(entry)) => {
                    reused += 1;
                    cache.group(entry, &entry.body)
                }
                Err(err) => Err(err.clone()),
            };
            let written = written.and_then(|()| match (&mut shown_early, &result) {
                (Some(shown), Ok(Outcome::Fresh(fresh))) => shown.add(&fresh.shown),
                _ => Ok(()),
            });
            match (written, result) {
                (Ok(()), Ok(outcome)) => digests.add(outcome.digest()),
                (Err(err), _) | (_, Err(err)) => {
                    // Nothing after this is needed any more.
                    fail_at(0);
                    failed = Some(err);
                }
            }
        },
    );
    if let Some(err) = failed {
        return Err(err);
    }
    if digests.groups != plan.groups.len() {
        return Err("internal error: a page group was skipped".to_string());
    }
    let indexes = digests.finish();
    // The index pages show every group: they are made again, from every
    // group's tally and summary, only when one of those changed.
    let shown = if let Some(shown) = shown_early {
        Some(shown.finish(plan)?)
    } else if builder.in_place() && previous.indexes == Some(indexes) {
        None
    } else {
        let (spilled, rendered_again) = read_back(plan, settings, &builder, &mut cache)?;
        reused -= rendered_again.min(reused);
        Some(spilled)
    };
    // A cache that cannot be written only makes the next build slower.
    let cache = cache.commit(indexes).ok();
    let cache_note = previous.note.take();
    // Closes the previous cache, which the new one replaces.
    drop(previous);
    let finished = builder.finish(shown.as_ref(), cache)?;
    drop(shown);
    finished.remove_old_site();
    let mut report = finished.report;
    report.notes.extend(cache_note);
    Ok(Built {
        report,
        groups: plan.groups.len(),
        reused,
    })
}

/// Every group's parts of the index pages, as [`read_back`] gives them,
/// taken one group at a time.
struct Shown {
    spill: IndexSpill,
    groups: usize,
}

impl Shown {
    fn start(builder: &Builder) -> Result<Shown, String> {
        Ok(Shown {
            spill: builder.spill()?,
            groups: 0,
        })
    }

    /// The next group's, in path order.
    fn add(&mut self, (tally, summary): &(Tally, GroupSummary)) -> Result<(), String> {
        self.spill.add(summary, tally)?;
        self.groups += 1;
        Ok(())
    }

    fn finish(self, plan: &Plan) -> Result<Spilled, String> {
        if self.groups != plan.groups.len() {
            return Err("internal error: a page group was not read back".to_string());
        }
        self.spill.close()
    }
}

/// Every group's parts of the index pages, read back from this build's
/// cache in path order, a window at a time, into an [`IndexSpill`]: what
/// stays in memory is a few numbers per group.
fn read_back(
    plan: &Plan,
    settings: &Settings,
    builder: &Builder,
    cache: &mut cache::Writer,
) -> Result<(Spilled, usize), String> {
    let mut shown = Shown::start(builder)?;
    let mut rendered_again = 0;
    let mut bodies = cache.bodies()?;
    loop {
        let window: Vec<(String, String)> = bodies
            .by_ref()
            .take(WINDOW)
            .collect::<Result<_, String>>()?;
        if window.is_empty() {
            break;
        }
        let start = shown.groups;
        let read: Vec<Result<ReadBack, String>> = window
            .par_iter()
            .enumerate()
            .map(|(i, (head, body))| {
                let index = start + i;
                let files = plan
                    .groups
                    .get(index)
                    .ok_or_else(|| "internal error: the build cache lost a group".to_string())?;
                // What the cache kept is data, rendered again here: no
                // markup from a cache file reaches the index pages.
                let restored = cache::read_body(body).and_then(|(tally, summary)| {
                    let restored = builder.restore(index, files, summary, &tally)?;
                    Some(restored.map(|summary| (tally, summary)))
                });
                if let Some(restored) = restored {
                    return restored.map(|read| (read, false));
                }
                // An unreadable body (of a kept group): render it again,
                // and it is no longer one of those left as they were.
                if let Some(entry) = cache::read_head(head) {
                    builder.count_unchanged_back(entry.pages, entry.bytes);
                }
                guarded(&files.path, || {
                    render(plan, settings, builder, index, files)
                })
                .and_then(|rendered| rendered)
                .map(|fresh| (fresh.shown, true))
            })
            .collect();
        for result in read {
            let (read, again) = result?;
            rendered_again += usize::from(again);
            shown.add(&read)?;
        }
    }
    Ok((shown.finish(plan)?, rendered_again))
}

/// A group's tally and summary as [`read_back`] reads them, and whether
/// the group had to be rendered again for them.
type ReadBack = ((Tally, GroupSummary), bool);

/// What became of one group in a build.
enum Outcome {
    Fresh(Box<Fresh>),
    /// Unchanged since the previous build: its pages are left in place.
    Kept(Entry),
}

/// A group rendered in this build.
struct Fresh {
    entry: Entry,
    /// The tally of its findings and its summary, as the cache stores
    /// them (see [`cache::body_text`]).
    body: String,
    /// The same, with its parts of the index pages rendered.
    shown: (Tally, GroupSummary),
}

impl Outcome {
    fn digest(&self) -> u64 {
        match self {
            Outcome::Fresh(fresh) => fresh.entry.digest,
            Outcome::Kept(entry) => entry.digest,
        }
    }
}

/// Renders the group `files`, the `index`th in path order.
fn render(
    plan: &Plan,
    settings: &Settings,
    builder: &Builder,
    index: usize,
    files: &GroupFiles,
) -> Result<Fresh, String> {
    // Each page's body is rendered from the events its outline is made
    // from.
    let Loaded {
        group,
        bodies,
        files: read,
    } = plan.load_with(files, &|file, body, also| {
        builder.render_body(file, body, also)
    });
    let diagnostics = check::check_group(&group, &plan.locales, settings);
    let WrittenGroup {
        summary,
        tally,
        bytes,
        included,
    } = builder.page_group(&group, index, bodies, &diagnostics)?;
    let pages = summary.pages.iter().filter(|p| p.url.is_some()).count() as u64;
    let entry = Entry::new(
        &files.path,
        (
            FileStamp::all(&plan.root, files, &read),
            FileStamp::included(included),
        ),
        group_digest(&summary, &diagnostics),
        pages,
        bytes,
    );
    Ok(Fresh {
        entry,
        body: cache::body_text(&summary, &tally),
        shown: (tally, summary),
    })
}

/// Everything besides a group's own files that its pages depend on.
fn fingerprint(plan: &Plan, settings: &Settings, options: &BuildOptions) -> u64 {
    let mut hasher = crate::digest::hasher();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    if let Some(exe) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        exe.len().hash(&mut hasher);
        exe.modified().ok().hash(&mut hasher);
    }
    // What the build reads of the templates folder; an unreadable one
    // fails the build anyway, when it loads the templates.
    crate::site::theme_digest(options.templates.as_deref())
        .ok()
        .hash(&mut hasher);
    (&options.templates, &options.base_url, &options.site_name).hash(&mut hasher);
    settings.hash(&mut hasher);
    // A page over the size limit is shown as refused, not rendered.
    plan.options().max_page_bytes.hash(&mut hasher);
    plan.locales.hash(&mut hasher);
    for (locale, path) in plan.pages() {
        (locale, path).hash(&mut hasher);
    }
    plan.root.hash(&mut hasher);
    hasher.finish()
}
