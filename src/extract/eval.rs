//! Evaluation of the extractor against gold-standard named-entity sets.
//!
//! Readers turn a gold set into [`GoldDoc`]s: the document's text and its gold spans as byte
//! ranges into that text, labelled with the tagger's [`Label`]s. [`score`] then compares
//! predicted spans with the gold ones, per class ([`Class::Actor`] for people and
//! organisations, [`Class::Location`] for places; `Misc` spans are ignored), on exact spans and
//! on overlapping spans.
//!
//! Readers:
//! - [`conll`]: CoNLL-2003 (`word POS chunk tag`, IOB1 or IOB2 tags, `-DOCSTART-` lines). The text
//!   is rebuilt by joining a sentence's tokens with spaces and sentences with `"\n"`.
//! - [`re3d`]: the re3d folders (`<source>/documents.json`, `<source>/entities.json`, character
//!   offsets).
//! - [`gmb`]: the GMB `ner_dataset.csv` (latin-1, `Sentence #,Word,POS,Tag`, BIO tags): one
//!   document per sentence.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use super::tagger::{Label, Span};
use super::{Class, Mention};

/// One gold document: its text, its tokens (when the gold set has them) and its gold spans.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldDoc {
    /// An identifier: the file and document number, or the source's id.
    pub id: String,
    /// The text the spans point into.
    pub text: String,
    /// The gold tokens as byte ranges into `text`, in order; empty when the set has none.
    pub tokens: Vec<Range<usize>>,
    /// The gold spans, in order, with byte offsets into `text`; `Misc` spans included.
    pub spans: Vec<Span>,
    /// The gold figures (re3d's Quantity and Money), with their values where the gold gives a
    /// plain number.
    pub figures: Vec<GoldFigure>,
}

/// An entity being read token by token from IOB tags: its label, start and end.
type OpenSpan = Option<(Label, usize, usize)>;

impl GoldDoc {
    /// Closes the open entity, if any, as a gold span.
    fn close(&mut self, open: &mut OpenSpan) {
        if let Some((label, start, end)) = open.take() {
            self.spans.push(Span { start, end, label });
        }
    }

    /// Appends a token (the caller adds the separator before it) and follows its IOB tag: an
    /// `I-` of the open entity's type extends it; any other entity tag closes it and opens a new
    /// one (conlleval's rule, right for IOB1 and BIO); `O` closes it.
    fn push_tagged(&mut self, word: &str, prefix: &str, label: Option<Label>, open: &mut OpenSpan) {
        let start = self.text.len();
        self.text.push_str(word);
        let end = self.text.len();
        self.tokens.push(start..end);
        match (label, *open) {
            (Some(l), Some((ol, os, _))) if l == ol && prefix == "I" => *open = Some((l, os, end)),
            (Some(l), _) => {
                self.close(open);
                *open = Some((l, start, end));
            }
            (None, _) => self.close(open),
        }
    }
}

/// A gold figure: a byte range and, when the gold value is a plain number, that number.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldFigure {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The gold value, if it parses as a number.
    pub value: Option<f64>,
}

/// Returns the scoring class of a label: `Actor` for people and organisations, `Location` for
/// places, `None` for `Misc`.
pub fn class_of(label: Label) -> Option<Class> {
    match label {
        Label::Person | Label::Organization => Some(Class::Actor),
        Label::Location => Some(Class::Location),
        Label::Misc => None,
    }
}

/// Returns the span of a mention for scoring: people, organisations and groups as
/// `Person`/`Organization`, locations as `Location`; `None` for figures and for demonyms, since
/// nationalities are left out of scoring on both sides.
pub fn span_of(mention: &Mention) -> Option<Span> {
    let label = match (mention.class, mention.kind) {
        (Class::Actor, "person") => Label::Person,
        (Class::Actor, _) => Label::Organization,
        (Class::Location, "demonym") => return None,
        (Class::Location, _) => Label::Location,
        (Class::Figure, _) => return None,
    };
    Some(Span {
        start: mention.start,
        end: mention.end,
        label,
    })
}

/// Reads a CoNLL-2003 file: one [`GoldDoc`] per `-DOCSTART-` document (or one for the whole
/// file if it has none). Accepts IOB1 and IOB2 tags of types PER, ORG, LOC and MISC.
pub fn conll(path: &Path) -> Result<Vec<GoldDoc>, String> {
    let data = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(parse_conll(&data, &path.display().to_string()))
}

/// Parses CoNLL-2003 text (see [`conll`]); `name` prefixes the document ids.
pub fn parse_conll(data: &str, name: &str) -> Vec<GoldDoc> {
    let mut docs = Vec::new();
    let mut doc = GoldDoc::default();
    // The open span: its label and start; `prev` is the previous token's type and whether it
    // was inside an entity, for IOB1.
    let mut open: OpenSpan = None;
    let mut sentence_open = false;
    for line in data.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(word), Some(tag)) = (fields.first(), fields.last()) else {
            // A blank line ends the sentence.
            doc.close(&mut open);
            sentence_open = false;
            continue;
        };
        if *word == "-DOCSTART-" {
            doc.close(&mut open);
            if !doc.tokens.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            doc.id = format!("{name}#{}", docs.len() + 1);
            sentence_open = false;
            continue;
        }
        if fields.len() < 2 {
            continue;
        }
        if !doc.text.is_empty() {
            doc.text.push(if sentence_open { ' ' } else { '\n' });
        }
        if doc.id.is_empty() {
            doc.id = format!("{name}#{}", docs.len() + 1);
        }
        sentence_open = true;
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag, ""));
        let label = match kind {
            "PER" => Some(Label::Person),
            "ORG" => Some(Label::Organization),
            "LOC" => Some(Label::Location),
            "MISC" => Some(Label::Misc),
            _ => None,
        };
        doc.push_tagged(word, prefix, label, &mut open);
    }
    doc.close(&mut open);
    if !doc.tokens.is_empty() {
        docs.push(doc);
    }
    docs
}

/// Reads the re3d gold set: every `<source>/documents.json` with its `entities.json` under
/// `dir` (or `dir` itself if it is one source). Entity types Person, Organisation and
/// Location are kept (`Nationality` as `Misc`); offsets are converted from characters to
/// bytes.
pub fn re3d(dir: &Path) -> Result<Vec<GoldDoc>, String> {
    let mut sources = Vec::new();
    if dir.join("documents.json").is_file() {
        sources.push(dir.to_path_buf());
    } else {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            if entry.path().join("documents.json").is_file() {
                sources.push(entry.path());
            }
        }
        sources.sort();
    }
    let mut docs = Vec::new();
    for source in sources {
        let read = |name: &str| {
            let path = source.join(name);
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        };
        docs.extend(parse_re3d(
            &read("documents.json")?,
            &read("entities.json")?,
        )?);
    }
    Ok(docs)
}

/// Parses one re3d source from the contents of its `documents.json` and `entities.json`
/// (one JSON object per line, or a JSON array).
pub fn parse_re3d(documents: &str, entities: &str) -> Result<Vec<GoldDoc>, String> {
    let docs_json = json_objects(documents)?;
    let ents_json = json_objects(entities)?;
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut index = BTreeMap::new();
    for d in &docs_json {
        let id = d
            .get("_id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let text = d
            .get("text")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        index.insert(id.clone(), docs.len());
        docs.push(GoldDoc {
            id,
            text,
            ..GoldDoc::default()
        });
    }
    for e in &ents_json {
        let field = |k: &str| e.get(k).and_then(|v| v.as_str()).unwrap_or_default();
        let label = match field("type") {
            "Person" => Some(Label::Person),
            "Organisation" | "Organization" => Some(Label::Organization),
            "Location" => Some(Label::Location),
            "Nationality" => Some(Label::Misc),
            "Quantity" | "Money" => None,
            _ => continue,
        };
        let Some(&d) = index.get(field("documentId")) else {
            continue;
        };
        let (Some(b), Some(en)) = (
            e.get("begin").and_then(|v| v.as_u64()),
            e.get("end").and_then(|v| v.as_u64()),
        ) else {
            continue;
        };
        let doc = &mut docs[d];
        if let (Some(start), Some(end)) = (
            char_to_byte(&doc.text, b as usize),
            char_to_byte(&doc.text, en as usize),
        ) {
            if start < end {
                match label {
                    Some(label) => doc.spans.push(Span { start, end, label }),
                    None => doc.figures.push(GoldFigure {
                        start,
                        end,
                        value: plain_number(e.get("value")),
                    }),
                }
            }
        }
    }
    for doc in &mut docs {
        doc.spans.sort_by_key(|s| (s.start, s.end));
        doc.spans.dedup();
        doc.figures.sort_by_key(|f| (f.start, f.end));
        doc.figures
            .dedup_by(|b, a| (a.start, a.end) == (b.start, b.end));
    }
    Ok(docs)
}

/// A gold value that is a plain number ("2500", "1,200", 35), else `None`.
fn plain_number(value: Option<&serde_json::Value>) -> Option<f64> {
    match value? {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().replace(',', "").parse().ok(),
        _ => None,
    }
}

/// Parses JSON Lines or a JSON array of objects.
fn json_objects(data: &str) -> Result<Vec<serde_json::Value>, String> {
    let trimmed = data.trim_start();
    if trimmed.starts_with('[') {
        let v: Vec<serde_json::Value> = serde_json::from_str(trimmed).map_err(|e| e.to_string())?;
        return Ok(v);
    }
    trimmed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| e.to_string()))
        .collect()
}

/// Returns the byte offset of character `n` of `text` (`text.len()` for `n` = the length).
fn char_to_byte(text: &str, n: usize) -> Option<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .nth(n)
}

/// The number of GMB sentences per document: the file has no document boundaries, and 50
/// sentences (about 1,100 words) is roughly one article. `benches/spacy_baseline.py` uses the same.
pub const GMB_SENTENCES_PER_DOC: usize = 50;

/// Reads the GMB `ner_dataset.csv` (latin-1; `Sentence #,Word,POS,Tag` with BIO tags): documents
/// of [`GMB_SENTENCES_PER_DOC`] sentences, tokens joined with spaces and sentences with `"\n"`. `geo` and `gpe` map to `Location`,
/// `per` to `Person`, `org` to `Organization`; other types are dropped.
pub fn gmb(path: &Path) -> Result<Vec<GoldDoc>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // Latin-1: every byte is the code point of the same value.
    let data: String = bytes.iter().map(|&b| char::from(b)).collect();
    Ok(parse_gmb(&data))
}

/// Parses the text of the GMB CSV (see [`gmb`]).
pub fn parse_gmb(data: &str) -> Vec<GoldDoc> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut open: OpenSpan = None;
    let mut sentences = 0usize;
    let mut new_sentence = false;
    let close = |docs: &mut Vec<GoldDoc>, open: &mut OpenSpan| {
        if let Some(doc) = docs.last_mut() {
            doc.close(open);
        }
    };
    for (n, line) in data.lines().enumerate() {
        if n == 0 && line.starts_with("Sentence") {
            continue;
        }
        let fields = split_csv(line);
        if fields.len() < 4 {
            continue;
        }
        let (sentence, word, tag) = (&fields[0], &fields[1], &fields[fields.len() - 1]);
        if !sentence.trim().is_empty() || docs.is_empty() {
            close(&mut docs, &mut open);
            if sentences.is_multiple_of(GMB_SENTENCES_PER_DOC) {
                docs.push(GoldDoc {
                    id: sentence.trim().to_string(),
                    ..GoldDoc::default()
                });
            }
            sentences += 1;
            new_sentence = true;
        }
        let Some(doc) = docs.last_mut() else {
            continue;
        };
        if !doc.text.is_empty() {
            doc.text.push(if new_sentence { '\n' } else { ' ' });
        }
        new_sentence = false;
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag, ""));
        let label = match kind {
            "geo" | "gpe" => Some(Label::Location),
            "per" => Some(Label::Person),
            "org" => Some(Label::Organization),
            _ => None,
        };
        doc.push_tagged(word, prefix, label, &mut open);
    }
    close(&mut docs, &mut open);
    docs
}

/// Splits one CSV line, with double-quoted fields ("" for a quote inside).
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// Counts for precision and recall: spans predicted, gold spans, and how many of each matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Predicted spans.
    pub predicted: usize,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans that match a gold span.
    pub correct_predicted: usize,
    /// Gold spans matched by a predicted span.
    pub correct_gold: usize,
}

impl Counts {
    /// Returns the precision (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.correct_predicted as f64 / self.predicted as f64
        }
    }

    /// Returns the recall (1 when there is no gold span).
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.correct_gold as f64 / self.gold as f64
        }
    }

    /// Returns the harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds another count to this one.
    pub fn add(&mut self, other: &Counts) {
        self.predicted += other.predicted;
        self.gold += other.gold;
        self.correct_predicted += other.correct_predicted;
        self.correct_gold += other.correct_gold;
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.3} R {:.3} F1 {:.3} (gold {}, predicted {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.gold,
            self.predicted
        )
    }
}

/// The scores of one class: on exact spans (same start and end) and on overlapping spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassScores {
    /// Exact-span matching.
    pub exact: Counts,
    /// Overlap matching: a span is correct if it overlaps a span of the same class.
    pub overlap: Counts,
}

/// Scores per class and over all classes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores {
    /// Per class name (`actor`, `location`, or the label names for [`score_labels`]).
    pub classes: BTreeMap<&'static str, ClassScores>,
    /// Micro-averaged over the classes.
    pub overall: ClassScores,
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, s) in self
            .classes
            .iter()
            .map(|(k, v)| (*k, v))
            .chain([("overall", &self.overall)])
        {
            writeln!(f, "{name:<13} exact   {}", s.exact)?;
            writeln!(f, "{:<13} overlap {}", "", s.overlap)?;
        }
        Ok(())
    }
}

/// Scores `predicted` (one list per gold document, in the same order) against `gold`, per
/// class: `actor` (Person and Organization spans, which are interchangeable) and `location`.
/// `Misc` spans on either side are ignored. Missing prediction lists count as empty.
pub fn score(gold: &[GoldDoc], predicted: &[Vec<Span>]) -> Scores {
    score_by(gold, predicted, |l| match class_of(l) {
        Some(Class::Actor) => Some("actor"),
        Some(Class::Location) => Some("location"),
        _ => None,
    })
}

/// Scores like [`score`] but per label: `person`, `organization`, `location` (`Misc` ignored).
pub fn score_labels(gold: &[GoldDoc], predicted: &[Vec<Span>]) -> Scores {
    score_by(gold, predicted, |l| match l {
        Label::Person => Some("person"),
        Label::Organization => Some("organization"),
        Label::Location => Some("location"),
        Label::Misc => None,
    })
}

/// Scores with `key` naming the class of a label (`None`: ignored).
pub fn score_by(
    gold: &[GoldDoc],
    predicted: &[Vec<Span>],
    key: impl Fn(Label) -> Option<&'static str>,
) -> Scores {
    let mut scores = Scores::default();
    let empty = Vec::new();
    for (d, doc) in gold.iter().enumerate() {
        let pred = predicted.get(d).unwrap_or(&empty);
        let g: Vec<(&str, &Span)> = doc
            .spans
            .iter()
            .filter_map(|s| Some((key(s.label)?, s)))
            .collect();
        let p: Vec<(&str, &Span)> = pred
            .iter()
            .filter_map(|s| Some((key(s.label)?, s)))
            .collect();
        let keys: std::collections::BTreeSet<&str> = g.iter().chain(&p).map(|(k, _)| *k).collect();
        for k in keys {
            let ranges = |spans: &[(&str, &Span)]| -> Vec<Range<usize>> {
                spans
                    .iter()
                    .filter(|(sk, _)| *sk == k)
                    .map(|(_, s)| s.start..s.end)
                    .collect()
            };
            let (gold_ranges, predicted_ranges) = (ranges(&g), ranges(&p));
            let c = scores.classes.entry(k).or_default();
            let matched = match_spans(&gold_ranges, &predicted_ranges);
            c.exact.add(&matched.exact);
            c.overlap.add(&matched.overlap);
        }
    }
    let mut overall = ClassScores::default();
    for c in scores.classes.values() {
        overall.exact.add(&c.exact);
        overall.overlap.add(&c.overlap);
    }
    scores.overall = overall;
    scores
}

/// The result of matching one class's gold and predicted spans in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matched {
    /// Counts for exact matching: same start and end.
    pub exact: Counts,
    /// Counts for one-to-one overlap matching.
    pub overlap: Counts,
    /// The overlap pairs, as (gold index, predicted index) into the deduplicated, sorted inputs.
    pub pairs: Vec<(usize, usize)>,
}

/// Matches gold and predicted ranges of one class. Duplicate ranges count once. Exact: same
/// range. Overlap, one to one: exact pairs first, then each remaining prediction in order takes
/// the unmatched gold range it shares the most bytes with (ties to the earlier one). These are
/// the rules of `benches/spacy_baseline.py`, so the numbers compare.
pub fn match_spans(gold: &[Range<usize>], predicted: &[Range<usize>]) -> Matched {
    let sorted = |ranges: &[Range<usize>]| {
        let mut v: Vec<Range<usize>> = ranges.to_vec();
        v.sort_by_key(|r| (r.start, r.end));
        v.dedup();
        v
    };
    let (gold, predicted) = (sorted(gold), sorted(predicted));
    let mut gold_taken = vec![false; gold.len()];
    let mut pred_taken = vec![false; predicted.len()];
    let mut pairs = Vec::new();
    for (p, range) in predicted.iter().enumerate() {
        if let Ok(g) = gold.binary_search_by_key(&(range.start, range.end), |r| (r.start, r.end)) {
            gold_taken[g] = true;
            pred_taken[p] = true;
            pairs.push((g, p));
        }
    }
    let exact_hits = pairs.len();
    for (p, range) in predicted.iter().enumerate() {
        if pred_taken[p] {
            continue;
        }
        let best = gold
            .iter()
            .enumerate()
            .filter(|(g, r)| !gold_taken[*g] && r.start < range.end && range.start < r.end)
            .max_by_key(|(g, r)| {
                let shared = r.end.min(range.end) - r.start.max(range.start);
                (shared, std::cmp::Reverse(*g))
            })
            .map(|(g, _)| g);
        if let Some(g) = best {
            gold_taken[g] = true;
            pairs.push((g, p));
        }
    }
    let counts = |correct: usize| Counts {
        predicted: predicted.len(),
        gold: gold.len(),
        correct_predicted: correct,
        correct_gold: correct,
    };
    Matched {
        exact: counts(exact_hits),
        overlap: counts(pairs.len()),
        pairs,
    }
}

/// Figure kinds that re3d does not count as Quantity or Money.
const NOT_QUANTITIES: &[&str] = &["year", "date", "ordinal"];

/// Scores of one class, for reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClassReport {
    /// `actor`, `location` or `figure`.
    pub class: &'static str,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Precision, recall and F1 on exact spans.
    pub exact: [f64; 3],
    /// Precision, recall and F1 on one-to-one overlapping spans.
    pub overlap: [f64; 3],
}

impl ClassReport {
    fn new(class: &'static str, scores: &ClassScores) -> Self {
        let prf = |c: &Counts| [c.precision(), c.recall(), c.f1()];
        ClassReport {
            class,
            gold: scores.exact.gold,
            predicted: scores.exact.predicted,
            exact: prf(&scores.exact),
            overlap: prf(&scores.overlap),
        }
    }
}

/// What `newsdex eval` reports for one gold set.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// Documents scored.
    pub documents: usize,
    /// Words (white-space separated) in their texts.
    pub words: usize,
    /// Bytes of text.
    pub bytes: usize,
    /// Seconds spent in extraction alone.
    pub seconds: f64,
    /// Words per second of extraction.
    pub words_per_second: f64,
    /// Megabytes (10^6 bytes) per second of extraction.
    pub mb_per_second: f64,
    /// Per class: actor and location, and figure when the gold set has figures.
    pub classes: Vec<ClassReport>,
    /// Among matched figures whose gold value is a plain number, the share whose value is right
    /// (within 0.1 %); `None` when there are none.
    pub figure_value_accuracy: Option<f64>,
    /// How many matched figures had a gold value to compare.
    pub figure_values_compared: usize,
}

/// Runs the extractor over gold documents and scores it: actors and locations, and figures when
/// the gold set has them, on exact and overlapping spans; figure values; speed.
pub fn evaluate(docs: &[GoldDoc]) -> Report {
    // Load the gazetteer and the model before the clock starts.
    super::mentions("Warm up in Baghdad.");
    let started = std::time::Instant::now();
    let mentions: Vec<Vec<Mention>> = docs.iter().map(|d| super::mentions(&d.text)).collect();
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let predicted: Vec<Vec<Span>> = mentions
        .iter()
        .map(|ms| ms.iter().filter_map(span_of).collect())
        .collect();
    let scores = score(docs, &predicted);
    let mut classes: Vec<ClassReport> = ["actor", "location"]
        .iter()
        .map(|&k| ClassReport::new(k, &scores.classes.get(k).copied().unwrap_or_default()))
        .collect();
    let has_figures = docs.iter().any(|d| !d.figures.is_empty());
    let (mut figure_scores, mut compared, mut right) = (ClassScores::default(), 0usize, 0usize);
    if has_figures {
        for (doc, ms) in docs.iter().zip(&mentions) {
            let figures: Vec<&Mention> = ms
                .iter()
                .filter(|m| m.class == Class::Figure && !NOT_QUANTITIES.contains(&m.kind))
                .collect();
            let mut gold: Vec<&GoldFigure> = doc.figures.iter().collect();
            gold.sort_by_key(|f| (f.start, f.end));
            let mut pred = figures.clone();
            pred.sort_by_key(|m| (m.start, m.end));
            pred.dedup_by_key(|m| (m.start, m.end));
            let gold_ranges: Vec<Range<usize>> = gold.iter().map(|f| f.start..f.end).collect();
            let pred_ranges: Vec<Range<usize>> = pred.iter().map(|m| m.start..m.end).collect();
            let matched = match_spans(&gold_ranges, &pred_ranges);
            figure_scores.exact.add(&matched.exact);
            figure_scores.overlap.add(&matched.overlap);
            for (g, p) in matched.pairs {
                let (Some(want), Some(got)) = (gold[g].value, pred[p].value) else {
                    continue;
                };
                compared += 1;
                if (want - got).abs() <= 1e-3 * want.abs().max(1.0) {
                    right += 1;
                }
            }
        }
        classes.push(ClassReport::new("figure", &figure_scores));
    }
    let words = docs
        .iter()
        .map(|d| d.text.split_whitespace().count())
        .sum::<usize>();
    let bytes = docs.iter().map(|d| d.text.len()).sum::<usize>();
    Report {
        documents: docs.len(),
        words,
        bytes,
        seconds,
        words_per_second: words as f64 / seconds,
        mb_per_second: bytes as f64 / 1e6 / seconds,
        classes,
        figure_value_accuracy: (compared > 0).then(|| right as f64 / compared as f64),
        figure_values_compared: compared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- O O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- O O

BRUSSELS NNP I-NP I-LOC
Lake NNP I-NP I-LOC
Tahoe NNP I-NP B-LOC
";

    fn texts(doc: &GoldDoc) -> Vec<(&str, Label)> {
        doc.spans
            .iter()
            .map(|s| (&doc.text[s.start..s.end], s.label))
            .collect()
    }

    #[test]
    fn conll_rebuilds_text_and_spans() {
        let docs = parse_conll(SAMPLE, "t");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "EU rejects German call .\nPeter Blackburn");
        assert_eq!(docs[0].tokens.len(), 7);
        let cases: [(&GoldDoc, &[(&str, Label)]); 2] = [
            (
                &docs[0],
                &[
                    ("EU", Label::Organization),
                    ("German", Label::Misc),
                    ("Peter Blackburn", Label::Person),
                ],
            ),
            (
                &docs[1],
                &[
                    ("BRUSSELS Lake", Label::Location),
                    ("Tahoe", Label::Location),
                ],
            ),
        ];
        for (doc, want) in cases {
            assert_eq!(texts(doc), want, "{}", doc.text);
        }
    }

    #[test]
    fn conll_handles_odd_input() {
        for input in [
            "",
            "\n\n",
            "-DOCSTART- -X- O O\n",
            "lonely\n",
            "x y z B-FOO\n",
        ] {
            let docs = parse_conll(input, "t");
            assert!(docs.iter().all(|d| d.spans.is_empty()), "{input:?}");
        }
    }

    fn span(start: usize, end: usize, label: Label) -> Span {
        Span { start, end, label }
    }

    #[test]
    fn scores_exact_and_overlap() {
        let gold = vec![GoldDoc {
            text: "x".repeat(40),
            spans: vec![
                span(0, 5, Label::Person),
                span(10, 15, Label::Location),
                span(20, 25, Label::Misc),
                span(30, 35, Label::Organization),
            ],
            ..GoldDoc::default()
        }];
        // (predicted, actor exact (p, r), actor overlap (p, r), location exact (p, r))
        type Case = (Vec<Span>, (f64, f64), (f64, f64), (f64, f64));
        let cases: Vec<Case> = vec![
            (gold[0].spans.clone(), (1.0, 1.0), (1.0, 1.0), (1.0, 1.0)),
            (vec![], (1.0, 0.0), (1.0, 0.0), (1.0, 0.0)),
            (
                // Person and organisation are both actors; Misc is ignored.
                vec![
                    span(0, 5, Label::Organization),
                    span(31, 35, Label::Person),
                    span(20, 25, Label::Location),
                ],
                (0.5, 0.5),
                (1.0, 1.0),
                (0.0, 0.0),
            ),
        ];
        for (pred, ae, ao, le) in cases {
            let s = score(&gold, std::slice::from_ref(&pred));
            let a = s.classes["actor"];
            let l = s.classes["location"];
            assert_eq!((a.exact.precision(), a.exact.recall()), ae, "{pred:?}");
            assert_eq!((a.overlap.precision(), a.overlap.recall()), ao, "{pred:?}");
            assert_eq!((l.exact.precision(), l.exact.recall()), le, "{pred:?}");
        }
        let by_label = score_labels(&gold, &[vec![span(0, 5, Label::Organization)]]);
        assert_eq!(by_label.classes["person"].exact.recall(), 0.0);
        assert_eq!(by_label.classes["organization"].exact.predicted, 1);
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn overlap_matching_is_one_to_one() {
        // (gold, predicted, exact hits, overlap pairs)
        type Case = (Vec<Range<usize>>, Vec<Range<usize>>, usize, usize);
        let cases: Vec<Case> = vec![
            (vec![0..5], vec![0..5], 1, 1),
            (vec![0..5], vec![0..5, 0..5], 1, 1),
            // Two predictions inside one gold span: only one counts.
            (vec![0..10], vec![0..4, 5..10], 0, 1),
            // One prediction across two gold spans takes the one it shares most with.
            (vec![0..4, 5..20], vec![2..18], 0, 1),
            (vec![0..5, 10..15], vec![0..5, 11..15, 20..25], 1, 2),
            (vec![], vec![1..2], 0, 0),
        ];
        for (gold, predicted, exact, overlap) in cases {
            let m = match_spans(&gold, &predicted);
            assert_eq!(
                (m.exact.correct_gold, m.overlap.correct_gold),
                (exact, overlap),
                "{gold:?} {predicted:?}"
            );
        }
    }

    #[test]
    fn counts_f1() {
        let cases = [
            ((0, 0, 0, 0), 1.0),
            ((2, 2, 1, 1), 0.5),
            ((4, 2, 2, 2), 2.0 / 3.0),
            ((3, 3, 0, 0), 0.0),
        ];
        for ((predicted, gold, correct_predicted, correct_gold), f1) in cases {
            let c = Counts {
                predicted,
                gold,
                correct_predicted,
                correct_gold,
            };
            assert!((c.f1() - f1).abs() < 1e-9, "{c:?}");
        }
    }

    #[test]
    fn re3d_and_gmb_readers() {
        let docs = parse_re3d(
            r#"{"_id": "d1", "text": "Ça va: Lloyd Austin in Baghdad."}"#,
            "{\"_id\":\"e1\",\"documentId\":\"d1\",\"begin\":7,\"end\":19,\"type\":\"Person\"}\n\
             {\"_id\":\"e2\",\"documentId\":\"d1\",\"begin\":23,\"end\":30,\"type\":\"Location\"}\n\
             {\"_id\":\"e3\",\"documentId\":\"d1\",\"begin\":0,\"end\":2,\"type\":\"Money\"}",
        )
        .unwrap();
        assert_eq!(
            texts(&docs[0]),
            [
                ("Lloyd Austin", Label::Person),
                ("Baghdad", Label::Location)
            ]
        );
        // Money is a gold figure, with byte offsets ("Ça" is three bytes).
        assert_eq!(
            docs[0].figures,
            [GoldFigure {
                start: 0,
                end: 3,
                value: None
            }]
        );
        let docs = parse_gmb(
            "Sentence #,Word,POS,Tag\nSentence: 1,Thousands,NNS,O\n,in,IN,O\n,New,NNP,B-geo\n,York,NNP,I-geo\n,\",\",\",\",O\nSentence: 2,Bush,NNP,B-per\n",
        );
        // Both sentences fall in the first document of 50.
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "Thousands in New York ,\nBush");
        assert_eq!(
            texts(&docs[0]),
            [("New York", Label::Location), ("Bush", Label::Person)]
        );
    }
}
