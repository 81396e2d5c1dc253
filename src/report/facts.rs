//! `sxsdoc facts`: the page model as JSON or text.

use crate::model::{Facts, FrontMatter, Page, PageGroup};
use crate::printable::{json_printable, printable};
use crate::source::LineIndex;
use serde::Serialize;
use std::fmt::Write;
use std::io;

#[derive(Serialize)]
struct PageView<'p> {
    locale: &'p str,
    path: &'p str,
    front_matter: Option<&'p FrontMatter>,
    segments: usize,
    problems: Vec<ProblemView<'p>>,
    facts: &'p Facts,
    source_facts: Option<&'p Facts>,
}

#[derive(Serialize)]
struct ProblemView<'p> {
    kind: crate::model::ProblemKind,
    message: &'p str,
    line: usize,
    column: usize,
}

fn view(page: &Page) -> PageView<'_> {
    let index = LineIndex::new(&page.text);
    PageView {
        locale: &page.locale,
        path: &page.path,
        front_matter: page.front_matter.as_ref(),
        segments: page.segments.len(),
        problems: page
            .problems
            .iter()
            .map(|problem| {
                let position = index.position(&page.text, problem.span.start);
                ProblemView {
                    kind: problem.kind,
                    message: &problem.message,
                    line: position.line,
                    column: position.column,
                }
            })
            .collect(),
        facts: &page.facts,
        source_facts: page.source_facts.as_ref(),
    }
}

/// How `sxsdoc facts` shows the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON array, one object per page, sorted by path then locale.
    Json,
    /// A short human-readable listing of the same model.
    Text,
}

/// Each page of `group` as `format` shows it: a JSON object (pretty, not
/// yet indented as an element) or a text block. [`FactsWriter`] puts them
/// together; made per group, in parallel, so `facts` streams like `check`.
pub fn group(group: &PageGroup, format: Format) -> Vec<String> {
    group
        .pages
        .iter()
        .map(|page| match format {
            Format::Json => {
                let json = serde_json::to_string_pretty(&view(page)).unwrap_or_default();
                json_printable(&json).into_owned()
            }
            Format::Text => text(page),
        })
        .collect()
}

/// Writes the pages made by [`group`], group by group in path order, as
/// one document: what the whole tree's list would be, never held whole.
pub struct FactsWriter {
    format: Format,
    pages: usize,
}

/// The indent of the JSON array's elements.
const INDENT: &str = "  ";

impl FactsWriter {
    pub fn new(format: Format) -> FactsWriter {
        FactsWriter { format, pages: 0 }
    }

    /// The next group's pages.
    pub fn pages(&mut self, out: &mut dyn io::Write, pages: &[String]) -> io::Result<()> {
        for page in pages {
            match self.format {
                Format::Json => {
                    if self.pages == 0 {
                        out.write_all(b"[")?;
                    }
                    super::pretty_element(out, page.as_bytes(), INDENT, self.pages == 0)?;
                }
                Format::Text => out.write_all(page.as_bytes())?,
            }
            self.pages += 1;
        }
        Ok(())
    }

    /// Ends the document.
    pub fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        if self.format == Format::Json {
            if self.pages == 0 {
                out.write_all(b"[")?;
            }
            super::close_pretty_array(out, INDENT, self.pages == 0)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// The facts of `groups` as one text (see [`FactsWriter`]).
pub fn render(groups: &[PageGroup], format: Format) -> String {
    let mut out = Vec::new();
    let mut writer = FactsWriter::new(format);
    // Writing to a Vec cannot fail.
    for docs_group in groups {
        let _ = writer.pages(&mut out, &group(docs_group, format));
    }
    let _ = writer.finish(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

fn text(page: &Page) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, {} segments)",
        printable(&page.display_path),
        printable(&page.locale),
        page.segments.len()
    );
    write_facts(&mut out, "facts", &page.facts);
    if let Some(source) = &page.source_facts {
        if serde_json::to_value(source).ok() != serde_json::to_value(&page.facts).ok() {
            write_facts(&mut out, "source", source);
        }
    }
    let index = LineIndex::new(&page.text);
    for problem in &page.problems {
        let at = index.position(&page.text, problem.span.start);
        let _ = writeln!(
            out,
            "  problem {}:{}: {}",
            at.line,
            at.column,
            printable(&problem.message)
        );
    }
    out.push('\n');
    out
}

fn write_facts(out: &mut String, label: &str, facts: &Facts) {
    let code = |value: Option<u16>| value.map_or("-".to_string(), |v| v.to_string());
    let _ = writeln!(
        out,
        "  {label}: response {}, example {}, api {}",
        code(facts.response_code.as_ref().map(|c| c.value)),
        code(facts.example_status.as_ref().map(|c| c.value)),
        printable(facts.api_version.as_ref().map_or("-", |v| v.value.as_str())),
    );
    for endpoint in &facts.endpoints {
        let _ = writeln!(out, "    {}", printable(&endpoint.to_string()));
    }
    for row in &facts.permissions {
        let scopes = if row.scopes.is_empty() {
            "none".to_string()
        } else {
            row.scopes.join(", ")
        };
        let _ = writeln!(
            out,
            "    {}: {}",
            printable(&row.permission_type),
            printable(&scopes)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Written group by group, the JSON is the one array of every page a
    /// pretty printer makes, and the text every page's block in order.
    #[test]
    fn streamed_facts_are_the_whole_trees() {
        for root in ["docs", "tests/fixtures/site/features/docs"] {
            let plan = crate::plan::Plan::new(Path::new(root), &Default::default()).expect("plan");
            let groups: Vec<PageGroup> = plan.groups.iter().map(|g| plan.load(g)).collect();
            let pages = || groups.iter().flat_map(|g| &g.pages);
            let views: Vec<PageView<'_>> = pages().map(view).collect();
            let whole = serde_json::to_string_pretty(&views).expect("JSON") + "\n";
            assert_eq!(render(&groups, Format::Json), whole, "{root}");
            let blocks: String = pages().map(text).collect();
            assert_eq!(render(&groups, Format::Text), blocks, "{root}");
        }
        let empty: Vec<PageGroup> = Vec::new();
        assert_eq!(render(&empty, Format::Json), "[]\n");
        assert_eq!(render(&empty, Format::Text), "");
    }
}
