//! SXS202: a page without a `title`.

use crate::check::group::front_matter_key;
use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{FileKind, ProblemKind};

pub const RULE: Rule = Rule {
    code: "SXS202",
    name: "missing-title",
    severity: Severity::Warning,
    summary: "front matter without a `title`, or a page without front matter",
    doc: r#"## What it does
Finds pages whose front matter has no non-empty `title`, and pages with
no front matter at all.

## Fix
No automatic fix: the title is the translator's to write.

## Why is this bad
The title names the page in the browser tab, search results and the
site's navigation; without it readers see a file name.

## Example
```yaml
---
Titel: disconnect-Aktion
---
```
The key was translated: it must stay `title:`."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    // An include file is a fragment of the pages that include it, and a
    // redirect (`redirect_url`) is no page readers see.
    for page in group
        .pages
        .iter()
        .filter(|page| page.kind == FileKind::Page && !page.declares("redirect_url"))
    {
        let unreadable = page.problems.iter().any(|p| {
            matches!(
                p.kind,
                ProblemKind::FrontMatterYaml
                    | ProblemKind::FrontMatterUnclosed
                    | ProblemKind::Unreadable
                    | ProblemKind::Encoding
                    | ProblemKind::TooLarge
            )
        });
        if unreadable {
            continue;
        }
        let (message, span) = match page.front_matter.as_ref().map(|fm| fm.title.as_deref()) {
            None => (
                "page has no front matter; expected a `---` block with at least `title`",
                0..0,
            ),
            Some(None) => ("front matter has no `title`", 0..0),
            Some(Some(title)) if title.trim().is_empty() => (
                "front matter has an empty `title`",
                front_matter_key(page, "title"),
            ),
            Some(Some(_)) => continue,
        };
        let mut diagnostic = rule.at(page, span, message.to_string());
        if let Some(fm) = &page.front_matter {
            if let Some(key) = fm.extra.keys().find(|k| looks_like_title(k)) {
                diagnostic.notes.push(format!(
                    "help: `{key}:` looks like a translated `title:` key"
                ));
            }
        }
        diagnostic.key = message.to_string();
        out.push(diagnostic);
    }
}

fn looks_like_title(key: &str) -> bool {
    let key = key.to_lowercase();
    [
        "titel",
        "titre",
        "título",
        "titulo",
        "titolo",
        "заголовок",
        "название",
        "タイトル",
    ]
    .contains(&key.as_str())
}
