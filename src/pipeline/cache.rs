//! The build cache: what each page group produced last time, so a rebuild
//! renders only the groups whose files changed.
//!
//! It lives in the output (`.sxsdoc-cache.jsonl`): a header, then one line
//! per group in path order, with the stamps of the files its pages were
//! made from and its summary (what the index pages show of it). It is
//! written whole at the end of a build and read whole at the start of the
//! next, and used only when everything else a page's HTML depends on is
//! unchanged: the sxsdoc binary, the templates, the build options and
//! settings, the locales, the set of pages and where links lead (what
//! each locale publishes, the paths its redirections answer). It is read as untrusted
//! input all the same (an output folder may come from anywhere): only a
//! plain file, of a bounded size, stamps of files under the docs root, and
//! nothing in it reaches a page but data the templates escape.

use crate::plan::{GroupFiles, Plan};
use crate::site::search::store::{terms_name, TermsStamp};
use crate::site::search::PageTerms;
use crate::site::{temp_file_in, GroupSummary, CACHE_NAME};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::{BufRead, Read, Write};
use std::path::Path;

mod held;
mod stamps;

use held::page_locales;
pub use held::HeldSummary;
pub use stamps::{FileStamp, GroupStamps};

const VERSION: u32 = 17;

#[derive(Serialize, Deserialize)]
struct CacheHeader {
    version: u32,
    fingerprint: u64,
    /// A hash of every group's summary, in path order: of what the index
    /// pages were made from.
    indexes: u64,
    /// Which folder on this machine the cache was written in (see
    /// [`folder_identity`]).
    folder: u64,
    /// Each locale's search terms file (see
    /// [`crate::site::search::store`]): its index is made again only
    /// when its lines changed.
    #[serde(default)]
    search: BTreeMap<String, TermsStamp>,
}

/// A group's line as written: its path and its pages' locales (by which
/// a rebuild knows the group), its stamps, then its summary.
#[derive(Serialize)]
struct LineOut<'a, S> {
    path: &'a str,
    locales: Vec<&'a str>,
    stamps: &'a GroupStamps,
    summary: &'a S,
}

/// A group's line as read: its summary is kept as written.
#[derive(Deserialize)]
struct LineIn {
    path: String,
    locales: Vec<String>,
    stamps: GroupStamps,
    summary: Box<RawValue>,
}

/// What a build made of one group, as the next build finds it.
pub struct CachedGroup {
    pub stamps: GroupStamps,
    pub summary: HeldSummary,
    /// What its written pages are found by; `None` when taken from
    /// the previous build, whose terms files hold them.
    pub terms: Option<Vec<PageTerms>>,
}

impl CachedGroup {
    /// The group at `path`, of which the site shows nothing (see
    /// `build`): nothing stamped, so that the next build takes it up
    /// again, for nothing again.
    pub fn unshown(path: &str) -> CachedGroup {
        CachedGroup {
            stamps: GroupStamps::default(),
            summary: HeldSummary::made(GroupSummary::of_path(path)),
            terms: Some(Vec::new()),
        }
    }
}

/// The previous build's cache, every line of it that names a group of
/// this build, taken as the build reaches its groups.
#[derive(Default)]
pub struct PreviousBuild {
    /// What the index pages were made from (see [`CacheHeader::indexes`]).
    pub indexes: Option<u64>,
    /// Read from a previous build that matches this one.
    pub valid: bool,
    /// Each locale's search terms file.
    pub search: BTreeMap<String, TermsStamp>,
    groups: HashMap<String, CachedGroup>,
    /// Why a cache file that was there is not used, when it is not
    /// one sxsdoc wrote.
    pub note: Option<String>,
}

/// The most a cache file is read of: a group's line holds its findings,
/// a kilobyte or two a page; more than this for the pages of a tree is
/// no cache of sxsdoc's, and the groups after it are rendered again.
fn max_cache_bytes(plan: &Plan) -> u64 {
    (64 << 20) + (plan.file_count() as u64) * (16 << 10)
}

impl PreviousBuild {
    /// The cache of the previous build of `plan` into `output`, if it
    /// matches `fingerprint`. A line that does not read as one, or names
    /// no group of `plan`, is left out: its group is rendered again.
    pub fn read(output: &Path, fingerprint: u64, plan: &Plan) -> PreviousBuild {
        let path = output.join(CACHE_NAME);
        let foreign = |why: &str| PreviousBuild {
            note: Some(format!(
                "the build cache `{}` {why}: building the whole site",
                path.display()
            )),
            ..PreviousBuild::default()
        };
        let (header, mut lines) = match open(output, fingerprint, max_cache_bytes(plan)) {
            Ok(opened) => opened,
            Err(Unusable::Absent) => return PreviousBuild::default(),
            Err(Unusable::Foreign(why)) => return foreign(why),
        };
        // The search terms of the pages it keeps are in files beside it.
        let terms_kept = header.search.iter().all(|(locale, stamp)| {
            plan.locales.contains(locale)
                && stamp.matches(&output.join(terms_name(locale)), max_cache_bytes(plan))
        });
        if !terms_kept {
            return foreign("has search terms that are not as it wrote them");
        }
        let mut groups = HashMap::new();
        loop {
            // Tens of megabytes on a large site: read a batch of lines at
            // a time, each batch in parallel. Stops where the file cannot
            // be read; a line that does not parse (cut short by the
            // bound, not UTF-8) keeps nothing, and its group is built
            // again.
            let batch: Vec<Vec<u8>> = lines
                .by_ref()
                .take(READ_BATCH)
                .map_while(Result::ok)
                .collect();
            if batch.is_empty() {
                break;
            }
            let read: Vec<(String, CachedGroup)> = batch
                .par_iter()
                .filter_map(|line| {
                    let line: LineIn = serde_json::from_slice(line).ok()?;
                    let path = &line.path;
                    plan.groups.binary_search_by(|g| g.path.cmp(path)).ok()?;
                    let cached = CachedGroup {
                        stamps: line.stamps,
                        summary: HeldSummary::Kept {
                            json: line.summary,
                            locales: line.locales,
                        },
                        terms: None,
                    };
                    Some((line.path, cached))
                })
                .collect();
            groups.extend(read);
        }
        PreviousBuild {
            indexes: Some(header.indexes),
            valid: true,
            search: header.search,
            groups,
            note: None,
        }
    }

    /// What a build just made, kept in memory for the next (see
    /// [`super::Warm`]): as [`PreviousBuild::read`] would read it back.
    pub fn kept(
        indexes: u64,
        search: BTreeMap<String, TermsStamp>,
        (groups, stamps): (&[GroupFiles], Vec<GroupStamps>),
        summaries: Vec<HeldSummary>,
    ) -> PreviousBuild {
        let groups = groups
            .iter()
            .zip(summaries.into_iter().zip(stamps))
            .map(|(group, (summary, stamps))| {
                let cached = CachedGroup {
                    stamps,
                    summary,
                    terms: None,
                };
                (group.path.clone(), cached)
            })
            .collect();
        PreviousBuild {
            indexes: Some(indexes),
            valid: true,
            search,
            groups,
            note: None,
        }
    }

    /// What the previous build made of the group at `path`. Groups are
    /// asked for in path order.
    pub fn take(&mut self, path: &str) -> Option<CachedGroup> {
        self.groups.remove(path)
    }
}

/// Whether the cache in `output` was written by a build like this one
/// (`fingerprint`: the same binary, tocs, options and pages) in this very
/// folder: what the files kept beside it, the parsed tocs, are trusted by.
pub fn is_this_builds(output: &Path, fingerprint: u64) -> bool {
    // Only its header is read.
    open(output, fingerprint, 1 << 20).is_ok()
}

/// Why the cache in an output is not one a build may use.
enum Unusable {
    /// There is none, or it is another version's or was made with other
    /// templates or settings: an ordinary reason to build again, not
    /// worth a note.
    Absent,
    /// What it is instead, for a note.
    Foreign(&'static str),
}

/// A cache file's lines after its header, read up to a bound.
type Lines = std::io::Split<std::io::BufReader<std::io::Take<std::fs::File>>>;

/// The cache in `output`, if the build `fingerprint` may use it: its
/// header, and its other lines (of the file's first `max_bytes`).
fn open(output: &Path, fingerprint: u64, max_bytes: u64) -> Result<(CacheHeader, Lines), Unusable> {
    let path = output.join(CACHE_NAME);
    let metadata = std::fs::symlink_metadata(&path).map_err(|_| Unusable::Absent)?;
    // A link (to `/dev/zero`, to a secret) or a named pipe is no cache.
    if !metadata.is_file() {
        return Err(Unusable::Foreign("is not a plain file"));
    }
    let file = std::fs::File::open(&path).map_err(|_| Unusable::Foreign("cannot be read"))?;
    let mut lines = std::io::BufReader::with_capacity(1 << 16, file.take(max_bytes)).split(b'\n');
    let header = lines
        .next()
        .and_then(Result::ok)
        .and_then(|line| serde_json::from_slice::<CacheHeader>(&line).ok())
        .ok_or(Unusable::Foreign("is not one sxsdoc wrote"))?;
    if header.version != VERSION || header.fingerprint != fingerprint {
        return Err(Unusable::Absent);
    }
    // Written for another folder: copied, or checked out with the pages
    // it describes. Those pages are not this build's to keep.
    if header.folder != folder_identity(output) {
        return Err(Unusable::Foreign("was written for another folder"));
    }
    Ok((header, lines))
}

/// The identity of `folder` on this machine: its device and inode. A
/// site folder keeps them across in-place rebuilds (and a new site is
/// renamed into place, which keeps them too), but a folder checked out
/// from a repository or copied gets new ones: a cache committed by a pull
/// request, with pages of its own, is never taken for this build's.
fn folder_identity(folder: &Path) -> u64 {
    let mut hasher = crate::digest::hasher();
    #[cfg(unix)]
    if let Ok(metadata) = std::fs::metadata(folder) {
        use std::os::unix::fs::MetadataExt;
        (metadata.dev(), metadata.ino()).hash(&mut hasher);
    }
    #[cfg(not(unix))]
    let _ = folder;
    hasher.finish()
}

/// Writes the cache of this build in `folder` (the folder the build
/// writes its site in) under a name of its own: two builds to one output
/// must not share it, and nothing planted there is written through. The
/// build puts it in place of the previous cache when it has finished
/// (and it is removed if dropped before).
pub fn write<S: Serialize>(
    folder: &Path,
    (fingerprint, indexes): (u64, u64),
    search: BTreeMap<String, TermsStamp>,
    (groups, stamps): (&[GroupFiles], &[GroupStamps]),
    summaries: &[S],
) -> std::io::Result<tempfile::TempPath> {
    let (file, temp) = temp_file_in(folder)
        .map_err(std::io::Error::other)?
        .into_parts();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    let header = CacheHeader {
        version: VERSION,
        fingerprint,
        indexes,
        folder: folder_identity(folder),
        search,
    };
    serde_json::to_writer(&mut out, &header)?;
    out.write_all(b"\n")?;
    for (group, (summary, stamps)) in groups.iter().zip(summaries.iter().zip(stamps)) {
        let line = LineOut {
            path: &group.path,
            locales: page_locales(group).collect(),
            stamps,
            summary,
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(temp)
}

/// Lines of the cache read at a time, in parallel.
const READ_BATCH: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::site::{FindingRow, GroupSummary, PageSummary};

    /// A group's line reads back as it was written, on one line, but for
    /// where its pages go, which is the reading build's to say.
    #[test]
    fn a_line_reads_back_as_written_but_for_urls() {
        let page = PageSummary {
            locale: "ru-RU".to_string(),
            url: Some("ru-RU/api/user-get.html".to_string()),
            title: "Получение \"user\"\n<b>".to_string(),
            english_title: Some("Get user".to_string()),
            endpoints: vec!["GET /users/{id}".to_string()],
            behind: 3,
        };
        let summary = GroupSummary {
            path: "api/user-get.md".to_string(),
            pages: vec![page],
            findings: vec![FindingRow {
                id: "f-1".to_string(),
                code: "SXS001".to_string(),
                rule: "a-rule".to_string(),
                severity: Severity::Error,
                locale: "ru-RU".to_string(),
                line: 3,
                message: "a \"message\"\nwith <markup>".to_string(),
                notes: vec!["help: x".to_string()],
                pattern: "SXS001-0123abcd".to_string(),
            }],
            reference: Some(0),
            api_version: Some("v1.0".to_string()),
        };
        let stamps = GroupStamps {
            files: Vec::new(),
            includes: Vec::new(),
            terms: vec![("ru-RU".to_string(), 7)],
            partly_read: Vec::new(),
        };
        let made = HeldSummary::made(summary.clone());
        let text = serde_json::to_string(&LineOut {
            path: "api/user-get.md",
            locales: vec!["ru-RU"],
            stamps: &stamps,
            summary: &made,
        })
        .expect("serializes");
        assert!(
            !text.contains('\n') && !text.contains("user-get.html"),
            "{text}"
        );
        let read: LineIn = serde_json::from_str(&text).expect("reads");
        assert_eq!(
            (read.path.as_str(), read.locales.clone()),
            ("api/user-get.md", vec!["ru-RU".to_string()])
        );
        assert_eq!(read.stamps.terms, vec![("ru-RU".to_string(), 7)]);
        let kept = HeldSummary::Kept {
            json: read.summary,
            locales: read.locales,
        };
        // Kept, it is known for the same summary, and written back as read.
        assert_eq!(kept.json_hash(), made.json_hash());
        assert_eq!(
            serde_json::to_string(&kept).expect("serializes"),
            serde_json::to_string(&made).expect("serializes")
        );
        let mut expected = summary;
        expected.pages[0].url = None;
        assert_eq!(kept.into_summary(), Some(expected));
    }
}
