//! Extracting a page's API facts from its outline, in either view.

mod scopes;
mod status;

pub use scopes::{compact, parse_scopes};
pub use status::{stated_status, status_line};

use crate::markdown::Locator;
use crate::model::{
    Block, Endpoint, Facts, FrontMatter, Heading, Located, Outline, PermissionRow, View,
};
use std::sync::LazyLock;

/// How a section is recognised: by its English anchor, or failing that by
/// its English heading text.
pub struct SectionName {
    /// Anchors that name the section; one ending in `-` is a prefix
    /// (`http-request-` matches `http-request-to-upload-a-new-file`).
    pub anchors: &'static [&'static str],
    pub titles: &'static [&'static str],
}

pub const PERMISSIONS: SectionName = SectionName {
    anchors: &["permissions", "prerequisites"],
    titles: &["permissions", "prerequisites"],
};
pub const HTTP_REQUEST: SectionName = SectionName {
    anchors: &["http-request", "http-request-"],
    titles: &["http request"],
};
pub const REQUEST_HEADERS: SectionName = SectionName {
    anchors: &["request-headers", "optional-request-headers"],
    titles: &["request headers", "optional request headers"],
};
pub const RESPONSE: SectionName = SectionName {
    anchors: &["response", "responses", "response-"],
    titles: &["response", "responses"],
};
pub const EXAMPLE: SectionName = SectionName {
    anchors: &["example", "examples"],
    titles: &["example", "examples"],
};

/// The HTTP methods a request line starts with.
pub const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// The facts `view` states. `labelled` says the page has segments, so each
/// table row has an English label to name it by. Only an API reference
/// page (see [`is_api_page`]) states endpoints, permissions and response
/// codes; of other pages only the API version is read.
pub fn extract(
    outline: &Outline,
    locator: &Locator<'_>,
    view: View,
    labelled: bool,
    api_page: bool,
) -> Facts {
    if !api_page {
        return Facts {
            api_version: api_version(outline),
            ..Facts::default()
        };
    }
    Facts {
        endpoints: endpoints(outline, locator, view),
        permissions: permissions(outline, view, labelled),
        response_code: response_code(outline, locator, view),
        example_status: example_status(outline),
        api_version: api_version(outline),
    }
}

/// Whether a page is an API reference page, as docfx's page types say:
/// `doc_type: apiPageType` in its front matter; without a `doc_type`, a
/// page with an HTTP request section whose code starts with a method.
/// Resource, concept and overview pages state no endpoint, permission or
/// response code, whatever their headings (a concept page's
/// *Prerequisites* is not a permissions table).
pub fn is_api_page(front_matter: Option<&FrontMatter>, outline: &Outline) -> bool {
    let doc_type = front_matter
        .and_then(|fm| fm.extra.get("doc_type"))
        .and_then(|value| value.as_str());
    match doc_type {
        Some(doc_type) => doc_type.trim().eq_ignore_ascii_case("apiPageType"),
        None => find_section(outline, &HTTP_REQUEST).is_some_and(|blocks| {
            blocks.iter().any(|block| match block {
                Block::Code(code) => code.code.lines().any(|line| {
                    let method = line.split_whitespace().next().unwrap_or("");
                    METHODS.contains(&method)
                }),
                _ => false,
            })
        }),
    }
}

fn matches(heading: &Heading, name: &SectionName) -> bool {
    // Called for every heading of every page: no allocation when ASCII.
    match heading.anchor.as_deref() {
        Some(anchor) if !anchor.is_empty() => {
            name.anchors.iter().any(|a| match a.strip_suffix('-') {
                Some(_) => anchor
                    .get(..a.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(a)),
                None => anchor.eq_ignore_ascii_case(a),
            })
        }
        _ => {
            let title = heading.text.source.trim().trim_end_matches(':');
            if title.is_ascii() {
                name.titles.iter().any(|t| t.eq_ignore_ascii_case(title))
            } else {
                name.titles.contains(&title.to_lowercase().as_str())
            }
        }
    }
}

/// Whether a heading starts a section the facts or the rules read.
pub fn is_fact_section(heading: &Heading) -> bool {
    [&PERMISSIONS, &HTTP_REQUEST, &REQUEST_HEADERS, &RESPONSE]
        .iter()
        .any(|name| matches(heading, name))
}

/// Whether a heading starts an example, whose sections are not the page's.
pub fn is_example_section(heading: &Heading) -> bool {
    matches(heading, &EXAMPLE)
}

/// Every section called `name` that is not inside an example, in order.
pub fn sections<'o>(
    outline: &'o Outline,
    name: &'o SectionName,
) -> impl Iterator<Item = &'o [Block]> {
    let mut example_level: Option<u8> = None;
    outline.headings().filter_map(move |(index, heading)| {
        if heading.tab.is_some() {
            return None;
        }
        if example_level.is_some_and(|level| heading.level <= level) {
            example_level = None;
        }
        if matches(heading, &EXAMPLE) {
            example_level.get_or_insert(heading.level);
            None
        } else if example_level.is_none() && matches(heading, name) {
            Some(outline.section(index))
        } else {
            None
        }
    })
}

/// The first section called `name` that is not inside an example.
pub fn find_section<'o>(outline: &'o Outline, name: &'o SectionName) -> Option<&'o [Block]> {
    sections(outline, name).next()
}

fn endpoints(outline: &Outline, locator: &Locator<'_>, view: View) -> Vec<Endpoint> {
    let mut endpoints = Vec::new();
    // After the request's code block, prose only talks about requests
    // (`Calling GET /x without a type is not supported.`).
    let mut after_request = false;
    for block in sections(outline, &HTTP_REQUEST).flatten() {
        match block {
            Block::Code(code) => {
                let before = endpoints.len();
                // A few pages put the request on the fence line: ```http GET /x
                let info_line = code
                    .info
                    .split_once(char::is_whitespace)
                    .map(|(_, rest)| rest);
                if let Some(endpoint) = info_line.and_then(|line| endpoint(line, code.span.start)) {
                    endpoints.push(endpoint);
                }
                for (start, line) in code.lines() {
                    endpoints.extend(endpoint(line, start));
                }
                after_request |= endpoints.len() > before;
            }
            // Requests written in prose or inline code, or a fence that
            // ended up inside a segment, differ between the two views.
            Block::Paragraph(paragraph) if !after_request => {
                for (method, path) in prose_endpoints(paragraph.text.get(view)) {
                    let span = locator
                        .find(paragraph.span.clone(), path.trim_start_matches('/'), view)
                        .unwrap_or(paragraph.span.clone());
                    endpoints.push(Endpoint {
                        method: method.to_string(),
                        path: path.to_string(),
                        span,
                    });
                }
            }
            _ => {}
        }
    }
    endpoints
}

/// `METHOD /path` mentions in prose: the method as a word, then a path
/// starting with `/` or `http`. Inside backticks the path runs to the
/// closing backtick, elsewhere to the next space.
fn prose_endpoints(text: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let Some((offset, method)) = next_method(text, at) else {
            break;
        };
        at = offset + method.len();
        let before = text[..offset].chars().next_back();
        let in_code = before == Some('`');
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            continue;
        }
        let rest = &text[at..];
        let path_start = rest.len() - rest.trim_start().len();
        let path = &rest[path_start..];
        if !(path.starts_with('/') || path.starts_with("http")) {
            continue;
        }
        let end = if in_code {
            path.find('`').unwrap_or(path.len())
        } else {
            path.find(char::is_whitespace).unwrap_or(path.len())
        };
        let path = path[..end].trim_end_matches(['.', ',', ';', ')']);
        if path.len() > 1 {
            found.push((method, path));
            at += path_start + end;
        }
    }
    found
}

/// The first of [`METHODS`] in `text` at or after byte `from`, and where.
/// (No two methods start at the same byte: their first two letters differ.)
fn next_method(text: &str, from: usize) -> Option<(usize, &'static str)> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find_map(|at| {
        let rest = &bytes[at..];
        METHODS
            .iter()
            .find(|method| rest.starts_with(method.as_bytes()))
            .map(|method| (at, *method))
    })
}

/// `METHOD path` on one line starting at `start`; the path is kept whole,
/// spaces in placeholders and filters included.
fn endpoint(line: &str, start: usize) -> Option<Endpoint> {
    let trimmed = line.trim();
    let (method, path) = trimmed.split_once(char::is_whitespace)?;
    let path = path.trim();
    if !METHODS.contains(&method) || path.is_empty() {
        return None;
    }
    let indent = line.len() - line.trim_start().len();
    Some(Endpoint {
        method: method.to_string(),
        path: path.to_string(),
        span: start + indent..start + indent + trimmed.len(),
    })
}

fn permissions(outline: &Outline, view: View, labelled: bool) -> Vec<PermissionRow> {
    let Some(section) = find_section(outline, &PERMISSIONS) else {
        return Vec::new();
    };
    let Some(table) = section.iter().find_map(Block::table) else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .skip(1)
        .enumerate()
        .filter(|(_, row)| row.len() >= 2)
        .map(|(index, row)| {
            let label = row[0].text.source.trim();
            let permission_type = if labelled && !label.is_empty() {
                label.to_string()
            } else {
                format!("#{}", index + 1)
            };
            let cell_text = row[1].text.get(view).to_string();
            PermissionRow {
                permission_type,
                scopes: parse_scopes(&cell_text),
                cell_text,
                type_text: row[0].text.get(view).to_string(),
                span: row[1].span.clone(),
            }
        })
        .collect()
}

fn response_code(outline: &Outline, locator: &Locator<'_>, view: View) -> Option<Located<u16>> {
    let section = find_section(outline, &RESPONSE)?;
    section.iter().find_map(|block| {
        let Block::Paragraph(paragraph) = block else {
            return None;
        };
        let text = paragraph.text.get(view);
        let (value, at) = stated_status(text)?;
        let digits = &text[at..at + 3];
        let span = locator
            .find(paragraph.span.clone(), digits, view)
            .unwrap_or(paragraph.span.clone());
        Some(Located { value, span })
    })
}

fn example_status(outline: &Outline) -> Option<Located<u16>> {
    outline.blocks.iter().find_map(|block| {
        let Block::Code(code) = block else {
            return None;
        };
        let (start, line) = code.lines().find(|(_, line)| !line.trim().is_empty())?;
        let value = status_line(line)?;
        Some(Located {
            value,
            span: start..start + line.len(),
        })
    })
}

fn api_version(outline: &Outline) -> Option<Located<String>> {
    const HOST: &str = "graph.microsoft.com/";
    // Made once: `str::find` would set up its searcher for every line.
    static FINDER: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(HOST));
    outline.blocks.iter().find_map(|block| {
        let Block::Code(code) = block else {
            return None;
        };
        code.lines().find_map(|(start, line)| {
            let at = FINDER.find(line.as_bytes())? + HOST.len();
            let version: String = line[at..]
                .chars()
                .take_while(|c| !matches!(c, '/' | '?' | ' ' | '"' | '\''))
                .collect();
            (!version.is_empty()).then(|| Located {
                span: start + at..start + at + version.len(),
                value: version,
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_endpoints_in_code_and_text() {
        assert_eq!(
            prose_endpoints("Use `GET /users/{id | userPrincipalName}` or POST/me/events."),
            [
                ("GET", "/users/{id | userPrincipalName}"),
                ("POST", "/me/events")
            ]
        );
        assert_eq!(
            prose_endpoints("'''http GET/Education/Schulen"),
            [("GET", "/Education/Schulen")]
        );
        assert!(prose_endpoints("GET the GETTER to POST it").is_empty());
    }
}
