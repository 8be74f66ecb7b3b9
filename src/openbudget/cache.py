"""The parse cache, and parsing many files in parallel worker processes.

A parse depends only on the file's bytes, its sidecar, its other part and the parser (its
code, its schema and its bundled data), so its result is kept under a hash of all of them
and only new or changed documents are parsed again. An entry carries the SHA-256 of its own
content: a damaged, truncated or edited entry is never trusted — it is parsed again, with a
warning, and replaced.

Workers run each parse under the limits of :mod:`openbudget.limits` (wall time, memory), so
one hostile document ends the build with a clear error instead of exhausting the machine.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, fields
from datetime import date
from decimal import Decimal
from pathlib import Path

from openbudget.errors import SourceError, duplicate_disclosure
from openbudget.limits import bound_memory, check_file_size, time_bound
from openbudget.parse import ParsedDocument, parse_document
from openbudget.sources import load_sidecar, other_part, sidecar_path

CACHE_DIR = Path("build/cache/parse")
PACKAGE = Path(__file__).parent
# What shapes a parse besides the file: the parser's code, the schema and bundled data.
SHAPES_A_PARSE = {".py", ".yaml", ".csv", ".json"}


def code_version() -> str:
    """A hash of everything in the package that shapes a parse (the site's code aside), so
    a changed parser, schema or division table never reuses old results."""
    digest = hashlib.sha256()
    for file in sorted(PACKAGE.rglob("*")):
        parts = file.relative_to(PACKAGE).parts
        if file.suffix in SHAPES_A_PARSE and "site" not in parts and "__pycache__" not in parts:
            digest.update(file.relative_to(PACKAGE).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(path: Path, version: str) -> str:
    """Content hash of the file, its sidecar, its other part and the parser version."""
    check_file_size(path, path.stat().st_size)
    digest = hashlib.sha256(version.encode())
    with path.open("rb") as source:
        digest.update(hashlib.file_digest(source, "sha256").digest())
    side = sidecar_path(path)
    if side.exists():
        digest.update(side.read_bytes())
        part = other_part(path, load_sidecar(path))
        if part is not None:
            digest.update(part.read_bytes())
    digest.update(path.as_posix().encode())
    return digest.hexdigest()


def encode(value: object) -> object:
    """JSON form of record values: Decimals keep their printed digits; dates are ISO."""
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot cache {type(value).__name__}")


def decode(obj: dict[str, object]) -> object:
    """Inverse of :func:`encode`."""
    if set(obj) == {"$decimal"}:
        return Decimal(str(obj["$decimal"]))
    if set(obj) == {"$date"}:
        return date.fromisoformat(str(obj["$date"]))
    return obj


def seal(body: bytes) -> bytes:
    """A cache entry: the SHA-256 of ``body`` on the first line, then ``body``."""
    return hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def unseal(data: bytes) -> bytes:
    """The body of an entry made by :func:`seal`; ValueError when it does not match."""
    checksum, _, body = data.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != checksum:
        raise ValueError("its checksum does not match its content")
    return body


def put_entry(entry: Path, body: bytes) -> None:
    """Write a sealed entry atomically (its folder made first); OSError when it cannot."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(seal(body))
    tmp.replace(entry)


def entry_body(parsed: ParsedDocument) -> bytes:
    """What a parse's cache entry holds (sealed by :func:`put_entry`): its JSON."""
    return json.dumps(asdict(parsed), default=encode, ensure_ascii=False).encode("utf-8")


def read_entry(data: bytes) -> ParsedDocument:
    """The parse an entry holds; ValueError when it is damaged in any way."""
    body = unseal(data)
    try:
        content = json.loads(body.decode("utf-8"), object_hook=decode)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"it is not readable JSON ({exc})") from exc
    expected = {f.name for f in fields(ParsedDocument)}
    if not isinstance(content, dict) or set(content) != expected:
        raise ValueError("it does not hold a parsed document")
    return ParsedDocument(**content)


def cached(path: Path, cache_dir: Path, version: str) -> tuple[ParsedDocument | None, str | None]:
    """The cached parse of a file, or None; and a note when its entry was damaged."""
    entry = cache_dir / f"{cache_key(path, version)}.json"
    if not entry.exists():
        return None, None
    try:
        return read_entry(entry.read_bytes()), None
    except (ValueError, OSError) as exc:
        return None, f"{entry}: the cached parse was damaged ({exc}); {path} was parsed again"


def store(parsed: ParsedDocument, path: Path, cache_dir: Path, version: str, damage: str | None):
    """Cache a fresh parse (a full disk or read-only cache only costs a warning), then note a
    damaged entry it replaced (after writing, so the new entry does not carry the note)."""
    entry = cache_dir / f"{cache_key(path, version)}.json"
    try:
        put_entry(entry, entry_body(parsed))
    except OSError as exc:
        parsed.warnings.append(f"{entry}: the parse could not be cached ({exc.strerror or exc})")
    if damage:
        parsed.warnings.insert(0, damage)


def parse_cached(path: Path, cache_dir: Path | None, version: str) -> ParsedDocument:
    """Parse a file, reusing the cached result for the same bytes and parser when the entry
    is intact; a damaged entry is parsed again (with a warning) and replaced."""
    if cache_dir is None:
        return parse_document(path)
    found, damage = cached(path, cache_dir, version)
    if found is not None:
        return found
    parsed = parse_document(path)
    store(parsed, path, cache_dir, version, damage)
    return parsed


def parse_bounded(path: Path, cache_dir: Path | None, version: str) -> ParsedDocument:
    """:func:`parse_cached` under the wall-time and memory limits (in a worker process)."""
    with time_bound(path):
        return parse_cached(path, cache_dir, version)


def in_order(
    paths: list[Path], results: Iterator[ParsedDocument], seen: dict[str, Path] | None = None
) -> Iterator[ParsedDocument]:
    """The parses in input order, stopping at the first second copy of a disclosure (also
    of one in ``seen``: document ids already known, with their files)."""
    seen = dict(seen or {})
    for path, document in zip(paths, results, strict=True):
        document_id = document.document["document_id"]
        if document_id in seen:
            raise duplicate_disclosure(path, seen[document_id], document_id)
        seen[document_id] = path
        yield document


def parse_each(
    paths: list[Path],
    cache_dir: Path | None,
    jobs: int = 0,
    scheduler: str | None = None,
    seen: dict[str, Path] | None = None,
) -> Iterator[ParsedDocument]:
    """Parse files in worker processes (``jobs``; 0 = one per CPU), yielding them in input
    order as they are done, each under the limits; the first refusal or duplicate (also of
    an id in ``seen``) ends the build with its message. With a Dask ``scheduler`` address
    the parses run on that cluster instead (:mod:`openbudget.cluster`), with the same
    results."""
    if scheduler:
        from openbudget.cluster import parse_on_cluster

        yield from in_order(paths, iter(parse_on_cluster(paths, cache_dir, scheduler)), seen)
        return
    version = code_version()
    workers = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    with ProcessPoolExecutor(max_workers=workers, initializer=bound_memory) as pool:
        results = pool.map(parse_bounded, paths, [cache_dir] * len(paths), [version] * len(paths))
        try:
            yield from in_order(paths, results, seen)
        except SourceError:
            pool.shutdown(cancel_futures=True)  # stop at the first duplicate
            raise


def parse_all(
    paths: list[Path], cache_dir: Path | None, jobs: int = 0, scheduler: str | None = None
) -> list[ParsedDocument]:
    """Every parse of :func:`parse_each`, as a list."""
    return list(parse_each(paths, cache_dir, jobs, scheduler))
