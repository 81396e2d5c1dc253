//! The terms of every written page of a build, kept beside the build
//! cache: a file per locale (`.sxsdoc-search.<locale>.jsonl`), one line
//! per page, in path order, with what its search result shows. A
//! locale's index is made from its file at the end of the build, and the
//! next build takes the lines of the groups it does not render again,
//! reading the files as it reaches them (they are never held whole).
//! They are read as untrusted input, like the cache: a line that does
//! not read as one only makes its group render again.

use super::{PageTerms, Term};
use crate::site::output::temp_file_in;
use crate::site::summary::GroupSummary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::File;
use std::hash::Hasher;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use tempfile::TempPath;
use twox_hash::XxHash3_64;

/// The name of `locale`'s terms file in a site's folder.
pub fn terms_name(locale: &str) -> String {
    format!(".sxsdoc-search.{locale}.jsonl")
}

/// A written page as its search result shows it, with its terms: a line
/// of a terms file.
#[derive(Serialize, Deserialize)]
pub(super) struct IndexedPage<S = String, T = Vec<Term>> {
    pub group: S,
    pub url: S,
    pub title: S,
    /// The English title, when it is not the title.
    pub english: Option<S>,
    pub endpoint: Option<S>,
    pub length: u32,
    pub terms: T,
}

/// The terms files of this build, written as groups are finished.
pub struct TermsWriter<'f> {
    folder: &'f Path,
    locales: BTreeMap<String, LocaleWriter>,
    error: Option<io::Error>,
    line: Vec<u8>,
}

struct LocaleWriter {
    out: BufWriter<File>,
    temp: TempPath,
    /// A hash of its lines: its index is made again only when it changed.
    hash: XxHash3_64,
}

/// A locale's terms file as written, and its hash.
pub struct WrittenTerms {
    pub locale: String,
    pub path: TempPath,
    pub hash: u64,
}

impl TermsWriter<'_> {
    /// Terms files in `folder`, each under a name of its own, put in
    /// place when the build is (and removed if dropped before).
    pub fn new(folder: &Path) -> TermsWriter<'_> {
        TermsWriter {
            folder,
            locales: BTreeMap::new(),
            error: None,
            line: Vec::new(),
        }
    }

    /// Appends the written pages of `group` with their `terms` (a page
    /// without terms is not found by search).
    pub fn append(&mut self, group: &GroupSummary, terms: &[PageTerms]) {
        if self.error.is_some() {
            return;
        }
        if let Err(err) = self.try_append(group, terms) {
            self.error = Some(err);
        }
    }

    fn try_append(&mut self, group: &GroupSummary, terms: &[PageTerms]) -> io::Result<()> {
        let english = group.english_title();
        for (page, url) in group.written() {
            let Some(terms) = terms.iter().find(|t| t.locale == page.locale) else {
                continue;
            };
            self.line.clear();
            serde_json::to_writer(
                &mut self.line,
                &IndexedPage {
                    group: group.path.as_str(),
                    url: url.as_str(),
                    title: page.title.as_str(),
                    english: Some(english.as_str()).filter(|e| !e.is_empty() && *e != page.title),
                    endpoint: page.endpoints.first().map(String::as_str),
                    length: terms.length,
                    terms: &terms.terms,
                },
            )?;
            self.line.push(b'\n');
            let writer = match self.locales.get_mut(&page.locale) {
                Some(writer) => writer,
                None => {
                    let (file, temp) = temp_file_in(self.folder)
                        .map_err(io::Error::other)?
                        .into_parts();
                    let writer = LocaleWriter {
                        out: BufWriter::with_capacity(1 << 16, file),
                        temp,
                        hash: crate::digest::hasher(),
                    };
                    self.locales.entry(page.locale.clone()).or_insert(writer)
                }
            };
            writer.hash.write(&self.line);
            writer.out.write_all(&self.line)?;
        }
        Ok(())
    }

    /// Every locale's file, flushed.
    pub fn finish(mut self) -> io::Result<Vec<WrittenTerms>> {
        if let Some(err) = self.error.take() {
            return Err(err);
        }
        let mut written = Vec::with_capacity(self.locales.len());
        for (locale, mut writer) in self.locales {
            writer.out.flush()?;
            written.push(WrittenTerms {
                locale,
                path: writer.temp,
                hash: writer.hash.finish(),
            });
        }
        Ok(written)
    }
}

/// The previous build's terms files, read forward as the build reaches
/// its groups.
pub struct TermsReader {
    locales: Vec<LocaleReader>,
}

struct LocaleReader {
    locale: String,
    lines: io::Lines<BufReader<io::Take<File>>>,
    /// The line read last, of a group the build has not reached yet.
    ahead: Option<IndexedPage>,
}

impl TermsReader {
    /// The terms files of `locales` in `output` that are plain files; at
    /// most `max_bytes` of each are read.
    pub fn open(output: &Path, locales: &[String], max_bytes: u64) -> TermsReader {
        let open = |locale: &String| {
            let path = output.join(terms_name(locale));
            // A link (to `/dev/zero`, to a secret) or a named pipe is not one.
            if !std::fs::symlink_metadata(&path).ok()?.is_file() {
                return None;
            }
            let file = File::open(&path).ok()?;
            Some(LocaleReader {
                locale: locale.clone(),
                lines: BufReader::with_capacity(1 << 16, file.take(max_bytes)).lines(),
                ahead: None,
            })
        };
        TermsReader {
            locales: locales.iter().filter_map(open).collect(),
        }
    }

    /// The terms of the pages of the group at `path` the previous build
    /// wrote. Groups are asked for in path order.
    pub fn take(&mut self, path: &str) -> Vec<PageTerms> {
        self.locales
            .iter_mut()
            .filter_map(|reader| reader.take(path))
            .collect()
    }
}

impl LocaleReader {
    fn take(&mut self, path: &str) -> Option<PageTerms> {
        loop {
            if let Some(line) = self.ahead.take() {
                match line.group.as_str().cmp(path) {
                    std::cmp::Ordering::Equal => {
                        return Some(PageTerms {
                            locale: self.locale.clone(),
                            length: line.length,
                            terms: line.terms,
                        })
                    }
                    std::cmp::Ordering::Greater => {
                        self.ahead = Some(line);
                        return None;
                    }
                    std::cmp::Ordering::Less => {}
                }
            }
            // Stops at the first line that cannot be read (cut short by
            // the bound, or not UTF-8); skips one that is not a page's.
            let line = self.lines.next()?.ok()?;
            self.ahead = serde_json::from_str(&line).ok();
        }
    }
}
