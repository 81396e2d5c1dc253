//! Times the stages of `check` and `build` on a docs tree, for profiling:
//! `cargo run --release --example stages -- target/graph-corpus`.

use std::path::Path;
use std::time::Instant;
use sxsdoc::project::Project;

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| "docs".into());
    let t = Instant::now();
    let project = Project::open(Path::new(&root), &Default::default()).expect("opens");
    let open = t.elapsed();
    let t = Instant::now();
    let diagnostics = project.check_all().diagnostics;
    let check = t.elapsed();
    let t = Instant::now();
    let summary = sxsdoc::report::Summary::new(&diagnostics, &project.plan, 0);
    let json = sxsdoc::report::json::render(&diagnostics, &summary);
    let report = t.elapsed();
    let t = Instant::now();
    let options = sxsdoc::site::BuildOptions {
        output: "target/stages-site".into(),
        templates: None,
        base_url: "https://example.org/".into(),
        site_name: "API reference".into(),
        no_cache: true,
        force: false,
        qa: false,
    };
    project.build(&options, &|| {}).expect("builds");
    let build = t.elapsed();
    eprintln!(
        "walk {open:?}  check {check:?}  json {report:?} ({} bytes)  build {build:?}",
        json.len()
    );
}
