//! Full-text search: what each page is found by, and each locale's index.
//!
//! A page's terms are the words of what its reader sees (title, headings,
//! prose, inline code; not code blocks) and of the English source of each
//! of its segments, with its endpoints and file name, counted as the page
//! is rendered ([`TermCounts`]). Words are lower-cased runs of letters and
//! digits; Chinese and Japanese, written without spaces, are cut into
//! overlapping pairs of characters within each run of one script (kanji,
//! hiragana, katakana), as search engines' CJK analysers do: no
//! dictionary to ship, and no mis-cut technical terms. `templates/site.js`
//! cuts a query the same way.
//!
//! The terms of every page go, group by group in path order, into a file
//! per locale beside the build cache ([`store`]); at the end of a build
//! each locale whose pages' terms changed gets its index again
//! ([`index`]), made from its file, a locale a thread, so the build never
//! holds more than one locale's postings a thread.

pub mod index;
pub mod store;

use super::render::TocEntry;
use super::summary::PageSummary;
use crate::model::Page;
use foldhash::HashMap;
use serde::{Deserialize, Serialize};

/// The longest word indexed, in bytes: longer ones are hashes and ids.
const MAX_WORD_BYTES: usize = 64;

/// Where on a page a term is, besides its prose: bits of a [`Term`]'s
/// third field. A term in the title says most of what a page is
/// about; one in a heading, an endpoint or the file name, some.
pub const IN_TITLE: u8 = 1;
pub const IN_HEADING: u8 = 2;
pub const IN_NAME: u8 = 4;

/// A term of a page: how often its prose has it, and where else it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Term(pub String, pub u32, pub u8);

/// The terms of one page, as its locale's index is made from them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageTerms {
    pub locale: String,
    /// How many words its prose has (for the length normalisation).
    pub length: u32,
    /// In term order.
    pub terms: Vec<Term>,
    /// What its search result shows of it (see [`excerpt`]).
    pub excerpt: String,
    /// Set when these are the terms of the page in another locale, shown
    /// in `locale` in English because `locale` lacks it.
    pub fallback: Option<FallbackPage>,
}

/// A page a locale lacks, shown there in English (see
/// `site::write::fallback`), as its search result shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FallbackPage {
    pub url: String,
    /// In the language the page is shown in.
    pub title: String,
    pub endpoint: Option<String>,
}

/// What a page is found by, as [`TermCounts::new`] reads it.
pub struct Findable<'a> {
    pub summary: &'a PageSummary,
    pub page: &'a Page,
    /// Whether its `description` is in the language it is shown in.
    pub described: bool,
    pub headings: &'a [TocEntry],
    /// The text of its body as rendered, code blocks left out.
    pub prose: &'a str,
    /// The reader's text of its first paragraph.
    pub lead: &'a str,
}

/// A page's terms as they are counted.
pub struct TermCounts {
    locale: String,
    /// Whether the page's own English title was counted.
    has_english: bool,
    length: u32,
    /// Term → (count in the prose, places). Its words are a page's, from
    /// outside pull requests too: foldhash is seeded anew by every run,
    /// so no page can be written to make its words collide (FxHash, fixed,
    /// could be); its order is never seen (the terms are sorted).
    counts: HashMap<String, (u32, u8)>,
    excerpt: String,
}

impl TermCounts {
    /// Counts the terms of `page`.
    pub fn new(page: Findable<'_>) -> TermCounts {
        let summary = page.summary;
        let mut counts = TermCounts {
            locale: summary.locale.clone(),
            has_english: summary.english_title.is_some(),
            length: 0,
            // About the distinct words of a page's prose.
            counts: HashMap::with_capacity_and_hasher(512, Default::default()),
            excerpt: excerpt(
                page.page.description().filter(|_| page.described),
                page.lead,
            ),
        };
        counts.length = counts.add(page.prose, 0);
        counts.add(&summary.title, IN_TITLE);
        if let Some(english) = &summary.english_title {
            counts.add(english, IN_TITLE);
        }
        // The first heading is the title again.
        for heading in page.headings.iter().skip(1) {
            counts.add(&heading.text, IN_HEADING);
            counts.add(&heading.english, IN_HEADING);
        }
        for endpoint in &summary.endpoints {
            counts.add(endpoint, IN_NAME);
            if let Some((method, path)) = endpoint_path(endpoint) {
                for term in [format!("{method}:{path}"), path] {
                    counts.counts.entry(term).or_default().1 |= IN_NAME;
                }
            }
        }
        let path = page.page.path.as_str();
        let name = path.rsplit('/').next().unwrap_or(path);
        counts.add(name.strip_suffix(".md").unwrap_or(name), IN_NAME);
        counts
    }

    /// The page's terms; a page without English of its own (a plain
    /// translation) is also found by its group's English title.
    pub fn finish(mut self, group_english: &str) -> PageTerms {
        if !self.has_english {
            self.add(group_english, IN_TITLE);
        }
        let mut terms: Vec<Term> = self
            .counts
            .into_iter()
            .map(|(term, (count, places))| Term(term, count, places))
            .collect();
        terms.sort_unstable();
        PageTerms {
            locale: self.locale,
            length: self.length,
            terms,
            excerpt: self.excerpt,
            fallback: None,
        }
    }

    /// Counts the terms of `text`: in the prose with `places` 0, else
    /// marks them as in `places`. Returns how many there were.
    fn add(&mut self, text: &str, places: u8) -> u32 {
        let mut words = 0;
        // Where a word with a capital is put in lower case, word after word.
        let mut lower = String::new();
        each_term(text, |term| {
            words += 1;
            let term = lower_case(term, &mut lower);
            let prose = u32::from(places == 0);
            if let Some(entry) = self.counts.get_mut(term) {
                entry.0 = entry.0.saturating_add(prose);
                entry.1 |= places;
            } else {
                self.counts.insert(term.to_string(), (prose, places));
            }
        });
        words
    }
}

/// The most characters of a page an excerpt shows.
const EXCERPT_CHARS: usize = 160;

/// What a search result shows of a page under its title, as Microsoft
/// Learn's results do: its `description`, or else its first paragraph
/// (`lead`); at most [`EXCERPT_CHARS`], cut after a word.
pub fn excerpt(description: Option<&str>, lead: &str) -> String {
    // A description is Markdown (`Update an **alert**.`); one without a
    // letter or digit (a translation's `.`) says nothing.
    let text = description
        .map(crate::markdown::inline_text)
        .filter(|d| d.chars().any(char::is_alphanumeric))
        .unwrap_or_else(|| lead.to_string());
    let text = crate::markdown::collapse_whitespace(&text);
    let Some((cut, _)) = text.char_indices().nth(EXCERPT_CHARS) else {
        return text;
    };
    let head = &text[..cut];
    let head = match head.rfind(' ') {
        Some(space) if space > cut / 2 => &head[..space],
        _ => head,
    };
    format!(
        "{}…",
        head.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ':')
    )
}

/// An endpoint's method and path, the path as one term, the same for
/// `GET /users/{id}` and `GET https://graph.microsoft.com/v1.0/users/{id
/// | userPrincipalName}`: `/users/{}` (lower-cased; no host, API version,
/// query or placeholder names). A page is found by its path and by
/// `get:/users/{}`: words never hold a `/`, so these are terms of their
/// own, which a query that is an endpoint finds (`templates/site.js`
/// reads a query the same way).
pub fn endpoint_path(endpoint: &str) -> Option<(String, String)> {
    let lower = endpoint.trim().to_lowercase();
    // The method, unless the path comes first.
    let (method, path) = match lower.split_once(char::is_whitespace) {
        Some((method, path)) if !method.starts_with('/') && !method.contains("://") => {
            (method, path.trim())
        }
        _ => ("", lower.as_str()),
    };
    let path = match path.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/')?..],
        None => path,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = ["/v1.0", "/beta"]
        .iter()
        .find_map(|version| {
            path.strip_prefix(version)
                .filter(|rest| rest.starts_with('/'))
        })
        .unwrap_or(path);
    if !path.starts_with('/') {
        return None;
    }
    let mut term = String::with_capacity(path.len());
    let mut in_braces = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_braces = true;
                term.push_str("{}");
            }
            '}' => in_braces = false,
            c if in_braces || c.is_whitespace() => {}
            c => term.push(c),
        }
    }
    let term = term.trim_end_matches('/');
    (term.len() > 1).then(|| (method.to_string(), term.to_string()))
}

/// The writing systems cut into pairs of characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Hiragana,
    Katakana,
    Han,
}

fn script(c: char) -> Option<Script> {
    match u32::from(c) {
        0x3040..=0x309F => Some(Script::Hiragana),
        0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Some(Script::Katakana),
        0x3005
        | 0x3007
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FFFF => Some(Script::Han),
        _ => None,
    }
}

/// `term` in lower case: itself when it has no letter that is not (the
/// prose of the corpora's pages mostly has none), else put in lower
/// case in `buffer`.
fn lower_case<'t>(term: &'t str, buffer: &'t mut String) -> &'t str {
    let lower =
        |c: char| matches!(c, 'a'..='z' | '0'..='9' | 'а'..='я' | 'ё') || script(c).is_some();
    let ascii_lower = |byte: &u8| byte.is_ascii_lowercase() || byte.is_ascii_digit();
    if term.as_bytes().iter().all(ascii_lower) || term.chars().all(lower) {
        return term;
    }
    buffer.clear();
    match term.is_ascii() {
        true => {
            buffer.push_str(term);
            buffer.make_ascii_lowercase();
        }
        // (Greek's final sigma is lower-cased as JavaScript does.)
        false => *buffer = term.to_lowercase(),
    }
    buffer
}

/// Whether `c` is a letter or a digit (`char::is_alphanumeric`, which
/// `site.js` reads as `[\p{Alphabetic}\p{N}]`), without the table
/// lookup for the scripts of the corpora's pages.
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        'А'..='я' | 'Ё' | 'ё' => true,
        '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'
        | '\u{4E00}'..='\u{9FFF}' => true,
        c => c.is_alphanumeric(),
    }
}

/// Calls `each` with every search term of `text`, in order (as the text
/// has it: lower-cased, its terms are the same lower-cased): each word of letters and digits (two bytes to
/// [`MAX_WORD_BYTES`]), and in a run of one CJK script, each pair of
/// characters (the character itself in a run of one).
pub fn each_term(text: &str, mut each: impl FnMut(&str)) {
    // Where the current word starts, or the current CJK run and its script.
    let mut word: Option<usize> = None;
    let mut run: Option<(usize, Script)> = None;
    let emit_word = |from: usize, to: usize, each: &mut dyn FnMut(&str)| {
        let word = &text[from..to];
        if (2..=MAX_WORD_BYTES).contains(&word.len()) && word.chars().nth(1).is_some() {
            each(word);
        }
    };
    let emit_run = |from: usize, to: usize, each: &mut dyn FnMut(&str)| {
        let run = &text[from..to];
        let mut chars = run.char_indices().peekable();
        if run.chars().nth(1).is_none() {
            each(run);
            return;
        }
        while let Some((at, _)) = chars.next() {
            let Some(&(next, c)) = chars.peek() else {
                break;
            };
            each(&run[at..next + c.len_utf8()]);
        }
    };
    for (at, c) in text.char_indices() {
        let letter = is_letter(c);
        let cjk = if letter && !c.is_ascii() {
            script(c)
        } else {
            None
        };
        if let Some((from, current)) = run {
            if cjk != Some(current) {
                emit_run(from, at, &mut each);
                run = None;
            }
        }
        match cjk {
            Some(kind) => {
                if let Some(from) = word.take() {
                    emit_word(from, at, &mut each);
                }
                if run.is_none() {
                    run = Some((at, kind));
                }
            }
            None if letter => {
                word.get_or_insert(at);
            }
            None => {
                if let Some(from) = word.take() {
                    emit_word(from, at, &mut each);
                }
            }
        }
    }
    if let Some(from) = word {
        emit_word(from, text.len(), &mut each);
    }
    if let Some((from, _)) = run {
        emit_run(from, text.len(), &mut each);
    }
}

#[cfg(test)]
mod tests;
