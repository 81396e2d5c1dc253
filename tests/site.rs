//! `sxsdoc build`: rendered pages snapshotted, the facts that must hold
//! checked with scraper, the repository's `output/` kept current.

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use sxsdoc::project::{OpenOptions, Project};
use sxsdoc::site::{BuildOptions, BuildReport};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("site-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().expect("parent")).expect("scratch");
    dir
}

/// A templates folder of its own holding `files` (name, content).
fn theme(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (file, content) in files {
        std::fs::write(dir.join(file), content).expect("write");
    }
    dir
}

/// Builds the docs team's view (`--qa`) of `docs_dir`.
fn build_site(
    docs_dir: &str,
    output: &Path,
    templates: Option<&Path>,
) -> Result<BuildReport, String> {
    build_view(docs_dir, output, templates, true)
}

fn build_view(
    docs_dir: &str,
    output: &Path,
    templates: Option<&Path>,
    qa: bool,
) -> Result<BuildReport, String> {
    let project = Project::open(Path::new(docs_dir), &OpenOptions::default()).expect("opens");
    let options = BuildOptions {
        output: output.to_path_buf(),
        templates: templates.map(Path::to_path_buf),
        base_url: "https://example.org/".to_string(),
        site_name: Some("API reference".to_string()),
        no_cache: false,
        force: false,
        qa,
    };
    project
        .build(&options, &|| {})
        .map(|built| built.report)
        .map_err(|err| err.to_string())
}

/// A copy of the features fixture's docs in a scratch folder, to edit.
fn features_copy(name: &str) -> PathBuf {
    docs_copy("tests/fixtures/site/features/docs", name)
}

/// Replaces `from` (which must be there) with `to` in `file`.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{}: no `{from}`", file.display());
    std::fs::write(file, text.replace(from, to)).expect("edit");
}

/// A copy of the docs folder `docs`, in the scratch folder `name`.
fn docs_copy(docs: &str, name: &str) -> PathBuf {
    let copy = scratch(name);
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(docs)
        .arg(&copy)
        .status()
        .expect("cp");
    assert!(status.success());
    copy
}

/// `sxsdoc build DOCS -o OUT --qa`, as a docs team runs it (with the
/// build cache), which must succeed; what it said on standard error.
fn build_with_cache(docs: &Path, out: &Path) -> String {
    build_cli(docs, out, &["--qa"])
}

/// `sxsdoc build DOCS -o OUT` and `more`, as a user runs it (with the
/// build cache), which must succeed; what it said on standard error.
fn build_cli(docs: &Path, out: &Path, more: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .arg("build")
        .arg(docs)
        .arg("-o")
        .arg(out)
        .args(more)
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{said}");
    said
}

/// Every file of a site, by path relative to its root.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("walk");
        // The build cache, and the search terms and parsed tocs kept with
        // it, are not part of the site.
        let name = entry.file_name().to_string_lossy();
        let cache = name == ".sxsdoc-cache.jsonl"
            || name == ".sxsdoc-tocs.json"
            || name.starts_with(".sxsdoc-search.");
        if entry.file_type().is_file() && !cache {
            let relative = entry
                .path()
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(relative, std::fs::read(entry.path()).expect("read"));
        }
    }
    out
}

fn html_pages(site: &BTreeMap<String, Vec<u8>>) -> impl Iterator<Item = (&String, Html)> {
    site.iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, Html::parse_document(&String::from_utf8_lossy(bytes))))
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).expect("valid selector")
}

/// The `<main>` of a page, one element per line for readable diffs.
fn main_of(document: &Html) -> String {
    document
        .select(&select("main"))
        .next()
        .map(|main| main.html())
        .unwrap_or_default()
        .replace("><", ">\n<")
}

#[test]
fn seed_pages() {
    let out = scratch("seeds");
    build_site("docs", &out, None).expect("builds");
    for locale in ["de-DE", "es-ES", "ja-JP", "pt-BR", "ru-RU"] {
        let path = format!("{locale}/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.html");
        let text = std::fs::read_to_string(out.join(&path)).expect("page written");
        insta::assert_snapshot!(
            format!("seed-{locale}"),
            main_of(&Html::parse_document(&text))
        );
    }
}

#[test]
fn markdown_features() {
    let out = scratch("features");
    build_site("tests/fixtures/site/features/docs", &out, None).expect("builds");
    let text = std::fs::read_to_string(out.join("ru-RU/api/features.html")).expect("page written");
    let document = Html::parse_document(&text);
    insta::assert_snapshot!(main_of(&document));
    let count = |s: &str| document.select(&select(s)).count();
    assert_eq!(count(".callout-note"), 1);
    assert_eq!(count(".callout-important"), 1);
    assert_eq!(
        count(".include .sxs-t"),
        1,
        "the include is rendered with its segment"
    );
    assert_eq!(count(".include-missing"), 1);
    assert_eq!(count(".tabs > .tab-panel > p.tab-title"), 2);
    assert_eq!(
        count("article h1, article h2, article h3, article h4"),
        10,
        "tab headings are not headings"
    );
    // `../resources/user.md` and `../images/diagram.png` are not in the
    // fixture: their text, marked.
    assert_eq!(count("span.link-missing"), 3);
    assert_eq!(count("pre.code-http .http-method"), 2);
    assert_eq!(count("td.center"), 1);
}

/// An include is read only from inside the docs root: not through `..`,
/// not through a link that points out of it, and never a folder or a
/// named pipe.
#[cfg(unix)]
#[test]
fn includes_stay_inside_the_docs_root() {
    let dir = scratch("include-escape");
    let docs = dir.join("docs");
    let api = docs.join("ru-RU/api");
    std::fs::create_dir_all(&api).expect("docs folder");
    std::fs::create_dir_all(docs.join("ru-RU/includes/folder.md")).expect("folder");
    std::fs::write(dir.join("secret.md"), "SECRET TEXT\n").expect("secret");
    std::fs::write(docs.join("ru-RU/includes/inside.md"), "Inside text.\n").expect("include");
    std::os::unix::fs::symlink(dir.join("secret.md"), docs.join("ru-RU/includes/link.md"))
        .expect("link");
    // A folder that is a link out of the root, and one inside it.
    std::fs::create_dir_all(dir.join("outside")).expect("outside folder");
    std::fs::write(dir.join("outside/snippet.md"), "SECRET FOLDER TEXT\n").expect("secret");
    std::os::unix::fs::symlink(dir.join("outside"), docs.join("ru-RU/linked")).expect("link");
    std::os::unix::fs::symlink(docs.join("ru-RU/includes"), docs.join("ru-RU/alias"))
        .expect("link");
    // A named pipe, inside the root and out of it: opening one would wait
    // for a writer for ever.
    for pipe in [dir.join("pipe.md"), docs.join("ru-RU/includes/pipe.md")] {
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    std::fs::write(
        api.join("page.md"),
        "---\ntitle: Page\n---\n# Page\n\n\
         [!INCLUDE [inside](../includes/inside.md)]\n\n\
         [!INCLUDE [up](../../../secret.md)]\n\n\
         [!INCLUDE [link](../includes/link.md)]\n\n\
         [!INCLUDE [folder](../includes/folder.md)]\n\n\
         [!INCLUDE [pipe](../includes/pipe.md)]\n\n\
         [!INCLUDE [outside pipe](../../../pipe.md)]\n\n\
         [!INCLUDE [linked folder](../linked/snippet.md)]\n\n\
         [!INCLUDE [alias](../alias/inside.md)]\n",
    )
    .expect("page");
    let out = dir.join("site");
    build_site(docs.to_str().expect("utf-8 path"), &out, None).expect("builds");
    let text = std::fs::read_to_string(out.join("ru-RU/api/page.html")).expect("page written");
    let document = Html::parse_document(&text);
    let shown: Vec<String> = document
        .select(&select(".include, .include-missing code"))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect();
    assert_eq!(
        shown,
        [
            "Inside text.",
            "../../../secret.md",
            "../includes/link.md",
            "../includes/folder.md",
            "../includes/pipe.md",
            "../../../pipe.md",
            "../linked/snippet.md",
            "Inside text."
        ]
    );
    assert!(!text.contains("SECRET"));
}

/// What must hold on every page of a multilingual site.
#[test]
fn languages_alternates_and_sources() {
    for (name, docs) in [
        ("facts-seeds", "docs"),
        ("facts-features", "tests/fixtures/site/features/docs"),
    ] {
        let out = scratch(name);
        build_site(docs, &out, None).expect("builds");
        let site = files(&out);
        for (path, document) in html_pages(&site) {
            let lang = document
                .select(&select("html"))
                .next()
                .and_then(|h| h.value().attr("lang"))
                .unwrap_or("");
            let locale = path.split('/').next().unwrap_or("");
            if path.matches('/').count() > 1 {
                assert_eq!(lang, locale, "{path}: <html lang>");
            }
            // Every link of the switcher and every alternate leads to a file.
            let dir = Path::new(path).parent().unwrap_or(Path::new(""));
            for link in document.select(&select(".langs a, link[rel=alternate]")) {
                let href = link.value().attr("href").unwrap_or("");
                let target = normalize(&dir.join(href));
                assert!(
                    site.contains_key(&target),
                    "{path}: {href} -> {target} does not exist"
                );
            }
            let hreflangs: Vec<&str> = document
                .select(&select("link[rel=alternate]"))
                .filter_map(|l| l.value().attr("hreflang"))
                .collect();
            // A page the locale lacks, shown in English, is no page of
            // that language.
            let fallback = document
                .select(&select(".fallback-notice"))
                .next()
                .is_some();
            if path.matches('/').count() > 1 && !fallback {
                assert!(
                    hreflangs.contains(&locale),
                    "{path}: no self hreflang in {hreflangs:?}"
                );
            }
            // Each translation has its English source next to it.
            for translation in document.select(&select(".sxs-t")) {
                let id = translation.value().attr("data-sxs").unwrap_or("");
                let source = translation
                    .next_siblings()
                    .find_map(scraper::ElementRef::wrap);
                let source_id = source
                    .and_then(|s| s.select(&select("[data-sxs-src]")).next())
                    .and_then(|s| s.value().attr("data-sxs-src"));
                assert_eq!(
                    source_id,
                    Some(id),
                    "{path}: segment {id} has no source beside it"
                );
                assert_eq!(source.and_then(|s| s.value().attr("lang")), Some("en"));
            }
        }
    }
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/").split('#').next().unwrap_or("").to_string()
}

#[test]
fn hostile_pages_stay_inert() {
    let out = scratch("hostile");
    build_site("tests/fixtures/site/hostile/docs", &out, None).expect("builds");
    let site = files(&out);
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        // Escaped text (`&lt;img onerror=…&gt;`, `&lt;style&gt;…javascript:`)
        // is inert and allowed; markup is not (URLs are checked below).
        for needle in [
            "data:text/html",
            "expression(",
            "<svg",
            "<iframe",
            "<img src=x",
            "<style",
        ] {
            if !path.starts_with("assets/") {
                assert!(!text.contains(needle), "{path} contains {needle}");
            }
        }
        assert!(!text.contains("<script>alert"), "{path}");
        assert!(
            !text.contains(
                &std::env::var("HOME")
                    .unwrap_or_else(|_| "/root".into())
                    .to_lowercase()
            ) || path.starts_with("assets/"),
            "{path}: Tera evaluated page text"
        );
    }
    for (path, document) in html_pages(&site) {
        for script in document.select(&select("script")) {
            let src = script.value().attr("src").unwrap_or("");
            assert!(
                src.ends_with("assets/early.js") || src.ends_with("assets/site.js"),
                "{path}: foreign script {src:?}"
            );
        }
        for element in document.select(&select("*")) {
            for (name, value) in element.value().attrs() {
                assert!(
                    !name.starts_with("on") && name != "style",
                    "{path}: attribute {name}"
                );
                assert!(
                    !value.to_lowercase().contains("javascript:"),
                    "{path}: {name}={value}"
                );
            }
        }
    }
    let page = String::from_utf8_lossy(&site["ru-RU/api/hostile.html"]).into_owned();
    assert!(
        page.contains("{{ get_env(name=&quot;HOME&quot;) }}"),
        "page text is shown, not evaluated"
    );
    assert!(page.contains("{{ 7 * 7 }}"));
    let index = String::from_utf8_lossy(&site["ru-RU/search/p0.js"]).into_owned();
    assert!(index.contains("\\u003cscript\\u003e"), "{index}");
}

#[test]
fn same_input_same_bytes() {
    let (a, b) = (scratch("twice-a"), scratch("twice-b"));
    build_site("tests/fixtures/site/features/docs", &a, None).expect("builds");
    build_site("tests/fixtures/site/features/docs", &b, None).expect("builds");
    assert!(files(&a) == files(&b), "two builds differ");
}

#[test]
fn a_failed_build_keeps_the_previous_site() {
    // A parent of its own, so other tests' builds in progress are not seen.
    let parent = scratch("atomic");
    let out = parent.join("site");
    build_site("docs", &out, None).expect("first build");
    let before = files(&out);
    // Failing while the groups are written, and once they are, while the
    // index pages are written from every group's summary.
    for (name, template) in [
        (
            "page.html",
            "{% extends \"base.html\" %}{% block main %}{{ body | no_such_filter }}{% endblock main %}",
        ),
        ("home.html", "{{ versions | no_such_filter }}"),
    ] {
        let broken = theme("broken-templates", &[(name, template)]);
        let err = build_site("docs", &out, Some(&broken)).expect_err("broken template fails");
        assert!(err.contains(name), "{err}");
        assert!(files(&out) == before, "previous site changed");
        let leftovers: Vec<_> = std::fs::read_dir(out.parent().expect("parent"))
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".sxsdoc-"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "{name}: temporary folders left: {leftovers:?}"
        );
    }
}

#[test]
fn user_templates_override_by_name() {
    let out = scratch("override");
    let theme = theme("override-theme", &[("style.css", "/* custom */\n")]);
    build_site("docs", &out, Some(&theme)).expect("builds");
    assert_eq!(
        std::fs::read_to_string(out.join("assets/style.css")).expect("css"),
        "/* custom */\n"
    );
    assert!(out.join("report.html").is_file());
    assert!(out.join("report/1.html").is_file());
}

/// A user's `report.html`, `report_part.html`, `home.html` and
/// `locale_home.html` get the rows as data and loop over them, as the
/// built-in templates do.
#[test]
fn index_templates_loop_over_the_rows() {
    let theme = theme(
        "index-theme",
        &[
            (
                "report.html",
                "<p>{{ summary.errors }} errors in {{ parts | length }} part</p>\n{% for l in dashboard %}<li>{{ l.locale }} ({{ l.name }}): {{ l.pages }} pages, {{ l.missing }} missing, {{ l.stale }} behind ({{ l.segments_behind }} segments), {{ l.errors }}/{{ l.warnings }}/{{ l.notes }}</li>\n{% endfor %}{% for p in patterns %}<li>{{ p.id }} {{ p.findings }} report/{{ p.part }}.html#{{ p.first }}</li>\n{% endfor %}",
            ),
            (
                "report_part.html",
                "<p>part {{ part.number }} of {{ part.count }}, {{ rules | length }} rules</p>\n{% for g in groups %}<tr id=\"{{ g.id }}\" data-rules=\"{{ g.rules }}\">{{ g.path }}:{% for c in g.cells %} {{ c.locale }}={{ c.count }}{% endfor %}</tr>\n{% for f in g.findings %}<li>{{ f.code }} ({{ f.rule }}) {{ f.locale }}:{{ f.line }} {{ f.href }}</li>\n{% endfor %}{% endfor %}",
            ),
            (
                "home.html",
                "{% for l in locale_list %}<li>{{ l.locale }} {{ l.name }}: {{ l.pages }}</li>\n{% endfor %}",
            ),
            (
                "locale_home.html",
                "<p>{{ page_count }} in {{ locale }}</p>\n{% for f in folders %}<h2>{{ f.name }}</h2>\n{% for p in f.pages %}<li>{{ p.title }} ({{ p.href }}) {{ p.endpoints | join(sep=\", \") }}</li>\n{% endfor %}{% endfor %}",
            ),
        ],
    );
    let out = scratch("index-theme-site");
    build_site("docs", &out, Some(&theme)).expect("builds");
    let report = std::fs::read_to_string(out.join("report.html")).expect("report");
    insta::assert_snapshot!("looping_report", report);
    let part = std::fs::read_to_string(out.join("report/1.html")).expect("report part");
    insta::assert_snapshot!("looping_report_part", part);
    let home = std::fs::read_to_string(out.join("index.html")).expect("home");
    insta::assert_snapshot!("looping_home", home);
    let locale_home = std::fs::read_to_string(out.join("ru-RU/index.html")).expect("locale home");
    insta::assert_snapshot!("looping_locale_home", locale_home);
}

/// The report's table of defect patterns has a row per pattern (the
/// bundled docs have fewer than the 25 always listed), errors first, each
/// linking to its first finding, in the report's part that shows it.
#[test]
fn the_report_lists_every_pattern() {
    let out = scratch("patterns");
    build_site("docs", &out, None).expect("builds");
    let project = Project::open(Path::new("docs"), &OpenOptions::default()).expect("opens");
    let diagnostics = project.check_all().diagnostics;
    let mut ids: Vec<String> = diagnostics.iter().map(|d| d.pattern_id()).collect();
    ids.sort();
    ids.dedup();
    let report = std::fs::read_to_string(out.join("report.html")).expect("report");
    let html = Html::parse_document(&report);
    let part = std::fs::read_to_string(out.join("report/1.html")).expect("report part");
    let part = Html::parse_document(&part);
    let rows = Selector::parse("table.patterns tbody tr").expect("selector");
    let cell = Selector::parse("td").expect("selector");
    let link = Selector::parse("td a").expect("selector");
    let mut shown = Vec::new();
    let mut severities = Vec::new();
    for row in html.select(&rows) {
        let cells: Vec<String> = row.select(&cell).map(|c| c.text().collect()).collect();
        shown.push(cells[0].clone());
        severities.push(if cells[1].contains("error") { 0 } else { 1 });
        let href = row
            .select(&link)
            .next()
            .and_then(|a| a.value().attr("href"));
        let first = href
            .and_then(|h| h.strip_prefix("report/1.html#"))
            .expect("links to a finding");
        let target = Selector::parse(&format!("li#{first}")).expect("selector");
        assert_eq!(part.select(&target).count(), 1, "{first}");
    }
    assert!(severities.windows(2).all(|w| w[0] <= w[1]), "errors first");
    shown.sort();
    assert_eq!(shown, ids);
}

#[test]
fn output_folder_is_current() {
    let out = scratch("current");
    build_view("docs", &out, None, false).expect("builds");
    let built = files(&out);
    let committed = files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("output"));
    let differing: Vec<&String> = built
        .keys()
        .chain(committed.keys())
        .filter(|path| built.get(*path) != committed.get(*path))
        .collect();
    assert!(
        differing.is_empty(),
        "output/ is out of date with docs/ ({differing:?}); run `cargo run --release -- build docs`"
    );
}

/// A rebuild after one page changed renders that page group only, and
/// gives the same site as a build from scratch.
#[test]
fn rebuild_after_one_change_matches_a_clean_build() {
    let docs = features_copy("incremental-docs");
    std::fs::write(docs.join("sxsdoc.toml"), "").expect("config");
    let sxsdoc = env!("CARGO_BIN_EXE_sxsdoc");
    let parent = scratch("incremental");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let (site, clean) = (parent.join("site"), parent.join("clean"));
    let build = |out: &Path| build_with_cache(&docs, out);
    build(&site);
    // A rebuild says what it wrote, not the site's size: nothing here.
    let said = build(&site);
    assert!(
        said.contains(
            "2 of 2 page groups unchanged since the last build (0 files, 0.0 MB written)"
        ),
        "{said}"
    );
    let page_file = docs.join("ru-RU/api/features.md");
    edit(&page_file, "`204 No Content`.</span>", "`200 OK`.</span>");
    assert!(build(&site).contains("1 of 2 page groups unchanged"));
    build(&clean);
    assert!(
        files(&site) == files(&clean),
        "incremental and clean builds differ"
    );
    let page = String::from_utf8_lossy(&files(&site)["ru-RU/api/features.html"]).into_owned();
    assert!(
        page.contains("SXS003"),
        "the new finding is on the rebuilt page"
    );
    // An edit that changes no finding and no title keeps the index pages,
    // and one that changes no word, the search terms and index.
    let kept = [".sxsdoc-search.ru-RU.jsonl", "ru-RU/search/index.js"].map(|f| site.join(f));
    let times = |files: &[PathBuf; 2]| {
        files.clone().map(|f| {
            std::fs::metadata(f)
                .and_then(|m| m.modified())
                .expect("time")
        })
    };
    let before = times(&kept);
    let text = std::fs::read_to_string(&page_file).expect("page");
    std::fs::write(&page_file, format!("{text}\n")).expect("edit");
    build(&site);
    assert_eq!(times(&kept), before, "the search files were written again");
    build(&clean);
    assert!(
        files(&site) == files(&clean),
        "incremental and clean builds differ after a quiet edit"
    );
    // A word added to the prose only: its locale's search index is made
    // again and finds it; another locale's is left as it was.
    let other = site.join("pt-BR/search/index.js");
    let modified = |path: &Path| {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .expect("time")
    };
    let before = modified(&other);
    let text = std::fs::read_to_string(&page_file).expect("page");
    std::fs::write(
        &page_file,
        text.replacen("Заметка", "Заметка квинтэссенция", 1),
    )
    .expect("edit");
    assert!(build(&site).contains("1 of 2 page groups unchanged"));
    build(&clean);
    let rebuilt = files(&site);
    assert!(
        rebuilt == files(&clean),
        "incremental and clean builds differ"
    );
    assert!(
        rebuilt
            .iter()
            .filter(|(path, _)| path.starts_with("ru-RU/search/t"))
            .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains("\"квинтэссенция\"")),
        "the new word is in ru-RU's index"
    );
    assert_eq!(modified(&other), before, "pt-BR's index is kept");
    std::fs::write(&page_file, text).expect("undo");
    // An edit of the same length whose file keeps its time (saved in the
    // same tick of a coarse clock as the last build read it) is still seen.
    let text = std::fs::read_to_string(&page_file).expect("page");
    let time = std::fs::metadata(&page_file)
        .and_then(|m| m.modified())
        .expect("time");
    build(&site);
    let same_length = text.replacen("Заметка", "ЗАМЕТКА", 1);
    assert_eq!(same_length.len(), text.len());
    assert_ne!(same_length, text);
    std::fs::write(&page_file, &same_length).expect("edit");
    std::fs::File::options()
        .write(true)
        .open(&page_file)
        .and_then(|f| f.set_modified(time))
        .expect("set time");
    assert!(build(&site).contains("1 of 2 page groups unchanged"));
    let page = String::from_utf8_lossy(&files(&site)["ru-RU/api/features.html"]).into_owned();
    assert!(page.contains("ЗАМЕТКА"), "the same-tick edit is rendered");
    // An edit of an included file renders the pages that include it.
    let include = docs.join("ru-RU/includes/shared-note.md");
    let snippet = std::fs::read_to_string(&include).expect("include");
    std::fs::write(&include, format!("{snippet}\nAn added line.\n")).expect("edit");
    // (The include's own group, checked in a `--qa` build, is not a page
    // group.)
    let said = build(&site);
    assert!(said.contains("1 of 2 page groups unchanged"), "{said}");
    let page = String::from_utf8_lossy(&files(&site)["ru-RU/api/features.html"]).into_owned();
    assert!(
        page.contains("An added line."),
        "the include's edit is rendered"
    );
    build(&clean);
    assert!(
        files(&site) == files(&clean),
        "incremental and clean builds differ after an include changed"
    );
    // A build that fails leaves the site, the cache and no temporary file.
    let before = files(&site);
    let broken = theme(
        "incremental-broken-theme",
        &[("home.html", "{{ versions | no_such_filter }}")],
    );
    std::fs::write(&page_file, format!("{text}\n\n")).expect("edit");
    let failed = std::process::Command::new(sxsdoc)
        .arg("build")
        .arg(&docs)
        .arg("-o")
        .arg(&site)
        .arg("--templates")
        .arg(&broken)
        .output()
        .expect("runs");
    assert_eq!(failed.status.code(), Some(2));
    let said = String::from_utf8_lossy(&failed.stderr);
    assert!(said.contains("home.html"), "{said}");
    assert!(files(&site) == before, "a failed build changed the site");
    let names: Vec<String> = std::fs::read_dir(&parent)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.ends_with(".tmp") && !n.contains("-new-")),
        "temporary files left: {names:?}"
    );
    assert!(build(&site).contains("1 of 2 page groups unchanged"));
}

/// Where links lead is part of what a page is made from: a redirection
/// added to a checkout renders again the pages whose links it answers,
/// though no page changed.
#[test]
fn a_new_redirection_renders_the_links_it_answers_again() {
    let docs = docs_copy(
        "tests/fixtures/check/broken-link-site-absolute/docs",
        "redirection-docs",
    );
    let parent = scratch("redirection");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let (site, clean) = (parent.join("site"), parent.join("clean"));
    let page = "de-DE/api-reference/v1.0/api/user-get.html";
    build_with_cache(&docs, &site);
    let before = String::from_utf8_lossy(&files(&site)[page]).into_owned();
    assert!(before.contains("link-missing\">old<"), "{before}");
    let redirections = ".openpublishing.redirection.json";
    std::fs::copy(
        docs.join("demo-docs.ru-RU").join(redirections),
        docs.join("demo-docs.de-DE").join(redirections),
    )
    .expect("copy");
    build_with_cache(&docs, &site);
    let after = String::from_utf8_lossy(&files(&site)[page]).into_owned();
    assert!(after.contains("link-elsewhere\">old<"), "{after}");
    build_with_cache(&docs, &clean);
    assert!(
        files(&site) == files(&clean),
        "incremental and clean builds differ after a redirection was added"
    );
}

/// A readers' build (no `--qa`) reads no group of include files only
/// (nor counts it: it is no page group), and an edit of the include still
/// renders again the page that includes it, as a clean build would.
#[test]
fn a_readers_rebuild_follows_an_include_it_does_not_read_as_a_group() {
    let docs = features_copy("readers-incremental-docs");
    let parent = scratch("readers-incremental");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let (site, clean) = (parent.join("site"), parent.join("clean"));
    let build = |out: &Path| build_cli(&docs, out, &[]);
    build(&site);
    let said = build(&site);
    assert!(said.contains("2 of 2 page groups unchanged"), "{said}");
    let include = docs.join("ru-RU/includes/shared-note.md");
    let text = std::fs::read_to_string(&include).expect("include");
    std::fs::write(
        &include,
        text.replace("Общий фрагмент", "Изменённый фрагмент"),
    )
    .expect("edit");
    let said = build(&site);
    assert!(said.contains("1 of 2 page groups unchanged"), "{said}");
    let page = String::from_utf8_lossy(&files(&site)["ru-RU/api/features.html"]).into_owned();
    assert!(page.contains("Изменённый фрагмент"), "{page}");
    build(&clean);
    assert!(
        files(&site) == files(&clean),
        "rebuilt and clean readers' sites differ"
    );
}

/// The dashboard counts as missing what SXS401 calls missing: a page
/// whose path a locale's redirections lead elsewhere was removed there.
#[test]
fn the_dashboard_does_not_count_a_removed_page_as_missing() {
    let out = scratch("dashboard-removed");
    let docs = Path::new("tests/fixtures/check/missing-locale-redirected/docs");
    build_with_cache(docs, &out);
    let report = std::fs::read_to_string(out.join("report.html")).expect("report");
    let html = Html::parse_document(&report);
    let rows = Selector::parse("table.dashboard tbody tr").expect("selector");
    let cells = Selector::parse("th code, td").expect("selector");
    let missing: Vec<(String, String)> = html
        .select(&rows)
        .map(|row| {
            let cells: Vec<String> = row.select(&cells).map(|c| c.text().collect()).collect();
            (cells[0].clone(), cells[2].clone())
        })
        .collect();
    // ru-RU has both pages; ja-JP redirects one away; de-DE lacks it.
    let expected = [("de-DE", "1"), ("ja-JP", "0"), ("ru-RU", "0")];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(locale, n)| (locale.to_string(), n.to_string()))
        .collect();
    assert_eq!(missing, expected);
    // The report's matrix says which: missing in de-DE, removed in ja-JP.
    let part = std::fs::read_to_string(out.join("report/1.html")).expect("report part");
    let part = Html::parse_document(&part);
    let absent = |locale: &str| -> Vec<String> {
        let cells = format!("td.cell[data-locale=\"{locale}\"] .absent .sr-only");
        let cells = Selector::parse(&cells).expect("selector");
        part.select(&cells).map(|c| c.text().collect()).collect()
    };
    assert_eq!(absent("de-DE"), [" missing"]);
    assert_eq!(absent("ja-JP"), [" removed"]);
    assert!(absent("ru-RU").is_empty());
}

/// A damaged line of the build cache costs its group a render, not the
/// build: the rest is still reused, and the site is as a clean build's.
#[test]
fn a_damaged_cache_line_renders_its_group_again() {
    let parent = scratch("damaged-cache");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let (site, clean) = (parent.join("site"), parent.join("clean"));
    let docs = Path::new("tests/fixtures/site/features/docs");
    let build = |out: &Path| build_with_cache(docs, out);
    build(&site);
    build(&clean);
    let cache = site.join(".sxsdoc-cache.jsonl");
    // The first group's line: unreadable, or with a path that sorts after
    // every other (so it looks like the line of a later group).
    type Damage = fn(&str) -> String;
    let damages: [(&str, Damage); 2] = [
        ("unreadable", |line| line.replacen('{', "[", 1)),
        ("out of place", |line| {
            line.replacen("\"path\":\"", "\"path\":\"zzz/", 1)
        }),
    ];
    for (damage, damaged_line) in damages {
        let text = std::fs::read_to_string(&cache).expect("cache");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "a header and three groups");
        let damaged: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(n, line)| match n {
                1 => damaged_line(line),
                _ => line.to_string(),
            })
            .collect();
        assert_ne!(damaged[1], lines[1]);
        std::fs::write(&cache, damaged.join("\n") + "\n").expect("damage");
        let said = build(&site);
        assert!(
            said.contains("1 of 2 page groups unchanged"),
            "{damage}: {said}"
        );
        assert!(
            files(&site) == files(&clean),
            "{damage}: rebuilt and clean sites differ"
        );
        let said = build(&site);
        assert!(
            said.contains("2 of 2 page groups unchanged"),
            "{damage}: {said}"
        );
    }
}

/// In the build cache of `site`, the line of `api/only-pt.md` with the
/// first `from` replaced by `to`; then a new title for the ru-RU page of
/// `docs`, so that the next build makes the index pages again.
fn damage_summary_and_retitle(docs: &Path, site: &Path, (from, to): (&str, &str)) {
    let cache = site.join(".sxsdoc-cache.jsonl");
    let text = std::fs::read_to_string(&cache).expect("cache");
    let lines: Vec<String> = text
        .lines()
        .map(|line| match line.contains("\"path\":\"api/only-pt.md\"") {
            true => line.replacen(from, to, 1),
            false => line.to_string(),
        })
        .collect();
    assert_ne!(lines.join("\n") + "\n", text);
    std::fs::write(&cache, lines.join("\n") + "\n").expect("damage");
    let page = docs.join("ru-RU/api/features.md");
    let page_text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, page_text.replacen("title: ", "title: New ", 1)).expect("edit");
}

/// A kept group whose line is damaged where it keeps the group's summary
/// is rendered again when the index pages are made again, and is counted
/// as rendered, not as left.
#[test]
fn a_damaged_cache_summary_is_rendered_again_and_counted_as_rendered() {
    let docs = features_copy("damaged-body-docs");
    let parent = scratch("damaged-body");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let (site, clean) = (parent.join("site"), parent.join("clean"));
    let build = |out: &Path| build_with_cache(&docs, out);
    build(&site);
    damage_summary_and_retitle(&docs, &site, ("\"pages\":[", "\"pages\":{"));
    let said = build(&site);
    assert!(said.contains("0 of 2 page groups unchanged"), "{said}");
    build(&clean);
    assert!(
        files(&site) == files(&clean),
        "rebuilt and clean sites differ"
    );
}

/// A kept summary that reads as JSON but not as a summary (a cache edited
/// by hand) does not stop a build that makes the index pages again: it is
/// said, and the next build renders its group again, so that the site is
/// a clean build's.
#[test]
fn a_kept_summary_that_does_not_read_is_said_and_rendered_next_time() {
    let docs = features_copy("unread-summary-docs");
    let parent = scratch("unread-summary");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let (site, clean) = (parent.join("site"), parent.join("clean"));
    let build = |out: &Path| build_with_cache(&docs, out);
    build(&site);
    let damage = ("\"reference\":", "\"reference\":\"x\",\"was\":");
    damage_summary_and_retitle(&docs, &site, damage);
    let said = build(&site);
    assert!(
        said.contains("summaries of 1 page groups (`api/only-pt.md`, ...) could not be read"),
        "{said}"
    );
    let said = build(&site);
    assert!(!said.contains("could not be read"), "{said}");
    assert!(said.contains("1 of 2 page groups unchanged"), "{said}");
    build(&clean);
    assert!(
        files(&site) == files(&clean),
        "rebuilt and clean sites differ"
    );
}

/// The pages in no toc are listed in its generated section by their
/// titles; a rebuild in place after a title changed says the new one, as
/// a clean build does.
#[test]
fn pages_in_no_toc_are_named_by_their_titles() {
    let docs = docs_copy("tests/fixtures/site/navigation/docs", "others-docs");
    let parent = scratch("others");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let (site, clean) = (parent.join("site"), parent.join("clean"));
    build_with_cache(&docs, &site);
    let toc = |site: &Path| std::fs::read_to_string(site.join("ru-RU/toc.js")).expect("toc.js");
    assert!(
        toc(&site).contains("\"Страница вне оглавления\""),
        "{}",
        toc(&site)
    );
    edit(
        &docs.join("ru-RU/api/extra.md"),
        "title: Страница вне оглавления",
        "title: Другая страница",
    );
    build_with_cache(&docs, &site);
    build_with_cache(&docs, &clean);
    assert!(toc(&site).contains("\"Другая страница\""), "{}", toc(&site));
    assert_eq!(toc(&site), toc(&clean));
}

/// The tocs as parsed, kept beside the build cache, are read only beside
/// a cache the build uses: a build without one (here, the cache removed)
/// parses its tocs again rather than take names from the output folder.
#[test]
fn parsed_tocs_are_read_only_beside_a_cache_the_build_uses() {
    let parent = scratch("toc-memo");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let site = parent.join("site");
    let docs = Path::new("tests/fixtures/site/navigation/docs");
    build_with_cache(docs, &site);
    let memo = site.join(".sxsdoc-tocs.json");
    let text = std::fs::read_to_string(&memo).expect("memo");
    assert!(text.contains("\"name\":\""), "{text}");
    std::fs::write(&memo, text.replace("\"name\":\"", "\"name\":\"FORGED ")).expect("forge");
    std::fs::remove_file(site.join(".sxsdoc-cache.jsonl")).expect("no cache");
    build_with_cache(docs, &site);
    let forged = files(&site)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("FORGED"))
        .map(|(name, _)| name)
        .collect::<Vec<_>>();
    assert!(forged.is_empty(), "{forged:?}");
}

/// A page read within two seconds of being written has no time kept in
/// the build cache (an edit in the same tick could keep it); once its
/// file is older, a rebuild that finds its bytes unchanged keeps the time,
/// so later builds need not read it again.
#[test]
fn a_files_time_is_kept_once_it_is_old_enough() {
    let docs = features_copy("recent-docs");
    let parent = scratch("recent");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let site = parent.join("site");
    let build = || build_with_cache(&docs, &site);
    let cache = || std::fs::read_to_string(site.join(".sxsdoc-cache.jsonl")).expect("cache");
    // Written just now: no time kept.
    build();
    assert!(cache().contains("\"modified\":0,"), "{}", cache());
    // An hour later, as far as the files' times say.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(&docs) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            std::fs::File::options()
                .write(true)
                .open(entry.path())
                .and_then(|f| f.set_modified(hour_ago))
                .expect("set time");
        }
    }
    assert!(build().contains("2 of 2 page groups unchanged"));
    assert!(!cache().contains("\"modified\":0,"), "{}", cache());
    assert!(build().contains("2 of 2 page groups unchanged"));
}

/// The page template gets the body wherever it has `{{ body | safe }}`,
/// as often as it has it, and the build counts the bytes it wrote.
#[test]
fn page_template_places_the_body_where_it_says() {
    let custom = theme(
        "body-twice",
        &[(
            "page.html",
            "<main>{{ body | safe }}</main><aside>{{ body | safe }}</aside>\n",
        )],
    );
    let out = scratch("body-twice-site");
    let report = build_site("docs", &out, Some(&custom)).expect("build");
    let page = std::fs::read_to_string(out.join("ru-RU/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.html"))
        .expect("page written");
    let (main, aside) = page
        .strip_prefix("<main>")
        .and_then(|rest| rest.strip_suffix("</aside>\n"))
        .and_then(|rest| rest.split_once("</main><aside>"))
        .expect("the template's shape");
    assert_eq!(main, aside);
    assert!(main.contains("<h1") && !page.contains('\u{1}'), "{page}");
    let on_disk: Vec<u64> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with(".sxsdoc-")
        })
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .collect();
    // A clean build counts the whole site (its own state files apart).
    assert_eq!(report.files, on_disk.len());
    assert_eq!(report.bytes, on_disk.iter().sum::<u64>());
}

/// The rules and the site agree on a group's API version: a page under
/// `beta/` whose locales split one to one is beta (the path breaks the
/// tie) for SXS303 and in the report alike.
#[test]
fn check_and_site_agree_on_the_api_version() {
    let docs = scratch("version-tie-docs");
    let seed = |locale: &str| {
        std::fs::read_to_string(format!(
            "docs/{locale}/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md"
        ))
        .expect("seed")
    };
    // The de-DE seed calls beta, the ru-RU one v1.0.
    for locale in ["de-DE", "ru-RU"] {
        let page = docs.join(locale).join("api-reference/beta/api/x.md");
        std::fs::create_dir_all(page.parent().expect("parent")).expect("mkdir");
        std::fs::write(page, seed(locale)).expect("write");
    }
    let project = Project::open(&docs, &OpenOptions::default()).expect("opens");
    let diagnostics = project.check_all().diagnostics;
    let mismatch: Vec<_> = diagnostics.iter().filter(|d| d.code == "SXS303").collect();
    assert_eq!(mismatch.len(), 1, "{mismatch:?}");
    assert_eq!(mismatch[0].location.locale, "ru-RU");
    assert!(
        mismatch[0].message.contains("use `beta`"),
        "{}",
        mismatch[0].message
    );
    let out = scratch("version-tie-site");
    let options = BuildOptions {
        output: out.clone(),
        templates: None,
        base_url: "https://example.org/".to_string(),
        site_name: Some("API reference".to_string()),
        no_cache: false,
        force: false,
        qa: true,
    };
    project.build(&options, &|| {}).expect("builds");
    let report = std::fs::read_to_string(out.join("report/1.html")).expect("report");
    let document = Html::parse_document(&report);
    let versions: Vec<String> = document
        .select(&select("#report-matrix td.version"))
        .map(|cell| cell.text().collect())
        .collect();
    assert_eq!(versions, ["beta"], "{report}");
}

/// The report's pages to translate again and their segments are those
/// SXS304 warns of: a hand-off that only cut the English into other
/// segments is behind in neither (an older hand-off, said apart), and a
/// stale page as many segments in both.
#[test]
fn check_and_site_agree_on_the_segments_behind() {
    for (case, locale, behind) in [
        ("stale-translation-resegmented", "de-DE", "0 pages"),
        ("stale-segments", "de-DE", "1 page (3 segments)"),
        (
            "outdated-source-facts",
            "es-ES",
            "1 page (2 segments)1 more from an older hand-off: no segment changed",
        ),
    ] {
        let docs = format!("tests/fixtures/check/{case}/docs");
        let project = Project::open(Path::new(&docs), &OpenOptions::default()).expect("opens");
        let stale: Vec<String> = project
            .check_all()
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "SXS304")
            .map(|d| d.message)
            .collect();
        let out = scratch(&format!("behind-{case}"));
        build_site(&docs, &out, None).expect("builds");
        let report = std::fs::read_to_string(out.join("report.html")).expect("report");
        let document = Html::parse_document(&report);
        let row = document
            .select(&select("tr"))
            .find(|row| row.text().any(|t| t.contains(locale)))
            .expect("the locale's row");
        let cells: Vec<String> = row
            .select(&select("td"))
            .map(|cell| cell.text().collect())
            .collect();
        assert_eq!(cells[2], behind, "{case}: {stale:?}");
    }
}

/// The search terms kept beside the build cache are untrusted input: a
/// file of garbage, or a link in its place, is not the file whose hash
/// the cache holds, and the build is a full one, its site as a clean
/// build's.
#[test]
fn damaged_search_terms_make_a_full_build() {
    let docs = features_copy("terms-docs");
    let parent = scratch("terms");
    std::fs::create_dir_all(&parent).expect("mkdir");
    let (site, clean) = (parent.join("site"), parent.join("clean"));
    build_with_cache(&docs, &site);
    build_with_cache(&docs, &clean);
    let terms = site.join(".sxsdoc-search.ru-RU.jsonl");
    std::fs::write(&terms, "{\"group\": 1}\nnot json\n\u{0}\u{1}").expect("garbage");
    let said = build_with_cache(&docs, &site);
    // Built whole: no group was taken from the cache.
    assert!(!said.contains("page groups unchanged"), "{said}");
    assert!(
        said.contains("search terms that are not as it wrote them"),
        "{said}"
    );
    assert!(files(&site) == files(&clean), "the rebuilt site differs");
    #[cfg(unix)]
    {
        std::fs::remove_file(&terms).expect("remove");
        std::os::unix::fs::symlink("/dev/zero", &terms).expect("link");
        let said = build_with_cache(&docs, &site);
        assert!(!said.contains("page groups unchanged"), "{said}");
        assert!(files(&site) == files(&clean), "the rebuilt site differs");
        assert!(
            terms.is_file() && !terms.is_symlink(),
            "replaced by its own"
        );
    }
}

/// A search result shows the page's description, else the reader's text
/// of its first paragraph (not its English; the English of a page shown
/// in English where a locale lacks it); the words of raw HTML are found
/// too.
#[test]
fn search_results_show_an_excerpt_and_find_raw_html() {
    let root = scratch("search-excerpt");
    let docs = root.join("docs");
    std::fs::create_dir_all(docs.join("ru-RU")).expect("mkdir");
    std::fs::write(
        docs.join("ru-RU/a.md"),
        "---\ntitle: А\n---\n# А\n\n<span data-ttu-id=\"1\">Первый\n абзац.</span><span class=\"sxs-lookup\"><span data-stu-id=\"1\">First paragraph.</span></span>\n\n<table><tr><td>Квазар &amp; пульсар</td></tr></table>\n",
    )
    .expect("page");
    std::fs::write(
        docs.join("ru-RU/b.md"),
        "---\ntitle: Б\ndescription: Описание **страницы**.\n---\n# Б\n\nТекст `getRange`через код.\n",
    )
    .expect("page");
    // de-DE lacks `a.md`: its search finds the page shown in English.
    std::fs::create_dir_all(docs.join("de-DE")).expect("mkdir");
    std::fs::write(
        docs.join("de-DE/b.md"),
        "---\ntitle: B\n---\n# B\n\nText.\n",
    )
    .expect("page");
    let out = root.join("site");
    build_site(docs.to_str().expect("utf-8"), &out, None).expect("builds");
    let site = files(&out);
    let pages = String::from_utf8_lossy(&site["ru-RU/search/p0.js"]).into_owned();
    assert!(pages.contains(",\"Первый абзац.\"]"), "{pages}");
    assert!(pages.contains(",\"Описание страницы.\"]"), "{pages}");
    let german = String::from_utf8_lossy(&site["de-DE/search/p0.js"]).into_owned();
    assert!(
        german.contains("[\"А\",\"de-DE/a.html\",null,null,\"First paragraph.\"]"),
        "{german}"
    );
    let terms: String = site
        .iter()
        .filter(|(path, _)| path.starts_with("ru-RU/search/t"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    for word in [
        "\"квазар\"",
        "\"пульсар\"",
        "\"first\"",
        "\"getrange\"",
        "\"через\"",
    ] {
        assert!(terms.contains(word), "{word} in {terms}");
    }
    assert!(
        !terms.contains("getrangeчерез"),
        "a word glued to code: {terms}"
    );
}

/// An index made again in place with fewer shards of terms than before
/// leaves none of the old ones: the site is a clean build's.
#[test]
fn an_index_made_again_keeps_no_old_shards() {
    let root = scratch("fewer-shards");
    let docs = root.join("docs");
    std::fs::create_dir_all(docs.join("ru-RU")).expect("mkdir");
    let page = docs.join("ru-RU/a.md");
    let words: String = (0..4000).map(|n| format!("слово{n} ")).collect();
    std::fs::write(&page, format!("---\ntitle: А\n---\n# А\n\n{words}\n")).expect("page");
    let (site, clean) = (root.join("site"), root.join("clean"));
    let docs = docs.to_str().expect("utf-8");
    build_site(docs, &site, None).expect("builds");
    let shards = |site: &Path| {
        files(site)
            .into_keys()
            .filter(|path| path.starts_with("ru-RU/search/t"))
            .count()
    };
    assert!(shards(&site) > 2, "the words take several shards");
    std::fs::write(&page, "---\ntitle: А\n---\n# А\n\nСлово.\n").expect("edit");
    build_site(docs, &site, None).expect("builds again");
    build_site(docs, &clean, None).expect("builds clean");
    assert_eq!(shards(&site), 1);
    assert!(
        files(&site) == files(&clean),
        "the rebuilt site is not a clean build's"
    );
}

/// A rule in the dashboard's "most findings" links to the report part
/// of its first finding in that locale, not to the first part.
#[test]
fn dashboard_rules_link_to_the_part_of_their_first_finding() {
    let docs = scratch("dashboard-parts-docs");
    for locale in ["ru-RU", "de-DE"] {
        let folder = docs.join(locale);
        std::fs::create_dir_all(&folder).expect("mkdir");
        for n in 0..120 {
            let name = match (locale, n) {
                ("ru-RU", 110) => "|<span data-ttu-id=\"a-1\">имя</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">displayName</span></span>|String|",
                _ => "|displayName|String|",
            };
            let page = format!(
                "---\ntitle: Page {n}\n---\n# Page {n}\n\n## Properties\n\n| Property | Type |\n|:---|:---|\n{name}\n"
            );
            std::fs::write(folder.join(format!("p{n:03}.md")), page).expect("write");
        }
    }
    let out = scratch("dashboard-parts");
    build_site(docs.to_str().expect("utf-8"), &out, None).expect("builds");
    let report = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert!(
        report.contains("href=\"report/2.html?rule=SXS007&amp;locale=ru-RU\""),
        "{report}"
    );
}
