"""Checks shared by the Word and Excel readers: is this really an intact file of that kind?

DOCX and XLSX are both ZIP packages, so the dispatcher's signature check cannot tell them
apart, nor see a download cut short. These checks run before python-docx or openpyxl so
that a bad file gets a message saying what it is, not a library's stack trace.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Literal

from openbudget.errors import SourceError
from openbudget.limits import check_unpacked_size

Kind = Literal["word", "excel"]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted Office 2007+ file is an OLE container holding these two streams.
ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
MAIN_PART = {"word": "word/document.xml", "excel": "xl/workbook.xml"}
NAMES = {"word": "Word document (.docx)", "excel": "Excel workbook (.xlsx)"}
# What a package holding these parts really is, for a file with the wrong extension.
PACKAGES = (
    ("word/document.xml", "a Word document (.docx)"),
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
)
OPEN_DOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "an OpenDocument text file (.odt)",
    b"application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods)",
}


def check_package(path: Path, data: bytes, kind: Kind) -> None:
    """Refuse encrypted, damaged, incomplete or mislabelled Office files with a clear reason."""
    name = NAMES[kind]
    if data.startswith(OLE):
        if any(stream in data for stream in ENCRYPTED_STREAMS):
            raise SourceError(
                path,
                "the file is password-protected (encrypted); open it, remove the password "
                f"and save it again as a {name}",
            )
        raise SourceError(
            path, f"this is an old Office 97-2003 file, not a {name}; save it as {name} first"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            check_unpacked_size(path, sum(info.file_size for info in package.infolist()), name)
            bad = package.testzip()
            mimetype = package.read("mimetype")[:80] if "mimetype" in names else b""
    except (
        zipfile.BadZipFile,
        EOFError,
        zlib.error,
        OSError,
        NotImplementedError,  # "zip file version 17.8" in a corrupt header
        RuntimeError,  # an encrypted ZIP entry
        ValueError,
    ) as exc:
        raise SourceError(
            path,
            f"the {name} is damaged or incomplete (not a readable ZIP package: {exc}); "
            "was the download cut short?",
        ) from exc
    if bad is not None:
        raise SourceError(
            path, f"the {name} is damaged: its part {bad} is corrupt; download it again"
        )
    if MAIN_PART[kind] in names:
        if "[Content_Types].xml" not in names:
            raise SourceError(
                path, f"the {name} is incomplete: its [Content_Types].xml part is missing"
            )
        return
    for part, what in PACKAGES:
        if part in names:
            raise SourceError(
                path, f"this is {what}, not a {name}; rename it to the extension it should have"
            )
    for media_type, what in OPEN_DOCUMENT.items():
        if mimetype.startswith(media_type):
            raise SourceError(path, f"this is {what}, not a {name}; save it as {name} first")
    prefix = MAIN_PART[kind].split("/")[0] + "/"
    if any(n.startswith(prefix) for n in names):
        raise SourceError(
            path, f"the {name} is incomplete: its main part {MAIN_PART[kind]} is missing"
        )
    raise SourceError(path, f"this is a ZIP archive of other files, not a {name}")
