//! Countries: ISO 3166-1 codes, names, aliases and demonyms, for search filters and facets.
//! Read from the same compiled gazetteer files as extraction, but only the two small country
//! tables, so that a search with `--country` or facets starts in a millisecond rather than
//! waiting for the whole gazetteer and its automata.

use std::collections::HashMap;
use std::sync::LazyLock;

const COUNTRIES: &str = include_str!("extract/data/gazetteers/countries.tsv");
const DEMONYMS: &str = include_str!("extract/data/gazetteers/demonyms.tsv");

struct Table {
    names: HashMap<&'static str, &'static str>,
    lookup: HashMap<String, &'static str>,
}

static TABLE: LazyLock<Table> = LazyLock::new(build);

/// The rows of a gazetteer table: canonical name, ISO alpha-2 code, source code, aliases.
fn rows(tsv: &'static str) -> impl Iterator<Item = [&'static str; 4]> {
    tsv.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t').map(str::trim);
            let canonical = fields.next()?;
            let country = fields.next()?;
            let _population = fields.next()?;
            let code = fields.next()?;
            let aliases = fields.next()?;
            let valid = country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase());
            valid.then_some([canonical, country, code, aliases])
        })
}

fn build() -> Table {
    let mut names = HashMap::new();
    let mut lookup = HashMap::new();
    // Codes first, then names and demonyms, so that a code never shadows a name.
    for [canonical, iso, code, _] in rows(COUNTRIES) {
        names.entry(iso).or_insert(canonical);
        lookup.insert(key(iso), iso);
        if !code.is_empty() {
            lookup.insert(key(code), iso);
        }
    }
    for [canonical, iso, _, aliases] in rows(COUNTRIES).chain(rows(DEMONYMS)) {
        let surfaces = std::iter::once(canonical).chain(aliases.split('|'));
        for surface in surfaces.map(str::trim).filter(|s| !s.is_empty()) {
            lookup.entry(key(surface)).or_insert(iso);
        }
    }
    Table { names, lookup }
}

/// The lookup key of a name or code: lower case, no dots, single spaces, no leading "the".
fn key(s: &str) -> String {
    let lower = s.trim().to_lowercase().replace(['.', '\u{2019}'], "");
    let joined = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => joined,
    }
}

/// Resolves a country name, alias, ISO alpha-2 or alpha-3 code, or demonym to its ISO alpha-2
/// code, ignoring case: "Iraq", "iq", "IRQ", "Iraqi", "the U.S." → "IQ", "US".
pub fn lookup(name: &str) -> Option<&'static str> {
    TABLE.lookup.get(&key(name)).copied()
}

/// The English short name of the country with ISO alpha-2 code `iso2` (any case): "IQ" → "Iraq".
pub fn name(iso2: &str) -> Option<&'static str> {
    TABLE
        .names
        .get(iso2.trim().to_ascii_uppercase().as_str())
        .copied()
}

/// Every country's canonical name.
pub fn names() -> impl Iterator<Item = &'static str> {
    TABLE.names.values().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::gazetteer::gazetteer;

    #[test]
    fn names_codes_and_demonyms_resolve() {
        let table = [
            ("Iraq", Some("IQ")),
            ("iq", Some("IQ")),
            ("IRQ", Some("IQ")),
            ("Iraqi", Some("IQ")),
            ("IRAQIS", Some("IQ")),
            ("the U.S.", Some("US")),
            ("United States", Some("US")),
            ("American", Some("US")),
            ("Syria", Some("SY")),
            ("Georgia", Some("GE")),
            ("Narnia", None),
            ("", None),
        ];
        for (name, expected) in table {
            assert_eq!(lookup(name), expected, "{name}");
        }
        assert_eq!(name("iq"), Some("Iraq"));
        assert_eq!(name("XX"), None);
    }

    #[test]
    fn agrees_with_the_gazetteer() {
        let g = gazetteer();
        for surface in [
            "Iraq", "Iraqi", "US", "USA", "Britain", "British", "UK", "Kurdish",
        ] {
            assert_eq!(lookup(surface), g.lookup_country(surface), "{surface}");
        }
        for country in names() {
            assert_eq!(lookup(country), g.lookup_country(country), "{country}");
        }
    }
}
