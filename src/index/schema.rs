//! The index schema: every tantivy field newsdex writes, in one place.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::Index;

/// The version of the schema below. Bump it when a field changes; an index made with another
/// version is rebuilt.
pub const SCHEMA_VERSION: u32 = 8;

/// The tokenizer for prose fields: lower-cased, English-stemmed words (the tokens of tantivy's
/// `en_stem`, see [`super::analyzer`]).
pub const PROSE_TOKENIZER: &str = "newsdex_stem";

/// The tokenizer for entity fields: the whole value as one lower-cased term, so that
/// `actor:"lloyd austin"` and `country:IQ` match exactly but without regard to case.
pub const KEYWORD_TOKENIZER: &str = "newsdex_keyword";

/// Separates a location's name from its country code in the `location_facet` field, and a
/// unit from its encoded value in the `figure` terms.
pub const SEPARATOR: char = '\u{1f}';

/// Registers the tokenizers the schema names but tantivy does not know. Call it on every
/// [`Index`] newsdex creates or opens, before writing or parsing queries.
pub fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(PROSE_TOKENIZER, super::analyzer::prose());
    index.tokenizers().register(
        KEYWORD_TOKENIZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// The term that stands for a figure of `value` counted in `unit` in the `figure` fields: the
/// lower-cased unit, [`SEPARATOR`], then the value as 16 hex digits whose byte order is the
/// numeric order. A range of these terms is a numeric range within one unit.
pub fn figure_term(unit: &str, value: f64) -> String {
    let mut term = String::with_capacity(unit.len() + 17);
    write_figure_term(&mut term, unit, value);
    term
}

/// Writes the [`figure_term`] of `value` in `unit` over `term`'s content, so that one buffer
/// serves a passage's figures.
pub fn write_figure_term(term: &mut String, unit: &str, value: f64) {
    term.clear();
    if unit.is_ascii() {
        term.push_str(unit);
        term.make_ascii_lowercase();
    } else {
        term.push_str(&unit.to_lowercase());
    }
    term.push(SEPARATOR);
    let bits = sortable_bits(value);
    for shift in (0..16).rev() {
        let digit = ((bits >> (4 * shift)) & 0xf) as u32;
        term.push(char::from_digit(digit, 16).unwrap_or('0'));
    }
}

/// The first and last possible [`figure_term`]s of a unit, for open-ended ranges.
pub fn figure_term_bounds(unit: &str) -> (String, String) {
    let unit = unit.to_lowercase();
    (format!("{unit}{SEPARATOR}"), format!("{unit}{SEPARATOR}g"))
}

/// Maps an f64 to a u64 with the same order (negative numbers below positive ones).
fn sortable_bits(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The fields of a passage document.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The article's stable id (exact match).
    pub article_id: Field,
    /// The source file's path (exact match).
    pub path: Field,
    /// The headline's words (stemmed, with positions), on the article's first passage only.
    pub title: Field,
    /// The headline as written (stored on every passage).
    pub title_text: Field,
    /// The publication date (fast, for ranges and timelines; neither indexed nor stored).
    pub date: Field,
    /// The normalised date text, stored for display (`2017-07-18` or full RFC 3339).
    pub date_text: Field,
    /// The publisher (lower-cased words).
    pub source: Field,
    /// The article's URL (stored only).
    pub url: Field,
    /// The passage's number within its article.
    pub passage: Field,
    /// The passage's byte range in the article text.
    pub start: Field,
    /// See [`Fields::start`].
    pub end: Field,
    /// The passage text (stemmed, with positions, stored).
    pub text: Field,
    /// The passage's position in the corpus walk: a stable tie-breaker for equal scores.
    pub seq: Field,
    /// The canonical names of the passage's actors (keyword, and fast for facets).
    pub actor: Field,
    /// The canonical names of the passage's locations (keyword).
    pub location: Field,
    /// `name` [`SEPARATOR`] `country` of each location (fast only, for facets).
    pub location_facet: Field,
    /// The ISO codes of the passage's countries, from places and demonyms (keyword, fast).
    pub country: Field,
    /// The units of the passage's countable figures (keyword, fast).
    pub unit: Field,
    /// The passage's figures as [`figure_term`]s, for ranges per unit.
    pub figure: Field,
    /// The passage's entities in their compact stored form ([`Entities::to_bytes`], stored
    /// only), for display.
    ///
    /// [`Entities::to_bytes`]: crate::entity::Entities::to_bytes
    pub entities: Field,
    /// The article's key, the `seq` of its first passage (fast only, not indexed: a term per
    /// article cost about 3 % of indexing time): counts distinct articles in timelines and stats,
    /// and finds an article's passages for `--scope article` and `title:` queries.
    pub article_key: Field,
    /// The source file's corpus-relative path (exact, fast): what re-indexing deletes by.
    pub file: Field,
    /// The source file's size (fast; on its last passage only).
    pub file_size: Field,
    /// The source file's modification time in nanoseconds (fast; last passage only).
    pub file_mtime: Field,
    /// The xxh3 hash of the source file's bytes (fast; last passage only).
    pub file_hash: Field,
}

/// Builds the schema and returns it with its fields.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let prose = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(PROSE_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let prose_unstored = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(PROSE_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let words = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("default")
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(false),
        )
        .set_stored();
    // The date is shown from `date_text`, so it is not stored here; and it is only ever
    // ranged, which tantivy does on the fast column, so it is not indexed either. Numbers are
    // matched and ranged, never scored, so they have no length norms.
    let date = DateOptions::default()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let number = NumericOptions::default().set_stored().set_indexed();
    // Exact-match fields need no length norms: BM25 over one-term values gains nothing from them.
    let keyword = TextFieldIndexing::default()
        .set_tokenizer(KEYWORD_TOKENIZER)
        .set_index_option(IndexRecordOption::Basic)
        .set_fieldnorms(false);
    let exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let filter = TextOptions::default().set_indexing_options(keyword.clone());
    let facet = filter.clone().set_fast("raw");
    let fast_only = TextOptions::default().set_fast("raw");
    let fields = Fields {
        article_id: builder.add_text_field("article_id", exact.clone().set_stored()),
        path: builder.add_text_field("path", exact.clone().set_stored()),
        title: builder.add_text_field("title", prose_unstored),
        title_text: builder.add_text_field("title_text", STORED),
        date: builder.add_date_field("date", date),
        date_text: builder.add_text_field("date_text", STORED),
        source: builder.add_text_field("source", words),
        url: builder.add_text_field("url", STORED),
        passage: builder.add_u64_field("passage", number),
        start: builder.add_u64_field("start", STORED),
        end: builder.add_u64_field("end", STORED),
        text: builder.add_text_field("text", prose),
        seq: builder.add_u64_field("seq", FAST),
        actor: builder.add_text_field("actor", facet.clone()),
        location: builder.add_text_field("location", filter.clone()),
        location_facet: builder.add_text_field("location_facet", fast_only),
        country: builder.add_text_field("country", facet.clone()),
        unit: builder.add_text_field("unit", facet),
        figure: builder.add_text_field("figure", filter.clone()),
        entities: builder.add_bytes_field("entities", STORED),
        article_key: builder.add_u64_field("article_key", FAST),
        file: builder.add_text_field("file", exact.set_fast("raw")),
        file_size: builder.add_u64_field("file_size", FAST),
        file_mtime: builder.add_u64_field("file_mtime", FAST),
        file_hash: builder.add_u64_field("file_hash", FAST),
    };
    (builder.build(), fields)
}

/// Finds the fields in an opened index's schema.
///
/// # Errors
/// Returns the name of the first field that is missing.
pub fn fields_of(schema: &Schema) -> Result<Fields, String> {
    let get = |name: &str| schema.get_field(name).map_err(|_| name.to_string());
    Ok(Fields {
        article_id: get("article_id")?,
        path: get("path")?,
        title: get("title")?,
        title_text: get("title_text")?,
        date: get("date")?,
        date_text: get("date_text")?,
        source: get("source")?,
        url: get("url")?,
        passage: get("passage")?,
        start: get("start")?,
        end: get("end")?,
        text: get("text")?,
        seq: get("seq")?,
        actor: get("actor")?,
        location: get("location")?,
        location_facet: get("location_facet")?,
        country: get("country")?,
        unit: get("unit")?,
        figure: get("figure")?,
        entities: get("entities")?,
        article_key: get("article_key")?,
        file: get("file")?,
        file_size: get("file_size")?,
        file_mtime: get("file_mtime")?,
        file_hash: get("file_hash")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_finds_every_built_field() {
        let (schema, built) = build();
        let found = fields_of(&schema).expect("all fields");
        assert_eq!(found.text, built.text);
        assert_eq!(found.seq, built.seq);
        assert_eq!(schema.fields().count(), 25);
    }

    #[test]
    fn figure_terms_sort_like_their_values() {
        let values = [
            f64::NEG_INFINITY,
            -1e9,
            -2.5,
            -0.0,
            0.0,
            0.333,
            1.0,
            900.0,
            2500.0,
            1.5e9,
        ];
        let terms: Vec<String> = values.iter().map(|&v| figure_term("Troop", v)).collect();
        let mut sorted = terms.clone();
        sorted.sort();
        assert_eq!(sorted, terms);
        let (low, high) = figure_term_bounds("troop");
        assert!(terms.iter().all(|t| low < *t && *t < high));
        assert!(terms[0].starts_with("troop\u{1f}"));
        assert_eq!(figure_term("USD", 1.0), figure_term("usd", 1.0));
        let table = [
            ("troop", 2500.0, "troop\u{1f}c0a3880000000000"),
            ("Troop", -1.5, "troop\u{1f}4007ffffffffffff"),
            ("ÉCU", 0.0, "écu\u{1f}8000000000000000"),
        ];
        let mut buffer = "left over".to_string();
        for (unit, value, expected) in table {
            assert_eq!(figure_term(unit, value), expected, "{unit} {value}");
            write_figure_term(&mut buffer, unit, value);
            assert_eq!(buffer, expected, "{unit} {value}");
        }
    }
}
