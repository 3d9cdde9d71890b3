//! The index schema: every tantivy field newsdex writes, in one place.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// The version of the schema below. Bump it when a field changes; an index made with another
/// version is rebuilt.
pub const SCHEMA_VERSION: u32 = 1;

/// The tokenizer for prose fields: lower-cased, English-stemmed words.
pub const PROSE_TOKENIZER: &str = "en_stem";

/// The fields of a passage document.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The article's stable id (exact match).
    pub article_id: Field,
    /// The source file's path (exact match).
    pub path: Field,
    /// The headline (stemmed, with positions).
    pub title: Field,
    /// The publication date (fast, for ranges and timelines).
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
    let words = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("default")
                .set_index_option(IndexRecordOption::WithFreqs),
        )
        .set_stored();
    let date = DateOptions::from(INDEXED)
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let number = NumericOptions::default()
        .set_stored()
        .set_indexed()
        .set_fast();
    let fields = Fields {
        article_id: builder.add_text_field("article_id", STRING | STORED),
        path: builder.add_text_field("path", STRING | STORED),
        title: builder.add_text_field("title", prose.clone()),
        date: builder.add_date_field("date", date),
        date_text: builder.add_text_field("date_text", STORED),
        source: builder.add_text_field("source", words),
        url: builder.add_text_field("url", STORED),
        passage: builder.add_u64_field("passage", number),
        start: builder.add_u64_field("start", STORED),
        end: builder.add_u64_field("end", STORED),
        text: builder.add_text_field("text", prose),
        seq: builder.add_u64_field("seq", FAST),
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
        date: get("date")?,
        date_text: get("date_text")?,
        source: get("source")?,
        url: get("url")?,
        passage: get("passage")?,
        start: get("start")?,
        end: get("end")?,
        text: get("text")?,
        seq: get("seq")?,
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
        assert_eq!(schema.fields().count(), 12);
    }
}
