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
        let name = || m.canonical.as_deref().unwrap_or(&m.text).to_string();
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
                if let Some(country) = m.country.as_deref() {
                    if !self.countries.iter().any(|c| c == country) {
                        self.countries.push(country.to_string());
                    }
                }
                if m.kind == "demonym" {
                    return;
                }
                let name = name();
                let country = m.country.as_deref().map(str::to_string);
                if seen.insert((Class::Location, name.clone(), country.clone())) {
                    self.locations.push(Location {
                        name,
                        kind: m.kind.to_string(),
                        country,
                    });
                }
            }
            Class::Figure => {
                if let Some(value) = m.value.filter(|v| v.is_finite()) {
                    self.figures.push(Figure {
                        text: m.text.to_string(),
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

/// The entity types, each stored as its position in this list (see [`Entities::to_bytes`]).
const KINDS: [&str; 16] = [
    "person",
    "organization",
    "group",
    "country",
    "city",
    "region",
    "area",
    "demonym",
    "cardinal",
    "money",
    "percent",
    "measure",
    "ordinal",
    "fraction",
    "year",
    "date",
];

/// The kind byte that says a kind outside [`KINDS`] follows as a string.
const OTHER_KIND: u8 = u8::MAX;

/// Figure flags in the stored form.
const HAS_UNIT: u8 = 1;
const APPROXIMATE: u8 = 2;
const WHOLE_VALUE: u8 = 4;
const TEXT_IN_PASSAGE: u8 = 8;

impl Entities {
    /// The compact stored form of the entities of a passage whose text is `passage`: counts,
    /// lengths and whole numbers as LEB128 varints, strings as UTF-8, kinds as one byte, and a
    /// figure's text as its place in the passage when it is there. It is about a quarter of the
    /// JSON (measured on BBC business stories) and reads back with [`Entities::from_bytes`] given
    /// the same passage text.
    pub fn to_bytes(&self, passage: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        put_len(&mut out, self.actors.len());
        for actor in &self.actors {
            put_str(&mut out, &actor.name);
            put_kind(&mut out, &actor.kind);
            put_option(&mut out, actor.role.as_deref());
        }
        put_len(&mut out, self.locations.len());
        for location in &self.locations {
            put_str(&mut out, &location.name);
            put_kind(&mut out, &location.kind);
            put_option(&mut out, location.country.as_deref());
        }
        put_len(&mut out, self.countries.len());
        for country in &self.countries {
            put_str(&mut out, country);
        }
        put_len(&mut out, self.figures.len());
        // Figures come in order, so each is looked for after the one before.
        let mut cursor = 0;
        for figure in &self.figures {
            put_kind(&mut out, &figure.kind);
            let found = (!figure.text.is_empty())
                .then(|| {
                    let after = passage.get(cursor..)?.find(&figure.text)?;
                    Some(cursor + after)
                })
                .flatten()
                .or_else(|| {
                    passage
                        .find(&figure.text)
                        .filter(|_| !figure.text.is_empty())
                });
            let whole = figure.value.fract() == 0.0
                && (0.0..9.0e15).contains(&figure.value)
                && figure.value.is_sign_positive();
            let mut flags = 0;
            if figure.unit.is_some() {
                flags |= HAS_UNIT;
            }
            if figure.approximate {
                flags |= APPROXIMATE;
            }
            if whole {
                flags |= WHOLE_VALUE;
            }
            if found.is_some() {
                flags |= TEXT_IN_PASSAGE;
            }
            out.push(flags);
            match found {
                Some(at) => {
                    put_len(&mut out, at);
                    put_len(&mut out, figure.text.len());
                    cursor = at + figure.text.len();
                }
                None => put_str(&mut out, &figure.text),
            }
            if whole {
                put_varint(&mut out, figure.value as u64);
            } else {
                out.extend_from_slice(&figure.value.to_le_bytes());
            }
            if let Some(unit) = &figure.unit {
                put_str(&mut out, unit);
            }
        }
        out
    }

    /// Reads the form [`Entities::to_bytes`] wrote for the same passage text; `None` if the
    /// bytes are not that.
    pub fn from_bytes(bytes: &[u8], passage: &str) -> Option<Entities> {
        let mut r = Reader(bytes);
        let mut entities = Entities::default();
        for _ in 0..r.len()? {
            entities.actors.push(Actor {
                name: r.string()?,
                kind: r.kind()?,
                role: r.option()?,
            });
        }
        for _ in 0..r.len()? {
            entities.locations.push(Location {
                name: r.string()?,
                kind: r.kind()?,
                country: r.option()?,
            });
        }
        for _ in 0..r.len()? {
            entities.countries.push(r.string()?);
        }
        for _ in 0..r.len()? {
            let kind = r.kind()?;
            let flags = r.byte()?;
            let text = match flags & TEXT_IN_PASSAGE {
                0 => r.string()?,
                _ => {
                    let at = r.len()?;
                    let end = at.checked_add(r.len()?)?;
                    passage.get(at..end)?.to_string()
                }
            };
            let value = match flags & WHOLE_VALUE {
                0 => f64::from_le_bytes(r.take(8)?.try_into().ok()?),
                _ => r.varint()? as f64,
            };
            let unit = match flags & HAS_UNIT {
                0 => None,
                _ => Some(r.string()?),
            };
            entities.figures.push(Figure {
                text,
                value,
                unit,
                kind,
                approximate: flags & APPROXIMATE != 0,
            });
        }
        r.0.is_empty().then_some(entities)
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_varint(out, n as u64);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_option(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

fn put_kind(out: &mut Vec<u8>, kind: &str) {
    match KINDS.iter().position(|k| *k == kind) {
        Some(i) => out.push(i as u8),
        None => {
            out.push(OTHER_KIND);
            put_str(out, kind);
        }
    }
}

/// Reads the stored form from the front of a byte slice.
struct Reader<'b>(&'b [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.varint()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_string)
    }

    fn option(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            1 => self.string().map(Some),
            _ => None,
        }
    }

    fn kind(&mut self) -> Option<String> {
        match self.byte()? {
            OTHER_KIND => self.string(),
            i => KINDS.get(usize::from(i)).map(|k| k.to_string()),
        }
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
    fn the_stored_form_reads_back_as_written() {
        let actor = |name: &str, kind: &str, role: Option<&str>| super::Actor {
            name: name.into(),
            kind: kind.into(),
            role: role.map(Into::into),
        };
        let figure =
            |value: f64, unit: Option<&str>, kind: &str, approximate: bool| super::Figure {
                text: format!("{value}"),
                value,
                unit: unit.map(Into::into),
                kind: kind.into(),
                approximate,
            };
        let table = [
            Entities::default(),
            Entities {
                actors: vec![
                    actor("Lloyd Austin", "person", Some("US Secretary of Defence")),
                    actor("Islamic State", "group", None),
                    actor("Odd", "something new", Some("")),
                ],
                locations: vec![super::Location {
                    name: "Baghdad".into(),
                    kind: "city".into(),
                    country: Some("IQ".into()),
                }],
                countries: vec!["IQ".into(), "US".into()],
                figures: vec![
                    figure(2500.0, Some("troop"), "cardinal", true),
                    figure(1.0 / 3.0, None, "fraction", false),
                    figure(1.5e9, Some("USD"), "money", false),
                    figure(-4.0, Some("°C"), "measure", false),
                    figure(2014.0, None, "year", false),
                    figure(1e300, Some("km2"), "measure", false),
                    figure(0.0, Some("percent"), "percent", true),
                ],
            },
        ];
        let passage = "About 2,500 troops; 2014; 1.5e+300 and 2,500 more.";
        for entities in table {
            let bytes = entities.to_bytes(passage);
            assert_eq!(
                Entities::from_bytes(&bytes, passage),
                Some(entities.clone())
            );
            let json = serde_json::to_string(&entities).expect("json");
            assert!(
                bytes.len() <= json.len(),
                "{} vs {}",
                bytes.len(),
                json.len()
            );
        }
    }

    #[test]
    fn bytes_of_another_form_read_as_nothing() {
        let table: [&[u8]; 5] = [
            b"\x01",
            b"\x01\x05ab",
            b"\x00\x00\x00\x00extra",
            b"\x01\x01a\x00\x07",
            b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
        ];
        for bytes in table {
            assert_eq!(Entities::from_bytes(bytes, ""), None, "{bytes:?}");
        }
        // A figure's place in a passage read against another passage.
        let entities = Entities {
            figures: vec![super::Figure {
                text: "2,500".into(),
                value: 2500.0,
                unit: None,
                kind: "cardinal".into(),
                approximate: false,
            }],
            ..Entities::default()
        };
        let bytes = entities.to_bytes("some 2,500 of them");
        assert_eq!(
            Entities::from_bytes(&bytes, "some 2,500 of them"),
            Some(entities)
        );
        assert_eq!(Entities::from_bytes(&bytes, "short"), None);
    }

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
        m.text = canonical.into();
        m.end = start + canonical.len();
        m.canonical = Some(canonical.into());
        m
    }

    fn sample() -> Vec<Mention> {
        let mut austin = mention(Class::Actor, "person", 0, "Lloyd Austin");
        austin.role = Some("US Secretary of Defence".to_string());
        let mut iraqi = mention(Class::Location, "demonym", 20, "Iraq");
        iraqi.country = Some("IQ".into());
        let mut baghdad = mention(Class::Location, "city", 30, "Baghdad");
        baghdad.country = Some("IQ".into());
        let mut troops = mention(Class::Figure, "cardinal", 40, "2,500");
        troops.canonical = None;
        troops.value = Some(2500.0);
        troops.unit = Some("troop".into());
        troops.approximate = Some(true);
        let mut year = mention(Class::Figure, "year", 50, "2014");
        year.canonical = None;
        year.value = Some(2014.0);
        let again = mention(Class::Actor, "person", 60, "Lloyd Austin");
        let mut syria = mention(Class::Location, "country", 100, "Syria");
        syria.country = Some("SY".into());
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
