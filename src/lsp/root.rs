//! Which project an open file belongs to.

use crate::load::locale_of_folder;
use std::path::{Path, PathBuf};

/// The docs root of the project `file` belongs to, and whether it is
/// sure: the nearest folder above it with an `sxsdoc.toml`, or the folder
/// that holds its locale root (a `de-DE` folder, or a `<name>.de-DE`
/// checkout, beside the other locales); else, a guess, the editor's
/// workspace folder or the file's folder.
pub fn project_root(file: &Path, workspace: Option<&Path>) -> (PathBuf, bool) {
    let folders = || file.ancestors().skip(1);
    if let Some(configured) = folders().find(|folder| folder.join("sxsdoc.toml").is_file()) {
        return (configured.to_path_buf(), true);
    }
    // A locale root has another beside it.
    let locale_root = folders().find(|folder| {
        is_locale_folder(folder)
            && folder
                .parent()
                .is_some_and(|parent| locale_folders(parent) >= 2)
    });
    if let Some(parent) = locale_root.and_then(Path::parent) {
        return (parent.to_path_buf(), true);
    }
    let guess = match workspace {
        Some(workspace) if file.starts_with(workspace) => workspace.to_path_buf(),
        _ => file.parent().map_or_else(PathBuf::new, Path::to_path_buf),
    };
    (guess, false)
}

/// A folder named `de-DE`, `zh-Hans`, `ru` or `<name>.de-DE`: a bare
/// three-letter tag is more often a word (`api`, `usr`).
fn is_locale_folder(folder: &Path) -> bool {
    let Some(name) = folder.file_name() else {
        return false;
    };
    let name = name.to_string_lossy();
    locale_of_folder(&name).is_some_and(|tag| tag.contains('-') || tag.len() == 2)
}

/// How many folders in `parent` are named for a locale.
fn locale_folders(parent: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|entry| is_locale_folder(&entry.path()))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_root_s_parent_is_the_project() {
        let folder = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        let repos = folder.path().join("repos");
        for locale in [
            "docs.de-DE/api",
            "docs.ru-RU/api",
            "site/docs/ru-RU/api",
            "site/docs/de-DE",
        ] {
            std::fs::create_dir_all(repos.join(locale)).unwrap_or_else(|err| panic!("{err}"));
        }
        let file = repos.join("docs.de-DE/api/user-get.md");
        assert_eq!(project_root(&file, None), (repos.clone(), true));
        let file = repos.join("site/docs/ru-RU/api/user-get.md");
        assert_eq!(project_root(&file, None), (repos.join("site/docs"), true));
        // No locale beside it: the workspace, as a guess.
        let file = repos.join("site/notes/api/readme.md");
        assert_eq!(project_root(&file, Some(&repos)), (repos.clone(), false));
    }
}
