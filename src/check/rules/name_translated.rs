//! SXS007: a property, parameter or enumeration member name translated
//! in the name column of its table.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::facts::{sections, REQUEST_HEADERS};
use crate::markdown::Locator;
use crate::model::{Block, Cell, Page, Table, View};

pub const RULE: Rule = Rule {
    code: "SXS007",
    name: "name-translated",
    severity: Severity::Warning,
    summary: "a property, parameter or enumeration member name was translated",
    doc: r#"## What it does
Reads the first column of the tables that name things by their code
names: properties (`| Property | Type | Description |`), parameters and
enumeration members. A table is read when, in its English source, the
first column is headed `Property`, `Parameter`, `Member`, `Value`,
`Relationship` or `… name` and two thirds of its names are identifiers,
or when two thirds are identifiers and one at least is in camelCase
(`displayName`). Each name whose English is an identifier
(`onBehalfOfUserId`, `id`) must be shown as written: a translation, a
transliteration, another letter case or spaces put in are reported;
punctuation after it (`contactFolder.`) is not.

Names in backticks are SXS004's, the request headers table is SXS005's,
and a name that is a link's text is a label (the resources a permission
covers). Pages without source spans are not read (no English to compare
with).

## Fix
Safe: the name the translation shows is replaced by the English name of
the cell's own source span (`nomeDaEmpresa` → `companyName`).

## Why is this bad
These names are what a reader types in a request body, a `$select` or a
`$filter`. JSON property names are case-sensitive: `PhoneNumber` is not
`phoneNumber`, and `онбехалфофусерид` or `Id. de Apple` is no name the
service knows.

## Example
```markdown
|<span data-ttu-id="1">nomeDaEmpresa</span><span class="sxs-lookup"><span data-stu-id="1">companyName</span></span>|String|O nome da empresa.|
```
Use instead: `companyName`."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for page in group.pages.iter().filter(|page| page.has_segments()) {
        let locator = Locator::new(&page.text, &page.segments);
        for cell in name_cells(page) {
            let english = cell.text.source.trim();
            let shown = cell.text.reader.trim();
            // Punctuation after the name (`contactFolder.`) changes no name.
            let name = shown.trim_end_matches(['.', ';', ',', ':', '。', '、']);
            if !is_identifier(english) || name == english || shown.is_empty() {
                continue;
            }
            // In backticks, the name is inline code: SXS004 reads it. A
            // link's text is a label (`[Kalender](../resources/calendar.md)`
            // in a table of the resources a permission covers).
            let raw = page.text.get(cell.span.clone()).unwrap_or("");
            if raw.contains('`') || raw.contains("](") {
                continue;
            }
            let respelled = name.replace(' ', "").eq_ignore_ascii_case(english);
            let message = match respelled {
                true => format!(
                    "name `{english}` is written `{shown}` (a name keeps its letter case, without spaces)"
                ),
                false => format!("name `{english}` is translated as `{shown}`"),
            };
            let found = locator.find(cell.span.clone(), shown, View::Reader);
            let span = found.clone().unwrap_or(cell.span.clone());
            let mut diagnostic = rule.at(page, span, message);
            diagnostic.notes.push(
                "help: property, parameter and member names are code; keep the English name"
                    .to_string(),
            );
            diagnostic.fix = found.map(|span| {
                Fix::safe(vec![Edit {
                    span,
                    replacement: english.to_string(),
                }])
            });
            diagnostic.pattern = format!("{english} → {shown}");
            diagnostic.key = format!("{english}|{shown}");
            out.push(diagnostic);
        }
    }
}

/// The first cell of every body row of the page's tables of names
/// (see [`names_things`]), but for the request headers tables.
fn name_cells(page: &Page) -> impl Iterator<Item = &Cell> {
    let headers: Vec<&Table> = sections(&page.outline, &REQUEST_HEADERS)
        .flat_map(|blocks| blocks.iter().filter_map(Block::table))
        .collect();
    page.outline
        .blocks
        .iter()
        .filter_map(Block::table)
        .filter(move |table| !headers.iter().any(|h| std::ptr::eq(*h, *table)))
        .filter(|table| names_things(table))
        .flat_map(|table| table.rows.iter().skip(1))
        .filter_map(|row| row.first())
}

/// Whether a table's first column holds code names, by its English: two
/// thirds of them identifiers, and the column headed as names or one
/// name at least in camelCase (a table of product names, `Mail`,
/// `OneDrive`, may be translated).
fn names_things(table: &Table) -> bool {
    let names: Vec<&str> = table
        .rows
        .iter()
        .skip(1)
        .filter_map(|row| row.first())
        .map(|cell| cell.text.source.trim())
        .filter(|name| !name.is_empty())
        .collect();
    // `client_id` and `redirect_uri` beside `scope` are names too.
    let identifiers = names
        .iter()
        .filter(|name| is_identifier(&name.replace('_', "")))
        .count();
    if names.is_empty() || identifiers * 3 < names.len() * 2 {
        return false;
    }
    let heading = table
        .rows
        .first()
        .and_then(|row| row.first())
        .map_or(String::new(), |cell| {
            cell.text.source.trim().to_ascii_lowercase()
        });
    let headed = ["property", "parameter", "member", "value", "relationship"]
        .contains(&heading.as_str())
        || heading.ends_with("name");
    headed
        || names
            .iter()
            .any(|name| is_identifier(name) && name.bytes().any(|b| b.is_ascii_uppercase()))
}

/// A code name as Graph writes them: a lower-case ASCII letter, then
/// letters and digits (`id`, `displayName`, `notConfigured`).
fn is_identifier(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && text.len() > 1
        && bytes.all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::is_identifier;

    #[test]
    fn identifiers() {
        for name in ["id", "displayName", "onBehalfOfUserId", "x509Certificate"] {
            assert!(is_identifier(name), "{name}");
        }
        for name in [
            "",
            "a",
            "Mail",
            "User.Read",
            "$select",
            "@odata.type",
            "display name",
        ] {
            assert!(!is_identifier(name), "{name}");
        }
    }
}
