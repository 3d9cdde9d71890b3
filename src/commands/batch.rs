//! `newsdex batch`: runs a JSON Lines file of searches against one opened index and prints one
//! JSON result per line, each with its query's id. A bad line gives an error object and the
//! batch goes on; the exit code is 2 if any line failed, else 0 with hits, 1 without.

use super::search::open;
use super::Outcome;
use crate::cli::BatchArgs;
use anyhow::Context;
use newsdex::search::batch;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};

/// Runs `newsdex batch`.
pub fn run(args: &BatchArgs) -> anyhow::Result<Outcome> {
    let input: Box<dyn Read> = if args.input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(&args.input)
            .with_context(|| format!("could not open {}", args.input.display()))?;
        Box::new(file)
    };
    let archive = open(&args.source)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut failed, mut found) = (0usize, false);
    for (i, line) in BufReader::new(input).lines().enumerate() {
        let line = line.with_context(|| format!("could not read line {}", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let answer = batch::answer(&archive, &line, i + 1);
        failed += usize::from(answer.is_error());
        found |= answer.has_hits();
        serde_json::to_writer(&mut out, &answer).context("could not write a result")?;
        writeln!(out).context("could not write a result")?;
    }
    out.flush().context("could not write the results")?;
    if failed > 0 {
        anyhow::bail!("{failed} batch line(s) failed; see their error objects");
    }
    Ok(if found {
        Outcome::Success
    } else {
        Outcome::NoHits
    })
}
