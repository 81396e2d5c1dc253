//! `sxsdoc fix`, run as people run it: each case under
//! `tests/fixtures/fix/<case>/` is copied, previewed with `--diff` (the
//! diff and the summary snapshotted), fixed, fixed again (nothing left to
//! do) and checked again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/copy.rs"]
mod copy;
use copy::copy_dir;

fn sxsdoc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sxsdoc runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("file");
                found.insert(
                    path.strip_prefix(root).expect("inside").to_path_buf(),
                    bytes,
                );
            }
        }
    }
    found
}

/// Findings per rule code, from `check --format json`.
fn counts(dir: &Path) -> BTreeMap<String, usize> {
    let output = sxsdoc(dir, &["check", "--format", "json", "docs"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let mut counts = BTreeMap::new();
    for d in json["diagnostics"].as_array().expect("diagnostics") {
        *counts
            .entry(d["code"].as_str().unwrap_or("").to_string())
            .or_default() += 1;
    }
    counts
}

/// The byte ranges of `text` inside a translation span
/// (`<span data-ttu-id="…">` up to its `</span>`), found without
/// sxsdoc's parser.
fn translations(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("<span data-ttu-id=\"") {
        let start = at + open;
        let Some(content) = text[start..].find('>').map(|end| start + end + 1) else {
            break;
        };
        let Some(close) = text[content..].find("</span>") else {
            break;
        };
        found.push(content..content + close);
        at = content + close;
    }
    found
}

/// Every byte `after` changed from `before` is inside a translation span.
fn changed_only_translations(file: &Path, before: &[u8], after: &[u8]) {
    let (before, after) = (text(before), text(after));
    let spans = translations(&before);
    let diff = similar::TextDiff::from_chars(&before, &after);
    // Character indexes of the diff to byte offsets of `before`.
    let offsets: Vec<usize> = before
        .char_indices()
        .map(|(at, _)| at)
        .chain([before.len()])
        .collect();
    for op in diff.ops() {
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        let old = op.old_range();
        let (start, end) = (offsets[old.start], offsets[old.end]);
        assert!(
            spans.iter().any(|s| s.start <= start && end <= s.end),
            "{}: bytes {start}..{end} changed outside every translation span",
            file.display()
        );
    }
}

#[test]
fn fixture_cases() {
    insta::glob!("fixtures/fix", "*/README.md", |readme| {
        let case = readme.parent().expect("case folder");
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fix-{name}"));
        let _ = std::fs::remove_dir_all(&work);
        copy_dir(&case.join("docs"), &work.join("docs"));
        let before = files(&work);
        let found = counts(&work);

        let preview = sxsdoc(&work, &["fix", "--diff", "docs"]);
        assert_eq!(preview.status.code(), Some(1), "{}", text(&preview.stderr));
        assert_eq!(files(&work), before, "--diff changes nothing");

        let fixed = sxsdoc(&work, &["fix", "docs"]);
        // As `ruff --fix`: 1 while an error is left, else 0.
        let errors_left = {
            let output = sxsdoc(&work, &["check", "--format", "json", "docs"]);
            let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
            json["summary"]["errors"].as_u64().unwrap_or(0)
        };
        let expected = if errors_left > 0 { 1 } else { 0 };
        assert_eq!(
            fixed.status.code(),
            Some(expected),
            "{}",
            text(&fixed.stderr)
        );
        let after = files(&work);
        assert_ne!(after, before, "something was fixed");
        for (file, bytes) in &after {
            changed_only_translations(file, &before[file], bytes);
            // A byte order mark and CRLF line ends stay as they were.
            let old = &before[file];
            assert_eq!(
                old.starts_with(b"\xef\xbb\xbf"),
                bytes.starts_with(b"\xef\xbb\xbf")
            );
            let crlf = |b: &[u8]| b.windows(2).filter(|w| w == b"\r\n").count();
            assert_eq!(crlf(old), crlf(bytes), "{}", file.display());
        }

        // Fixing again finds nothing to do.
        let again = sxsdoc(&work, &["fix", "--diff", "docs"]);
        assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
        assert!(again.stdout.is_empty(), "{}", text(&again.stdout));

        // The fixed rules' findings are gone, and no rule has more.
        let left = counts(&work);
        for (code, count) in &left {
            assert!(
                *count <= found.get(code).copied().unwrap_or(0),
                "{code}: {count} after the fix"
            );
        }
        // And some rule has fewer: the case is about what was fixed.
        assert!(
            found
                .iter()
                .any(|(code, n)| left.get(code).copied().unwrap_or(0) < *n),
            "no finding was fixed"
        );
        let description = std::fs::read_to_string(readme).expect("README");
        insta::with_settings!({ description => description.trim() }, {
            insta::assert_snapshot!(format!(
                "{}--- standard error ---\n{}--- findings before → after the fix ---\n{}",
                text(&preview.stdout),
                text(&preview.stderr),
                found
                    .iter()
                    .map(|(code, n)| format!("{code}: {n} → {}\n", left.get(code).copied().unwrap_or(0)))
                    .collect::<String>()
            ));
        });
    });
}

#[test]
fn unsafe_fixes_are_applied_only_when_asked() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fix-unsafe");
    let _ = std::fs::remove_dir_all(&work);
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix/rules/docs");
    copy_dir(&case, &work.join("docs"));
    let page = work.join("docs/pt-BR/api/group-get.md");
    let before = std::fs::read_to_string(&page).expect("page");
    assert_eq!(sxsdoc(&work, &["fix", "docs"]).status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&page).expect("page"), before);
    let output = sxsdoc(
        &work,
        &["fix", "--unsafe-fixes", "--select", "SXS005", "docs"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let after = std::fs::read_to_string(&page).expect("page");
    assert_eq!(after, before.replace("|Autorização|", "|Authorization|"));
}

#[test]
fn a_pattern_id_selects_its_findings() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fix-pattern");
    let _ = std::fs::remove_dir_all(&work);
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix/rules/docs");
    copy_dir(&case, &work.join("docs"));
    let output = sxsdoc(
        &work,
        &["check", "--format", "json", "--select", "SXS005", "docs"],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let ru = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| {
            d["locale"] == "ru-RU" && d["message"].as_str().unwrap_or("").contains("Авторизация")
        })
        .expect("the ru-RU Authorization finding");
    let id = ru["pattern"].as_str().expect("pattern id");
    assert!(id.starts_with("SXS005-"), "{id}");
    let only = sxsdoc(
        &work,
        &["check", "--format", "json", "--pattern", id, "docs"],
    );
    let json: serde_json::Value = serde_json::from_slice(&only.stdout).expect("json");
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(1));
    let fixed = sxsdoc(&work, &["fix", "--pattern", id, "docs"]);
    assert_eq!(fixed.status.code(), Some(0));
    // Not a pattern id: refused; an id no finding has: a warning.
    let code = sxsdoc(&work, &["check", "--pattern", "SXS005", "docs"]);
    assert_eq!(code.status.code(), Some(2));
    assert!(text(&code.stderr).contains("is not a pattern id"));
    let gone = sxsdoc(&work, &["check", "--pattern", id, "docs"]);
    assert!(text(&gone.stderr).contains(&format!("no finding has pattern `{id}`")));
    let page = std::fs::read_to_string(work.join("docs/ru-RU/api/group-get.md")).expect("page");
    assert!(!page.contains(">Авторизация<") && page.contains(">Тип содержимого<"));
}
