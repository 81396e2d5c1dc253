//! Server-side highlighting of the code samples docs pages carry: C#,
//! Java, JavaScript, TypeScript, Objective-C, Go, PowerShell, shell and
//! JSON (HTTP is `markup::highlight_http`'s), by a small lexer a family.
//!
//! Not syntect (Zola's): with its pure-Rust regex engine it highlighted
//! C# at 177 KB/s and made its HTML 23 times larger than the code, which
//! would have more than doubled a build of Graph's checkouts. Comments,
//! strings, numbers, keywords, variables and keys are what a reader
//! scans a sample for; a token this lexer does not know stays plain.

use super::sanitize::escape_into;
use keywords::{CSHARP, GO, JAVA, JS_TS, OBJC, POWERSHELL, SHELL};

mod keywords;

/// How a language's source is split into tokens.
#[derive(Clone, Copy)]
enum Family {
    /// `//` and `/* */` comments, `"`, `'` and `` ` `` strings (C#'s
    /// `@"..."` too), and these keywords.
    CLike(&'static [&'static str]),
    /// `#` comments, `$variables`, these keywords.
    Shell(&'static [&'static str]),
    /// Shell's, plus `<# #>` comments, `-Parameters` and `Verb-Noun`.
    PowerShell,
    /// Keys, strings, numbers, `true`, `false`, `null`.
    Json,
}

fn family(lang: &str) -> Option<Family> {
    Some(match lang {
        "cs" | "csharp" | "c#" => Family::CLike(CSHARP),
        "java" => Family::CLike(JAVA),
        "javascript" | "js" | "typescript" | "ts" | "jsx" | "tsx" | "node" => Family::CLike(JS_TS),
        "objc" | "objective-c" | "objectivec" => Family::CLike(OBJC),
        "go" | "golang" => Family::CLike(GO),
        "powershell" | "ps" | "ps1" | "pwsh" => Family::PowerShell,
        "shell" | "bash" | "sh" | "console" | "azurecli" | "azurecli-interactive" => {
            Family::Shell(SHELL)
        }
        "json" => Family::Json,
        _ => return None,
    })
}

/// Writes `code`, escaped, with its tokens marked (`<span class="hl-k">`:
/// keyword, `hl-s` string, `hl-c` comment, `hl-n` number, `hl-v`
/// variable, `hl-p` key or parameter, `hl-f` command). `false` for a
/// language it does not know, writing nothing.
pub fn highlight(out: &mut String, lang: &str, code: &str) -> bool {
    let Some(family) = family(lang) else {
        return false;
    };
    let bytes = code.as_bytes();
    let mut at = 0;
    let mut plain = 0;
    while at < bytes.len() {
        // Tokens start at ASCII bytes; the rest of a character is text.
        if !code.is_char_boundary(at) {
            at += 1;
            continue;
        }
        let Some((class, end)) = token(family, code, at) else {
            // Past the rest of an identifier, so a keyword is never
            // found inside a longer word.
            at += 1;
            while at < bytes.len() && is_word(bytes[at]) && is_word(bytes[at - 1]) {
                at += 1;
            }
            continue;
        };
        let end = end.min(code.len());
        match (code.get(plain..at), code.get(at..end)) {
            (Some(before), Some(text)) => {
                escape_into(out, before);
                if class.is_empty() {
                    escape_into(out, text);
                } else {
                    out.push_str("<span class=\"");
                    out.push_str(class);
                    out.push_str("\">");
                    escape_into(out, text);
                    out.push_str("</span>");
                }
                plain = end;
                at = end;
            }
            // Not at a character boundary: not a token after all.
            _ => at += 1,
        }
    }
    escape_into(out, code.get(plain..).unwrap_or(""));
    true
}

/// The token starting at `at`, if one does: its class (empty for a word
/// that is none) and its end.
fn token(family: Family, code: &str, at: usize) -> Option<(&'static str, usize)> {
    let bytes = code.as_bytes();
    let rest = code.get(at..)?;
    let byte = *bytes.get(at)?;
    let starts_word = at == 0 || !is_word(bytes[at - 1]);
    let hash_comment = matches!(family, Family::Shell(_) | Family::PowerShell);
    match byte {
        b'/' if matches!(family, Family::CLike(_)) && rest.starts_with("//") => {
            Some(("hl-c", line_end(code, at)))
        }
        b'/' if matches!(family, Family::CLike(_)) && rest.starts_with("/*") => {
            Some(("hl-c", find_after(code, at + 2, "*/")))
        }
        b'<' if matches!(family, Family::PowerShell) && rest.starts_with("<#") => {
            Some(("hl-c", find_after(code, at + 2, "#>")))
        }
        b'#' if hash_comment && (at == 0 || bytes[at - 1].is_ascii_whitespace()) => {
            Some(("hl-c", line_end(code, at)))
        }
        b'@' if rest.starts_with("@\"") => Some(("hl-s", verbatim_end(code, at + 2))),
        b'"' | b'\'' | b'`' => {
            if byte == b'`' && !matches!(family, Family::CLike(_)) {
                return None;
            }
            if byte == b'\'' && matches!(family, Family::Json) {
                return None;
            }
            let end = string_end(code, at, byte);
            if matches!(family, Family::Json) && is_key(code, end) {
                return Some(("hl-p", end));
            }
            Some(("hl-s", end))
        }
        b'$' if !matches!(family, Family::CLike(_) | Family::Json) => {
            let end = word_end(code, at + 1, |b| is_word(b) || b == b':');
            (end > at + 1).then_some(("hl-v", end))
        }
        b'-' if matches!(family, Family::PowerShell)
            && starts_word
            && bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) =>
        {
            Some(("hl-p", word_end(code, at + 1, is_word)))
        }
        b'0'..=b'9' if starts_word => {
            Some(("hl-n", word_end(code, at, |b| is_word(b) || b == b'.')))
        }
        b if starts_word && (b.is_ascii_alphabetic() || b == b'_' || b == b'@') => {
            let end = word_end(code, at + 1, is_word);
            let word = code.get(at..end)?;
            let keywords: &[&str] = match family {
                Family::CLike(words) | Family::Shell(words) => words,
                Family::PowerShell => POWERSHELL,
                Family::Json => &["true", "false", "null"],
            };
            let is_keyword = keywords.contains(&word)
                || (matches!(family, Family::PowerShell)
                    && keywords.contains(&word.to_ascii_lowercase().as_str()))
                || (word.starts_with('@') && word.len() > 1);
            if is_keyword {
                return Some(("hl-k", end));
            }
            // PowerShell's `Verb-Noun` commands.
            if matches!(family, Family::PowerShell) && bytes.get(end) == Some(&b'-') {
                let noun_end = word_end(code, end + 1, is_word);
                if noun_end > end + 1 && word.as_bytes()[0].is_ascii_uppercase() {
                    return Some(("hl-f", noun_end));
                }
            }
            Some(("", end))
        }
        _ => None,
    }
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn word_end(code: &str, from: usize, part: impl Fn(u8) -> bool) -> usize {
    let bytes = code.as_bytes();
    let mut end = from;
    while end < bytes.len() && part(bytes[end]) {
        end += 1;
    }
    end
}

fn line_end(code: &str, from: usize) -> usize {
    code.get(from..)
        .and_then(|rest| rest.find('\n'))
        .map_or(code.len(), |n| from + n)
}

fn find_after(code: &str, from: usize, close: &str) -> usize {
    code.get(from..)
        .and_then(|rest| rest.find(close))
        .map_or(code.len(), |n| from + n + close.len())
}

/// The end of the string opened by `quote` at `at`: its closing quote
/// (a backslash escapes), or the line's end.
fn string_end(code: &str, at: usize, quote: u8) -> usize {
    let bytes = code.as_bytes();
    let mut end = at + 1;
    while end < bytes.len() {
        match bytes[end] {
            b'\\' => end += 2,
            b'\n' if quote != b'`' => return end,
            b if b == quote => return end + 1,
            _ => end += 1,
        }
    }
    bytes.len()
}

/// The end of C#'s `@"..."`, whose `""` is a quote.
fn verbatim_end(code: &str, from: usize) -> usize {
    let bytes = code.as_bytes();
    let mut end = from;
    while end < bytes.len() {
        if bytes[end] == b'"' {
            if bytes.get(end + 1) == Some(&b'"') {
                end += 2;
                continue;
            }
            return end + 1;
        }
        end += 1;
    }
    bytes.len()
}

/// Whether a JSON string ending at `end` is a key: a `:` follows.
fn is_key(code: &str, end: usize) -> bool {
    code.get(end..)
        .map(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::highlight;

    fn html(lang: &str, code: &str) -> String {
        let mut out = String::new();
        assert!(highlight(&mut out, lang, code), "{lang} is known");
        out
    }

    #[test]
    fn csharp_tokens_are_marked() {
        assert_eq!(
            html("csharp", "var users = await client.Users.GetAsync(); // all\nvar s = @\"a\"\"b\"; int n = 42;"),
            "<span class=\"hl-k\">var</span> users = <span class=\"hl-k\">await</span> client.Users.GetAsync(); <span class=\"hl-c\">// all</span>\n<span class=\"hl-k\">var</span> s = <span class=\"hl-s\">@&quot;a&quot;&quot;b&quot;</span>; <span class=\"hl-k\">int</span> n = <span class=\"hl-n\">42</span>;"
        );
    }

    #[test]
    fn json_keys_and_values_differ() {
        assert_eq!(
            html("json", "{\"id\": \"x<y\", \"n\": 1.5, \"ok\": true}"),
            "{<span class=\"hl-p\">&quot;id&quot;</span>: <span class=\"hl-s\">&quot;x&lt;y&quot;</span>, <span class=\"hl-p\">&quot;n&quot;</span>: <span class=\"hl-n\">1.5</span>, <span class=\"hl-p\">&quot;ok&quot;</span>: <span class=\"hl-k\">true</span>}"
        );
    }

    #[test]
    fn powershell_commands_parameters_and_variables() {
        assert_eq!(
            html("powershell", "Import-Module Microsoft.Graph.Users\n$params = @{} # note\nGet-MgUser -UserId $userId"),
            "<span class=\"hl-f\">Import-Module</span> Microsoft.Graph.Users\n<span class=\"hl-v\">$params</span> = @{} <span class=\"hl-c\"># note</span>\n<span class=\"hl-f\">Get-MgUser</span> <span class=\"hl-p\">-UserId</span> <span class=\"hl-v\">$userId</span>"
        );
    }

    #[test]
    fn keywords_inside_words_and_odd_text_stay_plain() {
        assert_eq!(
            html("js", "format(ifx, \"é\")"),
            "format(ifx, <span class=\"hl-s\">&quot;é&quot;</span>)"
        );
        // An unclosed string or comment runs to its end, never past it.
        assert_eq!(
            html("java", "s = \"open\nx /* open"),
            "s = <span class=\"hl-s\">&quot;open</span>\nx <span class=\"hl-c\">/* open</span>"
        );
        for code in ["\"", "'", "@\"", "/*", "$", "-", "é\u{200b}ü", "<#"] {
            for lang in ["cs", "json", "powershell", "bash"] {
                let _ = html(lang, code);
            }
        }
        let mut out = String::new();
        assert!(!highlight(&mut out, "cobol", "x"));
        assert!(out.is_empty());
    }

    /// Whatever the code, the marks only wrap it: without them, and
    /// unescaped, the output is the code.
    #[test]
    fn the_code_is_kept_whole() {
        let samples = [
            "é\"ü\\é'x'`ü` // ä\n/* ö */ 0x1F $a -b @c <# d #> # e",
            "\"\\é\"",
            "'\\",
            "@\"é\"\"",
            "$é",
            "-é",
            "Get-é",
            "<#é",
            "#é\n1é",
        ];
        for lang in ["cs", "json", "powershell", "bash", "ts"] {
            for code in samples {
                let out = html(lang, code);
                let mut text = String::new();
                let mut in_tag = false;
                for c in out.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                let text = text
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&");
                assert_eq!(text, code, "{lang}: {out}");
            }
        }
    }
}
