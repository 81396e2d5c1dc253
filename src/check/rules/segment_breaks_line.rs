//! SXS104: a segment broken across lines inside a table row or heading.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::{self, LineKind};
use crate::model::ProblemKind;

pub const RULE: Rule = Rule {
    code: "SXS104",
    name: "segment-breaks-line",
    severity: Severity::Error,
    summary: "a segment contains a line break inside a table row or heading",
    doc: r#"## What it does
Finds a segment that starts on a Markdown table row or heading line and
contains a line break; and, in a row already broken, the next segment
that starts on the line the break led to and breaks again.

## Fix
No automatic fix: join the segment's lines by hand, or export the page again.

## Why is this bad
Table rows and headings end at the line break: the row is cut in two (its
cells shift, a phantom row appears) or the heading loses the rest of its
text, and the English source ends up outside the table.

## Example
```markdown
|Application|<span data-ttu-id="a-116">Не поддерживается.
</span><span class="sxs-lookup"><span data-stu-id="a-116">Not supported.</span></span>|
```
Keep the whole pair on the row's line."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let start = out.len();
    super::report_problems(group, rule, &[ProblemKind::BrokenLine], out);
    for diagnostic in &mut out[start..] {
        let at = &diagnostic.location;
        let page = group
            .pages
            .iter()
            .find(|page| page.locale == at.locale && page.path == at.path);
        let on_heading = page.is_some_and(|page| {
            markdown::line_kind(&page.text, at.span.start) == Some(LineKind::Heading)
        });
        diagnostic.notes.push(note(on_heading).to_string());
    }
}

/// What the break does to the line the segment starts on.
fn note(on_heading: bool) -> &'static str {
    if on_heading {
        "note: a heading ends at its line's end: the rest of the segment and its English source render as a paragraph under it"
    } else {
        "note: a table row ends at its line's end: the rest of the segment and its English source render as a row of their own"
    }
}
