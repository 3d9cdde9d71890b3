//! CSV output: one row per hit, with a header row, for spreadsheets and data frames.

use crate::search::SearchResults;
use std::io::{self, Write};

const HEADER: [&str; 13] = [
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
        ])?;
    }
    writer.flush()
}
