//! Markdown: the one place pulldown-cmark is configured, the outline of a
//! page, and its side-by-side segments.

mod events;
mod heading;
mod locate;
mod outline;
mod plain;
mod segments;
mod skim;
mod tables;

pub use events::body_events;
pub use locate::Locator;
pub(crate) use outline::include;
pub use outline::{outline, outline_driven, outline_in_one_pass, Keep, KEPT_CELLS};
pub use segments::{scan_segments, Scan};
pub use tables::{overfilled_table, MAX_FILLED_CELLS};

pub(crate) use segments::{attributes, plain_segment_tag, PlainTag};

use pulldown_cmark::Options;

/// The Markdown dialect of docs pages: CommonMark with tables,
/// strikethrough and GitHub alerts (`> [!NOTE]`).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM
}

/// One pulldown-cmark pass over `text`: what the fast paths' events are
/// tested against.
#[cfg(test)]
pub(crate) fn parser_events(
    text: &str,
) -> Vec<(pulldown_cmark::Event<'_>, std::ops::Range<usize>)> {
    pulldown_cmark::Parser::new_ext(text, options())
        .into_offset_iter()
        .collect()
}
