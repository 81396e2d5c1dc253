//! The one place that knows which YAML library parses front matter.
//!
//! serde_yaml is archived upstream; a maintained fork with the same API
//! (serde_norway, serde_yml) replaces it by changing the `use` line below.

use serde_yaml as backend;

use serde::de::DeserializeOwned;

/// A YAML error, positioned in the YAML text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Byte offset into the parsed text, when the parser knows it.
    pub offset: Option<usize>,
    pub message: String,
}

/// Parses one YAML document into `T`.
/// Duplicate keys are an error, whatever `T` is.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    // A plain struct or map silently keeps the last of two equal keys; the
    // backend's own value type refuses them, so check with it first.
    backend::from_str::<backend::Value>(text).map_err(error)?;
    backend::from_str(text).map_err(error)
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
        let err = from_str::<BTreeMap<String, String>>("a: 1\na: 2\n").unwrap_err();
        assert!(err.message.contains("duplicate"), "{}", err.message);
    }
}
