//! Byte offsets in a page's text to LSP positions and back: a line, and
//! a column counted in UTF-16 code units, as the protocol requires by
//! default (a Cyrillic letter is one unit and two bytes; an emoji two
//! units and four bytes).

use crate::source::{floor_char_boundary, LineIndex};
use lsp_types::{Position, Range};

/// A text's lines, as [`LineIndex`] finds them (`\n`, `\r\n` and a lone
/// `\r` each end one, as the protocol says), with UTF-16 columns.
pub struct Lines<'t> {
    text: &'t str,
    index: LineIndex,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            index: LineIndex::new(text),
        }
    }

    /// The position of the byte `offset` (clamped to the text, and back
    /// to a character's start).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.index.position(self.text, offset).line;
        let start = self.index.line_start(line).unwrap_or(0);
        let column = self.text[start..offset].encode_utf16().count();
        Position::new((line - 1) as u32, column as u32)
    }

    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `position`; a column past its line's end is
    /// the line's end, before its line ending (as the protocol says), a
    /// line past the text its end.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize + 1;
        let Some(start) = self.index.line_start(line) else {
            return self.text.len();
        };
        let text = self.index.line_text(self.text, line);
        let mut units = 0;
        for (at, c) in text.char_indices() {
            if units >= position.character as usize {
                return start + at;
            }
            units += c.len_utf16();
        }
        start + text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "---\ntitle: Получить 😀 x\n";
        let lines = Lines::new(text);
        let x = text.find(" x").unwrap_or(0) + 1;
        // "title: " 7, "Получить" 8, " " 1, emoji 2, " " 1.
        assert_eq!(lines.position(x), Position::new(1, 19));
        assert_eq!(lines.offset(Position::new(1, 19)), x);
        assert_eq!(lines.offset(Position::new(1, 999)), text.len() - 1);
        assert_eq!(lines.offset(Position::new(9, 0)), text.len());
        // A CRLF line ends before its `\r`.
        let crlf = Lines::new("ab\r\ncd");
        assert_eq!(crlf.offset(Position::new(0, 9)), 2);
        // Inside the emoji: the character's start.
        let emoji = text.find('😀').unwrap_or(0);
        assert_eq!(lines.position(emoji + 2), lines.position(emoji));
    }
}
