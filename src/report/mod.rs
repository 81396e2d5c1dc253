//! Writing results for people and machines: one file per output format.
//! Formats know diagnostics and spans, never individual rules.

pub mod facts;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
mod summary;

pub use summary::Summary;
