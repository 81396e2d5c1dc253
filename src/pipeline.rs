//! One pass over a docs tree, group by group: read, check and (for a
//! build) render each page group, then drop it. Memory follows the
//! largest page group, not the corpus.

use crate::check::{self, Settings};
use crate::diagnostic::Diagnostic;
use crate::site::{BuildOptions, BuildReport, Builder};
use crate::tree::Plan;
use rayon::prelude::*;

/// What a run produced.
#[derive(Debug)]
pub struct Run {
    /// Sorted by page, locale, position and rule.
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub groups: usize,
    pub build: Option<BuildReport>,
}

/// Checks every group and, with `build`, renders the site. `progress` is
/// called once per finished group, from any thread.
pub fn run(
    plan: &Plan,
    settings: &Settings,
    build: Option<&BuildOptions>,
    progress: &(dyn Fn() + Sync),
) -> Result<Run, String> {
    let builder = match build {
        Some(options) => Some(Builder::start(
            options,
            &plan.root,
            &plan.locales,
            &plan.pages(),
        )?),
        None => None,
    };
    let results: Vec<_> = plan
        .groups
        .par_iter()
        .map(|files| {
            let group = plan.load(files);
            let diagnostics = check::check_group(&group, &plan.locales, settings);
            let summary = match &builder {
                Some(builder) => Some(builder.page_group(&group, &diagnostics)?),
                None => None,
            };
            progress();
            Ok((diagnostics, summary))
        })
        .collect::<Result<_, String>>()?;
    let mut diagnostics = Vec::new();
    let mut summaries = Vec::new();
    for (found, summary) in results {
        diagnostics.extend(found);
        summaries.extend(summary);
    }
    check::sort(&mut diagnostics);
    let build = match builder {
        Some(builder) => Some(builder.finish(summaries, &diagnostics)?),
        None => None,
    };
    Ok(Run {
        diagnostics,
        pages: plan.page_count(),
        groups: plan.groups.len(),
        build,
    })
}
