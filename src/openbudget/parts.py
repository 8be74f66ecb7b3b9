"""The package as the sum of per-document parts, so a build redoes only what changed.

Every resource's primary key starts with ``document_id``, so the package's CSVs are the
documents' own rows, document after document in id order. A document's part is the zipped
package of its own rows (:func:`openbudget.package.document_zip`, published as
``departments/<document_id>.zip``); it depends only on what its parse depends on, so it is
kept in ``build/cache/parts/`` under the parse's cache key. A build parses only the
documents whose part is missing, validates those new parts together with frictionless (the
kept ones were validated when they were made, by the same code), then writes the package
by appending each part's rows — one document at a time, so memory does not grow with the
corpus, and adding one document to a thousand costs one parse and one concatenation.

Like parse cache entries, a part carries the SHA-256 of its bytes: a damaged part is never
trusted; it is made again, with a warning.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from openbudget.cache import cache_key, code_version, parse_each, put_entry, unseal
from openbudget.errors import duplicate_disclosure
from openbudget.package import assemble, document_id_of, document_zip, validate, write_parts
from openbudget.parse import ParsedDocument

PARTS_DIR = Path("build/cache/parts")


def source_keys(files: list[Path]) -> list[str]:
    """The cache key of every source (its bytes, sidecar, other part and the parser)."""
    version = code_version()
    return [cache_key(path, version) for path in files]


def _entry(key: str) -> Path:
    return PARTS_DIR / f"{key}.zip"


def read_part(key: str) -> tuple[bytes | None, str | None]:
    """A kept part's zip, or None; and a note when the kept part was damaged."""
    entry = _entry(key)
    try:
        data = entry.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{entry}: the cached part could not be read ({exc.strerror or exc})"
    try:
        body = unseal(data)
    except ValueError as exc:
        return None, f"{entry}: the cached part was damaged ({exc})"
    return (body, None) if body else (None, f"{entry}: the cached part was damaged (empty)")


def keep_part(key: str, body: bytes) -> str | None:
    """Keep a new part (a full disk or read-only cache only costs a warning)."""
    entry = _entry(key)
    try:
        put_entry(entry, body)
    except OSError as exc:
        return f"{entry}: the part could not be cached ({exc.strerror or exc})"
    return None


def build_package(
    files: list[Path],
    out: Path,
    *,
    keys: list[str] | None = None,
    jobs: int = 0,
    scheduler: str | None = None,
    cache_dir: Path | None = None,
    on_parsed: Callable[[ParsedDocument], None] = lambda parsed: None,
) -> tuple[int, list[str]]:
    """Write the validated package of ``files`` to ``out`` from their parts, parsing only
    the documents without a kept part. Returns how many documents were parsed and the
    warnings about kept parts (damaged, or not writable).

    The first second copy of a disclosure ends the build before the package is touched;
    documents with a kept part are known by id before anything is parsed.
    """
    keys = keys if keys is not None else source_keys(files)
    notes: list[str] = []
    ids: dict[str, str] = {}  # cache key → document id, of the kept parts
    seen: dict[str, Path] = {}
    missing: list[int] = []
    for index, (path, key) in enumerate(zip(files, keys, strict=True)):
        body, note = read_part(key)
        if note:
            notes.append(note)
        if body is None:
            missing.append(index)
            continue
        document_id = document_id_of(body)
        if document_id in seen:
            raise duplicate_disclosure(path, seen[document_id], document_id)
        seen[document_id] = path
        ids[key] = document_id
    new: dict[str, bytes] = {}
    if missing:
        paths = [files[i] for i in missing]
        parses = parse_each(paths, cache_dir, jobs, scheduler, seen)
        for index, parsed in zip(missing, parses, strict=True):
            on_parsed(parsed)
            new[keys[index]] = document_zip(parsed)
            ids[keys[index]] = str(parsed.document["document_id"])
    if new and len(new) < len(ids):  # kept parts were validated when they were made
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".new-parts-", dir=out.parent) as scratch:
            validate(assemble(new.values(), Path(scratch)))

    def in_id_order() -> Iterator[bytes]:
        for key in sorted(ids, key=ids.__getitem__):
            body = new.get(key) or read_part(key)[0]
            if body is None:
                raise OSError(f"{_entry(key)} changed during the build")
            yield body

    write_parts(in_id_order(), out, validated=len(new) < len(ids))
    for key, body in new.items():
        if note := keep_part(key, body):
            notes.append(note)
    return len(new), notes
