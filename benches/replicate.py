#!/usr/bin/env python3
"""Builds a large corpus by replicating real archives, for benchmarks at a million passages.

Each copy is a folder of hard links (or copies, across file systems) to the original files, so
every copy's articles get their own ids (ids include the path) while the disk holds one copy.
Reuters-21578 and BBC News have research-only licences: they are read from ../shared at run
time, and the replicated corpus goes to a temporary folder outside the repository.

    python3 benches/replicate.py --copies 11 --out /tmp/reuters1m [--source ../shared/corpora/reuters21578]

Reuters-21578 holds 94,602 passages, so 11 copies give 1.04 million.
"""
import argparse
import os
import shutil
import sys


def replicate(sources, copies, out):
    """Links every file of each source folder into out/copyNN/<source name>/..., copies times."""
    for n in range(copies):
        for source in sources:
            name = os.path.basename(os.path.normpath(source))
            for folder, _, files in os.walk(source):
                rel = os.path.relpath(folder, source)
                target_dir = os.path.join(out, f"copy{n:02d}", name, rel)
                os.makedirs(target_dir, exist_ok=True)
                for f in files:
                    src, dst = os.path.join(folder, f), os.path.join(target_dir, f)
                    if os.path.exists(dst):
                        continue
                    try:
                        os.link(src, dst)
                    except OSError:
                        shutil.copyfile(src, dst)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", action="append",
                        help="a folder to replicate (repeatable; default ../shared/corpora/reuters21578)")
    parser.add_argument("--copies", type=int, default=11)
    parser.add_argument("--out", required=True, help="where to write the replicated corpus")
    args = parser.parse_args()
    sources = args.source or [os.path.join(root, "..", "shared", "corpora", "reuters21578")]
    for source in sources:
        if not os.path.isdir(source):
            sys.exit(f"no folder at {source}")
    replicate(sources, args.copies, args.out)
    print(f"{args.copies} copies of {', '.join(sources)} in {args.out}")


if __name__ == "__main__":
    main()
