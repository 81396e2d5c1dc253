//! The build cache: what each page group produced last time, so a rebuild
//! renders only the groups whose files changed.
//!
//! It lives beside the output (`.<output>.sxsdoc-cache.json`), never in
//! it, and is trusted only when everything else a page's HTML depends on
//! is unchanged: the sxsdoc binary, the templates, the build options and
//! settings, the locales and the set of pages.

use crate::check::find_rule;
use crate::diagnostic::{Diagnostic, Fact, Location, Related, Severity};
use crate::site::GroupSummary;
use crate::source::Position;
use crate::tree::GroupFiles;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize, Default)]
pub struct Cache {
    version: u32,
    fingerprint: u64,
    /// What the index pages were made from (see `Builder::finish`).
    #[serde(default)]
    pub indexes: Option<u64>,
    groups: HashMap<String, Entry>,
}

/// What one group produced, and the files it was produced from.
#[derive(Serialize, Deserialize, Clone)]
pub struct Entry {
    pub files: Vec<FileStamp>,
    pub diagnostics: Vec<StoredDiagnostic>,
    pub summary: GroupSummary,
}

/// A file as it was: size and modification time, with a content hash to
/// fall back on when only the time changed.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct FileStamp {
    path: PathBuf,
    len: u64,
    modified: u128,
    hash: u64,
}

impl Cache {
    pub fn path(output: &Path) -> PathBuf {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        parent.join(format!(".{name}.sxsdoc-cache.json"))
    }

    pub fn new(fingerprint: u64) -> Cache {
        Cache {
            version: VERSION,
            fingerprint,
            indexes: None,
            groups: HashMap::new(),
        }
    }

    /// The cache of the previous build, if it matches `fingerprint` and
    /// the previous site is still there.
    pub fn read(output: &Path, fingerprint: u64) -> Cache {
        let fresh = Cache::new(fingerprint);
        if !output.is_dir() {
            return fresh;
        }
        let Ok(text) = std::fs::read_to_string(Cache::path(output)) else {
            return fresh;
        };
        match serde_json::from_str::<Cache>(&text) {
            Ok(cache) if cache.version == VERSION && cache.fingerprint == fingerprint => cache,
            _ => fresh,
        }
    }

    /// The entry for `group` if none of its files changed.
    pub fn hit(&self, group: &GroupFiles) -> Option<&Entry> {
        let entry = self.groups.get(&group.path)?;
        let same = entry.files.len() == group.files.len()
            && entry
                .files
                .iter()
                .zip(&group.files)
                .all(|(stamp, file)| stamp.matches(&file.fs_path));
        same.then_some(entry)
    }

    /// Writes the cache of a finished build, one group at a time, so the
    /// stored copies of all diagnostics never exist at once.
    /// `diagnostics` are sorted by path, as the groups are.
    pub fn write(
        output: &Path,
        fingerprint: u64,
        indexes: u64,
        groups: &[GroupSummary],
        stamps: &[Vec<FileStamp>],
        diagnostics: &[Diagnostic],
    ) -> Result<(), String> {
        use std::io::Write;
        let path = Cache::path(output);
        let fail =
            |err: &dyn std::fmt::Display| format!("cannot write `{}`: {err}", path.display());
        let file = std::fs::File::create(&path).map_err(|e| fail(&e))?;
        let mut out = std::io::BufWriter::new(file);
        write!(
            out,
            "{{\"version\":{VERSION},\"fingerprint\":{fingerprint},\"indexes\":{indexes},\"groups\":{{"
        )
        .map_err(|e| fail(&e))?;
        let mut rest = diagnostics;
        for (index, (summary, files)) in groups.iter().zip(stamps).enumerate() {
            let start = rest.partition_point(|d| d.location.path < summary.path);
            let end = rest.partition_point(|d| d.location.path <= summary.path);
            let entry = Entry {
                files: files.clone(),
                diagnostics: rest[start..end]
                    .iter()
                    .map(StoredDiagnostic::from)
                    .collect(),
                summary: summary.clone(),
            };
            rest = &rest[end..];
            if index > 0 {
                out.write_all(b",").map_err(|e| fail(&e))?;
            }
            serde_json::to_writer(&mut out, &summary.path).map_err(|e| fail(&e))?;
            out.write_all(b":").map_err(|e| fail(&e))?;
            serde_json::to_writer(&mut out, &entry).map_err(|e| fail(&e))?;
        }
        out.write_all(b"}}").map_err(|e| fail(&e))?;
        out.flush().map_err(|e| fail(&e))
    }
}

impl FileStamp {
    /// The stamps of a group's files as they are now.
    pub fn all(group: &GroupFiles) -> Vec<FileStamp> {
        group
            .files
            .iter()
            .filter_map(|f| FileStamp::of(&f.fs_path))
            .collect()
    }

    fn of(path: &Path) -> Option<FileStamp> {
        let metadata = std::fs::metadata(path).ok()?;
        let bytes = std::fs::read(path).ok()?;
        Some(FileStamp {
            path: path.to_path_buf(),
            len: metadata.len(),
            modified: modified(&metadata),
            hash: hash_bytes(&bytes),
        })
    }

    fn matches(&self, path: &Path) -> bool {
        if self.path != path {
            return false;
        }
        let Ok(metadata) = std::fs::metadata(path) else {
            return false;
        };
        if metadata.len() != self.len {
            return false;
        }
        modified(&metadata) == self.modified
            || std::fs::read(path).is_ok_and(|bytes| hash_bytes(&bytes) == self.hash)
    }
}

fn modified(metadata: &std::fs::Metadata) -> u128 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// A diagnostic as the cache keeps it; rule codes are looked up again on
/// the way back in.
#[derive(Serialize, Deserialize, Clone)]
pub struct StoredDiagnostic {
    code: String,
    severity: Severity,
    message: String,
    location: StoredLocation,
    fact: Option<Fact>,
    related: Vec<(StoredLocation, String)>,
    notes: Vec<String>,
    key: String,
}

#[derive(Serialize, Deserialize, Clone)]
struct StoredLocation {
    locale: String,
    path: String,
    file: String,
    span: (usize, usize),
    start: Position,
    end: Position,
    /// Snippets are for terminals; a build shows none, so the cache
    /// keeps none.
    #[serde(skip)]
    line_text: String,
}

impl From<&Location> for StoredLocation {
    fn from(l: &Location) -> StoredLocation {
        StoredLocation {
            locale: l.locale.clone(),
            path: l.path.clone(),
            file: l.file.clone(),
            span: (l.span.start, l.span.end),
            start: l.start,
            end: l.end,
            line_text: l.line_text.clone(),
        }
    }
}

impl From<StoredLocation> for Location {
    fn from(l: StoredLocation) -> Location {
        Location {
            locale: l.locale,
            path: l.path,
            file: l.file,
            span: l.span.0..l.span.1,
            start: l.start,
            end: l.end,
            line_text: l.line_text,
            line_offset: 0,
        }
    }
}

impl From<&Diagnostic> for StoredDiagnostic {
    fn from(d: &Diagnostic) -> StoredDiagnostic {
        StoredDiagnostic {
            code: d.code.to_string(),
            severity: d.severity,
            message: d.message.clone(),
            location: (&d.location).into(),
            fact: d.fact,
            related: d
                .related
                .iter()
                .map(|r| ((&r.location).into(), r.message.clone()))
                .collect(),
            notes: d.notes.clone(),
            key: d.key.clone(),
        }
    }
}

impl StoredDiagnostic {
    /// `None` when the rule no longer exists (the cache is then unused).
    pub fn restore(self) -> Option<Diagnostic> {
        let rule = find_rule(&self.code)?;
        Some(Diagnostic {
            code: rule.code,
            rule: rule.name,
            severity: self.severity,
            message: self.message,
            location: self.location.into(),
            fact: self.fact,
            related: self
                .related
                .into_iter()
                .map(|(location, message)| Related {
                    location: location.into(),
                    message,
                })
                .collect(),
            notes: self.notes,
            key: self.key,
        })
    }
}
