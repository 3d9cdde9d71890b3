#!/usr/bin/env python3
"""Filters and facets at a million passages, as whole `newsdex search` processes.

Replicates Reuters-21578 (read from ../shared at run time, research-only licence) into a
temporary folder until it holds about a million passages, indexes it with the release binary,
then times each query plain, with a country filter, with other filters and with facets, side by
side in one run, and prints p50/p90 per query and the filtered/plain ratios.

    python3 benches/million.py [--copies 11] [--runs 31] [--work /tmp/newsdex-million] [--keep]

With --keep the corpus and index stay in --work, so that the in-process criterion bench can use
them: NEWSDEX_BENCH_INDEX=/tmp/newsdex-million/index cargo bench --bench search
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicate import replicate  # noqa: E402

QUERIES = ["oil", '"crude oil"', "oil AND prices", "coffee OR cocoa OR sugar", "*"]
VARIANTS = [
    ("plain", []),
    ("--country US", ["--country", "US"]),
    ("--country JP", ["--country", "JP"]),
    ("--actor Reagan", ["--actor", "Reagan"]),
    ("--figure bbl>1000", ["--figure", "bbl>1000"]),
    ("--facets", ["--facets"]),
]
SUMMARY = re.compile(r"indexed (\d+) articles, (\d+) passages .*\(([\d.]+) MB\) in ([\d.]+) s, ([\d.]+) MB/s")


def percentile(values, p):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def time_search(binary, index, query, extra, runs):
    """Runs one search `runs` times (interleaving is done by the caller); returns times in ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([binary, "search", query, "--index", index, "-n", "10", "--format", "json"] + extra,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=os.path.join(root, "..", "shared", "corpora", "reuters21578"))
    parser.add_argument("--copies", type=int, default=11)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--work", default="/tmp/newsdex-million")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and index in --work")
    args = parser.parse_args()
    if not os.path.isdir(args.source):
        sys.exit(f"no corpus at {args.source}")

    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=root, check=True)
    binary = os.path.join(root, "target", "release", "newsdex")
    corpus, index = os.path.join(args.work, "corpus"), os.path.join(args.work, "index")
    replicate([args.source], args.copies, corpus)
    if not os.path.exists(os.path.join(index, "newsdex.json")):
        out = subprocess.run([binary, "index", corpus, "--index", index, "--quiet"],
                             check=True, capture_output=True, text=True).stdout
        m = SUMMARY.search(out)
        print(f"indexed {m.group(1)} articles, {m.group(2)} passages, {m.group(3)} MB in {m.group(4)} s ({m.group(5)} MB/s)")

    print(f"whole-process latency, {args.runs} runs each, variants interleaved")
    print(f"| query | variant | hits | p50 ms | p90 ms | p50 / plain |")
    print(f"|---|---|---|---|---|---|")
    for query in QUERIES:
        results = {name: [] for name, _ in VARIANTS}
        for _ in range(args.runs):  # interleave variants so that noise hits them alike
            for name, extra in VARIANTS:
                results[name] += time_search(binary, index, query, extra, 1)
        plain = percentile(results["plain"], 50)
        for name, extra in VARIANTS:
            out = subprocess.run([binary, "search", query, "--index", index, "-n", "1", "--format", "json"] + extra,
                                 capture_output=True, text=True)
            hits = re.search(r'"total_hits": (\d+)', out.stdout)
            p50, p90 = percentile(results[name], 50), percentile(results[name], 90)
            print(f"| `{query}` | {name} | {hits.group(1) if hits else '-'} | {p50:.2f} | {p90:.2f} | {p50 / plain:.2f} |")
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
