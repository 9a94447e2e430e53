//! The article corpus: what an article is, and loading folders of article files.
//!
//! Formats (see the README for details):
//! - `.md` / `.txt`: an optional TOML front matter block between `+++` lines, then
//!   the body. Without front matter the first non-empty line is the title. The id is
//!   the file's path stem.
//! - `.jsonl`: one article per line, `{"id", "title", "body", …}`.
//!
//! Loading never stops at a bad file: each one is skipped with a warning naming it and
//! the reason, and counted in the [`LoadReport`].

mod article;
pub mod fingerprint;
mod frontmatter;
mod jsonl;
mod loader;

pub use article::{Article, parse_date};
pub(crate) use loader::duplicate_id as duplicate_id_skip;
pub(crate) use loader::has_corpus_extension;
pub use loader::{
    FileStat, JSONL_BATCH_BYTES, LoadReport, LoadedFile, Skipped, load_all, load_file,
    load_file_batched, scan, scan_reporting,
};
