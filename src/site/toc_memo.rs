//! Tables of contents as a build parsed them, kept beside the build cache
//! (`.sxsdoc-tocs.json`) for the next build: parsing their YAML was most
//! of what making the navigation cost (about 40 ms of CPU for the five
//! Graph checkouts), and a rebuild's tocs are nearly always the ones
//! parsed the time before. Each is kept with the hash of its text; one
//! whose text is not that one is parsed again.
//!
//! It is read only beside a build cache the build may use (written by the
//! same binary, for the same project and options, in this very folder:
//! see `pipeline::cache::is_this_builds`), and as untrusted all the same
//! (a plain file, bounded, of this version).

use crate::load::{parse_toc, read_toc_text, TocError, TocFile, TocNode};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// The memo's name in a site's folder.
pub const TOC_MEMO_NAME: &str = ".sxsdoc-tocs.json";
const VERSION: u32 = 1;
/// The largest memo read: many times the tocs of the largest docs set.
const MAX_MEMO_BYTES: u64 = 64 << 20;

/// Parsed tables of contents, each with the hash of its text.
#[derive(Default, Serialize, Deserialize)]
pub struct TocMemo {
    version: u32,
    tocs: Vec<ParsedToc>,
    /// Whether it holds other tocs than the memo it was made from.
    #[serde(skip)]
    changed: bool,
    /// Whether a site folder was given it since (`sxsdoc serve` keeps it
    /// from one build to the next).
    #[serde(skip)]
    given: AtomicBool,
}

/// A toc file as read: the hash of its text, and its entries when they
/// were parsed (not taken from the memo).
type Read = (u64, Option<Vec<TocNode>>);

#[derive(Serialize, Deserialize)]
struct ParsedToc {
    locale: String,
    path: String,
    hash: u64,
    nodes: Vec<TocNode>,
}

impl TocMemo {
    /// The memo in the site folder `output`, or none.
    pub fn read(output: &Path) -> TocMemo {
        let path = output.join(TOC_MEMO_NAME);
        let plain = std::fs::symlink_metadata(&path)
            .is_ok_and(|file| file.is_file() && file.len() <= MAX_MEMO_BYTES);
        let read = plain
            .then(|| std::fs::read(&path).ok())
            .flatten()
            .and_then(|bytes| serde_json::from_slice::<TocMemo>(&bytes).ok());
        read.filter(|memo| memo.version == VERSION)
            .unwrap_or_default()
    }

    /// Each of `files` read, and parsed unless `previous` has its text
    /// parsed: the memo of them all, and for each file, in order, where
    /// its entries are in it, or why it could not be read.
    pub fn parse(files: &[TocFile], previous: TocMemo) -> (TocMemo, Vec<Result<usize, TocError>>) {
        let key = |locale: &str, path: &str| format!("{locale}/{path}");
        let mut kept: HashMap<String, ParsedToc> = previous
            .tocs
            .into_iter()
            .map(|toc| (key(&toc.locale, &toc.path), toc))
            .collect();
        // Each file's hash, and its entries unless the memo has them.
        let read: Vec<Result<Read, TocError>> = files
            .par_iter()
            .map(|file| {
                let text = read_toc_text(&file.file)?;
                let hash = crate::digest::of_bytes(text.as_bytes());
                let known = kept
                    .get(&key(&file.locale, &file.path))
                    .is_some_and(|toc| toc.hash == hash);
                match known {
                    true => Ok((hash, None)),
                    false => Ok((hash, Some(parse_toc(&text, &file.file)?))),
                }
            })
            .collect();
        let mut memo = TocMemo {
            version: VERSION,
            ..TocMemo::default()
        };
        let mut found = Vec::with_capacity(files.len());
        for (file, read) in files.iter().zip(read) {
            let taken = read.map(|(hash, parsed)| {
                let nodes = match parsed {
                    Some(nodes) => {
                        memo.changed = true;
                        nodes
                    }
                    None => kept
                        .remove(&key(&file.locale, &file.path))
                        .map(|toc| toc.nodes)
                        .unwrap_or_default(),
                };
                memo.tocs.push(ParsedToc {
                    locale: file.locale.clone(),
                    path: file.path.clone(),
                    hash,
                    nodes,
                });
                memo.tocs.len() - 1
            });
            found.push(taken);
        }
        // A toc gone, or one that no longer reads.
        memo.changed |= !kept.is_empty();
        (memo, found)
    }

    /// The entries of the toc at `at` (see [`TocMemo::parse`]).
    pub fn nodes(&self, at: usize) -> &[TocNode] {
        self.tocs.get(at).map_or(&[], |toc| &toc.nodes)
    }

    /// The memo's file, when the site folder needs it (and there are
    /// tocs): a new one does;
    /// one updated in place (`in_place`) has the memo it was made from,
    /// and needs it only when it changed and was not given it since.
    pub fn to_write(&self, in_place: bool) -> Option<Vec<u8>> {
        let unneeded = in_place && (!self.changed || self.given.load(Ordering::Relaxed));
        if unneeded || self.tocs.is_empty() {
            return None;
        }
        serde_json::to_vec(self).ok()
    }

    /// Says that a site folder was given the memo.
    pub fn given(&self) {
        self.given.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toc(folder: &Path, locale: &str, text: &str) -> TocFile {
        let file = folder.join(format!("{locale}.yml"));
        std::fs::write(&file, text).expect("write");
        TocFile {
            locale: locale.to_string(),
            path: "toc.yml".to_string(),
            shown: format!("{locale}/toc.yml"),
            file,
        }
    }

    /// A toc whose text the memo has is not parsed again; one edited is,
    /// and one that does not read is an error and leaves the memo.
    #[test]
    fn a_toc_is_parsed_again_only_when_its_text_changed() {
        let folder = tempfile::tempdir().expect("temp dir");
        let files = [
            toc(folder.path(), "de-DE", "- name: Übersicht\n  href: a.md\n"),
            toc(folder.path(), "ru-RU", "- name: Обзор\n  href: a.md\n"),
        ];
        let (first, found) = TocMemo::parse(&files, TocMemo::default());
        assert!(first.changed && found.iter().all(Result::is_ok));
        let written = first.to_write(true).expect("changed");
        std::fs::write(folder.path().join(TOC_MEMO_NAME), written).expect("memo");

        let (same, found) = TocMemo::parse(&files, TocMemo::read(folder.path()));
        assert!(!same.changed, "nothing parsed");
        assert!(same.to_write(true).is_none() && same.to_write(false).is_some());
        first.given();
        assert!(first.to_write(true).is_none(), "given already");
        let at = found[1].as_ref().expect("read");
        assert_eq!(same.nodes(*at)[0].name, "Обзор");

        std::fs::write(&files[0].file, "- name: Neu\n").expect("edit");
        std::fs::write(&files[1].file, "- name: [").expect("break");
        let (edited, found) = TocMemo::parse(&files, same);
        assert!(edited.changed);
        assert_eq!(
            edited.nodes(*found[0].as_ref().expect("read"))[0].name,
            "Neu"
        );
        assert!(found[1].is_err());
    }

    /// A memo of another version, or not a plain file, is no memo.
    #[test]
    fn only_a_plain_memo_of_this_version_is_read() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join(TOC_MEMO_NAME);
        std::fs::write(
            &path,
            r#"{"version":0,"tocs":[{"locale":"de-DE","path":"toc.yml","hash":1,"nodes":[]}]}"#,
        )
        .expect("write");
        assert!(TocMemo::read(folder.path()).tocs.is_empty());
        std::fs::remove_file(&path).expect("remove");
        std::fs::create_dir(&path).expect("a folder by its name");
        assert!(TocMemo::read(folder.path()).tocs.is_empty());
    }
}
