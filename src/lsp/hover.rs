//! What the editor shows beside the text: a segment's English source on
//! hover (and the newest English, when the page is behind it), and the
//! same page in the other locales as code lenses.

use super::position::Lines;
use crate::markdown::{collapse_whitespace, inline_text};
use crate::model::{word_diff, Alignment, PageGroup, SegmentState};
use lsp_types::{CodeLens, Command, Hover, HoverContents, MarkupContent, MarkupKind, Range, Url};

/// The command a locale's code lens runs: the server asks the editor to
/// show that file (`window/showDocument`).
pub const OPEN_LOCALE: &str = "sxsdoc.openLocale";

/// The hover of the byte `offset` of the page `page` of `group`: the
/// English source of the segment there.
pub fn hover(group: &PageGroup, page: usize, offset: usize) -> Option<Hover> {
    let this = &group.pages[page];
    let (n, segment) = this
        .segments
        .iter()
        .enumerate()
        .find(|(_, s)| s.span.start <= offset && offset <= s.span.end)?;
    let mut value = match segment.source_text(&this.text) {
        Some(source) => format!(
            "**English source** · segment {}\n\n> {}\n",
            escaped(segment.id(&this.text)),
            escaped(&inline_text(source))
        ),
        None => "This segment carries no English source.\n".to_string(),
    };
    let shared = group.shared();
    let newest = shared
        .newest
        .first()
        .copied()
        .filter(|_| !shared.newest.contains(&page));
    if let Some(newest) = newest.map(|n| &group.pages[n]) {
        let state = Alignment::of_older(this, newest).and_then(|a| a.segments.get(n).copied());
        match state {
            Some(SegmentState::Changed(m)) => {
                let old = segment.aligned_english(&this.text);
                let new = newest
                    .segments
                    .get(m)
                    .map(|s| s.aligned_english(&newest.text));
                if let Some(new) = new {
                    value.push_str(&format!(
                        "\n**Newer English** (as {} has it)\n\n> {}\n\nWhat changed:\n\n```text\n{}\n```\n",
                        newest.locale,
                        escaped(&inline_text(new)),
                        word_diff(&collapse_whitespace(old), &collapse_whitespace(new)).replace("```", "'''")
                    ));
                }
            }
            Some(SegmentState::Removed) => value.push_str(&format!(
                "\nThe newest English (as {} has it) no longer has this segment.\n",
                newest.locale
            )),
            _ => {}
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(Lines::new(&this.text).range(&segment.span)),
    })
}

/// One code lens per other locale of the page, on its first line.
pub fn locale_lenses(group: &PageGroup, page: usize) -> Vec<CodeLens> {
    let top = Range::default();
    group
        .pages
        .iter()
        .enumerate()
        .filter(|(n, _)| *n != page)
        .filter_map(|(_, other)| {
            let uri = Url::from_file_path(&other.file).ok()?;
            Some(CodeLens {
                range: top,
                command: Some(Command {
                    title: other.locale.clone(),
                    command: OPEN_LOCALE.to_string(),
                    arguments: Some(vec![serde_json::Value::String(uri.to_string())]),
                }),
                data: None,
            })
        })
        .collect()
}

/// `text` with what Markdown would read as markup escaped.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|!~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
