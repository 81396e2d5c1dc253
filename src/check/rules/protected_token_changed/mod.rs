//! SXS004: code, links, URLs or placeholders lost or altered in translation.

mod glued;
mod repair;

use crate::check::{Group, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::collapse_whitespace;
use repair::repair;

pub const RULE: Rule = Rule {
    code: "SXS004",
    name: "protected-token-changed",
    severity: Severity::Warning,
    summary: "inline code, a link target, a URL or a `{placeholder}` of the source is missing or altered in its translation",
    doc: r#"## What it does
For every segment, lists the tokens of the English source that must reach
the translation unchanged — inline code (`` `204 No Content` ``), link
targets, bare URLs, `{placeholders}` and `&lt;placeholders&gt;`, and
protocol keywords (the `Bearer` scheme, media types such as
`application/json`) — and reports those the translation lost or altered,
and a `Bearer` scheme written against its placeholder (`Bearer&lt;token&gt;`)
where the English separates them.

Allowed to change, so not reported: the locale part of a docs URL
(`/en-us/` → `/ru-ru/`), the letter case of a link target, URL or
placeholder name, a trailing `/`, and the order of the tokens. A media
type whose letter case alone changed is a note. Sentence punctuation
after a token is not part of it (`text/csv.`), and prose such as
`application/service principal` is not a media type.

## Fix
Safe: each lost token in place of the one translated token of its kind
(`{токен}` → `{token}`, a translated link target or inline code, a media
type's case); the `Bearer` scheme in place of its machine translation next
to the placeholder (`ベアラー {トークン}` → `Bearer {token}`, `{token} de
portador` → `Bearer {token}`), and the space after a glued `Bearer`. Unsafe (`--unsafe-fixes`): several tokens of
a kind matched by their order, and `Bearer` put back before the
placeholder where no translated word is there to replace. Not fixed: a
token the translation dropped with nothing in its place.

## Why is this bad
Readers copy code and placeholders verbatim, and follow links. A
translated `{token}` (`{токен}`), a code span whose text was translated,
or a link that now points elsewhere breaks what the reader does next.

## Example
```markdown
<span data-ttu-id="1">Заголовок `Авторизация: Bearer {токен}`.</span><span class="sxs-lookup"><span data-stu-id="1">The `Authorization: Bearer {token}` header.</span></span>
```
Use instead: keep `` `Authorization: Bearer {token}` `` as it is."#,
    scope: Scope::Group(check),
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Code,
    Link,
    Url,
    Placeholder,
    /// A protocol word readers type as is: the `Bearer` scheme, media types.
    Keyword,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Code => "inline code",
            Kind::Link => "link target",
            Kind::Url => "URL",
            Kind::Placeholder => "placeholder",
            Kind::Keyword => "protocol keyword",
        }
    }
}

fn check(group: &Group<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for page in group.pages {
        for segment in &page.segments {
            let Some(source) = segment.source_text(&page.text) else {
                continue;
            };
            let translation = segment.translation_text(&page.text);
            if source.trim().is_empty() || !may_hold_tokens(source) {
                continue;
            }
            let source_tokens = tokens(source);
            if source_tokens.is_empty() {
                continue;
            }
            let translation_tokens = tokens(translation);
            out.extend(glued::glued_scheme(
                rule,
                page,
                segment,
                [(source, &source_tokens), (translation, &translation_tokens)],
            ));
            // The common case, every token copied as it is: nothing to
            // normalize.
            if source_tokens == translation_tokens {
                continue;
            }
            let mut kept: Vec<(Kind, String, &str)> = translation_tokens
                .into_iter()
                .map(|(kind, text)| (kind, normalize(kind, text), text))
                .collect();
            let mut lost: Vec<(Kind, &str)> = Vec::new();
            for (kind, text) in source_tokens {
                let key = normalize(kind, text);
                match kept.iter().position(|(k, t, _)| *k == kind && *t == key) {
                    Some(at) => {
                        kept.remove(at);
                    }
                    None => lost.push((kind, text)),
                }
            }
            if lost.is_empty() {
                continue;
            }
            let kept_raw: Vec<&str> = kept.iter().map(|(_, _, raw)| *raw).collect();
            let listed: Vec<String> = lost
                .iter()
                .map(|(kind, text)| format!("{} `{}`", kind.describe(), unescaped(text)))
                .collect();
            // `application/JSON` for `application/json`: worth a look, but
            // servers read media types without regard to case.
            let case_only = lost.iter().all(|(kind, text)| {
                *kind == Kind::Keyword
                    && kept
                        .iter()
                        .any(|(k, _, raw)| *k == Kind::Keyword && raw.eq_ignore_ascii_case(text))
            });
            // Point at what the translation has instead, when it has something.
            let span = kept_raw
                .iter()
                .find_map(|raw| {
                    let at = translation.find(raw)?;
                    let start = segment.translation.start + at;
                    Some(start..start + raw.len())
                })
                .unwrap_or(segment.translation.clone());
            let mut diagnostic = rule.at(
                page,
                span,
                format!(
                    "translation of segment `{}` loses or alters {}",
                    segment.id(&page.text),
                    listed.join(", ")
                ),
            );
            if !kept.is_empty() {
                let instead: Vec<String> = kept_raw.iter().map(|t| format!("`{t}`")).collect();
                diagnostic.notes.push(format!(
                    "note: the translation has {} instead",
                    instead.join(", ")
                ));
            }
            if case_only {
                diagnostic.severity = Severity::Note;
                diagnostic
                    .notes
                    .push("note: only the letter case differs".to_string());
            }
            diagnostic
                .notes
                .push("help: copy these from the English source unchanged".to_string());
            diagnostic.key = format!("{}|{}", segment.id(&page.text), listed.join(","));
            // The same sentence on two pages is one pattern however it was
            // wrapped.
            diagnostic.pattern = format!(
                "{} → {}",
                collapse_whitespace(source),
                collapse_whitespace(translation)
            );
            diagnostic.fix = repair(&page.text, translation, &lost, &kept);
            out.push(diagnostic);
        }
    }
}

/// Whether a source text can contain a protected token at all: most
/// segments are plain prose and are skipped without tokenizing.
fn may_hold_tokens(source: &str) -> bool {
    // One pass over the bytes every token needs one of: code and links
    // (`` ` ``, `]`), placeholders (`{`, `&lt;`), URLs and media types
    // (`/`), the Bearer scheme (`B`).
    source
        .bytes()
        .any(|b| matches!(b, b'`' | b'{' | b']' | b'&' | b'/' | b'B'))
}

/// How two tokens are compared: what may differ is normalized away.
fn normalize(kind: Kind, text: &str) -> String {
    match kind {
        Kind::Code | Kind::Keyword => text.trim().to_string(),
        // `{token}` and `{Token}` name the same thing, and so does
        // `{token\}` (Markdown's escape).
        Kind::Placeholder => unescaped(text.trim()).to_lowercase(),
        Kind::Link | Kind::Url => {
            let lower = text.trim().to_lowercase();
            let without_locale: Vec<&str> = lower
                .split('/')
                .filter(|part| !is_locale_segment(part))
                .collect();
            without_locale.join("/").trim_end_matches('/').to_string()
        }
    }
}

/// `text` as Markdown shows it: a backslash before ASCII punctuation is
/// an escape, not text (`{token\}` reads `{token}`).
fn unescaped(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\\') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out.into()
}

/// `en-us`, `ru-ru`, `zh-hans`: the locale part of a docs URL.
fn is_locale_segment(part: &str) -> bool {
    let Some((language, region)) = part.split_once('-') else {
        return false;
    };
    language.len() == 2
        && (2..=4).contains(&region.len())
        && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

/// The protected tokens of a raw segment text, in order.
fn tokens(raw: &str) -> Vec<(Kind, &str)> {
    let bytes = raw.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes start no token: one table lookup passes them, where
        // the match below costs a jump through a table for each.
        if !STARTS_TOKEN[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        match bytes[i] {
            // An escaped backtick is text, not a code span.
            b'\\' => {
                i += if bytes.get(i + 1) == Some(&b'`') {
                    2
                } else {
                    1
                }
            }
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = &raw[i..i + run];
                match raw[i + run..].find(fence) {
                    Some(end) => {
                        found.push((Kind::Code, &raw[i + run..i + run + end]));
                        i += run + end + run;
                    }
                    None => i += run,
                }
            }
            b']' if bytes.get(i + 1) == Some(&b'(') => {
                let rest = &raw[i + 2..];
                match rest.find(')') {
                    Some(end) => {
                        let target = rest[..end].split_whitespace().next().unwrap_or("");
                        if !target.is_empty() {
                            found.push((Kind::Link, target.trim_matches(['<', '>'])));
                        }
                        i += 2 + end + 1;
                    }
                    None => i += 1,
                }
            }
            // `{token}`; not JSON (`{"reason": "changed"}`), whose quotes
            // a translation may set right where the source has them wrong.
            b'{' => match raw[i..].find('}') {
                Some(end)
                    if end > 1
                        && end <= 60
                        && !raw[i + 1..i + end].contains(NOT_IN_PLACEHOLDERS) =>
                {
                    found.push((Kind::Placeholder, &raw[i..=i + end]));
                    i += end + 1;
                }
                _ => i += 1,
            },
            // `&lt;token&gt;`: an angle-bracket placeholder, escaped.
            b'&' if raw[i..].starts_with("&lt;") => {
                let rest = &raw[i + 4..];
                match rest.find("&gt;") {
                    Some(end) if end > 0 && end <= 40 && !rest[..end].contains([' ', '&', '<']) => {
                        found.push((Kind::Placeholder, &raw[i..i + 4 + end + 4]));
                        i += 4 + end + 4;
                    }
                    _ => i += 4,
                }
            }
            b'h' if raw[i..].starts_with("http://") || raw[i..].starts_with("https://") => {
                let end = raw[i..]
                    .find(|c: char| c.is_whitespace() || ENDS_URL.contains(&c))
                    .unwrap_or(raw.len() - i);
                let url =
                    raw[i..i + end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
                found.push((Kind::Url, url));
                i += end;
            }
            // Keywords start with an ASCII letter, so `i` is a char boundary.
            b'B' | b'a' | b't' | b'm' | b'i' => {
                if let Some(len) = keyword_at(raw, i) {
                    found.push((Kind::Keyword, &raw[i..i + len]));
                    i += len;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// What a `{placeholder}` never holds: a line break, a brace, a
/// quotation mark of any kind (JSON, text in quotes), or a `/` (a path a
/// translation wrapped in braces: `{/teamsApps/id de}`; no English
/// placeholder of the corpora has one).
const NOT_IN_PLACEHOLDERS: [char; 12] =
    ['\n', '{', '"', '\'', '“', '”', '‘', '’', '„', '«', '»', '/'];

/// What ends a bare URL, besides white space: Markdown's and HTML's
/// delimiters, and quotation marks and brackets of any script, which a
/// translation may set around a URL where its English has `'` (`„http://“`,
/// `'https://…/event’`). Trailing sentence punctuation is cut after, as
/// GitHub's autolinks do.
const ENDS_URL: &[char] = &[
    ')', '<', '>', '"', '\'', '`', '“', '”', '‘', '’', '„', '«', '»', '「', '」', '『', '』', '（',
    '）', '。', '、', '，',
];

/// The bytes [`tokens`] looks at: what may start a token or an escape.
static STARTS_TOKEN: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\\`]{&hBatmi";
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

/// Media type families whose names are protocol values.
const MEDIA_TYPES: &[&str] = &["application/", "text/", "multipart/", "image/"];

/// Whether `subtype` names an `application/` media type rather than
/// prose (`application/service principal`): a registered name, a vendor
/// or experimental tree, or a structured suffix.
fn is_application_subtype(subtype: &str) -> bool {
    const NAMES: &str = "json xml octet-stream pdf zip gzip javascript jwt jose \
        x-www-form-urlencoded x-ndjson problem http sql yaml msword rtf base64 ecmascript graphql";
    NAMES
        .split_ascii_whitespace()
        .any(|name| name.eq_ignore_ascii_case(subtype))
        || subtype.contains(['.', '+', '-'])
}

/// The length of a protocol keyword starting at `i`, if one does: the
/// `Bearer` authorization scheme or a media type (`application/json`).
fn keyword_at(raw: &str, i: usize) -> Option<usize> {
    // Most of these letters are inside a word: let the byte before say so
    // before any prefix is compared (the full check is below).
    if i > 0
        && matches!(raw.as_bytes()[i - 1], b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' | b'/' | b'-' | b'.')
    {
        return None;
    }
    let rest = &raw[i..];
    let len = if let Some(after) = rest.strip_prefix("Bearer") {
        if after.starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        6
    } else {
        let family = MEDIA_TYPES.iter().find(|m| rest.starts_with(*m))?;
        let after = &rest[family.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-')))
            .unwrap_or(after.len());
        // `text/csv.` ends a sentence: the dot is not the type's.
        let subtype = after[..end].trim_end_matches(['.', '+', '-']);
        if subtype.is_empty() || (*family == "application/" && !is_application_subtype(subtype)) {
            return None;
        }
        family.len() + subtype.len()
    };
    let before = raw[..i].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-' || c == '.') {
        return None;
    }
    Some(len)
}

#[cfg(test)]
mod tests;
