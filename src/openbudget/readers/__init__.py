"""Readers: one per source format, each returning the same neutral blocks.

The reader is chosen by the file's extension, and the file's first bytes must agree with
it, so a mislabelled download gets a message saying what the file really is. A web page
saved under a .pdf name, which scrapers often produce, is read as the web page it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.limits import check_file_size

# extension -> (module under openbudget.readers, what the first bytes must look like)
FORMATS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "text"),
    ".md": ("text", "text"),
    ".pdf": ("pdf", "pdf"),
    ".docx": ("docx", "office"),
    ".xlsx": ("xlsx", "office"),
    ".xls": ("xls", "ole"),
    ".html": ("html", "text"),
    ".htm": ("html", "text"),
}
OLD_OFFICE = {".doc": "Word 97-2003 (.doc)", ".wps": "WPS"}
SIGNATURES = {
    b"%PDF-": "a PDF file",
    b"PK\x03\x04": "a ZIP container (DOCX or XLSX)",
    b"\xd0\xcf\x11\xe0": "an old Word/Excel 97-2003 file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF document",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
BINARY = "binary data of an unknown kind"
SUPPORTED = sorted(FORMATS)
WEB_PAGE = "a web page (HTML)"
HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S
)


def sniff(data: bytes) -> str:
    """What the first bytes say the file is, in words."""
    head = data.lstrip()[:8]
    for signature, name in SIGNATURES.items():
        if head.startswith(signature):
            return name
    if HTML_START.match(data[:4096]):
        return WEB_PAGE
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return BINARY  # text has no NUL bytes (UTF-16 aside, which starts with its BOM)
    return "text"


def disguised_web_page(path: Path, data: bytes) -> bool:
    """A web page saved under a .pdf name (as scrapers that save every link's target do)."""
    return path.suffix.lower() == ".pdf" and sniff(data) == WEB_PAGE


def actual_format(path: Path, data: bytes) -> str:
    """The format the file is read as: its extension's, or html for a disguised web page."""
    return "html" if disguised_web_page(path, data) else path.suffix.lstrip(".").lower()


def check_content(path: Path, data: bytes, expected: str) -> None:
    """Refuse empty files and files whose content is not what their extension says."""
    if not data.strip():
        raise SourceError(path, "the file is empty")
    found = sniff(data)
    wanted = {
        "pdf": {"a PDF file"},
        # Encrypted Office files are OLE containers: the Office reader says so precisely.
        "office": {"a ZIP container (DOCX or XLSX)", "an old Word/Excel 97-2003 file"},
        "text": {"text", WEB_PAGE},
        "ole": {"an old Word/Excel 97-2003 file"},
    }
    if found not in wanted[expected]:
        advice = (
            "it is not a document this tool can read"
            if found == BINARY
            else "rename it to match what it is"
        )
        raise SourceError(
            path, f"the file's extension is {path.suffix} but its content is {found}; {advice}"
        )


def old_office(suffix: str) -> str:
    """Why an old Office file is refused, and what to do with it."""
    return f"{OLD_OFFICE[suffix]} files cannot be read; save it as .docx or PDF first"


def read_source(path: Path) -> bytes:
    """A source file's bytes, once its size is known to be within the limit."""
    try:
        check_file_size(path, path.stat().st_size)
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"the file cannot be read: {exc.strerror or exc}") from exc


def read_blocks(path: Path, data: bytes) -> list[Block]:
    """Read a source file's bytes into blocks with the reader for its extension."""
    check_file_size(path, len(data))
    suffix = path.suffix.lower()
    if suffix in OLD_OFFICE:
        raise SourceError(path, old_office(suffix))
    if suffix not in FORMATS:
        raise SourceError(
            path, f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED)}"
        )
    module, expected = FORMATS[".html" if disguised_web_page(path, data) else suffix]
    check_content(path, data, expected)
    reader: Callable[[Path, bytes], list[Block]] = import_module(
        f"openbudget.readers.{module}"
    ).read
    return reader(path, data)
