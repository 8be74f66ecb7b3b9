"""Zip files that are the same bytes for the same content: sorted entries, fixed times and
permissions, as the package's parts and its downloads are written.

A module of its own, importing nothing else of the project, so that the site's modules can
use it without importing the parser."""

from __future__ import annotations

import io
import zipfile

#: Fixed timestamp of every zip entry (the zip format cannot store earlier dates).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(entries: dict[str, bytes]) -> bytes:
    """A zip of ``entries`` (name → bytes), sorted, with fixed timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return buffer.getvalue()
