//! The one place that knows which YAML library parses front matter.
//!
//! serde_yaml is archived upstream; a maintained fork with the same API
//! (serde_norway, serde_yml) replaces it by changing the `use` line below.

use serde_yaml as backend;

mod depth;
mod flat;

pub use depth::{too_deep, MAX_DEPTH};

use serde::de::DeserializeOwned;

/// A YAML error, positioned in the YAML text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Byte offset into the parsed text, when the parser knows it.
    pub offset: Option<usize>,
    pub message: String,
}

/// Parses one YAML document into `T`.
/// Duplicate top-level keys are an error, whatever `T` is.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    // A struct or map silently keeps the last of two equal keys. Parsing
    // twice (once into the backend's own value type, which refuses them)
    // doubles the cost of every page, so top-level keys are compared here.
    if let Some(duplicate) = duplicate_key(text) {
        return Err(duplicate);
    }
    // Flat `key: text` front matter, the common case, without the backend;
    // on any doubt (or a type error, for the backend's message) it decides.
    if let Some(pairs) = flat::flat_strings(text) {
        if let Ok(value) = T::deserialize(flat::FlatMap(pairs)) {
            return Ok(value);
        }
    }
    from_str_with_backend(text)
}

/// [`from_str`] by the YAML backend alone, for checking the fast path.
#[doc(hidden)]
pub fn from_str_with_backend<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(duplicate) = duplicate_key(text) {
        return Err(duplicate);
    }
    if let Some(offset) = depth::too_deep(text, depth::MAX_DEPTH) {
        return Err(YamlError {
            offset: Some(offset),
            message: format!(
                "collections nested more than {} levels deep",
                depth::MAX_DEPTH
            ),
        });
    }
    backend::from_str(text).map_err(|err| error(err, text))
}

/// The second occurrence of a top-level `key:` in block-style YAML.
fn duplicate_key(text: &str) -> Option<YamlError> {
    let mut seen: Vec<&str> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let first = line.as_bytes().first().copied().unwrap_or(b' ');
        if first.is_ascii_whitespace()
            || matches!(first, b'#' | b'-' | b'[' | b'{' | b'?' | b'"' | b'\'')
        {
            continue;
        }
        let Some(colon) = line
            .find(": ")
            .or_else(|| line.trim_end().strip_suffix(':').map(str::len))
        else {
            continue;
        };
        let key = line[..colon].trim_end();
        if seen.contains(&key) {
            return Some(YamlError {
                offset: Some(start),
                message: format!("duplicate key `{key}`"),
            });
        }
        seen.push(key);
    }
    None
}

/// The backend's error as sxsdoc reports it. Its message reads
/// `PROBLEM at line L column C[, CONTEXT at line L column C]`: positions
/// are reported by the caller against the whole page instead, at the
/// context's when it has one (`while scanning a quoted scalar` points at
/// the quote that is never closed, where the problem is the end of the
/// text); and a type error names what front matter is, not a Rust type.
fn error(err: backend::Error, text: &str) -> YamlError {
    let full = err.to_string();
    let (problem, context) = match full.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (full.as_str(), None),
    };
    let (problem, _) = split_mark(problem);
    let mut offset = err.location().map(|location| location.index());
    let mut message = problem.to_string();
    if let Some(context) = context {
        let (context, mark) = split_mark(context);
        message = format!("{problem} while {context}");
        offset = mark
            .and_then(|(line, column)| offset_of(text, line, column))
            .or(offset);
    }
    if let Some(at) = message.find("expected struct ") {
        message.truncate(at);
        message.push_str("expected `key: value` lines");
    }
    YamlError { offset, message }
}

/// `TEXT at line L column C` as TEXT and (L, C), both from 1.
fn split_mark(part: &str) -> (&str, Option<(usize, usize)>) {
    let Some((text, mark)) = part.split_once(" at line ") else {
        return (part, None);
    };
    let mark = mark
        .split_once(" column ")
        .and_then(|(line, column)| Some((line.trim().parse().ok()?, column.trim().parse().ok()?)));
    (text, mark)
}

/// The byte offset of line `line`, character `column` (both from 1) in
/// `text`.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let within = rest
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(rest.len(), |(at, _)| at);
    Some(start + within)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn reports_offset_of_the_error() {
        let err = from_str::<BTreeMap<String, String>>("a: 1\nb: [\n").unwrap_err();
        assert!(err.offset.is_some());
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    /// A quote never closed is reported where it opens, not at the end
    /// of the text where the parser gives up.
    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let text = "title: \"broken\nms.date: 01/01/2019\n";
        let err = from_str::<BTreeMap<String, String>>(text).unwrap_err();
        assert_eq!(
            err.message,
            "found unexpected end of stream while scanning a quoted scalar"
        );
        assert_eq!(err.offset, Some(7));
        let err = from_str::<crate::model::FrontMatter>("- a\n- b\n").unwrap_err();
        assert_eq!(
            err.message,
            "invalid type: sequence, expected `key: value` lines"
        );
    }

    #[test]
    fn rejects_duplicate_keys() {
        let err = from_str::<BTreeMap<String, String>>("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.message, "duplicate key `a`");
        assert_eq!(err.offset, Some(10));
        assert!(
            from_str::<BTreeMap<String, serde_json::Value>>("a:\n  x: 1\nb:\n  x: 2\n").is_ok()
        );
    }
}
