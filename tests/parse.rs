//! The page model of the seeds and of hand-written edge cases, snapshotted.

use serde_json::{json, Value};
use std::path::Path;
use sxsdoc::load::split_front_matter;
use sxsdoc::model::ProblemKind;
use sxsdoc::model::{Block, Facts, Page};
use sxsdoc::plan::parse_page;
use sxsdoc::source::LineIndex;

/// Reads a fixture as the loader would, by locale folder and file name.
fn parse_file(path: &Path) -> Page {
    let locale = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path).expect("fixture is readable");
    let (text, problems) = sxsdoc::load::decode(bytes, sxsdoc::load::DEFAULT_MAX_PAGE_BYTES);
    parse_page(&locale, &name, format!("{locale}/{name}"), text, problems)
}

/// Everything the parser found, with positions as line:column.
fn dump(page: &Page) -> Value {
    let index = LineIndex::new(&page.text);
    let at = |offset: usize| {
        let p = index.position(&page.text, offset);
        format!("{}:{}", p.line, p.column)
    };
    let facts = |facts: &Facts| {
        json!({
            "endpoints": facts.endpoints.iter().map(|e| json!([e.to_string(), at(e.span.start)])).collect::<Vec<_>>(),
            "permissions": facts.permissions.iter().map(|r| json!([r.permission_type, r.scopes, at(r.span.start)])).collect::<Vec<_>>(),
            "response_code": facts.response_code.as_ref().map(|c| json!([c.value, at(c.span.start)])),
            "example_status": facts.example_status.as_ref().map(|c| json!([c.value, at(c.span.start)])),
            "api_version": facts.api_version.as_ref().map(|v| json!([v.value, at(v.span.start)])),
        })
    };
    let outline: Vec<Value> = page
        .outline
        .blocks
        .iter()
        .map(|block| match block {
            Block::Heading(h) => json!({
                "heading": h.level, "anchor": h.anchor, "tab": h.tab,
                "reader": h.text.reader, "source": h.text.source, "at": at(h.span.start),
            }),
            Block::Paragraph(p) => json!({ "paragraph": p.text.reader, "source": p.text.source }),
            Block::Code(c) => json!({ "code": c.info, "lines": c.code.lines().count(), "at": at(c.span.start) }),
            Block::Table(t) => json!({
                "table": t.rows.iter().map(|row| row.iter().map(|cell| json!([cell.text.reader, cell.text.source])).collect::<Vec<_>>()).collect::<Vec<_>>(),
            }),
            Block::Callout { kind, .. } => json!({ "callout": kind }),
            Block::Include { title, path, .. } => json!({ "include": path, "title": title }),
            Block::Annotation { json: text, .. } => json!({ "annotation": text }),
        })
        .collect();
    json!({
        "front_matter": page.front_matter,
        "segments": page.segments.iter().map(|s| json!({
            "id": s.id(&page.text),
            "at": at(s.span.start),
            "translation": s.translation_text(&page.text),
            "source": s.source_text(&page.text),
        })).collect::<Vec<_>>(),
        "problems": page.problems.iter().map(|p| json!([p.kind, at(p.span.start), p.message, p.related.as_ref().map(|r| at(r.start))])).collect::<Vec<_>>(),
        "facts": facts(&page.facts),
        "source_facts": page.source_facts.as_ref().map(facts),
        "outline": outline,
    })
}

#[test]
fn seeds() {
    insta::glob!("../docs", "*/**/*.md", |path| {
        insta::assert_json_snapshot!(dump(&parse_file(path)));
    });
}

#[test]
fn edge_cases() {
    insta::glob!("fixtures/parse", "*/*.md", |path| {
        insta::assert_json_snapshot!(dump(&parse_file(path)));
    });
}

/// The facts the seeds must yield, stated outright rather than only snapshotted.
#[test]
fn seed_facts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let plan = sxsdoc::plan::Plan::new(&root, &Default::default()).expect("docs/ is walked");
    assert_eq!(plan.locales, ["de-DE", "es-ES", "ja-JP", "pt-BR", "ru-RU"]);
    assert_eq!(plan.groups.len(), 1);
    let group = plan.load(&plan.groups[0]);
    for page in &group.pages {
        let facts = &page.facts;
        let endpoints: Vec<String> = facts.endpoints.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            endpoints,
            ["POST /deviceManagement/remoteAssistancePartners/{remoteAssistancePartnerId}/disconnect"],
            "{}",
            page.locale
        );
        assert_eq!(facts.response_code.as_ref().map(|c| c.value), Some(204));
        assert_eq!(facts.example_status.as_ref().map(|c| c.value), Some(204));
        let scopes: Vec<&[String]> = facts
            .permissions
            .iter()
            .map(|r| r.scopes.as_slice())
            .collect();
        assert_eq!(
            scopes,
            [
                &["DeviceManagementServiceConfig.ReadWrite.All".to_string()][..],
                &[],
                &[]
            ]
        );
        let version = if page.locale == "de-DE" {
            "beta"
        } else {
            "v1.0"
        };
        assert_eq!(
            facts.api_version.as_ref().map(|v| v.value.as_str()),
            Some(version)
        );
        let segments = match page.locale.as_str() {
            "de-DE" => 32,
            "pt-BR" => 0,
            _ => 30,
        };
        assert_eq!(page.segments.len(), segments, "{}", page.locale);
        assert_eq!(page.source_facts.is_some(), segments > 0);
        assert!(page.problems.is_empty(), "{:?}", page.problems);
    }
}

/// A build makes each page's outline from the events it renders: on
/// every page of every fixture that outline must be the one `check`
/// makes, and the render the one it makes on its own.
#[test]
fn a_build_outlines_the_events_it_renders() {
    use sxsdoc::markdown::{outline, scan_segments, Keep, Outliner};
    use sxsdoc::site::{render, render_shared, Standalone};
    let keep = Keep::Sections {
        kept: &sxsdoc::facts::is_fact_section,
        skipped: &sxsdoc::facts::is_example_section,
    };
    let pages = every_fixture_page();
    for (path, bytes) in &pages {
        let (text, _) = sxsdoc::load::decode(bytes.clone(), sxsdoc::load::DEFAULT_MAX_PAGE_BYTES);
        let body = sxsdoc::load::split_front_matter(&text).body_start;
        let segments = scan_segments(&text, body).segments;
        let mut outliner = Outliner::new(&text, body, &segments, keep);
        let shared = render_shared(&text[body..], &Standalone, &mut |event, range| {
            outliner.event(event, range)
        });
        assert_eq!(
            outliner.finish(),
            outline(&text, body, &segments, keep),
            "{}",
            path.display()
        );
        assert_eq!(
            shared.html,
            render(&text[body..], &Standalone).html,
            "{}",
            path.display()
        );
    }
    assert!(pages.len() > 40, "only {} pages compared", pages.len());
}

/// Flat front matter is read without the YAML backend; on every page of
/// every fixture the result must be the backend's.
#[test]
fn front_matter_fast_path_agrees_with_the_backend() {
    use sxsdoc::model::FrontMatter;
    let mut compared = 0;
    for (path, bytes) in every_fixture_page() {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let Some(yaml) = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.find("\n---").map(|end| rest[..=end].to_string()))
        else {
            continue;
        };
        assert_eq!(
            sxsdoc::yaml::from_str::<FrontMatter>(&yaml),
            sxsdoc::yaml::from_str_with_backend::<FrontMatter>(&yaml),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared > 30, "only {compared} front matters compared");
}

/// Every Markdown file of `docs/` and `tests/fixtures/`, with its bytes.
fn every_fixture_page() -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["docs", "tests/fixtures"]
        .iter()
        .flat_map(|folder| walkdir::WalkDir::new(root.join(folder)))
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("fixture is readable");
            (e.into_path(), bytes)
        })
        .collect()
}

#[test]
fn splits_front_matter_and_body() {
    let text = "---\ntitle: Hi\nms.contentlocale: ru-RU\nauthor: x\n---\n# Body\n";
    let block = split_front_matter(text);
    let front_matter = block.front_matter.unwrap();
    assert_eq!(front_matter.title.as_deref(), Some("Hi"));
    assert_eq!(front_matter.content_locale.as_deref(), Some("ru-RU"));
    assert_eq!(front_matter.extra["author"], serde_json::json!("x"));
    assert_eq!(&text[block.body_start..], "# Body\n");
}

#[test]
fn tolerates_bom_and_crlf() {
    let text = "\u{FEFF}---\r\ntitle: Hi\r\n---\r\nBody";
    let block = split_front_matter(text);
    assert_eq!(block.front_matter.unwrap().title.as_deref(), Some("Hi"));
    assert_eq!(&text[block.body_start..], "Body");
}

#[test]
fn page_without_front_matter_is_all_body() {
    let block = split_front_matter("# Title\n---\n");
    assert!(block.front_matter.is_none() && block.problems.is_empty());
    assert_eq!(block.body_start, 0);
}

#[test]
fn unclosed_front_matter_is_a_problem() {
    let block = split_front_matter("---\ntitle: x\n# Body\n");
    assert_eq!(block.problems[0].kind, ProblemKind::FrontMatterUnclosed);
    assert_eq!(block.body_start, 0);
}

#[test]
fn yaml_errors_point_into_the_page() {
    let text = "---\ntitle: ok\nbad: [1, 2\n---\nBody";
    let block = split_front_matter(text);
    let problem = &block.problems[0];
    assert_eq!(problem.kind, ProblemKind::FrontMatterYaml);
    assert!(
        problem.span.start >= text.find("bad").unwrap(),
        "{problem:?}"
    );
    assert_eq!(&text[block.body_start..], "Body");
}

#[test]
fn wrong_types_are_errors() {
    let block = split_front_matter("---\ntitle: [1, 2]\n---\n");
    assert_eq!(block.problems[0].kind, ProblemKind::FrontMatterYaml);
    assert!(
        block.problems[0].message.contains("title"),
        "{:?}",
        block.problems[0]
    );
}
