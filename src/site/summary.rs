//! What the site keeps of each page group once its pages are written: the
//! data the index pages (home, locale homes, report, search indexes,
//! sitemap) are rendered from, and what the build cache stores of a group.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Block, Page};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageSummary {
    pub locale: String,
    /// Output path relative to the site root; `None` when not written.
    /// Never read from the build cache: where a page goes is this build's
    /// to say.
    #[serde(skip)]
    pub url: Option<String>,
    /// The title a reader sees.
    pub title: String,
    /// The English title, from the first heading's source, when known.
    pub english_title: Option<String>,
    pub endpoints: Vec<String>,
    /// How many of its segments are behind the newest English of its
    /// group (see [`crate::model::Alignment`]).
    #[serde(default)]
    pub behind: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupSummary {
    pub path: String,
    /// In locale order.
    pub pages: Vec<PageSummary>,
    /// Its findings, in locale order, then as found.
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
    /// Stable across builds: see [`finding_id`].
    pub id: String,
    pub code: String,
    /// The rule's name.
    pub rule: String,
    pub severity: Severity,
    pub locale: String,
    pub line: usize,
    pub message: String,
    pub notes: Vec<String>,
    /// Its defect pattern's id (see [`Diagnostic::pattern_id`]).
    pub pattern: String,
}

impl FindingRow {
    pub fn new(d: &Diagnostic) -> FindingRow {
        FindingRow {
            id: finding_id(d),
            code: d.code.to_string(),
            rule: d.rule.to_string(),
            severity: d.severity,
            locale: d.location.locale.clone(),
            line: d.location.start.line,
            message: d.message.clone(),
            notes: d.notes.clone(),
            pattern: d.pattern_id(),
        }
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

impl PageSummary {
    /// Its title as a page shown in its English (`in_english`) reads it:
    /// the English title, when known; else its own.
    pub fn title_shown(&self, in_english: bool) -> &str {
        match (in_english, &self.english_title) {
            (true, Some(english)) => english,
            _ => &self.title,
        }
    }

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
            url,
            title,
            english_title,
            endpoints: page.facts.endpoints.iter().map(|e| e.to_string()).collect(),
            behind: 0,
        }
    }
}

/// What one locale's page of a group is shown with in the matrices: how
/// many findings, the worst, and their rules.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LocaleFindings<'a> {
    pub count: usize,
    pub severity: Option<Severity>,
    /// Rule codes, sorted.
    pub rules: BTreeSet<&'a str>,
}

impl GroupSummary {
    /// A summary of the group at `path` that says nothing of its pages.
    pub fn of_path(path: &str) -> GroupSummary {
        GroupSummary {
            path: path.to_string(),
            pages: Vec::new(),
            findings: Vec::new(),
            reference: None,
            api_version: None,
        }
    }

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

    /// Its page in `locale`, if there is one.
    pub fn page(&self, locale: &str) -> Option<&PageSummary> {
        self.pages.iter().find(|p| p.locale == locale)
    }

    /// The output path of its page in `locale`, when written.
    pub fn url(&self, locale: &str) -> Option<&String> {
        self.page(locale)?.url.as_ref()
    }

    /// Its pages that are written.
    pub fn written(&self) -> impl Iterator<Item = (&PageSummary, &String)> {
        self.pages.iter().filter_map(|p| Some((p, p.url.as_ref()?)))
    }

    /// Its findings in `locale`, counted.
    pub fn findings_in(&self, locale: &str) -> LocaleFindings<'_> {
        let mut found = LocaleFindings::default();
        for f in self.findings.iter().filter(|f| f.locale == locale) {
            found.count += 1;
            found.severity = found.severity.max(Some(f.severity));
            found.rules.insert(&f.code);
        }
        found
    }
}
