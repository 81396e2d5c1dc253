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
    /// Check every page and locale: facts, segments, front matter, staleness.
    Check(CheckArgs),
    /// Repair, in place, what translations damaged that their own English
    /// source states (scopes, header names, tokens); `--diff` to preview.
    Fix(FixArgs),
    /// Render the static HTML site of every page and locale.
    Build(BuildArgs),
    /// Build the site into a temporary folder, serve it on this machine,
    /// and rebuild and reload the open pages whenever a file changes.
    Serve(ServeArgs),
    /// Run the language server (LSP over standard input and output):
    /// findings as you type, the English source on hover, fixes.
    Lsp,
    /// Print the parsed model of every page: front matter, segments, API facts.
    Facts(FactsArgs),
    /// Write the segment pairs of every locale as a translation memory
    /// (TMX), for a CAT tool (XLIFF 2.1) or as gettext catalogues (PO).
    Export(ExportArgs),
    /// Print what a rule checks, why it matters, and an example.
    Explain {
        /// A rule code (`SXS002`) or name (`permission-changed`).
        rule: String,
    },
    /// List every rule with its code, default severity and summary.
    Rules,
}

/// Options every command that reads a docs tree shares.
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// The docs root: a folder per locale (`docs/ru-RU/...`), checkouts
    /// named `<name>.<locale>`, or one checkout [default: the current
    /// folder if it is a locale's checkout, else `docs` if there is one]
    docs_dir: Option<PathBuf>,
    /// Worker threads, 1 to 256 (default: one per core). Output does not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Pages larger than this many bytes are reported, not parsed.
    #[arg(long, value_name = "BYTES", default_value_t = sxsdoc::load::DEFAULT_MAX_PAGE_BYTES)]
    pub max_page_size: usize,
    /// Print nothing on standard error but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl TreeArgs {
    /// The docs root given, else the default (see
    /// [`sxsdoc::load::default_root`]): inside a locale's checkout,
    /// `sxsdoc check` checks it, as ruff checks `.`.
    pub fn docs_dir(&self) -> PathBuf {
        self.docs_dir
            .clone()
            .unwrap_or_else(sxsdoc::load::default_root)
    }
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    #[command(flatten)]
    pub tree: TreeArgs,
    /// The page model as one JSON array, or a short text listing.
    #[arg(long, value_enum, default_value_t = FactsFormat::Json)]
    pub format: FactsFormat,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub tree: TreeArgs,
    /// A translation memory (TMX 1.4b), a CAT tool's file (XLIFF 2.1), or
    /// gettext catalogues (PO); a hand-off (`--stale-only`) is XLIFF or PO.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The folder to write `<locale>.tmx` (`.xlf`, `.po`) in.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// Only these locales; comma-separated.
    #[arg(long = "locale", value_delimiter = ',', value_name = "LOCALES")]
    pub locales: Vec<String>,
    /// Only the segments behind the newest English, with the newest
    /// English as source: a hand-off for translation again.
    #[arg(long)]
    pub stale_only: bool,
    /// Leave out the pairs that have findings (damaged MT output).
    #[arg(long)]
    pub exclude_damaged: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Tmx,
    Xliff,
    Po,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FactsFormat {
    Json,
    Text,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub tree: TreeArgs,
    /// rustc-style text, JSON, SARIF 2.1.0 (code scanning), or GitHub
    /// Actions annotations.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Also fail on findings of this severity (`--deny warnings`).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub deny: Option<Deny>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Do not report the findings this baseline file lists.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every current finding to this baseline file and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Colour the human format: auto (terminals without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print one entry per defect pattern (same rule, locale, English and
    /// damage), errors first, then by count, instead of every finding
    /// (as text, or with `--format json` as JSON)
    #[arg(long, value_enum, value_name = "WHAT", conflicts_with = "statistics")]
    pub group_by: Option<GroupBy>,
    /// Print counts per rule and severity, by locale, instead of every
    /// finding
    #[arg(long, conflicts_with = "format")]
    pub statistics: bool,
}

/// Which findings `check` reports and `fix` repairs.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only these rules: codes, code prefixes (`SXS0`) or names; comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Skip these rules: codes, code prefixes or names; comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Only these locales; comma-separated.
    #[arg(long = "locale", value_delimiter = ',', value_name = "LOCALES")]
    pub locales: Vec<String>,
    /// Not these locales; comma-separated.
    #[arg(long = "exclude-locale", value_delimiter = ',', value_name = "LOCALES")]
    pub exclude_locales: Vec<String>,
    /// Only the findings of these defect patterns (ids as `--group-by
    /// pattern` prints them); comma-separated.
    #[arg(long = "pattern", value_delimiter = ',', value_name = "IDS")]
    pub patterns: Vec<String>,
    /// Settings file (default: `sxsdoc.toml` in the docs root, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl FilterArgs {
    /// Refuses a `--pattern` that is not a pattern id (`SXS005-3fa2c1d9`):
    /// a rule code or a typo would otherwise select nothing and pass.
    pub fn check_patterns(&self) -> Result<(), crate::CliError> {
        let is_id = |id: &str| {
            let Some((code, hash)) = id.split_once('-') else {
                return false;
            };
            sxsdoc::check::RULES
                .iter()
                .any(|rule| rule.code.eq_ignore_ascii_case(code))
                && hash.len() == 8
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
        };
        match self.patterns.iter().find(|id| !is_id(id)) {
            Some(bad) => Err(crate::CliError::NotAPattern(bad.clone())),
            None => Ok(()),
        }
    }

    /// The settings these flags give, over the settings file's.
    pub fn settings(&self) -> sxsdoc::check::Settings {
        sxsdoc::check::Settings {
            select: list(&self.select),
            ignore: list(&self.ignore),
            locales: list(&self.locales),
            exclude_locales: list(&self.exclude_locales),
            ..Default::default()
        }
    }
}

/// The values of a comma-separated option: `--select "SXS004, SXS005"`,
/// the spaces after the commas no part of the names.
pub fn list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
        .map(str::to_string)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    Pattern,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub tree: TreeArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print a unified diff of the fixes and change nothing; exit 1 when
    /// there is something to fix
    #[arg(long)]
    pub diff: bool,
    /// Also apply fixes a person should look at (a dropped token put
    /// back, a match by order)
    #[arg(long)]
    pub unsafe_fixes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
    Notes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub tree: TreeArgs,
    /// Where the site goes; replaced only when the whole build succeeded.
    #[arg(long, short = 'o', default_value = "output")]
    pub output: PathBuf,
    #[command(flatten)]
    pub site: SiteArgs,
    /// Render every page, ignoring what the previous build left.
    #[arg(long)]
    pub no_cache: bool,
    /// Replace an output folder that sxsdoc did not make (never one
    /// that holds the docs).
    #[arg(long)]
    pub force: bool,
}

/// What `--base-url` is when it is not given: a placeholder (Hugo's),
/// which a build says its sitemap holds.
pub const DEFAULT_BASE_URL: &str = "https://example.org/";

/// How the site looks: what `build` and `serve` share.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Folder of templates and assets overriding the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Public URL of the site, for the absolute links of `sitemap.xml`.
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL)]
    pub base_url: String,
    /// Name shown in every page's header [default: the docs' own, docfx's
    /// `titleSuffix`, else "API reference"].
    #[arg(long, value_name = "NAME")]
    pub site_name: Option<String>,
    /// The docs team's view: findings marked on each page, its API facts,
    /// and the consistency report.
    #[arg(long)]
    pub qa: bool,
    /// Settings file for the findings shown on the site (default:
    /// `sxsdoc.toml` in the docs root, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub tree: TreeArgs,
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on (0: any free one).
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but this machine's makes the
    /// site (and the files it shows) readable by the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Build into this folder (kept) instead of a temporary one.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
}
