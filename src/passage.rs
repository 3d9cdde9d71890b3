//! Passages: the unit newsdex indexes and returns. This module owns the rules that cut an
//! article's text into passages with byte ranges.
//!
//! A passage is a paragraph. Paragraphs are separated by blank lines, or by single line breaks in
//! a text that has no blank line at all (one paragraph per line, as in the seed and in
//! OneStopEnglish). A paragraph of more than [`MAX_WORDS`] words is cut at sentence ends, and a
//! tiny fragment of fewer than [`MIN_WORDS`] words (a lone dateline, "He said:") is merged into the
//! passage that follows it.

use serde::Serialize;
use std::ops::Range;

/// Paragraphs longer than this many words are cut at sentence ends.
pub const MAX_WORDS: usize = 150;
/// Paragraphs shorter than this many words are merged into the next passage.
pub const MIN_WORDS: usize = 8;
/// A single sentence longer than this many words is cut at a word boundary.
const HARD_MAX_WORDS: usize = 300;

/// One passage of an article: its number and its byte range in the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// The passage's position in the article, from 1.
    pub number: u32,
    /// The byte offset of its first character in the article text.
    pub start: usize,
    /// The byte offset just past its last character.
    pub end: usize,
}

impl Passage {
    /// Returns the passage's text within its article's text.
    pub fn text<'a>(&self, article_text: &'a str) -> &'a str {
        article_text.get(self.start..self.end).unwrap_or("")
    }
}

/// Splits an article's text into passages, in order, numbered from 1.
pub fn split(text: &str) -> Vec<Passage> {
    let paragraphs = paragraphs(text);
    let merged = merge_fragments(text, paragraphs);
    let mut passages = Vec::with_capacity(merged.len());
    for range in merged {
        for piece in cut_long(text, range) {
            passages.push(Passage {
                number: passages.len() as u32 + 1,
                start: piece.start,
                end: piece.end,
            });
        }
    }
    passages
}

/// Finds the paragraphs' byte ranges, trimmed of surrounding white space.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let blank_lines = has_blank_line(text);
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim();
        if content.is_empty() {
            out.extend(current.take());
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let start = line_start + lead;
        let end = start + content.len();
        match current.as_mut() {
            Some(range) if blank_lines => range.end = end,
            _ => {
                out.extend(current.take());
                current = Some(start..end);
            }
        }
    }
    out.extend(current);
    out
}

fn has_blank_line(text: &str) -> bool {
    let mut previous_was_newline = false;
    let mut seen_text = false;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank && seen_text && previous_was_newline {
            return true;
        }
        seen_text |= !blank;
        previous_was_newline = line.ends_with('\n');
    }
    false
}

/// Counts the words of `text` as `text.split_whitespace().count()` does, eight ASCII bytes at a
/// time; only the first bytes of the non-ASCII white space characters (U+0085 to U+3000) need
/// decoding.
fn word_count(text: &str) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
            if w & HIGH == 0 {
                // The high bit of each byte that is a space or in \t..=\r (and of each other byte:
                // `inside` a word); no byte carries into the next, as every byte is below 0x80.
                let x = w ^ (0x20 * ONES);
                let spaces = !(((x & !HIGH) + !HIGH) | x | !HIGH);
                let controls = (w + (0x80 - 9) * ONES) & !(w + (0x80 - 14) * ONES) & HIGH;
                let inside = !(spaces | controls) & HIGH;
                let before = (inside << 8) | if in_word { 0x80 } else { 0 };
                count += (inside & !before).count_ones() as usize;
                in_word = inside >> 63 != 0;
                i += 8;
                continue;
            }
        }
        let (space, len) = match bytes[i] {
            b' ' | b'\t'..=b'\r' => (true, 1),
            0xC2 | 0xE1..=0xE3 => match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            },
            _ => (false, 1),
        };
        count += usize::from(!space && !in_word);
        in_word = !space;
        i += len;
    }
    count
}

/// Merges each paragraph of fewer than [`MIN_WORDS`] words into the next one (or, for the last,
/// into the one before it).
fn merge_fragments(text: &str, paragraphs: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(paragraphs.len());
    let mut pending_start: Option<usize> = None;
    let count = paragraphs.len();
    for (i, range) in paragraphs.into_iter().enumerate() {
        let start = pending_start.take().unwrap_or(range.start);
        let is_last = i + 1 == count;
        if word_count(&text[range.clone()]) < MIN_WORDS && !is_last {
            pending_start = Some(start);
            continue;
        }
        if is_last && word_count(&text[range.clone()]) < MIN_WORDS && start == range.start {
            if let Some(previous) = out.last_mut() {
                previous.end = range.end;
                continue;
            }
        }
        out.push(start..range.end);
    }
    out
}

/// Cuts a paragraph of more than [`MAX_WORDS`] words into pieces at sentence ends.
fn cut_long(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let paragraph = &text[range.clone()];
    if word_count(paragraph) <= MAX_WORDS {
        return vec![range];
    }
    let mut pieces = Vec::new();
    let mut piece_start = 0;
    let mut piece_words = 0;
    for sentence in sentences(paragraph) {
        let words = word_count(&paragraph[sentence.clone()]);
        if piece_words > 0 && piece_words + words > MAX_WORDS {
            pieces.push(piece_start..sentence.start);
            piece_start = sentence.start;
            piece_words = 0;
        }
        piece_words += words;
        if piece_words > HARD_MAX_WORDS {
            // One enormous "sentence": cut it at word boundaries.
            let mut cut_from = piece_start;
            for cut in word_cuts(paragraph, piece_start..sentence.end, MAX_WORDS) {
                pieces.push(cut_from..cut);
                cut_from = cut;
            }
            piece_start = cut_from;
            piece_words = word_count(&paragraph[piece_start..sentence.end]);
        }
    }
    pieces.push(piece_start..paragraph.len());
    pieces
        .into_iter()
        .map(|piece| {
            let slice = &paragraph[piece.clone()];
            let lead = slice.len() - slice.trim_start().len();
            let start = range.start + piece.start + lead;
            start..start + slice.trim().len()
        })
        .filter(|r| r.end > r.start)
        .collect()
}

/// Returns the byte offsets (within `text`) at which to cut `range` so that each piece has about
/// `every` words. The end of the range is not included.
fn word_cuts(text: &str, range: Range<usize>, every: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text[range.clone()].char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            if words > 0 && words % every == 0 {
                cuts.push(range.start + i);
            }
            words += 1;
        }
    }
    cuts
}

/// Words before a full stop that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "st", "jr", "sr", "prof", "rep", "sen",
    "gov", "no", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "capt", "maj", "adm", "cpl", "pte", "rev", "hon",
];

/// Splits a paragraph into sentence ranges that cover it whole.
fn sentences(paragraph: &str) -> Vec<Range<usize>> {
    let bytes = paragraph.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'?' | b'!') && ends_sentence(paragraph, i) {
            // Include closing quotes and brackets after the stop.
            let mut end = i + 1;
            while let Some(c) = paragraph[end..].chars().next() {
                if matches!(c, '"' | '\'' | ')' | ']' | '”' | '’') {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            let next = paragraph[end..].chars().next();
            if next.is_some_and(char::is_whitespace) {
                let after = paragraph[end..].trim_start();
                let starts_new = after.chars().next().is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || "\"“'‘(".contains(c)
                });
                if starts_new {
                    out.push(start..end);
                    start = end;
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    if start < paragraph.len() {
        out.push(start..paragraph.len());
    }
    out
}

/// Tells whether the stop at byte `i` ends a sentence, rather than an abbreviation or initial.
fn ends_sentence(paragraph: &str, i: usize) -> bool {
    if paragraph.as_bytes()[i] != b'.' {
        return true;
    }
    let before = &paragraph[..i];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    if word.contains('.') {
        return false; // U.S. or e.g.
    }
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false; // an initial: "John F. Kennedy"
    }
    !ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_agrees_with_split_whitespace() {
        let table = [
            "",
            " ",
            "one",
            " two  words ",
            "tab\tvertical\x0bfeed\x0creturn\rnewline\nend",
            "no\u{a0}break\u{85}next\u{1680}ogham",
            "en\u{2002}em\u{2003}thin\u{2009}hair\u{200a}zero\u{200b}width",
            "line\u{2028}para\u{2029}narrow\u{202f}math\u{205f}ideo\u{3000}end",
            "Ünïcödé — “quotes” 伊拉克 ½",
            "\u{a9}\u{c2}\u{e100}\u{e2}\u{2010}\u{3001}",
        ];
        for text in table {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn word_count_agrees_with_split_whitespace_on_any_text(text in "\\PC*|[ \t\n\u{a0}\u{2000}-\u{200b}\u{3000}a-z]*") {
            proptest::prop_assert_eq!(word_count(&text), text.split_whitespace().count());
        }
    }

    fn texts(text: &str) -> Vec<&str> {
        split(text).iter().map(|p| p.text(text)).collect()
    }

    fn sentence(words: usize, tag: &str) -> String {
        let mut s = vec![tag.to_string()];
        s.extend((1..words).map(|i| format!("w{i}")));
        format!("{}.", s.join(" "))
    }

    #[test]
    fn paragraphs_split_on_blank_lines_or_lines() {
        let eight = "one two three four five six seven eight";
        let table: Vec<(String, Vec<String>)> = vec![
            // Blank lines separate; single breaks inside a paragraph are kept.
            (
                format!("{eight}\nwrapped.\n\n{eight} b.\n"),
                vec![format!("{eight}\nwrapped."), format!("{eight} b.")],
            ),
            // No blank line anywhere: one paragraph per line.
            (
                format!("{eight} a.\n{eight} b.\n"),
                vec![format!("{eight} a."), format!("{eight} b.")],
            ),
            // White-space-only lines count as blank; CRLF works.
            (
                format!("{eight} a.\r\n  \r\n{eight} b.\r\n"),
                vec![format!("{eight} a."), format!("{eight} b.")],
            ),
            (String::new(), vec![]),
        ];
        for (input, expected) in table {
            assert_eq!(texts(&input), expected, "input {input:?}");
        }
    }

    #[test]
    fn tiny_fragments_merge_into_the_next_passage() {
        let body = "The six member team had been denied visas until last week.";
        let text = format!(
            "Friday, July 21, 2017\n\n{body}\n\nAnother paragraph that is long enough to stand.\n"
        );
        let got = texts(&text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], format!("Friday, July 21, 2017\n\n{body}"));
        // A tiny last paragraph joins the one before it.
        let text = format!("{body}\n\nReuter\n");
        assert_eq!(texts(&text), [format!("{body}\n\nReuter")]);
        // A text that is only a fragment keeps it.
        assert_eq!(texts("Short."), ["Short."]);
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentence_ends() {
        let text = [
            sentence(60, "A"),
            sentence(60, "B"),
            sentence(60, "C"),
            sentence(60, "D"),
        ]
        .join(" ");
        let got = texts(&text);
        assert_eq!(got.len(), 2);
        assert!(got[0].starts_with("A ") && got[0].ends_with("w59."));
        assert!(got[1].starts_with("C "));
        for passage in &got {
            assert!(word_count(passage) <= MAX_WORDS);
        }
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let table = [
            (
                "The U.S. Army left. Then it rained.",
                vec!["The U.S. Army left.", " Then it rained."],
            ),
            (
                "Mr. Smith spoke. He left.",
                vec!["Mr. Smith spoke.", " He left."],
            ),
            (
                "John F. Kennedy won. \"Yes,\" he said.",
                vec!["John F. Kennedy won.", " \"Yes,\" he said."],
            ),
            (
                "It cost 2.5 million. Fine.",
                vec!["It cost 2.5 million.", " Fine."],
            ),
        ];
        for (input, expected) in table {
            let got: Vec<&str> = sentences(input).into_iter().map(|r| &input[r]).collect();
            assert_eq!(got, expected, "input {input:?}");
        }
    }

    #[test]
    fn one_huge_sentence_is_cut_at_words() {
        let text = (0..1000)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let got = texts(&text);
        assert!(got.len() >= 4, "{} pieces", got.len());
        assert_eq!(got.iter().map(|p| word_count(p)).sum::<usize>(), 1000);
    }

    #[test]
    fn byte_ranges_point_into_the_text() {
        let text = "  Caf\u{e9} society is the topic of this long paragraph here.\n\nSecond paragraph with enough words in it.";
        for passage in split(text) {
            assert_eq!(passage.text(text), text[passage.start..passage.end].trim());
        }
    }
}
