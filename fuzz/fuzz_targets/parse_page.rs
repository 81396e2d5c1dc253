//! Fuzzes the page parser end to end: decoding, front matter, segments,
//! outline, facts in both views, and every check rule on the page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sxsdoc::model::PageGroup;

fuzz_target!(|data: &[u8]| {
    let (text, problems) = sxsdoc::load::decode(data.to_vec(), 1 << 20);
    let page = sxsdoc::plan::parse_page("ru-RU", "api/x.md", "docs/ru-RU/api/x.md".into(), text, problems);
    for segment in &page.segments {
        assert!(segment.span.start <= segment.span.end && segment.span.end <= page.text.len());
        assert!(page.text.get(segment.translation.clone()).is_some());
    }
    let group = PageGroup { path: page.path.clone(), pages: vec![page] };
    let locales = vec!["ru-RU".to_string(), "ja-JP".to_string()];
    let check = sxsdoc::check::Group::new(&group, &locales);
    let mut found = Vec::new();
    for rule in sxsdoc::check::RULES {
        (rule.check)(&check, rule, &mut found);
    }
    for diagnostic in &found {
        let page = &group.pages[0];
        assert!(diagnostic.location.span.end <= page.text.len() || diagnostic.location.locale != page.locale);
    }
});
