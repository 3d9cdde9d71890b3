//! Times the prose analyzer alone (what tantivy's indexing threads run on every passage) over
//! the passages of a corpus folder, for side-by-side runs of two builds and for profilers:
//!
//! ```text
//! cargo build --release --example analyze_loop
//! target/release/examples/analyze_loop 3 ../shared/corpora/bbc     # passes, folder
//! ```
//!
//! It prints the tokens made and the MB/s of passage text over all passes. The passages are
//! read and split before the clock starts; one analyzer serves every pass, as one indexing
//! thread's does.

use std::process::ExitCode;
use std::time::Instant;
use tantivy::tokenizer::TokenStream;

/// One pass over the passages; not inlined, so that a profiler can be switched on for it alone.
#[inline(never)]
fn pass(analyzer: &mut tantivy::tokenizer::TextAnalyzer, passages: &[String]) -> usize {
    let mut tokens = 0;
    for text in passages {
        let mut stream = analyzer.token_stream(std::hint::black_box(text));
        while stream.advance() {
            tokens += stream.token().text.len() & 1;
            tokens += 1;
        }
    }
    tokens
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let passes: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let Some(dir) = args.next() else {
        eprintln!("usage: analyze_loop PASSES FOLDER");
        return ExitCode::FAILURE;
    };
    let mut passages = Vec::new();
    for entry in newsdex::corpus::walk(std::path::Path::new(&dir), None).flatten() {
        let _ = newsdex::corpus::stream_file(
            &entry,
            &mut |article| {
                for passage in newsdex::passage::split(&article.text) {
                    passages.push(passage.text(&article.text).to_string());
                }
            },
            &mut |_| {},
        );
    }
    if passages.is_empty() {
        eprintln!("analyze_loop: no passages under {dir}");
        return ExitCode::FAILURE;
    }
    let bytes: usize = passages.iter().map(String::len).sum();
    let mut analyzer = newsdex::index::analyzer::prose();
    let start = Instant::now();
    let tokens: usize = (0..passes).map(|_| pass(&mut analyzer, &passages)).sum();
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} passages, {tokens} (token count + odd lengths), {:.1} MB/s",
        passages.len(),
        (bytes * passes) as f64 / seconds / 1e6
    );
    ExitCode::SUCCESS
}
