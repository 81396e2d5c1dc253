//! The plan as the rules' source of pages outside the group they check.

use super::{read_page, BodyReader, Plan};
use crate::check::PageSource;
use crate::model::{Page, Problem, ProblemKind};

/// One page read outside its group: for the anchors a link to it names;
/// `None` when it cannot be read (or is over the size limit).
impl PageSource for Plan {
    fn page(&self, locale: &str, path: &str) -> Option<Page> {
        let at = match self.groups.binary_search_by(|g| g.path.as_str().cmp(path)) {
            Ok(at) => Some(at),
            // Links name pages whatever their letter case.
            Err(_) => {
                let path = path.to_lowercase();
                self.groups
                    .iter()
                    .position(|g| g.path.to_lowercase() == path)
            }
        }?;
        let file = self.groups[at].files.iter().find(|f| f.locale == locale)?;
        let page = read_page(file, &self.options, None::<&BodyReader<'_, ()>>).0;
        // A page that could not be read has no anchors to check a link
        // against: that is its own finding, not its links'.
        let unread =
            |p: &Problem| matches!(p.kind, ProblemKind::Unreadable | ProblemKind::TooLarge);
        (!page.problems.iter().any(unread)).then_some(page)
    }
}
