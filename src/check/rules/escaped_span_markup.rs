//! SXS106: span markup whose quotes the localization pipeline escaped.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ProblemKind;

pub const RULE: Rule = Rule {
    code: "SXS106",
    name: "escaped-span-markup",
    severity: Severity::Error,
    summary: "segment span tags whose attribute quotes are escaped (`data-ttu-id=&quot;…&quot;`)",
    doc: r#"## What it does
Finds span tags of the side-by-side markup whose attribute quotes were
written as `&quot;`, and reports them once a page, with their count. The
segments are still read from them, so every other rule checks the page
as usual.

## Fix
No automatic fix: the localization pipeline escaped its own markup; export the page again.

## Why is this bad
A browser reads `class=&quot;sxs-lookup&quot;` as a class named
`&quot;sxs-lookup&quot;`, so the hidden English source shows in the
middle of the translation, and translation tools no longer see the
segments. One defect of the hand-off (the pipeline escaped its own
markup) would otherwise be reported as dozens of unpaired segments.

## Example
```markdown
<span data-ttu-id=&quot;a5ff5-172&quot;>Перевод</span><span class=&quot;sxs-lookup&quot;><span data-stu-id=&quot;a5ff5-172&quot;>Source</span></span>
```
Use instead: plain quotes, `<span data-ttu-id="a5ff5-172">`, as the
localization pipeline writes them."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    super::report_problems(group, rule, &[ProblemKind::EscapedMarkup], out);
}
