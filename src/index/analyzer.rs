//! The prose analyzer: the tokens of tantivy's English stemming pipeline (simple tokenizer, long
//! words dropped, lower-cased, Snowball English stems) from one pass over the text, with each
//! analyzer clone remembering the stems it has computed.
//!
//! News prose repeats its words, and stemming them again and again is a fifth of what a bare
//! tantivy indexer spends its time on (measured with `perf`, see BENCHMARKS.md). Here the stem of
//! a word of up to 15 bytes is computed once by tantivy's own [`Stemmer`] and then looked up. An
//! ASCII word is found, lower-cased and packed into its lookup key in one step, where tantivy's
//! chain of four token filters would copy it into a string and walk it three more times. The
//! tokens are exactly those of tantivy's `en_stem` (unit tests and a property test compare the
//! two).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Words longer than this many bytes are dropped, as tantivy's `en_stem` does.
const LONGEST_WORD: usize = 40;

/// A clone remembers the stems of the first this many distinct words it sees (the frequent
/// words of any large corpus come early) and computes the rest each time. This bounds its
/// memory (a few MB) and keeps its table small enough to stay in the processor's caches.
const REMEMBERED_STEMS: usize = 50_000;

/// A clone starts remembering only after stemming this many words: a search stems a few
/// hundred words of snippets, mostly once each, and remembering them would cost more than it
/// saves.
const WORDS_BEFORE_REMEMBERING: usize = 4096;

/// The analyzer of the prose fields: the same tokens as tantivy's `en_stem`, faster.
pub fn prose() -> TextAnalyzer {
    TextAnalyzer::from(ProseTokenizer::default())
}

/// Packs a word of at most 15 bytes into one number: its length, then its bytes. Two words
/// pack the same only if they are the same.
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 15 {
        return None;
    }
    let mut key = bytes.len() as u128;
    for (i, &b) in bytes.iter().enumerate() {
        key |= u128::from(b) << (8 * (i + 1));
    }
    Some(key)
}

/// A hasher for packed words: each half rotated, xored and multiplied (the scheme of rustc's
/// `FxHasher`). The table is private and its keys are words, so it needs to be quick rather
/// than resistant to chosen collisions.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A remembered stem: most English stems are the word cut short.
#[derive(Clone)]
enum Stem {
    /// The first this many bytes of the word.
    Prefix(u8),
    /// Another word.
    Other(Box<str>),
}

/// The log2 of the number of entries of [`RememberedStems::hot`] (128 KB).
const HOT_BITS: u32 = 13;

/// Returns the entry of a packed word in [`RememberedStems::hot`].
fn hot_slot(key: u128) -> usize {
    let h = ((key as u64) ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(WordHasher::K);
    (h >> (64 - HOT_BITS)) as usize
}

/// An entry of [`RememberedStems::hot`] for a packed word (see [`pack`]) whose stem is its first
/// `len` bytes: the word's length (at most 15) takes the low half of the key's first byte, and
/// `len` goes into the high half, which [`hot_stem`] masks off again.
fn hot_entry(key: u128, len: u8) -> u128 {
    key | (u128::from(len) << 4)
}

/// The stem length of `key`'s word if `entry` is that word's [`hot_entry`].
fn hot_stem(entry: u128, key: u128) -> Option<usize> {
    ((entry & !0xf0) == key && entry != 0).then_some(((entry >> 4) & 0xf) as usize)
}

/// Stems English words (already lower-cased) and remembers each stem.
#[derive(Clone)]
struct RememberedStems {
    /// Stems one word: a raw tokenizer followed by tantivy's English stemmer.
    stemmer: TextAnalyzer,
    /// Packed word (see [`pack`]) → stem.
    stems: HashMap<u128, Stem, BuildHasherDefault<WordHasher>>,
    /// The remembered stems that are prefixes of their words, direct-mapped ([`hot_entry`]; 0
    /// is empty): the frequent words are looked up here, in a table small enough for the
    /// processor's caches, before `stems`, whose random reads miss them (it was 5 % of
    /// indexing). Empty until the first stem is remembered.
    hot: Vec<u128>,
    /// How many words this clone has stemmed, up to [`WORDS_BEFORE_REMEMBERING`].
    stemmed: usize,
}

impl Default for RememberedStems {
    fn default() -> Self {
        RememberedStems {
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            stems: HashMap::default(),
            hot: Vec::new(),
            stemmed: 0,
        }
    }
}

impl RememberedStems {
    /// Replaces the word in `text` by its stem.
    fn stem(&mut self, text: &mut String) {
        let key = pack(text);
        if let Some(key) = key {
            if self.stem_packed(key, text) {
                return;
            }
        }
        self.compute(key, text);
    }

    /// Replaces the word in `text`, packed as `key`, by its stem if it is remembered.
    #[inline]
    fn stem_packed(&mut self, key: u128, text: &mut String) -> bool {
        let slot = hot_slot(key);
        if let Some(len) = self.hot.get(slot).and_then(|&entry| hot_stem(entry, key)) {
            text.truncate(len);
            return true;
        }
        match self.stems.get(&key) {
            Some(&Stem::Prefix(len)) => {
                if let Some(hot) = self.hot.get_mut(slot) {
                    *hot = hot_entry(key, len);
                }
                text.truncate(usize::from(len));
                true
            }
            Some(Stem::Other(other)) => {
                text.clear();
                text.push_str(other);
                true
            }
            None => false,
        }
    }

    /// Stems the word in `text` (packed as `key`, if it is short) with tantivy's stemmer, and
    /// remembers the stem while there is room.
    #[cold]
    fn compute(&mut self, key: Option<u128>, text: &mut String) {
        let stem = {
            let mut stream = self.stemmer.token_stream(text);
            match stream.advance() {
                true => stream.token().text.clone(),
                false => text.clone(),
            }
        };
        if self.stemmed < WORDS_BEFORE_REMEMBERING {
            self.stemmed += 1;
        } else if let Some(key) = key.filter(|_| self.stems.len() < REMEMBERED_STEMS) {
            let remembered = match text.starts_with(stem.as_str()) {
                true => Stem::Prefix(stem.len() as u8),
                false => Stem::Other(stem.as_str().into()),
            };
            self.stems.insert(key, remembered);
            if self.hot.is_empty() {
                self.hot = vec![0; 1 << HOT_BITS];
            }
        }
        *text = stem;
    }
}

/// The prose tokenizer: tantivy's `SimpleTokenizer` (runs of alphanumeric characters), words
/// of [`LONGEST_WORD`] bytes or more dropped, then lower-cased and stemmed.
#[derive(Clone, Default)]
pub struct ProseTokenizer {
    token: Token,
    stems: RememberedStems,
}

impl Tokenizer for ProseTokenizer {
    type TokenStream<'a> = ProseStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ProseStream<'a> {
        self.token.reset();
        ProseStream {
            text,
            cursor: 0,
            token: &mut self.token,
            stems: &mut self.stems,
        }
    }
}

/// The token stream of a [`ProseTokenizer`].
pub struct ProseStream<'a> {
    text: &'a str,
    /// Where the search for the next word starts.
    cursor: usize,
    token: &'a mut Token,
    stems: &'a mut RememberedStems,
}

/// Tells whether the character starting at byte `at` of `text` is alphanumeric, and returns
/// its length in bytes (0 at the end of the text).
#[inline(always)]
fn alphanumeric_at(text: &str, at: usize) -> (bool, usize) {
    match text.as_bytes().get(at) {
        Some(b) if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
        Some(_) => non_ascii_alphanumeric_at(text, at),
        None => (false, 0),
    }
}

/// [`alphanumeric_at`] for a character beyond ASCII.
#[inline(never)]
fn non_ascii_alphanumeric_at(text: &str, at: usize) -> (bool, usize) {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
}

/// The packed key (see [`pack`]) of a lower-cased ASCII word of at most 15 bytes, from the
/// word as written: every byte of an ASCII alphanumeric word lower-cases by setting bit 5
/// (digits already have it).
fn pack_lowered(word: &[u8]) -> u128 {
    let mut buffer = [0u8; 16];
    buffer[1..=word.len()].copy_from_slice(word);
    let mask = (1u128 << (8 * word.len())) - 1;
    let letters = u128::from_le_bytes(buffer) | ((u128::from_le_bytes([0x20; 16]) & mask) << 8);
    letters | word.len() as u128
}

impl TokenStream for ProseStream<'_> {
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        loop {
            // The next word's first character.
            let mut start = self.cursor;
            loop {
                match alphanumeric_at(self.text, start) {
                    (_, 0) => {
                        self.cursor = start;
                        self.token.text.clear();
                        return false;
                    }
                    (true, _) => break,
                    (false, width) => start += width,
                }
            }
            // Its end, and whether it is all ASCII.
            let mut end = start;
            let mut ascii = true;
            while let (true, width) = alphanumeric_at(self.text, end) {
                ascii &= width == 1;
                end += width;
            }
            self.cursor = end;
            // Every run of alphanumeric characters takes a position, even one dropped as too long.
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= LONGEST_WORD {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            let text = &mut self.token.text;
            text.clear();
            if ascii {
                text.push_str(&self.text[start..end]);
                text.make_ascii_lowercase();
                let word = &bytes[start..end];
                let key = (word.len() <= 15).then(|| pack_lowered(word));
                if !key.is_some_and(|key| self.stems.stem_packed(key, text)) {
                    self.stems.compute(key, text);
                }
            } else {
                // As tantivy's `LowerCaser` does: character by character, without the special
                // case of a final sigma.
                for c in self.text[start..end].chars() {
                    text.extend(c.to_lowercase());
                }
                self.stems.stem(text);
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenizerManager;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn tokens_are_those_of_tantivys_en_stem() {
        let mut theirs = TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy registers en_stem");
        let mut ours = prose();
        let table = [
            "",
            "Dogs are the bests!",
            "Troops, troops and more TROOPS: the troopers' trooping.",
            "Die Bundeswehr stationierte 2.500 Soldaten in Ürümqi; São Paulo's mayors",
            "generalisations generalizations running runs ran",
            "happy happiness rising skies dying lying news",
            "internationalisation counterrevolutionaries internationalisations",
            &"x".repeat(41),
            "Δ-wing aircraft, naïve café owners, 1,500 km² of land",
            "İSTANBUL ΣΟΦΟΣ Straße STRASSE ǅungla x\u{0301}y 123abc ABC123",
            &format!("short {} words {}", "y".repeat(39), "Z".repeat(40)),
            "fifteen-letters abcdefghijklmno abcdefghijklmnop ABCDEFGHIJKLMNO",
        ];
        // Enough times that the later passes read remembered stems.
        for _ in 0..WORDS_BEFORE_REMEMBERING / 8 {
            for text in table {
                assert_eq!(
                    tokens(&mut ours, text),
                    tokens(&mut theirs, text),
                    "{text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_the_tokens_of_en_stem(
            text in "\\PC*|[a-zA-Z0-9 ,.'\n\u{e9}\u{c9}\u{130}\u{3a3}\u{df}\u{2019}\u{301}-]*"
        ) {
            let mut theirs = TokenizerManager::default()
                .get("en_stem")
                .expect("tantivy registers en_stem");
            let mut ours = prose();
            // Past the first words, so that the later passes read remembered stems.
            let warm = "Troops and troopers were running. ".repeat(WORDS_BEFORE_REMEMBERING / 4);
            tokens(&mut ours, &warm);
            let expected = tokens(&mut theirs, &text);
            for _ in 0..2 {
                proptest::prop_assert_eq!(&tokens(&mut ours, &text), &expected);
            }
        }
    }

    #[test]
    fn ascii_words_pack_as_their_lower_case() {
        let words = [
            "a",
            "A",
            "Z",
            "z",
            "0",
            "9",
            "Troops",
            "TROOPS",
            "x1Y2",
            "ABCDEFGHIJKLMNO",
        ];
        for word in words {
            let lower = word.to_ascii_lowercase();
            assert_eq!(Some(pack_lowered(word.as_bytes())), pack(&lower), "{word}");
        }
    }

    #[test]
    fn hot_entries_give_their_stem_lengths_to_their_own_words_only() {
        let troops = pack("troops").expect("short");
        let entry = hot_entry(troops, 5);
        let table = [
            (entry, troops, Some(5)),
            (entry, pack("troop").expect("short"), None),
            (entry, pack("troopz").expect("short"), None),
            (hot_entry(troops, 15), troops, Some(15)),
            (0, pack("").expect("short"), None),
        ];
        for (entry, key, expected) in table {
            assert_eq!(hot_stem(entry, key), expected, "{entry:x} {key:x}");
        }
    }

    #[test]
    fn words_pack_apart() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "a\0",
            "\0a",
            "troops",
            "troop",
            "fifteen letters",
        ];
        let keys: std::collections::HashSet<u128> =
            words.iter().map(|w| pack(w).expect("short")).collect();
        assert_eq!(keys.len(), words.len());
        assert_eq!(pack("sixteen letters!"), None);
    }

    #[test]
    fn a_full_memory_still_stems() {
        let mut stems = RememberedStems::default();
        for i in 0..WORDS_BEFORE_REMEMBERING + REMEMBERED_STEMS + 3 {
            let mut word = format!("walking{i}");
            stems.stem(&mut word);
        }
        assert!(stems.stems.len() <= REMEMBERED_STEMS);
        let mut word = "walking".to_string();
        stems.stem(&mut word);
        assert_eq!(word, "walk");
    }
}
