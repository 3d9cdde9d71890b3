//! The JSON readers: `.json` (one article object, an array of them, or an object wrapping such an
//! array) and `.jsonl`/`.ndjson` (one article object per line). Field names follow the dumps that
//! news scrapers really write (news-please, NewsAPI, RSS converters).

use super::{Origin, Parsed, WarningKind};
use crate::article::{title_from_file_name, Article, ArticleDate};
use serde_json::{Map, Value};

const TITLE: &[&str] = &["title", "headline"];
const TEXT: &[&str] = &["text", "body", "content", "maintext", "article"];
const DATE: &[&str] = &[
    "date",
    "published",
    "publishedAt",
    "date_publish",
    "pubDate",
];
const URL: &[&str] = &["url", "link"];
const SOURCE: &[&str] = &["source", "source_domain", "publisher"];
/// Keys under which a wrapper object keeps its array of articles (NewsAPI uses `articles`).
const WRAPPERS: &[&str] = &["articles", "items", "data", "results", "documents"];

/// Reads a `.json` file: one article, an array of articles, or `{"articles": [...]}`.
///
/// # Errors
/// Returns the parse error when the file is not JSON at all.
pub(super) fn read_document(
    origin: Origin<'_>,
    text: &str,
    parsed: &mut Parsed,
) -> Result<(), String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let (items, single) = match value {
        Value::Array(items) => (items, false),
        Value::Object(map) if !has_any(&map, TEXT) => match unwrap_array(map) {
            Ok(items) => (items, false),
            Err(map) => (vec![Value::Object(map)], true),
        },
        other => (vec![other], true),
    };
    for (index, item) in items.into_iter().enumerate() {
        let position = index + 1;
        match item {
            Value::Object(map) => {
                let location = || match single {
                    true => origin.path.to_string(),
                    false => format!("{}[{}]", origin.path, index),
                };
                let article = to_article(origin, &map, position, location, parsed);
                parsed.articles.push(article);
            }
            other => parsed.warn(
                format!("{}[{}]", origin.path, index),
                WarningKind::BadRecord,
                format!("expected an article object, found {}", kind(&other)),
            ),
        }
    }
    Ok(())
}

/// Reads a JSON Lines file: one article object per line. A line that fails to parse is reported
/// as `file:line` and skipped; the rest of the file is still read.
pub(super) fn read_lines(
    origin: Origin<'_>,
    text: &str,
    parsed: &mut Parsed,
) -> Result<(), String> {
    for (index, line) in text.lines().enumerate() {
        read_line(origin, index + 1, line, parsed);
    }
    Ok(())
}

/// Reads one line of a JSON Lines file, numbered from 1: a blank line is passed over, an article
/// object becomes an article, anything else a [`WarningKind::BadRecord`] warning at `file:line`.
///
/// The JSON parser's recursion limit (128 levels) turns deeply nested input into such a warning,
/// never a stack overflow.
pub(super) fn read_line(origin: Origin<'_>, line_number: usize, line: &str, parsed: &mut Parsed) {
    if line.trim().is_empty() {
        return;
    }
    let location = || origin.at_line(line_number);
    match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(map)) => {
            let article = to_article(origin, &map, line_number, location, parsed);
            parsed.articles.push(article);
        }
        Ok(other) => parsed.warn(
            location(),
            WarningKind::BadRecord,
            format!("expected an article object, found {}", kind(&other)),
        ),
        Err(err) => parsed.warn(
            location(),
            WarningKind::BadRecord,
            format!("invalid JSON: {err}"),
        ),
    }
}

fn unwrap_array(mut map: Map<String, Value>) -> Result<Vec<Value>, Map<String, Value>> {
    for key in WRAPPERS {
        if let Some(Value::Array(_)) = map.get(*key) {
            if let Some(Value::Array(items)) = map.remove(*key) {
                return Ok(items);
            }
        }
    }
    Err(map)
}

fn has_any(map: &Map<String, Value>, names: &[&str]) -> bool {
    names.iter().any(|n| map.contains_key(*n))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Builds an article from one JSON object, warning on a date that cannot be parsed.
fn to_article(
    origin: Origin<'_>,
    map: &Map<String, Value>,
    position: usize,
    location: impl Fn() -> String,
    parsed: &mut Parsed,
) -> Article {
    let text = first(map, TEXT, text_of).unwrap_or_default();
    let date = match first_value(map, DATE) {
        Some(Value::Number(n)) => {
            let date = n.as_f64().and_then(date_from_epoch);
            if date.is_none() {
                parsed.warn(
                    location(),
                    WarningKind::BadDate,
                    format!("unparsed date {n}: no epoch time"),
                );
            }
            date
        }
        Some(value) => origin.date(scalar(value).as_deref(), &location, parsed),
        None => None,
    };
    Article {
        id: first(map, &["id"], scalar).unwrap_or_else(|| origin.id_at(position)),
        path: origin.path.to_string(),
        title: first(map, TITLE, scalar).unwrap_or_else(|| title_from_file_name(origin.path)),
        date,
        source: first(map, SOURCE, source_of),
        url: first(map, URL, scalar),
        text,
    }
}

fn first_value<'a>(map: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names
        .iter()
        .filter_map(|n| map.get(*n))
        .find(|v| !v.is_null())
}

fn first(
    map: &Map<String, Value>,
    names: &[&str],
    convert: fn(&Value) -> Option<String>,
) -> Option<String> {
    names
        .iter()
        .filter_map(|n| map.get(*n))
        .filter_map(convert)
        .find(|s| !s.trim().is_empty())
}

/// A string or number as text.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Body text: a string, or an array of paragraph strings joined by blank lines.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => {
            let paragraphs: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
        }
        _ => None,
    }
}

/// A source: a string, or NewsAPI's `{"id": …, "name": …}`.
fn source_of(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) => first(map, &["name", "id"], scalar),
        other => scalar(other),
    }
}

/// Dates given as numbers are Unix epochs, in seconds or (when larger than 1e11) milliseconds.
fn date_from_epoch(epoch: f64) -> Option<ArticleDate> {
    let seconds = if epoch.abs() > 1e11 {
        epoch / 1000.0
    } else {
        epoch
    };
    ArticleDate::from_timestamp(seconds as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::origin_for_tests;

    fn document(text: &str) -> Parsed {
        let mut parsed = Parsed::default();
        read_document(origin_for_tests(), text, &mut parsed).expect("reads");
        parsed
    }

    fn lines(text: &str) -> Parsed {
        let mut parsed = Parsed::default();
        read_lines(origin_for_tests(), text, &mut parsed).expect("reads");
        parsed
    }

    #[test]
    fn field_name_variants_are_accepted() {
        let table = [
            (r#"{"title": "T", "text": "x"}"#, "T", "x", None),
            (
                r#"{"headline": "H", "body": "x", "date": "2020-01-02"}"#,
                "H",
                "x",
                Some("2020-01-02"),
            ),
            (
                r#"{"title": "T", "content": "c", "publishedAt": "2020-01-02T03:04:05Z"}"#,
                "T",
                "c",
                Some("2020-01-02T03:04:05Z"),
            ),
            (
                r#"{"title": "T", "maintext": "m", "date_publish": "2020-01-02 03:04:05"}"#,
                "T",
                "m",
                Some("2020-01-02T03:04:05Z"),
            ),
            (
                r#"{"title": "T", "article": "a", "pubDate": "Thu, 02 Jan 2020 03:04:05 GMT"}"#,
                "T",
                "a",
                Some("2020-01-02T03:04:05Z"),
            ),
            (
                r#"{"title": "T", "text": ["p1", "p2"], "published": 86400}"#,
                "T",
                "p1\n\np2",
                Some("1970-01-02"),
            ),
            (r#"{"text": "no title"}"#, "File", "no title", None),
        ];
        for (input, title, text, date) in table {
            let parsed = document(input);
            let article = &parsed.articles[0];
            assert_eq!(article.title, title, "{input}");
            assert_eq!(article.text, text, "{input}");
            assert_eq!(
                article.date.as_ref().map(|d| d.text.as_str()),
                date,
                "{input}"
            );
        }
    }

    #[test]
    fn url_source_and_id_variants_are_accepted() {
        let parsed = document(
            r#"[{"id": 7, "link": "https://a.test", "source_domain": "a.test", "text": "x"},
                {"url": "https://b.test", "source": {"id": null, "name": "BBC News"}, "text": "y"},
                {"publisher": "AP", "text": "z"}]"#,
        );
        let got: Vec<_> = parsed
            .articles
            .iter()
            .map(|a| (a.id.as_str(), a.url.as_deref(), a.source.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("7", Some("https://a.test"), Some("a.test")),
                ("file#2", Some("https://b.test"), Some("BBC News")),
                ("file#3", None, Some("AP")),
            ]
        );
    }

    #[test]
    fn wrapper_objects_and_bad_elements() {
        let parsed =
            document(r#"{"status": "ok", "articles": [{"title": "A", "content": "x"}, 5]}"#);
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].location, "dir/file[1]");
    }

    #[test]
    fn jsonl_bad_line_is_skipped_and_reported() {
        let parsed = lines("{\"title\": \"A\", \"text\": \"a\"}\n{broken\n\n[1]\n{\"title\": \"B\", \"text\": \"b\"}\n");
        let titles: Vec<_> = parsed.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["A", "B"]);
        let locations: Vec<_> = parsed
            .warnings
            .iter()
            .map(|w| w.location.as_str())
            .collect();
        assert_eq!(locations, ["dir/file:2", "dir/file:4"]);
        assert_eq!(parsed.articles[1].id, "file#5");
    }

    #[test]
    fn jsonl_bad_date_warns_and_keeps_article() {
        let parsed = lines("{\"title\": \"A\", \"text\": \"a\", \"date\": \"soon\"}\n");
        assert_eq!(parsed.articles[0].date, None);
        assert_eq!(parsed.warnings[0].kind, WarningKind::BadDate);
        assert_eq!(parsed.warnings[0].location, "dir/file:1");
    }
}
