//! Output of `extract`: mentions grouped by class for people, or JSON for programs.

use crate::extract::{Class, Extraction, Mention};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Writes each input's mentions: actors and locations grouped by canonical name with counts,
/// then figures in text order.
pub(super) fn write_text(out: &mut dyn Write, extractions: &[Extraction]) -> io::Result<()> {
    for (i, extraction) in extractions.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match &extraction.title {
            Some(title) => writeln!(out, "{}  ({title})", extraction.path)?,
            None => writeln!(out, "{}", extraction.path)?,
        }
        for (class, heading) in [(Class::Actor, "actors"), (Class::Location, "locations")] {
            let grouped = group(extraction.mentions.iter().filter(|m| m.class == class));
            if grouped.is_empty() {
                continue;
            }
            writeln!(out, "  {heading}")?;
            for ((name, kind, detail), count) in grouped {
                let detail = detail.map(|d| format!(", {d}")).unwrap_or_default();
                writeln!(out, "    {name} ({kind}{detail}) ×{count}")?;
            }
        }
        let figures: Vec<&Mention> = extraction
            .mentions
            .iter()
            .filter(|m| m.class == Class::Figure)
            .collect();
        if !figures.is_empty() {
            writeln!(out, "  figures")?;
            for m in figures {
                let value = m
                    .value
                    .map(|v| format!(" = {}", readable(v)))
                    .unwrap_or_default();
                let unit = m.unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
                let approx = if m.approximate == Some(true) {
                    ", approximate"
                } else {
                    ""
                };
                writeln!(out, "    {}{value}{unit} ({}{approx})", m.text, m.kind)?;
            }
        }
    }
    Ok(())
}

/// Formats a value for people: whole numbers as they are, others to three decimals.
fn readable(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A group of mentions: canonical name, type, and country (or role, once grouped).
type GroupKey = (String, &'static str, Option<String>);

/// Groups actors or locations by canonical name, type and country, in first-seen order, with
/// their counts. The detail shown is the country, or the first role given for the actor.
fn group<'a>(mentions: impl Iterator<Item = &'a Mention>) -> Vec<(GroupKey, usize)> {
    let mut order: Vec<GroupKey> = Vec::new();
    let mut counts: BTreeMap<GroupKey, (usize, Option<String>)> = BTreeMap::new();
    for m in mentions {
        let name = m.canonical.as_deref().unwrap_or(&m.text).to_string();
        let key = (name, m.kind, m.country.as_deref().map(str::to_string));
        let (count, role) = counts.entry(key.clone()).or_default();
        if *count == 0 {
            order.push(key);
        }
        *count += 1;
        if role.is_none() {
            role.clone_from(&m.role);
        }
    }
    order
        .into_iter()
        .map(|key| {
            let (count, role) = counts.get(&key).cloned().unwrap_or_default();
            let detail = key.2.clone().or_else(|| role.map(|r| format!("role: {r}")));
            ((key.0, key.1, detail), count)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_well() {
        let table = [
            (2500.0, "2500"),
            (1.0 / 3.0, "0.333"),
            (1.5e9, "1500000000"),
            (0.5, "0.5"),
            (2.27, "2.27"),
        ];
        for (value, expected) in table {
            assert_eq!(readable(value), expected);
        }
    }
}
