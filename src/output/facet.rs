//! Facet output: a compact table for people, one row per value for CSV.

use crate::search::{Dimension, FacetValue, Facets};
use std::io::{self, Write};

/// How a facet value reads in a table: "IQ Iraq", "Baghdad, IQ", "Lloyd Austin".
fn label(dimension: Dimension, value: &FacetValue) -> String {
    match (dimension, &value.name, &value.country) {
        (Dimension::Country, Some(name), _) => format!("{} {name}", value.value),
        (Dimension::Location, _, Some(country)) => format!("{}, {country}", value.value),
        _ => value.value.clone(),
    }
}

/// The longest label shown in a text column.
const MAX_LABEL: usize = 28;

/// Writes the facets side by side, one column per dimension: a header row of dimension names,
/// then one row per rank with each value's count and label.
pub(super) fn write_table(out: &mut dyn Write, facets: &Facets) -> io::Result<()> {
    let columns: Vec<(Dimension, Vec<(String, String)>)> = Dimension::ALL
        .into_iter()
        .filter_map(|d| {
            let values = facets.get(d)?;
            let cells = values
                .iter()
                .map(|v| (v.count.to_string(), truncate(&label(d, v), MAX_LABEL)))
                .collect();
            Some((d, cells))
        })
        .collect();
    if columns.is_empty() {
        return Ok(());
    }
    let widths: Vec<(usize, usize)> = columns
        .iter()
        .map(|(d, cells)| {
            let count = cells.iter().map(|c| c.0.len()).max().unwrap_or(0);
            let label = cells.iter().map(|c| c.1.chars().count()).max().unwrap_or(0);
            let label = label.max(d.as_str().len().saturating_sub(count + 1));
            (count, label)
        })
        .collect();
    let mut header = String::from(" ");
    for ((d, _), (count, label)) in columns.iter().zip(&widths) {
        header.push_str(&format!(
            " {:<width$}  ",
            d.as_str(),
            width = count + 1 + label
        ));
    }
    writeln!(out, "{}", header.trim_end())?;
    let rows = columns.iter().map(|c| c.1.len()).max().unwrap_or(0);
    if rows == 0 {
        return writeln!(out, "  (no values)");
    }
    for row in 0..rows {
        let mut line = String::from(" ");
        for ((_, cells), (count, label)) in columns.iter().zip(&widths) {
            match cells.get(row) {
                Some((n, text)) => {
                    let pad = label.saturating_sub(text.chars().count());
                    line.push_str(&format!(" {n:>count$} {text}{}  ", " ".repeat(pad)));
                }
                None => line.push_str(&" ".repeat(count + label + 4)),
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes the facets as CSV: `facet,value,name,country,count`, one row per value.
pub(super) fn write_csv(out: &mut dyn Write, facets: &Facets) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["facet", "value", "name", "country", "count"])?;
    for dimension in Dimension::ALL {
        for value in facets.get(dimension).unwrap_or_default() {
            writer.write_record([
                dimension.as_str(),
                &value.value,
                value.name.as_deref().unwrap_or(""),
                value.country.as_deref().unwrap_or(""),
                &value.count.to_string(),
            ])?;
        }
    }
    writer.flush()
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((cut, _)) if text.chars().count() > max => format!("{}…", &text[..cut]),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(value: &str, name: Option<&str>, country: Option<&str>, count: u64) -> FacetValue {
        FacetValue {
            value: value.to_string(),
            name: name.map(str::to_string),
            country: country.map(str::to_string),
            count,
        }
    }

    #[test]
    fn tables_put_dimensions_side_by_side() {
        let facets = Facets {
            country: Some(vec![
                value("IQ", Some("Iraq"), None, 12),
                value("SY", Some("Syria"), None, 3),
            ]),
            location: Some(vec![value("Baghdad", None, Some("IQ"), 3)]),
            ..Facets::default()
        };
        let mut out = Vec::new();
        write_table(&mut out, &facets).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            "  country       location\n  12 IQ Iraq    3 Baghdad, IQ\n   3 SY Syria\n"
        );
    }

    #[test]
    fn labels_are_truncated_by_characters() {
        let table = [
            ("short", 10, "short"),
            ("éééééééééé", 5, "éééé…"),
            ("abcdef", 6, "abcdef"),
        ];
        for (text, max, expected) in table {
            assert_eq!(truncate(text, max), expected);
        }
    }
}
