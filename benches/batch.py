#!/usr/bin/env python3
"""A batch of 100 queries against 100 separate `newsdex search` processes, on Reuters-21578.

Builds the release binary, indexes ../shared/corpora/reuters21578 (research-only; read at run
time) into a temporary folder, then times, side by side and --rounds times each:
  * `newsdex batch queries.jsonl` with 100 query lines;
  * the same 100 queries as 100 `newsdex search … --format json` processes.
Both produce the same JSON results (checked once). Prints the medians and the ratio.

    python3 benches/batch.py [--corpus ../shared/corpora/reuters21578] [--rounds 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

WORDS = ["oil", "coffee", "gold", "wheat", "dollar", "bank", "trade", "tax", "strike", "profit",
         "merger", "shares", "yen", "opec", "sugar", "cocoa", "rates", "deficit", "exports", "debt"]
FILTERS = [{}, {"country": "US"}, {"country": "JP"}, {"figure": "USD>1e6"}, {"facets": ["actor", "country"]}]


def queries():
    """100 query objects: 20 words, each plain, with a country, with a figure and with facets."""
    out = []
    for i, word in enumerate(WORDS):
        for j, extra in enumerate(FILTERS):
            q = {"id": f"q{i * len(FILTERS) + j}", "query": word, "limit": 10}
            q.update(extra)
            out.append(q)
    return out


def search_args(q):
    args = [q["query"], "-n", str(q["limit"]), "--format", "json"]
    for key in ("country", "figure"):
        if key in q:
            args += [f"--{key}", q[key]]
    if "facets" in q:
        args += ["--facets", ",".join(q["facets"])]
    return args


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpora", "reuters21578"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not os.path.isdir(args.corpus):
        sys.exit(f"no corpus at {args.corpus}")
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=root, check=True)
    binary = os.path.join(root, "target", "release", "newsdex")
    qs = queries()
    with tempfile.TemporaryDirectory() as tmp:
        index = os.path.join(tmp, "index")
        subprocess.run([binary, "index", args.corpus, "--index", index, "--quiet"], check=True,
                       stdout=subprocess.DEVNULL)
        path = os.path.join(tmp, "queries.jsonl")
        with open(path, "w") as f:
            f.writelines(json.dumps(q) + "\n" for q in qs)

        # The two methods agree: each batch line is the search document plus its id.
        lines = subprocess.run([binary, "batch", path, "--index", index], capture_output=True,
                               text=True).stdout.splitlines()
        for q, line in zip(qs, lines):
            got = json.loads(line)
            got.pop("id")
            want = json.loads(subprocess.run([binary, "search", *search_args(q), "--index", index],
                                             capture_output=True, text=True).stdout)
            assert got == want, (q, got.get("error"))

        batch, separate = [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            subprocess.run([binary, "batch", path, "--index", index], stdout=subprocess.DEVNULL, check=False)
            batch.append(time.perf_counter() - start)
            start = time.perf_counter()
            for q in qs:
                subprocess.run([binary, "search", *search_args(q), "--index", index],
                               stdout=subprocess.DEVNULL, check=False)
            separate.append(time.perf_counter() - start)
        b, s = statistics.median(batch), statistics.median(separate)
        print(f"100 queries, median of {args.rounds} rounds:")
        print(f"| method | time | per query |")
        print(f"|---|---|---|")
        print(f"| `newsdex batch` (one process, index opened once) | {b * 1000:.0f} ms | {b * 10:.2f} ms |")
        print(f"| 100 × `newsdex search` | {s * 1000:.0f} ms | {s * 10:.2f} ms |")
        print(f"batch is {s / b:.1f}x faster")


if __name__ == "__main__":
    main()
