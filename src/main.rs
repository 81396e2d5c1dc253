//! The `sxsdoc` command: parse arguments, run the library, map the outcome
//! to an exit code (0 clean, 1 findings, 2 the tool could not do its job).

mod cli;

use clap::Parser;
use cli::{Cli, Command, FactsFormat, TreeArgs};
use std::io::Write;
use std::process::ExitCode;
use sxsdoc::tree::{load_docs, Docs, LoadOptions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Facts(args) => {
            let docs = load(&args.tree)?;
            let out = match args.format {
                FactsFormat::Json => sxsdoc::report::facts::json(&docs),
                FactsFormat::Text => sxsdoc::report::facts::text(&docs),
            };
            print(&out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load(args: &TreeArgs) -> Result<Docs, String> {
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .map_err(|err| format!("cannot start {jobs} worker threads: {err}"))?;
    }
    let options = LoadOptions {
        max_page_bytes: args.max_page_size,
    };
    let docs = load_docs(&args.docs_dir, &options).map_err(|err| err.to_string())?;
    for note in &docs.notes {
        eprintln!("note: {}: {}", note.path, note.message);
    }
    Ok(docs)
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write output: {err}"))
        }
        _ => Ok(()),
    }
}
