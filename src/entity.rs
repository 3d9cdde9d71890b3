//! Entities: what a passage (or a whole article) is about, distilled from its mentions. The
//! actors, locations, countries and figures here are what the index stores with each passage,
//! what search filters and facets count, and what every hit shows.

use crate::extract::{Class, Mention};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

/// The entities of a passage or article: each actor and location once, in order of first
/// mention; the countries of its locations and demonyms; and its figures in order.
///
/// Their strings are [`CompactString`]s: up to 24 bytes inline, so that most names, kinds and
/// codes allocate nothing (a passage used to allocate about forty strings here while indexing).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entities {
    /// People, organisations and armed groups, by canonical name.
    pub actors: Vec<Actor>,
    /// Places (demonyms are left out: they count toward `countries`).
    pub locations: Vec<Location>,
    /// ISO 3166-1 alpha-2 codes of the places and demonyms, in order of first mention.
    pub countries: Vec<CompactString>,
    /// The figures, in order.
    pub figures: Vec<Figure>,
}

/// One actor of a passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// The canonical name ("Lloyd Austin", "Islamic State").
    pub name: CompactString,
    /// `person`, `organization` or `group`.
    #[serde(rename = "type")]
    pub kind: CompactString,
    /// The title the text gives the actor ("US Secretary of Defence").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<CompactString>,
}

/// One location of a passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The canonical name ("Baghdad").
    pub name: CompactString,
    /// `country`, `city`, `region` or `area`.
    #[serde(rename = "type")]
    pub kind: CompactString,
    /// The ISO 3166-1 alpha-2 code of its country, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CompactString>,
}

/// One figure of a passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The figure as written ("2,500", "$1.5bn").
    pub text: CompactString,
    /// The normalised value.
    pub value: f64,
    /// What it counts: a singular noun, a currency code, `percent` or a unit symbol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<CompactString>,
    /// `cardinal`, `money`, `percent`, `measure`, `fraction`, `ordinal`, `year` or `date`.
    #[serde(rename = "type")]
    pub kind: CompactString,
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

/// Lists shorter than this are scanned for an entity already there; longer ones are looked up
/// in [`Seen`]'s sets (an article can name hundreds of actors).
const SCAN_UP_TO: usize = 16;

/// The actors and locations an [`Entities`] being built already has, once its lists are long:
/// each set holds the first entries of its list, and catches up before it is read.
#[derive(Default)]
struct Seen {
    actors: HashSet<CompactString>,
    locations: HashSet<(CompactString, Option<CompactString>)>,
}

impl Seen {
    /// Tells whether `actors` lacks an actor called `name`.
    fn is_new_actor(&mut self, actors: &[Actor], name: &str) -> bool {
        if actors.len() < SCAN_UP_TO {
            return actors.iter().all(|a| a.name != name);
        }
        let known = self.actors.len();
        self.actors
            .extend(actors[known..].iter().map(|a| a.name.clone()));
        !self.actors.contains(name)
    }

    /// Tells whether `locations` lacks one with the name and country of `location`.
    fn is_new_location(&mut self, locations: &[Location], location: &Location) -> bool {
        if locations.len() < SCAN_UP_TO {
            return locations
                .iter()
                .all(|l| l.name != location.name || l.country != location.country);
        }
        let known = self.locations.len();
        self.locations.extend(
            locations[known..]
                .iter()
                .map(|l| (l.name.clone(), l.country.clone())),
        );
        !self
            .locations
            .contains(&(location.name.clone(), location.country.clone()))
    }
}

/// A string of the extractor's as a [`CompactString`], without copying static data.
#[allow(clippy::ptr_arg)] // The variant matters: a borrowed string is static and is not copied.
fn compact(text: &Cow<'static, str>) -> CompactString {
    match text {
        Cow::Borrowed(text) => CompactString::const_new(text),
        Cow::Owned(text) => CompactString::from(text.as_str()),
    }
}

impl Entities {
    /// The entities of the mentions that start inside `range` (byte offsets into the text the
    /// mentions came from). Mentions must be sorted by position, as `extract::mentions` gives them.
    pub fn of(mentions: &[Mention], range: Range<usize>) -> Entities {
        let first = mentions.partition_point(|m| m.start < range.start);
        let inside = mentions[first..].iter().take_while(|m| m.start < range.end);
        let mut entities = Entities::default();
        let mut seen = Seen::default();
        for m in inside {
            entities.add(m, &mut seen);
        }
        entities
    }

    /// The entities of all the mentions.
    pub fn of_all(mentions: &[Mention]) -> Entities {
        Entities::of(mentions, 0..usize::MAX)
    }

    fn add(&mut self, m: &Mention, seen: &mut Seen) {
        let name = || m.canonical.clone().unwrap_or_else(|| m.text.clone());
        let kind = CompactString::const_new(m.kind);
        match m.class {
            Class::Actor => {
                let name = name();
                if seen.is_new_actor(&self.actors, &name) {
                    self.actors.push(Actor {
                        name,
                        kind,
                        role: m.role.as_deref().map(CompactString::from),
                    });
                } else if let Some(role) = &m.role {
                    // A later mention may be the one that gives the role.
                    if let Some(actor) = self.actors.iter_mut().find(|a| a.name == name) {
                        actor.role.get_or_insert_with(|| role.into());
                    }
                }
            }
            Class::Location => {
                let country = m.country.as_ref().map(compact);
                if let Some(country) = &country {
                    if !self.countries.contains(country) {
                        self.countries.push(country.clone());
                    }
                }
                if m.kind == "demonym" {
                    return;
                }
                let location = Location {
                    name: name(),
                    kind,
                    country,
                };
                if seen.is_new_location(&self.locations, &location) {
                    self.locations.push(location);
                }
            }
            Class::Figure => {
                if let Some(value) = m.value.filter(|v| v.is_finite()) {
                    self.figures.push(Figure {
                        text: m.text.clone(),
                        value,
                        unit: m.unit.as_ref().map(normalise_unit),
                        kind,
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
            let found = find_from(passage, cursor, &figure.text)
                .or_else(|| find_from(passage, 0, &figure.text));
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
                    CompactString::from(passage.get(at..end)?)
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

/// Where `needle` first occurs in `haystack` at or after byte `from`; `None` for an empty
/// needle. A plain scan for its first byte: a figure is usually a short way past the one before,
/// where `str::find` would spend longer setting up its search than searching.
fn find_from(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let (bytes, needle) = (haystack.as_bytes(), needle.as_bytes());
    let &first = needle.first()?;
    let mut at = from;
    while at + needle.len() <= bytes.len() {
        at += bytes[at..].iter().position(|&b| b == first)?;
        if bytes[at..].starts_with(needle) {
            return Some(at);
        }
        at += 1;
    }
    None
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

    fn string(&mut self) -> Option<CompactString> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?)
            .ok()
            .map(CompactString::from)
    }

    fn option(&mut self) -> Option<Option<CompactString>> {
        match self.byte()? {
            0 => Some(None),
            1 => self.string().map(Some),
            _ => None,
        }
    }

    fn kind(&mut self) -> Option<CompactString> {
        match self.byte()? {
            OTHER_KIND => self.string(),
            i => KINDS
                .get(usize::from(i))
                .map(|k| CompactString::const_new(k)),
        }
    }
}

/// Lower-cases a unit that is a capitalised word ("Barrel" at the start of a sentence), and
/// leaves codes and symbols ("USD", "km2", "°C") as they are.
#[allow(clippy::ptr_arg)] // As for `compact`.
fn normalise_unit(unit: &Cow<'static, str>) -> CompactString {
    let mut chars = unit.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some()
        && chars.all(|c| c.is_lowercase() || c == ' ' || c == '-');
    if capitalised {
        CompactString::from(unit.to_lowercase())
    } else {
        compact(unit)
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
                text: format!("{value}").into(),
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
            assert_eq!(
                super::normalise_unit(&std::borrow::Cow::Borrowed(unit)),
                expected,
                "{unit}"
            );
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

    #[test]
    fn long_lists_keep_each_entity_once_in_order_of_first_mention() {
        // Forty names mentioned three times over, in places with and without a country: past
        // SCAN_UP_TO, the sets take over from scanning the lists.
        let mut mentions = Vec::new();
        for round in 0..3 {
            for i in 0..40 {
                let start = (round * 40 + i) * 10;
                mentions.push(mention(
                    Class::Actor,
                    "person",
                    start,
                    &format!("Actor {i}"),
                ));
                let mut place = mention(Class::Location, "city", start + 5, &format!("Town {i}"));
                place.country = (i % 2 == 0).then(|| "IQ".into());
                if round == 2 {
                    // The same name in another country is another place.
                    place.country = Some("SY".into());
                }
                mentions.push(place);
            }
        }
        let e = Entities::of_all(&mentions);
        let names: Vec<String> = e.actors.iter().map(|a| a.name.to_string()).collect();
        let expected: Vec<String> = (0..40).map(|i| format!("Actor {i}")).collect();
        assert_eq!(names, expected);
        let places: Vec<(String, Option<&str>)> = e
            .locations
            .iter()
            .map(|l| (l.name.to_string(), l.country.as_deref()))
            .collect();
        let mut expected: Vec<(String, Option<&str>)> = (0..40)
            .map(|i| (format!("Town {i}"), (i % 2 == 0).then_some("IQ")))
            .collect();
        expected.extend(
            (0..40)
                .filter(|i| i % 2 == 1)
                .map(|i| (format!("Town {i}"), Some("SY"))),
        );
        // Even towns were already in IQ; in round 2 they become SY, a new place each.
        expected.extend(
            (0..40)
                .filter(|i| i % 2 == 0)
                .map(|i| (format!("Town {i}"), Some("SY"))),
        );
        expected.sort_by_key(|(name, country)| {
            let i: usize = name[5..].parse().expect("number");
            (country == &Some("SY"), i)
        });
        assert_eq!(places, expected);
        assert_eq!(e.countries, ["IQ", "SY"]);
    }

    #[test]
    fn figure_texts_are_found_where_str_find_finds_them() {
        let table = [
            ("2,500 troops and 2,500 more", 0, "2,500", Some(0)),
            ("2,500 troops and 2,500 more", 1, "2,500", Some(17)),
            ("2,500 troops and 2,500 more", 18, "2,500", None),
            ("22,22,222", 0, "222", Some(6)),
            ("€5bn, €5bn", 3, "€5bn", Some(8)),
            ("short", 0, "longer than it", None),
            ("anything", 0, "", None),
            ("", 0, "1", None),
            ("ends with 9", 0, "9", Some(10)),
        ];
        for (haystack, from, needle, expected) in table {
            assert_eq!(
                find_from(haystack, from, needle),
                expected,
                "{haystack:?} {from} {needle:?}"
            );
            let by_find = (!needle.is_empty())
                .then(|| haystack.get(from..)?.find(needle).map(|at| at + from))
                .flatten();
            assert_eq!(expected, by_find, "{haystack:?} {from} {needle:?}");
        }
    }
}
