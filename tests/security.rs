//! What an outside pull request controls (the docs, files beside them,
//! a previous output folder) never reads or writes anything else: each
//! test plants what an attacker would and checks that sxsdoc refuses or
//! ignores it. See the README's "Security model".

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = include_str!("../docs/ru-RU/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md");

/// A fresh, empty scratch folder.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("security")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn sxsdoc(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A seed page with `body` in place of its body.
fn page_with_body(body: &str) -> String {
    let end = SEED.find("\n---\n").expect("front matter") + 5;
    format!("{}{body}", &SEED[..end])
}

/// A project: `proj/README.md` and `proj/docs/ru-RU/a.md`.
fn project(name: &str) -> PathBuf {
    let proj = scratch(name);
    write(&proj.join("README.md"), "# The project\n");
    write(&proj.join("docs/ru-RU/a.md"), SEED);
    proj
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

// 4. Building into the docs tree, or over someone's files.

#[test]
fn a_build_never_replaces_the_docs_or_the_folder_around_them() {
    let proj = project("output-docs");
    for (args, why) in [
        (&["build", "docs", "-o", "docs"][..], "holds the docs root"),
        (&["build", "docs", "-o", "."], "holds the docs root"),
        (
            &["build", "docs", "-o", "docs/ru-RU"],
            "inside the docs root",
        ),
        (
            &["build", "docs", "-o", "docs/site"],
            "inside the docs root",
        ),
        (
            &["build", "docs", "-o", "docs", "--force"],
            "holds the docs root",
        ),
    ] {
        let run = sxsdoc(args, &proj);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", stderr(&run));
        assert!(stderr(&run).contains(why), "{args:?}: {}", stderr(&run));
        assert!(proj.join("README.md").is_file() && proj.join("docs/ru-RU/a.md").is_file());
    }
    let run = sxsdoc(
        &["build", "proj/docs", "-o", "proj"],
        proj.parent().expect("up"),
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(proj.join("README.md").is_file());
}

#[test]
fn a_folder_sxsdoc_did_not_make_is_replaced_only_with_force() {
    let proj = project("output-foreign");
    write(&proj.join("notes/keep.txt"), "mine");
    let run = sxsdoc(&["build", "docs", "-o", "notes"], &proj);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("--force"), "{}", stderr(&run));
    assert!(proj.join("notes/keep.txt").is_file());
    // An empty folder, a new one and sxsdoc's own are built into.
    std::fs::create_dir_all(proj.join("empty")).expect("mkdir");
    for out in ["empty", "new/site", "new/site"] {
        let run = sxsdoc(&["build", "docs", "-o", out], &proj);
        assert!(run.status.success(), "{out}: {}", stderr(&run));
        assert!(proj.join(out).join(".sxsdoc-site").is_file());
    }
    let run = sxsdoc(&["build", "docs", "-o", "notes", "--force"], &proj);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!proj.join("notes/keep.txt").exists());
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_refused() {
    let proj = project("output-link");
    let elsewhere = scratch("output-link-target");
    symlink(&elsewhere, &proj.join("site"));
    let run = sxsdoc(&["build", "docs", "-o", "site"], &proj);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("symbolic link"), "{}", stderr(&run));
    assert_eq!(std::fs::read_dir(&elsewhere).expect("list").count(), 0);
}

// 5. Temporary files and planted links.

/// Links planted beside the output under every name a build used to
/// write there, and inside a previous site (whose cache matches), are
/// never written through.
#[cfg(unix)]
#[test]
fn planted_links_are_never_written_through() {
    let proj = project("planted");
    let victim = proj.join("victim.txt");
    write(&victim, "precious");
    let run = sxsdoc(&["build", "docs", "-o", "site"], &proj);
    assert!(run.status.success(), "{}", stderr(&run));
    // The names builds used to write under, for likely pids (builds now
    // take random names that nothing planted can hold).
    let pids = (1..200).chain(std::process::id()..std::process::id() + 200);
    for n in pids {
        for name in [
            format!(".site.sxsdoc-cache.{n}.tmp"),
            format!(".site.sxsdoc-new-{n}"),
            format!(".site.sxsdoc-old-{n}"),
            format!(".site.sxsdoc-index-{n}"),
        ] {
            symlink(&victim, &proj.join(name));
        }
        symlink(
            &victim,
            &proj.join(format!("site/assets/site.js.sxsdoc-new-{n}")),
        );
    }
    // The previous site's folder replaced by a link: an in-place
    // rebuild must not write into it.
    let elsewhere = scratch("planted-elsewhere");
    std::fs::rename(proj.join("site/ru-RU"), elsewhere.join("ru-RU")).expect("move");
    symlink(&elsewhere.join("ru-RU"), &proj.join("site/ru-RU"));
    let contents = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").path())
            .map(|path| (path.clone(), std::fs::read(&path).unwrap_or_default()))
            .collect();
        files.sort();
        files
    };
    let before = contents(&elsewhere.join("ru-RU"));
    std::fs::write(proj.join("docs/ru-RU/a.md"), format!("{SEED}\nEdited.\n")).expect("edit");
    let run = sxsdoc(&["build", "docs", "-o", "site"], &proj);
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    assert!(
        contents(&elsewhere.join("ru-RU")) == before,
        "a file in the linked folder changed: {}",
        stderr(&run)
    );
    // The cache is a plain file in the site, not a link.
    if run.status.success() {
        let cache = std::fs::symlink_metadata(proj.join("site/.sxsdoc-cache.jsonl"));
        assert!(cache.is_ok_and(|m| m.is_file()));
    } else {
        assert!(stderr(&run).contains("not a folder"), "{}", stderr(&run));
    }
    // With --no-cache the build makes a new site, leaving the link be.
    let run = sxsdoc(&["build", "docs", "-o", "site", "--no-cache"], &proj);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(std::fs::symlink_metadata(proj.join("site/ru-RU")).is_ok_and(|m| m.is_dir()));
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
}

#[cfg(unix)]
#[test]
fn an_in_place_rebuild_keeps_files_readable() {
    use std::os::unix::fs::PermissionsExt;
    let proj = project("modes");
    assert!(sxsdoc(&["build", "docs", "-o", "site"], &proj)
        .status
        .success());
    std::fs::write(proj.join("docs/ru-RU/a.md"), format!("{SEED}\nEdited.\n")).expect("edit");
    assert!(sxsdoc(&["build", "docs", "-o", "site"], &proj)
        .status
        .success());
    let mode = |path: &str| {
        std::fs::metadata(proj.join(path)).map_or(0, |m| m.permissions().mode() & 0o777)
    };
    assert_eq!(mode("site"), 0o755);
    assert_eq!(mode("site/ru-RU/a.html") & 0o044, 0o044, "readable by all");
}

// 6. The build cache is untrusted input.

/// The cache of a previous build, as its lines are.
fn cache_lines(site: &Path) -> Vec<String> {
    std::fs::read_to_string(site.join(".sxsdoc-cache.jsonl"))
        .expect("cache")
        .lines()
        .map(str::to_string)
        .collect()
}

#[cfg(unix)]
#[test]
fn a_cache_that_is_a_link_or_a_pipe_is_not_read() {
    let proj = project("cache-special");
    for special in ["/dev/zero", "fifo"] {
        assert!(sxsdoc(&["build", "docs", "-o", "site"], &proj)
            .status
            .success());
        let cache = proj.join("site/.sxsdoc-cache.jsonl");
        std::fs::remove_file(&cache).expect("rm");
        if special == "fifo" {
            let made = Command::new("mkfifo").arg(&cache).status().expect("mkfifo");
            assert!(made.success());
        } else {
            symlink(Path::new(special), &cache);
        }
        let (send, receive) = std::sync::mpsc::channel();
        let dir = proj.clone();
        std::thread::spawn(move || {
            let _ = send.send(sxsdoc(&["build", "docs", "-o", "site"], &dir));
        });
        let run = receive
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("did not hang");
        assert!(run.status.success(), "{special}: {}", stderr(&run));
        // Built whole: no group was taken from the cache.
        assert!(!stderr(&run).contains("page groups unchanged"));
        assert!(
            stderr(&run).contains(".sxsdoc-cache.jsonl` is not a plain file"),
            "{}",
            stderr(&run)
        );
    }
    // Not a cache at all: built whole, with a note.
    std::fs::write(proj.join("site/.sxsdoc-cache.jsonl"), "\0\0\0").expect("write");
    let run = sxsdoc(&["build", "docs", "-o", "site"], &proj);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("is not one sxsdoc wrote"),
        "{}",
        stderr(&run)
    );
}

/// A cache entry whose include stamp names a file outside the docs, with
/// that file's true size and hash (so it would match), or a device, is
/// never read: its group is rendered again.
#[test]
fn include_stamps_outside_the_docs_are_not_followed() {
    let proj = project("cache-stamps");
    let secret = proj.join("secret.md");
    write(&secret, "TOP SECRET");
    for stamp in [
        format!(
            "{{\"path\":\"{}\",\"len\":10,\"modified\":0,\"hash\":{}}}",
            secret.display(),
            sxsdoc::digest::of_bytes(b"TOP SECRET")
        ),
        "{\"path\":\"/dev/zero\",\"len\":0,\"modified\":0,\"hash\":0}".to_string(),
    ] {
        assert!(sxsdoc(&["build", "docs", "-o", "site"], &proj)
            .status
            .success());
        let lines = cache_lines(&proj.join("site"));
        let forged: Vec<String> = lines
            .iter()
            .map(|line| line.replacen("\"includes\":[]", &format!("\"includes\":[{stamp}]"), 1))
            .collect();
        assert_ne!(forged, lines, "the cache has an includes list to forge");
        std::fs::write(
            proj.join("site/.sxsdoc-cache.jsonl"),
            forged.join("\n") + "\n",
        )
        .expect("forge");
        let run = sxsdoc(&["build", "docs", "-o", "site"], &proj);
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(
            stderr(&run).contains("0 of 1 page groups unchanged"),
            "{stamp}: {}",
            stderr(&run)
        );
    }
}

/// Markup a cache file brings never reaches the index pages: they are
/// made from data, which the templates escape.
#[test]
fn markup_in_the_cache_never_reaches_the_index_pages() {
    let proj = project("cache-markup");
    write(&proj.join("docs/de-DE/a.md"), SEED);
    write(&proj.join("docs/de-DE/b.md"), SEED);
    write(&proj.join("docs/ru-RU/b.md"), SEED);
    assert!(sxsdoc(&["build", "docs", "-o", "site", "--qa"], &proj)
        .status
        .success());
    let payload = "<img src=x onerror=alert(1)>";
    let forged: Vec<String> = cache_lines(&proj.join("site"))
        .iter()
        .map(|line| {
            line.replace("\"title\":\"", &format!("\"title\":\"{payload}"))
                .replace("\"message\":\"", &format!("\"message\":\"{payload}"))
                .replace("\"url\":\"", "\"url\":\"javascript:alert(1)//")
        })
        .collect();
    std::fs::write(
        proj.join("site/.sxsdoc-cache.jsonl"),
        forged.join("\n") + "\n",
    )
    .expect("forge");
    // Group b changes a finding, so the index pages are made again from
    // the cache's data for group a.
    let broken = SEED.replace("`204 No Content`.</span>", "`200 OK`.</span>");
    std::fs::write(proj.join("docs/ru-RU/b.md"), broken).expect("edit");
    let run = sxsdoc(&["build", "docs", "-o", "site", "--qa"], &proj);
    assert!(run.status.success(), "{}", stderr(&run));
    for index in [
        "index.html",
        "report.html",
        "report/1.html",
        "ru-RU/index.html",
        "sitemap.xml",
    ] {
        let html = std::fs::read_to_string(proj.join("site").join(index)).expect("index page");
        assert!(!html.contains("<img"), "{index}: {html}");
        assert!(!html.contains("javascript:"), "{index}");
    }
}

// 2. Includes.

#[test]
fn includes_read_only_markdown_outside_hidden_folders() {
    let proj = scratch("includes");
    write(
        &proj.join(".git/config"),
        "extraheader = AUTHORIZATION: basic c2VjcmV0\n",
    );
    write(&proj.join(".github/notes.md"), "HIDDEN-NOTES\n");
    write(&proj.join("secrets.txt"), "PLAIN-SECRET\n");
    write(&proj.join("ru-RU/includes/ok.md"), "INCLUDED-OK\n");
    let body = "\n# A\n\n[!INCLUDE [a](../.git/config)]\n\n[!INCLUDE [b](../.github/notes.md)]\n\n[!INCLUDE [c](../secrets.txt)]\n\n[!INCLUDE [d](includes/ok.md)]\n";
    write(&proj.join("ru-RU/a.md"), page_with_body(body));
    let out = scratch("includes-site");
    let run = sxsdoc(&["build", ".", "-o", out.to_str().expect("UTF-8")], &proj);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(out.join("ru-RU/a.html")).expect("page");
    assert!(page.contains("INCLUDED-OK"), "{page}");
    for secret in ["AUTHORIZATION", "HIDDEN-NOTES", "PLAIN-SECRET"] {
        assert!(!page.contains(secret), "{secret} published");
    }
}

// 7. Include fan-out.

#[test]
fn a_page_includes_a_bounded_amount() {
    let proj = scratch("fan-out");
    write(
        &proj.join("docs/ru-RU/includes/big.md"),
        "Big include line.\n".repeat(50_000),
    );
    let body = "\n# A\n\n".to_string() + &"[!INCLUDE [x](includes/big.md)]\n\n".repeat(100);
    write(&proj.join("docs/ru-RU/a.md"), page_with_body(&body));
    let run = sxsdoc(&["build", "docs", "-o", "site"], &proj);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("ru-RU/a.md"), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("includes too much"),
        "{}",
        stderr(&run)
    );
    let size = std::fs::metadata(proj.join("site/ru-RU/a.html")).map_or(0, |m| m.len());
    assert!(size < 10 << 20, "{size} bytes");
    let page = std::fs::read_to_string(proj.join("site/ru-RU/a.html")).expect("page");
    assert!(page.contains("Included content left out"));
}

// 3. Remote images.

#[test]
fn remote_images_become_links() {
    let proj = scratch("remote-images");
    // Browsers drop tabs and line breaks in a URL and read `\\` as `/`.
    let body = "\n# A\n\n![pixel](https://tracker.example/p.png) ![proto](//tracker.example/q.png) ![local](images/a.png)\n\n![t1](/&#9;/tracker.example/t1.png) ![t2](</\t/tracker.example/t2.png>) ![t3](/&#10;/tracker.example/t3.png) ![t4](/&#13;\\tracker.example/t4.png) ![t5][r]\n\n[r]: /&#9;/tracker.example/t5.png\n";
    write(&proj.join("docs/ru-RU/a.md"), page_with_body(body));
    write(&proj.join("docs/ru-RU/images/a.png"), "not really a PNG");
    let run = sxsdoc(&["build", "docs", "-o", "site"], &proj);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(proj.join("site/ru-RU/a.html")).expect("page");
    assert!(
        proj.join("site/ru-RU/images/a.png").is_file(),
        "the local image is copied"
    );
    assert!(!page.contains("<img src=\"https:"), "{page}");
    assert!(!page.contains("<img src=\"//"), "{page}");
    assert!(
        page.contains("href=\"https://tracker.example/p.png\""),
        "{page}"
    );
    assert!(page.contains("<img src=\"images/a.png\""), "{page}");
    let images: Vec<&str> = page.split("<img ").skip(1).collect();
    assert!(
        images
            .iter()
            .all(|img| !img.split('>').next().unwrap_or("").contains("tracker")),
        "{images:?}"
    );
}

// 1. Settings and baselines from inside the docs tree.

#[cfg(unix)]
#[test]
fn a_linked_config_or_baseline_in_the_docs_is_refused() {
    let proj = project("config-link");
    let secret = proj.join("environ");
    write(&secret, "AWS_SECRET=hunter2\nselect = [\n");
    symlink(&secret, &proj.join("docs/sxsdoc.toml"));
    let run = sxsdoc(&["check", "docs"], &proj);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("symbolic link"), "{}", stderr(&run));
    assert!(!stderr(&run).contains("hunter2"), "{}", stderr(&run));
    // Named on the command line, from inside the docs, the same.
    let run = sxsdoc(&["check", "docs", "--config", "docs/sxsdoc.toml"], &proj);
    assert_eq!(run.status.code(), Some(2));
    assert!(!stderr(&run).contains("hunter2"), "{}", stderr(&run));
    std::fs::remove_file(proj.join("docs/sxsdoc.toml")).expect("rm");
    symlink(&secret, &proj.join("docs/baseline.json"));
    let run = sxsdoc(
        &["check", "docs", "--baseline", "docs/baseline.json"],
        &proj,
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(!stderr(&run).contains("hunter2"), "{}", stderr(&run));
    // A folder or a pipe named like a config: refused, not read (or hung on).
    std::fs::create_dir(proj.join("docs/sxsdoc.toml")).expect("mkdir");
    let run = sxsdoc(&["check", "docs"], &proj);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("not a plain file"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_bad_config_line_is_quoted_short_and_escaped() {
    let proj = project("config-long");
    let key = "k".repeat(500_000);
    write(
        &proj.join("docs/sxsdoc.toml"),
        format!("select = [\"SXS0\"]\n{key}\x1b]52;c;AAAA\x07 = 1\n"),
    );
    let run = sxsdoc(&["check", "docs"], &proj);
    assert_eq!(run.status.code(), Some(2));
    let said = stderr(&run);
    assert!(said.len() < 2000, "{} bytes of error", said.len());
    assert!(!said.contains('\x1b'), "{said}");
    assert!(said.contains("sxsdoc.toml`:2:"), "{said}");
}

#[cfg(unix)]
#[test]
fn writing_a_baseline_replaces_a_planted_link() {
    let proj = project("baseline-link");
    let victim = proj.join("victim.txt");
    write(&victim, "precious");
    symlink(&victim, &proj.join("docs/baseline.json"));
    let run = sxsdoc(
        &["check", "docs", "--write-baseline", "docs/baseline.json"],
        &proj,
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    assert!(std::fs::symlink_metadata(proj.join("docs/baseline.json")).is_ok_and(|m| m.is_file()));
}

// 10. What grows with the number of locales, and threads.

#[test]
fn thousands_of_locale_folders_are_refused() {
    let proj = scratch("locales");
    for n in 0..300 {
        let letter = |k: u32| char::from(b'a' + (k % 26) as u8);
        let locale = format!("{}{}-AA", letter(n / 26), letter(n));
        write(&proj.join("docs").join(locale).join("a.md"), "x\n");
    }
    for command in ["check", "build"] {
        let run = sxsdoc(&[command, "docs"], &proj);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        assert!(stderr(&run).contains("at most 256"), "{}", stderr(&run));
    }
}

#[test]
fn absurd_thread_counts_are_refused() {
    let proj = project("jobs");
    for jobs in ["100000", "0", "257"] {
        let run = sxsdoc(&["check", "docs", "-j", jobs], &proj);
        assert_eq!(run.status.code(), Some(2), "-j {jobs}");
    }
    let run = sxsdoc(&["check", "docs", "-j", "256", "-q"], &proj);
    assert_ne!(run.status.code(), Some(2), "{}", stderr(&run));
}

// 12. Notes on standard error never carry a file name's control characters.

#[cfg(unix)]
#[test]
fn notes_escape_file_names() {
    let proj = project("note-names");
    write(
        &proj.join("docs/x\n::error file=README.md,line=1::Injected\x1b]0;title\x07.md"),
        "x",
    );
    let run = sxsdoc(&["check", "docs"], &proj);
    let said = stderr(&run);
    assert!(
        said.contains("ignored: a page outside every locale folder"),
        "{said}"
    );
    assert!(!said.contains('\x1b'), "{said}");
    assert!(!said.lines().any(|line| line.starts_with("::")), "{said}");
}

// 11. One page must not sink the build.

#[test]
fn pages_that_cannot_be_written_are_skipped_with_a_note() {
    let proj = project("unwritable");
    let long = format!("{}.md", "n".repeat(252));
    write(&proj.join("docs/ru-RU").join(&long), SEED);
    write(&proj.join("docs/ru-RU/x.md"), SEED);
    write(&proj.join("docs/ru-RU/x.html/y.md"), SEED);
    write(
        &proj.join("docs/ru-RU/index.md"),
        page_with_body("\n# MINE\n"),
    );
    let run = sxsdoc(&["build", "docs", "-o", "site"], &proj);
    let said = stderr(&run);
    assert!(run.status.success(), "{said}");
    for (page, why) in [
        (long.as_str(), "longer than the 255 bytes"),
        ("x.md", "also the folder of other pages"),
        ("index.md", "the locale's home page"),
    ] {
        assert!(
            said.lines().any(
                |line| line.contains(&format!("ru-RU/{page}: not built")) && line.contains(why)
            ),
            "{page}: {said}"
        );
    }
    let site = proj.join("site");
    assert!(site.join("ru-RU/a.html").is_file());
    assert!(site.join("ru-RU/x.html/y.html").is_file());
    let home = std::fs::read_to_string(site.join("ru-RU/index.html")).expect("home");
    assert!(
        !home.contains("MINE"),
        "the locale home page was overwritten"
    );
}

// Templates from the checkout are read like settings.

#[cfg(unix)]
#[test]
fn templates_cannot_read_the_environment_or_links() {
    let proj = project("templates");
    write(
        &proj.join("theme/page.html"),
        "{{ get_env(name=\"HOME\") }}{{ body | safe }}",
    );
    let run = sxsdoc(
        &["build", "docs", "-o", "site", "--templates", "theme"],
        &proj,
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("get_env"), "{}", stderr(&run));
    let secret = proj.join("environ");
    write(&secret, "SECRET_TOKEN=hunter2\n");
    std::fs::remove_file(proj.join("theme/page.html")).expect("rm");
    symlink(&secret, &proj.join("theme/style.css"));
    let run = sxsdoc(
        &["build", "docs", "-o", "site", "--templates", "theme"],
        &proj,
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("symbolic link"), "{}", stderr(&run));
    assert!(!proj.join("site/assets/style.css").exists());
    // Files the theme does not name are never read: a pipe there does not
    // hang the build.
    std::fs::remove_file(proj.join("theme/style.css")).expect("rm");
    let made = Command::new("mkfifo")
        .arg(proj.join("theme/stray"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let (send, receive) = std::sync::mpsc::channel();
    let dir = proj.clone();
    std::thread::spawn(move || {
        let _ = send.send(sxsdoc(
            &["build", "docs", "-o", "site", "--templates", "theme"],
            &dir,
        ));
    });
    let run = receive
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("did not hang");
    assert!(run.status.success(), "{}", stderr(&run));
}

#[cfg(unix)]
#[test]
fn a_linked_config_is_refused_anywhere() {
    let proj = project("config-link-outside");
    write(&proj.join("environ"), "AWS_SECRET=hunter2 = =\n");
    symlink(&proj.join("environ"), &proj.join("sxsdoc.toml"));
    let run = sxsdoc(&["check", "docs", "--config", "sxsdoc.toml"], &proj);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(!stderr(&run).contains("hunter2"), "{}", stderr(&run));
    assert!(stderr(&run).contains("symbolic link"), "{}", stderr(&run));
}

/// A site committed to the repository, or copied, with a cache that
/// matches: its pages are not kept, as a pull request may have written
/// them; the site is built whole.
#[test]
fn a_copied_site_and_its_cache_are_not_reused() {
    let proj = project("copied-site");
    assert!(sxsdoc(&["build", "docs", "-o", "site"], &proj)
        .status
        .success());
    std::fs::write(proj.join("site/ru-RU/a.html"), "<script>forged</script>").expect("forge");
    let copied = Command::new("cp")
        .args(["-rp", "site", "checkout"])
        .current_dir(&proj)
        .status()
        .expect("cp");
    assert!(copied.success());
    let run = sxsdoc(&["build", "docs", "-o", "checkout"], &proj);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        !stderr(&run).contains("page groups unchanged"),
        "built whole: {}",
        stderr(&run)
    );
    assert!(
        stderr(&run).contains("written for another folder"),
        "{}",
        stderr(&run)
    );
    let page = std::fs::read_to_string(proj.join("checkout/ru-RU/a.html")).expect("page");
    assert!(!page.contains("forged"));
    // The folder it was built in keeps its cache.
    let run = sxsdoc(&["build", "docs", "-o", "checkout"], &proj);
    assert!(
        stderr(&run).contains("1 of 1 page groups unchanged"),
        "{}",
        stderr(&run)
    );
}
