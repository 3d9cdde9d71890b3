//! The reader for Reuters-21578 SGML (`.sgm`) files: one [`Article`] per `<REUTERS>` element.
//!
//! This is not a general SGML parser but a small scanner that knows the collection's layout (see
//! `lewis.dtd`): each `<REUTERS NEWID="n">` element holds a `<DATE>` and a `<TEXT>`, and the
//! `<TITLE>` and `<BODY>` inside the `<TEXT>` become the article. Stories of `TYPE="BRIEF"` have
//! only a title, which is also their text; stories of `TYPE="UNPROC"` have raw text directly inside
//! `<TEXT>`. Entities and character references are decoded, control characters dropped, the
//! "Reuter" sign-off removed and wrapped lines reflowed into paragraphs. The dateline is left out.
//! A truncated or malformed element is skipped with a warning; the rest of the file is still read.

use super::{Origin, Parsed, WarningKind};
use crate::article::{parse_date, Article, ArticleDate};

/// How many words of the text make the title of a story that has no `<TITLE>`.
const TITLE_WORDS: usize = 10;

/// Reads the `<REUTERS>` elements of one `.sgm` file into `parsed`, in file order.
///
/// # Errors
/// Returns an error only when the text holds no `<REUTERS>` element at all; a malformed element is
/// skipped with a [`WarningKind::BadRecord`] warning.
pub(super) fn read(origin: Origin<'_>, text: &str, parsed: &mut Parsed) -> Result<(), String> {
    scan(origin, text, parsed).map(|_| ())
}

/// Names where an article's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextSource {
    /// The `<BODY>` element.
    Body,
    /// The title, for a brief (or any story with no other text).
    Title,
    /// The raw content of `<TEXT>`, for an unprocessed story.
    Raw,
}

/// Scans the text for `<REUTERS>` elements, pushes one article per well-formed element and warns
/// about the others.
///
/// Returns where each pushed article's text came from, in the same order.
fn scan(origin: Origin<'_>, text: &str, parsed: &mut Parsed) -> Result<Vec<TextSource>, String> {
    let mut next = find_tag(text, 0, "REUTERS", false);
    if next.is_none() {
        return Err("no <REUTERS> element".to_string());
    }
    let mut sources = Vec::new();
    let mut lines = LineCounter::default();
    let mut position = 0;
    while let Some(tag) = next {
        position += 1;
        next = find_tag(text, tag.name_end, "REUTERS", false);
        // An element ends where the next one starts at the latest, so that a missing end tag
        // costs one story, not the rest of the file.
        let limit = next.map_or(text.len(), |t| t.start);
        let record = text.get(tag.start..limit).unwrap_or_default();
        let line = lines.line_at(text, tag.start);
        match story(origin, record, position, line, parsed) {
            Ok((article, source)) => {
                parsed.articles.push(article);
                sources.push(source);
            }
            Err(reason) => parsed.warn(
                origin.at_line(line),
                WarningKind::BadRecord,
                format!("skipped <REUTERS> element {position}: {reason}"),
            ),
        }
    }
    Ok(sources)
}

/// Builds the article of one `<REUTERS>` element; `record` runs from its start tag to the next
/// element's start tag (or the end of the file).
///
/// Fails with a reason when the element, or one of the elements it needs, is not closed, or when
/// it has no `<TEXT>`.
fn story(
    origin: Origin<'_>,
    record: &str,
    position: usize,
    line: usize,
    parsed: &mut Parsed,
) -> Result<(Article, TextSource), String> {
    let reuters = element(record, "REUTERS")?.ok_or("no <REUTERS> tag")?;
    let text_element = element(reuters.content, "TEXT")?.ok_or("no <TEXT> element")?;
    let inner = text_element.content;
    let title_element = element(inner, "TITLE")?;
    let body_element = element(inner, "BODY")?;
    let date_element = element(reuters.content, "DATE")?;

    let title = title_element
        .map(|t| title_text(t.content))
        .unwrap_or_default();
    let brief =
        attribute(text_element.attrs, "TYPE").is_some_and(|t| t.eq_ignore_ascii_case("BRIEF"));
    let (text, source) = if let Some(body) = body_element {
        (reflow(&decode(body.content)), TextSource::Body)
    } else if brief {
        (title.clone(), TextSource::Title)
    } else {
        let dateline = element(inner, "DATELINE")?;
        let author = element(inner, "AUTHOR")?;
        let raw = without(inner, &[title_element, dateline, author]);
        let text = reflow(&decode(&raw));
        if text.is_empty() && !title.is_empty() {
            (title.clone(), TextSource::Title)
        } else {
            (text, TextSource::Raw)
        }
    };
    let title = if title.is_empty() {
        first_words(&text, TITLE_WORDS)
    } else {
        title
    };
    let id = match attribute(reuters.attrs, "NEWID") {
        Some(newid) => format!("reuters-{newid}"),
        None => origin.id_at(position),
    };
    // The date comes last, so that a skipped element never leaves a date warning behind.
    let date = date_element.and_then(|d| story_date(origin, d.content, line, parsed));
    let article = Article {
        id,
        path: origin.path.to_string(),
        title,
        date,
        source: Some("Reuters".to_string()),
        url: None,
        text,
    };
    Ok((article, source))
}

/// Marks a tag found by [`find_tag`]: where its `<` is, where its name ends, and where it ends
/// (just after its `>`), if it is terminated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tag {
    /// The byte offset of `<`.
    start: usize,
    /// The byte offset just after the tag name.
    name_end: usize,
    /// The byte offset just after `>`, or `None` when another `<` or the end of the text comes
    /// first.
    end: Option<usize>,
}

/// Finds the first start tag (or end tag, when `closing` is set) named `name` at or after byte
/// `from`, matching the name without regard to ASCII case.
fn find_tag(hay: &str, from: usize, name: &str, closing: bool) -> Option<Tag> {
    let bytes = hay.as_bytes();
    let mut at = from;
    loop {
        let start = at + hay.get(at..)?.find('<')?;
        at = start + 1;
        let mut name_start = start + 1;
        if closing {
            if bytes.get(name_start) != Some(&b'/') {
                continue;
            }
            name_start += 1;
        }
        let name_end = name_start + name.len();
        let same_name = bytes
            .get(name_start..name_end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        let at_boundary = matches!(
            bytes.get(name_end),
            None | Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')
        );
        if !(same_name && at_boundary) {
            continue;
        }
        // The name matched ASCII bytes, so `name_end` is a char boundary.
        let end = hay
            .get(name_end..)
            .and_then(|rest| rest.find(['<', '>']))
            .map(|i| name_end + i)
            .filter(|&i| bytes.get(i) == Some(&b'>'))
            .map(|i| i + 1);
        return Some(Tag {
            start,
            name_end,
            end,
        });
    }
}

/// Holds one element found by [`element`], with byte offsets relative to the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Element<'a> {
    /// The text between the tag name and `>` of the start tag: the attributes.
    attrs: &'a str,
    /// The text between the start and end tags.
    content: &'a str,
    /// The byte offset of the start tag's `<`.
    start: usize,
    /// The byte offset just after the end tag's `>`.
    end: usize,
}

/// Finds the first element named `name` in `hay`.
///
/// Returns `Ok(None)` when there is no such start tag, and an error when the start tag is not
/// terminated or has no matching end tag.
fn element<'a>(hay: &'a str, name: &str) -> Result<Option<Element<'a>>, String> {
    let Some(open) = find_tag(hay, 0, name, false) else {
        return Ok(None);
    };
    let open_end = open
        .end
        .ok_or_else(|| format!("unterminated <{name}> tag"))?;
    let close =
        find_tag(hay, open_end, name, true).ok_or_else(|| format!("<{name}> without </{name}>"))?;
    let close_end = close
        .end
        .ok_or_else(|| format!("unterminated </{name}> tag"))?;
    Ok(Some(Element {
        attrs: hay.get(open.name_end..open_end - 1).unwrap_or_default(),
        content: hay.get(open_end..close.start).unwrap_or_default(),
        start: open.start,
        end: close_end,
    }))
}

/// Looks up an attribute of a start tag (`NAME="value"`, `NAME='value'` or `NAME=value`) by name,
/// without regard to ASCII case, and returns its trimmed value when it is not empty.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let quoted = &after[1..];
                    let end = quoted.find(quote).unwrap_or(quoted.len());
                    value = &quoted[..end];
                    rest = quoted.get(end + 1..).unwrap_or_default();
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = &after[..end];
                    rest = &after[end..];
                }
            }
        }
        if key.eq_ignore_ascii_case(name) {
            let value = value.trim();
            return (!value.is_empty()).then_some(value);
        }
    }
}

/// Copies `hay` without the given elements (offsets relative to `hay`), for the raw text of an
/// unprocessed story.
fn without(hay: &str, elements: &[Option<Element<'_>>]) -> String {
    let mut ranges: Vec<(usize, usize)> = elements
        .iter()
        .flatten()
        .map(|e| (e.start, e.end))
        .collect();
    ranges.sort_unstable();
    let mut out = String::with_capacity(hay.len());
    let mut cursor = 0;
    for (start, end) in ranges {
        if start >= cursor {
            out.push_str(hay.get(cursor..start).unwrap_or_default());
        }
        cursor = cursor.max(end);
    }
    out.push_str(hay.get(cursor..).unwrap_or_default());
    out
}

/// Decodes SGML text: entities (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`) and numeric references
/// are replaced, markup tags are removed, and control characters other than newline and tab are
/// dropped, together with the terminal escape sequences (`ESC [ B`) some stories hold. A lone
/// carriage return becomes a newline.
fn decode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = next_special(rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        match c {
            '&' => match entity(rest) {
                Some((decoded, len)) => {
                    rest = &rest[len..];
                    if let Some(decoded) = decoded {
                        rest = push_char(&mut out, decoded, rest);
                    }
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            },
            '<' => match markup_len(rest) {
                Some(len) => rest = &rest[len..],
                None => {
                    out.push('<');
                    rest = &rest[1..];
                }
            },
            _ => {
                rest = &rest[c.len_utf8()..];
                rest = push_char(&mut out, c, rest);
            }
        }
    }
    out.push_str(rest);
    out
}

/// Finds the first byte that [`decode`] may have to change: `&`, `<`, an ASCII control other than
/// newline and tab, or the lead byte `0xC2` of the C1 controls (and of other characters, which
/// [`push_char`] keeps). Scanning bytes is much faster than decoding characters.
fn next_special(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| {
        matches!(b, b'&' | b'<' | 0x7f | 0xc2) || (b < 0x20 && b != b'\n' && b != b'\t')
    })
}

/// Tells whether a character is a control character that [`decode`] does not keep as it is.
fn is_dropped_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Pushes a decoded character onto `out` unless it is a dropped control character, and returns
/// the rest of the input, past any escape sequence that an `ESC` starts.
fn push_char<'a>(out: &mut String, c: char, rest: &'a str) -> &'a str {
    match c {
        '\u{1b}' => skip_escape_sequence(rest),
        '\r' => {
            if !rest.starts_with('\n') {
                out.push('\n');
            }
            rest
        }
        c if is_dropped_control(c) => rest,
        c => {
            out.push(c);
            rest
        }
    }
}

/// Skips the body of an ANSI control sequence (`[`, parameter and intermediate bytes, one final
/// byte) at the start of `rest`, if there is one.
fn skip_escape_sequence(rest: &str) -> &str {
    let bytes = rest.as_bytes();
    if bytes.first() != Some(&b'[') {
        return rest;
    }
    let mut i = 1;
    while bytes.get(i).is_some_and(|b| (0x20..=0x3f).contains(b)) {
        i += 1;
    }
    if bytes.get(i).is_some_and(|b| (0x40..=0x7e).contains(b)) {
        i += 1;
    }
    // Every byte skipped is ASCII, so `i` is a char boundary.
    rest.get(i..).unwrap_or(rest)
}

/// Decodes the entity or character reference at the start of `s` (which starts with `&`).
///
/// Returns the character (`None` when the reference names no valid character) and the length of
/// the reference, or `None` when `s` does not start with a reference this reader knows.
fn entity(s: &str) -> Option<(Option<char>, usize)> {
    let semicolon = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let name = s.get(1..semicolon)?;
    let len = semicolon + 1;
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let number = name.strip_prefix('#')?;
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            let value = u32::from_str_radix(digits, radix).ok();
            return Some((value.and_then(char::from_u32), len));
        }
    };
    Some((Some(c), len))
}

/// Measures the markup tag (`<NAME ...>`, `</NAME>` or `<!...>`) at the start of `s`, or returns
/// `None` when the `<` does not start one.
fn markup_len(s: &str) -> Option<usize> {
    let next = *s.as_bytes().get(1)?;
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
        return None;
    }
    let end = s.get(1..)?.find(['<', '>'])? + 1;
    (s.as_bytes().get(end) == Some(&b'>')).then_some(end + 1)
}

/// Trims a line's trailing white space and the literal `^M` (a carriage return written out) that
/// some stories end their lines with.
fn clean_line(line: &str) -> &str {
    let line = line.trim_end();
    line.strip_suffix("^M").unwrap_or(line).trim_end()
}

/// Collapses white space (and `^M` line ends) to single spaces, for titles.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .lines()
        .flat_map(|line| clean_line(line).split_whitespace())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Decodes the content of a `<TITLE>` element into one line, leaving out a last line that is only
/// a "Reuter" sign-off (as some briefs have).
fn title_text(content: &str) -> String {
    let decoded = decode(content);
    let mut lines: Vec<&str> = decoded.lines().map(clean_line).collect();
    while lines.last().is_some_and(|line| line.trim().is_empty()) {
        lines.pop();
    }
    if lines.len() > 1
        && lines
            .last()
            .is_some_and(|line| strip_sign_off(line).is_empty())
    {
        lines.pop();
    }
    collapse(&lines.join("\n"))
}

/// Reflows decoded story text into paragraphs, dropping the "Reuter" sign-offs at its end.
///
/// A line that starts with white space, or follows a blank line, starts a new paragraph; the
/// wrapped lines of a paragraph are joined with single spaces, and paragraphs are separated by a
/// blank line.
fn reflow(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().map(clean_line).collect();
    // Some stories are signed off twice ("... said. REUTER" and then " Reuter").
    loop {
        while lines.last().is_some_and(|line| line.trim().is_empty()) {
            lines.pop();
        }
        let Some(last) = lines.last_mut() else {
            break;
        };
        let stripped = strip_sign_off(last);
        if stripped.len() == last.len() {
            break;
        }
        *last = stripped;
    }
    let mut out = String::with_capacity(text.len());
    let mut in_paragraph = false;
    for line in lines {
        if line.trim().is_empty() {
            in_paragraph = false;
            continue;
        }
        let indented = line.starts_with(char::is_whitespace);
        if in_paragraph && !indented {
            out.push(' ');
        } else if !out.is_empty() {
            out.push_str("\n\n");
        }
        in_paragraph = true;
        let mut words = line.split_whitespace();
        if let Some(first) = words.next() {
            out.push_str(first);
        }
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
    out
}

/// Removes the sign-off from the last line of a story: a line that is only `Reuter` or `REUTERS`
/// (any case, perhaps followed by `...`), or a trailing ` REUTER` word after the last sentence.
fn strip_sign_off(line: &str) -> &str {
    let trimmed = line.trim_end();
    let core = trimmed.strip_suffix("...").unwrap_or(trimmed);
    let word_start = core
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (before, word) = core.split_at(word_start);
    let alone = before.trim().is_empty();
    let sign_off =
        word.eq_ignore_ascii_case("reuter") || (alone && word.eq_ignore_ascii_case("reuters"));
    if sign_off && (alone || word_start > 0) {
        before.trim_end()
    } else {
        line
    }
}

/// Takes the first `count` words of a text's first paragraph, for a title.
fn first_words(text: &str, count: usize) -> String {
    let paragraph = text.split("\n\n").next().unwrap_or_default();
    paragraph
        .split_whitespace()
        .take(count)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses the content of a `<DATE>` element, warning through [`Origin::date`] when it does not
/// parse.
///
/// The content is cut at the first reference or control character (the noise some dates carry, as
/// in `27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM`) and its white space collapsed. When that does not
/// parse, its first two words (day and time) are tried, and then its first word alone, so that a
/// garbled time (`31-MAR-1987 605:12:19.12`) still gives the day.
fn story_date(
    origin: Origin<'_>,
    raw: &str,
    line: usize,
    parsed: &mut Parsed,
) -> Option<ArticleDate> {
    let end = raw
        .find(|c: char| c == '&' || c == '<' || is_dropped_control(c))
        .unwrap_or(raw.len());
    let date = collapse(&raw[..end]);
    if let Some(parsed_date) = parse_date(&date) {
        return Some(parsed_date);
    }
    let mut words = date.split(' ');
    let day = words.next().unwrap_or_default();
    let day_and_time = words.next().map(|time| format!("{day} {time}"));
    day_and_time
        .as_deref()
        .and_then(parse_date)
        .or_else(|| parse_date(day))
        .or_else(|| origin.date(Some(&date), || origin.at_line(line), parsed))
}

/// Counts lines as the scan moves forward through a text, so that finding the line of each
/// element costs one pass over the file in all.
#[derive(Debug, Default)]
struct LineCounter {
    /// The byte offset counted up to.
    offset: usize,
    /// The newlines before `offset`.
    newlines: usize,
}

impl LineCounter {
    /// Returns the 1-based line of byte `offset`, which must not be before the previous one.
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        if let Some(bytes) = text.as_bytes().get(self.offset..offset) {
            self.newlines += bytes.iter().filter(|&&b| b == b'\n').count();
            self.offset = offset;
        }
        self.newlines + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::origin_for_tests;

    /// A normal story, written in the collection's layout (invented text).
    const NORMAL: &str = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">
<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"7001\" NEWID=\"42\">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>ghana</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0042&#31;reute
u f BC-COCOA-TEST   02-26 0042</UNKNOWN>
<TEXT>&#2;
<TITLE>COCOA GROWERS SEE &lt;GOOD> CROP</TITLE>
<DATELINE>    ACCRA, Feb 26 - </DATELINE><BODY>Cocoa growers said rains in the
east had improved the outlook.
    Prices rose 2 pct &amp; volumes held
steady, they said.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
";

    fn read_str(text: &str) -> (Parsed, Result<Vec<TextSource>, String>) {
        let mut parsed = Parsed::default();
        let result = scan(origin_for_tests(), text, &mut parsed);
        (parsed, result)
    }

    /// Wraps a `<TEXT>` element in a `<REUTERS>` element with a date.
    fn story_with(newid: &str, text_element: &str) -> String {
        format!(
            "<REUTERS TOPICS=\"NO\" {newid}>\n<DATE> 5-MAR-1987 09:03:02.00</DATE>\n{text_element}\n</REUTERS>\n"
        )
    }

    #[test]
    fn a_normal_story_becomes_one_article() {
        let (parsed, result) = read_str(NORMAL);
        assert_eq!(result, Ok(vec![TextSource::Body]));
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let article = &parsed.articles[0];
        assert_eq!(article.id, "reuters-42");
        assert_eq!(article.path, "dir/file");
        assert_eq!(article.title, "COCOA GROWERS SEE <GOOD> CROP");
        assert_eq!(
            article.date.as_ref().map(|d| d.text.as_str()),
            Some("1987-02-26T15:01:01Z")
        );
        assert_eq!(article.source.as_deref(), Some("Reuters"));
        assert_eq!(article.url, None);
        assert_eq!(
            article.text,
            "Cocoa growers said rains in the east had improved the outlook.\n\n\
             Prices rose 2 pct & volumes held steady, they said."
        );
    }

    #[test]
    fn story_kinds_give_title_text_and_source() {
        // (what, <TEXT> element, NEWID attribute, id, title, text, source)
        let table: &[(&str, &str, &str, &str, &str, &str, TextSource)] = &[
            (
                "brief",
                "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>ACME SEES HIGHER\nPROFIT</TITLE>Blah blah blah.\n&#3;\n\n</TEXT>",
                "NEWID=\"7\"",
                "reuters-7",
                "ACME SEES HIGHER PROFIT",
                "ACME SEES HIGHER PROFIT",
                TextSource::Title,
            ),
            (
                "brief signed off",
                "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>REUTER UNIT SEES\nGAINS  \n Reuter\n</TITLE>&#3;\n\n</TEXT>",
                "NEWID=\"13\"",
                "reuters-13",
                "REUTER UNIT SEES GAINS",
                "REUTER UNIT SEES GAINS",
                TextSource::Title,
            ),
            (
                "unprocessed",
                "<TEXT TYPE=\"UNPROC\">&#2;\nSILO STOCKS - MAR 5\n    Week ended Mar 4     tonnes\n Wheat.......412 vs.....398\n Oats.........47 vs......44\n\n Reuter\n&#3;\n\n</TEXT>",
                "NEWID=\"8\"",
                "reuters-8",
                "SILO STOCKS - MAR 5",
                "SILO STOCKS - MAR 5\n\nWeek ended Mar 4 tonnes\n\nWheat.......412 vs.....398\n\nOats.........47 vs......44",
                TextSource::Raw,
            ),
            (
                "unprocessed with tags",
                "<TEXT TYPE=\"UNPROC\"><TITLE>SILO STOCKS</TITLE>\n<AUTHOR>by A. Writer</AUTHOR>\n<DATELINE>TOWN, March 5 -</DATELINE>\nWheat 412 vs 398 tonnes.\n</TEXT>",
                "NEWID=\"9\"",
                "reuters-9",
                "SILO STOCKS",
                "Wheat 412 vs 398 tonnes.",
                TextSource::Raw,
            ),
            (
                "long untitled text",
                "<TEXT TYPE=\"UNPROC\">one two three four five six seven eight nine ten eleven\ntwelve\n</TEXT>",
                "NEWID=\"10\"",
                "reuters-10",
                "one two three four five six seven eight nine ten",
                "one two three four five six seven eight nine ten eleven twelve",
                TextSource::Raw,
            ),
            (
                "no NEWID",
                "<TEXT>\n<TITLE>X</TITLE><BODY>Text.\n REUTER\n</BODY></TEXT>",
                "OLDID=\"3\"",
                "file#1",
                "X",
                "Text.",
                TextSource::Body,
            ),
            (
                "lower-case tags, empty NEWID",
                "<text>\n<title>Small</title><body>Words here.</body></text>",
                "newid=''",
                "file#1",
                "Small",
                "Words here.",
                TextSource::Body,
            ),
            (
                "empty title",
                "<TEXT>\n<TITLE> </TITLE><BODY>Body words\nonly.\n</BODY></TEXT>",
                "NEWID=\"11\"",
                "reuters-11",
                "Body words only.",
                "Body words only.",
                TextSource::Body,
            ),
            (
                "escape sequence in title",
                "<TEXT TYPE=\"BRIEF\"><TITLE>2.80 DLRS A&#27;[B SHARE</TITLE></TEXT>",
                "NEWID=\"12\"",
                "reuters-12",
                "2.80 DLRS A SHARE",
                "2.80 DLRS A SHARE",
                TextSource::Title,
            ),
        ];
        for (what, text_element, newid, id, title, text, source) in table {
            let (parsed, result) = read_str(&story_with(newid, text_element));
            assert_eq!(result, Ok(vec![*source]), "{what}");
            assert!(parsed.warnings.is_empty(), "{what}: {:?}", parsed.warnings);
            let article = &parsed.articles[0];
            assert_eq!(article.id, *id, "{what}");
            assert_eq!(article.title, *title, "{what}");
            assert_eq!(article.text, *text, "{what}");
            assert_eq!(
                article.date.as_ref().map(|d| d.text.as_str()),
                Some("1987-03-05T09:03:02Z"),
                "{what}"
            );
        }
    }

    #[test]
    fn entities_and_control_characters_are_decoded() {
        let table = [
            (
                "a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;",
                "a <b> & \"c\" 'd'",
            ),
            ("&#65;&#x42;&#X43;", "ABC"),
            ("x&#3;y&#5;&#22;&#1;&#31;&#127;z", "xyz"),
            ("tab&#9;and&#10;line", "tab\tand\nline"),
            ("raw\u{3}\u{5}\u{7f}\u{85} controls\t", "raw controls\t"),
            ("crlf\r\nlone\rcr", "crlf\nlone\ncr"),
            ("Semiconducto&#27;[Br Division", "Semiconductor Division"),
            ("esc\u{1b}[2;31mred", "escred"),
            (
                "a & b, AT&T; &bogus; &#; &#xZZ; &#99999999;",
                "a & b, AT&T; &bogus; &#; &#xZZ; ",
            ),
            (
                "<UNKNOWN>tag</UNKNOWN> <!-- c --> a < b > c",
                "tag  a < b > c",
            ),
            ("caf\u{e9} &#233; \u{fffd}", "caf\u{e9} \u{e9} \u{fffd}"),
            ("trailing &amp", "trailing &amp"),
            ("<", "<"),
            ("&", "&"),
        ];
        for (input, expected) in table {
            assert_eq!(decode(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn paragraphs_are_reflowed_and_sign_offs_dropped() {
        let table = [
            ("one\ntwo\n    three\nfour\n", "one two\n\nthree four"),
            ("a  b\t c\n\nd\n", "a b c\n\nd"),
            ("first line^M\nsecond^M\n", "first line second"),
            ("text.\n Reuter\n", "text."),
            ("text.\n REUTER...\n\n", "text."),
            ("text.\nREUTERS\n", "text."),
            ("text.\nreuter^M\n", "text."),
            ("he said. REUTER\n Reuter\n", "he said."),
            (" REUTER\n Reuter\n", ""),
            ("a tenth of an ounce. REUTER\n", "a tenth of an ounce."),
            ("he told Reuters\n", "he told Reuters"),
            ("spoke to Reuter news\n", "spoke to Reuter news"),
            ("Reuter\n", ""),
            ("  \n\n", ""),
            ("", ""),
        ];
        for (input, expected) in table {
            assert_eq!(reflow(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn dates_are_cleaned_of_noise() {
        // (content of <DATE>, normalised date, whether it warns)
        let table = [
            (
                "26-FEB-1987 15:01:01.79",
                Some("1987-02-26T15:01:01Z"),
                false,
            ),
            (
                "  3-MAR-1987 00:43:42.82",
                Some("1987-03-03T00:43:42Z"),
                false,
            ),
            (
                "3-MAR-1987  09:15:05.40",
                Some("1987-03-03T09:15:05Z"),
                false,
            ),
            ("9-APR-1987 12:00:01.5", Some("1987-04-09T12:00:01Z"), false),
            (
                "27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM",
                Some("1987-03-27T00:02:59Z"),
                false,
            ),
            (
                "27-MAR-1987 00:02:59.13 RM",
                Some("1987-03-27T00:02:59Z"),
                false,
            ),
            ("31-MAR-1987 605:12:19.12", Some("1987-03-31"), false),
            ("32-MAR-1987", None, true),
            ("not a date", None, true),
            ("&#5;", None, false),
            ("", None, false),
        ];
        for (raw, expected, warns) in table {
            let mut parsed = Parsed::default();
            let date = story_date(origin_for_tests(), raw, 7, &mut parsed);
            assert_eq!(
                date.as_ref().map(|d| d.text.as_str()),
                expected,
                "raw {raw:?}"
            );
            assert_eq!(parsed.warnings.len(), usize::from(warns), "raw {raw:?}");
            if warns {
                assert_eq!(parsed.warnings[0].kind, WarningKind::BadDate);
                assert_eq!(parsed.warnings[0].location, "dir/file:7");
            }
        }
    }

    #[test]
    fn attributes_are_found_by_name() {
        let table = [
            (" TOPICS=\"YES\" OLDID=\"5544\" NEWID=\"1\"", Some("1")),
            (" newid='2' ", Some("2")),
            (" NEWID = 3", Some("3")),
            (" CHECKED NEWID=4>", Some("4>")),
            (" NEWID=\"\"", None),
            (" OLDID=\"5\"", None),
            (" NEWID=\"6", Some("6")),
            (" = = \"", None),
            ("", None),
        ];
        for (attrs, expected) in table {
            assert_eq!(attribute(attrs, "NEWID"), expected, "attrs {attrs:?}");
        }
    }

    #[test]
    fn a_malformed_element_is_skipped_with_a_warning() {
        let good = story_with(
            "NEWID=\"2\"",
            "<TEXT TYPE=\"BRIEF\"><TITLE>GOOD</TITLE></TEXT>",
        );
        let table = [
            ("no end tag", "<REUTERS NEWID=\"1\">\n<DATE>1-MAR-1987 00:00:00.00</DATE>\n<TEXT><TITLE>A</TITLE><BODY>cut off\n", "<REUTERS> without </REUTERS>"),
            ("no body end tag", "<REUTERS NEWID=\"1\">\n<TEXT><TITLE>A</TITLE><BODY>cut off\n</TEXT></REUTERS>\n", "<BODY> without </BODY>"),
            ("no text", "<REUTERS NEWID=\"1\">\n<DATE>1-MAR-1987 00:00:00.00</DATE>\n</REUTERS>\n", "no <TEXT> element"),
            ("unterminated start tag", "<REUTERS NEWID=\"1\"\n<TEXT>x</TEXT></REUTERS>\n", "unterminated <REUTERS> tag"),
        ];
        for (what, bad, reason) in table {
            let input = format!("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n{bad}{good}");
            let (parsed, result) = read_str(&input);
            assert!(result.is_ok(), "{what}");
            assert_eq!(parsed.articles.len(), 1, "{what}");
            assert_eq!(parsed.articles[0].id, "reuters-2", "{what}");
            assert_eq!(parsed.warnings.len(), 1, "{what}: {:?}", parsed.warnings);
            let warning = &parsed.warnings[0];
            assert_eq!(warning.kind, WarningKind::BadRecord, "{what}");
            assert_eq!(warning.location, "dir/file:2", "{what}");
            assert!(
                warning.message.contains(reason),
                "{what}: {}",
                warning.message
            );
        }
        // Position-based ids count the skipped element.
        let input = format!("{}{}", "<REUTERS>\n", good.replace("NEWID=\"2\"", ""));
        let (parsed, _) = read_str(&input);
        assert_eq!(parsed.articles[0].id, "file#2");
    }

    #[test]
    fn garbage_never_panics() {
        let table = [
            ("", false),
            ("plain text, no markup", false),
            ("</REUTERS> <REUTERSX> <REUTER>", false),
            ("\u{feff}\u{0}\u{1}&#;&#x;<<<>>>", false),
            ("<REUTERS", true),
            ("<REUTERS>", true),
            ("<REUTERS é=\"é\">é</REUTERS>", true),
            ("<REUTERS><TEXT>é</TEXT></REUTERS", true),
            ("<REUTERS><TEXT><BODY>&#27;[</BODY></TEXT></REUTERS>", true),
            (
                "<REUTERS><TEXT><TITLE>ü&</TITLE></TEXT></REUTERS><REUTERS",
                true,
            ),
        ];
        for (input, has_element) in table {
            let (parsed, result) = read_str(input);
            if has_element {
                assert!(result.is_ok(), "input {input:?}");
                assert!(
                    parsed.articles.len() + parsed.warnings.len() >= 1,
                    "input {input:?}"
                );
            } else {
                assert_eq!(
                    result,
                    Err("no <REUTERS> element".to_string()),
                    "input {input:?}"
                );
            }
        }
        // Every truncation of a story, also with multi-byte text spliced in, reads without panic.
        let spliced = NORMAL
            .replace("east", "é\u{1F30D}st")
            .replace("&amp;", "&am\u{e9}");
        for input in [NORMAL, spliced.as_str()] {
            for (i, _) in input.char_indices() {
                let _ = read_str(&input[..i]);
                let _ = read_str(&input[i..]);
            }
        }
    }

    #[test]
    fn the_fixture_reads_as_three_stories() {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sgml/reut2-sample.sgm"
        ));
        let (parsed, result) = read_str(text);
        assert_eq!(
            result,
            Ok(vec![TextSource::Body, TextSource::Title, TextSource::Raw])
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let got: Vec<(&str, &str, Option<&str>)> = parsed
            .articles
            .iter()
            .map(|a| {
                (
                    a.id.as_str(),
                    a.title.as_str(),
                    a.date.as_ref().map(|d| d.text.as_str()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "reuters-1",
                    "LAKESHORE GRAIN CO-OP RAISES WHEAT ESTIMATE",
                    Some("1987-03-02T09:15:30Z")
                ),
                (
                    "reuters-2",
                    "NORTHFIELD MILLS SEES HIGHER FIRST QUARTER PROFIT",
                    Some("1987-03-02T10:40:05Z")
                ),
                (
                    "reuters-3",
                    "MAPLEFORD GRAIN ELEVATOR STOCKS - MAR 3",
                    Some("1987-03-03T11:02:07Z")
                ),
            ]
        );
        assert!(parsed.articles[0]
            .text
            .starts_with("The Lakeshore Grain Cooperative <LGC> said"));
        assert!(!parsed
            .articles
            .iter()
            .any(|a| a.text.contains("MAPLEFORD, Ontario")));
    }

    /// Reads the whole Reuters-21578 collection (set `REUTERS21578_DIR` to move it).
    #[test]
    #[ignore = "needs the Reuters-21578 collection"]
    fn the_reuters_collection_reads_completely() {
        let dir = std::env::var("REUTERS21578_DIR")
            .unwrap_or_else(|_| "/work/shared/corpora/reuters21578".to_string());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipped: {dir} is absent");
            return;
        };
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "sgm"))
            .collect();
        paths.sort();
        let files: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let bytes = std::fs::read(p).expect("readable");
                let text = String::from_utf8_lossy(&bytes).into_owned();
                (p.display().to_string(), text)
            })
            .collect();
        let started = std::time::Instant::now();
        let mut articles = Vec::new();
        let mut warnings = Vec::new();
        let mut sources = Vec::new();
        for (path, text) in &files {
            let mut parsed = Parsed::default();
            let origin = Origin {
                path,
                relative: path,
            };
            sources.extend(scan(origin, text, &mut parsed).expect("has <REUTERS>"));
            articles.extend(parsed.articles);
            warnings.extend(parsed.warnings);
        }
        let elapsed = started.elapsed();
        eprintln!(
            "read {} files, {} articles in {elapsed:?}",
            files.len(),
            articles.len()
        );
        let count = |source| sources.iter().filter(|&&s| s == source).count();
        eprintln!(
            "body {}, title {}, raw {}",
            count(TextSource::Body),
            count(TextSource::Title),
            count(TextSource::Raw)
        );
        assert_eq!(files.len(), 22);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(articles.len(), 21_578);
        assert_eq!(count(TextSource::Body), 19_043);
        assert_eq!(count(TextSource::Title), 1_798);
        assert_eq!(count(TextSource::Raw), 737);
        let ids: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), 21_578);
        // One unprocessed story holds nothing but control characters: it reads with no title and
        // no text, and `read_bytes` drops it.
        let empty: Vec<&str> = articles
            .iter()
            .filter(|a| a.text.trim().is_empty())
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(empty, ["reuters-12793"]);
        for article in &articles {
            if article.id != "reuters-12793" {
                assert!(!article.title.trim().is_empty(), "{}", article.id);
                assert!(!article.text.trim().is_empty(), "{}", article.id);
            }
            let date = article.date.as_ref().expect("dated");
            assert!(
                date.text.starts_with("1987-"),
                "{}: {}",
                article.id,
                date.text
            );
            assert!(
                !article.text.chars().any(is_dropped_control),
                "{}",
                article.id
            );
            assert!(!article.text.contains("&#"), "{}", article.id);
        }
    }
}
