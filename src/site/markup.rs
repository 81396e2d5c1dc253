//! Small pieces of site markup: link targets, heading ids, code blocks
//! and HTTP highlighting, images, callouts.

use super::sanitize::{escape_into, is_safe_url};
use crate::facts::METHODS;
use pulldown_cmark::BlockQuoteKind;
use std::fmt::Write;

/// A link target for the site: unsafe schemes neutralised, links to other
/// Markdown pages pointed at their HTML.
pub fn link_target(url: &str) -> String {
    if !is_safe_url(url) {
        return "#".to_string();
    }
    let is_relative = !url.contains("://") && !url.starts_with("mailto:") && !url.starts_with('#');
    if is_relative {
        let (path, fragment) = match url.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (url, None),
        };
        if let Some(stem) = path.strip_suffix(".md") {
            let mut target = format!("{stem}.html");
            if let Some(fragment) = fragment {
                target.push('#');
                target.push_str(fragment);
            }
            return target;
        }
    }
    url.to_string()
}

/// The end of the text of a link or an image that leads nowhere: why,
/// for screen readers, in the interface's language `lang`.
pub fn unlinked_end(lang: &str, why: &str) -> String {
    let mut end = String::from("<span class=\"sr-only\" lang=\"");
    escape_into(&mut end, lang);
    end.push_str("\"> (");
    escape_into(&mut end, why);
    end.push_str(")</span></span>");
    end
}

/// A fenced or indented code block; `info` is the fence's first word.
/// It scrolls sideways in a region the keyboard can reach.
pub fn code_block(out: &mut String, info: &str, code: &str) {
    let lang = info
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>();
    if lang.is_empty() {
        out.push_str("<pre class=\"code\" tabindex=\"0\"><code>");
    } else {
        let _ = write!(
            out,
            "<pre class=\"code code-{lang}\" data-lang=\"{lang}\" tabindex=\"0\"><code>"
        );
    }
    if lang == "http" {
        highlight_http(out, code);
    } else if !super::highlight::highlight(out, &lang, code) {
        escape_into(out, code);
    }
    out.push_str("</code></pre>\n");
}

/// Marks request lines, status lines and header names of an HTTP block.
/// A JSON body after the head is highlighted as JSON.
pub fn highlight_http(out: &mut String, code: &str) {
    let mut at = 0;
    for line in code.split_inclusive('\n') {
        at += line.len();
        if line.trim().is_empty() && at > line.len() {
            out.push_str(line);
            let rest = code.get(at..).unwrap_or("");
            let is_json = rest.trim_start().starts_with(['{', '[']);
            if !(is_json && super::highlight::highlight(out, "json", rest)) {
                escape_into(out, rest);
            }
            return;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let ending = &line[content.len()..];
        let first = content.split_whitespace().next().unwrap_or("");
        if METHODS.contains(&first) {
            let rest = &content[content.find(first).unwrap_or(0) + first.len()..];
            let _ = write!(
                out,
                "<span class=\"http-method\">{first}</span><span class=\"http-url\">"
            );
            escape_into(out, rest);
            out.push_str("</span>");
        } else if content.starts_with("HTTP/") {
            out.push_str("<span class=\"http-status\">");
            escape_into(out, content);
            out.push_str("</span>");
        } else if let Some((name, value)) = content.split_once(':').filter(|(name, _)| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }) {
            out.push_str("<span class=\"http-header\">");
            escape_into(out, name);
            out.push_str("</span>:");
            escape_into(out, value);
        } else {
            escape_into(out, content);
        }
        out.push_str(ending);
    }
}

/// A Markdown image whose `src` is safe (see [`is_safe_url`]).
pub fn image(out: &mut String, alt: &str, src: &str, title: &str) {
    // An image on another host would make every reader's browser call
    // it (a tracker can count them): it is linked to, never loaded.
    if is_remote(src) {
        out.push_str("<a class=\"remote-image\" href=\"");
        escape_into(out, src);
        out.push_str("\" rel=\"noopener noreferrer\">");
        let label = if alt.trim().is_empty() { src } else { alt };
        escape_into(out, label);
        out.push_str("</a>");
        return;
    }
    out.push_str("<img src=\"");
    escape_into(out, src);
    out.push_str("\" alt=\"");
    escape_into(out, alt);
    out.push('"');
    if !title.is_empty() {
        out.push_str(" title=\"");
        escape_into(out, title);
        out.push('"');
    }
    out.push_str(" loading=\"lazy\">");
}

/// Whether `url` names another host: it has a scheme, or starts with
/// `//` (the page's scheme, another host), or a backslash browsers read
/// as a slash.
fn is_remote(url: &str) -> bool {
    // Read as a browser does (the WHATWG URL parser): leading controls
    // and spaces go, tabs and line breaks anywhere are removed, and a
    // backslash is a slash: `/<TAB>/host` is `//host`.
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    if url.starts_with("//") {
        return true;
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    scheme_end.is_some_and(|end| url.as_bytes().get(end) == Some(&b':'))
}

/// Opens the box of a GitHub alert (`> [!NOTE]`) with its title, in the
/// language `lang` (the page's interface; see `Labels::callout`).
pub fn callout_open(out: &mut String, kind: BlockQuoteKind, (lang, title): (&str, &str)) {
    let class = match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    };
    let _ = write!(
        out,
        "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\" lang=\""
    );
    escape_into(out, lang);
    out.push_str("\">");
    escape_into(out, title);
    out.push_str("</p>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> String {
        super::super::render(text, &super::super::Standalone).html
    }

    #[test]
    fn http_blocks_are_marked_up() {
        let out = html(
            "```http\nPOST /me/x\nHTTP/1.1 204 No Content\nContent-Type: application/json\n```\n",
        );
        assert!(
            out.contains("<span class=\"http-method\">POST</span>"),
            "{out}"
        );
        assert!(out.contains("<span class=\"http-status\">HTTP/1.1 204 No Content</span>"));
        assert!(out.contains("<span class=\"http-header\">Content-Type</span>:"));
    }

    #[test]
    fn an_http_json_body_is_json() {
        let out =
            html("```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"id\": 1}\n```\n");
        assert!(
            out.contains(
                "<span class=\"hl-p\">&quot;id&quot;</span>: <span class=\"hl-n\">1</span>"
            ),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"http-header\">Content-Type</span>"),
            "{out}"
        );
    }

    #[test]
    fn links_to_pages_point_at_html() {
        assert_eq!(
            link_target("../resources/user.md#props"),
            "../resources/user.html#props"
        );
        assert_eq!(link_target("https://x.org/a.md"), "https://x.org/a.md");
        assert_eq!(link_target("javascript:x"), "#");
    }
}
