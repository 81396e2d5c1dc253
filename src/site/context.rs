//! What the templates see: plain serializable values, built from the page
//! model and the diagnostics. Page text reaches templates only as values,
//! never as template source.

use super::includes::PageIncludes;
use super::paths::{page_url, root_prefix};
use super::render::Rendered;
use super::BuildOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Block, Page};
use crate::report::{Resolver, Summary};
use crate::tree::Docs;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::PathBuf;
use tera::Context;

/// A page that will be written, and where.
pub struct Planned<'d> {
    pub page: &'d Page,
    pub url: String,
    pub group: usize,
}

/// A diagnostic as the site shows it.
struct Finding<'d> {
    id: String,
    diagnostic: &'d Diagnostic,
    line: usize,
}

pub struct Site<'d> {
    pub docs: &'d Docs,
    options: &'d BuildOptions,
    pub planned: Vec<Planned<'d>>,
    urls: HashMap<(&'d str, &'d str), String>,
    findings: Vec<Finding<'d>>,
    by_page: HashMap<(&'d str, &'d str), Vec<usize>>,
    diagnostics: &'d [Diagnostic],
    root: PathBuf,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
struct Alternate {
    locale: String,
    href: String,
    exists: bool,
    current: bool,
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

impl<'d> Site<'d> {
    pub fn new(
        docs: &'d Docs,
        diagnostics: &'d [Diagnostic],
        options: &'d BuildOptions,
    ) -> Site<'d> {
        let mut planned = Vec::new();
        let mut urls = HashMap::new();
        let mut taken: HashMap<String, String> = HashMap::new();
        let mut notes = Vec::new();
        for (group, page_group) in docs.groups.iter().enumerate() {
            for page in &page_group.pages {
                let Some(url) = page_url(&page.locale, &page.path) else {
                    notes.push(format!(
                        "{}: not built: its path cannot be written inside the output folder",
                        page.display_path
                    ));
                    continue;
                };
                if let Some(first) = taken.get(&url.to_lowercase()) {
                    notes.push(format!(
                        "{}: not built: its output `{url}` clashes with `{first}` (names that differ only in letter case)",
                        page.display_path
                    ));
                    continue;
                }
                taken.insert(url.to_lowercase(), page.display_path.clone());
                urls.insert((page.locale.as_str(), page.path.as_str()), url.clone());
                planned.push(Planned { page, url, group });
            }
        }
        let resolver = Resolver::new(docs);
        let mut by_page: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        let findings: Vec<Finding<'d>> = diagnostics
            .iter()
            .enumerate()
            .map(|(index, diagnostic)| {
                by_page
                    .entry((
                        diagnostic.location.locale.as_str(),
                        diagnostic.location.path.as_str(),
                    ))
                    .or_default()
                    .push(index);
                Finding {
                    id: format!("f-{}", index + 1),
                    diagnostic,
                    line: resolver.resolve(&diagnostic.location).start.line,
                }
            })
            .collect();
        Site {
            docs,
            options,
            planned,
            urls,
            findings,
            by_page,
            diagnostics,
            root: docs
                .root
                .canonicalize()
                .unwrap_or_else(|_| docs.root.clone()),
            notes,
        }
    }

    pub fn includes_for(&self, page: &Page) -> PageIncludes<'_> {
        let file = self.root.join(&page.locale).join(&page.path);
        PageIncludes {
            root: &self.root,
            dir: file
                .parent()
                .map(|p| p.to_path_buf())
                .unwrap_or_else(|| self.root.clone()),
        }
    }

    fn url(&self, page: &'d Page) -> Option<&String> {
        self.urls.get(&(page.locale.as_str(), page.path.as_str()))
    }

    fn page_findings(&self, page: &'d Page) -> impl Iterator<Item = &Finding<'d>> + '_ {
        self.by_page
            .get(&(page.locale.as_str(), page.path.as_str()))
            .into_iter()
            .flatten()
            .map(|&index| &self.findings[index])
    }

    fn finding_view(&self, finding: &Finding<'_>, root: &str, to_report: bool) -> FindingView {
        let d = finding.diagnostic;
        let href = if to_report {
            format!("{root}report.html#{}", finding.id)
        } else {
            let page = self
                .urls
                .get(&(d.location.locale.as_str(), d.location.path.as_str()));
            page.map_or_else(|| format!("{root}index.html"), |url| format!("{root}{url}"))
        };
        FindingView {
            id: finding.id.clone(),
            code: d.code.to_string(),
            severity: d.severity,
            locale: d.location.locale.clone(),
            line: finding.line,
            message: d.message.clone(),
            notes: d.notes.clone(),
            href,
        }
    }

    fn alternates(&self, group: usize, current: &str, root: &str) -> Vec<Alternate> {
        let pages = &self.docs.groups[group].pages;
        self.docs
            .locales
            .iter()
            .map(|locale| {
                let page = pages.iter().find(|p| &p.locale == locale);
                let url = page.and_then(|p| self.url(p));
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

    fn base(&self, locale: &str, root: &str, title: &str) -> Context {
        let mut context = Context::new();
        context.insert("site_name", &self.options.site_name);
        context.insert("lang", if locale.is_empty() { "en" } else { locale });
        context.insert("dir", direction(locale));
        context.insert("locale", locale);
        context.insert("root", root);
        context.insert("title", title);
        context.insert("description", "");
        context
    }

    pub fn page_context(&self, planned: &Planned<'d>, rendered: Rendered) -> Context {
        let page = planned.page;
        let root = root_prefix(&planned.url);
        let mut context = self.base(&page.locale, &root, &page_title(page));
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
            &self.alternates(planned.group, &page.locale, &root),
        );
        let findings: Vec<&Finding<'_>> = self.page_findings(page).collect();
        let views: Vec<FindingView> = findings
            .iter()
            .map(|f| self.finding_view(f, &root, true))
            .collect();
        context.insert("findings", &views);
        if !page.facts.is_empty() {
            let spans = fact_spans(page);
            let disagreements: Vec<FindingView> = findings
                .iter()
                .filter(|f| {
                    f.diagnostic.fact.is_some()
                        || spans
                            .iter()
                            .any(|s| overlaps(s, &f.diagnostic.location.span))
                })
                .map(|f| self.finding_view(f, &root, true))
                .collect();
            let facts = &page.facts;
            let permissions: Vec<serde_json::Value> = facts
                .permissions
                .iter()
                .map(|row| {
                    let label = if row.type_text.is_empty() {
                        &row.permission_type
                    } else {
                        &row.type_text
                    };
                    serde_json::json!({ "type": label, "scopes": row.scopes })
                })
                .collect();
            context.insert(
                "facts",
                &serde_json::json!({
                    "endpoints": facts.endpoints.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
                    "permissions": permissions,
                    "response_code": facts.response_code.as_ref().map(|c| c.value),
                    "example_status": facts.example_status.as_ref().map(|c| c.value),
                    "api_version": facts.api_version.as_ref().map(|v| v.value.clone()),
                    "disagreements": disagreements,
                }),
            );
        }
        context
    }

    pub fn locale_home_context(&self, locale: &str) -> Context {
        let root = "../";
        let mut context = self.base(
            locale,
            root,
            &format!("{} · {locale}", self.options.site_name),
        );
        let pages: Vec<serde_json::Value> = self
            .planned
            .iter()
            .filter(|p| p.page.locale == locale)
            .map(|p| {
                serde_json::json!({
                    "title": page_title(p.page),
                    "href": format!("{root}{}", p.url),
                    "endpoints": p.page.facts.endpoints.iter().take(1).map(|e| e.to_string()).collect::<Vec<_>>(),
                })
            })
            .collect();
        context.insert("pages", &pages);
        let alternates: Vec<Alternate> = self
            .docs
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

    pub fn home_context(&self) -> Context {
        let mut context = self.base("", "", &self.options.site_name);
        let mut versions: BTreeMap<String, BTreeMap<String, Vec<serde_json::Value>>> =
            BTreeMap::new();
        for (group, page_group) in self.docs.groups.iter().enumerate() {
            let Some(reference) = english_reference(&page_group.pages) else {
                continue;
            };
            let cells: Vec<serde_json::Value> = self
                .docs
                .locales
                .iter()
                .map(|locale| {
                    let page = page_group.pages.iter().find(|p| &p.locale == locale);
                    let url = page.and_then(|p| self.url(p));
                    let found: Vec<&Finding<'_>> = page
                        .map(|p| self.page_findings(p).collect())
                        .unwrap_or_default();
                    let severity = found.iter().map(|f| f.diagnostic.severity).max();
                    serde_json::json!({
                        "locale": locale,
                        "href": url,
                        "problems": found.len(),
                        "severity": severity,
                    })
                })
                .collect();
            let row = serde_json::json!({
                "title": english_title(reference),
                "endpoints": reference.facts.endpoints.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
                "cells": cells,
                "group": group,
            });
            versions
                .entry(api_version(&page_group.pages, &page_group.path))
                .or_default()
                .entry(resource(&page_group.path))
                .or_default()
                .push(row);
        }
        let versions: Vec<serde_json::Value> = versions
            .into_iter()
            .map(|(name, resources)| {
                let resources: Vec<serde_json::Value> = resources
                    .into_iter()
                    .map(|(name, rows)| serde_json::json!({ "name": name, "rows": rows }))
                    .collect();
                serde_json::json!({ "name": name, "resources": resources })
            })
            .collect();
        context.insert("versions", &versions);
        context.insert("locales", &self.docs.locales);
        context.insert("page_count", &self.planned.len());
        context
    }

    pub fn report_context(&self) -> Context {
        let mut context = self.base("", "", "Consistency report");
        let summary = Summary::new(
            self.diagnostics,
            self.docs.pages().count(),
            self.docs.groups.len(),
            0,
        );
        context.insert("summary", &summary);
        let mut rules: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        for d in self.diagnostics {
            rules.entry(d.code).or_insert((d.rule, 0)).1 += 1;
        }
        let rules: Vec<serde_json::Value> = rules
            .into_iter()
            .map(|(code, (name, count))| serde_json::json!({ "code": code, "name": name, "count": count }))
            .collect();
        context.insert("rules", &rules);
        context.insert("locales", &self.docs.locales);
        let groups: Vec<serde_json::Value> = self
            .docs
            .groups
            .iter()
            .enumerate()
            .map(|(index, group)| {
                let mut group_rules = BTreeSet::new();
                let mut findings = Vec::new();
                let cells: Vec<serde_json::Value> = self
                    .docs
                    .locales
                    .iter()
                    .map(|locale| {
                        let page = group.pages.iter().find(|p| &p.locale == locale);
                        let found: Vec<&Finding<'_>> = page
                            .map(|p| self.page_findings(p).collect())
                            .unwrap_or_default();
                        let cell_rules: BTreeSet<&str> =
                            found.iter().map(|f| f.diagnostic.code).collect();
                        group_rules.extend(cell_rules.iter().copied());
                        findings.extend(found.iter().map(|f| self.finding_view(f, "", false)));
                        serde_json::json!({
                            "locale": locale,
                            "exists": page.is_some(),
                            "count": found.len(),
                            "severity": found.iter().map(|f| f.diagnostic.severity).max(),
                            "rules": cell_rules.into_iter().collect::<Vec<_>>().join(" "),
                            "href": page.and_then(|p| self.url(p)),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "id": format!("g-{}", index + 1),
                    "path": group.path,
                    "rules": group_rules.into_iter().collect::<Vec<_>>().join(" "),
                    "cells": cells,
                    "findings": findings,
                })
            })
            .collect();
        context.insert("groups", &groups);
        context
    }

    /// The search index of one locale, as JSON safe to embed anywhere.
    pub fn search_index(&self, locale: &str) -> String {
        let entries: Vec<serde_json::Value> = self
            .planned
            .iter()
            .filter(|p| p.page.locale == locale)
            .map(|p| {
                serde_json::json!({
                    "title": page_title(p.page),
                    "url": p.url,
                    "path": p.page.path,
                    "endpoints": p.page.facts.endpoints.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
                })
            })
            .collect();
        safe_json(&serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string()))
    }

    pub fn sitemap(&self) -> String {
        let base = self.options.base_url.trim_end_matches('/');
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for planned in &self.planned {
            let loc = super::sanitize::escape(&format!("{base}/{}", planned.url));
            xml.push_str(&format!("  <url>\n    <loc>{loc}</loc>\n"));
            for page in &self.docs.groups[planned.group].pages {
                if let Some(url) = self.url(page) {
                    let href = super::sanitize::escape(&format!("{base}/{url}"));
                    xml.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>\n",
                        super::sanitize::escape(&page.locale)
                    ));
                }
            }
            xml.push_str("  </url>\n");
        }
        xml.push_str("</urlset>\n");
        xml
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

/// The title a reader of the page sees.
fn page_title(page: &Page) -> String {
    page.front_matter
        .as_ref()
        .and_then(|fm| fm.title.clone())
        .filter(|t| !t.trim().is_empty())
        .or_else(|| first_heading(page).map(|h| h.0))
        .unwrap_or_else(|| page.path.clone())
}

/// The first heading as (reader text, English source text).
fn first_heading(page: &Page) -> Option<(String, String)> {
    page.outline.blocks.iter().find_map(|block| match block {
        Block::Heading(h) if h.tab.is_none() => {
            Some((h.text.reader.clone(), h.text.source.clone()))
        }
        _ => None,
    })
}

/// The page of a group whose English source names it: the newest with
/// segments, else the first.
fn english_reference(pages: &[Page]) -> Option<&Page> {
    pages
        .iter()
        .filter(|p| p.has_segments())
        .max_by_key(|p| p.front_matter.as_ref().and_then(|fm| fm.handoff_date()))
        .or_else(|| pages.first())
}

fn english_title(page: &Page) -> String {
    match first_heading(page) {
        Some((_, source)) if page.has_segments() && !source.is_empty() => source,
        _ => page_title(page),
    }
}

/// `v1.0` / `beta` as most pages' example requests say, else the path's.
fn api_version(pages: &[Page], path: &str) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for page in pages {
        if let Some(version) = &page.facts.api_version {
            *counts.entry(version.value.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|(version, _)| version.to_string())
        .or_else(|| {
            path.split('/')
                .find(|p| *p == "v1.0" || *p == "beta")
                .map(str::to_string)
        })
        .unwrap_or_else(|| "other".to_string())
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
