//! Times the stages of `check` and `build` on a docs tree, then each
//! rule alone on one thread, for profiling:
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
        site_name: Some("API reference".into()),
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
    rule_costs(&project);
}

/// Each rule alone over every page group, on one thread (the groups read
/// beforehand): where a check's rule time goes, most costly first.
fn rule_costs(project: &Project) {
    let plan = &project.plan;
    let groups: Vec<_> = plan.groups.iter().map(|files| plan.load(files)).collect();
    let files = plan.project_files();
    let mut costs: Vec<_> = sxsdoc::check::RULES
        .iter()
        .map(|rule| {
            let mut one = project.settings.clone();
            one.select = vec![rule.code.to_string()];
            let rules = one.rule_set();
            let t = Instant::now();
            let found: usize = groups
                .iter()
                .map(|group| sxsdoc::check::check_group(group, &files, &rules).len())
                .sum();
            (t.elapsed(), rule.code, found)
        })
        .collect();
    costs.sort_by_key(|cost| std::cmp::Reverse(cost.0));
    for (time, code, found) in costs {
        eprintln!("{code} {time:?}, {found} found");
    }
}
