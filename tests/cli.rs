//! The `sxsdoc` binary: exit codes, formats, baselines, config, determinism.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/copy.rs"]
mod copy;
use copy::copy_dir;

fn sxsdoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("sxsdoc runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh copy of a docs tree in a scratch folder of its own.
fn scratch_copy(from: &str, name: &str) -> PathBuf {
    let to = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(from), &to);
    to
}

#[test]
fn seeds_fail_the_check() {
    let output = sxsdoc(&["check", "docs"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(stdout(&output).contains("error[SXS303]"));
}

/// The README's example of `check`'s output is what `check docs` prints
/// for that finding, line for line: a newcomer compares the two.
#[test]
fn the_readmes_check_example_is_the_real_output() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let example = readme
        .split_once("## `sxsdoc check`\n\n```\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map(|(block, _)| block)
        .expect("an example under `sxsdoc check`");
    let output = stdout(&sxsdoc(&["check", "docs", "--color", "never"]));
    assert!(
        output.contains(example),
        "README:\n{example}\n\noutput:\n{output}"
    );
}

/// Without a docs root, `check` reads the current folder when it is a
/// locale's checkout (even one holding a `docs/` folder, as Office
/// Scripts' do), else `docs` where there is one (this repository).
#[test]
fn the_docs_root_defaults_to_the_checkout_or_docs() {
    let in_here = sxsdoc(&["check", "-q", "--statistics"]);
    assert_eq!(
        stdout(&in_here),
        stdout(&sxsdoc(&["check", "docs", "-q", "--statistics"]))
    );
    let docs = scratch_copy(
        "tests/fixtures/check/clean/docs/ru-RU",
        "default-root/docs-checkout.ru-RU/docs",
    );
    let checkout = docs.parent().expect("the checkout");
    // A docs checkout: what docfx builds.
    std::fs::write(
        checkout.join("docfx.json"),
        r#"{"build": {"content": [{"files": ["docs/**/*.md"]}]}}"#,
    )
    .expect("docfx.json");
    let output = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .arg("check")
        .current_dir(checkout)
        .output()
        .expect("sxsdoc runs");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("ok: no problems in 1 page"),
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).contains("only one locale (ru-RU)"));
}

#[test]
fn clean_docs_pass_and_say_so() {
    let output = sxsdoc(&["check", "tests/fixtures/check/clean/docs"]);
    assert_eq!(code(&output), 0);
    assert!(
        stdout(&output).starts_with("ok: no problems in 2 pages"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn warnings_fail_only_when_denied() {
    let root = "tests/fixtures/check/stale-translation/docs";
    assert_eq!(code(&sxsdoc(&["check", root])), 0);
    assert_eq!(code(&sxsdoc(&["check", root, "--deny", "warnings"])), 1);
}

#[test]
fn the_tool_failing_is_exit_2() {
    let missing = sxsdoc(&["check", "no/such/folder"]);
    assert_eq!(code(&missing), 2);
    assert!(
        stderr(&missing).contains("cannot read docs root `no/such/folder`"),
        "{}",
        stderr(&missing)
    );
    let typo = sxsdoc(&["check", "docs", "--select", "SXS9"]);
    assert_eq!(code(&typo), 2);
    assert!(stderr(&typo).contains("`SXS9` names no rule"));
    // A locale the tree does not have would check nothing and pass.
    let no_locale = sxsdoc(&["check", "docs", "--locale", "xx-XX"]);
    assert_eq!(code(&no_locale), 2);
    assert!(
        stderr(&no_locale).contains("no locale `xx-XX` in `docs`: it has de-DE, es-ES"),
        "{}",
        stderr(&no_locale)
    );
    assert_eq!(
        code(&sxsdoc(&["check", "docs", "--exclude-locale", "ru_RU"])),
        2
    );
    // Tags are compared as BCP 47 does, whatever their letter case; a
    // bare language names the one locale of it.
    let lower = sxsdoc(&["check", "docs", "--locale", "ru-ru", "--statistics"]);
    assert_ne!(code(&lower), 2, "{}", stderr(&lower));
    let language = sxsdoc(&["check", "docs", "--locale", "ru"]);
    assert_eq!(code(&language), 2);
    assert!(
        stderr(&language).contains("; did you mean `ru-RU`?"),
        "{}",
        stderr(&language)
    );
    // Every selected locale excluded would check nothing and pass.
    let none = sxsdoc(&[
        "check",
        "docs",
        "--locale",
        "ru-RU",
        "--exclude-locale",
        "ru-RU",
    ]);
    assert_eq!(code(&none), 2);
    assert!(
        stderr(&none).contains("the locales selected are all excluded"),
        "{}",
        stderr(&none)
    );
    // A pattern id of no rule.
    let no_rule = sxsdoc(&["check", "docs", "--pattern", "SXS999-00000000"]);
    assert_eq!(code(&no_rule), 2);
    assert!(stderr(&no_rule).contains("is not a pattern id"));
    assert_eq!(code(&sxsdoc(&["check", "docs", "--format", "xml"])), 2);
    assert_eq!(code(&sxsdoc(&["check", "README.md"])), 2);
    // A page or folder inside a project: the root to check instead.
    for (inside, hint) in [
        (
            "docs/ru-RU",
            "it is the ru-RU folder of the docs root `docs`: run `sxsdoc check docs` (with `--locale ru-RU`",
        ),
        (
            "docs/ru-RU/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md",
            "in the ru-RU folder of the docs root `docs`",
        ),
        (
            "tests/fixtures/layouts/checkouts/demo-docs.de-DE/api-reference",
            "run `sxsdoc check tests/fixtures/layouts/checkouts/demo-docs.de-DE`, or `sxsdoc check tests/fixtures/layouts/checkouts` with the other checkouts",
        ),
    ] {
        let refused = sxsdoc(&["check", inside]);
        assert_eq!(code(&refused), 2, "{inside}");
        assert!(stderr(&refused).contains(hint), "{}", stderr(&refused));
    }
    let config = std::env::temp_dir().join(format!("sxsdoc-base-{}.toml", std::process::id()));
    for base in ["https://example.org/graph", "graph", "/graph?x"] {
        std::fs::write(&config, format!("base-path = \"{base}\"\n")).expect("config");
        let config = config.to_string_lossy();
        let refused = sxsdoc(&["check", "docs", "--config", &config]);
        assert_eq!(code(&refused), 2, "{base}");
        assert!(
            stderr(&refused).contains("is not a URL path like `/graph`"),
            "{base}"
        );
    }
    let _ = std::fs::remove_file(&config);
}

#[test]
fn select_ignore_and_locale_filters() {
    let only_version = sxsdoc(&[
        "check",
        "docs",
        "--select",
        "api-version-mismatch",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&only_version.stdout).expect("json");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["SXS303"]);
    // Spaces after the commas of a list are no part of its names.
    let spaced = sxsdoc(&["check", "docs", "--select", "SXS303, SXS005", "-q"]);
    assert_eq!(code(&spaced), 1, "{}", stderr(&spaced));
    let no_errors = sxsdoc(&["check", "docs", "--ignore", "SXS303"]);
    assert_eq!(code(&no_errors), 0, "{}", stdout(&no_errors));
    let pt_only = sxsdoc(&["check", "docs", "--locale", "pt-BR", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&pt_only.stdout).expect("json");
    assert!(json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .all(|d| d["locale"] == "pt-BR"));
}

/// The CI of one locale's repository is told which pages it lacks,
/// though the finding sits on a page of a locale that has it; a locale
/// that removed a page on purpose is not told it lacks it.
#[test]
fn locale_filter_keeps_the_pages_the_locale_lacks() {
    let findings = |case: &str, locale: &str| -> Vec<(String, String)> {
        let root = format!("tests/fixtures/check/{case}/docs");
        let output = sxsdoc(&["check", &root, "--locale", locale, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        json["diagnostics"]
            .as_array()
            .expect("array")
            .iter()
            .map(|d| {
                let field = |name: &str| d[name].as_str().unwrap_or_default().to_string();
                (field("locale"), field("message"))
            })
            .collect()
    };
    let lacking = findings("missing-locale", "ja-JP");
    assert_eq!(
        lacking,
        [(
            "ru-RU".to_string(),
            "page is missing in ja-JP (it exists in ru-RU)".to_string()
        )]
    );
    assert_eq!(findings("missing-locale-redirected", "de-DE").len(), 1);
    assert_eq!(findings("missing-locale-redirected", "ja-JP"), []);
    // Counted for the locale that lacks the page, not the one it is
    // shown on, and only in the locales asked for.
    let root = "tests/fixtures/check/missing-locale/docs";
    let statistics = stdout(&sxsdoc(&[
        "check",
        root,
        "--locale",
        "ja-JP",
        "--statistics",
    ]));
    let lines: Vec<&str> = statistics.lines().take(2).collect();
    assert_eq!(
        lines,
        [
            "rule    name                     severity   total   ja-JP  safe fix  unsafe",
            "SXS401  missing-locale           warning        1       1         0       0",
        ],
        "{statistics}"
    );
}

#[test]
fn config_file_in_the_docs_root_is_read() {
    let root = scratch_copy("docs", "config-docs");
    std::fs::write(
        root.join("sxsdoc.toml"),
        "ignore = [\"SXS303\"]\ndeny-warnings = false\n",
    )
    .expect("write config");
    assert_eq!(code(&sxsdoc(&["check", &root.to_string_lossy()])), 0);
    std::fs::write(
        root.join("sxsdoc.toml"),
        "ignore = [\"SXS303\"]\ndeny-warnings = true\n",
    )
    .expect("write config");
    assert_eq!(code(&sxsdoc(&["check", &root.to_string_lossy()])), 1);
    std::fs::write(root.join("sxsdoc.toml"), "ignroe = []\n").expect("write config");
    let bad = sxsdoc(&["check", &root.to_string_lossy()]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("ignroe"), "{}", stderr(&bad));
    // A misspelt rule is shown where it is, with the rule meant.
    std::fs::write(
        root.join("sxsdoc.toml"),
        "select = [\"SXS0\"]\nignore = [\"no-source-span\"]\n",
    )
    .expect("write config");
    let typo = sxsdoc(&["check", &root.to_string_lossy()]);
    assert_eq!(code(&typo), 2);
    assert!(
        stderr(&typo).contains(
            "sxsdoc.toml`:2:12: `no-source-span` names no rule (did you mean `no-source-spans`?)"
        ),
        "{}",
        stderr(&typo)
    );
    // Either meaning of `locales`, said in words, not serde's.
    std::fs::write(root.join("sxsdoc.toml"), "locales = \"ru-RU\"\n").expect("write config");
    let either = sxsdoc(&["check", &root.to_string_lossy()]);
    assert_eq!(code(&either), 2);
    assert!(
        stderr(&either).contains("a list of the locales to report on")
            && !stderr(&either).contains("untagged"),
        "{}",
        stderr(&either)
    );
}

#[test]
fn baseline_hides_known_findings_across_unrelated_edits() {
    let root = scratch_copy("docs", "baseline-docs");
    let baseline = root.with_file_name("baseline.json");
    let root_arg = root.to_string_lossy().into_owned();
    let baseline_arg = baseline.to_string_lossy().into_owned();
    assert_eq!(
        code(&sxsdoc(&[
            "check",
            &root_arg,
            "--write-baseline",
            &baseline_arg
        ])),
        0
    );
    let known = sxsdoc(&[
        "check",
        &root_arg,
        "--baseline",
        &baseline_arg,
        "--deny",
        "warnings",
    ]);
    assert_eq!(code(&known), 0, "{}", stdout(&known));
    assert!(stdout(&known).contains("in the baseline not shown"));
    assert!(
        !stderr(&known).contains("match no finding"),
        "{}",
        stderr(&known)
    );
    // Fixed findings' entries are told about (they would hide the
    // findings coming back), unless their rule did not run.
    let fixed = scratch_copy("docs", "baseline-fixed");
    let fixed_arg = fixed.to_string_lossy().into_owned();
    assert_eq!(code(&sxsdoc(&["fix", &fixed_arg, "--select", "SXS005"])), 0);
    let after_fix = sxsdoc(&["check", &fixed_arg, "--baseline", &baseline_arg]);
    assert!(
        stderr(&after_fix).contains("of baseline")
            && stderr(&after_fix).contains("match no finding now (fixed since)"),
        "{}",
        stderr(&after_fix)
    );
    let other_rules = sxsdoc(&[
        "check",
        &fixed_arg,
        "--baseline",
        &baseline_arg,
        "--ignore",
        "SXS005",
    ]);
    assert!(
        !stderr(&other_rules).contains("match no finding"),
        "{}",
        stderr(&other_rules)
    );
    // Every view's summary says what the baseline held back.
    for view in ["--statistics", "--group-by=pattern"] {
        let shown = sxsdoc(&["check", &root_arg, "--baseline", &baseline_arg, view]);
        assert!(
            stdout(&shown).contains("in the baseline not shown"),
            "{view}: {}",
            stdout(&shown)
        );
    }

    // Lines move: every finding is still known.
    let page = root.join("de-DE/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md");
    let text = std::fs::read_to_string(&page).expect("page");
    let moved = text.replacen("# <a name", "\nAn added paragraph.\n\n# <a name", 1);
    std::fs::write(&page, &moved).expect("edit");
    let after_edit = sxsdoc(&[
        "check",
        &root_arg,
        "--baseline",
        &baseline_arg,
        "--deny",
        "warnings",
    ]);
    assert_eq!(code(&after_edit), 0, "{}", stdout(&after_edit));

    // A new defect is reported.
    std::fs::write(
        &page,
        moved.replace("`204 No Content` zurück", "`200 OK` zurück"),
    )
    .expect("edit");
    let new_finding = sxsdoc(&["check", &root_arg, "--baseline", &baseline_arg]);
    assert_eq!(code(&new_finding), 1);
    assert!(
        stdout(&new_finding).contains("error[SXS003]"),
        "{}",
        stdout(&new_finding)
    );
}

/// In one locale's repository, `check ..` reports what other locales'
/// checkouts beside it have: GitHub annotates only the repository's own
/// files, so those are named in the message instead.
#[test]
fn github_annotates_only_files_under_the_current_folder() {
    let run = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(["check", "../docs", "--format", "github"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
        .output()
        .expect("sxsdoc runs");
    let annotations: Vec<&str> = std::str::from_utf8(&run.stdout)
        .expect("UTF-8")
        .lines()
        .filter(|line| line.starts_with("::error") || line.starts_with("::warning"))
        .collect();
    assert!(!annotations.is_empty());
    for line in annotations {
        assert!(!line.contains("file="), "{line}");
        assert!(line.contains("::../docs/"), "{line}");
    }
    let here = sxsdoc(&["check", "docs", "--format", "github"]);
    assert!(
        stdout(&here).contains("::error file=docs/"),
        "{}",
        stdout(&here)
    );
}

#[test]
fn output_does_not_depend_on_threads() {
    for format in ["human", "json", "sarif", "github"] {
        let one = sxsdoc(&["check", "docs", "--format", format, "-j", "1"]);
        let many = sxsdoc(&["check", "docs", "--format", format, "-j", "4"]);
        assert_eq!(one.stdout, many.stdout, "{format}");
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let piped = sxsdoc(&["check", "docs"]);
    assert!(!stdout(&piped).contains('\x1b'));
    let forced = sxsdoc(&["check", "docs", "--color", "always"]);
    assert!(stdout(&forced).contains("\x1b[1;31merror[SXS303]"));
}

#[test]
fn explain_and_rules() {
    let explain = sxsdoc(&["explain", "sxs002"]);
    assert_eq!(code(&explain), 0);
    let text = stdout(&explain);
    assert!(
        text.starts_with("SXS002 permission-changed (default severity: error)"),
        "{text}"
    );
    assert!(text.contains("## Why is this bad"));
    assert_eq!(code(&sxsdoc(&["explain", "permission-changed"])), 0);
    assert_eq!(code(&sxsdoc(&["explain", "SXS999"])), 2);
    let rules = stdout(&sxsdoc(&["rules"]));
    assert_eq!(rules.lines().count(), sxsdoc::check::RULES.len());
    assert!(rules.contains("SXS303  api-version-mismatch"));
}

#[test]
fn facts_json_of_the_seeds() {
    let output = sxsdoc(&["facts", "docs"]);
    assert_eq!(code(&output), 0);
    insta::assert_snapshot!(stdout(&output));
}

/// `facts` into a pipe that closes (`| head`) stops reading the tree and
/// exits 0, as a closed pipe is no error; the groups read after the reader
/// went away are only those already under way.
#[test]
fn facts_stop_when_their_reader_goes() {
    use std::io::Read;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("facts-pipe");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("ru-RU")).expect("mkdir");
    for n in 0..1000 {
        std::fs::write(root.join(format!("ru-RU/p{n:04}.md")), "# Page\n").expect("write");
    }
    let plan = sxsdoc::plan::Plan::new(&root, &Default::default()).expect("plan");
    let read = AtomicUsize::new(0);
    let mut taken = 0;
    let failures = sxsdoc::pipeline::each_group(
        &plan,
        &|| {},
        |_| read.fetch_add(1, Ordering::Relaxed),
        &mut |_| {
            taken += 1;
            std::ops::ControlFlow::Break(())
        },
    );
    assert!(failures.is_empty());
    assert_eq!(taken, 1);
    let read = read.load(Ordering::Relaxed);
    assert!(
        read < 1000 / 2,
        "{read} of 1000 groups read after the first"
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .arg("facts")
        .arg(&root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut start = [0u8; 64];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut start)
        .expect("reads");
    let output = child.wait_with_output().expect("exits");
    assert_eq!(
        code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&start).starts_with("[\n  {"));
}

#[test]
fn ignored_top_level_entries_are_noted() {
    let root = scratch_copy("docs", "notes-docs");
    std::fs::create_dir_all(root.join("images")).expect("mkdir");
    // A bare three-letter name is a valid tag, and a common folder.
    std::fs::create_dir_all(root.join("src")).expect("mkdir");
    std::fs::write(root.join("src/a.md"), "# A\n").expect("write");
    let output = sxsdoc(&["facts", &root.to_string_lossy(), "--format", "text"]);
    assert_eq!(code(&output), 0);
    for folder in ["images", "src"] {
        assert!(
            stderr(&output).contains(&format!("{folder}: ignored: folder name is not a locale")),
            "{}",
            stderr(&output)
        );
    }
    let quiet = sxsdoc(&["facts", &root.to_string_lossy(), "--quiet"]);
    assert_eq!(stderr(&quiet), "");
}

/// A tree of more page groups than a check works on at a time, named so
/// that walking order and path order differ (`a-1.md` sorts before
/// `a/1.md` as a path): the streamed output is the one a whole, sorted
/// list of findings gives, with any number of threads.
#[test]
fn many_groups_are_reported_in_path_order() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("many-groups");
    let _ = std::fs::remove_dir_all(&root);
    let seed =
        "api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md";
    for locale in ["de-DE", "ja-JP", "pt-BR"] {
        let text =
            std::fs::read_to_string(Path::new("docs").join(locale).join(seed)).expect("seed page");
        std::fs::create_dir_all(root.join(locale).join("api/a")).expect("folders");
        for n in 0..80 {
            // Each group's findings differ a little.
            let text = text.replacen("ReadWrite", &format!("Read{}Write", n % 3), 1);
            std::fs::write(root.join(locale).join(format!("api/a-{n}.md")), &text).expect("page");
            std::fs::write(root.join(locale).join(format!("api/a/{n}.md")), &text).expect("page");
        }
    }
    let root_arg = root.to_string_lossy().into_owned();
    let project = sxsdoc::project::Project::open(&root, &Default::default()).expect("opens");
    let whole = project.check_all().diagnostics;
    let plan = &project.plan;
    let summary = sxsdoc::report::Summary::new(&whole, plan, 0);
    assert_eq!(plan.groups.len(), 160);
    assert!(whole.len() > 160, "every group has findings");
    let expected = sxsdoc::report::json::render(&whole, &summary);
    for jobs in ["1", "3"] {
        let output = sxsdoc(&["check", &root_arg, "--format", "json", "-j", jobs]);
        assert_eq!(code(&output), 1);
        assert!(stdout(&output) == expected, "-j {jobs}");
    }
}

/// A build that fails on page groups among many stops with the first
/// failing group's error (in path order), whatever the number of threads
/// and whichever groups were being rendered beside it.
#[test]
fn a_build_failing_on_one_group_says_why() {
    let pages = (0..40).map(|n| {
        let page = format!("---\ntitle: Page {n}\n---\n# Page {n}\n\nText.\n");
        (format!("p-{n:02}.md"), page)
    });
    let root = themed_tree(
        "failing-group",
        pages.collect(),
        &[(
            "page.html",
            "{% if path is ending_with(pat=\"p-25.md\") or path is ending_with(pat=\"p-35.md\") %}{{ throw(message=\"no page here\") }}{% endif %}{{ body | safe }}",
        )],
    );
    for jobs in ["1", "4", "4", "4"] {
        let output = build_themed(&root, &["-j", jobs]);
        assert_eq!(code(&output), 2);
        let said = stderr(&output);
        assert!(
            said.contains("page.html") && said.contains("p-25") && !said.contains("p-35"),
            "{said}"
        );
        assert!(!root.join("site").exists(), "no site from a failed build");
    }
}

/// A fresh folder `name` with a one-locale tree, `docs/ru-RU/api/` with
/// `pages` (file name, text), and a `theme/` of `templates`.
fn themed_tree(name: &str, pages: Vec<(String, String)>, templates: &[(&str, &str)]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    let api = root.join("docs/ru-RU/api");
    std::fs::create_dir_all(&api).expect("folders");
    for (file, text) in pages {
        std::fs::write(api.join(file), text).expect("page");
    }
    std::fs::create_dir_all(root.join("theme")).expect("theme");
    for (file, text) in templates {
        std::fs::write(root.join("theme").join(file), text).expect("template");
    }
    root
}

/// The first error of `build_themed` in `root`, which must fail (exit 2)
/// and leave no site.
fn failed_build_error(root: &Path) -> String {
    let output = build_themed(root, &[]);
    assert_eq!(code(&output), 2);
    assert!(!root.join("site").exists(), "no site from a failed build");
    let said = stderr(&output);
    let error = said.lines().find(|l| l.starts_with("error: "));
    error.unwrap_or_default().to_string()
}

/// `sxsdoc build docs -o site --templates theme` in `root`, and `more`.
fn build_themed(root: &Path, more: &[&str]) -> Output {
    let path = |name: &str| root.join(name).to_string_lossy().into_owned();
    let (docs, site, theme) = (path("docs"), path("site"), path("theme"));
    let mut args = vec!["build", &docs, "-o", &site, "--templates", &theme];
    args.extend_from_slice(more);
    sxsdoc(&args)
}

/// A template Tera cannot read (Tera 1's `xs.0`; an unknown filter), or
/// one that fails, stops the build, naming its place on one line:
/// template, line, column and what is wrong, without Tera's quote of the
/// template's line.
#[test]
fn a_template_tera_cannot_read_names_its_places() {
    let page = ("p.md".to_string(), "---\ntitle: P\n---\n# P\n".to_string());
    let root = themed_tree(
        "unreadable-template",
        vec![page],
        &[
            ("page.html", "{{ body | safe }}\n{{ body | shout }}\n"),
            ("report.html", "{{ nav.crumbs.0 }}"),
        ],
    );
    let first_error = || failed_build_error(&root);
    assert_eq!(
        first_error(),
        "error: report.html:1:15: Found integer but expected identifier."
    );
    std::fs::remove_file(root.join("theme/report.html")).expect("rm");
    assert_eq!(
        first_error(),
        "error: page.html:2:11: Unknown filter `shout`"
    );
    // An error in a template another includes says where it was included;
    // a message of several lines is put on one.
    std::fs::remove_file(root.join("theme/page.html")).expect("rm");
    let theme = |name: &str, text: &str| std::fs::write(root.join("theme").join(name), text);
    theme("switcher.html", "<nav>{{ nope.x }}</nav>").expect("switcher.html");
    let error = first_error();
    assert!(
        error.contains(
            "template `page.html` failed: switcher.html:1:9: Variable `nope` is not defined."
        ) && error.contains(" (note: called from page.html:"),
        "{error}"
    );
    std::fs::remove_file(root.join("theme/switcher.html")).expect("rm");
    theme("404.html", "{{ throw(message=\"a\nb\") }}").expect("404.html");
    assert_eq!(
        first_error(),
        "error: template `404.html` failed: 404.html:1:4: a b"
    );
}

/// A `--templates` folder that is not there (a typo) stops the build
/// rather than building with the built-in templates; a team's
/// `strings.toml` that is not TOML is named at its line and column, on
/// one line, as a broken `sxsdoc.toml` is.
#[test]
fn a_templates_folder_missing_or_with_broken_strings_stops_the_build() {
    let page = ("p.md".to_string(), "---\ntitle: P\n---\n# P\n".to_string());
    let root = themed_tree("broken-theme", vec![page], &[]);
    std::fs::remove_dir_all(root.join("theme")).expect("rm");
    let first_error = || failed_build_error(&root);
    let theme = root.join("theme");
    assert_eq!(
        first_error(),
        format!(
            "error: the templates folder `{}` does not exist or is not a folder",
            theme.display()
        )
    );
    std::fs::create_dir_all(&theme).expect("theme");
    std::fs::write(theme.join("strings.toml"), "[en]\nhome = \"Home\"\n[ru\n").expect("strings");
    let error = first_error();
    assert!(
        error.starts_with(&format!(
            "error: `{}`:3:4 is not valid: ",
            theme.join("strings.toml").display()
        )) && error.ends_with("(the line reads `[ru`)"),
        "{error}"
    );
}

/// A readers' build shows no findings, so it says which pages it could
/// publish only as far as they read (and that `check` says why), and
/// that the sitemap holds placeholder URLs until `--base-url` is given.
#[test]
fn a_build_says_what_it_could_not_read_and_what_it_made_up() {
    let pages = vec![
        (
            "ok.md".to_string(),
            "---\ntitle: Ok\n---\n# Ok\n".to_string(),
        ),
        (
            "broken.md".to_string(),
            "---\ntitle: \"broken\n---\n# B\n".to_string(),
        ),
    ];
    let root = themed_tree("unread-pages", pages, &[]);
    let output = build_themed(&root, &[]);
    assert_eq!(code(&output), 0);
    let said = stderr(&output);
    let partly_read = |said: &str| {
        said.contains("note: 1 page published only as far as it could be read (`")
            && said.contains("broken.md`): `sxsdoc check` says what is wrong with each")
    };
    assert!(partly_read(&said), "{said}");
    assert!(said.contains("placeholder https://example.org/"), "{said}");
    let output = build_themed(&root, &["--base-url", "https://docs.example.com/"]);
    assert!(
        !stderr(&output).contains("placeholder"),
        "{}",
        stderr(&output)
    );
    // A rebuild that keeps the page's group says it as well.
    let said = stderr(&build_themed(
        &root,
        &["--base-url", "https://docs.example.com/"],
    ));
    assert!(said.contains("2 of 2 page groups unchanged"), "{said}");
    assert!(partly_read(&said), "{said}");
}

/// `--select` and `--ignore` that leave no rule (a typo in a CI line)
/// still run, but say that nothing is checked.
#[test]
fn selecting_no_rule_is_said() {
    let output = sxsdoc(&["check", "docs", "--select", "SXS002", "--ignore", "SXS0"]);
    assert_eq!(code(&output), 0);
    assert!(
        stderr(&output).contains("leave no rule to run: nothing is checked"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&sxsdoc(&["check", "docs", "-q"])).contains("no rule"));
}

/// A group with more findings than the JSON report renders in one piece
/// (it renders large batches on rayon's threads) must not wait for
/// threads the groups' workers hold: a check of it once never ended.
#[test]
fn a_group_with_hundreds_of_findings_is_reported() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-many-findings");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("ru-RU")).expect("folder");
    let links: String = (0..600).map(|n| format!("[x](#nowhere-{n})\n\n")).collect();
    std::fs::write(
        dir.join("ru-RU/a.md"),
        format!("---\ntitle: A\n---\n# A\n\n{links}"),
    )
    .expect("page");
    // More groups than are read ahead, so that groups are still to come
    // while the first one's findings are written.
    for n in 0..400 {
        std::fs::write(
            dir.join(format!("ru-RU/p{n:03}.md")),
            "---\ntitle: P\n---\n# P\n",
        )
        .expect("page");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(["check", "--quiet", "--format", "json", "-j", "2"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("runs");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break Some(status);
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(0),
        "the check did not end"
    );
}

/// `--group-by pattern` and `--statistics` on the bundled docs: an entry
/// per pattern (errors first; as text or JSON), a table per rule and
/// severity (which does not mix with `--format`).
#[test]
fn grouped_views_for_a_team() {
    let grouped = sxsdoc(&["check", "docs", "--group-by", "pattern"]);
    assert_eq!(code(&grouped), 1);
    insta::assert_snapshot!("group_by_pattern", stdout(&grouped));
    let statistics = sxsdoc(&["check", "docs", "--statistics"]);
    assert_eq!(code(&statistics), 1);
    insta::assert_snapshot!("statistics", stdout(&statistics));
    let both = sxsdoc(&["check", "docs", "--statistics", "--format", "json"]);
    assert_eq!(code(&both), 2);
    let sarif = sxsdoc(&[
        "check",
        "docs",
        "--group-by",
        "pattern",
        "--format",
        "sarif",
    ]);
    assert_eq!(code(&sarif), 2);
    assert!(stderr(&sarif).contains("with `--format json`, JSON"));

    // The JSON has the same patterns, in the same order, as the text.
    let json = sxsdoc(&["check", "docs", "--group-by", "pattern", "--format", "json"]);
    assert_eq!(code(&json), 1);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let patterns = json["patterns"].as_array().expect("patterns");
    let text = stdout(&grouped);
    let in_text: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_whitespace().nth(1))
        .filter(|id| id.starts_with("SXS") && id.contains('-'))
        .collect();
    let in_json: Vec<&str> = patterns
        .iter()
        .filter_map(|p| p["pattern"].as_str())
        .collect();
    assert_eq!(in_json, in_text);
    let findings: u64 = patterns.iter().filter_map(|p| p["findings"].as_u64()).sum();
    let summary = &json["summary"];
    let total = ["errors", "warnings", "notes"]
        .iter()
        .filter_map(|k| summary[*k].as_u64())
        .sum::<u64>();
    assert_eq!(findings, total);
    assert_eq!(patterns[0]["severity"], "error");
}

/// `export` says which selected locales it had nothing to export for,
/// and why.
#[test]
fn export_says_why_a_locale_has_nothing() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-nothing");
    let _ = std::fs::remove_dir_all(&out);
    let out = out.to_string_lossy().into_owned();
    let args = ["export", "docs", "--format", "po", "-o", &out, "--locale"];
    let output = sxsdoc(&[&args[..], &["pt-BR"]].concat());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "nothing for pt-BR: no page of it has side-by-side source spans (a translation memory pairs each segment with its English)"
        ),
        "{}",
        stderr(&output)
    );
    let output = sxsdoc(&[&args[..], &["ru-RU"]].concat());
    assert!(
        stderr(&output).contains(": ru-RU 29 units (30 pairs)\n"),
        "{}",
        stderr(&output)
    );
}
