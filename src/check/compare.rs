//! Comparing one fact between two pages of a group.

use super::{related, Rule};
use crate::diagnostic::{Diagnostic, Fact};
use crate::facts::compact;
use crate::model::Page;
use crate::model::{Facts, PermissionRow};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// How a fact reads on one page and on the page it is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What differs, as a sentence subject: "endpoints are",
    /// "`Application` permissions are", "response code is".
    pub subject: String,
    /// The permissions row's label (its English), for permissions.
    pub label: Option<String>,
    pub here: String,
    pub there: String,
    /// Where `here` is stated.
    pub span: Range<usize>,
    /// Where `there` is stated on the other page.
    pub there_span: Range<usize>,
}

/// Facts of one page, with whether its rows carry English labels.
#[derive(Clone, Copy)]
pub struct PageFacts<'p> {
    pub facts: &'p Facts,
    pub labelled: bool,
}

pub const FACTS: [Fact; 3] = [Fact::Endpoints, Fact::Permissions, Fact::ResponseCode];

/// The first way `fact` differs between two pages; `None` when equal or
/// when either page does not state it (absence is not disagreement).
pub fn difference(fact: Fact, here: PageFacts<'_>, there: PageFacts<'_>) -> Option<Difference> {
    match fact {
        Fact::Endpoints => endpoints(here.facts, there.facts),
        Fact::ResponseCode => {
            let (a, b) = (
                here.facts.response_code.as_ref()?,
                there.facts.response_code.as_ref()?,
            );
            (a.value != b.value).then(|| Difference {
                subject: "response code is".to_string(),
                label: None,
                here: a.value.to_string(),
                there: b.value.to_string(),
                span: a.span.clone(),
                there_span: b.span.clone(),
            })
        }
        Fact::Permissions => permissions(here, there),
    }
}

fn endpoints(here: &Facts, there: &Facts) -> Option<Difference> {
    if here.endpoints.is_empty() || there.endpoints.is_empty() {
        return None;
    }
    let shown = |e: &crate::model::Endpoint| {
        let words = e.path.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("{} {}", e.method, without_host(&words))
    };
    // `{id}` and `{plan-id}` are the same endpoint: a reader puts a
    // value in either.
    let key = |e: &crate::model::Endpoint| blank_placeholders(&shown(e));
    let keys = |endpoints: &[crate::model::Endpoint]| -> BTreeSet<String> {
        endpoints.iter().map(key).collect()
    };
    let (keys_here, keys_there) = (keys(&here.endpoints), keys(&there.endpoints));
    if keys_here == keys_there {
        return None;
    }
    // Those the other page lacks, and how many both have: the rest.
    let only = |endpoints: &[crate::model::Endpoint], other: &BTreeSet<String>| {
        let only: BTreeSet<String> = endpoints
            .iter()
            .filter(|e| !other.contains(&key(e)))
            .map(shown)
            .collect();
        only
    };
    let shared = keys_here.intersection(&keys_there).count();
    let (a, b) = (
        only(&here.endpoints, &keys_there),
        only(&there.endpoints, &keys_here),
    );
    let first_here = here
        .endpoints
        .iter()
        .find(|e| !keys_there.contains(&key(e)))
        .unwrap_or(&here.endpoints[0]);
    let first_there = there
        .endpoints
        .iter()
        .find(|e| !keys_here.contains(&key(e)))
        .unwrap_or(&there.endpoints[0]);
    Some(Difference {
        subject: "endpoints are".to_string(),
        label: None,
        here: besides_shared(&a, shared),
        there: besides_shared(&b, shared),
        span: first_here.span.clone(),
        there_span: first_there.span.clone(),
    })
}

/// The endpoints of one page the other lacks, then how many both have
/// (`` `GET /a`, `GET /b` besides 3 shared ``): what differs first.
fn besides_shared(only: &BTreeSet<String>, shared: usize) -> String {
    match (only.is_empty(), shared) {
        (true, _) => format!("only the {shared} shared"),
        (false, 0) => show_list(only.iter()),
        (false, _) => format!("{} besides {shared} shared", show_list(only.iter())),
    }
}

/// Up to three items in backticks, then how many more.
fn show_list<'a>(items: impl ExactSizeIterator<Item = &'a String>) -> String {
    let total = items.len();
    let mut shown: Vec<String> = items.take(3).map(|item| format!("`{item}`")).collect();
    if total > 3 {
        shown.push(format!("and {} more", total - 3));
    }
    shown.join(", ")
}

fn permissions(here: PageFacts<'_>, there: PageFacts<'_>) -> Option<Difference> {
    let (a, b) = (&here.facts.permissions, &there.facts.permissions);
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let by_label = here.labelled && there.labelled;
    let labelled = by_label.then(|| Labelled::new(b));
    for (index, row) in a.iter().enumerate() {
        let other = match &labelled {
            Some(labelled) => labelled.first(&row.permission_type),
            None => b.get(index),
        };
        let Some(other) = other else { continue };
        if scope_set(row) != scope_set(other) {
            let label = if by_label || !other.permission_type.starts_with('#') {
                &other.permission_type
            } else {
                &row.permission_type
            };
            return Some(Difference {
                subject: format!("`{label}` permissions are"),
                label: Some(label.clone()),
                here: listing(&row.scopes),
                there: listing(&other.scopes),
                span: row.span.clone(),
                there_span: other.span.clone(),
            });
        }
    }
    None
}

/// The first of a table's rows with a label: a short table (every real
/// one) is searched, a long one indexed once rather than searched for
/// each row of the other.
enum Labelled<'r> {
    Short(&'r [PermissionRow]),
    Indexed(HashMap<&'r str, &'r PermissionRow>),
}

impl<'r> Labelled<'r> {
    fn new(rows: &'r [PermissionRow]) -> Labelled<'r> {
        if rows.len() <= 16 {
            return Labelled::Short(rows);
        }
        let mut index = HashMap::new();
        for row in rows {
            index.entry(row.permission_type.as_str()).or_insert(row);
        }
        Labelled::Indexed(index)
    }

    fn first(&self, label: &str) -> Option<&'r PermissionRow> {
        match self {
            Labelled::Short(rows) => rows.iter().find(|row| row.permission_type == label),
            Labelled::Indexed(index) => index.get(label).copied(),
        }
    }
}

fn scope_set(row: &PermissionRow) -> BTreeSet<String> {
    row.scopes.iter().map(|s| compact(s)).collect()
}

/// Scopes in backticks, or "none (not supported)" for an empty list.
pub fn listing(scopes: &[String]) -> String {
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

/// A diagnostic of `rule` on `page` for one fact that differs from
/// `reference` (pointed at as related, with `there`), keyed on the two
/// values rather than their place.
pub fn fact_diagnostic(
    rule: &Rule,
    page: &Page,
    reference: &Page,
    fact: Fact,
    diff: &Difference,
    message: String,
    there: String,
) -> Diagnostic {
    let mut diagnostic = rule.at(page, diff.span.clone(), message);
    diagnostic.fact = Some(fact);
    diagnostic
        .related
        .push(related(reference, diff.there_span.clone(), there));
    diagnostic.key = format!("{}|{}|{}", fact_name(fact), diff.here, diff.there);
    diagnostic
}

/// Every fact that differs between two pages, in [`FACTS`] order.
pub fn differences<'a>(
    here: PageFacts<'a>,
    there: PageFacts<'a>,
) -> impl Iterator<Item = (Fact, Difference)> + 'a {
    FACTS
        .into_iter()
        .filter_map(move |fact| Some((fact, difference(fact, here, there)?)))
}

pub fn fact_name(fact: Fact) -> &'static str {
    match fact {
        Fact::Endpoints => "endpoints",
        Fact::Permissions => "permissions",
        Fact::ResponseCode => "response code",
    }
}

/// `GET /plans/{plan-id}` as `GET /plans/{}`: each `{placeholder}` with
/// its name left out.
fn blank_placeholders(request: &str) -> String {
    let mut out = String::with_capacity(request.len());
    let mut rest = request;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push('}');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A request path without the Graph host and version before it:
/// `https://graph.microsoft.com/v1.0/me/settings` is `/me/settings`, as
/// other locales may write it.
fn without_host(path: &str) -> &str {
    let Some(rest) = ["https://graph.microsoft.com", "http://graph.microsoft.com"]
        .iter()
        .find_map(|host| path.strip_prefix(host))
    else {
        return path;
    };
    ["/v1.0", "/beta"]
        .iter()
        .find_map(|version| {
            rest.strip_prefix(version)
                .filter(|after| after.is_empty() || after.starts_with(['/', '?']))
        })
        .unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::{blank_placeholders, endpoints, without_host};
    use crate::model::{Endpoint, Facts};

    fn facts(paths: &[&str]) -> Facts {
        Facts {
            endpoints: paths
                .iter()
                .map(|path| Endpoint {
                    method: "GET".to_string(),
                    path: path.to_string(),
                    span: 0..1,
                })
                .collect(),
            ..Facts::default()
        }
    }

    /// What differs comes first, whatever the list's order; the
    /// endpoints both pages have are counted, not listed.
    #[test]
    fn endpoints_differing_are_named_first() {
        let here = facts(&["/a", "/b", "/c", "/d", "/group/{id}"]);
        let there = facts(&["/a", "/b", "/c", "/d", "/groups/{group-id}"]);
        let diff = endpoints(&here, &there).expect("differ");
        assert_eq!(diff.here, "`GET /group/{id}` besides 4 shared");
        assert_eq!(diff.there, "`GET /groups/{group-id}` besides 4 shared");
        let fewer = facts(&["/a", "/b"]);
        let diff = endpoints(&fewer, &facts(&["/a", "/b", "/z"])).expect("differ");
        assert_eq!(
            (diff.here.as_str(), diff.there.as_str()),
            ("only the 2 shared", "`GET /z` besides 2 shared")
        );
        let diff = endpoints(&facts(&["/x"]), &facts(&["/y/{id}"])).expect("differ");
        assert_eq!(
            (diff.here.as_str(), diff.there.as_str()),
            ("`GET /x`", "`GET /y/{id}`")
        );
        assert!(endpoints(&facts(&["/p/{a}"]), &facts(&["/p/{b}"])).is_none());
    }

    #[test]
    fn placeholder_names_are_not_part_of_an_endpoint() {
        assert_eq!(
            blank_placeholders("GET /plans/{plan-id}/tasks/{id}"),
            "GET /plans/{}/tasks/{}"
        );
        assert_eq!(blank_placeholders("GET /me"), "GET /me");
        assert_eq!(blank_placeholders("GET /a/{open"), "GET /a/{open");
        assert_eq!(blank_placeholders("GET /a/{}{b}"), "GET /a/{}{}");
    }

    #[test]
    fn the_host_and_version_are_not_part_of_a_path() {
        assert_eq!(
            without_host("https://graph.microsoft.com/v1.0/me/settings"),
            "/me/settings"
        );
        assert_eq!(without_host("/me/settings"), "/me/settings");
        assert_eq!(
            without_host("https://graph.microsoft.com/beta/users?$top=1"),
            "/users?$top=1"
        );
        assert_eq!(
            without_host("https://graph.microsoft.com/v1.0x/a"),
            "/v1.0x/a"
        );
    }
}
