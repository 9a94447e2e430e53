//! The library's error type.
//!
//! Errors come in two kinds that every adapter treats differently: *user* errors
//! (a bad query, an unknown article, an invalid config) are shown to the person as a
//! short message; everything else is an internal failure that is logged with context.
//! User errors are typed, not strings: each adapter words them in its own terms
//! ("--limit" on the command line, "`limit`" in Discord), starting from the neutral
//! messages here.

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
    /// A corpus folder or file named in the config does not exist.
    #[error("corpus path {} does not exist (set corpus.paths in the config)", .0.display())]
    CorpusMissing(PathBuf),
    /// The query is empty.
    #[error("the query is empty: type some words to search for, e.g. `Putin APEC summit`")]
    EmptyQuery,
    /// The query has no word that can be searched (only punctuation or symbols).
    #[error(
        "the query {} has no searchable words: use letters or digits, e.g. `Trump Putin summit`",
        shown(.0)
    )]
    NoSearchableWords(String),
    /// A date range that ends before it begins.
    #[error("{since} is after {until}: no date can match")]
    DatesReversed {
        /// The first day asked for.
        since: jiff::civil::Date,
        /// The last day asked for.
        until: jiff::civil::Date,
    },
    /// A number of results outside what can be asked for.
    #[error("the number of results must be between 1 and {max}, not {limit}")]
    LimitOutOfRange {
        /// What was asked for.
        limit: usize,
        /// The most that can be.
        max: usize,
    },
    /// No article has this id.
    #[error("no article with id {} in the archive", shown(.0))]
    UnknownArticle(String),
    /// Not a time of day.
    #[error("{} is not a time of day: use HH:MM, e.g. 08:00", shown(.0))]
    BadTime(String),
    /// Not a time zone this build knows.
    #[error(
        "{} is not a time zone: use an IANA name such as Europe/Berlin or America/New_York",
        shown(.0)
    )]
    UnknownTimeZone(String),
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
        found: i64,
        /// The newest version this build migrates to.
        known: usize,
    },
    /// The sentence encoder's files are missing or unusable, or encoding failed.
    #[error("sentence encoder: {0}")]
    Model(String),
    /// The index's bookkeeping (commit payload) is unreadable.
    #[error("index manifest is corrupt: {0}")]
    Manifest(String),
    /// Any other internal failure (the environment, or a bug): logged with its
    /// context, never the user's to fix.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// True when the error is the user's to fix (exit code 2 on the CLI, an ephemeral
    /// hint on Discord); false for internal failures.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::Config { .. }
                | Error::CorpusMissing(_)
                | Error::EmptyQuery
                | Error::NoSearchableWords(_)
                | Error::DatesReversed { .. }
                | Error::LimitOutOfRange { .. }
                | Error::UnknownArticle(_)
                | Error::BadTime(_)
                | Error::UnknownTimeZone(_)
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

/// User input as an error message quotes it, in quotes with escapes: whole when
/// short, otherwise its first [`QUOTED_CHARS`] characters and how long it was (a
/// mistaken paste may be a whole article, which no one wants echoed back).
fn shown(input: &str) -> String {
    let chars = input.chars().count();
    if chars <= QUOTED_CHARS {
        return format!("{input:?}");
    }
    let head: String = input.chars().take(QUOTED_CHARS).collect();
    format!("{head:?}… ({chars} characters)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_input_is_quoted_shortened() {
        let id = "x".repeat(100_000);
        let message = Error::UnknownArticle(id).to_string();
        assert!(message.len() < 200, "{message}");
        assert!(
            message.contains("xxx\"… (100000 characters) in the archive"),
            "{message}"
        );
        assert_eq!(shown("short-id"), "\"short-id\"");
    }

    #[test]
    fn user_errors_are_told_apart_from_internal_ones() {
        assert!(Error::EmptyQuery.is_user_error());
        assert!(Error::UnknownArticle("x".into()).is_user_error());
        assert!(!Error::Manifest("bad".into()).is_user_error());
        assert!(!Error::Internal("no HTTP client".into()).is_user_error());
        assert!(!Error::io("reading", "/x", std::io::Error::other("boom")).is_user_error());
    }
}
