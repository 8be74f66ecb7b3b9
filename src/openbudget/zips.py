"""Zip files that are the same bytes for the same content: sorted entries, fixed times and
permissions. The package's parts, its downloads and the workbooks are zips of this kind.

A module of its own, importing nothing else of the project, so the worker processes that
write workbooks stay small."""

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
