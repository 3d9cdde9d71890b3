//! `newsdex timeline`: matching passages and articles per day, week, month or year.

use super::search::{open, request};
use super::Outcome;
use crate::cli::TimelineArgs;
use anyhow::Context;
use newsdex::output::{self, Format};
use newsdex::search::Interval;
use std::io::{BufWriter, Write};

/// Runs `newsdex timeline`.
pub fn run(args: &TimelineArgs) -> anyhow::Result<Outcome> {
    let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
    let by: Interval = args.by.parse()?;
    let request = request(&args.query, &args.filters)?;
    request.validate()?;
    let archive = open(&args.source)?;
    let results = archive.timeline(&request, by)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    output::write_timeline(&mut out, &results, format).context("could not write the timeline")?;
    out.flush().context("could not write the timeline")?;
    Ok(if results.total_hits == 0 {
        Outcome::NoHits
    } else {
        Outcome::Success
    })
}
