//! Extraction: from an article's text to its mentions of actors, locations and figures, each with
//! its byte span. It knows nothing of tantivy or clap.

pub mod eval;
pub mod figure;
pub mod gazetteer;
pub mod resolve;
pub mod tagger;

use compact_str::CompactString;
use serde::Serialize;
use std::borrow::Cow;

/// The version of the extractor's output. Bump it when mentions change for the same text, so
/// that indexes built with an older extractor are known to be stale.
pub const EXTRACTOR_VERSION: u32 = 4;

/// Finds every mention in an article's text: actors, locations and figures, sorted by position,
/// with byte spans into `text`.
pub fn mentions(text: &str) -> Vec<Mention> {
    let hits = gazetteer::gazetteer().find(text);
    resolve::resolve(
        text,
        &tagger::tag_with_hits(text, &hits),
        &hits,
        figure::figures(text),
    )
}

/// Builds the gazetteer's automata and loads the tagger's model now, rather than on the first
/// text (about 0.2 s of one core): a caller with other work to do first can run this on another
/// thread.
pub fn warm_up() {
    std::hint::black_box(mentions("Warm up with 2,500 troops in Baghdad."));
}

/// The mentions of one input: a file's article, or standard input.
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    /// The file the text came from, or `-` for standard input.
    pub path: String,
    /// The article's id, for files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_id: Option<String>,
    /// The article's title, for files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The mentions, sorted by position; offsets are into the article text (or standard input).
    pub mentions: Vec<Mention>,
}

/// The three classes of mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// People, organisations and armed groups.
    Actor,
    /// Places, resolved to countries.
    Location,
    /// Numbers with what they count.
    Figure,
}

/// One mention in a text. Fields that do not apply to its class are `None` and left out of JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// actor, location or figure.
    pub class: Class,
    /// The type within the class: `person`, `organization`, `group`; `country`, `city`,
    /// `region`, `area`, `demonym`; `cardinal`, `money`, `percent`, `measure`, `ordinal`,
    /// `fraction`, `year`, `date`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The text as written: inline up to 24 bytes, so that most mentions allocate nothing.
    pub text: CompactString,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The canonical name (actors and locations). A name from the gazetteer refers to its static
    /// data; a name made from the text is stored inline up to 24 bytes. Either way it serialises
    /// as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<CompactString>,
    /// The ISO 3166-1 alpha-2 country code (locations), from the gazetteer's static data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Cow<'static, str>>,
    /// The actor's title or role, e.g. "US Secretary of Defence".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The normalised value (figures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// What the figure counts: a singular noun, a currency code, `percent` or a unit symbol.
    /// Borrowed from the figure tables, except a counted noun, which is owned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Cow<'static, str>>,
    /// Whether the figure is approximate ("roughly", "about", "more than").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approximate: Option<bool>,
}

impl Mention {
    /// A mention of `class` and `kind` covering `text[start..end]`, with no other fields set.
    pub fn new(class: Class, kind: &'static str, text: &str, start: usize, end: usize) -> Self {
        Mention {
            class,
            kind,
            text: CompactString::from(text.get(start..end).unwrap_or_default()),
            start,
            end,
            canonical: None,
            country: None,
            role: None,
            value: None,
            unit: None,
            approximate: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_input_gives_well_formed_mentions() {
        let huge = "Iraq said 2,500 troops would stay. ".repeat(20_000);
        let table: Vec<String> = vec![
            String::new(),
            " \n\t ".to_string(),
            huge,
            "Die Bundesregierung hat am Montag 3,5 Milliarden Euro für Syrien zugesagt."
                .to_string(),
            "伊拉克和美国宣布将举行会谈。2500名美军驻扎在伊拉克。".to_string(),
            "US SECRETARY OF DEFENCE LLOYD AUSTIN SAID 2,500 US TROOPS REMAIN IN IRAQ".to_string(),
            "((((IS)))) (IS) (( $ £ € %% 1e309 99999999999999999999999999 .5. ,,, -".to_string(),
            "\u{feff}\u{200b}Ünïcödé — “quotes” Baghdad’s 1½ ½ ¼".to_string(),
        ];
        for text in &table {
            let mentions = mentions(text);
            for m in &mentions {
                assert!(m.start <= m.end && m.end <= text.len(), "{m:?}");
                assert!(
                    text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
                    "{m:?}"
                );
                assert_eq!(&text[m.start..m.end], m.text);
            }
            let mut sorted = mentions.clone();
            sorted.sort_by_key(|m| (m.start, m.end));
            assert_eq!(sorted, mentions, "sorted by position");
        }
    }
}
