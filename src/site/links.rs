//! Which pages a build writes and where, for links between them: a page
//! is left out when its output path cannot be written, or clashes with
//! another's; and where each link of a page leads in the built site.

use super::paths::{folded_key, page_url, relative_url};
use super::sanitize::is_safe_url;
use super::strings::Ui;
use crate::load::file_key as key;
use crate::load::{names_markdown, Resolved, SiteMap};
use crate::model::FileKind;
use crate::plan::Plan;
use serde::Serialize;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The longest file name most file systems take (ext4, APFS, NTFS).
const MAX_NAME_BYTES: usize = 255;

/// Which pages are built, for links between pages: every page at its
/// [`page_url`] but those `skipped`; and what else links may name.
#[derive(Default)]
pub struct Links {
    pub locales: Vec<String>,
    /// (locale, path) of each page not built.
    skipped: HashSet<(String, String)>,
    /// Pages built.
    pub count: usize,
    /// Each page built, by [`key`] (letter case does not matter in a
    /// link, as on docs sites).
    built: HashSet<u64>,
    /// The path as it is of the pages built, by their path in lower case
    /// (in the first locale that has it).
    paths: HashMap<u64, Box<str>>,
    /// Outputs that are folders of other outputs (`x.html/`).
    folders: HashSet<String>,
    /// Every other file a link may name (include files, files no docset
    /// publishes, redirected paths), by [`key`]: not built, but there.
    elsewhere: HashSet<u64>,
    site_map: Arc<SiteMap>,
}

/// Where a link of a page leads in the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// This URL (relative to the page, or another site's).
    Href(String),
    /// Nowhere: the page it names is not in its locale (`check` reports
    /// it as SXS404).
    Missing,
    /// Somewhere this site does not have: a page published by another
    /// repository, a landing page, a file that is not a page.
    Elsewhere,
}

impl Links {
    /// Plans the output of `pages`, (locale, path) of every page under
    /// `root`: a page is not built when its path cannot be written inside
    /// the output folder, or when its output's name differs only in letter
    /// case from an earlier page's (they would be one file on many
    /// systems). Returns why each page left out is.
    pub fn new(plan: &Plan) -> (Links, Vec<String>) {
        let (locales, pages) = (&plan.locales, plan.pages());
        // Outputs whose folded names may clash, by hash; only those are
        // compared whole, in the second pass.
        let mut hashes: Vec<u64> = pages
            .clone()
            .filter_map(|file| page_url(&file.locale, &file.path))
            .map(|url| folded_key(&url))
            .collect();
        hashes.sort_unstable();
        // Every folder of the outputs: a page whose output is one of
        // them (`x.md` beside a folder `x.html/`) cannot be written.
        let folders: HashSet<String> = pages
            .clone()
            .filter_map(|file| page_url(&file.locale, &file.path))
            .flat_map(|url| {
                let mut ends: Vec<usize> = url.match_indices('/').map(|(at, _)| at).collect();
                ends.retain(|&at| url.get(..at).is_some_and(|f| f.ends_with(".html")));
                ends.into_iter()
                    .filter_map(|at| url.get(..at).map(str::to_string))
                    .collect::<Vec<_>>()
            })
            .collect();
        let shared: HashSet<u64> = hashes
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        drop(hashes);
        let mut links = Links {
            locales: locales.to_vec(),
            skipped: HashSet::new(),
            count: 0,
            built: HashSet::new(),
            paths: HashMap::new(),
            folders: HashSet::new(),
            elsewhere: HashSet::new(),
            site_map: Arc::clone(&plan.site_map),
        };
        let mut taken: HashMap<String, String> = HashMap::new();
        let mut notes = Vec::new();
        for file in pages {
            let (locale, path) = (file.locale.as_str(), file.path.as_str());
            let shown = || file.shown();
            let Some(url) = page_url(locale, path) else {
                notes.push(format!(
                    "{}: not built: its path cannot be written inside the output folder",
                    shown()
                ));
                links.skipped.insert((locale.to_string(), path.to_string()));
                continue;
            };
            if let Some(why) = unwritable(locale, &url, &folders) {
                notes.push(format!("{}: not built: {why}", shown()));
                links.skipped.insert((locale.to_string(), path.to_string()));
                continue;
            }
            if shared.contains(&folded_key(&url)) {
                match taken.entry(url.to_lowercase()) {
                    Entry::Occupied(first) => {
                        notes.push(format!(
                            "{}: not built: its output `{url}` clashes with `{}` (names that differ only in letter case)",
                            shown(),
                            first.get()
                        ));
                        links.skipped.insert((locale.to_string(), path.to_string()));
                        continue;
                    }
                    Entry::Vacant(vacant) => {
                        vacant.insert(shown());
                    }
                }
            }
            links.count += 1;
            links.built.insert(key(locale, path));
            let lower = folded_key(path);
            links.paths.entry(lower).or_insert_with(|| path.into());
        }
        links.folders = folders;
        let other_files = plan.groups.iter().flat_map(|g| &g.files);
        let other_files = other_files
            .filter(|file| file.kind != FileKind::Page)
            .map(|file| (&file.locale, &file.path));
        let linkable = plan.linkable.iter().map(|(locale, path)| (locale, path));
        links.elsewhere = other_files
            .chain(linkable)
            .map(|(locale, path)| key(locale, path))
            .collect();
        (links, notes)
    }

    /// Where `url`, a link in the file at `from` (a page, or a file it
    /// includes) of `locale`, leads from the page written at `written_at`.
    pub fn target(&self, locale: &str, from: &str, written_at: &str, url: &str) -> LinkTarget {
        let url = url.trim();
        if !is_safe_url(url) {
            return LinkTarget::Href("#".to_string());
        }
        if url.starts_with('#') {
            return LinkTarget::Href(url.to_lowercase());
        }
        if url.starts_with("//") || has_scheme(url) {
            return LinkTarget::Href(url.to_string());
        }
        let (before_fragment, fragment) = match url.split_once('#') {
            Some((before, fragment)) => (before, Some(fragment)),
            None => (url, None),
        };
        let page = if url.starts_with('/') {
            match self.site_map.locate(locale, before_fragment) {
                (_, Some(path)) => Some(path.to_string()),
                // A page this locale lacks: where another publishes it.
                (Resolved::Missing, None) => {
                    let elsewhere = self
                        .locales
                        .iter()
                        .find_map(|other| self.site_map.page_path(other, before_fragment));
                    match elsewhere {
                        Some(path) => Some(path.to_string()),
                        None => return LinkTarget::Missing,
                    }
                }
                _ => return LinkTarget::Elsewhere,
            }
        } else {
            let path = before_fragment.split('?').next().unwrap_or("");
            if !names_markdown(path) {
                // An image, a download, a folder: as written.
                return LinkTarget::Href(url.to_string());
            }
            self.site_map.link_path(locale, from, path)
        };
        let Some(page) = page else {
            return LinkTarget::Missing;
        };
        let found = key(locale, &page);
        let shown = match self.built.contains(&found) {
            true => self
                .built_path(&page)
                .and_then(|path| page_url(locale, path)),
            // Shown from another locale's English, if one has it.
            false => self.fallback_url(locale, &page),
        };
        match shown {
            Some(url) => {
                let mut href = relative_url(written_at, &url);
                // Lower case, as the site's ids are.
                if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                    href.push('#');
                    href.push_str(&fragment.to_lowercase());
                }
                LinkTarget::Href(href)
            }
            None if self.elsewhere.contains(&found) => LinkTarget::Elsewhere,
            None => LinkTarget::Missing,
        }
    }

    /// The path, from the locale root, that `link` names from the file
    /// at `from` (see [`SiteMap::link_path`]).
    pub fn link_path(&self, locale: &str, from: &str, link: &str) -> Option<String> {
        self.site_map.link_path(locale, from, link)
    }

    /// Whether the page at `path` (in any letter case) of `locale` is
    /// built.
    pub fn is_built(&self, locale: &str, path: &str) -> bool {
        self.built.contains(&key(locale, path))
    }

    /// Whether `locale` has a file at `path` (in any letter case) that is
    /// not built: an include, a file no docset publishes, or a path its
    /// redirections lead elsewhere.
    pub fn is_elsewhere(&self, locale: &str, path: &str) -> bool {
        self.elsewhere.contains(&key(locale, path))
    }

    /// The path as it is of the page at `path` (in any letter case) in
    /// the first locale that has it built.
    fn built_path(&self, path: &str) -> Option<&str> {
        self.paths.get(&folded_key(path)).map(|p| &**p)
    }

    /// Where the page at `path`, which `locale` lacks, is shown in the
    /// English of a locale that has it (see `Builder::page_group`):
    /// `None` when no locale has it built, or that output cannot be
    /// written (a file of that locale is there, in another letter case).
    pub fn fallback_url(&self, locale: &str, path: &str) -> Option<String> {
        let path = self.built_path(path)?;
        let taken = |path: &str| {
            let at = key(locale, path);
            self.built.contains(&at) || self.elsewhere.contains(&at)
        };
        if taken(path)
            || self
                .skipped
                .iter()
                .any(|(l, p)| l == locale && p.eq_ignore_ascii_case(path))
        {
            return None;
        }
        let url = page_url(locale, path)?;
        unwritable(locale, &url, &self.folders)
            .is_none()
            .then_some(url)
    }

    /// The output paths of the pages of the group at `path`, which has a
    /// page in each of `present` (locales).
    pub fn of_group<'p>(
        &self,
        path: &str,
        present: impl Iterator<Item = &'p str>,
    ) -> GroupLinks<'_> {
        let mut urls = vec![None; self.locales.len()];
        let mut present_at = vec![false; self.locales.len()];
        for locale in present {
            let Some(at) = self.locales.iter().position(|l| l == locale) else {
                continue;
            };
            present_at[at] = true;
            if !self
                .skipped
                .contains(&(locale.to_string(), path.to_string()))
            {
                urls[at] = page_url(locale, path);
            }
        }
        let mut fallback = vec![false; self.locales.len()];
        for (at, locale) in self.locales.iter().enumerate() {
            if !present_at[at] {
                urls[at] = self.fallback_url(locale, path);
                fallback[at] = urls[at].is_some();
            }
        }
        GroupLinks {
            locales: &self.locales,
            urls,
            fallback,
        }
    }
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`): the
/// address of another site, or no page at all.
pub(super) fn has_scheme(url: &str) -> bool {
    url.split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'))
}

/// Where one group's pages are, for links between them.
pub struct GroupLinks<'l> {
    pub locales: &'l [String],
    /// In `locales` order: the output path of the group's page in that
    /// locale, relative to the site root; `None` when not built.
    urls: Vec<Option<String>>,
    /// In `locales` order: whether the page there is shown from another
    /// locale's English (the locale lacks it).
    fallback: Vec<bool>,
}

impl GroupLinks<'_> {
    /// Where the group's own page in `locale` is, if it has one built.
    pub fn url(&self, locale: &str) -> Option<&String> {
        let at = self.locales.iter().position(|l| l == locale)?;
        match self.fallback.get(at) {
            Some(true) => None,
            _ => self.urls.get(at)?.as_ref(),
        }
    }

    /// The locales that lack the page but show it from another's
    /// English, and where.
    pub fn fallbacks(&self) -> impl Iterator<Item = (&str, &str)> {
        self.locales
            .iter()
            .zip(&self.urls)
            .zip(&self.fallback)
            .filter(|(_, fallback)| **fallback)
            .filter_map(|((locale, url), _)| Some((locale.as_str(), url.as_deref()?)))
    }

    pub(super) fn alternates(&self, current: &str, root: &str, ui: &Ui) -> Vec<Alternate> {
        self.locales
            .iter()
            .zip(&self.urls)
            .zip(&self.fallback)
            .map(|((locale, url), fallback)| Alternate {
                locale: locale.clone(),
                name: ui.name(locale).to_string(),
                fallback: *fallback,
                href: match url {
                    Some(url) => format!("{root}{url}"),
                    None => format!("{root}{locale}/index.html"),
                },
                exists: url.is_some(),
                current: locale == current,
            })
            .collect()
    }
}

/// Why the output `url` of a page of `locale` cannot be written, if it
/// cannot: `folders` are the outputs that are folders of others.
fn unwritable(locale: &str, url: &str, folders: &HashSet<String>) -> Option<String> {
    if url == format!("{locale}/index.html") {
        Some(format!("its output `{url}` is the locale's home page"))
    } else if url.split('/').any(|part| part.len() > MAX_NAME_BYTES) {
        Some(format!(
            "its output's name is longer than the {MAX_NAME_BYTES} bytes a file system allows"
        ))
    } else if folders.contains(url) {
        Some(format!(
            "its output `{url}` is also the folder of other pages' outputs"
        ))
    } else {
        None
    }
}

/// A link to the same page in another locale (the language switcher's).
#[derive(Serialize)]
pub(super) struct Alternate {
    pub locale: String,
    /// In its own language.
    pub name: String,
    /// The locale lacks the page: it is shown there in English.
    pub fallback: bool,
    pub href: String,
    /// Whether the page is there; else the link goes to the locale's home.
    pub exists: bool,
    pub current: bool,
}
