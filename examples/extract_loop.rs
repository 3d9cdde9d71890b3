//! Times extraction alone over a folder of `.txt` articles, for side-by-side runs of two builds
//! and for profilers:
//!
//! ```text
//! cargo build --release --example extract_loop
//! target/release/examples/extract_loop 4 ../shared/corpora/bbc      # passes, folder
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='extract_loop::pass' \
//!     target/release/examples/extract_loop 1 ../shared/corpora/bbc  # instructions of one pass
//! ```
//!
//! It prints the mentions found and the MB/s of text over all passes. Files that are not UTF-8
//! are skipped, as by `cargo bench --bench extract`; the gazetteer and the model are loaded
//! before the clock starts.

use std::process::ExitCode;
use std::time::Instant;

/// One pass over the texts; not inlined, so that a profiler can be switched on for it alone.
#[inline(never)]
fn pass(texts: &[String]) -> usize {
    texts
        .iter()
        .map(|text| newsdex::extract::mentions(std::hint::black_box(text)).len())
        .sum()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let passes: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(4);
    let Some(dir) = args.next() else {
        eprintln!("usage: extract_loop PASSES FOLDER");
        return ExitCode::FAILURE;
    };
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|x| x == "txt") {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.push(text);
            }
        }
    }
    if texts.is_empty() {
        eprintln!("extract_loop: no UTF-8 .txt files under {dir}");
        return ExitCode::FAILURE;
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    newsdex::extract::warm_up();
    let start = Instant::now();
    let mentions: usize = (0..passes).map(|_| pass(&texts)).sum();
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{mentions} mentions, {:.1} MB/s",
        (bytes * passes) as f64 / seconds / 1e6
    );
    ExitCode::SUCCESS
}
