//! The terms of every written page of a build, kept beside the build
//! cache: a file per locale (`.sxsdoc-search.<locale>.jsonl`), one line
//! per page, in path order, with what its search result shows. A
//! locale's index is made from its file at the end of a build.
//!
//! A build writes the lines of the groups it renders, a file per locale
//! ([`TermsWriter`]); an in-place rebuild only those that changed (their
//! hashes are in the groups' stamps). A full build's files are the locales' files; an
//! in-place rebuild merges them into the previous ones ([`merge`]), only
//! for the locales it rendered a page of: the others' files and indexes
//! are left as they are. The files are read as untrusted input, like the
//! cache, which holds each one's [`TermsStamp`]: one that does not match
//! makes the build a full one (see `pipeline::cache`).

use super::{PageTerms, Term};
use crate::plan::modified_nanos;
use crate::site::output::temp_file_in;
use crate::site::summary::GroupSummary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::File;
use std::hash::Hasher;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
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
    pub excerpt: S,
    pub length: u32,
    pub terms: T,
}

/// The terms files of this build, written as groups are finished.
pub struct TermsWriter<'f> {
    folder: &'f Path,
    /// An in-place rebuild: only the lines that changed are written, to
    /// be merged into the previous files.
    in_place: bool,
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

/// A locale's terms file as written.
pub struct WrittenTerms {
    pub locale: String,
    pub path: TempPath,
    pub stamp: TermsStamp,
}

/// A terms file as a build wrote it: the hash of its lines, and its size
/// and modification time, by which the next build knows it as it was
/// without reading it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermsStamp {
    pub hash: u64,
    len: u64,
    modified: u128,
}

impl TermsStamp {
    /// The stamp of the file `out` has just written (flushed), whose
    /// lines hash to `hash`.
    fn of(out: &BufWriter<File>, hash: u64) -> io::Result<TermsStamp> {
        let metadata = out.get_ref().metadata()?;
        Ok(TermsStamp {
            hash,
            len: metadata.len(),
            modified: modified_nanos(&metadata),
        })
    }

    /// Whether the file at `path` is the one stamped: a plain file of its
    /// size and time, or, when only its time changed, of its hash (and
    /// at most `max_bytes`).
    pub fn matches(&self, path: &Path, max_bytes: u64) -> bool {
        let Ok(metadata) = std::fs::symlink_metadata(path) else {
            return false;
        };
        // Its size, like its time, is what the cache says: bounded all the
        // same, for the merge that reads it.
        if !metadata.is_file() || metadata.len() != self.len || metadata.len() > max_bytes {
            return false;
        }
        modified_nanos(&metadata) == self.modified || file_hash(path, max_bytes) == Some(self.hash)
    }
}

impl TermsWriter<'_> {
    /// Terms files in `folder`, each under a name of its own, put in
    /// place when the build is (and removed if dropped before).
    pub fn new(folder: &Path, in_place: bool) -> TermsWriter<'_> {
        TermsWriter {
            folder,
            in_place,
            locales: BTreeMap::new(),
            error: None,
            line: Vec::new(),
        }
    }

    /// Appends the written pages of `group` with their `terms` (a page
    /// without terms is not found by search); in an in-place rebuild,
    /// only the lines that are not in `previous` (the previous build's,
    /// by locale and hash). Returns the hash of each page's line.
    pub fn append(
        &mut self,
        group: &GroupSummary,
        terms: &[PageTerms],
        previous: &[(String, u64)],
    ) -> Vec<(String, u64)> {
        let mut hashes = Vec::with_capacity(terms.len());
        if self.error.is_none() {
            if let Err(err) = self.try_append(group, terms, previous, &mut hashes) {
                self.error = Some(err);
            }
        }
        hashes
    }

    fn try_append(
        &mut self,
        group: &GroupSummary,
        terms: &[PageTerms],
        previous: &[(String, u64)],
        hashes: &mut Vec<(String, u64)>,
    ) -> io::Result<()> {
        let english = group.english_title();
        // Each written page, then each page shown in English in a locale
        // that lacks it: its URL, title, English title and endpoint as its
        // result shows them, and its terms.
        let own = group.written().filter_map(|(page, url)| {
            let terms = terms
                .iter()
                .find(|t| t.fallback.is_none() && t.locale == page.locale)?;
            let english = Some(english.as_str()).filter(|e| !e.is_empty() && *e != page.title);
            let endpoint = page.endpoints.first().map(String::as_str);
            Some((url.as_str(), page.title.as_str(), english, endpoint, terms))
        });
        let fallbacks = terms.iter().filter_map(|terms| {
            let shown = terms.fallback.as_ref()?;
            let endpoint = shown.endpoint.as_deref();
            Some((
                shown.url.as_str(),
                shown.title.as_str(),
                None,
                endpoint,
                terms,
            ))
        });
        for (url, title, english, endpoint, terms) in own.chain(fallbacks) {
            let locale = terms.locale.as_str();
            let line = IndexedPage {
                group: group.path.as_str(),
                url,
                title,
                english,
                endpoint,
                excerpt: terms.excerpt.as_str(),
                length: terms.length,
                terms: &terms.terms,
            };
            self.line.clear();
            serde_json::to_writer(&mut self.line, &line)?;
            self.line.push(b'\n');
            let hash = crate::digest::of_bytes(&self.line);
            hashes.push((locale.to_string(), hash));
            if self.in_place && previous.iter().any(|(l, h)| l == locale && *h == hash) {
                continue;
            }
            let writer = match self.locales.get_mut(locale) {
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
                    self.locales.entry(locale.to_string()).or_insert(writer)
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
                stamp: TermsStamp::of(&writer.out, writer.hash.finish())?,
                path: writer.temp,
            });
        }
        Ok(written)
    }
}

/// The hash of a terms file as [`TermsWriter`] and [`merge`] compute it,
/// if it is a plain file of at most `max_bytes`.
fn file_hash(path: &Path, max_bytes: u64) -> Option<u64> {
    let metadata = std::fs::symlink_metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > max_bytes {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let mut hash = crate::digest::hasher();
    hash.write(&bytes);
    Some(hash.finish())
}

/// `locale`'s terms file in `output` (the previous build's), and the
/// lines of the groups this build rendered (`rendered`, in path order),
/// merged into a new file in `folder`: the previous file's lines but for
/// the groups rendered again, whose lines are `rendered`'s.
pub fn merge(output: &Path, rendered: WrittenTerms, folder: &Path) -> io::Result<WrittenTerms> {
    // The group a line is of: the string its line begins with (the rest
    // is not read).
    let group_of = |line: &str| {
        let rest = line.strip_prefix("{\"group\":")?;
        String::deserialize(&mut serde_json::Deserializer::from_str(rest)).ok()
    };
    let (file, temp) = temp_file_in(folder).map_err(io::Error::other)?.into_parts();
    let mut out = BufWriter::with_capacity(1 << 16, file);
    let mut hash = crate::digest::hasher();
    let mut put = |line: &str| -> io::Result<()> {
        hash.write(line.as_bytes());
        hash.write(b"\n");
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")
    };
    let mut new_lines = BufReader::new(File::open(&rendered.path)?)
        .lines()
        .peekable();
    let mut last_new: Option<String> = None;
    let previous = File::open(output.join(terms_name(&rendered.locale)))?;
    for line in BufReader::with_capacity(1 << 16, previous).lines() {
        let line = line?;
        let Some(group) = group_of(&line) else {
            continue;
        };
        // The rendered groups' lines before this one go first.
        while let Some(Ok(new)) = new_lines.peek() {
            match group_of(new) {
                Some(new_group) if new_group.as_str() <= group.as_str() => {
                    last_new = Some(new_group);
                    put(new)?;
                    new_lines.next();
                }
                Some(_) => break,
                None => {
                    new_lines.next();
                }
            }
        }
        if last_new.as_deref() != Some(group.as_str()) {
            put(&line)?;
        }
    }
    for line in new_lines {
        put(&line?)?;
    }
    out.flush()?;
    Ok(WrittenTerms {
        locale: rendered.locale,
        path: temp,
        stamp: TermsStamp::of(&out, hash.finish())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    /// A terms file is known by its size and time; when only its time
    /// changed, by its lines' hash: garbage of the same size is not it.
    #[test]
    fn a_stamp_knows_its_file_by_time_else_by_hash() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("terms.jsonl");
        let lines = "{\"group\":\"a.md\"}\n";
        let mut out = BufWriter::new(File::create(&path).expect("create"));
        out.write_all(lines.as_bytes()).expect("write");
        out.flush().expect("flush");
        let stamp = TermsStamp::of(&out, crate::digest::of_bytes(lines.as_bytes())).expect("stamp");
        drop(out);
        assert!(stamp.matches(&path, 1 << 20));
        let touch = |path: &Path| {
            let file = File::options().write(true).open(path).expect("open");
            let later = SystemTime::now() + Duration::from_secs(60);
            file.set_modified(later).expect("set time");
        };
        touch(&path);
        assert!(stamp.matches(&path, 1 << 20), "same lines, another time");
        std::fs::write(&path, "{\"group\":\"b.md\"}\n").expect("garbage");
        touch(&path);
        assert!(!stamp.matches(&path, 1 << 20), "same size, other lines");
        assert!(!stamp.matches(&folder.path().join("gone"), 1 << 20));
    }
}
