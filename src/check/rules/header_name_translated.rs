//! SXS005: an HTTP header name translated in the request headers table.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::facts::sections;
use crate::markdown::Locator;
use crate::model::{Block, Cell, Page, View};

pub const RULE: Rule = Rule {
    code: "SXS005",
    name: "header-name-translated",
    severity: Severity::Warning,
    summary: "a header name in the request headers table was translated",
    doc: r#"## What it does
Checks the first column of the *Request headers* tables (whose first
column the English heads `Header` or `Name`): each name must be the
HTTP header name of the English source (letter case may differ).
On a page without source spans, a name that is not an HTTP header token
at all is reported, with the English name other locales give.

## Fix
Safe: the translated name is replaced by the English name of the
page's own source span (`Annehmen` → `Accept`). On a page without
spans, the name other locales' English gives is an unsafe fix.

## Why is this bad
Header names are protocol identifiers. A reader who sends `Annehmen:
application/json` or `Авторизация: Bearer …` gets a 401 or the wrong
content type.

## Example
```markdown
|<span data-ttu-id="1">Annehmen</span><span class="sxs-lookup"><span data-stu-id="1">Accept</span></span>|application/json|
```
Use instead: `Accept`."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let reference = group.reference();
    let reference_names: Vec<String> = reference
        .map(|page| {
            header_cells(page)
                .map(|cell| name(&cell.text.source).to_string())
                .collect()
        })
        .unwrap_or_default();
    for page in group.pages {
        let locator = Locator::new(&page.text, &page.segments);
        for (row, cell) in header_cells(page).enumerate() {
            let shown = shown_name(&cell.text.reader);
            let (english, finding) = if page.has_segments() {
                let english = name(&cell.text.source);
                let translated = is_header_name(english) && !shown.eq_ignore_ascii_case(english);
                (Some(english.to_string()), translated)
            } else {
                let english = reference_names.get(row).filter(|name| is_header_name(name));
                let finding = match english {
                    Some(english) => !shown.eq_ignore_ascii_case(english),
                    None => !shown.is_empty() && !is_header_name(shown),
                };
                (english.cloned(), finding)
            };
            if !finding {
                continue;
            }
            let span = locator
                .pieces(cell.span.clone(), View::Reader)
                .find(|r| !page.text[r.clone()].trim().trim_matches('|').is_empty())
                .unwrap_or(cell.span.clone());
            let message = match &english {
                Some(english) if !english.is_empty() => {
                    format!("header name `{english}` is translated as `{shown}`")
                }
                _ => format!("`{shown}` is not an HTTP header name"),
            };
            let mut diagnostic = rule.at(page, span, message);
            diagnostic.notes.push(
                "help: HTTP header names are never translated; keep the English name".to_string(),
            );
            if !page.has_segments() {
                if let (Some(reference), Some(english)) = (reference, &english) {
                    diagnostic.notes.push(format!(
                        "note: {}'s English source names this header `{english}`",
                        reference.locale
                    ));
                }
            }
            // The English name in place of what the translation shows:
            // proved by the page's own source span, or (a page without
            // spans) only by another locale's.
            let edit = english
                .as_deref()
                .filter(|english| is_header_name(english))
                .zip(locator.find(cell.span.clone(), shown, View::Reader))
                .map(|(english, span)| Edit {
                    span,
                    replacement: english.to_string(),
                });
            diagnostic.fix = edit.map(|edit| match page.has_segments() {
                true => Fix::safe(vec![edit]),
                false => Fix::unsafe_(vec![edit]),
            });
            diagnostic.pattern = format!("{} → {shown}", english.as_deref().unwrap_or("?"));
            diagnostic.key = format!("{}|{shown}", english.unwrap_or_default());
            out.push(diagnostic);
        }
    }
}

/// The first cell of every body row of the request headers tables: a
/// table under a request headers heading whose first column is headed
/// as one of names (`Header`, `Name`), in English, not one that holds
/// something else (permission rows put there by mistake).
fn header_cells(page: &Page) -> impl Iterator<Item = &Cell> {
    sections(&page.outline, &crate::facts::REQUEST_HEADERS)
        .filter_map(|blocks| blocks.iter().find_map(Block::table))
        .filter(|table| {
            // A plain translation has no English heading to read.
            if !page.has_segments() {
                return true;
            }
            let heading = table
                .rows
                .first()
                .and_then(|row| row.first())
                .map_or("", |cell| cell.text.source.as_str())
                .to_ascii_lowercase();
            heading.contains("header") || heading.contains("name")
        })
        .flat_map(|table| table.rows.iter().skip(1))
        .filter_map(|row| row.first())
}

/// What a cell shows as its header name: up to a `:` (`Prefer:
/// return=minimal`), else the whole cell, so a name translated into
/// words (`Tipo de contenido`) is quoted whole.
fn shown_name(cell: &str) -> &str {
    let cell = cell.trim().trim_matches('`').trim();
    cell.split(':').next().unwrap_or(cell).trim()
}

/// The header name in a cell: `Prefer: return=minimal` → `Prefer`.
fn name(cell: &str) -> &str {
    let cell = cell.trim().trim_matches('`').trim();
    let end = cell.find([':', ' ']).unwrap_or(cell.len());
    &cell[..end]
}

/// An HTTP header field name token (RFC 9110), as docs write them.
fn is_header_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && text.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(name("Prefer: return=minimal"), "Prefer");
        assert_eq!(name(" `Content-Type` "), "Content-Type");
        assert_eq!(shown_name("Tipo de contenido"), "Tipo de contenido");
        assert_eq!(shown_name("`Prefer: return=minimal`"), "Prefer");
        assert!(is_header_name("If-Match"));
        assert!(!is_header_name("Autorização"));
        assert!(!is_header_name("承諾"));
    }
}
