//! The build cache: what each page group produced last time, so a rebuild
//! renders only the groups whose files changed.
//!
//! It lives in the output (`.sxsdoc-cache.jsonl`), and is used only when
//! everything else a page's HTML depends on is unchanged: the sxsdoc
//! binary, the templates, the build options and settings, the locales and
//! the set of pages. It is read as untrusted input all the same (an
//! output folder may come from anywhere): only a plain file, lines of a
//! bounded length, stamps of files under the docs root, and nothing in it
//! reaches a page but data the templates escape.

use crate::check::find_rule;
use crate::diagnostic::Severity;
use crate::site::{is_include_path, GroupSummary, LocaleTally, Tally};
use crate::tree::{modified_nanos, FileState, GroupFiles};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const VERSION: u32 = 9;

/// The previous build's cache, read as the build reaches its groups.
///
/// The file is JSON lines: a header, then one line per group, its head (the
/// files it was made from, a digest of what the index pages show of it, the
/// size of its pages) and, after a tab, its body (the tally of its findings
/// and its summary, with its section of the report).
/// The lines are in path order, as the build reaches the groups, so a
/// rebuild reads them a window at a time ([`Cache::take`]) and holds none
/// of the others. A body is parsed only when it is needed: to render the
/// index pages again, which an edit that changes no finding or title does
/// not.
#[derive(Default)]
pub struct Cache {
    /// What the index pages were made from (see `IndexesHash`).
    pub indexes: Option<u64>,
    /// Read from a previous build that matches this one.
    pub valid: bool,
    lines: Option<Lines>,
    /// Why a cache file that was there is not used, when it is not
    /// one sxsdoc wrote.
    pub note: Option<String>,
}

/// The group lines of a cache file, read in order.
struct Lines {
    reader: std::io::BufReader<std::fs::File>,
    /// The entry of the line read last, not taken yet.
    ahead: Option<Entry>,
    /// The entry of the line after `ahead`, when it had to be looked at.
    after: Option<Entry>,
    line: String,
}

impl Lines {
    /// The entry of the next line that reads as one; `None` at the end of
    /// the file (or where it cannot be read further).
    fn next(&mut self) -> Option<Entry> {
        loop {
            self.line.clear();
            match read_line(&mut self.reader, &mut self.line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let Some((head, body)) = self.line.trim_end_matches('\n').split_once('\t') else {
                continue;
            };
            // A damaged line: its group is rendered again.
            let Some(mut entry) = read_head(head) else {
                continue;
            };
            entry.body = body.to_string();
            return Some(entry);
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    version: u32,
    fingerprint: u64,
    indexes: u64,
    /// Which folder on this machine the cache was written in (see
    /// [`folder_identity`]).
    #[serde(default)]
    folder: u64,
}

/// The identity of `folder` on this machine: its device and inode. A
/// site folder keeps them across in-place rebuilds (and a new site is
/// renamed into place, which keeps them too), but a folder checked out
/// from a repository or copied gets new ones: a cache committed by a pull
/// request, with pages of its own, is never taken for this build's.
fn folder_identity(folder: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
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

/// What one group produced, and the files it was produced from.
#[derive(Serialize, Deserialize, Clone)]
pub struct Entry {
    pub path: String,
    pub files: Vec<FileStamp>,
    /// The files its pages include: an edit of one renders them again.
    #[serde(default)]
    pub includes: Vec<FileStamp>,
    /// `group_digest` of its summary and findings.
    pub digest: u64,
    /// Its pages' files: how many, and their bytes.
    pub pages: u64,
    pub bytes: u64,
    /// Its body's text, as its line has it (see [`body_text`]).
    #[serde(skip)]
    pub body: String,
}

#[derive(Serialize, Deserialize)]
struct Body {
    tally: StoredTally,
    summary: GroupSummary,
}

/// A file as it was: size and modification time, with a content hash to
/// fall back on when only the time changed.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct FileStamp {
    /// Stored lossily: a file whose name is not UTF-8 never matches its
    /// stamp, and its group is rendered again each time.
    #[serde(serialize_with = "lossy")]
    path: PathBuf,
    len: u64,
    modified: u128,
    hash: u64,
}

/// A freshly rendered group's tally and summary as its cache line stores
/// them: what the index pages need of it ([`read_body`]). The findings
/// themselves are in its pages and its report section.
pub fn body_text(summary: &GroupSummary, tally: &Tally) -> String {
    let body = Body {
        tally: StoredTally::from(tally),
        summary: summary.clone(),
    };
    serde_json::to_string(&body).unwrap_or_default()
}

/// The entry of a cache line's head.
pub fn read_head(text: &str) -> Option<Entry> {
    serde_json::from_str(text).ok()
}

/// The tally and summary of a cache line's body (from [`body_text`]).
pub fn read_body(text: &str) -> Option<(Tally, GroupSummary)> {
    let body: Body = serde_json::from_str(text).ok()?;
    Some((body.tally.restore()?, body.summary))
}

impl Cache {
    pub fn path(output: &Path) -> PathBuf {
        output.join(crate::site::CACHE_NAME)
    }

    /// The cache of the previous build, if it matches `fingerprint` and
    /// the previous site is still there; its group lines are read later,
    /// by [`Cache::take`].
    pub fn read(output: &Path, fingerprint: u64) -> Cache {
        let path = Cache::path(output);
        let foreign = |why: &str| Cache {
            note: Some(format!(
                "the build cache `{}` {why}: building the whole site",
                path.display()
            )),
            ..Cache::default()
        };
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            return Cache::default();
        };
        // A link (to `/dev/zero`, to a secret) or a named pipe is no cache.
        if !metadata.is_file() {
            return foreign("is not a plain file");
        }
        let Ok(file) = std::fs::File::open(&path) else {
            return foreign("cannot be read");
        };
        let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
        let mut line = String::new();
        let header = read_line(&mut reader, &mut line)
            .ok()
            .and_then(|_| serde_json::from_str::<Header>(&line).ok());
        let Some(header) = header else {
            return foreign("is not one sxsdoc wrote");
        };
        // Another version's, or made with other templates or settings: an
        // ordinary reason to build again, not worth a note.
        if header.version != VERSION || header.fingerprint != fingerprint {
            return Cache::default();
        }
        // Written for another folder: copied, or checked out with the
        // pages it describes. Those pages are not this build's to keep.
        if header.folder != folder_identity(output) {
            return foreign("was written for another folder");
        }
        Cache {
            indexes: Some(header.indexes),
            valid: true,
            lines: Some(Lines {
                reader,
                ahead: None,
                after: None,
                line,
            }),
            note: None,
        }
    }

    /// The entries of `groups`, in their order, `None` for a group the
    /// cache has no line for. `groups` are sorted by path and come after
    /// every group taken before: the order the lines are in.
    pub fn take(&mut self, groups: &[GroupFiles]) -> Vec<Option<Entry>> {
        let Some(lines) = &mut self.lines else {
            return groups.iter().map(|_| None).collect();
        };
        groups
            .iter()
            .map(|group| loop {
                if lines.ahead.is_none() {
                    lines.ahead = lines.after.take().or_else(|| lines.next());
                }
                let order = match &lines.ahead {
                    Some(ahead) => ahead.path.as_str().cmp(group.path.as_str()),
                    None => return None,
                };
                match order {
                    // The line of a group this build does not have.
                    std::cmp::Ordering::Less => lines.ahead = None,
                    std::cmp::Ordering::Equal => return lines.ahead.take(),
                    std::cmp::Ordering::Greater => {
                        // Either this group's line was damaged, or `ahead`
                        // is out of its place (its path was): then the
                        // line after it comes before it, and it is dropped.
                        if lines.after.is_none() {
                            lines.after = lines.next();
                        }
                        match (&lines.ahead, &lines.after) {
                            (Some(ahead), Some(after)) if after.path < ahead.path => {
                                lines.ahead = None;
                            }
                            _ => return None,
                        }
                    }
                }
            })
            .collect()
    }
}

impl Entry {
    /// Whether none of the files of `group` (under the docs root `root`),
    /// nor any file they include, changed since this entry was made. A
    /// stamp whose file's time was too recent to keep gets it now (see
    /// [`FileStamp::matches`]).
    /// `root` is the docs root as given, `canonical` the same resolved,
    /// under which every include is.
    pub fn unchanged(&mut self, (root, canonical): (&Path, &Path), group: &GroupFiles) -> bool {
        self.files.len() == group.files.len()
            && self
                .files
                .iter_mut()
                .zip(&group.files)
                .all(|(stamp, file)| stamp.matches(Some(&file.fs_path(root))))
            && self
                .includes
                .iter_mut()
                // Only a file an include may be: a cache cannot make a
                // build look at others.
                .all(|stamp| is_include_path(canonical, &stamp.path) && stamp.matches(None))
    }
}

/// The width of the header line, padded with spaces: it is written first
/// and written again, in place, when the build is done.
const HEADER_WIDTH: usize = 127;

/// The cache of this build, written group by group as the groups are
/// done, so no group's body waits in memory for the end of the build. It
/// is written beside its final name, replaces the previous cache only
/// when the build has finished ([`Writer::commit`]), and is removed if
/// the build fails.
pub struct Writer {
    /// Removed when dropped, unless [`Writer::commit`] hands it on.
    temp: tempfile::TempPath,
    out: std::io::BufWriter<std::fs::File>,
    fingerprint: u64,
    /// [`folder_identity`] of the folder the site is written in.
    folder: u64,
}

impl Writer {
    /// A cache written in `folder`, the folder the build writes its site
    /// in, under a name of its own: two builds to one output must not
    /// share it, and nothing planted there is written through.
    pub fn create(folder: &Path, fingerprint: u64) -> Result<Writer, String> {
        let (file, temp) = crate::site::temp_file_in(folder)?.into_parts();
        let mut writer = Writer {
            temp,
            out: std::io::BufWriter::with_capacity(1 << 16, file),
            fingerprint,
            folder: folder_identity(folder),
        };
        // The real one, with the index pages' hash, comes at the end.
        writer.header(0)?;
        Ok(writer)
    }

    fn fail(&self, err: &dyn std::fmt::Display) -> String {
        format!("cannot write `{}`: {err}", self.temp.display())
    }

    fn header(&mut self, indexes: u64) -> Result<(), String> {
        use std::io::Write;
        let header = Header {
            version: VERSION,
            fingerprint: self.fingerprint,
            indexes,
            folder: self.folder,
        };
        let mut line = serde_json::to_string(&header).unwrap_or_default();
        // JSON allows the spaces after the value.
        line.extend(std::iter::repeat_n(
            ' ',
            HEADER_WIDTH.saturating_sub(line.len()),
        ));
        line.push('\n');
        self.out
            .write_all(line.as_bytes())
            .map_err(|err| self.fail(&err))
    }

    /// Writes one group's line: its entry and `body` (from [`body_text`]).
    pub fn group(&mut self, entry: &Entry, body: &str) -> Result<(), String> {
        use std::io::Write;
        serde_json::to_writer(&mut self.out, entry)
            .map_err(std::io::Error::from)
            .and_then(|()| self.out.write_all(b"\t"))
            .and_then(|()| self.out.write_all(body.as_bytes()))
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(|err| self.fail(&err))
    }

    /// Every group's head and body written so far, as text, in order,
    /// read back from the file a few at a time.
    pub fn bodies(
        &mut self,
    ) -> Result<impl Iterator<Item = Result<(String, String), String>>, String> {
        use std::io::{BufRead, Write};
        self.out.flush().map_err(|err| self.fail(&err))?;
        let file = std::fs::File::open(&self.temp).map_err(|err| self.fail(&err))?;
        let temp = self.temp.to_path_buf();
        let lines = std::io::BufReader::with_capacity(1 << 16, file)
            .lines()
            .skip(1);
        Ok(lines.map(move |line| {
            let line = line.map_err(|err| format!("cannot read `{}`: {err}", temp.display()))?;
            // Written by this build: a head and a body.
            line.split_once('\t')
                .map(|(head, body)| (head.to_string(), body.to_string()))
                .ok_or_else(|| format!("internal error: unreadable line in `{}`", temp.display()))
        }))
    }

    /// Finishes the file, with `indexes` (see `IndexesHash`) in its
    /// header; the build puts it in place of the previous cache.
    pub fn commit(mut self, indexes: u64) -> Result<tempfile::TempPath, String> {
        use std::io::{Seek, Write};
        self.out.flush().map_err(|err| self.fail(&err))?;
        self.out
            .get_mut()
            .seek(std::io::SeekFrom::Start(0))
            .map_err(|err| self.fail(&err))?;
        self.header(indexes)?;
        self.out.flush().map_err(|err| self.fail(&err))?;
        Ok(self.temp)
    }
}

/// The largest file a stamp is compared with by its bytes; a larger one
/// (no page or include is) counts as changed.
const MAX_STAMPED_FILE: u64 = 64 << 20;

/// The longest line a cache is read with: a group's line holds its
/// findings, a few kilobytes each; a longer one is no cache of sxsdoc's.
const MAX_LINE: u64 = 64 << 20;

/// Reads one line into `line`, as `read_line` does, but never more than
/// [`MAX_LINE`] bytes: a longer line is an error.
fn read_line(reader: &mut impl std::io::BufRead, line: &mut String) -> std::io::Result<usize> {
    use std::io::Read;
    let read = std::io::BufRead::read_line(&mut reader.take(MAX_LINE), line)?;
    if read as u64 == MAX_LINE && !line.ends_with('\n') {
        return Err(std::io::Error::other("cache line too long"));
    }
    Ok(read)
}

impl Entry {
    pub fn new(
        path: &str,
        (files, includes): (Vec<FileStamp>, Vec<FileStamp>),
        digest: u64,
        pages: u64,
        bytes: u64,
    ) -> Entry {
        Entry {
            path: path.to_string(),
            files,
            includes,
            digest,
            pages,
            bytes,
            body: String::new(),
        }
    }
}

fn lossy<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

impl FileStamp {
    /// The stamp of the file at `path`, read as `state` says.
    fn new(path: PathBuf, state: &FileState) -> FileStamp {
        FileStamp {
            path,
            len: state.len,
            modified: state.modified,
            hash: state.hash,
        }
    }

    /// The stamps of included files (see [`crate::site::WrittenGroup`]),
    /// each once.
    pub fn included(files: Vec<(PathBuf, FileState)>) -> Vec<FileStamp> {
        let mut stamps: Vec<FileStamp> = files
            .into_iter()
            .map(|(path, state)| FileStamp::new(path, &state))
            .collect();
        stamps.sort_by(|a, b| a.path.cmp(&b.path));
        stamps.dedup_by(|a, b| a.path == b.path);
        stamps
    }

    /// The stamps of a group's files as they were read (see
    /// [`Plan::load_with`]); a file not read whole has none, so its
    /// group never matches.
    ///
    /// [`Plan::load_with`]: crate::tree::Plan::load_with
    pub fn all(root: &Path, group: &GroupFiles, read: &[Option<FileState>]) -> Vec<FileStamp> {
        group
            .files
            .iter()
            .zip(read)
            .filter_map(|(file, state)| Some(FileStamp::new(file.fs_path(root), state.as_ref()?)))
            .collect()
    }

    /// Whether the file at `path` (the stamp's own without one) is as it
    /// was: the same length and time, or the same bytes. A stamp whose time
    /// was not kept (too recent when it was read: see [`FileState::new`])
    /// takes the file's time when its bytes are the same and the time is
    /// old enough now, so the next build does not read the file again.
    fn matches(&mut self, path: Option<&Path>) -> bool {
        if path.is_some_and(|path| self.path != path) {
            return false;
        }
        // Only a plain file is read: a stamp naming `/dev/zero` or a pipe
        // never matches, and is never opened.
        let Ok(metadata) = std::fs::symlink_metadata(&self.path) else {
            return false;
        };
        if !metadata.is_file() || metadata.len() > MAX_STAMPED_FILE {
            return false;
        }
        if metadata.len() != self.len {
            return false;
        }
        if modified_nanos(&metadata) == self.modified {
            return true;
        }
        let Ok(bytes) = std::fs::read(&self.path) else {
            return false;
        };
        let now = FileState::new(&metadata, &bytes);
        if now.hash != self.hash {
            return false;
        }
        self.modified = now.modified;
        true
    }
}

/// A group's [`Tally`] as the cache keeps it; rule codes are looked up
/// again on the way back in.
#[derive(Serialize, Deserialize)]
struct StoredTally {
    /// Locale → (findings, worst severity, rule codes).
    locales: BTreeMap<String, (usize, Option<Severity>, Vec<String>)>,
    /// Rule code → findings.
    rules: BTreeMap<String, usize>,
    errors: usize,
    warnings: usize,
    notes: usize,
}

impl From<&Tally> for StoredTally {
    fn from(tally: &Tally) -> StoredTally {
        StoredTally {
            locales: tally
                .locales
                .iter()
                .map(|(locale, t)| {
                    let rules = t.rules.iter().map(|code| code.to_string()).collect();
                    (locale.clone(), (t.count, t.severity, rules))
                })
                .collect(),
            rules: tally
                .rules
                .iter()
                .map(|(code, (_, count))| (code.to_string(), *count))
                .collect(),
            errors: tally.errors,
            warnings: tally.warnings,
            notes: tally.notes,
        }
    }
}

impl StoredTally {
    /// `None` if it names a rule this sxsdoc does not have.
    fn restore(self) -> Option<Tally> {
        let code = |code: &str| find_rule(code).map(|rule| (rule.code, rule.name));
        let mut locales = BTreeMap::new();
        for (locale, (count, severity, rules)) in self.locales {
            let rules = rules
                .iter()
                .map(|c| code(c).map(|(code, _)| code))
                .collect::<Option<_>>()?;
            let tally = LocaleTally {
                count,
                severity,
                rules,
            };
            locales.insert(locale, tally);
        }
        let mut rules = BTreeMap::new();
        for (c, count) in self.rules {
            let (code, name) = code(&c)?;
            rules.insert(code, (name, count));
        }
        Some(Tally {
            locales,
            rules,
            errors: self.errors,
            warnings: self.warnings,
            notes: self.notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::RULES;

    /// What the index pages read back of a group is what was stored.
    #[test]
    fn tally_and_summary_read_back_as_stored() {
        let (a, b) = (RULES[0], RULES[RULES.len() - 1]);
        let mut tally = Tally {
            errors: 2,
            warnings: 1,
            ..Tally::default()
        };
        tally.rules.insert(a.code, (a.name, 2));
        tally.rules.insert(b.code, (b.name, 1));
        tally.locales.insert(
            "ru-RU".to_string(),
            LocaleTally {
                count: 3,
                severity: Some(Severity::Error),
                rules: [a.code, b.code].into_iter().collect(),
            },
        );
        let mut summary = GroupSummary {
            path: "api/user-get.md".to_string(),
            pages: Vec::new(),
            report_section: String::new(),
            report_row: String::new(),
            home_row: String::new(),
            reference: Some(0),
            api_version: Some("v1.0".to_string()),
            findings: vec![crate::site::FindingRow {
                id: "f-1".to_string(),
                code: a.code.to_string(),
                severity: Severity::Error,
                locale: "ru-RU".to_string(),
                line: 3,
                message: "a \"message\"\nwith <markup>".to_string(),
                notes: vec!["help: x".to_string()],
            }],
        };
        let text = body_text(&summary, &tally);
        assert!(!text.contains('\n'), "one line: {text}");
        let read = read_body(&text);
        assert!(read == Some((tally.clone(), summary.clone())), "{text}");
        // Markup rendered from it is never kept: it is made again from
        // the data, so a cache file cannot bring its own.
        summary.report_row = "<tr onclick=x></tr>".to_string();
        assert!(!body_text(&summary, &tally).contains("onclick"));
        // A rule this sxsdoc does not have: rendered again, not trusted.
        let unknown = text.replace(a.code, "SXS999");
        assert!(read_body(&unknown).is_none());
    }
}
