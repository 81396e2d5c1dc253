//! SXS404: a link to a page or an anchor its locale does not have.

use crate::check::links::{follow, Followed};
use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::{anchor_name, heading_id};
use crate::model::{Block, Link, Page, Side};
use std::cell::OnceCell;
use std::collections::HashSet;

pub const RULE: Rule = Rule {
    code: "SXS404",
    name: "broken-link",
    severity: Severity::Warning,
    summary: "a link to a page or an anchor that this locale does not have",
    doc: r#"## What it does
Follows every link to a page of the project and reports those whose
target this locale does not have:
- relative links to a Markdown page (`../resources/user.md`,
  `user.md#properties`), from the folder of the page that has it;
- docfx's docset-rooted links (`~/concepts/auth.md`), from the folder of
  the page's `docfx.json`;
- site-absolute links under the base path the docs are published at
  (`/graph/api/user-get?view=graph-rest-1.0`): each page's URL is where
  its docset publishes it (`src` and `dest` of `docfx.json`, so
  `v1.0/resources/user.md` is `/graph/api/resources/user`), and `?view=`
  chooses the version. The base path is the folder of the docset's
  `breadcrumb_path`, or `base-path` in `sxsdoc.toml`. A link to a
  version this checkout does not hold (no `beta/` tree) is not followed;
- links to an anchor of the same page (`#permissions`) or of another
  (`user.md#properties`).

Markdown links and the `href` of `<a>` tags in raw HTML (a landing
page's cards, a segment's `<a href="workbook.md">`) alike; links to
files that are not pages (`book.xlsx`, images) are not followed.

Page names are compared without regard to letter case, as docs URLs are;
a page that `.openpublishing.redirection.json` redirects still leads
somewhere. When the English source of the same segment links somewhere
that exists, the finding says so: the translation changed the link.

When the English has the same link (the link is outside the segments,
or the segment's English source has it too), the finding is a note that
says the link is broken in the English as well: it is for the English
docs to fix, not the translation (a locale's CI with `--deny warnings`
does not fail on it).

A link to an anchor of another page (`user.md#properties`, or a
site-absolute link's `#anchor`) is checked against that page's anchors
in the same locale, read once however many pages link there. Links to
other sites, site-absolute links outside the base path and docfx tab
links (`#tab/http`) are not followed.

## Fix
No automatic fix: point the link at a page and anchor this locale has (the English source span's link, when the finding names one).

## Why is this bad
A reader of this locale who follows the link lands on a "page not found"
or at the top of the page instead of the section it names.

## Example
```markdown
См. [тип ресурса user](../resources/пользователь.md).
```
Use instead: the English file name, `../resources/user.md`; only the link
text is translated."#,
    scope: Scope::Group(check),
};

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for page in group.pages {
        // Read from the page only when a link names an anchor.
        let anchors = OnceCell::new();
        for link in page.outline.links.iter().filter(|l| reader_sees(l)) {
            let Some(why) = broken(group, page, &anchors, &link.target) else {
                continue;
            };
            let mut diagnostic = rule.at(page, link.span.clone(), why);
            if let Some(english) = english_link(group, page, &anchors, link) {
                diagnostic.notes.push(format!(
                    "note: the English source of this segment links to `{english}`, which this locale has"
                ));
            } else if english_has_it(page, link) {
                // Faithful to its English: nothing for the translation to
                // fix, so no warning in its locale's CI.
                diagnostic.severity = Severity::Note;
                diagnostic.notes.push(
                    "note: the English source has the same link: it is broken in the English too, to be fixed there".to_string(),
                );
            }
            diagnostic.key = link.target.clone();
            out.push(diagnostic);
        }
    }
}

/// Whether the English a reader's link stands for has the same link:
/// it is outside segments, or its segment's English source has it.
fn english_has_it(page: &Page, link: &Link) -> bool {
    // A page without segments has no English to tell.
    page.has_segments()
        && (link.side == Side::Both
            || segment_targets(page, link)
                .is_some_and(|(_, english)| english.contains(&link.target.as_str())))
}

/// The link targets of the segment a translated `link` is in: its
/// translation's and its English source's, in order.
fn segment_targets<'p>(page: &'p Page, link: &Link) -> Option<(Vec<&'p str>, Vec<&'p str>)> {
    let segment = page
        .segments
        .iter()
        .find(|segment| segment.translation.contains(&link.span.start))?;
    let source = segment.source.clone()?;
    let targets = |side: Side, span: std::ops::Range<usize>| -> Vec<&'p str> {
        page.outline
            .links
            .iter()
            .filter(|l| l.side == side && span.contains(&l.span.start))
            .map(|l| l.target.as_str())
            .collect()
    };
    Some((
        targets(Side::Translation, segment.translation.clone()),
        targets(Side::Source, source),
    ))
}

/// Links outside segments and in translations: what readers follow.
fn reader_sees(link: &Link) -> bool {
    matches!(link.side, Side::Both | Side::Translation)
}

/// The anchors of a page, lower case: every `<a name>` or `<a id>` in it
/// (translated headings keep English ones), and the ids docfx gives its
/// headings from their text as readers see it.
fn page_anchors(page: &Page) -> HashSet<String> {
    let body = page.text.get(page.body_start..).unwrap_or("");
    let mut anchors: HashSet<String> = body
        .match_indices("<a ")
        .filter_map(|(at, _)| {
            let tag = body.get(at + 3..)?;
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            anchor_name(tag).map(str::to_lowercase)
        })
        .collect();
    for block in &page.outline.blocks {
        if let Block::Heading(heading) = block {
            anchors.insert(heading_id(&heading.text.reader));
        }
    }
    anchors
}

/// Why `target` leads nowhere in this locale, if it does.
fn broken(
    group: &Group<'_>,
    page: &Page,
    anchors: &OnceCell<HashSet<String>>,
    target: &str,
) -> Option<String> {
    let target = target.trim();
    if let Some(anchor) = target.strip_prefix('#') {
        let anchor = anchor.to_lowercase();
        return (!anchor.is_empty()
            && !anchors.get_or_init(|| page_anchors(page)).contains(&anchor))
        .then(|| format!("link to `#{anchor}`, an anchor this page does not have"));
    }
    match follow(group.files, &page.locale, &page.path, target) {
        Followed::Page { resolved, shown } => {
            missing_anchor(group, page, anchors, (&resolved, shown), target)
        }
        Followed::Missing(why) => Some(why),
        Followed::Not => None,
    }
}

/// Why the `#anchor` of `target`, a link to the page at `resolved` (from
/// the locale root; `shown` as the link names it), is not on that page.
fn missing_anchor(
    group: &Group<'_>,
    page: &Page,
    anchors: &OnceCell<HashSet<String>>,
    (resolved, shown): (&str, &str),
    target: &str,
) -> Option<String> {
    // An anchor of that page: read once, whichever page links to it.
    let anchor = target
        .split_once('#')
        .map(|(_, anchor)| anchor.to_lowercase())
        .filter(|anchor| !anchor.is_empty() && !anchor.starts_with("tab/"))?;
    let has = if resolved.eq_ignore_ascii_case(&page.path) {
        anchors.get_or_init(|| page_anchors(page)).contains(&anchor)
    } else {
        // A page that cannot be read is its own finding there.
        let theirs = group.files.anchors_of(&page.locale, resolved, page_anchors);
        theirs.is_none_or(|theirs| theirs.contains(&anchor))
    };
    (!has).then(|| {
        format!(
            "link to `{shown}#{anchor}`, an anchor that page does not have in {}",
            page.locale
        )
    })
}

/// The link in the English source of the segment `link` is in, when it
/// leads somewhere this locale has: what the translation should have
/// kept.
fn english_link<'p>(
    group: &Group<'_>,
    page: &'p Page,
    anchors: &OnceCell<HashSet<String>>,
    link: &Link,
) -> Option<&'p str> {
    // The English link this one stands for: the one English target that
    // no link of the translation has, when this is the one link of the
    // translation that the English does not have (links may change
    // places in a translation; another link of the English says nothing
    // of this one, and an English with the same link has it broken too).
    let (translated, english) = segment_targets(page, link)?;
    let only = |from: &[&'p str], not_in: &[&str]| -> Option<&'p str> {
        let mut left = from.iter().filter(|t| !not_in.contains(t));
        match (left.next(), left.next()) {
            (Some(one), None) => Some(*one),
            _ => None,
        }
    };
    if only(&translated, &english) != Some(link.target.as_str()) {
        return None;
    }
    only(&english, &translated).filter(|target| broken(group, page, anchors, target).is_none())
}
