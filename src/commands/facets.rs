//! `newsdex facets`: the top countries, actors, locations or figure units over the whole index,
//! or over a query's hits.

use super::search::{dimensions, open, request};
use super::Outcome;
use crate::cli::FacetsArgs;
use anyhow::Context;
use newsdex::output::{self, Format};
use newsdex::search::FacetRequest;
use std::io::{BufWriter, Write};

/// Runs `newsdex facets`.
pub fn run(args: &FacetsArgs) -> anyhow::Result<Outcome> {
    let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
    let mut request = request(&args.query, &args.filters)?;
    request.facets = Some(FacetRequest {
        by: dimensions(&args.by)?,
        limit: args.limit,
    });
    request.validate()?;
    let archive = open(&args.source)?;
    let results = archive.facets(&request)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    output::write_facets(&mut out, &results, format).context("could not write the facets")?;
    out.flush().context("could not write the facets")?;
    Ok(if results.total_hits == 0 {
        Outcome::NoHits
    } else {
        Outcome::Success
    })
}
