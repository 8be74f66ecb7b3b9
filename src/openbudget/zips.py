"""Zip files that are the same bytes for the same content: sorted entries, fixed times and
permissions, as the package's parts and its downloads are written.

A module of its own, importing nothing else of the project, so that the site's modules can
use it without importing the parser."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

#: Fixed timestamp of every zip entry (the zip format cannot store earlier dates).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_zip(handle: BinaryIO, entries: Mapping[str, bytes | Path]) -> None:
    """Write a zip of ``entries`` (name → bytes, or a file copied in pieces, so a package
    larger than memory can be zipped) to ``handle``: sorted, fixed times and permissions."""
    with zipfile.ZipFile(handle, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = entries[name]
            if isinstance(content, Path):
                large = content.stat().st_size >= zipfile.ZIP64_LIMIT
                with content.open("rb") as source, archive.open(info, "w", large) as dest:
                    shutil.copyfileobj(source, dest, 1 << 20)
            else:
                archive.writestr(info, content)


def deterministic_zip(entries: Mapping[str, bytes]) -> bytes:
    """A zip of ``entries`` (name → bytes), as :func:`write_zip` writes it."""
    buffer = io.BytesIO()
    write_zip(buffer, entries)
    return buffer.getvalue()
