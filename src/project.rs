//! A docs project as a command opens it: its tree of pages and its
//! settings (`sxsdoc.toml` with the command line on top). The one entry
//! point the binary and the tests share: what the tests prove is what
//! users run.

use crate::check::{ProjectFiles, Settings, SettingsError};
use crate::diagnostic::Diagnostic;
use crate::export::{ExportOptions, Memory};
use crate::load::LoadError;
use crate::model::PageGroup;
use crate::pipeline::{self, BuildError, Built, FixOptions, GroupFixes, GroupPanic, Warm};
use crate::plan::{LoadOptions, Plan};
use crate::site::BuildOptions;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How to open a project.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The settings file; by default `sxsdoc.toml` in the docs root, if
    /// there is one.
    pub config: Option<PathBuf>,
    /// Settings from the command line, applied on top of the file's
    /// (see [`Settings::merge`]).
    pub overrides: Settings,
    pub load: LoadOptions,
}

/// Why a project could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(LoadError),
    #[error(transparent)]
    Settings(SettingsError),
    /// A locale the settings select (or exclude) that the tree does not
    /// have: the run would check nothing of it and pass.
    #[error("no locale `{locale}` in `{}`: it has {found}{hint}", .root.display())]
    NoSuchLocale {
        locale: String,
        root: PathBuf,
        found: String,
        /// `; did you mean `ru-RU`?` when one locale is of that language.
        hint: String,
    },
    /// The settings exclude every locale they select: the run would
    /// check nothing and pass.
    #[error("the locales selected are all excluded: nothing of `{}` would be checked", .root.display())]
    NothingSelected { root: PathBuf },
}

/// An open project: its files walked (no page read yet) and its
/// settings validated.
#[derive(Debug)]
pub struct Project {
    pub plan: Plan,
    pub settings: Settings,
}

/// What [`Project::check_all`] found.
#[derive(Debug)]
pub struct Checked {
    /// Sorted by page, locale, position and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Page groups sxsdoc itself failed on (a bug), with what it said.
    pub failures: Vec<GroupPanic>,
}

/// What [`Project::check_file`] found in one file.
#[derive(Debug)]
pub struct FileCheck {
    /// The file's page group: the file as given, the others as on disk.
    pub group: PageGroup,
    /// Which page of the group the file is.
    pub page: usize,
    /// The findings in the file, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// Reads the settings and walks the docs tree at `root`.
    pub fn open(root: &Path, options: &OpenOptions) -> Result<Project, OpenError> {
        let settings = settings(root, options).map_err(OpenError::Settings)?;
        let load = LoadOptions {
            locale_roots: settings.locale_roots.clone(),
            base_path: settings.base_path.clone(),
            ..options.load.clone()
        };
        let plan = Plan::new(root, &load).map_err(OpenError::Load)?;
        // Locale tags are compared without regard to letter case, as
        // BCP 47 has it (`ru-ru` is `ru-RU`).
        let has = |locale: &str| plan.locales.iter().any(|l| l.eq_ignore_ascii_case(locale));
        let selected = settings.locales.iter().chain(&settings.exclude_locales);
        if let Some(missing) = selected.into_iter().find(|l| !has(l)) {
            let language = |tag: &str| tag.split(['-', '_']).next().unwrap_or("").to_lowercase();
            let mut same = plan
                .locales
                .iter()
                .filter(|l| language(l) == language(missing));
            let hint = match (same.next(), same.next()) {
                (Some(only), None) => format!("; did you mean `{only}`?"),
                _ => String::new(),
            };
            return Err(OpenError::NoSuchLocale {
                locale: missing.clone(),
                root: root.to_path_buf(),
                found: plan.locales.join(", "),
                hint,
            });
        }
        let rules = settings.rule_set();
        if !plan.locales.iter().any(|l| rules.locale_enabled(l)) {
            return Err(OpenError::NothingSelected {
                root: root.to_path_buf(),
            });
        }
        Ok(Project { plan, settings })
    }

    /// Checks every page group, handing each group's findings to `found`
    /// in path order as they come (see [`pipeline::check`]).
    pub fn check(
        &self,
        progress: &(dyn Fn() + Sync),
        found: &mut dyn FnMut(Vec<Diagnostic>),
    ) -> Vec<GroupPanic> {
        pipeline::check(&self.plan, &self.settings, progress, found)
    }

    /// The segment pairs of every page, merged per locale (see
    /// [`crate::export`]).
    pub fn export(
        &self,
        options: &ExportOptions,
        progress: &(dyn Fn() + Sync),
    ) -> (BTreeMap<String, Memory>, Vec<GroupPanic>) {
        pipeline::export(&self.plan, &self.settings, options, progress)
    }

    /// Checks the group of `file` (a path on disk), with `text` as the
    /// file's text when an editor holds it; `None` when the file is no
    /// page of the project. A panic in a rule (a bug) is an error.
    pub fn check_file(
        &self,
        file: &Path,
        text: Option<&str>,
    ) -> Option<Result<FileCheck, GroupPanic>> {
        let text_of = |path: &Path| text.filter(|_| path == file);
        self.check_file_with(file, &text_of, &self.plan.project_files())
    }

    /// [`Project::check_file`] with the text of every file of the group
    /// an editor holds (`text_of`, by path on disk), and what the rules
    /// know of the project made once for many checks (an editor's
    /// session): the anchors of the pages linked to are read once.
    pub fn check_file_with<'t>(
        &self,
        file: &Path,
        text_of: &dyn Fn(&Path) -> Option<&'t str>,
        project_files: &ProjectFiles<'_>,
    ) -> Option<Result<FileCheck, GroupPanic>> {
        let (files, found) = self.plan.find(file)?;
        let group = self.plan.load_edited(files, text_of);
        let page = group
            .pages
            .iter()
            .position(|page| page.locale == found.locale)?;
        Some(
            pipeline::check_loaded(project_files, &self.settings, &group).map(|mut diagnostics| {
                diagnostics.retain(|d| d.location.locale == found.locale);
                FileCheck {
                    group,
                    page,
                    diagnostics,
                }
            }),
        )
    }

    /// Checks the toc at `file` (a path on disk), with `text` as its text
    /// when an editor holds it; `None` when the file is no toc of the
    /// project.
    pub fn check_toc_file(
        &self,
        file: &Path,
        text: Option<&str>,
        project_files: &ProjectFiles<'_>,
    ) -> Option<Result<Vec<Diagnostic>, GroupPanic>> {
        let toc = self.plan.find_toc(file)?;
        Some(pipeline::check_toc(
            project_files,
            &self.settings,
            toc,
            text,
        ))
    }

    /// Every finding at once: for a baseline, and for tests.
    pub fn check_all(&self) -> Checked {
        let mut diagnostics = Vec::new();
        let failures = self.check(&|| {}, &mut |found| diagnostics.extend(found));
        Checked {
            diagnostics,
            failures,
        }
    }

    /// Checks every page group and fixes its pages, handing each group's
    /// result to `take` in path order (see [`pipeline::fix`]); writes
    /// nothing.
    pub fn fix(
        &self,
        options: &FixOptions,
        progress: &(dyn Fn() + Sync),
        take: &mut dyn FnMut(GroupFixes),
    ) -> Vec<GroupPanic> {
        pipeline::fix(&self.plan, &self.settings, options, progress, take)
    }

    /// Builds the site keeping, in `warm`, what the next build of the
    /// same project can use (see [`pipeline::build_warm`]); `written` is
    /// called once the pages that changed are written.
    pub fn build_warm(
        &self,
        options: &BuildOptions,
        warm: &mut Warm<'_>,
        written: &mut dyn FnMut(),
    ) -> Result<Built, BuildError> {
        pipeline::build_warm(&self.plan, (&self.settings, options), warm, written)
    }

    /// Builds the site (see [`pipeline::build`]).
    pub fn build(
        &self,
        options: &BuildOptions,
        progress: &(dyn Fn() + Sync),
    ) -> Result<Built, BuildError> {
        pipeline::build(&self.plan, &self.settings, options, progress)
    }
}

/// The settings file (given, or `sxsdoc.toml` in the docs root when
/// anything is there by that name) with `options.overrides` on top.
fn settings(root: &Path, options: &OpenOptions) -> Result<Settings, SettingsError> {
    let default_config = root.join("sxsdoc.toml");
    let path = match &options.config {
        Some(path) => Some(path.as_path()),
        // Whatever is there: a link or a folder of that name is refused.
        None if std::fs::symlink_metadata(&default_config).is_ok() => Some(&*default_config),
        None => None,
    };
    let from_file = match path {
        Some(path) => Settings::from_file(path)?,
        None => Settings::default(),
    };
    from_file.merge(options.overrides.clone())
}
