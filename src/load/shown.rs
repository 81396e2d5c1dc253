//! Paths as shown to people (findings, notes, annotations): a locale
//! root under the current directory is shown relative to it, as ripgrep
//! and rustc do, so that `sxsdoc check ..` run in one locale's checkout
//! names that checkout's files as its repository does (`api/x.md`, what
//! GitHub's annotations and SARIF's `SRCROOT` expect) and an absolute
//! root does not make every line hundreds of characters long. Any other
//! root is shown as it was given.

use std::path::{Component, Path};

/// `root/parts...` as given, with `/` separators.
pub fn display(root: &Path, parts: &[&str]) -> String {
    let mut shown = root.to_string_lossy().replace('\\', "/");
    while shown.len() > 1 && shown.ends_with('/') {
        shown.pop();
    }
    for part in parts {
        shown.push('/');
        shown.push_str(part);
    }
    shown
}

/// How the locale root `folder` (resolved: `canonical`) is shown: relative
/// to the current directory when under it (`.` when it is the current
/// directory), else as given.
pub fn root_shown(folder: &Path, canonical: &Path, current: Option<&Path>) -> String {
    let relative = current.and_then(|current| canonical.strip_prefix(current).ok());
    match relative {
        Some(relative) if relative.as_os_str().is_empty() => ".".to_string(),
        Some(relative) => display(relative, &[]),
        _ => display(folder, &[]),
    }
}

/// `path` (resolved) as it would be typed from `current`: as
/// [`root_shown`] shows it, or `..` for each folder it is above.
pub fn as_typed(path: &Path, current: Option<&Path>) -> String {
    let above = current.and_then(|current| current.strip_prefix(path).ok());
    match above {
        Some(above) if !above.as_os_str().is_empty() => {
            let up: Vec<&str> = above.components().map(|_| "..").collect();
            up.join("/")
        }
        _ => root_shown(path, path, current),
    }
}

/// The folder `root` is in, as it would be typed: `..` for `.`.
pub fn parent_shown(root: &Path) -> String {
    match root.components().next_back() {
        Some(Component::Normal(_)) => match root.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => display(parent, &[]),
            _ => ".".to_string(),
        },
        _ => display(root, &[".."]).trim_start_matches("./").to_string(),
    }
}

/// The file `path` (relative to its locale root) of the root shown as
/// `root`: `api/x.md` under `.`, not `./api/x.md`.
pub fn in_root(root: &str, path: &str) -> String {
    match root {
        "." => path.to_string(),
        root => format!("{root}/{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_under_the_current_directory_are_shown_relative_to_it() {
        let current = Some(Path::new("/work/repos/graph.ru-RU"));
        let shown = |folder: &str, canonical: &str| {
            root_shown(Path::new(folder), Path::new(canonical), current)
        };
        assert_eq!(shown("..", "/work/repos"), "..");
        assert_eq!(shown("../graph.ru-RU", "/work/repos/graph.ru-RU"), ".");
        assert_eq!(
            shown("../graph.de-DE", "/work/repos/graph.de-DE"),
            "../graph.de-DE"
        );
        assert_eq!(
            shown(
                "/work/repos/graph.ru-RU/docs/",
                "/work/repos/graph.ru-RU/docs"
            ),
            "docs"
        );
        assert_eq!(
            root_shown(Path::new("docs"), Path::new("/x/docs"), None),
            "docs"
        );
        assert_eq!(in_root(".", "api/x.md"), "api/x.md");
        assert_eq!(
            in_root("../graph.de-DE", "api/x.md"),
            "../graph.de-DE/api/x.md"
        );
    }

    #[test]
    fn the_parent_is_shown_as_it_would_be_typed() {
        for (root, parent) in [
            (".", ".."),
            ("./", ".."),
            ("..", "../.."),
            ("graph.de-DE", "."),
            ("repos/graph.de-DE", "repos"),
            ("/work/repos/graph.de-DE/", "/work/repos"),
        ] {
            assert_eq!(parent_shown(Path::new(root)), parent, "{root}");
        }
    }

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
