//! What rendering a page needs from around it: the files it includes,
//! where its links and images lead, and what it says around its content
//! in the reader's language.

use super::render;
use crate::plan::FileState;
use crate::site::links::LinkTarget;
use crate::site::markup::link_target;
use crate::site::sanitize::is_safe_url;
use pulldown_cmark::BlockQuoteKind;
use std::path::PathBuf;
use std::sync::Arc;

/// What rendering a page needs from around it: the files it includes,
/// and where its links lead.
pub trait Surroundings {
    /// The `[!INCLUDE]` target, relative to the page, rendered.
    fn included(&self, target: &str) -> Option<Arc<Included>>;

    /// Where the link `url` leads in the built site.
    fn link(&self, url: &str) -> LinkTarget {
        LinkTarget::Href(link_target(url))
    }

    /// The `src` of the image `url` (empty for a URL not shown), or
    /// `None` for an image of the project that is not there.
    fn image(&self, url: &str) -> Option<String> {
        match is_safe_url(url) {
            true => Some(url.to_string()),
            false => Some(String::new()),
        }
    }

    /// Whether the page is shown in its English source alone (a page
    /// its locale lacks): its headings take the English's ids.
    fn english_only(&self) -> bool {
        false
    }

    /// What the page says to its readers around its content, in their
    /// language.
    fn labels(&self) -> Labels<'_> {
        Labels {
            lang: "en",
            link_missing: "page not found",
            link_elsewhere: "not on this site",
            image_missing: "image not found",
            english_source: "English source:",
            section_link: "Link to this section",
            video: "Video",
            callouts: ["Note", "Tip", "Important", "Warning", "Caution"],
        }
    }
}

/// What a page says to its readers around its content (see
/// [`Surroundings::labels`]).
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Their language.
    pub lang: &'a str,
    /// After the text of a link to a page missing in this locale.
    pub link_missing: &'a str,
    /// After the text of a link to a page not on this site.
    pub link_elsewhere: &'a str,
    /// After the description of an image the project lacks.
    pub image_missing: &'a str,
    /// Before a segment's English source, for screen readers.
    pub english_source: &'a str,
    /// The name of a heading's link to itself.
    pub section_link: &'a str,
    /// The name of a link to a video (`[!VIDEO …]`).
    pub video: &'a str,
    /// The titles of callouts (`> [!NOTE]`), as [`Labels::callout`]
    /// reads them: note, tip, important, warning, caution.
    pub callouts: [&'a str; 5],
}

impl Labels<'_> {
    /// The title of a callout of `kind`.
    pub fn callout(&self, kind: BlockQuoteKind) -> &str {
        let at = match kind {
            BlockQuoteKind::Note => 0,
            BlockQuoteKind::Tip => 1,
            BlockQuoteKind::Important => 2,
            BlockQuoteKind::Warning => 3,
            BlockQuoteKind::Caution => 4,
        };
        self.callouts[at]
    }
}

/// An included file, rendered (its own includes are not followed).
#[derive(Debug)]
pub struct Included {
    pub html: String,
    pub segments: usize,
    /// Its text, for search (see [`Rendered::prose`]).
    pub prose: String,
    /// The file it was read from, as it was: the pages that include it
    /// depend on it (see [`Rendered::includes`]).
    pub file: Option<(PathBuf, FileState)>,
}

impl Included {
    /// Renders the Markdown of an included file, whose links lead where
    /// `surroundings` say (its own includes are not followed).
    pub fn new(markdown: &str, surroundings: &dyn Surroundings) -> Included {
        let body_start = crate::load::split_front_matter(markdown).body_start;
        let inner = render(markdown.get(body_start..).unwrap_or(""), surroundings);
        Included {
            html: inner.html,
            segments: inner.segments,
            prose: inner.prose,
            file: None,
        }
    }
}

/// A page rendered on its own: no includes, links to Markdown pages
/// pointed at their HTML (for tests).
pub struct Standalone;

impl Surroundings for Standalone {
    fn included(&self, _target: &str) -> Option<Arc<Included>> {
        None
    }
}
