//! The page model: what sxsdoc knows about a docs tree once it is read.

mod alignment;
mod facts;
mod front_matter;
mod group;
mod outline;
mod page;
mod segment;
pub mod tabs;

pub use alignment::{same_english, word_diff, Alignment, SegmentState};
pub use facts::{Endpoint, Facts, Located, PermissionRow, View};
pub use front_matter::FrontMatter;
pub use group::{
    handed_off_before, handoff, handoff_shown, is_api_version, path_version, revision, GroupFacts,
};
pub use outline::{Block, Cell, CodeBlock, Dual, Heading, Inline, Link, Outline, Side, Table};
pub use page::{FileKind, Page, PageGroup, Problem, ProblemKind};
pub(crate) use segment::has_words;
pub use segment::Segment;
