//! Output: writes results as text for people, or as JSON, JSON Lines or CSV for programs, to any
//! [`Write`]. Nothing here decides what to search; it only renders.

mod csv_out;
mod extract;
mod facet;
mod research;
mod text;

use crate::extract::Extraction;
use crate::search::{
    CooccurResults, FacetResults, SearchResults, Stats, TimelineResults, JSON_SCHEMA_VERSION,
};
use serde::Serialize;
use std::io::{self, Write};
use std::str::FromStr;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable text, with highlighting on a terminal.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

impl Format {
    /// The names accepted by [`Format::from_str`].
    pub const NAMES: [&'static str; 4] = ["text", "json", "jsonl", "csv"];
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            other => Err(format!(
                "unknown format {other:?}; use text, json, jsonl or csv"
            )),
        }
    }
}

/// How to render text output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use ANSI bold for highlights and colour for headings.
    pub color: bool,
}

/// Writes search results in the given format. Facets, when the results have them, follow the
/// hits in text, are a `facets` member in JSON, and are the last line (`{"facets": …}`) in
/// JSON Lines; CSV holds one table, so with facets it is the facet table.
///
/// # Errors
/// Returns the writer's error (a closed pipe, a full disk).
pub fn write_results(
    out: &mut dyn Write,
    results: &SearchResults,
    format: Format,
    style: Style,
) -> io::Result<()> {
    match format {
        Format::Text => {
            text::write_results(out, results, style)?;
            if let Some(facets) = &results.facets {
                writeln!(out)?;
                writeln!(out, "facets over {}", passages(results.total_hits))?;
                facet::write_table(out, facets)?;
            }
            Ok(())
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, results)?;
            writeln!(out)
        }
        Format::Jsonl => {
            for hit in &results.hits {
                serde_json::to_writer(&mut *out, hit)?;
                writeln!(out)?;
            }
            if let Some(facets) = &results.facets {
                #[derive(Serialize)]
                struct Line<'a> {
                    total_hits: u64,
                    facets: &'a crate::search::Facets,
                }
                let line = Line {
                    total_hits: results.total_hits,
                    facets,
                };
                serde_json::to_writer(&mut *out, &line)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => match &results.facets {
            Some(facets) => facet::write_csv(out, facets),
            None => csv_out::write_results(out, results),
        },
    }
}

/// Writes the answer of `newsdex facets`: a table in text, one JSON document, or CSV rows.
/// JSON Lines gives the same document on one line.
///
/// # Errors
/// Returns the writer's error.
pub fn write_facets(out: &mut dyn Write, results: &FacetResults, format: Format) -> io::Result<()> {
    match format {
        Format::Text => {
            writeln!(
                out,
                "top values over {} matching {:?}",
                passages(results.total_hits),
                results.query
            )?;
            facet::write_table(out, &results.facets)
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, results)?;
            writeln!(out)
        }
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, results)?;
            writeln!(out)
        }
        Format::Csv => facet::write_csv(out, &results.facets),
    }
}

/// Writes one value as pretty JSON (`json`) or on one line (`jsonl`).
fn json<T: Serialize>(out: &mut dyn Write, value: &T, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    writeln!(out)
}

/// Writes a timeline: a table with a bar per period, JSON, or CSV rows (`period, start,
/// passages, articles`, then an `undated` row).
///
/// # Errors
/// Returns the writer's error.
pub fn write_timeline(out: &mut dyn Write, t: &TimelineResults, format: Format) -> io::Result<()> {
    match format {
        Format::Text => research::timeline_text(out, t),
        Format::Json => json(out, t, true),
        Format::Jsonl => json(out, t, false),
        Format::Csv => research::timeline_csv(out, t),
    }
}

/// Writes co-occurrence edges: a table, JSON, or a CSV edge list (`source, target, weight,
/// source_type, target_type`).
///
/// # Errors
/// Returns the writer's error.
pub fn write_cooccur(out: &mut dyn Write, c: &CooccurResults, format: Format) -> io::Result<()> {
    match format {
        Format::Text => research::cooccur_text(out, c),
        Format::Json => json(out, c, true),
        Format::Jsonl => {
            for edge in &c.edges {
                json(out, edge, false)?;
            }
            Ok(())
        }
        Format::Csv => research::cooccur_csv(out, c),
    }
}

/// Writes index statistics as text or JSON (CSV and JSON Lines give one JSON line).
///
/// # Errors
/// Returns the writer's error.
pub fn write_stats(out: &mut dyn Write, s: &Stats, format: Format) -> io::Result<()> {
    match format {
        Format::Text => research::stats_text(out, s),
        Format::Json => json(out, s, true),
        Format::Jsonl | Format::Csv => json(out, s, false),
    }
}

/// "1 passage", "12 passages".
fn passages(n: u64) -> String {
    match n {
        1 => "1 passage".to_string(),
        n => format!("{n} passages"),
    }
}

/// Writes the mentions of `extract`: text grouped by class, one JSON document, or one JSON
/// object per input. CSV is not offered for mentions; it falls back to JSON Lines.
///
/// # Errors
/// Returns the writer's error.
pub fn write_extractions(
    out: &mut dyn Write,
    extractions: &[Extraction],
    format: Format,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Document<'a> {
        schema_version: u32,
        inputs: &'a [Extraction],
    }
    match format {
        Format::Text => extract::write_text(out, extractions),
        Format::Json => {
            let document = Document {
                schema_version: JSON_SCHEMA_VERSION,
                inputs: extractions,
            };
            serde_json::to_writer_pretty(&mut *out, &document)?;
            writeln!(out)
        }
        Format::Jsonl | Format::Csv => {
            for extraction in extractions {
                serde_json::to_writer(&mut *out, extraction)?;
                writeln!(out)?;
            }
            Ok(())
        }
    }
}
