//! Where each page goes in the output, and links between pages.

/// The output path of a page, relative to the site root, with `/`:
/// `ru-RU/api/user-get.html`. `None` when the page path could escape the
/// output folder or name something that is not a plain file.
pub fn page_url(locale: &str, path: &str) -> Option<String> {
    let stem = path
        .strip_suffix(".md")
        .or_else(|| path.strip_suffix(".MD"))
        .unwrap_or(path);
    let url = format!("{locale}/{stem}.html");
    url.split('/').all(is_plain_component).then_some(url)
}

fn is_plain_component(part: &str) -> bool {
    !part.is_empty()
        && part != "."
        && part != ".."
        && !part.contains(['\\', ':', '\0'])
        && !part.starts_with(".sxsdoc")
}

/// The key of a page's path or output URL in any letter case: two that
/// differ only in case are one file on many systems, and one link.
pub fn folded_key(path: &str) -> u64 {
    crate::digest::of_bytes(path.to_lowercase().as_bytes())
}

/// `../` for every folder between the site root and `url`.
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The URL of the output `to` from the output `from` (both relative to
/// the site root): `../resources/user.html` from `ru-RU/api/x.html`.
pub fn relative_url(from: &str, to: &str) -> String {
    let folder = from.rfind('/').map_or("", |slash| &from[..=slash]);
    // The folders both are in, as the bytes of `folder` to a slash.
    let shared = folder
        .match_indices('/')
        .map(|(slash, _)| slash + 1)
        .take_while(|&end| to.as_bytes().get(..end) == Some(&folder.as_bytes()[..end]))
        .last()
        .unwrap_or(0);
    let up = folder[shared..].matches('/').count();
    let mut url = String::with_capacity(3 * up + to.len() - shared);
    for _ in 0..up {
        url.push_str("../");
    }
    url.push_str(&to[shared..]);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_map_inside_the_output() {
        assert_eq!(
            page_url("ru-RU", "api/x.md").as_deref(),
            Some("ru-RU/api/x.html")
        );
        assert_eq!(page_url("ru-RU", "../x.md"), None);
        assert_eq!(page_url("ru-RU", "a//b.md"), None);
        assert_eq!(page_url("ru-RU", "a\\..\\b.md"), None);
        assert_eq!(root_prefix("ru-RU/api/x.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(
            relative_url("ru-RU/api/x.html", "ru-RU/resources/user.html"),
            "../resources/user.html"
        );
        assert_eq!(
            relative_url("ru-RU/api/x.html", "ru-RU/api/y.html"),
            "y.html"
        );
        assert_eq!(
            relative_url("ru-RU/x.html", "ru-RU/a/b/y.html"),
            "a/b/y.html"
        );
        assert_eq!(relative_url("index.html", "ru-RU/y.html"), "ru-RU/y.html");
        assert_eq!(
            relative_url("ru-RU/a/x.html", "ja-JP/a/x.html"),
            "../../ja-JP/a/x.html"
        );
        // Folders are compared whole, not as prefixes of each other.
        assert_eq!(
            relative_url("ru-RU/api/x.html", "ru-RU/apis/y.html"),
            "../apis/y.html"
        );
        assert_eq!(relative_url("ru-RU/api/x.html", "ru-RU"), "../../ru-RU");
        assert_eq!(relative_url("ru-RU/api/x.html", "ru-RU/api/"), "");
        assert_eq!(relative_url("ru-RU/x.html", "index.html"), "../index.html");
    }
}
