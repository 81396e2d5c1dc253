//! The site's templates and assets: built in, overridable file by file.

use super::strings::Strings;
use crate::load::{ProjectFileError, TomlError};
use std::path::{Path, PathBuf};
use tera::Tera;

/// Why the templates cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("template: {0}")]
    File(#[from] ProjectFileError),
    /// A template Tera cannot parse.
    #[error("{}", describe(.0))]
    Parse(tera::Error),
    /// The built-in strings do not read (a bug, which a test catches).
    #[error("the built-in strings.toml: {0}")]
    BuiltinStrings(String),
    #[error(transparent)]
    Strings(#[from] TomlError),
    #[error("the templates folder `{}` does not exist or is not a folder", .0.display())]
    NoFolder(PathBuf),
}

/// Templates compiled into the binary (mdBook's way): a user's file of
/// the same name in `--templates DIR` wins.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "switcher.html",
        include_str!("../../templates/switcher.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    ("qa.html", include_str!("../../templates/qa.html")),
    ("home.html", include_str!("../../templates/home.html")),
    (
        "locale_home.html",
        include_str!("../../templates/locale_home.html"),
    ),
    ("report.html", include_str!("../../templates/report.html")),
    (
        "report_part.html",
        include_str!("../../templates/report_part.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
];

/// The interface strings (see [`Strings`]).
const STRINGS: (&str, &str) = ("strings.toml", include_str!("../../templates/strings.toml"));

/// Copied to `assets/` as they are.
const ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../templates/style.css")),
    ("early.js", include_str!("../../templates/early.js")),
    ("site.js", include_str!("../../templates/site.js")),
    ("favicon.svg", include_str!("../../templates/favicon.svg")),
];

pub struct Theme {
    pub tera: Tera,
    pub assets: Vec<(String, String)>,
    pub strings: Strings,
}

/// The largest template or asset read from a templates folder.
const MAX_FILE_BYTES: u64 = 4 << 20;

/// Each built-in template and asset, or its override in `dir`: only a
/// plain file there, of a bounded size, never through a link (a templates
/// folder may come from a pull request too).
fn sources(dir: Option<&Path>) -> Result<Vec<(&'static str, String)>, ProjectFileError> {
    TEMPLATES
        .iter()
        .chain(ASSETS)
        .chain([&STRINGS])
        .map(|(name, builtin)| {
            let Some(path) = dir.map(|dir| dir.join(name)) else {
                return Ok((*name, builtin.to_string()));
            };
            if std::fs::symlink_metadata(&path).is_err() {
                return Ok((*name, builtin.to_string()));
            }
            crate::load::read_project_file(&path, MAX_FILE_BYTES).map(|text| (*name, text))
        })
        .collect()
}

/// A hash of every template and asset a build with `dir` uses, for the
/// build cache's fingerprint.
pub fn digest(dir: Option<&Path>) -> Result<u64, ProjectFileError> {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::digest::hasher();
    sources(dir)?.hash(&mut hasher);
    Ok(hasher.finish())
}

/// Loads the built-in theme with the overrides in `dir`.
pub fn load(dir: Option<&Path>) -> Result<Theme, ThemeError> {
    if let Some(dir) = dir.filter(|dir| !dir.is_dir()) {
        return Err(ThemeError::NoFolder(dir.to_path_buf()));
    }
    let mut sources = sources(dir)?;
    let strings = sources.pop().map(|(_, text)| text).unwrap_or_default();
    // A team's file goes over the built-in strings; without one, the
    // built-in file is read once.
    let builtin = Strings::parse(STRINGS.1).map_err(ThemeError::BuiltinStrings)?;
    let strings = match (strings == STRINGS.1, dir) {
        (false, Some(dir)) => builtin
            .overlaid(&strings)
            .map_err(|err| TomlError::new(&err, &strings, &dir.join(STRINGS.0)))?,
        _ => builtin,
    };
    let assets = sources.split_off(TEMPLATES.len());
    let mut tera = Tera::default();
    // Tera 2 has no `get_env` (or any function that reads the machine):
    // a template from a pull request cannot publish the CI's secrets.
    // Tera's own escaping also turns `/` into `&#x2F;`, which is valid but
    // makes every URL unreadable; ours escapes what HTML needs.
    tera.set_escape_fn(super::sanitize::write_escaped);
    tera.add_raw_templates(sources).map_err(ThemeError::Parse)?;
    let assets = assets
        .into_iter()
        .map(|(name, text)| (name.to_string(), text))
        .collect();
    Ok(Theme {
        tera,
        assets,
        strings,
    })
}

/// A Tera error with its causes, on one line, as sxsdoc prints errors:
/// `page.html:24:27: Variable `fallback` is not defined (note: called
/// from base.html:3:1)`. Tera's own report of an error in a template
/// adds the template's line, underlined: for a one-line template, all
/// of it.
pub fn describe(err: &tera::Error) -> String {
    let report = err.to_string();
    let mut message = match err.kind() {
        tera::ErrorKind::SyntaxError(error) | tera::ErrorKind::RenderingError(error) => {
            let span = error.span();
            let mut message = format!(
                "{}:{}:{}: {}",
                error.filename(),
                span.start_line,
                span.start_col + 1,
                one_line(error.message())
            );
            for note in report
                .lines()
                .filter_map(|l| l.trim().strip_prefix("note: "))
            {
                message.push_str(&format!(" (note: {note})"));
            }
            message
        }
        // Several errors in one message (every unknown filter of the
        // templates, say), each reported as above: `error: what`, then
        // `--> where`.
        _ => places(&report).unwrap_or(report),
    };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Each `error: what` of a report of several errors, with the `--> where`
/// line after it, as `where: what`, joined by `; `.
fn places(report: &str) -> Option<String> {
    let mut places = Vec::new();
    let mut what: Option<String> = None;
    for line in report.lines().map(str::trim) {
        if let Some(start) = line.strip_prefix("error: ") {
            what = Some(start.to_string());
        } else if let Some(place) = line.strip_prefix("--> ") {
            if let Some(what) = what.take() {
                places.push(format!("{place}: {what}"));
            }
        } else if let Some(what) = what.as_mut() {
            // A message of several lines.
            what.push(' ');
            what.push_str(line);
        }
    }
    (!places.is_empty()).then(|| places.join("; "))
}

/// `text` with its lines joined by spaces.
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}
