//! newsdex searches news archives as passages.
//!
//! The pipeline reads in one line: [`corpus`] walks a folder and reads each file into
//! [`article::Article`]s; [`passage`] cuts each article into passages with byte ranges; [`index`]
//! writes them into a tantivy index; [`search`] answers queries with ranked hits; [`output`] renders
//! the results as text, JSON, JSON Lines or CSV. Each stage is a plain function on plain types.
//!
//! ```
//! use newsdex::{index, search};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let corpus = tempfile::tempdir()?;
//! std::fs::write(
//!     corpus.path().join("talks.txt"),
//!     "Iraq and the United States will hold talks on a timeline for the withdrawal of troops.\n",
//! )?;
//! let dir = tempfile::tempdir()?;
//! let config = index::IndexConfig {
//!     corpus: corpus.path().to_path_buf(),
//!     index: dir.path().join("index"),
//!     threads: 1,
//! };
//! let summary = index::build(&config, &mut index::Silent)?;
//! assert_eq!(summary.passages, 1);
//!
//! let archive = search::Archive::open(&config.index)?;
//! let results = archive.search(&search::SearchRequest::new("withdrawal"))?;
//! assert_eq!(results.hits[0].article.title, "Talks");
//! # Ok(())
//! # }
//! ```

pub mod article;
pub mod corpus;
pub mod country;
pub mod entity;
pub mod error;
pub mod extract;
pub mod index;
pub mod output;
pub mod passage;
pub mod search;

pub use error::{Error, Result};
