//! Memory follows the largest page group, not the corpus: the heap a
//! check or a build holds at its peak, counted by this test binary's
//! allocator, grows by little more than the list of files when the tree
//! grows fourfold. (Heap bytes, not seconds: the same on every machine.)
//!
//! The only test in its binary, so nothing else allocates meanwhile.

#[path = "support/counting.rs"]
mod counting;

use counting::peak_of;
use std::path::{Path, PathBuf};
use sxsdoc::check::Settings;
use sxsdoc::report::{json::Json, Report};
use sxsdoc::site::BuildOptions;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("memory-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    dir
}

const SEED: &str =
    "api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md";

/// A docs tree of `groups` page groups, each the seed page in ru-RU (side
/// by side) and pt-BR (plain), under a few resources' names.
fn tree(name: &str, groups: usize) -> PathBuf {
    let root = scratch(name);
    for locale in ["ru-RU", "pt-BR"] {
        let seed =
            std::fs::read_to_string(Path::new("docs").join(locale).join(SEED)).expect("seed page");
        let dir = root.join(locale).join("api-reference/v1.0/api");
        std::fs::create_dir_all(&dir).expect("mkdir");
        for n in 0..groups {
            let page = seed.replace("remoteAssistancePartner", &format!("partner{n}"));
            std::fs::write(dir.join(format!("res{}-page-{n:05}.md", n % 7)), page)
                .expect("write page");
        }
    }
    root
}

/// Peak heap of a check (with its JSON report) and of a clean build of a
/// tree of `groups` groups, on two threads.
fn peaks(groups: usize) -> (usize, usize) {
    let root = tree(&format!("docs-{groups}"), groups);
    let output = scratch(&format!("site-{groups}")).join("site");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool");
    let settings = Settings::default();
    let check = pool.install(|| {
        peak_of(|| {
            let plan = sxsdoc::tree::plan(&root, &Default::default()).expect("plan");
            let mut report = Json::default();
            let mut out = std::io::sink();
            let failures = sxsdoc::pipeline::check(&plan, &settings, &|| {}, &mut |found| {
                report.findings(&mut out, &found).expect("report");
            });
            assert!(failures.is_empty(), "{failures:?}");
        })
    });
    let options = BuildOptions {
        output: output.clone(),
        templates: None,
        base_url: "https://example.org/".to_string(),
        site_name: "API reference".to_string(),
        no_cache: true,
    };
    let build = pool.install(|| {
        peak_of(|| {
            let plan = sxsdoc::tree::plan(&root, &Default::default()).expect("plan");
            let run =
                sxsdoc::pipeline::run(&plan, &settings, Some(&options), &|| {}).expect("build");
            assert_eq!(run.pages, groups * 2);
        })
    });
    // Every page of the large tree was written, and is on the index pages.
    let home = std::fs::read_to_string(output.join("ru-RU/index.html")).expect("locale home");
    assert_eq!(
        home.matches("<li><a href=\"../ru-RU/api-reference/")
            .count(),
        groups
    );
    let _ = std::fs::remove_dir_all(output.parent().unwrap_or(&output));
    let _ = std::fs::remove_dir_all(&root);
    (check, build)
}

/// Each window of page groups in flight is the same in both trees (256
/// groups are two full windows); what a fourfold tree adds is its list of
/// files, about 260 bytes a page here (with the growth of the vector that
/// holds it), and a few numbers per group. Holding each page's summary
/// for the index pages, as builds did, cost about 3.3 KB a page.
#[test]
fn peak_memory_follows_the_largest_group_not_the_corpus() {
    let (small, large) = (256, 1024);
    let (check_small, build_small) = peaks(small);
    let (check_large, build_large) = peaks(large);
    let added_pages = (large - small) * 2;
    let per_page = |small: usize, large: usize| large.saturating_sub(small) / added_pages;
    let (check, build) = (
        per_page(check_small, check_large),
        per_page(build_small, build_large),
    );
    eprintln!(
        "check: {check_small} -> {check_large} bytes ({check} per page added); \
         build: {build_small} -> {build_large} bytes ({build} per page added)"
    );
    assert!(check < 512, "check holds {check} bytes more per page added");
    assert!(build < 512, "build holds {build} bytes more per page added");
}
