"""Shared fixtures: the five bundled sources, parsed once per test session."""

from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from filelock import FileLock

from openbudget.blocks import Block
from openbudget.cache import CACHE_DIR, code_version, parse_cached
from openbudget.parse import ParsedDocument, parse_document
from openbudget.readers import read_blocks
from openbudget.repair import repair
from openbudget.sources import find_sources

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


@pytest.fixture(scope="session")
def parsed() -> dict[str, ParsedDocument]:
    """Every bundled source parsed (without the cache), by document_id."""
    docs = [parse_document(path) for path in find_sources(SOURCES)]
    return {doc.document["document_id"]: doc for doc in docs}


@cache
def blocks_of(name: str) -> list[Block]:
    """A bundled source read and repaired, as the build does before recognition."""
    path = SOURCES / name
    return repair(read_blocks(path, path.read_bytes()))[0]


def row(doc: ParsedDocument, table: str, **match: object) -> dict[str, object]:
    """The single record of a table whose fields equal ``match``."""
    found = [r for r in doc.records[table] if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"{table} {match}: {len(found)} rows"
    return found[0]


def d(text: str) -> Decimal:
    """A printed amount."""
    return Decimal(text)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The static site in site/, rendered from datapackage/ and built once per session.

    Set OPENBUDGET_REUSE_SITE=1 to test an already built site/ without rebuilding. Without
    datapackage/ the existing site/ is used; without either the dependent tests are skipped.
    Under pytest-xdist the workers share one build: the first to need it builds it while the
    others wait on a lock, then use it.
    """
    site = ROOT / "site"
    package = ROOT / "datapackage"
    shared = tmp_path_factory.getbasetemp().parent  # one folder for all workers of a run
    with FileLock(shared / "built-site.lock"):
        done = shared / "built-site.done"
        wanted = os.environ.get("OPENBUDGET_REUSE_SITE") != "1"
        if wanted and not done.exists() and (package / "documents.csv").is_file():
            from openbudget.site import build_site, render_pages

            render_pages(package, ROOT / "docs")
            build_site(ROOT)
            if worker_id != "master":
                done.touch()
    if not (site / "index.html").is_file():
        pytest.fail("site/ is missing: run `openbudget build` (or `make site`) first")
    return site


# --- the real-document corpus (../shared/real-documents) --------------------------------

REAL_DOCUMENTS = ROOT.parent / "shared" / "real-documents"
CORPUS = ROOT / "tests" / "corpus"


def real_documents() -> Path:
    """The corpus folder; the test is skipped on a machine without it, never in CI."""
    if not REAL_DOCUMENTS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the corpus at {REAL_DOCUMENTS}")
        pytest.skip(f"the real-document corpus is not at {REAL_DOCUMENTS} (see CONTRIBUTING)")
    return REAL_DOCUMENTS


def parse_real(name: str) -> ParsedDocument:
    """A corpus file parsed through the build's cache (the corpus test fills it first)."""
    return parse_cached(real_documents() / name, ROOT / CACHE_DIR, code_version())


def zipped(entries: dict[str, bytes]) -> bytes:
    """A ZIP archive of these entries, as Office packages are (for made-up DOCX/XLSX)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()
