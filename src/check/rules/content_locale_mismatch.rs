//! SXS203: `ms.contentlocale` naming another locale than the folder.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ProblemKind;

pub const RULE: Rule = Rule {
    code: "SXS203",
    name: "content-locale-mismatch",
    severity: Severity::Error,
    summary: "`ms.contentlocale` differs from the page's locale folder",
    doc: r#"## What it does
Compares the front matter's `ms.contentlocale` with the locale folder the
page is in.

## Fix
No automatic fix: either the folder or `ms.contentlocale` is wrong, and only a person knows which.

## Why is this bad
The page was copied from another locale or misfiled: readers of this
locale get the wrong language, and `<html lang>` and search engines are
told the wrong one.

## Example
`docs/es-ES/…/page.md` with `ms.contentlocale: es-MX`: move the page to
`docs/es-MX/`, or fix the key."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    super::report_problems(group, rule, &[ProblemKind::LocaleMismatch], out);
}
