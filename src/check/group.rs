//! One page group as the rules see it: its pages and how they relate.

use crate::model::{Page, PageGroup};

pub struct Group<'d> {
    pub path: &'d str,
    /// In locale order.
    pub pages: &'d [Page],
    /// Every locale of the docs tree.
    pub all_locales: &'d [String],
}

impl<'d> Group<'d> {
    pub fn new(group: &'d PageGroup, all_locales: &'d [String]) -> Group<'d> {
        Group {
            path: &group.path,
            pages: &group.pages,
            all_locales,
        }
    }

    /// The pages translated from the newest English source, by
    /// `ms.lasthandoff` (all pages when no page has a date).
    pub fn newest(&self) -> Vec<&'d Page> {
        let newest = self.pages.iter().filter_map(handoff).max();
        self.pages
            .iter()
            .filter(|page| newest.is_none() || handoff(page) == newest)
            .collect()
    }

    /// The page whose English source the others are compared with: the
    /// newest page that carries source spans.
    pub fn reference(&self) -> Option<&'d Page> {
        let newest = self
            .pages
            .iter()
            .filter(|page| page.source_facts.is_some())
            .filter_map(handoff)
            .max();
        self.pages
            .iter()
            .filter(|page| page.source_facts.is_some())
            .find(|page| handoff(page) == newest)
    }
}

/// `ms.lasthandoff` as a sortable date.
pub fn handoff(page: &Page) -> Option<(u16, u8, u8)> {
    page.front_matter.as_ref()?.handoff_date()
}

/// The English source revision a page was translated from: the hash of
/// the source file (`ms.openlocfilehash`), else its commit.
pub fn revision(page: &Page) -> Option<&str> {
    let front_matter = page.front_matter.as_ref()?;
    front_matter
        .open_loc_file_hash
        .as_deref()
        .or(front_matter.source_git_commit.as_deref())
}

/// `ru-RU, ja-JP and pt-BR`.
pub fn list_locales<'a>(pages: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = pages.into_iter().collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The span of a front matter key's line, for pointing at it.
pub fn front_matter_key(page: &Page, key: &str) -> std::ops::Range<usize> {
    let head = &page.text[..page.body_start.min(page.text.len())];
    let needle = format!("\n{key}:");
    match head.find(&needle) {
        Some(at) => at + 1..at + 1 + key.len(),
        None => 0..0,
    }
}
