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
/// `Person`/`Organization`, locations as `Location`; `None` for figures and other kinds.
pub fn span_of(mention: &Mention) -> Option<Span> {
    let label = match (mention.class, mention.kind) {
        (Class::Actor, "person") => Label::Person,
        (Class::Actor, _) => Label::Organization,
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
    let mut open: Option<(Label, usize, usize)> = None;
    let mut sentence_open = false;
    let finish = |doc: &mut GoldDoc, open: &mut Option<(Label, usize, usize)>| {
        if let Some((label, start, end)) = open.take() {
            doc.spans.push(Span { start, end, label });
        }
    };
    for line in data.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(word), Some(tag)) = (fields.first(), fields.last()) else {
            // A blank line ends the sentence.
            finish(&mut doc, &mut open);
            sentence_open = false;
            continue;
        };
        if *word == "-DOCSTART-" {
            finish(&mut doc, &mut open);
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
        let start = doc.text.len();
        doc.text.push_str(word);
        let end = doc.text.len();
        doc.tokens.push(start..end);
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag, ""));
        let label = match kind {
            "PER" => Some(Label::Person),
            "ORG" => Some(Label::Organization),
            "LOC" => Some(Label::Location),
            "MISC" => Some(Label::Misc),
            _ => None,
        };
        match (label, open) {
            (Some(l), Some((ol, os, _))) if l == ol && prefix == "I" => open = Some((l, os, end)),
            (Some(l), _) => {
                finish(&mut doc, &mut open);
                open = Some((l, start, end));
            }
            (None, _) => finish(&mut doc, &mut open),
        }
    }
    finish(&mut doc, &mut open);
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
            "Person" => Label::Person,
            "Organisation" | "Organization" => Label::Organization,
            "Location" => Label::Location,
            "Nationality" => Label::Misc,
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
                doc.spans.push(Span { start, end, label });
            }
        }
    }
    for doc in &mut docs {
        doc.spans.sort_by_key(|s| (s.start, s.end));
        doc.spans.dedup();
    }
    Ok(docs)
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

/// Reads the GMB `ner_dataset.csv` (latin-1; `Sentence #,Word,POS,Tag` with BIO tags): one
/// document per sentence, tokens joined with spaces. `geo` and `gpe` map to `Location`,
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
    let mut open: Option<(Label, usize, usize)> = None;
    let close = |docs: &mut Vec<GoldDoc>, open: &mut Option<(Label, usize, usize)>| {
        if let (Some((label, start, end)), Some(doc)) = (open.take(), docs.last_mut()) {
            doc.spans.push(Span { start, end, label });
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
            docs.push(GoldDoc {
                id: sentence.trim().to_string(),
                ..GoldDoc::default()
            });
        }
        let Some(doc) = docs.last_mut() else {
            continue;
        };
        if !doc.text.is_empty() {
            doc.text.push(' ');
        }
        let start = doc.text.len();
        doc.text.push_str(word);
        let end = doc.text.len();
        doc.tokens.push(start..end);
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag, ""));
        let label = match kind {
            "geo" | "gpe" => Some(Label::Location),
            "per" => Some(Label::Person),
            "org" => Some(Label::Organization),
            _ => None,
        };
        match (label, open) {
            (Some(l), Some((ol, os, _))) if l == ol && prefix == "I" => open = Some((l, os, end)),
            (Some(l), _) => {
                close(&mut docs, &mut open);
                open = Some((l, start, end));
            }
            (None, _) => close(&mut docs, &mut open),
        }
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

    fn add(&mut self, other: &Counts) {
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
        let exact = |a: &Span, b: &Span| a.start == b.start && a.end == b.end;
        let overlap = |a: &Span, b: &Span| a.start < b.end && b.start < a.end;
        for &(k, s) in &g {
            let c = scores.classes.entry(k).or_default();
            c.exact.gold += 1;
            c.overlap.gold += 1;
            let same = p.iter().filter(|(pk, _)| *pk == k);
            if same.clone().any(|(_, ps)| exact(s, ps)) {
                c.exact.correct_gold += 1;
            }
            if same.clone().any(|(_, ps)| overlap(s, ps)) {
                c.overlap.correct_gold += 1;
            }
        }
        for &(k, s) in &p {
            let c = scores.classes.entry(k).or_default();
            c.exact.predicted += 1;
            c.overlap.predicted += 1;
            let same = g.iter().filter(|(gk, _)| *gk == k);
            if same.clone().any(|(_, gs)| exact(s, gs)) {
                c.exact.correct_predicted += 1;
            }
            if same.clone().any(|(_, gs)| overlap(s, gs)) {
                c.overlap.correct_predicted += 1;
            }
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
        let docs = parse_gmb(
            "Sentence #,Word,POS,Tag\nSentence: 1,Thousands,NNS,O\n,in,IN,O\n,New,NNP,B-geo\n,York,NNP,I-geo\n,\",\",\",\",O\nSentence: 2,Bush,NNP,B-per\n",
        );
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "Thousands in New York ,");
        assert_eq!(texts(&docs[0]), [("New York", Label::Location)]);
        assert_eq!(texts(&docs[1]), [("Bush", Label::Person)]);
    }
}
