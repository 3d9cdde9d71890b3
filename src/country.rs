//! Countries: ISO 3166-1 codes, names, aliases and demonyms, for search filters and facets.
//! Read from the same compiled gazetteer files as extraction, but only the two small country
//! tables, so that a search with `--country` or facets starts in a millisecond rather than
//! waiting for the whole gazetteer and its automata.

const COUNTRIES: &str = include_str!("extract/data/gazetteers/countries.tsv");
const DEMONYMS: &str = include_str!("extract/data/gazetteers/demonyms.tsv");

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
/// code, ignoring case: "Iraq", "iq", "IRQ", "Iraqi", "the U.S." → "IQ", "US". Codes win over
/// names; otherwise the first country (then demonym) row that has the name wins.
///
/// A search resolves a few names, once: scanning the small tables is faster than building a
/// map, and only surfaces that start with the same letter are normalised.
pub fn lookup(name: &str) -> Option<&'static str> {
    let wanted = key(name);
    let first = wanted.chars().next()?;
    if let Some([_, iso, ..]) = rows(COUNTRIES)
        .find(|[_, iso, code, _]| key(iso) == wanted || (!code.is_empty() && key(code) == wanted))
    {
        return Some(iso);
    }
    rows(COUNTRIES)
        .chain(rows(DEMONYMS))
        .find_map(|[canonical, iso, _, aliases]| {
            let mut surfaces = std::iter::once(canonical).chain(aliases.split('|'));
            let same_start = |s: &str| {
                let s = s.trim();
                let s = s
                    .get(..4)
                    .filter(|t| t.eq_ignore_ascii_case("the "))
                    .map_or(s, |_| &s[4..]);
                s.chars().flat_map(char::to_lowercase).next() == Some(first)
            };
            surfaces
                .any(|s| same_start(s) && key(s) == wanted)
                .then_some(iso)
        })
}

/// The English short name of the country with ISO alpha-2 code `iso2` (any case): "IQ" → "Iraq".
pub fn name(iso2: &str) -> Option<&'static str> {
    let iso2 = iso2.trim();
    rows(COUNTRIES)
        .find(|[_, iso, ..]| iso.eq_ignore_ascii_case(iso2))
        .map(|[canonical, ..]| canonical)
}

/// Every country's canonical name.
pub fn names() -> impl Iterator<Item = &'static str> {
    rows(COUNTRIES).map(|[canonical, ..]| canonical)
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
