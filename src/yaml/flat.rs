//! Flat front matter without the YAML parser.
//!
//! Docs front matter is a list of `key: text` lines. Those are read here
//! directly, which is much cheaper than the YAML backend; anything that is
//! not plainly a string (numbers, booleans, nulls, escapes, nesting, flow
//! collections, comments after values, anchors, tags, block scalars,
//! control characters) makes [`flat_strings`] decline, and the whole
//! document goes to the backend. The two must agree on every document the
//! fast path accepts: `tests/parse.rs` and the `yaml` fuzz target check it.

use serde::de::{self, value::Error, Deserializer, IntoDeserializer, Visitor};

/// Every `key: value` of a document whose values are all plain strings, in
/// order; `None` for any other document.
pub fn flat_strings(text: &str) -> Option<Vec<(&str, &str)>> {
    let mut pairs = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim_matches(' ').is_empty() || line.starts_with('#') {
            continue;
        }
        let key_end = line
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')))?;
        let key = &line[..key_end];
        let value = line[key_end..].strip_prefix(": ")?.trim_matches(' ');
        if !key.starts_with(|c: char| c.is_ascii_alphabetic()) || typed(key) {
            return None;
        }
        pairs.push((key, string_value(value)?));
    }
    (!pairs.is_empty()).then_some(pairs)
}

/// The string a value stands for, if it is plainly one.
fn string_value(value: &str) -> Option<&str> {
    if value.chars().any(|c| {
        c.is_control()
            || matches!(
                c,
                '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
    }) {
        return None;
    }
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            // Escapes (`\n`, `''`) need the parser.
            return (!inner.contains([quote, '\\'])).then_some(inner);
        }
    }
    let plain = !value.is_empty()
        && !value.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`',
        ])
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !typed(value);
    plain.then_some(value)
}

/// Whether YAML would read a plain scalar as something other than a
/// string: a null, a boolean or a number in any notation (generously).
fn typed(scalar: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ];
    let unsigned = scalar.trim_start_matches(['+', '-']);
    WORDS.iter().any(|word| word.eq_ignore_ascii_case(scalar))
        || scalar.parse::<f64>().is_ok()
        || unsigned.starts_with('.')
        || ["0x", "0o", "0b"].iter().any(|p| unsigned.starts_with(p))
        || scalar
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'_' | b'+' | b'-' | b'.' | b':'))
}

/// The pairs as a map for any `Deserialize` type.
pub struct FlatMap<'a>(pub Vec<(&'a str, &'a str)>);

impl<'de> Deserializer<'de> for FlatMap<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let entries = self.0.into_iter().map(|(key, value)| (key, Scalar(value)));
        visitor.visit_map(de::value::MapDeserializer::new(entries))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A string value that is also a present `Option`.
struct Scalar<'a>(&'a str);

impl<'de> IntoDeserializer<'de, Error> for Scalar<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Scalar<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrontMatter;
    use std::collections::BTreeMap;

    /// Both ways of reading `text` agree, whichever one runs.
    fn agree(text: &str) {
        type Map = BTreeMap<String, serde_json::Value>;
        assert_eq!(
            crate::yaml::from_str::<FrontMatter>(text),
            crate::yaml::from_str_with_backend::<FrontMatter>(text),
            "{text:?}"
        );
        assert_eq!(
            crate::yaml::from_str::<Map>(text),
            crate::yaml::from_str_with_backend::<Map>(text),
            "{text:?}"
        );
    }

    #[test]
    fn plain_front_matter_is_read_directly() {
        let text = "title: Получение пользователя (C#)\r\nms.lasthandoff: 08/14/2019\n# note\n\nms.locfileid: \"36396753\"\nauthor: 'x y'\nurl: http://a/b#c\n";
        let pairs = flat_strings(text).expect("flat");
        assert_eq!(pairs[0], ("title", "Получение пользователя (C#)"));
        assert_eq!(pairs[2], ("ms.locfileid", "36396753"));
        assert_eq!(pairs.len(), 5);
        agree(text);
    }

    #[test]
    fn anything_else_goes_to_the_backend() {
        for text in [
            "count: 5\n",
            "flag: true\n",
            "flag: Yes\n",
            "none: ~\n",
            "empty:\n",
            "date: 2019-08-14\n",
            "hex: 0x1F\n",
            "inf: .inf\n",
            "escaped: \"a\\nb\"\n",
            "quoted: 'it''s'\n",
            "comment: text # trailing\n",
            "nested:\n  a: b\n",
            "list: [a, b]\n",
            "anchor: &a text\n",
            "tag: !x text\n",
            "block: |\n  text\n",
            "tabbed:\ttext\n",
            "control: a\u{7}b\n",
            "key:value\n",
            "- item\n",
            "true: key\n",
            "title: ends with colon:\n",
            "title: \"unclosed\n",
            "",
        ] {
            assert!(flat_strings(text).is_none(), "{text:?}");
            agree(text);
        }
    }

    #[test]
    fn wrong_types_get_the_backend_message() {
        // `title` is a string field; a map is refused, by the backend.
        let text = "title: x\ndescription: y\n";
        agree(text);
        let err = crate::yaml::from_str::<BTreeMap<String, u32>>(text).unwrap_err();
        assert_eq!(
            Some(err),
            crate::yaml::from_str_with_backend::<BTreeMap<String, u32>>(text).err()
        );
    }
}
