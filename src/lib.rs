//! newsdex searches news archives as passages.
//!
//! The pipeline reads in one line: [`corpus`] walks a folder and reads each file into
//! [`article::Article`]s; [`passage`] cuts each article into passages with byte ranges;
//! [`extract`] finds each article's actors, locations and figures, which [`entity`] distils per
//! passage; [`index`] writes them into a tantivy index; [`search`] answers queries with ranked
//! hits, filters, facets, timelines and co-occurrences; [`output`] renders the results as text,
//! JSON, JSON Lines or CSV. Each stage is a plain function on plain types.
//!
//! The entry points for research code:
//! - [`index::build`] builds (or rebuilds) an index from a folder;
//! - [`search::Archive::open`] opens it once; then [`search::Archive::search`] runs a
//!   [`search::SearchRequest`] (query, dates, [`search::Filters`] by country, actor, location and
//!   figure, and optional [`search::FacetRequest`]), [`search::Archive::facets`] counts facets,
//!   [`search::Archive::timeline`] counts hits per period, [`search::Archive::cooccur`] counts
//!   entities that share passages and [`search::Archive::stats`] describes the index;
//! - [`extract::mentions`] annotates any text without an index.
//!
//! Every result type serialises to the JSON that `newsdex` prints (see `docs/json.md`).
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
//! let config = index::IndexConfig::new(corpus.path(), dir.path().join("index"));
//! let summary = index::build(&config, &mut index::Silent)?;
//! assert_eq!(summary.passages, 1);
//!
//! let archive = search::Archive::open(&config.index)?;
//! let results = archive.search(&search::SearchRequest::new("withdrawal"))?;
//! assert_eq!(results.hits[0].article.title, "Talks");
//! assert_eq!(results.hits[0].entities.countries, ["IQ", "US"]);
//!
//! let mut about_iraq = search::SearchRequest::new("troops");
//! about_iraq.filters.country = vec!["Iraqi".to_string()];
//! about_iraq.facets = Some(search::FacetRequest::default());
//! let results = archive.search(&about_iraq)?;
//! let countries = results.facets.as_ref().and_then(|f| f.get(search::Dimension::Country));
//! assert_eq!(countries.map(|c| c[0].value.as_str()), Some("IQ"));
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
