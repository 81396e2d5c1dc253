//! Paths as shown to people (findings, notes, annotations): a locale
//! root under the current directory is shown relative to it, as ripgrep
//! and rustc do, so that `sxsdoc check ..` run in one locale's checkout
//! names that checkout's files as its repository does (`api/x.md`, what
//! GitHub's annotations and SARIF's `SRCROOT` expect) and an absolute
//! root does not make every line hundreds of characters long. Any other
//! root is shown as it was given.

use std::path::Path;

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
}
