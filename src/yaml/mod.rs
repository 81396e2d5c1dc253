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
    backend::from_str(text).map_err(error)
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

fn error(err: backend::Error) -> YamlError {
    YamlError {
        offset: err.location().map(|location| location.index()),
        message: clean_message(&err.to_string()),
    }
}

/// The backend appends "at line L column C" to its messages; positions are
/// reported by the caller against the whole page instead.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message.to_string(),
    }
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
