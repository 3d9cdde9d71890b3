//! The article: one news story as read from the corpus, with its metadata normalised. This module
//! owns the [`Article`] type and the rules that normalise dates and derive titles from file names.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::Serialize;

/// One news story, as a reader produced it from a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// A stable id: the article's own id, or else its corpus-relative path plus its position.
    pub id: String,
    /// The path of the file the article came from, as walked.
    pub path: String,
    /// The headline.
    pub title: String,
    /// The publication date, if known.
    pub date: Option<ArticleDate>,
    /// The publisher, e.g. "Reuters" or "Wikinews".
    pub source: Option<String>,
    /// The article's URL.
    pub url: Option<String>,
    /// The body text. Paragraphs are separated by blank lines, or by line breaks when the text has
    /// one paragraph per line. Passage byte ranges point into this text.
    pub text: String,
}

/// A publication date, normalised to RFC 3339 (or a bare `YYYY-MM-DD` date when no time was given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct ArticleDate {
    /// Seconds since the Unix epoch, UTC.
    pub timestamp: i64,
    /// The normalised text: `2017-07-18` or `1987-02-26T15:01:01Z`.
    pub text: String,
}

impl From<ArticleDate> for String {
    fn from(date: ArticleDate) -> String {
        date.text
    }
}

impl ArticleDate {
    /// Builds a date from a UTC date-time, keeping only the day when `bare` is set.
    pub fn from_utc(time: DateTime<Utc>, bare: bool) -> Self {
        let text = if bare {
            time.format("%Y-%m-%d").to_string()
        } else {
            time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        ArticleDate {
            timestamp: time.timestamp(),
            text,
        }
    }

    /// Builds a date from seconds since the epoch.
    pub fn from_timestamp(timestamp: i64) -> Option<Self> {
        let time = Utc.timestamp_opt(timestamp, 0).single()?;
        let bare = time.time() == NaiveTime::MIN;
        Some(Self::from_utc(time, bare))
    }
}

/// Parses a date as news dumps write them, normalising it to UTC.
///
/// Accepts RFC 3339 and ISO 8601 (with or without time, zone or fraction), RFC 2822, Reuters'
/// `26-FEB-1987 15:01:01.79`, `2017/07/18`, and written dates such as `July 18, 2017`,
/// `18 July 2017` or `Friday, July 21, 2017`. Returns `None` for anything else.
pub fn parse_date(input: &str) -> Option<ArticleDate> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(ArticleDate::from_utc(t.with_timezone(&Utc), false));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(ArticleDate::from_utc(t.with_timezone(&Utc), false));
    }
    const ZONED: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
    ];
    for format in ZONED {
        if let Ok(t) = DateTime::parse_from_str(s, format) {
            return Some(ArticleDate::from_utc(t.with_timezone(&Utc), false));
        }
    }
    let naive_input = s.trim_end_matches(" UTC").trim_end_matches(" GMT");
    const NAIVE: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%d-%b-%Y %H:%M:%S%.f",
        "%Y/%m/%d %H:%M:%S",
    ];
    for format in NAIVE {
        if let Ok(t) = NaiveDateTime::parse_from_str(naive_input, format) {
            return Some(ArticleDate::from_utc(t.and_utc(), false));
        }
    }
    // Strip a leading weekday ("Friday, July 21, 2017") before trying the bare-date forms.
    let day_input = match s.split_once(", ") {
        Some((weekday, rest)) if is_weekday(weekday) => rest,
        _ => s,
    };
    const BARE: &[&str] = &[
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%d-%b-%Y",
        "%B %d %Y",
        "%Y%m%d",
    ];
    for format in BARE {
        if let Ok(d) = NaiveDate::parse_from_str(day_input, format) {
            return Some(ArticleDate::from_utc(
                d.and_time(NaiveTime::MIN).and_utc(),
                true,
            ));
        }
    }
    None
}

fn is_weekday(word: &str) -> bool {
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ];
    DAYS.contains(&word.to_ascii_lowercase().as_str())
}

/// Derives a title from a file name: `Arctic mapping-adv.txt` → `Arctic mapping`,
/// `us-iraq-talks.txt` → `Us iraq talks`.
///
/// The extension and a trailing OneStopEnglish level marker (`-adv`, `-int`, `-ele`) are removed,
/// `_` and `-` become spaces, and the first letter is capitalised.
pub fn title_from_file_name(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    let stem = ["-adv", "-int", "-ele"]
        .iter()
        .find_map(|level| stem.strip_suffix(level))
        .unwrap_or(stem);
    let spaced: String = stem
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    let spaced = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_normalise_to_rfc3339_or_bare_day() {
        let table: &[(&str, Option<&str>)] = &[
            ("2017-07-18", Some("2017-07-18")),
            ("2017/07/18", Some("2017-07-18")),
            ("2023-01-05T10:20:30Z", Some("2023-01-05T10:20:30Z")),
            ("2023-01-05T10:20:30+02:00", Some("2023-01-05T08:20:30Z")),
            ("2023-01-05T10:20:30.123Z", Some("2023-01-05T10:20:30Z")),
            ("2023-01-05 10:20:30", Some("2023-01-05T10:20:30Z")),
            ("2023-01-05T10:20:30+0000", Some("2023-01-05T10:20:30Z")),
            (
                "Tue, 18 Jul 2017 12:00:00 GMT",
                Some("2017-07-18T12:00:00Z"),
            ),
            ("26-FEB-1987 15:01:01.79", Some("1987-02-26T15:01:01Z")),
            ("  5-MAR-1987 09:03:02.00", Some("1987-03-05T09:03:02Z")),
            ("July 18, 2017", Some("2017-07-18")),
            ("Friday, July 21, 2017", Some("2017-07-21")),
            ("18 July 2017", Some("2017-07-18")),
            ("yesterday", None),
            ("", None),
            ("2017-13-45", None),
        ];
        for (input, expected) in table {
            let got = parse_date(input).map(|d| d.text);
            assert_eq!(got.as_deref(), *expected, "input {input:?}");
        }
    }

    #[test]
    fn bare_date_timestamp_is_midnight_utc() {
        let date = parse_date("1970-01-02").expect("parses");
        assert_eq!(date.timestamp, 86_400);
        assert_eq!(ArticleDate::from_timestamp(86_400), Some(date));
    }

    #[test]
    fn titles_come_from_file_names() {
        let table = [
            (
                "corpus/onestopenglish/Arctic mapping-adv.txt",
                "Arctic mapping",
            ),
            ("us-iraq-talks_on_troops.txt", "Us iraq talks on troops"),
            ("notes", "Notes"),
            (".hidden", ".hidden"),
        ];
        for (input, expected) in table {
            assert_eq!(title_from_file_name(input), expected, "input {input:?}");
        }
    }
}
