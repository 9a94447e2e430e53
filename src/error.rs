//! The library's error type.
//!
//! Errors come in two kinds that every adapter treats differently: *user* errors
//! (a bad query, an unknown article, an invalid config) are shown to the person as a
//! short message; everything else is an internal failure that is logged with context.

use std::path::PathBuf;

/// A `Result` whose error is newsdesk's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration file is missing, unreadable or invalid.
    #[error("config error in {path}: {message}")]
    Config {
        /// The config file that was read.
        path: PathBuf,
        /// What is wrong, in words a user can act on.
        message: String,
    },
    /// The user's input cannot be answered as given (empty query, bad date, …).
    #[error("{0}")]
    Usage(String),
    /// No article has this id.
    #[error("no article with id {:?} in the archive (try `newsdesk search` to find ids)", shown(.0))]
    UnknownArticle(String),
    /// The index on disk could not be read or written.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Another process holds the index writer for longer than we are willing to wait.
    #[error("the index at {0} is locked by another newsdesk process; try again shortly")]
    IndexLocked(PathBuf),
    /// The index is on a volume (or in a folder) this process cannot write.
    #[error("the index at {0} is read-only: it can be searched but not updated")]
    IndexReadOnly(PathBuf),
    /// A file operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What we were doing, e.g. "reading".
        action: &'static str,
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The SQLite state database failed.
    #[error("state database error: {0}")]
    Store(#[from] rusqlite::Error),
    /// Bringing the state database to the current schema failed.
    #[error("state database migration failed: {0}")]
    StoreMigration(#[from] rusqlite_migration::Error),
    /// The state database was written by a newer newsdesk, with a schema this one
    /// does not know; it is left untouched.
    #[error(
        "the state database at {path} has schema version {found}, newer than this newsdesk knows ({known}): upgrade newsdesk, or point store.path at another file"
    )]
    StoreTooNew {
        /// The database file.
        path: PathBuf,
        /// Its `user_version`.
        found: usize,
        /// The newest version this build migrates to.
        known: usize,
    },
    /// The sentence encoder's files are missing or unusable, or encoding failed.
    #[error("sentence encoder: {0}")]
    Model(String),
    /// The index's bookkeeping (commit payload) is unreadable.
    #[error("index manifest is corrupt: {0}")]
    Manifest(String),
}

impl Error {
    /// True when the error is the user's to fix (exit code 2 on the CLI, an ephemeral
    /// hint on Discord); false for internal failures.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::Config { .. }
                | Error::Usage(_)
                | Error::UnknownArticle(_)
                | Error::StoreTooNew { .. }
        )
    }

    /// Shorthand for an I/O error with the path it concerns.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// Longest piece of user input an error message quotes.
const QUOTED_CHARS: usize = 80;

/// User input as an error message quotes it: whole when short, otherwise its first
/// [`QUOTED_CHARS`] characters and how long it was (a mistaken paste may be a whole
/// article, which no one wants echoed back).
fn shown(input: &str) -> String {
    let chars = input.chars().count();
    if chars <= QUOTED_CHARS {
        return input.to_string();
    }
    let head: String = input.chars().take(QUOTED_CHARS).collect();
    format!("{head}… ({chars} characters)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_input_is_quoted_shortened() {
        let id = "x".repeat(100_000);
        let message = Error::UnknownArticle(id).to_string();
        assert!(message.len() < 200, "{message}");
        assert!(message.contains("(100000 characters)"), "{message}");
        assert_eq!(shown("short-id"), "short-id");
    }

    #[test]
    fn user_errors_are_told_apart_from_internal_ones() {
        assert!(Error::Usage("empty".into()).is_user_error());
        assert!(Error::UnknownArticle("x".into()).is_user_error());
        assert!(!Error::Manifest("bad".into()).is_user_error());
        assert!(!Error::io("reading", "/x", std::io::Error::other("boom")).is_user_error());
    }
}
