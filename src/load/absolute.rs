//! Paths as an editor and a file watcher name files.

use std::path::{Path, PathBuf};

/// `path` made absolute (from the working folder) and normal: `.` and
/// `..` taken out by their names, links not resolved, as an editor and a
/// file watcher name files. `/a/b/../c` is `/a/c`.
pub fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}
