//! Where each locale publishes its pages: what a site-absolute link
//! (`/graph/api/user-get?view=graph-rest-1.0`) or a docset-rooted one
//! (`~/concepts/auth.md`) names, and which paths a checkout's
//! `.openpublishing.redirection.json` still leads from.

use super::docfx::{Published, Site};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Every published URL of every locale, by a hash, and each locale's
/// docsets.
#[derive(Debug, Default, Clone)]
pub struct SiteMap {
    /// (locale, docset), by locale.
    sites: Vec<(String, Site)>,
    /// What each locale publishes.
    urls_of: HashMap<String, LocaleUrls>,
}

/// What one locale publishes, by hashes (see [`key`]).
#[derive(Debug, Default, Clone)]
pub(super) struct LocaleUrls {
    /// `url` of every page, `url?view=moniker` for a page of a version,
    /// `url?view=` for one of none.
    urls: HashSet<u64>,
    /// `folder/` of every page: a link into another folder under the
    /// base path (`/graph/tutorials/`) is to a docset of another
    /// repository. And `folder/?view=` for a folder that pages of a
    /// version are published into.
    folders: HashSet<u64>,
    /// `?view=moniker` for the monikers the locale has pages of: a link
    /// to another (a beta tree not checked out) cannot be followed.
    monikers: HashSet<u64>,
    /// The Markdown page published at each URL, by the hashes of `urls`
    /// (its own version's and none): where the site links a
    /// site-absolute link to.
    pages: HashMap<u64, Box<str>>,
}

/// Everything a site map says, whatever the order of its sets: what a
/// build cache must be made for, since a page's links resolve by it.
impl std::hash::Hash for SiteMap {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.sites.hash(state);
        let mut locales: Vec<_> = self.urls_of.iter().collect();
        locales.sort_unstable_by_key(|(locale, _)| *locale);
        for (locale, urls) in locales {
            locale.hash(state);
            let of_key = |key: &u64| crate::digest::of_bytes(&key.to_le_bytes());
            for keys in [&urls.urls, &urls.folders, &urls.monikers] {
                unordered(keys.iter().map(of_key), state);
            }
            let of_page = |key: &u64, path: &str| {
                of_key(key).wrapping_add(crate::digest::of_bytes(path.as_bytes()).rotate_left(1))
            };
            unordered(
                urls.pages.iter().map(|(key, path)| of_page(key, path)),
                state,
            );
        }
    }
}

/// Hashes a set into `state` without sorting it (tens of thousands of
/// URLs on a rebuild): the sum of its items' own hashes, and how many
/// there were.
fn unordered<H: std::hash::Hasher>(digests: impl ExactSizeIterator<Item = u64>, state: &mut H) {
    state.write_usize(digests.len());
    state.write_u64(digests.fold(0, u64::wrapping_add));
}

/// Where a site-absolute link leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// To a page this locale publishes.
    Page,
    /// Under a base path of this locale, to no page it publishes.
    Missing,
    /// Outside this locale's docsets, or to a version it does not have:
    /// not known here.
    Unknown,
}

impl SiteMap {
    /// The map of each locale's docsets (`sites`) and `urls` (made as
    /// its files were found, each locale's on a thread of its own).
    pub(super) fn of_locales(
        sites: Vec<(String, Site)>,
        urls: impl IntoIterator<Item = (String, LocaleUrls)>,
    ) -> SiteMap {
        SiteMap {
            sites,
            urls_of: urls.into_iter().collect(),
        }
    }

    /// Where the site-absolute `link` (`/graph/x?view=v#a`) from a page
    /// of `locale` leads. Letter case does not matter, as in docs URLs.
    pub fn resolve(&self, locale: &str, link: &str) -> Resolved {
        self.locate(locale, link).0
    }

    /// The Markdown page of `locale` the site-absolute `link` leads to,
    /// relative to its locale root; `None` when it leads to no page, or
    /// to one that is not Markdown (a landing page).
    pub fn page_path(&self, locale: &str, link: &str) -> Option<&str> {
        self.locate(locale, link).1
    }

    /// Both [`SiteMap::resolve`] and [`SiteMap::page_path`], in one
    /// lookup.
    pub fn locate(&self, locale: &str, link: &str) -> (Resolved, Option<&str>) {
        let before_fragment = link.split('#').next().unwrap_or("");
        let (path, query) = before_fragment
            .split_once('?')
            .unwrap_or((before_fragment, ""));
        let path = path.to_lowercase();
        let sites: Vec<&Site> = self
            .sites_of(locale)
            .filter(|site| {
                site.base.as_deref().is_some_and(|base| {
                    path.starts_with(base) || path == base.trim_end_matches('/')
                })
            })
            .collect();
        let path = path.strip_suffix(".md").unwrap_or(&path);
        let path = match path.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        };
        let Some(urls) = self.urls_of.get(locale) else {
            return (Resolved::Unknown, None);
        };
        if sites.is_empty() || !urls.folders.contains(&key(folder(path), None)) {
            return (Resolved::Unknown, None);
        }
        let has = |moniker: &str| urls.monikers.contains(&key("", Some(moniker)));
        let view = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("view="))
            .map(str::to_lowercase)
            .filter(|view| sites.iter().any(|site| site.monikers.contains(view)));
        let (keys, unknowable) = match view.as_deref() {
            // That version, or a page of no version, whatever is asked.
            Some(view) => (vec![key(path, Some(view)), key(path, Some(""))], !has(view)),
            // Any version: the site serves the one there is, maybe one
            // not checked out, in a folder where versions are published.
            None => (
                vec![key(path, None)],
                urls.folders.contains(&key(folder(path), Some("")))
                    && sites
                        .iter()
                        .any(|site| site.monikers.iter().any(|m| !has(m))),
            ),
        };
        match keys.into_iter().find(|key| urls.urls.contains(key)) {
            Some(found) => (Resolved::Page, urls.pages.get(&found).map(|p| &**p)),
            None if unknowable => (Resolved::Unknown, None),
            None => (Resolved::Missing, None),
        }
    }

    /// The folder of the docset the page at `path` of `locale` is in,
    /// relative to the locale root, ending in `/` (or empty): what `~/`
    /// names in its links.
    pub fn docset_folder<'m>(&'m self, locale: &str, path: &str) -> &'m str {
        self.sites
            .iter()
            .filter(|(l, _)| l == locale)
            .map(|(_, site)| site.folder.as_str())
            .filter(|folder| path.starts_with(folder))
            .max_by_key(|folder| folder.len())
            .unwrap_or("")
    }

    /// The path, from the locale root, that `link` (a path without its
    /// fragment or query) names from the file at `from`: relative to
    /// that file's folder, or with `~/` to its docset's folder, as docfx
    /// reads it. `None` when it climbs out of the locale, or is another
    /// `~` path.
    pub fn link_path(&self, locale: &str, from: &str, link: &str) -> Option<String> {
        match link.strip_prefix("~/") {
            // From the docset's folder, as from a page at its top.
            Some(rooted) => {
                let folder = self.docset_folder(locale, from);
                relative_path(&format!("{folder}docfx.json"), rooted)
            }
            None if link.starts_with('~') => None,
            None => relative_path(from, link),
        }
    }

    /// The name of the docs, as their docsets suffix their pages' titles
    /// (docfx's `titleSuffix`): the shortest of any locale's docsets.
    pub fn name(&self) -> Option<&str> {
        let names = self
            .sites
            .iter()
            .filter_map(|(_, site)| site.name.as_deref());
        names.min_by_key(|name| name.len())
    }

    fn sites_of<'m>(&'m self, locale: &'m str) -> impl Iterator<Item = &'m Site> + 'm {
        self.sites
            .iter()
            .filter(move |(l, _)| l == locale)
            .map(|(_, site)| site)
    }
}

impl LocaleUrls {
    /// The URLs of a locale's `pages`, and of the paths its redirections
    /// still lead from (a version whose pages are all redirections is
    /// not a version it has).
    pub(super) fn new(pages: Vec<Published>, redirected: Vec<Published>) -> LocaleUrls {
        let mut map = LocaleUrls::default();
        let text = &mut String::new();
        let all = pages
            .into_iter()
            .map(|page| (page, true))
            .chain(redirected.into_iter().map(|page| (page, false)));
        for (page, is_page) in all {
            let markdown = is_page && page.path.to_ascii_lowercase().ends_with(".md");
            let moniker = page.moniker.as_deref().unwrap_or("");
            for url in index_urls(&page.url) {
                for key in [key_in(text, url, None), key_in(text, url, Some(moniker))] {
                    map.urls.insert(key);
                    if markdown {
                        map.pages
                            .entry(key)
                            .or_insert_with(|| page.path.as_str().into());
                    }
                }
                map.folders.insert(key_in(text, folder(url), None));
                if page.moniker.is_some() {
                    map.folders.insert(key_in(text, folder(url), Some("")));
                }
            }
            if let (Some(moniker), true) = (&page.moniker, is_page) {
                map.monikers.insert(key_in(text, "", Some(moniker)));
            }
        }
        map
    }
}

/// Whether the link `target` (fragment and query ignored) names a
/// Markdown page: what a relative link to a page is.
pub fn names_markdown(target: &str) -> bool {
    let path = target.split(['#', '?']).next().unwrap_or("");
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("md"))
}

/// A file's key in a set of the project's files: its locale and its
/// path in any letter case (links name files in any case, as docs sites
/// serve them).
pub fn file_key(locale: &str, path: &str) -> u64 {
    crate::digest::of_bytes(format!("{locale}/{}", path.to_lowercase()).as_bytes())
}

/// `link`, relative to the folder of the file at `from`, as a path from
/// the locale root; `None` when it climbs out of the locale.
pub fn relative_path(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The URLs a page is reached at: its own, and for an `index` page its
/// folder's.
fn index_urls(url: &str) -> impl Iterator<Item = &str> {
    let folder = url
        .strip_suffix("/index")
        .or_else(|| (url == "index").then_some(""));
    std::iter::once(url).chain(folder)
}

/// `/graph/api/` of `/graph/api/user`.
fn folder(url: &str) -> &str {
    url.rfind('/').map_or("", |at| &url[..=at])
}

/// The `source_path`s of a checkout's `.openpublishing.redirection.json`
/// (read as untrusted, like `docfx.json`), `/`-separated.
pub(super) fn redirected(folder: &Path) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Redirections {
        #[serde(default)]
        redirections: Vec<Redirection>,
    }
    #[derive(serde::Deserialize)]
    struct Redirection {
        source_path: String,
    }
    let path = folder.join(".openpublishing.redirection.json");
    if std::fs::symlink_metadata(&path).is_err() {
        return Vec::new();
    }
    super::read_project_file(&path, 16 << 20)
        .ok()
        .and_then(|text| serde_json::from_str::<Redirections>(text.trim_start()).ok())
        .map(|file| {
            file.redirections
                .into_iter()
                .map(|r| r.source_path.replace('\\', "/"))
                .collect()
        })
        .unwrap_or_default()
}

fn key(url: &str, moniker: Option<&str>) -> u64 {
    key_in(&mut String::new(), url, moniker)
}

/// [`key`], made in `text` (a buffer used again).
fn key_in(text: &mut String, url: &str, moniker: Option<&str>) -> u64 {
    text.clear();
    text.push_str(url);
    if let Some(moniker) = moniker {
        text.push_str("?view=");
        text.push_str(moniker);
    }
    crate::digest::of_bytes(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph() -> SiteMap {
        let site = Site {
            folder: "api-reference/".into(),
            base: Some("/graph/".into()),
            monikers: vec!["graph-rest-1.0".into(), "graph-rest-beta".into()],
            name: None,
        };
        let page = |url: &str| Published {
            url: url.into(),
            moniker: Some("graph-rest-1.0".into()),
            path: format!("api-reference/v1.0{}.md", &url[6..]),
        };
        let urls = LocaleUrls::new(
            vec![
                page("/graph/api/user-get"),
                page("/graph/api/resources/user"),
                page("/graph/api/index"),
            ],
            vec![Published {
                url: "/graph/api/old-beta".into(),
                moniker: Some("graph-rest-beta".into()),
                path: "api-reference/beta/api/old-beta.md".into(),
            }],
        );
        SiteMap::of_locales(vec![("ru-RU".into(), site)], [("ru-RU".into(), urls)])
    }

    #[test]
    fn links_resolve_by_url_and_version() {
        let map = graph();
        for (link, resolved) in [
            ("/graph/api/user-get", Resolved::Page),
            (
                "/graph/API/User-Get?view=graph-rest-1.0#permissions",
                Resolved::Page,
            ),
            (
                "/graph/api/resources/user?view=graph-rest-1.0&tabs=http",
                Resolved::Page,
            ),
            ("/graph/api/", Resolved::Page),
            ("/graph/api/user-gte?view=graph-rest-1.0", Resolved::Missing),
            // A typo in the version is not a version: the page is there.
            ("/graph/api/user-get?view=graph-rest-v1.0", Resolved::Page),
            // No beta page is checked out: nothing to say.
            (
                "/graph/api/user-get?view=graph-rest-beta",
                Resolved::Unknown,
            ),
            ("/office/dev/add-ins/overview", Resolved::Unknown),
        ] {
            assert_eq!(map.resolve("ru-RU", link), resolved, "{link}");
        }
        assert_eq!(
            map.resolve("de-DE", "/graph/api/user-get"),
            Resolved::Unknown
        );
    }

    #[test]
    fn links_lead_to_the_markdown_published_there() {
        let map = graph();
        for (link, path) in [
            (
                "/graph/API/User-Get?view=graph-rest-1.0#permissions",
                Some("api-reference/v1.0/api/user-get.md"),
            ),
            ("/graph/api/", Some("api-reference/v1.0/api/index.md")),
            ("/graph/api/user-gte", None),
            // A redirection leads somewhere, but to no page.
            ("/graph/api/old-beta?view=graph-rest-beta", None),
        ] {
            assert_eq!(map.page_path("ru-RU", link), path, "{link}");
        }
    }

    #[test]
    fn links_resolve_from_the_page_folder_or_the_docset() {
        let map = graph();
        let from = "api-reference/v1.0/api/user-get.md";
        for (link, path) in [
            (
                "../resources/user.md",
                Some("api-reference/v1.0/resources/user.md"),
            ),
            ("./auth/a.md", Some("api-reference/v1.0/api/auth/a.md")),
            ("~/concepts/a.md", Some("api-reference/concepts/a.md")),
            ("../../../../x.md", None),
            ("~x.md", None),
        ] {
            assert_eq!(
                map.link_path("ru-RU", from, link).as_deref(),
                path,
                "{link}"
            );
        }
    }

    #[test]
    fn a_page_is_in_the_docset_of_its_folder() {
        let map = graph();
        assert_eq!(
            map.docset_folder("ru-RU", "api-reference/v1.0/api/x.md"),
            "api-reference/"
        );
        assert_eq!(map.docset_folder("ru-RU", "concepts/x.md"), "");
    }
}
