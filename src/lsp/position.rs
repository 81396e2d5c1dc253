//! Byte offsets in a page's text to LSP positions and back: a line, and
//! a column counted in UTF-16 code units, as the protocol requires by
//! default (a Cyrillic letter is one unit and two bytes; an emoji two
//! units and four bytes).

use lsp_types::{Position, Range};

/// Where each line of a text starts.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        Lines { text, starts }
    }

    /// The position of the byte `offset` (clamped to the text, and back
    /// to a character's start).
    pub fn position(&self, offset: usize) -> Position {
        let offset = crate::source::floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let column = self.text[start..offset].encode_utf16().count();
        Position::new(line as u32, column as u32)
    }

    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `position`; a column past its line's end is
    /// the line's end (as the protocol says), a line past the text its
    /// end.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        // A line ends before its `\n`, and before a `\r` before it.
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let end = match self.text[start..end].ends_with('\r') {
            true => end - 1,
            false => end,
        };
        let mut units = 0;
        for (at, c) in self.text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + at;
            }
            units += c.len_utf16();
        }
        end
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
