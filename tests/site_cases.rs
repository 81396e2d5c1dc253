//! Site cases as folders, as the check cases are: each
//! `tests/fixtures/site/<case>/` holds `docs/<locale>/...` and a README
//! saying what the case shows. The case is built through `Project` as
//! `sxsdoc build` does, and the `<main>` of every page it makes is
//! snapshotted (one snapshot a case, pages in path order). An optional
//! `expect.txt` lists what must hold on a page, one line each:
//!
//! ```text
//! 1 ru-RU/api/features.html .callout-note
//! ```
//!
//! that is, how many elements of the page match the CSS selector. A new
//! case needs no test code.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use sxsdoc::project::{OpenOptions, Project};
use sxsdoc::site::BuildOptions;

#[test]
fn site_cases() {
    insta::glob!("fixtures/site", "*/README.md", |readme| {
        let case = readme.parent().expect("case folder");
        let name = case.file_name().expect("case name").to_string_lossy();
        let site = build(&case.join("docs"), &name);
        let pages = html_pages(&site);
        assert!(!pages.is_empty(), "case {name} built no page");
        let mut mains = String::new();
        for (path, document) in &pages {
            mains.push_str(&format!("=== {path}\n{}\n\n", main_of(document)));
            assert_ids_unique(&name, path, document);
        }
        let description = std::fs::read_to_string(readme).expect("README is readable");
        insta::with_settings!({ description => description.trim(), omit_expression => true }, {
            insta::assert_snapshot!(mains);
        });
        let expect = case.join("expect.txt");
        if expect.is_file() {
            let lines = std::fs::read_to_string(&expect).expect("expect.txt is readable");
            for line in lines.lines().filter(|l| !l.trim().is_empty()) {
                check_expectation(&name, line, &pages);
            }
        }
    });
}

/// `COUNT PAGE SELECTOR`: PAGE has COUNT elements matching SELECTOR.
fn check_expectation(case: &str, line: &str, pages: &[(String, Html)]) {
    let mut words = line.splitn(3, ' ');
    let (Some(count), Some(page), Some(selector)) = (words.next(), words.next(), words.next())
    else {
        panic!("{case}/expect.txt: `{line}` is not `COUNT PAGE SELECTOR`");
    };
    let count: usize = count
        .parse()
        .unwrap_or_else(|_| panic!("{case}/expect.txt: `{count}` is not a count"));
    let Some((_, document)) = pages.iter().find(|(path, _)| path == page) else {
        panic!("{case}/expect.txt: no page `{page}` was built");
    };
    let parsed = Selector::parse(selector)
        .unwrap_or_else(|_| panic!("{case}/expect.txt: `{selector}` is not a selector"));
    assert_eq!(
        document.select(&parsed).count(),
        count,
        "{case}: {page}: `{selector}`"
    );
}

/// No two elements of a page have the same id (a link or a label would
/// reach the first only; axe's `duplicate-id`).
fn assert_ids_unique(case: &str, path: &str, document: &Html) {
    let with_id = Selector::parse("[id]").expect("valid selector");
    let mut seen = std::collections::BTreeSet::new();
    for element in document.select(&with_id) {
        let id = element.value().attr("id").unwrap_or_default();
        assert!(seen.insert(id), "{case}: {path}: id `{id}` is given twice");
    }
}

/// Builds the docs root `docs` into a fresh folder of its own.
fn build(docs: &Path, name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("site-cases")
        .join(name);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.parent().expect("parent")).expect("scratch folder");
    let project = Project::open(docs, &OpenOptions::default()).expect("opens");
    let options = BuildOptions {
        output: out.clone(),
        templates: None,
        base_url: "https://example.org/".to_string(),
        site_name: Some("API reference".to_string()),
        no_cache: true,
        force: false,
        qa: name.starts_with("qa-"),
    };
    project.build(&options, &|| {}).expect("builds");
    out
}

/// Every HTML page of a site, parsed, by path relative to its root.
fn html_pages(site: &Path) -> Vec<(String, Html)> {
    walkdir::WalkDir::new(site)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.path().extension().is_some_and(|x| x == "html"))
        .map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(site)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(entry.path()).expect("page is readable");
            (relative, Html::parse_document(&text))
        })
        .collect()
}

/// The `<main>` of a page (of a page without one, a redirection, the
/// whole page), one element per line for readable diffs.
fn main_of(document: &Html) -> String {
    let main = Selector::parse("main").expect("valid selector");
    document
        .select(&main)
        .next()
        .map(|main| main.html())
        .unwrap_or_else(|| document.root_element().html())
        .replace("><", ">\n<")
}
