//! Answering the browser: files of the built site and nothing else, the
//! live-reload script injected into every HTML page, and the event
//! stream it listens to (see [`super::live`]).

use super::live::{Live, EVENTS_PATH, SCRIPT_PATH};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::io::Read;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The site being served: its folder (links resolved) and who may ask.
pub struct Site {
    /// Canonical: every file served resolves to a path under it.
    pub folder: PathBuf,
    /// Listening on a loopback address, only requests naming this
    /// machine (`localhost`, `127.0.0.1`, `[::1]`) are answered: another
    /// name is a page elsewhere reaching the server through DNS
    /// rebinding.
    pub loopback: bool,
}

/// Answers `request`; a broken connection is the browser's business.
pub fn answer(request: Request, site: &Site, live: &Live) {
    if site.loopback && !names_this_machine(&request) {
        let _ = request.respond(text(
            403,
            "sxsdoc serve answers only requests for localhost\n",
        ));
        return;
    }
    // tiny_http sends no body to a HEAD, with the length a GET gets.
    match request.method() {
        Method::Get | Method::Head => {}
        _ => {
            let _ = request.respond(with(
                text(405, "sxsdoc serve only reads\n"),
                "Allow",
                "GET, HEAD",
            ));
            return;
        }
    }
    let path = request.url().split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        live.subscribe(request.into_writer());
        return;
    }
    let response = match path {
        SCRIPT_PATH => Reply::Page(super::live::SCRIPT.as_bytes().to_vec(), "live.js".into()),
        _ => reply(site, path),
    };
    let response = match response {
        Reply::Page(mut bytes, name) => {
            if name.ends_with(".html") {
                bytes = with_live_script(bytes);
            }
            let response = Response::from_data(bytes);
            with(response, "Content-Type", content_type(&name)).boxed()
        }
        // Streamed (images, the search index), never held whole.
        Reply::File(file, name) => with(
            Response::from_file(file),
            "Content-Type",
            content_type(&name),
        )
        .boxed(),
        Reply::Redirect(to) => with(text(301, ""), "Location", &to).boxed(),
        Reply::Missing(page) => with(
            Response::from_data(with_live_script(page)).with_status_code(StatusCode(404)),
            "Content-Type",
            "text/html; charset=utf-8",
        )
        .boxed(),
    };
    let response = with(response, "Cache-Control", "no-store");
    let response = with(response, "X-Content-Type-Options", "nosniff");
    let _ = request.respond(response);
}

/// What a path of the site gets.
enum Reply {
    /// A page's bytes (the script is put in), and its name (for its type).
    Page(Vec<u8>, String),
    /// Any other file, and its name.
    File(std::fs::File, String),
    /// A folder named without its `/`: relative links need it.
    Redirect(String),
    /// The site's 404 page (or a plain one before the first build).
    Missing(Vec<u8>),
}

fn reply(site: &Site, path: &str) -> Reply {
    let file = match resolve(&site.folder, path) {
        Resolved::File(file) => file,
        Resolved::Folder(url) => return Reply::Redirect(url),
        Resolved::Nothing => return missing(site),
    };
    let name = file.to_string_lossy().into_owned();
    if name.ends_with(".html") {
        return read(&file).map_or_else(|| missing(site), |bytes| Reply::Page(bytes, name));
    }
    match std::fs::File::open(&file) {
        Ok(opened) => Reply::File(opened, name),
        Err(_) => missing(site),
    }
}

fn missing(site: &Site) -> Reply {
    let page = read(&site.folder.join("404.html")).unwrap_or_else(|| {
        b"<!doctype html><title>Not found</title><body><p>Not found (the site may still be building).</p></body>"
            .to_vec()
    });
    Reply::Missing(page)
}

/// Reads a file of the site, of a size any page of it has.
fn read(file: &Path) -> Option<Vec<u8>> {
    const MAX_BYTES: u64 = 256 << 20;
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_BYTES).read_to_end(&mut bytes))
        .ok()?;
    Some(bytes)
}

/// What a path part keeps as it is in a redirect's `Location`.
const NOT_PLAIN: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

/// What a request path names in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder with an `index.html`, named without the final `/`: the
    /// path to send the browser to (a path of this site, never `//host`).
    Folder(String),
    Nothing,
}

/// The file of the site at `folder` (canonical) that the request path
/// `path` names: percent-decoded, each part a plain name (no `.`, `..`,
/// hidden file, `\` or NUL), a folder's `index.html`, and only if the
/// file, links resolved, is inside the site (Zola's CVE-2023-40274 was
/// a `..` that got through decoded).
pub fn resolve(folder: &Path, path: &str) -> Resolved {
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Resolved::Nothing;
    };
    let mut file = folder.to_path_buf();
    for part in decoded.split('/').filter(|part| !part.is_empty()) {
        if part.starts_with('.') || part.contains(['\\', '\0']) || part.contains(':') {
            return Resolved::Nothing;
        }
        file.push(part);
    }
    let inside = |file: &Path| {
        file.canonicalize()
            .ok()
            .filter(|real| real.starts_with(folder) && real.is_file())
    };
    match std::fs::metadata(&file) {
        Ok(metadata) if metadata.is_dir() => match inside(&file.join("index.html")) {
            Some(index) if decoded.ends_with('/') || decoded.is_empty() => Resolved::File(index),
            Some(_) => {
                let parts = decoded.split('/').filter(|part| !part.is_empty());
                let encoded = parts.map(|part| utf8_percent_encode(part, NOT_PLAIN).to_string());
                Resolved::Folder(format!("/{}/", encoded.collect::<Vec<_>>().join("/")))
            }
            None => Resolved::Nothing,
        },
        Ok(_) => inside(&file).map_or(Resolved::Nothing, Resolved::File),
        Err(_) => Resolved::Nothing,
    }
}

/// The page with the live-reload script before its `</body>` (or at its
/// end).
fn with_live_script(mut page: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let at = memchr::memmem::rfind(&page, b"</body>").unwrap_or(page.len());
    page.splice(at..at, tag.bytes());
    page
}

/// Whether the request's `Host` names this machine.
fn names_this_machine(request: &Request) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str())
    else {
        // HTTP/1.0 has none: nothing to rebind.
        return true;
    };
    is_loopback_host(host)
}

/// `localhost`, `127.0.0.1:8000`, `[::1]:8000`...
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let response = Response::from_string(body).with_status_code(StatusCode(status));
    with(response, "Content-Type", "text/plain; charset=utf-8")
}

/// `response` with the header `name: value`; one that is not ASCII (a
/// request's path in a `Location`) is left out.
fn with<R: Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}
