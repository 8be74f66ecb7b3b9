"""Atomic, deterministic file output and package reading.

An interrupted build must never leave a half-written page or a half-copied data directory, so
every file is written to a temporary sibling and renamed into place, and directories are
copied to a temporary sibling and swapped in. Unchanged files are left untouched, which keeps
``mkdocs serve`` from rebuilding pages whose content did not change.
"""

from __future__ import annotations

import csv
import filecmp
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO


def write_text_atomic(path: Path, text: str) -> bool:
    """Write ``text`` (UTF-8, ``\\n`` newlines) to ``path`` atomically; see write_bytes_atomic."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def copy_file_atomic(source: Path, dest: Path) -> bool:
    """Copy ``source`` to ``dest`` atomically; see write_bytes_atomic."""
    return write_bytes_atomic(dest, source.read_bytes())


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary sibling and a rename.

    Returns ``True`` when the file changed, ``False`` when it already held exactly this data
    (so an unchanged page keeps its modification time).
    """
    if path.is_file() and path.read_bytes() == data:
        return False
    return write_stream_atomic(path, lambda handle: handle.write(data))


def write_stream_atomic(path: Path, write: Callable[[BinaryIO], object]) -> bool:
    """Like :func:`write_bytes_atomic`, for a file made in pieces (too large to hold):
    ``write`` writes it to an open temporary sibling."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        if path.is_file() and filecmp.cmp(tmp_name, path, shallow=False):
            Path(tmp_name).unlink()
            return False
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; pages are for everyone
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return True


def replace_tree(source: Path, dest: Path) -> None:
    """Make ``dest`` an exact copy of directory ``source``, swapping it in at the end.

    The copy goes to a hidden sibling first (MkDocs ignores dot-directories) and is swapped in
    with two renames, so ``dest`` is never a partial copy (at worst briefly absent).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new.", dir=dest.parent))
    retired = dest.parent / f".{dest.name}.old.{os.getpid()}"
    try:
        shutil.copytree(source, staging, dirs_exist_ok=True)
        if dest.exists():
            os.replace(dest, retired)
        os.replace(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)


def remove_stale(directory: Path, keep: Iterable[Path], pattern: str = "*.md") -> list[Path]:
    """Delete generated files under ``directory`` that this run did not write."""
    wanted = {os.path.abspath(path) for path in keep}  # not resolve(): no symlinks here
    removed = []
    if not directory.is_dir():
        return removed
    for path in sorted(directory.rglob(pattern)):
        if path.is_file() and os.path.abspath(path) not in wanted:
            path.unlink()
            removed.append(path)
    return removed


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a package CSV as strings (amounts stay exactly as printed); missing file → []."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {key: (value or "") for key, value in row.items() if key is not None}
            for row in csv.DictReader(handle)
        ]
