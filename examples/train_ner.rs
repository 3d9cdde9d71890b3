//! Trains the named-entity tagger of [`newsdex::extract::tagger`] on CoNLL-2003 and writes
//! the model file.
//!
//! ```text
//! cargo run --release --example train_ner -- \
//!     --train ../shared/eval/conll2003/eng.train --out src/extract/data/model/ner.bin \
//!     [--dev ../shared/eval/conll2003/eng.testa] [--epochs 10] [--max-features 30000] \
//!     [--first-names dist.male.first,dist.female.first]
//! ```
//!
//! Training is deterministic: a fixed seed orders the documents in each epoch. With `--dev`,
//! the model of each epoch tags the development documents' text and its exact-span and
//! overlap scores are printed. `--first-names` takes comma-separated files with one name at
//! the start of each line (see `src/extract/data/model/README.md` for the lists used).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use newsdex::extract::eval::{self, GoldDoc};
use newsdex::extract::tagger::{self, Model, TrainOptions};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train_ner: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut train = None;
    let mut out = None;
    let mut dev = None;
    let mut options = TrainOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--train" => train = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--dev" => dev = Some(PathBuf::from(value()?)),
            "--epochs" => options.epochs = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => options.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--first-names" => {
                for path in value()?.split(',') {
                    let data = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
                    // One name a line, the first field (the census lists: "JAMES 3.318 ...").
                    options.first_names.extend(
                        data.lines()
                            .filter_map(|l| l.split_whitespace().next())
                            .map(str::to_string),
                    );
                }
            }
            "--max-features" => {
                options.max_features = value()?.parse().map_err(|e| format!("{e}"))?
            }
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    let train = train.ok_or("--train PATH is required")?;
    let out = out.ok_or("--out PATH is required")?;
    let docs = eval::conll(&train)?;
    let dev_docs = dev.map(|p| eval::conll(&p)).transpose()?;
    eprintln!(
        "{} training documents, {} tokens",
        docs.len(),
        docs.iter().map(|d| d.tokens.len()).sum::<usize>()
    );
    let start = Instant::now();
    let bytes = tagger::train(&docs, &options, |epoch, bytes| {
        eprint!(
            "epoch {epoch}: {:.1}s, model {} KB",
            start.elapsed().as_secs_f64(),
            bytes.len() / 1024
        );
        match &dev_docs {
            Some(dev) => {
                eprintln!();
                report(dev, bytes);
            }
            None => eprintln!(),
        }
    });
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

/// Tags the development texts with the model in `bytes` and prints the scores.
fn report(dev: &[GoldDoc], bytes: &[u8]) {
    let Some(model) = Model::from_bytes(bytes) else {
        eprintln!("  the model does not parse");
        return;
    };
    let predicted: Vec<_> = dev.iter().map(|d| model.tag(&d.text)).collect();
    eprint!(
        "{}",
        indent(&eval::score_labels(dev, &predicted).to_string())
    );
    eprint!("{}", indent(&eval::score(dev, &predicted).to_string()));
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}
