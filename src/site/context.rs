//! What the templates see: plain serializable values built from the page
//! model, the page summaries and the diagnostics. Page text reaches
//! templates only as values, never as template source.

use super::paths::root_prefix;
use super::render::Rendered;
use super::summary::{GroupSummary, Tally};
use super::BuildOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Page, PageGroup};
use crate::report::Summary;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use tera::Context;

/// Where every page is, for links between pages.
pub struct Links {
    pub locales: Vec<String>,
    /// path → locale → output path relative to the site root.
    pub urls: HashMap<String, HashMap<String, String>>,
}

impl Links {
    pub fn url(&self, locale: &str, path: &str) -> Option<&String> {
        self.urls.get(path).and_then(|locales| locales.get(locale))
    }

    pub fn count(&self) -> usize {
        self.urls.values().map(HashMap::len).sum()
    }

    fn alternates(&self, path: &str, current: &str, root: &str) -> Vec<Alternate> {
        self.locales
            .iter()
            .map(|locale| {
                let url = self.url(locale, path);
                Alternate {
                    locale: locale.clone(),
                    href: match url {
                        Some(url) => format!("{root}{url}"),
                        None => format!("{root}{locale}/index.html"),
                    },
                    exists: url.is_some(),
                    current: locale == current,
                }
            })
            .collect()
    }
}

/// Diagnostics by page, each with an id stable across builds.
pub struct Findings<'d> {
    /// path → locale → diagnostics.
    by_page: HashMap<String, HashMap<String, Vec<&'d Diagnostic>>>,
}

impl<'d> Findings<'d> {
    pub fn new(diagnostics: &'d [Diagnostic]) -> Findings<'d> {
        let mut by_page: HashMap<String, HashMap<String, Vec<&Diagnostic>>> = HashMap::new();
        for d in diagnostics {
            by_page
                .entry(d.location.path.clone())
                .or_default()
                .entry(d.location.locale.clone())
                .or_default()
                .push(d);
        }
        Findings { by_page }
    }

    fn of(&self, locale: &str, path: &str) -> &[&'d Diagnostic] {
        self.by_page
            .get(path)
            .and_then(|locales| locales.get(locale))
            .map_or(&[], Vec::as_slice)
    }
}

/// `f-` and a hash of what the finding is, so links to it survive
/// rebuilds and other pages' changes.
pub fn finding_id(d: &Diagnostic) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        d.code,
        &d.location.locale,
        &d.location.path,
        &d.key,
        &d.message,
    ] {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash ^= d.location.span.start as u64;
    hash = hash.wrapping_mul(0x0100_0000_01b3);
    format!("f-{hash:016x}")
}

#[derive(Serialize)]
struct Alternate {
    locale: String,
    href: String,
    exists: bool,
    current: bool,
}

#[derive(Serialize)]
struct ReportGroup<'a> {
    id: String,
    path: &'a str,
    rules: String,
    cells: Vec<ReportCell<'a>>,
}

/// A group's section of the report page.
#[derive(Serialize)]
struct ReportSection<'a> {
    id: String,
    path: &'a str,
    rules: String,
    findings: Vec<FindingView>,
}

/// Where the report page's template puts the findings (`{{ findings |
/// safe }}`) and the rows of its matrix (`{{ rows | safe }}`): each
/// group's section and row go in their place as the page is written.
pub const REPORT_FINDINGS: &str = "\u{1}sxsdoc:report-findings\u{1}";
pub const REPORT_ROWS: &str = "\u{1}sxsdoc:report-rows\u{1}";

/// The context of `report_row.html`: the row of the `index`th group (in
/// path order) in the report's matrix.
pub fn report_row(links: &Links, index: usize, group: &GroupSummary, tally: &Tally) -> Context {
    let mut group_rules = BTreeSet::new();
    let cells: Vec<ReportCell<'_>> = links
        .locales
        .iter()
        .map(|locale| {
            let found = tally.of(locale);
            let cell_rules = found.map(|f| &f.rules);
            group_rules.extend(cell_rules.into_iter().flatten().copied());
            ReportCell {
                locale,
                exists: group.pages.iter().any(|p| &p.locale == locale),
                count: found.map_or(0, |f| f.count),
                severity: found.and_then(|f| f.severity),
                rules: cell_rules
                    .into_iter()
                    .flatten()
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" "),
                href: links.url(locale, &group.path),
            }
        })
        .collect();
    let mut context = Context::new();
    context.insert(
        "g",
        &ReportGroup {
            id: group_id(index),
            path: &group.path,
            rules: group_rules.into_iter().collect::<Vec<_>>().join(" "),
            cells,
        },
    );
    context
}

#[derive(Serialize)]
struct HomeRow<'a> {
    title: String,
    endpoints: &'a [String],
    cells: Vec<HomeCell<'a>>,
}

#[derive(Serialize)]
struct HomeCell<'a> {
    locale: &'a str,
    href: Option<&'a String>,
    problems: usize,
    severity: Option<Severity>,
}

/// The context of `home_row.html`: the group's row on the home page;
/// `None` for a group without pages.
pub fn home_row(links: &Links, group: &GroupSummary, tally: &Tally) -> Option<Context> {
    let reference = group.reference()?;
    let cells = links
        .locales
        .iter()
        .map(|locale| {
            let found = tally.of(locale);
            HomeCell {
                locale,
                href: links.url(locale, &group.path),
                problems: found.map_or(0, |f| f.count),
                severity: found.and_then(|f| f.severity),
            }
        })
        .collect();
    let mut context = Context::new();
    context.insert(
        "row",
        &HomeRow {
            title: group.english_title(),
            endpoints: &reference.endpoints,
            cells,
        },
    );
    Some(context)
}

/// The anchor of the group at `index` (in path order) on the report page.
fn group_id(index: usize) -> String {
    format!("g-{}", index + 1)
}

/// The context of `report_group.html`: the findings of one group, the
/// `index`th in path order, on the report page; `None` without findings.
pub fn report_section(
    links: &Links,
    index: usize,
    path: &str,
    findings: &Findings<'_>,
) -> Option<Context> {
    let mut rules = BTreeSet::new();
    let mut views = Vec::new();
    for locale in &links.locales {
        let found = findings.of(locale, path);
        rules.extend(found.iter().map(|d| d.code));
        let href = links
            .url(locale, path)
            .map_or_else(|| "index.html".to_string(), |u| u.clone());
        views.extend(found.iter().map(|d| finding_view(d, href.clone())));
    }
    if views.is_empty() {
        return None;
    }
    let mut context = Context::new();
    context.insert(
        "g",
        &ReportSection {
            id: group_id(index),
            path,
            rules: rules.into_iter().collect::<Vec<_>>().join(" "),
            findings: views,
        },
    );
    Some(context)
}

#[derive(Serialize)]
struct ReportCell<'a> {
    locale: &'a str,
    exists: bool,
    count: usize,
    severity: Option<Severity>,
    rules: String,
    href: Option<&'a String>,
}

#[derive(Serialize)]
struct FindingView {
    id: String,
    code: String,
    severity: Severity,
    locale: String,
    line: usize,
    message: String,
    notes: Vec<String>,
    href: String,
}

fn finding_view(d: &Diagnostic, href: String) -> FindingView {
    FindingView {
        id: finding_id(d),
        code: d.code.to_string(),
        severity: d.severity,
        locale: d.location.locale.clone(),
        line: d.location.start.line,
        message: d.message.clone(),
        notes: d.notes.clone(),
        href,
    }
}

fn base(options: &BuildOptions, locale: &str, root: &str, title: &str) -> Context {
    let mut context = Context::new();
    context.insert("site_name", &options.site_name);
    context.insert("lang", if locale.is_empty() { "en" } else { locale });
    context.insert("dir", direction(locale));
    context.insert("locale", locale);
    context.insert("root", root);
    context.insert("title", title);
    context.insert("description", "");
    context
}

/// The context of one rendered page.
pub fn page(
    options: &BuildOptions,
    links: &Links,
    group: &PageGroup,
    (page, summary): (&Page, &super::PageSummary),
    url: &str,
    rendered: Rendered,
    findings: &Findings<'_>,
) -> Context {
    let root = root_prefix(url);
    let mut context = base(options, &page.locale, &root, &summary.title);
    if let Some(description) = page
        .front_matter
        .as_ref()
        .and_then(|fm| fm.description.as_deref())
    {
        context.insert("description", description);
    }
    context.insert("path", &page.path);
    context.insert("body", &rendered.html);
    context.insert("has_segments", &(rendered.segments > 0));
    context.insert(
        "alternates",
        &links.alternates(&group.path, &page.locale, &root),
    );
    let mine = findings.of(&page.locale, &page.path);
    let to_report =
        |d: &Diagnostic| finding_view(d, format!("{root}report.html#{}", finding_id(d)));
    let views: Vec<FindingView> = mine.iter().map(|d| to_report(d)).collect();
    context.insert("findings", &views);
    if !page.facts.is_empty() {
        let spans = fact_spans(page);
        let disagreements: Vec<FindingView> = mine
            .iter()
            .filter(|d| d.fact.is_some() || spans.iter().any(|s| overlaps(s, &d.location.span)))
            .map(|d| to_report(d))
            .collect();
        let facts = &page.facts;
        let permissions: Vec<Value> = facts
            .permissions
            .iter()
            .map(|row| {
                let label = if row.type_text.is_empty() {
                    &row.permission_type
                } else {
                    &row.type_text
                };
                json!({ "type": label, "scopes": row.scopes })
            })
            .collect();
        context.insert(
            "facts",
            &json!({
                "endpoints": summary.endpoints,
                "permissions": permissions,
                "response_code": facts.response_code.as_ref().map(|c| c.value),
                "example_status": facts.example_status.as_ref().map(|c| c.value),
                "api_version": summary.api_version,
                "disagreements": disagreements,
            }),
        );
    }
    context
}

/// The pages that list everything: built from summaries once every group
/// is written.
pub struct Indexes<'a> {
    pub options: &'a BuildOptions,
    pub links: &'a Links,
    pub groups: &'a [GroupSummary],
    /// Of each group's findings, in the same order.
    pub tallies: &'a [Tally],
}

impl Indexes<'_> {
    pub fn home(&self) -> Context {
        let mut context = base(self.options, "", "", &self.options.site_name);
        let mut versions: BTreeMap<String, BTreeMap<String, Vec<&str>>> = BTreeMap::new();
        let mut page_count = 0;
        for group in self.groups.iter().filter(|g| !g.home_row.is_empty()) {
            page_count += group.pages.iter().filter(|p| p.url.is_some()).count();
            versions
                .entry(group.api_version())
                .or_default()
                .entry(resource(&group.path))
                .or_default()
                .push(&group.home_row);
        }
        let versions: Vec<Value> = versions
            .into_iter()
            .map(|(name, resources)| {
                let resources: Vec<Value> = resources
                    .into_iter()
                    .map(|(name, rows)| json!({ "name": name, "rows": rows }))
                    .collect();
                json!({ "name": name, "resources": resources })
            })
            .collect();
        context.insert("versions", &versions);
        context.insert("locales", &self.links.locales);
        context.insert("page_count", &page_count);
        context
    }

    pub fn locale_home(&self, locale: &str) -> Context {
        let root = "../";
        let mut context = base(
            self.options,
            locale,
            root,
            &format!("{} · {locale}", self.options.site_name),
        );
        let pages: Vec<Value> = self
            .groups
            .iter()
            .flat_map(|g| &g.pages)
            .filter(|p| p.locale == locale)
            .filter_map(|p| {
                let url = p.url.as_ref()?;
                Some(json!({
                    "title": p.title,
                    "href": format!("{root}{url}"),
                    "endpoints": p.endpoints.iter().take(1).collect::<Vec<_>>(),
                }))
            })
            .collect();
        context.insert("pages", &pages);
        let alternates: Vec<Alternate> = self
            .links
            .locales
            .iter()
            .map(|other| Alternate {
                locale: other.clone(),
                href: format!("{root}{other}/index.html"),
                exists: true,
                current: other == locale,
            })
            .collect();
        context.insert("alternates", &alternates);
        context
    }

    pub fn report(&self) -> Context {
        let mut context = base(self.options, "", "", "Consistency report");
        let pages = self.groups.iter().map(|g| g.pages.len()).sum();
        let mut summary = Summary {
            pages,
            page_groups: self.groups.len(),
            ..Summary::default()
        };
        let mut rules: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        for tally in self.tallies {
            summary.errors += tally.errors;
            summary.warnings += tally.warnings;
            summary.notes += tally.notes;
            for (code, (name, count)) in &tally.rules {
                rules.entry(code).or_insert((name, 0)).1 += count;
                *summary.by_rule.entry(code.to_string()).or_default() += count;
            }
        }
        context.insert("summary", &summary);
        let rules: Vec<Value> = rules
            .into_iter()
            .map(|(code, (name, count))| json!({ "code": code, "name": name, "count": count }))
            .collect();
        context.insert("rules", &rules);
        context.insert("locales", &self.links.locales);
        // Each group's matrix row and section are put in here as the page
        // is written.
        context.insert("rows", REPORT_ROWS);
        context.insert("findings", REPORT_FINDINGS);
        context
    }

    /// The search index of one locale, as JSON safe to embed anywhere.
    pub fn search_index(&self, locale: &str) -> String {
        let entries: Vec<Value> = self
            .groups
            .iter()
            .flat_map(|g| &g.pages)
            .filter(|p| p.locale == locale)
            .filter_map(|p| {
                Some(json!({
                    "title": p.title,
                    "url": p.url.as_ref()?,
                    "path": p.path,
                    "endpoints": p.endpoints,
                }))
            })
            .collect();
        safe_json(&serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string()))
    }

    /// Writes `sitemap.xml`, every written page with its alternates.
    pub fn write_sitemap(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        use super::sanitize::escape;
        let base = self.options.base_url.trim_end_matches('/');
        out.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        )?;
        let mut xml = String::new();
        for group in self.groups {
            // (escaped locale, escaped absolute URL) of each written page.
            let written: Vec<(String, String)> = group
                .pages
                .iter()
                .filter_map(|p| {
                    let url = p.url.as_ref()?;
                    Some((escape(&p.locale), escape(&format!("{base}/{url}"))))
                })
                .collect();
            xml.clear();
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

/// `<`, `>` and `&` only occur inside JSON strings; escaping them keeps
/// the index inert wherever it is embedded.
fn safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn direction(locale: &str) -> &'static str {
    let language = locale.split('-').next().unwrap_or("").to_ascii_lowercase();
    if ["ar", "he", "fa", "ur", "yi", "ps"].contains(&language.as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The resource a page documents, from its file name: `user-get.md` →
/// `user`, `intune-devices-manageddevice-wipe.md` → `intune-devices`.
fn resource(path: &str) -> String {
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md");
    let mut parts = stem.split('-');
    match (parts.next(), parts.next()) {
        (Some("intune"), Some(area)) => format!("intune-{area}"),
        (Some(first), _) => first.to_string(),
        _ => stem.to_string(),
    }
}

fn fact_spans(page: &Page) -> Vec<Range<usize>> {
    let facts = &page.facts;
    let mut spans: Vec<Range<usize>> = facts.endpoints.iter().map(|e| e.span.clone()).collect();
    spans.extend(facts.permissions.iter().map(|r| r.span.clone()));
    spans.extend(facts.response_code.iter().map(|c| c.span.clone()));
    spans.extend(facts.api_version.iter().map(|v| v.span.clone()));
    spans
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}
