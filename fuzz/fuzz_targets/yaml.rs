//! Fuzzes the front matter fast path: whatever it accepts, the YAML
//! backend must read the same way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use sxsdoc::model::FrontMatter;

fuzz_target!(|data: &[u8]| {
    let Ok(page) = std::str::from_utf8(data) else {
        return;
    };
    // Seeded with whole pages: their front matter is what is fuzzed.
    let text = page
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---").map(|end| &rest[..=end]))
        .unwrap_or(page);
    assert_eq!(
        sxsdoc::yaml::from_str::<FrontMatter>(text),
        sxsdoc::yaml::from_str_with_backend::<FrontMatter>(text)
    );
    type Map = BTreeMap<String, serde_json::Value>;
    assert_eq!(
        sxsdoc::yaml::from_str::<Map>(text),
        sxsdoc::yaml::from_str_with_backend::<Map>(text)
    );
});
