//! Typed YAML front matter of a page.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The keys sxsdoc uses, typed; every other key is kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(
        rename = "ms.contentlocale",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub content_locale: Option<String>,
    #[serde(
        rename = "ms.openlocfilehash",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub open_loc_file_hash: Option<String>,
    #[serde(
        rename = "ms.sourcegitcommit",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_git_commit: Option<String>,
    /// As written, `MM/DD/YYYY` in the corpus; see [`FrontMatter::handoff_date`].
    #[serde(
        rename = "ms.lasthandoff",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_handoff: Option<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl FrontMatter {
    /// `ms.lasthandoff` as `(year, month, day)`, for ordering hand-offs.
    pub fn handoff_date(&self) -> Option<(u16, u8, u8)> {
        let text = self.last_handoff.as_deref()?.trim();
        let mut parts = text.split(['/', '-', '.']);
        let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, a, b) };
        let date = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
        (1..=12).contains(&date.1).then_some(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_dates_order_chronologically() {
        let page = |date: &str| FrontMatter {
            last_handoff: Some(date.to_string()),
            ..FrontMatter::default()
        };
        assert_eq!(page("07/31/2019").handoff_date(), Some((2019, 7, 31)));
        assert_eq!(page("2019-01-12").handoff_date(), Some((2019, 1, 12)));
        assert_eq!(page("13/31/2019").handoff_date(), None);
        assert!(page("01/23/2019").handoff_date() < page("07/31/2019").handoff_date());
    }
}
