//! Turning byte spans into lines and columns, once, when printing.

use crate::diagnostic::Location;
use crate::model::Page;
use crate::source::{LineIndex, Position};
use crate::tree::Docs;
use std::cell::RefCell;
use std::collections::HashMap;

/// A location as people see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub start: Position,
    pub end: Position,
    /// The text of the start line, without its line ending.
    pub line_text: String,
}

/// Finds a location's page and computes its positions, indexing each
/// page's lines once.
pub struct Resolver<'d> {
    pages: HashMap<(&'d str, &'d str), &'d Page>,
    indexes: RefCell<HashMap<(String, String), LineIndex>>,
}

impl<'d> Resolver<'d> {
    pub fn new(docs: &'d Docs) -> Resolver<'d> {
        Resolver {
            pages: docs
                .pages()
                .map(|page| ((page.locale.as_str(), page.path.as_str()), page))
                .collect(),
            indexes: RefCell::new(HashMap::new()),
        }
    }

    pub fn resolve(&self, location: &Location) -> Resolved {
        let Some(page) = self
            .pages
            .get(&(location.locale.as_str(), location.path.as_str()))
        else {
            let start = Position { line: 1, column: 1 };
            return Resolved {
                start,
                end: start,
                line_text: String::new(),
            };
        };
        let mut indexes = self.indexes.borrow_mut();
        let index = indexes
            .entry((location.locale.clone(), location.path.clone()))
            .or_insert_with(|| LineIndex::new(&page.text));
        let start = index.position(&page.text, location.span.start);
        let end = index.position(&page.text, location.span.end.max(location.span.start));
        Resolved {
            start,
            end,
            line_text: index.line_text(&page.text, start.line).to_string(),
        }
    }
}
