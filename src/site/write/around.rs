//! What a page being written has around it: its includes, the site its
//! links and images lead into, its labels in the reader's language, and
//! the newest English of its group.

use super::super::includes::PageSurroundings;
use super::super::paths::page_url;
use super::super::render::Labels;
use super::Builder;
use crate::markdown::{collapse_whitespace, inline_text};
use crate::model::{Alignment, Page};
use std::path::Path;

impl Builder {
    /// What the page `(locale, path)`, the file `file` under
    /// `locale_root`, has around it.
    pub(super) fn surroundings<'a>(
        &'a self,
        file: &Path,
        locale_root: &'a Path,
        (locale, path): (&'a str, &'a str),
    ) -> PageSurroundings<'a> {
        PageSurroundings {
            root: locale_root,
            cache: &self.includes,
            dir: file
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| locale_root.to_path_buf()),
            links: &self.links,
            locale,
            path,
            page_url: page_url(locale, path).unwrap_or_default(),
            labels: self.labels(locale),
            images: Some(&self.images),
            english_only: false,
        }
    }

    /// What `locale`'s pages say around their content.
    pub(super) fn labels(&self, locale: &str) -> Labels<'_> {
        let interface = self.ui.of(locale);
        Labels {
            lang: &interface.lang,
            link_missing: interface.get("link_missing"),
            link_elsewhere: interface.get("link_elsewhere"),
            image_missing: interface.get("image_missing"),
            english_source: interface.get("english_source"),
            section_link: interface.get("section_link"),
            video: interface.get("video"),
            callouts: [
                interface.get("callout_note"),
                interface.get("callout_tip"),
                interface.get("callout_important"),
                interface.get("callout_warning"),
                interface.get("callout_caution"),
            ],
        }
    }
}

/// How many segments of `page` are behind the English of `newest` (its
/// group's page with the newest English), and what a reader sees of each
/// changed segment's English now, when that changed (not only a link's
/// target, say): (segment id, English).
pub(super) fn behind_newest(page: &Page, newest: Option<&Page>) -> (usize, Vec<(String, String)>) {
    let Some((newest, alignment)) = newest.and_then(|n| Some((n, Alignment::of_older(page, n)?)))
    else {
        return (0, Vec::new());
    };
    let newer = alignment
        .changed(page, newest)
        .into_iter()
        .map(|(id, then, now)| {
            (
                id,
                collapse_whitespace(&inline_text(then)),
                collapse_whitespace(&inline_text(now)),
            )
        })
        .filter(|(_, then, now)| then != now)
        .map(|(id, _, now)| (id.to_string(), now))
        .collect();
    (alignment.behind(), newer)
}
