//! The search index of each locale, at the end of a build.

use super::Builder;
use crate::site::error::SiteError;
use crate::site::search::index as search_index;
use crate::site::search::store::WrittenTerms;
use rayon::prelude::*;
use std::path::Path;

impl Builder {
    /// Writes the index of each locale of `search` whose terms changed, a
    /// locale a thread; the others' are kept. Returns each written
    /// locale's count of shards.
    pub(super) fn write_search_indexes(
        &self,
        search: &[(WrittenTerms, bool)],
    ) -> Result<Vec<(String, usize)>, SiteError> {
        let shards = search
            .par_iter()
            .filter(|(_, changed)| *changed)
            .map(|(terms, _)| {
                let count = search_index::write(&terms.path, &terms.locale, &mut |url, bytes| {
                    self.put(url, bytes)
                })?;
                Ok((terms.locale.clone(), count))
            })
            .collect::<Result<Vec<_>, SiteError>>()?;
        Ok(shards)
    }
}

/// After an in-place build is put in place: the shards its indexes no
/// longer have (see [`search_index::remove_shards_from`]).
pub(super) fn remove_stale_shards(output: &Path, shards: &[(String, usize)]) {
    for (locale, count) in shards {
        search_index::remove_shards_from(output, locale, *count);
    }
}
