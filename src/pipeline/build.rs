//! `build`: every group rendered (and checked, for the docs team's
//! view), a window at a time, or taken as it is from the previous build
//! when none of its files changed; then the index pages, from every
//! group's summary held in memory, and the build cache for the next
//! build.

use super::cache::{self, CachedGroup, FileStamp, GroupStamps, HeldSummary, PreviousBuild};
use super::ordered::in_order_prepared;
use super::{guarded, GroupPanic, WINDOW};
use crate::check::{self, ProjectFiles, RuleSet, Settings};
use crate::plan::{GroupFiles, Loaded, Plan};
use crate::printable::printable;
use crate::site::search::store::{merge, TermsWriter, WrittenTerms};
use crate::site::TocMemo;
use crate::site::{
    BuildOptions, BuildReport, Builder, GroupSummary, Shape, SiteError, WrittenGroup,
};
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a build did.
#[derive(Debug)]
pub struct Built {
    pub report: BuildReport,
    /// Page groups (groups of include files alone apart).
    pub groups: usize,
    /// Page groups taken from the build cache rather than rendered.
    pub reused: usize,
    /// Whether it updated a previous build (its cache was there and
    /// matched), rather than building the whole site.
    pub incremental: bool,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Site(#[from] SiteError),
    #[error(transparent)]
    Panicked(#[from] GroupPanic),
    #[error("internal error: a page group was skipped")]
    Skipped,
}

/// Renders every group into the site `options` describe (and checks it,
/// when the site shows findings), reusing what the previous build made
/// of the groups whose files did not change. `progress` is called once
/// per finished group, from any thread.
pub fn build(
    plan: &Plan,
    settings: &Settings,
    options: &BuildOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<Built, BuildError> {
    let files = plan.project_files();
    build_kept(
        plan,
        (settings, options),
        progress,
        (&files, None),
        &mut || {},
    )
}

/// What `sxsdoc serve` keeps from one build of a plan to the next, so
/// that a rebuild does only what the change needs: what the rules know
/// of the project (the anchors of linked pages, read once), the site's
/// [`Shape`], and the build cache as the last build left it (in memory,
/// not read back from disk).
pub struct Warm<'p> {
    pub files: ProjectFiles<'p>,
    kept: Kept,
}

#[derive(Default)]
struct Kept {
    /// Each with the fingerprint of the build that made it.
    shape: Option<(u64, Shape)>,
    previous: Option<(u64, PreviousBuild)>,
}

impl<'p> Warm<'p> {
    pub fn new(plan: &'p Plan) -> Warm<'p> {
        Warm {
            files: plan.project_files(),
            kept: Kept::default(),
        }
    }
}

/// [`build`], keeping what the next build of the same plan can use in
/// `warm`; `written` is called once every page that changed can be read
/// in the output: when updated in place, they are put there before the
/// index pages, the search index and the cache are written (see
/// [`Builder::show_written`]).
pub fn build_warm(
    plan: &Plan,
    (settings, options): (&Settings, &BuildOptions),
    warm: &mut Warm<'_>,
    written: &mut dyn FnMut(),
) -> Result<Built, BuildError> {
    let kept = Some(&mut warm.kept);
    build_kept(
        plan,
        (settings, options),
        &|| {},
        (&warm.files, kept),
        written,
    )
}

fn build_kept(
    plan: &Plan,
    (settings, options): (&Settings, &BuildOptions),
    progress: &(dyn Fn() + Sync),
    (project_files, mut kept): (&ProjectFiles<'_>, Option<&mut Kept>),
    written: &mut dyn FnMut(),
) -> Result<Built, BuildError> {
    let fingerprint = fingerprint(plan, settings, options);
    let rules = settings.rule_set();
    let kept_previous = kept.as_mut().and_then(|k| k.previous.take());
    let kept_shape = kept.as_mut().and_then(|k| k.shape.take());
    // Neither needs the other: the cache is read while the templates,
    // links and navigation are made.
    let (previous, shape) = rayon::join(
        || match kept_previous.filter(|(made_for, _)| *made_for == fingerprint) {
            _ if options.no_cache => PreviousBuild::default(),
            Some((_, previous)) => previous,
            None => PreviousBuild::read(&options.output, fingerprint, plan),
        },
        || match kept_shape.filter(|(made_for, _)| *made_for == fingerprint) {
            Some((_, shape)) => Ok(shape),
            None => {
                // The tocs as parsed beside a cache this build may use;
                // none beside another build's, another folder's, or with
                // `--no-cache`.
                let memo = match !options.no_cache
                    && cache::is_this_builds(&options.output, fingerprint)
                {
                    true => TocMemo::read(&options.output),
                    false => TocMemo::default(),
                };
                Shape::new(options, plan, memo)
            }
        },
    );
    let (mut previous, shape) = (previous, shape?);
    // With the previous build's cache, the site is updated in place and
    // unchanged groups are left as they are.
    let incremental = previous.valid;
    let builder = Builder::start_shaped(options, plan, &shape, incremental)?;
    if let Some(kept) = kept.as_mut() {
        kept.shape = Some((fingerprint, shape));
    }
    let mut stamps = Vec::with_capacity(plan.groups.len());
    let mut summaries: Vec<HeldSummary> = Vec::with_capacity(plan.groups.len());
    let mut hashes: Vec<u64> = Vec::with_capacity(plan.groups.len());
    // Of every summary, taken as they come (while the next groups render).
    let mut indexes = crate::digest::hasher();
    let mut reused = 0;
    let mut partly_read = Vec::new();
    let mut terms = TermsWriter::new(builder.site_folder(), builder.in_place());
    let mut failed: Option<BuildError> = None;
    // The first group (in path order) that failed so far: the build stops
    // there, and groups after it are skipped, so the failure it reports
    // does not depend on the number of threads.
    let failed_at = AtomicUsize::new(usize::MAX);
    in_order_prepared(
        &plan.groups,
        WINDOW,
        |window| {
            window
                .iter()
                .map(|files| previous.take(&files.path))
                .collect()
        },
        |index, files, cached: Option<CachedGroup>| {
            if index > failed_at.load(Ordering::Relaxed) {
                return None;
            }
            // The previous build's terms lines of the group, which a
            // group rendered again only writes when its own differ.
            let previous_terms = cached
                .as_ref()
                .map(|c| c.stamps.terms.clone())
                .unwrap_or_default();
            let kept = cached.and_then(|mut cached| {
                let unchanged = cached.stamps.unchanged(files) && cached.summary.is_of(files);
                unchanged.then_some(cached)
            });
            // Include files only: a reader's site shows them in the pages
            // that include them (which read them as they are rendered),
            // and has nothing of the group's own to read or write.
            let has_pages = files.pages().next().is_some();
            let nothing_shown = !builder.shows_findings() && !has_pages;
            let result = match kept {
                // Only page groups are counted as kept, as `check` counts
                // page groups (include files apart).
                Some(cached) => Ok((cached, has_pages)),
                None if nothing_shown => Ok((CachedGroup::unshown(&files.path), false)),
                None => guarded(&files.path, || {
                    render(plan, (&rules, project_files), &builder, (files, index))
                })
                .map_err(BuildError::from)
                .and_then(|rendered| rendered)
                .map(|mut rendered| {
                    rendered.stamps.terms = previous_terms;
                    (rendered, false)
                }),
            };
            if result.is_err() {
                failed_at.fetch_min(index, Ordering::Relaxed);
            }
            progress();
            Some(result)
        },
        |result| match result {
            // A skipped group comes after the failure that stopped the
            // build, which is reported.
            None => {}
            Some(_) if failed.is_some() => {}
            Some(Ok((mut group, kept))) => {
                reused += usize::from(kept);
                let hash = group.summary.json_hash();
                indexes.write_u64(hash);
                if let (Some(rendered), HeldSummary::Made(summary, _)) =
                    (&group.terms, &group.summary)
                {
                    // Its stamps hold the previous build's lines until now.
                    group.stamps.terms = terms.append(summary, rendered, &group.stamps.terms);
                }
                partly_read.extend(group.stamps.partly_read.iter().cloned());
                stamps.push(group.stamps);
                summaries.push(group.summary);
                hashes.push(hash);
            }
            Some(Err(err)) => {
                // Nothing after this is needed any more.
                failed_at.fetch_min(0, Ordering::Relaxed);
                failed = Some(err);
            }
        },
    );
    if let Some(err) = failed {
        return Err(err);
    }
    if summaries.len() != plan.groups.len() {
        return Err(BuildError::Skipped);
    }
    // A warm build's pages written in place are put there at once (a
    // cold one's with the rest: a failure leaves the site as it was); a
    // new site is read only once it is swapped in.
    let early = builder.in_place() && kept.is_some();
    if early {
        builder.show_written()?;
        written();
    }
    let indexes = indexes.finish();
    let unwritable = |source| SiteError::Write {
        path: builder.site_folder().to_path_buf(),
        source,
    };
    // Each locale's terms: a full build's as written; an in-place
    // build's merged into the previous ones, for the locales it rendered
    // a page of. Its index is made again when they changed.
    let mut search = previous.search.clone();
    let mut indexes_of: Vec<(WrittenTerms, bool)> = Vec::new();
    for rendered in terms.finish().map_err(unwritable)? {
        let terms = match builder.in_place() && search.contains_key(&rendered.locale) {
            true => merge(&options.output, rendered, builder.site_folder()).map_err(unwritable)?,
            false => rendered,
        };
        let previous_hash = search.get(&terms.locale).map(|stamp| stamp.hash);
        let changed = !builder.in_place() || previous_hash != Some(terms.stamp.hash);
        search.insert(terms.locale.clone(), terms.stamp);
        indexes_of.push((terms, changed));
    }
    // The index pages show every group: they are made again only when
    // what they show of one changed.
    let indexes_changed = !builder.in_place() || previous.indexes != Some(indexes);
    let cache_note = previous.note.take();
    drop(previous);
    // The summaries the index pages are made from, when they changed:
    // those kept from the previous build read now, in parallel.
    let (made, unread, held) = match indexes_changed {
        true => {
            let (made, unread) = read_summaries(summaries, plan, &builder);
            (Some(made), unread, Vec::new())
        }
        false => (None, Vec::new(), summaries),
    };
    // Such a group is rendered again by the next build.
    for &at in &unread {
        if let Some(stamps) = stamps.get_mut(at) {
            stamps.files.clear();
        }
    }
    // A cache that cannot be written only makes the next build slower.
    // (The stamps go with it, once written.) A warm build keeps it too.
    let next = std::sync::Mutex::new(None);
    let keep = kept.is_some();
    let write_cache = |folder: &Path, made: Option<&[GroupSummary]>| {
        let header = (fingerprint, indexes);
        let groups = (plan.groups.as_slice(), stamps.as_slice());
        // The summaries as made for the index pages, or as held.
        let file = match made {
            Some(made) => cache::write(folder, header, search.clone(), groups, made),
            None => cache::write(folder, header, search.clone(), groups, &held),
        };
        if keep {
            let summaries = match made {
                Some(made) => made
                    .iter()
                    .zip(&hashes)
                    .map(|(summary, hash)| HeldSummary::Made(summary.clone(), *hash))
                    .collect(),
                None => held,
            };
            let groups = (plan.groups.as_slice(), stamps);
            let previous = PreviousBuild::kept(indexes, search, groups, summaries);
            if let Ok(mut next) = next.lock() {
                *next = Some(previous);
            }
        }
        file.ok()
    };
    let finished = builder.finish(made, indexes_of, write_cache)?;
    if !early {
        written();
    }
    if let (Some(kept), Ok(next)) = (kept, next.into_inner()) {
        kept.previous = next.map(|previous| (fingerprint, previous));
    }
    finished.remove_old_site();
    let mut report = finished.report;
    report.notes.extend(cache_note);
    report
        .notes
        .extend(crate::site::partly_read_note(partly_read));
    if let Some(&first) = unread.first() {
        report.notes.push(format!(
            "the build cache's summaries of {} page groups (`{}`, ...) could not be read: the index pages lack their pages until the next build, which renders them again",
            unread.len(),
            printable(&plan.groups[first].path),
        ));
    }
    Ok(Built {
        report,
        groups: plan
            .groups
            .iter()
            .filter(|g| g.pages().next().is_some())
            .count(),
        reused,
        incremental,
    })
}

/// Renders the group `files`, checked when the site shows findings.
fn render(
    plan: &Plan,
    (rules, project_files): (&RuleSet, &ProjectFiles),
    builder: &Builder,
    (files, index): (&GroupFiles, usize),
) -> Result<CachedGroup, BuildError> {
    // Each page's body is rendered from the events its outline is made
    // from.
    let Loaded {
        group,
        bodies,
        files: read,
    } = plan.load_with(files, &|file, body, on_event| {
        builder.render_body(file, body, on_event)
    });
    let diagnostics = match builder.shows_findings() {
        true => check::check_group(&group, project_files, rules),
        false => Vec::new(),
    };
    let WrittenGroup {
        summary,
        included,
        terms,
        partly_read,
    } = builder.page_group((&group, index), bodies, &diagnostics)?;
    let stamps = GroupStamps {
        files: FileStamp::all(files, &read),
        includes: FileStamp::included(included),
        terms: Vec::new(),
        partly_read,
    };
    Ok(CachedGroup {
        stamps,
        summary: HeldSummary::made(summary),
        terms: Some(terms),
    })
}

/// Every group's summary, those kept from the previous build read from
/// their JSON and placed in this build's site, in parallel; and the
/// indexes of the groups whose kept summary did not read (a cache edited
/// by hand), shown with their path only.
fn read_summaries(
    summaries: Vec<HeldSummary>,
    plan: &Plan,
    builder: &Builder,
) -> (Vec<GroupSummary>, Vec<usize>) {
    let read: Vec<(GroupSummary, bool)> = summaries
        .into_par_iter()
        .zip(&plan.groups)
        .map(|(held, files)| {
            // A summary made by this build is placed already.
            let made = matches!(held, HeldSummary::Made(..));
            let read = held.into_summary().and_then(|mut summary| {
                (made || builder.place(&mut summary, files)).then_some(summary)
            });
            match read {
                Some(summary) => (summary, true),
                None => (GroupSummary::of_path(&files.path), false),
            }
        })
        .collect();
    let unread = (read.iter().enumerate())
        .filter(|(_, (_, read))| !read)
        .map(|(at, _)| at)
        .collect();
    (
        read.into_iter().map(|(summary, _)| summary).collect(),
        unread,
    )
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
    options.qa.hash(&mut hasher);
    // Every page shows its place in its locale's tables of contents.
    for toc in &plan.tocs {
        (&toc.locale, &toc.path, std::fs::read(&toc.file).ok()).hash(&mut hasher);
    }
    settings.hash(&mut hasher);
    // A page over the size limit is shown as refused, not rendered.
    plan.options().max_page_bytes.hash(&mut hasher);
    plan.locales.hash(&mut hasher);
    for (locale, path) in plan.pages().map(|file| (&file.locale, &file.path)) {
        (locale, path).hash(&mut hasher);
    }
    // Where links lead: what each locale publishes (pages and landing
    // pages), and the paths its redirections still answer.
    plan.site_map.hash(&mut hasher);
    plan.linkable.hash(&mut hasher);
    plan.root.hash(&mut hasher);
    hasher.finish()
}
