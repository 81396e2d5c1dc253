//! The site's templates and assets: built in, overridable file by file.

use std::path::Path;
use tera::Tera;

/// Templates compiled into the binary (mdBook's way): a user's file of
/// the same name in `--templates DIR` wins.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "switcher.html",
        include_str!("../../templates/switcher.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    ("home.html", include_str!("../../templates/home.html")),
    (
        "locale_home.html",
        include_str!("../../templates/locale_home.html"),
    ),
    (
        "locale_home_item.html",
        include_str!("../../templates/locale_home_item.html"),
    ),
    ("report.html", include_str!("../../templates/report.html")),
    (
        "report_group.html",
        include_str!("../../templates/report_group.html"),
    ),
    (
        "report_row.html",
        include_str!("../../templates/report_row.html"),
    ),
    (
        "home_row.html",
        include_str!("../../templates/home_row.html"),
    ),
];

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
}

/// Loads the built-in theme with the overrides in `dir`.
pub fn load(dir: Option<&Path>) -> Result<Theme, String> {
    let read = |name: &str, builtin: &str| -> Result<String, String> {
        match dir.map(|dir| dir.join(name)).filter(|path| path.is_file()) {
            Some(path) => std::fs::read_to_string(&path)
                .map_err(|err| format!("cannot read template `{}`: {err}", path.display())),
            None => Ok(builtin.to_string()),
        }
    };
    let mut templates = Vec::new();
    for (name, builtin) in TEMPLATES {
        templates.push((name.to_string(), read(name, builtin)?));
    }
    let mut tera = Tera::default();
    // Tera's own escaping also turns `/` into `&#x2F;`, which is valid but
    // makes every URL unreadable; ours escapes what HTML needs.
    tera.set_escape_fn(super::sanitize::escape);
    tera.add_raw_templates(templates)
        .map_err(|err| describe(&err))?;
    let mut assets = Vec::new();
    for (name, builtin) in ASSETS {
        assets.push((name.to_string(), read(name, builtin)?));
    }
    Ok(Theme { tera, assets })
}

/// A Tera error with its causes, which say which template and line.
pub fn describe(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    for (gone, instead) in RENAMED {
        if message.contains(&format!("Variable `{gone}` not found")) {
            message.push_str(&format!(" ({instead})"));
        }
    }
    message
}

/// Variables the templates no longer get, and what took their place.
const RENAMED: &[(&str, &str)] = &[(
    "pages",
    "`locale_home.html` now gets `items`, the HTML of its list items, rendered \
     from `locale_home_item.html` for each page, and `page_count`",
)];
