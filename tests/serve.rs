//! `sxsdoc serve` as a browser and a writer meet it: the binary started
//! on a copy of the bundled docs, asked over HTTP, its pages edited.

#[path = "support/copy.rs"]
mod copy;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// A running server on a copy of `docs/`, stopped with Ctrl-C on drop.
struct Served {
    child: Child,
    address: String,
    site: PathBuf,
    docs: PathBuf,
    stderr: Receiver<String>,
    _folder: tempfile::TempDir,
}

fn start(extra: &[&str]) -> Served {
    start_on(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs"), extra)
}

/// A server on a copy of the docs at `source`.
fn start_on(source: &Path, extra: &[&str]) -> Served {
    let folder = tempfile::tempdir().unwrap_or_else(|err| panic!("temp: {err}"));
    let docs = folder.path().join("docs");
    copy::copy_dir(source, &docs);
    let mut child = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .arg(&docs)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("spawn: {err}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let line = wait_line(&lines, "serving http://");
    let address = line["serving http://".len()..]
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let site = line
        .split('`')
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_default();
    Served {
        child,
        address,
        site,
        docs,
        stderr: lines,
        _folder: folder,
    }
}

/// The next line of `lines` that has `start` in it.
fn wait_line(lines: &Receiver<String>, start: &str) -> String {
    loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.contains(start) => return line,
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => panic!("no `{start}` line in a minute"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server stopped before `{start}`"),
        }
    }
}

impl Drop for Served {
    /// Ctrl-C, so that it removes its temporary site; killed if it has
    /// not stopped in ten seconds.
    fn drop(&mut self) {
        #[cfg(unix)]
        // SAFETY: sends a signal to our own child process.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGINT);
        }
        for _ in 0..200 {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// The raw answer to a request line (`GET /x HTTP/1.1`) with `host`.
    fn raw(&self, line: &str, host: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap_or_else(|err| panic!("{err}"));
        let request = format!("{line}\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        stream
            .write_all(request.as_bytes())
            .unwrap_or_else(|err| panic!("{err}"));
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, answer)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.raw(&format!("GET {path} HTTP/1.1"), "localhost")
    }

    /// The live-reload event stream, after its `hello`.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).unwrap_or_else(|err| panic!("{err}"));
        stream
            .write_all(b"GET /__sxsdoc/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap_or_else(|err| panic!("{err}"));
        let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let (name, _) = events.next();
        assert_eq!(name, "hello");
        events
    }

    fn page(&self, locale: &str) -> PathBuf {
        self.docs.join(locale).join(
            "api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md",
        )
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().ok().flatten().is_none() && self.get("/").0 == 200
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event: its name and its data as JSON.
    fn next(&mut self) -> (String, serde_json::Value) {
        let mut name = String::new();
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line);
            assert!(read.is_ok_and(|n| n > 0), "the event stream ended");
            if let Some(event) = line.strip_prefix("event: ") {
                name = event.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                let value = serde_json::from_str(data.trim())
                    .unwrap_or_else(|err| panic!("event data {data}: {err}"));
                return (name, value);
            }
        }
    }
}

#[test]
fn serves_only_the_site_and_injects_the_live_script() {
    let served = start(&[]);
    let (status, home) = served.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__sxsdoc/live.js\"></script></body>"));
    // A HEAD gets the length a GET would, and no body.
    let (status, head) = served.raw("HEAD / HTTP/1.1", "localhost");
    assert_eq!(status, 200);
    let length = format!(
        "Content-Length: {}\r\n",
        home.split("\r\n\r\n").nth(1).unwrap_or("").len()
    );
    assert!(
        head.contains(&length) && head.ends_with("\r\n\r\n"),
        "{head}"
    );
    let (status, script) = served.get("/__sxsdoc/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource(\"/__sxsdoc/events\")"));
    // A folder named without its slash is sent to it; its page is served.
    let (status, answer) = served.get("/de-DE");
    assert_eq!(status, 301);
    assert!(answer.contains("Location: /de-DE/\r\n"), "{answer}");
    assert_eq!(served.get("/de-DE/").0, 200);

    // Nothing outside the site, however it is spelled (Zola's
    // CVE-2023-40274 was an encoded `..`), no hidden files, no listings.
    std::fs::write(served.site.join("../secret.txt"), "secret").unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        served.site.join("../secret.txt"),
        served.site.join("link.txt"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/de-DE/..%2f..%2fsecret.txt",
        "/de-DE/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/link.txt",
        "/.sxsdoc-cache.jsonl",
        "/%00",
        "/C:%5Csecret.txt",
        "/assets/",
    ] {
        let (status, answer) = served.get(path);
        assert_eq!(status, 404, "{path}: {answer}");
        assert!(!answer.contains("secret"), "{path}");
    }
    // A page elsewhere reaching it by DNS rebinding; a write.
    assert_eq!(served.raw("GET / HTTP/1.1", "evil.example").0, 403);
    assert_eq!(served.raw("POST / HTTP/1.1", "localhost").0, 405);
}

#[test]
fn a_save_rebuilds_reloads_and_shows_the_errors_of_the_saved_page() {
    let mut served = start(&[]);
    let mut events = served.events();
    let page = served.page("de-DE");
    let original = std::fs::read_to_string(&page).unwrap_or_default();
    let broken = original.replacen("title:", "title: [unclosed", 1) + "\nEin-neues-Wort.\n";
    std::fs::write(&page, &broken).unwrap_or_else(|err| panic!("{err}"));
    let (name, state) = events.next();
    assert_eq!(name, "build");
    assert_eq!(state["error"], serde_json::Value::Null);
    let problems: Vec<String> = state["problems"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|p| {
                    let file = p["file"].as_str().unwrap_or_default();
                    let file = file.rsplit_once("/docs/").map_or(file, |(_, f)| f);
                    format!(
                        "{file}:{}:{} {} {} {}",
                        p["line"], p["column"], p["severity"], p["code"], p["message"]
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    insta::assert_snapshot!(problems.join("\n"));
    // The rebuilt page says what the page now says.
    let (_, html) = served.get(
        "/de-DE/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.html",
    );
    assert!(html.contains("<script src=\"/__sxsdoc/live.js\">"));
    // Told once the page can be read as saved.
    assert!(html.contains("Ein-neues-Wort"), "{html}");
    // Saved right, the overlay has nothing to show.
    std::fs::write(&page, &original).unwrap_or_else(|err| panic!("{err}"));
    let (_, state) = events.next();
    let errors = state["problems"].as_array().map_or(0, |all| {
        all.iter().filter(|p| p["code"] == "SXS201").count()
    });
    assert_eq!(errors, 0);
    assert!(served.alive());
}

/// A page saved twice has its errors told once each time, as `check`
/// finds them.
#[test]
fn a_page_saved_again_has_its_findings_told_once() {
    let mut served = start(&[]);
    let page = served.page("de-DE");
    let original = std::fs::read_to_string(&page).unwrap_or_default();
    let broken = original.replacen("title:", "title: [unclosed", 1);
    let mut told = Vec::new();
    for text in [broken.clone(), broken + "\nEin-neues-Wort.\n"] {
        std::fs::write(&page, &text).unwrap_or_else(|err| panic!("{err}"));
        // The saved file is named.
        let line = wait_line(&served.stderr, " changed: built");
        let name = page.file_name().unwrap_or_default().to_string_lossy();
        assert!(line.contains(&*name), "{line}");
        told.clear();
        // What it says of the saved page follows the line, in one write.
        while let Ok(line) = served.stderr.recv_timeout(Duration::from_secs(2)) {
            let last = line.starts_with("and ");
            told.push(line);
            if last {
                break;
            }
        }
    }
    let errors: Vec<&String> = told.iter().filter(|l| l.starts_with("error[")).collect();
    let mut once = errors.clone();
    once.sort();
    once.dedup();
    assert!(
        !errors.is_empty() && once.len() == errors.len(),
        "{}",
        told.join("\n")
    );
    // Mended, its warnings are printed too (a translator's damaged
    // header name is one), not only counted.
    std::fs::write(&page, &original).unwrap_or_else(|err| panic!("{err}"));
    wait_line(&served.stderr, " changed: built");
    let warned = wait_line(&served.stderr, "warning[");
    assert!(warned.starts_with("warning[SXS"), "{warned}");
    assert!(served.alive());
}

#[test]
fn bad_input_is_reported_and_the_server_goes_on() {
    let mut served = start(&[]);
    let mut events = served.events();
    let page = served.page("ru-RU");
    let original = std::fs::read_to_string(&page).unwrap_or_default();
    // A half-typed span.
    let at = original.find("<span data-ttu-id").unwrap_or(0);
    let mut half = original.clone();
    half.insert_str(at, "<span data-ttu-id=\"x");
    std::fs::write(&page, half).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(events.next().0, "build");
    assert!(served.alive());
    // A binary file saved as a page.
    std::fs::write(&page, [0u8, 159, 146, 150, 0, 255, 254, 0]).unwrap_or_else(|e| panic!("{e}"));
    let (_, state) = events.next();
    assert!(state.to_string().contains("ru-RU"), "{state}");
    assert!(served.alive());
    // A new page, then the page deleted, then a whole locale.
    let added = served.docs.join("de-DE/api-reference/v1.0/api/new-page.md");
    std::fs::write(&added, "---\ntitle: Neu\n---\n# Neu\n").unwrap_or_else(|e| panic!("{e}"));
    events.next();
    let (status, _) = served.get("/de-DE/api-reference/v1.0/api/new-page.html");
    assert_eq!(status, 200);
    std::fs::remove_file(&added).unwrap_or_else(|e| panic!("{e}"));
    events.next();
    assert_eq!(
        served.get("/de-DE/api-reference/v1.0/api/new-page.html").0,
        404
    );
    std::fs::remove_dir_all(served.docs.join("es-ES")).unwrap_or_else(|e| panic!("{e}"));
    events.next();
    assert!(served.alive());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_and_removes_its_temporary_site() {
    let mut served = start(&[]);
    let site = served.site.clone();
    assert!(site.is_dir());
    let pid = served.child.id() as i32;
    // SAFETY: sends a signal to our own child process.
    unsafe {
        libc::kill(pid, libc::SIGINT);
    }
    let status = served.child.wait().unwrap_or_else(|err| panic!("{err}"));
    assert!(status.success(), "{status}");
    assert!(!site.exists(), "{} left behind", site.display());
    assert!(served
        .stderr
        .try_iter()
        .all(|line| !line.contains("panicked")));
}

#[cfg(unix)]
#[test]
fn a_termination_signal_removes_its_temporary_site_too() {
    let mut served = start(&[]);
    let site = served.site.clone();
    // SAFETY: sends a signal to our own child process.
    unsafe {
        libc::kill(served.child.id() as i32, libc::SIGTERM);
    }
    let _ = served.child.wait();
    assert!(!site.exists(), "{} left behind", site.display());
}

#[test]
fn an_output_folder_in_the_docs_is_refused_before_anything_is_served() {
    let folder = tempfile::tempdir().unwrap_or_else(|err| panic!("temp: {err}"));
    let docs = folder.path().join("docs");
    copy::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs"), &docs);
    let output = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(["serve", "--port", "0", "-o"])
        .arg(&docs)
        .arg(&docs)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("error:") && !said.contains("serving"),
        "{said}"
    );
}

#[test]
fn a_docs_root_deleted_and_made_again_is_watched_again() {
    let mut served = start(&[]);
    let mut events = served.events();
    let kept = served.docs.with_extension("kept");
    copy::copy_dir(&served.docs, &kept);
    std::fs::remove_dir_all(&served.docs).unwrap_or_else(|e| panic!("{e}"));
    loop {
        let (_, state) = events.next();
        if state["error"].is_string() {
            break;
        }
    }
    copy::copy_dir(&kept, &served.docs);
    loop {
        let (_, state) = events.next();
        if state["error"].is_null() {
            break;
        }
    }
    // Edits are seen again.
    let page = served.page("ja-JP");
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    std::fs::write(&page, text.replacen("title:", "title: [", 1)).unwrap_or_else(|e| panic!("{e}"));
    let (_, state) = events.next();
    assert!(state.to_string().contains("SXS201"), "{state}");
    assert!(served.alive());
}

/// Reads build events until `holds` (a change may come as more than one
/// burst of file events, each a build); at most five.
fn until(events: &mut Events, mut holds: impl FnMut() -> bool) -> bool {
    (0..5).any(|_| {
        events.next();
        holds()
    })
}

#[test]
fn includes_tables_of_contents_and_renamed_pages_need_no_restart() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site/navigation/docs");
    let mut served = start_on(&source, &[]);
    let mut events = served.events();
    let ru = served.docs.join("ru-RU");
    let edit = |path: &Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        assert!(text.contains(from), "{}: no {from}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("{e}"));
    };
    // An include: the page that includes it shows the new text.
    let include = ru.join("includes/user-list-request.md");
    let text = std::fs::read_to_string(&include).unwrap_or_default();
    std::fs::write(&include, format!("{text}\nВключённый-абзац-изменён.\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(until(&mut events, || served
        .get("/ru-RU/api/user-list.html")
        .1
        .contains("Включённый-абзац-изменён")));
    // A toc entry renamed: the navigation says the new name.
    edit(&ru.join("toc.yml"), "name: Обзор", "name: Обзор-новый");
    assert!(until(&mut events, || served
        .get("/ru-RU/toc.js")
        .1
        .contains("Обзор-новый")));
    // A page (of one locale only) renamed: served at its new name, gone
    // at its old (a page one locale lacks is another's, as a fallback).
    let api = ru.join("api");
    std::fs::rename(api.join("extra.md"), api.join("more.md")).unwrap_or_else(|e| panic!("{e}"));
    let renamed = || {
        served.get("/ru-RU/api/more.html").0 == 200 && served.get("/ru-RU/api/extra.html").0 == 404
    };
    assert!(until(&mut events, renamed));
    assert!(served.alive());
}

/// Waits for the line the server prints once a build is done (the reload
/// is sent before the index pages and the search index are written).
fn built(served: &Served) {
    wait_line(&served.stderr, " changed: built");
}

/// The files of a site, but its hidden ones (the cache, the search
/// terms), by path relative to it.
fn site_files(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(site)
                .ok()?
                .to_string_lossy()
                .into_owned();
            let hidden = relative.split('/').any(|part| part.starts_with('.'));
            (!hidden).then(|| (relative, std::fs::read(entry.path()).unwrap_or_default()))
        })
        .collect()
}

#[test]
fn the_site_after_saves_is_the_site_a_clean_build_makes() {
    let mut served = start(&[]);
    let mut events = served.events();
    // Words changed, a title changed, then a page as it was: each kept
    // build reuses what the one before left in memory.
    let page = served.page("es-ES");
    let original = std::fs::read_to_string(&page).unwrap_or_default();
    let edits = [
        format!("{original}\nUna frase nueva.\n"),
        original.replacen("title:", "title: Otro título,", 1),
        original.clone(),
        format!("{original}\nOtra frase.\n"),
    ];
    for text in &edits {
        std::fs::write(&page, text).unwrap_or_else(|e| panic!("{e}"));
        events.next();
        built(&served);
    }
    let clean = served.site.with_extension("clean");
    let status = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(["build", "--quiet", "--no-cache", "-o"])
        .arg(&clean)
        .arg(&served.docs)
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    let (kept, made) = (site_files(&served.site), site_files(&clean));
    let differ: Vec<&String> = made
        .keys()
        .chain(kept.keys())
        .filter(|name| kept.get(*name) != made.get(*name))
        .collect();
    assert!(differ.is_empty(), "differ from a clean build: {differ:?}");
    assert!(served.alive());
}
