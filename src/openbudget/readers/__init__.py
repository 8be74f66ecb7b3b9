"""Readers: one per source format, each returning neutral blocks."""

from __future__ import annotations

from pathlib import Path

from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.readers import text


def read_blocks(path: Path, data: bytes) -> list[Block]:
    """Read a source file's bytes into blocks, choosing the reader by file extension."""
    suffix = path.suffix.lower()
    if suffix in {".txt", ".md"}:
        return text.read(path, data)
    raise SourceError(path, f"unsupported file type {suffix!r}; supported: .txt, .md")
