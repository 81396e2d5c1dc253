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
use super::plain::{region, Sink};
use super::skim::{plain_comment, plain_fence, skim, Region};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// Hands every event of `body` to `each`, with its range in `body`, in
/// the order pulldown-cmark gives them.
///
/// An included file's body is read up to a table that fills in too many
/// empty cells (a page's own body is cut there when it is loaded, with a
/// problem to report: see [`super::overfilled_table`]).
pub fn body_events<'t>(body: &'t str, each: &mut dyn FnMut(Event<'t>, Range<usize>)) {
    let body = match super::overfilled_table(body, 0..body.len()) {
        Some((table, _)) => &body[..table],
        None => body,
    };
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

/// Events the fast path holds for one region before it hands any on: a
/// region gives none until all of it is known to read plainly. A larger
/// region is read twice instead, once to see that it can be and once
/// handing each event on as it comes, rather than held (a 2,000-column
/// table held 200 bytes of events a byte of page). Twice the fast path's
/// time, for what only wide tables and very long sections reach; a page
/// of the Graph reference has at most a few thousand events a region.
const HELD_EVENTS: usize = 1 << 14;

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
    let mut held = Held::default();
    if region(text, range.clone(), blocks, &mut held, Held::block).is_none() {
        return false;
    }
    if held.overflowed {
        let mut handing = Handing { on, event };
        let read = region(text, range, blocks, &mut handing, |handing, next| {
            block(handing.on, next)
        });
        debug_assert!(read.is_some(), "a region reads the same twice");
        return true;
    }
    let mut events = held.events.into_iter();
    let mut given = 0;
    for (before, next) in held.blocks {
        for (read, at) in events.by_ref().take(before - given) {
            event(on, read, at);
        }
        given = before;
        block(on, next);
    }
    for (read, at) in events {
        event(on, read, at);
    }
    true
}

/// A region's events, and its blocks with how many events come before
/// each, until there are more than [`HELD_EVENTS`]: then none.
#[derive(Default)]
struct Held<'t> {
    events: Vec<(Event<'t>, Range<usize>)>,
    blocks: Vec<(usize, Range<usize>)>,
    overflowed: bool,
}

impl Held<'_> {
    fn block(&mut self, next: Range<usize>) {
        if !self.overflowed {
            self.blocks.push((self.events.len(), next));
        }
    }
}

impl<'t> Sink<'t> for Held<'t> {
    #[inline]
    fn push(&mut self, event: (Event<'t>, Range<usize>)) {
        if !self.overflowed {
            if self.events.len() < HELD_EVENTS {
                self.events.push(event);
            } else {
                *self = Held {
                    overflowed: true,
                    ..Held::default()
                };
            }
        }
    }
}

/// Hands each event on as it comes.
struct Handing<'a, S: ?Sized, E> {
    on: &'a mut S,
    event: E,
}

impl<'t, S: ?Sized, E: Fn(&mut S, Event<'t>, Range<usize>)> Sink<'t> for Handing<'_, S, E> {
    fn push(&mut self, (read, at): (Event<'t>, Range<usize>)) {
        (self.event)(self.on, read, at);
    }
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
