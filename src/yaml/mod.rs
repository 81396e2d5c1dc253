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
/// `PROBLEM at line L column C[, while CONTEXT at line L column C]`:
/// positions are reported by the caller against the whole page instead.
/// Where the context is a token being scanned or a flow collection being
/// parsed, its mark is where that opened and never closed (the quote of
/// `title: "broken`, where the problem is the end of the text), and is
/// reported; a block collection's start says nothing of where in it the
/// mistake is, and the problem's mark is kept. A type error names what
/// front matter is, not a Rust type.
fn error(err: backend::Error, text: &str) -> YamlError {
    let full = err.to_string();
    // The last `, while `: a value quoted in the problem may hold it too.
    let (problem, context) = match full.rsplit_once(", while ") {
        Some((problem, context))
            if context.starts_with("scanning ") || context.starts_with("parsing ") =>
        {
            (problem, Some(split_mark(context)))
        }
        _ => (full.as_str(), None),
    };
    let (problem, _) = split_mark(problem);
    let mut offset = err.location().map(|location| location.index());
    let mut message = problem.to_string();
    if let Some((context, mark)) = context {
        message = format!("{problem} while {context}");
        if context.starts_with("scanning ") || context.starts_with("parsing a flow ") {
            offset = mark
                .and_then(|(line, column)| offset_of(text, line, column))
                .or(offset);
        }
    }
    if let Some(at) = message.find("expected struct ") {
        message.truncate(at);
        message.push_str("expected `key: value` lines");
    }
    // `title: "broken` closed by the quote of a later line: the parser
    // stops there, lines on; the mistake is where the quote opened.
    let before = &text[..offset.unwrap_or(text.len()).min(text.len())];
    if let Some(quote) = open_quote(before) {
        message.push_str(" (a quote opened here, not closed on its line)");
        offset = Some(quote);
    }
    YamlError { offset, message }
}

/// The first value of a `key: value` line of `text` that opens a quote
/// and does not close it on its line (`title: "broken`): the quote's
/// offset. A line the error is on is not counted.
fn open_quote(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if !line.ends_with('\n') {
            break;
        }
        let Some(colon) = line.find(": ") else {
            continue;
        };
        let value = line[colon + 2..].trim();
        let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let closed = match quote {
            // `\"` is no end of a double-quoted value; `''` is a quote in
            // a single-quoted one, so an even count closes nothing.
            '"' => value[1..]
                .replace("\\\\", "")
                .replace("\\\"", "")
                .contains('"'),
            _ => value[1..].matches('\'').count() % 2 == 1,
        };
        if !closed {
            return line.find(quote).map(|at| start + at);
        }
    }
    None
}

/// `TEXT at line L column C` as TEXT and (L, C), both from 1; a part
/// whose end is not such a mark is all text.
fn split_mark(part: &str) -> (&str, Option<(usize, usize)>) {
    let mark = part.rsplit_once(" at line ").and_then(|(text, mark)| {
        let (line, column) = mark.split_once(" column ")?;
        Some((text, (line.parse().ok()?, column.parse().ok()?)))
    });
    match mark {
        Some((text, mark)) => (text, Some(mark)),
        None => (part, None),
    }
}

/// The byte offset in `text` of libyaml's mark at `line`, `column` (both
/// from 1): it counts characters, and breaks lines at CR LF, CR, LF, NEL,
/// LS and PS (a title holding U+2028 is two of its lines).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let (mut at_line, mut at_column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if (at_line, at_column) == (line, column) {
            return Some(at);
        }
        if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
            chars.next();
        }
        if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            (at_line, at_column) = (at_line + 1, 1);
        } else {
            at_column += 1;
        }
    }
    ((at_line, at_column) == (line, column)).then_some(text.len())
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
        // After a line break of YAML's own (U+2028), not of the page's.
        let text = "a: \"x\u{2028}y\"\ntitle: \"broken\n";
        let err = from_str::<BTreeMap<String, String>>(text).unwrap_err();
        assert_eq!(err.offset, text.find("\"broken"));
        // Closed by the quote of a later line, where the parser stops.
        let text = "a: 1\ntitle: \"Действие disconnect\nb: 2\nid: \"3602\"\n";
        let err = from_str::<BTreeMap<String, String>>(text).unwrap_err();
        assert_eq!(err.offset, text.find("\"Действие"), "{}", err.message);
        assert!(err
            .message
            .ends_with("(a quote opened here, not closed on its line)"));
        // Quotes closed on their lines, escaped or doubled, are no cause.
        assert_eq!(open_quote("a: \"x \\\" y\"\nb: 'it''s'\nc: x\n"), None);
        // A mistake inside a block map is where it is, not where the map
        // starts.
        let text = "title: T\nnested:\n  a: 1\n  b: 2\n  - x\n";
        let err = from_str::<serde_yaml::Value>(text).unwrap_err();
        assert_eq!(err.offset, text.find("- x"), "{}", err.message);
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
