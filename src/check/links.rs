//! Links to pages of the project, followed as docfx and the published
//! site follow them: what SXS404 and SXS405 check.

use super::ProjectFiles;
use crate::load::{names_markdown, Resolved};

/// Where a link leads, as the rules follow it.
pub enum Followed<'t> {
    /// To a page of the locale: its path from the locale root, and the
    /// link as it names it, without its anchor (and a relative one
    /// without its query).
    Page { resolved: String, shown: &'t str },
    /// Nowhere in the locale: why.
    Missing(String),
    /// Not followed: another site, an image, a version not held.
    Not,
}

/// Follows `target`, a link in the file at `from` of `locale` (a page,
/// an include, a toc), to a page of that locale, without its anchor.
pub fn follow<'t>(
    files: &ProjectFiles<'_>,
    locale: &str,
    from: &str,
    target: &'t str,
) -> Followed<'t> {
    let target = target.trim();
    if target.starts_with('/') && !target.starts_with("//") {
        let url = target.split('#').next().unwrap_or("");
        return match files.site_map.locate(locale, target) {
            (Resolved::Missing, _) => {
                Followed::Missing(format!("link to `{url}`, a page {locale} does not publish"))
            }
            (_, Some(published)) => Followed::Page {
                resolved: published.to_string(),
                shown: url,
            },
            (_, None) => Followed::Not,
        };
    }
    let path = target.split(['#', '?']).next().unwrap_or("");
    if !names_markdown(path) || path.contains("://") || path.starts_with('/') {
        return Followed::Not;
    }
    if path.starts_with('~') && !path.starts_with("~/") {
        return Followed::Not;
    }
    match files.site_map.link_path(locale, from, path) {
        Some(resolved) if files.has(locale, &resolved) => Followed::Page {
            resolved,
            shown: path,
        },
        _ => Followed::Missing(format!("link to `{path}`, a page {locale} does not have")),
    }
}
