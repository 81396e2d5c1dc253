//! The docs team's dashboard (`--qa`): `report.html`, each locale's
//! coverage, staleness, damage and agreement, and the defect patterns;
//! and the report itself, every page group's row and findings, in parts
//! of [`PART_GROUPS`] groups (`report/1.html`, ...), so that no file
//! grows with the corpus (Graph's five checkouts made one of 12 MB).

use super::context::{base, FindingView};
use super::indexes::{insert, value};
use super::links::Links;
use super::strings::Ui;
use super::summary::GroupSummary;
use super::BuildOptions;
use crate::diagnostic::Severity;
use crate::report::Summary;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use tera::Context;

/// Page groups a report part shows.
pub const PART_GROUPS: usize = 100;

/// The report part (1, 2, ...) of the `index`th group in path order.
pub fn part_of(index: usize) -> usize {
    index / PART_GROUPS + 1
}

/// Where the finding `id` of the `index`th group is, from the site root.
pub fn finding_url(index: usize, id: &str) -> String {
    format!("report/{}.html#{id}", part_of(index))
}

/// A group on the report page: its row of the matrix and its section of
/// findings (none when it has none).
#[derive(Serialize)]
struct ReportGroup<'a> {
    id: String,
    path: &'a str,
    /// Its API version, as its pages' example requests say (see
    /// `GroupSummary::api_version`).
    version: String,
    /// The codes of its findings' rules, sorted, separated by spaces.
    rules: String,
    cells: Vec<ReportCell<'a>>,
    findings: Vec<FindingView<'a>>,
}

/// A defect pattern in the report's table of them.
#[derive(Serialize)]
struct PatternRow<'a> {
    id: &'a str,
    code: &'a str,
    severity: Severity,
    locale: &'a str,
    findings: usize,
    /// Page groups it is found in.
    pages: usize,
    /// The first finding's message, its id and the report part it is on.
    message: &'a str,
    first: &'a str,
    part: usize,
}

/// Patterns always listed in the report's table; past them, only those
/// of more than one finding.
const LISTED_PATTERNS: usize = 25;

#[derive(Serialize)]
struct ReportCell<'a> {
    locale: &'a str,
    exists: bool,
    /// The locale lacks the page because it removed it: its redirections
    /// lead the path elsewhere (not counted as missing).
    removed: bool,
    count: usize,
    severity: Option<Severity>,
    rules: String,
    href: Option<&'a String>,
}

/// What a locale looks like on the dashboard.
#[derive(Serialize, Default)]
struct LocaleRow {
    locale: String,
    name: String,
    /// Page groups it has a page in.
    pages: usize,
    /// Page groups other locales have a page in and it lacks (not those
    /// it removed: its redirections lead their path elsewhere).
    missing: usize,
    /// Pages translated from an older English than another locale's
    /// whose segments changed since: to be translated again.
    stale: usize,
    /// The other pages of an older hand-off (SXS304 notes): no segment
    /// of theirs changed, nothing to translate.
    stale_current: usize,
    /// Their segments behind the newest English.
    segments_behind: usize,
    /// Findings where locales disagree on facts (SXS301 to SXS303).
    disagreements: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    /// Its rules with the most findings, most first: the rule, its
    /// findings and the report part of the first.
    top_rules: Vec<(String, usize, usize)>,
}

/// The context of `report.html`: the summary, each locale's row, the
/// defect patterns and the parts, from every group's summary.
pub fn dashboard(
    options: &BuildOptions,
    ui: &Ui,
    links: &Links,
    groups: &[GroupSummary],
) -> Context {
    let locales = &links.locales;
    let mut context = base(options, ui, "", ("", "Consistency report"));
    let (patterns, single) = pattern_rows(groups);
    let mut summary = Summary {
        pages: groups.iter().map(|g| g.pages.len()).sum(),
        page_groups: groups.iter().filter(|g| !g.pages.is_empty()).count(),
        ..Summary::default()
    };
    let mut rows: Vec<LocaleRow> = locales
        .iter()
        .map(|locale| LocaleRow {
            locale: locale.clone(),
            name: ui.name(locale).to_string(),
            ..LocaleRow::default()
        })
        .collect();
    // Locale → rule → (findings, the group of the first).
    let mut by_rule: Vec<BTreeMap<&str, (usize, usize)>> = vec![BTreeMap::new(); locales.len()];
    for (index, group) in groups.iter().enumerate() {
        for (at, row) in rows.iter_mut().enumerate() {
            // A group of include files has no page anywhere.
            match group.page(&row.locale) {
                Some(page) => {
                    row.pages += 1;
                    row.segments_behind += page.behind;
                    row.stale += usize::from(page.behind > 0);
                }
                None if group.pages.is_empty() => {}
                None if links.is_elsewhere(&row.locale, &group.path) => {}
                None => row.missing += 1,
            }
            for f in group.findings.iter().filter(|f| f.locale == row.locale) {
                by_rule[at].entry(&f.code).or_insert((0, index)).0 += 1;
                match f.severity {
                    Severity::Error => row.errors += 1,
                    Severity::Warning => row.warnings += 1,
                    Severity::Note => row.notes += 1,
                }
                match f.code.as_str() {
                    "SXS304" => row.stale_current += 1,
                    "SXS301" | "SXS302" | "SXS303" => row.disagreements += 1,
                    _ => {}
                }
            }
        }
    }
    for (row, rules) in rows.iter_mut().zip(&by_rule) {
        row.stale_current = row.stale_current.saturating_sub(row.stale);
        // Each links to the part of its first finding.
        let mut top: Vec<(String, usize, usize)> = rules
            .iter()
            .map(|(code, (n, first))| (code.to_string(), *n, part_of(*first)))
            .collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(3);
        row.top_rules = top;
        summary.errors += row.errors;
        summary.warnings += row.warnings;
        summary.notes += row.notes;
    }
    let parts: Vec<tera::Value> = groups
        .chunks(PART_GROUPS)
        .enumerate()
        .map(|(at, chunk)| {
            let first = chunk.first().map_or("", |g| g.path.as_str());
            let last = chunk.last().map_or("", |g| g.path.as_str());
            let findings: usize = chunk.iter().map(|g| g.findings.len()).sum();
            value(json!({ "number": at + 1, "first": first, "last": last, "findings": findings }))
        })
        .collect();
    context.insert("patterns_total", &(patterns.len() + single));
    context.insert("patterns_single", &single);
    insert(&mut context, "patterns", patterns);
    context.insert("summary", &summary);
    context.insert("dashboard", &rows);
    insert(&mut context, "parts", parts);
    context
}

/// The context of the report part `number` (from 1) of `parts`: the
/// groups `chunk`, the `first`th (in path order) first, as they are let
/// go.
pub fn report_part(
    options: &BuildOptions,
    ui: &Ui,
    links: &Links,
    (number, parts, first): (usize, usize, usize),
    chunk: Vec<GroupSummary>,
) -> Context {
    let locales = &links.locales;
    let title = format!("Consistency report ({number}/{parts})");
    let mut context = base(options, ui, "", ("../", &title));
    // Rule code → (rule name, findings).
    let mut rules: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let groups: Vec<tera::Value> = chunk
        .into_iter()
        .enumerate()
        .map(|(at, group)| {
            for f in &group.findings {
                let rule = rules.entry(f.code.clone());
                rule.or_insert_with(|| (f.rule.clone(), 0)).1 += 1;
            }
            value(report_group(links, first + at, &group))
        })
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|(code, (name, count))| json!({ "code": code, "name": name, "count": count }))
        .collect();
    context.insert("part", &json!({ "number": number, "count": parts }));
    context.insert("rules", &rules);
    context.insert("locales", locales);
    insert(&mut context, "groups", groups);
    context
}

/// The report's table of defect patterns, errors first, then by
/// findings; and how many patterns of a single finding past the first
/// [`LISTED_PATTERNS`] it leaves out.
fn pattern_rows(groups: &[GroupSummary]) -> (Vec<tera::Value>, usize) {
    let mut rows: Vec<PatternRow<'_>> = Vec::new();
    let mut at: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, group) in groups.iter().enumerate() {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for f in &group.findings {
            let n = *at.entry(&f.pattern).or_insert_with(|| {
                rows.push(PatternRow {
                    id: &f.pattern,
                    code: &f.code,
                    severity: f.severity,
                    locale: &f.locale,
                    findings: 0,
                    pages: 0,
                    message: &f.message,
                    first: &f.id,
                    part: part_of(index),
                });
                rows.len() - 1
            });
            rows[n].findings += 1;
            rows[n].severity = rows[n].severity.max(f.severity);
            if seen.insert(&f.pattern) {
                rows[n].pages += 1;
            }
        }
    }
    rows.sort_by(|a, b| (b.severity, b.findings, a.id).cmp(&(a.severity, a.findings, b.id)));
    let listed = rows
        .iter()
        .enumerate()
        .filter(|(n, row)| *n < LISTED_PATTERNS || row.findings > 1)
        .count();
    let single = rows.len() - listed;
    let rows = rows.into_iter().take(listed).map(value).collect();
    (rows, single)
}

/// The `index`th group (in path order) on the report page.
fn report_group<'g>(links: &'g Links, index: usize, group: &'g GroupSummary) -> ReportGroup<'g> {
    let cells = links
        .locales
        .iter()
        .map(|locale| {
            let found = group.findings_in(locale);
            let exists = group.page(locale).is_some();
            ReportCell {
                locale,
                exists,
                removed: !exists && links.is_elsewhere(locale, &group.path),
                count: found.count,
                severity: found.severity,
                rules: found.rules.into_iter().collect::<Vec<_>>().join(" "),
                href: group.url(locale),
            }
        })
        .collect();
    let rules: BTreeSet<&str> = group.findings.iter().map(|f| f.code.as_str()).collect();
    let findings = group
        .findings
        .iter()
        .map(|row| FindingView {
            row,
            href: group
                .url(&row.locale)
                .map_or_else(|| format!("{}/index.html", row.locale), String::clone),
            segment: None,
        })
        .collect();
    ReportGroup {
        id: format!("g-{}", index + 1),
        path: &group.path,
        version: group.api_version(),
        rules: rules.into_iter().collect::<Vec<_>>().join(" "),
        cells,
        findings,
    }
}
