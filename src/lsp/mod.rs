//! `sxsdoc lsp`: a language server over standard input and output (the
//! `lsp-server` and `lsp-types` crates, as rust-analyzer and ruff use).
//!
//! The open file is checked as the editor holds it, with the rest of its
//! page group (its other locales) read from disk, so every rule applies,
//! the cross-locale ones included: findings on open, change and save;
//! the English source on hover; `sxsdoc fix`'s fixes as code actions;
//! the page's other locales as code lenses. The project is the one the
//! file belongs to (see [`root`]); it is read again when `sxsdoc.toml`
//! changes or a file of the tree comes or goes.

mod answers;
mod convert;
mod hover;
mod position;
mod root;
mod transport;

pub use position::Lines;

use crate::check::ProjectFiles;
use crate::project::{OpenOptions, Project};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as ask, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CodeLensOptions,
    ExecuteCommandOptions, HoverProviderCapability, InitializeParams, PublishDiagnosticsParams,
    SaveOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url,
};
use std::collections::HashMap;
use std::path::PathBuf;

/// Why the language server stopped.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    #[error("{0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the editor closed the connection")]
    Closed,
}

/// Runs the server on standard input and output until the editor says
/// `exit`: `Ok(true)` after a `shutdown`, `Ok(false)` without one (the
/// protocol's exit code 1).
pub fn run() -> Result<bool, LspError> {
    let (connection, transport) = transport::stdio();
    let (id, params) = connection.initialize_start()?;
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "sxsdoc", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    watch_files(&connection, &params);
    let mut server = Server {
        connection: &connection,
        documents: HashMap::new(),
        workspace: workspace_folder(&params),
        root: None,
        dirty: Vec::new(),
        shown: 0,
        reopen: false,
        can_show: params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|s| s.support),
    };
    let clean = server.run()?;
    drop(connection);
    transport.join()?;
    Ok(clean)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(convert::FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![hover::OPEN_LOCALE.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Asks the editor to say when files that change the project change
/// (when it can be asked): the settings, pages, tables of contents.
fn watch_files(connection: &Connection, params: &InitializeParams) {
    let dynamic = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if !dynamic {
        return;
    }
    let watchers = ["**/sxsdoc.toml", "**/*.md", "**/toc.yml", "**/docfx.json"]
        .into_iter()
        .map(|glob| lsp_types::FileSystemWatcher {
            glob_pattern: lsp_types::GlobPattern::String(glob.to_string()),
            kind: None,
        })
        .collect();
    let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
    let registration = lsp_types::Registration {
        id: "sxsdoc-watch".to_string(),
        method: notify::DidChangeWatchedFiles::METHOD.to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    let params = lsp_types::RegistrationParams {
        registrations: vec![registration],
    };
    let request = Request::new(
        RequestId::from("sxsdoc-watch".to_string()),
        ask::RegisterCapability::METHOD.to_string(),
        params,
    );
    let _ = connection.sender.send(request.into());
}

/// The first workspace folder the editor named, if any.
#[allow(deprecated)] // `root_uri`: older editors send only it.
fn workspace_folder(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|f| f.first());
    let uri = folder.map(|f| &f.uri).or(params.root_uri.as_ref())?;
    uri.to_file_path().ok()
}

/// An open file, as the editor holds it.
struct Document {
    text: String,
    version: Option<i32>,
}

struct Server<'c> {
    connection: &'c Connection,
    documents: HashMap<Url, Document>,
    workspace: Option<PathBuf>,
    /// The project's root, once a file of it was opened.
    root: Option<PathBuf>,
    /// Open files whose findings are to be published once the editor's
    /// messages waiting are read (a change superseded by the next one is
    /// never checked).
    dirty: Vec<Url>,
    /// `window/showDocument` requests sent, for their ids.
    shown: u64,
    /// The project is to be read again (a file was saved or changed).
    reopen: bool,
    /// Whether the editor can be asked to show a file.
    can_show: bool,
}

/// What ends a session with one reading of the project.
enum Next {
    /// Read the project again (settings changed, files came or went).
    Reopen,
    /// `exit`, after a `shutdown` (true) or not.
    Exit(bool),
}

impl Server<'_> {
    fn run(&mut self) -> Result<bool, LspError> {
        loop {
            let project = self.root.as_deref().and_then(|root| {
                let options = OpenOptions::default();
                Project::open(root, &options)
                    .map_err(|err| self.tell(&err.to_string()))
                    .ok()
            });
            let files = project.as_ref().map(|p| p.plan.project_files());
            let open = Open {
                project: project.as_ref(),
                files: files.as_ref(),
            };
            // What was found before may have changed with the project.
            self.dirty = self.documents.keys().cloned().collect();
            match self.session(&open)? {
                Next::Reopen => continue,
                Next::Exit(clean) => return Ok(clean),
            }
        }
    }

    /// Answers the editor until the project must be read again.
    fn session(&mut self, open: &Open<'_>) -> Result<Next, LspError> {
        loop {
            if self.connection.receiver.is_empty() {
                // Saves and file changes read the project again once
                // all that came together is read.
                if std::mem::take(&mut self.reopen) {
                    return Ok(Next::Reopen);
                }
                let mut dirty = std::mem::take(&mut self.dirty);
                dirty.sort();
                dirty.dedup();
                // A file closed since has had its findings taken away.
                dirty.retain(|uri| self.documents.contains_key(uri));
                for uri in dirty {
                    self.publish(open, &uri);
                }
            }
            let message = self
                .connection
                .receiver
                .recv()
                .map_err(|_| LspError::Closed)?;
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(Next::Exit(true));
                    }
                    let response = self.answer(open, request);
                    self.send(response.into());
                }
                Message::Notification(notification) => {
                    if let Some(next) = self.notified(open, notification) {
                        return Ok(next);
                    }
                }
                Message::Response(_) => {}
            }
        }
    }

    fn notified(&mut self, open: &Open<'_>, notification: Notification) -> Option<Next> {
        match notification.method.as_str() {
            notify::DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams = params(notification.params)?;
                let document = params.text_document;
                let file = document.uri.to_file_path().ok();
                let known = file.as_ref().is_some_and(|file| {
                    open.project.is_some_and(|p| {
                        p.plan.find(file).is_some() || p.plan.find_toc(file).is_some()
                    })
                });
                // A guess (the workspace, the file's folder) is tried
                // only while no project is open: never walk any folder
                // a stray file is in.
                let document_root = file
                    .filter(|_| !known)
                    .map(|file| root::project_root(&file, self.workspace.as_deref()))
                    .filter(|(_, sure)| *sure || self.root.is_none())
                    .map(|(root, _)| root);
                self.documents.insert(
                    document.uri.clone(),
                    Document {
                        text: document.text,
                        version: Some(document.version),
                    },
                );
                if let Some(root) = document_root.filter(|root| Some(root) != self.root.as_ref()) {
                    // A file of another project, or of none (a note
                    // beside the docs): the project changes only for
                    // one that can be read.
                    match Project::open(&root, &OpenOptions::default()) {
                        Ok(_) => {
                            self.root = Some(root);
                            return Some(Next::Reopen);
                        }
                        Err(err) if self.root.is_none() => self.tell(&err.to_string()),
                        Err(_) => {}
                    }
                }
                self.dirty.push(document.uri);
            }
            notify::DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams = params(notification.params)?;
                let uri = params.text_document.uri;
                // Whole texts only (`TextDocumentSyncKind::FULL`): the last.
                let text = params.content_changes.into_iter().last()?.text;
                self.documents.insert(
                    uri.clone(),
                    Document {
                        text,
                        version: Some(params.text_document.version),
                    },
                );
                // Its other locales' findings depend on it too.
                let mates = self.open_in_group(open, &uri);
                self.dirty.push(uri);
                self.dirty.extend(mates);
            }
            // A saved file may be a new page, the settings, or a page
            // others link to (whose anchors were read from disk): the
            // project is read again.
            notify::DidSaveTextDocument::METHOD => self.reopen = true,
            notify::DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams = params(notification.params)?;
                self.documents.remove(&params.text_document.uri);
                self.send(publish(params.text_document.uri, Vec::new(), None));
            }
            notify::DidChangeWatchedFiles::METHOD => self.reopen = true,
            notify::Exit::METHOD => return Some(Next::Exit(false)),
            _ => {}
        }
        None
    }

    /// A message for the editor's log (`window/logMessage`).
    fn tell(&self, text: &str) {
        let params = lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::WARNING,
            message: format!("sxsdoc: {text}"),
        };
        self.send(Notification::new(notify::LogMessage::METHOD.to_string(), params).into());
    }

    fn send(&self, message: Message) {
        // A closed connection ends the loop at the next receive.
        let _ = self.connection.sender.send(message);
    }
}

/// The project of the open files, as read for this session.
struct Open<'p> {
    project: Option<&'p Project>,
    files: Option<&'p ProjectFiles<'p>>,
}

fn publish(uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) -> Message {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    Notification::new(notify::PublishDiagnostics::METHOD.to_string(), params).into()
}

/// A notification's or request's parameters, as `P`.
fn params<P: serde::de::DeserializeOwned>(params: serde_json::Value) -> Option<P> {
    serde_json::from_value(params).ok()
}

fn invalid(id: RequestId) -> Response {
    Response::new_err(
        id,
        lsp_server::ErrorCode::InvalidParams as i32,
        "invalid parameters".to_string(),
    )
}
