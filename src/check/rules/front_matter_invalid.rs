//! SXS201: front matter that cannot be read.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ProblemKind;

pub const RULE: Rule = Rule {
    code: "SXS201",
    name: "front-matter-invalid",
    severity: Severity::Error,
    summary: "front matter that is not valid YAML, has wrong types, or is never closed",
    doc: r#"## What it does
Finds a leading `---` block that is not valid YAML, whose keys have the
wrong type (`title: [1, 2]`), that repeats a key, or that never closes.

## Fix
No automatic fix: the front matter must be rewritten by hand.

## Why is this bad
The publishing pipeline drops or misfiles a page whose metadata it cannot
read, and the localization metadata (`ms.contentlocale`, hand-off dates)
that the other checks rely on is lost.

## Example
```yaml
---
title: Действие disconnect
ms.prod: [Intune
---
```
Close the list, or quote the value: `ms.prod: Intune`."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let kinds = [
        ProblemKind::FrontMatterYaml,
        ProblemKind::FrontMatterUnclosed,
    ];
    super::report_problems(group, rule, &kinds, out);
}
