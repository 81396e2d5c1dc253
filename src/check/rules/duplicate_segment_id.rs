//! SXS103: two segments with one id on a page.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ProblemKind;

pub const RULE: Rule = Rule {
    code: "SXS103",
    name: "duplicate-segment-id",
    severity: Severity::Warning,
    summary: "two segments on one page share an id",
    doc: r#"## What it does
Finds a segment id used more than once on the same page.

## Fix
No automatic fix: export the page again so each segment gets its own id.

## Why is this bad
Each segment id names one sentence of the English source. A repeated id
means a segment was copied by hand; translation tools will overwrite one
with the other at the next hand-off.

## Example
Two `<span data-ttu-id="04650-129">` pairs on one page: give the second
the id its source segment has in the translation memory."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    super::report_problems(group, rule, &[ProblemKind::DuplicateId], out);
}
