//! Text from pages and file names made safe to print: control characters
//! and bidi overrides are shown as escapes, so what a page or a file name
//! holds can neither drive a terminal (ESC and OSC sequences) nor start a
//! new line that a CI log reads as a command (`::error ...`).

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is printed as an escape instead of itself: C0 controls but
/// the tab, DEL, C1 controls, the Unicode line and paragraph separators,
/// and the bidi embeddings, overrides and isolates that reorder what a
/// reader sees (the "Trojan Source" characters, as rustc lists them).
pub fn is_escaped(c: char) -> bool {
    match c {
        '\t' => false,
        '\0'..='\x1f' | '\x7f'..='\u{9f}' => true,
        '\u{2028}' | '\u{2029}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// Appends `c` to `out` as it is printed: itself, or its escape (`\n`,
/// `\r`, `\x1b` below U+0080, `\u{202e}` above), which is plain ASCII.
pub fn push_printable(out: &mut String, c: char) {
    if !is_escaped(c) {
        out.push(c);
        return;
    }
    let _ = match c {
        '\n' => out.write_str("\\n"),
        '\r' => out.write_str("\\r"),
        c if c.is_ascii() => write!(out, "\\x{:02x}", u32::from(c)),
        c => write!(out, "\\u{{{:x}}}", u32::from(c)),
    };
}

/// `text` as it may be printed to a terminal or a CI log: on one line,
/// with every character [`is_escaped`] names shown as its escape.
/// Borrowed when nothing needs escaping, as almost every text is.
pub fn printable(text: &str) -> Cow<'_, str> {
    let Some(first) = find(text, is_escaped) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        push_printable(&mut out, c);
    }
    Cow::Owned(out)
}

/// JSON text with every character [`is_escaped`] names that serde_json
/// writes raw (DEL, C1 controls, line and paragraph separators, bidi
/// overrides) written as a `\uXXXX` escape instead: the same JSON to a
/// reader, but nothing that acts on a terminal. Such characters stand only
/// inside JSON strings, where the escape means the same character.
pub fn json_printable(json: &str) -> Cow<'_, str> {
    let raw = |c: char| c > '\x1f' && is_escaped(c);
    let Some(first) = find(json, raw) else {
        return Cow::Borrowed(json);
    };
    let mut out = String::with_capacity(json.len() + 8);
    out.push_str(&json[..first]);
    for c in json[first..].chars() {
        if raw(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Where the first character that `escaped` accepts starts. Every
/// character [`is_escaped`] accepts starts with a byte below 0x20, DEL,
/// 0xC2 (C1 controls) or 0xE2 (separators and bidi controls): only those
/// are decoded, not every character of a 15 MB report.
fn find(text: &str, escaped: impl Fn(char) -> bool) -> Option<usize> {
    let lead = |b: &u8| *b < 0x20 || matches!(*b, 0x7f | 0xc2 | 0xe2);
    let mut from = 0;
    while let Some(at) = text.as_bytes().get(from..)?.iter().position(lead) {
        let at = from + at;
        // A lead byte, never a continuation byte: `at` is a boundary.
        if text.get(at..)?.chars().next().is_some_and(&escaped) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let text = "a\u{7f}b\u{85}c\u{2028}d\u{202e}e";
        let json = serde_json::to_string(text).expect("JSON");
        let printable = json_printable(&json);
        assert!(
            !printable.chars().any(|c| c > '\x1f' && is_escaped(c)),
            "{printable}"
        );
        let back: String = serde_json::from_str(&printable).expect("still JSON");
        assert_eq!(back, text);
        assert!(matches!(
            json_printable("{\"a\": \"b\"}\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn plain_text_is_borrowed() {
        for text in ["", "docs/ru-RU/a b.md", "Действие\tx", "承諾 ✓ \u{200f}"] {
            assert!(matches!(printable(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn controls_and_bidi_overrides_are_escaped() {
        assert_eq!(printable("a\nb\r\n"), "a\\nb\\r\\n");
        assert_eq!(printable("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
        assert_eq!(printable("\0\x7f\u{85}\u{9b}"), "\\x00\\x7f\\u{85}\\u{9b}");
        assert_eq!(
            printable("x\u{202e}y\u{2066}z\u{2028}"),
            "x\\u{202e}y\\u{2066}z\\u{2028}"
        );
        assert!(!printable("é\x1bé").chars().any(is_escaped));
    }

    #[test]
    fn the_byte_search_finds_what_a_char_search_finds() {
        let chars = (0..0x3000u32)
            .chain(0xfff0..0x10100)
            .filter_map(char::from_u32);
        for c in chars {
            let text = format!("aé{c}b{c}");
            assert_eq!(find(&text, is_escaped), text.find(is_escaped), "{c:?}");
        }
    }
}
