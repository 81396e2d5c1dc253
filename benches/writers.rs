//! The writers' loop benchmark: `cargo bench --bench writers`.
//!
//! On the five Graph checkouts as cloned (unpacked from
//! `../shared/corpus/graph-repos.tar.xz` into `target/corpus/graph-repos`
//! when needed), with the release binary:
//! - save to reload: `sxsdoc serve` on all five, one API page saved 20
//!   times (a sentence added, then taken out, in turn), timed from the
//!   write to the `build` event the open pages reload on;
//! - change to diagnostics: `sxsdoc lsp`, the same page opened, 20
//!   changes sent, timed to the diagnostics published for each.
//!
//! Prints the median and the 95th percentile of each. The page is put
//! back as it was at the end. `SXSDOC_BENCH_RUNS` sets the edits
//! (default 20).

#[path = "support/unpack.rs"]
mod unpack;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use unpack::unpack;

const PAGE: &str = "microsoft-graph-docs.de-DE/api-reference/v1.0/api/user-get.md";

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = unpack(
        root,
        "graph-repos.tar.xz",
        "target/corpus/graph-repos",
        "microsoft-graph-docs.ru-RU",
    );
    let runs: usize = std::env::var("SXSDOC_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let page = corpus.join(PAGE);
    let original = std::fs::read_to_string(&page).expect("the page");
    let edited = |n: usize| match n % 2 {
        0 => format!("{original}\nEin neuer Satz, Nummer {n}.\n"),
        _ => original.clone(),
    };
    println!(
        "corpus: {}, page {PAGE}, {runs} edits each\n",
        corpus.display()
    );

    let reload = save_to_reload(&corpus, &page, runs, &edited);
    let _ = std::fs::write(&page, &original);
    let diagnostics = change_to_diagnostics(&corpus, &page, runs, &edited);
    let _ = std::fs::write(&page, &original);

    println!("| loop | median | p95 | fastest | slowest |");
    println!("|---|---:|---:|---:|---:|");
    for (name, mut times) in [
        ("serve: save → reload event", reload),
        ("lsp: change → diagnostics", diagnostics),
    ] {
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        println!(
            "| {name} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms |",
            ms(at(0.5)),
            ms(at(0.95)),
            ms(at(0.0)),
            ms(at(1.0))
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `sxsdoc serve` on `corpus`; `page` written `runs` times, each timed
/// to the next `build` event.
fn save_to_reload(
    corpus: &Path,
    page: &Path,
    runs: usize,
    edited: &dyn Fn(usize) -> String,
) -> Vec<Duration> {
    let mut server = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(["serve", "--port", "0"])
        .arg(corpus)
        .stderr(Stdio::piped())
        .spawn()
        .expect("sxsdoc serve");
    let stderr = server.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let address = loop {
        let line = lines.next().expect("serve said nothing").expect("stderr");
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
    };
    // What it says after each rebuild is read, so that it never blocks.
    std::thread::spawn(move || for _ in lines {});
    let mut stream = TcpStream::connect(&address).expect("connect");
    stream
        .write_all(b"GET /__sxsdoc/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("ask for events");
    let mut events = BufReader::new(stream);
    let mut next_event = || loop {
        let mut line = String::new();
        assert!(
            events.read_line(&mut line).expect("events") > 0,
            "events ended"
        );
        if let Some(name) = line.strip_prefix("event: ") {
            return name.trim().to_string();
        }
    };
    assert_eq!(next_event(), "hello");
    let mut times = Vec::new();
    for n in 0..runs {
        // A writer does not save twice in the same instant.
        std::thread::sleep(Duration::from_millis(300));
        let started = Instant::now();
        std::fs::write(page, edited(n)).expect("write the page");
        assert_eq!(next_event(), "build");
        times.push(started.elapsed());
    }
    let _ = Command::new("kill")
        .arg("-INT")
        .arg(server.id().to_string())
        .status();
    let _ = server.wait();
    times
}

/// `sxsdoc lsp` with `page` open; `runs` changes, each timed to its
/// diagnostics.
fn change_to_diagnostics(
    corpus: &Path,
    page: &Path,
    runs: usize,
    edited: &dyn Fn(usize) -> String,
) -> Vec<Duration> {
    let mut server = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sxsdoc lsp");
    let mut input = server.stdin.take().expect("stdin");
    let mut output = BufReader::new(server.stdout.take().expect("stdout"));
    let mut send = |message: Value| {
        let body = message.to_string();
        write!(input, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("send");
        input.flush().expect("flush");
    };
    let mut receive = || {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(output.read_line(&mut line).expect("read") > 0, "lsp ended");
            match line.trim_end().strip_prefix("Content-Length: ") {
                Some(n) => length = n.parse().expect("length"),
                None if line.trim_end().is_empty() => break,
                None => {}
            }
        }
        let mut body = vec![0; length];
        output.read_exact(&mut body).expect("body");
        serde_json::from_slice::<Value>(&body).expect("json")
    };
    let uri = format!("file://{}", page.display());
    let folder = uri_of(corpus);
    send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"rootUri": folder, "capabilities": {}}}));
    while receive()["id"] != 1 {}
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let published = |receive: &mut dyn FnMut() -> Value| loop {
        if receive()["method"] == "textDocument/publishDiagnostics" {
            return;
        }
    };
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": uri, "languageId": "markdown", "version": 0, "text": edited(1)}}}),
    );
    published(&mut receive);
    let mut times = Vec::new();
    for n in 0..runs {
        let started = Instant::now();
        send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": n + 1}, "contentChanges": [{"text": edited(n)}]}}),
        );
        published(&mut receive);
        times.push(started.elapsed());
    }
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    while receive()["id"] != 2 {}
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = server.wait();
    times
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}
