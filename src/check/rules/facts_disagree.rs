//! SXS301: a page without source spans whose facts differ from the others.

use crate::check::compare::{differences, fact_diagnostic, PageFacts};
use crate::check::group::handoff;
use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "SXS301",
    name: "locale-facts-disagree",
    severity: Severity::Error,
    summary: "a locale states endpoints, permissions or a response code other than the English source of the page",
    doc: r#"## What it does
For a page that has no source spans of its own (a plain translation),
compares what its readers see with the newest English source among the
page's other locales.

Pages with source spans are checked against their own source by the
`*-changed` rules, and locales translated from an older source are
reported by `outdated-source-facts`, so each disagreement is reported
once, under its cause.

## Fix
No automatic fix: the page has no English of its own to repair it from; hand it off again.

## Why is this bad
Readers of one language would call the API differently from everyone
else, and no English text on the page shows them the difference.

## Example
pt-BR lists `User.ReadBasic.All` for `Application`; the English source
(ru-RU, 07/31/2019) says `Not supported.`"#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let Some(reference) = group.reference() else {
        return;
    };
    let Some(reference_facts) = &reference.source_facts else {
        return;
    };
    for page in group.pages.iter().filter(|p| p.source_facts.is_none()) {
        let here = PageFacts {
            facts: &page.facts,
            labelled: false,
        };
        let there = PageFacts {
            facts: reference_facts,
            labelled: true,
        };
        for (fact, diff) in differences(here, there) {
            let message = format!(
                "{}'s {} {} but the English source ({}) has {}",
                page.locale, diff.subject, diff.here, reference.locale, diff.there
            );
            let there = format!("the English source ({})", reference.locale);
            let mut diagnostic =
                fact_diagnostic(rule, page, reference, fact, &diff, message, there);
            if handoff(page) < handoff(reference) {
                diagnostic.notes.push(format!(
                    "note: {} was handed off before {}; it may be translated from an older source",
                    page.locale, reference.locale
                ));
            }
            out.push(diagnostic);
        }
    }
}
