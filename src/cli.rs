//! Command-line arguments (clap derive types only).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "sxsdoc",
    version,
    about = "Lint and publish localized side-by-side API reference docs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the parsed model of every page: front matter, segments, API facts.
    Facts(FactsArgs),
}

/// Options every command that reads a docs tree shares.
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// The docs root: one folder per locale (`docs/ru-RU/...`).
    #[arg(default_value = "docs")]
    pub docs_dir: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Pages larger than this many bytes are reported, not parsed.
    #[arg(long, value_name = "BYTES", default_value_t = sxsdoc::load::DEFAULT_MAX_PAGE_BYTES)]
    pub max_page_size: usize,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    #[command(flatten)]
    pub tree: TreeArgs,
    #[arg(long, value_enum, default_value_t = FactsFormat::Json)]
    pub format: FactsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FactsFormat {
    Json,
    Text,
}
