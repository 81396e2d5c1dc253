//! The YAML nesting bound: where a document nests too deep is found
//! before the backend reads it, and agrees with the backend.

use sxsdoc::yaml::{too_deep, MAX_DEPTH};

fn deep(text: &str) -> Option<usize> {
    too_deep(text, MAX_DEPTH)
}

#[test]
fn unclosed_flow_nesting_is_found_where_it_passes_the_limit() {
    let text = format!("title: t\nx: {}\n", "[".repeat(80_000));
    // The block mapping is one level; the 64th `[` is the 65th.
    assert_eq!(deep(&text), Some("title: t\nx: ".len() + 63));
    let text = format!("x: {}", "{a: ".repeat(100));
    assert_eq!(deep(&text), Some(3 + 63 * 4));
    // The first `-` is in line with `x`: a sequence, but no new indent.
    assert_eq!(deep(&format!("x:\n{}", "- ".repeat(100))), Some(3 + 64 * 2));
}

#[test]
fn nesting_within_the_limit_passes() {
    let text = format!("x: {}{}\n", "[".repeat(63), "]".repeat(63));
    assert_eq!(deep(&text), None);
    let text = format!("x: {}\n", "[a], ".repeat(10_000));
    assert_eq!(deep(&text), None);
}

#[test]
fn brackets_in_text_are_not_collections() {
    let brackets = "[".repeat(100);
    for text in [
        format!("x: '{brackets}'\n"),
        format!("x: \"a\\\"{brackets}\"\n"),
        format!("x: 'it''s\n  {brackets}'\n"),
        format!("x: a{brackets}\n"),
        format!("x: a\n  {brackets}\n"),
        format!("x: a # {brackets}\n"),
        format!("# {brackets}\nx: a\n"),
        format!("x: |\n  {brackets}\n  {brackets}\ny: b\n"),
        format!("x: >2-\n   {brackets}\n"),
        format!("- |\n {brackets}\n"),
        format!("x: !<tag:{brackets}> a\n"),
        format!("%TAG !e! tag:{brackets}\n--- \nx: a\n"),
        format!("x: [a{}]\n", "]".repeat(100)),
    ] {
        assert_eq!(deep(&text), None, "{text:?}");
    }
}

#[test]
fn text_that_ends_a_scalar_does_not_hide_collections() {
    let brackets = "[".repeat(100);
    for text in [
        // The block scalar is empty: `y` is not indented past `x`.
        format!("x: |\ny: {brackets}\n"),
        format!("a:\n  x: |\n  y: {brackets}\n"),
        // A plain scalar stops at a line indented no further than its key.
        format!("x: a\ny: {brackets}\n"),
        format!("x: 'a'\ny: {brackets}\n"),
        // A quote inside a plain scalar is text.
        format!("x: it's\ny: {brackets}\n"),
        format!("x: a#b\ny: {brackets}\n"),
        format!("x: \"a\\\\\"\ny: {brackets}\n"),
        format!("x: a\u{2028}y: {brackets}\n"),
        format!("--- |\n{brackets}\n"),
    ] {
        assert!(deep(&text).is_some(), "{text:?}");
    }
}

/// A random document: YAML's indicators, scalars and line breaks.
fn random_document(seed: &mut u64) -> String {
    const PIECES: &[&str] = &[
        "a",
        "b: ",
        "- ",
        "? ",
        ": ",
        "'",
        "\"",
        "''",
        "\\",
        "\\\"",
        " #",
        "#",
        "|",
        ">",
        "|-",
        "|2",
        ">+",
        "&a ",
        "!t ",
        "!<",
        ">",
        "[",
        "]",
        "{",
        "}",
        ", ",
        ":",
        "\t",
        "\n",
        "\n",
        "\n",
        "\r\n",
        "\n  ",
        "\n    ",
        "\n ",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "é",
        "\u{2028}",
        "\u{feff}",
        " ",
        "  ",
        "x: ",
        "-",
        "?",
    ];
    let mut next = || {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    };
    let mut text = String::new();
    let pieces = 1 + next() % 24;
    let run_at = next() % pieces;
    for piece in 0..pieces {
        if piece == run_at {
            let run = if next() % 2 == 0 { "[" } else { "{" };
            text.push_str(&run.repeat(150));
        }
        text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
    }
    text
}

/// Whatever the backend nests past its recursion limit, this finds too.
#[test]
fn agrees_with_the_backend_on_random_documents() {
    let mut seed = 0x5eed_u64;
    let mut recursed = 0;
    for _ in 0..3_000 {
        let text = random_document(&mut seed);
        let parsed = serde_yaml::from_str::<serde_yaml::Value>(&text);
        let backend_recursed = parsed
            .as_ref()
            .is_err_and(|err| err.to_string().contains("recursion limit exceeded"));
        if backend_recursed {
            recursed += 1;
            assert!(too_deep(&text, 100).is_some(), "{text:?}");
        }
        if too_deep(&text, 140).is_some() {
            assert!(parsed.is_err(), "{text:?}");
        }
    }
    assert!(recursed > 300, "{recursed}");
}
