#!/usr/bin/env python3
"""End-to-end benchmark of the newsdex binary on Reuters-21578.

Measures, with the release binary:
  * indexing throughput (MB/s) over several full builds, as the index command reports it;
  * query latency of whole `newsdex search` processes (start, index open, search, output),
    p50 and p99 per kind of query.

Reuters-21578 has a research-only licence, so it is read from ../shared at run time and never
copied into the repository.

    python3 benches/reuters.py [--corpus ../shared/corpora/reuters21578] [--builds 3] [--runs 30]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = [
    ("term", "oil", []),
    ("phrase", '"crude oil prices"', []),
    ("AND", "oil AND opec", []),
    ("OR", "coffee OR cocoa OR sugar", []),
    ("date filter", "bank", ["--from", "1987-03-01", "--to", "1987-03-31"]),
    ("per-article", "dollar", ["--per-article", "1"]),
]

SUMMARY = re.compile(r"indexed (\d+) articles, (\d+) passages .*\(([\d.]+) MB\) in ([\d.]+) s, ([\d.]+) MB/s")


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpora", "reuters21578"))
    parser.add_argument("--builds", type=int, default=3, help="full index builds to time")
    parser.add_argument("--runs", type=int, default=30, help="runs of each query")
    args = parser.parse_args()
    if not os.path.isdir(args.corpus):
        sys.exit(f"no corpus at {args.corpus}")

    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=root, check=True)
    binary = os.path.join(root, "target", "release", "newsdex")

    with tempfile.TemporaryDirectory() as tmp:
        index = os.path.join(tmp, "index")
        speeds, seconds = [], []
        for _ in range(args.builds):
            out = subprocess.run([binary, "index", args.corpus, "--index", index, "--quiet"],
                                 check=True, capture_output=True, text=True).stdout
            m = SUMMARY.search(out)
            if not m:
                sys.exit(f"unexpected summary: {out}")
            articles, passages, mb = int(m[1]), int(m[2]), float(m[3])
            seconds.append(float(m[4]))
            speeds.append(float(m[5]))
        size = sum(os.path.getsize(os.path.join(index, f)) for f in os.listdir(index))

        print(f"corpus: {args.corpus}: {articles} articles, {passages} passages, {mb:.1f} MB")
        print(f"machine: {os.cpu_count()} cores, {platform_name()}")
        print()
        print("| indexing | median of %d builds |" % args.builds)
        print("|---|---|")
        print(f"| time | {statistics.median(seconds):.2f} s |")
        print(f"| throughput | {statistics.median(speeds):.1f} MB/s |")
        print(f"| index size | {size / 1e6:.1f} MB |")
        print()
        print(f"| query ({args.runs} runs, whole process) | hits | p50 | p99 |")
        print("|---|---|---|---|")
        for name, query, extra in QUERIES:
            cmd = [binary, "search", query, "--index", index, "--format", "json", *extra]
            total = None
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                result = subprocess.run(cmd, capture_output=True, text=True)
                times.append((time.perf_counter() - start) * 1000)
                if result.returncode not in (0, 1):
                    sys.exit(f"{cmd} failed: {result.stderr}")
                if total is None:
                    total = re.search(r'"total_hits": (\d+)', result.stdout)[1]
            print(f"| {name}: `{query}` {' '.join(extra)} | {total} | {percentile(times, 50):.1f} ms | {percentile(times, 99):.1f} ms |")


def platform_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown cpu"


if __name__ == "__main__":
    main()
