//! `newsdex eval`: scores extraction against a gold set and prints the scores.

use super::Outcome;
use crate::cli::EvalArgs;
use anyhow::Context;
use newsdex::extract::eval::{self, Report};
use std::io::Write;

/// Runs `newsdex eval`.
pub fn run(args: &EvalArgs) -> anyhow::Result<Outcome> {
    let docs = match args.gold.as_str() {
        "conll" => eval::conll(&args.path),
        "re3d" => eval::re3d(&args.path),
        _ => eval::gmb(&args.path),
    }
    .map_err(anyhow::Error::msg)
    .with_context(|| format!("could not read the {} gold set", args.gold))?;
    if docs.is_empty() {
        anyhow::bail!(
            "{}: no documents in this {} gold set",
            args.path.display(),
            args.gold
        );
    }
    let report = eval::evaluate(&docs);
    let mut out = std::io::stdout().lock();
    if args.format == "json" {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write_text(&mut out, args, &report)?;
    }
    Ok(Outcome::Success)
}

fn write_text(out: &mut dyn Write, args: &EvalArgs, report: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{} {}: {} documents, {} words",
        args.gold,
        args.path.display(),
        report.documents,
        report.words
    )?;
    writeln!(out, "| class | gold | predicted | P exact | R exact | F1 exact | P overlap | R overlap | F1 overlap |")?;
    writeln!(out, "|---|---|---|---|---|---|---|---|---|")?;
    for c in &report.classes {
        writeln!(
            out,
            "| {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            c.class,
            c.gold,
            c.predicted,
            c.exact[0],
            c.exact[1],
            c.exact[2],
            c.overlap[0],
            c.overlap[1],
            c.overlap[2]
        )?;
    }
    if let Some(accuracy) = report.figure_value_accuracy {
        writeln!(
            out,
            "figure value accuracy: {accuracy:.3} of {} matched figures with a numeric gold value",
            report.figure_values_compared
        )?;
    }
    writeln!(
        out,
        "speed: {:.0} words/s, {:.1} MB/s of text ({:.2} s on one core)",
        report.words_per_second, report.mb_per_second, report.seconds
    )
}
