//! The index: the only place that builds tantivy documents. It walks a corpus, reads each file,
//! splits articles into passages and writes them into a tantivy index, reporting progress and
//! problems to an [`Observer`] rather than to the terminal.

pub mod schema;

use crate::article::Article;
use crate::corpus::{self, FileEntry, Skipped, Warning};
use crate::entity::Entities;
use crate::error::{Error, Result};
use crate::extract;
use crate::passage;
use schema::Fields;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument};

/// The file newsdex writes beside tantivy's own, to recognise its indexes and their version.
pub const MARKER_FILE: &str = "newsdex.json";

/// The writer's memory budget per indexing thread.
pub const MEMORY_PER_THREAD: usize = 128 * 1024 * 1024;

/// What to index and where.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// The corpus folder (or a single file).
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// Indexing threads for the tantivy writer; 0 means one per core (at most 8).
    pub threads: usize,
}

/// What a build did: counts for the summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexSummary {
    /// Files that gave at least one article.
    pub files: u64,
    /// Articles indexed.
    pub articles: u64,
    /// Passages indexed.
    pub passages: u64,
    /// Bytes of the files read.
    pub bytes: u64,
    /// Files left out, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Warnings, by kind.
    pub warnings: BTreeMap<String, u64>,
    /// Wall-clock time of the whole build.
    #[serde(skip)]
    pub elapsed: Duration,
}

impl IndexSummary {
    /// Megabytes (10^6 bytes) read per second.
    pub fn mb_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64().max(1e-9);
        self.bytes as f64 / 1e6 / seconds
    }
}

/// Receives progress and problems while an index is built. Every method has an empty default.
pub trait Observer {
    /// Called once the corpus has been walked, before reading starts.
    fn started(&mut self, _files: u64, _bytes: u64) {}
    /// Called after each file, whether it was indexed or skipped.
    fn file_done(&mut self, _bytes: u64) {}
    /// Called for each file left out.
    fn skipped(&mut self, _skipped: &Skipped) {}
    /// Called for each problem inside a file that did not stop it being indexed.
    fn warning(&mut self, _warning: &Warning) {}
    /// Called when all files are read and the index is being committed.
    fn committing(&mut self) {}
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}

/// What newsdex records about an index, in [`MARKER_FILE`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Marker {
    /// The schema version ([`schema::SCHEMA_VERSION`] when it was built).
    pub schema_version: u32,
    /// The version of newsdex that built it.
    pub newsdex_version: String,
    /// The extractor version ([`extract::EXTRACTOR_VERSION`] when it was built); 0 if unknown.
    #[serde(default)]
    pub extractor_version: u32,
    /// The corpus it was built from.
    pub corpus: String,
}

/// Reads the marker of the index at `path`, if there is one.
pub fn marker(path: &Path) -> Option<Marker> {
    let bytes = std::fs::read(path.join(MARKER_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The size on disk of the files in the index folder, in bytes.
pub fn size_on_disk(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.metadata().ok())
        .filter(|meta| meta.is_file())
        .map(|meta| meta.len())
        .sum()
}

/// Tells whether a folder holds a newsdex index.
pub fn exists(index: &Path) -> bool {
    index.join(MARKER_FILE).is_file() && index.join("meta.json").is_file()
}

/// Tells whether a folder holds a newsdex index this version can search: same schema version.
pub fn is_current(index: &Path) -> bool {
    exists(index) && marker(index).is_some_and(|m| m.schema_version == schema::SCHEMA_VERSION)
}

/// Builds the index of a corpus from scratch: every file is read, split and written, and the
/// result is committed once. Running it again on the same corpus gives the same index.
///
/// # Errors
/// Fails when the corpus does not exist, or the index folder cannot be created or written. Bad
/// files do not fail the build: they are passed to the observer and counted.
pub fn build(config: &IndexConfig, observer: &mut dyn Observer) -> Result<IndexSummary> {
    let started = Instant::now();
    if let Err(source) = std::fs::metadata(&config.corpus) {
        return Err(Error::io(&config.corpus, source));
    }
    let (index, fields) = create_or_reset(&config.index, &config.corpus)?;
    let threads = match config.threads {
        0 => std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8),
        n => n,
    };
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, threads * MEMORY_PER_THREAD)
        .map_err(|e| Error::index(&config.index, e))?;
    writer
        .delete_all_documents()
        .map_err(|e| Error::index(&config.index, e))?;

    let mut summary = IndexSummary::default();
    let mut entries = Vec::new();
    for item in corpus::walk(&config.corpus, Some(&config.index)) {
        match item {
            Ok(entry) => entries.push(entry),
            Err(skipped) => record_skip(&mut summary, observer, &skipped),
        }
    }
    let total_bytes = entries.iter().map(|e| e.size).sum();
    observer.started(entries.len() as u64, total_bytes);

    let mut seq = 0u64;
    for entry in &entries {
        index_file(entry, &fields, &writer, &mut seq, &mut summary, observer)
            .map_err(|e| Error::index(&config.index, e))?;
        summary.bytes += entry.size;
        observer.file_done(entry.size);
    }
    observer.committing();
    writer
        .commit()
        .map_err(|e| Error::index(&config.index, e))?;
    writer
        .wait_merging_threads()
        .map_err(|e| Error::index(&config.index, e))?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn record_skip(summary: &mut IndexSummary, observer: &mut dyn Observer, skipped: &Skipped) {
    *summary
        .skipped
        .entry(skipped.reason.label().to_string())
        .or_default() += 1;
    observer.skipped(skipped);
}

/// Reads one file and adds its passages to the writer.
fn index_file(
    entry: &FileEntry,
    fields: &Fields,
    writer: &IndexWriter<TantivyDocument>,
    seq: &mut u64,
    summary: &mut IndexSummary,
    observer: &mut dyn Observer,
) -> tantivy::Result<()> {
    let parsed = match corpus::read_file(entry) {
        Ok(parsed) => parsed,
        Err(skipped) => {
            record_skip(summary, observer, &skipped);
            return Ok(());
        }
    };
    for warning in &parsed.warnings {
        *summary
            .warnings
            .entry(warning.kind.label().to_string())
            .or_default() += 1;
        observer.warning(warning);
    }
    summary.files += 1;
    for article in &parsed.articles {
        summary.articles += 1;
        let mentions = extract::mentions(&article.text);
        let whole = Entities::of_all(&mentions);
        for passage in passage::split(&article.text) {
            let entities = Entities::of(&mentions, passage.start..passage.end);
            let mut doc = document(fields, article, &passage, *seq);
            add_entities(&mut doc, fields, &entities, &whole);
            writer.add_document(doc)?;
            *seq += 1;
            summary.passages += 1;
        }
    }
    Ok(())
}

/// Adds a passage's entities, and its article's, to its document.
fn add_entities(
    doc: &mut TantivyDocument,
    fields: &Fields,
    passage: &Entities,
    article: &Entities,
) {
    for actor in &passage.actors {
        doc.add_text(fields.actor, &actor.name);
    }
    for location in &passage.locations {
        doc.add_text(fields.location, &location.name);
        let country = location.country.as_deref().unwrap_or_default();
        let facet = format!("{}{}{country}", location.name, schema::SEPARATOR);
        doc.add_text(fields.location_facet, &facet);
    }
    for country in &passage.countries {
        doc.add_text(fields.country, country);
    }
    for unit in passage.units() {
        doc.add_text(fields.unit, unit);
    }
    for figure in passage.figures.iter().filter(|f| f.is_countable()) {
        let unit = figure.unit.as_deref().unwrap_or_default();
        doc.add_text(fields.figure, schema::figure_term(unit, figure.value));
    }
    for actor in &article.actors {
        doc.add_text(fields.article_actor, &actor.name);
    }
    for location in &article.locations {
        doc.add_text(fields.article_location, &location.name);
    }
    for country in &article.countries {
        doc.add_text(fields.article_country, country);
    }
    for figure in article.figures.iter().filter(|f| f.is_countable()) {
        let unit = figure.unit.as_deref().unwrap_or_default();
        doc.add_text(
            fields.article_figure,
            schema::figure_term(unit, figure.value),
        );
    }
    if !passage.is_empty() {
        if let Ok(json) = serde_json::to_string(passage) {
            doc.add_text(fields.entities, json);
        }
    }
}

/// Builds the tantivy document of one passage.
fn document(
    fields: &Fields,
    article: &Article,
    passage: &passage::Passage,
    seq: u64,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.article_id, &article.id);
    doc.add_text(fields.path, &article.path);
    doc.add_text(fields.title, &article.title);
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
    doc.add_u64(fields.article_key, schema::article_key(&article.id));
    doc
}

/// Opens the index at `path` for rewriting, or creates it. An index of another schema version is
/// removed first; a non-empty folder that is not a newsdex index is refused.
fn create_or_reset(path: &Path, corpus: &Path) -> Result<(Index, Fields)> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
    let (schema, fields) = schema::build();
    let marker_path = path.join(MARKER_FILE);
    let current = std::fs::read(&marker_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Marker>(&bytes).ok());
    let reusable = match &current {
        Some(marker) if marker.schema_version == schema::SCHEMA_VERSION => Index::open_in_dir(path)
            .ok()
            .filter(|index| index.schema() == schema),
        _ => None,
    };
    let index = match reusable {
        Some(index) => index,
        None => {
            if current.is_some() {
                remove_index_files(path)?;
            } else {
                ensure_empty(path)?;
            }
            Index::create_in_dir(path, schema).map_err(|e| Error::index(path, e))?
        }
    };
    schema::register_tokenizers(&index);
    let marker = Marker {
        schema_version: schema::SCHEMA_VERSION,
        newsdex_version: env!("CARGO_PKG_VERSION").to_string(),
        extractor_version: extract::EXTRACTOR_VERSION,
        corpus: corpus.display().to_string(),
    };
    let json = serde_json::to_vec_pretty(&marker).map_err(|e| Error::index(path, e))?;
    std::fs::write(&marker_path, json).map_err(|e| Error::io(&marker_path, e))?;
    Ok((index, fields))
}

/// Refuses to write an index into a folder that holds anything but dotfiles.
fn ensure_empty(path: &Path) -> Result<()> {
    let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(path, e))?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            return Err(Error::index(
                path,
                "the folder is not empty and holds no newsdex index; choose another --index folder",
            ));
        }
    }
    Ok(())
}

/// Removes the files of an old newsdex index, keeping anything else (such as `.gitignore`).
fn remove_index_files(path: &Path) -> Result<()> {
    let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(path, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name == MARKER_FILE
            || name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy")
            || name
                .rsplit_once('.')
                .is_some_and(|(stem, _)| stem.len() == 32);
        if ours && entry.path().is_file() {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}
