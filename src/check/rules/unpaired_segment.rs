//! SXS101: a segment whose translation or source half is missing.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ProblemKind;

pub const RULE: Rule = Rule {
    code: "SXS101",
    name: "unpaired-segment",
    severity: Severity::Error,
    summary:
        "a translation span without its English source span, or the reverse, or a span never closed",
    doc: r#"## What it does
Finds side-by-side markup that is not a complete pair: a
`<span data-ttu-id>` translation without the `<span class="sxs-lookup">`
source after it, a source span with no translation before it, or a span
that is never closed.

## Fix
No automatic fix: the segment markup itself is broken; the localization pipeline must export the page again.

## Why is this bad
The English source is what reviewers and readers check a translation
against; without it the segment cannot be checked, and an unclosed span
swallows the rest of the paragraph when the page is rendered.

## Example
```html
<span data-ttu-id="04650-105">Пока не задокументировано.</span>
```
Use instead:
```html
<span data-ttu-id="04650-105">Пока не задокументировано.</span><span class="sxs-lookup"><span data-stu-id="04650-105">Not yet documented</span></span>
```"#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let kinds = [
        ProblemKind::UnpairedTranslation,
        ProblemKind::OrphanSource,
        ProblemKind::UnclosedSpan,
    ];
    super::report_problems(group, rule, &kinds, out);
}
