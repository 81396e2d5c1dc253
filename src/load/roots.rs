//! Which folders of a docs root are its locales: folders named by a
//! locale (`ru-RU/`), checkouts named `<name>.<locale>`, or the root
//! itself as one locale's checkout.

use super::locale::{canonical_case, is_locale_folder, is_locale_tag};
use super::note::Note;
use super::shown::display;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Where a locale's files are: a folder of the docs root, a checkout, or
/// a folder `sxsdoc.toml` names.
#[derive(Debug, PartialEq, Eq)]
pub struct LocaleRoot {
    pub locale: String,
    pub folder: PathBuf,
    /// `folder` with links resolved: the bound of what its pages include.
    pub canonical: PathBuf,
    /// The folder as shown to people: `docs/ru-RU`.
    pub shown: String,
}

/// The locale roots in `root`: its locale folders and its checkouts
/// named `<name>.<locale>`; failing both, `root` itself when it is a
/// checkout whose locale its name or its publishing config gives.
pub(super) fn find_roots(root: &Path, notes: &mut Vec<Note>) -> std::io::Result<Found> {
    let entries = std::fs::read_dir(root)?;
    let mut top: Vec<(String, std::fs::FileType)> = Vec::new();
    for entry in entries {
        match entry.and_then(|entry| Ok((entry.file_name(), entry.file_type()?))) {
            Ok((name, file_type)) => top.push((name.to_string_lossy().into_owned(), file_type)),
            Err(err) => notes.push(Note {
                path: display(root, &[]),
                message: format!("could not read an entry: {err}"),
            }),
        }
    }
    top.sort_by(|a, b| a.0.cmp(&b.0));
    let mut roots: Vec<LocaleRoot> = Vec::new();
    let mut holders: Vec<String> = Vec::new();
    for (name, file_type) in &top {
        let shown = display(root, &[name]);
        let named = locale_of_folder(name);
        let holder = named.is_some() && file_type.is_dir() && holds_locales(&root.join(name));
        if holder {
            holders.push(name.clone());
        }
        let locale = named.filter(|_| !holder);
        if file_type.is_symlink() {
            notes.push(Note {
                path: shown,
                message: "symlink not followed; sxsdoc reads only files inside the docs root"
                    .to_string(),
            });
        } else if !file_type.is_dir() || name.starts_with('.') {
            continue;
        } else if let Some(locale) = locale {
            if let Some(first) = roots.iter().find(|r| r.locale.eq_ignore_ascii_case(locale)) {
                notes.push(Note {
                    path: shown,
                    message: format!("ignored: locale `{locale}` is read from `{}`", first.shown),
                });
            } else {
                roots.push(LocaleRoot {
                    locale: locale.to_string(),
                    folder: root.join(name),
                    canonical: PathBuf::new(),
                    shown,
                });
            }
        }
    }
    if roots.is_empty() {
        roots.extend(single_checkout(root));
    } else {
        for (name, file_type) in &top {
            let message = if file_type.is_symlink() || name.starts_with('.') {
                continue;
            } else if !file_type.is_dir() {
                // A page here is not read, which its writer may not
                // expect; a baseline, a settings file or a README
                // beside the locales says nothing.
                let markdown = name
                    .rsplit_once('.')
                    .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("md"));
                if !markdown {
                    continue;
                }
                "ignored: a page outside every locale folder"
            } else if holders.contains(name) {
                "ignored: named like a locale, but holds locale folders or checkouts itself"
            } else if locale_of_folder(name).is_none() {
                "ignored: folder name is not a locale like `ru-RU` or `fr`, nor a checkout like `docs.ru-RU` (name other locale folders in sxsdoc.toml's `[locales]`)"
            } else {
                continue;
            };
            notes.push(Note {
                path: display(root, &[name]),
                message: message.to_string(),
            });
        }
    }
    Ok(Found {
        roots,
        holder: holders.into_iter().next(),
    })
}

/// What [`find_roots`] found.
pub(super) struct Found {
    pub roots: Vec<LocaleRoot>,
    /// When there is no locale: a folder named like one (`ja/`, `os/`)
    /// that holds locale folders or checkouts itself, the docs root meant.
    pub holder: Option<String>,
}

/// Whether `folder` holds a locale folder with a region (`de-DE/`) or a
/// checkout named `<name>.<locale>`: then it is a docs root (`os/` of
/// `os/office-scripts-docs.de-DE/`), not the folder of a locale named
/// like it. Another locale's folder does not hold one.
fn holds_locales(folder: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let name = entry.file_name();
        entry.file_type().is_ok_and(|t| t.is_dir())
            && name
                .to_str()
                .and_then(locale_of_folder)
                .is_some_and(|tag| tag.contains('-'))
    })
}

/// `ru-RU` for a folder `ru-RU` or a checkout `microsoft-graph-docs.ru-RU`
/// (see [`is_locale_folder`] for which names are locales).
pub fn locale_of_folder(name: &str) -> Option<&str> {
    if is_locale_folder(name) {
        return Some(name);
    }
    let (_, tag) = name.rsplit_once('.')?;
    is_locale_folder(tag).then_some(tag)
}

/// `root` as the checkout of one locale, when it is a docs checkout (it
/// has a publishing config or a `docfx.json`) and its folder name or its
/// publishing config says the locale.
fn single_checkout(root: &Path) -> Option<LocaleRoot> {
    let config = root.join(".openpublishing.publish.config.json");
    let from_config = super::project_file::read_project_file(&config, 1 << 20)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text.trim_start()).ok())
        .and_then(|value| published_locale(&value));
    let name = root
        .canonicalize()
        .ok()?
        .file_name()?
        .to_string_lossy()
        .into_owned();
    let from_name = locale_of_folder(&name).map(str::to_string);
    let is_checkout = config.is_file()
        || WalkDir::new(root)
            .max_depth(3)
            .into_iter()
            .filter_map(Result::ok)
            .any(|entry| entry.file_name() == "docfx.json");
    // What the checkout publishes says its locale; a clone may be named
    // anything (`ja` for ja-JP).
    let locale = from_config.or(from_name).filter(|_| is_checkout)?;
    Some(LocaleRoot {
        locale,
        folder: root.to_path_buf(),
        canonical: PathBuf::new(),
        shown: display(root, &[]),
    })
}

/// The locale a publishing config's docsets publish in (`"locale":
/// "ru-ru"` in each of `docsets_to_publish`), cased as a locale tag is
/// (`ru-RU`).
fn published_locale(config: &serde_json::Value) -> Option<String> {
    config
        .get("docsets_to_publish")?
        .as_array()?
        .iter()
        .filter_map(|docset| docset.get("locale")?.as_str())
        .find(|locale| is_locale_tag(locale))
        .map(canonical_case)
}
