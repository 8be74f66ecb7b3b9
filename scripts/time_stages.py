"""Where a build spends its time: ``openbudget build`` in a project, each stage timed.

Usage:
    python scripts/time_stages.py PROJECT [--cold]

Runs the build of ``PROJECT`` (a checkout-like folder with ``sources/``, such as one that
``scripts/benchmark_build.py --keep DIR`` leaves) in this process and prints the wall
seconds of each stage: the package (parsing and assembling), rendering the pages and
downloads, MkDocs, compiling the charts, the search index, the offline check and publishing.
``--cold`` first removes everything earlier builds left (caches, package, pages, site).
This is a measurement, not a test; ``scripts/benchmark_build.py`` gives the whole figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openbudget import cli
from openbudget.site import build

#: What a cold build starts without.
BUILT = ("build", "datapackage", "docs/generated", "docs/downloads", "docs/data", "site")


def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, printing how long each call took."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        try:
            return function(*args, **kwargs)
        finally:
            print(f"  {label}: {time.monotonic() - started:.1f} s", flush=True)

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--cold", action="store_true", help="remove earlier builds first")
    args = parser.parse_args()
    os.chdir(args.project)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1735689600")
    if args.cold:
        for folder in BUILT:
            shutil.rmtree(folder, ignore_errors=True)
    cli.make_package = timed("package (parse, assemble, validate)", cli.make_package)
    cli.in_own_process = timed("pages and downloads", cli.in_own_process)
    run, mkdocs = build.subprocess.run, timed("MkDocs", build.subprocess.run)
    # The site build's own subprocesses: MkDocs (the others are timed within their stage).
    build.subprocess.run = lambda argv, **kw: (mkdocs if "incremental" in str(argv) else run)(
        argv, **kw
    )
    for name, label in (
        ("compile_site_charts", "charts compiled to Vega"),
        ("index_site", "search index"),
        ("external_references", "offline check"),
        ("publish", "publish"),
    ):
        setattr(build, name, timed(label, getattr(build, name)))
    started = time.monotonic()
    code = cli.main(["build"])
    print(f"whole build: {time.monotonic() - started:.1f} s (exit {code})")


if __name__ == "__main__":
    main()
