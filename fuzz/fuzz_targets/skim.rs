//! Fuzzes the outline's skimmer: for any page, the skimmed outline must
//! be the outline of one pulldown-cmark pass over the whole body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sxsdoc::markdown::{outline, outline_in_one_pass, scan_segments, Keep};

fuzz_target!(|data: &[u8]| {
    let (text, _) = sxsdoc::load::decode(data.to_vec(), 1 << 20);
    let body = sxsdoc::load::split_front_matter(&text).body_start;
    let segments = scan_segments(&text, body).segments;
    let keep = Keep::Sections {
        kept: &sxsdoc::facts::is_fact_section,
        skipped: &sxsdoc::facts::is_example_section,
    };
    assert_eq!(
        outline(&text, body, &segments, keep),
        outline_in_one_pass(&text, body, &segments, keep)
    );
});
