//! Figure extraction: finds every number a news text reports, with what it counts.
//!
//! This module owns figures: cardinals, money, percentages, measures, fractions, ordinals,
//! years and dates. [`figures`] is a single left-to-right scan over the bytes, with no
//! allocation but the mentions it returns and no regular expressions. A figure starts at an
//! ASCII digit or at a number word and is then grown by the words around it. The rules, as a
//! grammar (`|` is "or", `?` optional, `*` repeated; words match in any case, unit symbols
//! exactly):
//!
//! ```text
//! figure    := approx? ( money | percent | measure | fraction | cardinal | ordinal | date
//!            | year )
//! approx    := roughly | about | around | approximately | nearly | almost | some | over
//!            | under | below | above | estimated | an estimated | circa | c. | ~
//!            | more than | less than | fewer than | at least | at most | up to | close to
//!            | as many as | upwards of | in excess of      (sets `approximate`; not in the span)
//! number    := '-'? digits (',' ddd)* ('.' digits)?  "2,500" "5.93" "-5" (only the comma
//!                                                    separates thousands)
//!            | minus number
//!            | digits '-' n '/' d                    "7-3/4" = 7.75 (Reuters prices)
//!            | words                                 "twenty-five" "two million"
//!                                                    "one hundred and twenty" "two and a half"
//!            | (a | an | a few | several) scale-word "a hundred" = 100, "a few thousand" ≈ 3000
//!            | dozens | hundreds | thousands | millions | billions   ≈ 24, 200, 2000, 2e6, 2e9
//!            | (tens | hundreds | dozens) of (thousands | millions)  ≈ 20000, 200000, …
//!            | half a scale-word                     "half a million" = 500000
//!            (then '-plus' or '-odd' makes it approximate: "60-plus")
//! scale     := thousand | million | billion | trillion | mln | bln | bn | mn | tn | lakh
//!            | crore | k
//!            | m   glued: million after a currency ("£600m") or before a plural noun, "of",
//!                  a bracketed amount, or near other millions ("38m Syrians"); otherwise
//!                  metres ("the 60m hurdles", "cleared 1.76m")
//! money     := currency-prefix number scale?         "$1.5bn" "£600m" "US$5" "C$20" "Rs 500"
//!                                                    "USD 5m"
//!            | number scale? currency-word           "10 billion yen" "1,750 dlrs" "22 cts"
//!                                                    "two Jordanian dinars" "4bn-euro"
//!            | (millions | …) of currency-word       "millions of dollars"
//! percent   := number ('%' | percent | per cent | pct | percentage point(s) | basis points)
//! measure   := number scale? unit                    "18,000 square kilometers" "60 kilos"
//!            | number '-' unit ('-old')?             "three-year" "14-year-old"
//!            | number time-unit                      "three months" "24 hours"
//! fraction  := (a | an | one … ten) denominator      "a third" "two-thirds" "three quarters"
//!            | half (of | the | a | its | …)         "half of the city"; "more than half"
//!            | n '/' d                               "3/4" (n < d, d in 2,3,4,5,8,10,16,32,64,100)
//! ordinal   := digits (st | nd | rd | th)            "21st" "93rd"; ordinal words are skipped
//! date      := month day ('-' day)? (','? year)?     "Feb 26" "July 21, 2017" "Jan. 1" "May 15-24"
//!            | day ('-' day)? (of)? month year?      "26 February 2017" "5-6 April"
//!            | month year | yyyy-mm-dd | dd/mm/yyyy | m/d/yy
//! year      := four digits in 1800..=2100 without a comma, not followed by a plural noun,
//!              a unit, a currency or a percent ("in 2014"; but "2014 troops" is a count),
//!              except that a determiner or a year-ish noun keeps it a year ("the 2015
//!              elections", "2003 results"); "2014-15"; decades "1980s" (value 1980)
//! cardinal  := number scale?                         unit = the counted noun after it
//! ```
//!
//! Span conventions follow the re3d gold annotations: a cardinal covers the number and its
//! scale word but not the counted noun ("2,500" of "2,500 US troops"); money covers the
//! currency symbol, code or word ("$1.5bn", "9 billion euros"); a percentage covers its sign
//! or word ("10 per cent"); a measure covers its unit ("18,000 square kilometers", "24 hours");
//! a date covers the whole date; the approximating word is never in a span.
//!
//! Values are `f64` with the scale applied ("$1.5bn" = 1.5e9; cents and pence are divided by
//! 100). Units: money has its ISO 4217 code where one is well known (`USD`, `GBP`, `EUR`,
//! `JPY`, `INR`, `CAD`, `AUD`, `CHF`, `DEM`, `JOD`, …) and otherwise the singular currency noun
//! (`cruzado`, `dinar`, `franc`, `peso`); percentages have `percent`, `percentage point` or
//! `basis point`; measures have the symbol from the `UNITS` table (`km`, `km2`, `mi`, `mi2`,
//! `m`, `ft`, `kg`, `t` for tonnes and tons, `lb` for pounds of weight, `bbl`, `bbl/d`, `l`,
//! `ha`, `acre`, `MW`, `GB`, `°C`, `deg`, `mph`, `km/h`, …) or, for time, the singular noun
//! (`year`, `month`, `day`, `hour`, …). A cardinal's unit is the singular of the counted noun
//! ("troop", "factor", "person", "casualty"), found by skipping up to three modifiers and
//! stopping at function words, verbs ending in -ed and punctuation; with no such noun it is
//! `None`. Years and dates have no `approximate`; a date's value is its year, if written.
//!
//! Ranges and comparisons give two figures that share what they measure: the first borrows
//! the kind, unit and scale of the second ("340 to 350 cruzados", "15 to 20 percent",
//! "between two and three billion dlrs"), and a bare second number borrows from the first
//! ("$10-25m", "22 cts vs 13", "506 mln stg vs 452 mln").
//!
//! Not figures: digits glued to letters or after a capitalised code and a hyphen ("F-16",
//! "COVID-19", "G7", "A380", "3G"); clock times ("3:30 pm", "9am", "1800 GMT"); phone numbers
//! and codes (a leading zero, seven or more bare digits, "+44", three hyphenated groups);
//! version numbers ("1.2.3"); coordinates ("33°47′N"); citation marks ("\[3\]"); numbers after a
//! label ("Resolution 2254", "Boeing 747", "chapter two", "No. 10", "(DDG 70)"); "zero";
//! ordinal words ("first", "second"); a capitalised number word inside a name ("Formula
//! One"); and pronoun uses of "one" ("no one", "the one", "one another", "one can").

use std::borrow::Cow;
use std::sync::OnceLock;

use super::gazetteer::ascii_digits;
use super::{Class, Mention};

/// Finds every figure in `text`, in order of position, with byte spans into `text`.
pub fn figures(text: &str) -> Vec<Mention> {
    let mut scanner = Scanner {
        b: text.as_bytes(),
        out: Vec::new(),
    };
    scanner.run();
    let mut figs = scanner.out;
    link_ranges(text.as_bytes(), &mut figs);
    figs.into_iter()
        .map(|f| {
            let mut m = Mention::new(Class::Figure, f.kind, text, f.start, f.end);
            m.value = f.value;
            m.unit = f.unit;
            m.approximate = f.approx;
            m
        })
        .collect()
}

/// One figure before it becomes a [`Mention`].
#[derive(Debug, Clone)]
struct Fig {
    start: usize,
    end: usize,
    kind: &'static str,
    value: Option<f64>,
    unit: Option<Cow<'static, str>>,
    approx: Option<bool>,
    /// The scale word's factor (1 when there is none), so that a range can share it.
    scale: f64,
}

/// What is known about a number when its suffix is examined.
#[derive(Debug, Clone, Copy)]
struct Num {
    /// Start of the span (a currency prefix or a minus sign included).
    start: usize,
    /// End of the number as parsed so far.
    end: usize,
    /// Start of the first digit or number word.
    core: usize,
    /// The value so far, scale applied.
    value: f64,
    /// Whether an approximating word or suffix goes with it.
    approx: bool,
    /// The factor of a scale word already applied (1 if none).
    scale: f64,
    /// The currency of a prefix such as `$` or `Rs`.
    currency: Option<&'static str>,
    /// Digits in the integer part (0 for numbers in words).
    int_digits: usize,
    /// Whether the integer part has thousands separators ("2,500").
    has_comma: bool,
    /// Whether the number has no decimal part.
    is_int: bool,
    /// Whether the number is written in words.
    words: bool,
    /// Whether a minus sign or "minus" precedes it.
    negative: bool,
}

impl Num {
    /// Describes a number in words covering `start..end`.
    fn plain(start: usize, end: usize, value: f64) -> Num {
        Num {
            start,
            end,
            core: start,
            value,
            approx: false,
            scale: 1.0,
            currency: None,
            int_digits: 0,
            has_comma: false,
            is_int: true,
            words: true,
            negative: false,
        }
    }
}

/// The words [`Scanner::word`] acts on: number, scale, plural amount and fraction words.
const WORDS: [&[u8]; 57] = [
    b"one",
    b"two",
    b"three",
    b"four",
    b"five",
    b"six",
    b"seven",
    b"eight",
    b"nine",
    b"ten",
    b"eleven",
    b"twelve",
    b"thirteen",
    b"fourteen",
    b"fifteen",
    b"sixteen",
    b"seventeen",
    b"eighteen",
    b"nineteen",
    b"twenty",
    b"thirty",
    b"forty",
    b"fifty",
    b"sixty",
    b"seventy",
    b"eighty",
    b"ninety",
    b"hundred",
    b"thousand",
    b"million",
    b"billion",
    b"trillion",
    b"dozen",
    b"dozens",
    b"hundreds",
    b"thousands",
    b"millions",
    b"billions",
    b"tens",
    b"half",
    b"halves",
    b"third",
    b"thirds",
    b"quarter",
    b"quarters",
    b"fifth",
    b"fifths",
    b"sixth",
    b"sixths",
    b"seventh",
    b"sevenths",
    b"eighth",
    b"eighths",
    b"ninth",
    b"ninths",
    b"tenth",
    b"tenths",
];

/// Returns the index of a word's first three letters (any case) in [`WORD_TRIGRAMS`].
#[inline]
const fn trigram(a: u8, b: u8, c: u8) -> usize {
    let x = ((a & 31) as usize) << 10 | ((b & 31) as usize) << 5 | (c & 31) as usize;
    (x ^ (x >> 12)) & 4095
}

/// Bit `len` of entry [`trigram`]`(w)` is set for every word `w` of [`WORDS`], of length
/// `len`: [`Scanner::word`] need not look at a word whose bit is clear (a word that only
/// shares an entry with one of them is looked at, and left alone there).
static WORD_TRIGRAMS: [u16; 4096] = {
    let mut t = [0u16; 4096];
    let mut k = 0;
    while k < WORDS.len() {
        let w = WORDS[k];
        t[trigram(w[0], w[1], w[2])] |= 1 << w.len();
        k += 1;
    }
    t
};

/// The high bit of every byte of a `u64`.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Returns the high bit of each byte of `w` that is an ASCII letter.
#[inline]
fn ascii_letters(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Fold case and clear the high bits, so that no byte carries into the next: letters are
    // then 0x61..=0x7a.
    let y = (w | (0x20 * ONES)) & !HIGH;
    let ge_a = y.wrapping_add((0x80 - 0x61) * ONES);
    let gt_z = y.wrapping_add((0x80 - 0x7b) * ONES);
    ge_a & !gt_z & !w & HIGH
}

/// Packs the high bits of the eight bytes of `w` into the low eight bits, byte `k` to bit `k`.
#[inline]
fn pack_high_bits(w: u64) -> u64 {
    // Byte k's bit, moved to bit 8k, is multiplied to bit 56 + k; the other products fall
    // below bit 56 or above bit 63, and no two of them share a bit.
    ((w & HIGH) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Returns bitmaps of the ASCII letters and the ASCII digits of up to 64 bytes: bit `k` for
/// byte `k`.
fn class_bits(bytes: &[u8]) -> (u64, u64) {
    let mut letters = 0;
    let mut digits = 0;
    for (k, chunk) in bytes.chunks(8).enumerate() {
        let w = match <[u8; 8]>::try_from(chunk) {
            Ok(full) => u64::from_le_bytes(full),
            Err(_) => {
                let mut last = [0u8; 8];
                last[..chunk.len()].copy_from_slice(chunk);
                u64::from_le_bytes(last)
            }
        };
        letters |= pack_high_bits(ascii_letters(w)) << (8 * k);
        digits |= pack_high_bits(ascii_digits(w)) << (8 * k);
    }
    (letters, digits)
}

/// The state of one scan: the text's bytes and the figures found so far, in order.
struct Scanner<'a> {
    b: &'a [u8],
    out: Vec<Fig>,
}

/// Returns whether `c` is an ASCII letter or digit.
fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// Lower-cases an ASCII word into a small buffer; returns `None` for words too long to matter.
fn lower<const N: usize>(w: &[u8]) -> Option<([u8; N], usize)> {
    if w.len() > N {
        return None;
    }
    let mut buf = [0u8; N];
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    Some((buf, w.len()))
}

/// Returns the value of a number word below a hundred, and whether it is a multiple of ten.
fn small_number(w: &[u8]) -> Option<(u32, bool)> {
    let v = match w {
        b"one" => 1,
        b"two" => 2,
        b"three" => 3,
        b"four" => 4,
        b"five" => 5,
        b"six" => 6,
        b"seven" => 7,
        b"eight" => 8,
        b"nine" => 9,
        b"ten" => 10,
        b"eleven" => 11,
        b"twelve" => 12,
        b"thirteen" => 13,
        b"fourteen" => 14,
        b"fifteen" => 15,
        b"sixteen" => 16,
        b"seventeen" => 17,
        b"eighteen" => 18,
        b"nineteen" => 19,
        b"twenty" => return Some((20, true)),
        b"thirty" => return Some((30, true)),
        b"forty" => return Some((40, true)),
        b"fifty" => return Some((50, true)),
        b"sixty" => return Some((60, true)),
        b"seventy" => return Some((70, true)),
        b"eighty" => return Some((80, true)),
        b"ninety" => return Some((90, true)),
        _ => return None,
    };
    Some((v, false))
}

/// Returns the factor of a scale word written out ("million").
fn scale_word(w: &[u8]) -> Option<f64> {
    Some(match w {
        b"hundred" => 100.0,
        b"thousand" => 1e3,
        b"million" => 1e6,
        b"billion" => 1e9,
        b"trillion" => 1e12,
        b"dozen" => 12.0,
        _ => return None,
    })
}

/// Returns the denominator of a fraction word ("third", "quarters").
fn denominator(w: &[u8]) -> Option<f64> {
    Some(match w {
        b"half" | b"halves" => 2.0,
        b"third" | b"thirds" => 3.0,
        b"quarter" | b"quarters" => 4.0,
        b"fifth" | b"fifths" => 5.0,
        b"sixth" | b"sixths" => 6.0,
        b"seventh" | b"sevenths" => 7.0,
        b"eighth" | b"eighths" => 8.0,
        b"ninth" | b"ninths" => 9.0,
        b"tenth" | b"tenths" => 10.0,
        _ => return None,
    })
}

/// Returns the month number of a capitalised month name or abbreviation.
fn month(w: &[u8]) -> Option<u32> {
    let first = *w.first()?;
    if !first.is_ascii_uppercase() {
        return None;
    }
    let (buf, n) = lower::<9>(w)?;
    let m = match &buf[..n] {
        b"january" | b"jan" => 1,
        b"february" | b"feb" => 2,
        b"march" | b"mar" => 3,
        b"april" | b"apr" => 4,
        b"may" => 5,
        b"june" | b"jun" => 6,
        b"july" | b"jul" => 7,
        b"august" | b"aug" => 8,
        b"september" | b"sep" | b"sept" => 9,
        b"october" | b"oct" => 10,
        b"november" | b"nov" => 11,
        b"december" | b"dec" => 12,
        _ => return None,
    };
    // Mixed case other than Title case ("mAy") is not a month.
    if w.len() > 1
        && w[1..].iter().any(|c| c.is_ascii_uppercase())
        && w[1..].iter().any(|c| c.is_ascii_lowercase())
    {
        return None;
    }
    Some(m)
}

/// A table of phrases, each with a value and whether it matches case exactly, indexed by
/// the lower-cased first byte so that a look-up tries only a few rows.
struct Table<T: 'static> {
    rows: &'static [(&'static str, T, bool)],
    index: OnceLock<Vec<Vec<u16>>>,
}

impl<T> Table<T> {
    /// Wraps rows; the index is built on first use.
    const fn new(rows: &'static [(&'static str, T, bool)]) -> Self {
        Table {
            rows,
            index: OnceLock::new(),
        }
    }

    /// Returns the rows whose pattern starts with `first` in any case.
    fn candidates(&self, first: u8) -> impl Iterator<Item = &(&'static str, T, bool)> {
        let index = self.index.get_or_init(|| {
            let mut index = vec![Vec::new(); 256];
            for (i, row) in self.rows.iter().enumerate() {
                let f = row
                    .0
                    .as_bytes()
                    .first()
                    .copied()
                    .unwrap_or(0)
                    .to_ascii_lowercase();
                index[usize::from(f)].push(u16::try_from(i).unwrap_or(u16::MAX));
            }
            index
        });
        index[usize::from(first.to_ascii_lowercase())]
            .iter()
            .filter_map(|&i| self.rows.get(usize::from(i)))
    }
}

/// Marks a table entry whose pattern must match case exactly (unit symbols).
const CS: bool = true;
/// Marks a table entry whose pattern matches in any case.
const CI: bool = false;

/// Currency words after a number: (pattern, unit, divisor). A space in a pattern matches any
/// run of white space.
static CURRENCY_WORDS: Table<(&str, f64)> = Table::new(&[
    ("U.S. dollars", ("USD", 1.0), CI),
    ("U.S. dollar", ("USD", 1.0), CI),
    ("US dollars", ("USD", 1.0), CI),
    ("US dollar", ("USD", 1.0), CI),
    ("U.S. dlrs", ("USD", 1.0), CI),
    ("U.S. dlr", ("USD", 1.0), CI),
    ("US dlrs", ("USD", 1.0), CI),
    ("dollars", ("USD", 1.0), CI),
    ("dollar", ("USD", 1.0), CI),
    ("dlrs", ("USD", 1.0), CI),
    ("dlr", ("USD", 1.0), CI),
    ("U.S. cents", ("USD", 100.0), CI),
    ("US cents", ("USD", 100.0), CI),
    ("cents", ("USD", 100.0), CI),
    ("cent", ("USD", 100.0), CI),
    ("cts", ("USD", 100.0), CI),
    ("Canadian dollars", ("CAD", 1.0), CI),
    ("Canadian dlrs", ("CAD", 1.0), CI),
    ("Canadian dollar", ("CAD", 1.0), CI),
    ("Canadian dlr", ("CAD", 1.0), CI),
    ("Australian dollars", ("AUD", 1.0), CI),
    ("Australian dlrs", ("AUD", 1.0), CI),
    ("Australian dollar", ("AUD", 1.0), CI),
    ("New Zealand dollars", ("NZD", 1.0), CI),
    ("N.Z. dollars", ("NZD", 1.0), CI),
    ("N.Z. dlrs", ("NZD", 1.0), CI),
    ("Hong Kong dlr", ("HKD", 1.0), CI),
    ("H.K. dlrs", ("HKD", 1.0), CI),
    ("New Zealand dlrs", ("NZD", 1.0), CI),
    ("Hong Kong dollars", ("HKD", 1.0), CI),
    ("Hong Kong dlrs", ("HKD", 1.0), CI),
    ("Singapore dollars", ("SGD", 1.0), CI),
    ("Singapore dlrs", ("SGD", 1.0), CI),
    ("Taiwan dollars", ("TWD", 1.0), CI),
    ("Taiwan dlrs", ("TWD", 1.0), CI),
    ("Zimbabwean dollars", ("ZWD", 1.0), CI),
    ("euros", ("EUR", 1.0), CI),
    ("euro", ("EUR", 1.0), CI),
    ("euro cents", ("EUR", 100.0), CI),
    ("pounds sterling", ("GBP", 1.0), CI),
    ("sterling", ("GBP", 1.0), CI),
    ("stg", ("GBP", 1.0), CI),
    ("pence", ("GBP", 100.0), CI),
    ("Syrian pounds", ("SYP", 1.0), CI),
    ("Egyptian pounds", ("EGP", 1.0), CI),
    ("Lebanese pounds", ("LBP", 1.0), CI),
    ("Irish pounds", ("IEP", 1.0), CI),
    ("Cyprus pounds", ("CYP", 1.0), CI),
    ("Sudanese pounds", ("SDG", 1.0), CI),
    ("yen", ("JPY", 1.0), CI),
    ("yuan", ("CNY", 1.0), CI),
    ("renminbi", ("CNY", 1.0), CI),
    ("rupees", ("INR", 1.0), CI),
    ("rupee", ("INR", 1.0), CI),
    ("Indian rupees", ("INR", 1.0), CI),
    ("Pakistani rupees", ("PKR", 1.0), CI),
    ("Sri Lankan rupees", ("LKR", 1.0), CI),
    ("rupiah", ("IDR", 1.0), CI),
    ("Swiss francs", ("CHF", 1.0), CI),
    ("Swiss franc", ("CHF", 1.0), CI),
    ("French francs", ("FRF", 1.0), CI),
    ("Belgian francs", ("BEF", 1.0), CI),
    ("Luxembourg francs", ("LUF", 1.0), CI),
    ("CFA francs", ("XOF", 1.0), CI),
    ("francs", ("franc", 1.0), CI),
    ("franc", ("franc", 1.0), CI),
    ("marks", ("DEM", 1.0), CI),
    ("German marks", ("DEM", 1.0), CI),
    ("West German marks", ("DEM", 1.0), CI),
    ("Deutsche marks", ("DEM", 1.0), CI),
    ("deutschmarks", ("DEM", 1.0), CI),
    ("D-marks", ("DEM", 1.0), CI),
    ("guilders", ("NLG", 1.0), CI),
    ("Dutch guilders", ("NLG", 1.0), CI),
    ("lire", ("ITL", 1.0), CI),
    ("Italian lire", ("ITL", 1.0), CI),
    ("Turkish lira", ("TRY", 1.0), CI),
    ("Turkish liras", ("TRY", 1.0), CI),
    ("lira", ("lira", 1.0), CI),
    ("pesetas", ("ESP", 1.0), CI),
    ("escudos", ("PTE", 1.0), CI),
    ("drachmas", ("GRD", 1.0), CI),
    ("schillings", ("ATS", 1.0), CI),
    ("kronor", ("SEK", 1.0), CI),
    ("Swedish crowns", ("SEK", 1.0), CI),
    ("Swedish kronor", ("SEK", 1.0), CI),
    ("Danish crowns", ("DKK", 1.0), CI),
    ("Danish kroner", ("DKK", 1.0), CI),
    ("Norwegian crowns", ("NOK", 1.0), CI),
    ("Norwegian kroner", ("NOK", 1.0), CI),
    ("kroner", ("krone", 1.0), CI),
    ("crowns", ("crown", 1.0), CI),
    ("roubles", ("RUB", 1.0), CI),
    ("rubles", ("RUB", 1.0), CI),
    ("cruzados", ("cruzado", 1.0), CI),
    ("cruzado", ("cruzado", 1.0), CI),
    ("cruzeiros", ("cruzeiro", 1.0), CI),
    ("reais", ("BRL", 1.0), CI),
    ("Mexican pesos", ("MXN", 1.0), CI),
    ("Argentine pesos", ("ARS", 1.0), CI),
    ("Philippine pesos", ("PHP", 1.0), CI),
    ("Chilean pesos", ("CLP", 1.0), CI),
    ("Colombian pesos", ("COP", 1.0), CI),
    ("pesos", ("peso", 1.0), CI),
    ("peso", ("peso", 1.0), CI),
    ("rand", ("ZAR", 1.0), CS),
    ("naira", ("NGN", 1.0), CI),
    ("Saudi riyals", ("SAR", 1.0), CI),
    ("Qatari riyals", ("QAR", 1.0), CI),
    ("riyals", ("SAR", 1.0), CI),
    ("riyal", ("SAR", 1.0), CI),
    ("dirhams", ("AED", 1.0), CI),
    ("Moroccan dirhams", ("MAD", 1.0), CI),
    ("Jordanian dinars", ("JOD", 1.0), CI),
    ("Jordanian dinar", ("JOD", 1.0), CI),
    ("Iraqi dinars", ("IQD", 1.0), CI),
    ("Iraqi dinar", ("IQD", 1.0), CI),
    ("Kuwaiti dinars", ("KWD", 1.0), CI),
    ("Bahraini dinars", ("BHD", 1.0), CI),
    ("Libyan dinars", ("LYD", 1.0), CI),
    ("Tunisian dinars", ("TND", 1.0), CI),
    ("Algerian dinars", ("DZD", 1.0), CI),
    ("dinars", ("dinar", 1.0), CI),
    ("dinar", ("dinar", 1.0), CI),
    ("shekels", ("ILS", 1.0), CI),
    ("South Korean won", ("KRW", 1.0), CI),
    ("Korean won", ("KRW", 1.0), CI),
    ("baht", ("THB", 1.0), CI),
    ("ringgit", ("MYR", 1.0), CI),
    ("zlotys", ("PLN", 1.0), CI),
    ("zloty", ("PLN", 1.0), CI),
    ("forints", ("HUF", 1.0), CI),
    ("forint", ("HUF", 1.0), CI),
    ("hryvnias", ("UAH", 1.0), CI),
    ("afghanis", ("AFN", 1.0), CI),
]);

/// Percent words: (pattern, unit).
static PERCENT_WORDS: Table<&str> = Table::new(&[
    ("percent", "percent", CI),
    ("per cent", "percent", CI),
    ("pct", "percent", CI),
    ("percentage points", "percentage point", CI),
    ("percentage point", "percentage point", CI),
    ("pct points", "percentage point", CI),
    ("basis points", "basis point", CI),
    ("basis point", "basis point", CI),
    ("bps", "basis point", CS),
]);

/// Measure units: (pattern, unit symbol, case-sensitive). Time units are singular nouns.
static UNITS: Table<&str> = Table::new(&[
    // area
    ("square kilometres", "km2", CI),
    ("square kilometers", "km2", CI),
    ("square kilometre", "km2", CI),
    ("square kilometer", "km2", CI),
    ("square km", "km2", CI),
    ("sq km", "km2", CI),
    ("sq. km", "km2", CI),
    ("km2", "km2", CS),
    ("km²", "km2", CS),
    ("square miles", "mi2", CI),
    ("square mile", "mi2", CI),
    ("sq miles", "mi2", CI),
    ("sq mi", "mi2", CI),
    ("square metres", "m2", CI),
    ("square meters", "m2", CI),
    ("square metre", "m2", CI),
    ("square meter", "m2", CI),
    ("sq m", "m2", CI),
    ("m2", "m2", CS),
    ("m²", "m2", CS),
    ("square feet", "ft2", CI),
    ("square foot", "ft2", CI),
    ("sq ft", "ft2", CI),
    ("hectares", "ha", CI),
    ("hectare", "ha", CI),
    ("ha", "ha", CS),
    ("acre-feet", "acre-ft", CI),
    ("acre-foot", "acre-ft", CI),
    ("acre·ft", "acre-ft", CI),
    ("acre-ft", "acre-ft", CI),
    ("acres", "acre", CI),
    ("acre", "acre", CI),
    // volume and flow
    ("cubic metres per second", "m3/s", CI),
    ("cubic meters per second", "m3/s", CI),
    ("m3/s", "m3/s", CS),
    ("cubic metres", "m3", CI),
    ("cubic meters", "m3", CI),
    ("cubic metre", "m3", CI),
    ("cubic meter", "m3", CI),
    ("m3", "m3", CS),
    ("m³", "m3", CS),
    ("cubic feet per second", "ft3/s", CI),
    ("cu ft/s", "ft3/s", CI),
    ("ft3/s", "ft3/s", CS),
    ("cubic feet", "ft3", CI),
    ("cu ft", "ft3", CI),
    ("litres", "l", CI),
    ("liters", "l", CI),
    ("litre", "l", CI),
    ("liter", "l", CI),
    ("millilitres", "ml", CI),
    ("milliliters", "ml", CI),
    ("ml", "ml", CS),
    ("gallons", "gal", CI),
    ("gallon", "gal", CI),
    ("barrels per day", "bbl/d", CI),
    ("barrels a day", "bbl/d", CI),
    ("bpd", "bbl/d", CS),
    ("b/d", "bbl/d", CS),
    ("barrels", "bbl", CI),
    ("barrel", "bbl", CI),
    ("bbl", "bbl", CS),
    ("bbls", "bbl", CS),
    // length and speed
    ("kilometres per hour", "km/h", CI),
    ("kilometers per hour", "km/h", CI),
    ("km/h", "km/h", CS),
    ("kph", "km/h", CI),
    ("kmh", "km/h", CS),
    ("miles per hour", "mph", CI),
    ("mph", "mph", CI),
    ("knots", "kn", CI),
    ("kilometres", "km", CI),
    ("kilometers", "km", CI),
    ("kilometre", "km", CI),
    ("kilometer", "km", CI),
    ("km", "km", CS),
    ("kms", "km", CS),
    ("nautical miles", "nmi", CI),
    ("miles", "mi", CI),
    ("mile", "mi", CI),
    ("mi", "mi", CS),
    ("metres", "m", CI),
    ("meters", "m", CI),
    ("metre", "m", CI),
    ("meter", "m", CI),
    ("m", "m", CS),
    ("centimetres", "cm", CI),
    ("centimeters", "cm", CI),
    ("cm", "cm", CS),
    ("millimetres", "mm", CI),
    ("millimeters", "mm", CI),
    ("mm", "mm", CS),
    ("feet", "ft", CI),
    ("foot", "ft", CI),
    ("ft", "ft", CS),
    ("inches", "in", CI),
    ("inch", "in", CI),
    ("yards", "yd", CI),
    ("yard", "yd", CI),
    ("yds", "yd", CS),
    // mass
    ("kilograms", "kg", CI),
    ("kilogrammes", "kg", CI),
    ("kilogram", "kg", CI),
    ("kilos", "kg", CI),
    ("kilo", "kg", CI),
    ("kg", "kg", CS),
    ("kgs", "kg", CS),
    ("grams", "g", CI),
    ("grammes", "g", CI),
    ("gram", "g", CI),
    ("milligrams", "mg", CI),
    ("mg", "mg", CS),
    ("metric tonnes", "t", CI),
    ("metric tons", "t", CI),
    ("tonnes", "t", CI),
    ("tonne", "t", CI),
    ("tons", "t", CI),
    ("ton", "t", CI),
    ("pounds", "lb", CI),
    ("pound", "lb", CI),
    ("lbs", "lb", CS),
    ("lb", "lb", CS),
    ("ounces", "oz", CI),
    ("ounce", "oz", CI),
    ("oz", "oz", CS),
    ("carats", "ct", CI),
    // power, energy, data, frequency
    ("megawatts", "MW", CI),
    ("megawatt", "MW", CI),
    ("MW", "MW", CS),
    ("gigawatts", "GW", CI),
    ("gigawatt", "GW", CI),
    ("GW", "GW", CS),
    ("kilowatts", "kW", CI),
    ("kilowatt", "kW", CI),
    ("kW", "kW", CS),
    ("kWh", "kWh", CS),
    ("MWh", "MWh", CS),
    ("GWh", "GWh", CS),
    ("TWh", "TWh", CS),
    ("watts", "W", CI),
    ("gigabytes", "GB", CI),
    ("gigabyte", "GB", CI),
    ("GB", "GB", CS),
    ("megabytes", "MB", CI),
    ("megabyte", "MB", CI),
    ("MB", "MB", CS),
    ("terabytes", "TB", CI),
    ("TB", "TB", CS),
    ("kilobytes", "KB", CI),
    ("KB", "KB", CS),
    ("kB", "KB", CS),
    ("megabits per second", "Mbps", CI),
    ("Mbps", "Mbps", CS),
    ("Mbit/s", "Mbps", CS),
    ("Mb/s", "Mbps", CS),
    ("kbps", "kbps", CI),
    ("Gbps", "Gbps", CS),
    ("gigahertz", "GHz", CI),
    ("GHz", "GHz", CS),
    ("megahertz", "MHz", CI),
    ("MHz", "MHz", CS),
    ("megapixels", "MP", CI),
    ("megapixel", "MP", CI),
    // temperature and angle
    ("degrees Celsius", "°C", CI),
    ("degrees centigrade", "°C", CI),
    ("degrees Fahrenheit", "°F", CI),
    ("degrees C", "°C", CS),
    ("degrees F", "°F", CS),
    ("°C", "°C", CS),
    ("°F", "°F", CS),
    ("degrees", "deg", CI),
    ("degree", "deg", CI),
    ("°", "deg", CS),
    // time
    ("years", "year", CI),
    ("year", "year", CI),
    ("yrs", "year", CI),
    ("months", "month", CI),
    ("month", "month", CI),
    ("weeks", "week", CI),
    ("week", "week", CI),
    ("days", "day", CI),
    ("day", "day", CI),
    ("hours", "hour", CI),
    ("hour", "hour", CI),
    ("hrs", "hour", CI),
    ("minutes", "minute", CI),
    ("minute", "minute", CI),
    ("mins", "minute", CI),
    ("seconds", "second", CI),
    ("second", "second", CI),
    ("secs", "second", CI),
    ("decades", "decade", CI),
    ("decade", "decade", CI),
    ("centuries", "century", CI),
    ("century", "century", CI),
]);

/// Unit symbols that may be glued to digits ("5km", "50m", "30C").
const GLUED_UNITS: &[(&str, &str)] = &[
    ("km2", "km2"),
    ("km²", "km2"),
    ("km/h", "km/h"),
    ("kmh", "km/h"),
    ("kph", "km/h"),
    ("km", "km"),
    ("kms", "km"),
    ("kg", "kg"),
    ("kgs", "kg"),
    ("cm", "cm"),
    ("mm", "mm"),
    ("mi", "mi"),
    ("mph", "mph"),
    ("ft", "ft"),
    ("m2", "m2"),
    ("m²", "m2"),
    ("m3/s", "m3/s"),
    ("m3", "m3"),
    ("m³", "m3"),
    ("ha", "ha"),
    ("lb", "lb"),
    ("lbs", "lb"),
    ("oz", "oz"),
    ("mg", "mg"),
    ("ml", "ml"),
    ("g", "g"),
    ("GB", "GB"),
    ("MB", "MB"),
    ("TB", "TB"),
    ("KB", "KB"),
    ("kB", "KB"),
    ("Mbps", "Mbps"),
    ("kbps", "kbps"),
    ("Gbps", "Gbps"),
    ("GHz", "GHz"),
    ("MHz", "MHz"),
    ("MW", "MW"),
    ("GW", "GW"),
    ("kW", "kW"),
    ("kWh", "kWh"),
    ("MWh", "MWh"),
    ("GWh", "GWh"),
    ("bpd", "bbl/d"),
    ("°C", "°C"),
    ("°F", "°F"),
    ("°", "deg"),
    ("C", "°C"),
    ("F", "°F"),
    ("yrs", "year"),
    ("hrs", "hour"),
    ("mins", "minute"),
    ("secs", "second"),
];

/// Scale words after a number: (pattern, factor, case-sensitive).
static SCALES: Table<f64> = Table::new(&[
    ("thousand", 1e3, CI),
    ("thousands", 1e3, CI),
    ("million", 1e6, CI),
    ("millions", 1e6, CI),
    ("billion", 1e9, CI),
    ("billions", 1e9, CI),
    ("trillion", 1e12, CI),
    ("mln", 1e6, CI),
    ("mn", 1e6, CS),
    ("bln", 1e9, CI),
    ("bn", 1e9, CI),
    ("tn", 1e12, CS),
    ("trn", 1e12, CS),
    ("lakh", 1e5, CI),
    ("lakhs", 1e5, CI),
    ("crore", 1e7, CI),
    ("crores", 1e7, CI),
]);

/// Three-letter currency codes written before a number ("USD 5m").
const CODES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CHF", "AUD", "CAD", "INR", "CNY", "HKD", "SEK", "NOK", "DKK",
    "RUB", "ZAR", "BRL", "MXN", "SGD", "NZD", "KRW", "TRY", "SAR", "AED", "EGP", "ILS", "IQD",
    "JOD", "SYP", "PKR", "NGN", "QAR", "KWD", "LBP",
];

/// Words after a number that make it a clock time, which is not a figure.
static TIME_WORDS: Table<()> = Table::new(&[
    ("am", (), CS),
    ("pm", (), CS),
    ("a.m.", (), CI),
    ("p.m.", (), CI),
    ("a.m", (), CI),
    ("p.m", (), CI),
    ("AM", (), CS),
    ("PM", (), CS),
    ("GMT", (), CS),
    ("BST", (), CS),
    ("UTC", (), CS),
    ("EST", (), CS),
    ("EDT", (), CS),
    ("CET", (), CS),
    ("PST", (), CS),
    ("hrs GMT", (), CS),
    ("o'clock", (), CI),
    ("local time", (), CI),
]);

/// Words after a glued "m" that make it metres rather than millions ("60m hurdles").
const DISTANCE_WORDS: &[&[u8]] = &[
    b"apart",
    b"away",
    b"high",
    b"long",
    b"wide",
    b"deep",
    b"tall",
    b"hurdles",
    b"sprint",
    b"race",
    b"relay",
    b"freestyle",
    b"breaststroke",
    b"backstroke",
    b"butterfly",
    b"medley",
    b"dash",
    b"final",
    b"title",
    b"champion",
    b"gold",
    b"silver",
    b"bronze",
    b"record",
    b"event",
    b"above",
    b"below",
    b"underground",
    b"ahead",
    b"behind",
    b"indoor",
    b"outdoor",
    b"heat",
    b"heats",
    b"round",
];

/// Function words that end the search for a counted noun.
fn is_stop(w: &[u8]) -> bool {
    if w == b"US" {
        return false;
    }
    let Some((buf, n)) = lower::<12>(w) else {
        return false;
    };
    matches!(
        &buf[..n],
        b"a" | b"an"
            | b"the"
            | b"of"
            | b"in"
            | b"on"
            | b"at"
            | b"to"
            | b"from"
            | b"by"
            | b"for"
            | b"with"
            | b"and"
            | b"or"
            | b"but"
            | b"nor"
            | b"this"
            | b"that"
            | b"these"
            | b"those"
            | b"is"
            | b"are"
            | b"was"
            | b"were"
            | b"be"
            | b"been"
            | b"being"
            | b"has"
            | b"have"
            | b"had"
            | b"will"
            | b"would"
            | b"could"
            | b"should"
            | b"may"
            | b"might"
            | b"can"
            | b"must"
            | b"shall"
            | b"did"
            | b"do"
            | b"does"
            | b"per"
            | b"than"
            | b"as"
            | b"into"
            | b"onto"
            | b"since"
            | b"after"
            | b"before"
            | b"during"
            | b"over"
            | b"under"
            | b"about"
            | b"more"
            | b"less"
            | b"fewer"
            | b"who"
            | b"whom"
            | b"whose"
            | b"which"
            | b"what"
            | b"when"
            | b"where"
            | b"while"
            | b"it"
            | b"its"
            | b"their"
            | b"his"
            | b"her"
            | b"they"
            | b"them"
            | b"he"
            | b"she"
            | b"we"
            | b"you"
            | b"i"
            | b"us"
            | b"our"
            | b"not"
            | b"no"
            | b"so"
            | b"if"
            | b"then"
            | b"also"
            | b"just"
            | b"only"
            | b"each"
            | b"every"
            | b"all"
            | b"some"
            | b"said"
            | b"says"
            | b"say"
            | b"told"
            | b"across"
            | b"against"
            | b"among"
            | b"amongst"
            | b"always"
            | b"perhaps"
            | b"whereas"
            | b"unless"
            | b"towards"
            | b"besides"
            | b"afterwards"
            | b"thus"
            | b"yes"
            | b"plus"
            | b"vs"
            | b"versus"
            | b"via"
            | b"between"
            | b"within"
            | b"without"
            | b"through"
            | b"throughout"
            | b"until"
            | b"till"
            | b"up"
            | b"down"
            | b"out"
            | b"off"
            | b"ago"
            | b"earlier"
            | b"later"
            | b"there"
            | b"here"
            | b"now"
            | b"still"
            | b"yet"
            | b"even"
            | b"again"
            | b"such"
            | b"other"
            | b"others"
            | b"another"
            | b"both"
            | b"either"
            | b"neither"
            | b"whether"
            | b"because"
            | b"although"
            | b"though"
            | b"around"
            | b"near"
            | b"like"
            | b"unlike"
            | b"despite"
            | b"toward"
            | b"upon"
            | b"below"
            | b"above"
            | b"behind"
            | b"ahead"
            | b"beyond"
            | b"beneath"
            | b"inside"
            | b"outside"
            | b"along"
            | b"alongside"
            | b"including"
            | b"according"
            | b"respectively"
            | b"apiece"
            | b"each."
            | b"times"
            | b"percent"
            | b"pct"
            | b"cent"
            | b"vs."
    )
}

/// Returns the singular of a counted noun ("casualties" → "casualty"), or `None` when the word
/// does not look like a plural noun.
fn singular(w: &[u8]) -> Option<String> {
    // Only ASCII words are counted nouns, which also keeps the slicing below on boundaries.
    if !w.is_ascii() {
        return None;
    }
    let s = std::str::from_utf8(w).ok()?;
    let all_caps = w.len() > 1 && w.iter().all(|c| !c.is_ascii_lowercase());
    let base: String = if all_caps {
        s.to_ascii_lowercase()
    } else {
        s.to_string()
    };
    let lw = base.to_ascii_lowercase();
    let irregular = match lw.as_str() {
        "people" => Some("person"),
        "children" => Some("child"),
        "men" => Some("man"),
        "women" => Some("woman"),
        "police" | "personnel" | "staff" | "aircraft" | "sheep" | "cattle" | "deer" | "fish"
        | "livestock" | "troops" | "militia" | "crew" | "spacecraft" | "hovercraft"
        | "offspring" | "refugees" => None,
        "feet" => Some("foot"),
        "teeth" => Some("tooth"),
        "mice" => Some("mouse"),
        "geese" => Some("goose"),
        "lives" => Some("life"),
        "wives" => Some("wife"),
        "knives" => Some("knife"),
        "thieves" => Some("thief"),
        "halves" => Some("half"),
        "wolves" => Some("wolf"),
        "leaves" => Some("leaf"),
        "shelves" => Some("shelf"),
        "criteria" => Some("criterion"),
        "phenomena" => Some("phenomenon"),
        "series" | "species" | "news" => return None,
        "movies" | "cookies" | "zombies" | "rookies" | "hippies" | "calories" | "pies" | "ties"
        | "lies" | "dies" | "brownies" | "goalies" | "selfies" | "aussies" | "kiwis" => {
            return Some(base[..base.len() - 1].to_string())
        }
        _ => {
            if lw == "troops" || lw == "refugees" {
                None
            } else {
                return regular_singular(&base, &lw);
            }
        }
    };
    Some(match irregular {
        Some(sing) => {
            // Keep a capital on words like "Men".
            if base.starts_with(|c: char| c.is_ascii_uppercase()) && !all_caps {
                let mut out = sing.to_string();
                if let Some(f) = out.get_mut(0..1) {
                    f.make_ascii_uppercase();
                }
                out
            } else {
                sing.to_string()
            }
        }
        None => {
            // Invariant plurals and words whose plural is regular.
            if lw.ends_with('s') {
                base[..base.len() - 1].to_string()
            } else {
                base
            }
        }
    })
}

/// Singularises a regular plural; `None` if the word is not plural.
fn regular_singular(base: &str, lw: &str) -> Option<String> {
    let n = lw.len();
    if n < 3 || !lw.ends_with('s') {
        // "-men" compounds: gunmen, airmen, servicemen.
        if n > 4 && lw.ends_with("men") {
            return Some(format!("{}an", &base[..n - 2]));
        }
        return None;
    }
    if lw.ends_with("ss")
        || lw.ends_with("us")
        || lw.ends_with("is")
        || lw.ends_with("'s")
        || lw.ends_with("ous")
        || lw.ends_with("ics")
    {
        return None;
    }
    if lw.ends_with("ies") && n > 4 {
        return Some(format!("{}y", &base[..n - 3]));
    }
    if lw.ends_with("sses")
        || lw.ends_with("ches")
            && !matches!(
                lw,
                "caches"
                    | "niches"
                    | "tranches"
                    | "headaches"
                    | "avalanches"
                    | "moustaches"
                    | "quiches"
                    | "cliches"
                    | "creches"
                    | "psyches"
            )
        || lw.ends_with("shes")
        || lw.ends_with("xes")
        || lw.ends_with("zzes")
        || lw.ends_with("oes")
            && matches!(
                lw,
                "heroes"
                    | "potatoes"
                    | "tomatoes"
                    | "vetoes"
                    | "echoes"
                    | "torpedoes"
                    | "volcanoes"
            )
    {
        return Some(base[..n - 2].to_string());
    }
    Some(base[..n - 1].to_string())
}

/// Returns whether a plural noun is one that a year often modifies ("2003 results").
fn year_modified(noun: &str) -> bool {
    matches!(
        noun.to_ascii_lowercase().as_str(),
        "result"
            | "election"
            | "figure"
            | "account"
            | "profit"
            | "sale"
            | "earning"
            | "game"
            | "olympic"
            | "final"
            | "championship"
            | "level"
            | "price"
            | "rate"
            | "budget"
            | "forecast"
            | "estimate"
            | "number"
            | "award"
            | "oscar"
            | "nomination"
            | "poll"
            | "crop"
            | "harvest"
            | "season"
            | "campaign"
            | "attack"
            | "riot"
            | "protest"
            | "talk"
            | "reform"
            | "model"
            | "year"
            | "accounts"
            | "statistic"
            | "data"
            | "loss"
            | "revenue"
            | "bonus"
            | "payment"
            | "target"
            | "world cup"
            | "grammy"
            | "brit"
            | "festivity"
            | "celebration"
            | "event"
            | "bombing"
            | "law"
            | "rule"
            | "regulation"
            | "tax"
            | "war"
            | "general"
    )
}

/// Returns whether a word before a number makes it a label or a reference ("chapter two",
/// "section 119.3", "page 5") rather than a figure.
fn label_noun(w: &[u8]) -> bool {
    let Some((buf, n)) = lower::<12>(w) else {
        return false;
    };
    matches!(
        &buf[..n],
        b"chapter"
            | b"chapters"
            | b"article"
            | b"articles"
            | b"section"
            | b"sections"
            | b"paragraph"
            | b"clause"
            | b"page"
            | b"pages"
            | b"part"
            | b"book"
            | b"volume"
            | b"vol"
            | b"phase"
            | b"stage"
            | b"level"
            | b"round"
            | b"season"
            | b"series"
            | b"episode"
            | b"act"
            | b"scene"
            | b"grade"
            | b"division"
            | b"category"
            | b"class"
            | b"resolution"
            | b"resolutions"
            | b"route"
            | b"highway"
            | b"flight"
            | b"room"
            | b"platform"
            | b"gate"
            | b"number"
            | b"no"
            | b"nos"
            | b"channel"
            | b"radio"
            | b"formula"
            | b"apollo"
            | b"figure"
            | b"table"
            | b"exhibit"
            | b"annex"
            | b"item"
    )
}

/// Returns whether a capitalised word before a number may still precede a count.
fn label_exception(w: &[u8]) -> bool {
    let Some((buf, n)) = lower::<12>(w) else {
        return false;
    };
    matches!(
        &buf[..n],
        b"monday"
            | b"tuesday"
            | b"wednesday"
            | b"thursday"
            | b"friday"
            | b"saturday"
            | b"sunday"
            | b"about"
            | b"over"
            | b"nearly"
            | b"some"
            | b"almost"
            | b"around"
            | b"approximately"
            | b"roughly"
            | b"only"
            | b"just"
            | b"and"
            | b"but"
            | b"the"
            | b"with"
            | b"rs"
            | b"by"
            | b"in"
            | b"of"
            | b"at"
            | b"for"
            | b"to"
            | b"from"
            | b"since"
            | b"than"
            | b"at least"
            | b"up"
            | b"under"
    )
}

impl Scanner<'_> {
    /// Returns the byte at `i`, or 0 past the end.
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// Returns the bytes `a..b`, clamped.
    fn slice(&self, a: usize, b: usize) -> &[u8] {
        let b = b.min(self.b.len());
        self.b.get(a.min(b)..b).unwrap_or_default()
    }

    /// Scans the whole text. It stops at every digit and at the first letter of every run of
    /// letters (or at a letter where a handler resumed inside a run); everything else is
    /// skipped. The stops are found with bitmaps of up to 64 bytes from where the scan stands.
    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            let base = i;
            let end = n.min(base + 64);
            let (letters, digits) = class_bits(&self.b[base..end]);
            // The stops ahead: digits, and the first letters (after a non-letter, or at `base`)
            // of words that may have 3 to 9 letters, as `word` wants. Bit `k` of `three` (of
            // `ten`) is set when bytes `k..k + 3` (`k..k + 10`) are all letters; near the end
            // of a full block, where a word may go on, a short one is kept.
            let starts = letters & !(letters << 1);
            let two = letters & letters >> 1;
            let three = two & letters >> 2;
            let four = two & two >> 2;
            let eight = four & four >> 4;
            let ten = eight & two >> 8;
            let near_end = if end - base == 64 { 0b11 << 62 } else { 0 };
            let mut stops = (starts & (three | near_end) & !ten) | digits;
            while stops != 0 {
                let k = stops.trailing_zeros() as usize;
                let j = base + k;
                i = if digits >> k & 1 != 0 {
                    self.digits(j).max(j + 1)
                } else {
                    // The run of letters from `j`, found in the bitmap unless it reaches its end.
                    let run = (!(letters >> k)).trailing_zeros() as usize;
                    let e = if j + run >= end {
                        self.letters_end(end)
                    } else {
                        j + run
                    };
                    // `word` only acts on the words of `WORDS` (3 to 9 letters): no entry has a
                    // bit for another length, so one look-up, with no branch on the length, does.
                    let lengths = match self.b.get(j..j + 3) {
                        Some(&[a, b, c]) => WORD_TRIGRAMS[trigram(a, b, c)],
                        _ => 0,
                    };
                    if lengths >> (e - j).min(15) & 1 != 0 && self.word_starts(j) {
                        self.word(j, e).max(e)
                    } else {
                        e
                    }
                };
                if i >= end {
                    break;
                }
                // Resuming inside a run of letters stops at the letter there.
                let off = i - base;
                stops = (stops | (letters & 1 << off)) & (u64::MAX << off);
            }
            i = i.max(end);
        }
    }

    /// Returns the end of the run of ASCII letters from `i`.
    fn letters_end(&self, mut i: usize) -> usize {
        // Eight bytes at a time while they are all letters.
        while let Some(chunk) = self.b.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let stop = !ascii_letters(w) & HIGH;
            if stop != 0 {
                return i + (stop.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        while i < self.b.len() && self.b[i].is_ascii_alphabetic() {
            i += 1;
        }
        i
    }

    /// Returns the end of the run of ASCII digits from `i`.
    fn digits_end(&self, mut i: usize) -> usize {
        while i < self.b.len() && self.b[i].is_ascii_digit() {
            i += 1;
        }
        i
    }

    /// Returns whether a word may start at `i`: the character before is not a letter or digit.
    fn word_starts(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let p = self.b[i - 1];
        if p < 0x80 {
            return !is_alnum(p) && p != b'\'';
        }
        // A multi-byte character: decode it and ask whether it is alphanumeric.
        let mut s = i - 1;
        while s > 0 && (self.b[s] & 0xC0) == 0x80 {
            s -= 1;
        }
        match std::str::from_utf8(self.slice(s, i)) {
            Ok(st) => !st.chars().any(super::gazetteer::is_alnum),
            Err(_) => true,
        }
    }

    /// Skips white space (at most one line break) from `p`; returns the next position only if
    /// some space was skipped and text follows.
    fn gap(&self, p: usize) -> Option<usize> {
        let mut q = p;
        let mut newlines = 0;
        while q < self.b.len() {
            match self.b[q] {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => {
                    newlines += 1;
                    // A blank line or an indented line starts a new paragraph.
                    if newlines > 1
                        || (self.at(q + 1) == b' ' && self.at(q + 2) == b' ')
                        || self.at(q + 1) == b'\t'
                    {
                        return None;
                    }
                }
                0xC2 if self.at(q + 1) == 0xA0 => q += 1,
                _ => break,
            }
            q += 1;
        }
        (q > p && q < self.b.len()).then_some(q)
    }

    /// Matches `pat` at `p`, where a space in `pat` matches any white space; returns the end.
    /// The match must end at a word boundary.
    fn match_at(&self, p: usize, pat: &str, case_sensitive: bool) -> Option<usize> {
        let mut q = p;
        for &pc in pat.as_bytes() {
            if pc == b' ' {
                q = self.gap(q)?;
                continue;
            }
            let c = self.at(q);
            let ok = if case_sensitive {
                c == pc
            } else {
                c.eq_ignore_ascii_case(&pc)
            };
            if !ok {
                return None;
            }
            q += 1;
        }
        let last = pat.as_bytes().last().copied().unwrap_or(b' ');
        if is_alnum(last) && is_alnum(self.at(q)) {
            return None;
        }
        Some(q)
    }

    /// Finds the longest entry of a table matching at `p`.
    fn longest<T: Copy>(&self, p: usize, table: &Table<T>) -> Option<(usize, T)> {
        let mut best: Option<(usize, T)> = None;
        for &(pat, v, cs) in table.candidates(self.at(p)) {
            if let Some(e) = self.match_at(p, pat, cs) {
                if best.is_none_or(|(be, _)| e > be) {
                    best = Some((e, v));
                }
            }
        }
        best
    }

    /// Returns the word (letters, with a trailing '.' for abbreviations not included) that ends
    /// just before `s`, across white space only.
    fn prev_word(&self, s: usize) -> Option<(usize, usize)> {
        let mut q = s;
        while q > 0 && matches!(self.b[q - 1], b' ' | b'\t' | b'\n' | b'\r') {
            q -= 1;
        }
        if q == s {
            return None;
        }
        let mut e = q;
        if e > 0 && self.b[e - 1] == b'.' {
            e -= 1;
        }
        let mut w = e;
        while w > 0 && self.b[w - 1].is_ascii_alphabetic() {
            w -= 1;
        }
        if w == e {
            return None;
        }
        if w > 0 && (is_alnum(self.b[w - 1]) || self.b[w - 1] >= 0x80) {
            return None;
        }
        Some((w, e))
    }

    /// Returns the word that starts right after the white space at `p`.
    fn next_word(&self, p: usize) -> Option<(usize, usize)> {
        let q = self.gap(p)?;
        let e = self.letters_end(q);
        (e > q).then_some((q, e))
    }

    /// Returns whether the word starting at `w` begins a sentence.
    fn sentence_start(&self, w: usize) -> bool {
        let mut q = w;
        while q > 0 && matches!(self.b[q - 1], b' ' | b'\t' | b'\r') {
            q -= 1;
        }
        if q == 0 {
            return true;
        }
        let p = self.b[q - 1];
        p >= 0x80
            || matches!(
                p,
                b'\n' | b'.' | b'!' | b'?' | b':' | b';' | b'(' | b'[' | b'"' | b'\'' | b'>'
            )
    }

    /// Returns whether the words before `s` make the number approximate.
    fn approx_before(&self, s: usize) -> bool {
        if s > 0 && self.b[s - 1] == b'~' {
            return true;
        }
        let Some((w1s, w1e)) = self.prev_word(s) else {
            return false;
        };
        let Some((b1, n1)) = lower::<16>(self.slice(w1s, w1e)) else {
            return false;
        };
        let w1 = &b1[..n1];
        let abbrev = self.at(w1e) == b'.';
        if abbrev {
            return matches!(w1, b"c" | b"ca" | b"approx");
        }
        if matches!(
            w1,
            b"roughly"
                | b"about"
                | b"around"
                | b"approximately"
                | b"approx"
                | b"nearly"
                | b"almost"
                | b"some"
                | b"over"
                | b"estimated"
                | b"circa"
                | b"under"
                | b"below"
                | b"above"
                | b"upwards"
        ) {
            return true;
        }
        let Some((w2s, w2e)) = self.prev_word(w1s) else {
            return false;
        };
        let Some((b2, n2)) = lower::<16>(self.slice(w2s, w2e)) else {
            return false;
        };
        let w2 = &b2[..n2];
        matches!(
            (w2, w1),
            (b"more" | b"less" | b"fewer" | b"greater", b"than")
                | (b"at", b"least" | b"most")
                | (b"up" | b"close" | b"closer", b"to")
                | (b"upwards" | b"excess", b"of")
                | (b"many" | b"much", b"as")
        )
    }

    /// Skips a code-like token and any digit groups chained to it by single spaces or hyphens
    /// (phone numbers, references); returns where to resume.
    fn skip_code(&self, i: usize) -> usize {
        let mut q = i;
        loop {
            while q < self.b.len()
                && (is_alnum(self.b[q])
                    || (matches!(self.b[q], b'-' | b'.' | b'/' | b':') && is_alnum(self.at(q + 1))))
            {
                q += 1;
            }
            if matches!(self.at(q), b' ' | b'-') && self.at(q + 1).is_ascii_digit() {
                let e = self.digits_end(q + 1);
                // Only chain groups that look like more of a code (3+ digits or a leading zero).
                if e - (q + 1) >= 3 || self.at(q + 1) == b'0' {
                    q += 1;
                    continue;
                }
            }
            return q;
        }
    }

    /// Returns whether a degree or prime sign at `p` makes the number a coordinate.
    fn coordinate_follows(&self, p: usize) -> bool {
        let s = self.slice(p, p + 3);
        if s.starts_with(&[0xE2, 0x80, 0xB2]) || s.starts_with(&[0xE2, 0x80, 0xB3]) {
            return true;
        }
        s.starts_with(&[0xC2, 0xB0])
            && (self.at(p + 2).is_ascii_digit()
                || matches!(self.at(p + 2), b'N' | b'S' | b'E' | b'W')
                    && !self.at(p + 3).is_ascii_alphabetic())
    }

    /// Skips a coordinate: digits, '.', degree and prime signs, and a hemisphere letter.
    fn skip_coordinate(&self, i: usize) -> usize {
        let mut q = i;
        loop {
            let c = self.at(q);
            if c.is_ascii_digit() || c == b'.' && self.at(q + 1).is_ascii_digit() {
                q += 1;
            } else if self.slice(q, q + 2) == [0xC2, 0xB0] {
                q += 2;
            } else if matches!(self.slice(q, q + 3), [0xE2, 0x80, 0xB2 | 0xB3]) {
                q += 3;
            } else if matches!(c, b'N' | b'S' | b'E' | b'W')
                && !self.at(q + 1).is_ascii_alphabetic()
            {
                return q + 1;
            } else {
                return q.max(i + 1);
            }
        }
    }

    /// Reads the currency prefix ending at `s` (the first digit); returns its start and code.
    fn currency_prefix(&self, s: usize) -> Option<(usize, &'static str)> {
        let mut p = s;
        // One space is allowed after a code or symbol ("Rs 500", "USD 5m", "$ 5").
        if p > 0 && self.b[p - 1] == b' ' {
            p -= 1;
        }
        if p == 0 {
            return None;
        }
        let c = self.b[p - 1];
        let pre = |k: usize| -> &[u8] { self.slice(p.saturating_sub(k), p) };
        let boundary = |start: usize| start == 0 || !is_alnum(self.b[start - 1]);
        if c == b'$' {
            let d = p - 1;
            // Letters glued before the dollar sign name the country.
            let table: &[(&str, &str)] = &[
                ("U.S.", "USD"),
                ("US", "USD"),
                ("NZ", "NZD"),
                ("HK", "HKD"),
                ("NT", "TWD"),
                ("AU", "AUD"),
                ("A", "AUD"),
                ("C", "CAD"),
                ("S", "SGD"),
                ("R", "BRL"),
                ("Z", "ZWD"),
            ];
            for &(t, code) in table {
                let k = t.len();
                if d >= k && self.slice(d - k, d) == t.as_bytes() && boundary(d - k) {
                    return Some((d - k, code));
                }
            }
            return boundary(d).then_some((d, "USD"));
        }
        if pre(2) == "£".as_bytes() {
            return Some((p - 2, "GBP"));
        }
        if pre(3) == "€".as_bytes() {
            return Some((p - 3, "EUR"));
        }
        if pre(2) == "¥".as_bytes() {
            return Some((p - 2, "JPY"));
        }
        if pre(3) == "₹".as_bytes() {
            return Some((p - 3, "INR"));
        }
        if c == b'.' && pre(3) == b"Rs." && boundary(p - 3) {
            return Some((p - 3, "INR"));
        }
        if pre(2) == b"Rs" && boundary(p - 2) {
            return Some((p - 2, "INR"));
        }
        if p >= 3 && p < s + 1 && boundary(p - 3) {
            let code = pre(3);
            for &k in CODES {
                if code == k.as_bytes() {
                    return Some((p - 3, k));
                }
            }
            if code == b"RMB" {
                return Some((p - 3, "CNY"));
            }
        }
        None
    }

    /// Handles a number word or trigger word at `s..e`; returns where to resume.
    fn word(&mut self, s: usize, e: usize) -> usize {
        let len = e - s;
        if len > 9 {
            return e;
        }
        let first = self.b[s].to_ascii_lowercase();
        if !matches!(
            first,
            b'o' | b't' | b'f' | b's' | b'e' | b'n' | b'h' | b'm' | b'b' | b'd' | b'q'
        ) {
            return e;
        }
        let Some((buf, n)) = lower::<9>(self.slice(s, e)) else {
            return e;
        };
        let w = &buf[..n];
        if small_number(w).is_some() {
            return self.word_number(s, 0.0);
        }
        if scale_word(w).is_some() {
            // "a hundred", "a few thousand", "several million".
            let Some((ps, pe)) = self.prev_word(s) else {
                return e;
            };
            let Some((pb, pn)) = lower::<8>(self.slice(ps, pe)) else {
                return e;
            };
            let (start, init, approx) = match &pb[..pn] {
                b"a" | b"an" => (ps, 1.0, false),
                b"few" => match self.prev_word(ps) {
                    Some((qs, qe)) if self.slice(qs, qe).eq_ignore_ascii_case(b"a") => {
                        (qs, 3.0, true)
                    }
                    _ => return e,
                },
                b"several" => (ps, 3.0, true),
                _ => return e,
            };
            return self.word_number_from(start, s, init, approx);
        }
        match w {
            b"dozens" | b"hundreds" | b"thousands" | b"millions" | b"billions" | b"tens" => {
                self.plural_amount(s, e, w)
            }
            b"half" => self.half(s, e),
            _ => {
                if let Some(d) = denominator(w) {
                    self.article_fraction(s, e, d)
                } else {
                    e
                }
            }
        }
    }

    /// Parses a number in words starting at `s`.
    fn word_number(&mut self, s: usize, init: f64) -> usize {
        self.word_number_from(s, s, init, false)
    }

    /// Parses a number in words whose span starts at `start` and whose words start at `s`,
    /// with `init` already counted (the 1 of "a hundred").
    fn word_number_from(&mut self, start: usize, s: usize, init: f64, approx_word: bool) -> usize {
        let first_end = self.letters_end(s);
        let first_word = self.slice(s, first_end);
        // A capitalised number word inside a name ("Formula One", "Channel Four").
        let cap = first_word.first().is_some_and(u8::is_ascii_uppercase);
        let all_caps = first_word.iter().all(|c| !c.is_ascii_lowercase());
        if cap && !all_caps && start == s && !self.sentence_start(s) {
            if let Some((ps, pe)) = self.prev_word(s) {
                let pw = self.slice(ps, pe);
                if pw.first().is_some_and(u8::is_ascii_uppercase) && !label_exception(pw) {
                    return first_end;
                }
            }
        }
        let mut total = 0.0f64;
        let mut cur = init;
        let mut last_small: Option<(u32, bool)> = None;
        let mut prev_scale = false;
        let mut pos = s;
        let mut end = s;
        let mut big_scale = f64::INFINITY;
        let mut words = 0;
        let mut half = false;
        loop {
            let we = self.letters_end(pos);
            if we == pos {
                break;
            }
            let Some((buf, n)) = lower::<9>(self.slice(pos, we)) else {
                break;
            };
            let w = &buf[..n];
            if let Some((v, tens)) = small_number(w) {
                match last_small {
                    Some((_, true)) if !tens && v < 10 => {}
                    Some(_) => break,
                    None => {}
                }
                if prev_scale && cur > 0.0 && cur < 100.0 {
                    break;
                }
                cur += f64::from(v);
                last_small = Some((v, tens));
                prev_scale = false;
            } else if let Some(sc) = scale_word(w) {
                if sc == 100.0 {
                    if cur >= 100.0 {
                        break;
                    }
                    cur = if cur == 0.0 { 1.0 } else { cur } * 100.0;
                } else if sc == 12.0 {
                    cur = if cur == 0.0 { 1.0 } else { cur } * 12.0;
                } else {
                    if sc >= big_scale {
                        break;
                    }
                    let c = if cur == 0.0 { 1.0 } else { cur };
                    total += c * sc;
                    cur = 0.0;
                    big_scale = sc;
                }
                last_small = None;
                prev_scale = true;
            } else if w == b"and" && words > 0 {
                // "one hundred and twenty", "two and a half".
                let Some((ns, ne)) = self.next_word(we) else {
                    break;
                };
                let nw = self.slice(ns, ne);
                let Some((nb, nn)) = lower::<9>(nw) else {
                    break;
                };
                let nw = &nb[..nn];
                if (nw == b"a" || nw == b"an") && !half {
                    if let Some((hs, he)) = self.next_word(ne) {
                        if self.slice(hs, he).eq_ignore_ascii_case(b"half") {
                            cur += 0.5;
                            half = true;
                            end = he;
                            words += 1;
                            if matches!(self.at(he), b' ' | b'\n') {
                                pos = he + 1;
                                while matches!(self.at(pos), b' ' | b'\n') {
                                    pos += 1;
                                }
                                // Allow a scale word after "and a half".
                                let se = self.letters_end(pos);
                                if lower::<9>(self.slice(pos, se)).is_some_and(|(b, k)| {
                                    matches!(
                                        &b[..k],
                                        b"million" | b"billion" | b"thousand" | b"trillion"
                                    )
                                }) {
                                    continue;
                                }
                            }
                            break;
                        }
                    }
                    break;
                }
                if prev_scale && small_number(nw).is_some() {
                    pos = ns;
                    continue;
                }
                break;
            } else {
                break;
            }
            words += 1;
            end = we;
            // Next word: joined by one space, a line break or a hyphen.
            match self.at(we) {
                b'-' if self.at(we + 1).is_ascii_alphabetic() => pos = we + 1,
                b' ' | b'\n' => {
                    let mut q = we + 1;
                    while matches!(self.at(q), b' ' | b'\n' | b'\t') && q < we + 6 {
                        q += 1;
                    }
                    pos = q;
                }
                _ => break,
            }
        }
        if words == 0 {
            return self.letters_end(s);
        }
        let value = total + cur;
        // Fractions: "two-thirds", "one third", "three quarters".
        if let Some(f) = self.fraction_after(end, value) {
            return f;
        }
        // "one" as a pronoun.
        if value == 1.0 && init == 0.0 && start == s && self.pronoun_one(s, end) {
            return end;
        }
        if start == s {
            if let Some((ps, pe)) = self.prev_word(s) {
                if label_noun(self.slice(ps, pe)) {
                    return end;
                }
            }
        }
        let mut num = Num::plain(start, end, value);
        num.approx = approx_word || self.approx_before(start);
        num.scale = if total > 0.0 && big_scale.is_finite() {
            big_scale
        } else {
            1.0
        };
        self.finish(num)
    }

    /// Emits a fraction if a denominator word follows a small number ending at `end`.
    fn fraction_after(&mut self, end: usize, value: f64) -> Option<usize> {
        if !(1.0..=10.0).contains(&value) || value.fract() != 0.0 {
            return None;
        }
        let ds = match self.at(end) {
            b'-' => end + 1,
            b' ' => end + 1,
            _ => return None,
        };
        let de = self.letters_end(ds);
        let (buf, n) = lower::<9>(self.slice(ds, de))?;
        let d = denominator(&buf[..n])?;
        if d == 2.0 && value != 1.0 && &buf[..n] == b"half" {
            return None;
        }
        if is_alnum(self.at(de)) || value >= d {
            return None;
        }
        // "two quarters" may be periods of time: a spaced fraction needs "of" or an end.
        if ds == end + 1 && self.at(end) == b' ' {
            let of = self
                .next_word(de)
                .is_some_and(|(a, b)| self.slice(a, b).eq_ignore_ascii_case(b"of"));
            let ends = matches!(self.at(de), b'.' | b',' | b';' | b')' | 0);
            if !(of || ends) {
                return None;
            }
        }
        let start = self.word_start_of(end);
        self.push(Fig {
            start,
            end: de,
            kind: "fraction",
            value: Some(value / d),
            unit: None,
            approx: Some(self.approx_before(start)),
            scale: 1.0,
        });
        Some(de)
    }

    /// Returns the start of the number phrase that ends at `end` (its first word).
    fn word_start_of(&self, end: usize) -> usize {
        let mut q = end;
        while q > 0
            && (self.b[q - 1].is_ascii_alphabetic()
                || (self.b[q - 1] == b'-' && q >= 2 && self.b[q - 2].is_ascii_alphabetic()))
        {
            q -= 1;
        }
        q
    }

    /// Returns whether "one" at `s..e` is a pronoun ("no one", "one another", "the one").
    fn pronoun_one(&self, s: usize, e: usize) -> bool {
        if self.at(e) == b'\'' || (self.at(e) == b'-' && self.at(e + 1).is_ascii_alphabetic()) {
            // "one's", "one-off", "one-sided" (but "one-year" is a measure).
            if self.at(e) == b'-' {
                let ue = self.letters_end(e + 1);
                let unit = self.slice(e + 1, ue);
                return !UNITS
                    .rows
                    .iter()
                    .any(|&(p, _, _)| p.as_bytes().eq_ignore_ascii_case(unit));
            }
            return true;
        }
        if let Some((ps, pe)) = self.prev_word(s) {
            if let Some((b, n)) = lower::<8>(self.slice(ps, pe)) {
                if matches!(
                    &b[..n],
                    b"no"
                        | b"any"
                        | b"every"
                        | b"the"
                        | b"this"
                        | b"that"
                        | b"which"
                        | b"each"
                        | b"someone"
                        | b"last"
                        | b"only"
                        | b"little"
                        | b"loved"
                        | b"right"
                        | b"wrong"
                        | b"new"
                        | b"big"
                        | b"good"
                        | b"such"
                ) {
                    return true;
                }
            }
        }
        if let Some((ns, ne)) = self.next_word(e) {
            if let Some((b, n)) = lower::<8>(self.slice(ns, ne)) {
                return matches!(
                    &b[..n],
                    b"another"
                        | b"who"
                        | b"can"
                        | b"could"
                        | b"would"
                        | b"should"
                        | b"must"
                        | b"might"
                        | b"may"
                        | b"day"
                        | b"thing"
                        | b"way"
                        | b"does"
                        | b"that"
                );
            }
        }
        false
    }

    /// Handles "dozens", "hundreds", "thousands", "millions", "billions", and "tens of …".
    fn plural_amount(&mut self, s: usize, e: usize, w: &[u8]) -> usize {
        let base = match w {
            b"dozens" => 24.0,
            b"hundreds" => 200.0,
            b"thousands" => 2000.0,
            b"millions" => 2e6,
            b"billions" => 2e9,
            _ => 20.0,
        };
        let mut value = base;
        let mut end = e;
        // "hundreds of thousands", "tens of millions".
        if let Some((os, oe)) = self.next_word(e) {
            if self.slice(os, oe).eq_ignore_ascii_case(b"of") {
                if let Some((ts, te)) = self.next_word(oe) {
                    let sc = lower::<9>(self.slice(ts, te)).and_then(|(b, n)| match &b[..n] {
                        b"thousands" => Some(1e3),
                        b"millions" => Some(1e6),
                        b"billions" => Some(1e9),
                        _ => None,
                    });
                    if let Some(sc) = sc {
                        if base < 1e3 {
                            value = base / 2.0 * 2.0 * sc;
                            end = te;
                        }
                    }
                }
            }
        }
        if w == b"tens" && end == e {
            return e;
        }
        let mut num = Num::plain(s, end, value);
        num.approx = true;
        num.scale = value / base.max(1.0);
        // "of" introduces what is counted: "dozens of villages", "millions of dollars".
        let mut p = end;
        if let Some((os, oe)) = self.next_word(end) {
            if self.slice(os, oe).eq_ignore_ascii_case(b"of") {
                if let Some(q) = self.gap(oe) {
                    if let Some((ce, (code, div))) = self.currency_word(q) {
                        self.push(Fig {
                            start: s,
                            end: ce,
                            kind: "money",
                            value: Some(value / div),
                            unit: Some(Cow::Borrowed(code)),
                            approx: Some(true),
                            scale: 1.0,
                        });
                        return ce;
                    }
                    p = q;
                }
            }
        }
        let unit = if p > end {
            self.counted_noun(p, value).map(Cow::Owned)
        } else {
            None
        };
        self.push(Fig {
            start: s,
            end,
            kind: "cardinal",
            value: Some(value),
            unit,
            approx: Some(true),
            scale: 1.0,
        });
        num.end
    }

    /// Handles "half": "half a million", "half of", "more than half".
    fn half(&mut self, s: usize, e: usize) -> usize {
        if self.at(e) == b'-' {
            return e;
        }
        if let Some((ps, pe)) = self.prev_word(s) {
            // "two and a half" is handled with its number; "a half" alone is rare.
            let pw = self.slice(ps, pe);
            if pw.eq_ignore_ascii_case(b"a")
                || pw.eq_ignore_ascii_case(b"first")
                || pw.eq_ignore_ascii_case(b"second")
            {
                return e;
            }
        }
        let next = self.next_word(e);
        let nw = next.and_then(|(a, b)| lower::<9>(self.slice(a, b)));
        let nword = nw.as_ref().map(|(b, n)| &b[..*n]);
        if let (Some((_, ae)), Some(b"a" | b"an")) = (next, nword) {
            if let Some((ss, se)) = self.next_word(ae) {
                if let Some((sb, sn)) = lower::<9>(self.slice(ss, se)) {
                    if let Some(sc) = scale_word(&sb[..sn]) {
                        let mut num = Num::plain(s, se, 0.5 * sc);
                        num.approx = self.approx_before(s);
                        num.scale = sc;
                        return self.finish(num);
                    }
                }
            }
        }
        let ok_next = matches!(
            nword,
            Some(
                b"of"
                    | b"the"
                    | b"a"
                    | b"an"
                    | b"its"
                    | b"their"
                    | b"his"
                    | b"her"
                    | b"our"
                    | b"all"
                    | b"those"
                    | b"these"
                    | b"them"
                    | b"that"
            )
        );
        let approx = self.approx_before(s);
        if !(ok_next || approx) {
            return e;
        }
        self.push(Fig {
            start: s,
            end: e,
            kind: "fraction",
            value: Some(0.5),
            unit: None,
            approx: Some(approx),
            scale: 1.0,
        });
        e
    }

    /// Handles "a third", "a quarter" (a denominator after "a" or "an").
    fn article_fraction(&mut self, s: usize, e: usize, d: f64) -> usize {
        let Some((ps, pe)) = self.prev_word(s) else {
            return e;
        };
        let pw = self.slice(ps, pe);
        if !(pw.eq_ignore_ascii_case(b"a") || pw.eq_ignore_ascii_case(b"an")) {
            return e;
        }
        let approx = self.approx_before(ps);
        let next = self.next_word(e);
        let follows_of = next.is_some_and(|(a, b)| self.slice(a, b).eq_ignore_ascii_case(b"of"));
        let ends = matches!(self.at(e), b'.' | b',' | b';' | b')' | 0) || self.at(e) >= 0x80;
        let pct = self.gap(e).and_then(|q| self.longest(q, &PERCENT_WORDS));
        if let Some((pe2, unit)) = pct {
            self.push(Fig {
                start: ps,
                end: pe2,
                kind: "percent",
                value: Some(1.0 / d),
                unit: Some(Cow::Borrowed(unit)),
                approx: Some(approx),
                scale: 1.0,
            });
            return pe2;
        }
        if !(follows_of || ends || approx) || d == 2.0 {
            return e;
        }
        self.push(Fig {
            start: ps,
            end: e,
            kind: "fraction",
            value: Some(1.0 / d),
            unit: None,
            approx: Some(approx),
            scale: 1.0,
        });
        e
    }

    /// Handles a run of digits at `i`; returns where to resume.
    fn digits(&mut self, i: usize) -> usize {
        let prev = if i > 0 { self.b[i - 1] } else { 0 };
        // Currency prefixes glued to letters ("US$5", "Rs500") are checked first.
        let prefix = self.currency_prefix(i);
        if prefix.is_none() {
            if prev.is_ascii_alphabetic()
                || matches!(prev, b'_' | b'@' | b'#' | b'/' | b'+' | b'\\' | b'&')
            {
                return self.skip_code(i);
            }
            if prev == b'.' && i >= 2 && is_alnum(self.b[i - 2]) {
                return self.skip_code(i);
            }
            if prev == b'-' && i >= 2 && is_alnum(self.b[i - 2]) {
                // "F-16", "COVID-19": a code if the token before the hyphen has a capital.
                let mut t = i - 1;
                while t > 0 && is_alnum(self.b[t - 1]) {
                    t -= 1;
                }
                let tok = self.slice(t, i - 1);
                if tok.iter().any(u8::is_ascii_uppercase) {
                    return self.skip_code(i);
                }
            }
        }
        // Citation marks "[3]" and the minutes and seconds of coordinates ("33°47′N").
        if prev == b'[' && self.at(self.digits_end(i)) == b']' {
            return self.digits_end(i) + 1;
        }
        if i >= 2 && matches!(self.slice(i - 2, i), [0xC2, 0xB0])
            || i >= 3 && matches!(self.slice(i - 3, i), [0xE2, 0x80, 0xB2 | 0xB3])
        {
            return self.skip_coordinate(i);
        }
        // "No. 10", "no 10".
        if let Some((ps, pe)) = self.prev_word(i) {
            let pw = self.slice(ps, pe);
            if (pw == b"No" || pw == b"no" || pw == b"Nos") && self.at(pe) == b'.' {
                return self.skip_code(i);
            }
        }
        let int_end = self.digits_end(i);
        let int_digits = int_end - i;
        // Leading zeros and long bare digit runs are codes, except "0.5".
        if (self.b[i] == b'0' && int_digits > 1)
            || int_digits >= 7
            || (self.b[i] == b'0' && self.at(int_end) == b',')
        {
            return self.skip_code(i);
        }
        if prev == b'+' {
            return self.skip_code(i);
        }
        let mut mant: u64 = 0;
        for &c in self.slice(i, int_end) {
            mant = mant.saturating_mul(10).saturating_add(u64::from(c - b'0'));
        }
        let mut end = int_end;
        let mut has_comma = false;
        // Thousands groups: ",ddd" not followed by another digit.
        if int_digits <= 3 {
            while self.at(end) == b','
                && self.at(end + 1).is_ascii_digit()
                && self.at(end + 2).is_ascii_digit()
                && self.at(end + 3).is_ascii_digit()
                && !self.at(end + 4).is_ascii_digit()
            {
                for &c in self.slice(end + 1, end + 4) {
                    mant = mant.saturating_mul(10).saturating_add(u64::from(c - b'0'));
                }
                end += 4;
                has_comma = true;
            }
        }
        let mut frac_digits = 0u32;
        if self.at(end) == b'.' && self.at(end + 1).is_ascii_digit() {
            let fe = self.digits_end(end + 1);
            if self.at(fe) == b'.' && self.at(fe + 1).is_ascii_digit() {
                return self.skip_code(i); // a version number or an address
            }
            for &c in self.slice(end + 1, fe) {
                if frac_digits < 15 {
                    mant = mant.saturating_mul(10).saturating_add(u64::from(c - b'0'));
                    frac_digits += 1;
                }
            }
            end = fe;
        }
        let is_int = frac_digits == 0;
        // Coordinates: "33°47′N", "35.0325°N", "33.505716".
        let pair = frac_digits >= 3
            && (self.slice(end, end + 2) == b"; " && self.at(end + 2).is_ascii_digit()
                || i >= 3 && self.slice(i - 2, i) == b"; " && self.b[i - 3].is_ascii_digit());
        if frac_digits >= 5 || pair || self.coordinate_follows(end) {
            return self.skip_coordinate(i);
        }
        let value = mant as f64 / 10f64.powi(frac_digits as i32);
        // Clock times: "10:30", "3:30 pm".
        if self.at(end) == b':' && self.at(end + 1).is_ascii_digit() {
            let mut q = self.skip_code(i);
            if let Some(g) = self.gap(q) {
                if let Some((te, ())) = self.longest(g, &TIME_WORDS) {
                    q = te;
                }
            }
            return q;
        }
        let mut num = Num {
            start: i,
            end,
            core: i,
            value,
            approx: false,
            scale: 1.0,
            currency: None,
            int_digits,
            has_comma,
            is_int,
            words: false,
            negative: false,
        };
        if let Some((ps, code)) = prefix {
            num.start = ps;
            num.currency = Some(code);
        }
        // A minus sign: "-5", "−5" (U+2212), "minus 5".
        let s0 = num.start;
        if s0 > 0
            && self.b[s0 - 1] == b'-'
            && (s0 < 2 || matches!(self.b[s0 - 2], b' ' | b'(' | b'\n' | b'\t'))
        {
            num.start = s0 - 1;
            num.negative = true;
        } else if s0 >= 3 && self.slice(s0 - 3, s0) == "−".as_bytes() {
            num.start = s0 - 3;
            num.negative = true;
        } else if let Some((ps, pe)) = self.prev_word(s0) {
            if self.slice(ps, pe).eq_ignore_ascii_case(b"minus") {
                num.start = ps;
                num.negative = true;
            }
        }
        if num.negative {
            num.value = -num.value;
        }
        // Slash forms: dates and fractions.
        if self.at(end) == b'/' && self.at(end + 1).is_ascii_digit() && is_int && !has_comma {
            return self.slash(num);
        }
        // Hyphen forms: ISO dates, year ranges, Reuters fractions ("7-3/4").
        if self.at(end) == b'-' && self.at(end + 1).is_ascii_digit() && is_int && !has_comma {
            if let Some(r) = self.hyphen_digits(num) {
                return r;
            }
        }
        if is_int && !has_comma && num.currency.is_none() && !num.negative {
            if let Some(r) = self.date(num) {
                return r;
            }
        }
        num.approx = self.approx_before(num.start);
        // Glued suffixes.
        if self.at(end) == b'%' {
            num.end = end + 1;
            return self.emit_percent(num, "percent");
        }
        if self.at(end).is_ascii_alphabetic() || self.at(end) >= 0x80 {
            match self.glued(&mut num) {
                Glued::Done(r) => return r,
                Glued::Continue => {}
            }
        }
        self.finish(num)
    }

    /// Handles "n/d" and "d/m/y" after a number.
    fn slash(&mut self, num: Num) -> usize {
        let a = num.value.abs();
        let s2 = num.end + 1;
        let e2 = self.digits_end(s2);
        let b = self.slice(s2, e2).iter().fold(0u64, |acc, &c| {
            acc.saturating_mul(10).saturating_add(u64::from(c - b'0'))
        }) as f64;
        if self.at(e2) == b'/' && self.at(e2 + 1).is_ascii_digit() {
            let s3 = e2 + 1;
            let e3 = self.digits_end(s3);
            if is_alnum(self.at(e3)) {
                return self.skip_code(num.core);
            }
            let y = self.slice(s3, e3).iter().fold(0u64, |acc, &c| {
                acc.saturating_mul(10).saturating_add(u64::from(c - b'0'))
            }) as f64;
            let year = match e3 - s3 {
                4 => Some(y),
                2 => Some(if y < 50.0 { 2000.0 + y } else { 1900.0 + y }),
                _ => None,
            };
            if a <= 31.0 && b <= 31.0 && year.is_some() {
                self.push(Fig {
                    start: num.core,
                    end: e3,
                    kind: "date",
                    value: year,
                    unit: None,
                    approx: None,
                    scale: 1.0,
                });
                return e3;
            }
            return self.skip_code(num.core);
        }
        if is_alnum(self.at(e2)) || self.at(e2) == b'/' {
            return self.skip_code(num.core);
        }
        // A year range written "2014/15".
        if num.int_digits == 4 && (1800.0..=2100.0).contains(&a) && (e2 - s2 == 2 || e2 - s2 == 4) {
            self.push(Fig {
                start: num.core,
                end: e2,
                kind: "year",
                value: Some(a),
                unit: None,
                approx: None,
                scale: 1.0,
            });
            return e2;
        }
        if a < b
            && a >= 1.0
            && [2.0, 3.0, 4.0, 5.0, 8.0, 10.0, 16.0, 32.0, 64.0, 100.0].contains(&b)
        {
            let approx = self.approx_before(num.start);
            self.push(Fig {
                start: num.start,
                end: e2,
                kind: "fraction",
                value: Some(a / b),
                unit: None,
                approx: Some(approx),
                scale: 1.0,
            });
            return e2;
        }
        self.skip_code(num.core)
    }

    /// Handles "yyyy-mm-dd", "2014-15" and "7-3/4" after a number; `None` for a plain range.
    fn hyphen_digits(&mut self, mut num: Num) -> Option<usize> {
        let s2 = num.end + 1;
        let e2 = self.digits_end(s2);
        let d2 = e2 - s2;
        let a = num.value.abs();
        let year_like = num.int_digits == 4 && (1800.0..=2100.0).contains(&a) && !num.negative;
        if year_like && d2 == 2 && self.at(e2) == b'-' && self.at(e2 + 1).is_ascii_digit() {
            let e3 = self.digits_end(e2 + 1);
            if e3 - (e2 + 1) == 2 && !is_alnum(self.at(e3)) {
                self.push(Fig {
                    start: num.core,
                    end: e3,
                    kind: "date",
                    value: Some(a),
                    unit: None,
                    approx: None,
                    scale: 1.0,
                });
                return Some(e3);
            }
        }
        // Three or more groups joined by hyphens: a phone number or a reference.
        if self.at(e2) == b'-' && self.at(e2 + 1).is_ascii_digit() {
            return Some(self.skip_code(num.core));
        }
        if year_like && (d2 == 2 || d2 == 4) && !is_alnum(self.at(e2)) {
            let second = self
                .slice(s2, e2)
                .iter()
                .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'));
            if d2 == 2 || (f64::from(second) > a && f64::from(second) <= 2100.0) {
                self.push(Fig {
                    start: num.core,
                    end: e2,
                    kind: "year",
                    value: Some(a),
                    unit: None,
                    approx: None,
                    scale: 1.0,
                });
                return Some(e2);
            }
        }
        // Reuters fractions: "7-3/4", "101-1/4".
        if self.at(e2) == b'/' && self.at(e2 + 1).is_ascii_digit() {
            let e3 = self.digits_end(e2 + 1);
            let n = self.slice(s2, e2).iter().fold(0u64, |acc, &c| {
                acc.saturating_mul(10).saturating_add(u64::from(c - b'0'))
            }) as f64;
            let d = self.slice(e2 + 1, e3).iter().fold(0u64, |acc, &c| {
                acc.saturating_mul(10).saturating_add(u64::from(c - b'0'))
            }) as f64;
            if n < d
                && [2.0, 3.0, 4.0, 8.0, 16.0, 32.0, 64.0].contains(&d)
                && !is_alnum(self.at(e3))
            {
                num.value = if num.negative {
                    num.value - n / d
                } else {
                    num.value + n / d
                };
                num.end = e3;
                num.is_int = false;
                num.approx = self.approx_before(num.start);
                return Some(self.finish(num));
            }
        }
        None
    }

    /// Recognises a date around a whole number; `None` if it is not part of a date.
    fn date(&mut self, num: Num) -> Option<usize> {
        let v = num.value;
        let mut end = num.end;
        // An ordinal suffix on a day: "26th".
        let mut day_end = end;
        let sfx_end = self.letters_end(end);
        let sfx = self.slice(end, sfx_end);
        if matches!(sfx, b"st" | b"nd" | b"rd" | b"th") {
            day_end = sfx_end;
        }
        let is_day = num.int_digits <= 2 && (1.0..=31.0).contains(&v);
        let is_year = num.int_digits == 4 && (1800.0..=2100.0).contains(&v);
        if !is_day && !is_year {
            return None;
        }
        if day_end == end && is_alnum(self.at(end)) {
            return None;
        }
        // Month before: "Feb 26", "Jan. 1", "July 21, 2017", "May 2013".
        if let Some((ms, me)) = self.prev_word(num.start) {
            if month(self.slice(ms, me)).is_some() {
                if is_year {
                    self.push_date(ms, end, Some(v));
                    return Some(end);
                }
                end = self.day_range(day_end);
                let mut value = None;
                let mut q = end;
                if self.at(q) == b',' {
                    q += 1;
                }
                if let Some(g) = self.gap(q) {
                    let ye = self.digits_end(g);
                    if ye - g == 4 && !is_alnum(self.at(ye)) {
                        let y = self
                            .slice(g, ye)
                            .iter()
                            .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'));
                        if (1800..=2100).contains(&y) {
                            value = Some(f64::from(y));
                            end = ye;
                        }
                    }
                }
                self.push_date(ms, end, value);
                return Some(end);
            }
        }
        if !is_day {
            return None;
        }
        // Day before month: "26 February 2017", "the 21st of March", "5-6 April".
        let mut q = self.gap(self.day_range(day_end))?;
        let mut we = self.letters_end(q);
        if self.slice(q, we) == b"of" {
            q = self.gap(we)?;
            we = self.letters_end(q);
        }
        month(self.slice(q, we))?;
        if is_alnum(self.at(we)) {
            return None;
        }
        end = we;
        if self.at(end) == b'.' && we - q <= 4 {
            end += 1;
        }
        let mut value = None;
        let mut y0 = end;
        if self.at(y0) == b',' {
            y0 += 1;
        }
        if let Some(g) = self.gap(y0) {
            let ye = self.digits_end(g);
            if ye - g == 4 && !is_alnum(self.at(ye)) {
                let y = self
                    .slice(g, ye)
                    .iter()
                    .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'));
                if (1800..=2100).contains(&y) {
                    value = Some(f64::from(y));
                    end = ye;
                }
            }
        }
        self.push_date(num.start, end, value);
        Some(end)
    }

    /// Extends a day over a range of days ("15-24", "16 - 17", "11–13th"); returns the end.
    fn day_range(&self, p: usize) -> usize {
        let mut q = p;
        while self.at(q) == b' ' {
            q += 1;
        }
        if self.at(q) == b'-' {
            q += 1;
        } else if self.slice(q, q + 3) == "–".as_bytes() {
            q += 3;
        } else {
            return p;
        }
        while self.at(q) == b' ' {
            q += 1;
        }
        let e = self.digits_end(q);
        if e == q || e - q > 2 {
            return p;
        }
        let mut end = e;
        let sfx = self.letters_end(e);
        if matches!(self.slice(e, sfx), b"st" | b"nd" | b"rd" | b"th") {
            end = sfx;
        }
        let d = self
            .slice(q, e)
            .iter()
            .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'));
        if (1..=31).contains(&d) && !is_alnum(self.at(end)) {
            end
        } else {
            p
        }
    }

    /// Pushes a date figure.
    fn push_date(&mut self, start: usize, end: usize, value: Option<f64>) {
        self.push(Fig {
            start,
            end,
            kind: "date",
            value,
            unit: None,
            approx: None,
            scale: 1.0,
        });
    }

    /// Handles letters glued to digits.
    fn glued(&mut self, num: &mut Num) -> Glued {
        let end = num.end;
        // Multi-byte glued units ("°C", "km²") first.
        if self.at(end) >= 0x80 {
            for &(pat, unit) in GLUED_UNITS {
                if pat.as_bytes()[0] >= 0x80 || pat.contains('²') || pat.contains('³') {
                    if let Some(e) = self.match_at(end, pat, CS) {
                        num.end = e;
                        return Glued::Done(self.emit_measure(*num, unit));
                    }
                }
            }
            return Glued::Continue;
        }
        let le = self.letters_end(end);
        let w = self.slice(end, le);
        // Ordinals: "21st", "93rd".
        if matches!(
            w,
            b"st" | b"nd" | b"rd" | b"th" | b"ST" | b"ND" | b"RD" | b"TH"
        ) && num.is_int
            && !is_alnum(self.at(le))
        {
            self.push(Fig {
                start: num.core,
                end: le,
                kind: "ordinal",
                value: Some(num.value),
                unit: None,
                approx: Some(false),
                scale: 1.0,
            });
            return Glued::Done(le);
        }
        // Decades: "1980s", "the 1990's" is handled by the apostrophe, "20s".
        if w == b"s"
            && num.is_int
            && !num.has_comma
            && num.value % 10.0 == 0.0
            && !is_alnum(self.at(le))
        {
            let kind = if num.int_digits == 4 && (1800.0..=2100.0).contains(&num.value) {
                "year"
            } else {
                "cardinal"
            };
            self.push(Fig {
                start: num.core,
                end: le,
                kind,
                value: Some(num.value),
                unit: None,
                approx: if kind == "year" { None } else { Some(true) },
                scale: 1.0,
            });
            return Glued::Done(le);
        }
        // Clock times: "9am", "10.30pm".
        if matches!(w, b"am" | b"pm" | b"AM" | b"PM")
            || (w.len() == 1 && (w == b"a" || w == b"p") && self.at(le) == b'.')
        {
            return Glued::Done(self.skip_code(num.core).max(le));
        }
        if num.currency.is_some() {
            // "$1.5bn", "£600m", "$5M", "$10k", "$3b".
            let f = match w {
                b"bn" | b"b" | b"B" | b"bln" | b"BN" => Some(1e9),
                b"m" | b"M" | b"mn" | b"mln" => Some(1e6),
                b"k" | b"K" => Some(1e3),
                b"tn" | b"trn" | b"T" => Some(1e12),
                _ => None,
            };
            if let Some(f) = f {
                if !is_alnum(self.at(le)) {
                    num.value *= f;
                    num.scale = f;
                    num.end = le;
                    return Glued::Continue;
                }
            }
            return Glued::Done(self.skip_code(num.core));
        }
        // Pence: "50p".
        if w == b"p" && !is_alnum(self.at(le)) && self.at(le) != b'.' {
            num.end = le;
            num.currency = Some("GBP");
            num.value /= 100.0;
            return Glued::Done(self.emit_money(*num, "GBP", 1.0));
        }
        // Scale suffixes: "5bn", "38m", "10k".
        let f = match w {
            b"bn" | b"bln" => Some(1e9),
            b"mn" | b"mln" => Some(1e6),
            b"tn" | b"trn" => Some(1e12),
            b"k" | b"K" => Some(1e3),
            b"m" => self.glued_m_is_million(num.start, le).then_some(1e6),
            _ => None,
        };
        if let Some(f) = f {
            if !is_alnum(self.at(le))
                && (self.at(le) != b'/' || !self.at(le + 1).is_ascii_alphabetic())
            {
                num.value *= f;
                num.scale = f;
                num.end = le;
                return Glued::Continue;
            }
        }
        // Glued units: "5km", "50m", "30C".
        let mut best: Option<(usize, &str)> = None;
        for &(pat, unit) in GLUED_UNITS {
            if let Some(e) = self.match_at(end, pat, CS) {
                if best.is_none_or(|(be, _)| e > be) {
                    best = Some((e, unit));
                }
            }
        }
        if let Some((e, unit)) = best {
            num.end = e;
            return Glued::Done(self.emit_measure(*num, unit));
        }
        if w == b"m" && !is_alnum(self.at(le)) {
            num.end = le;
            return Glued::Done(self.emit_measure(*num, "m"));
        }
        // Anything else glued to the digits makes a code ("3G", "4x4", "7UP").
        Glued::Done(self.skip_code(num.core))
    }

    /// Decides whether a bare "m" glued to a number (no currency) means million rather than
    /// metres: it does when a plural noun, a unit, "of" or a bracketed amount of money follows
    /// ("38m Syrians", "113.5m ounces", "1.1m of", "648m ($492m)"), or when a figure in millions
    /// came just before ("from 10.9m viewers to 11.9m"); otherwise it is metres ("the 60m
    /// hurdles", "cleared 1.76m", "50m apart").
    fn glued_m_is_million(&self, start: usize, le: usize) -> bool {
        if self.at(le) == b' ' && self.at(le + 1) == b'(' {
            let q = le + 2;
            return self.currency_prefix_at(q)
                || self.at(q).is_ascii_digit()
                    && self.slice(q, q + 12).contains(&b'm')
                    && !self.slice(q, q + 12).windows(2).any(|w| w == b"ft");
        }
        if let Some((a, b)) = self.next_word(le) {
            let nw = self.slice(a, b);
            if DISTANCE_WORDS.contains(&nw) {
                return false;
            }
            if nw == b"of"
                || self
                    .longest(a, &UNITS)
                    .is_some_and(|(_, u)| u != "m" && u != "second" && u != "minute" && u != "hour")
            {
                return true;
            }
            if !is_stop(nw) && nw.len() > 3 && singular(nw).is_some_and(|s| s.as_bytes() != nw) {
                return true;
            }
        }
        // "$10-25m", "£6m-8m".
        if self
            .out
            .last()
            .is_some_and(|f| f.kind == "money" && start.saturating_sub(f.end) <= 4)
        {
            return true;
        }
        self.out.iter().rev().take(3).any(|f| {
            f.scale >= 1e6
                && start.saturating_sub(f.end) < 160
                && !self.slice(f.end, start).contains(&b'\n')
        })
    }

    /// Returns whether a currency symbol or code starts at `p` ("$", "£", "€", "US$").
    fn currency_prefix_at(&self, p: usize) -> bool {
        let s = self.slice(p, p + 4);
        s.starts_with(b"$")
            || s.starts_with("£".as_bytes())
            || s.starts_with("€".as_bytes())
            || s.starts_with(b"US$")
            || s.starts_with("¥".as_bytes())
    }

    /// Reads a currency word at `p`.
    fn currency_word(&self, p: usize) -> Option<(usize, (&'static str, f64))> {
        self.longest(p, &CURRENCY_WORDS)
    }

    /// Finishes a number: scale word, currency, percent, unit, counted noun, year.
    fn finish(&mut self, mut num: Num) -> usize {
        let mut p = num.end;
        // Hyphen suffixes: "20-plus", "14-year-old", "three-year", "5,000-strong".
        if self.at(p) == b'-' && self.at(p + 1).is_ascii_alphabetic() {
            let hs = p + 1;
            let he = self.letters_end(hs);
            let hw = self.slice(hs, he);
            if let Some((ce, (code, div))) = self.currency_word(hs) {
                num.end = ce;
                return self.emit_money(num, code, div);
            }
            if hw.eq_ignore_ascii_case(b"and")
                && self.slice(he, he + 7).eq_ignore_ascii_case(b"-a-half")
            {
                // "five-and-a-half years"
                num.value += 0.5 * num.scale;
                num.is_int = false;
                num.end = he + 7;
                return self.finish(num);
            }
            if hw.eq_ignore_ascii_case(b"plus") || hw.eq_ignore_ascii_case(b"odd") {
                num.approx = true;
                num.end = he;
                p = he;
            } else if let Some((ue, unit)) = self.longest(hs, &UNITS) {
                let single = !self.slice(hs, ue).contains(&b' ');
                if single {
                    let mut e = ue;
                    // "-year-old"
                    if self.at(e) == b'-'
                        && self.slice(e + 1, e + 4).eq_ignore_ascii_case(b"old")
                        && !is_alnum(self.at(e + 4))
                    {
                        e += 4;
                    } else if self.at(e) == b'-' && is_alnum(self.at(e + 1)) {
                        // "two-day-old" or some other compound: keep the number only.
                        return self.emit_cardinal(num, None);
                    }
                    num.end = e;
                    return self.emit_measure(num, unit);
                }
            } else if hw.first().is_some_and(u8::is_ascii_uppercase) && !num.words {
                return self.skip_code(num.core);
            } else {
                // Some other compound ("three-man", "10-point"): a count with no noun.
                return self.emit_cardinal(num, None);
            }
        }
        // A scale word: "2.5 million", "5.93 mln", "1.5 bn".
        if num.scale == 1.0 {
            if let Some(g) = self.gap(p) {
                if let Some((se, f)) = self.longest(g, &SCALES) {
                    num.value *= f;
                    num.scale = f;
                    num.end = se;
                    p = se;
                    // "and a half million" is rare; "1.5 million" is the norm.
                }
            }
        }
        if let Some(code) = num.currency {
            return self.emit_money(num, code, 1.0);
        }
        // "76 %"
        if self.at(p) == b' ' && self.at(p + 1) == b'%' {
            num.end = p + 2;
            return self.emit_percent(num, "percent");
        }
        let Some(g) = self.gap(p) else {
            return self.emit_plain(num, None);
        };
        if let Some((ce, (code, div))) = self.currency_word(g) {
            num.end = ce;
            return self.emit_money(num, code, div);
        }
        if let Some((pe, unit)) = self.longest(g, &PERCENT_WORDS) {
            num.end = pe;
            return self.emit_percent(num, unit);
        }
        if let Some((te, ())) = self.longest(g, &TIME_WORDS) {
            if !num.words && num.value <= 2400.0 {
                return te;
            }
        }
        if let Some((ue, unit)) = self.longest(g, &UNITS) {
            let uw = self.slice(g, ue);
            // "1 second" is a time unit but "second" alone after a count is rare; "in" is a
            // preposition; a capital "M" is not metres.
            let skip_unit = (uw == b"m" && self.at(ue) == b'.')
                || (uw.eq_ignore_ascii_case(b"second") && num.value != 1.0);
            if !skip_unit {
                num.end = ue;
                return self.emit_measure(num, unit);
            }
        }
        self.emit_plain(num, Some(g))
    }

    /// Emits a number with no unit word: a year, a count with its noun, or a bare count.
    fn emit_plain(&mut self, num: Num, next: Option<usize>) -> usize {
        let a = num.value;
        let year_like = !num.words
            && num.is_int
            && !num.has_comma
            && num.int_digits == 4
            && num.scale == 1.0
            && !num.negative
            && (1000.0..=2100.0).contains(&a)
            && !num.approx;
        let noun = next.and_then(|g| self.counted_noun(g, num.value));
        // Before 1800 only "in 1576", "since 1066" and the like are years.
        let historic_year = a < 1800.0
            && noun.is_none()
            && self.prev_word(num.start).is_some_and(|(ps, pe)| {
                matches!(
                    self.slice(ps, pe),
                    b"in" | b"In" | b"since" | b"Since" | b"until" | b"circa"
                )
            });
        if year_like && (a >= 1800.0 || historic_year) {
            let determiner = self.prev_word(num.start).is_some_and(|(ps, pe)| {
                let pw = self.slice(ps, pe);
                lower::<6>(pw).is_some_and(|(b, n)| {
                    matches!(
                        &b[..n],
                        b"the"
                            | b"its"
                            | b"their"
                            | b"his"
                            | b"her"
                            | b"our"
                            | b"this"
                            | b"that"
                            | b"in"
                            | b"since"
                            | b"by"
                            | b"until"
                            | b"of"
                            | b"from"
                    )
                })
            }) || (num.start >= 2
                && self.slice(num.start - 2, num.start) == b"s ");
            let year_noun = noun.as_deref().is_some_and(year_modified);
            let after_year = self.prev_word(num.start).is_some_and(|(ps, pe)| {
                matches!(self.slice(ps, pe), b"and" | b"or" | b"to")
                    && self
                        .out
                        .last()
                        .is_some_and(|f| f.kind == "year" && ps.saturating_sub(f.end) <= 2)
            });
            if noun.is_none() || determiner || year_noun || after_year {
                self.push(Fig {
                    start: num.core,
                    end: num.end,
                    kind: "year",
                    value: Some(a),
                    unit: None,
                    approx: None,
                    scale: 1.0,
                });
                return num.end;
            }
        }
        // A number right after a title-case label ("Resolution 2254", "Boeing 747").
        if !num.words
            && num.is_int
            && !num.has_comma
            && num.currency.is_none()
            && num.scale == 1.0
            && num.start == num.core
        {
            if let Some((ps, pe)) = self.prev_word(num.start) {
                let pw = self.slice(ps, pe);
                let title = pw.first().is_some_and(u8::is_ascii_uppercase)
                    && pw.iter().skip(1).any(u8::is_ascii_lowercase);
                let caps = pw.len() <= 5
                    && pw.iter().all(u8::is_ascii_uppercase)
                    && pw != b"I"
                    && pw != b"A"
                    && noun.is_none();
                let mut q = ps;
                while q > 0 && self.b[q - 1] == b' ' {
                    q -= 1;
                }
                let bracketed = q > 0 && self.b[q - 1] == b'(';
                if label_noun(pw)
                    || (title || caps)
                        && self.at(pe) != b'.'
                        && !label_exception(pw)
                        && (bracketed || !self.sentence_start(ps))
                {
                    return self.skip_code(num.core);
                }
            }
        }
        self.emit_cardinal(num, noun.map(Cow::Owned))
    }

    /// Finds the counted noun after a number: skips up to three modifiers and returns the
    /// singular of the first plural noun (or, for one, the last word before a function word).
    fn counted_noun(&self, g: usize, value: f64) -> Option<String> {
        let mut p = g;
        let mut count = 0;
        let singular_value = value == 1.0;
        let mut last_word: Option<(usize, usize)> = None;
        while count < 4 {
            let s = p;
            if !self.at(s).is_ascii_alphabetic() {
                break;
            }
            // A word, with hyphenated parts ("ISIL-held", "anti-aircraft").
            let mut e = self.letters_end(s);
            while self.at(e) == b'-' && self.at(e + 1).is_ascii_alphabetic() {
                e = self.letters_end(e + 1);
            }
            if is_alnum(self.at(e)) {
                break;
            }
            let w = self.slice(s, e);
            if is_stop(w) {
                break;
            }
            let has_hyphen = w.contains(&b'-');
            let lw_end = w.len();
            let ly = lw_end > 3 && w.ends_with(b"ly");
            let ed = !has_hyphen
                && lw_end > 4
                && (w.ends_with(b"ed") || w.ends_with(b"ing") && singular_value);
            if ly || ed {
                break;
            }
            if (self.slice(s, e).len() > 24)
                || (singular_value && count > 0 && singular(w).is_some() && w.ends_with(b"s"))
            {
                break;
            }
            if !singular_value {
                if let Some(sing) = singular(w) {
                    // "sanctions listings": a second plural right after wins.
                    if self.at(e) == b' ' {
                        let ns = e + 1;
                        let ne = self.letters_end(ns);
                        let nw = self.slice(ns, ne);
                        if ne > ns
                            && !is_alnum(self.at(ne))
                            && self.at(ne) != b'-'
                            && !is_stop(nw)
                            && nw.ends_with(b"s")
                        {
                            if let Some(s2) = singular(nw) {
                                if !nw.ends_with(b"ed") {
                                    return Some(s2);
                                }
                            }
                        }
                    }
                    return Some(sing);
                }
            }
            last_word = Some((s, e));
            count += 1;
            // Words are separated by one space or a line break; punctuation ends the phrase.
            if matches!(self.at(e), b' ' | b'\n') && self.at(e + 1).is_ascii_alphabetic() {
                p = e + 1;
            } else {
                break;
            }
        }
        if singular_value {
            let (s, e) = last_word?;
            let w = self.slice(s, e);
            let t = std::str::from_utf8(w).ok()?;
            if !w.first().is_some_and(u8::is_ascii_lowercase) {
                return None;
            }
            return Some(t.to_string());
        }
        None
    }

    /// Emits a cardinal.
    fn emit_cardinal(&mut self, num: Num, unit: Option<Cow<'static, str>>) -> usize {
        self.push(Fig {
            start: num.start,
            end: num.end,
            kind: "cardinal",
            value: Some(num.value),
            unit,
            approx: Some(num.approx),
            scale: num.scale,
        });
        num.end
    }

    /// Emits money.
    fn emit_money(&mut self, num: Num, code: &'static str, div: f64) -> usize {
        self.push(Fig {
            start: num.start,
            end: num.end,
            kind: "money",
            value: Some(num.value / div),
            unit: Some(Cow::Borrowed(code)),
            approx: Some(num.approx),
            scale: num.scale,
        });
        num.end
    }

    /// Emits a percentage.
    fn emit_percent(&mut self, num: Num, unit: &'static str) -> usize {
        self.push(Fig {
            start: num.start,
            end: num.end,
            kind: "percent",
            value: Some(num.value),
            unit: Some(Cow::Borrowed(unit)),
            approx: Some(num.approx),
            scale: num.scale,
        });
        num.end
    }

    /// Emits a measure.
    fn emit_measure(&mut self, num: Num, unit: &'static str) -> usize {
        self.push(Fig {
            start: num.start,
            end: num.end,
            kind: "measure",
            value: Some(num.value),
            unit: Some(Cow::Borrowed(unit)),
            approx: Some(num.approx),
            scale: num.scale,
        });
        num.end
    }

    /// Appends a figure, keeping figures in order and apart.
    fn push(&mut self, mut f: Fig) {
        if let Some(last) = self.out.last() {
            if f.start < last.end {
                f.start = last.end;
            }
        }
        if f.start >= f.end || !self.is_boundary(f.start) || !self.is_boundary(f.end) {
            return;
        }
        self.out.push(f);
    }

    /// Returns whether `i` falls on a character boundary.
    fn is_boundary(&self, i: usize) -> bool {
        i >= self.b.len() || (self.b[i] & 0xC0) != 0x80
    }
}

/// The outcome of reading letters glued to digits.
enum Glued {
    /// The number is finished (or skipped); resume at this position.
    Done(usize),
    /// A scale suffix was read; go on to the words after it.
    Continue,
}

/// Lets the numbers of a range or a comparison share what they measure: the first borrows
/// the kind, unit and scale of the second ("340 to 350 cruzados", "15-20%", "between two and
/// three billion dlrs"), and a bare second number borrows from the first ("$10-25m",
/// "506 mln stg vs 452 mln", "5.50 guilders vs 5.00").
fn link_ranges(b: &[u8], figs: &mut [Fig]) {
    for k in 1..figs.len() {
        let (left, right) = figs.split_at_mut(k);
        let (Some(a), Some(c)) = (left.last_mut(), right.first_mut()) else {
            continue;
        };
        let Some(between) = b.get(a.end..c.start) else {
            continue;
        };
        let core = between.trim_ascii();
        if between.len() > core.len() + 6 {
            continue;
        }
        let dash = matches!(core, b"-" | b"/") || core == "–".as_bytes();
        let spaced = core.len() < between.len();
        let range_word = spaced && matches!(core, b"to" | b"or" | b"and");
        let versus = spaced && matches!(core, b"vs" | b"vs." | b"against" | b"from" | b"to");
        if core == b"and" {
            // Only "between X and Y".
            let before = b.get(..a.start).unwrap_or_default();
            let trimmed = before.trim_ascii_end();
            if !trimmed.to_ascii_lowercase().ends_with(b"between") {
                continue;
            }
        }
        let bare = |f: &Fig| f.kind == "cardinal" && f.unit.is_none();
        if (dash || range_word) && bare(a) && !(bare(c) && c.scale == 1.0) {
            if let (Some(av), Some(cv)) = (a.value, c.value) {
                if a.scale == 1.0 && c.scale > 1.0 && av * c.scale <= cv.abs() * 1.0001 {
                    a.value = Some(av * c.scale);
                    a.scale = c.scale;
                }
            }
            a.kind = c.kind;
            a.unit = c.unit.clone();
        } else if bare(c) && matches!(a.kind, "money" | "percent" | "measure") {
            let borrow = if dash {
                a.kind != "measure"
            } else if versus {
                a.scale == c.scale
                    && (a.kind != "percent" || matches!(core, b"vs" | b"vs." | b"against"))
            } else {
                false
            };
            if !borrow {
                continue;
            }
            // "$10-25m": the first takes the scale of the second.
            if let (Some(av), Some(cv)) = (a.value, c.value) {
                if dash && a.scale == 1.0 && c.scale > 1.0 && av * c.scale <= cv * 1.0001 {
                    a.value = Some(av * c.scale);
                    a.scale = c.scale;
                }
            }
            // "22 cts vs 13": the second is in cents too.
            let text_a = b
                .get(a.start..a.end)
                .unwrap_or_default()
                .to_ascii_lowercase();
            if a.kind == "money"
                && [&b"cts"[..], b"cents", b"cent", b"pence"]
                    .iter()
                    .any(|s| text_a.ends_with(s))
            {
                c.value = c.value.map(|v| v / 100.0);
            }
            c.kind = a.kind;
            c.unit = a.unit.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_bits_mark_exactly_the_letters_and_digits() {
        let text: Vec<u8> = (0..=255u8)
            .chain(b"Iraq said 2,500 troops".iter().copied())
            .collect();
        for start in 0..text.len() {
            let bytes = &text[start..text.len().min(start + 64)];
            let (letters, digits) = class_bits(bytes);
            for (k, b) in bytes.iter().enumerate() {
                assert_eq!(letters >> k & 1 != 0, b.is_ascii_alphabetic(), "{b:#x}");
                assert_eq!(digits >> k & 1 != 0, b.is_ascii_digit(), "{b:#x}");
            }
            if bytes.len() < 64 {
                assert_eq!((letters | digits) >> bytes.len(), 0);
            }
        }
    }

    #[test]
    fn ascii_letters_marks_exactly_the_letters() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[pos] = b;
                let w = u64::from_le_bytes(bytes);
                let stop = !ascii_letters(w) & HIGH;
                let expected = if b.is_ascii_alphabetic() {
                    0
                } else {
                    0x80 << (8 * pos)
                };
                assert_eq!(stop, expected, "byte {b:#x} at {pos}");
            }
        }
    }

    /// Every word that `Scanner::word` acts on, in any case, passes the trigram table.
    #[test]
    fn word_trigrams_cover_every_word_that_word_reads() {
        let words = [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
            "hundred",
            "thousand",
            "million",
            "billion",
            "trillion",
            "dozen",
            "dozens",
            "hundreds",
            "thousands",
            "millions",
            "billions",
            "tens",
            "half",
            "halves",
            "third",
            "thirds",
            "quarter",
            "quarters",
            "fifth",
            "fifths",
            "sixth",
            "sixths",
            "seventh",
            "sevenths",
            "eighth",
            "eighths",
            "ninth",
            "ninths",
            "tenth",
            "tenths",
        ];
        for w in words {
            let b = w.as_bytes();
            let known = small_number(b).is_some()
                || scale_word(b).is_some()
                || denominator(b).is_some()
                || matches!(
                    w,
                    "dozens" | "hundreds" | "thousands" | "millions" | "billions" | "tens"
                );
            assert!(known, "{w}");
            for v in [w.to_string(), w.to_ascii_uppercase()] {
                let v = v.as_bytes();
                assert!(
                    WORD_TRIGRAMS[trigram(v[0], v[1], v[2])] >> v.len() & 1 != 0,
                    "{w}"
                );
            }
        }
    }

    type Expect = (
        &'static str,
        &'static str,
        Option<f64>,
        Option<&'static str>,
        Option<bool>,
    );

    /// Checks that `text` gives exactly the expected figures.
    fn check(text: &str, expected: &[Expect]) {
        let got = figures(text);
        let shown: Vec<_> = got
            .iter()
            .map(|m| {
                (
                    m.text.as_str(),
                    m.kind,
                    m.value,
                    m.unit.as_deref(),
                    m.approximate,
                )
            })
            .collect();
        assert_eq!(got.len(), expected.len(), "{text:?}\n got {shown:?}");
        for (m, e) in got.iter().zip(expected) {
            assert_eq!(m.text, e.0, "{text:?}\n got {shown:?}");
            assert_eq!(m.kind, e.1, "{text:?}: kind of {:?}", m.text);
            match (m.value, e.2) {
                (Some(a), Some(b)) => {
                    assert!(
                        (a - b).abs() <= 1e-6 * b.abs().max(1.0),
                        "{text:?}: value of {:?} is {a}, not {b}",
                        m.text
                    )
                }
                (a, b) => assert_eq!(a, b, "{text:?}: value of {:?}", m.text),
            }
            assert_eq!(m.unit.as_deref(), e.3, "{text:?}: unit of {:?}", m.text);
            assert_eq!(m.approximate, e.4, "{text:?}: approximate of {:?}", m.text);
            assert_eq!(&text[m.start..m.end], m.text);
            assert_eq!(m.class, Class::Figure);
        }
    }

    fn table(cases: &[(&str, &[Expect])]) {
        for (text, expected) in cases {
            check(text, expected);
        }
    }

    const T: Option<bool> = Some(true);
    const F: Option<bool> = Some(false);

    #[test]
    fn seed_sentences() {
        table(&[
            (
                "There are roughly 2,500 US troops deployed in Iraq and about 900 in Syria as part of the anti-IS coalition formed in 2014 — the year the jihadist group overran around a third of Iraq.",
                &[
                    ("2,500", "cardinal", Some(2500.0), Some("troop"), T),
                    ("900", "cardinal", Some(900.0), None, T),
                    ("2014", "year", Some(2014.0), None, None),
                    ("a third", "fraction", Some(1.0 / 3.0), None, T),
                ],
            ),
            (
                "The coalition’s mission to defeat (IS) will transition on a timeline that considers three key factors",
                &[("three", "cardinal", Some(3.0), Some("factor"), F)],
            ),
            (
                "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.",
                &[
                    ("76%", "percent", Some(76.0), Some("percent"), F),
                    ("$1.13bn", "money", Some(1.13e9), Some("USD"), F),
                    ("£600m", "money", Some(6e8), Some("GBP"), F),
                    ("three months", "measure", Some(3.0), Some("month"), F),
                    ("$639m", "money", Some(6.39e8), Some("USD"), F),
                ],
            ),
        ]);
    }

    #[test]
    fn cardinals_take_the_counted_noun() {
        table(&[
            (
                "They checked 155,221 bags.",
                &[("155,221", "cardinal", Some(155221.0), Some("bag"), F)],
            ),
            (
                "at least 28 people died",
                &[("28", "cardinal", Some(28.0), Some("person"), T)],
            ),
            (
                "12 children and 3 women",
                &[
                    ("12", "cardinal", Some(12.0), Some("child"), F),
                    ("3", "cardinal", Some(3.0), Some("woman"), F),
                ],
            ),
            (
                "killing 40 casualties",
                &[("40", "cardinal", Some(40.0), Some("casualty"), F)],
            ),
            (
                "destroyed two ISIL-held buildings",
                &[("two", "cardinal", Some(2.0), Some("building"), F)],
            ),
            (
                "eight oil pump jacks, six stills",
                &[
                    ("eight", "cardinal", Some(8.0), Some("jack"), F),
                    ("six", "cardinal", Some(6.0), Some("still"), F),
                ],
            ),
            (
                "One strike destroyed a tank.",
                &[("One", "cardinal", Some(1.0), Some("strike"), F)],
            ),
            (
                "one of the largest",
                &[("one", "cardinal", Some(1.0), None, F)],
            ),
            (
                "TWO THOUSAND TROOPS",
                &[("TWO THOUSAND", "cardinal", Some(2000.0), Some("troop"), F)],
            ),
            (
                "Net 5.93 mln against 5.81",
                &[
                    ("5.93 mln", "cardinal", Some(5.93e6), None, F),
                    ("5.81", "cardinal", Some(5.81), None, F),
                ],
            ),
            (
                "more than 2014 troops",
                &[("2014", "cardinal", Some(2014.0), Some("troop"), T)],
            ),
            (
                "300 ANG Airmen deployed",
                &[("300", "cardinal", Some(300.0), Some("Airman"), F)],
            ),
            (
                "a 5,000-strong force",
                &[("5,000", "cardinal", Some(5000.0), None, F)],
            ),
            (
                "the 60-plus nation coalition",
                &[("60-plus", "cardinal", Some(60.0), None, T)],
            ),
            (
                "a temperature of -5 and minus 7",
                &[
                    ("-5", "cardinal", Some(-5.0), None, F),
                    ("minus 7", "cardinal", Some(-7.0), None, F),
                ],
            ),
        ]);
    }

    #[test]
    fn numbers_in_words() {
        table(&[
            (
                "twenty-five soldiers",
                &[("twenty-five", "cardinal", Some(25.0), Some("soldier"), F)],
            ),
            (
                "a hundred metres",
                &[("a hundred metres", "measure", Some(100.0), Some("m"), F)],
            ),
            (
                "two million people",
                &[("two million", "cardinal", Some(2e6), Some("person"), F)],
            ),
            (
                "one hundred and twenty",
                &[("one hundred and twenty", "cardinal", Some(120.0), None, F)],
            ),
            (
                "dozens of villages",
                &[("dozens", "cardinal", Some(24.0), Some("village"), T)],
            ),
            (
                "hundreds of thousands of Syrians",
                &[(
                    "hundreds of thousands",
                    "cardinal",
                    Some(2e5),
                    Some("Syrian"),
                    T,
                )],
            ),
            (
                "tens of thousands",
                &[("tens of thousands", "cardinal", Some(2e4), None, T)],
            ),
            (
                "thousands fled",
                &[("thousands", "cardinal", Some(2000.0), None, T)],
            ),
            (
                "a dozen eggs",
                &[("a dozen", "cardinal", Some(12.0), Some("egg"), F)],
            ),
            (
                "a few thousand",
                &[("a few thousand", "cardinal", Some(3000.0), None, T)],
            ),
            (
                "Over half a million Syrians",
                &[("half a million", "cardinal", Some(5e5), Some("Syrian"), T)],
            ),
            (
                "two and a half million",
                &[("two and a half million", "cardinal", Some(2.5e6), None, F)],
            ),
            (
                "millions of dollars",
                &[("millions of dollars", "money", Some(2e6), Some("USD"), T)],
            ),
        ]);
    }

    #[test]
    fn fractions() {
        table(&[
            (
                "a third of Iraq",
                &[("a third", "fraction", Some(1.0 / 3.0), None, F)],
            ),
            (
                "half of the city",
                &[("half", "fraction", Some(0.5), None, F)],
            ),
            (
                "a quarter of voters",
                &[("a quarter", "fraction", Some(0.25), None, F)],
            ),
            (
                "two-thirds of MPs",
                &[("two-thirds", "fraction", Some(2.0 / 3.0), None, F)],
            ),
            (
                "three quarters of them",
                &[("three quarters", "fraction", Some(0.75), None, F)],
            ),
            (
                "more than half",
                &[("half", "fraction", Some(0.5), None, T)],
            ),
            ("a third term", &[]),
            ("in the second half", &[]),
        ]);
    }

    #[test]
    fn money() {
        table(&[
            (
                "€3 million",
                &[("€3 million", "money", Some(3e6), Some("EUR"), F)],
            ),
            (
                "a reward of US$5",
                &[("US$5", "money", Some(5.0), Some("USD"), F)],
            ),
            (
                "5 dollars",
                &[("5 dollars", "money", Some(5.0), Some("USD"), F)],
            ),
            (
                "1,750 dlrs",
                &[("1,750 dlrs", "money", Some(1750.0), Some("USD"), F)],
            ),
            (
                "10 billion yen",
                &[("10 billion yen", "money", Some(1e10), Some("JPY"), F)],
            ),
            (
                "Rs 500",
                &[("Rs 500", "money", Some(500.0), Some("INR"), F)],
            ),
            (
                "500 rupees",
                &[("500 rupees", "money", Some(500.0), Some("INR"), F)],
            ),
            (
                "C$20 and A$30",
                &[
                    ("C$20", "money", Some(20.0), Some("CAD"), F),
                    ("A$30", "money", Some(30.0), Some("AUD"), F),
                ],
            ),
            (
                "12.5 mln U.S. dlrs",
                &[("12.5 mln U.S. dlrs", "money", Some(1.25e7), Some("USD"), F)],
            ),
            (
                "250 mln stg",
                &[("250 mln stg", "money", Some(2.5e8), Some("GBP"), F)],
            ),
            ("$5tn", &[("$5tn", "money", Some(5e12), Some("USD"), F)]),
            ("$10k", &[("$10k", "money", Some(1e4), Some("USD"), F)]),
            (
                "two Jordanian dinars",
                &[("two Jordanian dinars", "money", Some(2.0), Some("JOD"), F)],
            ),
            (
                "dividend 22 cts",
                &[("22 cts", "money", Some(0.22), Some("USD"), F)],
            ),
            (
                "over 9 billion euros",
                &[("9 billion euros", "money", Some(9e9), Some("EUR"), T)],
            ),
            (
                "340 to 350 cruzados",
                &[
                    ("340", "money", Some(340.0), Some("cruzado"), F),
                    ("350 cruzados", "money", Some(350.0), Some("cruzado"), F),
                ],
            ),
            (
                "between two and three billion dlrs",
                &[
                    ("two", "money", Some(2e9), Some("USD"), F),
                    ("three billion dlrs", "money", Some(3e9), Some("USD"), F),
                ],
            ),
            (
                "$10-25m",
                &[
                    ("$10", "money", Some(1e7), Some("USD"), F),
                    ("25m", "money", Some(2.5e7), Some("USD"), F),
                ],
            ),
        ]);
    }

    #[test]
    fn percentages() {
        table(&[
            (
                "76 percent",
                &[("76 percent", "percent", Some(76.0), Some("percent"), F)],
            ),
            (
                "76 per cent",
                &[("76 per cent", "percent", Some(76.0), Some("percent"), F)],
            ),
            (
                "76 pct",
                &[("76 pct", "percent", Some(76.0), Some("percent"), F)],
            ),
            (
                "to 7-3/4 pct",
                &[("7-3/4 pct", "percent", Some(7.75), Some("percent"), F)],
            ),
            (
                "0.5 percentage points",
                &[(
                    "0.5 percentage points",
                    "percent",
                    Some(0.5),
                    Some("percentage point"),
                    F,
                )],
            ),
            (
                "15 to 20 percent",
                &[
                    ("15", "percent", Some(15.0), Some("percent"), F),
                    ("20 percent", "percent", Some(20.0), Some("percent"), F),
                ],
            ),
        ]);
    }

    #[test]
    fn measures() {
        table(&[
            (
                "18,000 square kilometers",
                &[(
                    "18,000 square kilometers",
                    "measure",
                    Some(18000.0),
                    Some("km2"),
                    F,
                )],
            ),
            (
                "about 6km from Daquq",
                &[("6km", "measure", Some(6.0), Some("km"), T)],
            ),
            (
                "300m (984ft) from",
                &[
                    ("300m", "measure", Some(300.0), Some("m"), F),
                    ("984ft", "measure", Some(984.0), Some("ft"), F),
                ],
            ),
            (
                "60 kilos",
                &[("60 kilos", "measure", Some(60.0), Some("kg"), F)],
            ),
            (
                "2 million barrels per day",
                &[(
                    "2 million barrels per day",
                    "measure",
                    Some(2e6),
                    Some("bbl/d"),
                    F,
                )],
            ),
            (
                "5,000 tonnes",
                &[("5,000 tonnes", "measure", Some(5000.0), Some("t"), F)],
            ),
            (
                "40 litres",
                &[("40 litres", "measure", Some(40.0), Some("l"), F)],
            ),
            (
                "200 hectares",
                &[("200 hectares", "measure", Some(200.0), Some("ha"), F)],
            ),
            (
                "30 degrees",
                &[("30 degrees", "measure", Some(30.0), Some("deg"), F)],
            ),
            (
                "70 mph",
                &[("70 mph", "measure", Some(70.0), Some("mph"), F)],
            ),
            (
                "9,000 m3/s",
                &[("9,000 m3/s", "measure", Some(9000.0), Some("m3/s"), F)],
            ),
            (
                "the 60m hurdles",
                &[("60m", "measure", Some(60.0), Some("m"), F)],
            ),
            (
                "a 14-year-old boy",
                &[("14-year-old", "measure", Some(14.0), Some("year"), F)],
            ),
            (
                "a three-year deal",
                &[("three-year", "measure", Some(3.0), Some("year"), F)],
            ),
            (
                "in the past 24 hours",
                &[("24 hours", "measure", Some(24.0), Some("hour"), F)],
            ),
        ]);
    }

    #[test]
    fn years_and_dates() {
        table(&[
            ("in 2014", &[("2014", "year", Some(2014.0), None, None)]),
            (
                "the 2015 elections",
                &[("2015", "year", Some(2015.0), None, None)],
            ),
            (
                "in the 1980s",
                &[("1980s", "year", Some(1980.0), None, None)],
            ),
            (
                "the 2014-15 season",
                &[("2014-15", "year", Some(2014.0), None, None)],
            ),
            ("on Feb 26", &[("Feb 26", "date", None, None, None)]),
            (
                "on 26 February 2017",
                &[("26 February 2017", "date", Some(2017.0), None, None)],
            ),
            (
                "on 2017-07-18",
                &[("2017-07-18", "date", Some(2017.0), None, None)],
            ),
            (
                "on July 21, 2017.",
                &[("July 21, 2017", "date", Some(2017.0), None, None)],
            ),
            (
                "A strike on Jan. 1 hit",
                &[("Jan. 1", "date", None, None, None)],
            ),
            (
                "In May 2013, 700 domains",
                &[
                    ("May 2013", "date", Some(2013.0), None, None),
                    ("700", "cardinal", Some(700.0), Some("domain"), F),
                ],
            ),
            (
                "on 12/09/2016",
                &[("12/09/2016", "date", Some(2016.0), None, None)],
            ),
        ]);
    }

    #[test]
    fn not_figures() {
        table(&[
            ("F-16 jets and COVID-19", &[]),
            ("the G7 and an A380", &[]),
            ("at 3:30 pm", &[]),
            ("at 9am", &[]),
            ("at 1800 GMT", &[]),
            ("call 020 7946 0000", &[]),
            ("version 1.2.3", &[]),
            ("no one, someone, anyone", &[]),
            ("one another", &[]),
            ("Formula One", &[]),
            ("the first and second", &[]),
            ("UN Resolution 2254", &[]),
            ("a 3G phone", &[]),
            ("No. 10 Downing Street", &[]),
            ("Half-Life 2 is out", &[]),
            ("in Chapter two of the book", &[]),
            ("the river, as reported.[3] It", &[]),
            ("Coordinates: 33°47′N 44°30′E / 33.783°N 44.500°E", &[]),
            ("should dial 888-847-6592 today", &[]),
            ("ships USS Hopper (DDG 70) and", &[]),
        ]);
    }

    #[test]
    fn glued_m_is_million_or_metres_by_context() {
        table(&[
            (
                "18m people",
                &[("18m", "cardinal", Some(1.8e7), Some("person"), F)],
            ),
            (
                "1.1m of the voters",
                &[("1.1m", "cardinal", Some(1.1e6), None, F)],
            ),
            (
                "the women's 5,000m at the games",
                &[("5,000m", "measure", Some(5000.0), Some("m"), F)],
            ),
            (
                "she cleared 1.76m to win",
                &[("1.76m", "measure", Some(1.76), Some("m"), F)],
            ),
            (
                "an average of 10.9m viewers; it peaked at 11.9m.",
                &[
                    ("10.9m", "cardinal", Some(1.09e7), Some("viewer"), F),
                    ("11.9m", "cardinal", Some(1.19e7), None, F),
                ],
            ),
        ]);
    }

    #[test]
    fn comparisons_share_units() {
        table(&[
            (
                "Shr 22 cts vs 13",
                &[
                    ("22 cts", "money", Some(0.22), Some("USD"), F),
                    ("13", "money", Some(0.13), Some("USD"), F),
                ],
            ),
            (
                "profit 506 mln stg vs 452 mln",
                &[
                    ("506 mln stg", "money", Some(5.06e8), Some("GBP"), F),
                    ("452 mln", "money", Some(4.52e8), Some("GBP"), F),
                ],
            ),
            (
                "women 20 to\n54 years of age",
                &[
                    ("20", "measure", Some(20.0), Some("year"), F),
                    ("54 years", "measure", Some(54.0), Some("year"), F),
                ],
            ),
            (
                "rose 5 pct to 300",
                &[
                    ("5 pct", "percent", Some(5.0), Some("percent"), F),
                    ("300", "cardinal", Some(300.0), None, F),
                ],
            ),
            (
                "restate 2000 and 2003 results",
                &[
                    ("2000", "year", Some(2000.0), None, None),
                    ("2003", "year", Some(2003.0), None, None),
                ],
            ),
            (
                "from 5-6 April 2016 and May 15-24",
                &[
                    ("5-6 April 2016", "date", Some(2016.0), None, None),
                    ("May 15-24", "date", None, None, None),
                ],
            ),
            (
                "her five-and-a-half years in office",
                &[(
                    "five-and-a-half years",
                    "measure",
                    Some(5.5),
                    Some("year"),
                    F,
                )],
            ),
            (
                "a 4bn-euro hole",
                &[("4bn-euro", "money", Some(4e9), Some("EUR"), F)],
            ),
            (
                "the six quarters of growth",
                &[("six", "cardinal", Some(6.0), Some("quarter"), F)],
            ),
        ]);
    }

    #[test]
    fn ordinals() {
        table(&[(
            "the 21st century",
            &[("21st", "ordinal", Some(21.0), None, F)],
        )]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long = "9".repeat(100_000);
        let inputs = [
            "",
            "1",
            "$",
            "£",
            "-",
            "1,",
            "1,00",
            "1.",
            "½ of 3½ € 5 €",
            "Ünïcødé 5 ✓ 6km² 7°C",
            "$1.5bn£2m€",
            long.as_str(),
            "a hundred and",
            "two and a",
            "half a",
            "between",
            "7-",
            "7-3/",
            "1/0",
            "2014-",
            "Jan.",
            "31 of",
            "\u{2212}5",
        ];
        for t in inputs {
            for m in figures(t) {
                assert!(t.get(m.start..m.end).is_some());
            }
        }
        // Every prefix of a mixed text, cut at any byte that is a char boundary.
        let text = "Around £1.1bn (€1.3bn) — some 2,500 troops, 76% and “three” 5km² — on 26 February 2017.";
        for i in 0..=text.len() {
            if let Some(t) = text.get(..i) {
                let _ = figures(t);
            }
        }
    }

    /// Reads one re3d JSON-lines file.
    fn json_lines(path: &std::path::Path) -> Vec<serde_json::Value> {
        let raw = std::fs::read_to_string(path).unwrap();
        raw.trim_start_matches('\u{feff}')
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// One re3d document: its text, its gold Quantity and Money spans (byte offsets and the
    /// gold value) and our figures.
    type Re3dDoc = (String, Vec<(usize, usize, String)>, Vec<Mention>);

    /// Scores figures of the given kinds against the gold spans with overlap matching; returns
    /// (predicted, precision, recall, F1, value matches, values compared).
    fn overlap_scores(
        docs: &[Re3dDoc],
        kinds: &[&str],
        lenient: bool,
        verbose: bool,
    ) -> (usize, f64, f64, f64, usize, usize) {
        let (mut tp_pred, mut n_pred, mut tp_gold, mut n_gold, mut val_ok, mut val_n) =
            (0, 0, 0, 0, 0, 0);
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        for (text, gold, all) in docs {
            let pred: Vec<&Mention> = all.iter().filter(|m| kinds.contains(&m.kind)).collect();
            n_pred += pred.len();
            n_gold += gold.len();
            for m in &pred {
                if gold.iter().any(|g| overlaps((m.start, m.end), (g.0, g.1))) {
                    tp_pred += 1;
                } else if verbose {
                    let ctx = text.get(m.start.saturating_sub(40)..m.start).unwrap_or("");
                    eprintln!(
                        "FP {:>9} | {} [[{}]] {:?}",
                        m.kind,
                        ctx.replace('\n', " "),
                        m.text,
                        m.value
                    );
                }
            }
            for g in gold {
                let hits: Vec<&&Mention> = pred
                    .iter()
                    .filter(|m| overlaps((m.start, m.end), (g.0, g.1)))
                    .collect();
                if hits.is_empty() {
                    if verbose {
                        let ctx = text.get(g.0.saturating_sub(40)..g.0).unwrap_or("");
                        eprintln!("FN           | {} [[{}]]", ctx.replace('\n', " "), g.2);
                    }
                    continue;
                }
                tp_gold += 1;
                let gold_value = if lenient {
                    gold_number(&g.2)
                } else {
                    g.2.replace(',', "").parse::<f64>().ok()
                };
                if let Some(v) = gold_value {
                    val_n += 1;
                    if hits.iter().any(|m| {
                        m.value
                            .is_some_and(|x| (x - v).abs() <= 1e-6 * v.abs().max(1.0))
                    }) {
                        val_ok += 1;
                    } else if verbose {
                        eprintln!(
                            "VAL {} vs {:?}",
                            g.2,
                            hits.iter().map(|m| m.value).collect::<Vec<_>>()
                        );
                    }
                }
            }
        }
        let p = tp_pred as f64 / n_pred.max(1) as f64;
        let r = tp_gold as f64 / n_gold.max(1) as f64;
        let f1 = 2.0 * p * r / (p + r).max(f64::EPSILON);
        (n_pred, p, r, f1, val_ok, val_n)
    }

    /// Reads a gold value written as a figure ("£1.1bn", "five million", "10 per cent",
    /// "18,000 square kilometers"): the first number, in digits or a word up to twelve, times a
    /// scale word or suffix right after it. Independent of the extractor, and deliberately simple.
    fn gold_number(s: &str) -> Option<f64> {
        const WORDS: [&str; 13] = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve",
        ];
        let lower = s.to_lowercase();
        let tokens: Vec<&str> = lower.split_whitespace().collect();
        for (i, tok) in tokens.iter().enumerate() {
            let t = tok
                .trim_start_matches(['£', '$', '€'])
                .trim_end_matches(['%', ',', '.']);
            let digits_end = t
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(t.len());
            let (num, suffix) = t.split_at(digits_end);
            let value = if num.is_empty() {
                WORDS.iter().position(|w| *w == t).map(|v| v as f64)
            } else {
                num.replace(',', "").parse::<f64>().ok()
            };
            let Some(value) = value else { continue };
            let scale_of = |w: &str| match w {
                "bn" | "billion" => Some(1e9),
                "m" | "million" | "mln" => Some(1e6),
                "thousand" => Some(1e3),
                _ => None,
            };
            let scale = scale_of(suffix)
                .or_else(|| {
                    tokens
                        .get(i + 1)
                        .and_then(|n| scale_of(n.trim_end_matches([',', '.'])))
                })
                .unwrap_or(1.0);
            return Some(value * scale);
        }
        None
    }

    /// Scores the extractor on re3d's Quantity and Money spans: a figure is correct if it
    /// overlaps a gold span, and a gold span is found if a figure overlaps it. Years and dates
    /// are left out (re3d types them Temporal), and so are ordinals, which re3d mostly leaves
    /// unannotated ("2nd Battalion"); the score with ordinals is printed too. The value of a
    /// found span is checked where the gold text parses as a number ("8,000"). Set `RE3D_DIR` to
    /// the data folder (default `../shared/eval/re3d`) and `RE3D_VERBOSE=1` to list the misses.
    #[test]
    #[ignore = "needs the re3d data beside the repo; run with --ignored --nocapture"]
    fn re3d_overlap_scores() {
        let dir = std::env::var("RE3D_DIR").unwrap_or_else(|_| "../shared/eval/re3d".to_string());
        let verbose = std::env::var("RE3D_VERBOSE").is_ok();
        let mut sources: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        sources.sort();
        let mut docs: Vec<Re3dDoc> = Vec::new();
        for src in sources {
            let ents = json_lines(&src.join("entities.json"));
            for doc in json_lines(&src.join("documents.json")) {
                let id = doc["_id"].as_str().unwrap();
                let text = doc["text"].as_str().unwrap().to_string();
                // re3d offsets count characters; map them to bytes.
                let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
                byte_at.push(text.len());
                let gold = ents
                    .iter()
                    .filter(|e| {
                        e["documentId"] == id
                            && matches!(e["type"].as_str(), Some("Quantity" | "Money"))
                    })
                    .map(|e| {
                        let b = byte_at[e["begin"].as_u64().unwrap() as usize];
                        let en = byte_at[e["end"].as_u64().unwrap() as usize];
                        (b, en, e["value"].as_str().unwrap_or_default().to_string())
                    })
                    .collect();
                let found = figures(&text);
                docs.push((text, gold, found));
            }
        }
        let amounts = ["cardinal", "money", "percent", "measure", "fraction"];
        let with_ordinals = [
            "cardinal", "money", "percent", "measure", "fraction", "ordinal",
        ];
        let (n, p, r, f1, ok, vn) = overlap_scores(&docs, &amounts, false, verbose);
        let (_, _, _, _, ok_l, vn_l) = overlap_scores(&docs, &amounts, true, verbose);
        let (n2, p2, r2, f2, _, _) = overlap_scores(&docs, &with_ordinals, false, false);
        let gold: usize = docs.iter().map(|d| d.1.len()).sum();
        let acc = ok as f64 / vn.max(1) as f64;
        println!(
            "re3d Quantity+Money ({} docs, {gold} gold spans)",
            docs.len()
        );
        println!("  amounts:        {n} figures; P {p:.3} R {r:.3} F1 {f1:.3}; value accuracy {ok}/{vn} = {acc:.3}");
        println!(
            "  value accuracy where the gold text reads as a figure: {ok_l}/{vn_l} = {:.3}",
            ok_l as f64 / vn_l.max(1) as f64
        );
        println!("  with ordinals:  {n2} figures; P {p2:.3} R {r2:.3} F1 {f2:.3}");
        assert!(f1 >= 0.73, "overlap F1 {f1:.3} is below spaCy's 0.73");
        assert!(acc >= 0.9, "value accuracy {acc:.3} is below 0.9");
    }
}
