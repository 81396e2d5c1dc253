//! Which rules and locales a run checks, from the command line and
//! `sxsdoc.toml`, validated once.

use super::{Rule, RULES};
use crate::diagnostic::Severity;
use crate::load::{read_project_file, ProjectFileError, TomlError};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest `sxsdoc.toml` read.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Validated settings; nothing downstream re-checks them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Settings {
    /// Rule codes, code prefixes (`SXS0`) or names; empty means all.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Locales to report on; empty means all.
    pub locales: Vec<String>,
    pub exclude_locales: Vec<String>,
    /// Per-rule severity overrides.
    pub severity: BTreeMap<String, Severity>,
    /// Fail on warnings as well as errors.
    pub deny_warnings: bool,
    /// Where each locale's files are (`[locales] ru-RU = "../docs.ru-RU"`),
    /// relative to the folder of the settings file; empty means found.
    pub locale_roots: Vec<(String, PathBuf)>,
    /// The URL path every docset is published under (`base-path =
    /// "/graph"`), for site-absolute links; else each `docfx.json` says.
    pub base_path: Option<String>,
}

/// `locales = ["ru-RU"]` reports on those; a `[locales]` table says
/// where each locale's files are.
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a list of the locales to report on (`locales = [\"ru-RU\"]`), or a `[locales]` table of where each locale's files are (`ru-RU = \"../docs.ru-RU\"`)"
)]
enum LocalesKey {
    Selected(Vec<String>),
    Roots(BTreeMap<String, String>),
}

impl Default for LocalesKey {
    fn default() -> Self {
        LocalesKey::Selected(Vec::new())
    }
}

/// The rules a run applies and the locales it reports on, resolved once
/// from [`Settings`].
#[derive(Clone)]
pub struct RuleSet {
    /// Each enabled rule, with the severity its findings get instead of
    /// their own, if the settings give one.
    pub rules: Vec<(&'static Rule, Option<Severity>)>,
    locales: Vec<String>,
    exclude_locales: Vec<String>,
}

impl RuleSet {
    pub fn locale_enabled(&self, locale: &str) -> bool {
        let listed = |list: &[String]| list.iter().any(|l| l.eq_ignore_ascii_case(locale));
        (self.locales.is_empty() || listed(&self.locales)) && !listed(&self.exclude_locales)
    }
}

/// `sxsdoc.toml`, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    locales: LocalesKey,
    #[serde(default)]
    exclude_locales: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    deny_warnings: bool,
    #[serde(default)]
    base_path: Option<String>,
}

/// Why settings were refused.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Unreadable(#[from] ProjectFileError),
    /// Not valid TOML or not our keys.
    #[error(transparent)]
    Invalid(#[from] TomlError),
    /// `at` is where, in a settings file (`` `sxsdoc.toml`:3:11: ``);
    /// `hint` a rule of a name like it (` (did you mean `no-source-spans`?)`).
    #[error("{at}`{selector}` names no rule{hint}; `sxsdoc rules` lists them")]
    UnknownSelector {
        selector: String,
        at: String,
        hint: String,
    },
    #[error("`[locales]` names `{0}`, which is not a locale tag like `ru-RU`")]
    NotALocale(String),
    #[error("`base-path = \"{0}\"` is not a URL path like `/graph`: it is where the docs are published on their site, which site-absolute links start with")]
    BasePath(String),
    /// A locale root that is absolute or climbs more than one folder: a
    /// settings file from a pull request must not make a build read (and
    /// publish) files outside the checkouts beside it.
    #[error("`[locales]` puts `{0}` at `{1}`: a locale root is a folder beside the settings file's folder or inside it (`../docs.{0}`, `{0}`)")]
    LocaleRootOutside(String, String),
}

impl Settings {
    /// Reads a config file (see [`read_project_file`]). The command line is applied on top
    /// with [`Settings::merge`].
    pub fn from_file(path: &Path) -> Result<Settings, SettingsError> {
        let text = read_project_file(path, MAX_CONFIG_BYTES)?;
        Settings::from_toml(&text, path)
    }

    /// Reads the text of a config file; `path` is where it is from.
    pub fn from_toml(text: &str, path: &Path) -> Result<Settings, SettingsError> {
        let config: ConfigFile =
            toml::from_str(text).map_err(|err| TomlError::new(&err, text, path))?;
        let settings = Settings {
            select: config.select,
            ignore: config.ignore,
            locales: match &config.locales {
                LocalesKey::Selected(locales) => locales.clone(),
                LocalesKey::Roots(_) => Vec::new(),
            },
            locale_roots: match config.locales {
                LocalesKey::Selected(_) => Vec::new(),
                LocalesKey::Roots(roots) => {
                    let folder = path.parent().unwrap_or(Path::new(""));
                    let mut resolved = Vec::with_capacity(roots.len());
                    for (locale, root) in roots {
                        if !is_beside(Path::new(&root)) {
                            return Err(SettingsError::LocaleRootOutside(locale, root));
                        }
                        resolved.push((locale, folder.join(root)));
                    }
                    resolved
                }
            },
            exclude_locales: config.exclude_locales,
            severity: config.severity,
            deny_warnings: config.deny_warnings,
            base_path: config.base_path,
        };
        match settings.validate() {
            Err(SettingsError::UnknownSelector { selector, hint, .. }) => {
                let at = offset_of(text, &selector)
                    .map(|offset| {
                        let at = crate::source::LineIndex::new(text).position(text, offset);
                        format!("`{}`:{}:{}: ", path.display(), at.line, at.column)
                    })
                    .unwrap_or_default();
                Err(SettingsError::UnknownSelector { selector, at, hint })
            }
            validated => validated.map(|()| settings),
        }
    }

    /// Adds command-line choices: lists extend the file's, flags win.
    pub fn merge(mut self, other: Settings) -> Result<Settings, SettingsError> {
        if !other.select.is_empty() {
            self.select = other.select;
        }
        self.ignore.extend(other.ignore);
        if !other.locales.is_empty() {
            self.locales = other.locales;
        }
        self.exclude_locales.extend(other.exclude_locales);
        self.severity.extend(other.severity);
        self.deny_warnings |= other.deny_warnings;
        self.validate()?;
        Ok(self)
    }

    /// Every rule selector must name at least one rule: a typo would
    /// otherwise silently check nothing.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if let Some((locale, _)) = self
            .locale_roots
            .iter()
            .find(|(locale, _)| !crate::load::is_locale_tag(locale))
        {
            return Err(SettingsError::NotALocale(locale.clone()));
        }
        if let Some(base) = &self.base_path {
            if !base.starts_with('/') || crate::load::base_path(base).is_none() {
                return Err(SettingsError::BasePath(base.clone()));
            }
        }
        for selector in self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity.keys())
        {
            if !RULES.iter().any(|rule| matches(selector, rule)) {
                return Err(SettingsError::UnknownSelector {
                    selector: selector.clone(),
                    at: String::new(),
                    hint: like(selector)
                        .map(|name| format!(" (did you mean `{name}`?)"))
                        .unwrap_or_default(),
                });
            }
        }
        Ok(())
    }

    /// The settings resolved into the rules a run applies: what each
    /// page group's check reads, without matching selectors again.
    pub fn rule_set(&self) -> RuleSet {
        RuleSet {
            rules: RULES
                .iter()
                .copied()
                .filter(|rule| self.enabled(rule))
                .map(|rule| (rule, self.severity_override(rule)))
                .collect(),
            locales: self.locales.clone(),
            exclude_locales: self.exclude_locales.clone(),
        }
    }

    pub fn enabled(&self, rule: &Rule) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| matches(s, rule)))
            && !self.ignore.iter().any(|s| matches(s, rule))
    }

    /// The severity `rule`'s findings get instead of their own: the most
    /// specific selector's (`SXS002` over `SXS0`).
    fn severity_override(&self, rule: &Rule) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(selector, _)| matches(selector, rule))
            .max_by_key(|(selector, _)| selector.len())
            .map(|(_, severity)| *severity)
    }

    /// The lowest severity that fails the run.
    pub fn failing_severity(&self) -> Severity {
        if self.deny_warnings {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

/// `root` is relative and climbs at most one folder, first: `../x`, `x/y`.
fn is_beside(root: &Path) -> bool {
    use std::path::Component;
    let mut parts = root.components().peekable();
    if parts.peek() == Some(&Component::ParentDir) {
        parts.next();
    }
    parts.all(|part| matches!(part, Component::Normal(_) | Component::CurDir))
}

/// The rule name or code most like `selector`, if one is like it (a
/// typo: `no-source-span`, `SXS04`), as rustc and cargo suggest names.
fn like(selector: &str) -> Option<&'static str> {
    let names = RULES.iter().flat_map(|rule| [rule.name, rule.code]);
    let selector_lower = selector.to_lowercase();
    let (distance, name) = names
        .map(|name| {
            (
                strsim::levenshtein(&selector_lower, &name.to_lowercase()),
                name,
            )
        })
        .min()?;
    (distance <= selector.chars().count() / 3).then_some(name)
}

/// Where `selector` is in the settings file `text`, quoted (a list's
/// item) or as a key (`[severity]`).
fn offset_of(text: &str, selector: &str) -> Option<usize> {
    let quoted = ['"', '\''].iter().find_map(|quote| {
        let at = text.find(&format!("{quote}{selector}{quote}"))?;
        Some(at + 1)
    });
    quoted.or_else(|| text.find(selector))
}

fn matches(selector: &str, rule: &Rule) -> bool {
    selector.eq_ignore_ascii_case("ALL")
        || rule.name == selector
        || rule
            .code
            .get(..selector.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(selector))
}
