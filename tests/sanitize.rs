//! Raw HTML in pages, built as a user builds a site: nothing a page
//! writes hides what follows it, runs in a reader's browser or links to
//! a scheme other than http, https and mailto; the side-by-side spans,
//! anchors, `<br>` and inline formatting are kept.

use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

/// What follows the raw HTML on every content-loss page: a heading, a
/// paragraph and a table, which must all be shown.
const AFTER: &str =
    "\n\n## Heading after\n\nA paragraph after.\n\n| Name | Value |\n|---|---|\n| row | cell after |\n";

/// Builds a two-locale docs tree (`ru-RU` and `de-DE`, the same pages in
/// each) with the binary, as a user runs it, and returns every built
/// page of `ru-RU` by its path, parsed.
fn build(name: &str, pages: &[(String, String)]) -> BTreeMap<String, Html> {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("sanitize")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    let docs = root.join("docs");
    for locale in ["ru-RU", "de-DE"] {
        for (path, body) in pages {
            let file = docs.join(locale).join(path);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            let page = format!("---\ntitle: {path}\nms.contentlocale: {locale}\n---\n{body}");
            std::fs::write(file, page).expect("write");
        }
    }
    let out = root.join("out");
    let mut command = Command::new(env!("CARGO_BIN_EXE_sxsdoc"));
    command
        .arg("build")
        .arg(&docs)
        .arg("-o")
        .arg(&out)
        .arg("-q");
    let output = bounded(command);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    pages
        .iter()
        .map(|(path, _)| {
            let html = out.join("ru-RU").join(path.replace(".md", ".html"));
            let text = std::fs::read_to_string(&html).expect("built page");
            (path.clone(), Html::parse_document(&text))
        })
        .collect()
}

/// Runs `command`, failing (instead of hanging) after two minutes: a
/// guard against work that grows too fast, not a timing assertion.
fn bounded(mut command: Command) -> std::process::Output {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(command.output().expect("runs"));
    });
    receive
        .recv_timeout(Duration::from_secs(120))
        .expect("finished without hanging")
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).expect("valid selector")
}

fn main_of(page: &Html) -> ElementRef<'_> {
    page.select(&select("main")).next().expect("a <main>")
}

fn text_of(element: ElementRef<'_>) -> String {
    element.text().collect()
}

/// The texts of the elements `selector` picks in `main`.
fn texts(main: ElementRef<'_>, selector: &str) -> Vec<String> {
    main.select(&select(selector)).map(text_of).collect()
}

/// The heading, paragraph and table of [`AFTER`] are all there, as
/// elements.
fn assert_what_follows_is_shown(path: &str, page: &Html) {
    let main = main_of(page);
    let headings = texts(main, "h2");
    assert!(
        headings.iter().any(|h| h.contains("Heading after")),
        "{path}: heading lost: {}",
        main.html()
    );
    assert!(
        texts(main, "p").iter().any(|p| p == "A paragraph after."),
        "{path}: paragraph lost: {}",
        main.html()
    );
    assert!(
        texts(main, "table td").iter().any(|td| td == "cell after"),
        "{path}: table lost: {}",
        main.html()
    );
}

/// A page whose prose names `tag`, followed by [`AFTER`]: everything
/// after the tag is there; what the first paragraph shows is returned.
fn prose_naming(tag: &str) -> String {
    let name = tag.trim_matches(['<', '>']);
    let body = format!("Use the {tag} element in the page.{AFTER}");
    let pages = build(name, &[(format!("api/{name}.md"), body)]);
    let page = &pages[&format!("api/{name}.md")];
    assert_what_follows_is_shown(name, page);
    text_of(
        main_of(page)
            .select(&select("article p"))
            .next()
            .expect("p"),
    )
}

#[test]
fn title_in_prose_hides_nothing() {
    assert_eq!(
        prose_naming("<title>"),
        "Use the <title> element in the page."
    );
}

/// An element the site does not keep loses its tags, never the text
/// after them.
#[test]
fn svg_in_prose_hides_nothing() {
    assert_eq!(prose_naming("<svg>"), "Use the  element in the page.");
}

#[test]
fn style_in_prose_hides_nothing() {
    assert_eq!(
        prose_naming("<style>"),
        "Use the <style> element in the page."
    );
}

#[test]
fn textarea_in_prose_hides_nothing() {
    assert_eq!(
        prose_naming("<textarea>"),
        "Use the <textarea> element in the page."
    );
}

/// GitHub's tag filter: these elements' tags are shown as text wherever
/// they are, in prose or as a block, opened or closed.
#[test]
fn filtered_tags_are_shown_as_text_in_prose_and_blocks() {
    let names = "title textarea style xmp iframe noembed noframes script plaintext".split(' ');
    let mut pages = Vec::new();
    for name in names.clone() {
        let upper = name.to_ascii_uppercase();
        pages.push((
            format!("prose/{name}.md"),
            format!("A <{upper} class=\"x\"> opens and </{name}> closes.{AFTER}"),
        ));
        pages.push((
            format!("block/{name}.md"),
            format!("<{name}>\nBlock text.\n{AFTER}"),
        ));
    }
    let built = build("filtered", &pages);
    for name in names {
        let upper = name.to_ascii_uppercase();
        let prose = &built[&format!("prose/{name}.md")];
        assert_what_follows_is_shown(name, prose);
        let main = text_of(main_of(prose));
        assert!(
            main.contains(&format!(
                "A <{upper} class=\"x\"> opens and </{name}> closes."
            )),
            "{name}: {main}"
        );
        // A block that starts with `<script>` or `<style>` runs to its
        // end tag or the end of the page in Markdown: what follows is
        // then part of it, and shown as text.
        let block = text_of(main_of(&built[&format!("block/{name}.md")]));
        for shown in [
            format!("<{name}>"),
            "Block text.".to_string(),
            "Heading after".to_string(),
            "A paragraph after.".to_string(),
            "cell after".to_string(),
        ] {
            assert!(block.contains(&shown), "{name}: {shown} not in {block}");
        }
    }
}

/// Unknown, unclosed and misnested elements, comments that never close
/// and tags cut off by the end of a block never take what follows.
#[test]
fn unclosed_markup_never_takes_what_follows() {
    let cases = [
        (
            "unknown",
            "The format is <languagecode2>-<country/regioncode2>.",
            "The format is -<country/regioncode2>.",
        ),
        (
            "unclosed-bold",
            "Some <b>bold and <i>italic",
            "Some bold and italic",
        ),
        (
            "unclosed-div-block",
            "<div>\n<p>Inside a div",
            "Inside a div",
        ),
        (
            "unclosed-span-block",
            "<span data-ttu-id=\"u-1\">\nOpen",
            "Open",
        ),
        (
            "misnested",
            "<b><i>x</b></i> and <a name=\"m\"><b>y</a>",
            "x and y",
        ),
        (
            "unclosed-comment-block",
            "<!-- never closed\n\nShown.",
            "never closed",
        ),
        (
            "unclosed-quote-block",
            "<div title=\"never closed>\nShown.",
            "Shown.",
        ),
        ("cut-tag-block", "<div>\nShown. <b", "Shown."),
        (
            "nested-table-block",
            "<table><tr><td>one<table><td>two",
            "onetwo",
        ),
        ("select-block", "<select><option>one<b>two</b>", "onetwo"),
        ("svg-block", "<svg><text>one</text><path>two", "onetwo"),
        ("math-block", "<math><mi>one</mi><mo>two", "onetwo"),
        ("template-block", "<template>one<b>two", "onetwo"),
        (
            "svg-prose",
            "Draw <svg><text>one</text></svg> two",
            "one two",
        ),
    ];
    let pages: Vec<_> = cases
        .iter()
        .map(|(name, html, _)| (format!("api/{name}.md"), format!("{html}{AFTER}")))
        .collect();
    let built = build("unclosed", &pages);
    for (name, _, kept) in cases {
        let main = text_of(main_of(&built[&format!("api/{name}.md")]));
        for shown in [kept, "Heading after", "A paragraph after.", "cell after"] {
            assert!(main.contains(shown), "{name}: {shown} not in {main}");
        }
    }
}

/// What a reader's browser would run or fetch: in the page's article,
/// scripts, style, frames, objects, forms, foreign content and images on
/// other hosts; anywhere, event handlers, style attributes, and links or
/// sources whose scheme is not http, https or mailto.
fn assert_inert(path: &str, page: &Html) {
    let article = page.select(&select("article")).next().expect("article");
    for element in article.select(&select("*")) {
        let tag = element.value().name();
        assert!(
            ![
                "script", "iframe", "svg", "math", "object", "embed", "style", "frame", "base",
                "form", "meta", "details", "textarea", "title", "template", "noscript",
            ]
            .contains(&tag),
            "{path}: <{tag}> survived: {}",
            article.html()
        );
        if tag == "img" {
            let src = element.value().attr("src").unwrap_or("");
            assert!(
                scheme(src).is_none() && !src.starts_with("//"),
                "{path}: an image on another host: {src}"
            );
        }
    }
    for element in page.select(&select("*")) {
        let tag = element.value().name();
        if tag == "script" {
            let src = element.value().attr("src").unwrap_or("");
            assert!(src.ends_with(".js"), "{path}: a page's script survived");
        }
        for (name, value) in element.value().attrs() {
            let name = name.to_ascii_lowercase();
            assert!(
                !name.starts_with("on") && name != "style" && name != "srcdoc",
                "{path}: <{tag} {name}> survived"
            );
            let urls = "href src action formaction xlink:href poster";
            if urls.split(' ').any(|url| url == name) {
                assert!(allowed_url(value), "{path}: <{tag} {name}={value:?}>");
            }
        }
    }
}

/// A URL's scheme as a browser reads it, lowercased, if it has one.
fn scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = url.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))?;
    let starts_with_letter = url.starts_with(|c: char| c.is_ascii_alphabetic());
    (starts_with_letter && url[end..].starts_with(':')).then(|| url[..end].to_ascii_lowercase())
}

/// A scheme, if any, of http, https or mailto.
fn allowed_url(url: &str) -> bool {
    scheme(url).is_none_or(|scheme| ["http", "https", "mailto"].contains(&scheme.as_str()))
}

const SCRIPT_URLS: [&str; 16] = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#9;script:alert(1)",
    "java&#10;script:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6a&#x61&#x76&#x61script:alert(1)",
    "javascript&colon;alert(1)",
    "&#1;javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "blob:https://example.org/0",
];

#[test]
fn hostile_markup_stays_inert() {
    let mut html = vec![
        "<script>alert(1)</script>".to_string(),
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>".to_string(),
        "<scr<script>ipt>alert(1)</script>".to_string(),
        "<img src=x onerror=alert(1)>".to_string(),
        "<IMG SRC=\"x\" ONERROR=\"alert(1)\">".to_string(),
        "<img src=\"https://tracker.example/p.png\">".to_string(),
        "<iframe src=\"javascript:alert(1)\"></iframe>".to_string(),
        "<iframe srcdoc=\"<script>alert(1)</script>\">".to_string(),
        "<svg onload=alert(1)><set attributeName=href to=javascript:alert(1) /></svg>".to_string(),
        "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>".to_string(),
        "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">".to_string(),
        "<style>body{background:url(javascript:alert(1))}</style>".to_string(),
        "<div style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">styled</div>".to_string(),
        "<b onmouseover=alert(1)>bold</b> <span data-ttu-id=\"h-1\" onfocus=\"alert(1)\">t</span>".to_string(),
        "<a href=\"javascript:alert(1)\" name=\"n\">anchor</a>".to_string(),
        "<form action=\"javascript:alert(1)\"><button formaction=javascript:alert(1)>b</button></form>".to_string(),
        "<base href=\"javascript:alert(1)//\">".to_string(),
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">".to_string(),
        "<details open ontoggle=alert(1)><summary>s</summary></details>".to_string(),
        "<b><i><u><s><span><a name=x><b><i>deep</b></a>".to_string(),
        "<!--><script>alert(1)</script>-->".to_string(),
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>".to_string(),
        "<textarea><script>alert(1)</script></textarea>".to_string(),
        "<title><img src=x onerror=alert(1)></title>".to_string(),
    ];
    for url in SCRIPT_URLS {
        html.push(format!(
            "<a href=\"{url}\">raw link</a> <img src=\"{url}\">"
        ));
    }
    let mut pages = Vec::new();
    for (i, payload) in html.iter().enumerate() {
        pages.push((
            format!("inline/{i}.md"),
            format!("Text {payload} text.{AFTER}"),
        ));
        pages.push((format!("block/{i}.md"), format!("{payload}\n{AFTER}")));
    }
    let links: String = SCRIPT_URLS
        .iter()
        .map(|url| format!("[link]({url}) [ref][{}] ![image]({url})\n\n", url.len()))
        .chain(
            SCRIPT_URLS
                .iter()
                .map(|url| format!("[{}]: {url}\n", url.len())),
        )
        .collect();
    pages.push(("links.md".to_string(), links));
    let built = build("hostile", &pages);
    for (path, page) in &built {
        assert_inert(path, page);
    }
    // Every link above that Markdown reads as a link goes nowhere, or
    // to a relative path (`&#x6a` without `;` is no character reference).
    let links = main_of(&built["links.md"]);
    let targets: Vec<_> = links
        .select(&select("article a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(targets.len() > SCRIPT_URLS.len(), "{}", links.html());
    for href in targets {
        assert!(scheme(href).is_none(), "{href}");
    }
}

/// Links and images on the schemes a page may use are kept as written;
/// links to pages point at the built page, or are marked text when the
/// page is not there.
#[test]
fn allowed_urls_are_kept() {
    let body = "[web](https://learn.microsoft.com/graph) [plain](http://example.org/a?b=c#d) \
                [mail](mailto:docs@example.org) [page](../resources/user.md#props) \
                [root](/graph/overview) [fragment](#http-request) [query](?x=1) \
                [colon later](folder/a:b.md) ![local](images/diagram.png)\n";
    let built = build(
        "allowed",
        &[
            ("api/links.md".to_string(), body.to_string()),
            ("resources/user.md".to_string(), "# User\n".to_string()),
        ],
    );
    let main = main_of(&built["api/links.md"]);
    let hrefs: Vec<_> = main
        .select(&select("article a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "https://learn.microsoft.com/graph",
            "http://example.org/a?b=c#d",
            "mailto:docs@example.org",
            "../resources/user.html#props",
            "#http-request",
            "?x=1",
        ]
    );
    // No site publishes `/graph/`, and `folder/a:b.md` is not a page.
    let unlinked = |class: &str| {
        let selector = select(class);
        let found = main.select(&selector).map(|e| e.text().collect::<String>());
        found.collect::<Vec<_>>()
    };
    assert_eq!(unlinked(".link-elsewhere"), ["root (не на этом сайте)"]);
    // Nor is there `images/diagram.png` (tests/fixtures/site/navigation
    // copies one that is).
    assert_eq!(
        unlinked(".link-missing"),
        [
            "colon later (страница не найдена)",
            "local (изображение не найдено)"
        ]
    );
    assert_eq!(main.select(&select("img")).count(), 0);
}

/// The side-by-side spans become translation/source pairs inline and in
/// a raw HTML block alike; anchors, `<br>` and inline formatting stay.
#[test]
fn the_docs_format_survives_in_prose_and_blocks() {
    let segment = "<span data-ttu-id=\"a-1\">Перевод</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Source</span></span>";
    let pair = "<span class=\"sxs-t\" data-sxs=\"a-1\">Перевод</span><span class=\"sxs-s\" lang=\"en\"><span class=\"sr-only\" lang=\"ru-RU\">Английский оригинал: </span><span data-sxs-src=\"a-1\">Source</span></span>";
    let pages = [
        ("prose.md", format!("{segment} <b>b</b> <kbd>k</kbd><br/>x <a name=\"here\"></a>\n")),
        ("block.md", "<span data-ttu-id=\"a-1\">\nПеревод</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Source</span></span>\n<br/>\n".to_string()),
        ("quote.md", format!("> {segment}\n")),
    ];
    let pages: Vec<_> = pages
        .into_iter()
        .map(|(path, body)| (path.to_string(), body))
        .collect();
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sanitize/format/out/ru-RU");
    build("format", &pages);
    let read = |path: &str| std::fs::read_to_string(root.join(path)).expect("page");
    let prose = read("prose.html");
    assert!(
        prose.contains(&format!(
            "<p>{pair} <b>b</b> <kbd>k</kbd><br>x <span id=\"here\"></span></p>"
        )),
        "{prose}"
    );
    let block = read("block.html");
    assert!(
        block.contains(
            "<span class=\"sxs-t\" data-sxs=\"a-1\">\nПеревод</span><span class=\"sxs-s\" lang=\"en\"><span class=\"sr-only\" lang=\"ru-RU\">Английский оригинал: </span><span data-sxs-src=\"a-1\">Source</span></span>\n<br>\n"
        ),
        "{block}"
    );
    assert!(read("quote.html").contains(&format!("<blockquote>\n<p>{pair}</p>\n</blockquote>")));
}

/// A large raw HTML block is sanitized in pieces of a bounded number of
/// tags: html5ever's tree building grows with the square of the open
/// elements for some markup (an end tag that matches none of them looks
/// at every one), which took minutes for one such page.
#[test]
fn deep_raw_html_is_built_in_bounded_time() {
    let deep = format!("{}{}", "<x>".repeat(60_000), "</y>".repeat(60_000));
    let body = format!("<div>\n{deep}\n{AFTER}");
    let built = build("deep", &[("api/deep.md".to_string(), body)]);
    assert_what_follows_is_shown("deep", &built["api/deep.md"]);
}
