//! A statistical named-entity tagger: people, organisations, locations and miscellaneous
//! names, found by an averaged-perceptron sequence model over hashed features.
//!
//! [`tag`] tokenizes the text ([`tokenize`]), computes per-token features (the lower-cased
//! word, its shape, prefixes and suffixes, capitalisation, sentence starts and ALL-CAPS lines,
//! the neighbouring words and shapes, the [gazetteer](super::gazetteer) kinds covering the
//! token, and the two previous tags) and decodes greedily, left to right, with BIO tags. Spans
//! are byte ranges into the text.
//!
//! The model is trained on CoNLL-2003 by `examples/train_ner.rs` ([`train`]; see
//! `src/extract/data/model/README.md`) and embedded in the binary; it is parsed once on first
//! use. A corrupt model gives an empty model, which tags nothing. Its weights are 8-bit with a
//! power-of-two scale per feature.
//!
//! Known weaknesses, from the training data (Reuters 1996): a capitalised name at the start of
//! a sentence that the model has not seen is sometimes taken for an organisation ("Lloyd
//! Austin met officials" → organisation; "Defence Secretary Lloyd Austin met" → person), and
//! CoNLL's conventions apply: titles are outside names, nationalities are `Misc`.
//!
//! # Speed
//!
//! Names start with a capital letter, so only tokens that contain a capital (and a
//! lower-case word between an open name and a capitalised word, "Bank *of* England") are
//! scored, except capitalised function words ("The", "But", "Mr") outside ALL-CAPS lines; every
//! other token is `O` without looking at the model. Words, shapes and gazetteer hits are only
//! computed in windows of two tokens around the scored ones. Feature keys are 64-bit hashes
//! computed without allocation, looked up in an open-addressing table laid out four slots to
//! a 64-byte cache line, the slots' fingerprints together, so that a probe compares a line's
//! fingerprints at once and without branching, and nearly always stops at a key's home line;
//! buffers are reused per thread.
//! The weights of the embedded model are multiples of one power of two small enough that
//! every `f32` sum of them is exact, so the order of the additions does not matter: the sum
//! of the features of a token alone (word, shape, affixes, case, gazetteer) is cached per
//! thread by word, shape and flags, and the sums of the previous-tag features are
//! precomputed; the scores, and so the tags, are exactly those of the plain sum.
//!
//! Neighbours stop at line breaks: a line is taken as a sentence, a headline or a paragraph,
//! as in CoNLL-2003 where each sentence is one line.

use std::sync::LazyLock;

use super::eval::GoldDoc;
use super::gazetteer::{
    ascii_alnum, ascii_digits, gazetteer, is_alnum, is_common_symbol, EntryKind, Hit, HIGH,
};

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    /// A person.
    Person,
    /// An organisation: company, institution, party, armed group, team.
    Organization,
    /// A place: country, city, region, geographic feature.
    Location,
    /// Other names: nationalities, events, products, works (CoNLL's MISC).
    Misc,
}

impl Label {
    /// Returns the label's lower-case name: `person`, `organization`, `location`, `misc`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "person",
            Label::Organization => "organization",
            Label::Location => "location",
            Label::Misc => "misc",
        }
    }

    const ALL: [Label; 4] = [
        Label::Person,
        Label::Organization,
        Label::Location,
        Label::Misc,
    ];
}

/// A tagged name: a byte range into the text and its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What the name is.
    pub label: Label,
}

/// One token: a byte range into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// Tags `text` with the embedded model and returns its names in order, as non-overlapping
/// byte spans.
pub fn tag(text: &str) -> Vec<Span> {
    MODEL.tag(text)
}

/// Tags `text` like [`tag`], reusing `hits`, which must be `gazetteer().find(text)`: the
/// gazetteer is then not searched again around the capitalised tokens (the result is the same).
pub fn tag_with_hits(text: &str, hits: &[Hit<'_>]) -> Vec<Span> {
    MODEL.tag_impl(text, Some(hits))
}

static MODEL: LazyLock<Model> =
    LazyLock::new(|| Model::from_bytes(include_bytes!("data/model/ner.bin")).unwrap_or_default());

// ---------------------------------------------------------------------------------------------
// Tokenizer

/// Words that take a trailing full stop as part of the token ("Mr.", "Jan.", "Inc.").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "maj", "prof",
    "rev", "gov", "sen", "rep", "inc", "corp", "ltd", "co", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "no", "vs", "cie", "bros", "adm",
    "cmdr", "pres", "supt", "messrs",
];

/// Clitics split off a word after an apostrophe ("Iraq" + "'s", CoNLL style).
const CLITICS: &[&str] = &["s", "t", "re", "ll", "ve", "d", "m"];

/// Splits `text` into tokens: words (letters and digits, with inner hyphens, inner
/// apostrophes as in "O'Brien", dotted abbreviations as in "U.S." and "Mr.", and numbers with
/// inner "." or ","), clitics ("'s" of "Iraq's") and single punctuation characters.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, &mut out, &mut Vec::new());
    out
}

/// Returns the char at byte `i` of `text` (`None` at the end or inside a character).
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(char::from(b))
    } else {
        text.get(i..)?.chars().next()
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    is_alnum(c)
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Tokenizes `text` into `out`, with each token's case flags and [`F_NEWLINE`] (a line break
/// precedes it) in `info`.
fn tokenize_into(text: &str, out: &mut Vec<Token>, info: &mut Vec<Info>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    let mut nl = F_NEWLINE;
    while i < n {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            if b == b'\n' {
                nl = F_NEWLINE;
            }
            i += 1;
            continue;
        }
        // A short word is followed by a space or a comma: a space is skipped with it.
        let (token, space) = match short_word(bytes, i) {
            Some((end, flags)) => (Some((end, flags)), bytes.get(end) == Some(&b' ')),
            None => (token_at(text, i), false),
        };
        let Some((end, flags)) = token else {
            // White space outside ASCII, or not a character boundary.
            let c = char_at(text, i);
            if c.is_some_and(|c| matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')) {
                nl = F_NEWLINE;
            }
            i += c.map_or(1, char::len_utf8);
            continue;
        };
        out.push(Token { start: i, end });
        info.push(Info {
            flags: flags | nl,
            ..Info::default()
        });
        nl = 0;
        i = end + usize::from(space);
    }
}

/// The most common token, from one load: one to seven ASCII letters at `i` followed by a space
/// or a comma, where [`scan_word`] stops at once. Returns its end and the flags that
/// [`token_at`] gives it.
#[inline(always)]
fn short_word(bytes: &[u8], i: usize) -> Option<(usize, u16)> {
    let chunk = bytes.get(i..i + 8)?;
    let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
    let letters = ascii_alnum(w) & !ascii_digits(w);
    let k = (!letters & HIGH).trailing_zeros() / 8;
    if k == 0 || k == 8 || !matches!(w >> (8 * k) & 0xff, 0x20 | 0x2c) {
        return None;
    }
    let word = letters & ((1u64 << (8 * k)) - 1);
    // Bit 5 (shifted to bit 7) is clear in capitals.
    let upper = word & !(w << 2);
    let mut flags = F_ALPHA;
    if upper != 0 {
        flags |= F_HAS_UPPER;
    }
    if upper & 0x80 != 0 {
        flags |= F_INIT_UPPER;
    }
    if word & (w << 2) != 0 {
        flags |= F_HAS_LOWER;
    }
    Some((i + k as usize, flags))
}

/// Returns the end and the case flags of the token that starts at `i`, which is not white
/// space; `None` for white space outside ASCII and inside a character.
fn token_at(text: &str, i: usize) -> Option<(usize, u16)> {
    let c = char_at(text, i)?;
    if c.is_whitespace() {
        return None;
    }
    let len = c.len_utf8();
    let mut flags = 0;
    let end = if is_word_char(c) {
        flags |= if char_flags(c) == F_HAS_UPPER {
            F_INIT_UPPER | F_ALPHA
        } else if c.is_alphabetic() {
            F_ALPHA
        } else {
            0
        };
        scan_word(text, i, &mut flags)
    } else if is_apostrophe(c) {
        match clitic(text, i + len) {
            Some(end) => {
                flags |= word_flags(&text[i + len..end]) & (F_HAS_UPPER | F_HAS_LOWER);
                end
            }
            None => i + len,
        }
    } else {
        i + len
    };
    Some((end, flags))
}

/// The case flags of ASCII characters.
static ASCII_FLAGS: [u16; 128] = {
    let mut t = [0u16; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'A'..=b'Z' => F_HAS_UPPER,
            b'a'..=b'z' => F_HAS_LOWER,
            b'0'..=b'9' => F_HAS_DIGIT,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Returns the case flag of one character: capital, other letter, digit, or 0.
#[inline]
fn char_flags(c: char) -> u16 {
    if c.is_ascii() {
        ASCII_FLAGS[c as usize]
    } else if is_common_symbol(c) {
        0
    } else if c.is_uppercase() {
        F_HAS_UPPER
    } else if c.is_alphabetic() {
        F_HAS_LOWER
    } else if c.is_numeric() {
        F_HAS_DIGIT
    } else {
        0
    }
}

/// If a clitic ("s", "ll", ...) starts at `i` and ends on a word boundary, returns its end.
fn clitic(text: &str, i: usize) -> Option<usize> {
    let rest = text.as_bytes().get(i..)?;
    let len = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if len == 0 || len > 2 {
        return None;
    }
    let word = &rest[..len];
    if char_at(text, i + len).is_some_and(is_word_char) {
        return None;
    }
    CLITICS
        .iter()
        .any(|c| c.as_bytes().eq_ignore_ascii_case(word))
        .then_some(i + len)
}

/// Scans a word starting at `start` (a letter or digit) and returns its end.
fn scan_word(text: &str, start: usize, flags: &mut u16) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut dotted = true;
    loop {
        // One run of letters and digits.
        let seg = i;
        let mut letters = 0;
        let mut digits_only = true;
        // Eight ASCII bytes at a time while they are letters and digits.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let stop = !ascii_alnum(w) & HIGH;
            let k = if stop == 0 {
                8
            } else {
                (stop.trailing_zeros() / 8) as usize
            };
            let m = if k == 8 {
                HIGH
            } else {
                HIGH & ((1u64 << (8 * k)) - 1)
            };
            let digits = ascii_digits(w) & m;
            let alpha = !stop & m & !digits;
            // Bit 5 (shifted to bit 7) is clear in capitals.
            if alpha & !(w << 2) != 0 {
                *flags |= F_HAS_UPPER;
            }
            if alpha & (w << 2) != 0 {
                *flags |= F_HAS_LOWER;
            }
            if digits != 0 {
                *flags |= F_HAS_DIGIT;
            }
            digits_only &= alpha == 0;
            letters += k;
            i += k;
            if k < 8 {
                break;
            }
        }
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let f = ASCII_FLAGS[usize::from(b)];
                if f == 0 {
                    break;
                }
                digits_only &= f == F_HAS_DIGIT;
                *flags |= f;
                letters += 1;
                i += 1;
            } else {
                match char_at(text, i) {
                    Some(c) if is_alnum(c) || is_mark(c) => {
                        digits_only = false;
                        *flags |= char_flags(c);
                        letters += 1;
                        i += c.len_utf8();
                    }
                    _ => break,
                }
            }
        }
        let Some(next) = char_at(text, i) else {
            return i;
        };
        let after = i + next.len_utf8();
        let after_c = char_at(text, after);
        match next {
            '-' | '&' | '/' if after_c.is_some_and(is_word_char) => {
                // Hyphenated words ("US-led"); "AT&T"; "km/h" only between letters.
                dotted = false;
                if next == '/' && (digits_only || after_c.is_some_and(|c| c.is_ascii_digit())) {
                    return i;
                }
                if next == '&' && !(letters <= 2 && after_c.is_some_and(char::is_uppercase)) {
                    return i;
                }
                i = after;
            }
            '.' | ',' if digits_only && after_c.is_some_and(|c| c.is_ascii_digit()) => {
                dotted = false;
                i = after;
            }
            '.' if letters == 1 && !digits_only && dotted => {
                // "U.S.", "J.", "U.N.-led".
                i = after;
                let next2 = char_at(text, after + after_c.map_or(1, char::len_utf8));
                let more = match after_c {
                    Some('-') => next2.is_some_and(is_word_char),
                    Some(c) => c.is_alphabetic() && next2 == Some('.'),
                    None => false,
                };
                if !more {
                    return i;
                }
            }
            '.' if seg == start && is_abbreviation(&bytes[seg..i]) => {
                return after;
            }
            c if is_apostrophe(c) && after_c.is_some_and(char::is_alphabetic) => {
                if clitic(text, after).is_some() {
                    // "Iraq's": the clitic is its own token. "n't" stays "n" + "'t".
                    return i;
                }
                dotted = false;
                i = after;
            }
            _ => return i,
        }
    }
}

/// [`ABBREVIATIONS`], each lower-cased and packed into a `u64`, little-endian.
static ABBREVIATION_KEYS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    ABBREVIATIONS
        .iter()
        .filter_map(|a| pack_lower(a.as_bytes()))
        .collect()
});

/// Returns the bytes of a word of at most 7 bytes, ASCII-lower-cased, packed little-endian,
/// with its length in the last byte.
#[inline]
fn pack_lower(word: &[u8]) -> Option<u64> {
    if word.len() > 7 {
        return None;
    }
    let mut buf = [0u8; 8];
    for (b, w) in buf.iter_mut().zip(word) {
        *b = w.to_ascii_lowercase();
    }
    buf[7] = word.len() as u8;
    Some(u64::from_le_bytes(buf))
}

/// Whether `word` is one of [`ABBREVIATIONS`], in any ASCII case.
#[inline]
fn is_abbreviation(word: &[u8]) -> bool {
    pack_lower(word).is_some_and(|key| ABBREVIATION_KEYS.contains(&key))
}

/// Whether `c` is a combining mark (kept inside words).
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

// ---------------------------------------------------------------------------------------------
// Features

/// The number of BIO labels: O, then B and I for each of the four labels.
const NL: usize = 9;
const O: u8 = 0;

/// Returns the BIO tag of `label` (`begin`: B, else I).
fn bio(label: Label, begin: bool) -> u8 {
    let k = Label::ALL.iter().position(|&l| l == label).unwrap_or(0) as u8;
    1 + 2 * k + u8::from(!begin)
}

/// Returns the label of a non-O tag.
fn label_of(tag: u8) -> Label {
    Label::ALL[usize::from((tag - 1) / 2) % 4]
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Finalises a feature key: a full avalanche, never 0 (the empty-slot key).
#[inline]
fn finish(h: u64) -> u64 {
    let mut h = h ^ (h >> 33);
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h.max(1)
}

/// Function words that are not names when capitalised at the start of a sentence.
const STOPWORDS: &str =
    "the a an i it he she we they you his her its their our my but and or so in on at for \
     of to by with from as if when while after before this that these those there here \
     however what who why how where which mr mrs ms one some many most all no not last next \
     both such also then now yet although though since because meanwhile other only even do \
     does did is are was were will would can could should may us me him them any each every";

// Token flags.
const F_INIT_UPPER: u16 = 1;
const F_HAS_UPPER: u16 = 2;
const F_HAS_LOWER: u16 = 4;
const F_HAS_DIGIT: u16 = 8;
const F_ALPHA: u16 = 16;
const F_SENT_START: u16 = 32;
const F_CAPS_LINE: u16 = 64;
const F_NEWLINE: u16 = 128;
/// The word is a common first name.
const F_FIRST_NAME: u16 = 256;
/// The word is a capitalised function word ("The", "But", "Mr") outside an ALL-CAPS line:
/// never a name nor inside one.
const F_STOP: u16 = 512;
/// The word is written with a capital inside a sentence somewhere in the text.
const F_SEEN_MID: u16 = 1024;

/// Bit `b` is set for the bytes `b` that end a sentence when they are a token: `.`, `!`, `?`,
/// `:`, `;` (all below 64).
const SENTENCE_ENDS: u64 = 1 << b'.' | 1 << b'!' | 1 << b'?' | 1 << b':' | 1 << b';';

/// The hashes of [`STOPWORDS`].
static STOP: LazyLock<Names> = LazyLock::new(|| {
    let hashes: Vec<u64> = STOPWORDS
        .split_whitespace()
        .map(|w| word_hash_shape(w).0)
        .collect();
    Names::new(&hashes)
});

/// The token before a sentence's first: what its features see there.
const BOS: Info = Info {
    word: 0xB0B0,
    shape: 0xB0B1,
    flags: 0x4000,
    gaz: 0,
    gaz_first: 0,
};

/// The token after a sentence's last.
const EOS: Info = Info {
    word: 0xE0E0,
    shape: 0xE0E1,
    flags: 0x8000,
    gaz: 0,
    gaz_first: 0,
};

/// What the features need to know of one token.
#[derive(Debug, Clone, Copy, Default)]
struct Info {
    /// Hash of the lower-cased word, digits as 0.
    word: u64,
    /// Hash of the compressed shape ("Xx", "X.X.", "d").
    shape: u64,
    flags: u16,
    /// Bit k: a gazetteer entry of kind k covers the token; bit 8: the hit starts here; bit 9:
    /// the hit spans several tokens.
    gaz: u16,
    /// The kind of the hit's first entry + 1, or 0.
    gaz_first: u8,
}

/// The tokens of a text with their feature information.
struct Doc<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    info: Vec<Info>,
}

/// Returns the bit of a gazetteer entry kind in [`Info::gaz`].
fn kind_bit(kind: EntryKind) -> u16 {
    1 << (match kind {
        EntryKind::Country => 0,
        EntryKind::City => 1,
        EntryKind::Region => 2,
        EntryKind::Area => 3,
        EntryKind::Demonym => 4,
        EntryKind::Organization => 5,
        EntryKind::Group => 6,
        EntryKind::Title => 7,
    })
}

/// Returns the case flags of `word`: initial capital, capitals, lower-case letters, digits,
/// starts with a letter (the flags [`tokenize_into`] computes while scanning).
fn word_flags(word: &str) -> u16 {
    let mut flags = 0;
    for (k, c) in word.chars().enumerate() {
        let f = char_flags(c);
        if k == 0 {
            if f == F_HAS_UPPER {
                flags |= F_INIT_UPPER;
            }
            if c.is_alphabetic() {
                flags |= F_ALPHA;
            }
        }
        flags |= f;
    }
    flags
}

/// Returns the lower-cased character of `c` (digits as '0') and its shape class: 'X', 'x',
/// 'd', or the character itself.
#[inline]
fn char_class(c: char) -> (u32, u32) {
    if c.is_ascii() {
        let b = c as u8;
        match b {
            b'A'..=b'Z' => (u32::from(b | 0x20), u32::from(b'X')),
            b'a'..=b'z' => (u32::from(b), u32::from(b'x')),
            b'0'..=b'9' => (u32::from(b'0'), u32::from(b'd')),
            _ => (u32::from(b), u32::from(b)),
        }
    } else if is_common_symbol(c) {
        (c as u32, c as u32)
    } else if c.is_uppercase() {
        let l = c.to_lowercase().next().unwrap_or(c);
        (l as u32, u32::from(b'X'))
    } else if c.is_alphabetic() || is_mark(c) {
        (c as u32, u32::from(b'x'))
    } else if c.is_numeric() {
        (u32::from(b'0'), u32::from(b'd'))
    } else {
        (c as u32, c as u32)
    }
}

/// [`char_class`] of the ASCII characters.
static ASCII_CLASSES: [[u8; 2]; 128] = {
    let mut t = [[0u8; 2]; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = match c {
            b'A'..=b'Z' => [c | 0x20, b'X'],
            b'a'..=b'z' => [c, b'x'],
            b'0'..=b'9' => [b'0', b'd'],
            _ => [c, c],
        };
        b += 1;
    }
    t
};

/// The [`word_hash_shape`] of short tokens, and whether they are first names, by their bytes:
/// the words around names ("the", "said", "Mr") and the names themselves recur. Direct-mapped;
/// valid for one set of first names (the [`Names::id`] `owner`).
#[derive(Default)]
struct WordCache {
    owner: u64,
    entries: Vec<WordEntry>,
}

/// One entry of a [`WordCache`]: a token of `len` bytes (1 to 8; 0: empty) that are `bytes`,
/// little-endian.
#[derive(Clone, Copy, Default)]
struct WordEntry {
    bytes: u64,
    len: u64,
    word: u64,
    shape: u64,
    first_name: bool,
}

/// The log2 of the number of entries of a [`WordCache`] (160 KB).
const WORD_CACHE_BITS: u32 = 12;

thread_local! {
    static WORD_CACHE: std::cell::Cell<WordCache> = std::cell::Cell::new(WordCache::default());
}

impl WordCache {
    /// Empties the cache unless it was filled for `names`.
    fn prepare(&mut self, names: &Names) {
        if self.owner != names.id || self.entries.is_empty() {
            self.owner = names.id;
            self.entries.clear();
            self.entries
                .resize(1 << WORD_CACHE_BITS, WordEntry::default());
        }
    }

    /// Returns the word and shape hashes of token `t` of `text` and whether `names` has it.
    #[inline(always)]
    fn get(&mut self, text: &str, t: &Token, names: &Names) -> (u64, u64, bool) {
        let compute = || {
            let (w, sh) = word_hash_shape(text.get(t.start..t.end).unwrap_or_default());
            (w, sh, names.contains(w))
        };
        let len = t.end - t.start;
        let chunk = text.as_bytes().get(t.start..t.start + 8);
        let (Some(chunk), 1..=8) = (chunk, len) else {
            return compute();
        };
        let all = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let bytes = if len == 8 {
            all
        } else {
            all & ((1u64 << (8 * len)) - 1)
        };
        let len = len as u64;
        let slot = ((bytes ^ len).wrapping_mul(K) >> (64 - WORD_CACHE_BITS)) as usize;
        let Some(entry) = self.entries.get_mut(slot) else {
            return compute();
        };
        if (entry.bytes, entry.len) != (bytes, len) {
            let (word, shape, first_name) = compute();
            *entry = WordEntry {
                bytes,
                len,
                word,
                shape,
                first_name,
            };
        }
        (entry.word, entry.shape, entry.first_name)
    }
}

/// Returns the hash of the lower-cased `word` (digits as 0) and of its compressed shape
/// ("Xx", "X.X.", "d,d").
#[inline]
fn word_hash_shape(word: &str) -> (u64, u64) {
    let mut h = 0x5555u64;
    let mut shape = 0x7777u64;
    let mut last = 0u32;
    let mut shape_len = 0;
    if word.is_ascii() {
        // The same hashes, the classes from a table.
        for &b in word.as_bytes() {
            let [lc, class] = ASCII_CLASSES[usize::from(b)];
            let class = u32::from(class);
            h = mix(h, u64::from(lc));
            if class != last && shape_len < 8 {
                shape = mix(shape, u64::from(class));
                shape_len += 1;
                last = class;
            }
        }
        return (h, shape);
    }
    for c in word.chars() {
        let (lc, class) = char_class(c);
        h = mix(h, u64::from(lc));
        if class != last && shape_len < 8 {
            shape = mix(shape, u64::from(class));
            shape_len += 1;
            last = class;
        }
    }
    (h, shape)
}

/// Returns the hashes of the first 1..=4 and last 1..=4 lower-cased characters of `word`; 0
/// for affixes as long as the word.
fn affixes(word: &str) -> [u64; 8] {
    let mut out = [0u64; 8];
    let mut h = 0x1111u64;
    let mut n = 0;
    for c in word.chars().take(5) {
        if n < 4 {
            h = mix(h, u64::from(char_class(c).0));
            out[n] = h;
        }
        n += 1;
    }
    let mut h = 0x2222u64;
    for (k, c) in word.chars().rev().take(4).enumerate() {
        h = mix(h, u64::from(char_class(c).0));
        out[4 + k] = h;
    }
    if n <= 4 {
        // Affixes of k ≥ length characters carry nothing the word does not.
        for k in n.saturating_sub(1)..4 {
            out[k] = 0;
            out[4 + k] = 0;
        }
    }
    out
}

/// Returns the hits of `gazetteer().find(&text[from..to])` (with offsets into `text`) as the
/// slice of `hits`, the hits of the whole text, that they equal; `None` when they may differ.
///
/// A scan of the whole text reaches `from` in the same state as a scan of the window starts in
/// when no letter or digit precedes `from` and no hit straddles it; from there the two scans
/// agree up to `to` unless a hit straddles `to` or a letter or digit follows it (a hit ending
/// at `to` would then not be on a word boundary in the whole text).
///
/// `cursor` is the index of the first hit that may end after `from`: 0 for the first window,
/// then as this function leaves it, for windows that start no earlier than the one before.
fn window_hits<'h, 'g>(
    text: &str,
    hits: &'h [Hit<'g>],
    from: usize,
    to: usize,
    cursor: &mut usize,
) -> Option<&'h [Hit<'g>]> {
    // The hits are sorted and do not overlap, so their ends are sorted too.
    while hits.get(*cursor).is_some_and(|h| h.end <= from) {
        *cursor += 1;
    }
    let before = text.get(..from)?.chars().next_back();
    let after = text.get(to..)?.chars().next();
    if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let a = *cursor;
    let mut b = a;
    while hits.get(b).is_some_and(|h| h.start < to) {
        b += 1;
    }
    let window = &hits[a..b];
    if window.first().is_some_and(|h| h.start < from) || window.last().is_some_and(|h| h.end > to) {
        return None;
    }
    Some(window)
}

impl<'t> Doc<'t> {
    /// Builds the feature information of `text` split into `tokens`; `info` holds each token's
    /// case flags and [`F_NEWLINE`] (as [`tokenize_into`] or [`word_flags`] give them);
    /// `names` are the first names of the model.
    fn new(
        text: &'t str,
        tokens: Vec<Token>,
        mut info: Vec<Info>,
        names: &Names,
        hits: Option<&[Hit<'_>]>,
    ) -> Doc<'t> {
        let bytes = text.as_bytes();
        let n = tokens.len().min(info.len());
        // Sentence starts, and lines without lower-case letters. Both slices are `n` long, so
        // that indexing them needs no bounds checks.
        let (lines, toks) = (&mut info[..n], &tokens[..n]);
        let mut line_start = 0;
        let mut lower = false;
        let mut upper = 0;
        // Whether the token before is one of ". ! ? : ;" (or there is none).
        let mut prev_end = true;
        for k in 0..n {
            let f = lines[k].flags;
            if f & F_NEWLINE != 0 {
                if !lower && upper >= 2 {
                    for i in &mut lines[line_start..k] {
                        i.flags |= F_CAPS_LINE;
                    }
                }
                line_start = k;
                lower = false;
                upper = 0;
            }
            lower |= f & F_HAS_LOWER != 0;
            upper += usize::from(f & F_HAS_UPPER != 0);
            lines[k].flags |= F_SENT_START * u16::from((f & F_NEWLINE != 0) | prev_end);
            // Without branches.
            let t = toks[k];
            prev_end = (t.end == t.start + 1)
                & bytes
                    .get(t.start)
                    .is_some_and(|&b| SENTENCE_ENDS >> (b & 63) & 1 != 0 && b < 64);
        }
        if !lower && upper >= 2 {
            for i in &mut lines[line_start..] {
                i.flags |= F_CAPS_LINE;
            }
        }
        // Windows of tokens around the capitalised ones: words and shapes for all their tokens,
        // gazetteer hits inside them.
        let g = gazetteer();
        let mut k = 0;
        let stop = &*STOP;
        let mut words = WORD_CACHE.take();
        words.prepare(names);
        let mut fill = |i: &mut Info, t: &Token| {
            let (w, sh, first_name) = words.get(text, t, names);
            i.word = w;
            i.shape = sh;
            if first_name {
                i.flags |= F_FIRST_NAME;
            }
        };
        // The tokens filled, in order (only they can have a word hash).
        let mut filled: Vec<usize> = Vec::with_capacity(n / 4 + 16);
        for (x, (t, i)) in tokens.iter().zip(info.iter_mut()).enumerate() {
            // Title case ("The", "But") or one letter ("I", "A"); not "US", "IT", "AND".
            let title = i.flags & (F_INIT_UPPER | F_HAS_LOWER) == (F_INIT_UPPER | F_HAS_LOWER);
            let len = t.end - t.start;
            if i.flags & (F_HAS_UPPER | F_CAPS_LINE) == F_HAS_UPPER
                && len <= 9
                && (title || len == 1)
            {
                fill(i, t);
                filled.push(x);
                if stop.contains(i.word) {
                    i.flags |= F_STOP;
                }
            }
        }
        let name_like = |i: &Info| i.flags & (F_HAS_UPPER | F_STOP) == F_HAS_UPPER;
        let mut cursor = 0;
        while k < n {
            if !name_like(&info[k]) {
                k += 1;
                continue;
            }
            let first = k.saturating_sub(2);
            let mut last = k;
            // Extend over capitalised tokens up to two tokens apart.
            let mut j = k + 1;
            while j < n && j <= last + 3 {
                if name_like(&info[j]) {
                    last = j;
                }
                j += 1;
            }
            let end = (last + 3).min(n);
            for (x, (i, t)) in info[first..end]
                .iter_mut()
                .zip(&tokens[first..end])
                .enumerate()
            {
                if i.word == 0 {
                    fill(i, t);
                    filled.push(first + x);
                }
            }
            let (from, to) = (tokens[first].start, tokens[end - 1].end);
            let local;
            let (window, offset) =
                match hits.and_then(|h| window_hits(text, h, from, to, &mut cursor)) {
                    Some(window) => (window, 0),
                    None => {
                        local = g.find(text.get(from..to).unwrap_or_default());
                        (&local[..], from)
                    }
                };
            let mut t = first;
            for hit in window {
                let (hs, he) = (hit.start + offset, hit.end + offset);
                while t < end && tokens[t].end <= hs {
                    t += 1;
                }
                let hit_first = t;
                let mut j = t;
                while j < end && tokens[j].start < he {
                    j += 1;
                }
                let mut bits = 0u16;
                for &id in hit.entries {
                    bits |= kind_bit(g.entry(id).kind);
                }
                let first_kind = hit.entries.first().map_or(0, |&id| {
                    kind_bit(g.entry(id).kind).trailing_zeros() as u8 + 1
                });
                let multi = if j > hit_first + 1 { 1 << 9 } else { 0 };
                for (m, i) in info[hit_first..j].iter_mut().enumerate() {
                    i.gaz = bits | multi | if m == 0 { 1 << 8 } else { 0 };
                    i.gaz_first = first_kind;
                }
                t = j;
            }
            k = end;
        }
        // Words written with a capital inside a sentence somewhere in the text: names, not
        // common words capitalised at a sentence start.
        let mid: Vec<u64> = filled
            .iter()
            .map(|&x| &info[x])
            .filter(|i| {
                i.word != 0 && i.flags & (F_HAS_UPPER | F_SENT_START | F_CAPS_LINE) == F_HAS_UPPER
            })
            .map(|i| i.word)
            .collect();
        WORD_CACHE.set(words);
        let mid = Names::new(&mid);
        for &x in &filled {
            let i = &mut info[x];
            if i.word != 0 && i.flags & F_HAS_UPPER != 0 && mid.contains(i.word) {
                i.flags |= F_SEEN_MID;
            }
        }
        Doc { text, tokens, info }
    }

    /// Whether token `k` is scored by the model; `prev` is the tag of token k-1.
    #[inline]
    fn scored(&self, k: usize, prev: u8) -> bool {
        let i = &self.info[k];
        if i.flags & F_HAS_UPPER != 0 {
            return i.flags & F_STOP == 0;
        }
        // A short word inside a name: "Bank of England", "Lord of the Rings", "Abu al-Hassan".
        prev != O
            && self
                .info
                .get(k + 1)
                .is_some_and(|n| n.flags & (F_HAS_UPPER | F_STOP) == F_HAS_UPPER)
    }

    /// The two tokens before token `k` and the two after, or the sentence-boundary markers where
    /// a line break (a sentence, a headline or a paragraph) or the text's edge comes first.
    #[inline]
    fn neighbours(&self, k: usize) -> [&Info; 4] {
        let info = &self.info;
        let nl = |j: usize| info.get(j).is_none_or(|i| i.flags & F_NEWLINE != 0);
        let before = |d: usize| k.checked_sub(d).and_then(|j| info.get(j)).unwrap_or(&BOS);
        let m1 = if nl(k) { &BOS } else { before(1) };
        let m2 = if nl(k) || nl(k.saturating_sub(1)) {
            &BOS
        } else {
            before(2)
        };
        let n1 = info.get(k + 1).filter(|_| !nl(k + 1)).unwrap_or(&EOS);
        let n2 = info
            .get(k + 2)
            .filter(|_| !nl(k + 1) && !nl(k + 2))
            .unwrap_or(&EOS);
        [m2, m1, n1, n2]
    }

    /// Calls `f` with every feature key of token `k` given the previous two tags.
    #[inline]
    fn features(&self, k: usize, p1: u8, p2: u8, mut f: impl FnMut(u64)) {
        let t = &self.info[k];
        let [m2, m1, n1, n2] = self.neighbours(k);
        let mut emit = |template: u64, a: u64, b: u64| f(finish(mix(mix(template, a), b)));
        let caps = u64::from(t.flags & (F_INIT_UPPER | F_SENT_START | F_CAPS_LINE));
        let upper = u64::from(t.flags & (F_INIT_UPPER | F_HAS_UPPER | F_HAS_LOWER | F_HAS_DIGIT));
        let (p1, p2) = (u64::from(p1), u64::from(p2));
        emit(1, 0, 0);
        emit(2, t.word, 0);
        emit(3, m1.word, 0);
        emit(5, m2.word, 0);
        emit(6, n2.word, 0);
        emit(7, t.shape, 0);
        emit(8, m1.shape, 0);
        emit(9, n1.shape, 0);
        let token = &self.tokens[k];
        let affixes = affixes(self.text.get(token.start..token.end).unwrap_or_default());
        for (n, &a) in affixes.iter().enumerate() {
            if a != 0 {
                emit(11 + n as u64, a, 0);
            }
        }
        emit(20, m1.word, t.word);
        emit(22, p1, 0);
        emit(23, p1, p2);
        emit(24, p1, t.word);
        emit(25, p1, t.shape);
        emit(26, caps, upper);
        emit(27, caps, t.word);
        emit(28, u64::from(t.gaz), caps);
        emit(29, u64::from(m1.gaz), 0);
        emit(30, u64::from(n1.gaz), 0);
        emit(31, u64::from(t.gaz_first), u64::from(t.gaz >> 8));
        emit(32, u64::from(t.gaz), t.shape);
        emit(33, u64::from(t.gaz), p1);
        let mut bits = t.gaz & 0xff;
        while bits != 0 {
            let b = bits.trailing_zeros();
            emit(34, u64::from(b), u64::from(t.gaz >> 8));
            bits &= bits - 1;
        }
        emit(36, t.shape, n1.word);
        let first_name = |i: &Info| u64::from(i.flags & F_FIRST_NAME != 0);
        let init = |i: &Info| u64::from(i.flags & F_INIT_UPPER);
        emit(41, first_name(t), first_name(m1));
        emit(43, first_name(m1), mix(init(m1), init(t)));
        emit(44, first_name(t), caps);
        emit(45, u64::from(t.flags & F_SEEN_MID != 0), caps);
    }

    /// Calls `f` with the keys of [`features`](Doc::features) that depend on token `k` alone
    /// (its word, shape, affixes, case flags and gazetteer bits: see [`intrinsic_key`]); the
    /// others are those of [`context_features`](Doc::context_features).
    #[inline]
    fn intrinsic_features(&self, k: usize, mut f: impl FnMut(u64)) {
        let t = &self.info[k];
        let mut emit = |template: u64, a: u64, b: u64| f(finish(mix(mix(template, a), b)));
        let caps = u64::from(t.flags & (F_INIT_UPPER | F_SENT_START | F_CAPS_LINE));
        let upper = u64::from(t.flags & (F_INIT_UPPER | F_HAS_UPPER | F_HAS_LOWER | F_HAS_DIGIT));
        emit(1, 0, 0);
        emit(2, t.word, 0);
        emit(7, t.shape, 0);
        let token = &self.tokens[k];
        let affixes = affixes(self.text.get(token.start..token.end).unwrap_or_default());
        for (n, &a) in affixes.iter().enumerate() {
            if a != 0 {
                emit(11 + n as u64, a, 0);
            }
        }
        emit(26, caps, upper);
        emit(27, caps, t.word);
        emit(28, u64::from(t.gaz), caps);
        emit(31, u64::from(t.gaz_first), u64::from(t.gaz >> 8));
        emit(32, u64::from(t.gaz), t.shape);
        let mut bits = t.gaz & 0xff;
        while bits != 0 {
            let b = bits.trailing_zeros();
            emit(34, u64::from(b), u64::from(t.gaz >> 8));
            bits &= bits - 1;
        }
        let first_name = u64::from(t.flags & F_FIRST_NAME != 0);
        emit(44, first_name, caps);
        emit(45, u64::from(t.flags & F_SEEN_MID != 0), caps);
    }

    /// Calls `f` with the keys of [`features`](Doc::features) that are neither
    /// [`intrinsic_features`](Doc::intrinsic_features) nor [`tag_features`]: those of the
    /// neighbours, alone or with the token or the previous tag `p1`.
    #[inline]
    fn context_features(&self, k: usize, p1: u8, mut f: impl FnMut(u64)) {
        let t = &self.info[k];
        let [m2, m1, n1, n2] = self.neighbours(k);
        let mut emit = |template: u64, a: u64, b: u64| f(finish(mix(mix(template, a), b)));
        let p1 = u64::from(p1);
        emit(3, m1.word, 0);
        emit(5, m2.word, 0);
        emit(6, n2.word, 0);
        emit(8, m1.shape, 0);
        emit(9, n1.shape, 0);
        emit(20, m1.word, t.word);
        emit(24, p1, t.word);
        emit(25, p1, t.shape);
        emit(29, u64::from(m1.gaz), 0);
        emit(30, u64::from(n1.gaz), 0);
        emit(33, u64::from(t.gaz), p1);
        emit(36, t.shape, n1.word);
        let first_name = |i: &Info| u64::from(i.flags & F_FIRST_NAME != 0);
        let init = |i: &Info| u64::from(i.flags & F_INIT_UPPER);
        emit(41, first_name(t), first_name(m1));
        emit(43, first_name(m1), mix(init(m1), init(t)));
    }
}

/// Calls `f` with the keys of [`Doc::features`] that depend on the two previous tags alone;
/// with [`Doc::intrinsic_features`] and [`Doc::context_features`], all of them.
fn tag_features(p1: u8, p2: u8, mut f: impl FnMut(u64)) {
    let (p1, p2) = (u64::from(p1), u64::from(p2));
    f(finish(mix(mix(22, p1), 0)));
    f(finish(mix(mix(23, p1), p2)));
}

/// The most keys of [`Doc::intrinsic_features`] (26) or [`Doc::context_features`] (14).
const PART_KEYS: usize = 32;

/// The flags that [`Doc::intrinsic_features`] reads.
const INTRINSIC_FLAGS: u16 = F_INIT_UPPER
    | F_HAS_UPPER
    | F_HAS_LOWER
    | F_HAS_DIGIT
    | F_SENT_START
    | F_CAPS_LINE
    | F_FIRST_NAME
    | F_SEEN_MID;

/// Returns what the intrinsic features of a token depend on besides its word and shape
/// hashes (the affixes are those of the word): its flags and gazetteer bits, never 0.
#[inline]
fn intrinsic_key(i: &Info) -> u64 {
    u64::from(i.flags & INTRINSIC_FLAGS)
        | u64::from(i.gaz) << 16
        | u64::from(i.gaz_first) << 32
        | 1 << 40
}

/// One entry of [`SumCache`]: a token's word, shape and [`intrinsic_key`], and the sum of
/// the weights of its intrinsic features (as [`Model::add_all_int`] gives it).
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct CachedSum {
    word: u64,
    shape: u64,
    key: u64,
    sum: [i32; NL],
}

/// Sums of the weights of tokens' intrinsic features, by word, shape and flags: names recur,
/// in an article and across articles. Direct-mapped; valid for the model `owner` only.
#[derive(Debug, Default)]
struct SumCache {
    owner: u64,
    entries: Vec<CachedSum>,
}

/// The log2 of the number of entries of a [`SumCache`] (512 KB).
const CACHE_BITS: u32 = 13;

/// The most feature keys of one token.
const MAX_KEYS: usize = 64;

/// The widest range of weight exponents for which every sum of [`MAX_KEYS`] weights is exact
/// in an `f32` (see [`Model::exact`]): 11.
const EXP_SPAN: i8 = {
    let mut span = 0;
    while ((MAX_KEYS as i64 * 127) << (span + 1)) < 1 << 24 {
        span += 1;
    }
    span
};

/// Feature weights: adds the weights of `key` to the label scores.
trait Weights {
    fn add(&self, key: u64, scores: &mut [f32; NL]);

    /// Adds the weights of all `keys`.
    fn add_all(&self, keys: &[u64], scores: &mut [f32; NL]) {
        for &key in keys {
            self.add(key, scores);
        }
    }

    /// Returns the best tag allowed after `p1` for the features `keys`: the highest sum of
    /// their weights, the first tag on a tie.
    fn best(&self, keys: &[u64], p1: u8) -> u8 {
        let mut scores = [0f32; NL];
        self.add_all(keys, &mut scores);
        let mut best = f32::NEG_INFINITY;
        let mut tag = O;
        for (t, &s) in scores.iter().enumerate() {
            if s > best && allowed(p1, t as u8) {
                best = s;
                tag = t as u8;
            }
        }
        tag
    }
}

/// Whether tag `tag` may follow `prev` (I-X only after B-X or I-X).
#[inline]
fn allowed(prev: u8, tag: u8) -> bool {
    tag == O || tag % 2 == 1 || (prev != O && (prev - 1) / 2 == (tag - 1) / 2)
}

/// Predicts the tag of token `k` given the two previous tags, or `None` if the token is not
/// scored (it is `O`).
#[inline]
fn predict<W: Weights>(doc: &Doc<'_>, w: &W, k: usize, p1: u8, p2: u8) -> Option<u8> {
    if !doc.scored(k, p1) {
        return None;
    }
    let mut keys = [0u64; MAX_KEYS];
    let mut n = 0;
    doc.features(k, p1, p2, |key| {
        if let Some(slot) = keys.get_mut(n) {
            *slot = key;
            n += 1;
        }
    });
    Some(w.best(&keys[..n], p1))
}

/// Returns the previous two tags for token `k` (none across a line break).
#[inline]
fn context(doc: &Doc<'_>, k: usize, tags: &[u8]) -> (u8, u8) {
    if doc.info[k].flags & F_NEWLINE != 0 {
        return (O, O);
    }
    let p1 = k
        .checked_sub(1)
        .and_then(|j| tags.get(j))
        .copied()
        .unwrap_or(O);
    let p2 = if k >= 2 && doc.info[k - 1].flags & F_NEWLINE == 0 {
        tags[k - 2]
    } else {
        O
    };
    (p1, p2)
}

/// Decodes `doc` greedily, left to right, into `tags`.
fn decode<W: Weights>(doc: &Doc<'_>, w: &W, tags: &mut Vec<u8>) {
    tags.clear();
    for k in 0..doc.tokens.len() {
        let (p1, p2) = context(doc, k, tags);
        tags.push(predict(doc, w, k, p1, p2).unwrap_or(O));
    }
}

/// Decodes `doc` like [`decode`] for an [`exact`](Model::exact) model: the sum of the weights of
/// a token's intrinsic features comes from `cache` when the same word, shape and flags were
/// scored before, and the context features are added to it. The sums are exact, so the order
/// of the additions does not change them; they are kept as integers ([`Model::add_all_int`]).
fn decode_cached(doc: &Doc<'_>, model: &Model, tags: &mut Vec<u8>, cache: &mut SumCache) {
    if cache.owner != model.id || cache.entries.is_empty() {
        cache.owner = model.id;
        cache.entries.clear();
        cache.entries.resize(1 << CACHE_BITS, CachedSum::default());
    }
    // Most tokens are neither capitalised nor just before a capitalised one: they stay `O`
    // without looking at the tags before them.
    let n = doc.tokens.len();
    tags.clear();
    tags.resize(n, O);
    let name_like = |i: &Info| i.flags & (F_HAS_UPPER | F_STOP) == F_HAS_UPPER;
    for k in 0..n {
        let t = &doc.info[k];
        let may_score = if t.flags & F_HAS_UPPER != 0 {
            t.flags & F_STOP == 0
        } else {
            doc.info.get(k + 1).is_some_and(name_like)
        };
        if !may_score {
            continue;
        }
        let (p1, p2) = context(doc, k, tags);
        if !doc.scored(k, p1) {
            continue;
        }
        let key = intrinsic_key(t);
        let slot = (finish(mix(mix(t.word, t.shape), key)) >> (64 - CACHE_BITS)) as usize;
        let entry = &mut cache.entries[slot];
        if (entry.word, entry.shape, entry.key) != (t.word, t.shape, key) {
            let mut keys = [0u64; PART_KEYS];
            let mut n = 0;
            doc.intrinsic_features(k, |key| {
                if let Some(slot) = keys.get_mut(n) {
                    *slot = key;
                    n += 1;
                }
            });
            let mut sum = [0i32; NL];
            model.add_all_int(&keys[..n], &mut sum);
            *entry = CachedSum {
                word: t.word,
                shape: t.shape,
                key,
                sum,
            };
        }
        let mut scores = entry.sum;
        for (s, &w) in scores
            .iter_mut()
            .zip(&model.tag_sums[usize::from(p1) * NL + usize::from(p2)])
        {
            *s += w;
        }
        let mut keys = [0u64; PART_KEYS];
        let mut n = 0;
        doc.context_features(k, p1, |key| {
            if let Some(slot) = keys.get_mut(n) {
                *slot = key;
                n += 1;
            }
        });
        model.add_all_int(&keys[..n], &mut scores);
        let mut best = i32::MIN;
        let mut tag = O;
        for (t, &s) in scores.iter().enumerate() {
            if s > best && allowed(p1, t as u8) {
                best = s;
                tag = t as u8;
            }
        }
        tags[k] = tag;
    }
}

/// Turns BIO tags into spans.
fn spans(tokens: &[Token], tags: &[u8]) -> Vec<Span> {
    const _: () = assert!(O == 0, "runs of O are skipped as zero bytes");
    let n = tokens.len().min(tags.len());
    let (tokens, tags) = (&tokens[..n], &tags[..n]);
    let mut out: Vec<Span> = Vec::with_capacity(n / 16);
    let mut prev = O;
    let mut k = 0;
    while k < n {
        // Most tags are O: eight at a time.
        if let Some(chunk) = tags.get(k..k + 8) {
            if u64::from_le_bytes(chunk.try_into().unwrap_or([1; 8])) == 0 {
                prev = O;
                k += 8;
                continue;
            }
        }
        let (t, tag) = (tokens[k], tags[k]);
        k += 1;
        if tag == O {
            prev = O;
            continue;
        }
        let label = label_of(tag);
        match out.last_mut() {
            Some(last) if tag % 2 == 0 && prev != O && label_of(prev) == label => last.end = t.end,
            _ => out.push(Span {
                start: t.start,
                end: t.end,
                label,
            }),
        }
        prev = tag;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Model

const MAGIC: &[u8; 8] = b"NDXNER02";

/// Per-thread buffers of [`Model::tag`].
#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    info: Vec<Info>,
    tags: Vec<u8>,
    cache: SumCache,
}

/// Buffers for more tokens than this are not kept between calls.
const MAX_SCRATCH: usize = 1 << 20;

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// Four slots of the weight table, one cache line: their fingerprints (a feature key's high 32
/// bits; 0 marks an empty slot), then each slot's exponent and weights (its weight for tag `t`
/// is `w[t] * 2^exp`).
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct Bucket {
    fingerprints: [u32; 4],
    exp: [i8; 4],
    w: [[i8; NL]; 4],
    /// For an exact model, each slot's `exp - emin` (its weights as integers in units of
    /// `2^emin`: see [`Model::add_all_int`]).
    shift: [u8; 4],
    /// Whether a key whose home is this bucket, or that passed through it, was placed in a
    /// later bucket because this one was full.
    overflow: bool,
}

const _: () = assert!(
    std::mem::size_of::<Bucket>() == 64,
    "a bucket is one cache line"
);

/// Puts a key's weights in `buckets` (see [`Model::buckets`]); a key already there (by its
/// fingerprint) is replaced.
fn place_in_bucket(buckets: &mut [Bucket], key: u64, exp: i8, w: [i8; NL]) {
    let fp = fingerprint(key);
    let n = buckets.len();
    let mut b = (key as usize >> 2) & (n - 1);
    for _ in 0..n {
        let bucket = &mut buckets[b];
        let free = bucket.fingerprints.iter().position(|&x| x == fp || x == 0);
        if let Some(j) = free {
            bucket.fingerprints[j] = fp;
            bucket.exp[j] = exp;
            bucket.w[j] = w;
            return;
        }
        bucket.overflow = true;
        b = (b + 1) & (n - 1);
    }
}

/// Returns the slots of a bucket, with fingerprints `fps`, where the probe for fingerprint `fp`
/// stops: bit `j` is set if slot `j` holds `fp` or is empty.
#[inline(always)]
fn stops(fps: [u32; 4], fp: u32) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            _mm_castsi128_ps, _mm_cmpeq_epi32, _mm_movemask_ps, _mm_or_si128, _mm_set1_epi32,
            _mm_set_epi32, _mm_setzero_si128,
        };
        let [a, b, c, d] = fps.map(|x| x as i32);
        // SAFETY: these intrinsics need SSE2, which every x86-64 processor has (it is part
        // of the target's baseline); they read and write registers only.
        unsafe {
            let v = _mm_set_epi32(d, c, b, a);
            let hit = _mm_cmpeq_epi32(v, _mm_set1_epi32(fp as i32));
            let empty = _mm_cmpeq_epi32(v, _mm_setzero_si128());
            _mm_movemask_ps(_mm_castsi128_ps(_mm_or_si128(hit, empty))) as u32
        }
    }
    // min(x ^ fp, x) is 0 exactly when x is fp or 0.
    #[cfg(not(target_arch = "x86_64"))]
    {
        let stop = fps.map(|x| (x ^ fp).min(x) == 0);
        u32::from(stop[0])
            | u32::from(stop[1]) << 1
            | u32::from(stop[2]) << 2
            | u32::from(stop[3]) << 3
    }
}

/// Adds `w[t] * scale` to `sum[t]`, for every tag `t`.
#[inline(always)]
fn add_scaled(sum: &mut [f32; NL], w: &[i8; NL], scale: f32) {
    // Eight, then one: the eight in vector registers.
    let (head, last) = sum.split_at_mut(8);
    let mut eight = [0f32; 8];
    for (e, &w) in eight.iter_mut().zip(w) {
        *e = f32::from(w);
    }
    for (s, e) in head.iter_mut().zip(eight) {
        *s += e * scale;
    }
    for (s, &w) in last.iter_mut().zip(&w[8..]) {
        *s += f32::from(w) * scale;
    }
}

/// Adds `w[t] << shift` to `sum[t]`, for every tag `t`.
#[inline(always)]
fn add_shifted(sum: &mut [i32; NL], w: &[i8; NL], shift: u8) {
    let shift = u32::from(shift);
    for (s, &w) in sum.iter_mut().zip(w) {
        *s += i32::from(w) << shift;
    }
}

/// Adds the weights of `keys` to `sum` with `add(sum, bucket, slot)`, given the fingerprints
/// of their home buckets in `buckets` (`mask + 1` of them; see [`Model::buckets`]).
#[inline(always)]
fn add_chunk<S>(
    buckets: &[Bucket],
    mask: usize,
    first: &[[u32; 4]; 16],
    keys: &[u64],
    sum: &mut S,
    add: impl Fn(&mut S, &Bucket, usize),
) {
    for (f, &key) in first.iter().zip(keys) {
        // The first slot of the home bucket that holds the key's fingerprint or is empty
        // (slots fill in order, so a key sits before every empty slot of its bucket).
        let fp = fingerprint(key);
        let mut b = (key as usize >> 2) & mask;
        let mut stop = stops(*f, fp);
        while stop == 0 {
            // A full bucket without the key: it is further on, or nowhere.
            if !buckets[b].overflow {
                break;
            }
            b = (b + 1) & mask;
            stop = stops(buckets[b].fingerprints, fp);
        }
        if stop != 0 {
            // A hit or an empty slot, whose weights are all 0: adding them without a branch
            // changes no sum.
            let j = stop.trailing_zeros() as usize & 3;
            add(sum, &buckets[b], j);
        }
    }
}

/// Returns 2^e (e in -126..=127).
#[inline]
fn pow2(e: i8) -> f32 {
    f32::from_bits(((i32::from(e) + 127).clamp(1, 254) as u32) << 23)
}

/// Returns the fingerprint of a key in a [`Bucket`], never 0.
#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

/// A trained tagging model: quantised weights in an open-addressing table of buckets.
#[derive(Debug, Default)]
pub struct Model {
    names: Names,
    /// The weights, four slots to a cache line with the fingerprints together. A key lives in
    /// its home bucket, `(key >> 2) & bucket_mask`, at its first free slot, unless the bucket
    /// was full: it then lives in the first later bucket with room, and the buckets in between
    /// are marked [`Bucket::overflow`]. A lookup compares the four fingerprints of the home
    /// bucket at once and, in all but a few percent of cases, stops there.
    buckets: Vec<Bucket>,
    /// `buckets.len() - 1`.
    bucket_mask: usize,
    /// The number of features (occupied slots).
    features: usize,
    /// Whether every sum of at most [`MAX_KEYS`] weights is exact in an `f32`, whatever the
    /// order of the additions: the weights are `w * 2^exp` with |w| <= 127, so with `exp` in
    /// `emin..=emax` every sum is a multiple of `2^emin` below `MAX_KEYS * 127 * 2^emax`, and
    /// exact when that is below `2^(emin + 24)`. Sums of weights can then be cached.
    exact: bool,
    /// A number of its own for each model built by [`Model::from_bytes`] (cached sums belong
    /// to one model).
    id: u64,
    /// For an exact model, the sum of the weights of the [`tag_features`] of each pair of
    /// previous tags, at `p1 * NL + p2`.
    tag_sums: Vec<[i32; NL]>,
}

/// The source of [`Model::id`] and [`Names::id`].
static MODEL_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A set of words (first names) by word hash: open addressing, 0 marks an empty slot.
#[derive(Debug, Default, Clone)]
struct Names {
    slots: Vec<u64>,
    /// A Bloom-style bit set of the hashes (by their top bits, `shift`), about 16 bits per
    /// word and at most 8 KB: a word whose bit is clear is not in the set, without a probe.
    bits: Vec<u64>,
    shift: u32,
    /// A number of its own for each set built by [`Names::new`] (0: the empty set), for caches
    /// of lookups ([`WordCache`]).
    id: u64,
}

impl Names {
    /// Builds the set of the words with these hashes.
    fn new(hashes: &[u64]) -> Names {
        if hashes.is_empty() {
            return Names::default();
        }
        let size = (hashes.len() * 2).next_power_of_two();
        let mut slots = vec![0u64; size];
        let nbits = (hashes.len() * 16).next_power_of_two().clamp(64, 1 << 16);
        let shift = 64 - nbits.trailing_zeros();
        let mut bits = vec![0u64; nbits / 64];
        for &h in hashes {
            let h = h.max(1);
            let bit = (h >> shift) as usize;
            bits[bit / 64] |= 1 << (bit % 64);
            let mut i = finish(h) as usize & (size - 1);
            while slots[i] != 0 && slots[i] != h {
                i = (i + 1) & (size - 1);
            }
            slots[i] = h;
        }
        Names {
            slots,
            bits,
            shift,
            id: MODEL_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Whether the word with hash `h` is in the set.
    #[inline]
    fn contains(&self, h: u64) -> bool {
        if self.slots.is_empty() {
            return false;
        }
        let h = h.max(1);
        let bit = (h >> self.shift) as usize;
        if self.bits[bit / 64] >> (bit % 64) & 1 == 0 {
            return false;
        }
        let mask = self.slots.len() - 1;
        let mut i = finish(h) as usize & mask;
        loop {
            match self.slots[i] {
                0 => return false,
                x if x == h => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The hashes in the set, sorted.
    fn hashes(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.slots.iter().copied().filter(|&h| h != 0).collect();
        v.sort_unstable();
        v
    }
}

impl Weights for Model {
    fn add_all(&self, keys: &[u64], scores: &mut [f32; NL]) {
        self.add_all_with(keys, scores, |sum, bucket, j| {
            add_scaled(sum, &bucket.w[j], pow2(bucket.exp[j]));
        });
    }

    fn add(&self, key: u64, scores: &mut [f32; NL]) {
        self.add_all(&[key], scores);
    }
}

impl Model {
    /// Parses a model file: `NDXNER02`, the feature count (u32), per feature its key (u64),
    /// a power-of-two exponent (i8) and 9 weights (i8), then the count of first names (u32)
    /// and their word hashes (u64), all little-endian. Returns `None` if the data is
    /// malformed.
    pub fn from_bytes(data: &[u8]) -> Option<Model> {
        const ROW: usize = 9 + NL;
        let rest = data.strip_prefix(MAGIC)?;
        let count = u32::from_le_bytes(rest.get(0..4)?.try_into().ok()?) as usize;
        let rows_end = count.checked_mul(ROW)?.checked_add(4)?;
        let body = rest.get(4..rows_end)?;
        let tail = rest.get(rows_end..)?;
        let n_names = u32::from_le_bytes(tail.get(0..4)?.try_into().ok()?) as usize;
        let names = tail.get(4..)?;
        if names.len() != n_names.checked_mul(8)? {
            return None;
        }
        // Half full: four slots a bucket, twice as many slots as features.
        let size = (count * 2).next_power_of_two().max(16);
        let mut buckets = vec![Bucket::default(); size / 4];
        for row in body.chunks_exact(ROW) {
            let key = u64::from_le_bytes(row[..8].try_into().ok()?);
            let exp = i8::from_le_bytes([row[8]]);
            let mut w = [0i8; NL];
            for (x, &b) in w.iter_mut().zip(&row[9..]) {
                *x = i8::from_le_bytes([b]);
            }
            place_in_bucket(&mut buckets, key, exp, w);
        }
        let hashes: Vec<u64> = names
            .chunks_exact(8)
            .filter_map(|c| Some(u64::from_le_bytes(c.try_into().ok()?)))
            .collect();
        let bucket_mask = buckets.len() - 1;
        let mut model = Model {
            names: Names::new(&hashes),
            buckets,
            bucket_mask,
            features: 0,
            exact: false,
            id: MODEL_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            tag_sums: Vec::new(),
        };
        let used = || {
            model.buckets.iter().flat_map(|b| {
                b.fingerprints
                    .iter()
                    .zip(b.exp)
                    .filter(|&(&fp, _)| fp != 0)
                    .map(|(_, exp)| i64::from(exp))
            })
        };
        model.features = used().count();
        let emin = used().min().unwrap_or(0);
        let emax = used().max().unwrap_or(0);
        // Weights are exact in an f32 (normal exponents), and so are the sums.
        model.exact = emin >= -100 && emax <= 100 && emax - emin <= i64::from(EXP_SPAN);
        if model.exact {
            for bucket in &mut model.buckets {
                for (shift, &exp) in bucket.shift.iter_mut().zip(&bucket.exp) {
                    // Empty slots have exponent 0 and no weights.
                    *shift = u8::try_from((i64::from(exp) - emin).max(0)).unwrap_or(0);
                }
            }
            let mut sums = vec![[0i32; NL]; NL * NL];
            for (pair, sum) in sums.iter_mut().enumerate() {
                let mut keys = [0u64; 2];
                let mut n = 0;
                tag_features((pair / NL) as u8, (pair % NL) as u8, |key| {
                    keys[n] = key;
                    n += 1;
                });
                model.add_all_int(&keys, sum);
            }
            model.tag_sums = sums;
        }
        Some(model)
    }

    /// Returns the number of features in the model.
    pub fn len(&self) -> usize {
        self.features
    }

    /// Adds the weights of `keys`, as integers in units of `2^emin` (the least exponent of the
    /// model), to `sum`. For an exact model these sums are those of [`Weights::add_all`] divided
    /// by `2^emin`, so they compare the same; they fit an `i32` (below `MAX_KEYS * 127 *
    /// 2^EXP_SPAN`), and integer additions are cheaper than scaled conversions to `f32`.
    #[inline]
    fn add_all_int(&self, keys: &[u64], sum: &mut [i32; NL]) {
        debug_assert!(self.exact);
        self.add_all_with(keys, sum, |sum, bucket, j| {
            add_shifted(sum, &bucket.w[j], bucket.shift[j]);
        });
    }

    /// Adds the weights of `keys` to `scores` with `add(sum, bucket, slot)`.
    #[inline(always)]
    fn add_all_with<S: Copy>(
        &self,
        keys: &[u64],
        scores: &mut S,
        add: impl Fn(&mut S, &Bucket, usize) + Copy,
    ) {
        // Sum in a local copy, kept in registers.
        let mut sum = *scores;
        // A key's home bucket is `(key & mask) >> 2`, i.e. `(key >> 2) & bucket_mask`: with
        // the slice exactly `bucket_mask + 1` long, indexes need no bounds checks.
        let mask = self.bucket_mask;
        let Some(buckets) = self.buckets.get(..=mask) else {
            return;
        };
        // Sixteen keys at a time, load every first bucket's fingerprints before comparing
        // any: the loads are independent, so their cache misses overlap.
        for keys in keys.chunks(16) {
            let mut first = [[0u32; 4]; 16];
            for (f, &key) in first.iter_mut().zip(keys) {
                *f = buckets[(key as usize >> 2) & mask].fingerprints;
            }
            add_chunk(buckets, mask, &first, keys, &mut sum, add);
        }
        *scores = sum;
    }

    /// Whether the model has no features (it tags nothing).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Tags `text` with this model (see [`tag`]).
    pub fn tag(&self, text: &str) -> Vec<Span> {
        self.tag_impl(text, None)
    }

    /// Tags `text`; `hits`, if given, are `gazetteer().find(text)`.
    fn tag_impl(&self, text: &str, hits: Option<&[Hit<'_>]>) -> Vec<Span> {
        if self.buckets.is_empty() {
            return Vec::new();
        }
        SCRATCH.with(|cell| {
            // Reuse the buffers of earlier calls on this thread (a fresh large buffer costs
            // page faults); a re-entrant call gets new ones.
            let mut scratch = cell.take();
            scratch.tokens.clear();
            scratch.info.clear();
            tokenize_into(text, &mut scratch.tokens, &mut scratch.info);
            let tokens = std::mem::take(&mut scratch.tokens);
            let info = std::mem::take(&mut scratch.info);
            let doc = Doc::new(text, tokens, info, &self.names, hits);
            if self.exact {
                decode_cached(&doc, self, &mut scratch.tags, &mut scratch.cache);
            } else {
                decode(&doc, self, &mut scratch.tags);
            }
            let found = spans(&doc.tokens, &scratch.tags);
            scratch.tokens = doc.tokens;
            scratch.info = doc.info;
            if scratch.tokens.capacity() > MAX_SCRATCH {
                scratch = Scratch {
                    cache: scratch.cache,
                    ..Scratch::default()
                };
            }
            cell.set(scratch);
            found
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Training

/// Options of [`train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training documents.
    pub epochs: usize,
    /// Seed of the document order shuffle.
    pub seed: u64,
    /// The most features kept in the model (those with the largest weights).
    pub max_features: usize,
    /// Common first names (any case), a feature and stored in the model.
    pub first_names: Vec<String>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 2003,
            max_features: 30_000,
            first_names: Vec::new(),
        }
    }
}

/// Weights during training: the current weights, the sums for averaging, by feature.
#[derive(Default)]
struct Trainer {
    index: std::collections::HashMap<u64, usize, BuildIdentity>,
    w: Vec<[f32; NL]>,
    /// Sum of c * update, for the averaged weights w - u / c.
    u: Vec<[f32; NL]>,
    c: f32,
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(super) struct BuildIdentity;

#[derive(Default)]
pub(super) struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl std::hash::BuildHasher for BuildIdentity {
    type Hasher = Identity;
    fn build_hasher(&self) -> Identity {
        Identity(0)
    }
}

impl Weights for Trainer {
    fn add(&self, key: u64, scores: &mut [f32; NL]) {
        if let Some(&i) = self.index.get(&key) {
            for (s, w) in scores.iter_mut().zip(&self.w[i]) {
                *s += w;
            }
        }
    }
}

impl Trainer {
    fn update(&mut self, key: u64, gold: u8, pred: u8) {
        let n = self.w.len();
        let i = *self.index.entry(key).or_insert(n);
        if i == n {
            self.w.push([0.0; NL]);
            self.u.push([0.0; NL]);
        }
        let (g, p) = (usize::from(gold), usize::from(pred));
        self.w[i][g] += 1.0;
        self.w[i][p] -= 1.0;
        self.u[i][g] += self.c;
        self.u[i][p] -= self.c;
    }

    /// Serialises the averaged weights, keeping the `max` features with the largest weights.
    fn to_bytes(&self, max: usize, names: &Names) -> Vec<u8> {
        let c = self.c.max(1.0);
        let mut rows: Vec<(u64, [f32; NL], f32)> = self
            .index
            .iter()
            .map(|(&key, &i)| {
                let mut avg = [0f32; NL];
                for (k, a) in avg.iter_mut().enumerate() {
                    *a = self.w[i][k] - self.u[i][k] / c;
                }
                let top = avg.iter().fold(0f32, |m, x| m.max(x.abs()));
                (key, avg, top)
            })
            .filter(|r| r.2 > 1e-3)
            .collect();
        rows.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        rows.truncate(max);
        rows.sort_by_key(|r| r.0);
        // The smallest power of two that brings a feature's largest weight into i8, but no
        // smaller than EXP_SPAN below the largest: the model stays exact (see `Model::exact`),
        // and the few smallest weights lose a bit of precision.
        let exp_of = |top: f32| (top / 127.0).log2().ceil().clamp(-100.0, 100.0) as i8;
        let emax = rows.iter().map(|r| exp_of(r.2)).max().unwrap_or(0);
        let mut out = Vec::with_capacity(16 + rows.len() * (9 + NL));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (key, avg, top) in &rows {
            let exp = exp_of(*top).max(emax.saturating_sub(EXP_SPAN));
            let scale = pow2(exp);
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&exp.to_le_bytes());
            for a in avg {
                let q = (a / scale).round().clamp(-127.0, 127.0) as i8;
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        let hashes = names.hashes();
        out.extend_from_slice(&(hashes.len() as u32).to_le_bytes());
        for h in hashes {
            out.extend_from_slice(&h.to_le_bytes());
        }
        out
    }
}

/// Returns the BIO tags of a gold document's tokens.
fn gold_tags(doc: &GoldDoc) -> Vec<u8> {
    let mut tags = vec![O; doc.tokens.len()];
    let mut k = 0;
    for s in &doc.spans {
        while k < doc.tokens.len() && doc.tokens[k].end <= s.start {
            k += 1;
        }
        let mut first = true;
        while k < doc.tokens.len() && doc.tokens[k].start < s.end {
            tags[k] = bio(s.label, first);
            first = false;
            k += 1;
        }
    }
    tags
}

/// Trains a model on gold documents with tokens (CoNLL) and returns the model file's bytes.
/// `epoch_done` is called after each epoch with its number and the model so far.
pub fn train(
    docs: &[GoldDoc],
    options: &TrainOptions,
    mut epoch_done: impl FnMut(usize, &[u8]),
) -> Vec<u8> {
    let hashes: Vec<u64> = options
        .first_names
        .iter()
        .map(|n| word_hash_shape(n.trim()).0)
        .collect();
    let names = Names::new(&hashes);
    let prepared: Vec<(Doc<'_>, Vec<u8>)> = docs
        .iter()
        .filter(|d| !d.tokens.is_empty())
        .map(|d| {
            let tokens: Vec<Token> = d
                .tokens
                .iter()
                .map(|r| Token {
                    start: r.start,
                    end: r.end,
                })
                .collect();
            let info: Vec<Info> = tokens
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let nl = k == 0
                        || d.text
                            .get(tokens[k - 1].end..t.start)
                            .is_some_and(|g| g.contains('\n'));
                    let word = d.text.get(t.start..t.end).unwrap_or_default();
                    Info {
                        flags: word_flags(word) | if nl { F_NEWLINE } else { 0 },
                        ..Info::default()
                    }
                })
                .collect();
            (Doc::new(&d.text, tokens, info, &names, None), gold_tags(d))
        })
        .collect();
    let mut trainer = Trainer::default();
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = options.seed | 1;
    let mut tags = Vec::new();
    let mut keys = Vec::new();
    let mut bytes = Vec::new();
    for epoch in 1..=options.epochs {
        // Fisher-Yates with a xorshift generator: the same order for the same seed.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &d in &order {
            let (doc, gold) = &prepared[d];
            // Greedy decoding with an update at each mistake. Gold names on tokens the decoder
            // does not score are not learnable; they stay misses.
            tags.clear();
            for (k, &g) in gold.iter().enumerate() {
                let (p1, p2) = context(doc, k, &tags);
                let Some(pred) = predict(doc, &trainer, k, p1, p2) else {
                    tags.push(O);
                    continue;
                };
                trainer.c += 1.0;
                if g != pred {
                    keys.clear();
                    doc.features(k, p1, p2, |key| keys.push(key));
                    for &key in &keys {
                        trainer.update(key, g, pred);
                    }
                }
                tags.push(pred);
            }
        }
        bytes = trainer.to_bytes(options.max_features, &names);
        epoch_done(epoch, &bytes);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn tokenizer_table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("Iraq's oil", &["Iraq", "'s", "oil"]),
            ("Iraq’s oil", &["Iraq", "’s", "oil"]),
            (
                "the U.S. and U.N.-led force",
                &["the", "U.S.", "and", "U.N.-led", "force"],
            ),
            ("US-led, 1,200.5 km", &["US-led", ",", "1,200.5", "km"]),
            (
                "Mr. O'Brien of AT&T.",
                &["Mr.", "O'Brien", "of", "AT&T", "."],
            ),
            ("George W. Bush", &["George", "W.", "Bush"]),
            ("don't \"quote\"", &["don", "'t", "\"", "quote", "\""]),
            ("Zürich — São Paulo", &["Zürich", "—", "São", "Paulo"]),
            ("北京 市", &["北京", "市"]),
            ("plan B.", &["plan", "B."]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), *want, "{text:?}");
        }
    }

    #[test]
    fn abbreviations_are_found_in_any_case() {
        for a in ABBREVIATIONS {
            assert!(is_abbreviation(a.as_bytes()), "{a}");
            assert!(is_abbreviation(a.to_uppercase().as_bytes()), "{a}");
        }
        for word in [
            "",
            "m",
            "mrx",
            "messrsx",
            "abcdefghij",
            "Iraq",
            "said",
            "mr\0",
        ] {
            assert!(!is_abbreviation(word.as_bytes()), "{word:?}");
        }
    }

    /// The one-load path gives every token it takes the end and flags of the general one.
    #[test]
    fn short_words_are_tokens_as_usual() {
        let texts = [
            "the cat sat, on a mat and I ran ",
            "Iraq said, US troops WILL stay in Baghdad, then left ",
            "Mr. O'Brien's plan B, x y z abcdefg abcdefgh, aBcD EfG, ",
            "U.S. and the U.N.-led force, al-Qaeda, AT&T, km/h ",
            "Zürich, naïve café, São Paulo, Iraq’s oil ",
        ];
        let mut taken = 0;
        for text in texts {
            for i in 0..text.len() {
                if let Some(short) = short_word(text.as_bytes(), i) {
                    if i > 0 && text.as_bytes()[i - 1].is_ascii_alphanumeric() {
                        continue; // not a token start
                    }
                    taken += 1;
                    assert_eq!(Some(short), token_at(text, i), "{text:?} at {i}");
                }
            }
        }
        assert!(taken > 30, "{taken}");
    }

    /// The cached word hashes are the hashes, on a miss and on a hit.
    #[test]
    fn word_cache_gives_the_word_hashes() {
        let text = "John said the Bank of England's governor, Mr. Carney, met John Smith again \
                    in Jerusalem-based talks; abcdefgh abcdefghi Zürich x";
        let names = &MODEL.names;
        let mut cache = WordCache::default();
        cache.prepare(names);
        for round in 0..2 {
            for t in tokenize(text) {
                let word = &text[t.start..t.end];
                let (w, sh) = word_hash_shape(word);
                let want = (w, sh, names.contains(w));
                assert_eq!(cache.get(text, &t, names), want, "{word:?}, round {round}");
            }
        }
    }

    #[test]
    fn stops_mark_the_key_and_the_empty_slots() {
        let fp = 0x8000_0001;
        for (fps, want) in [
            ([0, 0, 0, 0], 0b1111),
            ([fp, 7, 9, 11], 0b0001),
            ([7, 9, 11, fp], 0b1000),
            ([7, fp, 0, 9], 0b0110),
            ([7, 9, 11, 13], 0),
            ([u32::MAX, fp ^ 1, 1, 0], 0b1000),
        ] {
            assert_eq!(stops(fps, fp), want, "{fps:x?}");
        }
    }

    #[test]
    fn exponent_span_keeps_sums_exact() {
        assert_eq!(EXP_SPAN, 11);
        assert!((MAX_KEYS as i64 * 127) << EXP_SPAN < 1 << 24);
    }

    #[test]
    fn embedded_model_loads() {
        assert!(MODEL.len() > 10_000, "{} features", MODEL.len());
        // The embedded model uses the fast paths: buckets, cached sums.
        assert!(!MODEL.buckets.is_empty());
        assert!(MODEL.exact);
    }

    /// The table of ASCII classes is `char_class` of the ASCII characters.
    #[test]
    fn ascii_classes_are_char_classes() {
        for b in 0u8..128 {
            let [lc, class] = ASCII_CLASSES[usize::from(b)];
            assert_eq!(
                char_class(char::from(b)),
                (u32::from(lc), u32::from(class)),
                "{b}"
            );
        }
    }

    /// The intrinsic, context and tag features of a token are exactly its features.
    #[test]
    fn split_features_are_the_features() {
        let text = "Defence Secretary Lloyd Austin met Iraqi Prime Minister Mohammed Shia \
                    al-Sudani in Baghdad.\nTHE UN SAID 2,500 US TROOPS STAY\nBut the Bank of \
                    England's O'Brien, of Islamic State (IS), flew to Nice, France.";
        let mut tokens = Vec::new();
        let mut info = Vec::new();
        tokenize_into(text, &mut tokens, &mut info);
        let hits = gazetteer().find(text);
        let doc = Doc::new(text, tokens, info, &MODEL.names, Some(&hits));
        for k in 0..doc.tokens.len() {
            for (p1, p2) in [(O, O), (1, O), (2, 1), (5, 6), (8, 7)] {
                let mut all = Vec::new();
                doc.features(k, p1, p2, |key| all.push(key));
                let mut split = Vec::new();
                doc.intrinsic_features(k, |key| split.push(key));
                assert!(split.len() <= PART_KEYS);
                let n = split.len();
                doc.context_features(k, p1, |key| split.push(key));
                assert!(split.len() - n <= PART_KEYS);
                tag_features(p1, p2, |key| split.push(key));
                all.sort_unstable();
                split.sort_unstable();
                assert_eq!(all, split, "token {k}");
            }
        }
    }

    /// Every key of the model file finds its weights in the table of buckets, keys that are
    /// not in it find none, and integer sums are the f32 sums.
    #[test]
    fn buckets_find_the_weights_of_the_model_file() {
        let model = &*MODEL;
        let data = include_bytes!("data/model/ner.bin");
        let count = u32::from_le_bytes([data[8], data[9], data[10], data[11]]) as usize;
        let mut file: std::collections::HashMap<u64, (i8, [i8; NL])> =
            std::collections::HashMap::new();
        for r in 0..count {
            let row = &data[12 + r * (9 + NL)..12 + (r + 1) * (9 + NL)];
            let key = u64::from_le_bytes(row[..8].try_into().expect("8 bytes"));
            let w: [i8; NL] = std::array::from_fn(|t| row[9 + t] as i8);
            file.insert(key, (row[8] as i8, w));
        }
        assert_eq!(model.len(), file.len());
        let mut keys: Vec<u64> = file.keys().copied().collect();
        keys.sort_unstable();
        // And keys that are not in the model.
        keys.extend((0..10_000u64).map(|k| finish(k.wrapping_mul(K))));
        assert!(model.exact);
        let emin = file.values().map(|&(exp, _)| exp).min().expect("weights");
        for (n, key) in keys.iter().enumerate() {
            let mut expected = [0f32; NL];
            if let Some((exp, w)) = file.get(key) {
                for (e, &w) in expected.iter_mut().zip(w) {
                    *e = f32::from(w) * pow2(*exp);
                }
            }
            let mut found = [0f32; NL];
            model.add(*key, &mut found);
            assert_eq!(found, expected, "{key:x}");
            // Sums of up to MAX_KEYS keys, known and unknown: integer sums in units of
            // 2^emin are the f32 sums, exactly.
            let group = &keys[n..(n + 1 + n % MAX_KEYS).min(keys.len())];
            let mut f = [0f32; NL];
            model.add_all(group, &mut f);
            let mut i = [0i32; NL];
            model.add_all_int(group, &mut i);
            assert_eq!(f, i.map(|x| x as f32 * pow2(emin)), "{key:x}");
        }
    }

    #[test]
    fn tagger_table() {
        let cases: &[(&str, &[(&str, Label)])] = &[
            (
                "Defence Secretary Lloyd Austin met officials in Baghdad.",
                &[
                    ("Lloyd Austin", Label::Person),
                    ("Baghdad", Label::Location),
                ],
            ),
            (
                "The Pentagon said the talks would go on.",
                &[("Pentagon", Label::Organization)],
            ),
            (
                "IRAQ SAYS U.S. TROOPS TO LEAVE BAGHDAD",
                &[
                    ("IRAQ", Label::Location),
                    ("U.S.", Label::Location),
                    ("BAGHDAD", Label::Location),
                ],
            ),
            (
                "Vladimir Putin met Xi Jinping in Beijing on Tuesday.",
                &[
                    ("Vladimir Putin", Label::Person),
                    ("Xi Jinping", Label::Person),
                    ("Beijing", Label::Location),
                ],
            ),
            (
                "Talks were held in Zürich and São Paulo on Iraq’s debt.",
                &[
                    ("Zürich", Label::Location),
                    ("São Paulo", Label::Location),
                    ("Iraq", Label::Location),
                ],
            ),
            ("nothing to see here, all lower case.", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<(&str, Label)> = tag(text)
                .iter()
                .map(|s| (&text[s.start..s.end], s.label))
                .collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        let huge = "Angela Merkel visited Paris. ".repeat(20_000);
        let inputs = [
            "",
            " ",
            "\n\n\n",
            "'",
            "’s",
            "a.b.c.d.",
            "Владимир Путин посетил Москву.",
            "وزير الخارجية في بغداد",
            "東京で会議が開かれた。",
            "e\u{301}e\u{301} A\u{301}",
            "-&-&/ U.",
            huge.as_str(),
        ];
        for text in inputs {
            for s in tag(text) {
                assert!(
                    s.start < s.end && text.get(s.start..s.end).is_some(),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn corrupt_models_are_rejected() {
        let mut good = MAGIC.to_vec();
        good.extend_from_slice(&1u32.to_le_bytes());
        good.extend_from_slice(&7u64.to_le_bytes());
        good.extend_from_slice(&[0u8; 1 + NL]);
        good.extend_from_slice(&1u32.to_le_bytes());
        good.extend_from_slice(&42u64.to_le_bytes());
        let cases: Vec<(Vec<u8>, bool)> = vec![
            (good.clone(), true),
            (Vec::new(), false),
            (b"NDXNER01".to_vec(), false),
            (good[..good.len() - 1].to_vec(), false),
            ([b"XXXXXXXX".as_slice(), &good[8..]].concat(), false),
        ];
        for (bytes, ok) in cases {
            let model = Model::from_bytes(&bytes);
            assert_eq!(model.is_some(), ok, "{bytes:?}");
            assert!(Model::default().tag("Lloyd Austin").is_empty());
        }
    }

    #[test]
    fn bio_round_trip() {
        for label in Label::ALL {
            for begin in [true, false] {
                assert_eq!(label_of(bio(label, begin)), label);
                assert_eq!(bio(label, begin) % 2 == 1, begin);
            }
        }
        let toks = tokenize("a b c d");
        let b = bio(Label::Person, true);
        let i = bio(Label::Person, false);
        let l = bio(Label::Location, false);
        let got = spans(&toks, &[b, i, O, l]);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].start, got[0].end), (0, 3));
        assert_eq!(got[1].label, Label::Location);
    }
}
