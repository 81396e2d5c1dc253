//! `fix`: every group checked and each page's fixes applied (see
//! [`crate::fix`]), handed on in group order to be written in place or
//! shown as a diff.

use super::{each_group, GroupPanic};
use crate::check::{self, Settings};
use crate::diagnostic::{listed_pattern, Diagnostic};
use crate::fix::{apply_bytes, fix_page, PageFix, Refused};
use crate::plan::Plan;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// What `fix` repairs.
#[derive(Debug, Clone, Default)]
pub struct FixOptions {
    /// Apply the fixes a person should look at too.
    pub unsafe_fixes: bool,
    /// Only the findings of these pattern ids (`SXS005-3fa2c1d9`); empty
    /// means every pattern.
    pub patterns: Vec<String>,
}

/// One group's findings and what fixing its pages made.
#[derive(Debug)]
pub struct GroupFixes {
    /// Every finding of the group that the settings and patterns select.
    pub findings: Vec<Diagnostic>,
    pub pages: Vec<FixedPage>,
    /// Pages with fixes left as they are, and why.
    pub refused: Vec<(String, Refused)>,
}

/// A page with its fixes applied (not yet written).
#[derive(Debug)]
pub struct FixedPage {
    /// The file on disk.
    pub file: PathBuf,
    /// The file as shown to people.
    pub shown: String,
    /// The page's text as it was read.
    pub before: String,
    pub fix: PageFix,
}

/// Why a fixed page was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("`{}` changed since it was read; run fix again", .0.display())]
    Changed(PathBuf),
    #[error("could not write `{}`: {}", .0.display(), .1)]
    Io(PathBuf, #[source] std::io::Error),
}

/// Checks every group and fixes its pages, handing each group's result
/// to `take` in path order on the calling thread.
pub fn fix(
    plan: &Plan,
    settings: &Settings,
    options: &FixOptions,
    progress: &(dyn Fn() + Sync),
    take: &mut dyn FnMut(GroupFixes),
) -> Vec<GroupPanic> {
    let rules = settings.rule_set();
    let files = plan.project_files();
    let wanted = |d: &Diagnostic| {
        options.patterns.is_empty() || listed_pattern(&options.patterns, &d.pattern_id())
    };
    each_group(
        plan,
        progress,
        |group| {
            let mut findings = check::check_group(group, &files, &rules);
            findings.retain(|d| wanted(d));
            let mut pages = Vec::new();
            let mut refused = Vec::new();
            for page in &group.pages {
                match fix_page(page, &findings, options.unsafe_fixes) {
                    Ok(Some(fix)) => pages.push(FixedPage {
                        file: page.file.clone(),
                        shown: page.display_path.clone(),
                        before: page.text.clone(),
                        fix,
                    }),
                    Ok(None) => {}
                    Err(why) => refused.push((page.display_path.clone(), why)),
                }
            }
            GroupFixes {
                findings,
                pages,
                refused,
            }
        },
        &mut |fixes| {
            take(fixes);
            ControlFlow::Continue(())
        },
    )
}

/// Writes `page` in place: its file's bytes with the edits made, every
/// other byte (a BOM, CRLF line ends) as it was, through a temporary file
/// beside it renamed over it, with the file's permissions. Refused when
/// the file is no longer what was read.
pub fn write_fixed(page: &FixedPage) -> Result<(), WriteError> {
    let io = |err| WriteError::Io(page.file.clone(), err);
    let bytes = std::fs::read(&page.file).map_err(io)?;
    let same = bytes.len() == page.before.len()
        && page.fix.edits.iter().all(|edit| {
            bytes.get(edit.span.clone()) == page.before.as_bytes().get(edit.span.clone())
        });
    if !same {
        return Err(WriteError::Changed(page.file.clone()));
    }
    let fixed = apply_bytes(&bytes, &page.fix.edits);
    let folder = page.file.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&page.file).map_err(io)?.permissions();
    let mut temporary = tempfile::NamedTempFile::new_in(folder).map_err(io)?;
    temporary.write_all(&fixed).map_err(io)?;
    temporary.flush().map_err(io)?;
    std::fs::set_permissions(temporary.path(), permissions).map_err(io)?;
    temporary
        .persist(&page.file)
        .map_err(|err| WriteError::Io(page.file.clone(), err.error))?;
    Ok(())
}

/// A unified diff of `page`, as `diff -u` and `ruff --diff` print it.
pub fn diff(page: &FixedPage) -> String {
    similar::TextDiff::from_lines(&page.before, &page.fix.text)
        .unified_diff()
        .context_radius(3)
        .header(&page.shown, &page.shown)
        .to_string()
}
