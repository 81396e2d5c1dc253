//! Renders one Markdown file to HTML on standard output, for looking at
//! what the site makes of a page: `cargo run --example render_file -- x.md`.

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    print!(
        "{}",
        sxsdoc::site::render(&text, &sxsdoc::site::Standalone).html
    );
}
