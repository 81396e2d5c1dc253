//! Memory follows the largest page group, not the corpus: the heap a
//! check or a build holds at its peak, counted by this test binary's
//! allocator, grows by little more than the list of files when the tree
//! grows fourfold. (Heap bytes, not seconds: the same on every machine.)
//!
//! The only test in its binary, so nothing else allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use sxsdoc::check::Settings;
use sxsdoc::report::{json::Json, Report};
use sxsdoc::site::BuildOptions;

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

fn shrank(by: usize) {
    LIVE.fetch_sub(by, Ordering::Relaxed);
}

// SAFETY: every call is passed on to `System` as it came.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = System.alloc(layout);
        if !block.is_null() {
            grew(layout.size());
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = System.alloc_zeroed(layout);
        if !block.is_null() {
            grew(layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        System.dealloc(block, layout);
        shrank(layout.size());
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let moved = System.realloc(block, layout, size);
        if !moved.is_null() {
            if size > layout.size() {
                grew(size - layout.size());
            } else {
                shrank(layout.size() - size);
            }
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap `work` held at once beyond what was live before it.
fn peak_of(work: impl FnOnce()) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    work();
    PEAK.load(Ordering::Relaxed).saturating_sub(before)
}

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
