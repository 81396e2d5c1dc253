//! What `--group-by pattern` and `fix` print of the patterns.

use super::*;
use crate::diagnostic::Location;
use crate::source::Position;

fn finding(code: &'static str, severity: Severity, pattern: &str) -> Diagnostic {
    let at = Position { line: 1, column: 1 };
    Diagnostic {
        code,
        rule: "rule",
        severity,
        message: format!("{code} {pattern}"),
        location: Location {
            locale: "de-DE".to_string(),
            path: "a.md".to_string(),
            file: "de-DE/a.md".to_string(),
            span: 0..1,
            start: at,
            end: at,
            line_text: String::new(),
            line_offset: 0,
        },
        also_about: Vec::new(),
        fact: None,
        related: Vec::new(),
        notes: Vec::new(),
        key: String::new(),
        pattern: pattern.to_string(),
        fix: None,
    }
}

/// What `fix` repaired most comes first, whatever its severity; what
/// it left, errors first.
#[test]
fn fixes_are_listed_most_first() {
    let findings = [
        finding("SXS002", Severity::Error, "one"),
        finding("SXS005", Severity::Warning, "many"),
        finding("SXS005", Severity::Warning, "many"),
        finding("SXS005", Severity::Warning, "many"),
        finding("SXS004", Severity::Warning, "left"),
        finding("SXS004", Severity::Warning, "left"),
        finding("SXS002", Severity::Error, "left"),
    ];
    let mut tally = PatternTally::default();
    tally.add(&findings, &[0, 1, 2, 3]);
    let lines: Vec<String> = tally
        .render_fixes(false)
        .lines()
        .map(|line| {
            line.split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let rule = |line: &String| {
        let id = line.split(' ').nth(2)?;
        id.starts_with("SXS").then(|| id[..6].to_string())
    };
    let order: Vec<_> = lines.iter().filter_map(rule).collect();
    assert_eq!(order, ["SXS005", "SXS002", "SXS002", "SXS004"], "{lines:?}");
    assert!(lines[0].starts_with("fixed 3"), "{lines:?}");
}

/// A pattern whose findings say different things is headed by what
/// they share, with the first as an example; one whose findings say
/// the same, by that.
#[test]
fn a_varied_pattern_is_headed_by_what_its_findings_share() {
    let mut stale = [
        finding("SXS304", Severity::Warning, "handed off 01/12/2019"),
        finding("SXS304", Severity::Warning, "handed off 01/12/2019"),
        finding("SXS005", Severity::Warning, "Accept|Annehmen"),
    ];
    stale[0].message = "de-DE is 7 of 35 segments behind".to_string();
    stale[1].message = "de-DE is 1 of 30 segments behind".to_string();
    let mut tally = PatternTally::default();
    tally.add(&stale, &[]);
    let text = tally.render_groups();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with(": handed off 01/12/2019"), "{text}");
    assert_eq!(
        lines[1], "    e.g. de-DE is 7 of 35 segments behind",
        "{text}"
    );
    assert!(lines[3].ends_with(": SXS005 Accept|Annehmen"), "{text}");
    assert_eq!(lines[4], "    Accept|Annehmen", "{text}");
    // So is what `fix` left.
    let fixes = tally.render_fixes(false);
    let left: Vec<&str> = fixes.lines().filter(|l| l.starts_with("left")).collect();
    assert!(
        left[0].ends_with("no fix: handed off 01/12/2019"),
        "{fixes}"
    );
}
