"""Benchmark the parse stages on the bundled sources and report where the time goes.

    .venv/bin/python scripts/benchmark_parse.py [--repeat 20]

Prints, per stage (read, repair, recognise, audit), the total seconds over all sources and
repeats, and throughput in documents and megabytes per second; then the wall time of a
whole uncached parallel parse. Figures depend on the machine; record them with its size.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from openbudget.audit import audit
from openbudget.parse import parse_all
from openbudget.readers import read_blocks
from openbudget.recognise import recognise
from openbudget.repair import repair
from openbudget.sources import find_sources

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Time each stage over every source, ``--repeat`` times."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=20)
    options.add_argument("--sources", type=Path, default=ROOT / "sources")
    args = options.parse_args()

    files = [(path, path.read_bytes()) for path in find_sources(args.sources)]
    size = sum(len(data) for _, data in files)
    stages = dict.fromkeys(("read", "repair", "recognise", "audit"), 0.0)
    for _ in range(args.repeat):
        for path, data in files:
            t0 = time.perf_counter()
            blocks = read_blocks(path, data)
            t1 = time.perf_counter()
            blocks, _ = repair(blocks)
            t2 = time.perf_counter()
            found = recognise(blocks)
            t3 = time.perf_counter()
            audit(found.records, found.tables_found)
            t4 = time.perf_counter()
            for stage, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                stages[stage] += seconds
    total = sum(stages.values())
    docs = len(files) * args.repeat
    print(
        f"{len(files)} sources, {size / 1e6:.2f} MB, {args.repeat} repeats, {os.cpu_count()} CPUs"
    )
    for stage, seconds in stages.items():
        print(f"  {stage:<10} {seconds:8.3f} s  {100 * seconds / total:5.1f} %")
    print(
        f"  {'total':<10} {total:8.3f} s  {docs / total:8.1f} documents/s  "
        f"{size * args.repeat / total / 1e6:6.2f} MB/s (one process)"
    )
    start = time.perf_counter()
    parse_all([path for path, _ in files], cache_dir=None, jobs=0)
    print(f"uncached parallel parse of all sources: {time.perf_counter() - start:.3f} s wall")


if __name__ == "__main__":
    main()
