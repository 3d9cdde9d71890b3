//! `newsdex search`: runs a query and prints the ranked passages. Builds the index first when it
//! does not exist yet and the corpus folder does.

use super::Outcome;
use crate::cli::{Color, SearchArgs, DEFAULT_CORPUS, DEFAULT_INDEX};
use anyhow::Context;
use newsdex::output::{self, Format, Style};
use newsdex::search::{Archive, SearchRequest};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Component, Path};

/// Runs `newsdex search`.
pub fn run(args: &SearchArgs) -> anyhow::Result<Outcome> {
    let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
    let request = SearchRequest {
        query: args.query.clone(),
        limit: args.limit as usize,
        offset: args.offset,
        from: args.from.clone(),
        to: args.to.clone(),
        per_article: args.per_article.map(|n| n as usize),
    };
    // Check the query and dates before a first-use build, which can take a while.
    request.validate()?;
    ensure_index(args)?;
    let archive = Archive::open(&args.index)?;
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

/// Tells whether a path names the default index folder (`index`, `./index`, `index/`).
fn is_default_index(path: &Path) -> bool {
    path.components()
        .filter(|c| *c != Component::CurDir)
        .eq(Path::new(DEFAULT_INDEX).components())
}

/// Builds the index when it is missing and there is a corpus to build it from: the default
/// `corpus/` folder for the default index, or the folder given with `--corpus`.
fn ensure_index(args: &SearchArgs) -> anyhow::Result<()> {
    if newsdex::index::exists(&args.index) {
        return Ok(());
    }
    let corpus = match &args.corpus {
        Some(corpus) => corpus.as_path(),
        None if is_default_index(&args.index) => Path::new(DEFAULT_CORPUS),
        None => return Ok(()), // Archive::open reports the missing index and how to build it.
    };
    if !corpus.is_dir() {
        return Ok(());
    }
    eprintln!(
        "newsdex: no index at {}; indexing {} first",
        args.index.display(),
        corpus.display()
    );
    let summary = super::index::build(corpus, &args.index, 0, false)?;
    eprintln!(
        "newsdex: indexed {} articles, {} passages in {:.2} s",
        summary.articles,
        summary.passages,
        summary.elapsed.as_secs_f64()
    );
    Ok(())
}
