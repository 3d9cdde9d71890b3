//! The prose analyzer: tantivy's English stemming pipeline (simple tokenizer, long words
//! dropped, lower-cased, Snowball English stems), with each analyzer clone remembering the
//! stems it has computed.
//!
//! News prose repeats its words, and stemming them again and again is a fifth of what a bare
//! tantivy indexer spends its time on (measured with `perf`, see BENCHMARKS.md). Here the stem of
//! a word of up to 15 bytes is computed once by tantivy's own [`Stemmer`] and then looked up. The
//! tokens are exactly those of tantivy's `en_stem` (a unit test compares the two).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
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
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(RememberedStems::default())
        .build()
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
const HOT_BITS: u32 = 12;

/// One entry of [`RememberedStems::hot`]: a packed word (0: empty) whose stem is its first
/// `len` bytes.
#[derive(Clone, Copy, Default)]
struct HotStem {
    word: u128,
    len: u8,
}

/// Returns the entry of a packed word in [`RememberedStems::hot`].
fn hot_slot(key: u128) -> usize {
    let h = ((key as u64) ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(WordHasher::K);
    (h >> (64 - HOT_BITS)) as usize
}

/// A token filter that stems English words (already lower-cased) and remembers each stem.
#[derive(Clone)]
struct RememberedStems {
    /// Stems one word: a raw tokenizer followed by tantivy's English stemmer.
    stemmer: TextAnalyzer,
    /// Packed word (see [`pack`]) → stem.
    stems: HashMap<u128, Stem, BuildHasherDefault<WordHasher>>,
    /// The remembered stems that are prefixes of their words, direct-mapped: the frequent
    /// words are looked up here, in a table small enough for the processor's caches, before
    /// `stems`, whose random reads miss them (it was 5 % of indexing). Empty until the first
    /// stem is remembered.
    hot: Vec<HotStem>,
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
            let slot = hot_slot(key);
            if let Some(hot) = self.hot.get(slot).filter(|hot| hot.word == key) {
                text.truncate(usize::from(hot.len));
                return;
            }
            match self.stems.get(&key) {
                Some(&Stem::Prefix(len)) => {
                    if let Some(hot) = self.hot.get_mut(slot) {
                        *hot = HotStem { word: key, len };
                    }
                    text.truncate(usize::from(len));
                    return;
                }
                Some(Stem::Other(other)) => {
                    text.clear();
                    text.push_str(other);
                    return;
                }
                None => {}
            }
        }
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
                self.hot = vec![HotStem::default(); 1 << HOT_BITS];
            }
        }
        *text = stem;
    }
}

impl TokenFilter for RememberedStems {
    type Tokenizer<T: Tokenizer> = StemmingTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StemmingTokenizer<T> {
        StemmingTokenizer { inner, stems: self }
    }
}

/// The tokenizer [`RememberedStems`] wraps around another.
#[derive(Clone)]
pub struct StemmingTokenizer<T> {
    inner: T,
    stems: RememberedStems,
}

impl<T: Tokenizer> Tokenizer for StemmingTokenizer<T> {
    type TokenStream<'a> = StemmingStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmingStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
        }
    }
}

/// The token stream of a [`StemmingTokenizer`].
pub struct StemmingStream<'a, S> {
    tail: S,
    stems: &'a mut RememberedStems,
}

impl<S: TokenStream> TokenStream for StemmingStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stems.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
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
