//! What a page being written has around it: its includes, the site its
//! links and images lead into, and its labels in the reader's language.

use super::super::includes::PageSurroundings;
use super::super::paths::page_url;
use super::super::render::Labels;
use super::Builder;
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
        }
    }
}
