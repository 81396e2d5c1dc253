//! A page a locale lacks, shown there in English: the page of the locale
//! with the newest English source, its translations hidden and its
//! English shown, with a notice in the reader's language, where the
//! switcher and the links of that locale lead (Starlight shows a notice
//! too; Hugo and Docusaurus fall back silently or not at all).

use super::super::context::{self, Around};
use super::super::includes::IncludeCache;
use super::super::links::GroupLinks;
use super::super::render::render;
use super::super::search::{FallbackPage, Findable, PageTerms, TermCounts};
use super::super::summary::PageSummary;
use super::Builder;
use crate::model::{FileKind, PageGroup};
use crate::site::SiteError;

impl Builder {
    /// Writes the group's page in each locale that lacks it, from its
    /// page `reference` (the newest English); returns what each is found
    /// by in its locale's search.
    pub(super) fn write_fallbacks(
        &self,
        group: &PageGroup,
        links: &GroupLinks<'_>,
        reference: Option<usize>,
    ) -> Result<Vec<PageTerms>, SiteError> {
        // A page with content before a redirection.
        let pages = || group.pages.iter().filter(|p| p.kind == FileKind::Page);
        let Some(source) = reference
            .and_then(|at| group.pages.get(at))
            .filter(|page| page.kind == FileKind::Page && page.redirect_url().is_none())
            .or_else(|| pages().find(|page| page.redirect_url().is_none()))
            .or_else(|| pages().next())
        else {
            return Ok(Vec::new());
        };
        let mut found_by = Vec::new();
        if let Some(to) = source.redirect_url() {
            for (locale, url) in links.fallbacks() {
                self.write_redirect((locale, &source.path), url, to)?;
            }
            return Ok(found_by);
        }
        for (locale, url) in links.fallbacks() {
            // Its own includes: what another locale's pages cached has
            // their links.
            let cache = IncludeCache::default();
            let mut surroundings =
                self.surroundings(&source.file, &source.locale_root, (locale, &source.path));
            surroundings.cache = &cache;
            surroundings.english_only = true;
            let body = source.text.get(source.body_start..).unwrap_or("");
            let rendered = render(body, &surroundings);
            let has_english = rendered.segments > 0;
            let summary = PageSummary::new(source, None);
            // Found in the language it is shown in.
            let title = summary.title_shown(has_english).to_string();
            let mut terms = TermCounts::new(Findable {
                summary: &summary,
                page: source,
                // Its description is in the language of `source`.
                described: !has_english,
                headings: &rendered.toc,
                prose: &rendered.prose,
                lead: &rendered.lead,
            })
            .finish(&title);
            terms.locale = locale.to_string();
            terms.fallback = Some(FallbackPage {
                url: url.to_string(),
                title,
                endpoint: summary.endpoints.first().cloned(),
            });
            found_by.push(terms);
            let around = Around {
                newer: &[],
                locale,
                ui: &self.ui,
                links,
                nav: self.nav.page(locale, &source.path, url),
                group_index: 0,
            };
            let mut context = context::page(
                &self.options,
                around,
                (source, &summary),
                url,
                rendered,
                &[],
            );
            context.insert(
                "fallback",
                &serde_json::json!({
                    "english": has_english,
                    "locale": source.locale,
                    "name": self.ui.name(&source.locale),
                    "href": links.url(&source.locale).map(|to| super::super::paths::relative_url(url, to)),
                }),
            );
            let mut html = Vec::with_capacity(body.len() * 2 + 16 * 1024);
            self.render("page.html", &context, &mut html)
                .map_err(|err| SiteError::Page {
                    page: format!("{locale}/{}", source.path),
                    source: Box::new(err),
                })?;
            self.put(url, &html)?;
        }
        Ok(found_by)
    }
}
