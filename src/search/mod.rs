//! Search: turns a [`SearchRequest`] into [`SearchResults`] over an index, via tantivy's query
//! parser and collectors. This is, with `index`, the only module that knows tantivy.
//!
//! The query syntax is tantivy's: words (OR by default), `AND`, `OR`, `NOT` or `-word`,
//! `+word` (must), `"exact phrases"`, `field:term` for the fields `text`, `title`, `source`,
//! `path`, `article_id` and `passage`, ranges such as `date:[2020-01-01T00:00:00Z TO *]`, and `*`
//! for every passage. Passages are ranked by BM25; equal scores keep corpus order.

use crate::article::parse_date;
use crate::error::{Error, Result};
use crate::index::{self, schema};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery};
use tantivy::query_grammar::{Occur as GrammarOccur, UserInputAst, UserInputLeaf};
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, Order, ReloadPolicy, TantivyDocument, Term,
};

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
}

impl SearchRequest {
    /// Checks what can be checked without an index: the query's syntax and the dates.
    ///
    /// # Errors
    /// [`Error::Query`] for a syntax error, [`Error::Invalid`] for a bad date.
    pub fn validate(&self) -> Result<()> {
        parse_syntax(&self.query)?;
        self.date_range()?;
        Ok(())
    }

    /// The `--from`/`--to` bounds in epoch seconds.
    fn date_range(&self) -> Result<(Option<i64>, Option<i64>)> {
        let from = date_bound("--from", self.from.as_deref(), false)?;
        let to = date_bound("--to", self.to.as_deref(), true)?;
        Ok((from, to))
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
    /// The hits on this page, best first.
    pub hits: Vec<Hit>,
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
        Ok(Archive {
            path: path.to_path_buf(),
            index,
            reader,
            fields,
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
        let query = self.parse(request)?;
        let searcher = self.reader.searcher();
        let io = |e: tantivy::TantivyError| Error::index(&self.path, e);
        // Never ask a collector for more documents than the index holds.
        let docs = usize::try_from(searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1);
        let want = request
            .offset
            .saturating_add(request.limit.max(1))
            .min(docs);
        let ranked = |n: usize| {
            TopDocs::with_limit(n.max(1)).order_by((
                (SortBySimilarityScore, Order::Desc),
                (SortByStaticFastValue::<u64>::for_field("seq"), Order::Asc),
            ))
        };
        let mut fetch = match request.per_article {
            Some(_) => want.saturating_mul(4).max(50).min(docs),
            None => want,
        };
        let (total_hits, page) = loop {
            let (top, total) = searcher
                .search(&query, &(ranked(fetch), Count))
                .map_err(io)?;
            let exhausted = top.len() < fetch;
            let mut kept = Vec::with_capacity(want);
            let mut per_article: HashMap<String, usize> = HashMap::new();
            for ((score, _), address) in top {
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
        let mut snippets =
            SnippetGenerator::create(&searcher, &*query, self.fields.text).map_err(io)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut highlighter = Highlighter {
            analyzer: self
                .index
                .tokenizer_for_field(self.fields.text)
                .map_err(io)?,
            words: self.query_words(&*query),
        };
        let hits = page
            .into_iter()
            .enumerate()
            .skip(request.offset)
            .map(
                |(i, (score, _address, doc)): (usize, (f32, DocAddress, TantivyDocument))| {
                    self.hit(i + 1, score, &doc, &snippets, &mut highlighter)
                },
            )
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            schema_version: JSON_SCHEMA_VERSION,
            query: request.query.clone(),
            total_hits: total_hits as u64,
            hits,
        })
    }

    /// Parses the query and adds the date range.
    fn parse(&self, request: &SearchRequest) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let parser = QueryParser::for_index(&self.index, vec![f.text]);
        let ast = parse_syntax(&request.query)?;
        let query = parser
            .build_query_from_user_input_ast(ast)
            .map_err(|e| query_error(&request.query, e))?;
        let (from, to) = request.date_range()?;
        if from.is_none() && to.is_none() {
            return Ok(query);
        }
        let term = |seconds: i64| {
            Term::from_field_date_for_search(f.date, DateTime::from_timestamp_secs(seconds))
        };
        let lower = from.map_or(Bound::Unbounded, |s| Bound::Included(term(s)));
        let upper = to.map_or(Bound::Unbounded, |s| Bound::Included(term(s)));
        let range: Box<dyn Query> = Box::new(RangeQuery::new(lower, upper));
        Ok(Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, range),
        ])))
    }

    /// The stemmed words of the query that target the passage text.
    fn query_words(&self, query: &dyn Query) -> HashSet<String> {
        let mut words = HashSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.fields.text {
                if let Some(word) = term.value().as_str() {
                    words.insert(word.to_string());
                }
            }
        });
        words
    }

    fn hit(
        &self,
        rank: usize,
        score: f32,
        doc: &TantivyDocument,
        snippets: &SnippetGenerator,
        highlighter: &mut Highlighter,
    ) -> Result<Hit> {
        let f = &self.fields;
        let text = self.text(doc, f.text);
        let optional = |field| Some(self.text(doc, field)).filter(|s| !s.is_empty());
        let snippet = snippets.snippet(&text);
        let snippet = if snippet.fragment().is_empty() {
            truncate_chars(&text, SNIPPET_CHARS)
        } else {
            snippet.fragment().to_string()
        };
        Ok(Hit {
            rank,
            score,
            article: ArticleInfo {
                id: self.text(doc, f.article_id),
                path: self.text(doc, f.path),
                title: self.text(doc, f.title),
                date: optional(f.date_text),
                source: optional(f.source),
                url: optional(f.url),
            },
            passage: PassageInfo {
                number: self.number(doc, f.passage),
                start: self.number(doc, f.start),
                end: self.number(doc, f.end),
                highlights: highlighter.ranges(&text),
                text,
            },
            snippet,
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

/// Marks the words of a passage whose stems are among the query's words; built once per search.
struct Highlighter {
    analyzer: TextAnalyzer,
    words: HashSet<String>,
}

impl Highlighter {
    /// Returns the byte ranges in `text` of the words that match the query.
    fn ranges(&mut self, text: &str) -> Vec<[usize; 2]> {
        let mut ranges = Vec::new();
        if self.words.is_empty() {
            return ranges;
        }
        let mut stream = self.analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if self.words.contains(&token.text) {
                ranges.push([token.offset_from, token.offset_to]);
            }
        }
        ranges
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
const QUERY_FIELDS: &str = "text, title, source, path, article_id, passage, date";

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
    fn truncation_counts_characters() {
        assert_eq!(truncate_chars("abc", 5), "abc");
        assert_eq!(truncate_chars("héllo world", 5), "héllo…");
    }
}
