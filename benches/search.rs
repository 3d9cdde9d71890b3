//! Criterion bench of in-process searches: each query plain, with a country filter, with an
//! actor filter, and with facets, side by side, so that the cost of filters and facets reads as
//! a ratio of the same run.
//!
//! It searches the index named by `NEWSDEX_BENCH_INDEX` (build one of a million passages with
//! `python3 benches/replicate.py`, see BENCHMARKS.md); without it, an index of the bundled
//! corpus built into a temporary folder. `NEWSDEX_BENCH_COUNTRY` sets the country filter
//! (default US, the most frequent country in Reuters: the worst case for a filter).

use criterion::{criterion_group, criterion_main, Criterion};
use newsdex::index::{self, IndexConfig};
use newsdex::search::{Archive, FacetRequest, SearchRequest};
use std::hint::black_box;
use std::path::PathBuf;

/// The queries, as (label, query string).
const QUERIES: [(&str, &str); 5] = [
    ("term", "oil"),
    ("phrase", "\"crude oil\""),
    ("and", "oil AND prices"),
    ("or", "coffee OR cocoa OR sugar"),
    ("all", "*"),
];

/// Opens the bench index, building the bundled corpus's when none is named.
fn archive() -> (Archive, Option<tempfile::TempDir>) {
    if let Some(path) = std::env::var_os("NEWSDEX_BENCH_INDEX") {
        let archive = Archive::open(&PathBuf::from(path)).expect("open NEWSDEX_BENCH_INDEX");
        return (archive, None);
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let config = IndexConfig::new(corpus, dir.path().join("index"));
    index::build(&config, &mut index::Silent).expect("index the bundled corpus");
    let archive = Archive::open(&config.index).expect("open the bundled index");
    (archive, Some(dir))
}

fn searches(c: &mut Criterion) {
    let (archive, _dir) = archive();
    let filter_country = std::env::var("NEWSDEX_BENCH_COUNTRY").unwrap_or_else(|_| "US".into());
    let mut group = c.benchmark_group("search");
    group.sample_size(30);
    for (label, query) in QUERIES {
        let plain = SearchRequest::new(query);
        let mut country = plain.clone();
        country.filters.country = vec![filter_country.clone()];
        let mut actor = plain.clone();
        actor.filters.actor = vec!["Reagan".to_string()];
        let mut facets = plain.clone();
        facets.facets = Some(FacetRequest::default());
        let hits = archive.search(&plain).map(|r| r.total_hits).unwrap_or(0);
        eprintln!("{label}: {query} matches {hits} passages");
        for (variant, request) in [
            ("plain", plain),
            ("country", country),
            ("actor", actor),
            ("facets", facets),
        ] {
            if let Err(err) = archive.search(&request) {
                eprintln!("skipping {label}/{variant}: {err}");
                continue;
            }
            group.bench_function(format!("{label}/{variant}"), |b| {
                b.iter(|| {
                    archive
                        .search(black_box(&request))
                        .map(|r| r.total_hits)
                        .unwrap_or(0)
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, searches);
criterion_main!(benches);
