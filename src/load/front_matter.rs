//! Splitting and parsing the leading `---` YAML block of a page.

use crate::model::{FrontMatter, Problem, ProblemKind};
use std::ops::Range;

/// The result of reading a page's front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatterBlock {
    /// `None` when the page has no front matter or it could not be parsed.
    pub front_matter: Option<FrontMatter>,
    /// The YAML text between the fences, as a byte range of the page.
    pub yaml: Option<Range<usize>>,
    /// Where the Markdown body starts.
    pub body_start: usize,
    pub problems: Vec<Problem>,
}

/// Splits off and parses front matter. Tolerates a UTF-8 byte order mark
/// and any line endings; YAML errors are positioned in the page.
pub fn split_front_matter(text: &str) -> FrontMatterBlock {
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut block = FrontMatterBlock {
        front_matter: None,
        yaml: None,
        body_start: start,
        problems: Vec::new(),
    };
    let mut lines = Lines { text, at: start };
    let Some(first) = lines.next() else {
        return block;
    };
    if text[first.clone()].trim_end() != "---" {
        return block;
    }
    let yaml_start = lines.at;
    let close = loop {
        match lines.next() {
            Some(line) => {
                let content = text[line.clone()].trim_end();
                if content == "---" || content == "..." {
                    break Some(line);
                }
            }
            None => break None,
        }
    };
    let Some(close) = close else {
        block.problems.push(Problem {
            kind: ProblemKind::FrontMatterUnclosed,
            span: first.start..first.end,
            message: "front matter opened with `---` is never closed; expected a line `---` after the YAML"
                .to_string(),
            related: None,
        });
        return block;
    };
    let yaml = yaml_start..close.start;
    block.body_start = lines.at;
    block.yaml = Some(yaml.clone());
    let source = &text[yaml.clone()];
    if source.trim().is_empty() {
        block.front_matter = Some(FrontMatter::default());
        return block;
    }
    match crate::yaml::from_str::<FrontMatter>(source) {
        Ok(front_matter) => block.front_matter = Some(front_matter),
        Err(err) => {
            let at = yaml.start + err.offset.unwrap_or(0).min(source.len());
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let hint = if text[line_start..].starts_with('\t') {
                "; YAML is indented with spaces, not tabs"
            } else {
                ""
            };
            block.problems.push(Problem {
                kind: ProblemKind::FrontMatterYaml,
                span: at..at,
                message: format!("front matter is not valid: {}{hint}", err.message),
                related: None,
            });
        }
    }
    block
}

/// Lines of `text` from `at`, each without its line ending (`\n`, `\r\n`, `\r`).
struct Lines<'t> {
    text: &'t str,
    at: usize,
}

impl Iterator for Lines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        if self.at >= bytes.len() {
            return None;
        }
        let start = self.at;
        match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(found) => {
                let end = start + found;
                let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
                self.at = end + if crlf { 2 } else { 1 };
                Some(start..end)
            }
            None => {
                self.at = bytes.len();
                Some(start..bytes.len())
            }
        }
    }
}
