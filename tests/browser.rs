//! The built seed site in a real browser (Debian's Chromium, driven by
//! playwright-core from npm): keyboard toggle of the English source,
//! language switch, search, report filters, no console errors; and search
//! on a page that names an element like the search script's global.
//!
//! Needs `chromium`, `node` and `npm ci --prefix tests/browser`; `.ci/run`
//! installs them. Elsewhere the test says it is skipped (and fails under
//! `CI=true`, where it must run).

#[path = "support/copy.rs"]
mod copy;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var("SXSDOC_CHROMIUM").unwrap_or_default(),
        "/usr/bin/chromium".into(),
        "/usr/bin/chromium-browser".into(),
    ];
    candidates
        .into_iter()
        .filter(|c| !c.is_empty())
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

fn skip(test: &str, why: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "browser test cannot run in CI: {why}"
    );
    // Written past the test harness's capture, so it is seen.
    let _ = writeln!(std::io::stderr(), "test {test} ... SKIPPED: {why}");
}

/// Chromium and the folder of the node scripts, or `None` (the test
/// `test` said it is skipped) when one of the tools is missing.
fn tools(test: &str) -> Option<(PathBuf, PathBuf)> {
    let Some(chromium) = chromium() else {
        skip(test, "no Chromium (apt-get install chromium)");
        return None;
    };
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !browser_dir.join("node_modules/playwright-core").is_dir() {
        skip(
            test,
            "playwright-core not installed (npm ci --prefix tests/browser)",
        );
        return None;
    }
    if Command::new("node").arg("--version").output().is_err() {
        skip(test, "no node");
        return None;
    }
    Some((chromium, browser_dir))
}

/// Serves `root` on loopback until `deadline`, one request per connection.
fn serve(root: PathBuf, listener: TcpListener, deadline: Instant) {
    listener.set_nonblocking(true).expect("nonblocking");
    while Instant::now() < deadline {
        let Ok((mut stream, _)) = listener.accept() else {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut request = String::new();
        if reader.read_line(&mut request).is_err() {
            continue;
        }
        let mut line = String::new();
        while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
            line.clear();
        }
        let path = request
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .to_string();
        let relative = path.trim_start_matches('/');
        let file = if relative.is_empty() {
            root.join("index.html")
        } else {
            root.join(relative)
        };
        let inside = !relative.split('/').any(|p| p == "..");
        let response = match std::fs::read(&file) {
            Ok(body) if inside => {
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("json") => "application/json",
                    Some("xml") => "application/xml",
                    _ => "application/octet-stream",
                };
                let mut head = format!("HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
                head.extend(body);
                head
            }
            // As static hosts do: the site's 404 page, at the address asked.
            _ => {
                let body = std::fs::read(root.join("404.html")).unwrap_or_default();
                let mut head = format!("HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
                head.extend(body);
                head
            }
        };
        let _ = stream.write_all(&response);
    }
}

#[test]
fn site_in_a_real_browser() {
    let Some(tools) = tools("site_in_a_real_browser") else {
        return;
    };
    let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-site");
    let project =
        sxsdoc::project::Project::open(Path::new("docs"), &Default::default()).expect("docs open");
    let options = sxsdoc::site::BuildOptions {
        output: site.clone(),
        templates: None,
        base_url: "https://example.org/".into(),
        site_name: Some("API reference".into()),
        no_cache: false,
        force: false,
        qa: true,
    };
    project.build(&options, &|| {}).expect("site builds");
    run_script(&tools, "site.mjs", site);
}

/// The readers' site of the navigation fixture, and its QA build under
/// `qa/`: navigation, tabs, search, the language switch, the fallback
/// page, the 404 page, axe-core and phone layouts (see reader.mjs).
#[test]
fn readers_site_in_a_real_browser() {
    let Some(tools) = tools("readers_site_in_a_real_browser") else {
        return;
    };
    let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-reader");
    let _ = std::fs::remove_dir_all(&site);
    let docs = Path::new("tests/fixtures/site/navigation/docs");
    let project = sxsdoc::project::Project::open(docs, &Default::default()).expect("docs open");
    for (output, qa) in [(site.clone(), false), (site.join("qa"), true)] {
        let options = sxsdoc::site::BuildOptions {
            output,
            templates: None,
            base_url: "https://example.org/".into(),
            site_name: Some("API reference".into()),
            no_cache: true,
            force: true,
            qa,
        };
        project.build(&options, &|| {}).expect("site builds");
    }
    run_script(&tools, "reader.mjs", site);
}

/// (A page's own `<a name="SXSDOC_SEARCH">` gets a lower-case id; the
/// script clobbers the global itself, as a template could.)
/// `<a name="SXSDOC_SEARCH">` would make `window.SXSDOC_SEARCH` an element
/// until the search index script sets it (DOM clobbering); search still
/// loads the index and finds the page.
#[test]
fn search_survives_dom_clobbering() {
    let Some(tools) = tools("search_survives_dom_clobbering") else {
        return;
    };
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-clobbering");
    let _ = std::fs::remove_dir_all(&root);
    let seed = include_str!("../docs/ru-RU/api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md");
    let page = seed.replacen(
        "# <a name=\"disconnect-action\"></a>",
        "<a name=\"SXSDOC_SEARCH\"></a><a id=\"SXSDOC_SEARCH\"></a>\n\n# <a name=\"disconnect-action\"></a>",
        1,
    );
    assert_ne!(page, seed, "the seed still has its first heading");
    for locale in ["de-DE", "ru-RU"] {
        std::fs::create_dir_all(root.join("docs").join(locale)).expect("mkdir");
        std::fs::write(root.join("docs").join(locale).join("a.md"), &page).expect("write");
    }
    let built = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .current_dir(&root)
        .args(["build", "docs", "-o", "site", "--quiet"])
        .output()
        .expect("sxsdoc runs");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    run_script(&tools, "clobbering.mjs", root.join("site"));
}

/// `sxsdoc serve` on a copy of the bundled docs, a page open in Chromium
/// while its file is saved broken and then right (see live.mjs).
#[test]
fn live_reload_in_a_real_browser() {
    let Some((chromium, browser_dir)) = tools("live_reload_in_a_real_browser") else {
        return;
    };
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-live");
    let _ = std::fs::remove_dir_all(&folder);
    let docs = folder.join("docs");
    copy::copy_dir(Path::new("docs"), &docs);
    let mut server = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(["serve", "--port", "0"])
        .arg(&docs)
        .stderr(Stdio::piped())
        .spawn()
        .expect("sxsdoc serve starts");
    let mut said = BufReader::new(server.stderr.take().expect("stderr")).lines();
    let base = loop {
        let line = said.next().expect("serve says where").expect("stderr");
        if let Some(rest) = line.strip_prefix("serving ") {
            break rest.split(' ').next().unwrap_or_default().to_string();
        }
    };
    std::thread::spawn(move || for _ in said {});
    let page = "api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect";
    let output = Command::new("node")
        .arg(browser_dir.join("live.mjs"))
        .arg(&base)
        .arg(chromium)
        .arg(format!("de-DE/{page}.html"))
        .arg(docs.join("de-DE").join(format!("{page}.md")))
        .output()
        .expect("node runs");
    // Ctrl-C: it removes its temporary site.
    #[cfg(unix)]
    // SAFETY: sends a signal to our own child process.
    unsafe {
        libc::kill(server.id() as i32, libc::SIGINT);
    }
    #[cfg(not(unix))]
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        output.status.success(),
        "live reload checks failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Serves `site` on loopback and runs the node script `script` on it with
/// Chromium; fails with what the script printed if it fails.
fn run_script((chromium, browser_dir): &(PathBuf, PathBuf), script: &str, site: PathBuf) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("loopback port");
    let port = listener.local_addr().expect("address").port();
    let deadline = Instant::now() + Duration::from_secs(120);
    let server = std::thread::spawn(move || serve(site, listener, deadline));

    let mut child = Command::new("node")
        .arg(browser_dir.join(script))
        .arg(format!("http://127.0.0.1:{port}/"))
        .arg(chromium)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("browser test timed out");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().expect("output");
    drop(server);
    assert!(
        status.success(),
        "browser checks of {script} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
