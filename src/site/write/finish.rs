//! The end of a build: the index pages, the search indexes, the build
//! cache and the assets, then the site put in place.

use super::{search, written_to, Builder, Finished};
use crate::site::error::SiteError;
use crate::site::indexes::SiteIndex;
use crate::site::search::store::{terms_name, WrittenTerms};
use crate::site::summary::GroupSummary;
use crate::site::temp_file_in;
use crate::site::toc_memo::TOC_MEMO_NAME;
use crate::site::BuildReport;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::Ordering;
use tempfile::TempPath;

/// The index pages but the report (see [`Builder::finish`]).
enum IndexPage<'a> {
    Home,
    Sitemap,
    LocaleHome(&'a str),
}

impl Builder {
    /// Writes each toc's script, the pages in no toc named by `groups`'
    /// titles.
    fn write_tocs(&self, groups: &[GroupSummary]) -> Result<(), SiteError> {
        let titles: HashMap<&str, &str> = groups
            .iter()
            .flat_map(GroupSummary::written)
            .map(|(page, url)| (url.as_str(), page.title.as_str()))
            .collect();
        let others = |locale: &str| self.ui.of(locale).get("other_pages").to_string();
        let title = |url: &str| titles.get(url).copied();
        for (url, script) in self.nav.scripts(&others, &title) {
            self.put(&url, script.as_bytes())?;
        }
        Ok(())
    }

    /// Writes the index pages from `indexes` (every group's summary, in
    /// path order), unless it is `None` (an in-place build whose index
    /// pages show what they showed), the search
    /// index of each locale of `search` whose terms changed, and the
    /// assets; then puts the new site in place, with the build cache
    /// `write_cache` writes in the site's folder as it is given (with the
    /// summaries of `indexes`) while the index pages are written, and the
    /// terms files of `search`.
    ///
    /// The report, the largest, comes last and alone, its rows made from
    /// the summaries as they are let go: so they do not add to the
    /// summaries. At its peak a build then holds about 3.4 KB a page
    /// (`tests/memory.rs`), where rendering every index page at once held
    /// 5.8 KB; the report (0.08 s of the 0.15 s the index pages take on
    /// the v1.0 corpus) no longer overlaps the others.
    pub fn finish(
        self,
        indexes: Option<Vec<GroupSummary>>,
        search: Vec<(WrittenTerms, bool)>,
        write_cache: impl FnOnce(&Path, Option<&[GroupSummary]>) -> Option<TempPath> + Send,
    ) -> Result<Finished, SiteError> {
        let indexes_changed = indexes.is_some();
        let groups = indexes.unwrap_or_default();
        let mut pages = vec![IndexPage::Home, IndexPage::Sitemap];
        for locale in &self.links.locales {
            pages.push(IndexPage::LocaleHome(locale));
        }
        let index = SiteIndex {
            options: &self.options,
            ui: &self.ui,
            nav: &self.nav,
            locales: &self.links.locales,
            groups: &groups,
        };
        let not_found = index.not_found();
        // The cache and the index pages need nothing of each other, nor
        // do an in-place build's search indexes (those of the locales
        // whose terms changed, often one). A full build makes its
        // indexes, every locale's, once the summaries are let go: at its
        // peak it holds one or the other (`tests/memory.rs`).
        let in_place = self.target.in_place();
        let (cache, (written, searched)) = rayon::join(
            || write_cache(self.site_folder(), indexes_changed.then_some(&groups[..])),
            || {
                rayon::join(
                    || match indexes_changed {
                        true => pages
                            .par_iter()
                            .try_for_each(|page| self.write_index(&index, page)),
                        false => Ok(()),
                    },
                    || in_place.then(|| self.write_search_indexes(&search)),
                )
            },
        );
        written?;
        // The tocs are the same in a build in place (its fingerprint has
        // them): their scripts change with the pages' titles only.
        if indexes_changed {
            self.write_tocs(&groups)?;
        }
        if indexes_changed && self.options.qa {
            self.write_report(groups)?;
        } else {
            drop(groups);
        }
        let shards = match searched {
            Some(shards) => shards?,
            None => self.write_search_indexes(&search)?,
        };
        let mut kept: Vec<(TempPath, String)> = search
            .into_iter()
            .map(|(terms, _)| (terms.path, terms_name(&terms.locale)))
            .collect();
        // The tocs as parsed, for the next build; without them it only
        // parses them again.
        if let Some(memo) = self.toc_memo.to_write(in_place) {
            let written = temp_file_in(self.site_folder()).ok().and_then(|mut file| {
                file.write_all(&memo).ok()?;
                Some(file.into_temp_path())
            });
            if let Some(written) = written {
                kept.push((written, TOC_MEMO_NAME.to_string()));
                self.toc_memo.given();
            }
        }
        for (name, content) in &self.theme.assets {
            self.put(&format!("assets/{name}"), content.as_bytes())?;
        }
        // An image that cannot be read any more is left out.
        for (url, file) in self.images.take() {
            if let Ok(bytes) = std::fs::read(&file) {
                self.put(&url, &bytes)?;
            }
        }
        // Small: made whole, and left alone when it is what was there.
        let mut html = Vec::new();
        self.render("404.html", &not_found, &mut html)?;
        self.put("404.html", &html)?;
        let report = BuildReport {
            pages: self.links.count,
            files: self.files.load(Ordering::Relaxed) as usize,
            bytes: self.bytes.load(Ordering::Relaxed),
            notes: self
                .notes
                .lock()
                .map(|mut notes| std::mem::take(&mut *notes))
                .unwrap_or_default(),
        };
        let old = self.target.commit(cache, kept)?;
        if in_place {
            search::remove_stale_shards(&self.options.output, &shards);
        }
        Ok(Finished { report, old })
    }

    fn write_index(&self, index: &SiteIndex<'_>, page: &IndexPage<'_>) -> Result<(), SiteError> {
        match page {
            IndexPage::Home => self.put_with("index.html", |out| {
                self.render("home.html", &index.home(), out)
            }),
            IndexPage::LocaleHome(locale) => {
                let context = index.locale_home(locale);
                self.put_with(&format!("{locale}/index.html"), |out| {
                    self.render("locale_home.html", &context, out)
                })
            }
            IndexPage::Sitemap => self.put_with("sitemap.xml", |out| {
                index
                    .write_sitemap(out)
                    .map_err(|source| written_to("sitemap.xml", source))
            }),
        }
    }
}
