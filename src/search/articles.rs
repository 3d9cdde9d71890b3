//! Article-wide conditions: which articles have a passage that matches a query, and the query
//! that matches every passage of a set of articles.
//!
//! An article is known by its key, the `seq` of its first passage, which every passage of the
//! article holds in the `article_key` fast column. The column is not indexed: a term per
//! article cost the indexer about 3 % of its time (a new term in the dictionary for every
//! article, see BENCHMARKS.md). So [`ArticleQuery`] reads the column instead of posting lists:
//! it enumerates a segment's passages in the set by reading their keys a block at a time,
//! looking a key up only where it changes from one passage to the next (an article's passages
//! are indexed together), and in a conjunction it is asked about the other side's passages one
//! by one.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, ColumnValues};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{
    DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentOrdinal, SegmentReader, TERMINATED,
};

/// The fast column that holds each passage's article key.
pub const ARTICLE_KEY: &str = "article_key";

/// Passages whose keys are read from the column at a time.
const BLOCK: usize = 1024;

/// The keys of the articles that have a passage matching `query`, each with the best score of
/// its matching passages (all alike unless `scored`).
///
/// # Errors
/// tantivy's, when the index cannot be read.
pub fn article_scores(
    searcher: &Searcher,
    query: &dyn Query,
    scored: bool,
) -> tantivy::Result<HashMap<u64, Score>> {
    searcher.search(query, &ArticleKeys { scored })
}

/// Collects the article key of every hit, with the best score of its article's hits when
/// `scored`.
struct ArticleKeys {
    scored: bool,
}

impl Collector for ArticleKeys {
    type Fruit = HashMap<u64, Score>;
    type Child = ArticleKeysSegment;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<ArticleKeysSegment> {
        Ok(ArticleKeysSegment {
            keys: segment.fast_fields().u64(ARTICLE_KEY)?,
            found: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scored
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<u64, Score>>) -> tantivy::Result<Self::Fruit> {
        let mut all = HashMap::new();
        for (key, score) in fruits.into_iter().flatten() {
            keep_best(&mut all, key, score);
        }
        Ok(all)
    }
}

/// Records `score` for `key` unless a better one is there.
fn keep_best(found: &mut HashMap<u64, Score>, key: u64, score: Score) {
    let best = found.entry(key).or_insert(score);
    *best = best.max(score);
}

/// The per-segment side of [`ArticleKeys`].
struct ArticleKeysSegment {
    keys: Column<u64>,
    found: HashMap<u64, Score>,
}

impl SegmentCollector for ArticleKeysSegment {
    type Fruit = HashMap<u64, Score>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(key) = self.keys.first(doc) {
            keep_best(&mut self.found, key, score);
        }
    }

    fn harvest(self) -> HashMap<u64, Score> {
        self.found
    }
}

/// Every passage of a set of articles. Each scores its article's score (times the query's
/// boost), or 1 for a set made [`ArticleQuery::unscored`].
#[derive(Clone)]
pub struct ArticleQuery {
    /// The articles' keys, sorted, and their scores in the same order.
    articles: Arc<(Vec<u64>, Vec<Score>)>,
}

impl ArticleQuery {
    /// The passages of the articles in `scores`, each scoring its article's score.
    pub fn scored(scores: HashMap<u64, Score>) -> ArticleQuery {
        let mut pairs: Vec<(u64, Score)> = scores.into_iter().collect();
        pairs.sort_unstable_by_key(|&(key, _)| key);
        let (keys, scores) = pairs.into_iter().unzip();
        ArticleQuery {
            articles: Arc::new((keys, scores)),
        }
    }

    /// The passages of the articles with these keys, each scoring 1.
    pub fn unscored(keys: impl IntoIterator<Item = u64>) -> ArticleQuery {
        ArticleQuery::scored(keys.into_iter().map(|key| (key, 1.0)).collect())
    }

    /// The score of the article with this key, if it is in the set.
    fn score_of(&self, key: u64) -> Option<Score> {
        let (keys, scores) = &*self.articles;
        keys.binary_search(&key)
            .ok()
            .and_then(|i| scores.get(i).copied())
    }

    /// The scorer of `segment`'s passages in the set, each scoring its article's score times
    /// `boost`.
    fn scorer_of(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<ArticleScorer> {
        let column = segment.fast_fields().u64(ARTICLE_KEY)?;
        let (lowest, highest) = match self.articles.0.as_slice() {
            [first, .., last] => (*first, *last),
            [only] => (*only, *only),
            [] => (1, 0),
        };
        // A segment none of whose keys can be in the set is empty (an empty set has no range).
        let max_doc = match column.max_value() < lowest || column.min_value() > highest {
            true => 0,
            false => segment.max_doc(),
        };
        let mut scorer = ArticleScorer {
            set: self.clone(),
            range: (lowest, highest),
            boost,
            // Passages without a key (there are none) take one that no article has.
            keys: column.first_or_default_col(u64::MAX),
            max_doc,
            doc: 0,
            score: 0.0,
            block: vec![0; BLOCK],
            block_start: 0,
            block_len: 0,
            last: None,
        };
        scorer.scan_from(0);
        Ok(scorer)
    }
}

impl fmt::Debug for ArticleQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArticleQuery({} articles)", self.articles.0.len())
    }
}

impl Query for ArticleQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for ArticleQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.scorer_of(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let key = reader.fast_fields().u64(ARTICLE_KEY)?.first(doc);
        match key.and_then(|key| self.score_of(key)) {
            Some(score) => Ok(Explanation::new(
                "the passage's article is in the set",
                score,
            )),
            None => Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is not in an article of the set"
            ))),
        }
    }
}

/// The passages of one segment that an [`ArticleQuery`] matches. Enumerating them reads the
/// keys a block at a time; a conjunction that only asks whether a passage is in the set
/// ([`DocSet::seek_danger`]) reads that passage's key alone.
struct ArticleScorer {
    set: ArticleQuery,
    /// The lowest and highest key of the set.
    range: (u64, u64),
    boost: Score,
    keys: Arc<dyn ColumnValues<u64>>,
    /// The segment's passages, or 0 when none can match.
    max_doc: DocId,
    /// The current passage ([`TERMINATED`] at the end) and its score.
    doc: DocId,
    score: Score,
    /// The keys of the passages from `block_start`, `block_len` of them.
    block: Vec<u64>,
    block_start: DocId,
    block_len: usize,
    /// The last key looked up, and its article's score if it is in the set: an article's
    /// passages are indexed together, so keys repeat.
    last: Option<(u64, Option<Score>)>,
}

impl ArticleScorer {
    /// The score of the article with this key, if it is in the set.
    fn score_of(&mut self, key: u64) -> Option<Score> {
        match self.last {
            Some((last, score)) if last == key => score,
            _ => {
                let (lowest, highest) = self.range;
                let score = (lowest..=highest)
                    .contains(&key)
                    .then(|| self.set.score_of(key))
                    .flatten();
                self.last = Some((key, score));
                score
            }
        }
    }

    /// Moves to the first passage from `from` on that is in the set.
    fn scan_from(&mut self, from: DocId) -> DocId {
        let mut doc = from;
        while doc < self.max_doc {
            let offset = doc.wrapping_sub(self.block_start) as usize;
            if offset >= self.block_len {
                self.block_start = doc;
                self.block_len = BLOCK.min((self.max_doc - doc) as usize);
                self.keys
                    .get_range(u64::from(doc), &mut self.block[..self.block_len]);
                continue;
            }
            if let Some(score) = self.score_of(self.block[offset]) {
                self.doc = doc;
                self.score = score * self.boost;
                return doc;
            }
            doc += 1;
        }
        self.doc = TERMINATED;
        TERMINATED
    }
}

impl DocSet for ArticleScorer {
    fn advance(&mut self) -> DocId {
        match self.doc {
            TERMINATED => TERMINATED,
            doc => self.scan_from(doc + 1),
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        match target <= self.doc {
            true => self.doc,
            false => self.scan_from(target),
        }
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        if target >= self.max_doc {
            return SeekDangerResult::SeekLowerBound(TERMINATED);
        }
        let offset = target.wrapping_sub(self.block_start) as usize;
        let key = match offset < self.block_len {
            true => self.block[offset],
            false => self.keys.get_val(target),
        };
        match self.score_of(key) {
            Some(score) => {
                self.doc = target;
                self.score = score * self.boost;
                SeekDangerResult::Found
            }
            None => SeekDangerResult::SeekLowerBound(target + 1),
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    /// At most every passage of the segment: so in a conjunction with anything smaller, the
    /// other side leads and this one answers [`DocSet::seek_danger`].
    fn size_hint(&self) -> u32 {
        match self.doc {
            TERMINATED => 0,
            doc => self.max_doc - doc,
        }
    }
}

impl Scorer for ArticleScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, FAST, STRING};
    use tantivy::{doc, Index, IndexWriter, Term};

    /// An index of passages `(article key, word)`, one segment per slice.
    fn index(segments: &[&[(u64, &str)]]) -> (Index, tantivy::schema::Field) {
        let mut builder = Schema::builder();
        let key = builder.add_u64_field(ARTICLE_KEY, FAST);
        let word = builder.add_text_field("word", STRING);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for passages in segments {
            for &(k, w) in *passages {
                writer.add_document(doc!(key => k, word => w)).unwrap();
            }
            writer.commit().unwrap();
        }
        (index, word)
    }

    /// The (segment, doc, score) of every passage a query matches, in order.
    fn matched(index: &Index, query: &dyn Query) -> Vec<(u32, DocId, Score)> {
        let searcher = index.reader().unwrap().searcher();
        let mut hits: Vec<_> = searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, at)| (at.segment_ord, at.doc_id, score))
            .collect();
        hits.sort_by_key(|&(segment, doc, _)| (segment, doc));
        hits
    }

    #[test]
    fn a_set_matches_every_passage_of_its_articles() {
        let (index, _) = index(&[
            &[(1, "a"), (1, "b"), (3, "c"), (3, "d"), (3, "e"), (6, "f")],
            &[(7, "g"), (9, "h"), (9, "i")],
        ]);
        // The keys of the set, and the (segment, passage) pairs it matches.
        type Row<'a> = (&'a [u64], Vec<(u32, DocId)>);
        let table: [Row; 5] = [
            (&[], vec![]),
            (&[3], vec![(0, 2), (0, 3), (0, 4)]),
            (&[1, 9], vec![(0, 0), (0, 1), (1, 1), (1, 2)]),
            (&[2, 4, 8, 100], vec![]),
            (&[6, 7], vec![(0, 5), (1, 0)]),
        ];
        for (keys, expected) in table {
            let query = ArticleQuery::unscored(keys.iter().copied());
            let found: Vec<(u32, DocId)> = matched(&index, &query)
                .into_iter()
                .map(|(segment, doc, score)| {
                    assert_eq!(score, 1.0, "{keys:?}");
                    (segment, doc)
                })
                .collect();
            assert_eq!(found, expected, "{keys:?}");
        }
    }

    #[test]
    fn each_passage_scores_its_articles_score() {
        let (index, _) = index(&[&[(1, "a"), (1, "b"), (3, "c"), (5, "d")]]);
        let query = ArticleQuery::scored(HashMap::from([(1, 2.5), (5, 0.75)]));
        assert_eq!(
            matched(&index, &query),
            vec![(0, 0, 2.5), (0, 1, 2.5), (0, 3, 0.75)]
        );
    }

    #[test]
    fn a_set_combines_with_other_queries() {
        let (index, word) = index(&[&[(1, "a"), (1, "b"), (3, "b"), (3, "c")]]);
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(word, w),
                IndexRecordOption::Basic,
            ))
        };
        let table: [(Occur, Vec<DocId>); 2] = [(Occur::Must, vec![1]), (Occur::MustNot, vec![2])];
        for (occur, expected) in table {
            let query = BooleanQuery::new(vec![
                (Occur::Must, term("b")),
                (occur, Box::new(ArticleQuery::unscored([1]))),
            ]);
            let docs: Vec<DocId> = matched(&index, &query)
                .into_iter()
                .map(|(_, doc, _)| doc)
                .collect();
            assert_eq!(docs, expected, "{occur:?}");
        }
    }

    #[test]
    fn sets_are_read_across_blocks_of_keys() {
        // 3,000 passages in articles of seven, every third passage with the word "x".
        let passages: Vec<(u64, &str)> = (0..3000u64)
            .map(|i| (i / 7 * 7, if i % 3 == 0 { "x" } else { "y" }))
            .collect();
        let (index, word) = index(&[&passages]);
        let searcher = index.reader().unwrap().searcher();
        let x: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(word, "x"),
            IndexRecordOption::Basic,
        ));
        let table: [(Vec<u64>, usize, usize); 3] = [
            // Articles at the start, across the first block's end, and the last (partial) one.
            (vec![0, 1022, 1029, 2996], 7 * 3 + 4, 9),
            ((0..3000).step_by(7 * 10).collect(), 7 * 43, 101),
            (vec![5, 3000, 7_000], 0, 0),
        ];
        for (keys, passages, with_x) in table {
            let set = || Box::new(ArticleQuery::unscored(keys.iter().copied()));
            let alone = searcher.search(&*set(), &Count).unwrap();
            let both = BooleanQuery::new(vec![(Occur::Must, x.box_clone()), (Occur::Must, set())]);
            let but =
                BooleanQuery::new(vec![(Occur::Must, x.box_clone()), (Occur::MustNot, set())]);
            assert_eq!(alone, passages, "{keys:?}");
            assert_eq!(searcher.search(&both, &Count).unwrap(), with_x, "{keys:?}");
            assert_eq!(
                searcher.search(&but, &Count).unwrap(),
                1000 - with_x,
                "{keys:?}"
            );
        }
    }

    #[test]
    fn article_scores_keep_each_articles_best_passage() {
        let (index, word) = index(&[&[(1, "a"), (1, "b"), (3, "b")], &[(8, "b")]]);
        let searcher = index.reader().unwrap().searcher();
        let query = TermQuery::new(Term::from_field_text(word, "b"), IndexRecordOption::Basic);
        let found = article_scores(&searcher, &query, false).unwrap();
        let mut keys: Vec<u64> = found.keys().copied().collect();
        keys.sort_unstable();
        assert_eq!(keys, vec![1, 3, 8]);
    }
}
