//! `sxsdoc fix`: check, repair in place what the English proves (or print
//! the diff), and say per pattern what was fixed and what is left.

use crate::cli::FixArgs;
use crate::{open, progress_bar, CliError};
use std::io::Write;
use std::process::ExitCode;
use sxsdoc::pipeline::{self, FixOptions};
use sxsdoc::report::{patterns::PatternTally, printable};

pub fn run_fix(args: &FixArgs) -> Result<ExitCode, CliError> {
    let filters = &args.filters;
    filters.check_patterns()?;
    let project = open(&args.tree, filters.config.as_deref(), filters.settings())?;
    let failing = project.settings.failing_severity();
    let options = FixOptions {
        unsafe_fixes: args.unsafe_fixes,
        patterns: filters.patterns.clone(),
    };
    let bar = progress_bar(&project.plan, args.tree.quiet);
    let mut tally = PatternTally::default();
    let mut files = 0;
    let mut problems: Vec<String> = Vec::new();
    let mut failed = false;
    let mut seen = Vec::new();
    // Diffs are printed as each group's come, in path order.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut written = Ok(());
    let failures = project.fix(&options, &|| bar.inc(1), &mut |group| {
        let mut fixed = Vec::new();
        for page in &group.pages {
            if args.diff {
                if written.is_ok() {
                    written = out.write_all(pipeline::diff(page).as_bytes());
                }
            } else if let Err(err) = pipeline::write_fixed(page) {
                problems.push(err.to_string());
                continue;
            }
            files += 1;
            fixed.extend(page.fix.fixed.iter().copied());
        }
        for (file, why) in &group.refused {
            problems.push(format!("{file}: {why}"));
        }
        failed |= group
            .findings
            .iter()
            .enumerate()
            .any(|(n, d)| d.severity >= failing && !fixed.contains(&n));
        if !filters.patterns.is_empty() {
            seen.extend(group.findings.iter().map(|d| d.pattern_id()));
        }
        tally.add(&group.findings, &fixed);
    });
    bar.finish_and_clear();
    match written.and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not an error.
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(CliError::Output(err));
        }
        _ => {}
    }
    if !args.tree.quiet {
        let changed = match (args.diff, files) {
            (true, 1) => "would change 1 file".to_string(),
            (true, n) => format!("would change {n} files"),
            (false, 1) => "changed 1 file".to_string(),
            (false, n) => format!("changed {n} files"),
        };
        eprintln!("{}{changed}", tally.render_fixes(args.diff));
    }
    crate::warn_unmatched(&filters.patterns, &seen);
    for problem in &problems {
        eprintln!("warning: {}", printable(problem));
    }
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("error: {}", printable(&failure.to_string()));
        }
        return Ok(ExitCode::from(2));
    }
    // As `ruff --fix`: 1 when findings that fail the run are left; with
    // `--diff`, when there is something to fix.
    let something = if args.diff { files > 0 } else { failed };
    Ok(if something {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
