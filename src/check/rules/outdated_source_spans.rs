//! SXS305: English source spans older than the translation beside them.

use super::permission_changed::{compare, Blame};
use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "SXS305",
    name: "outdated-source-spans",
    severity: Severity::Warning,
    summary: "the English source spans beside a translation list other permissions than it, and other locales' translations list the same as it: the English is the outdated side",
    doc: r#"## What it does
Compares each row of the permissions table, and each sentence of the
permissions section, as the reader sees it with its English source, as
SXS002 does. When every scope the translation has where its English
differs is well-formed (`Organization.Read.All`, not `Organization.
Read. ALL`), and another locale's translation lists exactly the same
scopes in the row of the same permission type (or in the sentence with
the same English, word for word: a locale handed off with another
English does not count), the translation was not damaged: the
translation memory gave it a newer translation than the English it
stands beside. The English source spans are the outdated side, and this
rule reports them instead of SXS002: at the English scope the
translation replaced, or at the English text when the translation only
adds scopes.

## Fix
No automatic fix: `sxsdoc fix` never changes the English. Bring the
page's English source spans up to date with the current English page
(a new hand-off does), and check the translation against it.

## Why is this bad
The page contradicts itself: its readers see one set of scopes, and
its English, shown one click away, another. The English is also what
sxsdoc checks the translation against, so the page cannot be checked
until it is current. Fixing the translation to match its English, as
SXS002 would suggest, would make it wrong.

## Example
ja-JP and ru-RU, handed off together, both translate the Application
row as `Organization.Read.All`, while the English spans beside each of
them say `Group.Read.All` (today's English page says
`Organization.Read.All`)."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    compare(group, rule, Blame::English, out);
}
