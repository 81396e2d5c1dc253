//! sxsdoc: lint and publish localized side-by-side API reference docs.
//!
//! Data flows one way: [`load`] reads files, [`markdown`] and [`facts`]
//! turn each into a [`model::Page`], [`plan`] groups pages across locales,
//! and the commands check or render them.

pub mod baseline;
pub mod check;
pub mod diagnostic;
pub mod digest;
pub mod export;
pub mod facts;
pub mod fix;
pub mod load;
pub mod lsp;
pub mod markdown;
pub mod model;
pub mod pipeline;
pub mod plan;
pub mod printable;
pub mod project;
pub mod report;
pub mod serve;
pub mod site;
pub mod source;
pub mod yaml;
