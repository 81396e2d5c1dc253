//! docfx's image blocks, which are not CommonMark: Microsoft Learn
//! writes a page's images as `:::image type="content" source="x.png"
//! alt-text="X":::`, on a line of their own or inside a paragraph, list
//! item or table cell, and shows an image there, not the text.

use super::attributes;
use std::ops::Range;

/// An image block's attribute values as written (entities not decoded).
#[derive(Debug, PartialEq, Eq)]
pub struct ImageBlock<'t> {
    pub source: &'t str,
    pub alt: &'t str,
}

/// The image blocks in `raw` (the text of a paragraph, item or cell),
/// each with its range in `raw`, in order. A block without a `source`
/// is no image (its text is shown as written).
pub fn image_blocks(raw: &str) -> impl Iterator<Item = (Range<usize>, ImageBlock<'_>)> {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let start = from + raw.get(from..)?.find(":::image")?;
        let attrs_start = start + ":::image".len();
        let rest = &raw[attrs_start..];
        from = attrs_start;
        // `:::image-end:::` and the like are not an image's opening.
        if !rest.starts_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let close = rest.find(":::")?;
        let end = attrs_start + close + ":::".len();
        from = end;
        let mut image = ImageBlock {
            source: "",
            alt: "",
        };
        for (name, value) in attributes(&rest[..close]) {
            if name.eq_ignore_ascii_case("source") {
                image.source = value;
            } else if name.eq_ignore_ascii_case("alt-text") {
                image.alt = value;
            }
        }
        if !image.source.is_empty() {
            return Some((start..end, image));
        }
    })
}

/// The address of a docfx video block, `[!VIDEO https://…]`, if `raw`
/// (the text of a paragraph, or of a quote: `> [!VIDEO …]`) is one.
pub fn video(raw: &str) -> Option<&str> {
    let raw = raw.trim().trim_start_matches('>').trim();
    let marker = raw.get(..7)?;
    if !marker.eq_ignore_ascii_case("[!video") {
        return None;
    }
    let url = raw[7..].strip_suffix(']')?.trim();
    (!url.is_empty() && !url.contains(char::is_whitespace)).then_some(url)
}

/// `[!INCLUDE [title](path)]` → (title, path).
pub(crate) fn include(raw: &str) -> Option<(String, String)> {
    let raw = raw.trim();
    let marker = raw.get(..10)?;
    if !marker.eq_ignore_ascii_case("[!include ") && !marker.eq_ignore_ascii_case("[!include[") {
        return None;
    }
    let rest = raw[9..].trim_start().strip_prefix('[')?;
    let (title, rest) = rest.split_once("](")?;
    let (path, _) = rest.split_once(')')?;
    Some((title.to_string(), path.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(raw: &str) -> Vec<(&str, &str, &str)> {
        image_blocks(raw)
            .map(|(at, image)| (&raw[at], image.source, image.alt))
            .collect()
    }

    #[test]
    fn image_blocks_are_found_where_they_are_written() {
        let block = ":::image type=\"content\" source=\"../images/a.png\" alt-text=\"Диалог &quot;X&quot;\":::";
        assert_eq!(
            found(block),
            [(block, "../images/a.png", "Диалог &quot;X&quot;")]
        );
        // After text on the line, and over two lines.
        let raw = "**invites** (the value) :::image source='b.png' alt-text=\"one\ntwo\":::\nmore";
        assert_eq!(
            found(raw),
            [(
                ":::image source='b.png' alt-text=\"one\ntwo\":::",
                "b.png",
                "one\ntwo"
            )]
        );
        let two = ":::image source=\"a.png\":::\n:::image source=\"b.png\" alt-text=\"B\":::";
        assert_eq!(found(two).len(), 2);
        for raw in [
            ":::image type=\"content\" alt-text=\"no source\":::",
            ":::imagex source=\"a.png\":::",
            ":::image-end:::",
            ":::image source=\"a.png\" never closed",
            "text only",
        ] {
            assert_eq!(found(raw), [], "{raw:?}");
        }
    }
}
