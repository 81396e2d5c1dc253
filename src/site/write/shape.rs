//! What every build of one plan makes the same before any page.

use crate::plan::Plan;
use crate::site::links::Links;
use crate::site::nav::Navigation;
use crate::site::strings::Ui;
use crate::site::theme::{self, Theme};
use crate::site::toc_memo::TocMemo;
use crate::site::{BuildOptions, SiteError};
use std::sync::Arc;

/// What a build of a plan makes before any page: the templates, every
/// page's place and its navigation. The same for every build of one
/// plan with the same options, so `sxsdoc serve` makes it once.
#[derive(Clone)]
pub struct Shape {
    pub(super) theme: Arc<Theme>,
    pub(super) links: Arc<Links>,
    pub(super) ui: Arc<Ui>,
    pub(super) nav: Arc<Navigation>,
    /// The tocs as parsed, for the next build.
    pub(super) toc_memo: Arc<TocMemo>,
    pub(super) notes: Vec<String>,
}

impl Shape {
    /// `memo`: the tocs as a previous build parsed them (see
    /// [`TocMemo`]).
    pub fn new(options: &BuildOptions, plan: &Plan, memo: TocMemo) -> Result<Shape, SiteError> {
        let theme = theme::load(options.templates.as_deref())?;
        let (links, mut notes) = Links::new(plan);
        let ui = Ui::new(&theme.strings, &plan.locales);
        let (mut nav, nav_notes, toc_memo) = Navigation::new(&plan.tocs, &links, memo);
        notes.extend(nav_notes);
        let built = plan
            .pages()
            .filter(|file| links.is_built(&file.locale, &file.path));
        nav.add_others(built.map(|file| (file.locale.as_str(), file.path.as_str())));
        Ok(Shape {
            theme: Arc::new(theme),
            links: Arc::new(links),
            ui: Arc::new(ui),
            nav: Arc::new(nav),
            toc_memo: Arc::new(toc_memo),
            notes,
        })
    }
}
