//! A file's state as a build read it: what tells the next build whether
//! it changed since.

/// A file as it was read: what a build cache needs to tell, next time,
/// whether it changed since. Taken from the read that the page was made
/// from, so an edit saved during a build cannot pass for what was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    pub len: u64,
    /// Nanoseconds since the Unix epoch; 0 when the system has no times.
    pub modified: u128,
    pub hash: u64,
}

impl FileState {
    /// `metadata` must be taken before `bytes` were read: an edit in
    /// between then shows as a newer time, with the bytes' hash to fall
    /// back on.
    ///
    /// A time less than two seconds before the read is not kept (0): a
    /// file system's clock ticks that coarsely at worst, so an edit saved
    /// in the same tick could keep the time and the length; such a file's
    /// bytes are compared next time instead, as git does for an index
    /// entry as new as the index.
    pub fn new(metadata: &std::fs::Metadata, bytes: &[u8]) -> FileState {
        const RECENT_NANOS: u128 = 2_000_000_000;
        let modified = modified_nanos(metadata);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        FileState {
            len: bytes.len() as u64,
            modified: if now.saturating_sub(modified) < RECENT_NANOS {
                0
            } else {
                modified
            },
            hash: content_hash(bytes),
        }
    }
}

/// A file's modification time in nanoseconds since the Unix epoch.
pub fn modified_nanos(metadata: &std::fs::Metadata) -> u128 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The hash a [`FileState`] keeps of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    crate::digest::of_bytes(bytes)
}
