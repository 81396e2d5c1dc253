//! Markdown: the one place pulldown-cmark is configured, the outline of a
//! page, and its side-by-side segments.

mod events;
mod heading;
mod locate;
mod outline;
mod plain;
mod segments;
mod skim;

pub use events::body_events;
pub use locate::Locator;
pub(crate) use outline::include;
pub use outline::{outline, outline_driven, outline_in_one_pass, Keep};
pub use segments::{scan_segments, Scan};

pub(crate) use segments::{attributes, plain_segment_tag, PlainTag};

use pulldown_cmark::Options;

/// The Markdown dialect of docs pages: CommonMark with tables,
/// strikethrough and GitHub alerts (`> [!NOTE]`).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM
}
