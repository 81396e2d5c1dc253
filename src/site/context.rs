//! What a page's template sees: plain serializable values built from the
//! page model, its summary and its findings. Page text reaches templates
//! only as values, never as template source.

use super::dashboard::finding_url;
use super::links::GroupLinks;
use super::nav::PageNav;
use super::paths::root_prefix;
use super::render::Rendered;
use super::strings::Ui;
use super::summary::{FindingRow, PageSummary};
use super::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::model::Page;
use serde::Serialize;
use serde_json::{json, Value};
use std::ops::Range;
use tera::Context;

/// The findings of the page at `path` in `locale`, as found.
pub fn findings_of<'d>(
    diagnostics: &'d [Diagnostic],
    locale: &str,
    path: &str,
) -> impl Iterator<Item = &'d Diagnostic> {
    let (locale, path) = (locale.to_string(), path.to_string());
    diagnostics
        .iter()
        .filter(move |d| d.location.locale == locale && d.location.path == path)
}

/// A finding with the link to where it is shown.
#[derive(Serialize)]
pub(super) struct FindingView<'a> {
    #[serde(flatten)]
    pub row: &'a FindingRow,
    pub href: String,
    /// The id of the segment it is about, where the QA view marks it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
}

/// The values every template gets: `t` is the interface's strings in
/// the language of the page, `ui_lang` their language.
pub(super) fn base(
    options: &BuildOptions,
    ui: &Ui,
    locale: &str,
    (root, title): (&str, &str),
) -> Context {
    let interface = ui.of(locale);
    let mut context = Context::new();
    context.insert("site_name", options.site_name());
    context.insert("lang", if locale.is_empty() { "en" } else { locale });
    context.insert("dir", direction(locale));
    context.insert("locale", locale);
    context.insert("root", root);
    context.insert("title", title);
    context.insert("description", "");
    context.insert_value("t", interface.template_value.clone());
    context.insert("ui_lang", &interface.lang);
    context.insert("qa", &options.qa);
    context.insert_value("locale_list", ui.names_value.clone());
    context
}

/// What a page's template shows around its body.
pub struct Around<'a> {
    /// The locale it is shown in: its own, or one that lacks it (it is
    /// then shown in its English).
    pub locale: &'a str,
    pub ui: &'a Ui,
    pub links: &'a GroupLinks<'a>,
    pub nav: PageNav,
    /// Its group's place in path order: which part of the report shows
    /// its findings.
    pub group_index: usize,
    /// The newest English of each of its segments whose English changed
    /// since it was translated, as a reader sees it: (segment id,
    /// English).
    pub newer: &'a [(String, String)],
}

/// The context of one rendered page; `diagnostics` are its group's.
pub fn page(
    options: &BuildOptions,
    around: Around<'_>,
    (page, summary): (&Page, &PageSummary),
    url: &str,
    rendered: Rendered,
    diagnostics: &[Diagnostic],
) -> Context {
    let root = root_prefix(url);
    let (ui, links, shown_in) = (around.ui, around.links, around.locale);
    // A page its locale lacks, shown there in its English.
    let in_english = shown_in != page.locale;
    // Shown in its English: its translated title and description are
    // not what the reader reads.
    let english = in_english && rendered.segments > 0;
    let mut context = base(options, ui, shown_in, (&root, summary.title_shown(english)));
    if let Some(description) = page
        .front_matter
        .as_ref()
        .and_then(|fm| fm.description.as_deref())
        .filter(|_| !english)
    {
        context.insert("description", description);
    }
    context.insert("path", &page.path);
    context.insert("article_lang", &page.locale);
    context.insert("url", url);
    context.insert("body", &rendered.html);
    context.insert("has_segments", &(rendered.segments > 0 && !in_english));
    let newer: Vec<Value> = around
        .newer
        .iter()
        .map(|(id, english)| serde_json::json!({ "id": id, "english": english }))
        .collect();
    context.insert("newer", &newer);
    context.insert("alternates", &links.alternates(shown_in, &root, ui));
    context.insert("nav", &around.nav);
    let sections: Vec<Value> = rendered
        .toc
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| match in_english && !h.english.is_empty() {
            true => json!({ "id": h.id, "text": h.english }),
            false => json!({ "id": h.id, "text": h.text }),
        })
        .collect();
    context.insert("on_this_page", &sections);
    if !options.qa {
        return context;
    }
    let mine: Vec<&Diagnostic> = findings_of(diagnostics, &page.locale, &page.path).collect();
    let rows: Vec<FindingRow> = mine.iter().map(|d| FindingRow::new(d)).collect();
    let to_report = |row| FindingView {
        row,
        href: format!("{root}{}", finding_url(around.group_index, &row.id)),
        segment: None,
    };
    let segment_of = |d: &Diagnostic| {
        let at = d.location.span.start;
        let segment = page.segments.iter().find(|s| s.span.contains(&at))?;
        Some(segment.id(&page.text).to_string())
    };
    let views: Vec<FindingView> = mine
        .iter()
        .zip(&rows)
        .map(|(d, row)| FindingView {
            segment: segment_of(d),
            ..to_report(row)
        })
        .collect();
    context.insert("findings", &views);
    if !page.facts.is_empty() {
        let spans = fact_spans(page);
        let disagreements: Vec<FindingView> = mine
            .iter()
            .zip(&rows)
            .filter(|(d, _)| {
                d.fact.is_some() || spans.iter().any(|s| overlaps(s, &d.location.span))
            })
            .map(|(_, row)| to_report(row))
            .collect();
        let facts = &page.facts;
        let permissions: Vec<Value> = facts
            .permissions
            .iter()
            .map(|row| {
                let label = if row.type_text.is_empty() {
                    &row.permission_type
                } else {
                    &row.type_text
                };
                json!({ "type": label, "scopes": row.scopes })
            })
            .collect();
        context.insert(
            "facts",
            &json!({
                "endpoints": summary.endpoints,
                "permissions": permissions,
                "response_code": facts.response_code.as_ref().map(|c| c.value),
                "example_status": facts.example_status.as_ref().map(|c| c.value),
                "api_version": facts.api_version.as_ref().map(|v| &v.value),
                "disagreements": disagreements,
            }),
        );
    }
    context
}

fn direction(locale: &str) -> &'static str {
    let language = locale.split('-').next().unwrap_or("").to_ascii_lowercase();
    if ["ar", "he", "fa", "ur", "yi", "ps"].contains(&language.as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

fn fact_spans(page: &Page) -> Vec<Range<usize>> {
    let facts = &page.facts;
    let mut spans: Vec<Range<usize>> = facts.endpoints.iter().map(|e| e.span.clone()).collect();
    spans.extend(facts.permissions.iter().map(|r| r.span.clone()));
    spans.extend(facts.response_code.iter().map(|c| c.span.clone()));
    spans.extend(facts.api_version.iter().map(|v| v.span.clone()));
    spans
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}
