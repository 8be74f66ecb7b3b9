"""Which generated pages are already written for the inputs they would be made from.

A department page is a function of its documents' rows and files; a region's page, its
data-quality and projects pages are functions of the region's documents; a comparison page
of its documents. Each page's key is a hash of those documents' digests and of the site's
code, kept beside the pages in ``docs/generated/.page-keys.json`` (a dotfile: MkDocs does
not publish it). A page whose key is unchanged and whose file is still there is not made
again, so adding one document to a thousand renders a handful of pages, not all of them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from openbudget.cache import code_version
from openbudget.stamp import SITE_CODE, files_under

from .data import Document
from .files import write_text_atomic

KEYS_FILE = ".page-keys.json"


@cache
def site_code_version() -> str:
    """A hash of the site's code and of the parser's (which shapes the rows it reads)."""
    digest = hashlib.sha256(code_version().encode())
    for path in files_under([SITE_CODE]):
        digest.update(path.relative_to(SITE_CODE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def document_digest(doc: Document) -> str:
    """What one document brings to a page: its rows and its download files."""
    return hashlib.sha256(repr((doc.meta, doc.rows_digest, doc.downloads)).encode()).hexdigest()


class Pages:
    """The pages written in one render, made again only when their key changed."""

    def __init__(self, folder: Path, digests: dict[str, str]) -> None:
        self.folder = folder
        self.digests = digests
        try:
            self.previous = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.keys: dict[str, str] = {}
        self.written: list[Path] = []
        self.made = 0

    def key(self, kind: str, docs: Iterable[Document], *extra: object) -> str:
        """The key of a page of ``kind`` made from ``docs`` (and ``extra`` values)."""
        digest = hashlib.sha256(f"{site_code_version()}\0{kind}\0{extra!r}".encode())
        for doc in docs:
            digest.update(self.digests[doc.document_id].encode())
        return digest.hexdigest()

    def put(self, path: Path, key: str | None, make: Callable[[], str]) -> None:
        """Write the page ``make`` gives at ``path``, unless ``key`` says it is already
        there (``None``: a page of the whole corpus, always made)."""
        name = path.relative_to(self.folder).as_posix()
        if key is None or self.previous.get(name) != key or not path.is_file():
            write_text_atomic(path, make())
            self.made += 1
        if key is not None:
            self.keys[name] = key
        self.written.append(path)

    def save(self) -> Path:
        """Record the keys (after every page is written)."""
        path = self.folder / KEYS_FILE
        write_text_atomic(path, json.dumps(self.keys, sort_keys=True, indent=0) + "\n")
        return path
