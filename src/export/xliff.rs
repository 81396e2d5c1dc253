//! An XLIFF 2.1 file of one locale: a unit per unit, its inline markup as
//! `<ph>` codes whose original data is the Markdown they stand for, where
//! it occurs as notes; a stale segment's unit is `initial` (to translate
//! again), the others `translated`.

use super::{pieces, xml_escape, Piece, Unit};
use std::io::{self, Write};

/// Writes `units` of `locale` as an XLIFF 2.1 document.
pub fn write(out: &mut dyn Write, locale: &str, units: &[Unit]) -> io::Result<()> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en-US\" trgLang=\"{}\">",
        xml_escape(locale)
    )?;
    writeln!(
        out,
        "  <file id=\"f1\" original=\"sxsdoc-{}\">",
        xml_escape(locale)
    )?;
    for (n, unit) in units.iter().enumerate() {
        writeln!(out, "    <unit id=\"u{}\">", n + 1)?;
        writeln!(out, "      <notes>")?;
        for occurrence in &unit.occurrences {
            writeln!(
                out,
                "        <note category=\"location\">{}</note>",
                xml_escape(&occurrence.label())
            )?;
        }
        if let Some(old) = &unit.previous_source {
            writeln!(
                out,
                "        <note category=\"previous-source\">{}</note>",
                xml_escape(old)
            )?;
        }
        writeln!(out, "      </notes>")?;
        let mut data = Vec::new();
        let source = content(&unit.source, &mut data, &[]);
        let source_codes = data.clone();
        let target = content(&unit.target, &mut data, &source_codes);
        if !data.is_empty() {
            writeln!(out, "      <originalData>")?;
            for (id, markup) in &data {
                writeln!(
                    out,
                    "        <data id=\"d{id}\">{}</data>",
                    xml_escape(markup)
                )?;
            }
            writeln!(out, "      </originalData>")?;
        }
        let state = if unit.previous_source.is_some() || unit.target.is_empty() {
            "initial"
        } else {
            "translated"
        };
        writeln!(out, "      <segment state=\"{state}\">")?;
        writeln!(out, "        <source>{source}</source>")?;
        if !unit.target.is_empty() {
            writeln!(out, "        <target>{target}</target>")?;
        }
        writeln!(out, "      </segment>")?;
        writeln!(out, "    </unit>")?;
    }
    writeln!(out, "  </file>")?;
    writeln!(out, "</xliff>")
}

/// The content of a `<source>` or `<target>`: text, and a `<ph>` for
/// each piece of markup, its Markdown added to `data`. A target's code
/// that is one of the source's (`shared`, unused so far) takes its id,
/// as XLIFF matches codes across source and target by id.
fn content(text: &str, data: &mut Vec<(usize, String)>, shared: &[(usize, String)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut used = vec![false; shared.len()];
    for piece in pieces(text) {
        match piece {
            Piece::Text(text) => out.push_str(&xml_escape(text)),
            Piece::Markup(markup) => {
                let same = shared
                    .iter()
                    .enumerate()
                    .find(|(at, (_, m))| !used[*at] && m == markup);
                let id = match same {
                    Some((at, (id, _))) => {
                        used[at] = true;
                        *id
                    }
                    None => {
                        let id = data.len() + 1;
                        data.push((id, markup.to_string()));
                        id
                    }
                };
                out.push_str(&format!("<ph id=\"{id}\" dataRef=\"d{id}\"/>"));
            }
        }
    }
    out
}
