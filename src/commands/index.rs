//! `newsdex index`: builds the index with a progress bar on a terminal, then prints a summary.

use super::Outcome;
use crate::cli::IndexArgs;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use newsdex::corpus::{SkipReason, Skipped, Warning};
use newsdex::index::{self, IndexConfig, IndexSummary, Observer};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Runs `newsdex index`.
pub fn run(args: &IndexArgs) -> anyhow::Result<Outcome> {
    let mut config = IndexConfig::new(&args.corpus, &args.index);
    config.threads = args.threads;
    config.rebuild = args.rebuild;
    config.commit_every = std::time::Duration::try_from_secs_f64(args.commit_every)
        .map_err(|_| anyhow::anyhow!("--commit-every must be a number of seconds"))?;
    let summary = build(&config, args.quiet)?;
    let mut out = std::io::stdout().lock();
    write_summary(&mut out, &summary, &args.index)?;
    Ok(Outcome::Success)
}

/// Builds the index, showing progress on stderr when it is a terminal. Shared with `search`,
/// which builds the index on first use.
pub fn build(config: &IndexConfig, quiet: bool) -> anyhow::Result<IndexSummary> {
    let mut progress = Progress::new(quiet);
    let summary = index::build(config, &mut progress).with_context(|| {
        format!(
            "could not index {} into {}",
            config.corpus.display(),
            config.index.display()
        )
    })?;
    progress.bar.finish_and_clear();
    Ok(summary)
}

/// Writes the closing summary: counts, skips by reason, warnings by kind, time and speed.
fn write_summary(
    out: &mut dyn Write,
    summary: &IndexSummary,
    index_dir: &Path,
) -> std::io::Result<()> {
    writeln!(
        out,
        "indexed {} articles, {} passages from {} files ({:.1} MB) in {:.2} s, {:.1} MB/s",
        summary.articles,
        summary.passages,
        summary.files,
        summary.bytes as f64 / 1e6,
        summary.elapsed.as_secs_f64(),
        summary.mb_per_second(),
    )?;
    writeln!(
        out,
        "files: {} added, {} updated, {} removed, {} unchanged",
        summary.added, summary.updated, summary.removed, summary.unchanged
    )?;
    if let Some(reason) = &summary.rebuilt {
        writeln!(out, "re-indexed every file: {reason}")?;
    }
    let total_skipped: u64 = summary.skipped.values().sum();
    if total_skipped > 0 {
        let parts: Vec<String> = summary
            .skipped
            .iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect();
        writeln!(out, "skipped {total_skipped} files: {}", parts.join(", "))?;
    }
    if !summary.warnings.is_empty() {
        let parts: Vec<String> = summary
            .warnings
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        writeln!(out, "warnings: {}", parts.join(", "))?;
    }
    writeln!(out, "index: {}", index_dir.display())
}

/// Shows a progress bar on a terminal and prints skipped files and warnings to stderr.
struct Progress {
    bar: ProgressBar,
    quiet: bool,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        Progress { bar, quiet }
    }

    fn say(&self, message: String) {
        if self.quiet {
            return;
        }
        if self.bar.is_hidden() {
            eprintln!("{message}");
        } else {
            self.bar.println(message);
        }
    }
}

impl Observer for Progress {
    fn started(&mut self, files: u64, bytes: u64) {
        self.bar.set_length(bytes);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {msg}",
        ) {
            self.bar.set_style(style);
        }
        self.bar.set_message(format!("{files} files"));
    }

    fn file_done(&mut self, bytes: u64) {
        self.bar.inc(bytes);
    }

    fn skipped(&mut self, skipped: &Skipped) {
        // Files of other types are expected in real folders: they are counted, not listed.
        if skipped.reason != SkipReason::UnknownExtension {
            self.say(format!("newsdex: {skipped}"));
        }
    }

    fn warning(&mut self, warning: &Warning) {
        self.say(format!("newsdex: warning: {warning}"));
    }

    fn committing(&mut self) {
        self.bar.set_message("committing");
    }
}
