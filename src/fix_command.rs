//! `sxsdoc fix`: check, repair in place what the English proves (or print
//! the diff), and say per pattern what was fixed and what is left.

use crate::cli::FixArgs;
use crate::{open, print_with, progress_bar, CliError};
use std::process::ExitCode;
use sxsdoc::pipeline::{self, FixOptions};
use sxsdoc::report::{patterns::PatternTally, printable};

pub fn run_fix(args: &FixArgs) -> Result<ExitCode, CliError> {
    let filters = &args.filters;
    let project = open(&args.tree, filters.config.as_deref(), filters.settings())?;
    let options = FixOptions {
        unsafe_fixes: args.unsafe_fixes,
        patterns: filters.patterns.clone(),
    };
    let bar = progress_bar(&project.plan, args.tree.quiet);
    let mut tally = PatternTally::default();
    let mut files = 0;
    let mut problems: Vec<String> = Vec::new();
    let mut diffs = String::new();
    let failures = project.fix(&options, &|| bar.inc(1), &mut |group| {
        let mut fixed = Vec::new();
        for page in &group.pages {
            if args.diff {
                diffs.push_str(&pipeline::diff(page));
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
        tally.add(&group.findings, &fixed);
    });
    bar.finish_and_clear();
    if args.diff {
        print_with(|out| out.write_all(diffs.as_bytes()))?;
    }
    let summary = tally.render_fixes(args.diff);
    let verb = if args.diff { "would change" } else { "changed" };
    eprintln!("{summary}{verb} {files} files");
    for problem in &problems {
        eprintln!("warning: {}", printable(problem));
    }
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("error: {}", printable(&failure.to_string()));
        }
        return Ok(ExitCode::from(2));
    }
    Ok(if args.diff && files > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
