"""Benchmark parsing and report where the time goes.

    .venv/bin/python scripts/benchmark_parse.py [FILE ...] [--repeat N] [--profile]
    .venv/bin/python scripts/benchmark_parse.py --corpus ../shared/real-documents [--every K]

With no files it times the bundled text sources and the PDF fixtures. For each format it
prints the seconds spent per stage (read, repair, recognise, audit) and throughput: pages
per second for PDFs, documents and megabytes per second for the rest. ``--corpus`` times
the files of a folder of real documents (every K-th file with ``--every``) and, beside the
parse, bare pdfplumber reading the same PDF pages (each page's text and tables): the
reference every PDF parse pays. ``--profile`` adds the functions where reading PDFs spends
its time. Figures depend on the machine: record them with its size (see README,
"Performance").
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time
from collections import defaultdict
from pathlib import Path

import pdfplumber

from openbudget.audit import audit
from openbudget.errors import SourceError
from openbudget.parse import parse_document
from openbudget.readers import read_blocks
from openbudget.recognise import recognise
from openbudget.repair import repair
from openbudget.sources import find_sources

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("read", "repair", "recognise", "audit")


def default_files() -> list[Path]:
    """The bundled sources and the PDF fixtures."""
    return find_sources(ROOT / "sources") + sorted((ROOT / "tests" / "fixtures").glob("*.pdf"))


def time_stages(path: Path, data: bytes) -> dict[str, float]:
    """Seconds each stage takes on one file."""
    t0 = time.perf_counter()
    blocks = read_blocks(path, data)
    t1 = time.perf_counter()
    blocks, _ = repair(blocks)
    t2 = time.perf_counter()
    found = recognise(blocks)
    t3 = time.perf_counter()
    audit(found.records, found.tables_found, found.facts)
    t4 = time.perf_counter()
    return dict(zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True))


def pages(path: Path, data: bytes) -> int:
    """Pages of a PDF (0 for other formats)."""
    if path.suffix.lower() != ".pdf":
        return 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def bare_pdfplumber(data: bytes) -> float:
    """Seconds pdfplumber alone takes to give every page's text and tables."""
    start = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.find_tables()
    return time.perf_counter() - start


def corpus_files(folder: Path, every: int) -> list[Path]:
    """The budget documents of a corpus folder (every ``every``-th), refused files left out."""
    files = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in (".pdf", ".html")]
    kept = []
    for path in files[::every]:
        try:
            parse_document(path)
        except SourceError:
            continue  # a notice, a link page, final accounts: not what a build parses
        kept.append(path)
    return kept


def main() -> None:
    """Time every stage on every file ``--repeat`` times and report by format."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("files", type=Path, nargs="*")
    options.add_argument("--repeat", type=int, default=3)
    options.add_argument("--corpus", type=Path, help="a folder of real documents to time")
    options.add_argument("--every", type=int, default=1, help="with --corpus: every K-th file")
    options.add_argument("--profile", action="store_true", help="profile the PDF reader")
    args = options.parse_args()
    paths = corpus_files(args.corpus, args.every) if args.corpus else args.files
    files = [(p, p.read_bytes()) for p in (paths or default_files())]
    seconds: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(STAGES, 0.0))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # files, bytes, pages
    reference: dict[str, float] = defaultdict(float)  # bare pdfplumber, PDFs only
    for path, data in files:
        kind = path.suffix.lower().lstrip(".")
        counts[kind][0] += 1
        counts[kind][1] += len(data)
        counts[kind][2] += pages(path, data)
        for _ in range(args.repeat):
            for stage, spent in time_stages(path, data).items():
                seconds[kind][stage] += spent
            if kind == "pdf" and args.corpus:
                reference[kind] += bare_pdfplumber(data)
    print(f"{len(files)} files, {args.repeat} repeats, {os.cpu_count()} CPUs, one process")
    for kind, spent in sorted(seconds.items()):
        total = sum(spent.values())
        n_files, size, n_pages = counts[kind]
        split = ", ".join(f"{s} {100 * spent[s] / total:.0f}%" for s in STAGES)
        rate = (
            f"{n_pages * args.repeat / total:.1f} pages/s ({n_pages} pages)"
            if n_pages
            else f"{n_files * args.repeat / total:.1f} documents/s, "
            f"{size * args.repeat / total / 1e6:.2f} MB/s"
        )
        print(f"  {kind:<5} {n_files} files: {rate}; {split}")
        if reference.get(kind):
            bare = n_pages * args.repeat / reference[kind]
            print(
                f"        bare pdfplumber (text and tables of each page): {bare:.1f} pages/s; "
                f"the parse takes {total / reference[kind]:.2f}× its time"
            )
    if args.profile:
        pdfs = [(p, d) for p, d in files if p.suffix.lower() == ".pdf"]
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [read_blocks(p, d) for p, d in pdfs])
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(r"openbudget|pdfplumber|pdfminer", 15)


if __name__ == "__main__":
    main()
