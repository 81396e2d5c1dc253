//! No file of `src/` grows past 500 lines (the team's bar, issue 16): a
//! file that does is split where its parts are separate things.

use std::path::Path;

#[test]
fn no_source_file_is_over_500_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("a source file is readable");
        let lines = text.lines().count();
        if lines > 500 {
            long.push(format!("{} ({lines} lines)", path.display()));
        }
    }
    assert!(long.is_empty(), "over 500 lines: {long:?}");
}
