//! Reading a docs tree from disk: locales, files, encodings, front matter.

mod absolute;
mod decode;
mod docfx;
mod front_matter;
mod inside;
mod locale;
mod note;
mod project_file;
mod roots;
mod shown;
mod site_map;
mod toc;
mod walk;

pub use absolute::absolute;
pub use decode::{decode, lone_cr_to_lf, too_large, DEFAULT_MAX_PAGE_BYTES};
pub use docfx::{base_path, DocfxError, Docsets, Published, Site};
pub use front_matter::{split_front_matter, FrontMatterBlock};
pub use inside::default_root;
pub use locale::{in_locale_range, is_locale_folder, is_locale_tag};
pub use note::{one_locale_note, Note};
pub use project_file::{excerpt, read_project_file, ProjectFileError, TomlError};
pub use roots::{locale_of_folder, LocaleRoot};
pub use shown::display;
pub use site_map::{file_key, names_markdown, relative_path, Resolved, SiteMap};
pub use toc::{parse_toc, read_toc, read_toc_text, TocError, TocFile, TocNode};
pub use walk::{walk, DocsFile, LoadError, Walk, MAX_LOCALES};
