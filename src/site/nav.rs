//! Navigation from each locale's `toc.yml`, as Microsoft Learn builds
//! it: the tree is one script per table of contents (`toc.js`, loaded by
//! every page it covers, not copied into each: Graph's beta toc has
//! 4,585 entries), and each page gets its breadcrumbs and its previous
//! and next pages along the toc, written into the page.

use super::links::{LinkTarget, Links};
use super::paths::{folded_key as key, page_url};
use super::toc_memo::TocMemo;
use crate::load::{names_markdown, TocFile, TocNode};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Every locale's tables of contents, resolved to the built pages.
#[derive(Default)]
pub struct Navigation {
    tocs: Vec<Toc>,
    /// By [`key`] of a built page: its toc and its first entry there.
    entries: HashMap<u64, (usize, usize)>,
}

struct Toc {
    locale: String,
    /// Relative to the locale root, ending in `/` (or empty).
    folder: String,
    /// Where its script goes, relative to the site root.
    script_url: String,
    /// In document order.
    entries: Vec<Entry>,
    /// Built pages under its folder that no entry names (and no deeper
    /// toc covers): the generated section at its end.
    others: Vec<String>,
}

struct Entry {
    name: String,
    /// The built page's URL, relative to the site root, or another site's.
    url: Option<String>,
    parent: Option<usize>,
    /// Whether `url` is a page of this site.
    is_page: bool,
}

/// A link in the navigation: a name, and where it leads (relative to the
/// page it is shown on), if anywhere.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NavLink {
    pub name: String,
    pub href: Option<String>,
}

/// A section of a locale's home page: a toc's top entry and those under
/// it.
#[derive(Debug, Serialize)]
pub struct HomeSection {
    pub section: NavLink,
    pub entries: Vec<NavLink>,
}

/// What the navigation says on one page.
#[derive(Debug, Default, Serialize)]
pub struct PageNav {
    /// The toc's script, relative to the site root.
    pub toc: Option<String>,
    /// The toc's entries above the page, outermost first.
    pub crumbs: Vec<NavLink>,
    pub previous: Option<NavLink>,
    pub next: Option<NavLink>,
}

/// A node of a toc's script: `n`ame, `u`rl (relative to the site root,
/// or another site's), `c`hildren. Short keys: the script of Graph's
/// v1.0 toc is loaded by two thousand pages.
#[derive(Serialize)]
struct ScriptNode<'t> {
    n: &'t str,
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<&'t str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    c: Vec<ScriptNode<'t>>,
}

/// The most entries a toc keeps: a toc is a project file, and a hostile
/// one must not make every page's navigation huge.
const MAX_ENTRIES: usize = 50_000;

impl Navigation {
    /// Reads every toc of `tocs` and resolves its entries to the pages
    /// `links` knows; returns why each toc that could not be read is
    /// left out.
    pub fn new(
        tocs: &[TocFile],
        links: &Links,
        memo: TocMemo,
    ) -> (Navigation, Vec<String>, TocMemo) {
        // A breadcrumb toc names docsets, not pages.
        let tocs: Vec<TocFile> = tocs
            .iter()
            .filter(|file| !file.is_breadcrumb())
            .cloned()
            .collect();
        // Each toc is read (parsed unless `memo` has it), then resolved
        // on its own, in parallel; in the order of `tocs`.
        let (memo, read) = TocMemo::parse(&tocs, memo);
        let resolved: Vec<Result<Toc, String>> = tocs
            .par_iter()
            .zip(read)
            .map(|(file, read)| match read {
                Ok(at) => Ok(Toc::new(file, memo.nodes(at), links)),
                // The error names the file.
                Err(err) => Err(format!("navigation left out: {err}")),
            })
            .collect();
        let mut navigation = Navigation::default();
        let mut notes = Vec::new();
        for toc in resolved {
            match toc {
                Ok(toc) => navigation.tocs.push(toc),
                Err(note) => notes.push(note),
            }
        }
        for (at, toc) in navigation.tocs.iter().enumerate() {
            for (index, entry) in toc.entries.iter().enumerate() {
                if let (true, Some(url)) = (entry.is_page, &entry.url) {
                    navigation.entries.entry(key(url)).or_insert((at, index));
                }
            }
        }
        (navigation, notes, memo)
    }

    /// Lists the built pages of each toc's folder that no entry names
    /// (see [`Toc::others`]); `pages` are (locale, path) of every built
    /// page, in path order.
    pub fn add_others<'p>(&mut self, pages: impl Iterator<Item = (&'p str, &'p str)>) {
        for (locale, path) in pages {
            let Some(url) = page_url(locale, path) else {
                continue;
            };
            if self.entries.contains_key(&key(&url)) {
                continue;
            }
            if let Some(at) = self.toc_of(locale, path) {
                self.tocs[at].others.push(url);
            }
        }
    }

    /// The toc that covers the page at `path`: the nearest one in its
    /// folder or above, as docfx picks it.
    fn toc_of(&self, locale: &str, path: &str) -> Option<usize> {
        self.tocs
            .iter()
            .enumerate()
            .filter(|(_, toc)| toc.locale == locale && path.starts_with(&toc.folder))
            .max_by_key(|(_, toc)| toc.folder.len())
            .map(|(at, _)| at)
    }

    /// The navigation of the page at `path` of `locale`, written at `url`.
    pub fn page(&self, locale: &str, path: &str, url: &str) -> PageNav {
        let Some(at) = self.toc_of(locale, path) else {
            return PageNav::default();
        };
        let toc = &self.tocs[at];
        let mut nav = PageNav {
            toc: Some(toc.script_url.clone()),
            ..PageNav::default()
        };
        let Some(&(_, index)) = self.entries.get(&key(url)).filter(|(t, _)| *t == at) else {
            return nav;
        };
        let mut parent = toc.entries[index].parent;
        while let Some(at) = parent {
            nav.crumbs.push(toc.link(at, url));
            parent = toc.entries[at].parent;
        }
        nav.crumbs.reverse();
        let is_other_page = |&n: &usize| {
            let entry = &toc.entries[n];
            entry.is_page && entry.url.as_deref() != Some(url)
        };
        nav.previous = (0..index)
            .rev()
            .find(is_other_page)
            .map(|n| toc.link(n, url));
        nav.next = (index + 1..toc.entries.len())
            .find(is_other_page)
            .map(|n| toc.link(n, url));
        nav
    }

    /// The sections of `locale`'s home page: each toc entry at the top
    /// of a toc that has entries under it, with those entries (links
    /// relative to the locale's home).
    pub fn home_sections(&self, locale: &str) -> Vec<HomeSection> {
        let home = format!("{locale}/index.html");
        let mut sections = Vec::new();
        for toc in self.tocs.iter().filter(|toc| toc.locale == locale) {
            for (at, top) in toc.entries.iter().enumerate() {
                if top.parent.is_some() {
                    continue;
                }
                let entries: Vec<NavLink> = (at + 1..toc.entries.len())
                    .filter(|&n| toc.entries[n].parent == Some(at))
                    .map(|n| toc.link(n, &home))
                    .collect();
                if !entries.is_empty() {
                    sections.push(HomeSection {
                        section: toc.link(at, &home),
                        entries,
                    });
                }
            }
        }
        sections
    }

    /// Each toc's script and where it goes; `others` names the generated
    /// section of the pages no entry names, and `title` each of them
    /// (by its URL; its path when it has none).
    pub fn scripts<'n>(
        &'n self,
        others: &'n dyn Fn(&str) -> String,
        title: &'n dyn Fn(&str) -> Option<&'n str>,
    ) -> impl Iterator<Item = (String, String)> + 'n {
        self.tocs.iter().map(move |toc| {
            (
                toc.script_url.clone(),
                toc.script(&others(&toc.locale), title),
            )
        })
    }
}

impl Toc {
    /// The entry `at` as a link from the page written at `from`: to its
    /// page, or for a heading to its first page.
    fn link(&self, at: usize, from: &str) -> NavLink {
        let entry = &self.entries[at];
        let (url, is_page) = match &entry.url {
            Some(url) => (Some(url.as_str()), entry.is_page),
            None => (self.first_page_under(at), true),
        };
        NavLink {
            name: entry.name.clone(),
            href: url.map(|to| match is_page {
                true => super::paths::relative_url(from, to),
                false => to.to_string(),
            }),
        }
    }

    /// The URL of the first page at or under the entry `at`.
    fn first_page_under(&self, at: usize) -> Option<&str> {
        let is_under = |mut n: usize| loop {
            if n == at {
                return true;
            }
            match self.entries[n].parent {
                Some(parent) => n = parent,
                None => return false,
            }
        };
        (at..self.entries.len())
            .take_while(|&n| is_under(n))
            .find(|&n| self.entries[n].is_page)
            .and_then(|n| self.entries[n].url.as_deref())
    }

    /// The toc `file`, its entries `nodes` resolved.
    fn new(file: &TocFile, nodes: &[TocNode], links: &Links) -> Toc {
        let folder = match file.path.rfind('/') {
            Some(at) => file.path[..=at].to_string(),
            None => String::new(),
        };
        let mut toc = Toc {
            locale: file.locale.clone(),
            script_url: format!("{}/{folder}toc.js", file.locale),
            folder,
            entries: Vec::new(),
            others: Vec::new(),
        };
        toc.add(nodes, None, (file, links));
        toc
    }

    fn add(&mut self, nodes: &[TocNode], parent: Option<usize>, (file, links): (&TocFile, &Links)) {
        for node in nodes {
            if self.entries.len() >= MAX_ENTRIES {
                return;
            }
            let (url, is_page) = match node.href.as_deref().map(str::trim) {
                Some(href) if is_followed(href) => {
                    match links.target(&file.locale, &file.path, "index.html", href) {
                        LinkTarget::Href(url) => {
                            let is_page = !url.contains(':') && !url.starts_with("//");
                            (Some(url), is_page)
                        }
                        LinkTarget::Missing | LinkTarget::Elsewhere => (None, false),
                    }
                }
                _ => (None, false),
            };
            let name = match node.name.trim() {
                "" => node.href.clone().unwrap_or_default(),
                name => name.to_string(),
            };
            self.entries.push(Entry {
                name,
                url,
                parent,
                is_page,
            });
            let at = self.entries.len() - 1;
            self.add(&node.items, Some(at), (file, links));
        }
    }

    /// `window.SXSDOC_TOC = [...]`: the entries as a tree, then the
    /// generated section named `others`.
    fn script<'t>(&self, others: &str, title: &dyn Fn(&str) -> Option<&'t str>) -> String {
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.entries.len()];
        let mut top = Vec::new();
        for (at, entry) in self.entries.iter().enumerate() {
            match entry.parent {
                Some(parent) => children[parent].push(at),
                None => top.push(at),
            }
        }
        fn node<'t>(toc: &'t Toc, children: &[Vec<usize>], at: usize) -> ScriptNode<'t> {
            let entry = &toc.entries[at];
            ScriptNode {
                n: &entry.name,
                u: entry.url.as_deref(),
                c: children[at]
                    .iter()
                    .map(|&c| node(toc, children, c))
                    .collect(),
            }
        }
        let mut tree: Vec<ScriptNode> = top.iter().map(|&at| node(self, &children, at)).collect();
        let other_names: Vec<String> = self
            .others
            .iter()
            .map(|url| {
                if let Some(title) = title(url).filter(|t| !t.trim().is_empty()) {
                    return title.to_string();
                }
                let in_folder = url.split_once('/').map_or(url.as_str(), |(_, path)| path);
                let in_folder = in_folder
                    .strip_prefix(self.folder.as_str())
                    .unwrap_or(in_folder);
                in_folder
                    .strip_suffix(".html")
                    .unwrap_or(in_folder)
                    .to_string()
            })
            .collect();
        if !self.others.is_empty() {
            tree.push(ScriptNode {
                n: others,
                u: None,
                c: self
                    .others
                    .iter()
                    .zip(&other_names)
                    .map(|(url, name)| ScriptNode {
                        n: name,
                        u: Some(url),
                        c: Vec::new(),
                    })
                    .collect(),
            });
        }
        let json = serde_json::to_string(&tree).unwrap_or_else(|_| "[]".to_string());
        // Inside a script, `</script` or `<!--` in a name must not end it.
        let json = json.replace('<', "\\u003c");
        format!("window.SXSDOC_TOC = {json};\n")
    }
}

/// Whether a toc's `href` names a page to link: another site's, a
/// site-absolute one, or a Markdown page (not a nested toc or a folder).
fn is_followed(href: &str) -> bool {
    href.contains("://") || href.starts_with('/') || names_markdown(href)
}
