//! The plain-text reader for `.txt` and `.md` files: an optional front-matter block, then a title
//! line when there is one, then the body.

use super::{Origin, Parsed};
use crate::article::{title_from_file_name, Article};

/// The longest first line, in bytes, that is taken as a title.
const MAX_TITLE_BYTES: usize = 200;

/// Reads a text file as one article.
///
/// The title comes from front matter (`---`, `key: value` lines, `---`), else from a short first
/// line followed by a blank line (the BBC layout), else from the file name (OneStopEnglish).
pub(super) fn read(origin: Origin<'_>, text: &str, parsed: &mut Parsed) -> Result<(), String> {
    let (meta, body) = split_front_matter(text);
    let field = |names: &[&str]| -> Option<String> {
        meta.iter()
            .find(|(key, _)| names.iter().any(|n| key.eq_ignore_ascii_case(n)))
            .map(|(_, value)| value.clone())
            .filter(|v| !v.is_empty())
    };
    let (title_line, body) = match field(&["title", "headline"]) {
        Some(title) => (Some(title), body),
        None => match split_title_line(body) {
            Some((title, rest)) => (Some(title.to_string()), rest),
            None => (None, body),
        },
    };
    let date_raw = field(&[
        "date",
        "published",
        "publishedAt",
        "date_publish",
        "pubDate",
    ]);
    let date = origin.date(date_raw.as_deref(), || origin.path.to_string(), parsed);
    parsed.articles.push(Article {
        id: field(&["id"]).unwrap_or_else(|| origin.id_at(1)),
        path: origin.path.to_string(),
        title: title_line.unwrap_or_else(|| title_from_file_name(origin.path)),
        date,
        source: field(&["source", "publisher"]),
        url: field(&["url", "link"]),
        text: body.trim_end().to_string(),
    });
    Ok(())
}

/// Splits `---\nkey: value\n---\n` off the start of a text. Returns the pairs and the rest.
fn split_front_matter(text: &str) -> (Vec<(String, String)>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (Vec::new(), text);
    };
    let mut pairs = Vec::new();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let trimmed = line.trim();
        if trimmed == "---" {
            return (pairs, &rest[offset..]);
        }
        match trimmed.split_once(':') {
            Some((key, value)) if !key.trim().is_empty() && !key.contains(' ') => {
                pairs.push((key.trim().to_string(), unquote(value.trim()).to_string()));
            }
            _ if trimmed.is_empty() || trimmed.starts_with('#') => {}
            // Not front matter after all: a line that is not `key: value`.
            _ => return (Vec::new(), text),
        }
    }
    (Vec::new(), text)
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// Takes a short first line followed by a blank line as the title. Returns the title and the body.
fn split_title_line(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start_matches(['\n', '\r']);
    let (first, rest) = text.split_once('\n')?;
    // A Markdown heading ("# Title") is a title line without its marks.
    let title = first.trim().trim_start_matches('#').trim();
    let (blank, body) = rest.split_once('\n')?;
    let is_title = !title.is_empty()
        && title.len() <= MAX_TITLE_BYTES
        && blank.trim().is_empty()
        && !body.trim().is_empty()
        && !title.ends_with(['.', ':', ','])
        && title.split_whitespace().count() <= 25;
    is_title.then(|| (title, body.trim_start_matches(['\n', '\r', ' '])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::origin_for_tests;

    fn read_one(text: &str) -> (Article, usize) {
        let mut parsed = Parsed::default();
        read(origin_for_tests(), text, &mut parsed).expect("reads");
        (parsed.articles.remove(0), parsed.warnings.len())
    }

    #[test]
    fn titles_come_from_front_matter_first_line_or_file_name() {
        let table = [
            // BBC layout: short first line, blank line, paragraphs.
            (
                "Ad sales boost profit\n\nProfits jumped.\n\nMore.\n",
                "Ad sales boost profit",
                "Profits jumped.\n\nMore.",
            ),
            // One paragraph per line, no title line (the seed, OneStopEnglish).
            (
                "Iraq and the US met.\nThey talked.\n",
                "File",
                "Iraq and the US met.\nThey talked.",
            ),
            // A first line that is a sentence is not a title.
            (
                "This is a sentence.\n\nNext.\n",
                "File",
                "This is a sentence.\n\nNext.",
            ),
            // A Markdown heading is a title line.
            (
                "# Council votes\n\nThe council voted.\n",
                "Council votes",
                "The council voted.",
            ),
            (
                "---\ntitle: \"Talks begin\"\ndate: 2024-01-25\n---\nBody here.\n",
                "Talks begin",
                "Body here.",
            ),
        ];
        for (input, title, body) in table {
            let (article, _) = read_one(input);
            assert_eq!(article.title, title, "input {input:?}");
            assert_eq!(article.text, body, "input {input:?}");
        }
    }

    #[test]
    fn front_matter_gives_metadata() {
        let (article, warnings) = read_one(
            "---\ntitle: T\ndate: 2024-01-25T10:00:00Z\nsource: AFP\nurl: https://x.test/a\nid: a-1\n---\nText.\n",
        );
        assert_eq!(article.id, "a-1");
        assert_eq!(
            article.date.map(|d| d.text).as_deref(),
            Some("2024-01-25T10:00:00Z")
        );
        assert_eq!(article.source.as_deref(), Some("AFP"));
        assert_eq!(article.url.as_deref(), Some("https://x.test/a"));
        assert_eq!(warnings, 0);
    }

    #[test]
    fn unparseable_front_matter_date_warns() {
        let (article, warnings) = read_one("---\ndate: someday\n---\nText.\n");
        assert_eq!(article.date, None);
        assert_eq!(warnings, 1);
    }

    #[test]
    fn a_dash_rule_that_is_not_front_matter_is_text() {
        let (article, _) = read_one("---\nThis is just a rule, then prose.\n---\n");
        assert!(article.text.contains("This is just a rule"));
    }
}
