//! Writing the site: pages group by group, in parallel, then the index
//! pages from every group's summary, then the new site is put in place
//! (see [`super::target`]).

mod around;
mod fallback;
mod finish;
mod redirect;
mod report;
mod search;
mod shape;

use around::behind_newest;
pub use shape::Shape;

use super::context;
use super::error::SiteError;
use super::images::Images;
use super::includes::IncludeCache;
use super::links::Links;
use super::nav::Navigation;
use super::output::{check_output, Counted};
use super::render::{render, render_shared, Rendered, MAX_INCLUDED_BYTES};
use super::search::{Findable, PageTerms, TermCounts};
use super::strings::Ui;
use super::summary::{FindingRow, GroupSummary, PageSummary};
use super::target::Target;
use super::theme::Theme;
use super::toc_memo::TocMemo;
use super::{BuildOptions, BuildReport};
use crate::diagnostic::Diagnostic;
use crate::load::DocsFile;
use crate::model::{FileKind, PageGroup};
use crate::plan::{FileState, GroupFiles, Plan};
use pulldown_cmark::Event;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What [`Builder::page_group`] made of a group.
pub struct WrittenGroup {
    pub summary: GroupSummary,
    /// The files its pages included, as they were read.
    pub included: Vec<(PathBuf, FileState)>,
    /// What its written pages are found by.
    pub terms: Vec<PageTerms>,
    /// Its pages published only as far as they could be read (see
    /// [`partly_read_note`]).
    pub partly_read: Vec<String>,
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
    theme: Arc<Theme>,
    links: Arc<Links>,
    ui: Arc<Ui>,
    nav: Arc<Navigation>,
    toc_memo: Arc<TocMemo>,
    images: Images,
    notes: Mutex<Vec<String>>,
    target: Target,
    includes: IncludeCache,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl Builder {
    /// Plans every page's output path and opens a fresh folder beside the
    /// output, or with `in_place` the output itself (see
    /// [`super::target`]), with the site's shape made before (and kept
    /// for the next build of the same plan and options).
    pub fn start_shaped(
        options: &BuildOptions,
        plan: &Plan,
        shape: &Shape,
        in_place: bool,
    ) -> Result<Builder, SiteError> {
        check_output(&plan.root, &options.output, options.force)?;
        let target = Target::new(&options.output, in_place)?;
        let mut options = options.clone();
        let named = plan.site_map.name().map(str::to_string);
        options.site_name = options.site_name.or(named);
        Ok(Builder {
            options,
            theme: Arc::clone(&shape.theme),
            links: Arc::clone(&shape.links),
            ui: Arc::clone(&shape.ui),
            nav: Arc::clone(&shape.nav),
            toc_memo: Arc::clone(&shape.toc_memo),
            images: Images::default(),
            notes: Mutex::new(shape.notes.clone()),
            target,
            includes: IncludeCache::default(),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    /// Whether its pages show their findings: only the docs team's view
    /// (`--qa`) does, so only its build needs the rules run.
    pub fn shows_findings(&self) -> bool {
        self.options.qa
    }

    /// Renders the body of `file`, a page of the docs tree, handing each
    /// event of the pass to `on_event` (see [`Plan::load_with`]).
    ///
    /// [`Plan::load_with`]: crate::plan::Plan::load_with
    pub fn render_body(
        &self,
        file: &DocsFile,
        body: &str,
        on_event: &mut dyn FnMut(&Event<'_>, Range<usize>),
    ) -> Rendered {
        let path = file.fs_path();
        let surroundings = self.surroundings(&path, file.locale_root(), (&file.locale, &file.path));
        render_shared(body, &surroundings, on_event)
    }

    /// Renders and writes the pages of one group; `diagnostics` are the
    /// group's. `bodies` are the pages' bodies rendered already (by
    /// [`Builder::render_body`]), in page order; a page without one is
    /// rendered here. Safe to call from several threads at once.
    pub fn page_group(
        &self,
        (group, group_index): (&PageGroup, usize),
        mut bodies: Vec<Rendered>,
        diagnostics: &[Diagnostic],
    ) -> Result<WrittenGroup, SiteError> {
        let mut included = Vec::new();
        if bodies.len() != group.pages.len() {
            bodies.clear();
        }
        let mut bodies = bodies.into_iter();
        let links = self
            .links
            .of_group(&group.path, group.pages.iter().map(|p| p.locale.as_str()));
        let mut pages = Vec::with_capacity(group.pages.len());
        let mut terms = Vec::with_capacity(group.pages.len());
        let shared = group.shared();
        // Include files are parts of the pages that include them.
        let mut partly_read = Vec::new();
        for page in group.pages.iter().filter(|p| p.kind == FileKind::Page) {
            if is_partly_read(page) {
                partly_read.push(page.display_path.clone());
            }
            let mut summary = PageSummary::new(page, links.url(&page.locale).cloned());
            // Its segments behind the newest English, and what that says now.
            let newest = shared.reference.and_then(|r| group.pages.get(r));
            let (behind, newer) = behind_newest(page, newest);
            summary.behind = behind;
            let rendered = bodies.next();
            if let Some(to) = page.redirect_url() {
                // Not listed nor found: the page it leads to is.
                if let Some(url) = &summary.url {
                    self.write_redirect((&page.locale, &page.path), url, to)?;
                }
                continue;
            }
            if let Some(url) = &summary.url {
                let mut rendered = rendered.unwrap_or_else(|| {
                    let body = page.text.get(page.body_start..).unwrap_or("");
                    let surroundings = self.surroundings(
                        &page.file,
                        &page.locale_root,
                        (&page.locale, &page.path),
                    );
                    render(body, &surroundings)
                });
                included.append(&mut rendered.includes);
                terms.push(TermCounts::new(Findable {
                    summary: &summary,
                    page,
                    described: true,
                    headings: &rendered.toc,
                    prose: &std::mem::take(&mut rendered.prose),
                    lead: &rendered.lead,
                }));
                if rendered.includes_left_out > 0 {
                    self.note(format!(
                        "{}: includes too much ({} MiB at most a page); {} of its includes left out",
                        page.display_path,
                        MAX_INCLUDED_BYTES >> 20,
                        rendered.includes_left_out
                    ));
                }
                // The page is its body and about 10 KB of template around it.
                let mut html = Vec::with_capacity(rendered.html.len() + 16 * 1024);
                let around = context::Around {
                    locale: &page.locale,
                    ui: &self.ui,
                    links: &links,
                    nav: self.nav.page(&page.locale, &page.path, url),
                    group_index,
                    newer: &newer,
                };
                let context = context::page(
                    &self.options,
                    around,
                    (page, &summary),
                    url,
                    rendered,
                    diagnostics,
                );
                self.render("page.html", &context, &mut html)
                    .map_err(|err| SiteError::Page {
                        page: page.display_path.clone(),
                        source: Box::new(err),
                    })?;
                self.put(url, &html)?;
            }
            pages.push(summary);
        }
        let fallback_terms = self.write_fallbacks(group, &links, shared.reference)?;
        let findings = links
            .locales
            .iter()
            .flat_map(|locale| context::findings_of(diagnostics, locale, &group.path))
            .map(FindingRow::new)
            .collect();
        let summary = GroupSummary {
            path: group.path.clone(),
            pages,
            findings,
            reference: shared.reference,
            api_version: shared.api_version,
        };
        let english = summary.english_title();
        let terms: Vec<PageTerms> = terms
            .into_iter()
            .map(|t| t.finish(&english))
            .chain(fallback_terms)
            .collect();
        Ok(WrittenGroup {
            summary,
            included,
            terms,
            partly_read,
        })
    }

    /// Makes `summary`, what a build cache kept of the group `files`, this
    /// build's: where its pages are is this build's to say. `false` when
    /// it is not a summary of that group's pages.
    pub fn place(&self, summary: &mut GroupSummary, files: &GroupFiles) -> bool {
        let locales = || files.pages().map(|f| f.locale.as_str());
        let same_pages = summary.path == files.path
            && summary.pages.len() == files.pages().count()
            && summary
                .pages
                .iter()
                .zip(locales())
                .all(|(page, locale)| page.locale == locale);
        if !same_pages {
            return false;
        }
        let links = self.links.of_group(&files.path, locales());
        for page in &mut summary.pages {
            page.url = links.url(&page.locale).cloned();
        }
        true
    }

    /// Puts the pages written so far in place before the build ends (see
    /// [`Target::commit_written`]).
    pub fn show_written(&self) -> Result<(), SiteError> {
        self.target.commit_written()
    }

    /// Whether this build updates the output in place.
    pub fn in_place(&self) -> bool {
        self.target.in_place()
    }

    /// The folder this build writes its files in: the new site, or the
    /// output itself for an in-place build.
    pub fn site_folder(&self) -> &Path {
        self.target.folder()
    }

    /// Renders the template `name` to `out`.
    fn render(
        &self,
        name: &'static str,
        context: &tera::Context,
        out: &mut dyn Write,
    ) -> Result<(), SiteError> {
        self.theme
            .tera
            .render_to(name, context, out)
            .map_err(|cause| SiteError::Template { name, cause })
    }

    fn put(&self, url: &str, content: &[u8]) -> Result<(), SiteError> {
        // Not written, so not counted.
        if self.target.holds(url, content) {
            return Ok(());
        }
        let (mut file, path) = self.target.create(url)?;
        file.write_all(content)
            .map_err(|source| SiteError::Write { path, source })?;
        self.count(content.len() as u64);
        Ok(())
    }

    /// Writes the file at `url` as `write` makes it, through a buffer: the
    /// index pages of a large corpus run to tens of megabytes, not to be
    /// held whole.
    fn put_with(
        &self,
        url: &str,
        write: impl FnOnce(&mut dyn Write) -> Result<(), SiteError>,
    ) -> Result<(), SiteError> {
        let (file, path) = self.target.create(url)?;
        let mut out = Counted {
            inner: std::io::BufWriter::with_capacity(64 * 1024, file),
            bytes: 0,
        };
        write(&mut out)?;
        out.flush()
            .map_err(|source| SiteError::Write { path, source })?;
        self.count(out.bytes);
        Ok(())
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

/// Whether `page` is published only as far as it could be read: a file
/// that does not read, is too large, has tables too large to fill in, or
/// whose front matter is broken (its title is then its file name).
fn is_partly_read(page: &crate::model::Page) -> bool {
    use crate::model::ProblemKind::*;
    page.problems.iter().any(|problem| {
        matches!(
            problem.kind,
            Unreadable | Encoding | TooLarge | FilledCells | FrontMatterUnclosed | FrontMatterYaml
        )
    })
}

/// What a build says of the pages (display paths) it published only as
/// far as they could be read: a readers' site shows no findings, so the
/// build says that such pages exist, and where to learn why.
pub fn partly_read_note(mut pages: Vec<String>) -> Option<String> {
    if pages.is_empty() {
        return None;
    }
    pages.sort();
    let count = pages.len();
    pages.truncate(3);
    Some(format!(
        "{} published only as far as {} could be read (`{}`{}): `sxsdoc check` says what is wrong with each",
        crate::report::plural(count, "page"),
        if count == 1 { "it" } else { "they" },
        pages.join("`, `"),
        if count > 3 { ", …" } else { "" },
    ))
}

/// An error writing the file at `url` (relative to the site).
pub(super) fn written_to(url: &str, source: std::io::Error) -> SiteError {
    SiteError::Write {
        path: PathBuf::from(url),
        source,
    }
}
