//! The library's error type. Every variant names the path or the query it is about, so a
//! message read on its own says what went wrong and where.

use std::path::PathBuf;

/// Errors returned by the newsdex library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {error}")]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying I/O error (part of the message, so not repeated as a cause).
        error: std::io::Error,
    },
    /// There is no index at the given path.
    #[error("no index at {path}: build one with `newsdex index CORPUS --index {path}`")]
    NoIndex {
        /// Where the index was looked for.
        path: PathBuf,
    },
    /// The index exists but could not be opened, read or written.
    #[error("index {path}: {message}")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// What went wrong, from tantivy.
        message: String,
    },
    /// Another process is indexing into the same index.
    #[error("index {} is locked by another newsdex process{}; wait for it to finish", path.display(), pid.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    Locked {
        /// The index folder.
        path: PathBuf,
        /// The process holding the lock, if it could be read.
        pid: Option<u32>,
    },
    /// The query string could not be parsed.
    #[error("invalid query {query:?}: {message}")]
    Query {
        /// The query as the user typed it.
        query: String,
        /// What is wrong, and where.
        message: String,
    },
    /// A request option was out of range or malformed (a date, a limit, …).
    #[error("invalid {what} {value:?}: {message}")]
    Invalid {
        /// The option, e.g. `--from`.
        what: String,
        /// The value given.
        value: String,
        /// What is wrong with it.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error,
        }
    }

    /// Wraps a tantivy (or other index-side) error with the index path.
    pub fn index(path: impl Into<PathBuf>, message: impl std::fmt::Display) -> Self {
        Error::Index {
            path: path.into(),
            message: message.to_string(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
