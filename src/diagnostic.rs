//! Diagnostics: what the checker reports, positioned by byte spans.

use crate::source::Position;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The API fact a diagnostic is about, when it is about one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    Endpoints,
    Permissions,
    ResponseCode,
}

/// A place in a page: a byte span, and the line and column people see,
/// filled in by the checker while the page is still loaded (pages are
/// dropped group by group, so output never needs them again).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub locale: String,
    /// Relative to the locale folder.
    pub path: String,
    /// The file as shown to people (`docs/de-DE/...`).
    pub file: String,
    pub span: Range<usize>,
    pub start: Position,
    pub end: Position,
    /// The text of the start line around the span, for snippets; at most
    /// a few hundred characters of a long line.
    pub line_text: String,
    /// How many characters of the line were cut before `line_text`.
    pub line_offset: usize,
}

/// Another place a diagnostic involves, with what it says there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Stable rule code, `SXS303`.
    pub code: &'static str,
    /// Rule name, `api-version-mismatch`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// Locales besides the location's that the finding is about (those
    /// SXS401 says lack the page, which have no file to point at):
    /// `--locale` reports it for them too.
    pub also_about: Vec<String>,
    pub fact: Option<Fact>,
    pub related: Vec<Related>,
    /// Extra lines shown under the snippet: `note: ...`, `help: ...`.
    pub notes: Vec<String>,
    /// What identifies this finding on its page across unrelated edits
    /// (never a line number): a segment id, a scope, a header name.
    pub key: String,
    /// What makes this finding the same defect as others of its rule and
    /// locale, on any page: the English and the damaged translation
    /// (`Authorization|Autorização`), never a page, line or segment id.
    /// Empty means `key`.
    pub pattern: String,
    /// How the page is repaired, when the English proves what it should
    /// say.
    pub fix: Option<Fix>,
}

/// Replacements of byte ranges of one page that repair a finding: all of
/// them or none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    /// Bytes of the page's text, always inside one translation.
    pub span: Range<usize>,
    pub replacement: String,
}

/// Whether `sxsdoc fix` applies a fix by default, as ruff has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The English names the token and the translation holds exactly one
    /// damaged form of it: the replacement cannot be wrong.
    Safe,
    /// A likely repair that a person should look at (`--unsafe-fixes`).
    Unsafe,
}

impl Fix {
    pub fn safe(edits: Vec<Edit>) -> Fix {
        Fix {
            edits,
            applicability: Applicability::Safe,
        }
    }

    pub fn unsafe_(edits: Vec<Edit>) -> Fix {
        Fix {
            edits,
            applicability: Applicability::Unsafe,
        }
    }
}

/// Whether the pattern id `id` is one of `ids` (`--pattern`), in any
/// letter case.
pub fn listed_pattern(ids: &[String], id: &str) -> bool {
    ids.iter().any(|listed| listed.eq_ignore_ascii_case(id))
}

impl Diagnostic {
    /// What makes this finding one defect with others (see `pattern`).
    pub fn pattern_text(&self) -> &str {
        if self.pattern.is_empty() {
            &self.key
        } else {
            &self.pattern
        }
    }

    /// The stable id of this finding's pattern: its rule code and a hash
    /// of its locale and pattern text (`SXS005-3fa2c1d9`), the same on
    /// every run and machine.
    pub fn pattern_id(&self) -> String {
        let text = format!(
            "{}\u{1f}{}\u{1f}{}",
            self.code,
            self.location.locale,
            self.pattern_text()
        );
        let hash = crate::digest::of_bytes(text.as_bytes());
        format!("{}-{:08x}", self.code, hash >> 32)
    }

    /// The order output is printed in, whatever the thread count.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.location.path,
            &self.location.locale,
            self.location.span.start,
            self.code,
            &self.message,
        )
    }
}
