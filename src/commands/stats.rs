//! `newsdex stats`: what the index holds, how big it is and which versions built it.

use super::search::open;
use super::Outcome;
use crate::cli::StatsArgs;
use anyhow::Context;
use newsdex::output::{self, Format};
use std::io::{BufWriter, Write};

/// Runs `newsdex stats`.
pub fn run(args: &StatsArgs) -> anyhow::Result<Outcome> {
    let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
    let archive = open(&args.source)?;
    let stats = archive.stats(args.limit)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    output::write_stats(&mut out, &stats, format).context("could not write the stats")?;
    out.flush().context("could not write the stats")?;
    Ok(Outcome::Success)
}
