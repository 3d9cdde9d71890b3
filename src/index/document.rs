//! The tantivy document of a passage: its article's metadata, its text and entities, and, on a
//! file's last passage, the file's size, modification time and content hash (for incremental
//! re-indexing).

use super::schema::{self, Fields};
use crate::article::Article;
use crate::entity::Entities;
use crate::passage::Passage;
use tantivy::{DateTime, TantivyDocument};

/// What the index records about a source file, on the file's last passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRecord {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub mtime: u64,
    /// The xxh3 hash of the file's bytes.
    pub hash: u64,
}

/// Builds the document of one passage. `seq` is the passage's and `article_key` its article's
/// (the `seq` of its first passage); `file` is the file's corpus-relative path (the key that
/// re-indexing deletes by).
pub(super) fn passage_document(
    fields: &Fields,
    article: &Article,
    passage: &Passage,
    (seq, article_key): (u64, u64),
    entities: &Entities,
    file: &str,
) -> TantivyDocument {
    let mut doc = document(fields, article, passage, seq);
    doc.add_u64(fields.article_key, article_key);
    add_entities(&mut doc, fields, entities, passage.text(&article.text));
    doc.add_text(fields.file, file);
    doc
}

/// Adds the file's record to the document of its last passage.
pub(super) fn add_record(doc: &mut TantivyDocument, fields: &Fields, record: FileRecord) {
    doc.add_u64(fields.file_size, record.size);
    doc.add_u64(fields.file_mtime, record.mtime);
    doc.add_u64(fields.file_hash, record.hash);
}

/// Adds a passage's entities to its document.
fn add_entities(doc: &mut TantivyDocument, fields: &Fields, passage: &Entities, text: &str) {
    for actor in &passage.actors {
        doc.add_text(fields.actor, &actor.name);
    }
    // One buffer for the passage's location facets and figure terms.
    let mut term = String::new();
    for location in &passage.locations {
        doc.add_text(fields.location, &location.name);
        term.clear();
        term.push_str(&location.name);
        term.push(schema::SEPARATOR);
        term.push_str(location.country.as_deref().unwrap_or_default());
        doc.add_text(fields.location_facet, &term);
    }
    for country in &passage.countries {
        doc.add_text(fields.country, country);
    }
    for unit in passage.units() {
        doc.add_text(fields.unit, unit);
    }
    for figure in passage.figures.iter().filter(|f| f.is_countable()) {
        let unit = figure.unit.as_deref().unwrap_or_default();
        schema::write_figure_term(&mut term, unit, figure.value);
        doc.add_text(fields.figure, &term);
    }
    if !passage.is_empty() {
        doc.add_bytes(fields.entities, &passage.to_bytes(text));
    }
}

/// Builds the tantivy document of one passage.
fn document(fields: &Fields, article: &Article, passage: &Passage, seq: u64) -> TantivyDocument {
    // Room for the texts the document copies, so that it is not grown field by field.
    let text = passage.end.saturating_sub(passage.start);
    let mut doc = TantivyDocument::with_capacity(text + 2 * article.title.len() + 256);
    doc.add_text(fields.article_id, &article.id);
    doc.add_text(fields.path, &article.path);
    // Indexed once per article (`title:` queries reach the article's other passages through
    // `article_key`, see `search`), stored on every passage for display.
    if passage.number == 1 {
        doc.add_text(fields.title, &article.title);
    }
    doc.add_text(fields.title_text, &article.title);
    if let Some(date) = &article.date {
        doc.add_date(fields.date, DateTime::from_timestamp_secs(date.timestamp));
        doc.add_text(fields.date_text, &date.text);
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    doc.add_u64(fields.passage, u64::from(passage.number));
    doc.add_u64(fields.start, passage.start as u64);
    doc.add_u64(fields.end, passage.end as u64);
    doc.add_text(fields.text, passage.text(&article.text));
    doc.add_u64(fields.seq, seq);
    doc
}
