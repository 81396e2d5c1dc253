//! Bytes to text: UTF-8 only, with a clear problem for anything else.

use crate::model::{Problem, ProblemKind};

/// Pages larger than this are not parsed; see `--max-page-size`.
/// The largest page of the Graph reference is 177 KB; 4 MiB leaves ample
/// room and keeps every page under a second to check and render.
pub const DEFAULT_MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// The problem of a page over the size limit.
pub fn too_large(size: u64, max_bytes: usize) -> Problem {
    Problem {
        kind: ProblemKind::TooLarge,
        span: 0..0,
        message: format!(
            "page is {size} bytes, over the limit of {max_bytes} bytes; it was not read (raise it with --max-page-size)"
        ),
        related: None,
    }
}

/// Decodes a page. Invalid UTF-8 is replaced (so the rest of the page is
/// still checked) and reported at its byte offset; UTF-16 and oversized
/// files are reported and yield no text.
pub fn decode(bytes: Vec<u8>, max_bytes: usize) -> (String, Vec<Problem>) {
    let mut problems = Vec::new();
    if bytes.len() > max_bytes {
        problems.push(too_large(bytes.len() as u64, max_bytes));
        return (String::new(), problems);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        problems.push(Problem {
            kind: ProblemKind::Encoding,
            span: 0..0,
            message: format!(
                "file is UTF-16 (byte order mark {:02X} {:02X}); sxsdoc reads UTF-8: save the page as UTF-8",
                bytes[0], bytes[1]
            ),
            related: None,
        });
        return (String::new(), problems);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            problems.push(Problem {
                kind: ProblemKind::Encoding,
                span: offset..offset,
                message: format!(
                    "invalid UTF-8 at byte {offset}; expected UTF-8 text (the bad bytes are read as U+FFFD)"
                ),
                related: None,
            });
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    };
    if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
        problems.push(Problem {
            kind: ProblemKind::Encoding,
            span: offset..offset + 1,
            message: format!("NUL character at byte {offset}; a Markdown page never contains one"),
            related: None,
        });
    }
    (text, problems)
}

/// Markdown parsers disagree on a lone `\r` as a line ending; turning it
/// into `\n` keeps every byte offset (and so every line and column).
pub fn lone_cr_to_lf(mut text: String) -> String {
    // CRLF pages have a `\r` on every line: find the lone ones with
    // memchr, and change them in place (no copy, no UTF-8 check).
    let bytes = text.as_bytes();
    let lone: Vec<usize> = memchr::memchr_iter(b'\r', bytes)
        .filter(|&at| bytes.get(at + 1) != Some(&b'\n'))
        .collect();
    for at in lone {
        text.replace_range(at..at + 1, "\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let (text, problems) = decode("Привет".as_bytes().to_vec(), 100);
        assert_eq!(text, "Привет");
        assert!(problems.is_empty());
    }

    #[test]
    fn invalid_utf8_is_reported_at_its_offset() {
        let (text, problems) = decode(b"ab\xFFcd".to_vec(), 100);
        assert_eq!(text, "ab\u{FFFD}cd");
        assert_eq!(problems[0].span, 2..2);
        assert!(problems[0].message.contains("byte 2"));
    }

    #[test]
    fn utf16_and_oversized_pages_are_refused() {
        let (text, problems) = decode(vec![0xFF, 0xFE, b'a', 0], 100);
        assert!(text.is_empty());
        assert_eq!(problems[0].kind, ProblemKind::Encoding);
        let (_, problems) = decode(vec![b'a'; 101], 100);
        assert_eq!(problems[0].kind, ProblemKind::TooLarge);
    }

    #[test]
    fn nul_is_reported() {
        let (_, problems) = decode(b"a\0b".to_vec(), 100);
        assert_eq!(problems[0].span, 1..2);
    }
}
