//! `sxsdoc check` on fixture docs trees: one folder per case, the
//! diagnostics snapshotted exactly as a user sees them.

use std::path::{Path, PathBuf};
use sxsdoc::diagnostic::Diagnostic;
use sxsdoc::project::{OpenOptions, Project};
use sxsdoc::report::{self, human::Style, Summary};

/// The docs root of a case, relative to the package, as a user would type it.
fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The case at `root` checked as `sxsdoc check` does, with its
/// `sxsdoc.toml` if it has one.
fn run(root: &Path) -> (Project, Vec<Diagnostic>) {
    let project = Project::open(root, &OpenOptions::default()).expect("fixture project opens");
    let checked = project.check_all();
    assert!(checked.failures.is_empty(), "{:?}", checked.failures);
    (project, checked.diagnostics)
}

fn human(project: &Project, diagnostics: &[Diagnostic]) -> String {
    let plan = &project.plan;
    let summary = Summary::new(diagnostics, plan, 0);
    report::human::render(diagnostics, &summary, Style { color: false })
}

#[test]
fn fixture_cases() {
    insta::glob!("fixtures/check", "*/README.md", |readme| {
        let case = readme.parent().expect("case folder");
        let root = relative(&case.join("docs"));
        let (project, diagnostics) = run(&root);
        let description = std::fs::read_to_string(readme).expect("README is readable");
        insta::with_settings!({ description => description.trim() }, {
            insta::assert_snapshot!(human(&project, &diagnostics));
        });
    });
}

/// Each rule has a case named after it that reports it.
#[test]
fn every_rule_has_a_case_that_fires() {
    for rule in sxsdoc::check::RULES {
        let root = relative(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/check")
                .join(rule.name)
                .join("docs"),
        );
        assert!(
            root.is_dir(),
            "no fixture case for {} {}",
            rule.code,
            rule.name
        );
        let (_, diagnostics) = run(&root);
        assert!(
            diagnostics.iter().any(|d| d.code == rule.code),
            "case {} does not report {}",
            rule.name,
            rule.code
        );
    }
}

#[test]
fn clean_docs_give_no_findings() {
    let (_, diagnostics) = run(Path::new("tests/fixtures/check/clean/docs"));
    assert_eq!(diagnostics, []);
}

/// The seeds: what the issue asks `check` to find, and nothing about the
/// facts the seeds agree on.
#[test]
fn seeds_report_what_is_wrong_with_them() {
    let (_, diagnostics) = run(Path::new("docs"));
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.code, d.location.locale.as_str()))
        .collect();
    for expected in [
        ("SXS303", "de-DE"),
        ("SXS304", "de-DE"),
        ("SXS304", "es-ES"),
        ("SXS005", "de-DE"),
        ("SXS402", "pt-BR"),
    ] {
        assert!(
            found.contains(&expected),
            "missing {expected:?} in {found:?}"
        );
    }
    assert!(
        diagnostics.iter().all(|d| d.fact.is_none()),
        "{diagnostics:#?}"
    );
    assert!(diagnostics
        .iter()
        .any(|d| d.severity == sxsdoc::diagnostic::Severity::Error));
}

/// One set of diagnostics (the seeds') in every output format.
#[test]
fn output_formats() {
    let (project, diagnostics) = run(Path::new("docs"));
    let summary = Summary::new(&diagnostics, &project.plan, 0);
    insta::assert_snapshot!("human", human(&project, &diagnostics));
    insta::assert_snapshot!("json", report::json::render(&diagnostics, &summary));
    insta::assert_snapshot!("sarif", report::sarif::render(&diagnostics, &summary));
    insta::assert_snapshot!("github", report::github::render(&diagnostics, &summary));
}

/// SARIF is one JSON document, written as the findings come: the same
/// bytes however they are split into calls.
#[test]
fn sarif_is_the_same_however_the_findings_come() {
    use sxsdoc::report::Report;
    let (project, diagnostics) = run(Path::new("docs"));
    assert!(diagnostics.len() > 1);
    let summary = Summary::new(&diagnostics, &project.plan, 0);
    let whole = report::sarif::render(&diagnostics, &summary);
    let mut sarif = report::sarif::Sarif::default();
    let mut out = Vec::new();
    sarif.findings(&mut out, &[]).expect("in memory");
    for d in &diagnostics {
        sarif
            .findings(&mut out, std::slice::from_ref(d))
            .expect("in memory");
        sarif.findings(&mut out, &[]).expect("in memory");
    }
    sarif.finish(&mut out, &summary).expect("in memory");
    assert_eq!(String::from_utf8_lossy(&out), whole);
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for root in [
        "docs",
        "tests/fixtures/check/permission-changed/docs",
        "tests/fixtures/check/clean/docs",
    ] {
        let (project, diagnostics) = run(Path::new(root));
        let summary = Summary::new(&diagnostics, &project.plan, 0);
        let sarif = report::sarif::render(&diagnostics, &summary);
        let log: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{root}: {errors:#?}");
        assert_eq!(
            log["runs"][0]["results"].as_array().map(Vec::len),
            Some(diagnostics.len())
        );
    }
}

#[test]
fn a_broken_page_does_not_hide_the_others() {
    let (_, diagnostics) = run(Path::new("tests/fixtures/check/unreadable-page/docs"));
    assert!(diagnostics.iter().any(|d| d.code == "SXS204"));
    let (project, _) = run(Path::new("tests/fixtures/check/unreadable-page/docs"));
    let plan = &project.plan;
    let group = plan.load(plan.groups.first().expect("a group"));
    let page = group.pages.first().expect("the page is still loaded");
    assert_eq!(
        page.facts.response_code.as_ref().map(|c| c.value),
        Some(204)
    );
}
