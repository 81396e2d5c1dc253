//! One page group as the rules see it: its pages and how they relate.

use crate::load::file_key as key;
use crate::load::SiteMap;
pub use crate::model::{handoff, revision};
use crate::model::{GroupFacts, Page, PageGroup};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

/// Reads one page of the project outside the group being checked, by
/// locale and path (any letter case): what a link to another page's
/// anchor needs. The plan of the project is one.
pub trait PageSource: Sync {
    fn page(&self, locale: &str, path: &str) -> Option<Page>;
}

/// The anchors of a page, lower case.
pub type Anchors = Arc<HashSet<String>>;

/// What the rules know of the project beyond one group: its locales, and
/// which files each locale has (for links), by a hash of the locale and
/// the path in lower case: links are read as docs URLs are, without
/// regard to case. And, read once when a link asks, the anchors of
/// other pages.
#[derive(Default)]
pub struct ProjectFiles<'p> {
    pub locales: Vec<String>,
    files: HashSet<u64>,
    /// Where each locale publishes its pages, for site-absolute links.
    pub site_map: Arc<SiteMap>,
    source: Option<&'p dyn PageSource>,
    /// By [`key`]; `None` for a page that could not be read. The thread
    /// that asks first reads the page; one asking meanwhile waits for it
    /// (a page with links to it is often a large one, read once).
    anchors: Mutex<HashMap<u64, Arc<OnceLock<Option<Anchors>>>>>,
}

impl<'p> ProjectFiles<'p> {
    /// Where the pages of other groups are read from, for their anchors.
    pub fn with_source(mut self, source: &'p dyn PageSource) -> Self {
        self.source = Some(source);
        self
    }

    /// The anchors of the page at `path` of `locale`, as `anchors` reads
    /// them off the page: read once, whichever group asks first. `None`
    /// when there is no page source or the page cannot be read.
    pub fn anchors_of(
        &self,
        locale: &str,
        path: &str,
        anchors: impl Fn(&Page) -> HashSet<String>,
    ) -> Option<Anchors> {
        let source = self.source?;
        let cell = Arc::clone(
            self.anchors
                .lock()
                .ok()?
                .entry(key(locale, path))
                .or_default(),
        );
        // Read outside the map's lock: links to other pages go on meanwhile.
        cell.get_or_init(|| {
            source
                .page(locale, path)
                .map(|page| Arc::new(anchors(&page)))
        })
        .clone()
    }
    /// Forgets the anchors read of the page at `path` of `locale` (it
    /// changed): the next link to it reads them again.
    pub fn forget(&self, locale: &str, path: &str) {
        if let Ok(mut anchors) = self.anchors.lock() {
            anchors.remove(&key(locale, path));
        }
    }

    /// `files` are (locale, path relative to the locale root).
    pub fn new<'f>(
        locales: &[String],
        files: impl Iterator<Item = (&'f str, &'f str)>,
        site_map: Arc<SiteMap>,
    ) -> Self {
        ProjectFiles {
            locales: locales.to_vec(),
            files: files.map(|(locale, path)| key(locale, path)).collect(),
            site_map,
            source: None,
            anchors: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `locale` has the file at `path`, whatever its letter case.
    pub fn has(&self, locale: &str, path: &str) -> bool {
        self.files.contains(&key(locale, path))
    }
}

pub struct Group<'d> {
    pub path: &'d str,
    /// In locale order.
    pub pages: &'d [Page],
    /// Every locale of the docs tree.
    pub all_locales: &'d [String],
    /// Every file of the project, for links.
    pub files: &'d ProjectFiles<'d>,
    /// What the group's locales say together (see [`PageGroup::shared`]).
    pub shared: GroupFacts,
}

impl<'d> Group<'d> {
    pub fn new(group: &'d PageGroup, files: &'d ProjectFiles<'d>) -> Group<'d> {
        Group {
            path: &group.path,
            pages: &group.pages,
            all_locales: &files.locales,
            files,
            shared: group.shared(),
        }
    }

    /// The pages translated from the newest English source, by
    /// `ms.lasthandoff` (all pages when no page has a date).
    pub fn newest(&self) -> Vec<&'d Page> {
        self.shared
            .newest
            .iter()
            .filter_map(|&n| self.pages.get(n))
            .collect()
    }

    /// The page whose English source the others are compared with: the
    /// newest page that carries source spans.
    pub fn reference(&self) -> Option<&'d Page> {
        self.pages.get(self.shared.reference?)
    }
}

/// `ru-RU, ja-JP and pt-BR`.
pub fn list_locales<'a>(pages: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = pages.into_iter().collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The span of a front matter key's line, for pointing at it.
pub fn front_matter_key(page: &Page, key: &str) -> std::ops::Range<usize> {
    let head = &page.text[..page.body_start.min(page.text.len())];
    let needle = format!("\n{key}:");
    match head.find(&needle) {
        Some(at) => at + 1..at + 1 + key.len(),
        None => 0..0,
    }
}
