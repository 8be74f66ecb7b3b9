"""Parsing on a Dask cluster, for a province's worth of documents.

``openbudget build --scheduler tcp://HOST:8786`` sends each document the cache does not hold
to the cluster's workers and keeps everything else local: the cache is read and written
here, results come back in input order, and the package, pages and site are made from them
exactly as after a local run (the same bytes). The workers must see the sources at the same
paths (a shared file system, or the same checkout on every machine) and run the same
version of this package; each parse runs in a worker thread, so the per-document limits of
:mod:`openbudget.limits` on time and memory are Dask's to enforce there (its worker memory
limit), while file size, unpacked size and cell limits apply as everywhere.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from openbudget.cache import cached, code_version, store
from openbudget.errors import SourceError
from openbudget.parse import ParsedDocument, parse_document


def parse_on_cluster(
    paths: list[Path], cache_dir: Path | None, scheduler: str
) -> list[ParsedDocument]:
    """Parse ``paths`` on the Dask cluster at ``scheduler``, in their order; cache hits are
    not sent (duplicates are caught by :func:`openbudget.cache.parse_each`)."""
    try:
        from distributed import Client
    except ImportError:
        raise SourceError(
            scheduler, "parsing on a cluster needs Dask: pip install 'openbudget[cluster]'"
        ) from None

    version = code_version()
    found: dict[Path, ParsedDocument] = {}
    damaged: dict[Path, str | None] = {}
    for path in paths:
        hit, damage = cached(path, cache_dir, version) if cache_dir else (None, None)
        if hit is not None:
            found[path] = hit
        else:
            damaged[path] = damage
    todo = list(damaged)  # the paths the cache does not hold, in order
    if todo:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as exc:
            raise SourceError(scheduler, f"cannot reach the Dask scheduler ({exc})") from exc
        with client:
            here = str(Path.cwd())
            futures = client.map(parse_in, [here] * len(todo), todo, pure=False)
            for path, future in zip(todo, futures, strict=True):
                parsed = future.result()  # a SourceError is raised here, with its file
                if cache_dir:
                    store(parsed, path, cache_dir, version, damaged[path])
                found[path] = parsed
    return [found[path] for path in paths]


# A worker process has one working folder; its threads take turns to use it.
WORKING_FOLDER = threading.Lock()


def parse_in(folder: str, path: Path) -> ParsedDocument:
    """Parse ``path`` on a worker from the client's working folder, so relative paths and
    the published ``source_path`` are the same as in a local run. (Run workers with
    ``--nthreads 1``: parses in one worker process take turns.)"""
    with WORKING_FOLDER, contextlib.chdir(folder):
        return parse_document(path)
