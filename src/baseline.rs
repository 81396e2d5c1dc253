//! Baselines: the known findings of a corpus, so CI fails only on new ones.
//!
//! An entry is keyed by rule, locale, page and the finding's own key (a
//! segment id, a scope, a header name), never by line, so it survives
//! edits elsewhere on the page. Equal entries are counted, so a second
//! identical finding on the same page is new.

use crate::diagnostic::Diagnostic;
use crate::load::{excerpt, read_project_file, ProjectFileError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const VERSION: u32 = 1;

/// The largest baseline read: a few hundred bytes a finding.
const MAX_BASELINE_BYTES: u64 = 1 << 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    pub locale: String,
    pub path: String,
    pub key: String,
    /// For people reading the file; not used for matching.
    #[serde(default)]
    pub message: String,
    /// The finding's defect pattern (`SXS005-3fa2c1d9`): a team can find
    /// a pattern's entries, or remove them once it is fixed. Not used for
    /// matching.
    #[serde(default)]
    pub pattern: String,
}

/// Why a baseline was not read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("baseline: {0}")]
    Unreadable(#[from] ProjectFileError),
    /// Not the JSON of a baseline: an excerpt of what the parser said.
    #[error("baseline `{}` is not valid: {excerpt}", .path.display())]
    Invalid { path: PathBuf, excerpt: String },
    #[error("baseline `{}` has version {version}, this sxsdoc reads version {VERSION}; write it again with --write-baseline", .path.display())]
    Version { path: PathBuf, version: u32 },
}

impl Baseline {
    pub fn from_diagnostics(diagnostics: &[Diagnostic]) -> Baseline {
        let mut findings: Vec<Entry> = diagnostics
            .iter()
            .map(|d| Entry {
                code: d.code.to_string(),
                locale: d.location.locale.clone(),
                path: d.location.path.clone(),
                key: d.key.clone(),
                message: d.message.clone(),
                pattern: d.pattern_id(),
            })
            .collect();
        findings.sort();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// Reads the baseline at `path` (see [`read_project_file`]).
    pub fn read(path: &Path) -> Result<Baseline, BaselineError> {
        let text = read_project_file(path, MAX_BASELINE_BYTES)?;
        let baseline: Baseline =
            serde_json::from_str(&text).map_err(|err| BaselineError::Invalid {
                path: path.to_path_buf(),
                excerpt: excerpt(&err.to_string(), 300),
            })?;
        if baseline.version != VERSION {
            return Err(BaselineError::Version {
                path: path.to_path_buf(),
                version: baseline.version,
            });
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Removes the findings the baseline lists; returns how many it removed.
    pub fn filter(&self, diagnostics: &mut Vec<Diagnostic>) -> usize {
        self.matcher().filter(diagnostics)
    }

    /// A filter for findings given a few at a time, in order.
    pub fn matcher(&self) -> Matcher {
        let mut known: BTreeMap<[String; 4], usize> = BTreeMap::new();
        for entry in &self.findings {
            let key = [&entry.code, &entry.locale, &entry.path, &entry.key].map(|s| s.to_string());
            *known.entry(key).or_default() += 1;
        }
        Matcher { known }
    }
}

/// What is left of a baseline's entries while findings are filtered: an
/// entry removes one finding, the first that matches it.
#[derive(Debug)]
pub struct Matcher {
    known: BTreeMap<[String; 4], usize>,
}

impl Matcher {
    /// Removes the findings the baseline lists and earlier calls did not
    /// match; returns how many it removed.
    pub fn filter(&mut self, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let before = diagnostics.len();
        diagnostics.retain(|d| {
            let key = [d.code, &d.location.locale, &d.location.path, &d.key].map(str::to_string);
            match self.known.get_mut(&key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
        before - diagnostics.len()
    }

    /// How many entries matched no finding, of those whose rule ran on
    /// their locale (`checked`, given a rule code and a locale): the
    /// findings fixed since the baseline was written.
    pub fn unmatched(&self, checked: impl Fn(&str, &str) -> bool) -> usize {
        self.known
            .iter()
            .filter(|([code, locale, ..], _)| checked(code, locale))
            .map(|(_, left)| left)
            .sum()
    }
}
