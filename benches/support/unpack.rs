//! The real corpora the benchmarks run on, unpacked from
//! `../shared/corpus/` into `target/` when they are not there yet.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `archive` (of `../shared/corpus/`) unpacked into `folder` (under the
/// project root `root`), unless `folder/sign` is already there.
pub fn unpack(root: &Path, archive: &str, folder: &str, sign: &str) -> PathBuf {
    let corpus = root.join(folder);
    if !corpus.join(sign).is_dir() {
        let archive = root.join("../shared/corpus").join(archive);
        std::fs::create_dir_all(&corpus).expect("corpus folder");
        let status = Command::new("tar")
            .arg("-xJf")
            .arg(&archive)
            .arg("-C")
            .arg(&corpus)
            .status()
            .expect("tar runs");
        assert!(status.success(), "cannot unpack {}", archive.display());
    }
    corpus
}
