//! A gettext catalogue of one locale: a message per unit, its text as
//! Markdown (as mdBook's i18n tools write them), where it occurs as
//! references and comments, and with `--stale-only` the English it was
//! translated from as the previous msgid of a fuzzy message.

use super::Unit;
use std::io::{self, Write};

/// Writes `units` of `locale` as a PO file, `revised` (the latest
/// hand-off of their pages) as its revision date.
pub fn write(
    out: &mut dyn Write,
    locale: &str,
    revised: Option<&str>,
    units: &[Unit],
) -> io::Result<()> {
    writeln!(out, "# Segment pairs of {locale}, exported by sxsdoc.")?;
    writeln!(out, "msgid \"\"")?;
    writeln!(out, "msgstr \"\"")?;
    for field in [
        format!("Project-Id-Version: sxsdoc export {locale}"),
        format!(
            "PO-Revision-Date: {} 00:00+0000",
            revised.unwrap_or("1970-01-01")
        ),
        "Last-Translator: machine translation".to_string(),
        "Language-Team: none".to_string(),
        format!("Language: {}", locale.replace('-', "_")),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=UTF-8".to_string(),
        "Content-Transfer-Encoding: 8bit".to_string(),
        "X-Generator: sxsdoc".to_string(),
    ] {
        writeln!(out, "\"{}\\n\"", escape(&field))?;
    }
    // A msgid may occur once a context: the same English translated two
    // ways gets the place of its first occurrence as context.
    let mut previous: Option<&str> = None;
    for unit in units {
        writeln!(out)?;
        for occurrence in &unit.occurrences {
            if !occurrence.section.is_empty() {
                writeln!(
                    out,
                    "#. {}: {}",
                    occurrence.segment,
                    one_line(&occurrence.section)
                )?;
            }
        }
        for occurrence in &unit.occurrences {
            writeln!(
                out,
                "#: {}:{}",
                occurrence.path.replace(' ', "\u{a0}"),
                occurrence.segment
            )?;
        }
        // Fuzzy: a translation of an older English, to look at. One not
        // yet translated (an empty msgstr) is just that, as msgmerge
        // leaves it.
        if unit.previous_source.is_some() {
            writeln!(out, "#, fuzzy")?;
        }
        if let Some(old) = &unit.previous_source {
            writeln!(out, "#| msgid \"{}\"", escape(old))?;
        }
        if previous == Some(unit.source.as_str()) {
            if let Some(first) = unit.occurrences.first() {
                writeln!(
                    out,
                    "msgctxt \"{}#{}\"",
                    escape(&first.path),
                    escape(&first.segment)
                )?;
            }
        }
        previous = Some(&unit.source);
        writeln!(out, "msgid \"{}\"", escape(&unit.source))?;
        writeln!(out, "msgstr \"{}\"", escape(&unit.target))?;
    }
    Ok(())
}

/// `text` as the inside of a PO string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
