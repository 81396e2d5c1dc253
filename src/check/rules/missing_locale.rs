//! SXS401: a page that some locales do not have.

use crate::check::group::list_locales;
use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{FileKind, Page};

pub const RULE: Rule = Rule {
    code: "SXS401",
    name: "missing-locale",
    severity: Severity::Warning,
    summary: "a page exists in some locales of the docs tree but not in others",
    doc: r#"## What it does
Lists, for every page, the locales of the docs tree that lack it. The
finding is reported on the page of the newest locale that has it (the
lacking locales have no file to point at), and `--locale` keeps it for
the locales it lacks as well: the CI of one locale's repository is told
which pages it is missing, at the page of a locale that has them.

A locale whose `.openpublishing.redirection.json` still leads the page's
path elsewhere, or whose page there is a redirection (`redirect_url` in
its front matter), removed the page on purpose: the finding then says so,
and that the locales which still have it may publish an obsolete page.

A locale with a YAML page of the same name (`index.yml`, a landing
page) has the page.

## Fix
No automatic fix: translate the page for the locales that lack it; or,
where the newer hand-offs removed it, remove it and add the redirection.

## Why is this bad
Readers of the missing locales follow links into a 404, or the site falls
back to another language without saying so.

## Example
`api/site-get.md` exists in ru-RU, pt-BR and ja-JP but not in de-DE and
es-ES."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    // An include file is in the locales whose pages include it; that is
    // for the pages to say.
    // A page whose front matter has a `redirect_url` is a redirection
    // (docfx publishes it as one), not a page to translate.
    let content = |page: &Page| page.kind == FileKind::Page && page.redirect_url().is_none();
    if !group.pages.iter().any(content) {
        return;
    }
    // A landing page of YAML (`index.yml`) publishes the same URL.
    let yaml = group
        .path
        .strip_suffix(".md")
        .map(|stem| format!("{stem}.yml"));
    let lacking = group
        .all_locales
        .iter()
        .map(String::as_str)
        .filter(|locale| {
            !group
                .pages
                .iter()
                .any(|p| p.locale == *locale && content(p))
                && !yaml
                    .as_ref()
                    .is_some_and(|yaml| group.files.has(locale, yaml))
        });
    // The project's files of a locale include the paths its redirections
    // lead from: a page it removed on purpose.
    let (removed, missing): (Vec<&str>, Vec<&str>) =
        lacking.partition(|locale| group.files.has(locale, group.path));
    let newest = group.newest().into_iter().find(|page| content(page));
    let Some(page) = newest.or_else(|| group.pages.iter().find(|page| content(page))) else {
        return;
    };
    let present = list_locales(
        group
            .pages
            .iter()
            .filter(|p| content(p))
            .map(|p| p.locale.as_str()),
    );
    let missing_in = list_locales(missing.iter().copied());
    let message = if removed.is_empty() {
        if missing.is_empty() {
            return;
        }
        format!("page is missing in {missing_in} (it exists in {present})")
    } else {
        let verb = if group.pages.iter().filter(|p| content(p)).count() == 1 {
            "publishes"
        } else {
            "publish"
        };
        let also = if missing.is_empty() {
            String::new()
        } else {
            format!("; it is missing in {missing_in}")
        };
        format!(
            "page was removed in {}, whose redirections lead its path elsewhere, but {present} still {verb} it{also}",
            list_locales(removed.iter().copied()),
        )
    };
    // At the body's first line; at the top for a page of front matter
    // only (its body starts past its last line).
    let at = match page
        .text
        .get(page.body_start..)
        .unwrap_or("")
        .trim()
        .is_empty()
    {
        true => 0,
        false => page.body_start,
    };
    let mut diagnostic = rule.at(page, at..at, message);
    diagnostic.key = missing.join(",");
    // A locale's own CI (`--locale`) is told what it lacks.
    diagnostic.also_about = missing.iter().map(|l| l.to_string()).collect();
    if !removed.is_empty() {
        diagnostic.key.push_str(";removed:");
        diagnostic.key.push_str(&removed.join(","));
        diagnostic.notes.push(format!(
            "help: if the newer hand-offs removed it, remove it from {present} too and add its redirection"
        ));
    }
    out.push(diagnostic);
}
