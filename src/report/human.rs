//! The human format: rustc-style diagnostics with a source snippet.
//!
//! Everything taken from pages and file names goes through
//! [`printable`] before it is styled, so only sxsdoc's own colours reach
//! the terminal and each diagnostic's lines are the ones written here.

use super::{plural, Report, Summary};
use crate::check::find_rule;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::printable::{is_escaped, printable, push_printable};
use std::fmt::Write;
use std::io;
use unicode_width::UnicodeWidthChar;

/// Longest stretch of a source line shown, in display columns.
const WINDOW: usize = 110;

/// ANSI styling, on only for terminals without `NO_COLOR`.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Note => "1;36",
        }
    }
}

pub fn render(diagnostics: &[Diagnostic], summary: &Summary, style: Style) -> String {
    super::render_all(&mut Human { style }, diagnostics, summary)
}

/// The report written as the findings come (see [`Report`]).
pub struct Human {
    pub style: Style,
}

impl Report for Human {
    fn findings(&mut self, out: &mut dyn io::Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
        let mut text = String::new();
        for diagnostic in diagnostics {
            render_one(&mut text, diagnostic, self.style);
            text.push('\n');
        }
        out.write_all(text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn io::Write, summary: &Summary) -> io::Result<()> {
        let mut text = String::new();
        render_summary(&mut text, summary, self.style);
        out.write_all(text.as_bytes())
    }
}

fn render_one(out: &mut String, diagnostic: &Diagnostic, style: Style) {
    let at = &diagnostic.location;
    let color = style.severity(diagnostic.severity);
    let head = style.paint(
        color,
        &format!("{}[{}]", diagnostic.severity, diagnostic.code),
    );
    let _ = writeln!(
        out,
        "{head}: {}",
        style.paint("1", &printable(&diagnostic.message))
    );
    let line_number = at.start.line.to_string();
    let gutter = " ".repeat(line_number.len());
    let bar = style.paint("1;34", "|");
    let _ = writeln!(
        out,
        "{gutter}{} {}:{}:{}",
        style.paint("1;34", "-->"),
        printable(&diagnostic.location.file),
        at.start.line,
        at.start.column
    );
    if !at.line_text.is_empty() {
        let end_column = if at.end.line == at.start.line {
            at.end.column
        } else {
            at.line_offset + at.line_text.chars().count() + 1
        };
        let (mut shown, mut pad, carets) = snippet(
            &at.line_text,
            at.start.column - at.line_offset,
            end_column.saturating_sub(at.line_offset),
        );
        if at.line_offset > 0 && !shown.starts_with('…') {
            shown.insert(0, '…');
            pad += 1;
        }
        let _ = writeln!(out, "{gutter} {bar}");
        let _ = writeln!(out, "{} {bar} {shown}", style.paint("1;34", &line_number));
        let _ = writeln!(
            out,
            "{gutter} {bar} {}{}",
            " ".repeat(pad),
            style.paint(color, &"^".repeat(carets))
        );
    }
    for related in &diagnostic.related {
        let there = &related.location;
        let _ = writeln!(
            out,
            "{gutter} {} {}:{}:{}: {}",
            style.paint("1;34", ":::"),
            printable(&related.location.file),
            there.start.line,
            there.start.column,
            printable(&related.message)
        );
    }
    for note in &diagnostic.notes {
        let _ = writeln!(
            out,
            "{gutter} {} {}",
            style.paint("1;34", "="),
            printable(note)
        );
    }
    let _ = writeln!(
        out,
        "{gutter} {} {}",
        style.paint("1;34", "="),
        style.paint(
            "2",
            &format!(
                "rule: {} (sxsdoc explain {}); pattern {}{}",
                diagnostic.rule,
                diagnostic.code,
                diagnostic.pattern_id(),
                match diagnostic.fix.as_ref().map(|fix| fix.applicability) {
                    Some(Applicability::Safe) => "; fixable with `sxsdoc fix`",
                    Some(Applicability::Unsafe) => "; fixable with `sxsdoc fix --unsafe-fixes`",
                    None => "",
                }
            )
        )
    );
}

/// The part of `line` to show, the display offset of the span in it and
/// the number of carets. Long lines are cut to a window around the span.
fn snippet(line: &str, start_column: usize, end_column: usize) -> (String, usize, usize) {
    let (chars, start, end) = printable_chars(line, start_column, end_column);
    let width = |range: &[char]| range.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let mut from = 0;
    if width(&chars[..start]) > WINDOW / 3 {
        from = start;
        while from > 0 && width(&chars[from - 1..start]) < WINDOW / 3 {
            from -= 1;
        }
    }
    let mut to = from;
    while to < chars.len() && width(&chars[from..=to]) <= WINDOW {
        to += 1;
    }
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    let pad = width(&chars[from..start]) + usize::from(from > 0);
    let carets = width(&chars[start..end.min(to)]).max(1);
    (shown, pad, carets)
}

/// The characters of `line` as shown (a tab as a space, what
/// [`is_escaped`] names as its escape) and the 0-based indexes in them of
/// the 1-based columns `start_column` and `end_column` of `line`, the end
/// at or after the start.
fn printable_chars(
    line: &str,
    start_column: usize,
    end_column: usize,
) -> (Vec<char>, usize, usize) {
    let mut chars = Vec::with_capacity(line.len());
    let mut escape = String::new();
    let (mut start, mut end) = (None, None);
    for (column, c) in (1..).zip(line.chars()) {
        if column == start_column.max(1) {
            start = Some(chars.len());
        }
        if column == end_column.max(1) {
            end = Some(chars.len());
        }
        if c == '\t' {
            chars.push(' ');
        } else if is_escaped(c) {
            escape.clear();
            push_printable(&mut escape, c);
            chars.extend(escape.chars());
        } else {
            chars.push(c);
        }
    }
    let start = start.unwrap_or(chars.len());
    let end = end.unwrap_or(chars.len()).max(start);
    (chars, start, end)
}

fn render_summary(out: &mut String, summary: &Summary, style: Style) {
    let checked = summary.checked();
    if summary.total() == 0 {
        let _ = write!(
            out,
            "{}: no problems in {checked}",
            style.paint("1;32", "ok")
        );
    } else {
        let _ = write!(
            out,
            "{}: {}, {}, {} in {checked}",
            style.paint("1", "found"),
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.notes, "note"),
        );
    }
    out.push_str(&summary.baselined_note());
    out.push('\n');
    for (code, count) in &summary.by_rule {
        let name = find_rule(code).map_or("", |rule| rule.name);
        let _ = writeln!(out, "  {count:>6}  {code}  {name}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        assert_eq!(
            snippet("POST /beta/x", 7, 11),
            ("POST /beta/x".to_string(), 6, 4)
        );
        assert_eq!(snippet("abc", 2, 2).2, 1);
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let line = format!("{}TARGET{}", "x".repeat(300), "y".repeat(300));
        let (shown, pad, carets) = snippet(&line, 301, 307);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(
            &shown.chars().skip(pad).take(6).collect::<String>(),
            "TARGET"
        );
        assert_eq!(carets, 6);
    }

    #[test]
    fn controls_in_the_line_are_shown_escaped_under_their_carets() {
        let line = "\x1b[2Jab\u{202e}c";
        let (shown, pad, carets) = snippet(line, 1, 4);
        assert_eq!(shown, "\\x1b[2Jab\\u{202e}c");
        assert_eq!((pad, carets), (0, 6));
        let (_, pad, carets) = snippet(line, 7, 8);
        assert_eq!((pad, carets), (9, 8));
        assert_eq!(snippet("a\tb", 3, 4), ("a b".to_string(), 2, 1));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let (_, pad, carets) = snippet("承諾|x", 1, 3);
        assert_eq!((pad, carets), (0, 4));
    }
}
