//! SXS002: a translation that changes a permission scope of its source.

use crate::check::{related, Group, Rule};
use crate::diagnostic::{Diagnostic, Fact, Severity};
use crate::facts::compact;
use crate::markdown::Locator;
use crate::model::{PermissionRow, View};

pub const RULE: Rule = Rule {
    code: "SXS002",
    name: "permission-changed",
    severity: Severity::Error,
    summary: "the translation's permission scopes differ from its own English source",
    doc: r#"## What it does
Compares each row of the permissions table as the reader sees it with the
English source of the same row, and reports scopes that were altered
(spaces or case changed, transliterated, translated), dropped or added.
Order does not matter.

## Why is this bad
A permission scope is an identifier a developer pastes into code or an
admin consent request. `User. ReadWrite. ALL` or `Пользователь.Read`
does not exist: the app fails to get a token, or the reader requests a
broader scope than needed.

## Example
```markdown
|<span data-ttu-id="1">Делегированные</span>…|<span data-ttu-id="2">Group. ReadWrite. ALL</span><span class="sxs-lookup"><span data-stu-id="2">Group.ReadWrite.All</span></span>|
```
Use instead: `Group.ReadWrite.All` in the translation, exactly as in the source."#,
    check,
};

/// One difference between a source row and its translation.
#[derive(Debug, PartialEq, Eq)]
enum Change<'a> {
    Altered { from: &'a str, to: &'a str },
    Dropped(&'a str),
    Added(&'a str),
}

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for page in group.pages {
        let Some(source) = &page.source_facts else {
            continue;
        };
        let locator = Locator::new(&page.text, &page.segments);
        for (reader_row, source_row) in page.facts.permissions.iter().zip(&source.permissions) {
            let mut changes = changes(&reader_row.scopes, &source_row.scopes);
            // A translation that writes a scope the English source mistyped
            // (`Directory AccessAsUser.All`) fixed the source; it is not a
            // translation defect.
            changes.retain(|change| match change {
                Change::Altered { to, .. } | Change::Added(to) => {
                    !source_mistyped(&source_row.cell_text, to)
                }
                Change::Dropped(_) => true,
            });
            if changes.is_empty() {
                continue;
            }
            let span = changes
                .iter()
                .find_map(|change| match change {
                    Change::Altered { to, .. } | Change::Added(to) => {
                        locator.find(reader_row.span.clone(), to, View::Reader)
                    }
                    Change::Dropped(_) => None,
                })
                .or_else(|| {
                    locator
                        .pieces(reader_row.span.clone(), View::Reader)
                        .find(|r| r.start < r.end)
                })
                .unwrap_or(reader_row.span.clone());
            let mut diagnostic = rule.at(page, span, message(&changes, reader_row));
            diagnostic.fact = Some(Fact::Permissions);
            diagnostic.notes = changes
                .iter()
                .skip(1)
                .map(|change| format!("note: it also {}", describe(change)))
                .collect();
            diagnostic.notes.push(format!(
                "help: the English source says: {}",
                listing(&source_row.scopes)
            ));
            add_newer_source_hint(group, page, reader_row, &changes, &mut diagnostic);
            diagnostic.key = format!(
                "{}|{}|{}",
                reader_row.permission_type,
                source_row.scopes.join(","),
                reader_row.scopes.join(",")
            );
            out.push(diagnostic);
        }
    }
}

/// The English cell holds `scope` with a space where a dot or nothing
/// belongs, so the translation's well-formed scope is a fix.
fn source_mistyped(source_cell: &str, scope: &str) -> bool {
    if scope.contains(char::is_whitespace) {
        return false;
    }
    let words: Vec<&str> = source_cell.split_whitespace().collect();
    words.join("").contains(scope) || words.join(".").contains(scope)
}

fn message(changes: &[Change<'_>], row: &PermissionRow) -> String {
    let first = describe(&changes[0]);
    if changes.len() == 1 {
        format!(
            "translation {first} in the `{}` permissions",
            row.permission_type
        )
    } else {
        format!(
            "translation changes {} permission scopes in the `{}` row: it {first}",
            changes.len(),
            row.permission_type
        )
    }
}

fn describe(change: &Change<'_>) -> String {
    match change {
        Change::Altered { from, to } => {
            format!("changes `{from}` to `{to}` ({})", damage(from, to))
        }
        Change::Dropped(from) => format!("drops `{from}`"),
        Change::Added(to) => format!("adds `{to}`, which the English source does not list"),
    }
}

/// What machine translation did to a scope, in words a translator knows.
fn damage(from: &str, to: &str) -> &'static str {
    let compacted = compact(to);
    if !to.is_ascii() {
        "translated or transliterated"
    } else if compacted == from {
        "spaces inserted"
    } else if compacted.eq_ignore_ascii_case(from) {
        if compacted.len() == to.len() {
            "letter case changed"
        } else {
            "spaces inserted and letter case changed"
        }
    } else {
        "a different scope"
    }
}

fn listing(scopes: &[String]) -> String {
    if scopes.is_empty() {
        "none (not supported)".to_string()
    } else {
        scopes
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// When another locale's English source lists the scope this translation
/// shows, the translation may be newer than its own source text.
fn add_newer_source_hint(
    group: &Group<'_>,
    page: &crate::model::Page,
    row: &PermissionRow,
    changes: &[Change<'_>],
    diagnostic: &mut Diagnostic,
) {
    let shown: Vec<&str> = changes
        .iter()
        .filter_map(|change| match change {
            Change::Altered { to, .. } | Change::Added(to) => Some(*to),
            Change::Dropped(_) => None,
        })
        .collect();
    for other in group.pages.iter().filter(|p| p.locale != page.locale) {
        let Some(source) = &other.source_facts else {
            continue;
        };
        let Some(other_row) = source
            .permissions
            .iter()
            .find(|r| r.permission_type == row.permission_type)
        else {
            continue;
        };
        if let Some(scope) = shown
            .iter()
            .find(|s| other_row.scopes.iter().any(|o| o == *s))
        {
            diagnostic.notes.push(format!(
                "note: {}'s English source lists `{scope}`: this translation may come from a newer source revision than the English text beside it",
                other.locale
            ));
            diagnostic.related.push(related(
                other,
                other_row.span.clone(),
                format!("`{scope}` in {}'s English source", other.locale),
            ));
            return;
        }
    }
}

/// Pairs each source scope with what the translation made of it.
fn changes<'a>(reader: &'a [String], source: &'a [String]) -> Vec<Change<'a>> {
    let normal = |scope: &str| compact(scope).to_lowercase();
    let mut remaining: Vec<&str> = reader.iter().map(String::as_str).collect();
    let mut unmatched: Vec<&str> = Vec::new();
    let mut changes = Vec::new();
    for from in source {
        if let Some(at) = remaining.iter().position(|r| r == from) {
            remaining.remove(at);
        } else if let Some(at) = remaining.iter().position(|r| normal(r) == normal(from)) {
            changes.push(Change::Altered {
                from,
                to: remaining.remove(at),
            });
        } else {
            unmatched.push(from);
        }
    }
    let mut extra = remaining.into_iter();
    for from in unmatched {
        match extra.next() {
            Some(to) => changes.push(Change::Altered { from, to }),
            None => changes.push(Change::Dropped(from)),
        }
    }
    changes.extend(extra.map(Change::Added));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn classifies_changes() {
        let source = strings(&["User.ReadWrite.All", "Group.Read.All", "Mail.Send"]);
        let reader = strings(&["Mail.Send", "User. ReadWrite. ALL", "Группа.Read.All"]);
        let found = changes(&reader, &source);
        assert_eq!(
            found,
            [
                Change::Altered {
                    from: "User.ReadWrite.All",
                    to: "User. ReadWrite. ALL"
                },
                Change::Altered {
                    from: "Group.Read.All",
                    to: "Группа.Read.All"
                },
            ]
        );
        assert_eq!(
            damage("User.ReadWrite.All", "User. ReadWrite. ALL"),
            "spaces inserted and letter case changed"
        );
        assert_eq!(
            damage("Group.Read.All", "Группа.Read.All"),
            "translated or transliterated"
        );
        assert!(changes(&reader[..1], &source[2..]).is_empty());
        assert_eq!(
            changes(&[], &source[..1]),
            [Change::Dropped("User.ReadWrite.All")]
        );
        assert!(source_mistyped(
            "Directory AccessAsUser.All",
            "Directory.AccessAsUser.All"
        ));
        assert!(source_mistyped(
            "DeviceManagementManaged Devices.ReadWrite.All",
            "DeviceManagementManagedDevices.ReadWrite.All"
        ));
        assert!(!source_mistyped(
            "User.ReadWrite.All",
            "User. ReadWrite. All"
        ));
    }
}
