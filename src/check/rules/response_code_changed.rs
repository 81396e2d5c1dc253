//! SXS003: a translation that states another success code than its source.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Fact, Severity};

pub const RULE: Rule = Rule {
    code: "SXS003",
    name: "response-code-changed",
    severity: Severity::Error,
    summary: "the translation's success response code differs from its own English source",
    doc: r#"## What it does
Compares the success status code the Response section states in the
translation with the one its English source states, and reports a
translation that lost the code.

## Fix
No automatic fix: the code is stated in prose; copy it from the English source beside it.

## Why is this bad
Clients branch on the status code; a translation that says `200` where the
service returns `204` makes readers write code that treats success as an
error.

## Example
```markdown
<span data-ttu-id="1">…возвращает код отклика `200 OK`.</span><span class="sxs-lookup"><span data-stu-id="1">…returns a `204 No Content` response code.</span></span>
```"#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for page in group.pages {
        let Some(source) = &page.source_facts else {
            continue;
        };
        let Some(expected) = &source.response_code else {
            continue;
        };
        let (span, message) = match &page.facts.response_code {
            Some(shown) if shown.value == expected.value => continue,
            Some(shown) => (
                shown.span.clone(),
                format!(
                    "translation states response code {} but its English source states {}",
                    shown.value, expected.value
                ),
            ),
            None => (
                expected.span.clone(),
                format!(
                    "translation does not state the response code {} its English source states",
                    expected.value
                ),
            ),
        };
        let mut diagnostic = rule.at(page, span, message);
        diagnostic.fact = Some(Fact::ResponseCode);
        diagnostic.key = format!(
            "{:?}->{}",
            page.facts.response_code.as_ref().map(|c| c.value),
            expected.value
        );
        out.push(diagnostic);
    }
}
