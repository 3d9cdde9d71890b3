//! Snippets and highlights: one pass of the prose analyzer over each hit's text finds the words
//! that match the query, for the highlights, and the best fragment, for the snippet.
//!
//! The fragment is the one tantivy's `SnippetGenerator` picks (the same fragments, weights and
//! ties), found in the same pass as the highlights instead of a second one.

use std::collections::BTreeSet;
use std::ops::Range;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Searcher, Term};

/// Finds the highlights and snippet of each hit of one query.
pub struct Marker<'a> {
    analyzer: &'a mut TextAnalyzer,
    /// The query's words in the field (as indexed), each weighted `1 / (1 + document
    /// frequency)` so that rarer words pick the snippet. A query has few words, so a list is
    /// quicker to search than a map.
    weights: Vec<(String, Score)>,
    /// The longest fragment, in bytes.
    longest: usize,
}

/// What [`Marker::mark`] finds in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Marks {
    /// The byte ranges of the words that match the query.
    pub highlights: Vec<[usize; 2]>,
    /// The byte range of the best fragment, if any word matches.
    pub snippet: Option<Range<usize>>,
}

/// A run of tokens no longer than the longest fragment.
struct Fragment {
    score: Score,
    start: usize,
    stop: usize,
}

impl<'a> Marker<'a> {
    /// The marker of `query`'s words in `field`, whose analyzer is `analyzer`.
    ///
    /// # Errors
    /// When a word's document frequency cannot be read.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        analyzer: &'a mut TextAnalyzer,
        longest: usize,
    ) -> tantivy::Result<Marker<'a>> {
        let mut terms: BTreeSet<&Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.insert(term);
            }
        });
        let mut weights = Vec::new();
        for term in terms {
            let value = term.value();
            let Some(word) = value.as_str() else {
                continue;
            };
            let frequency = searcher.doc_freq(term)?;
            if frequency > 0 {
                weights.push((word.to_string(), 1.0 / (1.0 + frequency as Score)));
            }
        }
        Ok(Marker {
            analyzer,
            weights,
            longest,
        })
    }

    /// A marker from word weights, for tests.
    #[cfg(test)]
    fn with_weights(
        analyzer: &'a mut TextAnalyzer,
        weights: &[(&str, Score)],
        longest: usize,
    ) -> Marker<'a> {
        let weights = weights.iter().map(|&(w, s)| (w.to_string(), s)).collect();
        Marker {
            analyzer,
            weights,
            longest,
        }
    }

    /// The highlights and the best fragment of `text`: the fragment with the highest sum of
    /// weights, the first of equals.
    pub fn mark(&mut self, text: &str) -> Marks {
        let mut highlights = Vec::new();
        if self.weights.is_empty() {
            return Marks {
                highlights,
                snippet: None,
            };
        }
        let mut best: Option<Fragment> = None;
        let mut keep = |fragment: Fragment| {
            if fragment.score > 0.0 && best.as_ref().is_none_or(|b| fragment.score > b.score) {
                best = Some(fragment);
            }
        };
        let mut fragment = Fragment {
            score: 0.0,
            start: 0,
            stop: 0,
        };
        let mut stream = self.analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if token.offset_to - fragment.start > self.longest {
                let next = Fragment {
                    score: 0.0,
                    start: token.offset_from,
                    stop: token.offset_from,
                };
                keep(std::mem::replace(&mut fragment, next));
            }
            fragment.stop = token.offset_to;
            if let Some(&(_, weight)) = self.weights.iter().find(|(w, _)| *w == token.text) {
                fragment.score += weight;
                highlights.push([token.offset_from, token.offset_to]);
            }
        }
        keep(fragment);
        Marks {
            highlights,
            snippet: best.map(|b| b.start..b.stop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::{self, PROSE_TOKENIZER};
    use std::collections::BTreeMap;
    use tantivy::snippet::SnippetGenerator;

    /// What tantivy's own snippet generator picks, with the same weights.
    fn tantivys(text: &str, weights: &[(&str, Score)], longest: usize) -> String {
        let (schema, fields) = schema::build();
        let index = tantivy::Index::create_in_ram(schema);
        schema::register_tokenizers(&index);
        let analyzer = index.tokenizers().get(PROSE_TOKENIZER).expect("analyzer");
        let terms: BTreeMap<String, Score> =
            weights.iter().map(|&(w, s)| (w.to_string(), s)).collect();
        let generator = SnippetGenerator::new(terms, analyzer, fields.text, longest);
        generator.snippet(text).fragment().to_string()
    }

    #[test]
    fn the_snippet_is_tantivys_and_the_highlights_every_match() {
        let long = "Troops left Baghdad. ".repeat(12) + "Oil prices rose as troops left.";
        // (text, weights, longest fragment, expected highlights)
        type Case<'t> = (&'t str, Vec<(&'t str, Score)>, usize, usize);
        let table: [Case; 6] = [
            ("Oil prices rose; oil fell.", vec![("oil", 0.5)], 150, 2),
            ("Nothing here matches.", vec![("oil", 0.5)], 150, 0),
            (&long, vec![("oil", 0.9), ("troop", 0.1)], 40, 14),
            (&long, vec![("troop", 0.1)], 40, 13),
            (
                "Crude oil, crude oil, crude.",
                vec![("crude", 0.2), ("oil", 0.3)],
                12,
                5,
            ),
            ("", vec![("oil", 0.5)], 150, 0),
        ];
        let mut analyzer = crate::index::analyzer::prose();
        for (text, weights, longest, highlights) in table {
            let mut marker = Marker::with_weights(&mut analyzer, &weights, longest);
            let marks = marker.mark(text);
            let ours = marks.snippet.map(|r| &text[r]).unwrap_or_default();
            assert_eq!(ours, tantivys(text, &weights, longest), "{text:?}");
            assert_eq!(marks.highlights.len(), highlights, "{text:?}");
        }
    }

    #[test]
    fn no_query_words_mark_nothing() {
        let mut analyzer = crate::index::analyzer::prose();
        let mut marker = Marker::with_weights(&mut analyzer, &[], 150);
        let marks = marker.mark("Oil prices rose.");
        assert_eq!(
            marks,
            Marks {
                highlights: vec![],
                snippet: None
            }
        );
    }
}
