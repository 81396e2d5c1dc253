//! One side-by-side segment: a translation and the English source it came from.

use std::ops::Range;

/// `<span data-ttu-id="ID">translation</span><span class="sxs-lookup"><span data-stu-id="ID">source</span></span>`
///
/// Ranges are byte ranges into the page's text; the translation and source
/// ranges cover the spans' contents, raw (markup and entities as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Where the id is in the page's text (see [`Segment::id`]).
    pub id_span: Range<usize>,
    pub translation: Range<usize>,
    /// `None` when the translation span has no `sxs-lookup` pair.
    pub source: Option<Range<usize>>,
    /// The whole pair, from `<span data-ttu-id` to the last `</span>`.
    pub span: Range<usize>,
}

impl Segment {
    /// The segment's id, `ID` of `data-ttu-id="ID"`, trimmed.
    pub fn id<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.id_span.clone()).unwrap_or("")
    }

    pub fn translation_text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.translation.clone()).unwrap_or("")
    }

    pub fn source_text<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.source.clone().and_then(|range| text.get(range))
    }

    /// The English the segment was translated from, as staleness compares
    /// it: its source; or, where the pipeline left that blank for a
    /// segment without words, its translation, which the pipeline copies
    /// from the English as it is (`.`, `` `ctag` ``). So `.` against a
    /// blank English translated `.` is no change, and `` `Mail.Read` ``
    /// against one translated `` `Mail.ReadWrite` `` is one.
    pub fn aligned_english<'t>(&self, text: &'t str) -> &'t str {
        let english = self.source_text(text).unwrap_or("");
        let translation = self.translation_text(text);
        match english.trim().is_empty() && !has_words(translation) {
            true => translation,
            false => english,
        }
    }
}

/// Whether a translation holds words, not only what is never translated:
/// inline code, markup (`<a href="…">`, `<br/>`), a link's target and
/// URLs (`https://…`), and punctuation. The pipeline leaves the English of
/// a segment without words empty (`` `$expand`: ``, a link whose text is
/// its URL), copying it into the translation, and nothing is lost there.
pub(crate) fn has_words(translation: &str) -> bool {
    // What is left of the text outside code, tags and link targets.
    let mut prose = String::with_capacity(translation.len());
    let (mut in_code, mut in_tag, mut in_target) = (false, false, false);
    let mut previous = ' ';
    let mut chars = translation.chars().peekable();
    while let Some(c) = chars.next() {
        // A tag starts `<a`, `</`, `<!`; `x < 5` is prose.
        let tag_opens = chars
            .peek()
            .is_some_and(|next| next.is_ascii_alphabetic() || matches!(next, '/' | '!'));
        match c {
            '`' if !in_tag && !in_target => in_code = !in_code,
            '<' if tag_opens && !in_code && !in_target => in_tag = true,
            '>' if in_tag => in_tag = false,
            '(' if previous == ']' && !in_code && !in_tag => in_target = true,
            ')' if in_target => in_target = false,
            c if !(in_code || in_tag || in_target) => prose.push(c),
            _ => {}
        }
        // A space ends a word: `text` then `<` splits no word.
        if in_code || in_tag || in_target {
            prose.push(' ');
        }
        previous = c;
    }
    prose
        .split_whitespace()
        .filter(|word| !(word.contains("://") || word.starts_with("www.")))
        .any(|word| word.chars().any(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_what_a_translator_translates() {
        for text in [
            "Filter messages.",
            "Read `Mail`.",
            "< 5 Benutzer",
            "<b>Note</b>",
            "[see the docs](https://example.org/docs)",
        ] {
            assert!(has_words(text), "{text}");
        }
        for text in [
            ".",
            "`Mail.Read`",
            "`$expand`:",
            r#"<a href="https://login.example.org/authorize?id=1">https://login.example.org/authorize...</a>"#,
            "[https://example.org](https://example.org)",
            "https://graph.microsoft.com/v1.0/me",
            "<br/>",
            "**`$top`**",
        ] {
            assert!(!has_words(text), "{text}");
        }
    }
}
