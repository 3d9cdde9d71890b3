//! Ranking: the top hits by score, equal scores in corpus order (the `seq` column), so that a
//! query gives the same page on every build of the same corpus; and the count of all hits.
//!
//! A hit is compared on its score first, and its `seq` is read only when the score could
//! enter the top (at or above the lowest score kept). Most hits of a frequent word score
//! below that, so ranking costs little more than tantivy's own top-k by score.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// A ranked hit: its score, its `seq`, and where it is.
pub type Ranked = (Score, u64, DocAddress);

/// Collects the `limit` best hits, by score (descending) and then `seq` (ascending), and
/// counts every hit.
pub struct Top<'c> {
    limit: usize,
    columns: &'c SeqColumns,
    prune: bool,
}

impl<'c> Top<'c> {
    /// The best `limit` hits (at least one), reading `seq` from `columns` where they hold the
    /// segment.
    pub fn new(limit: usize, columns: &'c SeqColumns) -> Top<'c> {
        Top {
            limit: limit.max(1),
            columns,
            prune: false,
        }
    }

    /// Lets the query skip the hits that cannot enter the top (tantivy's block-max WAND), and
    /// counts the hits apart. Worth it when counting is cheap, as for a single term, whose
    /// count is its document frequency.
    pub fn pruning(mut self) -> Top<'c> {
        self.prune = true;
        self
    }
}

/// The `seq` columns of an index's segments, opened once: opening one reads its block headers,
/// which would otherwise be a sixth of a frequent word's query time.
#[derive(Default)]
pub struct SeqColumns(HashMap<SegmentId, Column<u64>>);

impl SeqColumns {
    /// Opens the `seq` column of each segment the searcher sees (skipping any that fail; they
    /// are opened again, and the error reported, when searched).
    pub fn open(searcher: &Searcher) -> SeqColumns {
        let columns = searcher
            .segment_readers()
            .iter()
            .filter_map(|r| Some((r.segment_id(), r.fast_fields().u64("seq").ok()?)))
            .collect();
        SeqColumns(columns)
    }

    fn of(&self, reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
        match self.0.get(&reader.segment_id()) {
            Some(column) => Ok(column.clone()),
            None => reader.fast_fields().u64("seq"),
        }
    }
}

/// A heap entry ordered so that the heap's top is the worst hit kept.
#[derive(Clone, Copy)]
struct Entry(Ranked);

impl Entry {
    /// Better hits are greater: higher scores, then lower `seq`.
    fn rank(&self, other: &Entry) -> Ordering {
        (self.0 .0)
            .total_cmp(&other.0 .0)
            .then_with(|| other.0 .1.cmp(&self.0 .1))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    /// Reversed, so that [`BinaryHeap`] (a max-heap) keeps the worst kept hit on top.
    fn cmp(&self, other: &Self) -> Ordering {
        other.rank(self)
    }
}

/// The best hits seen so far.
struct Best {
    limit: usize,
    heap: BinaryHeap<Entry>,
}

impl Best {
    fn new(limit: usize) -> Best {
        Best {
            limit,
            heap: BinaryHeap::with_capacity(limit + 1),
        }
    }

    /// The lowest score a new hit needs to be considered: everything while the heap is not
    /// full, then the worst kept score (a hit with an equal score may still win on `seq`).
    fn floor(&self) -> Option<Score> {
        match self.heap.len() < self.limit {
            true => None,
            false => self.heap.peek().map(|worst| worst.0 .0),
        }
    }

    fn push(&mut self, hit: Ranked) {
        let entry = Entry(hit);
        if self.heap.len() < self.limit {
            self.heap.push(entry);
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if entry.rank(&worst) == Ordering::Greater {
                *worst = entry;
            }
        }
    }

    /// The hits, best first.
    fn into_sorted(self) -> Vec<Ranked> {
        // The heap's order is reversed, so its ascending order is best first.
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|e| e.0)
            .collect()
    }
}

/// The best hits, best first, and how many hits there were in all.
pub type TopFruit = (Vec<Ranked>, usize);

impl Collector for Top<'_> {
    type Fruit = TopFruit;
    type Child = TopSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TopSegment> {
        Ok(TopSegment {
            segment,
            seq: self.columns.of(reader)?,
            best: Best::new(self.limit),
            floor: Score::NEG_INFINITY,
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TopFruit> {
        let mut collector = self.for_segment(segment, reader)?;
        let alive = reader.alive_bitset();
        let deleted = |doc| alive.is_some_and(|a| a.is_deleted(doc));
        if self.prune {
            collector.count = weight.count(reader)? as usize;
            // A hit is offered only when it scores above the returned threshold: just below
            // the floor, so that a hit equal to the floor can still win on `seq`.
            weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
                if !deleted(doc) {
                    collector.offer(doc, score);
                }
                match collector.floor {
                    Score::NEG_INFINITY => Score::MIN,
                    floor => floor.next_down(),
                }
            })?;
        } else {
            weight.for_each(reader, &mut |doc, score| {
                if !deleted(doc) {
                    collector.collect(doc, score);
                }
            })?;
        }
        Ok(collector.harvest())
    }

    fn merge_fruits(&self, fruits: Vec<TopFruit>) -> tantivy::Result<TopFruit> {
        let mut best = Best::new(self.limit);
        let mut count = 0;
        for (hits, n) in fruits {
            count += n;
            for hit in hits {
                best.push(hit);
            }
        }
        Ok((best.into_sorted(), count))
    }
}

impl TopSegment {
    /// Keeps the hit if it can be among the best so far.
    fn offer(&mut self, doc: DocId, score: Score) {
        if score < self.floor {
            return;
        }
        let seq = self.seq.first(doc).unwrap_or(u64::MAX);
        self.best
            .push((score, seq, DocAddress::new(self.segment, doc)));
        self.floor = self.best.floor().unwrap_or(Score::NEG_INFINITY);
    }
}

/// The per-segment side of [`Top`].
pub struct TopSegment {
    segment: SegmentOrdinal,
    seq: Column<u64>,
    best: Best,
    /// [`Best::floor`], or minus infinity while there is none.
    floor: Score,
    count: usize,
}

impl SegmentCollector for TopSegment {
    type Fruit = TopFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.count += 1;
        self.offer(doc, score);
    }

    fn harvest(self) -> TopFruit {
        (self.best.into_sorted(), self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(score: Score, seq: u64) -> Ranked {
        (score, seq, DocAddress::new(0, seq as DocId))
    }

    #[test]
    fn keeps_the_best_by_score_then_seq() {
        // (limit, hits in arrival order, expected seqs best first)
        let table: [(usize, Vec<Ranked>, Vec<u64>); 5] = [
            (2, vec![hit(1.0, 5), hit(3.0, 9), hit(2.0, 1)], vec![9, 1]),
            (
                3,
                vec![hit(1.0, 7), hit(1.0, 3), hit(1.0, 5), hit(1.0, 1)],
                vec![1, 3, 5],
            ),
            (1, vec![hit(2.0, 8), hit(2.0, 2), hit(2.0, 4)], vec![2]),
            (5, vec![hit(0.5, 1), hit(0.7, 2)], vec![2, 1]),
            (2, vec![], vec![]),
        ];
        for (limit, hits, expected) in table {
            let mut best = Best::new(limit);
            for h in hits.iter().copied() {
                best.push(h);
            }
            let seqs: Vec<u64> = best.into_sorted().iter().map(|h| h.1).collect();
            assert_eq!(seqs, expected, "{hits:?}");
        }
    }

    #[test]
    fn the_floor_is_the_worst_kept_score_once_full() {
        let mut best = Best::new(2);
        assert_eq!(best.floor(), None);
        best.push(hit(3.0, 1));
        assert_eq!(best.floor(), None);
        best.push(hit(1.0, 2));
        assert_eq!(best.floor(), Some(1.0));
        best.push(hit(2.0, 3));
        assert_eq!(best.floor(), Some(2.0));
    }

    #[test]
    fn pruning_finds_the_same_hits_and_count() {
        use tantivy::query::TermQuery;
        use tantivy::schema::{IndexRecordOption, Schema, FAST, TEXT};
        use tantivy::{doc, Index, Term};
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT);
        let seq = builder.add_u64_field("seq", FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        // Many equal scores (the same few texts again and again), two segments, deletions.
        let texts = [
            "oil",
            "oil oil",
            "oil and gas",
            "gas",
            "oil prices rose",
            "oil",
        ];
        for round in 0..2u64 {
            for i in 0..300u64 {
                let n = round * 1000 + (i * 7919) % 300;
                writer
                    .add_document(doc!(text => texts[(i % 6) as usize], seq => n))
                    .expect("add");
            }
            writer.commit().expect("commit");
        }
        writer.delete_term(Term::from_field_u64(seq, 1003));
        writer.delete_term(Term::from_field_u64(seq, 7));
        writer.commit().expect("commit");
        let reader = index.reader().expect("reader");
        let searcher = reader.searcher();
        let columns = SeqColumns::open(&searcher);
        for word in ["oil", "gas", "prices", "absent"] {
            let query = TermQuery::new(
                Term::from_field_text(text, word),
                IndexRecordOption::WithFreqs,
            );
            for limit in [1, 5, 50, 1000] {
                let plain = searcher
                    .search(&query, &Top::new(limit, &columns))
                    .expect("plain");
                let pruned = searcher
                    .search(&query, &Top::new(limit, &columns).pruning())
                    .expect("pruned");
                assert_eq!(plain, pruned, "{word} {limit}");
            }
        }
    }

    #[test]
    fn merging_segments_ranks_across_them() {
        let columns = SeqColumns::default();
        let top = Top::new(3, &columns);
        let fruits = vec![
            (vec![hit(2.0, 10), hit(1.0, 4)], 7),
            (vec![hit(2.0, 3), hit(1.5, 20)], 5),
        ];
        let (merged, count) = top.merge_fruits(fruits).expect("merge");
        let seqs: Vec<u64> = merged.iter().map(|h| h.1).collect();
        assert_eq!(seqs, vec![3, 10, 20]);
        assert_eq!(count, 12);
    }
}
