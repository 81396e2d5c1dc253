//! A locale's search index, made from its terms file and split so that a
//! query loads a few small files, not the whole index (as Pagefind does).
//! Under `<locale>/search/`, each file a script that sets `SXSDOC_SEARCH`
//! to `[name, data]` (a script, not JSON, so search also works from
//! `file://`):
//!
//! - `index.js`: `{"pages": N, "chunk": C, "shards": [first term, ...]}`;
//! - `t<n>.js`, a shard of the terms, in UTF-16 order (JavaScript's):
//!   `{"term": [page, score, page, score, ...]}`, each page number the
//!   difference from the one before, each score the term's weight on
//!   that page (BM25's of the prose, and more where the title, a heading,
//!   an endpoint or the file name has it; times ten, rounded); a query
//!   weighs them by how rare its terms are (BM25's idf, from how many
//!   pages it finds for each);
//! - `p<n>.js`, C pages from page n×C: `[[title, url, English title or
//!   null, endpoint or null, excerpt], ...]`.

use super::store::IndexedPage;
use super::{IN_HEADING, IN_NAME, IN_TITLE};
use crate::site::error::SiteError;
use foldhash::HashMap;
use rayon::prelude::*;
use std::borrow::Cow;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Pages in a `p<n>.js` file: a result list needs a few of them.
pub const CHUNK_PAGES: usize = 20;
/// A shard ends once it is this large (one term's postings can make it
/// larger).
const SHARD_BYTES: usize = 16 * 1024;
/// Lines of a terms file read at a time, in parallel.
const READ_BATCH: usize = 256;
/// Terms whose entries are made at a time, in parallel.
const ENTRY_BATCH: usize = 4096;
/// BM25's parameters, as Lucene's defaults.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// The folder of `locale`'s search files, relative to the site.
pub fn folder(locale: &str) -> String {
    format!("{locale}/search")
}

/// A page as a result shows it: title, URL, English title, endpoint,
/// excerpt.
type Shown = (String, String, Option<String>, Option<String>, String);

/// Writes a file of the site: its path relative to the site, its bytes.
type Put<'a> = &'a mut dyn FnMut(&str, &[u8]) -> Result<(), SiteError>;

/// A page a term is on: its number, how often its prose has the term
/// (up to 65,535: BM25's weight saturates, and barely moves past that
/// count), and where else it is. Eight bytes: a
/// locale's postings are the largest thing a build holds, a few hundred
/// a page.
struct Posting {
    page: u32,
    count: u16,
    places: u8,
}

/// A [`super::Term`] as read from a terms file: its text borrowed from the
/// line when it has no escape (almost every term), so that a term is
/// allocated once a locale, not once a page.
#[derive(serde::Deserialize)]
struct TermRead<'a>(#[serde(borrow)] Cow<'a, str>, u32, u8);

/// Writes `locale`'s index, from its terms file `terms`, through `put`
/// (a path relative to the site, and the file's bytes). Returns how many
/// shards of terms it wrote.
pub fn write(terms: &Path, locale: &str, put: Put<'_>) -> Result<usize, SiteError> {
    let unreadable = |source| SiteError::Write {
        path: PathBuf::from(terms),
        source,
    };
    let file = std::fs::File::open(terms).map_err(unreadable)?;
    let mut lines = BufReader::with_capacity(1 << 16, file).lines();
    let mut pages: Vec<Shown> = Vec::new();
    let mut lengths: Vec<u32> = Vec::new();
    // Term → each page it is on, in page order (seeded anew each run, as
    // `TermCounts`' map: its words are the pages'; sorted below).
    let mut postings: HashMap<String, Vec<Posting>> = HashMap::default();
    loop {
        // A large locale's file runs to ten megabytes: its lines are read
        // a batch at a time, each batch in parallel, then taken in order.
        let batch = lines
            .by_ref()
            .take(READ_BATCH)
            .collect::<Result<Vec<String>, _>>()
            .map_err(unreadable)?;
        if batch.is_empty() {
            break;
        }
        // The file is this build's own: a line that does not read is no
        // page.
        let read: Vec<IndexedPage<String, Vec<TermRead>>> = batch
            .par_iter()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect();
        for page in read {
            let number = pages.len() as u32;
            for TermRead(term, count, places) in page.terms {
                let posting = Posting {
                    page: number,
                    count: u16::try_from(count).unwrap_or(u16::MAX),
                    places,
                };
                match postings.get_mut(&*term) {
                    Some(list) => list.push(posting),
                    None => drop(postings.insert(term.into_owned(), vec![posting])),
                }
            }
            lengths.push(page.length);
            pages.push((
                page.title,
                page.url,
                page.english,
                page.endpoint,
                page.excerpt,
            ));
        }
    }
    let base = folder(locale);
    let count = pages.len().max(1) as f64;
    let average = (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / count).max(1.0);
    let mut terms: Vec<(String, Vec<Posting>)> = postings.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| utf16_order(&a.0, &b.0));
    let mut shards: Vec<String> = Vec::new();
    let mut shard = String::new();
    // Each term's entry is made in parallel, a batch at a time; the
    // entries are then cut into shards in order.
    for batch in terms.chunks(ENTRY_BATCH) {
        let entries: Vec<String> = batch
            .par_iter()
            .map(|(term, list)| entry(term, list, &lengths, average))
            .collect();
        for ((term, _), entry) in batch.iter().zip(entries) {
            if shard.len() >= SHARD_BYTES {
                finish_shard(&base, shards.len() - 1, &mut shard, put)?;
            }
            if shard.is_empty() {
                shards.push(term.clone());
                shard.push('{');
            } else {
                shard.push(',');
            }
            shard.push_str(&entry);
        }
    }
    if !shard.is_empty() {
        finish_shard(&base, shards.len() - 1, &mut shard, put)?;
    }
    for (n, chunk) in pages.chunks(CHUNK_PAGES).enumerate() {
        let name = format!("p{n}");
        put(
            &format!("{base}/{name}.js"),
            script(&name, &json(chunk)).as_bytes(),
        )?;
    }
    let index = serde_json::json!({
        "pages": pages.len(),
        "chunk": CHUNK_PAGES,
        "shards": shards,
    });
    put(
        &format!("{base}/index.js"),
        script("index", &json(&index)).as_bytes(),
    )?;
    Ok(shards.len())
}

/// A term's entry in a shard: `"term":[page, score, ...]`, each page
/// number the difference from the one before.
fn entry(term: &str, list: &[Posting], lengths: &[u32], average: f64) -> String {
    let mut entry = json(term);
    entry.push_str(":[");
    let mut numbers = itoa::Buffer::new();
    let mut previous = 0;
    for (n, posting) in list.iter().enumerate() {
        let length = f64::from(lengths.get(posting.page as usize).copied().unwrap_or(0));
        let score = prose_weight(u32::from(posting.count), length / average)
            + places_weight(posting.places);
        let score = ((score * 10.0).round() as u32).max(1);
        if n > 0 {
            entry.push(',');
        }
        entry.push_str(numbers.format(posting.page - previous));
        entry.push(',');
        entry.push_str(numbers.format(score));
        previous = posting.page;
    }
    entry.push(']');
    entry
}

/// JavaScript's order of strings, by UTF-16 code units. Rust's order, by
/// bytes, is that of code points, which differs from it only between a
/// character from U+E000 to U+FFFF and one beyond U+FFFF: only strings
/// that both have such characters (UTF-8 lead bytes 0xEE to 0xF4) are
/// compared by their UTF-16.
fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    let high = |s: &str| s.bytes().any(|byte| byte >= 0xEE);
    if high(a) && high(b) {
        a.encode_utf16().cmp(b.encode_utf16())
    } else {
        a.cmp(b)
    }
}

/// Removes the shards of `locale`'s index in the site `output` from
/// `t<count>.js` on: an index made again in place may have fewer shards
/// than before, and its folder must hold what a clean build's does.
pub fn remove_shards_from(output: &Path, locale: &str, count: usize) {
    let folder = output.join(folder(locale));
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let shard = name.to_str().and_then(|name| {
            name.strip_prefix('t')?
                .strip_suffix(".js")?
                .parse::<usize>()
                .ok()
        });
        if shard.is_some_and(|n| n >= count) {
            // Only a file, or a link itself, is removed: never a folder.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// BM25's weight of a term the prose has `count` times, on a page
/// `relative` times as long as the average.
fn prose_weight(count: u32, relative: f64) -> f64 {
    let tf = f64::from(count);
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * relative))
}

/// What a term adds where it is besides the prose: in the title more
/// than the prose can (BM25 saturates at K1 + 1 = 2.2), so that a page
/// whose title has every word of a query comes first.
fn places_weight(places: u8) -> f64 {
    let mut weight = 0.0;
    if places & IN_TITLE != 0 {
        weight += 2.5;
    }
    if places & IN_HEADING != 0 {
        weight += 0.7;
    }
    if places & IN_NAME != 0 {
        weight += 0.7;
    }
    weight
}

fn finish_shard(base: &str, n: usize, shard: &mut String, put: Put<'_>) -> Result<(), SiteError> {
    shard.push('}');
    let name = format!("t{n}");
    put(
        &format!("{base}/{name}.js"),
        script(&name, shard).as_bytes(),
    )?;
    shard.clear();
    Ok(())
}

/// The script that hands `data` (JSON) to `site.js` as the file `name`.
fn script(name: &str, data: &str) -> String {
    format!(
        "window.SXSDOC_SEARCH = [\"{name}\", {}];\n",
        safe_json(data)
    )
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// `<`, `>`, `&` and the line and paragraph separators U+2028 and
/// U+2029 only occur inside JSON strings; escaping them keeps the index
/// inert wherever it is embedded, and a valid script for JavaScript
/// engines older than ES2019, where a raw separator in a string is a
/// syntax error.
pub fn safe_json(json: &str) -> String {
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Terms are ordered as JavaScript compares strings, which site.js
    /// relies on to find a term's shard.
    #[test]
    fn terms_are_in_utf16_order() {
        let mut terms = vec![
            "\u{1F600}x", // beyond U+FFFF: a surrogate pair, D83D DE00
            "\u{FF21}",   // FULLWIDTH A: FF21
            "zebra",
            "\u{E000}",
            "ｚ\u{10000}",
            "ｚ\u{FFFD}",
            "абв",
            "Zebra",
        ];
        terms.sort_unstable_by(|a, b| utf16_order(a, b));
        let mut by_js = terms.clone();
        by_js.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        assert_eq!(terms, by_js);
        assert_eq!(
            terms,
            [
                "Zebra",
                "zebra",
                "абв",
                "\u{1F600}x",
                "\u{E000}",
                "\u{FF21}",
                "ｚ\u{10000}",
                "ｚ\u{FFFD}"
            ]
        );
    }
}
