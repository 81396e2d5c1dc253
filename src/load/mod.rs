//! Reading a docs tree from disk: locales, files, encodings, front matter.

mod decode;
mod front_matter;
mod locale;
mod project_file;
mod walk;

pub use decode::{decode, too_large, DEFAULT_MAX_PAGE_BYTES};
pub use front_matter::{split_front_matter, FrontMatterBlock};
pub use locale::is_locale_tag;
pub use project_file::{excerpt, read_project_file, ProjectFileError};
pub use walk::{display_path, walk, DocsFile, LoadError, Note, Walk, MAX_LOCALES};
