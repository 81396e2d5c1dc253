//! `sxsdoc lsp` driven by a scripted editor: the binary on a copy of the
//! bundled docs, spoken to over its standard input and output.

#[path = "support/copy.rs"]
mod copy;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

struct Editor {
    child: Child,
    input: ChildStdin,
    /// What the server sends, read by a thread of its own: a server that
    /// hangs fails the test in a minute instead of hanging it.
    output: Receiver<Value>,
    docs: PathBuf,
    next_id: u64,
    _folder: tempfile::TempDir,
}

const PAGE: &str =
    "api-reference/v1.0/api/intune-remoteassistance-remoteassistancepartner-disconnect.md";

impl Editor {
    fn start() -> Editor {
        let folder = tempfile::tempdir().unwrap_or_else(|err| panic!("temp: {err}"));
        let docs = folder.path().join("docs");
        copy::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs"), &docs);
        let mut child = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|err| panic!("spawn: {err}"));
        let input = child.stdin.take().unwrap_or_else(|| panic!("stdin"));
        let output = reader(BufReader::new(
            child.stdout.take().unwrap_or_else(|| panic!("stdout")),
        ));
        let mut editor = Editor {
            child,
            input,
            output,
            docs,
            next_id: 0,
            _folder: folder,
        };
        let root = uri(&editor.docs);
        let capabilities =
            editor.request("initialize", json!({ "rootUri": root, "capabilities": { "window": { "showDocument": { "support": true } } } }));
        assert!(capabilities["capabilities"]["hoverProvider"] == json!(true));
        editor.notify("initialized", json!({}));
        editor
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.input
            .write_all(framed.as_bytes())
            .and_then(|()| self.input.flush())
            .unwrap_or_else(|err| panic!("write: {err}"));
    }

    fn receive(&mut self) -> Value {
        match self.output.recv_timeout(Duration::from_secs(60)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("the server said nothing for a minute"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result; what the server sends
    /// meanwhile is dropped.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) && message.get("method").is_none() {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        self.diagnostics_of(uri, None)
    }

    /// The next diagnostics published for `uri`, of its `version` if
    /// given (those of an earlier version are passed over).
    fn diagnostics_of(&mut self, uri: &str, version: Option<u32>) -> Vec<Value> {
        loop {
            let message = self.receive();
            let of_version =
                version.is_none_or(|version| message["params"]["version"] == json!(version));
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && of_version
            {
                return message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    fn open(&mut self, path: &Path, text: &str) -> Vec<Value> {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
        self.diagnostics(&uri)
    }

    fn change(&mut self, path: &Path, version: u32, text: &str) -> Vec<Value> {
        let uri = uri(path);
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics_of(&uri, Some(version))
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap_or_else(|err| panic!("{err}"));
        assert!(status.success(), "{status}");
    }
}

/// Reads the server's messages into a channel, until its output ends.
fn reader(mut output: BufReader<ChildStdout>) -> Receiver<Value> {
    let (send, messages) = std::sync::mpsc::channel();
    std::thread::spawn(move || loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if output.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().ok();
            }
        }
        let mut body = vec![0; length.unwrap_or(0)];
        if output.read_exact(&mut body).is_err() {
            return;
        }
        let message = serde_json::from_slice(&body).unwrap_or_else(|err| panic!("json: {err}"));
        if send.send(message).is_err() {
            return;
        }
    });
    messages
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The text of `text` a diagnostic's range covers (one line, UTF-16).
fn covered(text: &str, range: &Value) -> String {
    let line = range["start"]["line"].as_u64().unwrap_or(0) as usize;
    let (start, end) = (
        range["start"]["character"].as_u64().unwrap_or(0) as usize,
        range["end"]["character"].as_u64().unwrap_or(0) as usize,
    );
    let units: Vec<u16> = text
        .lines()
        .nth(line)
        .unwrap_or("")
        .encode_utf16()
        .collect();
    String::from_utf16_lossy(units.get(start..end).unwrap_or(&[]))
}

fn summary(text: &str, diagnostics: &[Value]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {} `{}` {}",
                d["range"]["start"]["line"],
                d["range"]["start"]["character"],
                d["severity"],
                d["code"].as_str().unwrap_or(""),
                covered(text, &d["range"]),
                d["message"]
                    .as_str()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(unix)]
#[test]
fn findings_hover_fixes_and_other_locales_in_the_editor() {
    let mut editor = Editor::start();
    let page = editor.docs.join("ru-RU").join(PAGE);
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    let found = editor.open(&page, &text);
    insta::assert_snapshot!("opened", summary(&text, &found));

    // Repaired as the editor types, the finding goes; damaged again, it
    // is back.
    let repaired = text.replacen(">Авторизация<", ">Authorization<", 1);
    assert_ne!(repaired, text);
    let found = editor.change(&page, 2, &repaired);
    assert!(found.iter().all(|d| d["code"] != "SXS005"), "{found:?}");
    let typed = text;
    let found = editor.change(&page, 3, &typed);
    let header = found
        .iter()
        .find(|d| d["code"] == "SXS005")
        .unwrap_or_else(|| panic!("no SXS005 in {found:?}"));
    // The range is exact, in UTF-16 units.
    assert_eq!(covered(&typed, &header["range"]), "Авторизация");

    // The fix of it, as `sxsdoc fix` makes it, under the cursor.
    let actions = editor.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(&page) }, "range": header["range"], "context": { "diagnostics": [header] } }),
    );
    let fix = actions
        .as_array()
        .and_then(|all| all.iter().find(|a| a["kind"] == "quickfix"))
        .unwrap_or_else(|| panic!("no quick fix in {actions}"));
    assert!(
        fix["title"]
            .as_str()
            .unwrap_or("")
            .starts_with("Fix SXS005"),
        "{fix}"
    );
    let edits = &fix["edit"]["changes"][uri(&page)];
    assert_eq!(edits[0]["newText"], "Authorization");
    assert_eq!(covered(&typed, &edits[0]["range"]), "Авторизация");
    let all = actions
        .as_array()
        .and_then(|all| all.iter().find(|a| a["kind"] == "source.fixAll.sxsdoc"));
    assert!(all.is_some(), "{actions}");

    // Hover on a segment: its English source.
    let at = typed.find("<span data-ttu-id").unwrap_or(0);
    let line = typed[..at].matches('\n').count();
    let column = typed[..at]
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .encode_utf16()
        .count()
        + 3;
    let hover = editor.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&page) }, "position": { "line": line, "character": column } }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(shown.starts_with("**English source**"), "{hover}");

    // The other locales, one lens each; asked to, the editor is sent there.
    let lenses = editor.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri(&page) } }),
    );
    let titles: Vec<&str> = lenses
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|l| l["command"]["title"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(titles, ["de-DE", "es-ES", "ja-JP", "pt-BR"]);
    let command = lenses[0]["command"].clone();
    editor.send(
        json!({ "jsonrpc": "2.0", "id": 99, "method": "workspace/executeCommand",
        "params": { "command": command["command"], "arguments": command["arguments"] } }),
    );
    let show = loop {
        let message = editor.receive();
        if message["method"] == "window/showDocument" {
            break message;
        }
    };
    assert_eq!(
        show["params"]["uri"],
        uri(&editor.docs.join("de-DE").join(PAGE))
    );
    editor.stop();
}

#[cfg(unix)]
#[test]
fn a_stale_segment_s_hover_shows_the_newer_english() {
    let mut editor = Editor::start();
    // de-DE is behind ja-JP's English in the bundled docs.
    let page = editor.docs.join("de-DE").join(PAGE);
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    let found = editor.open(&page, &text);
    let stale = found
        .iter()
        .find(|d| d["code"] == "SXS304")
        .unwrap_or_else(|| panic!("no SXS304 in {found:?}"));
    let message = stale["message"].as_str().unwrap_or("");
    // `note: segment 0ed03-p102 changed in the English: ...`: hover it.
    let id = message
        .lines()
        .find(|line| line.contains(" changed in the English"))
        .and_then(|line| line.split("segment ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no changed segment in {message}"));
    let at = text
        .find(&format!("data-ttu-id=\"{id}\""))
        .unwrap_or_else(|| panic!("no segment {id}"));
    let line = text[..at].matches('\n').count();
    let column = text[..at]
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .encode_utf16()
        .count();
    let hover = editor.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&page) }, "position": { "line": line, "character": column } }),
    );
    insta::assert_snapshot!(hover["contents"]["value"].as_str().unwrap_or(""));
    editor.stop();
}

#[cfg(unix)]
#[test]
fn bad_input_is_reported_and_the_server_goes_on() {
    let mut editor = Editor::start();
    let page = editor.docs.join("pt-BR").join(PAGE);
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    editor.open(&page, &text);
    // Invalid front matter; a half-typed span; bytes that are no text.
    let found = editor.change(&page, 2, &text.replacen("title:", "title: [", 1));
    assert!(found.iter().any(|d| d["code"] == "SXS201"), "{found:?}");
    let at = text.find("<span data-ttu-id").unwrap_or(0);
    let mut half = text.clone();
    half.insert_str(at, "<span data-ttu-id=\"1");
    editor.change(&page, 3, &half);
    editor.change(&page, 4, "\u{0}\u{fffd}\u{0}binary\u{0}");
    // A locale folder deleted, then a save: the project is read again.
    std::fs::remove_dir_all(editor.docs.join("es-ES")).unwrap_or_else(|e| panic!("{e}"));
    editor.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&page) } }),
    );
    let found = editor.change(&page, 5, &text);
    assert!(found.iter().all(|d| d["code"] != "SXS201"), "{found:?}");
    // A request it does not know, and one with nonsense parameters.
    editor.send(
        json!({ "jsonrpc": "2.0", "id": 50, "method": "textDocument/hover", "params": { "x": 1 } }),
    );
    let answer = loop {
        let message = editor.receive();
        if message["id"] == 50 {
            break message;
        }
    };
    assert!(answer.get("error").is_some(), "{answer}");
    editor.stop();
}

#[cfg(unix)]
#[test]
fn the_other_open_locales_follow_an_unsaved_change() {
    let mut editor = Editor::start();
    let (de, ru) = (
        editor.docs.join("de-DE").join(PAGE),
        editor.docs.join("ru-RU").join(PAGE),
    );
    let de_text = std::fs::read_to_string(&de).unwrap_or_default();
    let ru_text = std::fs::read_to_string(&ru).unwrap_or_default();
    let found = editor.open(&de, &de_text);
    let version = |found: &[Value]| {
        found
            .iter()
            .find(|d| d["code"] == "SXS303")
            .map(|d| d["message"].as_str().unwrap_or("").to_string())
    };
    let before = version(&found).unwrap_or_default();
    assert!(before.contains("pt-BR and ru-RU use `v1.0`"), "{before}");
    editor.open(&ru, &ru_text);
    // ru-RU calls `beta` too, in the editor only: de-DE is told again.
    let beta = ru_text.replace("graph.microsoft.com/v1.0/", "graph.microsoft.com/beta/");
    assert_ne!(beta, ru_text);
    editor.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&ru), "version": 2 }, "contentChanges": [{ "text": beta }] }),
    );
    let after = editor.diagnostics(&uri(&de));
    let after = version(&after).unwrap_or_default();
    assert!(!after.contains("ru-RU use"), "{after}");
    editor.stop();
}

#[cfg(unix)]
#[test]
fn a_file_outside_the_docs_leaves_the_project_as_it_is() {
    let mut editor = Editor::start();
    let page = editor.docs.join("ru-RU").join(PAGE);
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(!editor.open(&page, &text).is_empty());
    let outside = editor
        .docs
        .parent()
        .map(|p| p.join("notes.md"))
        .unwrap_or_default();
    std::fs::write(&outside, "# Notes\n").unwrap_or_else(|e| panic!("{e}"));
    assert!(editor.open(&outside, "# Notes\n").is_empty());
    assert!(!editor.change(&page, 2, &text).is_empty());
    // Only pages of the project are opened on request.
    for uri in ["file:///etc/passwd".to_string(), uri(&outside)] {
        editor.send(
            json!({ "jsonrpc": "2.0", "id": 70, "method": "workspace/executeCommand",
            "params": { "command": "sxsdoc.openLocale", "arguments": [uri] } }),
        );
        let answer = loop {
            let message = editor.receive();
            assert_ne!(message["method"], "window/showDocument", "{message}");
            if message["id"] == 70 {
                break message;
            }
        };
        assert!(answer.get("error").is_some(), "{answer}");
    }
    editor.stop();
}

#[cfg(unix)]
#[test]
fn a_message_that_is_no_json_rpc_is_answered_and_the_server_goes_on() {
    let mut editor = Editor::start();
    for garbage in [
        "Content-Length: 5\r\n\r\n{bad}".to_string(),
        "Content-Length: 2\r\n\r\n[]".to_string(),
        "X-Nothing: 1\r\n\r\n".to_string(),
        // A body with no length runs into the next header: read from it.
        "X-Nothing: 1\r\n\r\n{}".to_string(),
    ] {
        editor
            .input
            .write_all(garbage.as_bytes())
            .and_then(|()| editor.input.flush())
            .unwrap_or_else(|e| panic!("{e}"));
        let answer = editor.receive();
        assert_eq!(answer["error"]["code"], -32700, "{answer}");
        assert_eq!(answer["id"], Value::Null);
    }
    let page = editor.docs.join("ja-JP").join(PAGE);
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(!editor.open(&page, &text).is_empty());
    // `exit` without `shutdown`: exit code 1, as the protocol says.
    editor.notify("exit", Value::Null);
    let status = editor.child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn settings_are_read_again_when_sxsdoc_toml_changes() {
    let mut editor = Editor::start();
    let page = editor.docs.join("de-DE").join(PAGE);
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    let found = editor.open(&page, &text);
    assert!(found.iter().any(|d| d["code"] == "SXS005"), "{found:?}");
    let settings = editor.docs.join("sxsdoc.toml");
    std::fs::write(&settings, "ignore = [\"SXS005\"]\n").unwrap_or_else(|e| panic!("{e}"));
    editor.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&settings), "type": 1 }] }),
    );
    let found = editor.diagnostics(&uri(&page));
    assert!(
        !found.is_empty() && found.iter().all(|d| d["code"] != "SXS005"),
        "{found:?}"
    );
    editor.stop();
}

/// A locale's `toc.yml` open in the editor gets its findings (SXS405) as
/// it is typed, and none once its entry leads to a page again.
#[test]
fn a_toc_is_checked_as_it_is_typed() {
    let mut editor = Editor::start();
    let toc = editor.docs.join("de-DE").join("api-reference/v1.0/toc.yml");
    let good = format!(
        "- name: Trennen\n  href: {}\n",
        PAGE.trim_start_matches("api-reference/v1.0/")
    );
    std::fs::write(&toc, &good).unwrap_or_else(|e| panic!("{e}"));
    // The project is read with the toc in it when a page is opened.
    let page = editor.docs.join("de-DE").join(PAGE);
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    editor.open(&page, &text);
    assert_eq!(editor.open(&toc, &good), Vec::<Value>::new());
    let broken = "- name: Trennen\n  href: api/disconnect.md\n";
    let found = editor.change(&toc, 2, broken);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "SXS405");
    assert_eq!(covered(broken, &found[0]["range"]), "api/disconnect.md");
    assert_eq!(editor.change(&toc, 3, &good), Vec::<Value>::new());
    editor.stop();
}
