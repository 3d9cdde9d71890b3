//! `newsdex search`: runs a query and prints the ranked passages. Builds the index first when it
//! does not exist yet and the corpus folder does.

use super::Outcome;
use crate::cli::{Color, FilterArgs, IndexSource, SearchArgs, DEFAULT_CORPUS, DEFAULT_INDEX};
use anyhow::Context;
use newsdex::output::{self, Format, Style};
use newsdex::search::{Archive, Dimension, FacetRequest, Filters, SearchRequest};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Component, Path};

/// Runs `newsdex search`.
pub fn run(args: &SearchArgs) -> anyhow::Result<Outcome> {
    let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
    let facets = match &args.facets {
        Some(dims) => Some(FacetRequest {
            by: dimensions(std::slice::from_ref(dims))?,
            limit: args.facet_limit,
        }),
        None => None,
    };
    let mut request = request(&args.query, &args.filters)?;
    request.limit = args.limit as usize;
    request.offset = args.offset;
    request.per_article = args.per_article.map(|n| n as usize);
    request.facets = facets;
    // Check the query, dates and filters before a first-use build, which can take a while.
    request.validate()?;
    let archive = open(&args.source)?;
    let results = archive.search(&request)?;
    let stdout = std::io::stdout();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = BufWriter::new(stdout.lock());
    output::write_results(&mut out, &results, format, Style { color })
        .context("could not write the results")?;
    out.flush().context("could not write the results")?;
    Ok(if results.hits.is_empty() {
        Outcome::NoHits
    } else {
        Outcome::Success
    })
}

/// A request for `query` with the shared date and entity filters (top ten, no facets).
pub(super) fn request(query: &str, filters: &FilterArgs) -> anyhow::Result<SearchRequest> {
    let mut request = SearchRequest::new(query);
    request.from = filters.from.clone();
    request.to = filters.to.clone();
    request.filters = Filters {
        country: filters.country.clone(),
        actor: filters.actor.clone(),
        location: filters.location.clone(),
        figure: filters.figure.clone(),
        scope: filters.scope.parse()?,
    };
    Ok(request)
}

/// Parses facet dimensions from comma lists; `all` (or nothing) means every dimension.
pub(super) fn dimensions(values: &[String]) -> anyhow::Result<Vec<Dimension>> {
    let mut dims = Vec::new();
    for value in values {
        for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if item == "all" {
                dims.extend(Dimension::ALL);
            } else {
                dims.push(item.parse()?);
            }
        }
    }
    if dims.is_empty() {
        dims.extend(Dimension::ALL);
    }
    let mut seen = Vec::new();
    dims.retain(|d| {
        let new = !seen.contains(d);
        seen.push(*d);
        new
    });
    Ok(dims)
}

/// Opens the index, building it first when it is missing and there is a corpus to build it
/// from.
pub(super) fn open(source: &IndexSource) -> anyhow::Result<Archive> {
    ensure_index(source)?;
    Ok(Archive::open(&source.index)?)
}

/// Tells whether a path names the default index folder (`index`, `./index`, `index/`).
fn is_default_index(path: &Path) -> bool {
    path.components()
        .filter(|c| *c != Component::CurDir)
        .eq(Path::new(DEFAULT_INDEX).components())
}

/// Builds the index when it is missing and there is a corpus to build it from: the default
/// `corpus/` folder for the default index, or the folder given with `--corpus`.
fn ensure_index(source: &IndexSource) -> anyhow::Result<()> {
    if newsdex::index::is_current(&source.index) {
        return Ok(());
    }
    if newsdex::index::lock::is_locked(&source.index) {
        // Another newsdex is building it: search what it has committed so far.
        return Ok(());
    }
    let stale = newsdex::index::exists(&source.index);
    let corpus = match &source.corpus {
        Some(corpus) => corpus.as_path(),
        None if is_default_index(&source.index) => Path::new(DEFAULT_CORPUS),
        None => return Ok(()), // Archive::open reports the missing index and how to build it.
    };
    if !corpus.is_dir() {
        return Ok(());
    }
    let why = if stale {
        "the index was made by another version of newsdex"
    } else {
        "no index"
    };
    eprintln!(
        "newsdex: {why} at {}; indexing {} first",
        source.index.display(),
        corpus.display()
    );
    let config = newsdex::index::IndexConfig::new(corpus, &source.index);
    let summary = super::index::build(&config, false)?;
    eprintln!(
        "newsdex: indexed {} articles, {} passages in {:.2} s",
        summary.articles,
        summary.passages,
        summary.elapsed.as_secs_f64()
    );
    Ok(())
}
