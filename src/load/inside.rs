//! A path given as the docs root that is inside a project (a page, a
//! locale's folder, a folder of a checkout): the root to check instead,
//! worked out from the path's own names, reading nothing around it.

use super::roots::locale_of_folder;
use super::shown::as_typed;
use std::path::{Path, PathBuf};

/// The docs root when none is given: the current folder when it is a
/// locale's checkout (named `<name>.<locale>`, or with a publishing
/// config; Office Scripts' checkouts hold a `docs/` folder), else `docs`
/// where there is one (this repository's layout), else the current
/// folder.
pub fn default_root() -> PathBuf {
    let here = std::env::current_dir().ok();
    let named_checkout = here
        .as_deref()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy())
        .and_then(|name| {
            let (_, tag) = name.rsplit_once('.')?;
            Some(locale_of_folder(tag).is_some_and(has_region))
        })
        .unwrap_or(false);
    let checkout = named_checkout || Path::new(".openpublishing.publish.config.json").is_file();
    if !checkout && Path::new("docs").is_dir() {
        PathBuf::from("docs")
    } else {
        PathBuf::from(".")
    }
}

/// A locale tag with a region (`ru-RU`, `zh-Hans-CN`): `api/`, `md` and
/// `my-docs` are tags too (a language, and a script), but not folders of
/// locales.
fn has_region(tag: &str) -> bool {
    let region = tag.rsplit('-').next().unwrap_or("");
    tag.contains('-') && region.len() <= 3
}

/// Where `given` (not a docs root) is inside a project, as said in an
/// error: the nearest folder of it, or it, named by a locale with a
/// region (`ru-RU/`) or as a checkout (`<name>.ru-RU/`).
pub fn inside_project(given: &Path) -> Option<String> {
    let resolved = given.canonicalize().ok()?;
    let current = std::env::current_dir()
        .and_then(|dir| dir.canonicalize())
        .ok();
    let shown = |path: &Path| as_typed(path, current.as_deref());
    let folders = resolved.ancestors().skip(usize::from(resolved.is_file()));
    for folder in folders {
        let name = folder.file_name()?.to_string_lossy();
        let parent = folder.parent()?;
        let Some(tag) = locale_of_folder(&name).filter(|tag| has_region(tag)) else {
            continue;
        };
        if tag == name {
            // The locale's folder itself, or a folder or page in it.
            let is = if folder == resolved { "is" } else { "is in" };
            return Some(format!(
                "it {is} the {tag} folder of the docs root `{}`: run `sxsdoc check {}` (with `--locale {tag}` for that locale alone)",
                shown(parent),
                shown(parent),
            ));
        }
        if folder == resolved {
            return None;
        }
        return Some(format!(
            "it is in the {tag} checkout `{}`: run `sxsdoc check {}`, or `sxsdoc check {}` with the other checkouts beside it",
            shown(folder),
            shown(folder),
            shown(parent),
        ));
    }
    None
}
