//! Entity filters: `--country`, `--actor`, `--location` and `--figure`, how their values are
//! parsed, and how names resolve against the index (aliases, short forms, suggestions).

use crate::country;
use crate::error::{Error, Result};
use crate::extract::gazetteer::{gazetteer, EntryKind};
use crate::index::schema::{self, Fields};
use crate::search::facet::split_location;
use serde::Serialize;
use std::collections::BTreeSet;
use std::ops::Bound;
use std::path::Path;
use std::str::FromStr;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Where a filter must hold: in the passage itself, or anywhere in its article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The passage must match (the default).
    #[default]
    Passage,
    /// Some passage of the same article must match.
    Article,
}

impl FromStr for Scope {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "passage" => Ok(Scope::Passage),
            "article" => Ok(Scope::Article),
            _ => Err(Error::Invalid {
                what: "--scope".to_string(),
                value: s.to_string(),
                message: "expected passage or article".to_string(),
            }),
        }
    }
}

/// Entity filters as the user gave them. Each string is one flag's value: a comma-separated list
/// of alternatives (OR). Every flag must hold (AND).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Countries: names, ISO codes or demonyms ("Iraq", "iq", "Iraqi").
    pub country: Vec<String>,
    /// Actors: canonical names, aliases ("ISIS") or short forms ("Austin").
    pub actor: Vec<String>,
    /// Locations: canonical names or aliases.
    pub location: Vec<String>,
    /// Figures: `UNIT OP VALUE`, e.g. `troop>=1000`, `USD>1e9`, `percent<5`, or a bare unit.
    pub figure: Vec<String>,
    /// Whether the passage or its article must match.
    pub scope: Scope,
}

impl Filters {
    /// Whether there is no entity filter.
    pub fn is_empty(&self) -> bool {
        self.country.is_empty()
            && self.actor.is_empty()
            && self.location.is_empty()
            && self.figure.is_empty()
    }

    /// Checks what can be checked without an index: every figure's syntax.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the first bad `--figure` value.
    pub fn validate(&self) -> Result<()> {
        for value in &self.figure {
            for item in split_figures(value) {
                item.parse::<FigureFilter>()?;
            }
        }
        for (what, values) in [
            ("--country", &self.country),
            ("--actor", &self.actor),
            ("--location", &self.location),
        ] {
            for value in values {
                if split_names(value).is_empty() {
                    return Err(Error::Invalid {
                        what: what.to_string(),
                        value: value.clone(),
                        message: "expected a name".to_string(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// How one filter value was understood: shown with the results, so a user can see what an alias
/// or short form matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppliedFilter {
    /// `country`, `actor`, `location` or `figure`.
    pub filter: &'static str,
    /// The value as given.
    pub value: String,
    /// What it matched in the index: ISO codes, canonical names, or a figure range.
    pub matched: Vec<String>,
}

/// Splits a name list at commas.
pub(crate) fn split_names(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Splits a figure list at commas that do not sit between digits ("troop>=1,000,USD>1e9").
pub(crate) fn split_figures(value: &str) -> Vec<&str> {
    let bytes = value.as_bytes();
    let mut items = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let digit = |j: Option<&u8>| j.is_some_and(u8::is_ascii_digit);
        if b == b',' && !(i > 0 && digit(bytes.get(i - 1)) && digit(bytes.get(i + 1))) {
            items.push(&value[start..i]);
            start = i + 1;
        }
    }
    items.push(&value[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A figure constraint: a unit and a range of values.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureFilter {
    /// The unit as given ("troop", "USD", "percent").
    pub unit: String,
    /// The lowest value allowed.
    pub lower: Bound<f64>,
    /// The highest value allowed.
    pub upper: Bound<f64>,
}

impl FromStr for FigureFilter {
    type Err = Error;

    /// Parses `troop>=1000`, `USD > 1.5bn`, `percent<5`, `troop=2500`, `km2<=18,000` or a bare
    /// unit (any value).
    fn from_str(s: &str) -> Result<Self> {
        let invalid = |message: &str| Error::Invalid {
            what: "--figure".to_string(),
            value: s.to_string(),
            message: format!(
                "{message}; expected UNIT OP VALUE, e.g. troop>=1000, USD>1e9 or percent<5"
            ),
        };
        let text = s.trim();
        let at = text.find(['<', '>', '=', '!']);
        let (unit, rest) = match at {
            Some(i) => (text[..i].trim(), text[i..].trim()),
            None => (text, ""),
        };
        if unit.is_empty()
            || !unit
                .chars()
                .all(|c| c.is_alphanumeric() || "_-$£€".contains(c))
        {
            return Err(invalid("the unit is missing or not a word"));
        }
        let unit = unit.to_string();
        if rest.is_empty() {
            return Ok(FigureFilter {
                unit,
                lower: Bound::Unbounded,
                upper: Bound::Unbounded,
            });
        }
        let (op, number) = ["<=", ">=", "==", "<", ">", "="]
            .into_iter()
            .find_map(|op| rest.strip_prefix(op).map(|n| (op, n.trim())))
            .ok_or_else(|| invalid("unknown operator"))?;
        let value = parse_number(number).ok_or_else(|| invalid("the value is not a number"))?;
        let (lower, upper) = match op {
            "<=" => (Bound::Unbounded, Bound::Included(value)),
            "<" => (Bound::Unbounded, Bound::Excluded(value)),
            ">=" => (Bound::Included(value), Bound::Unbounded),
            ">" => (Bound::Excluded(value), Bound::Unbounded),
            _ => (Bound::Included(value), Bound::Included(value)),
        };
        Ok(FigureFilter { unit, lower, upper })
    }
}

impl FigureFilter {
    /// The constraint in words, with the unit as the index spells it: `troop >= 1000`.
    pub(crate) fn describe(&self, unit: &str) -> String {
        let show = |b: &Bound<f64>| match b {
            Bound::Included(v) | Bound::Excluded(v) => v.to_string(),
            Bound::Unbounded => String::new(),
        };
        match (&self.lower, &self.upper) {
            (Bound::Unbounded, Bound::Unbounded) => format!("{unit} (any value)"),
            (Bound::Included(a), Bound::Included(b)) if a == b => format!("{unit} = {a}"),
            (lower, Bound::Unbounded) => {
                let op = if matches!(lower, Bound::Included(_)) {
                    ">="
                } else {
                    ">"
                };
                format!("{unit} {op} {}", show(lower))
            }
            (Bound::Unbounded, upper) => {
                let op = if matches!(upper, Bound::Included(_)) {
                    "<="
                } else {
                    "<"
                };
                format!("{unit} {op} {}", show(upper))
            }
            (lower, upper) => format!("{unit} in {} .. {}", show(lower), show(upper)),
        }
    }

    /// The term bounds of this range in a `figure` field, for the unit as the index spells it.
    pub(crate) fn term_bounds(&self, unit: &str) -> (Bound<String>, Bound<String>) {
        let (first, last) = schema::figure_term_bounds(unit);
        let lower = match self.lower {
            Bound::Included(v) => Bound::Included(schema::figure_term(unit, v)),
            Bound::Excluded(v) => Bound::Excluded(schema::figure_term(unit, v)),
            Bound::Unbounded => Bound::Included(first),
        };
        let upper = match self.upper {
            Bound::Included(v) => Bound::Included(schema::figure_term(unit, v)),
            Bound::Excluded(v) => Bound::Excluded(schema::figure_term(unit, v)),
            Bound::Unbounded => Bound::Included(last),
        };
        (lower, upper)
    }
}

/// Parses a number as users write it: `1000`, `1,000`, `1e9`, `1.5bn`, `600m`, `20k`, `5%`.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    let lower = cleaned.to_lowercase();
    let (digits, scale) = [
        ("bn", 1e9),
        ("tn", 1e12),
        ("mn", 1e6),
        ("k", 1e3),
        ("m", 1e6),
        ("b", 1e9),
    ]
    .into_iter()
    .find_map(|(suffix, scale)| lower.strip_suffix(suffix).map(|d| (d.to_string(), scale)))
    .unwrap_or((lower.clone(), 1.0));
    let value: f64 = digits.trim().parse().ok()?;
    Some(value * scale).filter(|v| v.is_finite())
}

/// The entity fields a name can resolve in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameKind {
    Actor,
    Location,
}

impl NameKind {
    fn label(self) -> &'static str {
        match self {
            NameKind::Actor => "actor",
            NameKind::Location => "location",
        }
    }
}

/// Resolves filter values against one searcher's view of the index.
pub(crate) struct Resolver<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    path: &'a Path,
}

impl<'a> Resolver<'a> {
    /// A resolver over one searcher of the index at `path`.
    pub(crate) fn new(searcher: &'a Searcher, fields: &'a Fields, path: &'a Path) -> Self {
        Resolver {
            searcher,
            fields,
            path,
        }
    }

    /// The searcher names resolve against.
    pub(crate) fn searcher(&self) -> &'a Searcher {
        self.searcher
    }

    /// Resolves a country name, ISO code or demonym to its ISO alpha-2 code.
    pub(crate) fn country(&self, what: &str, value: &str) -> Result<String> {
        if let Some(code) = country::lookup(value) {
            return Ok(code.to_string());
        }
        let candidates = country::names().map(str::to_string);
        Err(unknown(
            what,
            value,
            "no country of that name or code",
            candidates,
        ))
    }

    /// Resolves an actor or location name to the canonical names it stands for in the index:
    /// the name itself, a gazetteer alias ("ISIS" → Islamic State), or the indexed names it is
    /// the first or last words of ("Austin" → Lloyd Austin).
    pub(crate) fn names(&self, kind: NameKind, what: &str, value: &str) -> Result<Vec<String>> {
        let value = value.trim();
        if self.indexed(kind, value)? {
            return Ok(vec![value.to_string()]);
        }
        let alias = self.alias(kind, value);
        if let Some(canonical) = &alias {
            if self.indexed(kind, canonical)? {
                return Ok(vec![canonical.clone()]);
            }
        }
        let known = self.known_names(kind)?;
        let words: Vec<String> = words_of(value);
        let partial: Vec<String> = known
            .iter()
            .filter(|name| {
                let name_words = words_of(name);
                !words.is_empty()
                    && name_words.len() > words.len()
                    && (name_words.ends_with(&words) || name_words.starts_with(&words))
            })
            .cloned()
            .collect();
        if !partial.is_empty() {
            return Ok(partial);
        }
        if let Some(canonical) = alias {
            // A name the gazetteer knows but no passage mentions: no hits, but not an error.
            return Ok(vec![canonical]);
        }
        let message = format!("no {} of that name in the index", kind.label());
        Err(unknown(what, value, &message, known.into_iter()))
    }

    /// Resolves a unit as the index holds it: lower case, singular ("Troops" → troop, "usd"
    /// → usd). Returns it with its spelling for people (the user's, unless it was a plural).
    /// Errors name `given`, the whole value the unit came from.
    pub(crate) fn unit(&self, what: &str, value: &str, given: &str) -> Result<(String, String)> {
        let wanted = value.trim().to_lowercase();
        let singular = [
            Some(wanted.as_str()),
            wanted.strip_suffix('s'),
            wanted.strip_suffix("es"),
        ];
        for candidate in singular.into_iter().flatten() {
            let term = Term::from_field_text(self.fields.unit, candidate);
            let found = self
                .searcher
                .doc_freq(&term)
                .map_err(|e| Error::index(self.path, e))?;
            if found > 0 {
                let shown = match value.trim() {
                    v if v.to_lowercase() == candidate => v.to_string(),
                    _ => candidate.to_string(),
                };
                return Ok((candidate.to_string(), shown));
            }
        }
        let known = self.column_values("unit")?;
        let message = format!("no figure with the unit {value:?} in the index");
        let suggestions = nearest(value, known.into_iter(), 3);
        Err(unknown(what, given, &message, suggestions.into_iter()))
    }

    /// The field that holds names of this kind, at passage level.
    fn field(&self, kind: NameKind) -> Field {
        match kind {
            NameKind::Actor => self.fields.actor,
            NameKind::Location => self.fields.location,
        }
    }

    /// Whether some passage has exactly this name (ignoring case).
    fn indexed(&self, kind: NameKind, name: &str) -> Result<bool> {
        let term = Term::from_field_text(self.field(kind), &name.to_lowercase());
        self.searcher
            .doc_freq(&term)
            .map(|n| n > 0)
            .map_err(|e| Error::index(self.path, e))
    }

    /// The canonical name of a gazetteer entry whose surface form is the whole of `value`.
    fn alias(&self, kind: NameKind, value: &str) -> Option<String> {
        let g = gazetteer();
        let value = strip_article(value);
        let hits = g.find(value);
        let whole = hits.iter().find(|h| h.start == 0 && h.end == value.len())?;
        whole.entries.iter().map(|&id| g.entry(id)).find_map(|e| {
            let fits = match kind {
                NameKind::Actor => matches!(e.kind, EntryKind::Organization | EntryKind::Group),
                NameKind::Location => matches!(
                    e.kind,
                    EntryKind::Country | EntryKind::City | EntryKind::Region | EntryKind::Area
                ),
            };
            fits.then(|| e.canonical.to_string())
        })
    }

    /// Every name of this kind in the index, as written.
    fn known_names(&self, kind: NameKind) -> Result<BTreeSet<String>> {
        Ok(match kind {
            NameKind::Actor => self.column_values("actor")?,
            NameKind::Location => self
                .column_values("location_facet")?
                .iter()
                .map(|v| split_location(v).0.to_string())
                .collect(),
        })
    }

    /// Every value of a fast text column, over all segments.
    pub(crate) fn column_values(&self, column: &str) -> Result<BTreeSet<String>> {
        let mut values = BTreeSet::new();
        let io = |e: std::io::Error| Error::index(self.path, e);
        for segment in self.searcher.segment_readers() {
            let found = segment
                .fast_fields()
                .str(column)
                .map_err(|e| Error::index(self.path, e))?;
            let Some(found) = found else { continue };
            let mut stream = found.dictionary().stream().map_err(io)?;
            while stream.advance() {
                values.insert(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
        Ok(values)
    }
}

/// A name without a leading "the" ("the Pentagon" → "Pentagon").
fn strip_article(name: &str) -> &str {
    match name.get(..4) {
        Some(the) if the.eq_ignore_ascii_case("the ") => name[4..].trim_start(),
        _ => name,
    }
}

/// The lower-cased words of a name.
fn words_of(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// An error for a name nobody knows, with the nearest known names as suggestions.
fn unknown(
    what: &str,
    value: &str,
    message: &str,
    candidates: impl Iterator<Item = String>,
) -> Error {
    let suggestions = nearest(value, candidates, 3);
    let message = if suggestions.is_empty() {
        message.to_string()
    } else {
        let quoted: Vec<String> = suggestions.iter().map(|s| format!("{s:?}")).collect();
        format!("{message}; did you mean {}?", quoted.join(", "))
    };
    Error::Invalid {
        what: what.to_string(),
        value: value.to_string(),
        message,
    }
}

/// The `n` candidates most like `value`, best first: Jaro-Winkler similarity on lower case,
/// against the whole candidate or (a little less) any one of its words, so that a misspelt
/// surname finds the full name.
pub(crate) fn nearest(
    value: &str,
    candidates: impl Iterator<Item = String>,
    n: usize,
) -> Vec<String> {
    let wanted = value.to_lowercase();
    let similarity = |candidate: &str| {
        let lower = candidate.to_lowercase();
        let whole = strsim::jaro_winkler(&wanted, &lower);
        let best_word = words_of(&lower)
            .iter()
            .map(|w| strsim::jaro_winkler(&wanted, w) * 0.95)
            .fold(0.0, f64::max);
        whole.max(best_word)
    };
    let mut scored: Vec<(f64, String)> = candidates
        .map(|c| (similarity(&c), c))
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_filters_parse() {
        let table = [
            (
                "troop>=1000",
                "troop",
                Bound::Included(1000.0),
                Bound::Unbounded,
            ),
            (
                "USD > 1.5bn",
                "USD",
                Bound::Excluded(1.5e9),
                Bound::Unbounded,
            ),
            (
                "percent<5",
                "percent",
                Bound::Unbounded,
                Bound::Excluded(5.0),
            ),
            (
                "km2<=18,000",
                "km2",
                Bound::Unbounded,
                Bound::Included(18_000.0),
            ),
            (
                "troop=2500",
                "troop",
                Bound::Included(2500.0),
                Bound::Included(2500.0),
            ),
            ("USD>1e9", "USD", Bound::Excluded(1e9), Bound::Unbounded),
            ("GBP>600m", "GBP", Bound::Excluded(6e8), Bound::Unbounded),
            ("troop", "troop", Bound::Unbounded, Bound::Unbounded),
        ];
        for (text, unit, lower, upper) in table {
            let filter: FigureFilter = text.parse().expect(text);
            assert_eq!(
                filter,
                FigureFilter {
                    unit: unit.to_string(),
                    lower,
                    upper
                },
                "{text}"
            );
        }
        for bad in [
            ">=1000",
            "troop>=",
            "troop>=lots",
            "troop=>5",
            "two words>1",
            "troop!5",
        ] {
            let error = bad.parse::<FigureFilter>().expect_err(bad);
            assert!(error.to_string().contains("--figure"), "{error}");
        }
    }

    #[test]
    fn lists_split_at_commas_but_not_inside_numbers() {
        assert_eq!(split_names("iq, sy,,"), ["iq", "sy"]);
        assert_eq!(
            split_figures("troop>=1,000,USD>1e9"),
            ["troop>=1,000", "USD>1e9"]
        );
        assert_eq!(
            split_figures("percent<5, km2>1,000,000"),
            ["percent<5", "km2>1,000,000"]
        );
    }

    #[test]
    fn figure_filters_describe_themselves() {
        let table = [
            ("troop>=1000", "troop >= 1000"),
            ("usd<5", "USD < 5"),
            ("troop=3", "troop = 3"),
            ("troop", "troop (any value)"),
        ];
        for (text, expected) in table {
            let filter: FigureFilter = text.parse().expect(text);
            let unit = if filter.unit == "usd" { "USD" } else { "troop" };
            assert_eq!(filter.describe(unit), expected);
        }
    }

    #[test]
    fn leading_articles_are_dropped() {
        let table = [
            ("the Pentagon", "Pentagon"),
            ("The  UN", "UN"),
            ("Theo", "Theo"),
            ("the", "the"),
        ];
        for (name, expected) in table {
            assert_eq!(strip_article(name), expected);
        }
    }

    #[test]
    fn scopes_parse() {
        assert_eq!("Article".parse::<Scope>().ok(), Some(Scope::Article));
        assert_eq!("passage".parse::<Scope>().ok(), Some(Scope::Passage));
        assert!("paragraph".parse::<Scope>().is_err());
    }

    #[test]
    fn nearest_names_come_first() {
        let names = [
            "Lloyd Austin",
            "Sabrina Singh",
            "Hamas",
            "Islamic State",
            "Autism",
        ]
        .map(String::from);
        assert_eq!(
            nearest("Loyd Austin", names.clone().into_iter(), 1),
            ["Lloyd Austin"]
        );
        assert_eq!(
            nearest("Austn", names.clone().into_iter(), 1),
            ["Lloyd Austin"]
        );
        assert!(nearest("zzzz", names.into_iter(), 3).is_empty());
    }
}
