//! A research question answered from Rust: how many air strikes do the articles report in Iraq
//! and in Syria, and who is named alongside them?
//!
//!     cargo run --release --example research [INDEX] [CORPUS]
//!
//! INDEX defaults to `index/`, built from CORPUS (default `corpus/`) when missing or stale.

use newsdex::index::{self, IndexConfig};
use newsdex::search::{Archive, Dimension, FacetRequest, SearchRequest};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let index_dir = PathBuf::from(args.next().unwrap_or_else(|| "index".into()));
    let corpus = PathBuf::from(args.next().unwrap_or_else(|| "corpus".into()));
    if !index::is_current(&index_dir) {
        let config = IndexConfig::new(corpus, &index_dir);
        index::build(&config, &mut index::Silent)?;
    }
    let archive = Archive::open(&index_dir)?;

    for country in ["Iraq", "Syria"] {
        // Every passage that names the country and reports a number of strikes.
        let mut request = SearchRequest::new("*");
        request.filters.country = vec![country.into()];
        request.filters.figure = vec!["strike".into()];
        request.limit = 10_000;
        request.facets = Some(FacetRequest {
            by: vec![Dimension::Actor],
            limit: 3,
        });
        let results = archive.search(&request)?;

        let strikes: f64 = (results.hits.iter())
            .flat_map(|hit| &hit.entities.figures)
            .filter(|figure| figure.unit.as_deref() == Some("strike"))
            .map(|figure| figure.value)
            .sum();
        let facets = results
            .facets
            .as_ref()
            .and_then(|f| f.get(Dimension::Actor));
        let actors: Vec<String> = (facets.unwrap_or_default().iter())
            .map(|a| format!("{} ({})", a.value, a.count))
            .collect();
        println!(
            "{country}: {strikes} strikes reported in {} passages; named most: {}",
            results.total_hits,
            actors.join(", ")
        );
    }
    Ok(())
}
