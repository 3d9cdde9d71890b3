//! Output of the research commands: timelines (a table with a bar per row), co-occurrence edges
//! and index statistics, as text, JSON or CSV.

use crate::search::{CooccurResults, Node, Stats, TimelineResults};
use std::io::{self, Write};

/// The widest bar of a timeline, in characters.
const BAR: usize = 40;

/// Writes a timeline as a table: period, passages, articles and a bar scaled to the busiest
/// period; undated passages are reported in the heading.
pub(super) fn timeline_text(out: &mut dyn Write, t: &TimelineResults) -> io::Result<()> {
    writeln!(
        out,
        "{} passages match {:?}, per {} (undated: {} passages in {} articles)",
        t.total_hits,
        t.query,
        serde_json::to_value(t.by)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        t.undated.passages,
        t.undated.articles
    )?;
    let max = t
        .periods
        .iter()
        .map(|p| p.passages)
        .max()
        .unwrap_or(0)
        .max(1);
    let width = t
        .periods
        .iter()
        .map(|p| p.period.len())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(out, "{:<width$}  passages  articles", "period")?;
    for p in &t.periods {
        let bar = (p.passages as usize * BAR).div_ceil(max as usize);
        let line = format!(
            "{:<width$}  {:>8}  {:>8}  {}",
            p.period,
            p.passages,
            p.articles,
            "█".repeat(bar)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes a timeline as CSV: `period,start,passages,articles`, and a last `undated` row.
pub(super) fn timeline_csv(out: &mut dyn Write, t: &TimelineResults) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["period", "start", "passages", "articles"])?;
    for p in &t.periods {
        writer.write_record([
            p.period.as_str(),
            &p.start,
            &p.passages.to_string(),
            &p.articles.to_string(),
        ])?;
    }
    writer.write_record([
        "undated",
        "",
        &t.undated.passages.to_string(),
        &t.undated.articles.to_string(),
    ])?;
    writer.flush()
}

/// "IQ Iraq (country)", "Baghdad, IQ (location)", "Lloyd Austin (actor)".
fn node_label(node: &Node) -> String {
    match (node.kind, &node.detail) {
        ("country", Some(name)) => format!("{} {name} ({})", node.value, node.kind),
        ("location", Some(code)) => format!("{}, {code} ({})", node.value, node.kind),
        _ => format!("{} ({})", node.value, node.kind),
    }
}

/// Writes co-occurrence edges as a table: weight, source, target.
pub(super) fn cooccur_text(out: &mut dyn Write, c: &CooccurResults) -> io::Result<()> {
    writeln!(
        out,
        "{} edges over {} passages matching {:?}",
        c.edges.len(),
        c.total_hits,
        c.query
    )?;
    let sources: Vec<String> = c.edges.iter().map(|e| node_label(&e.source)).collect();
    let width = sources
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(out, "weight  {:<width$}  target", "source")?;
    for (edge, source) in c.edges.iter().zip(&sources) {
        let pad = width - source.chars().count();
        writeln!(
            out,
            "{:>6}  {source}{}  {}",
            edge.weight,
            " ".repeat(pad),
            node_label(&edge.target)
        )?;
    }
    Ok(())
}

/// Writes co-occurrence edges as an edge list for network tools:
/// `source,target,weight,source_type,target_type`.
pub(super) fn cooccur_csv(out: &mut dyn Write, c: &CooccurResults) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["source", "target", "weight", "source_type", "target_type"])?;
    for e in &c.edges {
        writer.write_record([
            e.source.value.as_str(),
            &e.target.value,
            &e.weight.to_string(),
            e.source.kind,
            e.target.kind,
        ])?;
    }
    writer.flush()
}

/// "812 B", "45.3 kB", "26.6 MB", "1.2 GB".
fn human_bytes(bytes: u64) -> String {
    let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    for (size, unit) in units {
        if bytes as f64 >= size {
            return format!("{:.1} {unit}", bytes as f64 / size);
        }
    }
    format!("{bytes} B")
}

/// Writes index statistics for people.
pub(super) fn stats_text(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    let dates = match (&s.first_date, &s.last_date) {
        (Some(first), Some(last)) => format!("{first} to {last}"),
        _ => "none".to_string(),
    };
    let top = |values: &[crate::search::FacetValue]| {
        let items: Vec<String> = values
            .iter()
            .map(|v| match &v.name {
                Some(name) => format!("{} {name} {}", v.value, v.count),
                None => format!("{} {}", v.value, v.count),
            })
            .collect();
        if items.is_empty() {
            "none".to_string()
        } else {
            items.join(" · ")
        }
    };
    writeln!(out, "index      {}", s.index)?;
    writeln!(out, "corpus     {}", s.corpus)?;
    writeln!(out, "articles   {}", s.articles)?;
    writeln!(out, "passages   {}", s.passages)?;
    writeln!(
        out,
        "dates      {dates} ({} passages undated)",
        s.undated_passages
    )?;
    writeln!(out, "size       {}", human_bytes(s.index_bytes))?;
    writeln!(out, "countries  {}", top(&s.countries))?;
    writeln!(out, "actors     {}", top(&s.actors))?;
    writeln!(
        out,
        "versions   schema {}, extractor {}, newsdex {}",
        s.index_schema_version, s.extractor_version, s.newsdex_version
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_nearest_unit() {
        let table = [
            (812, "812 B"),
            (45_300, "45.3 kB"),
            (26_600_000, "26.6 MB"),
            (1_200_000_000, "1.2 GB"),
        ];
        for (bytes, expected) in table {
            assert_eq!(human_bytes(bytes), expected);
        }
    }
}
