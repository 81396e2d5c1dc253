//! A docfx table of contents (`toc.yml`): the navigation Microsoft Learn
//! builds from each locale's own file, with localized names. Read as
//! untrusted, like every project file.

use super::project_file::{read_project_file, ProjectFileError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A locale's `toc.yml`, not read yet.
#[derive(Debug, Clone)]
pub struct TocFile {
    pub locale: String,
    /// Relative to the locale root, `/`-separated.
    pub path: String,
    pub file: PathBuf,
    /// The file as shown to people: `docs/ru-RU/api/toc.yml`.
    pub shown: String,
}

impl TocFile {
    /// Whether it is a breadcrumb toc (`breadcrumb/toc.yml`), whose
    /// entries name docsets, not pages.
    pub fn is_breadcrumb(&self) -> bool {
        self.path.split('/').any(|part| part == "breadcrumb")
    }
}

/// An entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocNode {
    #[serde(default)]
    pub name: String,
    /// A page (relative to the toc's folder, `~/`-rooted or
    /// site-absolute), or none for a heading of its items.
    #[serde(default)]
    pub href: Option<String>,
    #[serde(default)]
    pub items: Vec<TocNode>,
}

/// Why a `toc.yml` could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TocError {
    #[error(transparent)]
    File(#[from] ProjectFileError),
    /// Not YAML, or not a table of contents, at `line`:`column`
    /// (byte `offset`).
    #[error("`{}`:{line}:{column}: {message}", .path.display())]
    Yaml {
        path: PathBuf,
        offset: usize,
        line: usize,
        column: usize,
        message: String,
    },
}

/// The largest `toc.yml` read (Graph's beta one is about 400 KB).
const MAX_TOC_BYTES: u64 = 8 << 20;

/// The entries of the `toc.yml` at `file`: a list of entries, or one
/// entry whose `items` are the list (a named root).
pub fn read_toc(file: &Path) -> Result<Vec<TocNode>, TocError> {
    parse_toc(&read_toc_text(file)?, file)
}

/// The text of the `toc.yml` at `file`, bounded, as a project file.
pub fn read_toc_text(file: &Path) -> Result<String, TocError> {
    Ok(read_project_file(file, MAX_TOC_BYTES)?)
}

/// The entries of `text`, the `toc.yml` at `file` (see [`read_toc`]).
pub fn parse_toc(text: &str, file: &Path) -> Result<Vec<TocNode>, TocError> {
    // Read as the shape its first line shows: trying both (an untagged
    // enum) would read a whole checkout's tocs twice.
    let read = match is_list(text) {
        true => crate::yaml::from_str::<Vec<TocNode>>(text),
        false => crate::yaml::from_str::<TocNode>(text).map(|root| root.items),
    };
    read.map_err(|err| {
        let offset = err.offset.unwrap_or(0);
        let at = crate::source::LineIndex::new(text).position(text, offset);
        TocError::Yaml {
            path: file.to_path_buf(),
            offset,
            line: at.line,
            column: at.column,
            message: err.message,
        }
    })
}

/// Whether the YAML document `text` is a sequence: its first line that
/// is not blank, a comment, a directive or the document's start begins
/// with `- ` or `[`.
fn is_list(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .find(|line| !(line.is_empty() || line.starts_with(['#', '%']) || *line == "---"))
        .is_some_and(|line| line == "-" || line.starts_with("- ") || line.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<TocNode>, TocError> {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), text).expect("write");
        read_toc(file.path())
    }

    #[test]
    fn a_list_and_a_named_root_are_both_read() {
        let list = read("- name: Справка\n  items:\n    - name: Обзор\n      href: overview.md\n")
            .expect("reads");
        assert_eq!(list[0].name, "Справка");
        assert_eq!(list[0].items[0].href.as_deref(), Some("overview.md"));
        let root = read("name: Docs\nitems:\n  - name: A\n    href: a.md\n").expect("reads");
        assert_eq!(root[0].name, "A");
        let flow = read("# generated\n---\n[{name: B, href: b.md}]\n").expect("reads");
        assert_eq!(flow[0].href.as_deref(), Some("b.md"));
        let tab = read("\n-\n  name: C\n").expect("reads");
        assert_eq!(tab[0].name, "C");
    }

    #[test]
    fn broken_tocs_are_errors_not_panics() {
        let deep: String = (0..200)
            .map(|depth| format!("{}- items:\n", "  ".repeat(depth)))
            .collect();
        for text in ["- name: [", "42", "- name: a\n  items: 7\n", &deep] {
            assert!(read(text).is_err(), "{text}");
        }
    }

    /// A toc that does not read says where, as a page's front matter does.
    #[test]
    fn a_broken_toc_is_named_at_its_line_and_column() {
        let text = "- name: A\n  href: a.md\n- name:\n    - B\n";
        let err = parse_toc(text, Path::new("docs/toc.yml")).expect_err("a list is no name");
        let said = err.to_string();
        assert!(
            said.starts_with("`docs/toc.yml`:4:") && said.contains("expected a string"),
            "{said}"
        );
    }
}
