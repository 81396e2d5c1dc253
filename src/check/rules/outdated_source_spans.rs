//! SXS305: English source spans older than the translation beside them.

use super::permission_changed::{compare_rows, Blame};
use crate::check::{Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "SXS305",
    name: "outdated-source-spans",
    severity: Severity::Warning,
    summary: "the English source spans beside a translation list other permissions than it, and other locales' translations list the same as it: the English is the outdated side",
    doc: r#"## What it does
Compares each row of the permissions table, and each sentence of the
permissions section, as the reader sees it with its English source, as
SXS002 does. When the translation lists well-formed scopes
(`Organization.Read.All`, not `Organization. Read. ALL`) that another
locale's translation of the same row, or of the same English sentence,
lists too, the translation was not damaged: the translation memory gave it a
newer translation than the English it stands beside. The English
source spans are the outdated side, and this rule reports them, at the
English scope, instead of SXS002.

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
    check,
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    compare_rows(group, rule, Blame::English, out);
}
