//! Findings for a team: one entry per defect pattern (`check --group-by
//! pattern`), counts per rule and locale (`check --statistics`), and what
//! `fix` repaired and left, per pattern.

use super::{plural, printable, Report, Summary};
use crate::check::RuleSet;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io;

/// Locations shown for each pattern.
const EXAMPLES: usize = 3;

/// One defect pattern: its findings counted, a few of them kept.
#[derive(Debug, Clone)]
struct Pattern {
    code: &'static str,
    rule: &'static str,
    severity: Severity,
    locale: String,
    /// What makes its findings one defect (see [`Diagnostic::pattern`]).
    text: String,
    /// The first finding's message.
    message: String,
    /// Whether its findings say different things (SXS304's of one
    /// hand-off, each with its own count of segments behind).
    varied: bool,
    findings: usize,
    pages: BTreeSet<String>,
    /// `file:line:column` of the first findings.
    examples: Vec<String>,
    fix: Option<Applicability>,
    /// Findings `fix` repaired (for its report).
    fixed: usize,
}

impl Pattern {
    /// What its findings say: their message, or when they say different
    /// things, what makes them one pattern.
    fn headline(&self) -> &str {
        match self.varied {
            false => &self.message,
            true => &self.text,
        }
    }
}

/// Findings gathered by pattern id, in the order first seen.
#[derive(Debug, Default)]
pub struct PatternTally {
    patterns: Vec<Pattern>,
    index: HashMap<String, usize>,
}

impl PatternTally {
    /// Counts `findings`; those at `fixed` (indexes) were repaired.
    pub fn add(&mut self, findings: &[Diagnostic], fixed: &[usize]) {
        for (n, d) in findings.iter().enumerate() {
            let id = d.pattern_id();
            let at = *self.index.entry(id).or_insert_with(|| {
                self.patterns.push(Pattern {
                    code: d.code,
                    rule: d.rule,
                    severity: d.severity,
                    locale: d.location.locale.clone(),
                    text: d.pattern_text().to_string(),
                    message: d.message.clone(),
                    varied: false,
                    findings: 0,
                    pages: BTreeSet::new(),
                    examples: Vec::new(),
                    fix: None,
                    fixed: 0,
                });
                self.patterns.len() - 1
            });
            let pattern = &mut self.patterns[at];
            pattern.findings += 1;
            pattern.varied |= pattern.message != d.message;
            pattern.severity = pattern.severity.max(d.severity);
            pattern.pages.insert(d.location.file.clone());
            if pattern.examples.len() < EXAMPLES {
                let at = &d.location;
                pattern
                    .examples
                    .push(format!("{}:{}:{}", at.file, at.start.line, at.start.column));
            }
            let fix = d.fix.as_ref().map(|f| f.applicability);
            pattern.fix = match (pattern.fix, fix) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if fixed.contains(&n) {
                pattern.fixed += 1;
            }
        }
    }

    /// Errors first, then by findings, most first; ties by id.
    fn ordered(&self) -> Vec<(String, &Pattern)> {
        let mut all: Vec<(String, &Pattern)> = self
            .index
            .iter()
            .map(|(id, &at)| (id.clone(), &self.patterns[at]))
            .collect();
        all.sort_by(|(a_id, a), (b_id, b)| {
            (b.severity, b.findings, a_id).cmp(&(a.severity, a.findings, b_id))
        });
        all
    }

    /// The `--group-by pattern` text: an entry per pattern (its header,
    /// its English and damage, three places; for a pattern whose findings
    /// say different things, the pattern in the header and the first
    /// finding's message as an example), errors first, then by
    /// findings. Patterns of fewer than [`LISTED_MIN`] findings past the
    /// first [`LISTED`] are counted by rule at the end, so the report of
    /// 15,000 findings is about a hundred entries.
    pub fn render_groups(&self) -> String {
        let mut out = String::new();
        let ordered = self.ordered();
        let (listed, rest): (Vec<_>, Vec<_>) = ordered
            .iter()
            .enumerate()
            .partition(|(n, (_, p))| *n < LISTED || p.findings >= LISTED_MIN);
        for (_, (id, p)) in &listed {
            let fix = match p.fix {
                Some(Applicability::Safe) => "fixable",
                Some(Applicability::Unsafe) => "fixable with --unsafe-fixes",
                None => "no fix",
            };
            // Under a headline that is the pattern, one finding as an example.
            let then = match p.varied {
                false => excerpt(&p.text, 150),
                true => format!("e.g. {}", excerpt(&p.message, 150)),
            };
            let _ = writeln!(
                out,
                "{}[{}] {id} {} {}: {} on {}, {fix}: {}",
                p.severity,
                p.code,
                p.rule,
                p.locale,
                plural(p.findings, "finding"),
                plural(p.pages.len(), "page"),
                printable(&excerpt(p.headline(), 120))
            );
            let _ = writeln!(out, "    {}", printable(&then));
            let _ = writeln!(out, "    --> {}", printable(&p.examples.join(", ")));
        }
        let rest: Vec<&(String, &Pattern)> = rest.iter().map(|(_, entry)| *entry).collect();
        if !rest.is_empty() {
            let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, p) in &rest {
                *by_rule.entry(p.code).or_default() += 1;
            }
            let rules: Vec<String> = by_rule.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
            let _ = writeln!(
                out,
                "… and {} smaller patterns ({}): {}; `--pattern ID` or `--format json` lists their findings",
                rest.len(),
                plural(rest.iter().map(|(_, p)| p.findings).sum(), "finding"),
                rules.join(", ")
            );
        }
        out
    }

    /// What `fix` did: the patterns it repaired, most repairs first, then
    /// those left, errors first.
    pub fn render_fixes(&self, would: bool) -> String {
        let mut out = String::new();
        let ordered = self.ordered();
        let mut fixed: Vec<&(String, &Pattern)> =
            ordered.iter().filter(|(_, p)| p.fixed > 0).collect();
        fixed.sort_by(|(a_id, a), (b_id, b)| (b.fixed, a_id).cmp(&(a.fixed, b_id)));
        let left: Vec<&(String, &Pattern)> = ordered
            .iter()
            .filter(|(_, p)| p.findings > p.fixed)
            .collect();
        let verb = if would { "would fix" } else { "fixed" };
        // `left` under the verb, the counts in one column.
        let width = verb.len();
        for (id, p) in fixed.iter().take(LISTED) {
            let _ = writeln!(
                out,
                "{verb:<width$} {:>6}  {id}  {}  {}",
                p.fixed,
                p.locale,
                printable(&excerpt(p.headline(), 100))
            );
        }
        if fixed.len() > LISTED {
            let _ = writeln!(out, "… and {} more patterns", fixed.len() - LISTED);
        }
        for (id, p) in left.iter().take(LISTED) {
            let why = match p.fix {
                Some(Applicability::Unsafe) => "unsafe fix (--unsafe-fixes)",
                Some(Applicability::Safe) => "fix left out (overlap or segments)",
                None => "no fix",
            };
            let _ = writeln!(
                out,
                "{:<width$} {:>6}  {id}  {}  {why}: {}",
                "left",
                p.findings - p.fixed,
                p.locale,
                printable(&excerpt(p.headline(), 80))
            );
        }
        if left.len() > LISTED {
            let _ = writeln!(out, "… and {} more patterns", left.len() - LISTED);
        }
        let total_fixed: usize = ordered.iter().map(|(_, p)| p.fixed).sum();
        let total: usize = ordered.iter().map(|(_, p)| p.findings).sum();
        let _ = write!(
            out,
            "{verb} {} ({} left) in {}; ",
            plural(total_fixed, "finding"),
            total - total_fixed,
            plural(ordered.len(), "pattern")
        );
        out
    }
}

/// Patterns always listed in full.
const LISTED: usize = 25;
/// Past the first [`LISTED`], the findings a pattern needs to be listed.
const LISTED_MIN: usize = 3;

/// `check --group-by pattern`: the findings gathered, printed at the end
/// as text or, with `json`, as every pattern in one JSON object.
#[derive(Debug, Default)]
pub struct ByPattern {
    tally: PatternTally,
    json: bool,
}

impl ByPattern {
    /// The grouped view as text, or with `json` as JSON.
    pub fn new(json: bool) -> ByPattern {
        ByPattern {
            json,
            ..ByPattern::default()
        }
    }
}

/// A pattern in `check --group-by pattern --format json`.
#[derive(serde::Serialize)]
struct PatternJson<'p> {
    pattern: &'p str,
    code: &'static str,
    rule: &'static str,
    severity: Severity,
    locale: &'p str,
    /// The English and the damage, as the pattern is made of them.
    text: &'p str,
    /// Its first finding's message.
    message: &'p str,
    findings: usize,
    pages: usize,
    /// `file:line:column` of its first findings.
    examples: &'p [String],
    fix: Option<Applicability>,
}

impl Report for ByPattern {
    fn findings(&mut self, _: &mut dyn io::Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
        self.tally.add(diagnostics, &[]);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write, summary: &Summary) -> io::Result<()> {
        if self.json {
            let ordered = self.tally.ordered();
            let patterns: Vec<PatternJson<'_>> = ordered
                .iter()
                .map(|(id, p)| PatternJson {
                    pattern: id,
                    code: p.code,
                    rule: p.rule,
                    severity: p.severity,
                    locale: &p.locale,
                    text: &p.text,
                    message: &p.message,
                    findings: p.findings,
                    pages: p.pages.len(),
                    examples: &p.examples,
                    fix: p.fix,
                })
                .collect();
            #[derive(serde::Serialize)]
            struct Grouped<'a> {
                version: u32,
                patterns: Vec<PatternJson<'a>>,
                summary: &'a Summary,
            }
            let grouped = Grouped {
                version: 1,
                patterns,
                summary,
            };
            let text = serde_json::to_string_pretty(&grouped).map_err(io::Error::other)?;
            return writeln!(out, "{text}");
        }
        let mut text = self.tally.render_groups();
        let _ = writeln!(
            text,
            "found: {} in {} ({}, {}, {}) in {}{}",
            plural(summary.total(), "finding"),
            plural(self.tally.patterns.len(), "pattern"),
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.notes, "note"),
            summary.checked(),
            summary.baselined_note()
        );
        out.write_all(text.as_bytes())
    }
}

/// `check --statistics`: findings per rule and severity, by locale. A
/// finding counts for the locales it is about that the run reports on:
/// an SXS401 for the locales that lack the page (not the one it is shown
/// on), in each of them; the total counts it once.
pub struct Statistics {
    rows: BTreeMap<(&'static str, Severity), StatisticsRow>,
    locales: BTreeSet<String>,
    rules: RuleSet,
}

impl Statistics {
    pub fn new(rules: RuleSet) -> Self {
        Statistics {
            rows: BTreeMap::new(),
            locales: BTreeSet::new(),
            rules,
        }
    }
}

/// One rule at one severity.
#[derive(Debug)]
struct StatisticsRow {
    rule: &'static str,
    total: usize,
    by_locale: BTreeMap<String, usize>,
    /// Findings with a safe fix, and with an unsafe one.
    safe: usize,
    unsafe_: usize,
}

impl Report for Statistics {
    fn findings(&mut self, _: &mut dyn io::Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
        for d in diagnostics {
            let row = self
                .rows
                .entry((d.code, d.severity))
                .or_insert_with(|| StatisticsRow {
                    rule: d.rule,
                    total: 0,
                    by_locale: BTreeMap::new(),
                    safe: 0,
                    unsafe_: 0,
                });
            row.total += 1;
            let about = match d.also_about.is_empty() {
                true => std::slice::from_ref(&d.location.locale),
                false => d.also_about.as_slice(),
            };
            for locale in about.iter().filter(|l| self.rules.locale_enabled(l)) {
                *row.by_locale.entry(locale.clone()).or_default() += 1;
                self.locales.insert(locale.clone());
            }
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => row.safe += 1,
                Some(Applicability::Unsafe) => row.unsafe_ += 1,
                None => {}
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write, summary: &Summary) -> io::Result<()> {
        let mut text = String::new();
        let _ = write!(
            text,
            "{:<7} {:<24} {:<8} {:>7}",
            "rule", "name", "severity", "total"
        );
        for locale in &self.locales {
            let _ = write!(text, " {:>7}", printable(locale));
        }
        let _ = writeln!(text, " {:>9} {:>7}", "safe fix", "unsafe");
        for ((code, severity), row) in &self.rows {
            let (rule, counts, total) = (row.rule, &row.by_locale, row.total);
            let _ = write!(
                text,
                "{code:<7} {rule:<24} {:<8} {total:>7}",
                severity.to_string()
            );
            for locale in &self.locales {
                let _ = write!(text, " {:>7}", counts.get(locale).copied().unwrap_or(0));
            }
            let _ = writeln!(text, " {:>9} {:>7}", row.safe, row.unsafe_);
        }
        let _ = writeln!(
            text,
            "{}, {}, {} in {}{}",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.notes, "note"),
            summary.checked(),
            summary.baselined_note()
        );
        out.write_all(text.as_bytes())
    }
}

/// At most `max` characters of `text`, with `…` when cut.
fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests;
