"""The ``openbudget`` command: build the package and site, package given files, inspect one,
add one to sources/, report on a folder of documents."""

from __future__ import annotations

import argparse
import multiprocessing
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from openbudget import stamp
from openbudget.add import register as add_add_command
from openbudget.cache import CACHE_DIR
from openbudget.corpus import register as add_corpus_command
from openbudget.diff import add_diff_command
from openbudget.errors import SourceError
from openbudget.package import PackageInvalid
from openbudget.parse import ParsedDocument
from openbudget.parts import build_package, source_keys
from openbudget.publish import publishing
from openbudget.sources import check_declared_duplicates, documents_of, find_sources

T = TypeVar("T")


def report(parsed: list[ParsedDocument], verbose: bool) -> None:
    """Say what each document gave: tables, repairs, audit findings, and what was not known."""
    for doc in parsed:
        d = doc.document
        tables = (d["tables_found"] or "").split()
        print(
            f"{d['document_id']}: {d['department_name']} {d['year']} — "
            f"{len(tables)} standard tables, {len(doc.repairs)} repairs, "
            f"{d['checks_failed']} of {d['checks_run']} checks failed"
        )
        for warning in doc.warnings:
            print(f"  warning: {warning}")
        if doc.unrecognised:
            print(f"  {len(doc.unrecognised)} blocks no recogniser understood:")
            shown = doc.unrecognised if verbose else doc.unrecognised[:5]
            for item in shown:
                print(f"    {item}")
            if len(shown) < len(doc.unrecognised):
                print(f"    … {len(doc.unrecognised) - len(shown)} more (--verbose lists all)")


def make_package(
    files: list[Path],
    out: Path,
    jobs: int,
    verbose: bool,
    scheduler: str | None = None,
    keys: list[str] | None = None,
) -> None:
    """Write the validated package to ``out``, parsing (cached, in parallel, or on a Dask
    cluster) only the documents whose part of the package is not kept from a past build."""
    parsed, notes = build_package(
        files,
        out,
        keys=keys,
        jobs=jobs,
        scheduler=scheduler,
        cache_dir=CACHE_DIR,
        on_parsed=lambda document: report([document], verbose),
    )
    for note in notes:
        print(f"warning: {note}")
    kept = f", {len(files) - parsed} unchanged" if parsed < len(files) else ""
    print(f"wrote {out / 'datapackage.json'} ({len(files)} documents{kept}), valid")


def in_own_process(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` run in a process of its own. A Python process keeps the memory it
    once used, so the stage that holds the most (rendering, which reads every row) gives it
    back before MkDocs and Pagefind start: a build's peak is its largest stage, not a sum."""
    spawn = multiprocessing.get_context("spawn")  # not fork: the parse stage ran threads
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        return pool.submit(function, *args).result()


def cmd_build(args: argparse.Namespace) -> None:
    """Sources → data package → pages → static site."""
    files = documents_of(find_sources(args.sources))
    if not files:
        raise SourceError(args.sources, "no source documents found")
    check_declared_duplicates(files)
    outputs = [args.out] if args.no_site else [args.out, Path("site")]
    with publishing(args.out, Path("site")):
        keys = source_keys(files)
        inputs = stamp.inputs_digest(keys, Path.cwd(), with_site=not args.no_site)
        if stamp.up_to_date(inputs, outputs):
            what = f"{args.out}/" + ("" if args.no_site else " and site/")
            print(
                f"nothing changed since the last build: {what} up to date ({len(files)} documents)"
            )
            return
        stamp.forget()
        make_package(files, args.out, args.jobs, args.verbose, args.scheduler, keys)
        if not args.no_site:
            from openbudget.site import build_site, render_pages

            pages = in_own_process(render_pages, args.out, Path("docs"))
            print(f"rendered {len(pages)} pages into docs/generated")
            build_site(Path.cwd())
        stamp.record(inputs, outputs)
    if args.no_site:
        return
    index = Path("site/index.html").resolve()
    print(f"built the site in site/ — open {index} or run: python -m http.server -d site 8000")


def cmd_package(args: argparse.Namespace) -> None:
    """Parse just the given files into a validated package at ``--out``."""
    missing = [f for f in args.files if not f.is_file()]
    if missing:
        raise SourceError(missing[0], "no such file")
    files = documents_of(args.files)
    check_declared_duplicates(files)
    with publishing(args.out):
        make_package(files, args.out, args.jobs, args.verbose, args.scheduler)


def cmd_inspect(args: argparse.Namespace) -> None:
    """Show how a document was read: blocks, repairs and recognised tables (for debugging)."""
    from openbudget.readers import read_blocks, read_source
    from openbudget.recognise import recognise
    from openbudget.repair import repair

    blocks, repairs = repair(read_blocks(args.file, read_source(args.file)))
    for block in blocks:
        if block.kind == "table":
            print(f"[table {block.where}] {len(block.rows)} rows")
            for row in block.rows[: args.rows]:
                print("   | " + " | ".join(row))
        else:
            print(f"[{block.kind} {block.where}] {block.text[:100]}")
    print(f"\n{len(repairs)} repairs: {dict(Counter(r.kind for r in repairs))}")
    found = recognise(blocks)
    print(f"tables: {' '.join(found.tables_found)}; printed empty: {' '.join(found.tables_empty)}")
    for problem in found.problems:
        print(f"problem: {problem}")


def parser() -> argparse.ArgumentParser:
    """Command-line interface."""
    main_parser = argparse.ArgumentParser(
        prog="openbudget",
        description="Chinese department budget disclosures → validated data package → site.",
    )
    sub = main_parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="parse sources/, write datapackage/, build the site")
    build.add_argument("--sources", type=Path, default=Path("sources"))
    build.add_argument("--out", type=Path, default=Path("datapackage"))
    build.add_argument("--no-site", action="store_true", help="stop after the data package")
    build.set_defaults(func=cmd_build)

    package = sub.add_parser("package", help="parse the given files into a data package")
    package.add_argument("files", type=Path, nargs="+", metavar="FILE")
    package.add_argument("--out", type=Path, required=True, metavar="DIR")
    package.set_defaults(func=cmd_package)

    for command in (build, package):
        command.add_argument("--jobs", type=int, default=0, help="parallel parses (0: one per CPU)")
        command.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="parse on the Dask cluster at this scheduler address (tcp://host:8786)",
        )
        command.add_argument(
            "--verbose", action="store_true", help="list everything not recognised"
        )

    inspect = sub.add_parser("inspect", help="show how one document is read and recognised")
    inspect.add_argument("file", type=Path)
    inspect.add_argument("--rows", type=int, default=4, help="table rows to show per table")
    inspect.set_defaults(func=cmd_inspect)

    add_diff_command(sub)
    add_add_command(sub)
    add_corpus_command(sub)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; bad input ends with a message naming the file and exit code 1."""
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"error: the site build failed: {exc}", file=sys.stderr)
        return 1
    except PackageInvalid as exc:
        print(
            f"error: the data package is not valid; nothing was published\n{exc}", file=sys.stderr
        )
        return 1
    except OSError as exc:  # a full disk, a read-only folder, a name the system refuses
        where = exc.filename or "the output"
        print(f"error: {where}: {exc.strerror or exc}; nothing was published", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
