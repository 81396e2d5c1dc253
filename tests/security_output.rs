//! What sxsdoc prints or writes from hostile pages and file names: no
//! terminal escape sequence or bidi override reaches a terminal, no file
//! name starts a line a CI log reads as a workflow command, SARIF URIs are
//! percent-encoded, and the search index is a script a page cannot break.
//! Each tree is written by its test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = include_str!("../docs/ru-RU/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md");

/// Terminal sequences a page can hold: window title, screen clear, OSC 52
/// clipboard write, and a right-to-left override.
const SEQUENCES: &str = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;aGk=\x07\u{202e}";

/// A page name that, printed raw, is three lines, two of them workflow
/// commands a GitHub Actions runner executes.
const INJECTED: &str = "b\n::error file=README.md,line=1::Injected\r::add-mask::x.md";

/// A fresh folder for one test, holding `docs/` with the given pages
/// (`locale/path`, text).
fn tree(name: &str, pages: &[(&str, &str)]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("security-output")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in pages {
        let file = root.join("docs").join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
    root
}

/// The seed page in two locales, the de-DE one with terminal sequences in
/// a translated sentence and its inline code (so in the messages, the
/// notes and the source line), and a page whose name injects commands.
fn hostile_tree(name: &str) -> PathBuf {
    let evil = SEED.replace(
        "`204 No Content`.</span>",
        &format!("`200 OK{SEQUENCES}`.{SEQUENCES}</span>"),
    );
    assert_ne!(evil, SEED, "the seed still has the sentence replaced");
    let injected = format!("de-DE/{INJECTED}");
    tree(
        name,
        &[
            ("ru-RU/a.md", SEED),
            ("de-DE/a.md", &evil),
            (&injected, &format!("no front matter {SEQUENCES}\n")),
        ],
    )
}

fn sxsdoc(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .current_dir(root)
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// `text` without the SGR colour sequences (`ESC [ 1;31 m`) sxsdoc
/// writes itself; any other escape sequence is left in.
fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let params = after.strip_prefix('[').map(|p| {
            p.len()
                - p.trim_start_matches(|c: char| c.is_ascii_digit() || c == ';')
                    .len()
        });
        match params {
            Some(n) if after[1 + n..].starts_with('m') => rest = &after[n + 2..],
            _ => {
                out.push('\x1b');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Fails if `text` holds a control character other than the newline and
/// the tab, a bidi override or isolate, or a line or paragraph separator,
/// saying which and where.
/// `sxsdoc build docs -o site` in `root`, which must succeed.
fn build_site(root: &Path) {
    let output = sxsdoc(root, &["build", "docs", "-o", "site", "--quiet"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// What `args` print on the hostile tree `case`, which must be printable.
fn printable_output(case: &str, args: &[&str]) -> String {
    let root = hostile_tree(case);
    let text = stdout(&sxsdoc(&root, args));
    assert_printable(&text, &args.join(" "));
    text
}

fn assert_printable(text: &str, what: &str) {
    let hidden = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    };
    if let Some(at) = text.find(hidden) {
        let from = floor_char_boundary(text, at.saturating_sub(60));
        panic!(
            "{what}: raw {:?} at byte {at}, after {:?}",
            text[at..].chars().next(),
            &text[from..at]
        );
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Lines a GitHub Actions runner would take for a workflow command: it
/// trims leading white space and looks for `::` and a command name.
fn workflow_commands(text: &str) -> Vec<&str> {
    text.split(['\n', '\r'])
        .map(str::trim_start)
        .filter(|line| {
            line.strip_prefix("::")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
        })
        .collect()
}

#[test]
fn the_human_format_escapes_what_pages_and_file_names_hold() {
    let root = hostile_tree("human");
    for color in ["never", "always"] {
        let output = sxsdoc(&root, &["check", "docs", "--color", color]);
        assert_eq!(output.status.code(), Some(1), "findings fail the check");
        let text = without_colours(&stdout(&output));
        assert_printable(&text, &format!("human output, --color {color}"));
        assert_eq!(
            workflow_commands(&text),
            Vec::<&str>::new(),
            "--color {color}"
        );
        assert!(
            text.contains(
                "docs/de-DE/b\\n::error file=README.md,line=1::Injected\\r::add-mask::x.md:1:1"
            ),
            "the file name is shown escaped on its `-->` line:\n{text}"
        );
        assert!(
            text.contains("`200 OK\\x1b]0;pwned\\x07\\x1b[2J\\x1b]52;c;aGk=\\x07\\u{202e}`"),
            "the sequences are shown escaped:\n{text}"
        );
        if color == "always" {
            assert!(
                stdout(&output).contains("\x1b[1;31merror[SXS003]\x1b[0m"),
                "sxsdoc's own colours still work"
            );
        }
    }
}

#[test]
fn the_github_format_is_one_annotation_per_line() {
    let text = printable_output("github", &["check", "docs", "--format", "github"]);
    let lines: Vec<&str> = text.lines().collect();
    let (summary, annotations) = lines.split_last().expect("a summary line");
    assert!(summary.starts_with("sxsdoc: "), "{summary}");
    for line in annotations {
        assert!(
            ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .any(|command| line.starts_with(command)),
            "not an annotation of sxsdoc's: {line}"
        );
    }
    assert_eq!(workflow_commands(&text).len(), annotations.len());
    assert!(
        text.contains("file=docs/de-DE/b%0A%3A%3Aerror file=README.md%2Cline=1%3A%3AInjected%0D%3A%3Aadd-mask%3A%3Ax.md,line=1,"),
        "line breaks, `:` and `,` of the name are percent-encoded:\n{text}"
    );
    assert!(
        text.contains("`200 OK\\x1b]0;pwned\\x07\\x1b[2J\\x1b]52;c;aGk=\\x07\\u{202e}`"),
        "the sequences are shown escaped:\n{text}"
    );
}

#[test]
fn json_and_sarif_hold_no_raw_control_characters() {
    let root = hostile_tree("json");
    for format in ["json", "sarif"] {
        let output = sxsdoc(&root, &["check", "docs", "--format", format]);
        let text = stdout(&output);
        assert!(
            !text.contains(|c: char| c.is_ascii_control() && c != '\n'),
            "{format}: serde_json escapes C0 controls"
        );
        assert!(
            !text.contains(|c: char| c > '\x1f' && sxsdoc::printable::is_escaped(c)),
            "{format}: DEL, C1 controls, separators and bidi overrides are escaped too"
        );
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let mut strings = Vec::new();
        collect_strings(&value, &mut strings);
        assert!(
            strings.iter().any(|s| s.contains(SEQUENCES)),
            "{format}: the page's text is kept exactly, escaped as JSON"
        );
        if format == "json" {
            let file = format!("docs/de-DE/{INJECTED}");
            assert!(
                strings.contains(&file),
                "json: the file name is kept exactly"
            );
        }
    }
}

#[test]
fn the_facts_text_escapes_what_pages_and_file_names_hold() {
    let text = printable_output("facts", &["facts", "docs", "--format", "text"]);
    assert_eq!(workflow_commands(&text), Vec::<&str>::new());
}

#[test]
fn sarif_uris_are_percent_encoded() {
    let root = tree(
        "sarif-uri",
        &[
            ("ru-RU/a.md", SEED),
            ("de-DE/a b#c?d%e.md", SEED),
            ("de-DE/承諾.md", SEED),
        ],
    );
    let output = sxsdoc(&root, &["check", "docs", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let mut uris = Vec::new();
    collect_uris(&sarif, &mut uris);
    for uri in &uris {
        let mut rest = uri.as_str();
        while let Some(c) = rest.chars().next() {
            if c == '%' {
                assert!(
                    rest.len() >= 3 && rest[1..3].bytes().all(|b| b.is_ascii_hexdigit()),
                    "a bare % in {uri}"
                );
                rest = &rest[3..];
            } else {
                assert!(
                    c.is_ascii_alphanumeric() || "-._~/".contains(c),
                    "{c:?} unencoded in {uri}"
                );
                rest = &rest[1..];
            }
        }
    }
    assert!(
        uris.iter().any(|u| u == "docs/de-DE/a%20b%23c%3Fd%25e.md"),
        "{uris:?}"
    );
    assert!(
        uris.iter().any(|u| u == "docs/de-DE/%E6%89%BF%E8%AB%BE.md"),
        "{uris:?}"
    );
}

fn collect_uris(value: &serde_json::Value, uris: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("uri", serde_json::Value::String(uri)) => uris.push(uri.clone()),
                    _ => collect_uris(value, uris),
                }
            }
        }
        serde_json::Value::Array(values) => values.iter().for_each(|v| collect_uris(v, uris)),
        _ => {}
    }
}

/// Every string value in `value`.
fn collect_strings(value: &serde_json::Value, strings: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => strings.push(text.clone()),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, strings)),
        serde_json::Value::Array(values) => values.iter().for_each(|v| collect_strings(v, strings)),
        _ => {}
    }
}

#[test]
fn the_search_index_escapes_line_separators() {
    let title = "title: Действие\u{2028}disconnect\u{2029}x";
    let page = SEED.replacen("title: Действие disconnect", title, 1);
    assert_ne!(page, SEED);
    let root = tree(
        "search-separators",
        &[
            ("ru-RU/a\u{2028}b\u{2029}.md", &page),
            ("de-DE/a\u{2028}b\u{2029}.md", &page),
        ],
    );
    build_site(&root);
    // The page list (titles, URLs) and a shard of terms.
    for file in ["p0.js", "t0.js"] {
        let index =
            std::fs::read_to_string(root.join("site/de-DE/search").join(file)).expect("index");
        assert!(
            !index.contains(['\u{2028}', '\u{2029}']),
            "{file} holds a raw separator: {index}"
        );
        if file == "p0.js" {
            assert!(index.contains("a\\u2028b\\u2029"), "{file}: {index}");
        }
    }
}

#[test]
fn the_search_script_reads_no_window_global_a_page_can_clobber() {
    let page = SEED.replacen(
        "# <a name=\"disconnect-action\"></a>",
        "<a name=\"SXSDOC_SEARCH\"></a><a id=\"SXSDOC_SEARCH\"></a>\n\n# <a name=\"disconnect-action\"></a>",
        1,
    );
    let root = tree(
        "clobbering",
        &[("ru-RU/a.md", &page), ("de-DE/a.md", &page)],
    );
    build_site(&root);
    let html = std::fs::read_to_string(root.join("site/de-DE/a.html")).expect("page");
    // The page's ids are lower case (links to them are matched in any
    // case): no element it makes takes the global's name.
    assert!(
        html.contains("id=\"sxsdoc_search\"") && !html.contains("id=\"SXSDOC_SEARCH\""),
        "the page's anchor keeps its uppercase id"
    );
    // A template may still clobber it (tests/browser.rs searches with a
    // clobbered global in Chromium): the script may read the global only where it keeps what it read if
    // it is an array (tests/browser.rs searches such a page in Chromium).
    let script = std::fs::read_to_string(root.join("site/assets/site.js")).expect("site.js");
    let code: Vec<&str> = script
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect();
    // Its globals (the search index, the tocs) are only ever named to
    // `loadData`, which reads one once its script ran, and keeps it only
    // if it is an array.
    let named: Vec<&str> = code
        .iter()
        .copied()
        .filter(|line| line.contains("\"SXSDOC_"))
        .collect();
    assert!(
        named.iter().any(|line| line.contains("SXSDOC_SEARCH")),
        "site.js reads the search index"
    );
    for line in &named {
        assert!(
            line.contains("loadData("),
            "site.js uses a global as it finds it: {line}"
        );
    }
    assert!(
        !code.iter().any(|line| line.contains("window.SXSDOC_")),
        "site.js reads a global directly"
    );
    let read = code
        .iter()
        .position(|line| line.trim() == "var data = window[global];")
        .expect("loadData reads the global once");
    assert!(
        code.get(read + 1)
            .is_some_and(|next| next.contains("Array.isArray(data)")),
        "what loadData read is not checked to be an array"
    );
}
