//! The API facts of a page: what a reader relies on and a translation must
//! never change.

use serde::{Serialize, Serializer};
use std::ops::Range;

/// Which text of a page facts are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// What a reader sees: the translations.
    Reader,
    /// The English source: every segment replaced by its source.
    Source,
}

/// A value found at a place in the page. Serializes as the value alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// `METHOD /path` from the HTTP request section. Serializes as that string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub method: String,
    pub path: String,
    pub span: Range<usize>,
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

impl Serialize for Endpoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One row of the permissions table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermissionRow {
    /// The English label (`Application`), or `#N` (the row's position) when
    /// the page has no English source for it.
    #[serde(rename = "type")]
    pub permission_type: String,
    /// Scope identifiers as written; empty for "Not supported."
    pub scopes: Vec<String>,
    /// The scopes cell's text in this view, for messages.
    #[serde(skip)]
    pub cell_text: String,
    /// The type cell's text in this view (`Для приложений`), for display.
    #[serde(skip)]
    pub type_text: String,
    #[serde(skip)]
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    pub endpoints: Vec<Endpoint>,
    pub permissions: Vec<PermissionRow>,
    /// The success code the Response section states.
    pub response_code: Option<Located<u16>>,
    /// The status line of the example response.
    pub example_status: Option<Located<u16>>,
    /// `v1.0` or `beta`, from the example request URL.
    pub api_version: Option<Located<String>>,
}

impl Facts {
    pub fn is_empty(&self) -> bool {
        self.endpoints.is_empty()
            && self.permissions.is_empty()
            && self.response_code.is_none()
            && self.example_status.is_none()
            && self.api_version.is_none()
    }
}
