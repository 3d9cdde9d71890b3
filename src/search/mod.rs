//! Search: turns a [`SearchRequest`] into [`SearchResults`] over an index, via tantivy's query
//! parser and collectors. This is, with `index`, the only module that knows tantivy.
//!
//! The query syntax is tantivy's: words (OR by default), `AND`, `OR`, `NOT` or `-word`,
//! `+word` (must), `"exact phrases"`, `field:term` for the fields `text`, `title`, `source`,
//! `path`, `article_id` and `passage`, ranges such as `date:[2020-01-01T00:00:00Z TO *]`, and `*`
//! for every passage. Passages are ranked by BM25; equal scores keep corpus order.
//!
//! Entities work in the syntax too: `actor:"Lloyd Austin"`, `location:Baghdad`, `country:IQ`
//! (names, codes and demonyms), `figures.troop:[1000 TO *]`, and `article_actor:`,
//! `article_location:`, `article_country:` and `article_figures.UNIT:` for whole articles. Their
//! values resolve like the `--actor`, `--location`, `--country` and `--figure` filters of
//! [`Filters`]. Article-wide conditions are resolved at query time: the passages that match
//! give their articles' keys, and the condition becomes "one of these articles".

mod articles;
pub mod batch;
pub mod cooccur;
pub mod facet;
pub mod filter;
pub mod rank;
pub mod snippet;
pub mod timeline;

pub use cooccur::{Edge, Node};
pub use facet::{Dimension, FacetRequest, FacetValue, Facets};
pub use filter::{AppliedFilter, FigureFilter, Filters, Scope};
pub use timeline::{Interval, Period, Undated};

use crate::article::parse_date;
use crate::entity::Entities;
use crate::error::{Error, Result};
use crate::index::{self, schema};
use articles::ArticleQuery;
use cooccur::PairCollector;
use facet::FacetCollector;
use filter::{split_figures, split_names, NameKind, Resolver};
use serde::Serialize;
use snippet::Marker;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tantivy::collector::Count;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, Query, QueryParser,
    QueryParserError, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::query_grammar::{
    Delimiter, Occur as GrammarOccur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term,
};
use timeline::TimelineCollector;

/// The longest snippet, in characters.
const SNIPPET_CHARS: usize = 200;

/// The version of the JSON result shapes. It changes only when a field is removed or changes
/// meaning; new fields may be added within a version.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// A search: the query and its options.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query, in tantivy's syntax.
    pub query: String,
    /// How many hits to return.
    pub limit: usize,
    /// How many of the best hits to pass over first.
    pub offset: usize,
    /// Only passages dated on or after this (a date or RFC 3339 time).
    pub from: Option<String>,
    /// Only passages dated on or before this; a bare date includes the whole day.
    pub to: Option<String>,
    /// At most this many passages from one article.
    pub per_article: Option<usize>,
    /// Entity filters.
    pub filters: Filters,
    /// Facets to count over all hits, if any.
    pub facets: Option<FacetRequest>,
}

impl SearchRequest {
    /// Checks what can be checked without an index: the query's syntax, the dates and the
    /// figure filters.
    ///
    /// # Errors
    /// [`Error::Query`] for a syntax error, [`Error::Invalid`] for a bad date or filter.
    pub fn validate(&self) -> Result<()> {
        parse_syntax(&self.query)?;
        self.date_range()?;
        self.filters.validate()?;
        Ok(())
    }

    /// The `--from`/`--to` bounds in epoch seconds.
    fn date_range(&self) -> Result<(Option<i64>, Option<i64>)> {
        let from = date_bound("--from", self.from.as_deref(), false)?;
        let to = date_bound("--to", self.to.as_deref(), true)?;
        Ok((from, to))
    }

    /// Whether the request matches every passage: `*` (or nothing) with no date or entity
    /// filter.
    fn matches_all(&self) -> bool {
        matches!(self.query.trim(), "" | "*")
            && self.from.is_none()
            && self.to.is_none()
            && self.filters.is_empty()
    }

    /// A request for the top ten passages of a query.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            from: None,
            to: None,
            per_article: None,
            filters: Filters::default(),
            facets: None,
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The JSON schema version; see [`JSON_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The query as given.
    pub query: String,
    /// How many passages matched in all (before offset, limit and the per-article cap).
    pub total_hits: u64,
    /// How each entity filter was understood (left out when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<AppliedFilter>,
    /// Facet counts over all hits, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// The hits on this page, best first.
    pub hits: Vec<Hit>,
}

/// The answer to a facet request: counts over every passage that matches (see
/// [`Archive::facets`]).
#[derive(Debug, Clone, Serialize)]
pub struct FacetResults {
    /// The JSON schema version; see [`JSON_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The query as given.
    pub query: String,
    /// How many passages matched.
    pub total_hits: u64,
    /// How each entity filter was understood.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<AppliedFilter>,
    /// The counts.
    pub facets: Facets,
}

/// A timeline: matching passages and articles per period (see [`Archive::timeline`]).
#[derive(Debug, Clone, Serialize)]
pub struct TimelineResults {
    /// The JSON schema version; see [`JSON_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The query as given.
    pub query: String,
    /// The length of the periods.
    pub by: Interval,
    /// How many passages matched, dated or not.
    pub total_hits: u64,
    /// How each entity filter was understood.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<AppliedFilter>,
    /// The periods from the first to the last dated hit, empty ones included.
    pub periods: Vec<Period>,
    /// The matching passages that have no date.
    pub undated: Undated,
}

/// Co-occurrences: weighted edges between entities that share passages (see
/// [`Archive::cooccur`]).
#[derive(Debug, Clone, Serialize)]
pub struct CooccurResults {
    /// The JSON schema version; see [`JSON_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The query as given.
    pub query: String,
    /// The dimensions of the targets (or of both ends, without an anchor).
    pub by: Vec<Dimension>,
    /// How many passages matched.
    pub total_hits: u64,
    /// How each entity filter (and so each anchor) was understood.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<AppliedFilter>,
    /// The heaviest edges, heaviest first.
    pub edges: Vec<Edge>,
}

/// What an index holds (see [`Archive::stats`]).
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The JSON schema version; see [`JSON_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The index folder.
    pub index: String,
    /// Distinct articles.
    pub articles: u64,
    /// Passages.
    pub passages: u64,
    /// The earliest passage date (RFC 3339), if any passage has one.
    pub first_date: Option<String>,
    /// The latest passage date.
    pub last_date: Option<String>,
    /// Passages without a date.
    pub undated_passages: u64,
    /// The most mentioned countries (passages).
    pub countries: Vec<FacetValue>,
    /// The most mentioned actors (passages).
    pub actors: Vec<FacetValue>,
    /// The size of the index files, in bytes.
    pub index_bytes: u64,
    /// The index's schema version.
    pub index_schema_version: u32,
    /// The version of the extractor that annotated the index.
    pub extractor_version: u32,
    /// The version of newsdex that built the index.
    pub newsdex_version: String,
    /// The corpus the index was built from.
    pub corpus: String,
}

/// One ranked passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The position in the whole ranking, from 1 (offset included).
    pub rank: usize,
    /// The BM25 score.
    pub score: f32,
    /// The article the passage belongs to.
    pub article: ArticleInfo,
    /// The passage itself.
    pub passage: PassageInfo,
    /// The passage's best fragment for the query, at most 200 characters.
    pub snippet: String,
    /// The passage's actors, locations, countries and figures.
    #[serde(flatten)]
    pub entities: Entities,
}

/// What a hit says about its article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleInfo {
    /// The stable article id.
    pub id: String,
    /// The source file.
    pub path: String,
    /// The headline.
    pub title: String,
    /// The date, RFC 3339 or a bare date, or null.
    pub date: Option<String>,
    /// The publisher, or null.
    pub source: Option<String>,
    /// The URL, or null.
    pub url: Option<String>,
}

/// What a hit says about its passage.
#[derive(Debug, Clone, Serialize)]
pub struct PassageInfo {
    /// The passage's number in its article, from 1.
    pub number: u64,
    /// Its byte range in the article text.
    pub start: u64,
    /// See [`PassageInfo::start`].
    pub end: u64,
    /// The passage text.
    pub text: String,
    /// Byte ranges in `text` that match the query's words.
    pub highlights: Vec<[usize; 2]>,
}

/// An opened index, ready for searches. Open it once and search it many times.
pub struct Archive {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: schema::Fields,
    /// The prose analyzer for snippets and highlights, kept so that it remembers stems.
    prose: Mutex<TextAnalyzer>,
    /// The `seq` column of each segment, for ranking.
    seq: rank::SeqColumns,
}

impl Archive {
    /// Opens the index at `path`.
    ///
    /// # Errors
    /// [`Error::NoIndex`] when there is no newsdex index there, and [`Error::Index`] when it
    /// cannot be opened.
    pub fn open(path: &Path) -> Result<Archive> {
        if !index::exists(path) {
            return Err(Error::NoIndex {
                path: path.to_path_buf(),
            });
        }
        if let Some(marker) = index::marker(path) {
            if marker.schema_version != schema::SCHEMA_VERSION {
                return Err(Error::index(
                    path,
                    format!(
                        "was built by newsdex {} with schema version {}, and this newsdex reads \
                         version {}; rebuild it with `newsdex index {} --index {}`",
                        marker.newsdex_version,
                        marker.schema_version,
                        schema::SCHEMA_VERSION,
                        marker.corpus,
                        path.display()
                    ),
                ));
            }
        }
        let rebuild = |e: tantivy::TantivyError| {
            Error::index(
                path,
                format!(
                    "cannot be read ({e}); rebuild it with `newsdex index CORPUS --index {}`",
                    path.display()
                ),
            )
        };
        let index = Index::open_in_dir(path).map_err(rebuild)?;
        schema::register_tokenizers(&index);
        let fields = schema::fields_of(&index.schema()).map_err(|field| {
            Error::index(
                path,
                format!("field {field:?} is missing: the index is from another version; rebuild it with `newsdex index`"),
            )
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(rebuild)?;
        let seq = rank::SeqColumns::open(&reader.searcher());
        Ok(Archive {
            path: path.to_path_buf(),
            index,
            reader,
            fields,
            prose: Mutex::new(crate::index::analyzer::prose()),
            seq,
        })
    }

    /// How many passages the index holds.
    pub fn passage_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a search.
    ///
    /// # Errors
    /// [`Error::Query`] when the query cannot be parsed, [`Error::Invalid`] for a bad date, and
    /// [`Error::Index`] when the index cannot be read.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let (query, filters) = self.parse(request, &searcher)?;
        let io = |e: tantivy::TantivyError| Error::index(&self.path, e);
        // Never ask a collector for more documents than the index holds.
        let docs = usize::try_from(searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1);
        let want = request
            .offset
            .saturating_add(request.limit.max(1))
            .min(docs);
        let mut fetch = match request.per_article {
            Some(_) => want.saturating_mul(4).max(50).min(docs),
            None => want,
        };
        let mut facets = match &request.facets {
            Some(wanted) if request.matches_all() => {
                facet::count_all(wanted, searcher.segment_readers())
                    .map_err(io)?
                    .map(|counts| facet::top(wanted, counts))
            }
            _ => None,
        };
        let (total_hits, page) = loop {
            let counter = match facets {
                None => request.facets.as_ref().map(FacetCollector::new),
                Some(_) => None,
            };
            let ((top, total), counts) = match counter {
                Some(counter) => {
                    let (top, counts) = searcher
                        .search(&query, &(rank::Top::new(fetch, &self.seq), counter))
                        .map_err(io)?;
                    (top, Some(counts))
                }
                None => {
                    let mut top = rank::Top::new(fetch, &self.seq);
                    // A single word's hits are counted by its document frequency, so the
                    // ranking can skip the ones that cannot enter the top.
                    if query.is::<TermQuery>() {
                        top = top.pruning();
                    }
                    (searcher.search(&query, &top).map_err(io)?, None)
                }
            };
            if let (Some(counts), Some(wanted)) = (counts, &request.facets) {
                facets = Some(facet::top(wanted, counts));
            }
            let exhausted = top.len() < fetch;
            let mut kept = Vec::with_capacity(want);
            let mut per_article: HashMap<String, usize> = HashMap::new();
            for (score, _seq, address) in top {
                let doc: TantivyDocument = searcher.doc(address).map_err(io)?;
                if let Some(cap) = request.per_article {
                    let seen = per_article
                        .entry(self.text(&doc, self.fields.article_id))
                        .or_default();
                    *seen += 1;
                    if *seen > cap {
                        continue;
                    }
                }
                kept.push((score, address, doc));
                if kept.len() == want {
                    break;
                }
            }
            if kept.len() == want || exhausted || fetch == docs {
                break (total, kept);
            }
            fetch = fetch.saturating_mul(4).min(docs);
        };
        // The archive's analyzer remembers stems from one search to the next; a search that
        // finds it busy (or poisoned) uses a fresh one.
        let mut shared = self.prose.try_lock().ok();
        let mut fresh;
        let analyzer = match shared.as_deref_mut() {
            Some(analyzer) => analyzer,
            None => {
                fresh = crate::index::analyzer::prose();
                &mut fresh
            }
        };
        let mut marker = Marker::new(
            &searcher,
            &*query,
            self.fields.text,
            analyzer,
            SNIPPET_CHARS,
        )
        .map_err(io)?;
        let hits = page
            .into_iter()
            .enumerate()
            .skip(request.offset)
            .map(
                |(i, (score, _address, doc)): (usize, (f32, DocAddress, TantivyDocument))| {
                    self.hit(i + 1, score, &doc, &mut marker)
                },
            )
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            schema_version: JSON_SCHEMA_VERSION,
            query: request.query.clone(),
            total_hits: total_hits as u64,
            filters,
            facets,
            hits,
        })
    }

    /// Counts facets over every passage that matches the request's query, dates and filters
    /// (its limit, offset and per-article cap do not apply). Without `request.facets`, counts
    /// every dimension.
    ///
    /// # Errors
    /// As [`Archive::search`].
    pub fn facets(&self, request: &SearchRequest) -> Result<FacetResults> {
        let searcher = self.reader.searcher();
        let (query, filters) = self.parse(request, &searcher)?;
        let wanted = request.facets.clone().unwrap_or_default();
        let io = |e| Error::index(&self.path, e);
        let all = match request.matches_all() {
            true => facet::count_all(&wanted, searcher.segment_readers()).map_err(io)?,
            false => None,
        };
        let (total, counts) = match all {
            Some(counts) => (searcher.num_docs() as usize, counts),
            None => searcher
                .search(&query, &(Count, FacetCollector::new(&wanted)))
                .map_err(io)?,
        };
        Ok(FacetResults {
            schema_version: JSON_SCHEMA_VERSION,
            query: request.query.clone(),
            total_hits: total as u64,
            filters,
            facets: facet::top(&wanted, counts),
        })
    }

    /// Counts matching passages, and distinct articles, per period of the date field. Undated
    /// passages are counted apart.
    ///
    /// # Errors
    /// As [`Archive::search`].
    pub fn timeline(&self, request: &SearchRequest, by: Interval) -> Result<TimelineResults> {
        let searcher = self.reader.searcher();
        let (query, filters) = self.parse(request, &searcher)?;
        let (total, tally) = searcher
            .search(&query, &(Count, TimelineCollector { interval: by }))
            .map_err(|e| Error::index(&self.path, e))?;
        let (periods, undated) = timeline::periods(by, tally);
        Ok(TimelineResults {
            schema_version: JSON_SCHEMA_VERSION,
            query: request.query.clone(),
            by,
            total_hits: total as u64,
            filters,
            periods,
            undated,
        })
    }

    /// Counts co-occurrences over the matching passages. When the request has country, actor or
    /// location filters, they are the anchors: the edges go from them to the values of `by` in
    /// their passages. Without anchors, the edges are every pair of values of `by` that share a
    /// passage. Keeps the `limit` heaviest edges.
    ///
    /// # Errors
    /// As [`Archive::search`].
    pub fn cooccur(
        &self,
        request: &SearchRequest,
        by: &[Dimension],
        limit: usize,
    ) -> Result<CooccurResults> {
        let searcher = self.reader.searcher();
        let (query, filters) = self.parse(request, &searcher)?;
        let io = |e| Error::index(&self.path, e);
        let mut anchors: Vec<(Dimension, String)> = Vec::new();
        for applied in &filters {
            let dimension = match applied.filter {
                "country" => Dimension::Country,
                "actor" => Dimension::Actor,
                "location" => Dimension::Location,
                _ => continue,
            };
            anchors.extend(applied.matched.iter().map(|m| (dimension, m.clone())));
        }
        let (total, edges) = if anchors.is_empty() {
            let collector = PairCollector {
                dimensions: by.to_vec(),
            };
            let (total, pairs) = searcher.search(&query, &(Count, collector)).map_err(io)?;
            (total, cooccur::pair_edges(by, pairs, limit))
        } else {
            let mut anchor_dimensions: Vec<Dimension> = anchors.iter().map(|a| a.0).collect();
            anchor_dimensions.dedup();
            let counted = FacetRequest {
                by: by.iter().chain(&anchor_dimensions).copied().collect(),
                limit,
            };
            let (total, counts) = searcher
                .search(&query, &(Count, FacetCollector::new(&counted)))
                .map_err(io)?;
            let edges = cooccur::anchor_edges(by, &anchor_dimensions, &anchors, counts, limit);
            (total, edges)
        };
        Ok(CooccurResults {
            schema_version: JSON_SCHEMA_VERSION,
            query: request.query.clone(),
            by: by.to_vec(),
            total_hits: total as u64,
            filters,
            edges,
        })
    }

    /// Describes the index: counts, date range, top countries and actors, size and versions.
    ///
    /// # Errors
    /// [`Error::Index`] when the index cannot be read.
    pub fn stats(&self, top: usize) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let io = |e| Error::index(&self.path, e);
        let mut articles = HashSet::new();
        let (mut first, mut last, mut undated) = (None::<i64>, None::<i64>, 0u64);
        for segment in searcher.segment_readers() {
            let keys = segment
                .fast_fields()
                .u64(articles::ARTICLE_KEY)
                .map_err(io)?;
            let dates = segment.fast_fields().date("date").map_err(io)?;
            for doc in segment.doc_ids_alive() {
                articles.insert(keys.first(doc).unwrap_or_default());
                match dates.first(doc) {
                    Some(date) => {
                        let secs = date.into_timestamp_secs();
                        first = Some(first.map_or(secs, |f| f.min(secs)));
                        last = Some(last.map_or(secs, |l| l.max(secs)));
                    }
                    None => undated += 1,
                }
            }
        }
        let wanted = FacetRequest {
            by: vec![Dimension::Country, Dimension::Actor],
            limit: top,
        };
        let counts = facet::count_all(&wanted, searcher.segment_readers())
            .map_err(io)?
            .map_or_else(
                || {
                    searcher
                        .search(&tantivy::query::AllQuery, &FacetCollector::new(&wanted))
                        .map_err(io)
                },
                Ok,
            )?;
        let facets = facet::top(&wanted, counts);
        let marker = index::marker(&self.path);
        let rfc3339 = |secs: i64| {
            chrono::DateTime::from_timestamp(secs, 0)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        };
        Ok(Stats {
            schema_version: JSON_SCHEMA_VERSION,
            index: self.path.display().to_string(),
            articles: articles.len() as u64,
            passages: searcher.num_docs(),
            first_date: first.and_then(rfc3339),
            last_date: last.and_then(rfc3339),
            undated_passages: undated,
            countries: facets.country.unwrap_or_default(),
            actors: facets.actor.unwrap_or_default(),
            index_bytes: index::size_on_disk(&self.path),
            index_schema_version: marker.as_ref().map_or(0, |m| m.schema_version),
            extractor_version: marker.as_ref().map_or(0, |m| m.extractor_version),
            newsdex_version: marker
                .as_ref()
                .map_or_else(String::new, |m| m.newsdex_version.clone()),
            corpus: marker.map_or_else(String::new, |m| m.corpus),
        })
    }

    /// Parses the query, resolves the entity names in it and in the filters, and adds the date
    /// range and the filters as required clauses that do not change the ranking.
    fn parse(
        &self,
        request: &SearchRequest,
        searcher: &Searcher,
    ) -> Result<(Box<dyn Query>, Vec<AppliedFilter>)> {
        let f = &self.fields;
        let resolver = Resolver::new(searcher, f, &self.path);
        let mut applied = Vec::new();
        let parser = QueryParser::for_index(&self.index, vec![f.text]);
        let ast = parse_syntax(&request.query)?;
        let rewriter = Rewriter {
            resolver: &resolver,
            parser: &parser,
            query: &request.query,
            path: &self.path,
            sets: RefCell::new(Vec::new()),
        };
        let ast = rewriter.rewrite(ast)?;
        let query = rewriter.build(ast)?;
        let mut clauses = vec![(Occur::Must, query)];
        let (from, to) = request.date_range()?;
        if from.is_some() || to.is_some() {
            let term = |seconds: i64| {
                Term::from_field_date_for_search(f.date, DateTime::from_timestamp_secs(seconds))
            };
            let lower = from.map_or(Bound::Unbounded, |s| Bound::Included(term(s)));
            let upper = to.map_or(Bound::Unbounded, |s| Bound::Included(term(s)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        for filter in self.filter_queries(&request.filters, &resolver, &mut applied)? {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        let query = match clauses.len() {
            1 => clauses.remove(0).1,
            _ => Box::new(BooleanQuery::new(clauses)),
        };
        Ok((query, applied))
    }

    /// One query per filter flag: the union of its comma-separated alternatives.
    fn filter_queries(
        &self,
        filters: &Filters,
        resolver: &Resolver,
        applied: &mut Vec<AppliedFilter>,
    ) -> Result<Vec<Box<dyn Query>>> {
        let f = &self.fields;
        let mut queries = Vec::new();
        for value in &filters.country {
            let mut terms = Vec::new();
            for name in split_names(value) {
                let code = resolver.country("--country", name)?;
                terms.push(keyword_term(f.country, &code));
                applied.push(applied_filter("country", name, vec![code]));
            }
            queries.push(any_term(terms));
        }
        for (flag, values, kind, field) in [
            ("actor", &filters.actor, NameKind::Actor, f.actor),
            (
                "location",
                &filters.location,
                NameKind::Location,
                f.location,
            ),
        ] {
            for value in values {
                let mut terms = Vec::new();
                for name in split_names(value) {
                    let names = resolver.names(kind, &format!("--{flag}"), name)?;
                    terms.extend(names.iter().map(|n| keyword_term(field, n)));
                    applied.push(applied_filter(flag, name, names));
                }
                queries.push(any_term(terms));
            }
        }
        for value in &filters.figure {
            let mut ranges: Vec<Box<dyn Query>> = Vec::new();
            for item in split_figures(value) {
                let filter: FigureFilter = item.parse()?;
                let (unit, shown) = resolver.unit("--figure", &filter.unit, item)?;
                ranges.push(figure_range(f.figure, &filter, &unit));
                applied.push(applied_filter(
                    "figure",
                    item,
                    vec![filter.describe(&shown)],
                ));
            }
            queries.push(match ranges.len() {
                1 => ranges.remove(0),
                _ => Box::new(BooleanQuery::union(ranges)),
            });
        }
        if filters.scope == Scope::Article {
            let searcher = resolver.searcher();
            queries = queries
                .into_iter()
                .map(|query| {
                    let found = article_scores(searcher, &*query, &self.path, false)?;
                    Ok(Box::new(ArticleQuery::unscored(found.into_keys())) as Box<dyn Query>)
                })
                .collect::<Result<_>>()?;
        }
        Ok(queries)
    }

    /// The stored entities of a passage whose text is `text`.
    fn entities(&self, doc: &TantivyDocument, text: &str) -> Entities {
        doc.get_first(self.fields.entities)
            .and_then(|v| v.as_bytes())
            .and_then(|bytes| Entities::from_bytes(bytes, text))
            .unwrap_or_default()
    }

    fn hit(
        &self,
        rank: usize,
        score: f32,
        doc: &TantivyDocument,
        marker: &mut Marker<'_>,
    ) -> Result<Hit> {
        let f = &self.fields;
        let text = self.text(doc, f.text);
        let optional = |field| Some(self.text(doc, field)).filter(|s| !s.is_empty());
        let marks = marker.mark(&text);
        let snippet = match marks.snippet.and_then(|range| text.get(range)) {
            Some(fragment) if !fragment.is_empty() => fragment.to_string(),
            _ => truncate_chars(&text, SNIPPET_CHARS),
        };
        let entities = self.entities(doc, &text);
        Ok(Hit {
            rank,
            score,
            article: ArticleInfo {
                id: self.text(doc, f.article_id),
                path: self.text(doc, f.path),
                title: self.text(doc, f.title_text),
                date: optional(f.date_text),
                source: optional(f.source),
                url: optional(f.url),
            },
            passage: PassageInfo {
                number: self.number(doc, f.passage),
                start: self.number(doc, f.start),
                end: self.number(doc, f.end),
                highlights: marks.highlights,
                text,
            },
            snippet,
            entities,
        })
    }

    fn text(&self, doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    }

    fn number(&self, doc: &TantivyDocument, field: tantivy::schema::Field) -> u64 {
        doc.get_first(field)
            .and_then(|v| v.as_u64())
            .unwrap_or_default()
    }
}

/// The term of a keyword field for a value (lower-cased, as the keyword tokenizer indexes it).
fn keyword_term(field: Field, value: &str) -> Term {
    Term::from_field_text(field, &value.to_lowercase())
}

/// A query that matches any of the terms.
fn any_term(mut terms: Vec<Term>) -> Box<dyn Query> {
    match terms.len() {
        1 => Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::Basic)),
        _ => Box::new(TermSetQuery::new(terms)),
    }
}

/// A query for the figures of one unit within a filter's range.
fn figure_range(field: Field, filter: &FigureFilter, unit: &str) -> Box<dyn Query> {
    let (lower, upper) = filter.term_bounds(unit);
    let term = |t: String| Term::from_field_text(field, &t);
    Box::new(RangeQuery::new(lower.map(term), upper.map(term)))
}

fn applied_filter(filter: &'static str, value: &str, matched: Vec<String>) -> AppliedFilter {
    AppliedFilter {
        filter,
        value: value.to_string(),
        matched,
    }
}

/// The entity fields of the query syntax, and what their values name.
enum EntityField {
    Country,
    Name(NameKind),
    /// A `figures.UNIT` field, with its unit.
    Figure(String),
}

/// Recognises an entity field of the query syntax by its full name: what it names, its passage
/// field's name, and whether it is article-wide (the `article_` prefix).
fn entity_field(name: &str) -> Option<(EntityField, &str, bool)> {
    let base = name.strip_prefix("article_").unwrap_or(name);
    let article = base.len() != name.len();
    let entity = match base {
        "country" => EntityField::Country,
        "actor" => EntityField::Name(NameKind::Actor),
        "location" => EntityField::Name(NameKind::Location),
        _ => {
            let unit = base
                .strip_prefix("figures.")
                .or_else(|| base.strip_prefix("figure."))?;
            EntityField::Figure(unit.to_string())
        }
    };
    Some((entity, base, article))
}

/// The keys of the articles that have a passage matching `query`, each with the best score of
/// its passages (all alike unless `scored`).
fn article_scores(
    searcher: &Searcher,
    query: &dyn Query,
    path: &Path,
    scored: bool,
) -> Result<HashMap<u64, tantivy::Score>> {
    articles::article_scores(searcher, query, scored).map_err(|e| Error::index(path, e))
}

/// Rewrites the entity fields of a parsed query into what the index holds.
struct Rewriter<'a> {
    resolver: &'a Resolver<'a>,
    parser: &'a QueryParser,
    query: &'a str,
    path: &'a Path,
    /// The article sets of the tree, by the number in their [`ARTICLE_SET`] leaves.
    sets: RefCell<Vec<ArticleQuery>>,
}

/// The field name of the leaves that stand for an article set in a rewritten tree. No query can
/// name it: field names do not hold control characters.
const ARTICLE_SET: &str = "\u{0}articles";

impl Rewriter<'_> {
    /// Rewrites every entity field in the tree: see [`Rewriter::leaf`].
    fn rewrite(&self, ast: UserInputAst) -> Result<UserInputAst> {
        Ok(match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| Ok((occur, self.rewrite(sub)?)))
                    .collect::<Result<_>>()?,
            ),
            UserInputAst::Boost(inner, boost) => {
                UserInputAst::Boost(Box::new(self.rewrite(*inner)?), boost)
            }
            UserInputAst::Leaf(leaf) => self.leaf(*leaf)?,
        })
    }

    /// A passage-level entity leaf resolves its names (and figure ranges) to index terms. An
    /// article-wide one is resolved as a passage-level leaf, run, and replaced by the set of
    /// the matching articles' keys; so is a `title:` leaf, as titles are indexed on each
    /// article's first passage only.
    fn leaf(&self, leaf: UserInputLeaf) -> Result<UserInputAst> {
        let field_name = match &leaf {
            UserInputLeaf::Literal(literal) => literal.field_name.clone(),
            UserInputLeaf::Range { field, .. } => field.clone(),
            _ => None,
        };
        let Some(field_name) = field_name else {
            return Ok(UserInputAst::Leaf(Box::new(leaf)));
        };
        if field_name == "title" {
            // Titles are indexed on each article's first passage only; each passage of a
            // matching article scores what its title does.
            return self.articles_matching(UserInputAst::Leaf(Box::new(leaf)), true);
        }
        if let ("date", UserInputLeaf::Literal(literal)) = (field_name.as_str(), &leaf) {
            // Dates are a fast column, which answers ranges: one date is a range of one.
            return Ok(UserInputAst::Leaf(Box::new(UserInputLeaf::Range {
                field: Some(field_name.clone()),
                lower: UserInputBound::Inclusive(literal.phrase.clone()),
                upper: UserInputBound::Inclusive(literal.phrase.clone()),
            })));
        }
        let Some((entity, base, article)) = entity_field(&field_name) else {
            return Ok(UserInputAst::Leaf(Box::new(leaf)));
        };
        let passage_level = self.passage_leaf(entity, base, &field_name, leaf)?;
        if !article {
            return Ok(passage_level);
        }
        self.articles_matching(passage_level, false)
    }

    /// Every passage of the articles that have a passage matching `passage_level`. When
    /// `scored`, each passage scores what its article's best matching passage does. The set is
    /// kept aside and stands in the tree as an [`ARTICLE_SET`] leaf: see [`Rewriter::build`].
    fn articles_matching(&self, passage_level: UserInputAst, scored: bool) -> Result<UserInputAst> {
        let query = self
            .parser
            .build_query_from_user_input_ast(passage_level)
            .map_err(|e| query_error(self.query, e))?;
        let found = article_scores(self.resolver.searcher(), &*query, self.path, scored)?;
        let set = match scored {
            true => ArticleQuery::scored(found),
            false => ArticleQuery::unscored(found.into_keys()),
        };
        let mut sets = self.sets.borrow_mut();
        sets.push(set);
        Ok(UserInputAst::Leaf(Box::new(UserInputLeaf::Set {
            field: Some(ARTICLE_SET.to_string()),
            elements: vec![(sets.len() - 1).to_string()],
        })))
    }

    /// Builds the query of a rewritten tree. Without article sets, tantivy's parser builds it;
    /// with them, the tree is built here as the parser would (clauses become boolean queries,
    /// `Should` by default, clauses left empty are dropped, and a query that only excludes is
    /// an error), with each [`ARTICLE_SET`] leaf its [`ArticleQuery`].
    fn build(&self, ast: UserInputAst) -> Result<Box<dyn Query>> {
        if self.sets.borrow().is_empty() {
            return self
                .parser
                .build_query_from_user_input_ast(ast)
                .map_err(|e| query_error(self.query, e));
        }
        // A tree with a set is never empty, as the parser's check for exclusions assumes.
        match self.build_tree(ast)? {
            (_, true) => Err(query_error(
                self.query,
                QueryParserError::AllButQueryForbidden,
            )),
            (query, false) => Ok(query.unwrap_or_else(|| Box::new(EmptyQuery))),
        }
    }

    /// [`Rewriter::build`] with article sets: the query, `None` for a tree that holds no
    /// condition, and whether the tree only excludes (as tantivy's parser counts it: every
    /// clause `MustNot` or itself only excluding, and an empty clause vacuously so).
    fn build_tree(&self, ast: UserInputAst) -> Result<(Option<Box<dyn Query>>, bool)> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut built = Vec::new();
                let mut only_excludes = true;
                for (occur, sub) in clauses {
                    let occur = match occur {
                        Some(GrammarOccur::Must) => Occur::Must,
                        Some(GrammarOccur::MustNot) => Occur::MustNot,
                        Some(GrammarOccur::Should) | None => Occur::Should,
                    };
                    let (query, excludes) = self.build_tree(sub)?;
                    only_excludes &= occur == Occur::MustNot || excludes;
                    if let Some(query) = query {
                        built.push((occur, query));
                    }
                }
                let query = (!built.is_empty()).then(|| Box::new(BooleanQuery::new(built)) as _);
                Ok((query, only_excludes))
            }
            UserInputAst::Boost(inner, boost) => {
                let boost = boost.into_inner() as tantivy::Score;
                let (query, only_excludes) = self.build_tree(*inner)?;
                let query =
                    query.map(
                        |query| match (boost - 1.0).abs() < tantivy::Score::EPSILON {
                            true => query,
                            false => Box::new(BoostQuery::new(query, boost)) as Box<dyn Query>,
                        },
                    );
                Ok((query, only_excludes))
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Set {
                    field: Some(field),
                    elements,
                } if field == ARTICLE_SET => {
                    let set = elements
                        .first()
                        .and_then(|i| i.parse::<usize>().ok())
                        .and_then(|i| self.sets.borrow().get(i).cloned())
                        .unwrap_or_else(|| ArticleQuery::unscored([]));
                    Ok((Some(Box::new(set)), false))
                }
                leaf => {
                    let query = self
                        .parser
                        .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(leaf)))
                        .map_err(|e| query_error(self.query, e))?;
                    // A leaf with no terms is an empty clause to the parser.
                    Ok(match query.is::<EmptyQuery>() {
                        true => (None, true),
                        false => (Some(query), false),
                    })
                }
            },
        }
    }

    /// Rewrites one entity leaf into passage-level index terms: names resolve to canonical names
    /// (`base` is the passage field), countries to codes, and `figures.UNIT` literals and ranges to
    /// ranges over the `figure` terms of that unit. Errors name `field_name` as the user wrote it.
    fn passage_leaf(
        &self,
        entity: EntityField,
        base: &str,
        field_name: &str,
        leaf: UserInputLeaf,
    ) -> Result<UserInputAst> {
        let (resolver, query) = (self.resolver, self.query);
        let what = format!("{field_name}:");
        let literal = |field: &str, phrase: String| {
            UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
                field_name: Some(field.to_string()),
                phrase,
                delimiter: Delimiter::DoubleQuotes,
                slop: 0,
                prefix: false,
            })))
        };
        match (entity, leaf) {
            (EntityField::Country, UserInputLeaf::Literal(lit)) => {
                let code = resolver.country(&what, &lit.phrase)?;
                Ok(literal(base, code))
            }
            (EntityField::Name(kind), UserInputLeaf::Literal(lit)) => {
                let names = resolver.names(kind, &what, &lit.phrase)?;
                let mut alternatives: Vec<_> = names
                    .into_iter()
                    .map(|name| (Some(GrammarOccur::Should), literal(base, name)))
                    .collect();
                Ok(match alternatives.len() {
                    1 => alternatives.remove(0).1,
                    _ => UserInputAst::Clause(alternatives),
                })
            }
            (EntityField::Figure(unit), leaf) => {
                let number = |text: &str| {
                    filter::parse_number(text).ok_or_else(|| Error::Query {
                        query: query.to_string(),
                        message: format!("{what} expects a number, not {text:?}"),
                    })
                };
                let bound = |b: &UserInputBound| -> Result<Bound<f64>> {
                    Ok(match b {
                        UserInputBound::Inclusive(v) if v == "*" => Bound::Unbounded,
                        UserInputBound::Inclusive(v) => Bound::Included(number(v)?),
                        UserInputBound::Exclusive(v) => Bound::Excluded(number(v)?),
                        UserInputBound::Unbounded => Bound::Unbounded,
                    })
                };
                let (lower, upper) = match &leaf {
                    UserInputLeaf::Range { lower, upper, .. } => (bound(lower)?, bound(upper)?),
                    UserInputLeaf::Literal(lit) => {
                        let v = number(&lit.phrase)?;
                        (Bound::Included(v), Bound::Included(v))
                    }
                    _ => (Bound::Unbounded, Bound::Unbounded),
                };
                let (unit, _) = resolver.unit(&what, &unit, &unit)?;
                let filter = FigureFilter {
                    unit: unit.clone(),
                    lower,
                    upper,
                };
                let (lower, upper) = filter.term_bounds(&unit);
                let bound = |b: Bound<String>| match b {
                    Bound::Included(t) => UserInputBound::Inclusive(t),
                    Bound::Excluded(t) => UserInputBound::Exclusive(t),
                    Bound::Unbounded => UserInputBound::Unbounded,
                };
                Ok(UserInputAst::Leaf(Box::new(UserInputLeaf::Range {
                    field: Some("figure".to_string()),
                    lower: bound(lower),
                    upper: bound(upper),
                })))
            }
            (_, leaf) => Ok(UserInputAst::Leaf(Box::new(leaf))),
        }
    }
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    }
}

/// Parses the query's syntax (an empty query means every passage), and makes every clause that
/// only excludes (`NOT iraq` inside `troops AND NOT iraq`) exclude from all passages rather than
/// match nothing. A query that only excludes, at the top, stays an error that asks for a word.
fn parse_syntax(query: &str) -> Result<UserInputAst> {
    check_nesting(query)?;
    let text = query.trim();
    let text = if text.is_empty() { "*" } else { text };
    let ast = tantivy::query_grammar::parse_query(text)
        .map_err(|_| query_error(query, QueryParserError::SyntaxError(query.to_string())))?;
    Ok(match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| (occur, anchor_negations(sub)))
                .collect(),
        ),
        other => anchor_negations(other),
    })
}

/// The deepest nesting of parentheses a query may have, and the most operators (`NOT`, `+`, `-`)
/// it may apply: the parser and the rewrites recurse once per level, and a real query never
/// comes near these limits.
const MAX_NESTING: usize = 64;
const MAX_OPERATORS: usize = 256;

/// Refuses queries nested too deeply to parse without exhausting the stack, with a clear error.
fn check_nesting(query: &str) -> Result<()> {
    let (mut depth, mut deepest, mut operators, mut quoted) = (0usize, 0usize, 0usize, false);
    let mut previous = ' ';
    for (i, c) in query.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            '+' | '-' if !quoted && (previous.is_whitespace() || previous == '(') => operators += 1,
            'N' if !quoted
                && (previous.is_whitespace() || previous == '(')
                && query[i..].starts_with("NOT")
                && query[i + 3..].starts_with(|c: char| c.is_whitespace() || c == '(') =>
            {
                operators += 1
            }
            _ => {}
        }
        previous = c;
    }
    if deepest > MAX_NESTING || operators > MAX_OPERATORS {
        return Err(Error::Query {
            query: query.chars().take(80).collect(),
            message: format!(
                "the query nests more than {MAX_NESTING} parentheses deep or applies more than \
                 {MAX_OPERATORS} NOT, + or - operators"
            ),
        });
    }
    Ok(())
}

fn anchor_negations(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => {
            let mut clauses: Vec<_> = clauses
                .into_iter()
                .map(|(occur, sub)| (occur, anchor_negations(sub)))
                .collect();
            if !clauses.is_empty()
                && clauses
                    .iter()
                    .all(|(o, _)| *o == Some(GrammarOccur::MustNot))
            {
                clauses.push((
                    Some(GrammarOccur::Should),
                    UserInputAst::Leaf(Box::new(UserInputLeaf::All)),
                ));
            }
            UserInputAst::Clause(clauses)
        }
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(anchor_negations(*inner)), boost)
        }
        leaf => leaf,
    }
}

/// Parses a `--from`/`--to` value to epoch seconds. A bare date as upper bound means its last
/// second.
fn date_bound(what: &str, value: Option<&str>, upper: bool) -> Result<Option<i64>> {
    let Some(value) = value else { return Ok(None) };
    let date = parse_date(value).ok_or_else(|| Error::Invalid {
        what: what.to_string(),
        value: value.to_string(),
        message: "expected a date such as 2024-01-25 or 2024-01-25T10:00:00Z".to_string(),
    })?;
    let bare = !date.text.contains('T');
    Ok(Some(if upper && bare {
        date.timestamp + 86_399
    } else {
        date.timestamp
    }))
}

/// The query's fields, for error messages.
const QUERY_FIELDS: &str = "text, title, source, path, article_id, passage, date, actor, \
    location, country, figures.UNIT, article_actor, article_location, article_country, \
    article_figures.UNIT";

/// Turns a tantivy parse error into a message that says what is wrong and where.
fn query_error(query: &str, error: QueryParserError) -> Error {
    let message = match &error {
        QueryParserError::FieldDoesNotExist(field) => {
            format!("unknown field {field:?}; the fields are {QUERY_FIELDS}")
        }
        QueryParserError::AllButQueryForbidden => {
            "the query only excludes words; add a word to search for, or `*` for every passage"
                .to_string()
        }
        QueryParserError::SyntaxError(_) => {
            let (_, errors) = tantivy::query_grammar::parse_query_lenient(query);
            match errors.first() {
                Some(first) => {
                    let column = query[..first.pos.min(query.len())].chars().count() + 1;
                    format!("{} at column {column}", first.message.to_lowercase())
                }
                None => error.to_string(),
            }
        }
        QueryParserError::DateFormatError(_) => {
            format!("{error}; dates in queries are RFC 3339, e.g. date:[2024-01-01T00:00:00Z TO *]")
        }
        _ => error.to_string(),
    };
    Error::Query {
        query: query.to_string(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_cover_whole_days() {
        let table = [
            (Some("1970-01-02"), false, Some(86_400)),
            (Some("1970-01-02"), true, Some(86_400 + 86_399)),
            (Some("1970-01-02T00:00:10Z"), true, Some(86_410)),
            (None, true, None),
        ];
        for (value, upper, expected) in table {
            assert_eq!(
                date_bound("--to", value, upper).ok().flatten(),
                expected,
                "{value:?}"
            );
        }
        assert!(date_bound("--from", Some("next week"), false).is_err());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let table = [
            ("(iraq OR (syria AND troops))".to_string(), true),
            ("\"((((((\" NOT a -b +c".to_string(), true),
            ("(".repeat(65) + "a", false),
            ("(".repeat(64) + "a" + &")".repeat(64), true),
            ("NOT ".repeat(257) + "a", false),
            ("-a ".repeat(300), false),
            ("a-b ".repeat(300), true),
        ];
        for (query, ok) in table {
            assert_eq!(
                check_nesting(&query).is_ok(),
                ok,
                "{}",
                &query[..query.len().min(40)]
            );
        }
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate_chars("abc", 5), "abc");
        assert_eq!(truncate_chars("héllo world", 5), "héllo…");
    }
}
