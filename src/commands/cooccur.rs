//! `newsdex cooccur`: the entities that share passages with an anchor (an actor, country or
//! location filter), or every pair of entities across a query's hits.

use super::search::{dimensions, open, request};
use super::Outcome;
use crate::cli::CooccurArgs;
use anyhow::Context;
use newsdex::output::{self, Format};
use std::io::{BufWriter, Write};

/// Runs `newsdex cooccur`.
pub fn run(args: &CooccurArgs) -> anyhow::Result<Outcome> {
    let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
    let by = dimensions(&args.by)?;
    let request = request(&args.query, &args.filters)?;
    request.validate()?;
    let archive = open(&args.source)?;
    let results = archive.cooccur(&request, &by, args.limit)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    output::write_cooccur(&mut out, &results, format).context("could not write the edges")?;
    out.flush().context("could not write the edges")?;
    Ok(if results.edges.is_empty() {
        Outcome::NoHits
    } else {
        Outcome::Success
    })
}
