//! SXS104: a segment broken across lines inside a table row or heading.

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::markdown::{self, LineKind};
use crate::model::{ProblemKind, Segment};

pub const RULE: Rule = Rule {
    code: "SXS104",
    name: "segment-breaks-line",
    severity: Severity::Error,
    summary: "a segment contains a line break inside a table row or heading, or right after its tag where the tag starts a block",
    doc: r#"## What it does
Finds a segment that starts on a Markdown table row or heading line and
contains a line break; and, in a row already broken, the next segment
that starts on the line the break led to and breaks again.

Also finds a segment whose translation span's tag stands alone on the
line that starts a paragraph or list item, its text on the next line.

## Fix
A segment broken in a row or heading: no automatic fix; join the
segment's lines by hand, or export the page again. A tag alone on its
line: the safe fix moves the text up beside the tag.

## Why is this bad
Table rows and headings end at the line break: the row is cut in two (its
cells shift, a phantom row appears) or the heading loses the rest of its
text, and the English source ends up outside the table.

A tag alone on its line begins an HTML block in CommonMark: everything up
to the next blank line, the English source too, is raw HTML, so its
links, bold and code show as typed (`[Microsoft Bookings](https://…)`).

## Example
```markdown
|Application|<span data-ttu-id="a-116">Не поддерживается.
</span><span class="sxs-lookup"><span data-stu-id="a-116">Not supported.</span></span>|
```
Keep the whole pair on the row's line.

```markdown
- <span data-ttu-id="a-278">
  [Свойства, доступные для поиска](https://…)</span><span class="sxs-lookup"><span data-stu-id="a-278">[Searchable properties](https://…)</span></span>
```
Write `- <span data-ttu-id="a-278">[Свойства, …](https://…)</span>…`."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let start = out.len();
    super::report_problems(group, rule, &[ProblemKind::BrokenLine], out);
    for diagnostic in &mut out[start..] {
        let at = &diagnostic.location;
        let page = group
            .pages
            .iter()
            .find(|page| page.locale == at.locale && page.path == at.path);
        let on_heading = page.is_some_and(|page| {
            markdown::line_kind(&page.text, at.span.start) == Some(LineKind::Heading)
        });
        diagnostic.notes.push(note(on_heading).to_string());
    }
    for page in group.pages {
        for &start in &page.outline.raw_segments {
            let Some(segment) = page.segments.iter().find(|s| s.span.start == start) else {
                continue;
            };
            let id = segment.id(&page.text);
            let mut diagnostic = rule.at(
                page,
                segment.span.start..segment.translation.start,
                format!("segment `{id}` starts on the line after its span tag, which makes the tag begin an HTML block: its Markdown shows as typed"),
            );
            diagnostic.notes.push(
                "note: a tag alone on its line begins an HTML block: up to the next blank line, links, bold and code, the English source's too, render as raw text"
                    .to_string(),
            );
            diagnostic
                .notes
                .push("help: put the segment's text on the tag's line".to_string());
            diagnostic.fix = Some(Fix::safe(vec![Edit {
                span: segment.translation.start..text_start(&page.text, segment),
                replacement: String::new(),
            }]));
            diagnostic.key = format!("{id}|raw");
            diagnostic.pattern = "tag alone on its line".to_string();
            out.push(diagnostic);
        }
    }
}

/// What the break does to the line the segment starts on.
fn note(on_heading: bool) -> &'static str {
    if on_heading {
        "note: a heading ends at its line's end: the rest of the segment and its English source render as a paragraph under it"
    } else {
        "note: a table row ends at its line's end: the rest of the segment and its English source render as a row of their own"
    }
}

/// Where the text of a segment whose tag stands alone on its line starts:
/// past the line break, the indentation and as many `>` as the tag's line
/// is quoted with (the next line's blockquote markers).
fn text_start(text: &str, segment: &Segment) -> usize {
    let before = text.get(..segment.span.start).unwrap_or("");
    let line = &before[before.rfind('\n').map_or(0, |at| at + 1)..];
    let quotes = line.matches('>').count();
    let translation = segment.translation_text(text);
    let mut rest = translation.trim_start();
    for _ in 0..quotes {
        match rest.strip_prefix('>') {
            Some(after) => rest = after.trim_start_matches([' ', '\t']),
            None => break,
        }
    }
    segment.translation.end - rest.len()
}
