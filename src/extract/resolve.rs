//! Resolution: turns raw evidence — entity spans from the tagger, gazetteer hits and figures —
//! into the final mentions of one article, with canonical names, countries and roles.
//!
//! The rules, in the order they apply:
//! 1. A tagger span takes its type from the gazetteer when a gazetteer name covers it exactly
//!    ("ISIS" → group Islamic State, "Baghdad" → city, IQ); a demonym tagged MISC is a location.
//! 2. Gazetteer names the tagger missed are added, except names that are also common words or
//!    given names ("Nice", "May", "Chad", "Reading"), which need a place-like context: a locative
//!    preposition before them ("in Nice") or a country or region after a comma ("Nice, France").
//! 3. Acronyms defined in the article ("Islamic State (IS)") resolve every later use of the
//!    acronym, including inside "anti-IS".
//! 4. A one-word name that is the last or first word of a person named in full in the article
//!    ("Austin" after "Lloyd Austin") is that person, even where it is also a place.
//! 5. "Washington" not after a locative preposition is the US government: country US.
//! 6. A title right before a person ("US Secretary of Defence Lloyd Austin") is the person's
//!    role, not part of the name; capitalised words before the title belong to the role.
//! 7. Figures inside an actor or location name are dropped ("G7", "Resolution 2254" stay names).

use super::gazetteer::{gazetteer, Entry, EntryId, EntryKind, Hit};
use super::tagger::{Label, Span};
use super::{Class, Mention};
use compact_str::CompactString;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for the short strings of one article (surnames, acronyms): multiply-rotate over
/// eight bytes at a time, much cheaper than SipHash. No map's iteration order reaches the
/// output.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    /// Mixes in `bytes`, eight at a time, then the rest with its length.
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.0 =
            (self.0.rotate_left(5) ^ u64::from_le_bytes(last) ^ rest.len() as u64).wrapping_mul(K);
    }

    /// Mixes in one byte (the end marker of a `str`).
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    /// Returns the hash, its high bits folded into the low ones that pick a bucket.
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

/// A map keyed by words (`String` or `&str`), hashed with [`WordHasher`].
type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Gazetteer names that are also common words or given names: found without the tagger, they
/// count only in a place-like context.
const RISKY_NAMES: &[&str] = &[
    "Nice",
    "May",
    "Chad",
    "Reading",
    "Jordan",
    "Turkey",
    "Georgia",
    "Austin",
    "Florence",
    "Victoria",
    "Mobile",
    "Split",
    "Bath",
    "Sale",
    "Deal",
    "Orange",
    "Eagle",
    "Independence",
    "Liberty",
    "Hope",
    "Faith",
    "Mercedes",
    "Paris",
    "Sydney",
    "Lincoln",
    "Houston",
    "Phoenix",
    "Dallas",
    "Darwin",
    "Wellington",
    "Nelson",
    "Hamilton",
    "Kingston",
];

/// Words before a place name that mark it as a place.
const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "to",
    "from",
    "near",
    "of",
    "into",
    "outside",
    "inside",
    "across",
    "around",
    "towards",
    "toward",
    "via",
    "through",
    "throughout",
    "visit",
    "visited",
    "visiting",
];

/// Resolves one article's evidence into mentions, sorted by position: the tagger's spans, the
/// gazetteer's hits over the whole text (as `gazetteer().find(text)` gives them) and the figures.
pub fn resolve(text: &str, spans: &[Span], hits: &[Hit], figures: Vec<Mention>) -> Vec<Mention> {
    let gaz = gazetteer();
    // Room for every tagged name, gazetteer name and figure: one allocation, no copies.
    let mut mentions: Vec<Mention> = Vec::with_capacity(spans.len() + hits.len() + figures.len());

    // 1. Tagger spans.
    for span in spans {
        let span = widen_to_name(hits, trim_span(text, span));
        from_span(
            text,
            &span,
            within(hits, span.start, span.end),
            &mut mentions,
        );
    }

    // 2. Gazetteer names outside every name found so far.
    sort_stably(&mut mentions[..], |m| (m.start, m.end));
    let tagged = mentions.len();
    for hit in hits {
        if overlaps_any(
            &mentions[..tagged],
            |m| (m.start, m.end),
            hit.start,
            hit.end,
        ) {
            continue;
        }
        let entry = gaz.entry(hit.entries[0]);
        if entry.kind == EntryKind::Title {
            continue;
        }
        let name = &text[hit.start..hit.end];
        if RISKY_NAMES.contains(&name) && !place_context(text, hit.start, hit.end) {
            continue;
        }
        let location_first = hit
            .entries
            .iter()
            .map(|&id| gaz.entry(id))
            .find(|e| e.kind.class().is_some());
        if let Some(entry) = location_first {
            mentions.push(from_entry(text, hit.start, hit.end, entry));
        }
    }
    sort_stably(&mut mentions[..], |m| (m.start, std::cmp::Reverse(m.end)));
    mentions.dedup_by(|b, a| a.start < b.end && b.start < a.end);
    choose_places(text, hits, &mut mentions);

    // 3. Acronyms defined in the article.
    resolve_acronyms(text, &mut mentions);
    // 4. Short forms of people and organisations named in full.
    resolve_short_names(text, &mut mentions);
    resolve_heads(&mut mentions);
    // 5. Washington as the US government.
    for mention in &mut mentions {
        if mention.class == Class::Location
            && mention.text == "Washington"
            && mention.country.as_deref() == Some("US")
            && !after_locative(text, mention.start)
        {
            mention.kind = "country";
            mention.canonical = Some(CompactString::const_new("United States"));
        }
    }
    // 6. Roles.
    let titles: Vec<&Hit> = hits
        .iter()
        .filter(|h| {
            h.entries
                .iter()
                .any(|&id| gaz.entry(id).kind == EntryKind::Title)
        })
        .collect();
    // A role never reaches back over a person known by a full name and a conjunction
    // ("Treasury Secretary James Baker and Agriculture Secretary Richard Lyng"); a single
    // capitalised word taken for a person may be part of the role ("Trade and Industry
    // Secretary").
    let mut floor = 0;
    for mention in mentions.iter_mut().filter(|m| m.kind == "person") {
        mention.role = role_before(text, floor, mention.start, &titles);
        let after = text.get(mention.end..).unwrap_or_default();
        let full_name = mention
            .canonical
            .as_deref()
            .is_some_and(|c| c.contains(' '));
        if full_name && (after.starts_with(" and ") || after.starts_with(", ")) {
            floor = mention.end;
        }
    }
    // 7. Figures that are not inside a name.
    let names = mentions.len();
    for figure in figures {
        if !overlaps_any(
            &mentions[..names],
            |m| (m.start, m.end),
            figure.start,
            figure.end,
        ) {
            mentions.push(figure);
        }
    }
    // 8. Places named inside organisations ("the Government of Iraq", "Daesh in Syria").
    let mut nested = Vec::new();
    for m in mentions
        .iter()
        .filter(|m| m.class == Class::Actor && m.kind != "person")
    {
        for hit in within(hits, m.start, m.end) {
            if hit.end > m.end || (hit.start, hit.end) == (m.start, m.end) {
                continue;
            }
            let place = hit.entries.iter().map(|&id| gaz.entry(id)).find(|e| {
                matches!(
                    e.kind,
                    EntryKind::Country | EntryKind::City | EntryKind::Region
                )
            });
            if let Some(place) = place {
                nested.push(from_entry(text, hit.start, hit.end, place));
            }
        }
    }
    mentions.extend(nested);
    sort_stably(&mut mentions[..], |m| (m.start, m.end));
    mentions
}

/// Sorts `items` by `key`, stably, unless they are sorted already: the check neither moves
/// nor allocates, and mentions are often in order.
fn sort_stably<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    if !items.is_sorted_by_key(&key) {
        items.sort_by_key(key);
    }
}

/// Returns the items of `sorted` (sorted by start) that start inside `start..end`.
fn within<'h, 'g>(sorted: &'h [Hit<'g>], start: usize, end: usize) -> &'h [Hit<'g>] {
    let from = sorted.partition_point(|h| h.start < start);
    let to = sorted.partition_point(|h| h.start < end);
    &sorted[from..to.max(from)]
}

/// Tells whether any item of `sorted` (sorted by start and not overlapping each other, so that
/// their ends are sorted too) overlaps `start..end`.
fn overlaps_any<T>(
    sorted: &[T],
    bounds: impl Fn(&T) -> (usize, usize),
    start: usize,
    end: usize,
) -> bool {
    let i = sorted.partition_point(|t| bounds(t).1 <= start);
    sorted.get(i).is_some_and(|t| bounds(t).0 < end)
}

/// Chooses among places of the same name in different countries ("Georgia": the country, or
/// the US state) by the article's other places: a country named right before it after a comma
/// ("Atlanta, Georgia") decides, else the country the article's unambiguous places point to most;
/// a tie keeps the gazetteer's order (countries first, then large cities).
fn choose_places(text: &str, hits: &[Hit], mentions: &mut [Mention]) {
    let gaz = gazetteer();
    let is_place = |e: &&'static Entry| {
        e.kind.class() == Some(Class::Location)
            && e.kind != EntryKind::Demonym
            && e.country.is_some()
    };
    let places_of = |hit: &Hit| -> Vec<&'static Entry> {
        hit.entries
            .iter()
            .map(|&id| gaz.entry(id))
            .filter(is_place)
            .collect()
    };
    let ambiguous: Vec<(usize, Vec<&Entry>)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.class == Class::Location)
        .filter_map(|(i, m)| {
            let hit = within(hits, m.start, m.start + 1)
                .iter()
                .find(|h| h.end == m.end)?;
            // Only an ambiguous name needs its places collected.
            let mut places = hit.entries.iter().map(|&id| gaz.entry(id)).filter(is_place);
            let first = places.next()?.country;
            places
                .any(|p| p.country != first)
                .then(|| (i, places_of(hit)))
        })
        .collect();
    if ambiguous.is_empty() {
        return;
    }
    let mut support: WordMap<Cow<'static, str>, usize> = WordMap::default();
    let mut is_ambiguous = vec![false; mentions.len()];
    for (i, _) in &ambiguous {
        is_ambiguous[*i] = true;
    }
    for (i, m) in mentions.iter().enumerate() {
        if m.class == Class::Location && !is_ambiguous[i] {
            if let Some(country) = &m.country {
                *support.entry(country.clone()).or_default() += 1;
            }
        }
    }
    for (i, places) in ambiguous {
        let start = mentions[i].start;
        let before = mentions[..i]
            .iter()
            .rev()
            .find(|m| m.class == Class::Location && m.end <= start)
            .filter(|m| text.get(m.end..start) == Some(", "))
            .and_then(|m| m.country.clone());
        let score = |entry: &Entry| {
            let country = entry.country.unwrap_or_default();
            let adjacent = usize::from(before.as_deref() == Some(country)) * 1000;
            adjacent + support.get(country).copied().unwrap_or(0)
        };
        let mut best = places[0];
        for &place in &places[1..] {
            if score(place) > score(best) {
                best = place;
            }
        }
        let chosen = from_entry(text, start, mentions[i].end, best);
        mentions[i] = chosen;
    }
}

/// Builds the mentions of one tagger span. The gazetteer entry that covers the span exactly gives
/// its type and canonical name. A title inside a person or organisation span ("Pentagon Press
/// Secretary Sabrina Singh") splits it: the capitalised words after the title are a person, and
/// known actors before it ("Pentagon") are kept. The mentions are appended to `out`.
fn from_span(text: &str, span: &Span, hits: &[Hit], out: &mut Vec<Mention>) {
    let gaz = gazetteer();
    let Some(name) = text.get(span.start..span.end) else {
        return;
    };
    if span.label == Label::Person && is_month_in_date(text, name, span.end) {
        // "Jan 25" in a dateline is a date, not a person.
        return;
    }
    if matches!(span.label, Label::Person | Label::Organization) && is_fragment(name) {
        // "P" of "P de Villiers", "Co" of "Ryan, Beck and Co": pieces of names, not actors.
        return;
    }
    if matches!(span.label, Label::Person | Label::Organization) {
        let title = hits.iter().rev().find(|h| {
            h.start >= span.start
                && h.end < span.end
                && h.entries
                    .iter()
                    .any(|&id| gaz.entry(id).kind == EntryKind::Title)
                && is_name(&text[h.end..span.end])
        });
        if let Some(title) = title {
            let rest = &text[title.end..span.end];
            let person = Span {
                start: span.end - rest.trim_start().len(),
                end: span.end,
                label: Label::Person,
            };
            out.extend(
                hits.iter()
                    .filter(|h| h.start >= span.start && h.end <= title.start)
                    .filter_map(|h| {
                        let entry = h
                            .entries
                            .iter()
                            .map(|&id| gaz.entry(id))
                            .find(|e| e.kind.class() == Some(Class::Actor))?;
                        Some(from_entry(text, h.start, h.end, entry))
                    }),
            );
            from_span(text, &person, hits, out);
            return;
        }
    }
    // The entries of a gazetteer name covering the span exactly.
    let exact: &[EntryId] = match hits
        .iter()
        .find(|h| h.start == span.start && h.end == span.end)
    {
        Some(hit) => hit.entries,
        None => gaz.find_exact(name).unwrap_or_default(),
    };
    let first_of = |kinds: &[EntryKind]| {
        exact
            .iter()
            .map(|&id| gaz.entry(id))
            .find(|e| kinds.contains(&e.kind))
    };
    const PLACES: &[EntryKind] = &[
        EntryKind::Country,
        EntryKind::City,
        EntryKind::Region,
        EntryKind::Area,
    ];
    const ACTORS: &[EntryKind] = &[EntryKind::Organization, EntryKind::Group];
    let entry_mention = |entry: &Entry| from_entry(text, span.start, span.end, entry);
    let mention = match span.label {
        Label::Person => match first_of(&[EntryKind::Country, EntryKind::Demonym]) {
            // A lone country name is the country ("Jordan said"), unless rule 4 finds a person.
            Some(place) if !name.contains(' ') => entry_mention(place),
            _ => actor(text, span, "person", collapse(name)),
        },
        Label::Organization => match first_of(ACTORS)
            // Governments named by their country ("Iraq agreed") stay places, and an adjective
            // ("Iraqi" in "Iraqi security forces") is a demonym.
            .or_else(|| first_of(&[EntryKind::Country, EntryKind::Demonym]))
        {
            Some(entry) => entry_mention(entry),
            None => match strip_the(name) {
                // "The United Nations": the organisation is the United Nations.
                Some(rest) => match gaz.find_exact(rest).and_then(|ids| {
                    ids.iter()
                        .map(|&id| gaz.entry(id))
                        .find(|e| ACTORS.contains(&e.kind))
                }) {
                    Some(entry) => {
                        let mut m = entry_mention(entry);
                        m.canonical = Some(CompactString::const_new(entry.canonical));
                        m
                    }
                    None => actor(text, span, "organization", collapse(rest)),
                },
                None => actor(text, span, "organization", collapse(name)),
            },
        },
        Label::Location => match first_of(PLACES).or_else(|| first_of(&[EntryKind::Demonym])) {
            Some(entry) => entry_mention(entry),
            None => {
                let mut m = Mention::new(Class::Location, "area", text, span.start, span.end);
                m.canonical = Some(collapse(name));
                m
            }
        },
        Label::Misc => match first_of(&[EntryKind::Demonym]).or_else(|| first_of(ACTORS)) {
            Some(entry) => entry_mention(entry),
            None => return,
        },
    };
    out.push(mention);
}

/// Widens a tagged span to a longer gazetteer name of an actor or place that contains it: the
/// tagger cuts "Islamic State of Iraq and the Levant" at "and"; the gazetteer knows it whole.
fn widen_to_name(hits: &[Hit], span: Span) -> Span {
    let gaz = gazetteer();
    let first = hits.partition_point(|h| h.end <= span.start);
    let container = hits[first..]
        .iter()
        .take_while(|h| h.start <= span.start)
        .find(|h| h.end >= span.end && h.end - h.start > span.end - span.start);
    let Some(hit) = container else { return span };
    let label = hit.entries.iter().find_map(|&id| match gaz.entry(id).kind {
        EntryKind::Organization | EntryKind::Group => Some(Label::Organization),
        EntryKind::Country | EntryKind::City | EntryKind::Region | EntryKind::Area => {
            Some(Label::Location)
        }
        _ => None,
    });
    match label {
        Some(label) => Span {
            start: hit.start,
            end: hit.end,
            label,
        },
        None => span,
    }
}

/// Prepositions that a tagger takes into a name at the start of a sentence ("Near Mosul, ...").
const LEADING_PREPOSITIONS: &[&str] = &[
    "Near",
    "In",
    "At",
    "From",
    "Outside",
    "Inside",
    "Around",
    "Across",
    "On",
    "Since",
    "During",
    "After",
    "Before",
    "Throughout",
    "Within",
    "Into",
    "Toward",
    "Towards",
];

/// Trims a sentence-initial preposition and a final full stop (not an abbreviation's, as in
/// "U.S.") from a tagged span.
fn trim_span(text: &str, span: &Span) -> Span {
    let mut span = *span;
    let name = &text[span.start..span.end];
    if let Some((first, rest)) = name.split_once(' ') {
        if LEADING_PREPOSITIONS.contains(&first) && !rest.trim().is_empty() {
            span.start += first.len() + 1;
        }
    }
    let name = &text[span.start..span.end];
    const KEEP_STOP: &[&str] = &[
        "Inc", "Corp", "Co", "Ltd", "Jr", "Sr", "St", "Bros", "Cie", "Mt", "Ft", "Plc", "Dr", "Mr",
        "Mrs", "Ms", "Gen", "Ave",
    ];
    if let Some(stem) = name.strip_suffix('.') {
        let last = stem.rsplit(' ').next().unwrap_or(stem);
        if !stem.is_empty() && !stem.contains('.') && !KEEP_STOP.contains(&last) {
            span.end -= 1;
        }
    }
    span
}

/// The name without a leading "The " ("The United Nations" → "United Nations"), if it has one
/// and something follows.
fn strip_the(name: &str) -> Option<&str> {
    name.strip_prefix("The ")
        .map(str::trim_start)
        .filter(|rest| !rest.is_empty())
}

/// Tells whether a name is a month (or its abbreviation) followed by a day number, as in the
/// dateline "BAGHDAD, Jan 25".
fn is_month_in_date(text: &str, name: &str, end: usize) -> bool {
    const MONTHS: &[&str] = &[
        "Jan",
        "January",
        "Feb",
        "February",
        "Mar",
        "March",
        "Apr",
        "April",
        "Jun",
        "June",
        "Jul",
        "July",
        "Aug",
        "August",
        "Sep",
        "Sept",
        "September",
        "Oct",
        "October",
        "Nov",
        "November",
        "Dec",
        "December",
    ];
    let name = name.trim_end_matches('.');
    MONTHS.contains(&name)
        && text
            .get(end..)
            .map(|rest| rest.trim_start_matches(['.', ' ']))
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// Tells whether a text is a short name: one to four capitalised words.
fn is_name(text: &str) -> bool {
    let mut words = 0;
    for w in text.split_whitespace() {
        words += 1;
        if words > 4 || !w.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
    }
    words >= 1
}

/// Company suffixes, which are never an actor alone.
const COMPANY_SUFFIXES: &[&str] = &[
    "co", "cos", "corp", "inc", "ltd", "plc", "llc", "lp", "nv", "ag", "sa", "spa", "gmbh", "pty",
    "bhd",
];

/// Tells whether a tagged name is only a piece of one: a single letter or digit ("P", "J."), or
/// company suffixes alone ("Co", "Co Inc", "Ltd").
fn is_fragment(name: &str) -> bool {
    if name.chars().filter(|c| c.is_alphanumeric()).count() <= 1 {
        return true;
    }
    let mut words = name
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some()
        && words.all(|w| COMPANY_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(w)))
}

fn actor(text: &str, span: &Span, kind: &'static str, canonical: CompactString) -> Mention {
    let mut m = Mention::new(Class::Actor, kind, text, span.start, span.end);
    m.canonical = Some(canonical);
    m
}

/// Builds a mention from a gazetteer entry. Demonyms take their country's name as canonical.
fn from_entry(text: &str, start: usize, end: usize, entry: &Entry) -> Mention {
    let class = entry.kind.class().unwrap_or(Class::Location);
    let mut m = Mention::new(class, entry.kind.as_str(), text, start, end);
    let canonical = match entry.kind {
        EntryKind::Demonym => entry
            .country
            .and_then(|c| gazetteer().country_name(c))
            .unwrap_or(entry.canonical),
        // Some dictionaries list "The United Nations" beside "United Nations": one actor.
        EntryKind::Organization | EntryKind::Group => strip_the(entry.canonical)
            .and_then(|rest| {
                let gaz = gazetteer();
                gaz.find_exact(rest)?
                    .iter()
                    .map(|&id| gaz.entry(id))
                    .find(|e| e.kind == entry.kind)
                    .map(|e| e.canonical)
            })
            .unwrap_or(entry.canonical),
        _ => entry.canonical,
    };
    m.canonical = Some(CompactString::const_new(canonical));
    if class == Class::Location {
        m.country = entry.country.map(Cow::Borrowed);
    }
    m
}

/// Collapses runs of white space (names broken across lines) to single spaces.
fn collapse(name: &str) -> CompactString {
    // Most names are ASCII words separated by single spaces: already collapsed.
    let mut after_space = true;
    let mut simple = true;
    for &b in name.as_bytes() {
        let space = b == b' ';
        if b >= 0x80 || (b'\t'..=b'\r').contains(&b) || (space && after_space) {
            simple = false;
            break;
        }
        after_space = space;
    }
    if simple && !after_space {
        return CompactString::from(name);
    }
    let mut out = CompactString::default();
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The word before `start`, if any, lower-cased.
fn word_before(text: &str, start: usize) -> Option<String> {
    let before = text.get(..start)?.trim_end();
    let word = before.rsplit(|c: char| !c.is_alphanumeric()).next()?;
    (!word.is_empty()).then(|| word.to_lowercase())
}

fn after_locative(text: &str, start: usize) -> bool {
    word_before(text, start).is_some_and(|w| LOCATIVES.contains(&w.as_str()))
}

/// Tells whether a name stands where a place does: after a locative preposition, after a place
/// and a comma ("Atlanta, Georgia"), or before a comma and a country or region ("Nice, France").
fn place_context(text: &str, start: usize, end: usize) -> bool {
    if after_locative(text, start) {
        return true;
    }
    if let Some(before) = text.get(..start).and_then(|b| b.strip_suffix(", ")) {
        let from = before.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
        let gaz = gazetteer();
        let is_place = |h: &Hit| {
            from + h.end == before.len()
                && h.entries.iter().any(|&id| {
                    matches!(
                        gaz.entry(id).kind,
                        EntryKind::City | EntryKind::Region | EntryKind::Country
                    )
                })
        };
        if gaz.find(&before[from..]).iter().any(is_place) {
            return true;
        }
    }
    let after = text.get(end..).unwrap_or("");
    if let Some(rest) = after.strip_prefix(", ") {
        let next: String = rest
            .chars()
            .take_while(|c| c.is_alphabetic() || *c == ' ')
            .collect();
        let gaz = gazetteer();
        return gaz.find(&next).first().is_some_and(|h| {
            h.start == 0
                && h.entries
                    .iter()
                    .any(|&id| matches!(gaz.entry(id).kind, EntryKind::Country | EntryKind::Region))
        });
    }
    false
}

/// Finds "Long Name (ABBR)" definitions and resolves every whole-word use of ABBR to the long
/// name's actor.
fn resolve_acronyms(text: &str, mentions: &mut Vec<Mention>) {
    let mut defined: WordMap<String, (&'static str, CompactString)> = WordMap::default();
    for m in mentions.iter().filter(|m| m.class == Class::Actor) {
        let after = text.get(m.end..).unwrap_or("");
        let Some(rest) = after.strip_prefix(" (") else {
            continue;
        };
        let Some(close) = rest.find(')') else {
            continue;
        };
        let abbr = &rest[..close];
        let is_acronym = (2..=8).contains(&abbr.len())
            && abbr
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&')
            && abbr.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        if is_acronym {
            let canonical = m.canonical.clone().unwrap_or_else(|| m.text.clone());
            defined
                .entry(abbr.to_string())
                .or_insert((m.kind, canonical));
        }
    }
    if defined.is_empty() {
        return;
    }
    // Existing mentions that are the acronym take the long name.
    for m in mentions.iter_mut() {
        if let Some((kind, canonical)) = defined.get(m.text.as_str()) {
            m.class = Class::Actor;
            m.kind = kind;
            m.canonical = Some(canonical.clone());
            m.country = None;
        }
    }
    // Every other whole-word use.
    add_uncovered_uses(text, &defined, mentions, |_, _| true);
    sort_stably(&mut mentions[..], |m| (m.start, m.end));
}

/// Adds an actor mention for every whole-word use of a word of `wanted` (word → type and
/// canonical name) that no mention covers yet and that `accept` allows. Capitalised ASCII words
/// are found in one pass over the text; others ("O'Brien", "Erdoğan") are searched for one by one.
/// `mentions` is sorted and free of overlaps on entry, and again on exit.
fn add_uncovered_uses(
    text: &str,
    wanted: &WordMap<String, (&'static str, CompactString)>,
    mentions: &mut Vec<Mention>,
    accept: impl Fn(usize, usize) -> bool,
) {
    if wanted.is_empty() {
        return;
    }
    let sorted = mentions.len();
    let mut add = |start: usize, end: usize, kind: &'static str, canonical: &CompactString| {
        let alnum_before = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let alnum_after = text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        let covered = overlaps_any(&mentions[..sorted], |m| (m.start, m.end), start, end)
            || mentions[sorted..]
                .iter()
                .any(|m| m.start < end && start < m.end);
        if !alnum_before && !alnum_after && !covered && accept(start, end) {
            let mut m = Mention::new(Class::Actor, kind, text, start, end);
            m.canonical = Some(canonical.clone());
            mentions.push(m);
        }
    };
    let (plain, mut other): (Vec<_>, Vec<_>) = wanted.iter().partition(|(word, _)| {
        word.starts_with(|c: char| c.is_ascii_uppercase())
            && word.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if !plain.is_empty() {
        // The lengths and first letters of the plain words: most capitalised words of the
        // text are neither, and are skipped without a lookup.
        let mut lengths = 0u64;
        let mut firsts = 0u32;
        for (word, _) in &plain {
            lengths |= 1 << word.len().min(63);
            firsts |= 1 << (word.as_bytes()[0] & 31);
        }
        for (start, end) in capitalised_words(text, firsts) {
            if lengths & (1 << (end - start).min(63)) == 0 {
                continue;
            }
            if let Some((kind, canonical)) = wanted.get(&text[start..end]) {
                add(start, end, kind, canonical);
            }
        }
    }
    // In a fixed order, so that overlapping names always resolve the same way.
    other.sort_by(|a, b| a.0.cmp(b.0));
    for (word, (kind, canonical)) in other {
        for (start, _) in text.match_indices(word.as_str()) {
            add(start, start + word.len(), kind, canonical);
        }
    }
    if mentions.len() > sorted {
        sort_stably(&mut mentions[..], |m| (m.start, m.end));
    }
}

/// Yields the byte ranges of the capitalised ASCII words of a text: an upper-case ASCII letter
/// not preceded by an ASCII letter or digit, and the ASCII letters and digits after it; only
/// the words whose first letter has its bit (`letter & 31`) set in `firsts`.
fn capitalised_words(text: &str, firsts: u32) -> impl Iterator<Item = (usize, usize)> + '_ {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    // The wanted capitals themselves, each in every byte, when there are one to four: four
    // words (the first letter repeated as needed), so that the test below is unrolled.
    let wanted: Vec<u64> = (b'A'..=b'Z')
        .filter(|&c| firsts & (1 << (c & 31)) != 0)
        .map(|c| u64::from(c) * ONES)
        .collect();
    let letters: Option<[u64; 4]> = match wanted[..] {
        [a] => Some([a; 4]),
        [a, b] => Some([a, b, a, a]),
        [a, b, c] => Some([a, b, c, a]),
        [a, b, c, d] => Some([a, b, c, d]),
        _ => None,
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            // Skip eight bytes at a time up to the next upper-case ASCII letter, or, with few
            // wanted first letters, the next of those (the lowest flagged byte is exact).
            if let Some(chunk) = bytes.get(i..i + 8) {
                let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                let found = match letters {
                    None => {
                        let y = w & !HIGH;
                        y.wrapping_add((0x80 - 0x41) * ONES)
                            & !y.wrapping_add((0x80 - 0x5b) * ONES)
                            & !w
                            & HIGH
                    }
                    Some(letters) => letters.iter().fold(0, |acc, &l| {
                        let x = w ^ l;
                        acc | (x.wrapping_sub(ONES) & !x & HIGH)
                    }),
                };
                if found == 0 {
                    i += 8;
                    continue;
                }
                i += (found.trailing_zeros() / 8) as usize;
            }
            // A capital inside a word is not a start, so skipping one byte past a start that
            // is not wanted finds the same starts later on.
            let starts = bytes[i].is_ascii_uppercase()
                && firsts & (1 << (bytes[i] & 31)) != 0
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
            if starts {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                return Some((start, i));
            }
            i += 1;
        }
        None
    })
}

/// Resolves one-word names to people named in full elsewhere in the article: "Austin" after
/// "Lloyd Austin". A surname in a place-like context ("in Austin", "Austin, Texas") stays a place.
fn resolve_short_names(text: &str, mentions: &mut Vec<Mention>) {
    // Surname → the one full name it stands for, or `None` when two people share it: borrowed
    // from the mentions, so that only the surnames kept are copied.
    let mut by_surname: WordMap<&str, Option<&str>> = WordMap::default();
    for m in mentions.iter().filter(|m| m.kind == "person") {
        let Some(full) = m.canonical.as_deref() else {
            continue;
        };
        let Some((_, surname)) = full.rsplit_once(' ') else {
            continue;
        };
        by_surname
            .entry(surname)
            .and_modify(|known| {
                // Two different people share the surname: it resolves to neither.
                if *known != Some(full) {
                    *known = None;
                }
            })
            .or_insert(Some(full));
    }
    let wanted: WordMap<String, (&'static str, CompactString)> = by_surname
        .into_iter()
        .filter_map(|(surname, full)| {
            let full = full.filter(|_| surname.chars().count() > 1)?;
            Some((surname.to_string(), ("person", CompactString::from(full))))
        })
        .collect();
    if wanted.is_empty() {
        return;
    }
    for m in mentions.iter_mut() {
        if m.text.contains(' ') || m.class == Class::Figure {
            continue;
        }
        if let Some((_, full)) = wanted.get(m.text.as_str()) {
            if m.kind != "person" && place_context(text, m.start, m.end) {
                continue;
            }
            m.class = Class::Actor;
            m.kind = "person";
            m.canonical = Some(full.clone());
            m.country = None;
        }
    }
    // Uses of the surname that nothing else claimed.
    add_uncovered_uses(text, &wanted, mentions, |start, end| {
        !place_context(text, start, end)
    });
    sort_stably(&mut mentions[..], |m| (m.start, m.end));
}

/// Words that may join the capitalised words of a title ("Secretary of State").
const TITLE_JOINERS: &[&str] = &["of", "for", "and", "the"];

/// The generic nouns that name an institution on their own once it has been named in full ("the
/// Bank" after "the Bank of England"). A brand ("Google") is not one: "Google Glass" later in a
/// story is a product, not Google.
const INSTITUTION_HEADS: &[&str] = &[
    "Agency",
    "Army",
    "Assembly",
    "Authority",
    "Bank",
    "Board",
    "Bureau",
    "Commission",
    "Committee",
    "Council",
    "Court",
    "Department",
    "Federation",
    "Fund",
    "Institute",
    "League",
    "Ministry",
    "Office",
    "Organisation",
    "Organization",
    "Party",
    "Union",
];

/// Resolves a one-word organisation that the gazetteers do not know and that is one of
/// [`INSTITUTION_HEADS`] ("the Bank", "the Commission") to the last organisation named before it
/// whose name has that word ("Bank of England", "European Commission").
fn resolve_heads(mentions: &mut [Mention]) {
    for i in 0..mentions.len() {
        let m = &mentions[i];
        let word = m.text.as_str();
        if m.kind != "organization"
            || word.contains(' ')
            || m.canonical.as_deref() != Some(word)
            || !INSTITUTION_HEADS.contains(&word)
        {
            continue;
        }
        let full = mentions[..i]
            .iter()
            .rev()
            .filter(|o| o.kind == "organization")
            .filter_map(|o| o.canonical.as_ref())
            .find(|name| name.contains(' ') && name.split(' ').any(|w| w == word))
            .cloned();
        if let Some(full) = full {
            mentions[i].canonical = Some(full);
        }
    }
}

/// Finds the role written right before a person: a title that ends where the name starts, with
/// the capitalised words before it ("US Secretary of Defence", "Deputy Pentagon Press
/// Secretary"), none of them before `floor`.
fn role_before(text: &str, floor: usize, person_start: usize, titles: &[&Hit]) -> Option<String> {
    // Only the last title before the name can end right before it.
    let before = titles.partition_point(|t| t.end <= person_start);
    let title = titles[..before].last().filter(|t| {
        t.start >= floor
            && text
                .get(t.end..person_start)
                .is_some_and(|gap| !gap.is_empty() && gap.trim().is_empty())
    })?;
    // Walk back over capitalised words; joiners ("of") count only between capitalised words,
    // which `start` jumping over them takes care of.
    let mut start = title.start;
    let mut cursor = title.start;
    loop {
        let before = &text[..cursor];
        let trimmed = before.trim_end_matches([' ', '\t']);
        if trimmed.len() == before.len() || trimmed.is_empty() {
            break; // no single space before: punctuation or the start
        }
        let word_start = trimmed
            .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.' || c == '\''))
            .map_or(0, |i| {
                i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &trimmed[word_start..];
        if word.is_empty() || word_start < floor {
            break;
        }
        let ends_sentence = word.ends_with('.') && word.matches('.').count() == 1;
        if ends_sentence {
            break;
        }
        if word.chars().next().is_some_and(char::is_uppercase) {
            start = word_start;
        } else if !TITLE_JOINERS.contains(&word) {
            break;
        }
        cursor = word_start;
    }
    Some(collapse(&text[start..title.end]).into_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_text(text: &str, spans: &[Span], figures: Vec<Mention>) -> Vec<Mention> {
        resolve(text, spans, &gazetteer().find(text), figures)
    }

    fn span(text: &str, needle: &str, label: Label) -> Span {
        let start = text.find(needle).expect("needle in text");
        Span {
            start,
            end: start + needle.len(),
            label,
        }
    }

    fn summary(mentions: &[Mention]) -> Vec<(String, &'static str, String, Option<String>)> {
        mentions
            .iter()
            .filter(|m| m.class != Class::Figure)
            .map(|m| {
                (
                    m.text.to_string(),
                    m.kind,
                    m.canonical.as_deref().unwrap_or_default().to_string(),
                    m.country
                        .as_deref()
                        .or(m.role.as_deref())
                        .map(str::to_string),
                )
            })
            .collect()
    }

    fn row(
        text: &str,
        kind: &'static str,
        canonical: &str,
        extra: Option<&str>,
    ) -> (String, &'static str, String, Option<String>) {
        (
            text.to_string(),
            kind,
            canonical.to_string(),
            extra.map(str::to_string),
        )
    }

    #[test]
    fn dateline_months_are_not_people_and_the_is_not_part_of_a_name() {
        let text = "BAGHDAD, Jan 25\n\nThe United Nations met Jan Egeland on Mar 3.";
        let spans = [
            span(text, "Jan 25", Label::Person),
            span(text, "The United Nations", Label::Organization),
            span(text, "Jan Egeland", Label::Person),
        ];
        let spans = [
            Span {
                end: spans[0].start + 3,
                ..spans[0]
            },
            spans[1],
            spans[2],
        ];
        let got = summary(&resolve_text(text, &spans, Vec::new()));
        let names: Vec<&str> = got.iter().map(|r| r.2.as_str()).collect();
        assert!(!names.contains(&"Jan"), "{got:?}");
        assert!(names.contains(&"Jan Egeland"), "{got:?}");
        assert!(names.contains(&"United Nations"), "{got:?}");
        let table = [
            ("Jan", " 25", true),
            ("Sept.", " 3", true),
            ("March", ", 1987", false),
            ("Jan", " Egeland", false),
            ("Janet", " 5", false),
        ];
        for (name, after, month) in table {
            let text = format!("{name}{after}");
            assert_eq!(is_month_in_date(&text, name, name.len()), month, "{text}");
        }
    }

    #[test]
    fn titles_become_roles_and_short_names_resolve() {
        let text = "US Secretary of Defence Lloyd Austin confirmed it. Later Austin said more in Austin, Texas.";
        let spans = [
            span(text, "Lloyd Austin", Label::Person),
            span(text, "Austin said", Label::Person),
        ];
        let spans = [
            spans[0],
            Span {
                end: spans[1].start + 6,
                ..spans[1]
            },
        ];
        let got = summary(&resolve_text(text, &spans, Vec::new()));
        assert!(
            got.contains(&row(
                "Lloyd Austin",
                "person",
                "Lloyd Austin",
                Some("US Secretary of Defence")
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&row("Austin", "person", "Lloyd Austin", None)),
            "{got:?}"
        );
        assert!(
            got.contains(&row("US", "country", "United States", Some("US"))),
            "{got:?}"
        );
    }

    #[test]
    fn acronyms_resolve_to_their_definition() {
        let text =
            "the group Islamic State (IS) and the anti-IS coalition; the threat from IS. ISIS too.";
        let got = summary(&resolve_text(text, &[], Vec::new()));
        let canonicals: Vec<_> = got.iter().map(|r| (r.0.as_str(), r.2.as_str())).collect();
        assert_eq!(
            canonicals,
            [
                ("Islamic State", "Islamic State"),
                ("IS", "Islamic State"),
                ("anti-IS coalition", "Global Coalition Against Daesh"),
                ("IS", "Islamic State"),
                ("ISIS", "Islamic State"),
            ]
        );
    }

    #[test]
    fn ambiguous_names_need_context() {
        type Expected = Vec<(&'static str, &'static str, Option<&'static str>)>;
        let table: &[(&str, Expected)] = &[
            // Washington the government, and the city.
            (
                "Washington and Baghdad decided.",
                vec![
                    ("Washington", "country", Some("US")),
                    ("Baghdad", "city", Some("IQ")),
                ],
            ),
            (
                "He flew to Washington.",
                vec![("Washington", "city", Some("US"))],
            ),
            // May and Nice as words, and as places.
            ("Nice work. May we go?", vec![]),
            (
                "They met in Nice in May.",
                vec![("Nice", "city", Some("FR"))],
            ),
            (
                "Nice, France is warm.",
                vec![
                    ("Nice", "city", Some("FR")),
                    ("France", "country", Some("FR")),
                ],
            ),
        ];
        for (text, expected) in table {
            let got: Vec<(String, &str, Option<String>)> = resolve_text(text, &[], Vec::new())
                .into_iter()
                .map(|m| (m.text.into_string(), m.kind, m.country.map(Cow::into_owned)))
                .collect();
            let expected: Vec<(String, &str, Option<String>)> = expected
                .iter()
                .map(|(t, k, c)| (t.to_string(), *k, c.map(str::to_string)))
                .collect();
            assert_eq!(got, expected, "{text}");
        }
    }

    #[test]
    fn places_of_one_name_are_chosen_by_the_article() {
        type Expected = &'static [(&'static str, &'static str, &'static str)];
        let table: &[(&str, Expected)] = &[
            // Georgia the country, among Caucasus places.
            (
                "Tbilisi is the capital of Georgia.",
                &[("Tbilisi", "city", "GE"), ("Georgia", "country", "GE")],
            ),
            // Georgia the US state, among US places and after "Atlanta, ".
            (
                "Voters in Atlanta, Georgia and Ohio went to the polls.",
                &[
                    ("Atlanta", "city", "US"),
                    ("Georgia", "region", "US"),
                    ("Ohio", "region", "US"),
                ],
            ),
            // With nothing else to go on, the country.
            (
                "Troops arrived in Georgia.",
                &[("Georgia", "country", "GE")],
            ),
            // Turkey and Chad, the countries, in a place-like context; the bird is lower case.
            (
                "Aid went to Chad via Turkey. They ate turkey.",
                &[("Chad", "country", "TD"), ("Turkey", "country", "TR")],
            ),
        ];
        for (text, expected) in table {
            let got: Vec<(String, &str, String)> = resolve_text(text, &[], Vec::new())
                .into_iter()
                .map(|m| {
                    (
                        m.text.into_string(),
                        m.kind,
                        m.country.unwrap_or_default().into_owned(),
                    )
                })
                .collect();
            let expected: Vec<(String, &str, String)> = expected
                .iter()
                .map(|(t, k, c)| (t.to_string(), *k, c.to_string()))
                .collect();
            assert_eq!(got, expected, "{text}");
        }
    }

    #[test]
    fn a_country_name_inside_a_person_is_a_person() {
        let text = "Michael Jordan visited Jordan. Jordan scored.";
        let spans = [span(text, "Michael Jordan", Label::Person)];
        let got = summary(&resolve_text(text, &spans, Vec::new()));
        assert_eq!(
            got,
            [
                row("Michael Jordan", "person", "Michael Jordan", None),
                // After "visited", a place.
                row("Jordan", "country", "Jordan", Some("JO")),
                // A later one-word use is the person named in full.
                row("Jordan", "person", "Michael Jordan", None),
            ]
        );
    }

    #[test]
    fn demonyms_count_toward_their_country() {
        let text = "Iraqi forces and American troops.";
        let got = summary(&resolve_text(text, &[], Vec::new()));
        assert_eq!(
            got,
            [
                row("Iraqi", "demonym", "Iraq", Some("IQ")),
                row("American", "demonym", "United States", Some("US"))
            ]
        );
    }

    #[test]
    fn capitalised_words_finds_the_wanted_first_letters() {
        let text =
            "Austin met AUSTIN, O'Brien and McCain in Baghdad; anti-IS Ba 9Bx xAy Zed. Émile Ab";
        let naive = |firsts: u32| -> Vec<(usize, usize)> {
            let b = text.as_bytes();
            (0..b.len())
                .filter(|&i| {
                    b[i].is_ascii_uppercase()
                        && firsts & (1 << (b[i] & 31)) != 0
                        && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
                })
                .map(|i| {
                    let len = b[i..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count();
                    (i, i + len)
                })
                .collect()
        };
        let bit = |c: u8| 1u32 << (c & 31);
        let table = [
            bit(b'A'),
            bit(b'B'),
            bit(b'A') | bit(b'B'),
            bit(b'I') | bit(b'M') | bit(b'Z'),
            bit(b'A') | bit(b'B') | bit(b'I') | bit(b'O'),
            bit(b'A') | bit(b'B') | bit(b'I') | bit(b'O') | bit(b'Z'),
            u32::MAX,
        ];
        for firsts in table {
            let got: Vec<_> = capitalised_words(text, firsts).collect();
            assert_eq!(got, naive(firsts), "{firsts:#x}");
        }
    }

    #[test]
    fn figures_inside_names_are_dropped() {
        let text = "The G7 met.";
        let figure = {
            let mut m = Mention::new(Class::Figure, "cardinal", text, 5, 6);
            m.value = Some(7.0);
            m
        };
        let spans = [span(text, "G7", Label::Organization)];
        let got = resolve_text(text, &spans, vec![figure]);
        assert!(got.iter().all(|m| m.class != Class::Figure), "{got:?}");
    }

    #[test]
    fn pieces_of_names_are_not_actors() {
        let table = [
            ("P", true),
            ("J.", true),
            ("Co", true),
            ("Co Inc", true),
            ("Co. Ltd.", true),
            ("PLC", true),
            ("Ed", false),
            ("Coca-Cola", false),
            ("Beck", false),
            ("Inc Magazine", false),
            ("", true),
        ];
        for (name, fragment) in table {
            assert_eq!(is_fragment(name), fragment, "{name:?}");
        }
        let text = "Underwritten by Ryan, Beck and Co, with P de Villiers.";
        let spans = [
            span(text, "Beck", Label::Person),
            span(text, "Co", Label::Organization),
            span(text, "P", Label::Person),
        ];
        let actors: Vec<String> = resolve_text(text, &spans, Vec::new())
            .into_iter()
            .filter(|m| m.class == Class::Actor)
            .map(|m| m.text.into_string())
            .collect();
        assert_eq!(actors, ["Beck"]);
    }

    #[test]
    fn a_role_stops_at_the_person_named_before() {
        let text = "Treasury Secretary James Baker and Agriculture Secretary Richard Lyng met \
                    Trade and Industry Secretary Patricia Hewitt.";
        let spans = [
            span(text, "James Baker", Label::Person),
            span(text, "Richard Lyng", Label::Person),
            span(text, "Patricia Hewitt", Label::Person),
        ];
        let got = summary(&resolve_text(text, &spans, Vec::new()));
        let roles: Vec<(&str, Option<&str>)> = got
            .iter()
            .filter(|r| r.1 == "person")
            .map(|r| (r.0.as_str(), r.3.as_deref()))
            .collect();
        assert_eq!(
            roles,
            [
                ("James Baker", Some("Treasury Secretary")),
                ("Richard Lyng", Some("Agriculture Secretary")),
                ("Patricia Hewitt", Some("Trade and Industry Secretary")),
            ]
        );
    }

    #[test]
    fn an_institution_named_by_its_head_noun_resolves_to_its_full_name() {
        let table = [
            (
                "The Bank of Japan met. The Bank said no.",
                "Bank of Japan",
                "Bank",
                "Bank of Japan",
            ),
            (
                "The Tax Commission met. The Commission said.",
                "Tax Commission",
                "Commission",
                "Tax Commission",
            ),
            (
                "Google Glass is out. Google said.",
                "Google Glass",
                "Google",
                "Google",
            ),
            ("The Bank said no.", "Bank", "Bank", "Bank"),
        ];
        for (text, full, short, canonical) in table {
            let first = span(text, full, Label::Organization);
            let at = text.rfind(short).expect("short form");
            let spans = [
                first,
                Span {
                    start: at,
                    end: at + short.len(),
                    label: Label::Organization,
                },
            ];
            let mentions = resolve_text(text, &spans, Vec::new());
            let last = mentions.last().expect("mentions");
            assert_eq!(last.text, short, "{text}");
            assert_eq!(last.canonical.as_deref(), Some(canonical), "{text}");
        }
    }
}
