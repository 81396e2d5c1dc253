//! The rule registry: every rule, one file each.

mod api_version_mismatch;
mod broken_link;
mod broken_toc;
mod content_locale_mismatch;
mod duplicate_segment_id;
mod empty_source_span;
mod endpoint_changed;
mod escaped_span_markup;
mod facts_disagree;
mod front_matter_invalid;
mod header_name_translated;
mod missing_include;
mod missing_locale;
mod missing_title;
mod name_translated;
mod no_source_spans;
mod outdated_source;
mod outdated_source_spans;
mod permission_changed;
mod protected_token_changed;
mod response_code_changed;
mod segment_breaks_line;
mod segment_id_mismatch;
mod stale_translation;
mod tab_label_translated;
mod unpaired_segment;
mod unreadable_page;

use super::{related, Group, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::ProblemKind;

/// Every rule, in code order.
pub const RULES: &[&Rule] = &[
    &endpoint_changed::RULE,
    &permission_changed::RULE,
    &response_code_changed::RULE,
    &protected_token_changed::RULE,
    &header_name_translated::RULE,
    &tab_label_translated::RULE,
    &name_translated::RULE,
    &unpaired_segment::RULE,
    &segment_id_mismatch::RULE,
    &duplicate_segment_id::RULE,
    &segment_breaks_line::RULE,
    &empty_source_span::RULE,
    &escaped_span_markup::RULE,
    &front_matter_invalid::RULE,
    &missing_title::RULE,
    &content_locale_mismatch::RULE,
    &unreadable_page::RULE,
    &facts_disagree::RULE,
    &outdated_source::RULE,
    &api_version_mismatch::RULE,
    &stale_translation::RULE,
    &outdated_source_spans::RULE,
    &missing_locale::RULE,
    &no_source_spans::RULE,
    &missing_include::RULE,
    &broken_link::RULE,
    &broken_toc::RULE,
];

/// A problem's message with each quoted segment id (`a5ff5-172`) as
/// `…`: the same break of the markup on many segments is one pattern.
fn without_ids(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (n, part) in message.split('`').enumerate() {
        if n > 0 {
            out.push('`');
        }
        let is_id = n % 2 == 1
            && part.contains('-')
            && part.bytes().any(|b| b.is_ascii_digit())
            && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        out.push_str(if is_id { "…" } else { part });
    }
    out
}

/// Reports the problems of `kinds` the parser recorded, one diagnostic each.
fn report_problems(
    group: &Group<'_>,
    rule: &Rule,
    kinds: &[ProblemKind],
    out: &mut Vec<Diagnostic>,
) {
    for page in group.pages {
        for problem in page.problems.iter().filter(|p| kinds.contains(&p.kind)) {
            let mut diagnostic = rule.at(page, problem.span.clone(), problem.message.clone());
            diagnostic.key = problem.message.clone();
            diagnostic.pattern = without_ids(&problem.message);
            if let Some(first) = &problem.related {
                diagnostic.related.push(related(
                    page,
                    first.clone(),
                    "first used here".to_string(),
                ));
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        codes.sort();
        names.sort();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), RULES.len());
        assert_eq!(names.len(), RULES.len());
        for rule in RULES {
            for heading in [
                "## What it does",
                "## Fix",
                "## Why is this bad",
                "## Example",
            ] {
                assert!(rule.doc.contains(heading), "{} lacks {heading}", rule.code);
            }
        }
    }
}
