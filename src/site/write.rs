//! Writing the site: pages group by group, then the index pages.
//!
//! A full build writes into a fresh folder beside the output and swaps it
//! in at the end. An incremental build (the previous site is there and the
//! build cache matches) updates the output in place: each file is written
//! beside its final name and all are renamed over theirs at the end, so a
//! failed build leaves the previous site as it was in both cases.

use super::context::{self, Findings, GroupLinks, Links};
use super::includes::{IncludeCache, PageIncludes};
use super::output::{self, check_output, folder_beside, make_folder, temp_file_in};
use super::render::{render, render_shared, Rendered};
use super::spill::{IndexSpill, Spill, Spilled};
use super::summary::{GroupSummary, PageSummary, Tally};
use super::theme::{self, describe, Theme};
use super::{BuildOptions, BuildReport};
use crate::diagnostic::Diagnostic;
use crate::load::DocsFile;
use crate::model::PageGroup;
use pulldown_cmark::Event;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// What [`Builder::page_group`] made of a group.
pub struct WrittenGroup {
    /// With the group's parts of the index pages.
    pub summary: GroupSummary,
    /// Of its findings.
    pub tally: Tally,
    /// Of its pages' files.
    pub bytes: u64,
    /// The files its pages included, as they were read.
    pub included: Vec<(PathBuf, crate::tree::FileState)>,
}

/// The pages that list everything, rendered by [`Builder::finish`].
enum Index<'a> {
    Report,
    Home,
    Sitemap,
    LocaleHome(&'a str),
    Search(&'a str),
}

impl Index<'_> {
    /// The files an index job writes, relative to the site root.
    fn files(&self) -> Vec<String> {
        match self {
            Index::Report => vec!["report.html".into()],
            Index::Home => vec!["index.html".into()],
            Index::Sitemap => vec!["sitemap.xml".into()],
            Index::LocaleHome(locale) => vec![format!("{locale}/index.html")],
            Index::Search(locale) => vec![
                format!("{locale}/search-index.json"),
                format!("{locale}/search-index.js"),
            ],
        }
    }
}

/// A hash of what the index pages show of one group: its summary and its
/// findings.
pub fn group_digest(summary: &GroupSummary, diagnostics: &[Diagnostic]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::digest::hasher();
    summary.hash(&mut hasher);
    diagnostics.hash(&mut hasher);
    hasher.finish()
}

/// A hash of everything the index pages show, from every group's digest
/// ([`group_digest`]) in path order, taken one group at a time.
#[derive(Default)]
pub struct IndexesHash {
    hasher: twox_hash::XxHash3_64,
    /// Groups added.
    pub groups: usize,
}

impl IndexesHash {
    pub fn add(&mut self, digest: u64) {
        use std::hash::Hash;
        digest.hash(&mut self.hasher);
        self.groups += 1;
    }

    pub fn finish(&self) -> u64 {
        std::hash::Hasher::finish(&self.hasher)
    }
}

/// Where a build writes.
enum Target {
    /// A fresh folder beside the output, swapped in at the end.
    Fresh(PathBuf),
    /// The output itself: files written beside their final names under
    /// names of their own, listed here with their final paths and renamed
    /// over them at the end (or removed, when dropped before).
    InPlace(Mutex<Vec<(tempfile::TempPath, PathBuf)>>),
}

/// The name of the build cache in a site's folder.
pub const CACHE_NAME: &str = ".sxsdoc-cache.jsonl";

/// A finished build: the new site is in place; the old one still has to
/// be removed, which [`Finished::remove_old_site`] does (so a caller can
/// overlap it with other work).
#[derive(Debug)]
pub struct Finished {
    pub report: BuildReport,
    old: Option<PathBuf>,
}

impl Finished {
    pub fn remove_old_site(&self) {
        if let Some(old) = &self.old {
            let _ = std::fs::remove_dir_all(old);
        }
    }
}

/// A build in progress. Dropping it unfinished removes what it wrote and
/// leaves the previous site untouched.
pub struct Builder {
    options: BuildOptions,
    theme: Theme,
    /// The docs root, canonicalized, for resolving includes.
    root: PathBuf,
    links: Links,
    notes: Mutex<Vec<String>>,
    target: Target,
    finished: bool,
    includes: IncludeCache,
    /// Folders of the new site made so far.
    folders: Mutex<HashSet<PathBuf>>,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl Builder {
    /// Plans every page's output path and opens a fresh folder beside the
    /// output, or with `in_place` the output itself (see the module
    /// documentation). `pages` are (locale, path) of every page.
    pub fn start<'p>(
        options: &BuildOptions,
        docs_root: &Path,
        locales: &[String],
        pages: impl Iterator<Item = (&'p str, &'p str)> + Clone,
        in_place: bool,
    ) -> Result<Builder, String> {
        let theme = theme::load(options.templates.as_deref())?;
        let output = &options.output;
        check_output(docs_root, output, options.force)?;
        let (links, notes) = Links::new(docs_root, locales, pages);
        let target = if in_place && output.is_dir() {
            Target::InPlace(Mutex::default())
        } else {
            Target::Fresh(folder_beside(output, "new")?)
        };
        Ok(Builder {
            options: options.clone(),
            theme,
            root: docs_root
                .canonicalize()
                .unwrap_or_else(|_| docs_root.to_path_buf()),
            links,
            notes: Mutex::new(notes),
            target,
            finished: false,
            includes: IncludeCache::default(),
            folders: Mutex::default(),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    /// Renders the body of `file`, a page of the docs tree, handing each
    /// event of the pass to `also` (see [`Plan::load_with`]).
    ///
    /// [`Plan::load_with`]: crate::tree::Plan::load_with
    pub fn render_body(
        &self,
        file: &DocsFile,
        body: &str,
        also: &mut dyn FnMut(&Event<'_>, Range<usize>),
    ) -> Rendered {
        render_shared(body, &self.page_includes(&file.locale, &file.path), also)
    }

    fn page_includes(&self, locale: &str, path: &str) -> PageIncludes<'_> {
        let file = self.root.join(locale).join(path);
        PageIncludes {
            root: &self.root,
            cache: &self.includes,
            dir: file
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| self.root.clone()),
        }
    }

    /// Renders and writes the pages of one group; `diagnostics` are the
    /// group's. `bodies` are the pages' bodies rendered already (by
    /// [`Builder::render_body`]), in page order; a page without one is
    /// rendered here. Safe to call from several threads at once.
    pub fn page_group(
        &self,
        group: &PageGroup,
        index: usize,
        mut bodies: Vec<Rendered>,
        diagnostics: &[Diagnostic],
    ) -> Result<WrittenGroup, String> {
        let mut included = Vec::new();
        if bodies.len() != group.pages.len() {
            bodies.clear();
        }
        let mut bodies = bodies.into_iter();
        let mut bytes = 0;
        let findings = Findings::new(diagnostics);
        let links = self
            .links
            .of_group(&group.path, group.pages.iter().map(|p| p.locale.as_str()));
        let mut pages = Vec::with_capacity(group.pages.len());
        for page in &group.pages {
            let summary = PageSummary::new(page, links.url(&page.locale).cloned());
            let rendered = bodies.next();
            if let Some(url) = &summary.url {
                let mut rendered = rendered.unwrap_or_else(|| {
                    let body = page.text.get(page.body_start..).unwrap_or("");
                    render(body, &self.page_includes(&page.locale, &page.path))
                });
                included.append(&mut rendered.includes);
                if rendered.includes_left_out > 0 {
                    self.note(format!(
                        "{}: includes too much ({} MiB at most a page); {} of its includes left out",
                        page.display_path,
                        super::render::MAX_INCLUDED_BYTES >> 20,
                        rendered.includes_left_out
                    ));
                }
                // The page is its body and about 10 KB of template around it.
                let size = rendered.html.len() + 16 * 1024;
                let context = context::page(
                    &self.options,
                    &links,
                    (page, &summary),
                    url,
                    rendered,
                    &findings,
                );
                let html = self
                    .render("page.html", &context, size)
                    .map_err(|err| format!("{}: {err}", page.display_path))?;
                bytes += html.len() as u64;
                self.put(url, &html)?;
            }
            pages.push(summary);
        }
        let shared = group.shared();
        let mut summary = GroupSummary {
            path: group.path.clone(),
            pages,
            report_section: String::new(),
            report_row: String::new(),
            home_row: String::new(),
            findings: context::finding_rows(links.locales, &group.path, &findings),
            reference: shared.reference,
            api_version: shared.api_version,
        };
        let tally = Tally::new(diagnostics);
        self.index_parts(&links, index, &mut summary, &tally)?;
        Ok(WrittenGroup {
            summary,
            tally,
            bytes,
            included,
        })
    }

    /// Renders a group's parts of the index pages (see [`GroupSummary`])
    /// from its data.
    fn index_parts(
        &self,
        links: &GroupLinks<'_>,
        index: usize,
        summary: &mut GroupSummary,
        tally: &Tally,
    ) -> Result<(), String> {
        let of_group = |err: String| format!("page group `{}`: {err}", summary.path);
        for page in &mut summary.pages {
            if let Some(url) = &page.url {
                page.list_item = self
                    .render_string(
                        "locale_home_item.html",
                        &context::locale_home_item(page, url),
                        256,
                    )
                    .map_err(of_group)?;
            }
        }
        summary.report_section =
            match context::report_section(links, index, &summary.path, &summary.findings) {
                Some(context) => self
                    .render_string("report_group.html", &context, 1024 * summary.findings.len())
                    .map_err(of_group)?,
                None => String::new(),
            };
        let context = context::report_row(links, index, summary, tally);
        summary.report_row = self
            .render_string("report_row.html", &context, 2048)
            .map_err(of_group)?;
        summary.home_row = match context::home_row(links, summary, tally) {
            Some(context) => self
                .render_string("home_row.html", &context, 2048)
                .map_err(of_group)?,
            None => String::new(),
        };
        Ok(())
    }

    /// The parts of the index pages of the `index`th group, whose files
    /// are `files`, from what a build cache kept of it: its summary's
    /// data, rendered again; where its pages are is this build's to say.
    /// `None` when the summary is not one of that group's.
    pub fn restore(
        &self,
        index: usize,
        files: &crate::tree::GroupFiles,
        mut summary: GroupSummary,
        tally: &Tally,
    ) -> Option<Result<GroupSummary, String>> {
        let locales = || files.files.iter().map(|f| f.locale.as_str());
        let same_pages = summary.path == files.path
            && summary.pages.len() == files.files.len()
            && summary
                .pages
                .iter()
                .zip(locales())
                .all(|(page, locale)| page.locale == locale && page.path == files.path);
        if !same_pages {
            return None;
        }
        let links = self.links.of_group(&files.path, locales());
        for page in &mut summary.pages {
            page.url = links.url(&page.locale).cloned();
        }
        Some(
            self.index_parts(&links, index, &mut summary, tally)
                .map(|()| summary),
        )
    }

    /// Counts the files of a group an in-place build leaves as they are.
    pub fn count_unchanged(&self, files: u64, bytes: u64) {
        self.files.fetch_add(files, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Takes back [`Builder::count_unchanged`] for a group rendered
    /// again after all.
    pub fn count_unchanged_back(&self, files: u64, bytes: u64) {
        self.files.fetch_sub(files, Ordering::Relaxed);
        self.bytes.fetch_sub(bytes, Ordering::Relaxed);
    }

    /// Whether this build updates the output in place.
    pub fn in_place(&self) -> bool {
        matches!(self.target, Target::InPlace(_))
    }

    /// A spill for this build's index pages, beside the output.
    pub fn spill(&self) -> Result<IndexSpill, String> {
        IndexSpill::create(
            &self.options.output,
            &self.links.locales,
            &self.options.base_url,
        )
    }

    /// The folder this build writes its files in: the new site, or the
    /// output itself for an in-place build.
    pub fn site_folder(&self) -> &Path {
        match &self.target {
            Target::Fresh(fresh) => fresh,
            Target::InPlace(_) => &self.options.output,
        }
    }

    /// Writes the home, locale home, report, search and sitemap files and
    /// the assets, then puts the new site in place, with `cache` (written
    /// in [`Builder::site_folder`]) as its build cache. `indexes` are every
    /// group's parts of the index pages, or `None` when an in-place build
    /// leaves the index pages as they are (nothing they show changed).
    pub fn finish(
        mut self,
        indexes: Option<&Spilled>,
        cache: Option<tempfile::TempPath>,
    ) -> Result<Finished, String> {
        let mut jobs = vec![Index::Report, Index::Home, Index::Sitemap];
        for locale in &self.links.locales {
            jobs.push(Index::LocaleHome(locale));
            jobs.push(Index::Search(locale));
        }
        if let Some(spill) = indexes {
            let markers = context::Markers::new();
            let site = context::Indexes {
                options: &self.options,
                markers: &markers,
                locales: &self.links.locales,
                spill,
            };
            // The index pages are independent: render them in parallel,
            // the report (the largest) first.
            jobs.par_iter().try_for_each(|job| match job {
                Index::Report => self.put_spliced(
                    "report.html",
                    "report.html",
                    (&site.report(), &markers),
                    |key, out| match key {
                        context::REPORT_ROWS => spill.copy(Spill::ReportRows, out),
                        context::REPORT_FINDINGS => spill.copy(Spill::ReportSections, out),
                        _ => Ok(false),
                    },
                ),
                Index::Home => self.put_spliced(
                    "index.html",
                    "home.html",
                    (&site.home(), &markers),
                    |key, out| match key
                        .strip_prefix(context::HOME_ROWS)
                        .and_then(|n| n.parse::<usize>().ok())
                    {
                        Some(table) => spill.copy_home_table(table, out),
                        None => Ok(false),
                    },
                ),
                Index::Sitemap => self.put_framed(
                    "sitemap.xml",
                    (SITEMAP_START, "</urlset>\n"),
                    spill,
                    Spill::Sitemap,
                ),
                Index::LocaleHome(locale) => self.put_spliced(
                    &format!("{locale}/index.html"),
                    "locale_home.html",
                    (&site.locale_home(locale), &markers),
                    |key, out| match key {
                        context::LOCALE_ITEMS => spill.copy(Spill::Items(locale), out),
                        _ => Ok(false),
                    },
                ),
                Index::Search(locale) => {
                    for (file, frame) in [
                        ("search-index.json", ("[", "]")),
                        ("search-index.js", ("window.SXSDOC_SEARCH = [", "];\n")),
                    ] {
                        let url = format!("{locale}/{file}");
                        self.put_framed(&url, frame, spill, Spill::Search(locale))?;
                    }
                    Ok(())
                }
            })?;
        } else {
            let kept = jobs
                .iter()
                .flat_map(Index::files)
                .map(|url| std::fs::metadata(self.options.output.join(url)).map_or(0, |m| m.len()));
            for size in kept {
                self.count_unchanged(1, size);
            }
        }
        for (name, content) in &self.theme.assets {
            self.put(&format!("assets/{name}"), content.as_bytes())?;
        }
        let cache_path = self.site_folder().join(CACHE_NAME);
        let put_cache = |cache: Option<tempfile::TempPath>| match cache {
            // A cache that cannot be put in place only makes the next
            // build slower.
            Some(cache) => drop(cache.persist(&cache_path)),
            None => drop(std::fs::remove_file(&cache_path)),
        };
        let old = match &self.target {
            Target::Fresh(fresh) => {
                std::fs::write(fresh.join(output::MARKER), output::MARKER_TEXT)
                    .map_err(|err| format!("cannot write `{}`: {err}", fresh.display()))?;
                put_cache(cache);
                swap(fresh, &self.options.output)?
            }
            Target::InPlace(pending) => {
                // The previous cache no longer says what the site holds
                // once a file is replaced: out of the way first, so a
                // failure half way makes the next build a clean one.
                let _ = std::fs::remove_file(&cache_path);
                let pending = pending.lock().map(|mut p| std::mem::take(&mut *p));
                for (temp, path) in pending.unwrap_or_default() {
                    temp.persist(&path)
                        .map_err(|err| format!("cannot update `{}`: {err}", path.display()))?;
                }
                put_cache(cache);
                None
            }
        };
        self.finished = true;
        Ok(Finished {
            report: BuildReport {
                pages: self.links.count,
                files: self.files.load(Ordering::Relaxed) as usize,
                bytes: self.bytes.load(Ordering::Relaxed),
                notes: self
                    .notes
                    .lock()
                    .map(|mut notes| std::mem::take(&mut *notes))
                    .unwrap_or_default(),
            },
            old,
        })
    }

    /// Renders a template into a buffer of `size` bytes to start with.
    /// The bytes are written as they are: Tera writes UTF-8, so they need
    /// no check (or copy) as a `String`, and a buffer of the right size
    /// spares growing it a few times per page.
    fn render(&self, name: &str, context: &tera::Context, size: usize) -> Result<Vec<u8>, String> {
        let mut out = Vec::with_capacity(size);
        self.render_to(name, context, &mut out)?;
        Ok(out)
    }

    fn render_to(
        &self,
        name: &str,
        context: &tera::Context,
        out: &mut dyn std::io::Write,
    ) -> Result<(), String> {
        self.theme
            .tera
            .render_to(name, context, out)
            .map_err(|err| format!("template `{name}` failed: {}", describe(&err)))
    }

    fn put(&self, url: &str, content: &[u8]) -> Result<(), String> {
        let (mut file, path) = self.create(url)?;
        std::io::Write::write_all(&mut file, content)
            .map_err(|err| format!("cannot write `{}`: {err}", path.display()))?;
        self.count(content.len() as u64);
        Ok(())
    }

    /// Renders the template `name` and writes it to `url` with each of
    /// the `markers` in it replaced by what `fill` writes for its key: the
    /// parts of the index pages made of every group's own part, copied
    /// from the spill. `fill` returns `false` for a key it does not know,
    /// whose marker is then written as it is.
    fn put_spliced(
        &self,
        url: &str,
        name: &str,
        (context, markers): (&tera::Context, &context::Markers),
        fill: impl Fn(&str, &mut dyn Write) -> std::io::Result<bool>,
    ) -> Result<(), String> {
        let page = self.render(name, context, 64 * 1024)?;
        self.put_with(url, |out| {
            splice(&page, markers.start(), out, &fill)
                .map_err(|err| format!("cannot write `{url}`: {err}"))
        })
    }

    /// Writes the file at `url`: `start`, the spilled part `which`, `end`.
    fn put_framed(
        &self,
        url: &str,
        (start, end): (&str, &str),
        spill: &Spilled,
        which: Spill<'_>,
    ) -> Result<(), String> {
        self.put_with(url, |out| {
            let mut write = || -> std::io::Result<()> {
                out.write_all(start.as_bytes())?;
                spill.copy(which, out)?;
                out.write_all(end.as_bytes())
            };
            write().map_err(|err| format!("cannot write `{url}`: {err}"))
        })
    }

    /// Renders a template into a string (see [`Builder::render`]).
    fn render_string(
        &self,
        name: &str,
        context: &tera::Context,
        size: usize,
    ) -> Result<String, String> {
        let html = self.render(name, context, size)?;
        // Tera writes UTF-8.
        Ok(String::from_utf8(html).unwrap_or_default())
    }

    /// Writes the file at `url` as `write` makes it, through a buffer: the
    /// index pages of a large corpus run to tens of megabytes, not to be
    /// held whole.
    fn put_with(
        &self,
        url: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> Result<(), String>,
    ) -> Result<(), String> {
        let (file, path) = self.create(url)?;
        let mut out = Counted {
            inner: std::io::BufWriter::with_capacity(64 * 1024, file),
            bytes: 0,
        };
        write(&mut out)?;
        std::io::Write::flush(&mut out)
            .map_err(|err| format!("cannot write `{}`: {err}", path.display()))?;
        self.count(out.bytes);
        Ok(())
    }

    /// Creates the file for `url` (and its folder): in the new site, or
    /// beside its final name for an in-place build, which then removes it
    /// if the build fails.
    fn create(&self, url: &str) -> Result<(std::fs::File, PathBuf), String> {
        match &self.target {
            // A folder of this build's own: nothing in it but what it wrote.
            Target::Fresh(fresh) => {
                let path = fresh.join(url);
                self.make_parent(&path)?;
                let file = std::fs::File::create(&path)
                    .map_err(|err| format!("cannot write `{}`: {err}", path.display()))?;
                Ok((file, path))
            }
            // The previous site: never through a link it may hold.
            Target::InPlace(pending) => {
                let output = &self.options.output;
                let path = output.join(url);
                let folder = Path::new(url).parent().unwrap_or(Path::new(""));
                if !self.folder_made(&output.join(folder)) {
                    make_folder(output, folder)?;
                    self.mark_made(output.join(folder));
                }
                let (file, temp) = temp_file_in(&output.join(folder))?.into_parts();
                if let Ok(mut pending) = pending.lock() {
                    pending.push((temp, path.clone()));
                }
                Ok((file, path))
            }
        }
    }

    fn note(&self, note: String) {
        if let Ok(mut notes) = self.notes.lock() {
            notes.push(note);
        }
    }

    fn count(&self, bytes: u64) {
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
    }
}

impl Builder {
    /// Creates the folder `path` goes in, once per folder and build.
    fn make_parent(&self, path: &Path) -> Result<(), String> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self.folder_made(parent) {
            return Ok(());
        }
        std::fs::create_dir_all(parent)
            .map_err(|err| format!("cannot create `{}`: {err}", parent.display()))?;
        self.mark_made(parent.to_path_buf());
        Ok(())
    }

    fn folder_made(&self, folder: &Path) -> bool {
        self.folders
            .lock()
            .is_ok_and(|folders| folders.contains(folder))
    }

    fn mark_made(&self, folder: PathBuf) {
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(folder);
        }
    }
}

impl Drop for Builder {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        match &self.target {
            Target::Fresh(fresh) => {
                let _ = std::fs::remove_dir_all(fresh);
            }
            // Each file not renamed yet is removed as its path is dropped.
            Target::InPlace(_) => {}
        }
    }
}

/// Replaces `output` with `fresh`; on failure the old site is put back.
/// Returns where the old site now is, for [`Finished::remove_old_site`].
fn swap(fresh: &Path, output: &Path) -> Result<Option<PathBuf>, String> {
    let output_existed = output.exists();
    let old = if output_existed {
        // An empty folder of its own, which the rename replaces.
        let old = folder_beside(output, "old")?;
        std::fs::rename(output, &old)
            .map_err(|err| format!("cannot replace `{}`: {err}", output.display()))?;
        old
    } else {
        PathBuf::new()
    };
    if let Err(err) = std::fs::rename(fresh, output) {
        let _ = std::fs::rename(&old, output);
        return Err(format!(
            "cannot move the new site to `{}`: {err}",
            output.display()
        ));
    }
    Ok(output_existed.then_some(old))
}

const SITEMAP_START: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";

/// Writes `page` to `out` with each marker (see [`context::Markers`]),
/// `start`, a key and `\u{1}`, replaced by what `fill` writes for its key;
/// a marker whose key `fill` does not know (it returns `false`) is written
/// as it is.
fn splice(
    page: &[u8],
    start: &str,
    out: &mut dyn Write,
    fill: &dyn Fn(&str, &mut dyn Write) -> std::io::Result<bool>,
) -> std::io::Result<()> {
    let start = start.as_bytes();
    let mut from = 0;
    while let Some(at) = page
        .get(from..)
        .and_then(|rest| memchr::memmem::find(rest, start))
    {
        let key_start = from + at + start.len();
        let Some(key_len) = page
            .get(key_start..)
            .and_then(|rest| memchr::memchr(1, rest))
        else {
            break;
        };
        let end = key_start + key_len + 1;
        out.write_all(page.get(from..from + at).unwrap_or_default())?;
        let key = std::str::from_utf8(page.get(key_start..end - 1).unwrap_or_default());
        let known = match key {
            Ok(key) => fill(key, out)?,
            Err(_) => false,
        };
        if !known {
            out.write_all(page.get(from + at..end).unwrap_or_default())?;
        }
        from = end;
    }
    out.write_all(page.get(from..).unwrap_or_default())
}

/// A writer that counts the bytes written through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: std::io::Write> std::io::Write for Counted<W> {
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
    use super::{context::Markers, splice};

    fn spliced(markers: &Markers, page: &str) -> String {
        let mut out = Vec::new();
        splice(
            page.as_bytes(),
            markers.start(),
            &mut out,
            &|key, out| match key {
                "a" => out.write_all(b"[A]").map(|()| true),
                "b:1" => out.write_all(b"[B1]").map(|()| true),
                _ => Ok(false),
            },
        )
        .expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn markers_are_replaced_where_they_are() {
        let markers = Markers::new();
        let (a, b) = (markers.marker("a"), markers.marker("b:1"));
        assert_eq!(spliced(&markers, &format!("x{a}y{b}{a}z")), "x[A]y[B1][A]z");
        assert_eq!(spliced(&markers, ""), "");
        assert_eq!(spliced(&markers, "no markers"), "no markers");
    }

    #[test]
    fn unknown_and_unfinished_markers_are_kept_as_they_are() {
        let markers = Markers::new();
        let unknown = markers.marker("c");
        assert_eq!(
            spliced(&markers, &format!("{unknown}{}", markers.marker("a"))),
            format!("{unknown}[A]")
        );
        let unfinished = format!("{}a", markers.start());
        assert_eq!(
            spliced(&markers, &format!("{}{unfinished}", markers.marker("a"))),
            format!("[A]{unfinished}")
        );
    }

    /// Text that looks like a marker, from a page, a file name or another
    /// build, is no marker of this build's.
    #[test]
    fn only_this_builds_markers_are_markers() {
        let (markers, other) = (Markers::new(), Markers::new());
        assert_ne!(markers.start(), other.start());
        let theirs = other.marker("a");
        let stray = "\u{1}sxsdoc:a\u{1} \u{1}sxsdoc-0:a\u{1} \u{1}";
        let page = format!("{stray}{theirs}{}{stray}", markers.marker("a"));
        assert_eq!(
            spliced(&markers, &page),
            format!("{stray}{theirs}[A]{stray}")
        );
    }
}
