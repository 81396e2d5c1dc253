//! `sxsdoc serve`: the site built into a temporary folder (or `-o`),
//! served over HTTP on this machine, built again whenever a file of the
//! project changes (only what the change touches: the build cache), and
//! every open page reloaded (see [`live`]), with the errors of the pages
//! saved shown over it. As `zola serve` does, a change re-reads the
//! project (so pages, includes and toc entries may come and go) and a
//! failure is shown, not fatal: the server keeps the last site.

mod http;
mod live;
mod session;
mod watch;

pub use http::{is_loopback_host, resolve, Resolved};
pub use live::Problem;

use crate::diagnostic::Diagnostic;
use crate::pipeline::Built;
use crate::project::{OpenError, OpenOptions, Project};
use crate::site::{check_output, BuildOptions};
use http::Site;
use live::Live;
use session::Session;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use watch::{Wake, Watching};

/// What `sxsdoc serve` was asked.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The docs root.
    pub root: PathBuf,
    pub open: OpenOptions,
    /// The build's options; its `output` is where the site goes when
    /// `keep_output`, and ignored otherwise (a temporary folder, removed
    /// when the server stops).
    pub site: BuildOptions,
    pub keep_output: bool,
    pub address: SocketAddr,
}

/// Why the server could not start (once started, it reports and goes
/// on).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot make a temporary folder for the site: {0}")]
    Temporary(std::io::Error),
    #[error("cannot make the site's folder `{}`: {source}", .path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot listen on {address}: {why} (another server there? try `--port`)")]
    Listen { address: SocketAddr, why: String },
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Output(#[from] crate::site::OutputError),
    #[error("cannot handle Ctrl-C: {0}")]
    Signal(String),
}

/// What the server tells its user, as it happens.
pub enum Progress<'a> {
    /// Serving the site in `folder` at `address`.
    Listening {
        address: SocketAddr,
        folder: &'a Path,
    },
    /// A build, the first or after a change.
    Built {
        /// The files that changed (none for the first build).
        changed: &'a [PathBuf],
        outcome: Result<&'a Built, &'a str>,
        took: Duration,
        /// The findings of the changed pages.
        findings: &'a [Diagnostic],
    },
    /// The watcher said something went wrong; it goes on.
    WatchFailed(&'a str),
    /// What the project's reading and build say (a toc left out, a page
    /// not built), when it changed.
    Notes(&'a [String]),
}

/// The most requests answered at once.
const MAX_ANSWERING: usize = 64;

/// Builds and serves the site until Ctrl-C (or a termination signal).
pub fn serve(
    options: &ServeOptions,
    report: &mut dyn FnMut(Progress<'_>),
) -> Result<(), ServeError> {
    // A project that cannot be read at all is the user's mistake (a
    // wrong folder); later, it is a page being edited.
    let project = Project::open(&options.root, &options.open)?;
    let temporary = match options.keep_output {
        true => None,
        false => Some(
            tempfile::Builder::new()
                .prefix("sxsdoc-serve-")
                .tempdir()
                .map_err(ServeError::Temporary)?,
        ),
    };
    let output = match &temporary {
        Some(folder) => folder.path().join("site"),
        None => options.site.output.clone(),
    };
    let output = std::path::absolute(&output).unwrap_or(output);
    // Never the docs (served, they would be the pages' sources), never
    // a folder sxsdoc did not make: refused before anything is served.
    check_output(&project.plan.root, &output, options.site.force)?;
    let (wake_sender, wake) = std::sync::mpsc::channel();
    let stop = wake_sender.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Wake::Stop);
    })
    .map_err(|err| ServeError::Signal(err.to_string()))?;

    // Listening first: a port in use is said at once, and a page asked
    // for during the first build reloads when it is done.
    std::fs::create_dir_all(&output).map_err(|source| ServeError::Create {
        path: output.clone(),
        source,
    })?;
    let site = Arc::new(Site {
        folder: output.canonicalize().unwrap_or(output.clone()),
        loopback: options.address.ip().is_loopback(),
    });
    let server = tiny_http::Server::http(options.address).map_err(|err| ServeError::Listen {
        address: options.address,
        why: err.to_string(),
    })?;
    let server = Arc::new(server);
    let address = server.server_addr().to_ip().unwrap_or(options.address);
    let live = Arc::new(Live::default());
    let answering = {
        let (server, live) = (Arc::clone(&server), Arc::clone(&live));
        std::thread::spawn(move || {
            // A thread a request, up to a bound: more at once are told
            // to come back (a page asks for a handful of files).
            let answering = Arc::new(AtomicUsize::new(0));
            for request in server.incoming_requests() {
                if answering.fetch_add(1, Ordering::SeqCst) >= MAX_ANSWERING {
                    answering.fetch_sub(1, Ordering::SeqCst);
                    let busy = tiny_http::Response::empty(503);
                    let _ = request.respond(busy);
                    continue;
                }
                let (site, live, answering) =
                    (Arc::clone(&site), Arc::clone(&live), Arc::clone(&answering));
                std::thread::spawn(move || {
                    http::answer(request, &site, &live);
                    answering.fetch_sub(1, Ordering::SeqCst);
                });
            }
        })
    };
    let watching = Watching {
        wake: wake_sender,
        ignored: output.clone(),
        templates: options.site.templates.clone(),
        config: options.open.config.clone(),
    };
    let mut session = Session::new(options, &output, live, watching);
    let listening = Progress::Listening {
        address,
        folder: &output,
    };
    let followed = session.follow(project, &wake, listening, report);
    server.unblock();
    let _ = answering.join();
    drop(temporary);
    followed
}
