//! Facets: counts of the countries, actors, locations and figure units over every hit of a query,
//! read from the index's fast columns by a tantivy collector.

use crate::country;
use crate::error::{Error, Result};
use crate::index::schema::SEPARATOR;
use serde::Serialize;
use std::collections::HashMap;
use std::io;
use std::str::FromStr;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::column_index::MultiValueIndex;
use tantivy::columnar::{Column, ColumnIndex, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The facet default: how many values to show per dimension.
pub const DEFAULT_FACET_LIMIT: usize = 10;

/// What facets count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// ISO country codes, from places and demonyms.
    Country,
    /// Actors' canonical names.
    Actor,
    /// Locations' canonical names, with their country.
    Location,
    /// The units of figures.
    Unit,
}

impl Dimension {
    /// Every dimension, in display order.
    pub const ALL: [Dimension; 4] = [
        Dimension::Country,
        Dimension::Actor,
        Dimension::Location,
        Dimension::Unit,
    ];

    /// The dimension's name, as in `--by` and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Country => "country",
            Dimension::Actor => "actor",
            Dimension::Location => "location",
            Dimension::Unit => "unit",
        }
    }

    /// The fast column the dimension is counted from.
    pub(crate) fn column(self) -> &'static str {
        match self {
            Dimension::Country => "country",
            Dimension::Actor => "actor",
            Dimension::Location => "location_facet",
            Dimension::Unit => "unit",
        }
    }
}

impl FromStr for Dimension {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "country" | "countries" => Ok(Dimension::Country),
            "actor" | "actors" => Ok(Dimension::Actor),
            "location" | "locations" => Ok(Dimension::Location),
            "unit" | "units" => Ok(Dimension::Unit),
            _ => Err(Error::Invalid {
                what: "facet".to_string(),
                value: s.to_string(),
                message: "expected country, actor, location or unit".to_string(),
            }),
        }
    }
}

/// Which facets to count, and how many values to keep of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetRequest {
    /// The dimensions, in output order.
    pub by: Vec<Dimension>,
    /// The most values to keep per dimension.
    pub limit: usize,
}

impl Default for FacetRequest {
    fn default() -> Self {
        FacetRequest {
            by: Dimension::ALL.to_vec(),
            limit: DEFAULT_FACET_LIMIT,
        }
    }
}

/// The top values of each requested dimension over all hits. Dimensions not requested are
/// left out of JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    /// Top countries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Vec<FacetValue>>,
    /// Top actors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Vec<FacetValue>>,
    /// Top locations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Vec<FacetValue>>,
    /// Top figure units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Vec<FacetValue>>,
}

impl Facets {
    /// The values of one dimension, if it was requested.
    pub fn get(&self, dimension: Dimension) -> Option<&[FacetValue]> {
        match dimension {
            Dimension::Country => self.country.as_deref(),
            Dimension::Actor => self.actor.as_deref(),
            Dimension::Location => self.location.as_deref(),
            Dimension::Unit => self.unit.as_deref(),
        }
    }

    fn slot(&mut self, dimension: Dimension) -> &mut Option<Vec<FacetValue>> {
        match dimension {
            Dimension::Country => &mut self.country,
            Dimension::Actor => &mut self.actor,
            Dimension::Location => &mut self.location,
            Dimension::Unit => &mut self.unit,
        }
    }
}

/// One value of a facet and the number of hits (passages) that have it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacetValue {
    /// The value: an ISO code, a canonical name or a unit.
    pub value: String,
    /// The country's name (country facets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The location's country code (location facets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// How many hits have the value.
    pub count: u64,
}

/// Counts the values of some dimensions over the hits, one passage counting once per value.
pub(crate) struct FacetCollector {
    dimensions: Vec<Dimension>,
    limit: usize,
}

impl FacetCollector {
    /// A collector for the dimensions of `request`.
    pub(crate) fn new(request: &FacetRequest) -> Self {
        FacetCollector {
            dimensions: request.by.clone(),
            limit: request.limit,
        }
    }
}

/// Counts by value, for each dimension in request order: every value that can be among the
/// top `limit` (see [`candidates`]), with its count over all segments.
pub(crate) type Counts = Vec<HashMap<String, u64>>;

/// One segment's counts per term ordinal of each dimension's column (`None`: the segment has
/// no such column).
pub(crate) type SegmentCounts = Vec<(Option<StrColumn>, Vec<u32>)>;

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        Ok(FacetSegmentCollector {
            columns: columns(&self.dimensions, segment)?,
            docs: Vec::with_capacity(BLOCK),
            scratch: Scratch::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_fruits: Vec<SegmentCounts>) -> tantivy::Result<Counts> {
        merge(&segment_fruits, self.dimensions.len(), self.limit)
    }
}

/// The columns of `dimensions` in `segment`, each with a zero count per term ordinal.
fn columns(dimensions: &[Dimension], segment: &SegmentReader) -> tantivy::Result<SegmentCounts> {
    let mut columns = Vec::with_capacity(dimensions.len());
    for dimension in dimensions {
        let column = segment.fast_fields().str(dimension.column())?;
        let terms = column.as_ref().map_or(0, |c| c.dictionary().num_terms());
        columns.push((column, vec![0u32; terms]));
    }
    Ok(columns)
}

/// Counts term ordinals in one segment; they are named when the segments are merged. Hits are
/// counted in blocks of [`BLOCK`] (they come in increasing order).
pub(crate) struct FacetSegmentCollector {
    columns: SegmentCounts,
    docs: Vec<DocId>,
    scratch: Scratch,
}

/// How many hits [`FacetSegmentCollector`] counts at once.
const BLOCK: usize = 1024;

/// Buffers reused from block to block.
#[derive(Default)]
struct Scratch {
    docs: Vec<DocId>,
    ranks: Vec<u32>,
    bounds: Vec<u32>,
    starts: Vec<u32>,
    rows: Vec<u32>,
    ords: Vec<u64>,
}

impl FacetSegmentCollector {
    /// Counts the buffered hits.
    fn flush(&mut self) {
        for (column, counts) in &mut self.columns {
            if let Some(column) = column {
                count_block(column.ords(), &self.docs, counts, &mut self.scratch);
            }
        }
        self.docs.clear();
    }
}

/// Adds one to `counts[ord]` for every value `ord` of each of `docs` (sorted) in `column`.
///
/// A multi-valued column is read a block at a time: the ranks of the documents that have
/// values, then where each one's values start and end, then the values.
fn count_block(column: &Column<u64>, docs: &[DocId], counts: &mut [u32], scratch: &mut Scratch) {
    let mut add = |ord: u64| {
        if let Some(count) = counts.get_mut(ord as usize) {
            *count += 1;
        }
    };
    let ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(index)) = &column.index else {
        for &doc in docs {
            column.values_for_doc(doc).for_each(&mut add);
        }
        return;
    };
    let Scratch {
        docs: with_values,
        ranks,
        bounds,
        starts,
        rows,
        ords,
    } = scratch;
    with_values.clear();
    ranks.clear();
    index
        .optional_index
        .rank_if_exists_batch(docs, with_values, ranks);
    bounds.clear();
    bounds.extend(ranks.iter().flat_map(|&rank| [rank, rank + 1]));
    starts.clear();
    starts.resize(bounds.len(), 0);
    index.start_index_column.get_vals(bounds, starts);
    rows.clear();
    for pair in starts.chunks_exact(2) {
        rows.extend(pair[0]..pair[1]);
    }
    ords.clear();
    ords.resize(rows.len(), 0);
    column.values.get_vals(rows, ords);
    ords.iter().copied().for_each(add);
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
        if self.docs.len() == BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> SegmentCounts {
        self.flush();
        self.columns
    }
}

/// Merges the segments' counts of each of `dimensions` dimensions into [`Counts`] that hold at
/// least the top `limit` values of each.
fn merge(fruits: &[SegmentCounts], dimensions: usize, limit: usize) -> tantivy::Result<Counts> {
    (0..dimensions)
        .map(|d| {
            let segments: Vec<(&StrColumn, &[u32])> = fruits
                .iter()
                .filter_map(|fruit| match fruit.get(d) {
                    Some((Some(column), counts)) if counts.iter().any(|&n| n > 0) => {
                        Some((column, counts.as_slice()))
                    }
                    _ => None,
                })
                .collect();
            candidates(&segments, limit).map_err(tantivy::TantivyError::from)
        })
        .collect()
}

/// Returns every value that can be among the `limit` most frequent over `segments` (each a
/// column and its counts per term ordinal), with its total count; values that cannot are left
/// out, so that only a few terms are read from the dictionaries.
///
/// The `limit` largest counts of each segment give at least `limit` values (unless there are
/// fewer in all): their totals, looked up in every segment, bound the `limit`-th largest total
/// from below by `t`. A value whose total reaches `t` has at least `t / S` hits in one of the
/// `S` segments, so naming the terms with that many hits in each segment finds every value
/// that can rank in the top `limit`, ties included.
fn candidates(segments: &[(&StrColumn, &[u32])], limit: usize) -> io::Result<HashMap<String, u64>> {
    let mut totals = HashMap::new();
    if limit == 0 || segments.is_empty() {
        return Ok(totals);
    }
    let widest = segments
        .iter()
        .map(|(_, counts)| counts.iter().filter(|&&n| n > 0).count())
        .max()
        .unwrap_or(0);
    if widest <= limit.saturating_mul(4) {
        // Few values: name them all.
        for (column, counts) in segments {
            let ords: Vec<u64> = (0..counts.len() as u64)
                .filter(|&ord| counts[ord as usize] > 0)
                .collect();
            name(column, &ords, |k, value| {
                *totals.entry(value).or_default() += u64::from(counts[ords[k] as usize]);
            })?;
        }
        return Ok(totals);
    }
    // Each segment's `limit` largest counts.
    let mut seeds: Vec<String> = Vec::new();
    for (column, counts) in segments {
        let mut top: Vec<(u32, u64)> = counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(ord, &n)| (n, ord as u64))
            .collect();
        if top.len() > limit {
            top.select_nth_unstable_by(limit - 1, |a, b| b.0.cmp(&a.0));
            top.truncate(limit);
        }
        let mut ords: Vec<u64> = top.into_iter().map(|(_, ord)| ord).collect();
        ords.sort_unstable();
        name(column, &ords, |_, value| seeds.push(value))?;
    }
    add_totals(segments, seeds, &mut totals)?;
    let floor = if totals.len() < limit {
        1
    } else {
        let mut all: Vec<u64> = totals.values().copied().collect();
        all.select_nth_unstable_by(limit - 1, |a, b| b.cmp(a));
        all[limit - 1].div_ceil(segments.len() as u64).max(1)
    };
    let mut more = Vec::new();
    for (column, counts) in segments {
        let ords: Vec<u64> = (0..counts.len() as u64)
            .filter(|&ord| u64::from(counts[ord as usize]) >= floor)
            .collect();
        name(column, &ords, |_, value| {
            if !totals.contains_key(&value) {
                more.push(value);
            }
        })?;
    }
    add_totals(segments, more, &mut totals)?;
    Ok(totals)
}

/// Calls `f` with the position in `ords` and the term of each of `ords` (sorted) in `column`'s
/// dictionary.
fn name(column: &StrColumn, ords: &[u64], mut f: impl FnMut(usize, String)) -> io::Result<()> {
    let mut k = 0;
    column.dictionary().sorted_ords_to_term_cb(ords, |bytes| {
        f(k, String::from_utf8_lossy(bytes).into_owned());
        k += 1;
    })?;
    Ok(())
}

/// Adds each of `values` not yet in `totals` with its count summed over `segments`.
fn add_totals(
    segments: &[(&StrColumn, &[u32])],
    values: Vec<String>,
    totals: &mut HashMap<String, u64>,
) -> io::Result<()> {
    for value in values {
        if totals.contains_key(&value) {
            continue;
        }
        let mut total = 0;
        for (column, counts) in segments {
            if let Some(ord) = column.dictionary().term_ord(value.as_bytes())? {
                total += counts.get(ord as usize).map_or(0, |&n| u64::from(n));
            }
        }
        totals.insert(value, total);
    }
    Ok(())
}

/// Counts the facets of every passage straight from the columns, without a query: the fast
/// path for `*` with no filter. Returns `None` when a segment has deleted passages, which
/// only a query can leave out.
pub(crate) fn count_all(
    request: &FacetRequest,
    segments: &[SegmentReader],
) -> tantivy::Result<Option<Counts>> {
    if segments.iter().any(SegmentReader::has_deletes) {
        return Ok(None);
    }
    let mut fruits = Vec::with_capacity(segments.len());
    for segment in segments {
        let mut fruit = columns(&request.by, segment)?;
        for (column, counts) in &mut fruit {
            let Some(column) = column else {
                continue;
            };
            let values = &column.ords().values;
            let mut buffer = vec![0u64; 4096];
            let total = u64::from(values.num_vals());
            let mut start = 0u64;
            while start < total {
                let n = (total - start).min(buffer.len() as u64) as usize;
                values.get_range(start, &mut buffer[..n]);
                for &ord in &buffer[..n] {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
                start += n as u64;
            }
        }
        fruits.push(fruit);
    }
    merge(&fruits, request.by.len(), request.limit).map(Some)
}

/// Turns raw counts into the top values of each dimension: by count, then by value.
pub(crate) fn top(request: &FacetRequest, counts: Counts) -> Facets {
    let mut facets = Facets::default();
    for (&dimension, values) in request.by.iter().zip(counts) {
        let mut values: Vec<(String, u64)> = values.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        values.truncate(request.limit);
        let values = values
            .into_iter()
            .map(|(value, count)| facet_value(dimension, value, count))
            .collect();
        *facets.slot(dimension) = Some(values);
    }
    facets
}

fn facet_value(dimension: Dimension, value: String, count: u64) -> FacetValue {
    match dimension {
        Dimension::Country => FacetValue {
            name: country::name(&value).map(str::to_string),
            value,
            country: None,
            count,
        },
        Dimension::Location => {
            let (name, country) = split_location(&value);
            FacetValue {
                value: name.to_string(),
                name: None,
                country: country.map(str::to_string),
                count,
            }
        }
        Dimension::Actor | Dimension::Unit => FacetValue {
            value,
            name: None,
            country: None,
            count,
        },
    }
}

/// Splits a `location_facet` value into the name and the country code (if any).
pub(crate) fn split_location(value: &str) -> (&str, Option<&str>) {
    match value.split_once(SEPARATOR) {
        Some((name, "")) => (name, None),
        Some((name, country)) => (name, Some(country)),
        None => (value, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_parse_in_any_case_and_number() {
        let table = [
            ("country", Some(Dimension::Country)),
            ("Countries", Some(Dimension::Country)),
            ("actors", Some(Dimension::Actor)),
            ("LOCATION", Some(Dimension::Location)),
            ("unit", Some(Dimension::Unit)),
            ("figure", None),
            ("", None),
        ];
        for (text, expected) in table {
            assert_eq!(text.parse::<Dimension>().ok(), expected, "{text}");
        }
    }

    #[test]
    fn top_values_sort_by_count_then_value_and_are_named() {
        let request = FacetRequest {
            by: vec![Dimension::Country, Dimension::Location],
            limit: 2,
        };
        let countries = HashMap::from([
            ("SY".to_string(), 1),
            ("IQ".to_string(), 12),
            ("US".to_string(), 12),
        ]);
        let locations = HashMap::from([(format!("Baghdad{SEPARATOR}IQ"), 3)]);
        let facets = top(&request, vec![countries, locations]);
        let country = facets.get(Dimension::Country).expect("requested");
        let order: Vec<(&str, u64)> = country
            .iter()
            .map(|v| (v.value.as_str(), v.count))
            .collect();
        assert_eq!(order, [("IQ", 12), ("US", 12)]);
        assert_eq!(country[0].name.as_deref(), Some("Iraq"));
        let location = facets.get(Dimension::Location).expect("requested");
        assert_eq!(location[0].value, "Baghdad");
        assert_eq!(location[0].country.as_deref(), Some("IQ"));
        assert!(facets.actor.is_none());
    }

    /// Indexes one segment per item of `segments` (no merges), each a list of passages, each a
    /// list of actors.
    fn index_of(segments: &[Vec<Vec<String>>]) -> tantivy::Index {
        use tantivy::schema::{Schema, FAST, STRING};
        let mut builder = Schema::builder();
        let actor = builder.add_text_field("actor", STRING | FAST);
        let index = tantivy::Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for passages in segments {
            for actors in passages {
                let mut doc = tantivy::TantivyDocument::new();
                for name in actors {
                    doc.add_text(actor, name);
                }
                writer.add_document(doc).expect("add");
            }
            writer.commit().expect("commit");
        }
        index
    }

    /// `segments` segments of 1,500 passages (more than one [`BLOCK`]) with three pseudo-random
    /// actors each, skewed toward a few names that differ between segments.
    fn skewed(segments: usize) -> Vec<Vec<Vec<String>>> {
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % 1000
        };
        (0..segments as u64)
            .map(|segment| {
                (0..1500)
                    .map(|_| {
                        (0..3)
                            .map(|_| {
                                let r = next();
                                format!("a{:02}", (r * r / 10_000 + 3 * segment) % 90)
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    /// Counts the actors of every passage, the top `limit` only and every value, and checks that
    /// both give the same top values.
    fn check_top(index: &tantivy::Index, limit: usize) -> Counts {
        let searcher = index.reader().expect("reader").searcher();
        let request = |limit| FacetRequest {
            by: vec![Dimension::Actor],
            limit,
        };
        let all = searcher
            .search(
                &tantivy::query::AllQuery,
                &FacetCollector::new(&request(100_000)),
            )
            .expect("search");
        let expected = top(&request(limit), all);
        let counts = searcher
            .search(
                &tantivy::query::AllQuery,
                &FacetCollector::new(&request(limit)),
            )
            .expect("search");
        assert_eq!(
            top(&request(limit), counts.clone()),
            expected,
            "top {limit}"
        );
        let counted = count_all(&request(limit), searcher.segment_readers())
            .expect("count")
            .expect("no deletes");
        assert_eq!(
            top(&request(limit), counted),
            expected,
            "count_all, top {limit}"
        );
        counts
    }

    #[test]
    fn top_values_from_candidates_equal_those_from_every_value() {
        for segments in [1, 2, 5] {
            let index = index_of(&skewed(segments));
            for limit in [1, 2, 3, 5, 10, 25] {
                let counts = check_top(&index, limit);
                if limit <= 10 {
                    assert!(
                        counts[0].len() < 90,
                        "{segments} segments, top {limit}: fewer named"
                    );
                }
            }
        }
    }

    #[test]
    fn a_value_split_between_segments_is_found() {
        // x is first overall (6) but third in each segment, behind a and b, then c and d.
        let segment = |names: &[(&str, usize)]| -> Vec<Vec<String>> {
            let mut passages: Vec<Vec<String>> = names
                .iter()
                .flat_map(|&(name, n)| std::iter::repeat_n(vec![name.to_string()], n))
                .collect();
            passages.extend((0..12).map(|k| vec![format!("{}{k}", names[0].0)]));
            passages
        };
        let index = index_of(&[
            segment(&[("a", 5), ("b", 4), ("x", 3)]),
            segment(&[("c", 5), ("d", 4), ("x", 3)]),
        ]);
        let counts = check_top(&index, 2);
        assert_eq!(counts[0].get("x"), Some(&6));
    }
}
