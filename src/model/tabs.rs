//! docfx's code tabs (`# [C#](#tab/csharp)`), whose labels name the
//! language, protocol or platform a reader picks a sample by: such a
//! name is never translated.

use super::Page;
use std::ops::Range;

/// Names never translated, as [`folded`] reads them: the languages,
/// protocols and platforms docs put code samples under.
const NAMES: &[&str] = &[
    "android",
    "bash",
    "c",
    "cli",
    "cpp",
    "cs",
    "csharp",
    "curl",
    "go",
    "http",
    "ios",
    "java",
    "javascript",
    "json",
    "kotlin",
    "net",
    "nodejs",
    "objectivec",
    "php",
    "powershell",
    "python",
    "rest",
    "ruby",
    "rust",
    "swift",
    "typescript",
];

/// A segment that is the whole label of a tab heading.
pub struct TabLabel<'p> {
    /// The segment's index on its page.
    pub segment: usize,
    /// Its translation's range in the page's text.
    pub translation: Range<usize>,
    pub english: &'p str,
}

/// The segment that is the whole label of each docfx tab heading of
/// `page`, in order; a label of several segments is no name.
pub fn tab_labels(page: &Page) -> impl Iterator<Item = TabLabel<'_>> {
    let tabs = page.outline.headings().filter(|(_, h)| h.tab.is_some());
    tabs.filter_map(|(_, heading)| {
        let inside = |s: &&super::Segment| {
            heading.span.start <= s.span.start && s.span.end <= heading.span.end
        };
        let mut found = page.segments.iter().enumerate().filter(|(_, s)| inside(s));
        let (segment, only) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        Some(TabLabel {
            segment,
            translation: only.translation.clone(),
            english: only.source_text(&page.text)?,
        })
    })
}

/// Whether `label` is the name of a language, protocol or platform
/// (letter case and punctuation apart).
pub fn is_name(label: &str) -> bool {
    NAMES.contains(&folded(label).as_str())
}

/// A name as [`NAMES`] has it: its letters and digits, lower case, with
/// `#` read as `sharp` (`C#` is `csharp`).
pub fn folded(name: &str) -> String {
    name.replace('#', "sharp")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
