//! A bare tantivy baseline for `benches/e2e.py`: the passages newsdex indexes, with no entity
//! extraction.
//!
//! It walks, reads and splits the corpus with the newsdex library itself
//! ([`newsdex::corpus::walk`], [`newsdex::corpus::read_file`], [`newsdex::passage::split`]), so
//! both indexers see exactly the same passages, and writes them into a plain tantivy schema: `id`
//! and `title` stored, `text` stored and indexed with `en_stem` and positions. The writer has the
//! same memory budget per thread as newsdex and commits once. What is left is what newsdex adds:
//! entity extraction and its entity, date and tie-breaker fields. With `--stored newsdex` it
//! also stores newsdex's other stored fields (article id, path, date, source, URL, passage
//! number and range), for comparing index sizes with the same stored fields.
//!
//! ```text
//! cargo bench --bench bare_tantivy -- index CORPUS --index DIR [--threads 2] [--stored newsdex]
//! cargo bench --bench bare_tantivy -- dump CORPUS --out passages.jsonl
//! cargo bench --bench bare_tantivy -- space DIR
//! cargo bench --bench bare_tantivy -- query --bare DIR [--newsdex DIR] [--runs 200]
//! ```
//!
//! Every subcommand takes `--json` for output that scripts read.
//!
//! - `index` prints the wall time (walk, read, split, index, commit and merges, as newsdex's own
//!   summary counts it), MB/s (bytes of the input files over that time) and the index size.
//! - `space` prints where an index's bytes go, by part and field (bare or newsdex index).
//! - `dump` writes the passages as JSON Lines (`id`, `title`, `text`) for `benches/fts5.py`.
//! - `query` runs top-10 term, phrase, AND and OR queries in this process, each `--runs` times
//!   after one warm-up, and prints p50/p99 in milliseconds. With `--newsdex DIR` it also runs the
//!   same queries through [`newsdex::search::Archive`] (plain, with a country filter and with
//!   facets), interleaved with the bare ones so that machine noise hits both alike. The bare
//!   search does the work a newsdex search needs at the least: it parses the query, ranks the top
//!   ten by BM25, counts every hit and loads the ten stored documents.
//!
//! Built with `--features bare-mimalloc`, it allocates with mimalloc, as the newsdex binary does;
//! by default it uses the system allocator, as a bare tantivy program does.
//!
//! Run with no subcommand (as `cargo bench` does with all benches), it does nothing.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use newsdex::article::Article;
use newsdex::corpus;
use newsdex::passage::{self, Passage};
use newsdex::search::{Archive, FacetRequest, SearchRequest};
use serde_json::json;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

/// The newsdex binary's allocator, with `--features bare-mimalloc`.
#[cfg(feature = "bare-mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The writer's memory budget per indexing thread: newsdex's `index::MEMORY_PER_THREAD`.
const MEMORY_PER_THREAD: usize = 256 * 1024 * 1024;

/// The hits each query asks for.
const TOP: usize = 10;

/// The default queries, as (label, query): the kinds the issue names.
const QUERIES: [(&str, &str); 4] = [
    ("term", "oil"),
    ("phrase", "\"crude oil\""),
    ("and", "oil AND prices"),
    ("or", "coffee OR cocoa OR sugar"),
];

#[derive(Parser)]
#[command(about = "A bare tantivy baseline of newsdex's passages (see benches/e2e.py)")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, global = true, hide = true)]
    bench: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Indexes a corpus's passages into a plain tantivy index.
    Index {
        /// The corpus folder (or file).
        corpus: PathBuf,
        /// The index folder; an existing tantivy index there is replaced.
        #[arg(long)]
        index: PathBuf,
        /// Writer threads.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// The fields to store besides the text.
        #[arg(long, value_enum, default_value = "minimal")]
        stored: Stored,
        /// Print the summary as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Writes a corpus's passages as JSON Lines: `{"id", "title", "text"}`.
    Dump {
        /// The corpus folder (or file).
        corpus: PathBuf,
        /// The output file.
        #[arg(long)]
        out: PathBuf,
        /// Print the summary as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Prints where an index's bytes go (any tantivy index: bare or newsdex), by part and field.
    Space {
        /// The index folder.
        index: PathBuf,
        /// Print one JSON object instead of a Markdown table.
        #[arg(long)]
        json: bool,
    },
    /// Times top-10 queries in this process and prints p50/p99.
    Query {
        /// A bare index made by `index`.
        #[arg(long)]
        bare: Option<PathBuf>,
        /// A newsdex index, to time `Archive::search` in the same run.
        #[arg(long)]
        newsdex: Option<PathBuf>,
        /// Timed runs of each query (after one warm-up run).
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// The country of newsdex's filtered variant.
        #[arg(long, default_value = "US")]
        country: String,
        /// Which newsdex variants to time.
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "plain,country,facets"
        )]
        variants: Vec<Variant>,
        /// A query as `label=query` (repeatable); default: term, phrase, AND and OR queries.
        #[arg(long = "query", value_parser = parse_labelled)]
        queries: Vec<(String, String)>,
        /// Print one JSON object per line instead of a Markdown table.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Index {
            corpus,
            index,
            threads,
            stored,
            json,
        }) => {
            let summary = build_index(&corpus, &index, threads, stored)?;
            summary.print(json, Some(&index));
        }
        Some(Command::Dump { corpus, out, json }) => {
            let summary = dump(&corpus, &out)?;
            summary.print(json, None);
        }
        Some(Command::Space { index, json }) => print_space(&index, json)?,
        Some(Command::Query {
            bare,
            newsdex,
            runs,
            country,
            variants,
            queries,
            json,
        }) => {
            let queries = if queries.is_empty() {
                QUERIES
                    .iter()
                    .map(|&(label, query)| (label.to_string(), query.to_string()))
                    .collect()
            } else {
                queries
            };
            let engines = engines(bare.as_deref(), newsdex.as_deref(), &country, &variants)?;
            if engines.is_empty() {
                bail!("nothing to time: give --bare DIR, --newsdex DIR or both");
            }
            let timings = time_queries(&engines, &queries, runs.max(1))?;
            print_timings(&timings, json);
        }
        None if cli.bench => {
            eprintln!("bare_tantivy: run by `cargo bench`; nothing to do (see benches/e2e.py)")
        }
        None => bail!("no subcommand: see --help"),
    }
    Ok(())
}

/// The ways newsdex's searches are timed.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Variant {
    /// The query alone.
    Plain,
    /// With the `--country` filter.
    Country,
    /// With facets of every dimension.
    Facets,
}

/// Which fields the bare index stores besides the text.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Stored {
    /// A passage id (`article id/passage number`) and the title.
    Minimal,
    /// Every field newsdex stores that needs no extraction: article id, path, title, date,
    /// source, URL, passage number and byte range. Only the entities JSON is missing.
    Newsdex,
}

/// The fields of the bare schema; the metadata fields exist with `--stored newsdex` only.
struct Fields {
    id: Field,
    title: Field,
    text: Field,
    metadata: Option<Metadata>,
}

/// The stored metadata fields of `--stored newsdex`.
struct Metadata {
    path: Field,
    date_text: Field,
    source: Field,
    url: Field,
    passage: Field,
    start: Field,
    end: Field,
}

/// The bare schema: `id` (one term) and `title` stored, `text` stored with positions and English
/// stemming, and with `--stored newsdex` newsdex's other stored fields.
fn schema(stored: Stored) -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let id = builder.add_text_field("id", STRING | STORED);
    let metadata = (stored == Stored::Newsdex).then(|| Metadata {
        path: builder.add_text_field("path", STORED),
        date_text: builder.add_text_field("date_text", STORED),
        source: builder.add_text_field("source", STORED),
        url: builder.add_text_field("url", STORED),
        passage: builder.add_u64_field("passage", STORED),
        start: builder.add_u64_field("start", STORED),
        end: builder.add_u64_field("end", STORED),
    });
    let fields = Fields {
        id,
        title: builder.add_text_field("title", STORED),
        text: builder.add_text_field("text", text),
        metadata,
    };
    (builder.build(), fields)
}

/// The tantivy document of one passage.
fn document(fields: &Fields, article: &Article, passage: &Passage) -> TantivyDocument {
    let mut doc = doc!(
        fields.id => passage_id(article, passage),
        fields.title => article.title.as_str(),
        fields.text => passage.text(&article.text),
    );
    if let Some(m) = &fields.metadata {
        doc.add_text(m.path, &article.path);
        if let Some(date) = &article.date {
            doc.add_text(m.date_text, &date.text);
        }
        if let Some(source) = &article.source {
            doc.add_text(m.source, source);
        }
        if let Some(url) = &article.url {
            doc.add_text(m.url, url);
        }
        doc.add_u64(m.passage, u64::from(passage.number));
        doc.add_u64(m.start, passage.start as u64);
        doc.add_u64(m.end, passage.end as u64);
    }
    doc
}

/// A passage's id: its article's id, `/`, its number.
fn passage_id(article: &Article, passage: &Passage) -> String {
    format!("{}/{}", article.id, passage.number)
}

/// What a pass over the corpus saw, and how long it took.
#[derive(Default)]
struct Summary {
    files: u64,
    skipped: u64,
    articles: u64,
    passages: u64,
    /// Bytes of every file walked (as newsdex counts them), read or skipped.
    bytes: u64,
    elapsed: Duration,
    /// The size of the output (index folder or JSON Lines file).
    output_bytes: u64,
}

impl Summary {
    fn mb_per_second(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn print(&self, json: bool, index: Option<&Path>) {
        if json {
            let object = json!({
                "files": self.files,
                "skipped": self.skipped,
                "articles": self.articles,
                "passages": self.passages,
                "bytes": self.bytes,
                "seconds": self.elapsed.as_secs_f64(),
                "mb_per_s": self.mb_per_second(),
                "output_bytes": self.output_bytes,
            });
            println!("{object}");
            return;
        }
        println!(
            "indexed {} articles, {} passages from {} files ({:.1} MB) in {:.2} s, {:.1} MB/s",
            self.articles,
            self.passages,
            self.files,
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            self.mb_per_second()
        );
        match index {
            Some(path) => println!(
                "index: {} ({:.1} MB)",
                path.display(),
                self.output_bytes as f64 / 1e6
            ),
            None => println!("output: {:.1} MB", self.output_bytes as f64 / 1e6),
        }
    }
}

/// Walks, reads and splits the corpus exactly as `newsdex::index::build` does, calling `sink` on
/// every passage in corpus order. Skipped files are counted, not reported.
fn for_each_passage(
    root: &Path,
    exclude: Option<&Path>,
    summary: &mut Summary,
    mut sink: impl FnMut(&Article, &Passage) -> Result<()>,
) -> Result<()> {
    let entries: Vec<corpus::FileEntry> = corpus::walk(root, exclude)
        .filter_map(|item| match item {
            Ok(entry) => Some(entry),
            Err(_) => {
                summary.skipped += 1;
                None
            }
        })
        .collect();
    for entry in &entries {
        summary.bytes += entry.size;
        let Ok(parsed) = corpus::read_file(entry) else {
            summary.skipped += 1;
            continue;
        };
        summary.files += 1;
        for article in &parsed.articles {
            summary.articles += 1;
            for p in passage::split(&article.text) {
                summary.passages += 1;
                sink(article, &p)?;
            }
        }
    }
    Ok(())
}

/// Indexes the corpus's passages into a new bare index at `path`, with `threads` writer threads
/// and one commit.
fn build_index(corpus: &Path, path: &Path, threads: usize, stored: Stored) -> Result<Summary> {
    let started = Instant::now();
    prepare_index_dir(path)?;
    let (schema, fields) = schema(stored);
    let index = Index::create_in_dir(path, schema)
        .with_context(|| format!("create an index in {}", path.display()))?;
    let threads = threads.max(1);
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, threads * MEMORY_PER_THREAD)
        .context("open the index writer")?;
    let mut summary = Summary::default();
    for_each_passage(corpus, Some(path), &mut summary, |article, p| {
        writer.add_document(document(&fields, article, p))?;
        Ok(())
    })?;
    writer.commit().context("commit the index")?;
    writer
        .wait_merging_threads()
        .context("wait for the merges")?;
    summary.elapsed = started.elapsed();
    summary.output_bytes = dir_size(path)?;
    Ok(summary)
}

/// Empties `path` of an earlier tantivy index, or creates it; refuses a non-empty folder that
/// is not a tantivy index.
fn prepare_index_dir(path: &Path) -> Result<()> {
    if path.join("meta.json").is_file() {
        std::fs::remove_dir_all(path)
            .with_context(|| format!("remove the old index {}", path.display()))?;
    } else if path.is_dir()
        && std::fs::read_dir(path)
            .with_context(|| format!("read {}", path.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} is not empty and holds no tantivy index; choose another --index folder",
            path.display()
        );
    }
    std::fs::create_dir_all(path).with_context(|| format!("create {}", path.display()))
}

/// The total size of the files directly in a folder (a tantivy index is flat).
fn dir_size(path: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(path).with_context(|| format!("read {}", path.display()))? {
        let metadata = entry?.metadata()?;
        if metadata.is_file() {
            total += metadata.len();
        }
    }
    Ok(total)
}

/// Writes the corpus's passages to `out` as JSON Lines.
fn dump(corpus: &Path, out: &Path) -> Result<Summary> {
    let started = Instant::now();
    let file = File::create(out).with_context(|| format!("create {}", out.display()))?;
    let mut writer = BufWriter::new(file);
    let mut summary = Summary::default();
    for_each_passage(corpus, None, &mut summary, |article, p| {
        let line = json!({
            "id": passage_id(article, p),
            "title": article.title,
            "text": p.text(&article.text),
        });
        writeln!(writer, "{line}").context("write a passage")
    })?;
    writer
        .flush()
        .with_context(|| format!("write {}", out.display()))?;
    summary.elapsed = started.elapsed();
    summary.output_bytes = std::fs::metadata(out)?.len();
    Ok(summary)
}

/// The parts of a segment that tantivy accounts per field, in table order.
const PARTS: [&str; 5] = [
    "termdict",
    "postings",
    "positions",
    "fast_fields",
    "fieldnorms",
];

/// Prints the bytes of an index by part (the per-field parts and the document store) and by
/// field, summed over its segments.
fn print_space(path: &Path, json: bool) -> Result<()> {
    let index =
        Index::open_in_dir(path).with_context(|| format!("open the index {}", path.display()))?;
    let reader: IndexReader = index.reader()?;
    let usage = reader
        .searcher()
        .space_usage()
        .context("compute the space usage")?;
    // field -> bytes per part, in PARTS order
    let mut fields: BTreeMap<String, [u64; PARTS.len()]> = BTreeMap::new();
    let (mut store, mut total) = (0, 0);
    for segment in usage.segments() {
        let parts = [
            segment.termdict(),
            segment.postings(),
            segment.positions(),
            segment.fast_fields(),
            segment.fieldnorms(),
        ];
        for (i, part) in parts.iter().enumerate() {
            for field in part.fields() {
                fields.entry(field.field_name().to_string()).or_default()[i] +=
                    field.total().get_bytes();
            }
        }
        store += segment.store().total().get_bytes();
        total += segment.total().get_bytes();
    }
    let part_totals: Vec<u64> = (0..PARTS.len())
        .map(|i| fields.values().map(|f| f[i]).sum())
        .collect();
    if json {
        let by_part: serde_json::Map<_, _> = PARTS
            .iter()
            .zip(&part_totals)
            .map(|(part, bytes)| (part.to_string(), json!(bytes)))
            .chain([("store".to_string(), json!(store))])
            .collect();
        let by_field: serde_json::Map<_, _> = fields
            .iter()
            .map(|(name, bytes)| (name.clone(), json!(bytes.iter().sum::<u64>())))
            .collect();
        let object = json!({"total": total, "by_part": by_part, "by_field": by_field});
        println!("{object}");
        return Ok(());
    }
    let mb = |bytes: u64| format!("{:.1}", bytes as f64 / 1e6);
    println!(
        "| field (MB) | {} | total |",
        PARTS.join(" | ").replace('_', " ")
    );
    println!("|---|{}---|", "---|".repeat(PARTS.len()));
    for (name, bytes) in &fields {
        let cells: Vec<String> = bytes.iter().map(|&b| mb(b)).collect();
        let sum = bytes.iter().sum();
        println!("| {name} | {} | {} |", cells.join(" | "), mb(sum));
    }
    let cells: Vec<String> = part_totals.iter().map(|&b| mb(b)).collect();
    println!(
        "| all fields | {} | {} |",
        cells.join(" | "),
        mb(total - store)
    );
    println!("| document store | | | | | | {} |", mb(store));
    println!("| index | | | | | | {} |", mb(total));
    Ok(())
}

/// Splits a `--query` value, `label=query`.
fn parse_labelled(spec: &str) -> Result<(String, String), String> {
    match spec.split_once('=') {
        Some((label, query)) if !label.is_empty() && !query.is_empty() => {
            Ok((label.to_string(), query.to_string()))
        }
        _ => Err(format!("{spec:?}: expected label=query")),
    }
}

/// Changes a newsdex request into one variant (a filter, facets).
type Customise = Box<dyn Fn(&mut SearchRequest)>;

/// A way to run one query: the bare index, or newsdex with one variant of the request.
enum Engine {
    Bare {
        index: Index,
        reader: IndexReader,
        text: Field,
    },
    Newsdex {
        archive: Rc<Archive>,
        variant: &'static str,
        customise: Customise,
    },
}

impl Engine {
    fn name(&self) -> &'static str {
        match self {
            Engine::Bare { .. } => "bare tantivy",
            Engine::Newsdex { .. } => "newsdex",
        }
    }

    fn variant(&self) -> &'static str {
        match self {
            Engine::Bare { .. } => "plain",
            Engine::Newsdex { variant, .. } => variant,
        }
    }

    /// Runs a top-10 search and returns the total number of hits.
    fn run(&self, query: &str) -> Result<u64> {
        match self {
            Engine::Bare {
                index,
                reader,
                text,
            } => {
                let searcher = reader.searcher();
                let parsed = QueryParser::for_index(index, vec![*text])
                    .parse_query(query)
                    .with_context(|| format!("parse {query:?}"))?;
                let (top, total) = searcher
                    .search(&parsed, &(TopDocs::with_limit(TOP).order_by_score(), Count))?;
                for (_score, address) in top {
                    let _doc: TantivyDocument = searcher.doc(address)?;
                }
                Ok(total as u64)
            }
            Engine::Newsdex {
                archive, customise, ..
            } => {
                let mut request = SearchRequest::new(query);
                customise(&mut request);
                Ok(archive.search(&request)?.total_hits)
            }
        }
    }
}

/// Opens the engines to time: the bare index, and the chosen variants of newsdex's searches
/// (plain, filtered by `country`, with facets).
fn engines(
    bare: Option<&Path>,
    newsdex: Option<&Path>,
    country: &str,
    variants: &[Variant],
) -> Result<Vec<Engine>> {
    let mut engines = Vec::new();
    if let Some(path) = bare {
        let index = Index::open_in_dir(path)
            .with_context(|| format!("open the bare index {}", path.display()))?;
        let text = index
            .schema()
            .get_field("text")
            .context("the bare index has no text field")?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        engines.push(Engine::Bare {
            index,
            reader,
            text,
        });
    }
    if let Some(path) = newsdex {
        let archive = Rc::new(
            Archive::open(path)
                .with_context(|| format!("open the newsdex index {}", path.display()))?,
        );
        for variant in variants {
            let (name, customise): (_, Customise) = match variant {
                Variant::Plain => ("plain", Box::new(|_| {})),
                Variant::Country => {
                    let country = country.to_string();
                    (
                        "country",
                        Box::new(move |r| r.filters.country = vec![country.clone()]),
                    )
                }
                Variant::Facets => (
                    "facets",
                    Box::new(|r| r.facets = Some(FacetRequest::default())),
                ),
            };
            engines.push(Engine::Newsdex {
                archive: Rc::clone(&archive),
                variant: name,
                customise,
            });
        }
    }
    Ok(engines)
}

/// The latencies of one query on one engine.
struct Timing {
    engine: &'static str,
    variant: &'static str,
    label: String,
    query: String,
    hits: u64,
    millis: Vec<f64>,
}

/// Times every query on every engine `runs` times, after one warm-up run each, interleaving
/// the engines within each round.
fn time_queries(
    engines: &[Engine],
    queries: &[(String, String)],
    runs: usize,
) -> Result<Vec<Timing>> {
    let mut timings = Vec::new();
    for (label, query) in queries {
        let first = timings.len();
        for engine in engines {
            timings.push(Timing {
                engine: engine.name(),
                variant: engine.variant(),
                label: label.clone(),
                query: query.clone(),
                hits: engine.run(query)?,
                millis: Vec::with_capacity(runs),
            });
        }
        for _ in 0..runs {
            for (engine, timing) in engines.iter().zip(&mut timings[first..]) {
                let start = Instant::now();
                std::hint::black_box(engine.run(query)?);
                timing.millis.push(start.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    Ok(timings)
}

/// The `p`-th percentile (nearest rank) of some values.
fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let last = sorted.len().saturating_sub(1);
    let rank = ((p / 100.0) * last as f64).round() as usize;
    sorted.get(rank.min(last)).copied().unwrap_or(f64::NAN)
}

fn print_timings(timings: &[Timing], json: bool) {
    if !json {
        println!("| query | engine | variant | hits | p50 ms | p99 ms |");
        println!("|---|---|---|---|---|---|");
    }
    for t in timings {
        let (p50, p99) = (percentile(&t.millis, 50.0), percentile(&t.millis, 99.0));
        if json {
            let object = json!({
                "engine": t.engine,
                "variant": t.variant,
                "label": t.label,
                "query": t.query,
                "hits": t.hits,
                "runs": t.millis.len(),
                "p50_ms": p50,
                "p99_ms": p99,
            });
            println!("{object}");
        } else {
            println!(
                "| {}: `{}` | {} | {} | {} | {p50:.3} | {p99:.3} |",
                t.label, t.query, t.engine, t.variant, t.hits
            );
        }
    }
}
