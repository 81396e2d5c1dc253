//! What the templates see: plain serializable values built from the page
//! model, the page summaries and the diagnostics. Page text reaches
//! templates only as values, never as template source.

use super::paths::{page_url, root_prefix};
use super::render::Rendered;
use super::spill::Spilled;
use super::summary::{FindingRow, GroupSummary, Tally};
use super::BuildOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::display_path;
use crate::model::Page;
use crate::report::Summary;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::Path;
use tera::Context;

/// The longest file name most file systems take (ext4, APFS, NTFS).
const MAX_NAME_BYTES: usize = 255;

/// Which pages are built, for links between pages: every page at its
/// [`page_url`] but those listed here. Once planned, nothing is kept per
/// page, so a build's memory does not grow with the corpus.
pub struct Links {
    pub locales: Vec<String>,
    /// (locale, path) of each page not built.
    skipped: HashSet<(String, String)>,
    /// Pages built.
    pub count: usize,
}

impl Links {
    /// Plans the output of `pages`, (locale, path) of every page under
    /// `root`: a page is not built when its path cannot be written inside
    /// the output folder, or when its output's name differs only in letter
    /// case from an earlier page's (they would be one file on many
    /// systems). Returns why each page left out is.
    pub fn new<'p>(
        root: &Path,
        locales: &[String],
        pages: impl Iterator<Item = (&'p str, &'p str)> + Clone,
    ) -> (Links, Vec<String>) {
        let folded = |url: &str| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            url.to_lowercase().hash(&mut hasher);
            hasher.finish()
        };
        // Outputs whose folded names may clash, by hash; only those are
        // compared whole, in the second pass.
        let mut hashes: Vec<u64> = pages
            .clone()
            .filter_map(|(locale, path)| page_url(locale, path))
            .map(|url| folded(&url))
            .collect();
        hashes.sort_unstable();
        // Every folder of the outputs: a page whose output is one of
        // them (`x.md` beside a folder `x.html/`) cannot be written.
        let folders: HashSet<String> = pages
            .clone()
            .filter_map(|(locale, path)| page_url(locale, path))
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
        };
        let mut taken: HashMap<String, String> = HashMap::new();
        let mut notes = Vec::new();
        for (locale, path) in pages {
            let shown = || display_path(root, locale, path);
            let Some(url) = page_url(locale, path) else {
                notes.push(format!(
                    "{}: not built: its path cannot be written inside the output folder",
                    shown()
                ));
                links.skipped.insert((locale.to_string(), path.to_string()));
                continue;
            };
            let unwritable = if url == format!("{locale}/index.html") {
                Some(format!("its output `{url}` is the locale's home page"))
            } else if url.split('/').any(|part| part.len() > MAX_NAME_BYTES) {
                Some(format!(
                    "its output's name is longer than the {MAX_NAME_BYTES} bytes a file system allows"
                ))
            } else if folders.contains(&url) {
                Some(format!(
                    "its output `{url}` is also the folder of other pages' outputs"
                ))
            } else {
                None
            };
            if let Some(why) = unwritable {
                notes.push(format!("{}: not built: {why}", shown()));
                links.skipped.insert((locale.to_string(), path.to_string()));
                continue;
            }
            if shared.contains(&folded(&url)) {
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
        }
        (links, notes)
    }

    /// The output paths of the pages of the group at `path`, which has a
    /// page in each of `present` (locales).
    pub fn of_group<'p>(
        &self,
        path: &str,
        present: impl Iterator<Item = &'p str>,
    ) -> GroupLinks<'_> {
        let mut urls = vec![None; self.locales.len()];
        for locale in present {
            let Some(at) = self.locales.iter().position(|l| l == locale) else {
                continue;
            };
            if !self
                .skipped
                .contains(&(locale.to_string(), path.to_string()))
            {
                urls[at] = page_url(locale, path);
            }
        }
        GroupLinks {
            locales: &self.locales,
            urls,
        }
    }
}

/// Where one group's pages are, for links between them.
pub struct GroupLinks<'l> {
    pub locales: &'l [String],
    /// In `locales` order: the output path of the group's page in that
    /// locale, relative to the site root; `None` when not built.
    urls: Vec<Option<String>>,
}

impl GroupLinks<'_> {
    pub fn url(&self, locale: &str) -> Option<&String> {
        let at = self.locales.iter().position(|l| l == locale)?;
        self.urls.get(at)?.as_ref()
    }

    fn alternates(&self, current: &str, root: &str) -> Vec<Alternate> {
        self.locales
            .iter()
            .zip(&self.urls)
            .map(|(locale, url)| Alternate {
                locale: locale.clone(),
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
    findings: Vec<FindingView<'a>>,
}

/// The context of `report_row.html`: the row of the `index`th group (in
/// path order) in the report's matrix.
pub fn report_row(
    links: &GroupLinks<'_>,
    index: usize,
    group: &GroupSummary,
    tally: &Tally,
) -> Context {
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
                href: links.url(locale),
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
pub fn home_row(links: &GroupLinks<'_>, group: &GroupSummary, tally: &Tally) -> Option<Context> {
    let reference = group.reference()?;
    let cells = links
        .locales
        .iter()
        .map(|locale| {
            let found = tally.of(locale);
            HomeCell {
                locale,
                href: links.url(locale),
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
    links: &GroupLinks<'_>,
    index: usize,
    path: &str,
    findings: &[FindingRow],
) -> Option<Context> {
    if findings.is_empty() {
        return None;
    }
    let rules: BTreeSet<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    let views = findings
        .iter()
        .map(|f| FindingView {
            row: f,
            href: links
                .url(&f.locale)
                .map_or_else(|| "index.html".to_string(), |u| u.clone()),
        })
        .collect();
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

/// The findings of a group's section of the report, as the build cache
/// keeps them: in locale order (of `locales`), then as found.
pub fn finding_rows(locales: &[String], path: &str, findings: &Findings<'_>) -> Vec<FindingRow> {
    locales
        .iter()
        .flat_map(|locale| findings.of(locale, path))
        .map(|d| finding_row(d))
        .collect()
}

fn finding_row(d: &Diagnostic) -> FindingRow {
    FindingRow {
        id: finding_id(d),
        code: d.code.to_string(),
        severity: d.severity,
        locale: d.location.locale.clone(),
        line: d.location.start.line,
        message: d.message.clone(),
        notes: d.notes.clone(),
    }
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
struct FindingView<'a> {
    #[serde(flatten)]
    row: &'a FindingRow,
    href: String,
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
    links: &GroupLinks<'_>,
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
    context.insert("alternates", &links.alternates(&page.locale, &root));
    let mine = findings.of(&page.locale, &page.path);
    let rows: Vec<FindingRow> = mine.iter().map(|d| finding_row(d)).collect();
    let to_report = |row| FindingView {
        row,
        href: format!("{root}report.html#{}", row.id),
    };
    let views: Vec<FindingView> = rows.iter().map(to_report).collect();
    context.insert("findings", &views);
    if !page.facts.is_empty() {
        let spans = fact_spans(page);
        let disagreements: Vec<FindingView> = mine
            .iter()
            .zip(&rows)
            .filter(|(d, _)| {
                d.fact.is_some() || spans.iter().any(|s| overlaps(s, &d.location.span))
            })
            .map(|(_, row)| to_report(row))
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

/// What a template's output holds where a part of an index page goes that
/// is written from the [`Spilled`] files (see `Builder::put_spliced`):
/// `\u{1}sxsdoc-<nonce>:<key>\u{1}`. The nonce is drawn for each build,
/// so no page can hold a marker in its text, though the home page shows
/// values taken from pages (API versions) and file names (resources).
pub struct Markers {
    start: String,
}

impl Markers {
    pub fn new() -> Markers {
        use std::hash::BuildHasher;
        // Randomly keyed for each process by the standard library.
        let nonce = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
        Markers {
            start: format!("\u{1}sxsdoc-{nonce:016x}:"),
        }
    }

    /// The marker of `key`.
    pub fn marker(&self, key: &str) -> String {
        format!("{}{key}\u{1}", self.start)
    }

    /// What every marker starts with.
    pub fn start(&self) -> &str {
        &self.start
    }
}

/// Where the report page's template puts the findings (`{{ findings |
/// safe }}`) and the rows of its matrix (`{{ rows | safe }}`).
pub const REPORT_FINDINGS: &str = "report-findings";
pub const REPORT_ROWS: &str = "report-rows";
/// Where a locale home page's template puts its list of pages (`{{ items
/// | safe }}`).
pub const LOCALE_ITEMS: &str = "locale-items";
/// Where the home page's template puts a resource's rows (`{{
/// resource.rows | safe }}`): this and the table's number in
/// [`Spilled::home_tables`].
pub const HOME_ROWS: &str = "home-rows:";

/// The pages that list everything, made once every group is written from
/// what the groups left on disk.
pub struct Indexes<'a> {
    pub options: &'a BuildOptions,
    pub markers: &'a Markers,
    pub locales: &'a [String],
    pub spill: &'a Spilled,
}

impl Indexes<'_> {
    pub fn home(&self) -> Context {
        let mut context = base(self.options, "", "", &self.options.site_name);
        let versions: Vec<Value> = self
            .spill
            .home
            .iter()
            .map(|version| {
                let resources: Vec<Value> = version
                    .tables
                    .clone()
                    .filter_map(|n| Some((n, self.spill.home_tables.get(n)?)))
                    .map(|(n, table)| {
                        json!({
                            "name": table.resource,
                            "rows": self.markers.marker(&format!("{HOME_ROWS}{n}")),
                            "row_count": table.rows(),
                        })
                    })
                    .collect();
                json!({ "name": version.name, "resources": resources })
            })
            .collect();
        context.insert("versions", &versions);
        context.insert("locales", self.locales);
        context.insert("page_count", &self.spill.totals.home_pages);
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
        let pages = self
            .spill
            .locales
            .iter()
            .find(|l| l.locale == locale)
            .map_or(0, |l| l.pages);
        context.insert("page_count", &pages);
        context.insert("items", &self.markers.marker(LOCALE_ITEMS));
        let alternates: Vec<Alternate> = self
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
        let totals = &self.spill.totals;
        let summary = Summary {
            pages: totals.pages,
            page_groups: totals.groups,
            errors: totals.errors,
            warnings: totals.warnings,
            notes: totals.notes,
            by_rule: totals
                .rules
                .iter()
                .map(|(code, (_, count))| (code.to_string(), *count))
                .collect(),
            ..Summary::default()
        };
        context.insert("summary", &summary);
        let rules: Vec<Value> = totals
            .rules
            .iter()
            .map(|(code, (name, count))| json!({ "code": code, "name": name, "count": count }))
            .collect();
        context.insert("rules", &rules);
        context.insert("locales", self.locales);
        // Each group's matrix row and section are put in here as the page
        // is written.
        context.insert("rows", &self.markers.marker(REPORT_ROWS));
        context.insert("findings", &self.markers.marker(REPORT_FINDINGS));
        context
    }
}

/// The context of `locale_home_item.html`: a written page's item in the
/// list on its locale's home page.
pub fn locale_home_item(summary: &super::PageSummary, url: &str) -> Context {
    let mut context = Context::new();
    context.insert(
        "p",
        &json!({
            "title": summary.title,
            "href": format!("../{url}"),
            "endpoints": summary.endpoints.iter().take(1).collect::<Vec<_>>(),
        }),
    );
    context
}

/// `<`, `>`, `&` and the line and paragraph separators U+2028 and
/// U+2029 only occur inside JSON strings; escaping them keeps the index
/// inert wherever it is embedded, and a valid script for JavaScript
/// engines older than ES2019, where a raw separator in a string is a
/// syntax error.
pub(super) fn safe_json(json: &str) -> String {
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe
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
pub(super) fn resource(path: &str) -> String {
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
