//! The `sxsdoc` command: parse arguments, run the library, map the outcome
//! to an exit code (0 clean, 1 findings, 2 the tool could not do its job).

mod cli;
mod export_command;
mod fix_command;
mod serve_command;

use clap::Parser;
use cli::{
    BuildArgs, CheckArgs, CheckFormat, Cli, ColorChoice, Command, Deny, FactsArgs, FactsFormat,
    TreeArgs,
};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use sxsdoc::baseline::Baseline;
use sxsdoc::check::{self, Settings};
use sxsdoc::diagnostic::{listed_pattern, Severity};
use sxsdoc::pipeline;
use sxsdoc::plan::{LoadOptions, Plan};
use sxsdoc::project::{OpenOptions, Project};
use sxsdoc::report::{self, human::Style, printable, Report, Summary};

/// mimalloc instead of the system allocator: a check or build makes and
/// frees millions of small strings and vectors across threads, and glibc's
/// malloc spent about a sixth of a build's CPU time doing so.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", printable(&err.to_string()));
            ExitCode::from(2)
        }
    }
}

/// Why a command could not do its job (exit code 2).
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error(transparent)]
    Open(#[from] sxsdoc::project::OpenError),
    #[error(transparent)]
    Baseline(#[from] sxsdoc::baseline::BaselineError),
    #[error(transparent)]
    Build(#[from] sxsdoc::pipeline::BuildError),
    #[error("no rule `{0}`; `sxsdoc rules` lists them")]
    UnknownRule(String),
    #[error("cannot start {jobs} worker threads: {source}")]
    Threads {
        jobs: u16,
        source: rayon::ThreadPoolBuildError,
    },
    #[error("cannot write baseline `{}`: {source}", .path.display())]
    WriteBaseline {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Serve(#[from] sxsdoc::serve::ServeError),
    #[error("language server: {0}")]
    Lsp(sxsdoc::lsp::LspError),
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
    #[error("`{0}` is not a pattern id like `SXS005-3fa2c1d9` (`check --group-by pattern` prints them; `--select` takes rule codes)")]
    NotAPattern(String),
    #[error("`--stale-only` compares each page's English with the newest English of its page group in the other locales, and `{}` has only {locale}: export from the folder that holds every locale (`sxsdoc export ..` in a checkout)", .root.display())]
    StaleAlone {
        locale: String,
        root: std::path::PathBuf,
    },
    #[error("`--stale-only` makes a hand-off of segments to translate, most with no translation yet: a translation memory (TMX) holds translations; use `--format xliff` or `--format po`")]
    StaleMemory,
    #[error("`--group-by pattern` prints text or, with `--format json`, JSON; SARIF and GitHub annotations carry each finding's pattern id instead")]
    GroupedFormat,
}

/// Warns about each `--pattern` that no finding had: a pattern fixed
/// since, or one of another project.
pub(crate) fn warn_unmatched(patterns: &[String], seen: &[String]) {
    for id in patterns {
        if !listed_pattern(seen, id) {
            eprintln!("warning: no finding has pattern `{}`", printable(id));
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Facts(args) => run_facts(&args),
        Command::Check(args) => run_check(&args),
        Command::Fix(args) => fix_command::run_fix(&args),
        Command::Export(args) => export_command::run_export(&args),
        Command::Build(args) => run_build(&args),
        Command::Serve(args) => serve_command::run_serve(&args),
        // Exit code 1 after an `exit` without a `shutdown`, as the
        // protocol says.
        Command::Lsp => sxsdoc::lsp::run()
            .map(|clean| {
                if clean {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            })
            .map_err(CliError::Lsp),
        Command::Explain { rule } => {
            let rule =
                check::find_rule(&rule).ok_or_else(|| CliError::UnknownRule(rule.clone()))?;
            print(&format!(
                "{} {} (default severity: {})\n\n{}\n\n{}\n",
                rule.code, rule.name, rule.severity, rule.summary, rule.doc
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules => {
            let mut out = String::new();
            for rule in check::RULES {
                out.push_str(&format!(
                    "{}  {:<26} {:<8} {}\n",
                    rule.code,
                    rule.name,
                    // Severity's Display writes the word alone, unpadded.
                    rule.severity.to_string(),
                    rule.summary
                ));
            }
            print(&out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `sxsdoc facts`: streamed group by group, as `check` is.
fn run_facts(args: &FactsArgs) -> Result<ExitCode, CliError> {
    let plan = open(&args.tree, None, Settings::default())?.plan;
    let format = match args.format {
        FactsFormat::Json => report::facts::Format::Json,
        FactsFormat::Text => report::facts::Format::Text,
    };
    let mut writer = report::facts::FactsWriter::new(format);
    let mut failures = Vec::new();
    print_with(|out| {
        let mut written = Ok(());
        failures = pipeline::each_group(
            &plan,
            &|| {},
            |group| report::facts::group(group, format),
            // Output that cannot be written (a closed pipe) ends the run.
            &mut |pages: Vec<String>| {
                written = writer.pages(out, &pages);
                match written {
                    Ok(()) => std::ops::ControlFlow::Continue(()),
                    Err(_) => std::ops::ControlFlow::Break(()),
                }
            },
        );
        written.and_then(|()| writer.finish(out))
    })?;
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("error: {}", printable(&failure.to_string()));
        }
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_check(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let filters = &args.filters;
    filters.check_patterns()?;
    let from_cli = Settings {
        deny_warnings: args.deny == Some(Deny::Warnings),
        ..filters.settings()
    };
    let project = open(&args.tree, filters.config.as_deref(), from_cli)?;
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::read(path)?),
        None => None,
    };
    let (plan, settings) = (&project.plan, &project.settings);
    if !check::RULES.iter().any(|rule| settings.enabled(rule)) {
        // A typo'd CI line must not pass by checking nothing, unseen.
        eprintln!("warning: --select and --ignore (with the settings file) leave no rule to run: nothing is checked");
    }
    let bar = progress_bar(plan, args.tree.quiet);
    let progress = || bar.inc(1);
    if let Some(path) = &args.write_baseline {
        let mut diagnostics = Vec::new();
        project.check(&progress, &mut |found| diagnostics.extend(found));
        bar.finish_and_clear();
        let baseline = Baseline::from_diagnostics(&diagnostics);
        write_replacing(path, baseline.to_json().as_bytes()).map_err(|source| {
            CliError::WriteBaseline {
                path: path.clone(),
                source,
            }
        })?;
        if !args.tree.quiet {
            eprintln!(
                "wrote {} findings to baseline `{}`",
                baseline.findings.len(),
                path.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut report: Box<dyn Report> = match args.format {
        CheckFormat::Human | CheckFormat::Json if args.group_by.is_some() => Box::new(
            report::patterns::ByPattern::new(args.format == CheckFormat::Json),
        ),
        _ if args.group_by.is_some() => return Err(CliError::GroupedFormat),
        _ if args.statistics => Box::new(report::patterns::Statistics::new(settings.rule_set())),
        CheckFormat::Human => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            Box::new(report::human::Human {
                style: Style { color },
            })
        }
        CheckFormat::Json => Box::new(report::json::Json::default()),
        CheckFormat::Sarif => Box::new(report::sarif::Sarif::default()),
        CheckFormat::Github => Box::new(report::github::Github),
    };
    let failing = match args.deny {
        Some(Deny::Notes) => Severity::Note,
        Some(Deny::Warnings) => Severity::Warning,
        None => settings.failing_severity(),
    };
    let mut matcher = baseline.as_ref().map(Baseline::matcher);
    let mut summary = Summary::of_plan(plan);
    let mut failed = false;
    let mut seen: Vec<String> = Vec::new();
    // Each group's findings are printed as soon as they and those of the
    // groups before them are known, so no run holds all of them.
    let mut out = BarStdout::new(&bar);
    let mut written = Ok(());
    let failures = project.check(&progress, &mut |mut found| {
        if !filters.patterns.is_empty() {
            found.retain(|d| {
                let id = d.pattern_id();
                let wanted = listed_pattern(&filters.patterns, &id);
                if wanted {
                    seen.push(id);
                }
                wanted
            });
        }
        if let Some(matcher) = &mut matcher {
            summary.baselined += matcher.filter(&mut found);
        }
        summary.add(&found);
        failed |= found.iter().any(|d| d.severity >= failing);
        if written.is_ok() {
            written = report.findings(&mut out, &found);
        }
    });
    bar.finish_and_clear();
    warn_unmatched(&filters.patterns, &seen);
    if written.is_ok() {
        written = report.finish(&mut out, &summary).and_then(|()| out.flush());
    }
    match written {
        // A closed pipe (`| head`) is not an error.
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(CliError::Output(err));
        }
        _ => {}
    }
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("error: {}", printable(&failure.to_string()));
        }
        return Ok(ExitCode::from(2));
    }
    if let (Some(matcher), Some(path), true) =
        (&matcher, &args.baseline, filters.patterns.is_empty())
    {
        // Entries of fixed findings would let them come back unseen.
        let rules = settings.rule_set();
        let ran = |code: &str, locale: &str| {
            rules.rules.iter().any(|(rule, _)| rule.code == code) && rules.locale_enabled(locale)
        };
        let left = matcher.unmatched(ran);
        if left > 0 && !args.tree.quiet {
            let (entries, match_) = match left {
                1 => ("entry", "matches"),
                _ => ("entries", "match"),
            };
            eprintln!(
                "note: {left} {entries} of baseline `{}` {match_} no finding now (fixed since): `--write-baseline` writes it again without them",
                printable(&path.display().to_string())
            );
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Standard output, buffered, and written around the progress bar so
/// that the two never mix on a terminal.
struct BarStdout<'b> {
    buffer: Vec<u8>,
    bar: &'b indicatif::ProgressBar,
}

impl BarStdout<'_> {
    const CAPACITY: usize = 1 << 16;

    fn new(bar: &indicatif::ProgressBar) -> BarStdout<'_> {
        BarStdout {
            buffer: Vec::with_capacity(BarStdout::CAPACITY),
            bar,
        }
    }
}

impl Write for BarStdout<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= BarStdout::CAPACITY {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let buffer = &mut self.buffer;
        self.bar.suspend(|| {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(buffer).and_then(|()| stdout.flush())
        })?;
        buffer.clear();
        Ok(())
    }
}

fn run_build(args: &BuildArgs) -> Result<ExitCode, CliError> {
    let started = std::time::Instant::now();
    let project = open(&args.tree, args.site.config.as_deref(), Settings::default())?;
    let options = site_options(&args.site, &args.output, args.no_cache, args.force);
    let bar = progress_bar(&project.plan, args.tree.quiet);
    let built = project.build(&options, &|| bar.inc(1));
    bar.finish_and_clear();
    let built = built?;
    if !args.tree.quiet {
        let report = &built.report;
        for note in &report.notes {
            eprintln!("note: {}", printable(note));
        }
        if args.site.base_url == cli::DEFAULT_BASE_URL {
            eprintln!(
                "note: sitemap.xml's URLs start with the placeholder {}: give the site's public URL with --base-url",
                cli::DEFAULT_BASE_URL
            );
        }
        let written = format!(
            "{}, {:.1} MB",
            report::plural(report.files, "file"),
            report.bytes as f64 / 1e6
        );
        let pages = report::plural(report.pages, "page");
        let output = args.output.display().to_string();
        let output = printable(&output);
        let seconds = started.elapsed().as_secs_f64();
        match built.incremental {
            // What it wrote is what changed, not the site.
            true => eprintln!(
                "built {pages} into `{output}` in {seconds:.2} s; {} of {} page groups unchanged since the last build ({written} written)",
                built.reused, built.groups
            ),
            false => eprintln!("built {pages} ({written}) into `{output}` in {seconds:.2} s"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The build options of `site` (what `build` and `serve` share).
pub(crate) fn site_options(
    site: &cli::SiteArgs,
    output: &std::path::Path,
    no_cache: bool,
    force: bool,
) -> sxsdoc::site::BuildOptions {
    sxsdoc::site::BuildOptions {
        output: output.to_path_buf(),
        templates: site.templates.clone(),
        base_url: site.base_url.clone(),
        site_name: site.site_name.clone(),
        no_cache,
        force,
        qa: site.qa,
    }
}

/// A progress bar over the page groups of `plan`, on standard error when
/// it is a terminal (and not `--quiet`); hidden otherwise.
pub(crate) fn progress_bar(plan: &Plan, quiet: bool) -> indicatif::ProgressBar {
    let bar = if quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(plan.groups.len() as u64)
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {pos}/{len} page groups [{bar:30}] {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Opens the project at the docs root `tree` names, with the settings
/// file `config` (default: `sxsdoc.toml` there) and the command line's
/// settings on top, and prints the walk's notes.
pub(crate) fn open(
    tree: &TreeArgs,
    config: Option<&std::path::Path>,
    overrides: Settings,
) -> Result<Project, CliError> {
    set_jobs(tree)?;
    let options = OpenOptions {
        config: config.map(std::path::Path::to_path_buf),
        overrides,
        load: load_options(tree),
    };
    let project = Project::open(&tree.docs_dir(), &options)?;
    print_notes(tree, &project.plan.notes);
    Ok(project)
}

pub(crate) fn set_jobs(args: &TreeArgs) -> Result<(), CliError> {
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(jobs))
            .build_global()
            .map_err(|source| CliError::Threads { jobs, source })?;
    }
    Ok(())
}

pub(crate) fn load_options(args: &TreeArgs) -> LoadOptions {
    LoadOptions {
        max_page_bytes: args.max_page_size,
        ..LoadOptions::default()
    }
}

fn print_notes(args: &TreeArgs, notes: &[sxsdoc::load::Note]) {
    if !args.quiet {
        for note in notes {
            eprintln!(
                "note: {}: {}",
                printable(&note.path),
                printable(&note.message)
            );
        }
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
fn print(text: &str) -> Result<(), CliError> {
    print_with(|out| out.write_all(text.as_bytes()))
}

/// Runs `write` on buffered standard output, as [`print`] does.
pub(crate) fn print_with(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), CliError> {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Output(err)),
        _ => Ok(()),
    }
}

/// Writes `bytes` to a new file beside `path` and renames it over `path`:
/// a link planted at `path` is replaced, never written through.
fn write_replacing(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    // A name of its own, readable as any file the user writes.
    let mut file = sxsdoc::site::temp_file_in(folder).map_err(std::io::Error::other)?;
    file.write_all(bytes)?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}
