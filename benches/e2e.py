#!/usr/bin/env python3
"""End-to-end benchmark of issue 7: newsdex against bare tantivy and SQLite FTS5, at a million
passages, in one run.

1. Builds a corpus of about a million passages by replicating Reuters-21578 and BBC News (read
   from ../shared at run time: research-only licences; the copies are hard links in --work,
   outside the repository) with benches/replicate.py. One copy holds 106,252 passages.
2. Indexes it, --runs times each and interleaved, with
   - newsdex with extraction: `target/release/newsdex index CORPUS --index DIR --quiet`;
   - bare tantivy, 2 writer threads, the same passages with no extraction:
     `cargo bench --bench bare_tantivy -- index` (benches/bare_tantivy.rs), with the system
     allocator and, built with `--features bare-mimalloc`, with newsdex's allocator;
   - SQLite FTS5 (porter), from Python's sqlite3, over the same passages dumped once as JSON
     Lines by the bare binary (benches/fts5.py; the dump is timed apart),
   and records each tool's own time and MB/s (bytes of the corpus files over that time), the
   peak RSS of each indexing process (wait4's ru_maxrss) and the size on disk.
3. Times top-10 term, phrase, AND and OR queries:
   - in-process, in one process and interleaved: bare tantivy and newsdex's
     `Archive::search` (plain, `--country`, `--facets`), by the bare binary's `query`;
   - in-process, SQLite FTS5 (`ORDER BY bm25(...) LIMIT 10`), by benches/fts5.py;
   - as whole processes (start, index open, search, JSON output): `newsdex search` (plain,
     `--country`, `--facets`) and, for comparison, the `sqlite3` command-line shell.
4. Prints Markdown tables: the issue's targets as ratios of this run, then the details.

    python3 benches/e2e.py [--runs 5] [--copies 10] [--work /tmp/newsdex-e2e] [--keep]

--runs 1 is a quick check. With --keep the corpus, the JSON Lines, the indexes and results.json
stay in --work; a later run with the same --work reuses the corpus and the dump, and --runs 0
reuses the indexes too (queries only). After a --keep run, criterion's in-process bench runs on
the same index: NEWSDEX_BENCH_INDEX=/tmp/newsdex-e2e/newsdex.idx cargo bench --bench search
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from replicate import replicate  # noqa: E402

QUERIES = [
    ("term", "oil"),
    ("phrase", '"crude oil"'),
    ("and", "oil AND prices"),
    ("or", "coffee OR cocoa OR sugar"),
]
SUMMARY = re.compile(r"indexed (\d+) articles, (\d+) passages .*\(([\d.]+) MB\) in ([\d.]+) s, ([\d.]+) MB/s")
GB = 1 << 30


def percentile(values, p):
    """The p-th percentile by nearest rank, as the other benches compute it."""
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def run_measured(cmd):
    """Runs a command to completion; returns (stdout, seconds, peak RSS in bytes, CPU seconds) of
    that process alone, exiting with its stderr when it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.read().decode(errors='replace')}")
        return out.read().decode(), seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def build_binaries():
    """Builds the newsdex binary and the bare baseline in release, the baseline with the system
    allocator and with newsdex's (mimalloc); returns the three paths."""
    def build(extra):
        cmd = ["cargo", "build", "--release", "--locked", "--bench", "bare_tantivy",
               "--message-format=json-render-diagnostics", *extra]
        out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
        bare = None
        for line in out.splitlines():
            msg = json.loads(line)
            if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "bare_tantivy":
                bare = msg.get("executable") or bare
        if bare is None:
            sys.exit("cargo did not report the bare_tantivy executable")
        return bare

    # The feature only changes the baseline; target/release/newsdex comes from the first build.
    bare, bare_mimalloc = build(["--bin", "newsdex"]), build(["--features", "bare-mimalloc"])
    return os.path.join(ROOT, "target", "release", "newsdex"), bare, bare_mimalloc


def make_corpus(sources, copies, corpus):
    """Replicates the sources `copies` times into `corpus`, dropping copies left by a larger run."""
    if os.path.isdir(corpus):
        for name in os.listdir(corpus):
            m = re.fullmatch(r"copy(\d+)", name)
            if m and int(m.group(1)) >= copies:
                shutil.rmtree(os.path.join(corpus, name))
    replicate(sources, copies, corpus)


def index_newsdex(binary, corpus, index):
    shutil.rmtree(index, ignore_errors=True)
    out, _, rss, cpu = run_measured([binary, "index", corpus, "--index", index, "--quiet"])
    m = SUMMARY.search(out)
    if not m:
        sys.exit(f"unexpected newsdex summary: {out}")
    return {"passages": int(m[2]), "seconds": float(m[4]), "mb_per_s": float(m[5]), "rss": rss, "cpu": cpu,
            "size": size_of(index)}


def index_bare(bare, corpus, index, stored="minimal"):
    out, _, rss, cpu = run_measured([bare, "index", corpus, "--index", index, "--threads", "2", "--stored", stored,
                                     "--json"])
    s = json.loads(out)
    return {"passages": s["passages"], "seconds": s["seconds"], "mb_per_s": s["mb_per_s"], "rss": rss, "cpu": cpu,
            "size": s["output_bytes"], "bytes": s["bytes"]}


def index_fts5(jsonl, db, corpus_bytes):
    cmd = [sys.executable, os.path.join(HERE, "fts5.py"), "index", jsonl, "--db", db, "--bytes", str(corpus_bytes),
           "--json"]
    out, _, rss, cpu = run_measured(cmd)
    s = json.loads(out)
    return {"passages": s["passages"], "seconds": s["seconds"], "mb_per_s": s["mb_per_s"], "rss": rss, "cpu": cpu,
            "size": s["output_bytes"], "sqlite": s["sqlite"]}


def remove_outputs(work, paths):
    """Removes what this script wrote into --work, and --work itself if that leaves it empty."""
    for path in paths:
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    try:
        os.rmdir(work)
    except OSError:
        pass


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def time_processes(cmds, runs):
    """Runs each named command `runs` times, interleaved; returns {name: [ms]}."""
    times = {name: [] for name in cmds}
    for name, cmd in cmds.items():  # one warm-up each
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(runs):
        for name, cmd in cmds.items():
            start = time.perf_counter()
            result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            times[name].append((time.perf_counter() - start) * 1000)
            if result.returncode not in (0, 1):
                sys.exit(f"{cmd} failed: {result.stderr.decode(errors='replace')}")
    return times


def newsdex_hits(binary, index, query, extra):
    out = subprocess.run([binary, "search", query, "--index", index, "-n", "1", "--format", "json", *extra],
                         capture_output=True, text=True).stdout
    try:
        return json.loads(out)["total_hits"]
    except (ValueError, KeyError):
        return None


def machine():
    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def mark(ok):
    return "✓" if ok else "✗"


def report(r, args):
    """Prints the targets and the details as Markdown."""
    idx = r["indexing"]
    med = {k: {f: statistics.median(run[f] for run in v) for f in ("seconds", "mb_per_s", "cpu")}
           for k, v in idx.items()}
    peak = {k: max(run["rss"] for run in v) for k, v in idx.items()}
    size = {k: v[-1]["size"] for k, v in idx.items()}
    same = r["bare_stored"]
    inproc = {(q["engine"], q["variant"], q["label"]): q for q in r["in_process"]}
    fts = {q["label"]: q for q in r["fts5"]}
    proc = r["process"]
    labels = [label for label, _ in QUERIES]
    runs = len(idx["newsdex"])

    print(f"\n## newsdex end to end, {r['passages']:,} passages ({r['corpus_bytes'] / 1e6:.0f} MB), "
          f"{r['date']}\n")
    print(f"machine: {r['machine']}; load average {r['load'][0]} before, {r['load'][1]} after. "
          f"Indexing: median of {runs} run(s), interleaved. Queries: top 10, in-process {args.query_runs} runs, "
          f"whole process {args.process_runs} runs, interleaved.\n")
    print("| target | measured | goal | |")
    print("|---|---|---|---|")
    nd = med["newsdex"]["mb_per_s"]
    ratio = nd / med["bare"]["mb_per_s"]
    cpu = med["bare"]["cpu"] / med["newsdex"]["cpu"]
    print(f"| indexing with extraction vs bare tantivy (2 threads) | {ratio:.2f}× "
          f"({nd:.1f} vs {med['bare']['mb_per_s']:.1f} MB/s; {cpu:.2f}× in CPU time) | ≥ 0.7× | {mark(ratio >= 0.7)} |")
    if "bare_mimalloc" in med:
        mi = med["bare_mimalloc"]
        print(f"| (the same, with bare tantivy also allocating with mimalloc, as newsdex does) "
              f"| {nd / mi['mb_per_s']:.2f}× ({nd:.1f} vs {mi['mb_per_s']:.1f} MB/s; "
              f"{mi['cpu'] / med['newsdex']['cpu']:.2f}× in CPU time) | – | |")
    ratio = nd / med["fts5"]["mb_per_s"]
    with_dump = r["corpus_bytes"] / 1e6 / (med["fts5"]["seconds"] + r["dump"]["seconds"])
    print(f"| indexing with extraction vs SQLite FTS5 | {ratio:.2f}× ({nd:.1f} vs {med['fts5']['mb_per_s']:.1f} MB/s; "
          f"{nd / with_dump:.2f}× if FTS5 also pays for reading and splitting) | ≥ 1.1× | {mark(ratio >= 1.1)} |")
    for variant, title in (("plain", ""), ("country", f", --country {args.country}"), ("facets", ", --facets")):
        worst = max(labels, key=lambda lb: percentile(proc[f"newsdex {variant} {lb}"], 50))
        p50 = percentile(proc[f"newsdex {variant} {worst}"], 50)
        print(f"| `newsdex search` end to end{title}, p50 of the slowest query ({worst}) | {p50:.1f} ms | ≤ 10 ms "
              f"| {mark(p50 <= 10)} |")
    ratios = {lb: inproc[("newsdex", "plain", lb)]["p50_ms"] / inproc[("bare tantivy", "plain", lb)]["p50_ms"]
              for lb in labels}
    worst = max(ratios, key=ratios.get)
    print(f"| in-process query vs bare tantivy, p50, largest ratio ({worst}) | {ratios[worst]:.2f}× "
          f"({inproc[('newsdex', 'plain', worst)]['p50_ms']:.3f} vs "
          f"{inproc[('bare tantivy', 'plain', worst)]['p50_ms']:.3f} ms) | ≤ 1.5× | {mark(ratios[worst] <= 1.5)} |")
    ratios = {lb: fts[lb]["p50_ms"] / inproc[("newsdex", "plain", lb)]["p50_ms"] for lb in labels}
    worst = min(ratios, key=ratios.get)
    print(f"| in-process query vs FTS5, p50, smallest speed-up ({worst}) | {ratios[worst]:.1f}× faster "
          f"({inproc[('newsdex', 'plain', worst)]['p50_ms']:.3f} vs {fts[worst]['p50_ms']:.3f} ms) | ≥ 10× "
          f"| {mark(ratios[worst] >= 10)} |")
    ratios = {lb: fts[lb]["p50_ms"] / percentile(proc[f"newsdex plain {lb}"], 50) for lb in labels}
    worst = min(ratios, key=ratios.get)
    print(f"| (whole `newsdex search` process vs FTS5 in-process, p50, smallest speed-up ({worst})) "
          f"| {ratios[worst]:.2f}× | – | |")
    print(f"| peak RSS while indexing, newsdex | {peak['newsdex'] / 1e6:.0f} MB | ≤ 1 GB | {mark(peak['newsdex'] <= GB)} |")
    ratio = size["newsdex"] / same["size"]
    print(f"| index size vs bare tantivy with the same stored fields | {ratio:.2f}× ({size['newsdex'] / 1e6:.0f} vs "
          f"{same['size'] / 1e6:.0f} MB; {size['newsdex'] / size['bare']:.2f}× the bare index storing id, title, text) "
          f"| ≤ 1.3× | {mark(ratio <= 1.3)} |")

    print("\n| indexing | time (median) | MB/s (median) | all runs, s | CPU s (median) | peak RSS | size on disk |")
    print("|---|---|---|---|---|---|---|")
    names = {"newsdex": "newsdex, with extraction", "bare": "bare tantivy, 2 threads, id + title + text stored",
             "bare_mimalloc": "the same bare tantivy, with mimalloc",
             "fts5": f"SQLite FTS5 {idx['fts5'][-1]['sqlite']}, porter, from the JSON Lines"}
    for k in (k for k in ("newsdex", "bare", "bare_mimalloc", "fts5") if k in idx):
        all_runs = ", ".join(f"{run['seconds']:.2f}" for run in idx[k])
        print(f"| {names[k]} | {med[k]['seconds']:.2f} s | {med[k]['mb_per_s']:.1f} | {all_runs} | {med[k]['cpu']:.1f} "
              f"| {peak[k] / 1e6:.0f} MB | {size[k] / 1e6:.0f} MB |")
    print(f"| (bare tantivy storing newsdex's fields but the entities, once) | {same['seconds']:.2f} s "
          f"| {same['mb_per_s']:.1f} | | {same['cpu']:.1f} | {same['rss'] / 1e6:.0f} MB | {same['size'] / 1e6:.0f} MB |")
    d = r["dump"]
    print(f"| (dumping the passages as JSON Lines for FTS5, once) | {d['seconds']:.2f} s | {d['mb_per_s']:.1f} "
          f"| | | | {d['output_bytes'] / 1e6:.0f} MB |")

    space = r["space"]
    parts = ["store", "postings", "positions", "termdict", "fast_fields", "fieldnorms"]
    print("\n| index size, MB | " + " | ".join(p.replace("_", " ") for p in parts) + " | total |")
    print("|---|" + "---|" * (len(parts) + 1))
    for k, name in (("newsdex", "newsdex"), ("bare_stored", "bare, newsdex's stored fields"),
                    ("bare", "bare, id + title + text")):
        cells = " | ".join(f"{space[k]['by_part'][p] / 1e6:.1f}" for p in parts)
        print(f"| {name} | {cells} | {space[k]['total'] / 1e6:.1f} |")
    fields = sorted(space["newsdex"]["by_field"].items(), key=lambda kv: -kv[1])
    print("\nnewsdex's indexed fields by size (all parts but the store, MB): "
          + ", ".join(f"{name} {n / 1e6:.1f}" for name, n in fields) + ".")

    print("\n| query | hits | bare tantivy in-process | newsdex in-process | newsdex in-process "
          f"--country {args.country} | newsdex in-process --facets | FTS5 in-process | `newsdex search` process "
          f"| `newsdex search --country {args.country}` process | `newsdex search --facets` process "
          "| `sqlite3` shell process |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")

    def cell(p50, p99):
        return f"{p50:.2f} / {p99:.2f}"

    for label, query in QUERIES:
        row = [f"{label}: `{query}`", f"{inproc[('bare tantivy', 'plain', label)]['hits']}"]
        for engine, variant in (("bare tantivy", "plain"), ("newsdex", "plain"), ("newsdex", "country"),
                                ("newsdex", "facets")):
            q = inproc[(engine, variant, label)]
            row.append(cell(q["p50_ms"], q["p99_ms"]))
        row.append(cell(fts[label]["p50_ms"], fts[label]["p99_ms"]))
        for name in (f"newsdex plain {label}", f"newsdex country {label}", f"newsdex facets {label}",
                     f"sqlite3 {label}"):
            row.append(cell(percentile(proc[name], 50), percentile(proc[name], 99)) if name in proc else "–")
        print("| " + " | ".join(row) + " |")
    print("\nms, p50 / p99. Hits of newsdex --country: "
          + ", ".join(f"{lb} {inproc[('newsdex', 'country', lb)]['hits']}" for lb in labels)
          + ". FTS5 hit counts: " + ", ".join(f"{lb} {fts[lb]['hits']}" for lb in labels) + ".")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = os.path.join(ROOT, "..", "shared", "corpora")
    parser.add_argument("--source", action="append",
                        help="a folder to replicate (repeatable; default ../shared/corpora/{reuters21578,bbc})")
    parser.add_argument("--copies", type=int, default=10, help="copies of the sources (10 give 1.06M passages)")
    parser.add_argument("--runs", type=int, default=5, help="indexing runs of each indexer (0: reuse --work's)")
    parser.add_argument("--query-runs", type=int, default=200, help="timed runs of each in-process query")
    parser.add_argument("--process-runs", type=int, default=50, help="timed runs of each whole-process query")
    parser.add_argument("--country", default="US", help="the country filter's value")
    parser.add_argument("--work", default="/tmp/newsdex-e2e", help="where the corpus and indexes go")
    parser.add_argument("--keep", action="store_true",
                        help="keep what goes into --work (corpus, dump, indexes, results.json); "
                             "without it, only those are removed")
    args = parser.parse_args()
    sources = args.source or [os.path.join(shared, "reuters21578"), os.path.join(shared, "bbc")]
    for source in sources:
        if not os.path.isdir(source):
            sys.exit(f"no corpus at {source}")
    work = os.path.abspath(args.work)
    if os.path.commonpath([work, ROOT]) == ROOT:
        sys.exit(f"--work {work} is inside the repository; the corpora must not be copied into it")
    corpus, jsonl = os.path.join(work, "corpus"), os.path.join(work, "passages.jsonl")
    dirs = {"newsdex": os.path.join(work, "newsdex.idx"), "bare": os.path.join(work, "bare.idx"),
            "bare_stored": os.path.join(work, "bare-stored.idx"), "fts5": os.path.join(work, "fts5.db")}
    results_path = os.path.join(work, "results.json")

    newsdex, bare, bare_mimalloc = build_binaries()
    os.makedirs(work, exist_ok=True)
    make_corpus(sources, args.copies, corpus)
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(),
              "copies": args.copies, "sources": sources}
    load_before = os.getloadavg()[0]
    previous = {}
    if os.path.exists(results_path):
        with open(results_path) as f:
            previous = json.load(f)

    dump = previous.get("dump") if os.path.exists(jsonl) and previous.get("copies") == args.copies else None
    if dump is None:
        print(f"dumping the passages to {jsonl}", file=sys.stderr)
        dump = json.loads(run_measured([bare, "dump", corpus, "--out", jsonl, "--json"])[0])
    result["dump"] = dump
    result["corpus_bytes"], result["passages"] = dump["bytes"], dump["passages"]

    if args.runs > 0:
        indexing = {"newsdex": [], "bare": [], "bare_mimalloc": [], "fts5": []}
        for n in range(args.runs):
            print(f"indexing run {n + 1} of {args.runs}", file=sys.stderr)
            indexing["newsdex"].append(index_newsdex(newsdex, corpus, dirs["newsdex"]))
            indexing["bare"].append(index_bare(bare, corpus, dirs["bare"]))
            # Into the same folder: the two bare indexes are alike, only their allocators differ.
            indexing["bare_mimalloc"].append(index_bare(bare_mimalloc, corpus, dirs["bare"]))
            indexing["fts5"].append(index_fts5(jsonl, dirs["fts5"], dump["bytes"]))
            for k, v in indexing.items():
                print(f"  {k}: {v[-1]['seconds']:.2f} s, {v[-1]['mb_per_s']:.1f} MB/s, "
                      f"{v[-1]['rss'] / 1e6:.0f} MB RSS", file=sys.stderr)
        print("indexing once more with bare tantivy, storing newsdex's fields", file=sys.stderr)
        result["bare_stored"] = index_bare(bare, corpus, dirs["bare_stored"], "newsdex")
        counts = {k: v[-1]["passages"] for k, v in indexing.items()}
        if len(set(counts.values())) != 1:
            print(f"warning: the indexers hold different passage counts: {counts}", file=sys.stderr)
    elif previous.get("indexing") and previous.get("bare_stored") and all(map(os.path.exists, dirs.values())):
        indexing, result["bare_stored"] = previous["indexing"], previous["bare_stored"]
        print("reusing the indexes and indexing times of the last run in --work", file=sys.stderr)
    else:
        sys.exit(f"--runs 0 needs the indexes of an earlier --keep run in {work}")
    result["indexing"] = indexing
    if result["passages"] < 1_000_000:
        print(f"warning: {result['passages']} passages, fewer than a million; raise --copies", file=sys.stderr)

    result["space"] = {k: json.loads(subprocess.run([bare, "space", dirs[k], "--json"], check=True,
                                                    stdout=subprocess.PIPE, text=True).stdout)
                       for k in ("newsdex", "bare", "bare_stored")}

    print("timing in-process queries", file=sys.stderr)
    query_args = [a for label, q in QUERIES for a in ("--query", f"{label}={q}")]
    result["in_process"] = json_lines(subprocess.run(
        [bare, "query", "--bare", dirs["bare"], "--newsdex", dirs["newsdex"], "--runs", str(args.query_runs),
         "--country", args.country, "--json", *query_args], check=True, stdout=subprocess.PIPE, text=True).stdout)
    result["fts5"] = json_lines(subprocess.run(
        [sys.executable, os.path.join(HERE, "fts5.py"), "query", "--db", dirs["fts5"], "--runs", str(args.query_runs),
         "--json", *query_args], check=True, stdout=subprocess.PIPE, text=True).stdout)

    print("timing whole processes", file=sys.stderr)
    cmds = {}
    sqlite3_shell = shutil.which("sqlite3")
    for label, query in QUERIES:
        base = [newsdex, "search", query, "--index", dirs["newsdex"], "-n", "10", "--format", "json"]
        cmds[f"newsdex plain {label}"] = base
        cmds[f"newsdex country {label}"] = base + ["--country", args.country]
        cmds[f"newsdex facets {label}"] = base + ["--facets"]
        if sqlite3_shell:
            sql = ("SELECT id, title, text FROM passages WHERE passages MATCH '" + query.replace("'", "''")
                   + "' ORDER BY bm25(passages) LIMIT 10;")
            cmds[f"sqlite3 {label}"] = [sqlite3_shell, "-readonly", "-json", dirs["fts5"], sql]
    result["process"] = time_processes(cmds, args.process_runs)
    result["process_hits"] = {f"newsdex {v} {label}": newsdex_hits(newsdex, dirs["newsdex"], q, extra)
                              for label, q in QUERIES
                              for v, extra in (("plain", []), ("country", ["--country", args.country]),
                                               ("facets", ["--facets"]))}

    for q in result["in_process"]:
        name = f"newsdex {q['variant']} {q['label']}"
        if q["engine"] == "newsdex" and result["process_hits"].get(name) != q["hits"]:
            print(f"warning: {name}: {result['process_hits'].get(name)} hits as a process, {q['hits']} in-process",
                  file=sys.stderr)
    result["load"] = (f"{load_before:.1f}", f"{os.getloadavg()[0]:.1f}")
    report(result, args)
    if args.keep:
        with open(results_path, "w") as f:
            json.dump(result, f, indent=1)
        print(f"\nkept {work} (results in {results_path})", file=sys.stderr)
    else:
        remove_outputs(work, [corpus, jsonl, results_path, *dirs.values()])


if __name__ == "__main__":
    main()
