//! SXS004's glued scheme: `Bearer&lt;token&gt;` where the English has
//! `Bearer &lt;token&gt;`.

use super::Kind;
use crate::check::Rule;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::markdown::collapse_whitespace;
use crate::model::{Page, Segment};
use crate::source::offset_in;

/// The finding for a translation that writes the `Bearer` scheme against
/// its token placeholder (`Bearer{token}`) where its English source
/// separates them: the `Authorization` header readers copy from it is
/// not read without the space. Fixed (safe) by putting the space back.
pub(super) fn glued_scheme(
    rule: &Rule,
    page: &Page,
    segment: &Segment,
    [source, translation]: [(&str, &[(Kind, &str)]); 2],
) -> Option<Diagnostic> {
    if !scheme_then_token(source).any(|(_, gap)| gap.trim().is_empty() && !gap.is_empty()) {
        return None;
    }
    let (placeholder, _) = scheme_then_token(translation).find(|(_, gap)| gap.is_empty())?;
    let (source, translation) = (source.0, translation.0);
    let at = offset_in(&page.text, placeholder).start;
    let id = segment.id(&page.text);
    // As the page writes it, so that a search finds it.
    let shown = super::unescaped(placeholder);
    let mut diagnostic = rule.at(
        page,
        at - "Bearer".len()..at + placeholder.len(),
        format!("translation of segment `{id}` writes `Bearer{shown}` without the space its English source has after `Bearer`"),
    );
    diagnostic.notes.push(format!(
        "help: put the space back: `Bearer {shown}`, as the `Authorization` header is written"
    ));
    diagnostic.key = format!("{id}|Bearer glued");
    diagnostic.pattern = format!(
        "{} → {}",
        collapse_whitespace(source),
        collapse_whitespace(translation)
    );
    diagnostic.fix = Some(Fix::safe(vec![Edit {
        span: at..at,
        replacement: " ".to_string(),
    }]));
    Some(diagnostic)
}

/// Each `Bearer` of `text` (given with its tokens) followed by a
/// placeholder token, with that placeholder and what is between them.
fn scheme_then_token<'t>(
    (text, tokens): (&'t str, &'t [(Kind, &'t str)]),
) -> impl Iterator<Item = (&'t str, &'t str)> {
    tokens.windows(2).filter_map(|pair| match pair {
        [(Kind::Keyword, "Bearer"), (Kind::Placeholder, placeholder)] => {
            let scheme_end = offset_in(text, pair[0].1).end;
            let gap = text.get(scheme_end..offset_in(text, placeholder).start)?;
            Some((*placeholder, gap))
        }
        _ => None,
    })
}
