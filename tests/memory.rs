//! Memory follows the largest page group, not the corpus: the heap a
//! check holds at its peak, counted by this test binary's allocator,
//! grows by little more than the list of files when the tree grows
//! fourfold, and a build's by what the index pages show of each page.
//! (Heap bytes, not seconds: the same on every machine.)
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

/// Peak heap of a check (with its JSON report), of a clean build, of a
/// rebuild after one page changed and of the facts of every page (JSON),
/// of a tree of `groups` groups, on two threads.
/// The median of three runs of [`peaks`]: a peak on two threads depends
/// on what each holds at the moment (one locale's search index or the
/// cache), which moves a build's figure by a few hundred bytes a page
/// from run to run.
fn median_peaks(groups: usize) -> [usize; 4] {
    let runs = [peaks(groups), peaks(groups), peaks(groups)];
    std::array::from_fn(|n| {
        let mut of_run = runs.map(|run| run[n]);
        of_run.sort_unstable();
        of_run[1]
    })
}

fn peaks(groups: usize) -> [usize; 4] {
    let root = tree(&format!("docs-{groups}"), groups);
    let output = scratch(&format!("site-{groups}")).join("site");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool");
    let settings = Settings::default();
    let check = pool.install(|| {
        peak_of(|| {
            let plan = sxsdoc::plan::Plan::new(&root, &Default::default()).expect("plan");
            let mut report = Json::default();
            let mut out = std::io::sink();
            let failures = sxsdoc::pipeline::check(&plan, &settings, &|| {}, &mut |found| {
                report.findings(&mut out, &found).expect("report");
            });
            assert!(failures.is_empty(), "{failures:?}");
        })
    });
    let facts = pool.install(|| {
        peak_of(|| {
            let plan = sxsdoc::plan::Plan::new(&root, &Default::default()).expect("plan");
            let format = sxsdoc::report::facts::Format::Json;
            let mut writer = sxsdoc::report::facts::FactsWriter::new(format);
            let mut out = std::io::sink();
            let failures = sxsdoc::pipeline::each_group(
                &plan,
                &|| {},
                |group| sxsdoc::report::facts::group(group, format),
                &mut |pages: Vec<String>| {
                    writer.pages(&mut out, &pages).expect("facts");
                    std::ops::ControlFlow::Continue(())
                },
            );
            assert!(failures.is_empty(), "{failures:?}");
        })
    });
    let options = BuildOptions {
        output: output.clone(),
        templates: None,
        base_url: "https://example.org/".to_string(),
        site_name: Some("API reference".to_string()),
        no_cache: true,
        force: false,
        qa: true,
    };
    let build = pool.install(|| {
        peak_of(|| {
            let plan = sxsdoc::plan::Plan::new(&root, &Default::default()).expect("plan");
            let run = sxsdoc::pipeline::build(&plan, &settings, &options, &|| {}).expect("build");
            assert_eq!(run.report.pages, groups * 2);
        })
    });
    // Every page of the large tree was written, and is on the index pages.
    let home = std::fs::read_to_string(output.join("ru-RU/index.html")).expect("locale home");
    assert_eq!(
        home.matches("<li><a href=\"../ru-RU/api-reference/")
            .count(),
        groups
    );
    // One page's title changes: that group is rendered, the index pages
    // are made again, every other group is taken from the build cache.
    let page = root.join("ru-RU/api-reference/v1.0/api/res0-page-00000.md");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, text.replacen("title:", "title: Changed", 1)).expect("edit");
    let options = BuildOptions {
        no_cache: false,
        force: false,
        qa: true,
        ..options
    };
    let rebuild = pool.install(|| {
        peak_of(|| {
            let plan = sxsdoc::plan::Plan::new(&root, &Default::default()).expect("plan");
            let run = sxsdoc::pipeline::build(&plan, &settings, &options, &|| {}).expect("build");
            assert_eq!(run.reused, groups - 1);
        })
    });
    let home = std::fs::read_to_string(output.join("ru-RU/index.html")).expect("locale home");
    assert!(home.contains(">Changed"), "the index pages were made again");
    let _ = std::fs::remove_dir_all(output.parent().unwrap_or(&output));
    let _ = std::fs::remove_dir_all(&root);
    [check, build, rebuild, facts]
}

/// Each window of page groups in flight is the same in both trees (256
/// groups are two full windows). What a fourfold tree adds to a check and
/// to `facts` is its list of files, about 260 bytes a page here (with the
/// growth of the vector that holds it). A build adds each group's summary
/// (titles, endpoints and findings, for the index pages, held to the end)
/// and, at its peak, the report's rows as the report template gets them:
/// a budget of 4 KB a page.
#[test]
fn peak_memory_follows_the_largest_group_not_the_corpus() {
    let (small, large) = (256, 1024);
    let (at_small, at_large) = (median_peaks(small), median_peaks(large));
    let added_pages = (large - small) * 2;
    for (n, (run, budget)) in [
        ("check", 512),
        ("build", 4096),
        ("rebuild", 4096),
        ("facts", 512),
    ]
    .into_iter()
    .enumerate()
    {
        let per_page = at_large[n].saturating_sub(at_small[n]) / added_pages;
        eprintln!(
            "{run}: {} -> {} bytes ({per_page} per page added)",
            at_small[n], at_large[n]
        );
        assert!(
            per_page <= budget,
            "{run} holds {per_page} bytes more per page added"
        );
    }
}
