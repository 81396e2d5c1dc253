//! Reading a project's own files (`sxsdoc.toml`, a baseline, templates),
//! which may come from an outside pull request like the pages: only plain
//! files, of a bounded size, never through a link (a planted
//! `sxsdoc.toml` → `/proc/self/environ` would otherwise have its secrets
//! quoted in an error message, or published).

use crate::printable::push_printable;
use std::path::{Path, PathBuf};

/// Why a project file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    #[error("`{}` is a symbolic link; sxsdoc reads settings, baselines and templates only from plain files", .0.display())]
    Link(PathBuf),
    /// A folder, a device, a pipe: anything but a plain file.
    #[error("`{}` is not a plain file", .0.display())]
    NotAFile(PathBuf),
    #[error("`{}` is larger than {} MiB", .0.display(), .1 >> 20)]
    TooLarge(PathBuf, u64),
    #[error("`{}` is not UTF-8", .0.display())]
    NotUtf8(PathBuf),
    #[error("cannot read `{}`: {}", .0.display(), .1)]
    Unreadable(PathBuf, #[source] std::io::Error),
}

impl ProjectFileError {
    /// What is wrong, without the file's path: for a finding at the file.
    pub fn what(&self) -> String {
        match self {
            ProjectFileError::Link(_) => "it is a symbolic link".to_string(),
            ProjectFileError::NotAFile(_) => "it is not a plain file".to_string(),
            ProjectFileError::TooLarge(_, limit) => {
                format!("it is larger than {} MiB", limit >> 20)
            }
            ProjectFileError::NotUtf8(_) => "it is not UTF-8".to_string(),
            ProjectFileError::Unreadable(_, err) => format!("it cannot be read: {err}"),
        }
    }
}

/// The text of the project file at `path`, at most `limit` bytes.
pub fn read_project_file(path: &Path, limit: u64) -> Result<String, ProjectFileError> {
    let unreadable = |err| ProjectFileError::Unreadable(path.to_path_buf(), err);
    let own = std::fs::symlink_metadata(path).map_err(unreadable)?;
    if own.file_type().is_symlink() {
        return Err(ProjectFileError::Link(path.to_path_buf()));
    }
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(ProjectFileError::NotAFile(path.to_path_buf()));
    }
    if metadata.len() > limit {
        return Err(ProjectFileError::TooLarge(path.to_path_buf(), limit));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    let file = std::fs::File::open(path).map_err(unreadable)?;
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit), &mut bytes)
        .map_err(unreadable)?;
    String::from_utf8(bytes).map_err(|_| ProjectFileError::NotUtf8(path.to_path_buf()))
}

/// A short excerpt of `text` for an error message: its first line, at
/// most `max_chars` characters, made printable. A file that is not what
/// it claims (a 5 MB key, a secret) is never echoed whole.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut out = String::new();
    for (n, c) in line.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            break;
        }
        push_printable(&mut out, c);
    }
    out
}

/// A TOML project file that does not parse or holds what sxsdoc does not
/// read: where, on one line, with short escaped excerpts (the parser's
/// own rendering quotes the whole offending line, underlined, on
/// several lines).
#[derive(Debug, thiserror::Error)]
#[error("`{}`:{line}:{column} is not valid: {excerpt} (the line reads `{line_text}`)", .path.display())]
pub struct TomlError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub excerpt: String,
    pub line_text: String,
}

impl TomlError {
    /// `err`, from parsing `text`, the text of the file at `path`.
    pub fn new(err: &toml::de::Error, text: &str, path: &Path) -> TomlError {
        let lines = crate::source::LineIndex::new(text);
        let at = lines.position(text, err.span().map_or(0, |span| span.start));
        TomlError {
            path: path.to_path_buf(),
            line: at.line,
            column: at.column,
            excerpt: excerpt(err.message(), 300),
            line_text: excerpt(lines.line_text(text, at.line), 80),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_and_escaped() {
        assert_eq!(excerpt("a = 1\nb = 2", 80), "a = 1");
        assert_eq!(excerpt("x\x1b]52;c;AAAA\x07", 80), "x\\x1b]52;c;AAAA\\x07");
        let long = "k".repeat(5_000_000);
        assert_eq!(excerpt(&long, 80).chars().count(), 81);
    }
}
