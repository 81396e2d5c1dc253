//! `sxsdoc export`: every locale's segment pairs, a file per locale.

use crate::cli::{ExportArgs, ExportFormat};
use crate::{open, progress_bar, CliError};
use rayon::prelude::*;
use std::io::Write;
use std::process::ExitCode;
use sxsdoc::check::Settings;
use sxsdoc::export::{po, tmx, xliff, ExportOptions};
use sxsdoc::report::{plural, printable};

pub fn run_export(args: &ExportArgs) -> Result<ExitCode, CliError> {
    if args.stale_only && args.format == ExportFormat::Tmx {
        return Err(CliError::StaleMemory);
    }
    // The locales are those `check --locale` takes, refused as it refuses
    // them when the docs lack one.
    let selected = Settings {
        locales: crate::cli::list(&args.locales),
        ..Settings::default()
    };
    let project = open(&args.tree, None, selected)?;
    if let ([locale], true) = (project.plan.locales.as_slice(), args.stale_only) {
        // Nothing could ever be found behind: say why, not "nothing".
        return Err(CliError::StaleAlone {
            locale: locale.clone(),
            root: project.plan.root.clone(),
        });
    }
    let rules = project.settings.rule_set();
    let options = ExportOptions {
        // As the docs spell them (`--locale de-de` is de-DE).
        locales: (project.plan.locales.iter())
            .filter(|locale| rules.locale_enabled(locale))
            .cloned()
            .collect(),
        stale_only: args.stale_only,
        exclude_damaged: args.exclude_damaged,
    };
    // Never into the docs: the output would be read as pages next time.
    // Known before any folder of it is made, so a refused one leaves none.
    let root = std::fs::canonicalize(&project.plan.root).map_err(CliError::Output)?;
    let output = sxsdoc::site::resolved(&args.output)
        .map_err(|err| CliError::Output(std::io::Error::other(err.to_string())))?;
    if output.starts_with(&root) || root.starts_with(&output) {
        return Err(CliError::Output(std::io::Error::other(format!(
            "`{}` is in the docs, or holds them: export somewhere else",
            args.output.display()
        ))));
    }
    std::fs::create_dir_all(&args.output).map_err(CliError::Output)?;
    let bar = progress_bar(&project.plan, args.tree.quiet);
    let (memories, failures) = project.export(&options, &|| bar.inc(1));
    bar.finish_and_clear();
    let extension = match args.format {
        ExportFormat::Tmx => "tmx",
        ExportFormat::Xliff => "xlf",
        ExportFormat::Po => "po",
    };
    // The locales selected that have nothing to export, and why.
    let empty: Vec<&str> = project
        .plan
        .locales
        .iter()
        .filter(|locale| options.locales.is_empty() || options.locales.contains(locale))
        .filter(|locale| !memories.iter().any(|(l, _)| l == *locale))
        .map(String::as_str)
        .collect();
    let why_empty = (!empty.is_empty()).then(|| {
        let them = if empty.len() == 1 { "it" } else { "them" };
        match options.stale_only {
            true => format!(
                "nothing for {}: no segment of {them} is behind the newest English with words to translate (`--stale-only`)",
                empty.join(", "),
            ),
            false => format!(
                "nothing for {}: no page of {them} has side-by-side source spans (a translation memory pairs each segment with its English)",
                empty.join(", "),
            ),
        }
    });
    // A locale a thread: each file is written whole, then renamed.
    let written: Vec<Result<String, CliError>> = memories
        .into_par_iter()
        .map(|(locale, mut memory)| {
            let pairs = memory.pairs;
            let units = memory.units();
            let revised = memory.revised.as_deref();
            let mut file = tempfile::NamedTempFile::new_in(&output).map_err(CliError::Output)?;
            {
                let mut out = std::io::BufWriter::new(file.as_file_mut());
                match args.format {
                    ExportFormat::Tmx => tmx::write(&mut out, &locale, &units),
                    ExportFormat::Xliff => xliff::write(&mut out, &locale, &units),
                    ExportFormat::Po => po::write(&mut out, &locale, revised, &units),
                }
                .and_then(|()| out.flush())
                .map_err(CliError::Output)?;
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = file
                    .as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644));
            }
            file.persist(output.join(format!("{locale}.{extension}")))
                .map_err(|err| CliError::Output(err.error))?;
            Ok(format!(
                "{locale} {} ({})",
                plural(units.len(), "unit"),
                plural(pairs, "pair")
            ))
        })
        .collect();
    let mut said = written
        .into_iter()
        .collect::<Result<Vec<String>, CliError>>()?;
    said.extend(why_empty);
    if !args.tree.quiet {
        eprintln!(
            "exported into `{}`: {}",
            printable(&args.output.display().to_string()),
            said.join("; ")
        );
    }
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("error: {}", printable(&failure.to_string()));
        }
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
