"""Benchmark the whole build at scale: cold build, no-change rebuild, add-one rebuild.

Usage:
    python scripts/benchmark_build.py [--n 100 --n 1000] [--real DIR] [--json FILE]
                                      [--previous FILE] [--code CHECKOUT] [--keep DIR]
                                      [--timeout SECONDS]

For each N a synthetic corpus (``scripts/make_scale_corpus.py``) is built in a scratch
checkout (the site's configuration and templates copied from this one, ``node_modules``
linked); ``--real DIR`` does the same with the budgets of a folder of real documents
(``../shared/real-documents``). Each build runs ``openbudget build`` as a subprocess and
reports wall seconds, CPU seconds of the whole process tree and its peak memory (the sum of
the resident memory of the build and all its workers, sampled every 0.5 s). Then, in
Chromium: per page kind, the bytes (gzip) a first visit fetches — the page and every style,
script and data file it loads — of the largest page of the kind, and the bytes a search
fetches until its best result shows and until its first five have, for the queries of the
site's browser tests. ``--previous FILE`` (a ``--json`` of an earlier version) prints each
figure beside the earlier one; ``--code CHECKOUT`` measures another checkout's code and site
configuration (``git worktree add /tmp/prev HEAD~3``) with this one's environment. This is a
benchmark, not a test.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from make_scale_corpus import make  # noqa: E402

from openbudget.errors import SourceError  # noqa: E402
from openbudget.parse import parse_document  # noqa: E402
from openbudget.readers import FORMATS  # noqa: E402
from openbudget.site.browse import CHROMIUM, LAUNCH_ARGS, draw_charts, serve  # noqa: E402
from openbudget.site.build import copy_site_sources  # noqa: E402
from openbudget.sources import find_sources  # noqa: E402

BUILD = [sys.executable, "-c", "import sys; from openbudget.cli import main; sys.exit(main())"]
PAGE_KINDS = {
    "home": re.compile(r"^index\.html$"),
    # A document's page, or a department's overview of its years.
    "department": re.compile(r"^generated/departments/[^/]+\.html$"),
    "document_tables": re.compile(r"^generated/tables/doc-[^/]+\.html$"),
    "document_projects": re.compile(r"^generated/projects/doc-[^/]+\.html$"),
    "compare": re.compile(r"^generated/compare/[^/]+\.html$"),
    "region": re.compile(r"^generated/regions/[^/]+\.html$"),
    # The index page, and past 60 documents each region's page.
    "projects": re.compile(r"^generated/projects(/(?!doc-)[^/]+)?\.html$"),
    "quality": re.compile(r"^generated/quality(/[^/]+)?\.html$"),
    "data": re.compile(r"^generated/data\.html$"),
}


def children(pid: int) -> list[int]:
    """Every descendant of a process (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdecimal():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for child in parents.get(current, []):
            found.append(child)
            todo.append(child)
    return found


def rss_mb(pids: list[int]) -> float:
    """The resident memory of these processes together, in MB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def timed_build(project: Path, code: Path, timeout: float) -> dict[str, float]:
    """Run ``openbudget build`` (of ``code``) in ``project``: wall and CPU seconds, and the
    peak memory of the process tree."""
    before = os.times()
    started = time.monotonic()
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1735689600"}
    environment["PYTHONPATH"] = str(code / "src")
    process = subprocess.Popen(
        [*BUILD, "build"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, rss_mb([process.pid, *children(process.pid)]))
        if time.monotonic() - started > timeout:
            process.kill()
            raise SystemExit(f"the build in {project} took longer than {timeout} s")
        time.sleep(0.5)
    wall = time.monotonic() - started
    after = os.times()
    if process.returncode:
        raise SystemExit(f"the build in {project} failed:\n{process.stderr.read().decode()}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "peak_mb": round(peak)}


@functools.cache
def gz(path: Path) -> int:
    """A file's size compressed with gzip (as a web server sends it)."""
    return len(gzip.compress(path.read_bytes(), mtime=0))


SEARCHES = ("就业", "就业补助", "机关运行经费")  # the queries of the site's browser tests


#: Calls back (``obReady``) as soon as an element matching the selector is in the page.
WATCH = """selector => new MutationObserver((_, observer) => {
  if (document.querySelector(selector)) { observer.disconnect(); window.obReady(); }
}).observe(document, {childList: true, subtree: true})"""


def transferred(
    site: Path, browser: object, base: str, url: str, ready: str | None = None
) -> tuple[int, int]:
    """Bytes (gzip, as a web server sends them) of the files of the site a visit to ``url``
    fetches: before ``ready`` is first on the page (when given), and until the network is
    idle. The browser reports each finished request and the moment ``ready`` appears in the
    order they happened, so the first figure counts exactly what had come by then."""
    finished: list[Path] = []
    seen_at: list[int] = []

    def done(request: object) -> None:
        name = unquote(urlsplit(request.url).path).lstrip("/")
        if (site / name).is_file():
            finished.append(site / name)

    page = browser.new_page()
    page.on("requestfinished", done)
    if ready:
        page.expose_function("obReady", lambda: seen_at.append(len(finished)))
        page.add_init_script(f"({WATCH})({json.dumps(ready)})")
    page.goto(base + url)
    if ready:
        page.locator(ready).first.wait_for(timeout=60_000)
    else:  # the page's charts are drawn as they scroll into view: draw them all
        draw_charts(page, timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.close()
    everything = sum(gz(path) for path in set(finished))
    before = sum(gz(path) for path in set(finished[: seen_at[0]])) if seen_at else everything
    return before, everything


def site_figures(site: Path) -> dict[str, object]:
    """Size of the site; per page kind, the largest first visit (gzip bytes of the page and
    all it loads, in Chromium); and the bytes a search fetches until its results show."""
    from playwright.sync_api import sync_playwright

    files = [p for p in site.rglob("*") if p.is_file()]
    pages = {p.relative_to(site).as_posix(): p for p in files if p.suffix == ".html"}
    figures: dict[str, object] = {
        "site_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "pages": len(pages),
    }
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        kinds = {}
        for kind, pattern in PAGE_KINDS.items():
            found = [name for name in pages if pattern.match(name)]
            if found:  # the biggest page of the kind (the others load the same assets)
                name = max(found, key=lambda n: pages[n].stat().st_size)
                kinds[kind] = round(transferred(site, browser, base, name)[1] / 1024)
        figures["first_visit_kb_gzip"] = kinds
        first, five = {}, {}
        for query in SEARCHES:
            url = f"search.html?q={query}"
            sizes = transferred(site, browser, base, url, ".ob-search__result")
            first[query], five[query] = (round(size / 1024) for size in sizes)
        figures["search_first_result_kb_gzip"] = first  # until the best result shows
        figures["search_kb_gzip"] = five  # until the first five results have shown
        browser.close()
    return figures


def scratch_project(folder: Path, code: Path) -> Path:
    """A checkout-like folder with the site's configuration (of ``code``) and no sources."""
    copy_site_sources(code, folder, ROOT / "node_modules")
    return folder


def bench(label: str, project: Path, extra: Path, code: Path, timeout: float) -> dict:
    """Cold build, no-change rebuild, add-one rebuild in ``project``."""
    count = len(find_sources(project / "sources"))
    print(f"[{label}] cold build of {count} documents", flush=True)
    result: dict[str, object] = {"cold": timed_build(project, code, timeout)}
    print(f"[{label}] {result['cold']}; measuring the site", flush=True)
    result.update(site_figures(project / "site"))
    print(f"[{label}] rebuild with nothing changed", flush=True)
    result["no_change"] = timed_build(project, code, timeout)
    print(f"[{label}] rebuild with one document added", flush=True)
    for file in extra.parent.glob(extra.stem + ".*"):
        shutil.copy(file, project / "sources" / file.name)
    result["add_one"] = timed_build(project, code, timeout)
    return result


def synthetic(n: int, folder: Path, code: Path, timeout: float) -> dict[str, object]:
    """The benchmark on N synthetic disclosures."""
    project = scratch_project(folder / f"n{n}", code)
    spare = folder / f"spare{n}"
    paths = make(n + 1, spare, seed=1, docx_share=0.1)  # the same first n, and one more
    (project / "sources").mkdir()
    for path in paths[:-1]:
        for file in path.parent.glob(path.stem + ".*"):
            shutil.move(file, project / "sources" / file.name)
    return bench(f"N={n}", project, paths[-1], code, timeout)


def _document_id(path: Path) -> str | None:
    """The document a file gives, or None when the parser refuses it."""
    try:
        return str(parse_document(path).document["document_id"])
    except SourceError:
        return None
    except Exception as error:  # a crash: the build would stop on it too
        print(f"[real] {path.name}: {type(error).__name__}: {error}", flush=True)
        return None


def real(folder: Path, scratch: Path, code: Path, timeout: float) -> dict[str, object]:
    """The benchmark on a collection of real documents: the files a build takes (budgets,
    one file per disclosure: a collection also holds notices, 决算 and second copies, which
    ``openbudget build`` rightly refuses), the last of them held back to be the one added."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FORMATS)
    print(f"[real] finding the budgets among {len(files)} files", flush=True)
    with ProcessPoolExecutor() as pool:
        ids = list(pool.map(_document_id, files))
    chosen: dict[str, Path] = {}
    for path, document_id in zip(files, ids, strict=True):
        chosen.setdefault(document_id or "", path)
    chosen.pop("", None)
    taken = sorted(chosen.values())
    print(f"[real] {len(taken)} of {len(files)} files are budgets a build takes", flush=True)
    project = scratch_project(scratch / "real", code)
    (project / "sources").mkdir()
    for path in taken[:-1]:
        shutil.copy(path, project / "sources" / path.name)
    extra = scratch / "real-extra" / taken[-1].name
    extra.parent.mkdir()
    shutil.copy(taken[-1], extra)
    return bench("real", project, extra, code, timeout)


def show(results: dict[str, dict], previous: dict[str, dict]) -> None:
    """Each figure beside the previous version's."""
    for label, figures in results.items():
        before = previous.get(label, {})
        print(f"\n{label}")
        for key, value in flatten(figures).items():
            old = flatten(before).get(key)
            beside = f"   (previous: {old})" if old is not None else ""
            print(f"  {key:32} {value}{beside}")


def flatten(figures: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, action="append", help="documents (repeatable)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--previous", type=Path, help="figures of an earlier version")
    parser.add_argument("--keep", type=Path, help="build here and keep it (else a temp dir)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--timeout", type=float, default=7200)
    parser.add_argument("--real", type=Path, help="also a folder of real documents")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="openbudget-bench-"))
    results = {}
    for n in args.n or ([] if args.real else [100]):
        results[f"N={n}"] = synthetic(n, folder, args.code.resolve(), args.timeout)
    if args.real:
        results["real"] = real(args.real, folder, args.code.resolve(), args.timeout)
    previous = json.loads(args.previous.read_text()) if args.previous else {}
    show(results, previous)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
