//! Standard input and output as the server's connection: messages
//! framed by `Content-Length`, read with a bound. A message that is not
//! JSON-RPC gets a parse error (-32700) and the server goes on, where
//! lsp-server's own reader would end the server; one over the bound is
//! skipped without being held; after one without a length, reading
//! starts again at the next `Content-Length` header.

use lsp_server::{Connection, Message};
use std::io::{BufRead, Read, Write};
use std::thread::JoinHandle;

/// The largest message read: a page is at most a few MiB.
const MAX_MESSAGE_BYTES: u64 = 64 << 20;
/// The longest header line read.
const MAX_HEADER_BYTES: u64 = 8 << 10;

/// The reading and the writing thread.
pub struct Transport {
    reader: JoinHandle<()>,
    writer: JoinHandle<std::io::Result<()>>,
}

impl Transport {
    /// Waits for both threads: the reader ends after `exit` (or at the
    /// end of the input), the writer once the connection is dropped.
    pub fn join(self) -> std::io::Result<()> {
        let _ = self.reader.join();
        self.writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writing thread panicked")))
    }
}

pub fn stdio() -> (Connection, Transport) {
    let (to_writer, outgoing) = crossbeam_channel::unbounded::<Message>();
    let writer = std::thread::spawn(move || {
        for message in outgoing {
            let mut stdout = std::io::stdout().lock();
            message.write(&mut stdout)?;
        }
        Ok(())
    });
    // Unbounded: what waits is seen, so that superseded changes are skipped.
    let (incoming, from_reader) = crossbeam_channel::unbounded::<Message>();
    let reader = std::thread::spawn(move || {
        let mut input = std::io::stdin().lock();
        while let Some(read) = read_message(&mut input) {
            match read {
                Ok(message) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if incoming.send(message).is_err() || exit {
                        return;
                    }
                }
                Err(why) => parse_error(&why),
            }
        }
    });
    let connection = Connection {
        sender: to_writer,
        receiver: from_reader,
    };
    (connection, Transport { reader, writer })
}

/// The next message, or why what came is none; `None` at the end of the
/// input.
fn read_message(input: &mut impl BufRead) -> Option<Result<Message, String>> {
    let mut length: Option<u64> = None;
    let mut headers = 0;
    loop {
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_BYTES)
            .read_until(b'\n', &mut line)
            .ok()?;
        if read == 0 {
            return None;
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end();
        if line.is_empty() {
            if headers > 0 {
                break;
            }
            continue;
        }
        headers += 1;
        // Found anywhere in the line: after a message that could not be
        // framed, its body runs into the next one's header, which is
        // where reading finds its feet again.
        let lower = line.to_ascii_lowercase();
        if let Some(at) = lower.rfind("content-length:") {
            length = line[at + "content-length:".len()..].trim().parse().ok();
        }
    }
    let Some(length) = length else {
        return Some(Err("a message without a valid Content-Length".to_string()));
    };
    if length > MAX_MESSAGE_BYTES {
        std::io::copy(&mut input.by_ref().take(length), &mut std::io::sink()).ok()?;
        return Some(Err(format!(
            "a message of {length} bytes, over the limit of {MAX_MESSAGE_BYTES}"
        )));
    }
    let mut body = vec![0; length as usize];
    input.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice::<Message>(&body).map_err(|err| format!("not JSON-RPC: {err}")))
}

/// Answers what could not be read (with no id: none could be read).
fn parse_error(why: &str) {
    let error = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32700, "message": format!("sxsdoc: {why}") },
    });
    let body = error.to_string();
    let mut stdout = std::io::stdout().lock();
    let _ = write!(stdout, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = stdout.flush();
}
