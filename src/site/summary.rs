//! What the site keeps of each page once it is written: enough for the
//! home page, the report, the search index and the sitemap.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Block, Page};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageSummary {
    pub locale: String,
    pub path: String,
    /// Output path relative to the site root; `None` when not written.
    pub url: Option<String>,
    /// The title a reader sees.
    pub title: String,
    /// The English title, from the first heading's source, when known.
    pub english_title: Option<String>,
    pub endpoints: Vec<String>,
    pub api_version: Option<String>,
    pub has_segments: bool,
    pub handoff: Option<(u16, u8, u8)>,
    /// Its item in the list on its locale's home page
    /// (`locale_home_item.html`), rendered with its group; empty when
    /// not written. Never kept in the build cache, which keeps data only.
    #[serde(skip)]
    pub list_item: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupSummary {
    pub path: String,
    pub pages: Vec<PageSummary>,
    /// The group's parts of the index pages, rendered with the group (in
    /// parallel, and kept by the build cache), so the index pages are put
    /// together from them: its section of the report page
    /// (`report_group.html`; empty without findings), its row of the
    /// report's matrix (`report_row.html`) and of the home page's
    /// (`home_row.html`; empty without pages).
    /// Never kept in the build cache, which keeps data only (the
    /// findings below), so nothing in it reaches a page unescaped.
    #[serde(skip)]
    pub report_section: String,
    #[serde(skip)]
    pub report_row: String,
    #[serde(skip)]
    pub home_row: String,
    /// Its findings, for its section of the report.
    pub findings: Vec<FindingRow>,
    /// Of `pages`, the one whose English names the group, and the API
    /// version it documents: its [`crate::model::GroupFacts`], as the
    /// rules read them.
    pub reference: Option<usize>,
    pub api_version: Option<String>,
}

/// A finding as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FindingRow {
    /// Stable across builds: see `context::finding_id`.
    pub id: String,
    pub code: String,
    pub severity: Severity,
    pub locale: String,
    pub line: usize,
    pub message: String,
    pub notes: Vec<String>,
}

impl PageSummary {
    pub fn new(page: &Page, url: Option<String>) -> PageSummary {
        let heading = page.outline.blocks.iter().find_map(|block| match block {
            Block::Heading(h) if h.tab.is_none() => Some(h),
            _ => None,
        });
        let title = page
            .front_matter
            .as_ref()
            .and_then(|fm| fm.title.clone())
            .filter(|t| !t.trim().is_empty())
            .or_else(|| heading.map(|h| h.text.reader.clone()))
            .unwrap_or_else(|| page.path.clone());
        let english_title = heading
            .filter(|h| page.has_segments() && !h.text.source.is_empty())
            .map(|h| h.text.source.clone());
        PageSummary {
            locale: page.locale.clone(),
            path: page.path.clone(),
            url,
            title,
            english_title,
            endpoints: page.facts.endpoints.iter().map(|e| e.to_string()).collect(),
            api_version: page.facts.api_version.as_ref().map(|v| v.value.clone()),
            has_segments: page.has_segments(),
            handoff: page.front_matter.as_ref().and_then(|fm| fm.handoff_date()),
            list_item: String::new(),
        }
    }
}

impl GroupSummary {
    /// The page whose English source names the group (see
    /// [`crate::model::GroupFacts::reference`]), else the first.
    pub fn reference(&self) -> Option<&PageSummary> {
        self.pages.get(self.reference.unwrap_or(0))
    }

    /// The reference page's English title; else another page's (in
    /// locale order), when the reference's first heading has no source;
    /// else the reference's own title.
    pub fn english_title(&self) -> String {
        let reference = self.reference();
        reference
            .into_iter()
            .chain(&self.pages)
            .find_map(|p| p.english_title.clone())
            .or_else(|| reference.map(|p| p.title.clone()))
            .unwrap_or_else(|| self.path.clone())
    }

    /// `v1.0` / `beta` as most pages' example requests say, else the path's.
    pub fn api_version(&self) -> String {
        self.api_version
            .as_deref()
            .or_else(|| crate::model::path_version(&self.path))
            .unwrap_or("other")
            .to_string()
    }
}

/// What the index pages show of one page group's findings: counts, never
/// the findings themselves (its section of the report is rendered with
/// the group: [`GroupSummary::report_section`]). So the index pages of a large
/// corpus are made without holding all of its findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Each locale with findings: how many, the worst, and their rules.
    pub locales: BTreeMap<String, LocaleTally>,
    /// Rule code → (rule name, findings).
    pub rules: BTreeMap<&'static str, (&'static str, usize)>,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocaleTally {
    pub count: usize,
    pub severity: Option<Severity>,
    /// Rule codes, sorted.
    pub rules: BTreeSet<&'static str>,
}

impl Tally {
    /// The tally of one group's findings.
    pub fn new(diagnostics: &[Diagnostic]) -> Tally {
        let mut tally = Tally::default();
        for d in diagnostics {
            let locale = tally.locales.entry(d.location.locale.clone()).or_default();
            locale.count += 1;
            locale.severity = locale.severity.max(Some(d.severity));
            locale.rules.insert(d.code);
            tally.rules.entry(d.code).or_insert((d.rule, 0)).1 += 1;
            match d.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Note => tally.notes += 1,
            }
        }
        tally
    }

    /// Of the findings in `locale`.
    pub fn of(&self, locale: &str) -> Option<&LocaleTally> {
        self.locales.get(locale)
    }
}
