//! The empty cells a page's tables would be given, counted before any
//! parser builds them.
//!
//! A table row with fewer cells than its header is filled in with empty
//! ones, by pulldown-cmark and by the fast path alike. So a header of
//! 2,000 columns over rows of one cell each makes 2,000 cells of every
//! three bytes: a 170 KB page became 5 million cells, 2 GB of events and
//! a 46 MB page of empty `<td>`s. Ordinary pages fill in a handful (the
//! Graph reference at most 9 a page), so a page is read only up to the
//! table that takes the page past [`MAX_FILLED_CELLS`].
//!
//! This reads lines, not Markdown, so it counts at least what the parser
//! would fill in: every line after a delimiter row, up to a blank line, is
//! taken as a row of the widest table it may belong to, and a row's cells
//! are counted as pulldown-cmark splits them (at each pipe not after a
//! backslash, even inside code spans).

use std::ops::Range;

/// Empty cells a page's tables may be given; past them the page is read
/// up to the table that went over.
pub const MAX_FILLED_CELLS: usize = 10_000;

/// The cells the tables of `text[range]` fill in, up to the end of the
/// first table that takes them past `limit`, and where that table starts
/// (its header line).
pub fn filled_cells(text: &str, range: Range<usize>, limit: usize) -> (usize, Option<usize>) {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let start = range.start.min(end);
    let mut filled = 0;
    let mut at = start;
    // Only a line with a pipe can be a delimiter row: from one to the next.
    while let Some(pipe) = memchr::memchr(b'|', &bytes[at..end]) {
        let line = line_around(bytes, start..end, at + pipe);
        let header = previous_line_end(bytes, start, line.start)
            .map(|before| line_around(bytes, start..end, before));
        let opens = delimiter_columns(content(&bytes[line.clone()])).is_some()
            && header
                .as_ref()
                .is_some_and(|header| content(&bytes[header.clone()]).contains(&b'|'));
        at = next_line(bytes, line.end, end);
        if let (true, Some(header)) = (opens, header) {
            let (after, table_filled) = rows(bytes, line, end);
            filled += table_filled;
            if filled > limit {
                return (filled, Some(header.start));
            }
            at = after;
        }
    }
    (filled, None)
}

/// The cells filled in for the rows of the table whose delimiter row is
/// `delimiter`, up to the blank line that ends it (or `end`), and where
/// that is. Every line up to there counts as a row, of the widest table
/// it may be in: a line that ends the table for the parser may be the
/// header of another one.
fn rows(bytes: &[u8], delimiter: Range<usize>, end: usize) -> (usize, usize) {
    let mut columns: usize = 0;
    let mut filled = 0;
    let mut header_has_pipe = true;
    let mut line = delimiter;
    loop {
        let content = content(&bytes[line.clone()]);
        if content.iter().all(|&b| is_blank(b)) {
            return (line.end, filled);
        }
        filled += columns.saturating_sub(cells(content));
        if let Some(more) = delimiter_columns(content).filter(|_| header_has_pipe) {
            columns = columns.max(more);
        }
        header_has_pipe = content.contains(&b'|');
        let next = next_line(bytes, line.end, end);
        if next >= end {
            return (end, filled);
        }
        line = next..line_end(bytes, next, end);
    }
}

/// The line (without its line break) holding byte `at` of `bytes[range]`.
fn line_around(bytes: &[u8], range: Range<usize>, at: usize) -> Range<usize> {
    let start = memchr::memrchr2(b'\n', b'\r', &bytes[range.start..at])
        .map_or(range.start, |i| range.start + i + 1);
    start..line_end(bytes, at, range.end)
}

fn line_end(bytes: &[u8], at: usize, end: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[at..end]).map_or(end, |i| at + i)
}

/// Where the line before the one starting at `line_start` ends (at its
/// line break), if it is in the range starting at `start`.
fn previous_line_end(bytes: &[u8], start: usize, line_start: usize) -> Option<usize> {
    let crlf = line_start >= start + 2 && &bytes[line_start - 2..line_start] == b"\r\n";
    let before = line_start.checked_sub(if crlf { 2 } else { 1 })?;
    (before >= start).then_some(before)
}

/// The start of the line after the one ending (before its line break) at
/// `line_end`.
fn next_line(bytes: &[u8], line_end: usize, end: usize) -> usize {
    match &bytes[line_end..end] {
        [b'\r', b'\n', ..] => line_end + 2,
        [b'\r' | b'\n', ..] => line_end + 1,
        _ => end,
    }
}

/// A line without its indentation and block quote markers.
fn content(line: &[u8]) -> &[u8] {
    let skipped = line
        .iter()
        .take_while(|&&b| is_blank(b) || b == b'>')
        .count();
    &line[skipped..]
}

/// Spaces and tabs, and the other white space a table row may end in.
fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\x0b' | b'\x0c')
}

/// The cells of a delimiter row (`|:--|--:|`), if the line is one.
fn delimiter_columns(content: &[u8]) -> Option<usize> {
    let only_delimiters = content
        .iter()
        .all(|&b| matches!(b, b'|' | b'-' | b':') || is_blank(b));
    (only_delimiters && content.contains(&b'-') && content.contains(&b'|')).then(|| cells(content))
}

/// The cells pulldown-cmark finds in a table row: one before each pipe
/// that splits (all but a leading one, and those after a backslash), and
/// one after the last if anything but white space follows it.
fn cells(content: &[u8]) -> usize {
    let row = content.strip_prefix(b"|").unwrap_or(content);
    let mut splits = 0;
    let mut last = 0;
    for at in memchr::memchr_iter(b'|', row) {
        if at == 0 || row[at - 1] != b'\\' {
            splits += 1;
            last = at + 1;
        }
    }
    let tail = &row[last.min(row.len())..];
    splits + usize::from(!tail.iter().all(|&b| is_blank(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(text: &str) -> (usize, Option<usize>) {
        filled_cells(text, 0..text.len(), MAX_FILLED_CELLS)
    }

    fn wide_table(rows: &str) -> String {
        format!(
            "|{}|\n|{}|\n{rows}",
            ["h"; 2000].join("|"),
            ["-"; 2000].join("|")
        )
    }

    /// The cells pulldown-cmark fills in: empty ones it adds at the end
    /// of a row, after its line break.
    fn parser_filled(text: &str) -> usize {
        use pulldown_cmark::{Event, Tag};
        let mut row_end = None;
        let mut filled = 0;
        for (event, at) in crate::markdown::parser(text) {
            match event {
                Event::Start(Tag::TableRow | Tag::TableHead) => row_end = Some(at.end),
                Event::Start(Tag::TableCell) if at.is_empty() && Some(at.start) == row_end => {
                    filled += 1
                }
                _ => {}
            }
        }
        filled
    }

    /// Every page's count, whatever its containers and line breaks, is
    /// at least what the parser fills in.
    #[test]
    fn counts_at_least_what_the_parser_fills_in() {
        const PIECES: &[&str] = &[
            "|",
            "|",
            "|",
            "-",
            "-",
            ":",
            "a",
            " ",
            "\\",
            "`",
            "\n",
            "\n",
            "\n",
            "\n",
            "\r\n",
            "\r",
            "> ",
            "- ",
            "1. ",
            "    ",
            "\t",
            "#",
            "<b>",
            "**",
            "\n\n",
            "|-|-|-|\n",
            "|a|b|c|\n",
            "|a|\n",
        ];
        let mut seed = 0x7ab1e_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut filling = 0;
        for _ in 0..20_000 {
            let text: String = (0..next() % 40)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let parser = parser_filled(&text);
            let (counted, _) = filled_cells(&text, 0..text.len(), usize::MAX);
            assert!(counted >= parser, "{text:?}: {counted} < {parser}");
            filling += usize::from(parser > 0);
        }
        assert!(filling > 100, "{filling}");
    }

    #[test]
    fn counts_cells_as_the_parser_splits_them() {
        assert_eq!(cells(b"|a|b|"), 2);
        assert_eq!(cells(b"a|b"), 2);
        assert_eq!(cells(b"| a | b |  "), 2);
        assert_eq!(cells(b"a||"), 2);
        assert_eq!(cells(b"|a\\|b|"), 1);
        assert_eq!(cells(b"|`a|b`|"), 2);
        assert_eq!(cells(b"|"), 0);
        assert_eq!(delimiter_columns(b"|:--|--:|"), Some(2));
        assert_eq!(delimiter_columns(b"---"), None);
        assert_eq!(delimiter_columns(b"|a|-|"), None);
    }

    #[test]
    fn short_rows_under_a_wide_header_go_over() {
        let text = format!("# Title\n\nText.\n\n{}", wide_table(&"|a|\n".repeat(6)));
        let start = "# Title\n\nText.\n\n".len();
        assert_eq!(filled(&text), (6 * 1999, Some(start)));
        // Five rows are within the limit.
        assert_eq!(filled(&wide_table(&"|a|\n".repeat(5))).1, None);
    }

    #[test]
    fn full_rows_and_ordinary_tables_stay_under_the_limit() {
        let full = format!("|{}|\n", ["a"; 2000].join("|"));
        assert_eq!(filled(&wide_table(&full.repeat(100))).1, None);
        let ordinary = "|a|b|c|\n|-|-|-|\n|1|2|\n|3|\n\n|x|\n|-|\n|y|\n";
        assert_eq!(filled(ordinary), (3, None));
    }

    #[test]
    fn rows_count_against_the_widest_table_they_may_be_in() {
        // A narrow table first, then (after a line that ends it for the
        // parser) a wide one with no blank line between.
        let text = format!("|a|b|\n|-|-|\n# x\n{}", wide_table(&"|a|\n".repeat(6)));
        assert_eq!(filled(&text).1, Some(0));
        // Rows in block quotes and list items, and lone CRs as line ends.
        let quoted = wide_table(&"|a|\n".repeat(6)).replace('\n', "\n> ");
        assert!(filled(&format!("> {quoted}")).1.is_some());
        assert!(filled(&wide_table(&"|a|\r".repeat(6))).1.is_some());
        let crlf = format!("x\n\n{}", wide_table(&"|a|\n".repeat(6))).replace('\n', "\r\n");
        assert_eq!(filled(&crlf).1, Some(3 + 2));
        // A blank line ends a table.
        assert_eq!(filled(&wide_table(&"|a|\n\n".repeat(6))).1, None);
    }
}
