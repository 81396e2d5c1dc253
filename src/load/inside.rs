//! A path given as the docs root that is inside a project (a page, a
//! locale's folder, a folder of a checkout): the root to check instead,
//! worked out from the path's own names, reading nothing around it.

use super::is_locale_tag;
use super::shown::display;
use std::path::{Component, Path};

/// Where `given` (not a docs root) is inside a project, as said in an
/// error: the nearest folder of it, or it, named by a locale with a
/// region (`ru-RU/`) or as a checkout (`<name>.ru-RU/`).
pub fn inside_project(given: &Path) -> Option<String> {
    let resolved = given.canonicalize().ok()?;
    let current = std::env::current_dir()
        .and_then(|dir| dir.canonicalize())
        .ok();
    let shown = |path: &Path| as_typed(path, current.as_deref());
    // A locale with a region only: `api/`, `md` and `my-docs` are tags
    // too (a language, and a script).
    let locale = |name: &str| {
        let region = name.rsplit('-').next().unwrap_or("");
        name.contains('-') && region.len() <= 3 && is_locale_tag(name)
    };
    let folders = resolved.ancestors().skip(usize::from(resolved.is_file()));
    for folder in folders {
        let name = folder.file_name()?.to_string_lossy();
        let parent = folder.parent()?;
        // The locale's folder itself, or a folder or page in it.
        let is = if folder == resolved { "is" } else { "is in" };
        if locale(&name) {
            return Some(format!(
                "it {is} the {name} folder of the docs root `{}`: run `sxsdoc check {}` (with `--locale {name}` for that locale alone)",
                shown(parent),
                shown(parent),
            ));
        }
        if let Some((_, tag)) = name.rsplit_once('.').filter(|(_, tag)| locale(tag)) {
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
    }
    None
}

/// `path` as it would be typed from `current`: relative when one is in
/// the other (`..` for a parent), else whole.
fn as_typed(path: &Path, current: Option<&Path>) -> String {
    let Some(current) = current else {
        return display(path, &[]);
    };
    if let Ok(below) = path.strip_prefix(current) {
        return match below.as_os_str().is_empty() {
            true => ".".to_string(),
            false => display(below, &[]),
        };
    }
    if let Ok(above) = current.strip_prefix(path) {
        let up: Vec<&str> = above
            .components()
            .filter(|part| matches!(part, Component::Normal(_)))
            .map(|_| "..")
            .collect();
        return up.join("/");
    }
    display(path, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_as_they_would_be_typed() {
        let current = Some(Path::new("/work/docs/ru-RU/api"));
        let typed = |path: &str| as_typed(Path::new(path), current);
        assert_eq!(typed("/work/docs"), "../..");
        assert_eq!(typed("/work/docs/ru-RU/api"), ".");
        assert_eq!(typed("/work/docs/ru-RU/api/v1.0"), "v1.0");
        assert_eq!(typed("/srv/graph.ru-RU"), "/srv/graph.ru-RU");
    }
}
