//! One pass over a docs tree, group by group: read, check and (for a
//! build) render each page group, then drop it. Memory follows the
//! largest page group, not the corpus. A build reuses what the previous
//! build made of every group whose files did not change.

mod cache;

use crate::check::{self, Settings};
use crate::diagnostic::Diagnostic;
use crate::site::{BuildOptions, BuildReport, Builder, GroupSummary};
use crate::tree::{GroupFiles, Plan};
use cache::{Cache, FileStamp};
use rayon::prelude::*;
use std::hash::{Hash, Hasher};

/// What a run produced.
#[derive(Debug)]
pub struct Run {
    /// Sorted by page, locale, position and rule.
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub groups: usize,
    pub build: Option<BuildReport>,
    /// Page groups taken from the build cache rather than rendered.
    pub reused: usize,
    /// Page groups sxsdoc itself failed on (a bug), with what it said;
    /// every other group was still checked.
    pub failures: Vec<String>,
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

/// Checks every group and, with `build`, renders the site. `progress` is
/// called once per finished group, from any thread.
pub fn run(
    plan: &Plan,
    settings: &Settings,
    build: Option<&BuildOptions>,
    progress: &(dyn Fn() + Sync),
) -> Result<Run, String> {
    let Some(options) = build else {
        let results: Vec<Result<Vec<Diagnostic>, String>> = plan
            .groups
            .par_iter()
            .map(|files| {
                let found = guarded(&files.path, || {
                    check::check_group(&plan.load(files), &plan.locales, settings)
                });
                progress();
                found
            })
            .collect();
        let mut diagnostics = Vec::new();
        let mut failures = Vec::new();
        for result in results {
            match result {
                Ok(found) => diagnostics.extend(found),
                Err(failure) => failures.push(failure),
            }
        }
        let mut run = finish_check(plan, diagnostics, None, 0);
        run.failures = failures;
        return Ok(run);
    };
    let builder = Builder::start(options, &plan.root, &plan.locales, &plan.pages())?;
    let fingerprint = fingerprint(plan, settings, options);
    let previous = if options.no_cache {
        Cache::new(fingerprint)
    } else {
        Cache::read(&options.output, fingerprint)
    };
    let results: Vec<(Vec<Diagnostic>, GroupSummary, Vec<FileStamp>, bool)> = plan
        .groups
        .par_iter()
        .map(|files| {
            let result = match reuse(&previous, &builder, files) {
                Some(reused) => Ok(reused),
                None => guarded(&files.path, || render(plan, settings, &builder, files))
                    .and_then(|rendered| rendered),
            };
            progress();
            result
        })
        .collect::<Result<_, String>>()?;
    let previous_indexes = previous.indexes;
    drop(previous);
    let mut diagnostics = Vec::new();
    let mut summaries = Vec::new();
    let mut stamps = Vec::new();
    let mut reused = 0;
    for (found, summary, files, was_reused) in results {
        diagnostics.extend(found);
        summaries.push(summary);
        stamps.push(files);
        reused += usize::from(was_reused);
    }
    check::sort(&mut diagnostics);
    let finished = builder.finish(&summaries, &diagnostics, previous_indexes)?;
    rayon::join(
        || finished.remove_old_site(),
        || {
            // A cache that cannot be written only makes the next build slower.
            let _ = Cache::write(
                &options.output,
                fingerprint,
                finished.indexes,
                &summaries,
                &stamps,
                &diagnostics,
            );
        },
    );
    let report = finished.report;
    Ok(finish_check(plan, diagnostics, Some(report), reused))
}

fn finish_check(
    plan: &Plan,
    mut diagnostics: Vec<Diagnostic>,
    build: Option<BuildReport>,
    reused: usize,
) -> Run {
    check::sort(&mut diagnostics);
    Run {
        diagnostics,
        pages: plan.page_count(),
        groups: plan.groups.len(),
        build,
        reused,
        failures: Vec::new(),
    }
}

/// The previous build's output for an unchanged group, linked into the
/// new site.
fn reuse(
    previous: &Cache,
    builder: &Builder,
    files: &GroupFiles,
) -> Option<(Vec<Diagnostic>, GroupSummary, Vec<FileStamp>, bool)> {
    let entry = previous.hit(files)?;
    let diagnostics: Vec<Diagnostic> = entry
        .diagnostics
        .iter()
        .cloned()
        .map(|d| d.restore())
        .collect::<Option<_>>()?;
    builder.reuse(&entry.summary).ok()?;
    Some((
        diagnostics,
        entry.summary.clone(),
        entry.files.clone(),
        true,
    ))
}

fn render(
    plan: &Plan,
    settings: &Settings,
    builder: &Builder,
    files: &GroupFiles,
) -> Result<(Vec<Diagnostic>, GroupSummary, Vec<FileStamp>, bool), String> {
    let group = plan.load(files);
    let mut diagnostics = check::check_group(&group, &plan.locales, settings);
    let summary = builder.page_group(&group, &diagnostics)?;
    // A build prints no snippets: the line text would only take memory.
    // (As the cache stores them, so fresh and cached findings compare equal.)
    for diagnostic in &mut diagnostics {
        diagnostic.location.line_text = String::new();
        diagnostic.location.line_offset = 0;
        for related in &mut diagnostic.related {
            related.location.line_text = String::new();
            related.location.line_offset = 0;
        }
    }
    Ok((diagnostics, summary, FileStamp::all(files), false))
}

/// Everything besides a group's own files that its pages depend on.
fn fingerprint(plan: &Plan, settings: &Settings, options: &BuildOptions) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    if let Some(exe) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        exe.len().hash(&mut hasher);
        exe.modified().ok().hash(&mut hasher);
    }
    if let Some(dir) = &options.templates {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            path.hash(&mut hasher);
            std::fs::read(&path).ok().hash(&mut hasher);
        }
    }
    (&options.templates, &options.base_url, &options.site_name).hash(&mut hasher);
    format!("{settings:?}").hash(&mut hasher);
    plan.locales.hash(&mut hasher);
    for (locale, path, _) in plan.pages() {
        (locale, path).hash(&mut hasher);
    }
    plan.root.hash(&mut hasher);
    hasher.finish()
}
