//! Writing results for people and machines: one file per output format.
//! Formats know diagnostics and spans, never individual rules.

pub mod facts;
pub mod github;
pub mod human;
pub mod json;
mod resolve;
pub mod sarif;
mod summary;

pub use resolve::{Resolved, Resolver};
pub use summary::Summary;
