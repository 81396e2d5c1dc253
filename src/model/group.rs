//! What a page group's locales say together: which page's English the
//! others are measured against, and which API version the page is.
//! Computed once, here; the rules and the site both read it, so they
//! never disagree on it.

use super::{Page, PageGroup};

/// A page group's shared facts (see [`PageGroup::shared`]). Pages are
/// named by their index in [`PageGroup::pages`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFacts {
    /// The pages translated from the newest English source, by
    /// `ms.lasthandoff` (all pages when no page has a date).
    pub newest: Vec<usize>,
    /// The page whose English source the others are compared with: the
    /// first (in locale order) of the newest pages that carry source
    /// spans; `None` when no page does.
    pub reference: Option<usize>,
    /// The API version most pages' example requests use; a tie goes to
    /// the version folder in the path, then to the first in sorted order.
    /// `None` when no page has an example request.
    pub api_version: Option<String>,
}

impl PageGroup {
    pub fn shared(&self) -> GroupFacts {
        let dated = self.pages.iter().filter_map(handoff).max();
        let newest = (0..self.pages.len())
            .filter(|&n| dated.is_none() || handoff(&self.pages[n]) == dated)
            .collect();
        let with_source =
            || (0..self.pages.len()).filter(|&n| self.pages[n].source_facts.is_some());
        let source_dated = with_source().filter_map(|n| handoff(&self.pages[n])).max();
        let reference = with_source().find(|&n| handoff(&self.pages[n]) == source_dated);
        let versions = self
            .pages
            .iter()
            .filter_map(|page| Some(page.facts.api_version.as_ref()?.value.as_str()))
            .filter(|version| is_api_version(version));
        GroupFacts {
            newest,
            reference,
            api_version: majority(versions, path_version(&self.path)).map(str::to_string),
        }
    }
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

/// `ms.lasthandoff` as a sortable date.
pub fn handoff(page: &Page) -> Option<(u16, u8, u8)> {
    page.front_matter.as_ref()?.handoff_date()
}

/// `ms.lasthandoff` as people read dates everywhere sxsdoc prints one,
/// `2019-07-31`; as written when it does not read as a date.
pub fn handoff_shown(page: &Page) -> String {
    match handoff(page) {
        Some((year, month, day)) => format!("{year:04}-{month:02}-{day:02}"),
        None => page
            .front_matter
            .as_ref()
            .and_then(|fm| fm.last_handoff.clone())
            .unwrap_or_default(),
    }
}

/// Whether `page` was translated from another English revision than
/// `newest`, and handed off before it: both known, as SXS304 and the
/// site's staleness read it.
pub fn handed_off_before(page: &Page, newest: &Page) -> bool {
    handoff(page)
        .zip(handoff(newest))
        .is_some_and(|(p, n)| p < n)
        && revision(page)
            .zip(revision(newest))
            .is_some_and(|(p, n)| p != n)
}

/// Whether the segment after the host of a Graph URL names an API
/// version (`v1.0`, `beta`), rather than being the first segment of a
/// path that has none (`/directoryObjects/...`).
pub fn is_api_version(segment: &str) -> bool {
    segment == "beta"
        || segment
            .strip_prefix('v')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// `v1.0` or `beta` when a folder of the path names it.
pub fn path_version(path: &str) -> Option<&'static str> {
    path.split('/').find_map(|part| match part {
        "v1.0" => Some("v1.0"),
        "beta" => Some("beta"),
        _ => None,
    })
}

/// The version most of `versions` are; a tie goes to `from_path`, then to
/// the first in sorted order.
fn majority<'a>(
    versions: impl Iterator<Item = &'a str>,
    from_path: Option<&str>,
) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for version in versions {
        match counts.iter_mut().find(|(v, _)| *v == version) {
            Some((_, count)) => *count += 1,
            None => counts.push((version, 1)),
        }
    }
    counts.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then((Some(b.0) == from_path).cmp(&(Some(a.0) == from_path)))
            .then(a.0.cmp(b.0))
    });
    counts.first().map(|(v, _)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_go_to_the_path_then_to_sorted_order() {
        let two = ["beta", "v1.0"];
        assert_eq!(majority(two.into_iter(), Some("v1.0")), Some("v1.0"));
        assert_eq!(majority(two.into_iter(), Some("beta")), Some("beta"));
        assert_eq!(majority(two.into_iter(), None), Some("beta"));
        let more = ["v1.0", "beta", "beta"];
        assert_eq!(majority(more.into_iter(), Some("v1.0")), Some("beta"));
        assert_eq!(majority([].into_iter(), Some("v1.0")), None);
    }
}
