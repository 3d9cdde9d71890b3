//! Batch queries: one JSON object per line, each a search with its own filters, limit and
//! facets, answered by one JSON object per line with the query's `id` echoed back. A bad line
//! becomes an error object for its id; the batch goes on.

use crate::error::{Error, Result};
use crate::search::{Archive, Dimension, FacetRequest, SearchRequest, SearchResults};
use serde::{Deserialize, Serialize};

/// A string, or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(value) => vec![value],
            OneOrMany::Many(values) => values,
        }
    }
}

/// `"facets": true`, or a list of dimensions.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FacetSpec {
    /// All dimensions (`true`) or none (`false`).
    All(bool),
    /// These dimensions.
    Some(Vec<String>),
}

/// One line of a batch: a search, as `newsdex search` flags spelt as JSON. Each element of a
/// filter list is one flag (so the elements must all hold, and commas inside one are
/// alternatives), exactly as repeating `--country` on the command line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchQuery {
    /// Echoed back in the result (a string or a number); the line number when absent.
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    /// The query; `*` when absent.
    #[serde(default)]
    pub query: Option<String>,
    /// `--country` values.
    #[serde(default)]
    pub country: Option<OneOrMany>,
    /// `--actor` values.
    #[serde(default)]
    pub actor: Option<OneOrMany>,
    /// `--location` values.
    #[serde(default)]
    pub location: Option<OneOrMany>,
    /// `--figure` values.
    #[serde(default)]
    pub figure: Option<OneOrMany>,
    /// `passage` (default) or `article`.
    #[serde(default)]
    pub scope: Option<String>,
    /// `--from`.
    #[serde(default)]
    pub from: Option<String>,
    /// `--to`.
    #[serde(default)]
    pub to: Option<String>,
    /// Hits to return (default 10; 0 for counts and facets only).
    #[serde(default)]
    pub limit: Option<usize>,
    /// Hits to pass over.
    #[serde(default)]
    pub offset: Option<usize>,
    /// At most this many passages per article.
    #[serde(default)]
    pub per_article: Option<usize>,
    /// Facets to count: `true` for all, or a list of dimensions.
    #[serde(default)]
    pub facets: Option<FacetSpec>,
    /// Values per facet (default 10).
    #[serde(default)]
    pub facet_limit: Option<usize>,
    /// Whether hits carry their passage text and highlights (default true).
    #[serde(default)]
    pub text: Option<bool>,
}

/// What a batch line gives: the results of its search with its id, or an error for its id.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum BatchAnswer {
    /// The search ran.
    Results {
        /// The query's id.
        id: serde_json::Value,
        /// Its results, as `newsdex search --format json` gives them.
        #[serde(flatten)]
        results: Box<SearchResults>,
    },
    /// The line could not be parsed or run.
    Error {
        /// The query's id (or its line number).
        id: serde_json::Value,
        /// What went wrong.
        error: String,
    },
}

impl BatchAnswer {
    /// Whether the line failed.
    pub fn is_error(&self) -> bool {
        matches!(self, BatchAnswer::Error { .. })
    }

    /// Whether the search found passages.
    pub fn has_hits(&self) -> bool {
        matches!(self, BatchAnswer::Results { results, .. } if results.total_hits > 0)
    }
}

impl BatchQuery {
    /// The search this line asks for, and whether hits keep their text.
    ///
    /// # Errors
    /// [`Error::Invalid`] for a bad scope or facet dimension.
    pub fn request(self) -> Result<(SearchRequest, bool)> {
        let mut request = SearchRequest::new(self.query.unwrap_or_else(|| "*".to_string()));
        request.filters.country = self.country.map(OneOrMany::into_vec).unwrap_or_default();
        request.filters.actor = self.actor.map(OneOrMany::into_vec).unwrap_or_default();
        request.filters.location = self.location.map(OneOrMany::into_vec).unwrap_or_default();
        request.filters.figure = self.figure.map(OneOrMany::into_vec).unwrap_or_default();
        if let Some(scope) = &self.scope {
            request.filters.scope = scope.parse()?;
        }
        request.from = self.from;
        request.to = self.to;
        request.limit = self.limit.unwrap_or(10);
        request.offset = self.offset.unwrap_or(0);
        request.per_article = self.per_article;
        let limit = self.facet_limit.unwrap_or(FacetRequest::default().limit);
        request.facets = match self.facets {
            None | Some(FacetSpec::All(false)) => None,
            Some(FacetSpec::All(true)) => Some(FacetRequest {
                by: Dimension::ALL.to_vec(),
                limit,
            }),
            Some(FacetSpec::Some(names)) => Some(FacetRequest {
                by: names
                    .iter()
                    .map(|n| n.parse())
                    .collect::<Result<Vec<Dimension>>>()?,
                limit,
            }),
        };
        Ok((request, self.text.unwrap_or(true)))
    }
}

/// Answers one line of a batch (`number` counts from 1, for ids and messages).
pub fn answer(archive: &Archive, line: &str, number: usize) -> BatchAnswer {
    let fallback = serde_json::Value::from(number);
    let query = match parse(line) {
        Ok(query) => query,
        Err(message) => {
            // Echo the id even from a line that is not a valid query, when it has one.
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(fallback);
            return BatchAnswer::Error {
                id,
                error: format!("line {number}: not a query object: {message}"),
            };
        }
    };
    let id = query.id.clone().unwrap_or(fallback);
    match run(archive, query) {
        Ok(results) => BatchAnswer::Results {
            id,
            results: Box::new(results),
        },
        Err(e) => BatchAnswer::Error {
            id,
            error: e.to_string(),
        },
    }
}

fn run(archive: &Archive, query: BatchQuery) -> Result<SearchResults> {
    let (mut request, text) = query.request()?;
    request.validate()?;
    let hits_wanted = request.limit;
    request.limit = request.limit.max(1);
    let mut results = archive.search(&request)?;
    if hits_wanted == 0 {
        results.hits.clear();
    }
    if !text {
        for hit in &mut results.hits {
            hit.passage.text.clear();
            hit.passage.highlights.clear();
        }
    }
    Ok(results)
}

/// Checks a line without an index: that it parses as a query object.
///
/// # Errors
/// [`Error::Invalid`] describing the problem.
pub fn parse_line(line: &str) -> Result<BatchQuery> {
    parse(line).map_err(|message| Error::Invalid {
        what: "batch line".to_string(),
        value: line.chars().take(80).collect(),
        message,
    })
}

/// Parses a line that must be a JSON object with the fields of [`BatchQuery`].
fn parse(line: &str) -> std::result::Result<BatchQuery, String> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    if !value.is_object() {
        return Err("expected a JSON object".to_string());
    }
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_requests() {
        let query = parse_line(
            r#"{"id": "q1", "query": "withdrawal", "country": ["IQ"], "limit": 20, "facets": ["actor"]}"#,
        )
        .expect("parses");
        let (request, text) = query.request().expect("a request");
        assert_eq!(request.query, "withdrawal");
        assert_eq!(request.filters.country, ["IQ"]);
        assert_eq!(request.limit, 20);
        assert_eq!(request.facets.map(|f| f.by), Some(vec![Dimension::Actor]));
        assert!(text);

        let (request, text) = parse_line(r#"{"actor": "ISIS", "facets": true, "text": false}"#)
            .expect("parses")
            .request()
            .expect("a request");
        assert_eq!(request.query, "*");
        assert_eq!(request.filters.actor, ["ISIS"]);
        assert_eq!(request.facets.map(|f| f.by.len()), Some(4));
        assert!(!text);
    }

    #[test]
    fn bad_lines_are_errors() {
        let table = [
            r#"{"query": "oil", "colour": "red"}"#,
            r#"{"query": 5}"#,
            "not json",
            r#"["oil"]"#,
        ];
        for line in table {
            assert!(parse_line(line).is_err(), "{line}");
        }
        let bad_facet = parse_line(r#"{"facets": ["colour"]}"#).expect("parses");
        assert!(bad_facet.request().is_err());
    }
}
