//! SXS403: an `[!INCLUDE]` whose file this locale does not have.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::relative_path;
use crate::model::Block;

pub const RULE: Rule = Rule {
    code: "SXS403",
    name: "missing-include",
    severity: Severity::Warning,
    summary: "an `[!INCLUDE]` names a file this locale does not have",
    doc: r#"## What it does
Resolves every `[!INCLUDE [title](path)]` of a page as docfx does, from
the including file's folder, and reports one that names no file of the
page's locale (or a file outside its checkout). The finding is at the
`[!INCLUDE]` line of the page that names it, once.

## Fix
No automatic fix: add the include file to this locale, or point the include at one it has.

## Why is this bad
A localized build falls back to the English include, or shows nothing:
readers of this locale get an English fragment (code samples, a note) in
the middle of a translated page, or lose it.

## Example
```markdown
[!INCLUDE [sample-code](../includes/snippets/csharp/get-user-csharp-snippets.md)]
```
with no `includes/snippets/csharp/get-user-csharp-snippets.md` in this
locale: hand the include off with the page, or fix its path."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for page in group.pages {
        for block in &page.outline.blocks {
            let Block::Include { path, span, .. } = block else {
                continue;
            };
            let target = path.split(['#', '?']).next().unwrap_or("");
            let found = relative_path(&page.path, target)
                .is_some_and(|resolved| group.files.has(&page.locale, &resolved));
            if !found {
                let mut diagnostic = rule.at(
                    page,
                    span.clone(),
                    format!("include `{path}` names no file of this locale"),
                );
                diagnostic.key = path.clone();
                out.push(diagnostic);
            }
        }
    }
}
