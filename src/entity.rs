//! Entities: what a passage (or a whole article) is about, distilled from its mentions. The
//! actors, locations, countries and figures here are what the index stores with each passage,
//! what search filters and facets count, and what every hit shows.

use crate::extract::{Class, Mention};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ops::Range;

/// The entities of a passage or article: each actor and location once, in order of first
/// mention; the countries of its locations and demonyms; and its figures in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entities {
    /// People, organisations and armed groups, by canonical name.
    pub actors: Vec<Actor>,
    /// Places (demonyms are left out: they count toward `countries`).
    pub locations: Vec<Location>,
    /// ISO 3166-1 alpha-2 codes of the places and demonyms, in order of first mention.
    pub countries: Vec<String>,
    /// The figures, in order.
    pub figures: Vec<Figure>,
}

/// One actor of a passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// The canonical name ("Lloyd Austin", "Islamic State").
    pub name: String,
    /// `person`, `organization` or `group`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The title the text gives the actor ("US Secretary of Defence").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// One location of a passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The canonical name ("Baghdad").
    pub name: String,
    /// `country`, `city`, `region` or `area`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The ISO 3166-1 alpha-2 code of its country, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// One figure of a passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The figure as written ("2,500", "$1.5bn").
    pub text: String,
    /// The normalised value.
    pub value: f64,
    /// What it counts: a singular noun, a currency code, `percent` or a unit symbol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// `cardinal`, `money`, `percent`, `measure`, `fraction`, `ordinal`, `year` or `date`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the text says it is approximate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

impl Figure {
    /// Whether the figure counts something and can be filtered by unit: it has a unit, and is
    /// not a year, date or ordinal.
    pub fn is_countable(&self) -> bool {
        self.unit.is_some() && !matches!(self.kind.as_str(), "year" | "date" | "ordinal")
    }
}

impl Entities {
    /// The entities of the mentions that start inside `range` (byte offsets into the text the
    /// mentions came from). Mentions must be sorted by position, as `extract::mentions` gives them.
    pub fn of(mentions: &[Mention], range: Range<usize>) -> Entities {
        let first = mentions.partition_point(|m| m.start < range.start);
        let inside = mentions[first..].iter().take_while(|m| m.start < range.end);
        let mut entities = Entities::default();
        let mut seen = HashSet::new();
        for m in inside {
            entities.add(m, &mut seen);
        }
        entities
    }

    /// The entities of all the mentions.
    pub fn of_all(mentions: &[Mention]) -> Entities {
        Entities::of(mentions, 0..usize::MAX)
    }

    fn add(&mut self, m: &Mention, seen: &mut HashSet<(Class, String, Option<String>)>) {
        let name = || m.canonical.clone().unwrap_or_else(|| m.text.clone());
        match m.class {
            Class::Actor => {
                let name = name();
                if seen.insert((Class::Actor, name.clone(), None)) {
                    self.actors.push(Actor {
                        name,
                        kind: m.kind.to_string(),
                        role: m.role.clone(),
                    });
                } else if let Some(role) = &m.role {
                    // A later mention may be the one that gives the role.
                    if let Some(actor) = self.actors.iter_mut().find(|a| a.name == name) {
                        actor.role.get_or_insert_with(|| role.clone());
                    }
                }
            }
            Class::Location => {
                if let Some(country) = &m.country {
                    if !self.countries.contains(country) {
                        self.countries.push(country.clone());
                    }
                }
                if m.kind == "demonym" {
                    return;
                }
                let name = name();
                if seen.insert((Class::Location, name.clone(), m.country.clone())) {
                    self.locations.push(Location {
                        name,
                        kind: m.kind.to_string(),
                        country: m.country.clone(),
                    });
                }
            }
            Class::Figure => {
                if let Some(value) = m.value.filter(|v| v.is_finite()) {
                    self.figures.push(Figure {
                        text: m.text.clone(),
                        value,
                        unit: m.unit.as_deref().map(normalise_unit),
                        kind: m.kind.to_string(),
                        approximate: m.approximate.unwrap_or(false),
                    });
                }
            }
        }
    }

    /// The distinct units of the countable figures, in order of first mention.
    pub fn units(&self) -> Vec<&str> {
        let mut units: Vec<&str> = Vec::new();
        for unit in self.figures.iter().filter(|f| f.is_countable()) {
            let unit = unit.unit.as_deref().unwrap_or_default();
            if !units.contains(&unit) {
                units.push(unit);
            }
        }
        units
    }

    /// Whether there is nothing at all.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.locations.is_empty()
            && self.countries.is_empty()
            && self.figures.is_empty()
    }
}

/// Lower-cases a unit that is a capitalised word ("Barrel" at the start of a sentence), and
/// leaves codes and symbols ("USD", "km2", "°C") as they are.
fn normalise_unit(unit: &str) -> String {
    let mut chars = unit.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some()
        && chars.all(|c| c.is_lowercase() || c == ' ' || c == '-');
    if capitalised {
        unit.to_lowercase()
    } else {
        unit.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn units_lose_sentence_capitals_only() {
        let table = [
            ("Barrel", "barrel"),
            ("barrel", "barrel"),
            ("USD", "USD"),
            ("km2", "km2"),
            ("°C", "°C"),
            ("C", "C"),
            ("Basis point", "basis point"),
        ];
        for (unit, expected) in table {
            assert_eq!(super::normalise_unit(unit), expected, "{unit}");
        }
    }

    use super::*;

    fn mention(class: Class, kind: &'static str, start: usize, canonical: &str) -> Mention {
        let mut m = Mention::new(class, kind, "", start, start);
        m.text = canonical.to_string();
        m.end = start + canonical.len();
        m.canonical = Some(canonical.to_string());
        m
    }

    fn sample() -> Vec<Mention> {
        let mut austin = mention(Class::Actor, "person", 0, "Lloyd Austin");
        austin.role = Some("US Secretary of Defence".to_string());
        let mut iraqi = mention(Class::Location, "demonym", 20, "Iraq");
        iraqi.country = Some("IQ".to_string());
        let mut baghdad = mention(Class::Location, "city", 30, "Baghdad");
        baghdad.country = Some("IQ".to_string());
        let mut troops = mention(Class::Figure, "cardinal", 40, "2,500");
        troops.canonical = None;
        troops.value = Some(2500.0);
        troops.unit = Some("troop".to_string());
        troops.approximate = Some(true);
        let mut year = mention(Class::Figure, "year", 50, "2014");
        year.canonical = None;
        year.value = Some(2014.0);
        let again = mention(Class::Actor, "person", 60, "Lloyd Austin");
        let mut syria = mention(Class::Location, "country", 100, "Syria");
        syria.country = Some("SY".to_string());
        vec![austin, iraqi, baghdad, troops, year, again, syria]
    }

    #[test]
    fn passages_keep_the_mentions_that_start_inside_them() {
        type Row = (
            Range<usize>,
            &'static [&'static str],
            &'static [&'static str],
        );
        let table: [(Row, &[&str], usize); 4] = [
            ((0..100, &["Lloyd Austin"], &["Baghdad"]), &["IQ"], 2),
            ((25..45, &[], &["Baghdad"]), &["IQ"], 1),
            ((100..200, &[], &["Syria"]), &["SY"], 0),
            ((200..300, &[], &[]), &[], 0),
        ];
        let mentions = sample();
        for ((range, actors, locations), countries, figures) in table {
            let e = Entities::of(&mentions, range.clone());
            let names: Vec<&str> = e.actors.iter().map(|a| a.name.as_str()).collect();
            let places: Vec<&str> = e.locations.iter().map(|l| l.name.as_str()).collect();
            assert_eq!(names, actors, "{range:?}");
            assert_eq!(places, locations, "{range:?}");
            assert_eq!(e.countries, countries, "{range:?}");
            assert_eq!(e.figures.len(), figures, "{range:?}");
        }
    }

    #[test]
    fn actors_appear_once_with_their_role_and_demonyms_only_as_countries() {
        let e = Entities::of_all(&sample());
        assert_eq!(e.actors.len(), 1);
        assert_eq!(e.actors[0].role.as_deref(), Some("US Secretary of Defence"));
        assert_eq!(e.countries, ["IQ", "SY"]);
        assert!(e.locations.iter().all(|l| l.kind != "demonym"));
        assert_eq!(e.units(), ["troop"], "years are not countable");
    }

    #[test]
    fn entities_survive_a_json_round_trip() {
        let e = Entities::of_all(&sample());
        let json = serde_json::to_string(&e).expect("serialises");
        assert!(json.contains(r#""approximate":true"#), "{json}");
        assert!(!json.contains(r#""approximate":false"#), "{json}");
        let back: Entities = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, e);
    }
}
