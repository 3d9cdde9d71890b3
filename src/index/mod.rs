//! The index: the only place that builds tantivy documents. It walks a corpus, reads each file,
//! splits articles into passages, extracts their entities and writes them into a tantivy index,
//! reporting progress and problems to an [`Observer`] rather than to the terminal.
//!
//! A build is incremental: files whose size and modification time are unchanged are left alone,
//! changed files (confirmed by a content hash) are re-indexed, new files are added and files
//! that are gone are removed. Reading, parsing, splitting and extraction run on every core; the
//! tantivy writer's own threads index what they produce. The index is committed every
//! [`IndexConfig::commit_every`] and at the end, so a crash loses at most one interval, and the
//! next run picks up what is missing. One indexer at a time holds the index's [`lock`].

pub mod analyzer;
mod document;
pub mod lock;
pub mod manifest;
mod queue;
pub mod schema;

pub use document::FileRecord;

use crate::corpus::{self, FileEntry, Skipped, Warning};
use crate::entity::Entities;
use crate::error::{Error, Result};
use crate::extract;
use crate::passage;
use queue::{Queue, Queued};
use schema::Fields;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};
use tantivy::indexer::UserOperation;
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument, Term};

/// The file newsdex writes beside tantivy's own, to recognise its indexes and their version.
pub const MARKER_FILE: &str = "newsdex.json";

/// How often the indexing thread reads the workers' reports (and updates the progress bar).
const REPORTS_EVERY: Duration = Duration::from_millis(20);

/// The writer's memory budget per indexing thread.
pub const MEMORY_PER_THREAD: usize = 256 * 1024 * 1024;

/// The writer's whole memory budget at most, however many threads it has.
pub const MEMORY_AT_MOST: usize = 1024 * 1024 * 1024;

/// How often a long build commits by default.
pub const COMMIT_EVERY: Duration = Duration::from_secs(60);

/// Passages per file in the `seq` tie-breaker: a file's passages are numbered from
/// `file_ordinal << SEQ_BITS`, where a file's ordinal is its place in the corpus walk, after
/// the files of earlier runs. So `seq` is unique within an index, and an article is known by the
/// `seq` of its first passage (its `article_key`).
const SEQ_BITS: u32 = 24;

/// A worker sends a file's passages to the writer once it has about this many, at the end of
/// an article.
const PASSAGES_PER_BATCH: usize = 256;

/// What to index and where.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// The corpus folder (or a single file).
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// Threads for reading and extraction, and for the tantivy writer; 0 means one per core
    /// (at most 8).
    pub threads: usize,
    /// Re-index every file, even unchanged ones.
    pub rebuild: bool,
    /// Commit at least this often during a long build.
    pub commit_every: Duration,
}

impl IndexConfig {
    /// An incremental build of `corpus` into `index`, on every core, committing every minute.
    pub fn new(corpus: impl Into<PathBuf>, index: impl Into<PathBuf>) -> Self {
        IndexConfig {
            corpus: corpus.into(),
            index: index.into(),
            threads: 0,
            rebuild: false,
            commit_every: COMMIT_EVERY,
        }
    }
}

/// What a build did: counts for the summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexSummary {
    /// Files read that gave at least one article.
    pub files: u64,
    /// Articles indexed in this run.
    pub articles: u64,
    /// Passages indexed in this run.
    pub passages: u64,
    /// Bytes of the files read in this run.
    pub bytes: u64,
    /// Files new to the index.
    pub added: u64,
    /// Files whose content changed, re-indexed.
    pub updated: u64,
    /// Files gone from the corpus, removed from the index.
    pub removed: u64,
    /// Files left alone: same size and time, or same content.
    pub unchanged: u64,
    /// Why every file was re-indexed, when it was (`--rebuild`, a new extractor, a new schema).
    pub rebuilt: Option<String>,
    /// Commits made.
    pub commits: u64,
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
    /// Called once the corpus has been walked and compared with the index, before reading
    /// starts: the files and bytes to read.
    fn started(&mut self, _files: u64, _bytes: u64) {}
    /// Called after each file, whether it was indexed, unchanged or skipped.
    fn file_done(&mut self, _bytes: u64) {}
    /// Called for each file left out.
    fn skipped(&mut self, _skipped: &Skipped) {}
    /// Called for each problem inside a file that did not stop it being indexed.
    fn warning(&mut self, _warning: &Warning) {}
    /// Called before each commit.
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

/// A file to read, and what the index knew of it.
struct Job<'a> {
    ordinal: u64,
    entry: &'a FileEntry,
    mtime: u64,
    known: Option<FileRecord>,
}

/// What a worker tells the main thread about one file.
enum Report {
    /// Read and indexed (added, or updated when `known`).
    Indexed {
        bytes: u64,
        known: bool,
        articles: u64,
        passages: u64,
        warnings: Vec<Warning>,
    },
    /// Touched but with the same content: left alone.
    Unchanged { bytes: u64 },
    /// Left out (and, if the index had it, removed).
    Skipped {
        bytes: u64,
        known: bool,
        skipped: Skipped,
    },
    /// The writer failed: the build stops.
    Failed(String),
}

/// Builds or updates the index of a corpus. Unchanged files are left alone, new and changed
/// files are indexed, files gone from the corpus are removed; `config.rebuild`, a new schema or
/// a new extractor re-index everything. Running it twice on the same corpus gives the same
/// search results.
///
/// # Errors
/// Fails when the corpus does not exist, the index folder cannot be created or written, or
/// another process holds the index's lock. Bad files do not fail the build: they are passed to
/// the observer and counted.
pub fn build(config: &IndexConfig, observer: &mut dyn Observer) -> Result<IndexSummary> {
    let started = Instant::now();
    if let Err(source) = std::fs::metadata(&config.corpus) {
        return Err(Error::io(&config.corpus, source));
    }
    std::fs::create_dir_all(&config.index).map_err(|e| Error::io(&config.index, e))?;
    if marker(&config.index).is_none() {
        ensure_empty(&config.index)?;
    }
    let _lock = lock::IndexLock::acquire(&config.index)?;
    // The extractor's start-up overlaps the walk below instead of holding up the first files.
    // The thread only fills the extractor's statics, so it is left to finish on its own.
    drop(std::thread::spawn(extract::warm_up));
    let mut summary = IndexSummary::default();
    let (index, fields, rebuilt) = open_or_create(&config.index, config.rebuild)?;
    let err = |e: tantivy::TantivyError| Error::index(&config.index, e);
    let threads = match config.threads {
        0 => std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8),
        n => n,
    };
    let mut writer: IndexWriter<Queued> = index
        .writer_with_num_threads(threads, (threads * MEMORY_PER_THREAD).min(MEMORY_AT_MOST))
        .map_err(err)?;
    let (known, first_ordinal) = match &rebuilt {
        Some(reason) => {
            // Start from an empty index, committed, so that a crash from here on resumes
            // incrementally rather than from the old index.
            writer.delete_all_documents().map_err(err)?;
            writer.commit().map_err(err)?;
            summary.rebuilt = Some(reason.clone());
            (HashMap::new(), 0)
        }
        None => {
            let searcher = index.reader().map_err(err)?.searcher();
            let next = manifest::last_seq(&searcher, &config.index)?
                .map_or(0, |seq| (seq >> SEQ_BITS) + 1);
            (manifest::read(&searcher, &config.index)?, next)
        }
    };
    write_marker(&config.index, &config.corpus)?;

    // Compare the corpus with the index.
    let mut entries = Vec::new();
    for item in corpus::walk(&config.corpus, Some(&config.index)) {
        match item {
            Ok(entry) => entries.push(entry),
            Err(skipped) => record_skip(&mut summary, observer, &skipped),
        }
    }
    let present: HashSet<&str> = entries.iter().map(|e| e.relative.as_str()).collect();
    let mut gone: Vec<&String> = known
        .keys()
        .filter(|f| !present.contains(f.as_str()))
        .collect();
    gone.sort();
    for file in gone {
        writer.delete_term(Term::from_field_text(fields.file, file));
        summary.removed += 1;
    }
    let mut jobs = Vec::new();
    for (ordinal, entry) in entries.iter().enumerate() {
        let mtime = manifest::mtime(&entry.path);
        let known = known.get(&entry.relative).copied();
        if known.is_some_and(|k| k.size == entry.size && k.mtime == mtime) {
            summary.unchanged += 1;
            continue;
        }
        jobs.push(Job {
            ordinal: first_ordinal + ordinal as u64,
            entry,
            mtime,
            known,
        });
    }
    let total_bytes = jobs.iter().map(|j| j.entry.size).sum();
    observer.started(jobs.len() as u64, total_bytes);

    // Read and extract on every core; commit between files now and then.
    let writer = RwLock::new(writer);
    let waiting = Queue::new(queue::WAITING_AT_MOST);
    let queue = Mutex::new(jobs.into_iter());
    let (sender, reports) = mpsc::channel::<Report>();
    let mut failure = None;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (queue, writer, waiting, fields) = (&queue, &writer, &waiting, &fields);
            scope.spawn(move || worker(queue, (writer, waiting), fields, &sender));
        }
        drop(sender);
        let mut last_commit = Instant::now();
        // The reports are read a few times a second rather than as they come: a thread blocked
        // on the channel is woken by every file's report, and with many small files those
        // wake-ups take the cores from the workers.
        let mut done = false;
        while !done {
            std::thread::sleep(REPORTS_EVERY);
            loop {
                match reports.try_recv() {
                    Ok(Report::Failed(message)) => {
                        failure.get_or_insert(message);
                        // Drain the queue so that the other workers stop.
                        if let Ok(mut queue) = queue.lock() {
                            queue.by_ref().for_each(drop);
                        }
                    }
                    Ok(report) => account(report, &mut summary, observer),
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        done = true;
                        break;
                    }
                }
            }
            if !done && failure.is_none() && last_commit.elapsed() >= config.commit_every {
                observer.committing();
                let committed = writer
                    .write()
                    .map_err(|_| "the writer lock was poisoned".to_string())
                    .and_then(|mut w| w.commit().map_err(|e| e.to_string()));
                match committed {
                    Ok(_) => summary.commits += 1,
                    Err(message) => failure = Some(message),
                }
                last_commit = Instant::now();
            }
        }
    });
    if let Some(message) = failure {
        return Err(Error::index(&config.index, message));
    }
    let mut writer = writer
        .into_inner()
        .map_err(|_| Error::index(&config.index, "the writer lock was poisoned"))?;
    observer.committing();
    writer.commit().map_err(err)?;
    summary.commits += 1;
    writer.wait_merging_threads().map_err(err)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Adds one worker's report to the summary and tells the observer.
fn account(report: Report, summary: &mut IndexSummary, observer: &mut dyn Observer) {
    match report {
        Report::Indexed {
            bytes,
            known,
            articles,
            passages,
            warnings,
        } => {
            for warning in &warnings {
                *summary
                    .warnings
                    .entry(warning.kind.label().to_string())
                    .or_default() += 1;
                observer.warning(warning);
            }
            summary.files += 1;
            summary.articles += articles;
            summary.passages += passages;
            summary.bytes += bytes;
            if known {
                summary.updated += 1;
            } else {
                summary.added += 1;
            }
            observer.file_done(bytes);
        }
        Report::Unchanged { bytes } => {
            summary.unchanged += 1;
            summary.bytes += bytes;
            observer.file_done(bytes);
        }
        Report::Skipped {
            bytes,
            known,
            skipped,
        } => {
            summary.removed += u64::from(known);
            summary.bytes += bytes;
            record_skip(summary, observer, &skipped);
            observer.file_done(bytes);
        }
        Report::Failed(_) => {}
    }
}

/// Takes files from the queue until it is empty: hashes each, and reads, splits, extracts and
/// adds the ones whose content is new. A file's documents are added under a read lock of the
/// writer, so that a commit (which takes the write lock) never splits a file.
fn worker(
    queue: &Mutex<std::vec::IntoIter<Job<'_>>>,
    writer: Sink<'_>,
    fields: &Fields,
    reports: &mpsc::Sender<Report>,
) {
    loop {
        let job = match queue.lock() {
            Ok(mut queue) => queue.next(),
            Err(_) => None,
        };
        let Some(job) = job else { return };
        let report = index_file(&job, writer, fields);
        if reports.send(report).is_err() {
            return;
        }
    }
}

/// The writer, and the count of documents waiting for it.
type Sink<'a> = (&'a RwLock<IndexWriter<Queued>>, &'a Arc<Queue>);

/// Indexes one file (see [`worker`]).
fn index_file(job: &Job<'_>, (writer, waiting): Sink<'_>, fields: &Fields) -> Report {
    let entry = job.entry;
    let bytes = entry.size;
    let known = job.known.is_some();
    // A touched file whose content is the same is left alone. A new file is hashed as it is read.
    if let Some(record) = job.known {
        if manifest::hash_file(&entry.path).is_ok_and(|hash| hash == record.hash) {
            return Report::Unchanged { bytes };
        }
    }
    let Ok(writer) = writer.read() else {
        return Report::Failed("the writer lock was poisoned".to_string());
    };
    if known {
        writer.delete_term(Term::from_field_text(fields.file, &entry.relative));
    }
    let (mut articles, mut passages) = (0u64, 0u64);
    let mut seq = job.ordinal << SEQ_BITS;
    let mut failed = None;
    let mut warnings = Vec::new();
    // A file's passages go to the writer in batches of whole articles, so that they sit side by
    // side in one segment: `seq`, `article_key` and the stored fields then compress far better
    // than when two workers' passages interleave. A batch is sent only when an article with
    // passages follows it, so the last batch holds the file's last passage.
    let mut batch: Vec<TantivyDocument> = Vec::new();
    // A batch waits for room among the documents the writer has yet to index, so that memory
    // stays bounded however far the workers get ahead (see `queue`).
    let send = |batch: &mut Vec<TantivyDocument>| {
        let slots = waiting.admit(batch.len());
        let operations: Vec<UserOperation<Queued>> = batch
            .drain(..)
            .zip(slots)
            .map(|(doc, slot)| UserOperation::Add(Queued::new(doc, slot)))
            .collect();
        writer.run(operations).map(|_| ())
    };
    // Articles arrive one at a time (a JSON Lines file is streamed), so memory stays bounded
    // whatever the file's size.
    let streamed = corpus::stream_file_hashed(
        entry,
        &mut |article| {
            if failed.is_some() {
                return;
            }
            articles += 1;
            let split = passage::split(&article.text);
            if split.is_empty() {
                return;
            }
            if batch.len() >= PASSAGES_PER_BATCH {
                if let Err(e) = send(&mut batch) {
                    failed = Some(format!("{}: {e}", entry.path.display()));
                    return;
                }
            }
            let article_key = seq;
            let mentions = extract::mentions(&article.text);
            for passage in split {
                let entities = Entities::of(&mentions, passage.start..passage.end);
                let doc = document::passage_document(
                    fields,
                    &article,
                    &passage,
                    (seq, article_key),
                    &entities,
                    &entry.relative,
                );
                batch.push(doc);
                seq += 1;
                passages += 1;
            }
        },
        &mut |warning| warnings.push(warning),
    );
    // The file's record goes on its last passage, now that the file has been read and hashed.
    if let (Ok(hash), Some(doc)) = (&streamed, batch.last_mut()) {
        let record = FileRecord {
            size: bytes,
            mtime: job.mtime,
            hash: *hash,
        };
        document::add_record(doc, fields, record);
    }
    if failed.is_none() {
        if let Err(e) = send(&mut batch) {
            failed = Some(format!("{}: {e}", entry.path.display()));
        }
    }
    if let Some(message) = failed {
        return Report::Failed(message);
    }
    match streamed {
        Ok(_) => Report::Indexed {
            bytes,
            known,
            articles,
            passages,
            warnings,
        },
        Err(skipped) => Report::Skipped {
            bytes,
            known,
            skipped,
        },
    }
}

fn record_skip(summary: &mut IndexSummary, observer: &mut dyn Observer, skipped: &Skipped) {
    *summary
        .skipped
        .entry(skipped.reason.label().to_string())
        .or_default() += 1;
    observer.skipped(skipped);
}

/// Writes the marker (atomically: a temporary file renamed over the old one).
fn write_marker(path: &Path, corpus: &Path) -> Result<()> {
    let marker = Marker {
        schema_version: schema::SCHEMA_VERSION,
        newsdex_version: env!("CARGO_PKG_VERSION").to_string(),
        extractor_version: extract::EXTRACTOR_VERSION,
        corpus: corpus.display().to_string(),
    };
    let json = serde_json::to_vec_pretty(&marker).map_err(|e| Error::index(path, e))?;
    let temporary = path.join(format!("{MARKER_FILE}.tmp"));
    std::fs::write(&temporary, json).map_err(|e| Error::io(&temporary, e))?;
    let target = path.join(MARKER_FILE);
    std::fs::rename(&temporary, &target).map_err(|e| Error::io(&target, e))
}

/// Opens the index at `path`, or creates it. An index of another schema version is removed
/// first; a non-empty folder that is not a newsdex index is refused. Returns why every file
/// must be re-indexed, if it must: a new index, `--rebuild`, or a new extractor.
fn open_or_create(path: &Path, rebuild: bool) -> Result<(Index, Fields, Option<String>)> {
    let (schema, fields) = schema::build();
    let current = marker(path);
    let reusable = match &current {
        Some(marker) if marker.schema_version == schema::SCHEMA_VERSION => Index::open_in_dir(path)
            .ok()
            .filter(|index| index.schema() == schema),
        _ => None,
    };
    let (index, reason) = match (reusable, &current) {
        (Some(index), Some(marker)) => {
            let reason = if rebuild {
                Some("--rebuild".to_string())
            } else if marker.extractor_version != extract::EXTRACTOR_VERSION {
                Some(format!(
                    "the extractor changed (version {} to {})",
                    marker.extractor_version,
                    extract::EXTRACTOR_VERSION
                ))
            } else {
                None
            };
            (index, reason)
        }
        (_, current) => {
            let reason = match current {
                Some(marker) => {
                    remove_index_files(path)?;
                    Some(format!(
                        "the index schema changed (version {} to {})",
                        marker.schema_version,
                        schema::SCHEMA_VERSION
                    ))
                }
                None => {
                    ensure_empty(path)?;
                    None
                }
            };
            let index = Index::builder()
                .schema(schema)
                .settings(settings())
                .create_in_dir(path)
                .map_err(|e| Error::index(path, e))?;
            (index, reason)
        }
    };
    schema::register_tokenizers(&index);
    Ok((index, fields, reason))
}

/// The settings of a new index: tantivy's, except that each indexing thread compresses its own
/// blocks of stored documents. By default tantivy hands every 16 KB block to a compressing
/// thread of its own per segment, so that with two indexing threads six threads take turns on
/// the cores, and the hand-offs were half of all context switches while indexing.
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    }
}

/// Refuses to write an index into a folder that holds anything but dotfiles.
fn ensure_empty(path: &Path) -> Result<()> {
    let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(path, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && name != lock::LOCK_FILE {
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
