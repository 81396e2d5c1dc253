//! Permission scopes in a permissions table cell, as a reader sees them.
//!
//! Scopes are dotted identifiers (`User.ReadWrite.All`). Machine translation
//! damages them in recognisable ways (`User. ReadWrite. ALL`,
//! `Идентитирискюсер.ReadWrite.All`), so the parser keeps such forms as
//! written, and lets the checker compare them with the English source.

/// Characters that separate scopes in a list, in the locales seen so far.
const SEPARATORS: &[char] = &[',', '，', '、', ';', '；', '/', '|'];

/// Words that join the last two scopes of a list.
const CONJUNCTIONS: &[&str] = &[
    "and",
    "or",
    "и",
    "или",
    "y",
    "o",
    "e",
    "ou",
    "und",
    "oder",
    "および",
    "または",
    "か",
    "和",
    "或",
];

/// The scopes in `cell`, in order, as written (a damaged scope keeps its
/// inserted spaces). "Not supported." and other prose yield none.
pub fn parse_scopes(cell: &str) -> Vec<String> {
    let mut words: Vec<&str> = Vec::new();
    for piece in cell.split(|c: char| SEPARATORS.contains(&c) || c == '`' || c == '*') {
        words.extend(piece.split_whitespace());
        words.push("");
    }
    let mut scopes = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let first = trim_word(words[i]);
        let mut candidate = first.to_string();
        let mut j = i;
        while candidate.ends_with('.') {
            let Some(next) = words.get(j + 1).map(|w| trim_word(w)) else {
                break;
            };
            if !next.starts_with(|c: char| c.is_alphabetic()) || is_conjunction(next) {
                break;
            }
            candidate.push(' ');
            candidate.push_str(next);
            j += 1;
        }
        let joined = candidate.trim_end_matches('.');
        if j > i && can_join(joined, j - i) && is_scope(joined) {
            scopes.push(joined.to_string());
            i = j + 1;
            continue;
        }
        let single = first.trim_end_matches('.');
        if is_scope(single) {
            scopes.push(single.to_string());
        }
        i += 1;
    }
    scopes
}

/// The identifier a scope stands for, with spaces removed.
pub fn compact(scope: &str) -> String {
    scope.chars().filter(|c| !c.is_whitespace()).collect()
}

fn trim_word(word: &str) -> &str {
    word.trim_start_matches(['(', '[', '"', '\'', '«', '„', '“', '「'])
        .trim_end_matches([')', ']', '"', '\'', '»', '“', '”', '」', ':', '。'])
}

fn is_conjunction(word: &str) -> bool {
    CONJUNCTIONS.iter().any(|c| c.eq_ignore_ascii_case(word))
}

/// Whether words joined across `. ` read as one damaged scope rather than
/// a sentence: scopes start with a capital letter, which keeps "Not
/// supported. Use" apart; a lowercased first part (`files. ReadWrite. All`)
/// is accepted when two or more capitalised parts follow.
fn can_join(joined: &str, joins: usize) -> bool {
    let mut parts = joined.split('.').map(str::trim);
    let first_upper = parts
        .next()
        .is_some_and(|first| first.starts_with(|c: char| c.is_uppercase()));
    first_upper
        || (joins >= 2 && parts.all(|part| part.starts_with(|c: char| c.is_ascii_uppercase())))
}

/// A dotted identifier of at least two parts, each two or more word
/// characters, starting with a letter. Spaces after dots are allowed.
fn is_scope(candidate: &str) -> bool {
    let compacted = compact(candidate);
    let mut parts = compacted.split('.');
    let Some(head) = parts.next() else {
        return false;
    };
    if !head.starts_with(|c: char| c.is_alphabetic()) {
        return false;
    }
    let mut count = 1;
    for part in std::iter::once(head).chain(parts) {
        if part.chars().count() < 2 || !part.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return false;
        }
        count += 1;
    }
    count > 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_every_separator() {
        let expected = ["User.Read", "User.ReadWrite.All", "Directory.Read.All"];
        for cell in [
            "User.Read, User.ReadWrite.All, Directory.Read.All",
            "User.Read、User.ReadWrite.All、Directory.Read.All",
            "User.Read; User.ReadWrite.All; Directory.Read.All",
            "User.Read, User.ReadWrite.All и Directory.Read.All",
            "User.Read, User.ReadWrite.All or Directory.Read.All.",
            "`User.Read`, **User.ReadWrite.All**, Directory.Read.All",
        ] {
            assert_eq!(parse_scopes(cell), expected, "{cell}");
        }
    }

    #[test]
    fn prose_has_no_scopes() {
        for cell in [
            "Not supported.",
            "Не поддерживается.",
            "サポートされていません。",
            "Not supported. Use the app.",
            "e.g. this",
            "N/A",
        ] {
            assert!(parse_scopes(cell).is_empty(), "{cell}");
        }
    }

    #[test]
    fn damaged_scopes_are_kept_as_written() {
        assert_eq!(
            parse_scopes("User. ReadWrite. ALL"),
            ["User. ReadWrite. ALL"]
        );
        assert_eq!(
            parse_scopes("Идентитирискюсер.ReadWrite.All"),
            ["Идентитирискюсер.ReadWrite.All"]
        );
        assert_eq!(
            parse_scopes("user.readwrite.all, Mail. Send"),
            ["user.readwrite.all", "Mail. Send"]
        );
        assert_eq!(compact("User. ReadWrite. ALL"), "User.ReadWrite.ALL");
    }
}
