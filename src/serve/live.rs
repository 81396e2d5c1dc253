//! Live reload: every open page holds an event stream (server-sent
//! events); after each rebuild the server sends one `build` event, and
//! the page reloads where it was scrolled to. A page that connects is
//! told the problems of the pages saved since the server started, which
//! it shows over the site.

use serde::Serialize;
use std::io::Write;
use std::sync::mpsc::{RecvTimeoutError, SyncSender};
use std::sync::Mutex;

/// Where the pages' script is served, and its event stream.
pub const SCRIPT_PATH: &str = "/__sxsdoc/live.js";
pub const EVENTS_PATH: &str = "/__sxsdoc/events";

/// The script every served HTML page gets.
pub const SCRIPT: &str = include_str!("../../templates/live.js");

/// The most pages that may listen at once; the next ones get no live
/// reload (each holds a connection and a thread).
const MAX_LISTENERS: usize = 64;

/// How many messages may wait for a page.
const WAITING: usize = 4;

/// How often a page that heard nothing is sent a comment.
const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(15);

/// A finding to show over the site: where, and what.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// As `check` shows it: `docs/de-DE/api/user-get.md`.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub code: String,
    pub severity: String,
    pub message: String,
}

/// What the open pages are told.
#[derive(Debug, Clone, Default, Serialize)]
pub struct State {
    /// Rebuilds so far: a page that reconnects to a later one missed a
    /// rebuild and reloads.
    pub build: u64,
    /// Of the pages saved since the server started, sorted.
    pub problems: Vec<Problem>,
    /// Why the last rebuild failed, if it did.
    pub error: Option<String>,
}

/// The open pages' event streams and what they were last told.
#[derive(Default)]
pub struct Live {
    inner: Mutex<Listeners>,
}

#[derive(Default)]
struct Listeners {
    /// Each open page's stream is written by a thread of its own, so a
    /// page that stopped reading holds up no other and no rebuild; what
    /// waits for it is bounded, and a page that many messages behind is
    /// let go (it reconnects when it reads again).
    streams: Vec<SyncSender<String>>,
    state: State,
}

impl Live {
    /// Starts the event stream of a page on `stream` (the request's raw
    /// connection), with the state as it is.
    pub fn subscribe(&self, mut stream: Box<dyn Write + Send>) {
        let mut listeners = self.lock();
        if listeners.streams.len() >= MAX_LISTENERS {
            // Pages closed since the last rebuild: their threads are gone.
            listeners
                .streams
                .retain(|stream| stream.try_send(String::new()).is_ok());
        }
        if listeners.streams.len() >= MAX_LISTENERS {
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return;
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        let hello = event("hello", &listeners.state);
        let (send, events) = std::sync::mpsc::sync_channel::<String>(WAITING);
        let _ = send.try_send(format!("{head}{hello}"));
        listeners.streams.push(send);
        std::thread::spawn(move || loop {
            // A comment now and then finds a page that was closed.
            let message = match events.recv_timeout(KEEP_ALIVE) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            let written = stream
                .write_all(message.as_bytes())
                .and_then(|()| stream.flush());
            if written.is_err() {
                return;
            }
        });
    }

    /// Tells every open page about a rebuild (they reload); a page that
    /// was closed is forgotten.
    pub fn rebuilt(&self, problems: Vec<Problem>, error: Option<String>) {
        let mut listeners = self.lock();
        let state = &mut listeners.state;
        state.build += 1;
        state.problems = problems;
        state.error = error;
        let message = event("build", state);
        // A stream whose thread ended (the page closed) takes no more.
        listeners
            .streams
            .retain(|stream| stream.try_send(message.clone()).is_ok());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Listeners> {
        // A thread that panicked holding it left whole values behind.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One server-sent event: its name and the state as JSON (one line).
fn event(name: &str, state: &State) -> String {
    let data = serde_json::to_string(state).unwrap_or_else(|_| "{}".to_string());
    format!("event: {name}\ndata: {data}\n\n")
}
