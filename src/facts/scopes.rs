//! Permission scopes in a permissions table cell, as a reader sees them.
//!
//! Scopes are dotted identifiers (`User.ReadWrite.All`). Machine translation
//! damages them in recognisable ways (`User. ReadWrite. ALL`,
//! `Идентитирискюсер.ReadWrite.All`), so the parser keeps such forms as
//! written, and lets the checker compare them with the English source.

/// Characters that separate scopes in a list, in the locales seen so far.
const SEPARATORS: &[char] = &[',', '，', '、', '。', ';', '；', '/', '|'];

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

/// Words joined into one damaged scope at most: Graph scopes have up to
/// four parts. Unbounded, a cell of dotted words (`Ab. Cd. Ef. …`) would
/// be joined again from each of its words.
const MAX_JOINED: usize = 8;

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
        // Only a word ending in a dot may be a scope broken by spaces.
        if first.ends_with('.') {
            let mut candidate = first.to_string();
            let mut j = i;
            while candidate.ends_with('.') && j - i < MAX_JOINED {
                let Some(next) = words.get(j + 1).map(|w| trim_word(w)) else {
                    break;
                };
                // A word with a dot inside is a scope of its own, not the
                // rest of this one (`Directory.Read.All. Group.Read.All`),
                // unless this one is a resource alone and that word starts
                // with an operation (`DeviceManagementServiceConfig.
                // ReadWrite.All`; not `Microsoft Graph. User.Read`).
                let whole = next.trim_end_matches('.').contains('.');
                let rest = !candidate.trim_end_matches('.').contains('.')
                    && next
                        .split('.')
                        .next()
                        .is_some_and(|part| SCOPE_WORDS.contains(&part.to_lowercase().as_str()));
                if !next.starts_with(|c: char| c.is_alphabetic())
                    || is_conjunction(next)
                    || (whole && !rest)
                {
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
        }
        let single = first.trim_end_matches('.');
        // German compounds hang a word on a scope: `User.Read-Berechtigung`.
        let single = match single.split_once('-') {
            Some((head, _)) if is_scope(head) => head,
            _ => single,
        };
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
    word.trim_start_matches(['(', '[', '"', '\'', '«', '„', '“', '「', ':', '：'])
        .trim_end_matches([')', ']', '"', '\'', '»', '“', '”', '」', ':', '。'])
}

fn is_conjunction(word: &str) -> bool {
    CONJUNCTIONS.iter().any(|c| c.eq_ignore_ascii_case(word))
}

/// The operation and qualifier words Microsoft Graph scopes are made of
/// (`User.ReadWrite.All`, `Mail.Send`, `Member.Read.Hidden`).
const SCOPE_WORDS: &[&str] = &[
    "read",
    "readwrite",
    "write",
    "all",
    "send",
    "create",
    "shared",
    "readbasic",
    "hidden",
    "directory",
    "accessasuser",
    "manage",
    "everything",
    "selected",
    "appfolder",
    "createdbyapp",
    "ownedby",
    "invite",
    "export",
    "migrate",
    "readwritebasic",
];

/// Whether words joined across `. ` read as one damaged scope rather than
/// a sentence ("call this API. To learn more"): a part after the first
/// must be a scope word, and the first part capitalised; a lowercased
/// first part (`files. ReadWrite. All`) needs two capitalised parts after it.
fn can_join(joined: &str, joins: usize) -> bool {
    let parts: Vec<&str> = joined.split('.').map(str::trim).collect();
    let scope_word = parts[1..]
        .iter()
        .any(|part| SCOPE_WORDS.contains(&part.to_lowercase().as_str()));
    let first_upper = parts[0].starts_with(|c: char| c.is_uppercase());
    let rest_upper = parts[1..]
        .iter()
        .all(|part| part.starts_with(|c: char| c.is_ascii_uppercase()));
    scope_word && (first_upper || (joins >= 2 && rest_upper))
}

/// A dotted identifier of at least two parts, each two or more word
/// characters, starting with a letter. Spaces after dots are allowed.
fn is_scope(candidate: &str) -> bool {
    // Most words have no dot: no need to build anything for them.
    if !candidate.contains('.') {
        return false;
    }
    // Most candidates have no space to remove: no copy for them.
    let compacted = if candidate.contains(char::is_whitespace) {
        std::borrow::Cow::Owned(compact(candidate))
    } else {
        std::borrow::Cow::Borrowed(candidate)
    };
    let mut parts = compacted.split('.');
    let Some(head) = parts.next() else {
        return false;
    };
    if !head.starts_with(|c: char| c.is_alphabetic()) {
        return false;
    }
    if names_a_file_or_host(&compacted) {
        return false;
    }
    let mut count = 1;
    for part in std::iter::once(head).chain(parts) {
        if part.chars().nth(1).is_none() || !part.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return false;
        }
        count += 1;
    }
    count > 2
}

/// `overview.md`, `learn.microsoft.com`: dotted, but a file or a host,
/// which no scope ends like.
fn names_a_file_or_host(candidate: &str) -> bool {
    const ENDINGS: &str =
        "md html htm json yml yaml xml png jpg jpeg gif svg aspx js ts cs py txt \
        com net org io ms us gov cn de ru jp fr es br";
    candidate.rsplit('.').next().is_some_and(|last| {
        ENDINGS
            .split_ascii_whitespace()
            .any(|ending| ending.eq_ignore_ascii_case(last))
    })
}
