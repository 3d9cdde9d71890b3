//! The subcommands: each turns its arguments into a library request, runs it, and writes the
//! results to stdout and diagnostics to stderr.

mod batch;
mod cooccur;
mod eval;
mod extract;
mod facets;
mod index;
mod search;
mod stats;
mod timeline;

use crate::cli::{Cli, Command};

/// How a command ended, for the exit code.
pub enum Outcome {
    /// It worked (and, for a search, found something).
    Success,
    /// A search that found nothing.
    NoHits,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Facets(args) => facets::run(&args),
        Command::Batch(args) => batch::run(&args),
        Command::Timeline(args) => timeline::run(&args),
        Command::Cooccur(args) => cooccur::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Extract(args) => extract::run(&args),
        Command::Eval(args) => eval::run(&args),
    }
}
