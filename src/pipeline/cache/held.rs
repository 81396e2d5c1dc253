//! A group's summary as a build holds it, between the build cache that
//! kept it and the index pages that show it.

use crate::plan::GroupFiles;
use crate::site::GroupSummary;
use serde::Serialize;
use serde_json::value::RawValue;
use std::hash::Hasher;
use std::io::Write;

/// A group's summary as a build holds it: made by this build, or as the
/// previous build's cache has it, its JSON parsed only when the index
/// pages are made again (an edit that changes no title or finding does
/// not), and written back as it was read.
#[derive(Clone)]
pub enum HeldSummary {
    /// With the hash of its JSON.
    Made(GroupSummary, u64),
    /// Its JSON, and its pages' locales.
    Kept {
        json: Box<RawValue>,
        locales: Vec<String>,
    },
}

impl HeldSummary {
    pub fn made(summary: GroupSummary) -> HeldSummary {
        let mut hash = Hashing(crate::digest::hasher());
        // Into a hasher: cannot fail but for a bug, which only makes the
        // index pages be made again.
        let _ = serde_json::to_writer(&mut hash, &summary);
        HeldSummary::Made(summary, hash.0.finish())
    }

    /// The hash of its JSON: the same for the same summary, made or
    /// kept (what the index pages were made from is told by it).
    pub fn json_hash(&self) -> u64 {
        match self {
            HeldSummary::Made(_, hash) => *hash,
            HeldSummary::Kept { json, .. } => crate::digest::of_bytes(json.get().as_bytes()),
        }
    }

    /// Whether it is a summary of the pages of `group`: the same
    /// locales, in order.
    pub fn is_of(&self, group: &GroupFiles) -> bool {
        match self {
            HeldSummary::Made(summary, _) => {
                summary.path == group.path
                    && (summary.pages.iter().map(|page| page.locale.as_str()))
                        .eq(page_locales(group))
            }
            HeldSummary::Kept { locales, .. } => {
                locales.iter().map(String::as_str).eq(page_locales(group))
            }
        }
    }

    /// The summary, a kept one read from its JSON (`None` if it does not
    /// read as one).
    pub fn into_summary(self) -> Option<GroupSummary> {
        match self {
            HeldSummary::Made(summary, _) => Some(summary),
            HeldSummary::Kept { json, .. } => serde_json::from_str(json.get()).ok(),
        }
    }
}

impl Serialize for HeldSummary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            HeldSummary::Made(summary, _) => summary.serialize(serializer),
            HeldSummary::Kept { json, .. } => json.serialize(serializer),
        }
    }
}

/// The locales of the pages (not include files) of `group`, in order.
pub(super) fn page_locales(group: &GroupFiles) -> impl Iterator<Item = &str> + Clone {
    group.pages().map(|file| file.locale.as_str())
}

/// Bytes written into a hasher.
struct Hashing(twox_hash::XxHash3_64);

impl Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
