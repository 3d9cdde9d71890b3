#!/usr/bin/env python3
"""SQLite FTS5 baseline for benches/e2e.py: the passages newsdex indexes, from Python's sqlite3.

The passages come as JSON Lines (`{"id", "title", "text"}`), as written by the bare tantivy
baseline (`cargo bench --bench bare_tantivy -- dump CORPUS --out passages.jsonl`), so that all
three indexers see exactly the same passages. The table mirrors the bare tantivy schema: `id`
and `title` stored but not indexed, `text` indexed with the `porter` tokenizer (Porter stemming
over unicode61).

    python3 benches/fts5.py index passages.jsonl --db passages.db [--bytes N] [--json]
    python3 benches/fts5.py query --db passages.db [--runs 200] [--query 'label=query'...] [--json]

`index` times reading the JSON Lines and inserting every passage in one transaction (journal off,
synchronous off: SQLite at its fastest), and prints the time, MB/s (`--bytes`, the size of the
original corpus, over that time; the JSON Lines' size without it) and the database size. The
time leaves out making the JSON Lines, i.e. reading and splitting the original files.

`query` runs each query `--runs` times after one warm-up run, as
`SELECT id, title, text ... WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT 10`, fetching
the ten rows, and prints p50/p99 in milliseconds. Hit counts are counted once, untimed.
"""
import argparse
import json
import os
import sqlite3
import sys
import time

# The queries of benches/e2e.py and the bare baseline; FTS5 reads AND, OR and "phrases" alike.
QUERIES = [
    ("term", "oil"),
    ("phrase", '"crude oil"'),
    ("and", "oil AND prices"),
    ("or", "coffee OR cocoa OR sugar"),
]

TOP_10 = "SELECT id, title, text FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT 10"
COUNT = "SELECT count(*) FROM passages WHERE passages MATCH ?"


def percentile(values, p):
    """The p-th percentile by nearest rank, as the other benches compute it."""
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def passages(path):
    """Yields (id, title, text) from a JSON Lines file, one line at a time."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            yield p["id"], p["title"], p["text"]


def build(jsonl, db):
    """Indexes the passages of `jsonl` into a new FTS5 database `db`; returns (passages, seconds)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    start = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("CREATE VIRTUAL TABLE passages USING fts5(id UNINDEXED, title UNINDEXED, text, tokenize = 'porter')")
    with con:
        con.executemany("INSERT INTO passages (id, title, text) VALUES (?, ?, ?)", passages(jsonl))
    count = con.execute("SELECT count(*) FROM passages").fetchone()[0]
    con.close()
    return count, time.perf_counter() - start


def time_queries(db, queries, runs):
    """Times each query `runs` times (after one warm-up); returns one dict per query."""
    con = sqlite3.connect(db)
    results = []
    for label, query in queries:
        hits = con.execute(COUNT, (query,)).fetchone()[0]
        con.execute(TOP_10, (query,)).fetchall()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            con.execute(TOP_10, (query,)).fetchall()
            times.append((time.perf_counter() - start) * 1000)
        results.append({"engine": "fts5", "variant": "plain", "label": label, "query": query, "hits": hits,
                        "runs": runs, "p50_ms": percentile(times, 50), "p99_ms": percentile(times, 99)})
    con.close()
    return results


def labelled(spec):
    label, sep, query = spec.partition("=")
    if not sep or not label or not query:
        raise argparse.ArgumentTypeError(f"expected label=query, got {spec!r}")
    return label, query


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    index = sub.add_parser("index", help="index a JSON Lines file of passages")
    index.add_argument("jsonl")
    index.add_argument("--db", required=True)
    index.add_argument("--bytes", type=int, help="bytes of the original corpus, for MB/s")
    index.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    query = sub.add_parser("query", help="time top-10 queries")
    query.add_argument("--db", required=True)
    query.add_argument("--runs", type=int, default=200)
    query.add_argument("--query", type=labelled, action="append", dest="queries",
                       help="a query as label=query (repeatable; default term, phrase, AND, OR)")
    query.add_argument("--json", action="store_true", help="print one JSON object per line")
    args = parser.parse_args()

    if args.command == "index":
        if not os.path.isfile(args.jsonl):
            sys.exit(f"no file at {args.jsonl}")
        count, seconds = build(args.jsonl, args.db)
        size = os.path.getsize(args.db)
        nbytes = args.bytes or os.path.getsize(args.jsonl)
        summary = {"passages": count, "bytes": nbytes, "seconds": seconds, "mb_per_s": nbytes / 1e6 / seconds,
                   "output_bytes": size, "sqlite": sqlite3.sqlite_version}
        if args.json:
            print(json.dumps(summary))
        else:
            print(f"indexed {count} passages ({nbytes / 1e6:.1f} MB) in {seconds:.2f} s, "
                  f"{summary['mb_per_s']:.1f} MB/s; database {size / 1e6:.1f} MB (SQLite {sqlite3.sqlite_version})")
    else:
        if not os.path.isfile(args.db):
            sys.exit(f"no database at {args.db}")
        results = time_queries(args.db, args.queries or QUERIES, max(1, args.runs))
        if args.json:
            for r in results:
                print(json.dumps(r))
        else:
            print("| query | hits | p50 ms | p99 ms |")
            print("|---|---|---|---|")
            for r in results:
                print(f"| {r['label']}: `{r['query']}` | {r['hits']} | {r['p50_ms']:.3f} | {r['p99_ms']:.3f} |")


if __name__ == "__main__":
    main()
