//! The `newsdex` binary: parses the arguments, runs the command and maps the outcome to an exit
//! code: 0 with hits (or success), 1 with no hits, 2 on error.

mod cli;
mod commands;

use clap::Parser;
use std::process::ExitCode;

/// The binary's allocator. Indexing allocates millions of small strings and vectors on worker
/// threads and frees many of them on tantivy's threads; with mimalloc it takes 5–17 % less time
/// than with the system allocator (BENCHMARKS.md, issue 7). The library leaves the choice to its
/// users.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(commands::Outcome::Success) => ExitCode::SUCCESS,
        Ok(commands::Outcome::NoHits) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsdex: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
