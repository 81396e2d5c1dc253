//! A page whose front matter has a `redirect_url`: docfx publishes it as
//! a redirection, with no content of its own, and so does the site (a
//! page that sends the browser on, for the addresses readers kept).

use super::Builder;
use crate::site::context;
use crate::site::links::{has_scheme, LinkTarget};
use crate::site::SiteError;

impl Builder {
    /// Writes the page at `url`, in `locale`, as a redirection to `to`:
    /// the `redirect_url` of the page at `path`, read as docfx reads it
    /// (a published address: `overview` is the page `overview.md`).
    pub(super) fn write_redirect(
        &self,
        (locale, path): (&str, &str),
        url: &str,
        to: &str,
    ) -> Result<(), SiteError> {
        let href = match self.links.target(locale, path, url, &as_page_link(to)) {
            LinkTarget::Href(href) if href != "#" => href,
            // Not a page of this site (or an unsafe address): the link
            // is left for the reader to see, not followed.
            _ => String::new(),
        };
        let title = self.ui.of(locale).get("redirect_title").to_string();
        let mut context = context::base(&self.options, &self.ui, locale, ("", &title));
        context.insert("href", &href);
        context.insert("written", to);
        let mut html = Vec::new();
        self.render("redirect.html", &context, &mut html)?;
        self.put(url, &html)
    }
}

/// `to` as a Markdown link to the page it publishes: an address without
/// a scheme whose last part has no extension gets `.md`.
fn as_page_link(to: &str) -> String {
    let end = to.find(['?', '#']).unwrap_or(to.len());
    let (address, rest) = to.split_at(end);
    let last = address.rsplit('/').next().unwrap_or(address);
    if has_scheme(address) || address.starts_with('/') || last.is_empty() || last.contains('.') {
        return to.to_string();
    }
    format!("{address}.md{rest}")
}

#[cfg(test)]
mod tests {
    use super::as_page_link;

    #[test]
    fn a_redirect_url_names_the_page_it_publishes() {
        assert_eq!(as_page_link("overview"), "overview.md");
        assert_eq!(
            as_page_link("../api/user-get#permissions"),
            "../api/user-get.md#permissions"
        );
        assert_eq!(as_page_link("/graph/overview"), "/graph/overview");
        assert_eq!(
            as_page_link("https://learn.microsoft.com/x"),
            "https://learn.microsoft.com/x"
        );
        assert_eq!(as_page_link("guide.md"), "guide.md");
        assert_eq!(as_page_link("folder/"), "folder/");
    }
}
