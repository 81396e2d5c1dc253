//! The editor's requests: hover, code actions, code lenses, commands;
//! and the findings published for an open file.

use super::{convert, hover, invalid, params, publish, Lines, Open, Server};
use crate::project::FileCheck;
use lsp_server::{Request, RequestId, Response};
use lsp_types::request::{self as ask, Request as _};
use lsp_types::{CodeActionKind, ShowDocumentParams, Url};

impl Server<'_> {
    pub(super) fn answer(&mut self, open: &Open<'_>, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            ask::HoverRequest::METHOD => {
                let Some(params) = params::<lsp_types::HoverParams>(request.params) else {
                    return invalid(id);
                };
                let at = params.text_document_position_params;
                serde_json::to_value(self.checked(open, &at.text_document.uri).and_then(
                    |checked| {
                        let text = &checked.group.pages[checked.page].text;
                        hover::hover(
                            &checked.group,
                            checked.page,
                            Lines::new(text).offset(at.position),
                        )
                    },
                ))
            }
            ask::CodeActionRequest::METHOD => {
                let Some(params) = params::<lsp_types::CodeActionParams>(request.params) else {
                    return invalid(id);
                };
                serde_json::to_value(self.code_actions(open, &params))
            }
            ask::CodeLensRequest::METHOD => {
                let Some(params) = params::<lsp_types::CodeLensParams>(request.params) else {
                    return invalid(id);
                };
                let lenses = self
                    .checked(open, &params.text_document.uri)
                    .filter(|_| self.can_show)
                    .map(|checked| hover::locale_lenses(&checked.group, checked.page));
                serde_json::to_value(lenses)
            }
            ask::ExecuteCommand::METHOD => {
                let Some(params) = params::<lsp_types::ExecuteCommandParams>(request.params) else {
                    return invalid(id);
                };
                if !self.execute(open, &params) {
                    return invalid(id);
                }
                Ok(serde_json::Value::Null)
            }
            _ => {
                return Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("sxsdoc does not answer `{}`", request.method),
                )
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(err) => Response::new_err(
                id,
                lsp_server::ErrorCode::InternalError as i32,
                err.to_string(),
            ),
        }
    }

    fn code_actions(
        &self,
        open: &Open<'_>,
        params: &lsp_types::CodeActionParams,
    ) -> Option<Vec<lsp_types::CodeAction>> {
        let uri = &params.text_document.uri;
        let checked = self.checked(open, uri)?;
        let text = &checked.group.pages[checked.page].text;
        let lines = Lines::new(text);
        let (start, end) = (
            lines.offset(params.range.start),
            lines.offset(params.range.end),
        );
        let at: Vec<usize> = checked
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.location.span.start <= end && start <= d.location.span.end)
            .map(|(n, _)| n)
            .collect();
        let only = params.context.only.as_ref();
        let fix_all =
            only.is_none_or(|kinds| kinds.iter().any(|k| covers(k.as_str(), convert::FIX_ALL)));
        let quick = only.is_none_or(|kinds| kinds.contains(&CodeActionKind::QUICKFIX));
        let at = if quick { at } else { Vec::new() };
        Some(convert::code_actions(
            uri,
            &checked.group,
            checked.page,
            &checked.diagnostics,
            &at,
            fix_all,
        ))
    }

    /// `sxsdoc.openLocale URI`: asks the editor to show that file, a
    /// page of the project (nothing else: the command comes from the
    /// editor, and a lens could be forged). False for anything else.
    fn execute(&mut self, open: &Open<'_>, params: &lsp_types::ExecuteCommandParams) -> bool {
        if params.command != hover::OPEN_LOCALE || !self.can_show {
            return false;
        }
        let uri = params
            .arguments
            .first()
            .and_then(|a| a.as_str())
            .and_then(|a| Url::parse(a).ok());
        let Some(uri) = uri.filter(|uri| {
            let path = uri.to_file_path().ok();
            path.is_some_and(|path| open.project.is_some_and(|p| p.plan.find(&path).is_some()))
        }) else {
            return false;
        };
        let show = ShowDocumentParams {
            uri,
            external: Some(false),
            take_focus: Some(true),
            selection: None,
        };
        self.shown += 1;
        let id = RequestId::from(format!("sxsdoc-show-{}", self.shown));
        self.send(Request::new(id, ask::ShowDocument::METHOD.to_string(), show).into());
        true
    }

    /// The open file's check, as the editor holds it (or as saved, when
    /// the editor has not sent it).
    fn checked(&self, open: &Open<'_>, uri: &Url) -> Option<FileCheck> {
        let (project, files) = (open.project?, open.files?);
        let path = uri.to_file_path().ok()?;
        // Every open file of the group as the editor holds it.
        let text_of = |file: &std::path::Path| {
            let uri = Url::from_file_path(file).ok()?;
            self.documents.get(&uri).map(|d| d.text.as_str())
        };
        project.check_file_with(&path, &text_of, files)?.ok()
    }

    pub(super) fn publish(&self, open: &Open<'_>, uri: &Url) {
        let document = self.documents.get(uri);
        let version = document.and_then(|d| d.version);
        let diagnostics = match self.checked(open, uri) {
            Some(checked) => checked
                .diagnostics
                .iter()
                .map(|d| convert::diagnostic(d, &checked.group, checked.page))
                .collect(),
            // A toc of the project, as the editor holds it.
            None => match (open.project, open.files, uri.to_file_path(), document) {
                (Some(project), Some(files), Ok(path), Some(document)) => project
                    .check_toc_file(&path, Some(&document.text), files)
                    .and_then(Result::ok)
                    .unwrap_or_default()
                    .iter()
                    .map(|d| convert::diagnostic_in(d, &document.text))
                    .collect(),
                _ => Vec::new(),
            },
        };
        self.send(publish(uri.clone(), diagnostics, version));
    }

    /// The open files of the page group of `uri` but itself: their
    /// findings change with it.
    pub(super) fn open_in_group(&self, open: &Open<'_>, uri: &Url) -> Vec<Url> {
        let found = uri
            .to_file_path()
            .ok()
            .and_then(|path| open.project?.plan.find(&path).map(|(group, _)| group));
        let Some(group) = found else {
            return Vec::new();
        };
        group
            .files
            .iter()
            .filter_map(|file| Url::from_file_path(file.fs_path()).ok())
            .filter(|mate| mate != uri && self.documents.contains_key(mate))
            .collect()
    }
}

/// Whether the code action kind `asked` covers `kind`: itself or one of
/// its parents by whole parts (`source` and `source.fixAll` cover
/// `source.fixAll.sxsdoc`; `sour` does not).
fn covers(asked: &str, kind: &str) -> bool {
    kind == asked
        || kind
            .strip_prefix(asked)
            .is_some_and(|rest| rest.starts_with('.'))
}
