//! `sxsdoc export`: units merged and placed, stale-only hand-offs, and
//! each format read back to the same pairs; the PO files pass `msgfmt
//! --check` and the XML files are well formed (`xmllint`), as CI
//! installs them.

#[path = "support/copy.rs"]
mod copy;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use sxsdoc::export::{po, tmx, xliff, ExportOptions, Unit};
use sxsdoc::project::Project;

fn units(docs: &str, options: &ExportOptions) -> BTreeMap<String, Vec<Unit>> {
    let project = Project::open(Path::new(docs), &Default::default()).expect("opens");
    let (memories, failures) = project.export(options, &|| {});
    assert!(failures.is_empty(), "{failures:?}");
    memories
        .into_iter()
        .map(|(locale, mut memory)| (locale, memory.units()))
        .collect()
}

/// The units `--stale-only` hands off of the docs at `docs`.
fn stale_units(docs: &str) -> BTreeMap<String, Vec<Unit>> {
    let options = ExportOptions {
        stale_only: true,
        ..ExportOptions::default()
    };
    units(docs, &options)
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("export")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    dir
}

/// A tool the test needs: in CI it must be there; elsewhere its absence
/// skips the check it serves, saying so.
fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("--version").output().is_ok();
    if !found {
        assert!(std::env::var_os("CI").is_none(), "{name} is not installed");
        eprintln!("skipped: {name} is not installed");
    }
    found
}

#[test]
fn a_pair_on_many_places_is_one_unit_with_each_place() {
    let all = units("docs", &ExportOptions::default());
    let de = &all["de-DE"];
    // "Not supported." translated the same way twice on the page.
    let unit = de
        .iter()
        .find(|u| u.source == "Not supported.")
        .expect("a unit");
    assert_eq!(unit.occurrences.len(), 2, "{unit:?}");
    assert!(unit
        .occurrences
        .iter()
        .all(|o| o.section == "Prerequisites"));
    assert!(unit.occurrences[0]
        .path
        .ends_with("remoteassistancepartner-disconnect.md"));
    // Units are in order and unique.
    assert!(de
        .windows(2)
        .all(|w| (&w[0].source, &w[0].target) < (&w[1].source, &w[1].target)));
}

#[test]
fn stale_only_hands_off_the_segments_behind_with_the_newest_english() {
    let all = stale_units("tests/fixtures/check/stale-segments/docs");
    // ja-JP is the newest, es-ES only re-wrapped, pt-BR has no spans.
    assert_eq!(all.keys().collect::<Vec<_>>(), ["de-DE"]);
    let found: Vec<(&str, &str, Option<&str>)> = all["de-DE"]
        .iter()
        .map(|u| {
            (
                u.source.as_str(),
                u.target.as_str(),
                u.previous_source.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("A new feature, added since.", "", None),
            (
                "Manage the users of your organization.",
                "Verwalten Sie Benutzer.",
                Some("Manage the users.")
            ),
        ]
    );
}

/// A hand-off gives the old translation as a fuzzy match only where the
/// old English is like the new (half their characters in common); an
/// unlike one is to be translated anew. A code tab's label the English added is a name,
/// never translated: nothing to hand off (the PO has no `HTTP`).
#[test]
fn stale_only_suggests_only_translations_of_like_english() {
    let all = stale_units("tests/fixtures/check/stale-segments-realigned/docs");
    let unlike = all["de-DE"]
        .iter()
        .find(|u| u.source == "Available in any organization with Microsoft Entra ID.")
        .expect("handed off");
    assert_eq!(
        (unlike.target.as_str(), &unlike.previous_source),
        ("", &None)
    );
    let like = all["de-DE"]
        .iter()
        .find(|u| u.source == "Lists all the users in the organization.")
        .expect("handed off");
    assert_eq!(
        like.previous_source.as_deref(),
        Some("Lists the users in the organization.")
    );
    let mut out = Vec::new();
    po::write(&mut out, "de-DE", None, &all["de-DE"]).expect("po");
    let po = String::from_utf8(out).expect("utf-8");
    // Fuzzy is for a translation to look at, not an empty msgstr.
    assert_eq!(
        po.matches("#, fuzzy").count(),
        po.matches("#| msgid").count()
    );
    let tabs = stale_units("tests/fixtures/check/stale-segments-code-tabs/docs");
    assert!(tabs.is_empty(), "{tabs:?}");
}

/// A segment whose English the pipeline left empty (code or punctuation
/// alone) is handed off as its translation, which the pipeline copies
/// from the English, and with no previous source; never with an empty
/// `msgid`, which would be a second PO header, which gettext refuses.
#[test]
fn stale_only_hands_off_no_segment_without_english() {
    let all = stale_units("tests/fixtures/check/stale-segments-wordless/docs");
    let units: Vec<(&str, Option<&str>)> = all["de-DE"]
        .iter()
        .map(|u| (u.source.as_str(), u.previous_source.as_deref()))
        .collect();
    assert_eq!(
        units,
        [
            ("Filter messages by subject.", Some("Filter messages.")),
            ("Read and write `Mail`.", None),
            ("`Mail.ReadWrite`", None),
            ("`ctag`, `size`", None),
        ]
    );
    let dir = scratch("wordless");
    let path = dir.join("de-DE.po");
    let mut out = Vec::new();
    po::write(&mut out, "de-DE", Some("2019-01-12"), &all["de-DE"]).expect("po");
    std::fs::write(&path, out).expect("write");
    if tool("msgfmt") {
        let checked = Command::new("msgfmt")
            .args(["--check", "-o", "/dev/null"])
            .arg(&path)
            .output()
            .expect("msgfmt");
        assert!(
            checked.status.success() && checked.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&checked.stderr)
        );
    }
}

/// An export into the docs is refused before any folder of it is made:
/// none is left behind among the pages.
#[test]
fn an_export_into_the_docs_is_refused_and_leaves_nothing() {
    let docs = scratch("into-docs").join("docs");
    copy::copy_dir(Path::new("tests/fixtures/check/stale-segments/docs"), &docs);
    let output = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(["export", "--format", "po", "-o"])
        .arg(docs.join("new/deep"))
        .arg(&docs)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("is in the docs, or holds them"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!docs.join("new").exists(), "a folder was made in the docs");
}

#[test]
fn damaged_pairs_are_left_out_on_request() {
    let all = units("docs", &ExportOptions::default());
    let clean = units(
        "docs",
        &ExportOptions {
            exclude_damaged: true,
            ..ExportOptions::default()
        },
    );
    // The seed pages' translated header names have findings (SXS005).
    let damaged = |units: &[Unit]| units.iter().any(|u| u.target == "Авторизация");
    assert!(damaged(&all["ru-RU"]));
    assert!(!damaged(&clean["ru-RU"]));
    assert!(clean["ru-RU"].len() < all["ru-RU"].len());
}

/// XML's five entities, back to text.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The text of a TMX `<seg>`: its placeholders' Markdown in place.
fn tmx_text(seg: &str) -> String {
    let mut out = String::new();
    let mut rest = seg;
    while let Some(at) = rest.find("<ph x=\"") {
        out.push_str(&unescape(&rest[..at]));
        let open_end = rest[at..].find('>').expect("ph") + at + 1;
        let close = rest[open_end..].find("</ph>").expect("ph end") + open_end;
        out.push_str(&unescape(&rest[open_end..close]));
        rest = &rest[close + "</ph>".len()..];
    }
    out.push_str(&unescape(rest));
    out
}

/// Every `<tag …>…</tag>`'s content in `document`, in order.
fn contents<'d>(document: &'d str, tag: &str) -> Vec<&'d str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut found = Vec::new();
    let mut rest = document;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        let start = at + open.len() + after.find('>').expect("tag end") + 1;
        let end = rest[start..].find(&close).expect("closed") + start;
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

#[test]
fn each_format_reads_back_to_the_same_pairs_and_is_valid() {
    let all = units("docs", &ExportOptions::default());
    let units = &all["ru-RU"];
    let dir = scratch("formats");
    let pairs: Vec<(String, String)> = units
        .iter()
        .map(|u| (u.source.clone(), u.target.clone()))
        .collect();

    // TMX: the two <seg>s of each <tu>.
    let mut out = Vec::new();
    tmx::write(&mut out, "ru-RU", units).expect("tmx");
    let text = String::from_utf8(out).expect("utf-8");
    let segs: Vec<String> = contents(&text, "seg").into_iter().map(tmx_text).collect();
    let read: Vec<(String, String)> = segs
        .chunks(2)
        .map(|c| (c[0].clone(), c[1].clone()))
        .collect();
    assert_eq!(read, pairs);
    assert!(
        text.contains("<ph x=\"1\">`"),
        "inline code is a placeholder"
    );
    std::fs::write(dir.join("ru-RU.tmx"), &text).expect("write");

    // XLIFF: <source>/<target>, each code's Markdown from <originalData>.
    let mut out = Vec::new();
    xliff::write(&mut out, "ru-RU", units).expect("xliff");
    let text = String::from_utf8(out).expect("utf-8");
    let mut read = Vec::new();
    for unit in contents(&text, "unit") {
        let data: BTreeMap<String, String> = unit
            .split("<data id=\"")
            .skip(1)
            .map(|d| {
                let (id, rest) = d.split_once("\">").expect("data");
                let markup = rest.split("</data>").next().expect("data end");
                (id.to_string(), unescape(markup))
            })
            .collect();
        let resolve = |content: &str| {
            let mut out = String::new();
            let mut rest = content;
            while let Some(at) = rest.find("<ph id=\"") {
                out.push_str(&unescape(&rest[..at]));
                let tag_end = rest[at..].find("/>").expect("ph") + at;
                let reference = rest[at..tag_end]
                    .split("dataRef=\"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .expect("dataRef");
                out.push_str(&data[reference]);
                rest = &rest[tag_end + 2..];
            }
            out.push_str(&unescape(rest));
            out
        };
        let source = resolve(contents(unit, "source")[0]);
        let target = contents(unit, "target")
            .first()
            .map_or(String::new(), |t| resolve(t));
        read.push((source, target));
    }
    assert_eq!(read, pairs);
    std::fs::write(dir.join("ru-RU.xlf"), &text).expect("write");

    // PO: msgid/msgstr, unescaped.
    let mut out = Vec::new();
    po::write(&mut out, "ru-RU", Some("2019-07-31"), units).expect("po");
    let text = String::from_utf8(out).expect("utf-8");
    let unquote = |line: &str, key: &str| {
        let inner = line
            .strip_prefix(key)?
            .strip_prefix(" \"")?
            .strip_suffix('"')?;
        Some(
            inner
                .replace("\\\"", "\"")
                .replace("\\n", "\n")
                .replace("\\\\", "\\"),
        )
    };
    let ids: Vec<String> = text.lines().filter_map(|l| unquote(l, "msgid")).collect();
    let strs: Vec<String> = text.lines().filter_map(|l| unquote(l, "msgstr")).collect();
    let read: Vec<(String, String)> = ids.into_iter().zip(strs).skip(1).collect();
    assert_eq!(read, pairs);
    std::fs::write(dir.join("ru-RU.po"), &text).expect("write");

    if tool("msgfmt") {
        let checked = Command::new("msgfmt")
            .args(["--check", "-o", "/dev/null"])
            .arg(dir.join("ru-RU.po"))
            .output()
            .expect("msgfmt");
        assert!(
            checked.status.success(),
            "{}",
            String::from_utf8_lossy(&checked.stderr)
        );
        assert!(
            checked.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&checked.stderr)
        );
    }
    if tool("xmllint") {
        let checked = Command::new("xmllint")
            .arg("--noout")
            .arg(dir.join("ru-RU.tmx"))
            .arg(dir.join("ru-RU.xlf"))
            .output()
            .expect("xmllint");
        assert!(
            checked.status.success(),
            "{}",
            String::from_utf8_lossy(&checked.stderr)
        );
    }
}

fn export(args: &[&str], docs: &Path, output: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .arg("export")
        .args(args)
        .arg("-o")
        .arg(output)
        .arg(docs)
        .output()
        .expect("runs")
}

/// `--locale` is read as `check` reads it: comma-separated, in any
/// letter case, and a locale the docs lack is refused (it exported
/// nothing and passed).
#[test]
fn locales_are_selected_as_check_selects_them() {
    let out = scratch("locales");
    let both = export(
        &["--format", "po", "--locale", "de-de, es-ES"],
        Path::new("tests/fixtures/check/stale-segments/docs"),
        &out.join("both"),
    );
    assert_eq!(both.status.code(), Some(0), "{both:?}");
    let mut written: Vec<_> = std::fs::read_dir(out.join("both"))
        .expect("written")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    written.sort();
    assert_eq!(written, ["de-DE.po", "es-ES.po"]);
    let unknown = export(
        &["--format", "po", "--locale", "xx-YY"],
        Path::new("tests/fixtures/check/stale-segments/docs"),
        &out.join("unknown"),
    );
    assert_eq!(unknown.status.code(), Some(2));
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(said.contains("no locale `xx-YY`"), "{said}");
    assert!(!out.join("unknown").exists());
}

/// In one locale's checkout no English is newer than the page's own:
/// `--stale-only` says so and fails, rather than "nothing is behind".
#[test]
fn stale_only_needs_the_other_locales() {
    let out = scratch("alone");
    let docs = out.join("docs");
    copy::copy_dir(
        Path::new("tests/fixtures/check/stale-segments/docs/de-DE"),
        &docs.join("de-DE"),
    );
    // A hand-off is not a memory: most of it has no translation yet.
    let memory = export(
        &["--format", "tmx", "--stale-only"],
        Path::new("tests/fixtures/check/stale-segments/docs"),
        &out.join("tmx"),
    );
    assert_eq!(memory.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&memory.stderr).contains("use `--format xliff`"));
    assert!(!out.join("tmx").exists());
    let alone = export(&["--format", "po", "--stale-only"], &docs, &out.join("po"));
    assert_eq!(alone.status.code(), Some(2));
    let said = String::from_utf8_lossy(&alone.stderr);
    assert!(said.contains("has only de-DE"), "{said}");
    assert!(!out.join("po").exists());
}
