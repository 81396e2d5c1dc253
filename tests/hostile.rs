//! Broken and hostile input: every page gets a clear diagnostic or is
//! handled, the rest of the tree is still checked and built, nothing
//! panics, hangs or writes outside the output folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::Duration;
use sxsdoc::check::Settings;
use sxsdoc::diagnostic::Diagnostic;
use sxsdoc::plan::parse_page;
use sxsdoc::project::{OpenOptions, Project};

const SEED: &str = include_str!("../docs/ru-RU/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md");

/// A fresh docs tree with the given pages (`locale/path`, bytes).
fn tree(name: &str, pages: &[(&str, &[u8])]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    for (path, bytes) in pages {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, bytes).expect("write");
    }
    root
}

fn sxsdoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(args)
        .output()
        .expect("runs")
}

/// Runs `work` on another thread and fails (instead of hanging) if it
/// takes more than a minute: a guard against endless loops, not a timing
/// assertion.
fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(work());
    });
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("finished without hanging")
}

fn check_tree(root: &Path) -> Vec<Diagnostic> {
    let project = Project::open(root, &OpenOptions::default()).expect("opens");
    let checked = project.check_all();
    assert!(checked.failures.is_empty(), "{:?}", checked.failures);
    checked.diagnostics
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<(&str, &str, usize)> {
    diagnostics
        .iter()
        .map(|d| (d.code, d.location.locale.as_str(), d.location.start.line))
        .collect()
}

/// A seed page with its body replaced.
fn page_with_body(body: &str) -> String {
    let end = SEED.find("\n---\n").expect("front matter") + 5;
    format!("{}{body}", &SEED[..end])
}

#[test]
fn line_endings_do_not_move_positions() {
    let broken = SEED.replace("`204 No Content`.</span>", "`200 OK`.</span>");
    let lf_line = {
        let root = tree("eol-lf", &[("ru-RU/a.md", broken.as_bytes())]);
        let found = check_tree(&root);
        found
            .iter()
            .find(|d| d.code == "SXS003")
            .expect("found")
            .location
            .start
            .line
    };
    let variants = [
        ("crlf", broken.replace('\n', "\r\n")),
        ("cr", broken.replace('\n', "\r")),
        // A lone CR before an empty LF line would read as one CRLF, as in
        // any editor; mixing CRLF and LF is unambiguous.
        (
            "mixed",
            broken
                .lines()
                .enumerate()
                .map(|(i, l)| format!("{l}{}", ["\n", "\r\n"][i % 2]))
                .collect(),
        ),
        ("bom", format!("\u{FEFF}{broken}")),
    ];
    for (name, text) in variants {
        let root = tree(&format!("eol-{name}"), &[("ru-RU/a.md", text.as_bytes())]);
        let found = check_tree(&root);
        let d = found
            .iter()
            .find(|d| d.code == "SXS003")
            .unwrap_or_else(|| panic!("{name}: {:?}", codes(&found)));
        assert_eq!(d.location.start.line, lf_line, "{name}");
        assert!(
            !found.iter().any(|d| d.code == "SXS201"),
            "{name}: front matter still parsed"
        );
    }
}

#[test]
fn a_bom_never_reaches_the_site() {
    let root = tree(
        "bom-site",
        &[("ru-RU/a.md", format!("\u{FEFF}{SEED}").as_bytes())],
    );
    let out = root.with_file_name("bom-site-out");
    let output = sxsdoc(&[
        "build",
        &root.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "-q",
    ]);
    assert!(output.status.success());
    let html = std::fs::read_to_string(out.join("ru-RU/a.html")).expect("page");
    assert!(!html.contains('\u{FEFF}'));
    assert!(html.contains("<title>Действие disconnect"));
}

#[test]
fn bad_encodings_are_reported_with_offsets_and_the_rest_is_checked() {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "---\ntitle: x\n---\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let mut invalid = SEED.as_bytes().to_vec();
    invalid.splice(700..700, [0xC3, 0x28]);
    let nul = SEED.replacen("Пока", "По\0ка", 1);
    let root = tree(
        "encodings",
        &[
            ("ru-RU/utf16.md", &utf16),
            ("ru-RU/invalid.md", &invalid),
            ("ru-RU/nul.md", nul.as_bytes()),
            (
                "ru-RU/fine.md",
                SEED.replace("`204 No Content`.</span>", "`200 OK`.</span>")
                    .as_bytes(),
            ),
        ],
    );
    let found = check_tree(&root);
    let messages: Vec<String> = found
        .iter()
        .filter(|d| d.code == "SXS204")
        .map(|d| format!("{}: {}", d.location.path, d.message))
        .collect();
    insta::assert_debug_snapshot!(messages);
    assert!(
        found
            .iter()
            .any(|d| d.code == "SXS003" && d.location.path == "fine.md"),
        "the good page is still checked"
    );
}

#[test]
fn broken_front_matter() {
    let with = |yaml: &str| format!("---\n{yaml}\n---\n# Title\n");
    let deep = format!(
        "title: x\nnest: {}{}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let mut laughs = String::from("title: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        laughs.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
    }
    let cases = [
        ("unclosed", "---\ntitle: x\n# Title\n".to_string()),
        ("duplicate", with("title: a\nauthor: b\ntitle: c")),
        ("tabs", with("title: x\nlist:\n\t- a")),
        ("types", with("title: [1, 2]")),
        ("translated-key", with("Titel: disconnect-Aktion")),
        (
            "second-document",
            format!("{}---\nsecond: doc\n---\n", with("title: x")),
        ),
        ("alias-bomb", with(&laughs)),
        ("deep-nesting", with(&deep)),
    ];
    let pages: Vec<(String, Vec<u8>)> = cases
        .iter()
        .map(|(name, text)| (format!("ru-RU/{name}.md"), text.clone().into_bytes()))
        .collect();
    let refs: Vec<(&str, &[u8])> = pages
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let root = tree("front-matter", &refs);
    let found = bounded(move || check_tree(&root));
    let lines: Vec<String> = found
        .iter()
        .filter(|d| d.code.starts_with("SXS2"))
        .map(|d| {
            format!(
                "{} {}:{}:{} {}",
                d.code, d.location.path, d.location.start.line, d.location.start.column, d.message
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn broken_segments() {
    let pair = |id: &str, t: &str, s: &str| {
        format!(
            r#"<span data-ttu-id="{id}">{t}</span><span class="sxs-lookup"><span data-stu-id="{id}">{s}</span></span>"#
        )
    };
    let body = [
        r#"<span data-ttu-id="a-1">no source</span>"#.to_string(),
        r#"<span class="sxs-lookup"><span data-stu-id="a-2">no translation</span></span>"#.to_string(),
        r#"<span data-ttu-id="a-3">t</span><span class="sxs-lookup"><span data-stu-id="a-4">s</span></span>"#.to_string(),
        pair("a-5", "one", "one"),
        pair("a-5", "two", "two"),
        format!("|x|{}|", pair("a-6", "row\nbreak", "row")),
        pair("a-7", "пусто", ""),
        r#"<span data-ttu-id="a-8">never closed"#.to_string(),
    ]
    .join("\n\n");
    let nested = format!("{}x", "<span data-ttu-id=\"n\">".repeat(50_000));
    let root = tree(
        "segments",
        &[
            ("ru-RU/broken.md", page_with_body(&body).as_bytes()),
            ("ru-RU/nested.md", page_with_body(&nested).as_bytes()),
        ],
    );
    let found = bounded({
        let root = root.clone();
        move || check_tree(&root)
    });
    let broken: Vec<String> = found
        .iter()
        .filter(|d| d.location.path == "broken.md" && d.code.starts_with("SXS1"))
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d.code, d.location.start.line, d.location.start.column, d.message
            )
        })
        .collect();
    insta::assert_snapshot!(broken.join("\n"));
    let nested: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.location.path == "nested.md" && d.code == "SXS101")
        .collect();
    assert_eq!(
        nested.len(),
        101,
        "the first 100 unclosed spans, then a count of the rest"
    );
    assert!(
        nested[100].message.contains("49900 more"),
        "{}",
        nested[100].message
    );
    let out = root.with_file_name("segments-out");
    let output = bounded(move || {
        // The reference definitions page is over the default size limit;
        // raise it so every page is really parsed.
        sxsdoc(&[
            "build",
            &root.to_string_lossy(),
            "-o",
            &out.to_string_lossy(),
            "-q",
            "--max-page-size",
            "16000000",
        ])
    });
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// CommonMark's pathological inputs, huge tables, deep lists: each page
/// is checked and rendered without a panic or a hang.
#[test]
fn pathological_markdown() {
    let cases: Vec<(&str, String)> = vec![
        ("emphasis", "*a **a ".repeat(65_000)),
        (
            "brackets",
            format!("{}a{}", "[".repeat(50_000), "]".repeat(50_000)),
        ),
        ("quotes", format!("{}a", "> ".repeat(50_000))),
        (
            "lists",
            (0..1000)
                .map(|depth| format!("{}- item\n", "  ".repeat(depth)))
                .collect(),
        ),
        ("link-openers", "[a](<b".repeat(50_000)),
        (
            "references",
            (0..800_000).map(|i| format!("[r{i}]: /u\n")).collect(),
        ),
        (
            "wide-table",
            format!(
                "{}|\n{}|\n{}|\n",
                "|a".repeat(50_000),
                "|-".repeat(50_000),
                "|b".repeat(50_000)
            ),
        ),
    ];
    let pages: Vec<(String, Vec<u8>)> = cases
        .iter()
        .map(|(name, body)| {
            (
                format!("ru-RU/{name}.md"),
                page_with_body(body).into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = pages
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let root = tree("pathological", &refs);
    let out = root.with_file_name("pathological-out");
    let output = bounded(move || {
        // The reference definitions page is over the default size limit;
        // raise it so every page is really parsed.
        sxsdoc(&[
            "build",
            &root.to_string_lossy(),
            "-o",
            &out.to_string_lossy(),
            "-q",
            "--max-page-size",
            "16000000",
        ])
    });
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (name, _) in cases {
        let html = std::fs::read_to_string(
            Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("hostile/pathological-out/ru-RU/{name}.html")),
        )
        .expect("rendered");
        assert!(html.contains("</main>"), "{name}");
        assert!(!html.contains("over the limit"), "{name} was parsed");
    }
}

/// A link into a page too large to read is not checked against that
/// page's anchors (it has none as read): the page's own finding says
/// what is wrong.
#[test]
fn a_link_into_a_page_too_large_to_read_is_not_its_finding() {
    let links = "---\ntitle: Links\n---\n# Links\n\nSee [the section](big.md#section).\n";
    let root = tree("link-into-huge", &[("ru-RU/links.md", links.as_bytes())]);
    let big = std::fs::File::create(root.join("ru-RU/big.md")).expect("create");
    big.set_len(5 * 1024 * 1024).expect("size");
    let found = check_tree(&root);
    let paths: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d.code, d.location.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [("SXS204", "big.md"), ("SXS402", "links.md")],
        "{found:?}"
    );
}

#[test]
fn huge_pages_hit_a_clear_configurable_limit() {
    let line = format!("{}\n", "x".repeat(10 * 1024 * 1024));
    let root = tree(
        "huge",
        &[
            ("ru-RU/line.md", line.as_bytes()),
            ("ru-RU/fine.md", SEED.as_bytes()),
        ],
    );
    // 100 MB (sparse): refused after reading one byte past the limit.
    let big = std::fs::File::create(root.join("ru-RU/big.md")).expect("create");
    big.set_len(100 * 1024 * 1024).expect("size");
    let too_large = |args: &[&str]| -> Vec<(String, String)> {
        let output = sxsdoc(
            &[
                &["check", &root.to_string_lossy(), "--format", "json"],
                args,
            ]
            .concat(),
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        json["diagnostics"]
            .as_array()
            .expect("array")
            .iter()
            .filter(|d| d["code"] == "SXS204")
            .map(|d| {
                (
                    d["path"].as_str().unwrap_or("").to_string(),
                    d["message"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let refused = too_large(&[]);
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[0].0, "big.md");
    assert!(
        refused[0]
            .1
            .starts_with("page is 104857600 bytes, over the limit of 4194304 bytes"),
        "{}",
        refused[0].1
    );
    assert_eq!(refused[1].0, "line.md");
    assert!(refused[1].1.contains("raise it with --max-page-size"));
    let raised = too_large(&["--max-page-size", "20000000"]);
    assert_eq!(
        raised.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ["big.md"]
    );
}

#[test]
fn symlinks_are_not_followed() {
    let root = tree("links", &[("ru-RU/a.md", SEED.as_bytes())]);
    std::os::unix::fs::symlink(".", root.join("ru-RU/loop")).expect("symlink");
    std::os::unix::fs::symlink("/etc/hostname", root.join("ru-RU/outside.md")).expect("symlink");
    std::os::unix::fs::symlink("/etc", root.join("de-DE")).expect("symlink");
    let output = bounded(move || sxsdoc(&["facts", &root.to_string_lossy(), "--format", "text"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success());
    for name in ["ru-RU/loop", "ru-RU/outside.md", "de-DE"] {
        assert!(
            stderr.contains(&format!("{name}: symlink not followed")),
            "{name} in {stderr}"
        );
    }
    assert_eq!(
        String::from_utf8_lossy(&output.stdout)
            .matches("(ru-RU,")
            .count(),
        1
    );
}

#[test]
fn pages_that_would_share_an_output_file() {
    let root = tree(
        "clash",
        &[
            ("ru-RU/api/Page.md", SEED.as_bytes()),
            ("ru-RU/api/page.md", SEED.as_bytes()),
            ("ru-RU/api/a.md", SEED.as_bytes()),
            ("ru-RU/api/a/index.md", SEED.as_bytes()),
        ],
    );
    let out = root.with_file_name("clash-out");
    let output = sxsdoc(&[
        "build",
        &root.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("page.md: not built: its output `ru-RU/api/page.html` clashes with"),
        "{stderr}"
    );
    assert!(
        out.join("ru-RU/api/Page.html").is_file()
            && out.join("ru-RU/api/a.html").is_file()
            && out.join("ru-RU/api/a/index.html").is_file()
    );
}

#[test]
fn the_tool_failing_is_exit_2_and_says_why() {
    let root = tree("exit2", &[("ru-RU/a.md", SEED.as_bytes())]);
    let file = root.with_file_name("exit2-file");
    std::fs::write(&file, "not a folder").expect("write");
    let output = sxsdoc(&[
        "build",
        &root.to_string_lossy(),
        "-o",
        &file.to_string_lossy(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("exists and is not a folder"));
    assert_eq!(
        std::fs::read_to_string(&file).expect("untouched"),
        "not a folder"
    );
}

#[test]
fn a_file_that_vanishes_is_reported() {
    let root = tree(
        "vanish",
        &[
            ("ru-RU/a.md", SEED.as_bytes()),
            ("ru-RU/b.md", SEED.as_bytes()),
        ],
    );
    let plan = sxsdoc::plan::Plan::new(&root, &Default::default()).expect("plan");
    std::fs::remove_file(root.join("ru-RU/a.md")).expect("remove");
    let group = plan.load(&plan.groups[0]);
    let found = sxsdoc::check::check_group(
        &group,
        &plan.project_files(),
        &Settings::default().rule_set(),
    );
    assert!(
        found
            .iter()
            .any(|d| d.code == "SXS204" && d.message.starts_with("could not read the file")),
        "{:?}",
        codes(&found)
    );
    assert_eq!(
        plan.load(&plan.groups[1]).pages[0].segments.len(),
        30,
        "the other page is read"
    );
}

/// Every input the fuzzers ever stopped on stays a test.
#[test]
fn fuzz_regressions() {
    for entry in
        walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz"))
    {
        let entry = entry.expect("walk");
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("read");
        let (text, problems) = sxsdoc::load::decode(bytes, 1 << 20);
        let rendered = sxsdoc::site::render(&text, &sxsdoc::site::Standalone);
        let html = scraper::Html::parse_fragment(&rendered.html);
        for element in html
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            let tag = element.value().name();
            assert!(
                !["script", "iframe", "svg", "style", "object"].contains(&tag),
                "{tag} survived"
            );
            for (name, value) in element.value().attrs() {
                assert!(
                    !name.starts_with("on") && name != "style",
                    "attribute {name} survived"
                );
                if name == "href" || name == "src" {
                    let value = value.trim().to_lowercase();
                    assert!(
                        !value.starts_with("javascript:") && !value.starts_with("data:"),
                        "{name}={value}"
                    );
                }
            }
        }
        let page = parse_page("ru-RU", "x.md", "x.md".into(), text, problems);
        let group = sxsdoc::model::PageGroup {
            path: "x.md".into(),
            pages: vec![page],
        };
        let files = sxsdoc::check::ProjectFiles::new(
            &["ru-RU".to_string()],
            std::iter::empty(),
            Default::default(),
        );
        let _ = sxsdoc::check::check_group(&group, &files, &Settings::default().rule_set());
    }
}

/// A file name that is not UTF-8 is shown lossily, and the page is still
/// read, checked and built from the file it names; of two such names that
/// read the same, one is left out with a note.
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_still_read() {
    use std::os::unix::ffi::OsStrExt;
    let root = tree("not-utf8", &[]);
    let folder = root.join("ru-RU/api");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe8.md");
    std::fs::write(folder.join(name), SEED).expect("write");
    // Read as the same name: the second (by its bytes) is left out, with
    // a note, and the first is still built.
    let twin = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(folder.join(twin), "# Twin\n").expect("write");
    let diagnostics = check_tree(&root);
    assert!(!diagnostics.is_empty());
    assert!(
        diagnostics
            .iter()
            .all(|d| d.location.path == "api/caf\u{fffd}.md" && d.code != "SXS000"),
        "{diagnostics:#?}"
    );
    let out = root.with_file_name("not-utf8-out");
    let page = out.join("ru-RU/api/caf\u{fffd}.html");
    // Its build cache entry never matches (the cache keeps paths as
    // UTF-8): the rebuild makes the page again.
    for build in ["build", "rebuild"] {
        let output = sxsdoc(&[
            "build",
            &root.to_string_lossy(),
            "-o",
            &out.to_string_lossy(),
        ]);
        assert!(output.status.success(), "{build}: {output:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(
            said.contains("caf\u{fffd}.md: ignored: another file's name reads the same"),
            "{said}"
        );
        let html = std::fs::read_to_string(&page).expect("built");
        assert!(html.contains("remoteAssistancePartner"), "{build}: {html}");
        std::fs::remove_file(&page).expect("remove");
    }
}
