//! Docs projects as teams have them: one checkout per locale side by
//! side, locale roots named in `sxsdoc.toml`, a single checkout, and
//! roots with nothing to check. `tests/fixtures/layouts/` holds docfx
//! checkouts of a small doc set (two docsets, an include file, README
//! and CONTRIBUTING, an unpublished `index.md`).

#[path = "support/copy.rs"]
mod copy;

use std::path::{Path, PathBuf};
use std::process::Command;
use sxsdoc::load::Docsets;
use sxsdoc::model::FileKind;
use sxsdoc::project::{OpenOptions, Project};

fn fixture(path: &str) -> PathBuf {
    Path::new("tests/fixtures/layouts").join(path)
}

/// (locale, path, kind) of every file the project reads.
fn files(project: &Project) -> Vec<(String, String, FileKind)> {
    project
        .plan
        .groups
        .iter()
        .flat_map(|group| &group.files)
        .map(|file| (file.locale.clone(), file.path.clone(), file.kind))
        .collect()
}

/// Findings as `CODE locale path: message`, sorted.
fn findings(project: &Project) -> Vec<String> {
    project
        .check_all()
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {}: {}",
                d.code, d.location.locale, d.location.path, d.message
            )
        })
        .collect()
}

#[test]
fn checkouts_side_by_side_are_read_as_docfx_reads_them() {
    let project = Project::open(&fixture("checkouts"), &OpenOptions::default()).expect("opens");
    assert_eq!(project.plan.locales, ["de-DE", "ru-RU"]);
    let mut expected = Vec::new();
    for (path, kind) in [
        ("api-reference/v1.0/api/user-get.md", FileKind::Page),
        (
            "api-reference/v1.0/includes/snippets/get-user-csharp-snippets.md",
            FileKind::Include,
        ),
        ("api-reference/v1.0/overview.md", FileKind::Page),
        ("api-reference/v1.0/resources/user.md", FileKind::Page),
        ("concepts/permissions.md", FileKind::Page),
    ] {
        for locale in ["de-DE", "ru-RU"] {
            expected.push((locale.to_string(), path.to_string(), kind));
        }
    }
    assert_eq!(files(&project), expected);
    // README, CONTRIBUTING and the unpublished index.md are said to be
    // left out, once a locale.
    let notes: Vec<&str> = project
        .plan
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("ignored 3 Markdown files")
                && n.contains("README.md")
                && n.contains("api-reference/v1.0/index.md")),
        "{notes:?}"
    );
    // The one real defect; nothing about the include as if it were a
    // page, and the concept page's Prerequisites is not a permissions
    // table.
    insta::assert_snapshot!(findings(&project).join("\n"), @"SXS002 de-DE api-reference/v1.0/api/user-get.md: translation changes `User.Read` to `User. Read` (spaces inserted) in the `Delegated (work or school account)` permissions");
    // The docs' name, as docfx suffixes their titles: the shortest of the
    // docsets' `titleSuffix` (one in `fileMetadata` by glob).
    assert_eq!(project.plan.site_map.name(), Some("Demo Docs"));
}

/// A site built without `--site-name` is named as its docsets name it.
#[test]
fn a_site_takes_its_name_from_the_docsets() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("layouts-site-name");
    let _ = std::fs::remove_dir_all(&out);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .args(["build", "--quiet", "-o"])
        .arg(&out)
        .arg(fixture("checkouts"))
        .status()
        .expect("runs");
    assert!(status.success());
    let home = std::fs::read_to_string(out.join("de-DE/index.html")).expect("home");
    assert!(home.contains(">Demo Docs</a>"), "{home}");
    assert!(home.contains("<title>"), "{home}");
}

#[test]
fn locale_roots_named_in_sxsdoc_toml() {
    let named = Project::open(&fixture("project"), &OpenOptions::default()).expect("opens");
    let found = Project::open(&fixture("checkouts"), &OpenOptions::default()).expect("opens");
    assert_eq!(named.plan.locales, ["de-DE", "ru-RU"]);
    assert_eq!(files(&named), files(&found));
    assert_eq!(findings(&named), findings(&found));
}

#[test]
fn a_single_checkout_is_checked_and_told_about_the_other_locales() {
    let project = Project::open(
        &fixture("checkouts/demo-docs.de-DE"),
        &OpenOptions::default(),
    )
    .expect("opens");
    assert_eq!(project.plan.locales, ["de-DE"]);
    assert!(files(&project).len() == 5, "{:?}", files(&project));
    assert!(
        project
            .plan
            .notes
            .iter()
            .any(|n| n.message.starts_with("only one locale (de-DE)")
                && n.message.contains("run `sxsdoc check ")
                && n.message.contains("layouts/checkouts`")),
        "{:?}",
        project.plan.notes
    );
    // In-page rules still run.
    assert_eq!(findings(&project).len(), 1, "{:?}", findings(&project));
}

/// The de-DE checkout, cloned into a folder `name`, opened (with the
/// folder that holds it, kept while the project is used).
fn de_de_checkout_named(name: &str) -> (tempfile::TempDir, Project) {
    let scratch = tempfile::tempdir().expect("scratch");
    let work = scratch.path().join(name);
    copy::copy_dir(&fixture("checkouts/demo-docs.de-DE"), &work);
    let project = Project::open(&work, &OpenOptions::default()).expect("opens");
    (scratch, project)
}

/// CI checks a locale's repository out wherever its job says (`path:
/// work`): the publishing config's docsets give the locale, in the
/// lower case they write it in (`"locale": "de-de"`).
#[test]
fn a_checkout_in_a_folder_of_any_name_is_known_by_its_publishing_config() {
    let (_scratch, project) = de_de_checkout_named("work");
    assert_eq!(project.plan.locales, ["de-DE"]);
    let named = Project::open(
        &fixture("checkouts/demo-docs.de-DE"),
        &OpenOptions::default(),
    )
    .expect("opens");
    assert_eq!(files(&project), files(&named));
}

/// A clone named like another locale than it publishes (`ja` for a
/// ja-JP repository, say; here `ru` for de-DE): what it publishes wins,
/// and its pages are not all misfiled (SXS203).
#[test]
fn a_checkout_named_like_a_language_is_the_locale_it_publishes() {
    let (_scratch, project) = de_de_checkout_named("ru");
    assert_eq!(project.plan.locales, ["de-DE"]);
    assert!(!findings(&project).iter().any(|f| f.starts_with("SXS203")));
}

/// The checkouts copied into a folder named like a language (`os/`,
/// Ossetian): that folder is the docs root, not one locale holding them
/// all; a page in a language's folder may name its region.
#[test]
fn a_folder_named_like_a_language_that_holds_checkouts_is_their_root() {
    let scratch = tempfile::tempdir().expect("scratch");
    let os = scratch.path().join("os");
    copy::copy_dir(&fixture("checkouts"), &os);
    let checked = Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
        .arg("check")
        .arg(scratch.path())
        .output()
        .expect("runs");
    assert_eq!(checked.status.code(), Some(2));
    let said = String::from_utf8_lossy(&checked.stderr);
    assert!(
        said.contains("its folder `os` is named like a locale"),
        "{said}"
    );
    let project = Project::open(&os, &OpenOptions::default()).expect("opens");
    assert_eq!(project.plan.locales, ["de-DE", "ru-RU"]);
    // Beside a locale folder, it is left out, and said so.
    copy::copy_dir(
        &fixture("checkouts/demo-docs.de-DE"),
        &scratch.path().join("de"),
    );
    // A baseline beside the locales is no page, and not noted as one.
    std::fs::write(scratch.path().join("baseline.json"), "{}").expect("write");
    let project = Project::open(scratch.path(), &OpenOptions::default()).expect("opens");
    assert_eq!(project.plan.locales, ["de"]);
    let noted = |name: &str| project.plan.notes.iter().any(|n| n.path.ends_with(name));
    assert!(!noted("baseline.json"));
    assert!(project
        .plan
        .notes
        .iter()
        .any(|note| note.path.ends_with("os")
            && note.message.contains("holds locale folders or checkouts")));
    // Its pages say `de-DE`: in `de/`, they are where they belong.
    assert!(!findings(&project).iter().any(|f| f.starts_with("SXS203")));
}

#[test]
fn nothing_to_check_is_an_error() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("layouts-empty");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("notes")).expect("folder");
    std::fs::create_dir_all(dir.join("docs.ru-RU/images")).expect("folder");
    let run = |root: &Path| {
        Command::new(env!("CARGO_BIN_EXE_sxsdoc"))
            .arg("check")
            .arg(root)
            .output()
            .expect("runs")
    };
    let none = run(&dir.join("notes"));
    assert_eq!(none.status.code(), Some(2));
    let said = String::from_utf8_lossy(&none.stderr);
    assert!(said.contains("no locale found"), "{said}");
    let empty = run(&dir);
    assert_eq!(empty.status.code(), Some(2));
    let said = String::from_utf8_lossy(&empty.stderr);
    assert!(
        said.contains("no page found") && said.contains("ru-RU"),
        "{said}"
    );
}

/// A settings file from a pull request must not point a locale at the
/// rest of the machine: a build would read and publish what is there.
#[test]
fn locale_roots_stay_beside_the_settings_file() {
    for (root, allowed) in [
        ("../demo-docs.ru-RU", true),
        ("ru-RU", true),
        ("../../etc", false),
        ("/etc", false),
        ("docs/../../x", false),
    ] {
        let text = format!("[locales]\nru-RU = {root:?}\n");
        let settings = sxsdoc::check::Settings::from_toml(&text, Path::new("project/sxsdoc.toml"));
        assert_eq!(settings.is_ok(), allowed, "{root}: {settings:?}");
    }
}

fn docsets(json: &str, at: &str) -> Docsets {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(at);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
    std::fs::write(&path, json).expect("write");
    let mut sets = Docsets::default();
    sets.add(dir.path(), at, None).expect("reads");
    sets
}

#[test]
fn content_globs_under_src_decide_pages() {
    let sets = docsets(
        r#"

        {"build": {"content": [
            {"files": ["api/**/*.md"], "src": "v1.0/", "exclude": ["**/includes/**"]},
            {"files": ["resources/**/*.md"], "src": "v1.0/", "dest": "api/"},
            {"files": ["overview.md"], "src": "v1.0/"}
        ]}}"#,
        "api-reference/docfx.json",
    );
    for (path, kind) in [
        ("api-reference/v1.0/api/user-get.md", FileKind::Page),
        ("api-reference/v1.0/resources/user.md", FileKind::Page),
        ("api-reference/v1.0/overview.md", FileKind::Page),
        ("api-reference/v1.0/index.md", FileKind::NotDocs),
        (
            "api-reference/v1.0/includes/snippets/csharp/x.md",
            FileKind::Include,
        ),
        ("README.md", FileKind::NotDocs),
        ("concepts/x.md", FileKind::NotDocs),
    ] {
        assert_eq!(sets.kind(path), kind, "{path}");
    }
}

#[test]
fn double_star_inside_a_name_and_excludes() {
    let sets = docsets(
        r#"{"build": {"content": [{"files": ["**.md"], "exclude": ["README.md", "**/obj/**"]}]}}"#,
        "concepts/docfx.json",
    );
    assert_eq!(sets.kind("concepts/auth/auth-v2.md"), FileKind::Page);
    assert_eq!(sets.kind("concepts/overview.md"), FileKind::Page);
    assert_eq!(sets.kind("concepts/README.md"), FileKind::NotDocs);
    assert_eq!(sets.kind("concepts/obj/x.md"), FileKind::NotDocs);
}

#[test]
fn without_docfx_repository_files_are_not_docs() {
    let sets = Docsets::default();
    assert_eq!(sets.kind("README.md"), FileKind::NotDocs);
    assert_eq!(sets.kind("ThirdPartyNotices.md"), FileKind::NotDocs);
    assert_eq!(
        sets.kind(".github/PULL_REQUEST_TEMPLATE.md"),
        FileKind::NotDocs
    );
    assert_eq!(sets.kind("docs/readme.md"), FileKind::Page);
    assert_eq!(sets.kind("api/licensedetails.md"), FileKind::Page);
    assert_eq!(sets.kind("docs/includes/note.md"), FileKind::Include);
}
