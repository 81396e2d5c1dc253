//! What the index pages show of every page group, moved to disk as the
//! groups are done: the home page, the locale home pages, the report, the
//! search indexes and the sitemap are then written from these files, a
//! part at a time. So a build holds, to the end, a few numbers per group
//! and nothing per page: its memory follows the largest group, not the
//! corpus.

use super::context::{resource, safe_json};
use super::sanitize::escape;
use super::summary::{GroupSummary, Tally};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Counts over every group, for the report and the home page.
#[derive(Debug, Default)]
pub struct Totals {
    pub groups: usize,
    /// Every page, written or not.
    pub pages: usize,
    /// The written pages of the groups on the home page.
    pub home_pages: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Rule code → (rule name, findings).
    pub rules: BTreeMap<&'static str, (&'static str, usize)>,
}

/// A file of parts, appended to in group order.
struct Part {
    path: PathBuf,
    out: BufWriter<File>,
    /// Bytes written so far: where the next part starts.
    at: u64,
}

impl Part {
    fn create(dir: &Path, name: &str) -> Result<Part, String> {
        let path = dir.join(name);
        let file = File::create(&path)
            .map_err(|err| format!("cannot write `{}`: {err}", path.display()))?;
        Ok(Part {
            path,
            out: BufWriter::with_capacity(1 << 16, file),
            at: 0,
        })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.out
            .write_all(bytes)
            .map_err(|err| format!("cannot write `{}`: {err}", self.path.display()))?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    fn close(mut self) -> Result<PathBuf, String> {
        self.out
            .flush()
            .map_err(|err| format!("cannot write `{}`: {err}", self.path.display()))?;
        Ok(self.path)
    }
}

/// A group's row of the home page: which table it goes in, and where its
/// HTML is in the home rows' file.
struct HomeRow {
    version: u32,
    resource: u32,
    at: Range<u64>,
}

/// Names seen, each once, numbered in the order they came.
#[derive(Default)]
struct Names {
    numbers: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn number(&mut self, name: String) -> u32 {
        if let Some(&number) = self.numbers.get(&name) {
            return number;
        }
        let number = self.names.len() as u32;
        self.names.push(name.clone());
        self.numbers.insert(name, number);
        number
    }

    fn name(&self, number: u32) -> &str {
        self.names.get(number as usize).map_or("", String::as_str)
    }
}

/// One locale's parts: its home page's list items and its search
/// entries, in path order.
struct LocaleParts {
    locale: String,
    items: Part,
    search: Part,
    pages: usize,
}

/// One page's entry in its locale's search index; its fields in sorted
/// order, as the index has always had them.
#[derive(Serialize)]
struct SearchEntry<'a> {
    endpoints: &'a [String],
    path: &'a str,
    title: &'a str,
    url: &'a str,
}

/// The index pages' parts of every group, taken one group at a time in
/// path order ([`IndexSpill::add`]), in files in a folder beside the
/// output. [`IndexSpill::close`] makes it [`Spilled`], what the index
/// pages are written from.
pub struct IndexSpill {
    dir: SpillDir,
    base_url: String,
    report_rows: Part,
    report_sections: Part,
    home_rows: Part,
    sitemap: Part,
    locales: Vec<LocaleParts>,
    home: Vec<HomeRow>,
    versions: Names,
    resources: Names,
    totals: Totals,
    /// The path of the group added last: they come in path order.
    #[cfg(debug_assertions)]
    last: String,
}

/// The folder of a spill's files, removed with them when dropped.
struct SpillDir(PathBuf);

impl Drop for SpillDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl IndexSpill {
    /// Files in a new folder beside `output`, for a site of `locales`
    /// whose sitemap gives absolute URLs under `base_url`.
    pub fn create(output: &Path, locales: &[String], base_url: &str) -> Result<IndexSpill, String> {
        let dir = SpillDir(super::output::folder_beside(output, "index")?);
        let locales = locales
            .iter()
            .enumerate()
            .map(|(n, locale)| {
                Ok(LocaleParts {
                    locale: locale.clone(),
                    items: Part::create(&dir.0, &format!("items-{n}"))?,
                    search: Part::create(&dir.0, &format!("search-{n}"))?,
                    pages: 0,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(IndexSpill {
            report_rows: Part::create(&dir.0, "report-rows")?,
            report_sections: Part::create(&dir.0, "report-sections")?,
            home_rows: Part::create(&dir.0, "home-rows")?,
            sitemap: Part::create(&dir.0, "sitemap")?,
            dir,
            base_url: base_url.trim_end_matches('/').to_string(),
            locales,
            home: Vec::new(),
            versions: Names::default(),
            resources: Names::default(),
            totals: Totals::default(),
            #[cfg(debug_assertions)]
            last: String::new(),
        })
    }

    /// Moves the next group's parts (in path order) to the files, and
    /// counts its pages and findings.
    pub fn add(&mut self, group: &GroupSummary, tally: &Tally) -> Result<(), String> {
        #[cfg(debug_assertions)]
        {
            debug_assert!(self.totals.groups == 0 || self.last < group.path);
            self.last.clone_from(&group.path);
        }
        let totals = &mut self.totals;
        totals.groups += 1;
        totals.pages += group.pages.len();
        totals.errors += tally.errors;
        totals.warnings += tally.warnings;
        totals.notes += tally.notes;
        for (code, (name, count)) in &tally.rules {
            totals.rules.entry(code).or_insert((name, 0)).1 += count;
        }

        self.report_rows.write(group.report_row.as_bytes())?;
        if !group.report_section.is_empty() {
            self.report_sections.write(b"\n")?;
            self.report_sections
                .write(group.report_section.as_bytes())?;
        }
        if !group.home_row.is_empty() {
            totals.home_pages += group.pages.iter().filter(|p| p.url.is_some()).count();
            let row = HomeRow {
                version: self.versions.number(group.api_version()),
                resource: self.resources.number(resource(&group.path)),
                at: self.home_rows.at..self.home_rows.at + group.home_row.len() as u64,
            };
            self.home.push(row);
            self.home_rows.write(group.home_row.as_bytes())?;
        }

        // (escaped locale, escaped absolute URL) of each written page.
        let mut written = Vec::with_capacity(group.pages.len());
        let mut entry = Vec::new();
        for page in &group.pages {
            let Some(url) = &page.url else { continue };
            written.push((
                escape(&page.locale),
                escape(&format!("{}/{url}", self.base_url)),
            ));
            let Some(parts) = self.locales.iter_mut().find(|l| l.locale == page.locale) else {
                continue;
            };
            parts.items.write(page.list_item.as_bytes())?;
            entry.clear();
            if parts.pages > 0 {
                entry.push(b',');
            }
            let search = SearchEntry {
                endpoints: &page.endpoints,
                path: &page.path,
                title: &page.title,
                url,
            };
            serde_json::to_writer(&mut entry, &search)
                .map_err(|err| format!("internal error: search entry: {err}"))?;
            parts
                .search
                .write(safe_json(&String::from_utf8_lossy(&entry)).as_bytes())?;
            parts.pages += 1;
        }
        let mut xml = String::new();
        for (_, url) in &written {
            xml.push_str("  <url>\n    <loc>");
            xml.push_str(url);
            xml.push_str("</loc>\n");
            for (locale, other) in &written {
                xml.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
                xml.push_str(locale);
                xml.push_str("\" href=\"");
                xml.push_str(other);
                xml.push_str("\"/>\n");
            }
            xml.push_str("  </url>\n");
        }
        self.sitemap.write(xml.as_bytes())
    }

    /// Every part written: what the index pages are written from.
    pub fn close(self) -> Result<Spilled, String> {
        // Version → resource → rows.
        let mut tables: BTreeMap<&str, BTreeMap<&str, Vec<Range<u64>>>> = BTreeMap::new();
        for row in &self.home {
            tables
                .entry(self.versions.name(row.version))
                .or_default()
                .entry(self.resources.name(row.resource))
                .or_default()
                .push(row.at.clone());
        }
        let mut home = Vec::with_capacity(tables.len());
        let mut home_tables = Vec::new();
        for (version, resources) in tables {
            let first = home_tables.len();
            home_tables.extend(resources.into_iter().map(|(resource, rows)| HomeTable {
                resource: resource.to_string(),
                rows,
            }));
            home.push(HomeVersion {
                name: version.to_string(),
                tables: first..home_tables.len(),
            });
        }
        let locales = self
            .locales
            .into_iter()
            .map(|parts| {
                Ok(SpilledLocale {
                    locale: parts.locale,
                    pages: parts.pages,
                    items: parts.items.close()?,
                    search: parts.search.close()?,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Spilled {
            report_rows: self.report_rows.close()?,
            report_sections: self.report_sections.close()?,
            home_rows: self.home_rows.close()?,
            sitemap: self.sitemap.close()?,
            locales,
            home,
            home_tables,
            totals: self.totals,
            _dir: self.dir,
        })
    }
}

/// One API version on the home page: its tables, one per resource.
pub struct HomeVersion {
    pub name: String,
    /// Which of [`Spilled::home_tables`].
    pub tables: Range<usize>,
}

/// One resource's table on the home page: its rows, in path order.
pub struct HomeTable {
    pub resource: String,
    /// Where each row is in the home rows' file.
    rows: Vec<Range<u64>>,
}

impl HomeTable {
    pub fn rows(&self) -> usize {
        self.rows.len()
    }
}

pub struct SpilledLocale {
    pub locale: String,
    /// Its written pages.
    pub pages: usize,
    items: PathBuf,
    search: PathBuf,
}

/// Every group's parts of the index pages, on disk (see [`IndexSpill`]).
/// The files are removed when it is dropped.
pub struct Spilled {
    report_rows: PathBuf,
    report_sections: PathBuf,
    home_rows: PathBuf,
    sitemap: PathBuf,
    pub locales: Vec<SpilledLocale>,
    /// Sorted by version name.
    pub home: Vec<HomeVersion>,
    /// Every version's tables in the order of [`Spilled::home`], each
    /// version's sorted by resource name.
    pub home_tables: Vec<HomeTable>,
    pub totals: Totals,
    _dir: SpillDir,
}

/// Which of a [`Spilled`]'s files.
#[derive(Clone, Copy)]
pub enum Spill<'a> {
    /// Every group's row of the report's matrix.
    ReportRows,
    /// Every group's section of the report, each after a newline.
    ReportSections,
    /// Every written page's `<url>` of the sitemap.
    Sitemap,
    /// A locale's list items on its home page.
    Items(&'a str),
    /// A locale's search entries, separated by commas.
    Search(&'a str),
}

impl Spilled {
    /// Copies the file `which` to `out`. Returns `true`, the part being
    /// known (for `Builder::put_spliced`): a locale this spill was not
    /// made for has an empty one.
    pub fn copy(&self, which: Spill<'_>, out: &mut dyn Write) -> std::io::Result<bool> {
        let locale = |name: &str| self.locales.iter().find(|l| l.locale == name);
        let path = match which {
            Spill::ReportRows => &self.report_rows,
            Spill::ReportSections => &self.report_sections,
            Spill::Sitemap => &self.sitemap,
            Spill::Items(name) => match locale(name) {
                Some(l) => &l.items,
                None => return Ok(true),
            },
            Spill::Search(name) => match locale(name) {
                Some(l) => &l.search,
                None => return Ok(true),
            },
        };
        std::io::copy(&mut File::open(path)?, out).map(|_| true)
    }

    /// Copies the rows of the home page's table `table` (in
    /// [`Spilled::home_tables`]) to `out`; `false` when there is no such
    /// table.
    pub fn copy_home_table(&self, table: usize, out: &mut dyn Write) -> std::io::Result<bool> {
        let Some(table) = self.home_tables.get(table) else {
            return Ok(false);
        };
        let mut file = File::open(&self.home_rows)?;
        let mut row = Vec::new();
        for range in &table.rows {
            file.seek(SeekFrom::Start(range.start))?;
            row.clear();
            (&mut file)
                .take(range.end.saturating_sub(range.start))
                .read_to_end(&mut row)?;
            out.write_all(&row)?;
        }
        Ok(true)
    }
}
