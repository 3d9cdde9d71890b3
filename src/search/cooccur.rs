//! Co-occurrence: which entities appear in the same passages. With an anchor (an entity filter
//! such as `--actor "Lloyd Austin"`), the entities that share its passages; without one, every
//! pair of entities across a query's hits. The result is a weighted edge list.

use crate::country;
use crate::search::facet::{split_location, Counts, Dimension};
use serde::Serialize;
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// One node of an edge: an entity of some dimension.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Node {
    /// The entity: a canonical name, an ISO code or a unit.
    pub value: String,
    /// Its dimension: `country`, `actor`, `location` or `unit`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The country's name (countries) or the location's country code (locations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Node {
    /// The node for a raw column value of a dimension.
    pub(crate) fn new(dimension: Dimension, raw: &str) -> Node {
        match dimension {
            Dimension::Country => Node {
                value: raw.to_string(),
                kind: dimension.as_str(),
                detail: country::name(raw).map(str::to_string),
            },
            Dimension::Location => {
                let (name, code) = split_location(raw);
                Node {
                    value: name.to_string(),
                    kind: dimension.as_str(),
                    detail: code.map(str::to_string),
                }
            }
            Dimension::Actor | Dimension::Unit => Node {
                value: raw.to_string(),
                kind: dimension.as_str(),
                detail: None,
            },
        }
    }
}

/// Two entities and the number of passages in which both appear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// The anchor, or the first of the pair.
    pub source: Node,
    /// The other entity.
    pub target: Node,
    /// Passages in which both appear.
    pub weight: u64,
}

/// Pair counts, keyed by (dimension index, raw value) twice, the smaller first.
pub(crate) type PairCounts = HashMap<((usize, String), (usize, String)), u64>;

/// Counts every pair of values, over the given dimensions, that share a passage.
pub(crate) struct PairCollector {
    pub(crate) dimensions: Vec<Dimension>,
}

impl Collector for PairCollector {
    type Fruit = PairCounts;
    type Child = PairSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<PairSegmentCollector> {
        let mut columns = Vec::with_capacity(self.dimensions.len());
        for dimension in &self.dimensions {
            columns.push(segment.fast_fields().str(dimension.column())?);
        }
        Ok(PairSegmentCollector {
            columns,
            values: Vec::new(),
            pairs: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<PairCounts>) -> tantivy::Result<PairCounts> {
        let mut merged = PairCounts::new();
        for fruit in fruits {
            for (pair, count) in fruit {
                *merged.entry(pair).or_default() += count;
            }
        }
        Ok(merged)
    }
}

/// A value within a segment: (dimension index, term ordinal).
type Ordinal = (usize, u64);

/// The per-segment side of [`PairCollector`]: counts pairs of (dimension, ordinal).
pub(crate) struct PairSegmentCollector {
    columns: Vec<Option<StrColumn>>,
    values: Vec<Ordinal>,
    pairs: HashMap<(Ordinal, Ordinal), u32>,
}

impl SegmentCollector for PairSegmentCollector {
    type Fruit = PairCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.values.clear();
        for (d, column) in self.columns.iter().enumerate() {
            if let Some(column) = column {
                self.values
                    .extend(column.ords().values_for_doc(doc).map(|ord| (d, ord)));
            }
        }
        self.values.sort_unstable();
        self.values.dedup();
        for (i, &a) in self.values.iter().enumerate() {
            for &b in &self.values[i + 1..] {
                *self.pairs.entry((a, b)).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> PairCounts {
        // Name every ordinal that takes part in a pair, one dictionary pass per dimension.
        let mut wanted: Vec<Vec<u64>> = vec![Vec::new(); self.columns.len()];
        for (a, b) in self.pairs.keys() {
            wanted[a.0].push(a.1);
            wanted[b.0].push(b.1);
        }
        let mut names: HashMap<(usize, u64), String> = HashMap::new();
        for (d, ords) in wanted.iter_mut().enumerate() {
            ords.sort_unstable();
            ords.dedup();
            let Some(column) = &self.columns[d] else {
                continue;
            };
            let mut next = ords.iter();
            // A dictionary that cannot be read leaves its values out rather than misnaming them.
            let _ = column.dictionary().sorted_ords_to_term_cb(ords, |bytes| {
                if let Some(&ord) = next.next() {
                    names.insert((d, ord), String::from_utf8_lossy(bytes).into_owned());
                }
            });
        }
        let mut counts = PairCounts::new();
        for ((a, b), count) in self.pairs {
            if let (Some(x), Some(y)) = (names.get(&a), names.get(&b)) {
                let key = ((a.0, x.clone()), (b.0, y.clone()));
                *counts.entry(key).or_default() += u64::from(count);
            }
        }
        counts
    }
}

/// The heaviest pairs as edges: by weight, then by source and target.
pub(crate) fn pair_edges(dimensions: &[Dimension], counts: PairCounts, limit: usize) -> Vec<Edge> {
    let mut edges: Vec<Edge> = counts
        .into_iter()
        .map(|((a, b), weight)| Edge {
            source: Node::new(dimensions[a.0], &a.1),
            target: Node::new(dimensions[b.0], &b.1),
            weight,
        })
        .collect();
    sort_edges(&mut edges, limit);
    edges
}

/// Edges from anchors to the values counted with them (the anchors' own values left out). The
/// anchors are (dimension, value) pairs as the filters resolved them, in any case; `counts` are
/// facet counts over `dimensions` plus the anchors' dimensions, in that order.
pub(crate) fn anchor_edges(
    dimensions: &[Dimension],
    anchor_dimensions: &[Dimension],
    anchors: &[(Dimension, String)],
    counts: Counts,
    limit: usize,
) -> Vec<Edge> {
    let is_anchor = |dimension: Dimension, raw: &str| {
        let value = match dimension {
            Dimension::Location => split_location(raw).0,
            _ => raw,
        };
        let value = value.to_lowercase();
        anchors
            .iter()
            .any(|(d, a)| *d == dimension && a.to_lowercase() == value)
    };
    // The anchors as the index spells them, from their own counts.
    let mut sources: Vec<Node> = Vec::new();
    for (&dimension, values) in anchor_dimensions
        .iter()
        .zip(counts.iter().skip(dimensions.len()))
    {
        let mut found: Vec<&String> = values.keys().filter(|v| is_anchor(dimension, v)).collect();
        found.sort();
        sources.extend(found.into_iter().map(|raw| Node::new(dimension, raw)));
    }
    let source = match sources.len() {
        0 => Node {
            value: anchors
                .iter()
                .map(|(_, a)| a.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            kind: anchors.first().map_or("actor", |(d, _)| d.as_str()),
            detail: None,
        },
        1 => sources.remove(0),
        _ => Node {
            value: sources
                .iter()
                .map(|n| n.value.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            kind: sources[0].kind,
            detail: None,
        },
    };
    let mut edges = Vec::new();
    for (&dimension, values) in dimensions.iter().zip(counts) {
        for (raw, weight) in values {
            if !is_anchor(dimension, &raw) {
                edges.push(Edge {
                    source: source.clone(),
                    target: Node::new(dimension, &raw),
                    weight,
                });
            }
        }
    }
    sort_edges(&mut edges, limit);
    edges
}

fn sort_edges(edges: &mut Vec<Edge>, limit: usize) {
    edges.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| a.source.cmp(&b.source))
            .then_with(|| a.target.cmp(&b.target))
    });
    edges.truncate(limit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_left_out_and_name_the_source() {
        let dims = [Dimension::Actor, Dimension::Country];
        let anchor_dims = [Dimension::Actor];
        let anchors = [(Dimension::Actor, "lloyd austin".to_string())];
        let counts: Counts = vec![
            HashMap::from([
                ("Lloyd Austin".to_string(), 2),
                ("Islamic State".to_string(), 1),
            ]),
            HashMap::from([("IQ".to_string(), 2)]),
            HashMap::from([
                ("Lloyd Austin".to_string(), 2),
                ("Islamic State".to_string(), 1),
            ]),
        ];
        let edges = anchor_edges(&dims, &anchor_dims, &anchors, counts, 10);
        let read: Vec<(&str, &str, u64)> = edges
            .iter()
            .map(|e| (e.source.value.as_str(), e.target.value.as_str(), e.weight))
            .collect();
        assert_eq!(
            read,
            [
                ("Lloyd Austin", "IQ", 2),
                ("Lloyd Austin", "Islamic State", 1)
            ]
        );
        assert_eq!(edges[0].target.detail.as_deref(), Some("Iraq"));
    }

    #[test]
    fn pairs_sort_by_weight_and_keep_the_limit() {
        let dims = [Dimension::Actor];
        let pair = |a: &str, b: &str| ((0, a.to_string()), (0, b.to_string()));
        let counts = PairCounts::from([
            (pair("A", "B"), 1),
            (pair("A", "C"), 5),
            (pair("B", "C"), 5),
        ]);
        let edges = pair_edges(&dims, counts, 2);
        let read: Vec<(&str, &str, u64)> = edges
            .iter()
            .map(|e| (e.source.value.as_str(), e.target.value.as_str(), e.weight))
            .collect();
        assert_eq!(read, [("A", "C", 5), ("B", "C", 5)]);
    }
}
