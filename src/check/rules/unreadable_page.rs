//! SXS204: a page that could not be read as UTF-8 text.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ProblemKind;

pub const RULE: Rule = Rule {
    code: "SXS204",
    name: "unreadable-page",
    severity: Severity::Error,
    summary: "a page that is not UTF-8, contains NUL, is too large, or cannot be read whole",
    doc: r#"## What it does
Reports pages that could not be read as text: unreadable files, UTF-16
or invalid UTF-8, NUL characters, and pages over the size limit. A page
whose tables would have more than 10,000 empty cells filled in (a short
row under a wide header is padded to its width) is read up to that
table, which is reported: a few kilobytes of such rows would otherwise
make millions of cells.

## Fix
No automatic fix: the file must be saved again as UTF-8.

## Why is this bad
Nothing on such a page can be checked or published correctly; invalid
bytes show up as replacement characters on the site.

## Example
A page saved as UTF-16 by an editor: save it again as UTF-8. A table
whose header row has 2,000 columns over rows of one cell: give it the
columns its rows have."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let kinds = [
        ProblemKind::Unreadable,
        ProblemKind::Encoding,
        ProblemKind::TooLarge,
        ProblemKind::FilledCells,
    ];
    super::report_problems(group, rule, &kinds, out);
}
