//! The corpus benchmark: `cargo bench --bench corpus`.
//!
//! Unpacks `../shared/corpus/` into `target/graph-corpus` if needed, then
//! measures, on this machine and in one run:
//! - the baseline: a parallel pass that reads every page, splits and
//!   parses its front matter with serde_yaml and runs pulldown-cmark over
//!   the body (what any tool reading these pages must do);
//! - `sxsdoc check`, `sxsdoc fix` (on a fresh copy) and `sxsdoc build`
//!   on the whole corpus (the release
//!   binary, end to end, output to /dev/null or a new folder in
//!   `/dev/shm`: see [`scratch`], and `SXSDOC_BENCH_OUT` to choose);
//! - a rebuild after one page changed;
//! - Hugo over the same pages, when `hugo` is installed.
//!
//! It prints median wall times, ratios to the baseline and peak memory.
//! The baseline runs again just before every timed run, and each ratio is
//! the median of those paired ratios: on a shared virtual machine whose
//! speed drifts by tens of percent over a minute, a ratio of two medians
//! taken a minute apart measures the drift as much as the tool. A second
//! ratio, of the fastest run to the fastest of its baselines, is what
//! each takes when nothing else on the machine gets in the way.
//!
//! `SXSDOC_BENCH_CORPUS=repos` measures the five whole Graph checkouts as
//! cloned (`../shared/corpus/graph-repos.tar.xz`, one a locale, with their
//! READMEs, include files and docfx.json) instead of the v1.0 API pages;
//! the baseline then reads every Markdown file of them.
//! `SXSDOC_BENCH_SCALE=5` replicates the corpus five times first, to
//! check that times grow linearly; `SXSDOC_BENCH_RUNS` sets the runs per
//! measurement (default 5); `SXSDOC_BENCH_HUGO=0` skips Hugo (it needs
//! over 4 GB for the corpus alone).

#[path = "../tests/support/counting.rs"]
mod counting;
#[path = "support/unpack.rs"]
mod unpack;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Counts heap bytes only while [`heap_peaks`] measures; otherwise the
/// system allocator plus one load per call, for the baseline.
#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = unpack(root);
    let scale: usize = std::env::var("SXSDOC_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let runs: usize = std::env::var("SXSDOC_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let docs = if scale > 1 {
        replicate(root, &corpus, scale)
    } else {
        corpus
    };
    let (files, bytes) = size(&docs);
    println!(
        "corpus: {} ({files} pages, {:.1} MB), {} threads, {runs} runs each\n",
        docs.display(),
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );

    let mut bench = Bench {
        docs: docs.clone(),
        baselines: Vec::new(),
    };
    let mut rows = Vec::new();

    let sxsdoc = env!("CARGO_BIN_EXE_sxsdoc");
    let out = root.join("target/bench-site");
    let check = bench.measure(runs, || {
        let mut command = Command::new(sxsdoc);
        command
            .args(["check", "--quiet", "--format", "json"])
            .arg(&docs);
        command
    });
    let check_time = check.time;
    rows.push(Row {
        name: "sxsdoc check".into(),
        measured: check,
    });
    // Fixing (safe fixes, written in place) a fresh copy of the corpus
    // each run; the copy is made before the timed run.
    let scratch_fix = scratch(root);
    let _ = std::fs::create_dir_all(&scratch_fix);
    let mut fix_run = 0;
    let fix = bench.measure(runs, || {
        fix_run += 1;
        let copy = scratch_fix.join(format!("fix-{fix_run}"));
        let _ = Command::new("cp").arg("-r").arg(&docs).arg(&copy).status();
        let mut command = Command::new(sxsdoc);
        command.args(["fix", "--quiet"]).arg(&copy);
        command
    });
    let _ = std::fs::remove_dir_all(&scratch_fix);
    println!(
        "fix / check: {:.2} (median times)\n",
        fix.time.as_secs_f64() / check_time.as_secs_f64()
    );
    rows.push(Row {
        name: "sxsdoc fix (a fresh copy, written in place)".into(),
        measured: fix,
    });
    // A clean build: into a new output folder, as on a fresh checkout.
    // Each run gets its own folder in `scratch`, all removed at the end.
    let scratch = scratch(root);
    println!("clean builds write into {}\n", scratch.display());
    let mut clean_run = 0;
    let build = bench.measure(runs, || {
        clean_run += 1;
        let mut command = Command::new(sxsdoc);
        command
            .args(["build", "--quiet", "--no-cache", "-o"])
            .arg(scratch.join(format!("clean-{clean_run}")))
            .arg(&docs);
        command
    });
    let _ = std::fs::remove_dir_all(&scratch);
    // The rebuild below starts from a site with a cache.
    let _ = Command::new(sxsdoc)
        .args(["build", "--quiet", "-o"])
        .arg(&out)
        .arg(&docs)
        .status();
    rows.push(Row {
        name: "sxsdoc build (clean)".into(),
        measured: build,
    });

    // One page changes; the next build renders what depends on it.
    let page = first_page(&docs);
    let original = std::fs::read_to_string(&page).unwrap_or_default();
    let mut flip = false;
    let rebuild = bench.measure(runs, || {
        flip = !flip;
        let edited = if flip {
            format!("{original}\nEdited.\n")
        } else {
            original.clone()
        };
        let _ = std::fs::write(&page, edited);
        let mut command = Command::new(sxsdoc);
        command
            .args(["build", "--quiet", "-o"])
            .arg(&out)
            .arg(&docs);
        command
    });
    let _ = std::fs::write(&page, &original);
    rows.push(Row {
        name: "sxsdoc build, one page changed".into(),
        measured: rebuild,
    });

    let hugo_wanted = std::env::var("SXSDOC_BENCH_HUGO").map_or(true, |v| v != "0");
    if hugo_wanted
        && Command::new("hugo")
            .arg("version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    {
        let site = hugo_site(root, &docs);
        let mut hugo_run = 0;
        let hugo = bench.measure(1, || {
            hugo_run += 1;
            let mut command = Command::new("hugo");
            command
                .args(["--quiet", "--source"])
                .arg(&site)
                .args(["--destination"])
                .arg(scratch.join(format!("hugo-{hugo_run}")));
            command
        });
        let _ = std::fs::remove_dir_all(&site);
        let _ = std::fs::remove_dir_all(&scratch);
        rows.push(Row {
            name: "hugo (same pages, raw HTML on)".into(),
            measured: hugo,
        });
    } else {
        println!("(hugo skipped: not installed, or SXSDOC_BENCH_HUGO=0)\n");
    }

    let mut baselines = bench.baselines.clone();
    baselines.sort();
    println!("| run | median | × baseline | (range) | best × best | peak memory |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| baseline (read + front matter + pulldown-cmark) | {:.3} s | 1.00 | | 1.00 | – |",
        baselines
            .get(baselines.len() / 2)
            .map_or(0.0, Duration::as_secs_f64)
    );
    for row in &rows {
        println!(
            "| {} | {:.3} s | {:.2} | {:.2}–{:.2} | {:.2} | {:.0} MB |",
            row.name,
            row.measured.time.as_secs_f64(),
            row.measured.ratio,
            row.measured.ratios.0,
            row.measured.ratios.1,
            row.measured.best,
            row.measured.peak as f64 / 1024.0
        );
    }
    let (check, build) = heap_peaks(&docs, &scratch.join("heap"));
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "\npeak heap, counted in process: check {:.1} MB, build {:.1} MB",
        check as f64 / 1e6,
        build as f64 / 1e6
    );
}

/// The most heap a check (with its JSON report) and a clean build of
/// `docs` hold at once, counted by this binary's allocator: what sxsdoc
/// itself holds, where the peak RSS above also has what mimalloc keeps
/// for later. One run each, in this process, on its threads.
fn heap_peaks(docs: &Path, output: &Path) -> (usize, usize) {
    use sxsdoc::report::Report;
    let settings = sxsdoc::check::Settings::default();
    let check = counting::peak_of(|| {
        let Ok(plan) = sxsdoc::plan::Plan::new(docs, &Default::default()) else {
            return;
        };
        let mut report = sxsdoc::report::json::Json::default();
        let mut out = std::io::sink();
        sxsdoc::pipeline::check(&plan, &settings, &|| {}, &mut |found| {
            let _ = report.findings(&mut out, &found);
        });
    });
    let options = sxsdoc::site::BuildOptions {
        output: output.to_path_buf(),
        templates: None,
        base_url: "https://example.org/".to_string(),
        site_name: Some("API reference".to_string()),
        no_cache: true,
        force: false,
        qa: false,
    };
    let build = counting::peak_of(|| {
        let Ok(plan) = sxsdoc::plan::Plan::new(docs, &Default::default()) else {
            return;
        };
        let _ = sxsdoc::pipeline::build(&plan, &settings, &options, &|| {});
    });
    (check, build)
}

struct Row {
    name: String,
    measured: Measured,
}

/// A command's median wall time, the median of its paired ratios to the
/// baseline, and its largest peak RSS in KiB.
struct Measured {
    time: Duration,
    ratio: f64,
    /// The smallest and largest paired ratio.
    ratios: (f64, f64),
    /// Its fastest run over the fastest of the baselines run with it:
    /// what each takes when nothing else on the machine gets in the way.
    best: f64,
    peak: u64,
}

struct Bench {
    docs: PathBuf,
    /// Every baseline time taken, for the baseline row.
    baselines: Vec<Duration>,
}

impl Bench {
    /// Runs the command `runs` times after one untimed warm-up, each time
    /// just after a baseline run. The peak is the child's own `ru_maxrss`
    /// from `wait4`, as GNU time reports it: polling `/proc` while it runs
    /// would take the lock its page faults need and slow down what is
    /// measured.
    fn measure(&mut self, runs: usize, mut command: impl FnMut() -> Command) -> Measured {
        let mut peak = 0;
        let mut run = |command: &mut Command| {
            let started = Instant::now();
            let child = command
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("command starts");
            let (elapsed, kb) = wait(child, started);
            peak = peak.max(kb);
            elapsed
        };
        let _ = baseline(&self.docs);
        let _ = run(&mut command()); // warms the page cache
        let mut times = Vec::new();
        let mut bases = Vec::new();
        let mut ratios = Vec::new();
        for _ in 0..runs.max(1) {
            // Preparing the command (an edit, a clean output) is not timed.
            let mut prepared = command();
            let base = baseline(&self.docs);
            let time = run(&mut prepared);
            self.baselines.push(base);
            bases.push(base);
            times.push(time);
            ratios.push(time.as_secs_f64() / base.as_secs_f64());
        }
        times.sort();
        bases.sort();
        ratios.sort_by(f64::total_cmp);
        Measured {
            time: times[times.len() / 2],
            ratio: ratios[ratios.len() / 2],
            ratios: (ratios[0], ratios[ratios.len() - 1]),
            best: times[0].as_secs_f64() / bases[0].as_secs_f64(),
            peak,
        }
    }
}

/// What every tool reading these pages does, in parallel.
fn baseline(docs: &Path) -> Duration {
    let started = Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(docs)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let events: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let (yaml, body) = split(&text);
            let value: Result<serde_yaml::Value, _> = serde_yaml::from_str(yaml);
            let parser =
                pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES);
            parser.count() + usize::from(value.is_ok())
        })
        .sum();
    std::hint::black_box(events);
    started.elapsed()
}

fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end], &rest[end + 5..]),
        None => ("", text),
    }
}

/// Waits for `child`: wall time since `started` and peak RSS in KiB.
fn wait(child: std::process::Child, started: Instant) -> (Duration, u64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of that plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both pointers
    // point to live values of the types wait4 expects.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert_eq!(waited, pid, "wait4 failed");
    // Already reaped: dropping `child` does not wait again.
    drop(child);
    (elapsed, usage.ru_maxrss.max(0) as u64)
}

/// Where clean builds (sxsdoc's and Hugo's) write their sites:
/// `SXSDOC_BENCH_OUT` if set, else a new folder in `/dev/shm` (memory,
/// like the warm page cache the pages are read from), else `target/`.
///
/// Not the project's disk by default: on this machine's ext4, mounted
/// without a journal, creating files shortly after as many were deleted
/// (say, by the previous bench run) makes every new inode skip the
/// recently freed ones, and a clean build's kernel time grew from 0.6 s
/// to 3.4 s depending on what was deleted in the last minutes. That
/// times the filesystem's history, not the tool. With no recent deletes,
/// a clean build into a new folder on that disk took the same time as
/// into `/dev/shm` (2.35 s and 2.24-2.31 s).
fn scratch(root: &Path) -> PathBuf {
    let base = match std::env::var_os("SXSDOC_BENCH_OUT") {
        Some(dir) => PathBuf::from(dir),
        None if Path::new("/dev/shm").is_dir() => PathBuf::from("/dev/shm"),
        None => root.join("target"),
    };
    base.join(format!("sxsdoc-bench-{}", std::process::id()))
}

fn unpack(root: &Path) -> PathBuf {
    // The five Graph checkouts as cloned, one a locale: the project as a
    // docs team has it (README, includes, two docfx docsets).
    let (folder, archive, sign) = if std::env::var("SXSDOC_BENCH_CORPUS").as_deref() == Ok("repos")
    {
        (
            "target/corpus/graph-repos",
            "graph-repos.tar.xz",
            "microsoft-graph-docs.ru-RU",
        )
    } else {
        ("target/graph-corpus", "graph-v1.0-api.tar.xz", "ru-RU")
    };
    let corpus = root.join(folder);
    if sign == "ru-RU" {
        // The v1.0 extract holds the API pages only: their 22,929 links to
        // resource pages and their 8,226 `[!INCLUDE]`s name files outside
        // it, findings about the extract rather than the pages, and they
        // would be most of what a run prints. The checkouts hold every
        // page a link names and every include.
        let _ = std::fs::create_dir_all(&corpus);
        let _ = std::fs::write(
            corpus.join("sxsdoc.toml"),
            "# Written by the benchmark: links and includes leave this extract.\nignore = [\"SXS403\", \"SXS404\"]\n",
        );
    }
    unpack::unpack(root, archive, folder, sign)
}

/// The corpus `scale` times over, as more pages of the same locales.
fn replicate(root: &Path, corpus: &Path, scale: usize) -> PathBuf {
    let target = root.join(format!("target/graph-corpus-x{scale}"));
    if target.is_dir() {
        return target;
    }
    for locale in std::fs::read_dir(corpus)
        .expect("corpus")
        .filter_map(Result::ok)
    {
        for copy in 0..scale {
            let dest = target.join(locale.file_name()).join(format!("copy{copy}"));
            std::fs::create_dir_all(&dest).expect("mkdir");
            let status = Command::new("cp")
                .arg("-r")
                .arg(locale.path().join("api-reference"))
                .arg(&dest)
                .status()
                .expect("cp");
            assert!(status.success());
        }
    }
    target
}

fn size(docs: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(docs)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(n, b), e| {
            (n + 1, b + e.metadata().map(|m| m.len()).unwrap_or(0))
        })
}

fn first_page(docs: &Path) -> PathBuf {
    walkdir::WalkDir::new(docs)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        // An API page, in either corpus: not a README or an include.
        .find(|e| {
            e.file_type().is_file()
                && e.path().extension().is_some_and(|x| x == "md")
                && e.path().to_string_lossy().contains("/v1.0/api/")
        })
        .map(|e| e.into_path())
        .expect("a page")
}

/// A Hugo site over the pages sxsdoc builds: those the project's docfx
/// settings publish, as the plan has them (not include files, READMEs
/// or files no docset publishes, which Hugo would reject or render as
/// pages of their own), hard-linked into a content folder per locale,
/// with raw HTML on and the least templates.
fn hugo_site(root: &Path, docs: &Path) -> PathBuf {
    let site = root.join("target/bench-hugo");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("layouts/_default")).expect("mkdir");
    let plan = sxsdoc::plan::Plan::new(docs, &Default::default()).expect("plans");
    let pages = plan.groups.iter().flat_map(|group| &group.files);
    for file in pages.filter(|file| file.kind == sxsdoc::model::FileKind::Page) {
        let to = site.join("content").join(&file.locale).join(&file.path);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        if std::fs::hard_link(file.fs_path(), &to).is_err() {
            std::fs::copy(file.fs_path(), &to).expect("copy");
        }
    }
    let locales: Vec<&str> = plan.locales.iter().map(String::as_str).collect();
    let first = locales.first().copied().unwrap_or_default();
    let mut config = format!("baseURL = 'https://example.org/'\ndefaultContentLanguage = '{first}'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n[markup.goldmark.renderer]\nunsafe = true\n[languages]\n");
    for (weight, locale) in locales.iter().enumerate() {
        config.push_str(&format!(
            "[languages.{locale}]\nweight = {}\ncontentDir = '{}'\n",
            weight + 1,
            site.join("content").join(locale).display()
        ));
    }
    std::fs::write(site.join("hugo.toml"), config).expect("config");
    std::fs::write(site.join("layouts/_default/single.html"), "<!DOCTYPE html><html lang=\"{{ .Language.Lang }}\"><title>{{ .Title }}</title>{{ .Content }}</html>").expect("layout");
    std::fs::write(
        site.join("layouts/_default/list.html"),
        "<!DOCTYPE html><title>{{ .Title }}</title>",
    )
    .expect("layout");
    site
}
