//! The outline and the segment scanner on small pages written here:
//! headings, tables, code, docfx extensions, and broken span markup.

use sxsdoc::markdown::{outline, scan_segments, Keep};
use sxsdoc::model::{Block, Outline, ProblemKind};

fn parse(text: &str) -> Outline {
    let segments = scan_segments(text, 0).segments;
    outline(text, 0, &segments, Keep::All)
}

#[test]
fn headings_carry_anchor_and_both_texts() {
    let text = r#"## <a name="http-request"></a><span data-ttu-id="1">HTTP-запрос</span><span class="sxs-lookup"><span data-stu-id="1">HTTP Request</span></span>"#;
    let outline = parse(text);
    let Block::Heading(heading) = &outline.blocks[0] else {
        panic!("{outline:?}")
    };
    assert_eq!(heading.anchor.as_deref(), Some("http-request"));
    assert_eq!(heading.text.reader, "HTTP-запрос");
    assert_eq!(heading.text.source, "HTTP Request");
    assert_eq!(heading.level, 2);
}

#[test]
fn tables_code_and_docfx_extensions() {
    let text = "|A|B|\n|-|-|\n|a `x`|b<br>c|\n\n``` http\nPOST /x\nGET /y\n```\n\n> [!NOTE]\n> note\n\n[!INCLUDE [t](../includes/x.md)]\n\n<!-- {\n  \"blockType\": \"ignored\"\n}\n-->\n\n# [HTTP](#tab/http)\n";
    let outline = parse(text);
    let kinds: Vec<&str> = outline
        .blocks
        .iter()
        .map(|b| match b {
            Block::Table(_) => "table",
            Block::Code(_) => "code",
            Block::Callout { .. } => "callout",
            Block::Include { .. } => "include",
            Block::Annotation { .. } => "annotation",
            Block::Heading(_) => "heading",
            Block::Paragraph(_) => "paragraph",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "table",
            "code",
            "callout",
            "paragraph",
            "include",
            "annotation",
            "heading"
        ]
    );
    let Block::Table(table) = &outline.blocks[0] else {
        unreachable!()
    };
    assert_eq!(table.rows[1][0].text.reader, "a `x`");
    assert_eq!(table.rows[1][1].text.reader, "b c");
    let Block::Code(code) = &outline.blocks[1] else {
        unreachable!()
    };
    assert_eq!(code.info, "http");
    let lines: Vec<_> = code.lines().collect();
    assert_eq!(&text[lines[1].0..lines[1].0 + 6], "GET /y");
    let Block::Include { path, .. } = &outline.blocks[4] else {
        unreachable!()
    };
    assert_eq!(path, "../includes/x.md");
    let Block::Heading(tab) = &outline.blocks[6] else {
        unreachable!()
    };
    assert_eq!(tab.tab.as_deref(), Some("http"));
}

#[test]
fn sections_end_at_same_level_heading() {
    let outline = parse("## A\npara\n### B\ntext\n## C\n");
    assert_eq!(outline.section(0).len(), 3);
    assert_eq!(outline.section(2).len(), 1);
}

fn pair(id: &str, translation: &str, source: &str) -> String {
    format!(
        r#"<span data-ttu-id="{id}">{translation}</span><span class="sxs-lookup"><span data-stu-id="{id}">{source}</span></span>"#
    )
}

fn texts(text: &str) -> Vec<(String, String, Option<String>)> {
    scan_segments(text, 0)
        .segments
        .iter()
        .map(|s| {
            (
                s.id(text).to_string(),
                s.translation_text(text).to_string(),
                s.source_text(text).map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn finds_pairs_with_markup_inside() {
    let text = format!(
        "# <a name=\"x\"></a>{}\n\n{} {}",
        pair("1-103", "Действие", "disconnect action"),
        pair(
            "1-p101",
            "**Примечание:** [ссылка](/x) &lt;token&gt;<br>",
            "**Note:** [link](/x) &lt;token&gt;<br/>"
        ),
        pair("1-105", "<span>вложенный</span>", "nested"),
    );
    let found = texts(&text);
    assert_eq!(found.len(), 3);
    assert_eq!(found[1].0, "1-p101");
    assert_eq!(
        found[1].2.as_deref(),
        Some("**Note:** [link](/x) &lt;token&gt;<br/>")
    );
    assert_eq!(found[2].1, "<span>вложенный</span>");
    assert!(scan_segments(&text, 0).problems.is_empty());
}

#[test]
fn span_covers_the_whole_pair() {
    let text = format!("x {} y", pair("a", "t", "s"));
    let scan = scan_segments(&text, 0);
    assert_eq!(&text[scan.segments[0].span.clone()], pair("a", "t", "s"));
}

#[test]
fn an_empty_source_is_a_segment_and_a_problem() {
    let text = pair("a", "перевод", " ");
    let scan = scan_segments(&text, 0);
    assert_eq!(scan.segments[0].source_text(&text), Some(""));
    let kinds: Vec<_> = scan.problems.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ProblemKind::EmptySource]);
    // Both empty: nothing was translated, nothing lost.
    assert!(scan_segments(&pair("a", "", ""), 0).problems.is_empty());
}

#[test]
fn malformed_pairs_are_problems() {
    let cases = [
        (
            r#"<span data-ttu-id="a">t</span> text"#,
            ProblemKind::UnpairedTranslation,
        ),
        (
            r#"<span class="sxs-lookup"><span data-stu-id="a">s</span></span>"#,
            ProblemKind::OrphanSource,
        ),
        (
            r#"<span data-ttu-id="a">t</span><span class="sxs-lookup"><span data-stu-id="b">s</span></span>"#,
            ProblemKind::IdMismatch,
        ),
        (
            r#"<span data-ttu-id="a">never closed"#,
            ProblemKind::UnclosedSpan,
        ),
    ];
    for (text, kind) in cases {
        let problems = scan_segments(text, 0).problems;
        assert_eq!(
            problems.iter().map(|p| p.kind).collect::<Vec<_>>(),
            vec![kind],
            "{text}"
        );
    }
}

#[test]
fn duplicate_ids_are_problems() {
    let text = format!("{}\n{}", pair("a", "t", "s"), pair("a", "t2", "s2"));
    let scan = scan_segments(&text, 0);
    assert_eq!(scan.segments.len(), 2);
    assert_eq!(scan.problems[0].kind, ProblemKind::DuplicateId);
}

#[test]
fn segment_broken_across_a_table_row() {
    let text = format!("|a|{}|\n", pair("a", "line one\nline two", "source"));
    let scan = scan_segments(&text, 0);
    assert_eq!(scan.problems[0].kind, ProblemKind::BrokenLine);
    let paragraph = pair("a", "line one\nline two", "source");
    assert!(scan_segments(&paragraph, 0).problems.is_empty());
}

#[test]
fn deep_nesting_is_linear_and_safe() {
    let text = "<span data-ttu-id=\"a\">".repeat(50_000);
    let scan = scan_segments(&text, 0);
    assert_eq!(scan.problems.len(), 50_000);
    assert!(scan.segments.is_empty());
}
