//! Writing the site: pages group by group into a fresh folder, then the
//! index pages, then one swap.

use super::context::{self, Findings, Links};
use super::includes::{IncludeCache, PageIncludes};
use super::paths::page_url;
use super::render::render;
use super::summary::{GroupSummary, PageSummary};
use super::theme::{self, describe, Theme};
use super::{BuildOptions, BuildReport};
use crate::diagnostic::Diagnostic;
use crate::model::PageGroup;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

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

/// A hash of everything the index pages show.
fn indexes_hash(groups: &[GroupSummary], diagnostics: &[Diagnostic]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    groups.hash(&mut hasher);
    diagnostics.hash(&mut hasher);
    hasher.finish()
}

/// A finished build: the new site is in place; the old one still has to
/// be removed, which [`Finished::remove_old_site`] does (so a caller can
/// overlap it with other work).
#[derive(Debug)]
pub struct Finished {
    pub report: BuildReport,
    /// What the index pages were made from, for the next build.
    pub indexes: u64,
    old: Option<PathBuf>,
}

impl Finished {
    pub fn remove_old_site(&self) {
        if let Some(old) = &self.old {
            let _ = std::fs::remove_dir_all(old);
        }
    }
}

/// A build in progress. Dropping it unfinished removes its folder and
/// leaves the previous site untouched.
pub struct Builder {
    options: BuildOptions,
    theme: Theme,
    /// The docs root, canonicalized, for resolving includes.
    root: PathBuf,
    links: Links,
    notes: Vec<String>,
    fresh: PathBuf,
    finished: bool,
    includes: IncludeCache,
    /// Folders of the new site made so far.
    folders: Mutex<HashSet<PathBuf>>,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl Builder {
    /// Plans every page's output path and opens a fresh folder beside the
    /// output. `pages` are (locale, path, displayed path) of every page.
    pub fn start(
        options: &BuildOptions,
        docs_root: &Path,
        locales: &[String],
        pages: &[(String, String, String)],
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
        let fresh = fresh_folder(output)?;
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
            fresh,
            finished: false,
            includes: IncludeCache::default(),
            folders: Mutex::default(),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    /// Renders and writes the pages of one group; `diagnostics` are the
    /// group's. Safe to call from several threads at once.
    pub fn page_group(
        &self,
        group: &PageGroup,
        diagnostics: &[Diagnostic],
    ) -> Result<GroupSummary, String> {
        let findings = Findings::new(diagnostics);
        let mut pages = Vec::with_capacity(group.pages.len());
        for page in &group.pages {
            let summary = PageSummary::new(page, self.links.url(&page.locale, &page.path).cloned());
            if let Some(url) = &summary.url {
                let file = self.root.join(&page.locale).join(&page.path);
                let includes = PageIncludes {
                    root: &self.root,
                    cache: &self.includes,
                    dir: file
                        .parent()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| self.root.clone()),
                };
                let body = page.text.get(page.body_start..).unwrap_or("");
                let rendered = render(body, &includes);
                let context = context::page(
                    &self.options,
                    &self.links,
                    group,
                    (page, &summary),
                    url,
                    rendered,
                    &findings,
                );
                self.put(url, self.render("page.html", &context)?.as_bytes())?;
            }
            pages.push(summary);
        }
        Ok(GroupSummary {
            path: group.path.clone(),
            pages,
        })
    }

    /// Takes a group's pages from the previous site unchanged (hard links,
    /// or copies where links are not possible).
    pub fn reuse(&self, summary: &GroupSummary) -> Result<(), String> {
        for url in summary.pages.iter().filter_map(|p| p.url.as_ref()) {
            self.link_previous(url)?;
        }
        Ok(())
    }

    /// One file of the previous site, linked (or copied) into the new one.
    fn link_previous(&self, url: &str) -> Result<(), String> {
        let from = self.options.output.join(url);
        let to = self.fresh.join(url);
        self.make_parent(&to)?;
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to)
                .map_err(|err| format!("cannot reuse `{}`: {err}", from.display()))?;
        }
        let size = std::fs::metadata(&to).map(|m| m.len()).unwrap_or(0);
        self.bytes.fetch_add(size, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes the home, locale home, report, search and sitemap files and
    /// the assets, then swaps the new site in for the old. `groups` are
    /// sorted by path.
    pub fn finish(
        mut self,
        groups: &[GroupSummary],
        diagnostics: &[Diagnostic],
        previous_indexes: Option<u64>,
    ) -> Result<Finished, String> {
        // Callers pass the groups in the order of the plan: by path.
        debug_assert!(groups.windows(2).all(|w| w[0].path <= w[1].path));
        let indexes = indexes_hash(groups, diagnostics);
        let mut jobs = vec![Index::Report, Index::Home, Index::Sitemap];
        for locale in &self.links.locales {
            jobs.push(Index::LocaleHome(locale));
            jobs.push(Index::Search(locale));
        }
        // Made from the same summaries and findings as last time: the
        // previous index pages are still right.
        let unchanged = previous_indexes == Some(indexes)
            && jobs
                .iter()
                .flat_map(Index::files)
                .all(|url| self.link_previous(&url).is_ok());
        if !unchanged {
            let findings = Findings::new(diagnostics);
            let site = context::Indexes {
                options: &self.options,
                links: &self.links,
                groups,
                findings: &findings,
                diagnostics,
            };
            // The index pages are independent: render them in parallel,
            // the report (the largest) first.
            jobs.par_iter().try_for_each(|job| match job {
                Index::Report => self.put(
                    "report.html",
                    self.render("report.html", &site.report())?.as_bytes(),
                ),
                Index::Home => self.put(
                    "index.html",
                    self.render("home.html", &site.home())?.as_bytes(),
                ),
                Index::Sitemap => self.put("sitemap.xml", site.sitemap().as_bytes()),
                Index::LocaleHome(locale) => self.put(
                    &format!("{locale}/index.html"),
                    self.render("locale_home.html", &site.locale_home(locale))?
                        .as_bytes(),
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
        }
        for (name, content) in &self.theme.assets {
            self.put(&format!("assets/{name}"), content.as_bytes())?;
        }
        let old = swap(&self.fresh, &self.options.output)?;
        self.finished = true;
        Ok(Finished {
            indexes,
            report: BuildReport {
                pages: self.links.count(),
                files: self.files.load(Ordering::Relaxed) as usize,
                bytes: self.bytes.load(Ordering::Relaxed),
                notes: std::mem::take(&mut self.notes),
            },
            old,
        })
    }

    fn render(&self, name: &str, context: &tera::Context) -> Result<String, String> {
        self.theme
            .tera
            .render(name, context)
            .map_err(|err| format!("template `{name}` failed: {}", describe(&err)))
    }

    fn put(&self, url: &str, content: &[u8]) -> Result<(), String> {
        let path = self.fresh.join(url);
        self.make_parent(&path)?;
        std::fs::write(&path, content)
            .map_err(|err| format!("cannot write `{}`: {err}", path.display()))?;
        self.bytes
            .fetch_add(content.len() as u64, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
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
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.fresh);
        }
    }
}

/// `.<name>.sxsdoc-new-<pid>` beside the output, empty.
fn fresh_folder(output: &Path) -> Result<PathBuf, String> {
    let (parent, name) = parent_and_name(output)?;
    std::fs::create_dir_all(&parent)
        .map_err(|err| format!("cannot create `{}`: {err}", parent.display()))?;
    let fresh = parent.join(format!(".{name}.sxsdoc-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir(&fresh).map_err(|err| {
        format!(
            "cannot write beside the output, in `{}`: {err}",
            parent.display()
        )
    })?;
    Ok(fresh)
}

fn parent_and_name(output: &Path) -> Result<(PathBuf, String), String> {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("output `{}` names no folder", output.display()))?;
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// Replaces `output` with `fresh`; on failure the old site is put back.
/// Returns where the old site now is, for [`Finished::remove_old_site`].
fn swap(fresh: &Path, output: &Path) -> Result<Option<PathBuf>, String> {
    let (parent, name) = parent_and_name(output)?;
    let old = parent.join(format!(".{name}.sxsdoc-old-{}", std::process::id()));
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
