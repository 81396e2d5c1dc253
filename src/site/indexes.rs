//! The pages that list every page group: the home page, each locale's
//! home page and the report, each rendered by one template that gets the
//! rows as data and loops over them; and the sitemap, written from the
//! same data. A build holds every group's
//! [`GroupSummary`] (about a kilobyte a page) until these are written.

use super::context::base;
use super::links::Alternate;
use super::nav::Navigation;
use super::sanitize::escape;
use super::strings::Ui;
use super::summary::{GroupSummary, PageSummary};
use super::BuildOptions;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{self, Write};
use tera::Context;

/// Every group of a build, in path order, and what the index pages are
/// rendered with.
pub struct SiteIndex<'a> {
    pub options: &'a BuildOptions,
    pub ui: &'a Ui,
    /// For the sections of each locale's home page.
    pub nav: &'a Navigation,
    pub locales: &'a [String],
    pub groups: &'a [GroupSummary],
}

/// A written page in the list on its locale's home page.
#[derive(Serialize)]
struct ListedPage<'a> {
    title: &'a str,
    href: String,
    endpoints: &'a [String],
}

impl SiteIndex<'_> {
    /// The context of `home.html`.
    pub fn home(&self) -> Context {
        let mut context = base(self.options, self.ui, "", ("", self.options.site_name()));
        let counts: Vec<Value> = self
            .ui
            .names
            .iter()
            .map(|n| {
                let pages = self.written_in(&n.locale).count();
                json!({ "locale": n.locale, "name": n.name, "pages": pages })
            })
            .collect();
        context.insert("locale_list", &counts);
        context
    }

    /// The context of `locale_home.html` for `locale`.
    pub fn locale_home(&self, locale: &str) -> Context {
        let root = "../";
        let title = self.ui.name(locale).to_string();
        let mut context = base(self.options, self.ui, locale, (root, &title));
        // Folder → pages, in path order.
        let mut folders: BTreeMap<&str, Vec<tera::Value>> = BTreeMap::new();
        let mut page_count = 0;
        for (group, page, url) in self.written_in(locale) {
            let folder = group.path.rfind('/').map_or("", |at| &group.path[..at]);
            page_count += 1;
            folders.entry(folder).or_default().push(value(ListedPage {
                title: &page.title,
                href: format!("../{url}"),
                endpoints: &page.endpoints,
            }));
        }
        let folders: Vec<tera::Value> = folders
            .into_iter()
            .map(|(name, pages)| {
                let name = if name.is_empty() { "/" } else { name };
                // The pages are template values already: moved in, not
                // converted again.
                tera::Value::from(BTreeMap::from([
                    ("name", tera::Value::from(name)),
                    ("pages", tera::Value::from(pages)),
                ]))
            })
            .collect();
        context.insert("page_count", &page_count);
        context.insert("sections", &self.nav.home_sections(locale));
        insert(&mut context, "folders", folders);
        let alternates: Vec<Alternate> = self
            .locales
            .iter()
            .map(|other| Alternate {
                locale: other.clone(),
                name: self.ui.name(other).to_string(),
                href: format!("{root}{other}/index.html"),
                exists: true,
                fallback: false,
                current: other == locale,
            })
            .collect();
        context.insert("alternates", &alternates);
        context
    }

    /// The context of `404.html`, served at any depth: its links are
    /// from the site's root path (of `--base-url`).
    pub fn not_found(&self) -> Context {
        let root = self
            .options
            .base_url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
            .unwrap_or("/");
        let root = if root.ends_with('/') {
            root.to_string()
        } else {
            format!("{root}/")
        };
        let title = self.ui.of("").get("not_found_title").to_string();
        let mut context = base(self.options, self.ui, "", (&root, &title));
        // Hosts serve the one 404 page at any address: the site's script
        // shows the text of the locale the address is in.
        let in_locales: Vec<NotFoundText<'_>> = self
            .ui
            .names
            .iter()
            .map(|name| {
                let interface = self.ui.of(&name.locale);
                NotFoundText {
                    locale: &name.locale,
                    lang: &interface.lang,
                    title: interface.get("not_found_title"),
                    text: interface.get("not_found_text"),
                    home: interface.get("all_pages"),
                }
            })
            .collect();
        context.insert("not_found_in", &in_locales);
        context
    }

    /// Every written page in `locale`, in path order, with its group and
    /// its output path.
    fn written_in<'s>(
        &'s self,
        locale: &'s str,
    ) -> impl Iterator<Item = (&'s GroupSummary, &'s PageSummary, &'s String)> {
        self.groups.iter().flat_map(move |group| {
            group
                .written()
                .filter(move |(page, _)| page.locale == locale)
                .map(move |(page, url)| (group, page, url))
        })
    }

    /// Writes `sitemap.xml`: every written page, with its other locales'.
    pub fn write_sitemap(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(SITEMAP_START.as_bytes())?;
        let base_url = self.options.base_url.trim_end_matches('/');
        for group in self.groups {
            // (escaped locale, escaped absolute URL) of each written page.
            let written: Vec<(String, String)> = group
                .written()
                .map(|(page, url)| (escape(&page.locale), escape(&format!("{base_url}/{url}"))))
                .collect();
            let mut xml = String::new();
            for (_, url) in &written {
                xml.push_str("  <url>\n    <loc>");
                xml.push_str(url);
                xml.push_str("</loc>\n");
                for (locale, other) in &written {
                    xml.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
                    xml.push_str(locale);
                    xml.push_str("\" href=\"");
                    xml.push_str(other);
                    xml.push_str("\"/>\n");
                }
                xml.push_str("  </url>\n");
            }
            out.write_all(xml.as_bytes())?;
        }
        out.write_all(b"</urlset>\n")
    }
}

/// The rows of an index page are made into template values one at a
/// time and moved into the context (which [`Context::insert`] would copy
/// whole): a large corpus's report runs to tens of megabytes of them.
pub(super) fn value(row: impl Serialize) -> tera::Value {
    tera::Value::try_from_serializable(&row).unwrap_or_else(|_| tera::Value::none())
}

/// Moves `rows` into `context` as the list `key`.
pub(super) fn insert(context: &mut Context, key: &'static str, rows: Vec<tera::Value>) {
    context.insert_value(key, tera::Value::from(rows));
}

const SITEMAP_START: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";

/// What the 404 page says in one locale's language.
#[derive(serde::Serialize)]
struct NotFoundText<'a> {
    locale: &'a str,
    lang: &'a str,
    title: &'a str,
    text: &'a str,
    /// The label of the link to the locale's home.
    home: &'a str,
}
