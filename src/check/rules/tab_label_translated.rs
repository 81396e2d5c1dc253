//! SXS006: the label of a docfx code tab, a language's or protocol's
//! name, translated.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::tabs::{folded, is_name, tab_labels, TabLabel};

pub const RULE: Rule = Rule {
    code: "SXS006",
    name: "tab-label-translated",
    severity: Severity::Warning,
    summary: "a code tab's label, a language or protocol name, was translated",
    doc: r#"## What it does
Reads the labels of docfx's tabs (`# [HTTP](#tab/http)`, `# [C#](#tab/csharp)`)
whose English is the name of a programming language, a protocol or a
platform (HTTP, C#, JavaScript, Objective-C, Java, Go, PowerShell, PHP,
Python, Ruby, Android, iOS, ...), and reports a translation whose label
is not that name (letter case and punctuation apart: `JavaScript` for
`Javascript` is fine).

Tabs of other kinds (`# [Azure portal](#tab/portal)`) may be translated
and are not read.

## Fix
Safe: the label is replaced by its English name (`目的-C` → `Objective-C`).

## Why is this bad
The label is what a reader picks a code sample by. Machine translation
reads the names as words: `Objective-C` becomes `目的-C` ("purpose-C"),
`Objetivo-C` or `Цель — C`, and `HTTP` becomes `プロトコル` ("protocol"):
no reader looks for the sample under those names.

## Example
```markdown
# [<span data-ttu-id="1">Цель — C</span><span class="sxs-lookup"><span data-stu-id="1">Objective-C</span></span>](#tab/objc)
```
Use instead: `Objective-C`."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for page in group.pages {
        for TabLabel {
            translation,
            english,
            ..
        } in tab_labels(page)
        {
            let shown = page.text[translation.clone()].trim();
            let english = english.trim();
            if !is_name(english) || folded(shown) == folded(english) {
                continue;
            }
            let mut diagnostic = rule.at(
                page,
                translation.clone(),
                format!("tab label `{english}` is translated as `{shown}`"),
            );
            diagnostic.notes.push(
                "help: a language's or protocol's name is never translated; keep the English label"
                    .to_string(),
            );
            diagnostic.fix = Some(Fix::safe(vec![Edit {
                span: translation,
                replacement: english.to_string(),
            }]));
            diagnostic.pattern = format!("{english} → {shown}");
            diagnostic.key = format!("{english}|{shown}");
            out.push(diagnostic);
        }
    }
}
