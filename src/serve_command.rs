//! `sxsdoc serve`: the options, and what the server says on standard
//! error as it goes.

use crate::cli::ServeArgs;
use crate::{load_options, set_jobs, site_options, CliError};
use std::io::Write;
use std::process::ExitCode;
use sxsdoc::check::Settings;
use sxsdoc::project::OpenOptions;
use sxsdoc::report::{human::Style, plural, printable, Report};
use sxsdoc::serve::{serve, Progress, ServeOptions};

pub(crate) fn run_serve(args: &ServeArgs) -> Result<ExitCode, CliError> {
    set_jobs(&args.tree)?;
    let open = OpenOptions {
        config: args.site.config.clone(),
        overrides: Settings::default(),
        load: load_options(&args.tree),
    };
    let output = args.output.clone().unwrap_or_default();
    let options = ServeOptions {
        root: args.tree.docs_dir(),
        open,
        site: site_options(&args.site, &output, false, false),
        keep_output: args.output.is_some(),
        address: std::net::SocketAddr::new(args.bind, args.port),
    };
    let quiet = args.tree.quiet;
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: the site, and every page of the docs it shows, can be read from the network",
            args.bind
        );
    }
    let mut first = true;
    serve(&options, &mut |progress| match progress {
        Progress::Listening { address, folder } => {
            let url = format!("http://{address}/");
            // The one line a script waits for, even when quiet.
            eprintln!(
                "serving {url} (site in `{}`); Ctrl-C to stop",
                folder.display()
            );
            if args.open {
                if let Err(err) = opener::open_browser(&url) {
                    eprintln!("warning: cannot open a browser: {err}");
                }
            }
        }
        Progress::Built {
            changed,
            outcome,
            took,
            findings,
        } => {
            let when = match (first, changed) {
                (true, _) => "built".to_string(),
                (false, few @ [_, ..]) if few.len() <= 3 => {
                    // As typed from here, when under the current folder.
                    let here = std::env::current_dir().unwrap_or_default();
                    let named: Vec<String> = few
                        .iter()
                        .map(|file| file.strip_prefix(&here).unwrap_or(file))
                        .map(|file| format!("`{}`", printable(&file.display().to_string())))
                        .collect();
                    format!("{} changed: built", named.join(", "))
                }
                (false, _) => format!("{} changed: built", plural(changed.len(), "file")),
            };
            let saved = !first;
            first = false;
            match outcome {
                Ok(built) if !quiet => eprintln!(
                    "{when} {} in {} ms ({} of {} rendered)",
                    plural(built.report.pages, "page"),
                    took.as_millis(),
                    built.groups - built.reused,
                    plural(built.groups, "page group")
                ),
                Ok(_) => {}
                Err(why) => eprintln!("error: the site was not built: {}", printable(why)),
            }
            print_findings(findings, saved && !quiet);
        }
        Progress::WatchFailed(why) => eprintln!("warning: watching files: {}", printable(why)),
        Progress::Notes(notes) if !quiet => {
            for note in notes {
                eprintln!("note: {}", printable(note));
            }
        }
        Progress::Notes(_) => {}
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The errors and warnings among the findings of the pages just saved,
/// as `check` shows them, and how many notes there were; with `saved`,
/// that there were none, once a page is mended.
fn print_findings(findings: &[sxsdoc::diagnostic::Diagnostic], saved: bool) {
    let shown: Vec<_> = findings
        .iter()
        .filter(|d| d.severity >= sxsdoc::diagnostic::Severity::Warning)
        .cloned()
        .collect();
    let mut out = Vec::new();
    let mut human = sxsdoc::report::human::Human {
        style: Style { color: false },
    };
    let _ = human.findings(&mut out, &shown);
    let notes = findings.len() - shown.len();
    if notes > 0 {
        let _ = writeln!(
            out,
            "and {} in the saved pages (`sxsdoc check` lists them)",
            plural(notes, "note")
        );
    } else if findings.is_empty() && saved {
        let _ = writeln!(out, "no findings in the saved pages");
    }
    let _ = std::io::stderr().write_all(&out);
}
