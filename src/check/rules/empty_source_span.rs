//! SXS105: a translated segment whose English source span is empty.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ProblemKind;

pub const RULE: Rule = Rule {
    code: "SXS105",
    name: "empty-source-span",
    severity: Severity::Warning,
    summary: "a translated segment's English source span is empty",
    doc: r#"## What it does
Finds a segment whose translation has words while its `sxs-lookup`
source span is empty: `<span data-stu-id="x"></span>`. A segment without
words (inline code, markup, a link whose text is its URL, punctuation)
is left out: the pipeline leaves its English empty and copies it into
the translation as it is, so nothing is lost.

## Fix
No automatic fix: the English is missing, so nothing proves what the translation should say.

## Why is this bad
The English source is what a translation is checked against, and what a
reader of the side-by-side page compares it with. An empty source span
is a hand-off that lost its English (the localization pipeline dropped a
source made only of inline code, for instance). Nothing about the
segment can be checked: its translation stands for both views, so no
other rule reads it as the English saying nothing.

## Example
```markdown
<span data-ttu-id="5be45-226">`$expand`:</span><span class="sxs-lookup"><span data-stu-id="5be45-226"></span></span>
```
Use instead: the English source text in the `data-stu-id` span, as the
translation memory has it."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    super::report_problems(group, rule, &[ProblemKind::EmptySource], out);
}
