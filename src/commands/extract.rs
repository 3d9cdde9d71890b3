//! `newsdex extract`: reads files (or standard input) and prints their mentions.

use super::Outcome;
use crate::cli::ExtractArgs;
use anyhow::Context;
use newsdex::corpus::{self, FileEntry};
use newsdex::extract::{self, Extraction};
use newsdex::output::{self, Format};
use std::io::{BufWriter, Read, Write};
use std::path::Path;

/// Runs `newsdex extract`. A file that cannot be read is reported and the others still run; the
/// command then fails with exit code 2.
pub fn run(args: &ExtractArgs) -> anyhow::Result<Outcome> {
    let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
    let stdin_only = [Path::new("-").to_path_buf()];
    let inputs = if args.inputs.is_empty() {
        &stdin_only[..]
    } else {
        &args.inputs[..]
    };
    let mut extractions = Vec::new();
    let mut failed = 0;
    for input in inputs {
        if input == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("could not read standard input")?;
            let text = String::from_utf8_lossy(&bytes);
            extractions.push(Extraction {
                path: "-".to_string(),
                article_id: None,
                title: None,
                mentions: extract::mentions(&text),
            });
            continue;
        }
        let entry = FileEntry {
            path: input.clone(),
            relative: input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            size: 0,
        };
        match corpus::read_file(&entry) {
            Ok(parsed) => {
                extractions.extend(parsed.articles.into_iter().map(|article| Extraction {
                    mentions: extract::mentions(&article.text),
                    path: article.path,
                    article_id: Some(article.id),
                    title: Some(article.title),
                }))
            }
            Err(skipped) => {
                eprintln!("newsdex: {skipped}");
                failed += 1;
            }
        }
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    output::write_extractions(&mut out, &extractions, format)
        .context("could not write the mentions")?;
    out.flush().context("could not write the mentions")?;
    if failed > 0 {
        anyhow::bail!("{failed} of {} inputs could not be read", inputs.len());
    }
    Ok(Outcome::Success)
}
