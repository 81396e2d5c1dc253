//! SXS405: a `toc.yml` that does not read, or an entry of it that leads
//! to no page of its locale.

use crate::check::links::{follow, Followed};
use crate::check::{Rule, Scope, Toc};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{TocError, TocNode};
use crate::source::offset_in;
use std::collections::{HashMap, VecDeque};
use std::ops::Range;

pub const RULE: Rule = Rule {
    code: "SXS405",
    name: "broken-toc",
    severity: Severity::Warning,
    summary: "a `toc.yml` that does not read, or an entry that leads to no page of its locale",
    doc: r#"## What it does
Reads each locale's tables of contents (`toc.yml`) as docfx does and follows every entry's `href` to a page of the
same locale, the way links in pages are followed (see `broken-link`):
relative to the toc's folder, docset-rooted (`~/`) or site-absolute under
the docset's base path. Its page, not an `#anchor` (docfx does not check
those either). An entry whose page this locale does not have
is reported at its `href`; so is a toc that is not YAML, or not a table
of contents, at the line and column where reading it stopped.

Not followed: entries that lead to other sites, to folders or to other
tocs, to landing pages (`index.yml`), and `topicHref`/`tocHref`; nor the
entries of breadcrumb tocs (`breadcrumb/toc.yml`), which name docsets,
though one that does not read is reported.

## Fix
No automatic fix: point the `href` at a page this locale has, hand the
page off with the toc, or remove the entry.

## Why is this bad
docfx warns about the entry and Microsoft Learn's navigation shows its
name without a page: a reader of this locale who picks it goes nowhere.
A toc that does not read leaves the whole locale without navigation.

## Example
```yaml
- name: Получить пользователя
  href: api/user-get.md
```
where this locale has no `api/user-get.md` (renamed to
`api/user-get-profile.md` in the English, and the toc handed off before
the page)."#,
    scope: Scope::Toc(check),
};

fn check(toc: &Toc<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let entries = match toc.entries {
        Ok(entries) => entries,
        Err(err) => {
            let (span, message) = match err {
                TocError::Yaml {
                    offset, message, ..
                } => (*offset..*offset, message.clone()),
                // Its path is the finding's.
                TocError::File(err) => (0..0, err.what()),
            };
            let mut diagnostic =
                rule.at_toc(toc, span, format!("this toc does not read: {message}"));
            diagnostic.key = "toc".to_string();
            out.push(diagnostic);
            return;
        }
    };
    if toc.file.is_breadcrumb() {
        return;
    }
    let mut spans = href_spans(toc.text);
    each_entry(entries, &mut |entry| {
        let Some(href) = entry
            .href
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
        else {
            return;
        };
        // The `href:` line that says it, the first not taken; the top of
        // the file for one written some other way (a flow map, escapes).
        let span = spans
            .get_mut(href)
            .and_then(VecDeque::pop_front)
            .unwrap_or(0..0);
        let Followed::Missing(why) = follow(toc.files, &toc.file.locale, &toc.file.path, href)
        else {
            return;
        };
        let message = match entry.name.trim() {
            "" => format!("toc entry: {why}"),
            name => format!("toc entry `{name}`: {why}"),
        };
        let mut diagnostic = rule.at_toc(toc, span, message);
        diagnostic.key = href.to_string();
        out.push(diagnostic);
    });
}

/// The value of each `href:` line of a toc's text (`href: x.md`, `- href:
/// 'x.md'`), unquoted, and where it is: in the order of the text.
fn href_spans(text: &str) -> HashMap<&str, VecDeque<Range<usize>>> {
    let mut spans: HashMap<&str, VecDeque<Range<usize>>> = HashMap::new();
    for line in text.lines() {
        let key = line.trim_start().trim_start_matches("- ").trim_start();
        let Some(value) = key.strip_prefix("href:").map(str::trim) else {
            continue;
        };
        let value = match value.as_bytes().first() {
            // Up to the closing quote (one with escapes is not found).
            Some(&quote @ (b'"' | b'\'')) => {
                value[1..].split(char::from(quote)).next().unwrap_or("")
            }
            // A comment is not part of a plain value.
            _ => value.split(" #").next().unwrap_or(value),
        };
        let value = value.trim();
        if !value.is_empty() {
            spans
                .entry(value)
                .or_default()
                .push_back(offset_in(text, value));
        }
    }
    spans
}

/// Calls `each` with every entry of `entries`, depth first, in order.
fn each_entry(entries: &[TocNode], each: &mut dyn FnMut(&TocNode)) {
    for entry in entries {
        each(entry);
        each_entry(&entry.items, each);
    }
}
