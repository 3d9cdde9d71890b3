//! Facets: counts of the countries, actors, locations and figure units over every hit of a query,
//! read from the index's fast columns by a tantivy collector.

use crate::country;
use crate::error::{Error, Result};
use crate::index::schema::SEPARATOR;
use serde::Serialize;
use std::collections::HashMap;
use std::str::FromStr;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
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
}

impl FacetCollector {
    /// A collector for the dimensions of `request`.
    pub(crate) fn new(request: &FacetRequest) -> Self {
        FacetCollector {
            dimensions: request.by.clone(),
        }
    }
}

/// Raw counts, by dimension index then value.
pub(crate) type Counts = Vec<HashMap<String, u64>>;

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let mut columns = Vec::with_capacity(self.dimensions.len());
        for dimension in &self.dimensions {
            let column = segment.fast_fields().str(dimension.column())?;
            let terms = column.as_ref().map_or(0, |c| c.dictionary().num_terms());
            let counts = vec![0u32; terms];
            columns.push((column, counts));
        }
        Ok(FacetSegmentCollector { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut merged: Counts = vec![HashMap::new(); self.dimensions.len()];
        for fruit in segment_fruits {
            for (into, from) in merged.iter_mut().zip(fruit) {
                if into.is_empty() {
                    *into = from;
                    continue;
                }
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

/// Counts term ordinals in one segment; turns them into strings once, at harvest.
pub(crate) struct FacetSegmentCollector {
    columns: Vec<(Option<StrColumn>, Vec<u32>)>,
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in &mut self.columns {
            if let Some(column) = column {
                for ord in column.ords().values_for_doc(doc) {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        self.columns
            .into_iter()
            .map(|(column, counts)| named(column.as_ref(), &counts))
            .collect()
    }
}

/// Turns one segment's counts per term ordinal into counts per value.
fn named(column: Option<&StrColumn>, counts: &[u32]) -> HashMap<String, u64> {
    let mut values = HashMap::new();
    let Some(column) = column else {
        return values;
    };
    let ords: Vec<u64> = counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(ord, _)| ord as u64)
        .collect();
    let mut nonzero = counts.iter().filter(|&&n| n > 0);
    // A dictionary that cannot be read gives no values rather than wrong ones.
    let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        if let Some(&count) = nonzero.next() {
            let value = String::from_utf8_lossy(bytes).into_owned();
            values.insert(value, u64::from(count));
        }
    });
    values
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
        let mut fruit = Vec::with_capacity(request.by.len());
        for dimension in &request.by {
            let column = segment.fast_fields().str(dimension.column())?;
            let mut counts = vec![0u32; column.as_ref().map_or(0, |c| c.dictionary().num_terms())];
            if let Some(column) = &column {
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
            fruit.push(named(column.as_ref(), &counts));
        }
        fruits.push(fruit);
    }
    FacetCollector::new(request).merge_fruits(fruits).map(Some)
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
}
