//! One small hostile page must not take the machine: front matter nested
//! past any sense, tables of thousands of columns, permission cells of
//! thousands of scopes. Each test writes its own docs tree, runs sxsdoc
//! the way the binary does, and asserts what is bounded: where a page is
//! refused, the heap it takes and the blocks it allocates (counted by this
//! binary's allocator), never how long it took.
//!
//! The tests share the counting allocator, so they run one at a time.

#[path = "support/counting.rs"]
mod counting;

use counting::{counts_of, peak_of};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use sxsdoc::check::Settings;
use sxsdoc::diagnostic::Diagnostic;
use sxsdoc::site::BuildOptions;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

const SEED: &str = include_str!(
    "../docs/ru-RU/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md"
);

/// What the seed's translation says of its one delegated scope.
const SEED_SCOPE: &str =
    "<span data-ttu-id=\"04650-112\">DeviceManagementServiceConfig.ReadWrite.All</span>";

fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A fresh docs tree with the given pages (`locale/path`, text).
fn tree(name: &str, pages: &[(&str, &str)]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("security-limits")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in pages {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
    root
}

/// Checks a tree as `sxsdoc check` does: its findings, the peak heap and
/// the blocks allocated meanwhile, on two threads.
fn check(root: &Path) -> (Vec<Diagnostic>, usize, usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool");
    let settings = Settings::default();
    let mut diagnostics = Vec::new();
    let (peak, allocations) = pool.install(|| {
        counts_of(|| {
            let plan = sxsdoc::plan::Plan::new(root, &Default::default()).expect("plan");
            let failures = sxsdoc::pipeline::check(&plan, &settings, &|| {}, &mut |found| {
                diagnostics.extend(found)
            });
            assert!(failures.is_empty(), "{failures:?}");
        })
    });
    (diagnostics, peak, allocations)
}

/// Builds a tree as `sxsdoc build` does, into a fresh folder beside it:
/// the folder and the peak heap.
fn build(root: &Path) -> (PathBuf, usize) {
    let output = root.with_extension("site");
    let _ = std::fs::remove_dir_all(&output);
    let options = BuildOptions {
        output: output.clone(),
        templates: None,
        base_url: "https://example.org/".to_string(),
        site_name: Some("API reference".to_string()),
        no_cache: true,
        force: false,
        qa: true,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool");
    let peak = pool.install(|| {
        peak_of(|| {
            let plan = sxsdoc::plan::Plan::new(root, &Default::default()).expect("plan");
            sxsdoc::pipeline::build(&plan, &Settings::default(), &options, &|| {}).expect("build");
        })
    });
    (output, peak)
}

/// The seed page with `line` added as the first line of its front matter.
fn seed_with_front_matter_line(line: &str) -> String {
    format!(
        "---\n{line}\n{}",
        SEED.strip_prefix("---\n").expect("front matter")
    )
}

/// A pipe table of `columns` columns: its header and delimiter rows, then
/// `rows` rows of `row`.
fn table(columns: usize, rows: usize, row: &str) -> String {
    format!(
        "|{}|\n|{}|\n{}",
        vec!["h"; columns].join("|"),
        vec!["-"; columns].join("|"),
        row.repeat(rows)
    )
}

fn found<'d>(diagnostics: &'d [Diagnostic], code: &str) -> Vec<&'d Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}

/// 80,000 unclosed `[` took the YAML parser 10 s a page (the square of
/// their number) before its own limit refused the 128th. Nesting is now
/// refused where it passes 64 levels, before the parser reads it, and
/// the page's body is still checked and built.
#[test]
fn front_matter_nested_too_deep_is_refused_where_it_passes_the_limit() {
    let _serial = one_at_a_time();
    let nested = format!("x: {}", "[".repeat(80_000));
    let page = seed_with_front_matter_line(&nested).replace(
        SEED_SCOPE,
        &SEED_SCOPE.replace(".ReadWrite.All", ". ReadWrite. All"),
    );
    let root = tree("nesting", &[("ru-RU/a.md", &page)]);
    let (diagnostics, _, _) = check(&root);
    let invalid = found(&diagnostics, "SXS201");
    assert_eq!(invalid.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        invalid[0].message,
        "front matter is not valid: collections nested more than 64 levels deep"
    );
    // The mapping is one level: the 64th `[` is the 65th.
    let start = &invalid[0].location.start;
    assert_eq!((start.line, start.column), (2, "x: ".len() + 64));
    // The body is read all the same.
    let changed = found(&diagnostics, "SXS002");
    assert_eq!(changed.len(), 1, "{diagnostics:#?}");
    assert!(changed[0].message.contains("ReadWrite. All"), "{changed:?}");
    let (site, _) = build(&root);
    let html = std::fs::read_to_string(site.join("ru-RU/a.html")).expect("page built");
    assert!(html.contains("Действие disconnect"), "the body is rendered");
}

/// Two 2,000-column tables under Permissions held 240 bytes of events and
/// outline for each byte of the page while it was checked, and 200 while
/// it was built: the whole section's events at once, and every cell of
/// every row. Now the outline keeps the first cells of each row, and what
/// a page holds is pulldown-cmark's tree of it: about 50 bytes a node,
/// and a cell of two bytes (`a|`) is two nodes. So the densest Markdown
/// costs about 50 times its size while it is read (an ordinary page about
/// 5), and pages are at most 4 MiB.
#[test]
fn dense_tables_take_a_small_multiple_of_their_page() {
    let _serial = one_at_a_time();
    let row = format!("|{}|\n", vec!["a"; 2000].join("|"));
    let tables = [table(2000, 125, &row), table(2000, 125, &row)].join("\n");
    let page = format!("---\ntitle: Dense\n---\n# Dense\n\n## Permissions\n\n{tables}");
    let root = tree("dense", &[("ru-RU/a.md", &page)]);
    let (diagnostics, check_peak, _) = check(&root);
    assert!(found(&diagnostics, "SXS204").is_empty(), "{diagnostics:#?}");
    eprintln!(
        "check: {check_peak} bytes at most for a {} byte page",
        page.len()
    );
    assert!(
        check_peak < 64 * page.len(),
        "checking a {} byte page held {check_peak} bytes",
        page.len()
    );
    // The HTML of a cell of two bytes is ten (`<td>a</td>`): the tree is
    // gone by the time the page template copies it.
    let (site, build_peak) = build(&root);
    let html = std::fs::read_to_string(site.join("ru-RU/a.html")).expect("page built");
    assert!(html.matches("<td>a</td>").count() >= 2000 * 250);
    eprintln!(
        "build: {build_peak} bytes at most for a {} byte page",
        page.len()
    );
    assert!(
        build_peak < 64 * page.len(),
        "building a {} byte page held {build_peak} bytes",
        page.len()
    );
}

/// A header of 2,000 columns over rows of one cell each: every row filled
/// in to 2,000 cells, 5 million cells from a 170 KB page, 2 GB to check
/// it. The page is now read up to the table that fills in too many, with
/// a diagnostic there, and holds no more than an ordinary page.
#[test]
fn short_rows_under_a_wide_header_are_read_up_to_that_table() {
    let _serial = one_at_a_time();
    let seed = SEED.replace("`204 No Content`.</span>", "`200 OK`.</span>");
    let padded = table(2000, 66, "|a|\n");
    let page = format!("{seed}\n## Permissions\n\n{padded}\n{padded}\n{padded}\n{padded}");
    let (_, seed_peak, _) = check(&tree("padded-seed", &[("ru-RU/a.md", &seed)]));
    let root = tree("padded", &[("ru-RU/a.md", &page)]);
    let (diagnostics, peak, _) = check(&root);
    let cut = found(&diagnostics, "SXS204");
    assert_eq!(cut.len(), 1, "{diagnostics:#?}");
    assert!(
        cut[0]
            .message
            .contains("empty cells for rows shorter than their header"),
        "{}",
        cut[0].message
    );
    let table_line = seed.lines().count() + 4;
    assert_eq!(
        (cut[0].location.start.line, cut[0].location.start.column),
        (table_line, 1)
    );
    // What comes before the table is checked.
    assert_eq!(found(&diagnostics, "SXS003").len(), 1, "{diagnostics:#?}");
    let extra = page.len() - seed.len();
    eprintln!("check: {peak} bytes at most; the seed alone {seed_peak}; the tables {extra} bytes");
    assert!(
        peak < seed_peak + 16 * extra,
        "the tables' {extra} bytes took {} bytes",
        peak.saturating_sub(seed_peak)
    );
    let (site, _) = build(&root);
    let html = std::fs::read_to_string(site.join("ru-RU/a.html")).expect("page built");
    assert!(html.contains("Действие disconnect"));
    assert!(!html.contains("<td></td>"), "the tables are left out");
}

/// Checks the seed page with its one scope cell (both views) made
/// `cell(n)`: the blocks allocated for `n` and `4n`, which grow fourfold
/// when the work grows with `n` and sixteenfold when with its square.
fn blocks_for_scopes_cell(
    name: &str,
    n: usize,
    cell: impl Fn(usize) -> (String, String),
    expect: impl Fn(&[Diagnostic], usize),
) -> (usize, usize) {
    let [few, many] = [n, 4 * n].map(|n| {
        let (reader, source) = cell(n);
        let page = SEED.replace(
            &format!("{SEED_SCOPE}<span class=\"sxs-lookup\"><span data-stu-id=\"04650-112\">DeviceManagementServiceConfig.ReadWrite.All</span>"),
            &format!("<span data-ttu-id=\"04650-112\">{reader}</span><span class=\"sxs-lookup\"><span data-stu-id=\"04650-112\">{source}</span>"),
        );
        assert_ne!(page, SEED);
        let root = tree(&format!("{name}-{n}"), &[("ru-RU/a.md", &page)]);
        let (diagnostics, _, allocations) = check(&root);
        expect(&diagnostics, n);
        allocations
    });
    (few, many)
}

/// A permissions cell of thousands of scopes, each with its case changed:
/// pairing each source scope with what became of it searched all the
/// reader's scopes, and made two strings for each scope compared (8
/// million blocks for 2,000 scopes, the square of their number). The
/// blocks allocated now grow with the scopes, not their square.
#[test]
fn scopes_are_paired_without_comparing_each_with_every_other() {
    let _serial = one_at_a_time();
    let cell = |scopes: usize| {
        let source: Vec<String> = (0..scopes).map(|n| format!("Scope{n}.Read.All")).collect();
        let source = source.join(", ");
        (source.to_lowercase(), source)
    };
    let expect = |diagnostics: &[Diagnostic], scopes: usize| {
        let changed = found(diagnostics, "SXS002");
        assert_eq!(changed.len(), 1, "{diagnostics:#?}");
        let said = format!("translation changes {scopes} permission scopes");
        assert!(
            changed[0].message.starts_with(&said),
            "{}",
            changed[0].message
        );
    };
    let (few, many) = blocks_for_scopes_cell("scopes", 500, cell, expect);
    eprintln!("check: {few} blocks allocated for 500 scopes, {many} for 2,000");
    assert!(
        many < 6 * few,
        "500 scopes: {few} blocks; 2,000 scopes: {many} blocks"
    );
}

/// A cell of words each ending in a dot (`Ab. Ab. Ab. …`), which could be
/// one scope with spaces inserted after its dots: each word was joined
/// with all those after it and the join tried as a scope, a 400 KB page
/// took 100 s. A join now stops at eight words.
#[test]
fn dotted_words_are_joined_a_few_at_a_time() {
    let _serial = one_at_a_time();
    let cell = |words: usize| {
        let words = "Ab. ".repeat(words);
        (words.clone(), words)
    };
    let expect = |diagnostics: &[Diagnostic], _: usize| {
        assert!(found(diagnostics, "SXS002").is_empty(), "{diagnostics:#?}");
    };
    let (few, many) = blocks_for_scopes_cell("dotted", 500, cell, expect);
    eprintln!("check: {few} blocks allocated for 500 dotted words, {many} for 2,000");
    assert!(
        many < 6 * few,
        "500 words: {few} blocks; 2,000 words: {many} blocks"
    );
}
