//! SXS102: a source span whose id is not its translation's.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ProblemKind;

pub const RULE: Rule = Rule {
    code: "SXS102",
    name: "segment-id-mismatch",
    severity: Severity::Error,
    summary: "a source span's `data-stu-id` differs from its translation's `data-ttu-id`",
    doc: r#"## What it does
Finds a segment whose English source span carries another id than its
translation span.

## Fix
No automatic fix: which id is right is the localization pipeline's to say; export the page again.

## Why is this bad
The ids tie a translation to the source it was made from in the
translation memory; a mismatch means one of the two was edited by hand or
pasted from another segment, so the pair may not say the same thing.

## Example
```html
<span data-ttu-id="04650-126">…</span><span class="sxs-lookup"><span data-stu-id="04650-999">…</span></span>
```
Use the same id on both halves."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    super::report_problems(group, rule, &[ProblemKind::IdMismatch], out);
}
