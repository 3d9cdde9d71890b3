//! CSV output: one row per hit, with a header row, for spreadsheets and data frames.

use crate::entity::Entities;
use crate::search::SearchResults;
use std::io::{self, Write};

const HEADER: [&str; 17] = [
    "rank",
    "score",
    "article_id",
    "path",
    "title",
    "date",
    "source",
    "url",
    "passage",
    "start",
    "end",
    "text",
    "snippet",
    "actors",
    "locations",
    "countries",
    "figures",
];

/// Writes the hits as CSV rows after a header row.
pub(super) fn write_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    for hit in &results.hits {
        let a = &hit.article;
        let p = &hit.passage;
        writer.write_record([
            hit.rank.to_string().as_str(),
            &format!("{:.4}", hit.score),
            &a.id,
            &a.path,
            &a.title,
            a.date.as_deref().unwrap_or(""),
            a.source.as_deref().unwrap_or(""),
            a.url.as_deref().unwrap_or(""),
            &p.number.to_string(),
            &p.start.to_string(),
            &p.end.to_string(),
            &p.text,
            &hit.snippet,
            &actors(&hit.entities),
            &locations(&hit.entities),
            &hit.entities.countries.join("; "),
            &figures(&hit.entities),
        ])?;
    }
    writer.flush()
}

/// "Lloyd Austin; Islamic State".
fn actors(e: &Entities) -> String {
    let names: Vec<&str> = e.actors.iter().map(|a| a.name.as_str()).collect();
    names.join("; ")
}

/// "Baghdad (IQ); Syria (SY)".
fn locations(e: &Entities) -> String {
    let places: Vec<String> = e
        .locations
        .iter()
        .map(|l| match &l.country {
            Some(country) => format!("{} ({country})", l.name),
            None => l.name.to_string(),
        })
        .collect();
    places.join("; ")
}

/// "~2500 troop; 900; 2014 year": value and unit (or type, for years and dates), `~` when
/// approximate.
fn figures(e: &Entities) -> String {
    let figures: Vec<String> = e
        .figures
        .iter()
        .map(|f| {
            let approx = if f.approximate { "~" } else { "" };
            match (&f.unit, f.kind.as_str()) {
                (_, "year" | "date") => format!("{} {}", f.value, f.kind),
                (Some(unit), _) => format!("{approx}{} {unit}", f.value),
                (None, _) => format!("{approx}{}", f.value),
            }
        })
        .collect();
    figures.join("; ")
}
