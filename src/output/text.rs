//! Text output for people: a ranked list with the passage and its matching words highlighted.

use super::Style;
use crate::entity::Entities;
use crate::search::{Hit, SearchResults};
use std::io::{self, Write};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// Writes each hit as a heading line, a metadata line and the passage, then a count.
pub(super) fn write_results(
    out: &mut dyn Write,
    results: &SearchResults,
    style: Style,
) -> io::Result<()> {
    for hit in &results.hits {
        write_hit(out, hit, style)?;
    }
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    let understood: Vec<String> = results
        .filters
        .iter()
        .filter(|f| shown == 0 || f.matched.len() != 1 || f.matched[0] != f.value)
        .map(|f| format!("{} {:?} = {}", f.filter, f.value, f.matched.join(" | ")))
        .collect();
    if !understood.is_empty() {
        writeln!(out, "filters: {}", understood.join("; "))?;
    }
    match shown {
        0 if results.total_hits > 0 => writeln!(
            out,
            "no passages on this page; {} in all for {:?}",
            results.total_hits, results.query
        ),
        0 => writeln!(out, "no passages match {:?}", results.query),
        _ => writeln!(
            out,
            "passages {}-{} of {} for {:?}",
            first,
            first + shown - 1,
            results.total_hits,
            results.query
        ),
    }
}

fn write_hit(out: &mut dyn Write, hit: &Hit, style: Style) -> io::Result<()> {
    let (bold, dim, green, reset) = if style.color {
        (BOLD, DIM, GREEN, RESET)
    } else {
        ("", "", "", "")
    };
    writeln!(
        out,
        "{green}{}.{reset} {bold}{}{reset}  {dim}score {:.2}{reset}",
        hit.rank, hit.article.title, hit.score
    )?;
    let mut meta = Vec::new();
    if let Some(date) = &hit.article.date {
        meta.push(date.clone());
    }
    if let Some(source) = &hit.article.source {
        meta.push(source.clone());
    }
    meta.push(format!(
        "{} passage {}",
        hit.article.path, hit.passage.number
    ));
    writeln!(out, "   {dim}{}{reset}", meta.join(" · "))?;
    let body = highlight(&hit.passage.text, &hit.passage.highlights, style);
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        writeln!(out, "   {}", line.trim())?;
    }
    for (label, items) in entity_lines(&hit.entities) {
        writeln!(out, "   {dim}{label}: {}{reset}", items.join(" · "))?;
    }
    writeln!(out)
}

/// The entity lines under a passage: who, where and how many; empty classes are left out.
fn entity_lines(e: &Entities) -> Vec<(&'static str, Vec<String>)> {
    let actors = e
        .actors
        .iter()
        .map(|a| match &a.role {
            Some(role) => format!("{} ({role})", a.name),
            None => a.name.to_string(),
        })
        .collect();
    let places = e
        .locations
        .iter()
        .map(|l| match &l.country {
            Some(country) if l.kind != "country" => format!("{} ({country})", l.name),
            _ => l.name.to_string(),
        })
        .collect();
    let figures = e
        .figures
        .iter()
        .map(|f| {
            let approx = if f.approximate { "~" } else { "" };
            match (&f.unit, f.kind.as_str()) {
                (_, "year" | "date") => format!("{} ({})", f.text, f.kind),
                (Some(unit), _) => format!("{approx}{} {unit}", format_value(f.value)),
                (None, _) => format!("{approx}{}", format_value(f.value)),
            }
        })
        .collect();
    let countries = e.countries.iter().map(ToString::to_string).collect();
    [
        ("actors", actors),
        ("locations", places),
        ("countries", countries),
        ("figures", figures),
    ]
    .into_iter()
    .filter(|(_, items): &(_, Vec<String>)| !items.is_empty())
    .collect()
}

/// A figure's value for people: whole numbers without decimals, others to three places.
fn format_value(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Wraps the highlighted ranges in bold when colour is on; returns the text unchanged otherwise.
fn highlight(text: &str, ranges: &[[usize; 2]], style: Style) -> String {
    if !style.color || ranges.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut last = 0;
    for &[start, end] in ranges {
        if start < last
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(BOLD);
        out.push_str(&text[start..end]);
        out.push_str(RESET);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_people_write_them() {
        let table = [
            (2500.0, "2500"),
            (0.333333, "0.333"),
            (1.5e9, "1500000000"),
            (2.5, "2.5"),
        ];
        for (value, expected) in table {
            assert_eq!(format_value(value), expected);
        }
    }

    #[test]
    fn highlights_are_bold_only_with_color() {
        let table = [
            (
                "troops left",
                vec![[0, 6]],
                true,
                "\x1b[1mtroops\x1b[0m left",
            ),
            ("troops left", vec![[0, 6]], false, "troops left"),
            ("a b", vec![], true, "a b"),
            // Ranges out of bounds or overlapping are ignored.
            ("ab", vec![[0, 1], [0, 2], [1, 9]], true, "\x1b[1ma\x1b[0mb"),
        ];
        for (text, ranges, color, expected) in table {
            assert_eq!(highlight(text, &ranges, Style { color }), expected);
        }
    }
}
