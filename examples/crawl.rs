//! Crawls a built site for broken internal links: every `href` and `src`
//! of every HTML page that is not another site's must name a file of the
//! site, and its `#fragment` an id of that page.
//!
//!     cargo run --release --example crawl -- SITE
//!
//! Prints the counts and the first broken links; exits 1 if any.

use scraper::{Html, Selector};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

fn main() {
    let Some(site) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: crawl SITE");
        std::process::exit(2);
    };
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    let links = Selector::parse("a[href], link[href], img[src], script[src]").expect("selector");
    let with_id = Selector::parse("[id]").expect("selector");
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let (mut checked, mut broken) = (0usize, Vec::new());
    for page in &pages {
        let Ok(text) = std::fs::read_to_string(page) else {
            continue;
        };
        let document = Html::parse_document(&text);
        for element in document.select(&links) {
            let value = element.value();
            let Some(url) = value.attr("href").or_else(|| value.attr("src")) else {
                continue;
            };
            if url.contains("://") || url.starts_with("//") || url.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(rooted) = path.strip_prefix('/') {
                normalize(&site.join(rooted))
            } else {
                normalize(&page.parent().unwrap_or(&site).join(path))
            };
            if !target.is_file() {
                broken.push(format!("{}: {url}", page.display()));
                continue;
            }
            if fragment.is_empty() || target.extension().is_none_or(|x| x != "html") {
                continue;
            }
            let known = ids.entry(target.clone()).or_insert_with(|| {
                let text = std::fs::read_to_string(&target).unwrap_or_default();
                let document = Html::parse_document(&text);
                let found = document
                    .select(&with_id)
                    .filter_map(|e| e.value().id().map(str::to_string));
                found.collect()
            });
            let fragment = percent_decoded(fragment);
            if !known.contains(&fragment) {
                broken.push(format!("{}: {url} (no such anchor)", page.display()));
            }
        }
    }
    println!(
        "{} pages, {checked} internal links, {} broken",
        pages.len(),
        broken.len()
    );
    for line in broken.iter().take(
        std::env::var("CRAWL_SHOW")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(20),
    ) {
        println!("  {line}");
    }
    if !broken.is_empty() {
        std::process::exit(1);
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[at], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
