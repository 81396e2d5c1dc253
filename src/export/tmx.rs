//! A TMX 1.4b translation memory of one locale: a translation unit per
//! unit, English and the locale, inline markup as `<ph>` placeholders
//! holding its Markdown, where it occurs as properties.

use super::{pieces, xml_escape, Piece, Unit};
use std::io::{self, Write};

/// Writes `units` of `locale` as a TMX document.
pub fn write(out: &mut dyn Write, locale: &str, units: &[Unit]) -> io::Result<()> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">")?;
    writeln!(out, "<tmx version=\"1.4\">")?;
    writeln!(
        out,
        "  <header creationtool=\"sxsdoc\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"sxsdoc\" adminlang=\"en-US\" srclang=\"en-US\" datatype=\"x-markdown\"/>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "  <body>")?;
    for unit in units {
        writeln!(out, "    <tu>")?;
        for occurrence in &unit.occurrences {
            writeln!(
                out,
                "      <prop type=\"x-occurrence\">{}</prop>",
                xml_escape(&occurrence.label())
            )?;
        }
        if let Some(old) = &unit.previous_source {
            writeln!(
                out,
                "      <prop type=\"x-previous-source\">{}</prop>",
                xml_escape(old)
            )?;
        }
        for (lang, text) in [("en-US", &unit.source), (locale, &unit.target)] {
            writeln!(
                out,
                "      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>",
                xml_escape(lang),
                seg(text)
            )?;
        }
        writeln!(out, "    </tu>")?;
    }
    writeln!(out, "  </body>")?;
    writeln!(out, "</tmx>")
}

/// A `<seg>`'s content: the text, its markup as numbered placeholders.
fn seg(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut placeholder = 0;
    for piece in pieces(text) {
        match piece {
            Piece::Text(text) => out.push_str(&xml_escape(text)),
            Piece::Markup(markup) => {
                placeholder += 1;
                out.push_str(&format!(
                    "<ph x=\"{placeholder}\">{}</ph>",
                    xml_escape(markup)
                ));
            }
        }
    }
    out
}
