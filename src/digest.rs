//! Hashes that are written to disk (the build cache's file stamps,
//! fingerprint and digests): xxh3, the same on every machine and in every
//! release, unlike std's `DefaultHasher`, which promises neither.

use twox_hash::XxHash3_64;

/// A hasher for values written to disk through [`std::hash::Hash`].
pub fn hasher() -> XxHash3_64 {
    XxHash3_64::with_seed(0)
}

/// The hash of `bytes`.
pub fn of_bytes(bytes: &[u8]) -> u64 {
    XxHash3_64::oneshot(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_xxh3_with_seed_zero() {
        // The reference value of XXH3_64bits("").
        assert_eq!(super::of_bytes(b""), 0x2d06_8005_38d3_94c2);
    }
}
