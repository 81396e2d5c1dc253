//! The plan of a docs project: its files grouped by page (one relative
//! path in every locale), walked but not read; and reading one group
//! into pages.

use crate::check::ProjectFiles;
use crate::facts;
use crate::load::{self, DocsFile, LoadError, Note, SiteMap, TocFile};
use crate::markdown::{self, Locator};
use crate::model::{FileKind, Page, PageGroup, Problem, ProblemKind, View};
use pulldown_cmark::Event;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod file_state;
mod page_source;
pub use file_state::{content_hash, modified_nanos, FileState};

/// Settings for reading a tree.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Larger pages are reported and not parsed.
    pub max_page_bytes: usize,
    /// Locale roots named in `sxsdoc.toml` (`[locales]`), resolved from
    /// its folder; when empty, they are found (see [`load::walk`]).
    pub locale_roots: Vec<(String, PathBuf)>,
    /// Where every docset is published (`base_path` in `sxsdoc.toml`),
    /// over what its `docfx.json` says.
    pub base_path: Option<String>,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            max_page_bytes: load::DEFAULT_MAX_PAGE_BYTES,
            locale_roots: Vec::new(),
            base_path: None,
        }
    }
}

/// The files of one page group: one relative path in every locale.
#[derive(Debug, Clone)]
pub struct GroupFiles {
    pub path: String,
    /// In locale order.
    pub files: Vec<DocsFile>,
}

impl GroupFiles {
    /// Its pages (not include files), in locale order.
    pub fn pages(&self) -> impl Iterator<Item = &DocsFile> + Clone {
        self.files.iter().filter(|f| f.kind == FileKind::Page)
    }
}

/// A docs tree walked but not read: what a streaming run needs up front.
#[derive(Debug)]
pub struct Plan {
    pub root: PathBuf,
    /// Every locale folder that holds at least one page, sorted.
    pub locales: Vec<String>,
    /// Sorted by path.
    pub groups: Vec<GroupFiles>,
    /// (locale, path) of files not read that links may name (see
    /// [`load::Walk`]).
    pub linkable: Vec<(String, String)>,
    /// Where each locale publishes its pages.
    /// Shared with the rules and the site, which read it.
    pub site_map: Arc<SiteMap>,
    /// Every locale's `toc.yml`, by locale and path.
    pub tocs: Vec<TocFile>,
    pub notes: Vec<Note>,
    options: LoadOptions,
}

impl Plan {
    /// Walks `root` and groups its files by relative path, reading no page.
    pub fn new(root: &Path, options: &LoadOptions) -> Result<Plan, LoadError> {
        let walk = load::walk(root, &options.locale_roots, options.base_path.as_deref())?;
        let mut locales: Vec<String> = walk.files.iter().map(|f| f.locale.clone()).collect();
        locales.sort();
        locales.dedup();
        let mut groups: Vec<GroupFiles> = Vec::new();
        for file in walk.files {
            match groups.last_mut() {
                Some(group) if group.path == file.path => group.files.push(file),
                _ => groups.push(GroupFiles {
                    path: file.path.clone(),
                    files: vec![file],
                }),
            }
        }
        let mut notes = walk.notes;
        if let ([only], [locale_root]) = (locales.as_slice(), walk.roots.as_slice()) {
            notes.push(load::one_locale_note(root, only, &locale_root.folder));
        }
        Ok(Plan {
            root: root.to_path_buf(),
            locales,
            groups,
            linkable: walk.linkable,
            site_map: Arc::new(walk.site_map),
            tocs: walk.tocs,
            notes,
            options: options.clone(),
        })
    }

    /// Reads and parses the pages of one group.
    pub fn load(&self, group: &GroupFiles) -> PageGroup {
        PageGroup {
            path: group.path.clone(),
            pages: group
                .files
                .iter()
                .map(|file| read_page(file, &self.options, None::<&BodyReader<'_, ()>>).0)
                .collect(),
        }
    }

    /// [`Plan::load`], with the files `text_of` has a text for (by their
    /// path on disk) read from it, as an editor holds them, rather than
    /// from the disk.
    pub fn load_edited<'t>(
        &self,
        group: &GroupFiles,
        text_of: &dyn Fn(&Path) -> Option<&'t str>,
    ) -> PageGroup {
        let pages = group
            .files
            .iter()
            .map(|file| match text_of(&file.fs_path()) {
                Some(text) => {
                    let (text, problems) =
                        load::decode(text.as_bytes().to_vec(), self.options.max_page_bytes);
                    parse_file(file, text, problems, None::<&BodyReader<'_, ()>>).0
                }
                None => read_page(file, &self.options, None::<&BodyReader<'_, ()>>).0,
            });
        PageGroup {
            path: group.path.clone(),
            pages: pages.collect(),
        }
    }

    /// [`Plan::load`], with `read` run over each page's body in the same
    /// pulldown-cmark pass the page's outline is made from; what it
    /// returns comes back in page order. Also returns the state of each
    /// file as it was read (`None` for one that could not be read whole).
    pub fn load_with<R>(&self, group: &GroupFiles, read: &BodyReader<'_, R>) -> Loaded<R> {
        let mut bodies = Vec::with_capacity(group.files.len());
        let mut files = Vec::with_capacity(group.files.len());
        let pages = group
            .files
            .iter()
            .map(|file| {
                let (page, read, state) = read_page(file, &self.options, Some(read));
                bodies.extend(read);
                files.push(state);
                page
            })
            .collect();
        let group = PageGroup {
            path: group.path.clone(),
            pages,
        };
        Loaded {
            group,
            bodies,
            files,
        }
    }

    /// What the rules know of the project beyond one group: its locales
    /// and every file of each (see [`ProjectFiles`]).
    pub fn project_files(&self) -> ProjectFiles<'_> {
        let files = self.groups.iter().flat_map(|g| &g.files);
        let linkable = self.linkable.iter();
        ProjectFiles::new(
            &self.locales,
            files
                .map(|f| (f.locale.as_str(), f.path.as_str()))
                .chain(linkable.map(|(locale, path)| (locale.as_str(), path.as_str()))),
            Arc::clone(&self.site_map),
        )
        .with_source(self)
    }

    /// Every page (not include files), in order.
    pub fn pages(&self) -> impl Iterator<Item = &DocsFile> + Clone {
        self.groups.iter().flat_map(GroupFiles::pages)
    }

    /// The group and the file whose path on disk is `file` (compared as
    /// [`load::absolute`] paths).
    pub fn find(&self, file: &Path) -> Option<(&GroupFiles, &DocsFile)> {
        let wanted = load::absolute(file);
        let name = wanted.file_name()?.to_string_lossy().into_owned();
        // Its name first: most files are passed over without a path made.
        let named = |f: &&DocsFile| f.path.rsplit('/').next() == Some(name.as_str());
        self.groups.iter().find_map(|group| {
            let mut files = group.files.iter().filter(named);
            let found = files.find(|f| load::absolute(&f.fs_path()) == wanted)?;
            Some((group, found))
        })
    }

    /// The toc at `file` (a path on disk), if the plan has it.
    pub fn find_toc(&self, file: &Path) -> Option<&TocFile> {
        let wanted = load::absolute(file);
        self.tocs
            .iter()
            .find(|toc| load::absolute(&toc.file) == wanted)
    }

    /// Whether a file of the plan is `path` or under it (a folder moved
    /// away, say).
    pub fn has_under(&self, path: &Path) -> bool {
        let path = load::absolute(path);
        let mut files = self.groups.iter().flat_map(|g| &g.files);
        files.any(|f| load::absolute(&f.fs_path()).starts_with(&path))
    }

    /// How the pages are read.
    pub fn options(&self) -> &LoadOptions {
        &self.options
    }

    /// Its files: each locale's page or include file one.
    pub fn file_count(&self) -> usize {
        self.groups.iter().map(|g| g.files.len()).sum()
    }
}

/// What [`Plan::load_with`] read of one page group.
pub struct Loaded<R> {
    pub group: PageGroup,
    /// What the body reader returned, in page order.
    pub bodies: Vec<R>,
    /// Each file as it was read, in page order.
    pub files: Vec<Option<FileState>>,
}

/// Reads a page's body from the events of a pulldown-cmark pass over it:
/// given the file, the body and a callback that every event of the pass
/// (with its range in the body) must go to, in order.
pub type BodyReader<'r, R> =
    dyn Fn(&DocsFile, &str, &mut dyn FnMut(&Event<'_>, Range<usize>)) -> R + Sync + 'r;

fn read_page<R>(
    file: &DocsFile,
    options: &LoadOptions,
    body_reader: Option<&BodyReader<'_, R>>,
) -> (Page, Option<R>, Option<FileState>) {
    // Reading stops one byte past the limit: a 100 MB page is not loaded
    // just to be refused.
    let limit = options.max_page_bytes as u64 + 1;
    let mut state = None;
    let fs_path = file.fs_path();
    let read = std::fs::File::open(&fs_path).and_then(|f| {
        let metadata = f.metadata().ok();
        // Sized from the file's length, as `std::fs::read` does: no probing
        // reads and no regrowing.
        let expected = metadata.as_ref().map_or(0, |m| m.len()).min(limit);
        let mut bytes = Vec::with_capacity(expected as usize + 1);
        std::io::Read::read_to_end(&mut std::io::Read::take(f, limit), &mut bytes)?;
        // Only a build's cache needs it, and only of a page read whole.
        if let (Some(metadata), true) = (metadata, body_reader.is_some()) {
            if (bytes.len() as u64) < limit {
                state = Some(FileState::new(&metadata, &bytes));
            }
        }
        Ok(bytes)
    });
    let (text, problems) = match read {
        Ok(bytes) if bytes.len() as u64 == limit => {
            let size = std::fs::metadata(&fs_path).map_or(limit, |m| m.len());
            (
                String::new(),
                vec![load::too_large(size, options.max_page_bytes)],
            )
        }
        Ok(bytes) => load::decode(bytes, options.max_page_bytes),
        Err(err) => (
            String::new(),
            vec![Problem {
                kind: ProblemKind::Unreadable,
                span: 0..0,
                message: format!("could not read the file: {err}"),
                related: None,
            }],
        ),
    };
    let (page, read) = parse_file(file, text, problems, body_reader);
    (page, read, state)
}

/// Parses the text of `file` (see [`parse_page_with`]).
fn parse_file<R>(
    file: &DocsFile,
    text: String,
    problems: Vec<Problem>,
    body_reader: Option<&BodyReader<'_, R>>,
) -> (Page, Option<R>) {
    let body_reader = body_reader.map(|read| {
        move |body: &str, walk: &mut dyn FnMut(&Event<'_>, Range<usize>)| read(file, body, walk)
    });
    let origin = Origin {
        locale: file.locale.clone(),
        path: file.path.clone(),
        kind: file.kind,
        display_path: file.shown(),
        file: file.fs_path(),
        locale_root: file.locale_root().to_path_buf(),
    };
    parse_page_with(
        origin,
        text,
        problems,
        body_reader.as_ref().map(|read| read as ReadBody<'_, R>),
    )
}

/// Parses one page's text. `problems` are those already found reading it.
pub fn parse_page(
    locale: &str,
    path: &str,
    display_path: String,
    text: String,
    problems: Vec<Problem>,
) -> Page {
    let origin = Origin {
        locale: locale.to_string(),
        path: path.to_string(),
        kind: FileKind::Page,
        file: PathBuf::from(&display_path),
        display_path,
        locale_root: PathBuf::new(),
    };
    parse_page_with::<()>(origin, text, problems, None).0
}

/// What names a page and what it is, as [`parse_page_with`] gets it.
struct Origin {
    locale: String,
    path: String,
    kind: FileKind,
    display_path: String,
    file: PathBuf,
    locale_root: PathBuf,
}

/// A body reader of [`parse_page_with`]: the body, and where each event
/// of its pulldown-cmark pass must go.
type ReadBody<'r, R> = &'r dyn Fn(&str, &mut dyn FnMut(&Event<'_>, Range<usize>)) -> R;

/// [`parse_page`]; with `read`, the outline is made from the events of
/// the pass `read` makes over the body (the whole body, in one pass),
/// and what `read` returns comes back too.
fn parse_page_with<R>(
    origin: Origin,
    text: String,
    mut problems: Vec<Problem>,
    read: Option<ReadBody<'_, R>>,
) -> (Page, Option<R>) {
    let Origin {
        locale,
        path,
        kind,
        display_path,
        file,
        locale_root,
    } = origin;
    let mut text = load::lone_cr_to_lf(text);
    let block = load::split_front_matter(&text);
    problems.extend(block.problems);
    problems.extend(cut_overfilled_tables(&mut text, block.body_start));
    if let Some(declared) = block
        .front_matter
        .as_ref()
        .and_then(|fm| fm.content_locale.as_deref())
    {
        if !load::in_locale_range(declared.trim(), &locale) {
            let yaml = block.yaml.clone().unwrap_or(0..0);
            let span = text[yaml.clone()]
                .find("ms.contentlocale")
                .map_or(yaml.clone(), |at| yaml.start + at..yaml.start + at + 16);
            problems.push(Problem {
                kind: ProblemKind::LocaleMismatch,
                span,
                message: format!(
                    "`ms.contentlocale` is `{declared}` but the page is in the `{locale}` folder"
                ),
                related: None,
            });
        }
    }
    let scan = markdown::scan_segments(&text, block.body_start);
    problems.extend(scan.problems);
    let keep = markdown::Keep::Sections {
        kept: &facts::is_fact_section,
        skipped: &facts::is_example_section,
    };
    let (outline, read) = match read {
        None => {
            let outline = markdown::outline(&text, block.body_start, &scan.segments, keep);
            (outline, None)
        }
        Some(read) => {
            let body = text.get(block.body_start..).unwrap_or("");
            let mut outliner =
                markdown::Outliner::new(&text, block.body_start, &scan.segments, keep);
            let result = read(body, &mut |event, range| outliner.event(event, range));
            (outliner.finish(), Some(result))
        }
    };
    let locator = Locator::new(&text, &scan.segments);
    let labelled = !scan.segments.is_empty();
    let api_page =
        kind == FileKind::Page && facts::is_api_page(block.front_matter.as_ref(), &outline);
    let facts = facts::extract(&outline, &locator, View::Reader, labelled, api_page);
    let source_facts =
        labelled.then(|| facts::extract(&outline, &locator, View::Source, labelled, api_page));
    problems.sort_by_key(|p| (p.span.start, p.kind));
    cap_problems(&mut problems);
    let page = Page {
        locale,
        path,
        kind,
        file,
        locale_root,
        display_path,
        front_matter: block.front_matter,
        body_start: block.body_start,
        segments: scan.segments,
        problems,
        outline,
        facts,
        source_facts,
        text,
    };
    (page, read)
}

/// Cuts the page before the table that fills in more empty cells than a
/// page may have (see [`markdown::filled_cells`]), so that nothing
/// parses it: the problem to report there.
fn cut_overfilled_tables(text: &mut String, body_start: usize) -> Option<Problem> {
    let limit = markdown::MAX_FILLED_CELLS;
    let (filled, table) = markdown::filled_cells(text, body_start..text.len(), limit);
    let table = table?;
    text.truncate(table);
    Some(Problem {
        kind: ProblemKind::FilledCells,
        span: table..table,
        message: format!(
            "the page's tables fill in {filled} empty cells for rows shorter than their header, over the limit of {limit} a page; the page is read up to this table"
        ),
        related: None,
    })
}

/// Problems of one kind shown per page; the rest are counted.
const MAX_PROBLEMS_PER_KIND: usize = 100;

/// Keeps the first problems of each kind and one that counts the rest, so
/// a page with 50,000 broken spans gives a readable report.
fn cap_problems(problems: &mut Vec<Problem>) {
    let mut seen: std::collections::HashMap<ProblemKind, usize> = std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(problems.len().min(1000));
    let mut extra: Vec<(ProblemKind, Problem, usize)> = Vec::new();
    for problem in problems.drain(..) {
        let count = seen.entry(problem.kind).or_default();
        *count += 1;
        if *count <= MAX_PROBLEMS_PER_KIND {
            kept.push(problem);
        } else if let Some(entry) = extra.iter_mut().find(|(kind, _, _)| *kind == problem.kind) {
            entry.2 += 1;
        } else {
            extra.push((problem.kind, problem, 1));
        }
    }
    for (kind, first, more) in extra {
        kept.push(Problem {
            kind,
            span: first.span,
            message: format!(
                "… and {more} more problems like the ones above on this page, from here on"
            ),
            related: None,
        });
    }
    *problems = kept;
}
