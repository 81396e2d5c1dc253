//! Headings of the rendered page: their ids (a page's English anchor, or
//! a slug of the heading text, never one the templates use) and the table
//! of contents.

use super::{HtmlWriter, TocEntry};
use crate::markdown::heading_id;
use crate::site::sanitize::{escape, escape_into};
use std::fmt::Write;

/// A heading being rendered: its content goes to a buffer until its id
/// (from an `<a name>` inside it) is known.
pub(super) struct HeadingState {
    level: u8,
    outer: String,
    pub(super) anchor: Option<String>,
    pub(super) tab: Option<String>,
    /// What the reader sees of it: not the English source of a segment.
    pub(super) text: String,
    /// The English sources of its segments.
    pub(super) english: String,
    /// How many tags were open when a segment's English source opened
    /// in it: its text is the source's until they are fewer again.
    pub(super) source_from: Option<usize>,
}

/// How many of the last anchors outside headings a heading may take its
/// id from, and how far back in the page (bytes) their spans may be.
const MAX_LOOSE_ANCHORS: usize = 16;
const NEAR_HEADING: usize = 1024;

/// The empty span an anchor outside a heading is written as.
fn anchor_span(id: &str) -> String {
    let mut span = String::from("<span id=\"");
    escape_into(&mut span, id);
    span.push_str("\"></span>");
    span
}

/// The ids the built-in templates give their own elements, which the
/// site's script looks up: a page heading never takes one (it gets a
/// `-1` as a second heading of the same name does), so a page cannot
/// put its element in the script's way.
pub(super) const TEMPLATE_IDS: [&str; 10] = [
    "main",
    "search-input",
    "search-results",
    "sxs-toggle",
    "sxs-toggle-help",
    "facts-title",
    "report-matrix",
    "filter-rule",
    "filter-locale",
    "filter-clean",
];

impl HtmlWriter<'_> {
    /// Sends the heading's content to a buffer of its own.
    pub(super) fn start_heading(&mut self, level: u8) {
        let outer = std::mem::take(&mut self.out);
        self.heading = Some(HeadingState {
            level,
            outer,
            anchor: None,
            tab: None,
            text: String::new(),
            english: String::new(),
            source_from: None,
        });
    }

    pub(super) fn end_heading(&mut self) {
        self.close_open_tags();
        let Some(heading) = self.heading.take() else {
            return;
        };
        let content = std::mem::replace(&mut self.out, heading.outer);
        let text = heading
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(tab) = heading.tab {
            let id = self.unique_id(&format!("tab-{}", heading_id(&tab)));
            // A docfx tab group: its panels follow each other until a
            // `---` (see `HtmlWriter::end_tabs`); each is a section the
            // site's script makes a tab of (WAI-ARIA tabs).
            if self.stack.is_empty() {
                match self.tabs {
                    true => self.out.push_str("</section>\n"),
                    false => self.out.push_str("<div class=\"tabs\">\n"),
                }
                self.tabs = true;
                let _ = writeln!(
                    self.out,
                    "<section class=\"tab-panel\" data-tab=\"{}\" aria-labelledby=\"{id}\">",
                    escape(&heading_id(&tab)),
                    id = escape(&id)
                );
            }
            let _ = writeln!(
                self.out,
                "<p class=\"tab-title\" id=\"{}\">{content}</p>",
                escape(&id)
            );
            return;
        }
        if self.tabs && self.stack.is_empty() && heading.level <= 2 {
            self.end_tabs();
        }
        // Shown in English, its id is the English heading's.
        let english_first = self.surroundings.english_only() && !heading.english.trim().is_empty();
        let base = heading
            .anchor
            .filter(|a| !a.trim().is_empty())
            .map(|anchor| anchor.to_lowercase())
            .unwrap_or_else(|| match english_first {
                true => heading_id(&heading.english),
                false => heading_id(&text),
            });
        let id = match self.take_loose_anchor(&base) {
            true => base,
            false => self.unique_id(&base),
        };
        let level = heading.level.clamp(1, 6);
        let labels = self.surroundings.labels();
        let _ = writeln!(
            self.out,
            "<h{level} id=\"{id}\">{content}<a class=\"anchor\" href=\"#{id}\" aria-label=\"{label}\" lang=\"{lang}\">#</a></h{level}>",
            id = escape(&id),
            label = escape(labels.section_link),
            lang = escape(labels.lang),
        );
        let english = heading
            .english
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.toc.push(TocEntry {
            level,
            id,
            text,
            english,
        });
    }

    /// Closes the tab group open, if one is.
    pub(super) fn end_tabs(&mut self) {
        if std::mem::take(&mut self.tabs) {
            self.out.push_str("</section>\n</div>\n");
        }
    }

    /// `base`, or the first of `base-1`, `base-2`… no element of the page
    /// has (a page may name an anchor `request-1` before a second heading
    /// `Request` asks for one).
    fn unique_id(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let Some(&asked) = self.ids.get(base) else {
            self.ids.insert(base.to_string(), 1);
            return base.to_string();
        };
        let mut n = asked;
        let id = loop {
            let id = format!("{base}-{n}");
            n += 1;
            if !self.ids.contains_key(&id) {
                break id;
            }
        };
        self.ids.insert(base.to_string(), n);
        self.ids.insert(id.clone(), 1);
        id
    }

    /// An `<a name>` (or `<a id>`) outside a heading, as an empty span
    /// with that id, lower case as links to it are (anchors are matched in
    /// any case, as `check` does; ids are not). Nothing when an element of
    /// the page has the id already (the anchor in a segment's English
    /// source repeats its translation's), or when the span would be
    /// dropped (a translation in a page shown in English).
    pub(super) fn loose_anchor(&mut self, name: &str) {
        let id = name.to_lowercase();
        if self.hidden_from.is_some() || id.is_empty() || self.ids.contains_key(&id) {
            return;
        }
        self.out.push_str(&anchor_span(&id));
        self.ids.insert(id.clone(), 1);
        // The last few: a heading takes an anchor just above it.
        if self.loose_anchors.len() == MAX_LOOSE_ANCHORS {
            self.loose_anchors.remove(0);
        }
        self.loose_anchors.push(id);
    }

    /// Whether a heading whose id is to be `id` takes it from an anchor
    /// written before it (docs put `<a name="permissions"></a>` above
    /// `## <a name="permissions"></a>Permissions`): the anchor's span is
    /// taken out, with the paragraph it was alone in, so the heading,
    /// which the page's contents list, has the id.
    fn take_loose_anchor(&mut self, id: &str) -> bool {
        let Some(at) = self.loose_anchors.iter().position(|a| a == id) else {
            return false;
        };
        let span = anchor_span(id);
        // Only just before the heading, where docs put it: a page of many
        // anchors and headings must not cost a search of the page each.
        let mut window = self.out.len().saturating_sub(NEAR_HEADING);
        while !self.out.is_char_boundary(window) {
            window -= 1;
        }
        let Some(start) = self.out[window..].rfind(&span).map(|at| window + at) else {
            return false;
        };
        self.loose_anchors.remove(at);
        let end = start + span.len();
        let alone = self.out[..start].ends_with("<p>") && self.out[end..].starts_with("</p>\n");
        match alone {
            true => self.out.replace_range(start - 3..end + 5, ""),
            false => self.out.replace_range(start..end, ""),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::site::render::{render, Standalone};

    fn html(text: &str) -> String {
        render(text, &Standalone).html
    }

    #[test]
    fn headings_never_take_the_templates_ids() {
        let page = html("# sxs-toggle\n\n## Main\n\n## main\n");
        assert!(page.contains("id=\"sxs-toggle-1\""), "{page}");
        assert!(page.contains("id=\"main-1\""), "{page}");
        assert!(page.contains("id=\"main-2\""), "{page}");
        assert!(!page.contains("id=\"main\""), "{page}");
    }

    #[test]
    fn headings_take_their_anchor_as_id() {
        let out = html("## <a name=\"http-request\"></a>HTTP-запрос\n\n## <a name=\"http-request\"></a>Again\n");
        assert!(out.contains("<h2 id=\"http-request\">HTTP-запрос"), "{out}");
        assert!(out.contains("<h2 id=\"http-request-1\">"), "{out}");
    }
}
