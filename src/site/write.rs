//! Writing the site: pages group by group, then the index pages.
//!
//! A full build writes into a fresh folder beside the output and swaps it
//! in at the end. An incremental build (the previous site is there and the
//! build cache matches) updates the output in place: each file is written
//! beside its final name and all are renamed over theirs at the end, so a
//! failed build leaves the previous site as it was in both cases.

use super::context::{self, Findings, Links};
use super::includes::{IncludeCache, PageIncludes};
use super::paths::{beside_output, page_url};
use super::render::{render, render_shared, Rendered};
use super::summary::{GroupSummary, PageSummary, Tally};
use super::theme::{self, describe, Theme};
use super::{BuildOptions, BuildReport};
use crate::diagnostic::Diagnostic;
use crate::load::DocsFile;
use crate::model::PageGroup;
use pulldown_cmark::Event;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
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

/// The parts of the report page made of every group's own part.
#[derive(Clone, Copy)]
enum Part {
    Rows,
    Sections,
}

/// Every group's parts of the report page, in path order, moved out of
/// their summaries into two files beside the output as the groups are
/// read back: the index pages of a large corpus are made without holding
/// them. The files are removed when it is dropped.
pub struct ReportSpill {
    rows: (PathBuf, std::io::BufWriter<std::fs::File>),
    sections: (PathBuf, std::io::BufWriter<std::fs::File>),
}

impl ReportSpill {
    /// Files named after `output`, beside it.
    pub fn create(output: &Path) -> Result<ReportSpill, String> {
        let open = |part: &str| {
            let path = beside_output(output, &format!("report-{part}.{}.tmp", std::process::id()));
            std::fs::File::create(&path)
                .map(|file| {
                    (
                        path.clone(),
                        std::io::BufWriter::with_capacity(1 << 16, file),
                    )
                })
                .map_err(|err| format!("cannot write `{}`: {err}", path.display()))
        };
        Ok(ReportSpill {
            rows: open("rows")?,
            sections: open("sections")?,
        })
    }

    /// Moves `group`'s parts of the report page to the files.
    pub fn add(&mut self, group: &mut GroupSummary) -> Result<(), String> {
        let (rows, sections) = (&mut self.rows, &mut self.sections);
        ReportSpill::write_part(&mut rows.1, Part::Rows, group)
            .map_err(|err| format!("cannot write `{}`: {err}", rows.0.display()))?;
        ReportSpill::write_part(&mut sections.1, Part::Sections, group)
            .map_err(|err| format!("cannot write `{}`: {err}", sections.0.display()))?;
        group.report_row = String::new();
        group.report_section = String::new();
        Ok(())
    }

    /// Writes everything added to the files.
    pub fn flush(&mut self) -> Result<(), String> {
        for (path, out) in [&mut self.rows, &mut self.sections] {
            std::io::Write::flush(out)
                .map_err(|err| format!("cannot write `{}`: {err}", path.display()))?;
        }
        Ok(())
    }

    /// What the report page shows of `group` in `part`.
    fn write_part(
        out: &mut dyn std::io::Write,
        part: Part,
        group: &GroupSummary,
    ) -> std::io::Result<()> {
        match part {
            Part::Rows => out.write_all(group.report_row.as_bytes()),
            Part::Sections if !group.report_section.is_empty() => {
                out.write_all(b"\n")?;
                out.write_all(group.report_section.as_bytes())
            }
            Part::Sections => Ok(()),
        }
    }
}

impl Drop for ReportSpill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.rows.0);
        let _ = std::fs::remove_file(&self.sections.0);
    }
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
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    summary.hash(&mut hasher);
    diagnostics.hash(&mut hasher);
    hasher.finish()
}

/// A hash of everything the index pages show, from every group's digest
/// in order.
pub fn indexes_hash(digests: impl IntoIterator<Item = u64>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for digest in digests {
        digest.hash(&mut hasher);
    }
    hasher.finish()
}

/// Where a build writes.
enum Target {
    /// A fresh folder beside the output, swapped in at the end.
    Fresh(PathBuf),
    /// The output itself: files written beside their final names, whose
    /// final paths are listed here, renamed over them at the end.
    InPlace(Mutex<Vec<PathBuf>>),
}

/// The name a file is written under before an in-place build commits it.
fn pending_name(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(format!(".sxsdoc-new-{}", std::process::id()));
    PathBuf::from(name)
}

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
    notes: Vec<String>,
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
    /// documentation). `pages` are (locale, path, displayed path) of
    /// every page.
    pub fn start(
        options: &BuildOptions,
        docs_root: &Path,
        locales: &[String],
        pages: &[(String, String, String)],
        in_place: bool,
    ) -> Result<Builder, String> {
        let theme = theme::load(options.templates.as_deref())?;
        let output = &options.output;
        if output.exists() && !output.is_dir() {
            return Err(format!(
                "output `{}` exists and is not a folder",
                output.display()
            ));
        }
        let mut urls: HashMap<String, HashMap<String, String>> = HashMap::new();
        let mut taken: HashMap<String, &str> = HashMap::new();
        let mut notes = Vec::new();
        for (locale, path, shown) in pages {
            let Some(url) = page_url(locale, path) else {
                notes.push(format!(
                    "{shown}: not built: its path cannot be written inside the output folder"
                ));
                continue;
            };
            if let Some(first) = taken.get(&url.to_lowercase()) {
                notes.push(format!(
                    "{shown}: not built: its output `{url}` clashes with `{first}` (names that differ only in letter case)"
                ));
                continue;
            }
            taken.insert(url.to_lowercase(), shown.as_str());
            urls.entry(path.clone())
                .or_default()
                .insert(locale.clone(), url);
        }
        let target = if in_place && output.is_dir() {
            Target::InPlace(Mutex::default())
        } else {
            Target::Fresh(fresh_folder(output)?)
        };
        Ok(Builder {
            options: options.clone(),
            theme,
            root: docs_root
                .canonicalize()
                .unwrap_or_else(|_| docs_root.to_path_buf()),
            links: Links {
                locales: locales.to_vec(),
                urls,
            },
            notes,
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
        let mut pages = Vec::with_capacity(group.pages.len());
        for page in &group.pages {
            let summary = PageSummary::new(page, self.links.url(&page.locale, &page.path).cloned());
            let rendered = bodies.next();
            if let Some(url) = &summary.url {
                let mut rendered = rendered.unwrap_or_else(|| {
                    let body = page.text.get(page.body_start..).unwrap_or("");
                    render(body, &self.page_includes(&page.locale, &page.path))
                });
                included.append(&mut rendered.includes);
                // The page is its body and about 10 KB of template around it.
                let size = rendered.html.len() + 16 * 1024;
                let context = context::page(
                    &self.options,
                    &self.links,
                    group,
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
        let mut summary = GroupSummary {
            path: group.path.clone(),
            pages,
            report_section: String::new(),
            report_row: String::new(),
            home_row: String::new(),
        };
        let tally = Tally::new(diagnostics);
        let of_group = |err: String| format!("page group `{}`: {err}", group.path);
        if let Some(context) = context::report_section(&self.links, index, &group.path, &findings) {
            summary.report_section = self
                .render_string("report_group.html", &context, 1024 * diagnostics.len())
                .map_err(of_group)?;
        }
        let context = context::report_row(&self.links, index, &summary, &tally);
        summary.report_row = self
            .render_string("report_row.html", &context, 2048)
            .map_err(of_group)?;
        if let Some(context) = context::home_row(&self.links, &summary, &tally) {
            summary.home_row = self
                .render_string("home_row.html", &context, 2048)
                .map_err(of_group)?;
        }
        Ok(WrittenGroup {
            summary,
            tally,
            bytes,
            included,
        })
    }

    /// Counts the files of a group an in-place build leaves as they are.
    pub fn count_unchanged(&self, files: u64, bytes: u64) {
        self.files.fetch_add(files, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Whether this build updates the output in place.
    pub fn in_place(&self) -> bool {
        matches!(self.target, Target::InPlace(_))
    }

    /// Writes the home, locale home, report, search and sitemap files and
    /// the assets, then puts the new site in place. `indexes` are the
    /// groups (sorted by path) and the tallies of their findings, or
    /// `None` when an in-place build leaves the index pages as they are
    /// (nothing they show changed).
    pub fn finish(
        mut self,
        indexes: Option<(&[GroupSummary], &[Tally], Option<&ReportSpill>)>,
    ) -> Result<Finished, String> {
        let mut jobs = vec![Index::Report, Index::Home, Index::Sitemap];
        for locale in &self.links.locales {
            jobs.push(Index::LocaleHome(locale));
            jobs.push(Index::Search(locale));
        }
        if let Some((groups, tallies, spill)) = indexes {
            debug_assert!(groups.windows(2).all(|w| w[0].path <= w[1].path));
            debug_assert_eq!(groups.len(), tallies.len());
            let site = context::Indexes {
                options: &self.options,
                links: &self.links,
                groups,
                tallies,
            };
            // The index pages are independent: render them in parallel,
            // the report (the largest) first.
            jobs.par_iter().try_for_each(|job| match job {
                Index::Report => self.put_report(&site.report(), groups, spill),
                Index::Home => self.put_rendered("index.html", "home.html", &site.home()),
                Index::Sitemap => self.put_with("sitemap.xml", |out| {
                    site.write_sitemap(out)
                        .map_err(|err| format!("cannot write `sitemap.xml`: {err}"))
                }),
                Index::LocaleHome(locale) => self.put_rendered(
                    &format!("{locale}/index.html"),
                    "locale_home.html",
                    &site.locale_home(locale),
                ),
                Index::Search(locale) => {
                    let index = site.search_index(locale);
                    self.put(&format!("{locale}/search-index.json"), index.as_bytes())?;
                    self.put(
                        &format!("{locale}/search-index.js"),
                        format!("window.SXSDOC_SEARCH = {index};\n").as_bytes(),
                    )
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
        let old = match &self.target {
            Target::Fresh(fresh) => swap(fresh, &self.options.output)?,
            Target::InPlace(pending) => {
                let pending = pending.lock().map(|p| p.clone()).unwrap_or_default();
                for path in pending {
                    std::fs::rename(pending_name(&path), &path)
                        .map_err(|err| format!("cannot update `{}`: {err}", path.display()))?;
                }
                None
            }
        };
        self.finished = true;
        Ok(Finished {
            report: BuildReport {
                pages: self.links.count(),
                files: self.files.load(Ordering::Relaxed) as usize,
                bytes: self.bytes.load(Ordering::Relaxed),
                notes: std::mem::take(&mut self.notes),
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

    /// Writes the report page: its template, with each group's matrix row
    /// and section (rendered with the group) where the template puts them.
    fn put_report(
        &self,
        context: &tera::Context,
        groups: &[GroupSummary],
        spill: Option<&ReportSpill>,
    ) -> Result<(), String> {
        let page = self.render("report.html", context, 1 << 20)?;
        // Where the template puts each part (any number of times), in the
        // order it has them.
        let mut parts: Vec<(usize, usize, Part)> = Vec::new();
        for (marker, part) in [
            (context::REPORT_ROWS, Part::Rows),
            (context::REPORT_FINDINGS, Part::Sections),
        ] {
            let marker = marker.as_bytes();
            let mut from = 0;
            while let Some(at) = page
                .get(from..)
                .and_then(|rest| rest.windows(marker.len()).position(|w| w == marker))
            {
                parts.push((from + at, marker.len(), part));
                from += at + marker.len();
            }
        }
        parts.sort_by_key(|(at, ..)| *at);
        let write = |out: &mut dyn std::io::Write| -> std::io::Result<()> {
            let mut from = 0;
            for (at, len, part) in parts {
                // Markers cannot overlap, but a template is not ours.
                let Some(before) = page.get(from..at) else {
                    continue;
                };
                out.write_all(before)?;
                if let Some(spill) = spill {
                    let path = match part {
                        Part::Rows => &spill.rows.0,
                        Part::Sections => &spill.sections.0,
                    };
                    std::io::copy(&mut std::fs::File::open(path)?, out)?;
                } else {
                    for group in groups {
                        ReportSpill::write_part(out, part, group)?;
                    }
                }
                from = at + len;
            }
            out.write_all(page.get(from..).unwrap_or_default())
        };
        self.put_with("report.html", |out| {
            write(out).map_err(|err| format!("cannot write `report.html`: {err}"))
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

    /// Renders a template straight into the file at `url`.
    fn put_rendered(&self, url: &str, name: &str, context: &tera::Context) -> Result<(), String> {
        self.put_with(url, |out| self.render_to(name, context, out))
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
        let (path, written) = match &self.target {
            Target::Fresh(fresh) => (fresh.join(url), None),
            Target::InPlace(pending) => {
                let path = self.options.output.join(url);
                (pending_name(&path), Some((pending, path)))
            }
        };
        self.make_parent(&path)?;
        let file = std::fs::File::create(&path)
            .map_err(|err| format!("cannot write `{}`: {err}", path.display()))?;
        if let Some((pending, path)) = written {
            if let Ok(mut pending) = pending.lock() {
                pending.push(path);
            }
        }
        Ok((file, path))
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
        let made = |folders: &HashSet<PathBuf>| folders.contains(parent);
        if self.folders.lock().is_ok_and(|folders| made(&folders)) {
            return Ok(());
        }
        std::fs::create_dir_all(parent)
            .map_err(|err| format!("cannot create `{}`: {err}", parent.display()))?;
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(parent.to_path_buf());
        }
        Ok(())
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
            Target::InPlace(pending) => {
                for path in pending.lock().map(|p| p.clone()).unwrap_or_default() {
                    let _ = std::fs::remove_file(pending_name(&path));
                }
            }
        }
    }
}

/// `.<name>.sxsdoc-new-<pid>` beside the output, empty.
fn fresh_folder(output: &Path) -> Result<PathBuf, String> {
    let parent = output_parent(output)?;
    std::fs::create_dir_all(&parent)
        .map_err(|err| format!("cannot create `{}`: {err}", parent.display()))?;
    let fresh = beside_output(output, &format!("new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir(&fresh).map_err(|err| {
        format!(
            "cannot write beside the output, in `{}`: {err}",
            parent.display()
        )
    })?;
    Ok(fresh)
}

/// The folder `output` is in; an error if `output` names no folder.
fn output_parent(output: &Path) -> Result<PathBuf, String> {
    if output.file_name().is_none() {
        return Err(format!("output `{}` names no folder", output.display()));
    }
    Ok(match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    })
}

/// Replaces `output` with `fresh`; on failure the old site is put back.
/// Returns where the old site now is, for [`Finished::remove_old_site`].
fn swap(fresh: &Path, output: &Path) -> Result<Option<PathBuf>, String> {
    output_parent(output)?;
    let old = beside_output(output, &format!("old-{}", std::process::id()));
    let output_existed = output.exists();
    if output_existed {
        std::fs::rename(output, &old)
            .map_err(|err| format!("cannot replace `{}`: {err}", output.display()))?;
    }
    if let Err(err) = std::fs::rename(fresh, output) {
        let _ = std::fs::rename(&old, output);
        return Err(format!(
            "cannot move the new site to `{}`: {err}",
            output.display()
        ));
    }
    Ok(output_existed.then_some(old))
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
