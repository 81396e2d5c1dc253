//! Notes on the tree: what the walk tells that is not a page's problem.

use super::roots::LocaleRoot;
use super::shown::{display, parent_shown};
use std::path::Path;

/// Something about the tree worth telling, that is not a page's problem:
/// an ignored folder, a symlink not followed, an unreadable directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub path: String,
    pub message: String,
}

/// The Markdown files of a locale that are not docs, and why.
pub(super) type LeftOut = (Vec<String>, &'static str);

/// One note for each set of Markdown files left out (`found`: each
/// locale's), naming every locale that leaves out the same: a
/// checkout's README and LICENSE are in every locale.
pub(super) fn left_out_notes(root: &Path, found: Vec<(&LocaleRoot, LeftOut)>) -> Vec<Note> {
    let mut same: Vec<(LeftOut, Vec<&LocaleRoot>)> = Vec::new();
    for (locale, left_out) in found {
        match same.iter_mut().find(|(other, _)| *other == left_out) {
            Some((_, locales)) => locales.push(locale),
            None => same.push((left_out, vec![locale])),
        }
    }
    let note = |((files, by), locales): (LeftOut, Vec<&LocaleRoot>)| {
        let examples: Vec<&str> = files.iter().take(3).map(String::as_str).collect();
        let (path, of) = match locales.as_slice() {
            [one] => (one.shown.clone(), String::new()),
            all => {
                let names: Vec<&str> = all.iter().map(|r| r.locale.as_str()).collect();
                (
                    display(root, &[]),
                    format!(" in each of {}", names.join(", ")),
                )
            }
        };
        let more = if files.len() > 3 { ", …" } else { "" };
        let count = files.len();
        Note {
            path,
            message: format!(
                "ignored {count} Markdown files{of} ({by}): {}{more}",
                examples.join(", ")
            ),
        }
    };
    same.into_iter().map(note).collect()
}

/// The note on a tree of one locale (read from `folder`): the rules that
/// compare locales need the others, and how to give them. A checkout
/// (the root is the locale's folder) is told the command that reads it
/// with the checkouts beside it; a locale folder, where the others go.
pub fn one_locale_note(root: &Path, locale: &str, folder: &Path) -> Note {
    let how = match folder.file_name() {
        _ if folder == root => format!(
            "with the other checkouts beside this one as `<name>.<locale>`, run `sxsdoc check {}`",
            parent_shown(root)
        ),
        Some(name) => format!("add their folders beside `{}/`", name.to_string_lossy()),
        None => "add their folders beside this one".to_string(),
    };
    Note {
        path: display(root, &[]),
        message: format!("only one locale ({locale}): the rules that compare locales (SXS301-SXS305, SXS401) need the others, and without them a permissions fix that would undo another scope is unsafe; {how}, or name them in sxsdoc.toml under [locales]"),
    }
}
