//! The command line: clap types only. Nothing here does any work.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The default corpus folder.
pub const DEFAULT_CORPUS: &str = "corpus";
/// The default index folder.
pub const DEFAULT_INDEX: &str = "index";

const QUERY_HELP: &str = "\
QUERY SYNTAX (tantivy's):
  withdrawal timeline          passages with either word, best with both (OR is the default)
  withdrawal AND timeline      both words;  +withdrawal timeline  requires the first
  troops -syria                leave out passages with a word (also NOT)
  \"Lloyd Austin\"               an exact phrase
  title:iraq  source:reuters   search one field: text (default), title, source, path,
                               article_id, passage
  date:[2024-01-01T00:00:00Z TO *]   a range (RFC 3339 dates); or use --from/--to
  *                            every passage
Words are matched by their English stems: \"troops\" finds \"troop\".

ENTITIES in the query (the same names as the filters accept):
  actor:\"Lloyd Austin\" AND country:IQ     location:Baghdad     country:Iraqi
  figures.troop:[1000 TO *]    figures.USD:>1e9    article_country:SY (anywhere in the article)

FILTERS: a comma list inside one flag means any of them; repeated and different flags must all
hold. --scope article applies them to the whole article instead of the passage.
  --country iq,sy   --actor ISIS   --actor Austin   --figure 'troop>=1000'   --figure 'USD>1.5bn'";

/// Search news archives as passages.
#[derive(Debug, Parser)]
#[command(name = "newsdex", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the index of a folder of articles (.txt .md .json .jsonl .ndjson .html .htm .sgm).
    Index(IndexArgs),
    /// Search the index; ranked passages, best first. Exit code 0 with hits, 1 with none, 2 on error.
    #[command(after_help = QUERY_HELP)]
    Search(SearchArgs),
    /// Count the top countries, actors, locations or figure units over the index or a query's hits.
    Facets(FacetsArgs),
    /// Run many searches from a JSON Lines file (or `-`); one JSON result per line, with its id.
    Batch(BatchArgs),
    /// Count matching passages and articles per day, week, month or year.
    Timeline(TimelineArgs),
    /// Count the entities that share passages with an actor, country or location (or all pairs).
    Cooccur(CooccurArgs),
    /// Describe the index: articles, passages, dates, top countries and actors, size, versions.
    Stats(StatsArgs),
    /// Print the actors, locations and figures of articles (files, or `-` for standard input).
    Extract(ExtractArgs),
    /// Score extraction against gold annotations (CoNLL-2003, re3d or GMB).
    Eval(EvalArgs),
}

/// Arguments of `newsdex eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The gold set's format.
    #[arg(long, value_parser = ["conll", "re3d", "gmb"])]
    pub gold: String,
    /// The gold file (conll: e.g. eng.testa; gmb: ner_dataset.csv) or folder (re3d).
    pub path: PathBuf,
    /// The output format.
    #[arg(long, short, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

/// Arguments of `newsdex extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files to read (any supported format), or `-` for standard input (the default).
    #[arg(value_name = "FILE|-")]
    pub inputs: Vec<PathBuf>,
    /// The output format: text for people; json (one document) or jsonl (one object per input).
    #[arg(long, short, default_value = "text", value_parser = ["text", "json", "jsonl"])]
    pub format: String,
}

/// Arguments of `newsdex index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// The folder (or file) of articles to index.
    #[arg(default_value = DEFAULT_CORPUS)]
    pub corpus: PathBuf,
    /// Where to write the index.
    #[arg(long, default_value = DEFAULT_INDEX, value_name = "DIR")]
    pub index: PathBuf,
    /// Threads for reading, extraction and indexing (0: one per core).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub threads: usize,
    /// Re-index every file, even the unchanged ones.
    #[arg(long)]
    pub rebuild: bool,
    /// Commit at least every SECS seconds, so that a crash loses at most that much work.
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    pub commit_every: f64,
    /// Print no warnings, only the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Where the index is, and what to build it from when it is missing.
#[derive(Debug, Clone, Args)]
pub struct IndexSource {
    /// The index to search.
    #[arg(long, default_value = DEFAULT_INDEX, value_name = "DIR")]
    pub index: PathBuf,
    /// The corpus to index first when there is no index yet.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
}

/// Filters shared by the commands that search: dates and entities.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only passages dated on or after DATE (2024-01-25, or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only passages dated on or before DATE (a bare date includes the whole day).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only passages about a country: a name, ISO code or demonym ("Iraq", "iq", "Iraqi").
    /// A comma list means any of them; repeat the flag to require each.
    #[arg(long, value_name = "NAMES")]
    pub country: Vec<String>,
    /// Only passages that mention an actor: a name, alias or short form ("ISIS", "Austin").
    #[arg(long, value_name = "NAMES")]
    pub actor: Vec<String>,
    /// Only passages that mention a location ("Baghdad").
    #[arg(long, value_name = "NAMES")]
    pub location: Vec<String>,
    /// Only passages reporting a figure: UNIT OP VALUE, e.g. 'troop>=1000', 'USD>1e9',
    /// 'percent<5', or a bare unit.
    #[arg(long, value_name = "FIGURE")]
    pub figure: Vec<String>,
    /// Whether the passage itself, or anywhere in its article, must match the entity filters.
    #[arg(long, default_value = "passage", value_parser = ["passage", "article"])]
    pub scope: String,
}

/// Arguments of `newsdex facets`.
#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Count over this query's hits only (default: every passage).
    #[arg(allow_hyphen_values = true, default_value = "*")]
    pub query: String,
    /// What to count: country, actor, location or unit (a comma list, or repeat; default all).
    #[arg(long, value_name = "DIMS")]
    pub by: Vec<String>,
    /// How many values to show per dimension.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub limit: usize,
    #[command(flatten)]
    pub source: IndexSource,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// The output format.
    #[arg(long, short, default_value = "text", value_parser = ["text", "json", "csv"])]
    pub format: String,
}

/// Arguments of `newsdex batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// A JSON Lines file of query objects, or `-` for standard input. See docs/json.md.
    #[arg(value_name = "FILE|-")]
    pub input: PathBuf,
    #[command(flatten)]
    pub source: IndexSource,
}

/// Arguments of `newsdex timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The query (default: every passage).
    #[arg(allow_hyphen_values = true, default_value = "*")]
    pub query: String,
    /// The length of the periods: day, week, month or year.
    #[arg(long, default_value = "month")]
    pub by: String,
    #[command(flatten)]
    pub source: IndexSource,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// The output format.
    #[arg(long, short, default_value = "text", value_parser = ["text", "json", "jsonl", "csv"])]
    pub format: String,
}

/// Arguments of `newsdex cooccur`.
#[derive(Debug, Args)]
pub struct CooccurArgs {
    /// The query (default: every passage).
    #[arg(allow_hyphen_values = true, default_value = "*")]
    pub query: String,
    /// What to count with the anchor (or in pairs): country, actor, location, unit (comma list).
    #[arg(long, value_name = "DIMS", default_value = "actor,country")]
    pub by: Vec<String>,
    /// How many edges to show, heaviest first.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub limit: usize,
    #[command(flatten)]
    pub source: IndexSource,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// The output format (csv is an edge list: source, target, weight).
    #[arg(long, short, default_value = "text", value_parser = ["text", "json", "jsonl", "csv"])]
    pub format: String,
}

/// Arguments of `newsdex stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub source: IndexSource,
    /// How many top countries and actors to list.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// The output format.
    #[arg(long, short, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

/// Arguments of `newsdex search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (see QUERY SYNTAX below).
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    #[command(flatten)]
    pub source: IndexSource,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Count the top countries, actors, locations and units over all hits (or only the
    /// dimensions listed). With --format csv, prints the facet table instead of the hits.
    #[arg(long, num_args = 0..=1, default_missing_value = "all", value_name = "DIMS")]
    pub facets: Option<String>,
    /// How many values each facet shows.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub facet_limit: usize,
    /// How many hits to show.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
    /// How many of the best hits to pass over (for paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// At most N passages from one article.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub per_article: Option<u32>,
    /// The output format.
    #[arg(long, short, default_value = "text", value_parser = ["text", "json", "jsonl", "ndjson", "csv"])]
    pub format: String,
    /// When to highlight with colour.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}
