//! Fuzzes the site renderer and checks its safety promise on every input:
//! no script, event handler or script URL survives.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rendered = sxsdoc::site::render(text, &sxsdoc::site::NoIncludes);
    let html = rendered.html.to_ascii_lowercase();
    assert!(!html.contains("<script"), "script in {html}");
    // Text may say "javascript:" (and show a tag as text: `&lt;iframe
    // src="javascript:…"`); no link or source inside a tag may use it.
    for attribute in [" href=\"", " src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let in_tag = html[..at].rfind('<') > html[..at].rfind('>');
            if !in_tag {
                continue;
            }
            let value = html[at + attribute.len()..].trim_start();
            assert!(!value.starts_with("javascript:") && !value.starts_with("data:"), "script URL in {html}");
        }
    }
    assert!(!has_event_handler(&html), "event handler in {html}");
});

/// An `on…=` attribute inside a tag (quoted attribute values skipped).
fn has_event_handler(html: &str) -> bool {
    let mut in_tag = false;
    let mut quote: Option<u8> = None;
    let bytes = html.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match (in_tag, quote, b) {
            (true, Some(q), _) if b == q => quote = None,
            (true, Some(_), _) => {}
            (true, None, b'"' | b'\'') => quote = Some(b),
            (_, None, b'<') => in_tag = true,
            (true, None, b'>') => in_tag = false,
            (true, None, b' ') => {
                let rest = &html[i + 1..];
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                if name.starts_with("on") && rest[name.len()..].starts_with('=') {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}
