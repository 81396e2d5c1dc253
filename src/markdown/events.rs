//! A page body's events as one pulldown-cmark pass over it gives them,
//! made region by region.
//!
//! The skimmer splits a body only where CommonMark itself splits it, so
//! each region can be read on its own: headings, plain paragraphs and
//! tables, plain fences and HTML comments without the parser (see
//! [`super::plain`]), anything else by pulldown-cmark over that region
//! or block alone. A body the skimmer cannot split goes to the parser
//! whole. A build renders every page from these events.

use super::heading::heading_events;
use super::plain::region_events;
use super::skim::{plain_comment, plain_fence, skim, Region};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// Hands every event of `body` to `each`, with its range in `body`, in
/// the order pulldown-cmark gives them.
pub fn body_events<'t>(body: &'t str, each: &mut dyn FnMut(Event<'t>, Range<usize>)) {
    let Some(regions) = skim(body, 0) else {
        return parse(body, 0..body.len(), each);
    };
    for region in &regions {
        match region {
            Region::Heading(range) => match heading_events(body, range.clone()) {
                Some(events) => events.for_each(|(event, at)| each(event, at)),
                None => parse(body, range.clone(), each),
            },
            Region::Content {
                range,
                blocks,
                whole,
            } => {
                let read = !*whole
                    && plain_region(
                        body,
                        range.clone(),
                        blocks,
                        each,
                        |each, event, at| each(event, at),
                        |each, block| block_events(body, block, each),
                    );
                if !read {
                    parse(body, range.clone(), each);
                }
            }
        }
    }
}

/// Reads the content region `text[range]` in page order if its
/// paragraphs and tables are plain (see [`super::plain`]): hands `on`
/// their events, each to `event`, and its `blocks`, each to `block`.
/// `false`, with nothing handed on, when some paragraph or table there
/// needs the parser.
pub(super) fn plain_region<'t, S: ?Sized>(
    text: &'t str,
    range: Range<usize>,
    blocks: &[Range<usize>],
    on: &mut S,
    event: impl Fn(&mut S, Event<'t>, Range<usize>),
    block: impl Fn(&mut S, Range<usize>),
) -> bool {
    let Some((events, before)) = region_events(text, range, blocks) else {
        return false;
    };
    let mut events = events.into_iter();
    let mut given = 0;
    for (next, count) in blocks.iter().zip(before) {
        for (read, at) in events.by_ref().take(count - given) {
            event(on, read, at);
        }
        given = count;
        block(on, next.clone());
    }
    for (read, at) in events {
        event(on, read, at);
    }
    true
}

/// The events of one block the skimmer placed.
pub(super) fn block_events<'t>(
    body: &'t str,
    block: Range<usize>,
    each: &mut dyn FnMut(Event<'t>, Range<usize>),
) {
    if let Some(fence) = plain_fence(body, block.clone()) {
        let info = CowStr::Borrowed(fence.info.trim_matches(' '));
        each(
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))),
            fence.span.clone(),
        );
        if let Some(code) = body.get(fence.content.clone()).filter(|c| !c.is_empty()) {
            each(Event::Text(CowStr::Borrowed(code)), fence.content);
        }
        each(Event::End(TagEnd::CodeBlock), fence.span);
    } else if let Some(html) = plain_comment(body, block.clone()) {
        each(Event::Start(Tag::HtmlBlock), block.clone());
        let mut at = block.start;
        for line in html.split_inclusive('\n') {
            each(Event::Html(CowStr::Borrowed(line)), at..at + line.len());
            at += line.len();
        }
        each(Event::End(TagEnd::HtmlBlock), block);
    } else {
        parse(body, block, each);
    }
}

/// pulldown-cmark over `body[range]`, a run of whole blocks.
pub(super) fn parse<'t>(
    body: &'t str,
    range: Range<usize>,
    each: &mut dyn FnMut(Event<'t>, Range<usize>),
) {
    let Some(chunk) = body.get(range.clone()) else {
        return;
    };
    for (event, at) in Parser::new_ext(chunk, super::options()).into_offset_iter() {
        each(event, at.start + range.start..at.end + range.start);
    }
}
