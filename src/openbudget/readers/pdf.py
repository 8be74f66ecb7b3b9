"""Reader for PDF disclosures, through pdfplumber.

Each page is read into ruled tables and lines of text (:mod:`pdf_page`); running headers,
footers and page numbers are dropped (:mod:`pdf_furniture`); tables drawn without rules are
found among the lines (:mod:`pdf_unruled`); and the rest is joined into headings and
paragraphs in reading order (:mod:`pdf_layout`). The blocks have the shape the text reader
gives for the same content, with the page each came from, so no later stage knows the
source was a PDF.

A file that cannot be read says why: damaged or incomplete, password-protected, a scan
without a text layer, no pages.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.readers.pdf_furniture import drop_furniture
from openbudget.readers.pdf_layout import Item, frames, page_items, to_blocks
from openbudget.readers.pdf_page import SPACER_WIDTH, Page, Table, read_page
from openbudget.readers.pdf_text import Line
from openbudget.readers.pdf_unruled import is_title_block, unruled_tables

PDF_ERRORS = (PdfminerException, MalformedPDFException, PSException)


def read(path: Path, data: bytes) -> list[Block]:
    """Read a PDF's bytes into blocks, each with its 1-based page number."""
    pages = read_pages(path, data)
    drop_furniture(pages)
    for page in pages:
        tables, lines = unruled_tables(page.lines)
        page.tables += tables
        page.lines = [piece for line in lines for piece in line.pieces()]
    items = [page_items(page) for page in pages]
    mark_continuations(items)
    return to_blocks(items, frames(pages))


COLUMN_TOLERANCE = 3.0  # pt: column edges this close on two pages are the same column


def mark_continuations(pages: list[list[Item]]) -> None:
    """Mark each table that carries on the table ending the page before.

    Many templates print no headings again when a table runs onto the next page. What shows
    it is the geometry: the page opens with a table whose columns stand exactly where the
    columns of the table that closed the previous page stood (or all shifted alike, where
    odd and even pages have different margins). Lines of the table's title block (单位：万元)
    may stand above it; repair joins the marked tables.
    """
    for before, after in zip(pages, pages[1:], strict=False):
        last = before[-1] if before else None
        first = next(
            (item for item in after if not (isinstance(item, Line) and is_title_block(item))),
            None,
        )
        if isinstance(last, Table) and isinstance(first, Table) and same_columns(last, first):
            first.continues = True


def same_columns(upper: Table, lower: Table) -> bool:
    """Whether two tables have the same columns: at the same places measured from their
    left edges, or, inside the same frame, within a double rule's width of each other."""
    if not len(upper.columns) == len(lower.columns) >= 2:
        return False
    if abs((upper.x1 - upper.x0) - (lower.x1 - lower.x0)) > COLUMN_TOLERANCE:
        return False
    same_frame = abs(upper.x0 - lower.x0) <= COLUMN_TOLERANCE
    tolerance = SPACER_WIDTH if same_frame else COLUMN_TOLERANCE
    return all(
        abs((a - upper.x0) - (b - lower.x0)) <= tolerance
        for a, b in zip(upper.columns, lower.columns, strict=True)
    )


def page_count(data: bytes) -> int | None:
    """How many pages a PDF has (None if it cannot be opened: reading it says why)."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except PDF_ERRORS:
        return None


def read_pages(path: Path, data: bytes) -> list[Page]:
    """Every page's lines and tables, or a :class:`SourceError` saying why there are none."""
    # pdfminer warns about every odd object it meets; what matters is reported here.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    number = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise SourceError(path, "the PDF has no pages")
            pages = []
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(read_page(page, number))
                page.close()  # free the page's parsed objects as we go
    except PDF_ERRORS as exc:
        raise SourceError(path, failure(exc)) from exc
    except (SourceError, MemoryError):
        raise
    except Exception as exc:  # a damaged object the libraries do not expect (no MediaBox …)
        where = f"page {number}: " if number else ""
        raise SourceError(
            path,
            f"{where}the PDF is damaged ({type(exc).__name__}: {exc}); download it again",
        ) from exc
    check_text(path, pages)
    return pages


def failure(exc: Exception) -> str:
    """What a pdfminer/pdfplumber error means for the person who supplied the file."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return (
            "the PDF is password-protected (encrypted) and cannot be read; open it with its "
            "password and save a copy without one, then use that copy"
        )
    detail = str(cause) or type(cause).__name__
    return (
        "the PDF is damaged or incomplete (a truncated download?) and cannot be read "
        f"({detail}); download it again or re-save it from a PDF viewer"
    )


def check_text(path: Path, pages: list[Page]) -> None:
    """Refuse a PDF with no usable text layer: it needs OCR before it can be parsed."""
    printed = sum(page.chars for page in pages)
    if not printed:
        if any(page.images for page in pages):
            raise SourceError(
                path,
                "the PDF is a scanned image without a text layer (no characters on any of its "
                f"{len(pages)} pages); run OCR on it first (e.g. ocrmypdf) and use the result",
            )
        raise SourceError(
            path,
            f"the PDF has no text on any of its {len(pages)} pages (only drawings or blank "
            "pages); if it is a scan, run OCR on it first (e.g. ocrmypdf) and use the result",
        )
    if sum(page.undecodable for page in pages) > printed / 2:
        raise SourceError(
            path,
            "the PDF's text cannot be decoded (its fonts have no Unicode map, so characters "
            "come out as (cid:N) codes); run OCR on it first (e.g. ocrmypdf) and use the result",
        )
