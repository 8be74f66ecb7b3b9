"""Page furniture: running headers, footers and page numbers, which are not the document.

A line is furniture when it sits in the top or bottom margin band of its page and either
reads as a page number (``3``, ``- 3 -``, ``— 3 —``, ``第3页``, ``第 3 页 共 40 页``, ``3/40``)
or, with its digits ignored, repeats in the same band on most pages. A table's title printed
at the top of every page of a long table is kept where it first appears (it may be the only
place a file says what it holds), and dropped after that. Title-block lines
(``323 巨鹿县…局``, ``预算年度：2025``, ``单位：万元``) repeat at the top of every page of a long
table; they are kept, because repair and recognition read them.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from openbudget.readers.pdf_page import Page
from openbudget.readers.pdf_text import Line
from openbudget.readers.pdf_unruled import is_title_block
from openbudget.text_utils import compact
from openbudget.vocabulary import is_page_number, is_table_title

BAND = 0.1  # of the page height, at the top and at the bottom


def band(line: Line, page: Page) -> str | None:
    """``top`` or ``bottom`` for a line in a margin band of its page, else None."""
    if line.bottom <= page.height * BAND:
        return "top"
    if line.top >= page.height * (1 - BAND):
        return "bottom"
    return None


def edge(page: Page, line: Line) -> str | None:
    """The band of a line, or ``top``/``bottom`` for the first/last thing on the page."""
    where = band(line, page)
    if where is not None:
        return where
    if line is page.lines[-1] and all(t.bottom <= line.top for t in page.tables):
        return "bottom"
    if line is page.lines[0] and all(t.top >= line.bottom for t in page.tables):
        return "top"
    return None


def key(line: Line) -> str:
    """A line's text with digits ignored, so ``第 3 页`` and ``第 4 页`` compare equal."""
    return re.sub(r"\d+", "#", compact(line.text))


def drop_furniture(pages: list[Page]) -> None:
    """Remove running headers, footers and page numbers from every page's lines."""
    seen: Counter[tuple[str, str]] = Counter()
    for page in pages:
        seen.update({(where, key(line)) for line in page.lines if (where := band(line, page))})
    most = max(2, math.ceil(len(pages) / 2))
    shown: set[tuple[str, str]] = set()
    for page in pages:
        if not page.lines:
            continue
        furniture = set()
        for index, line in enumerate(page.lines):
            where = edge(page, line)
            if where is None:
                continue
            if is_page_number(line.text):
                furniture.add(index)
            elif band(line, page) and seen[(where, key(line))] >= most and not is_title_block(line):
                if (where, key(line)) in shown or not is_table_title(line.text):
                    furniture.add(index)
                shown.add((where, key(line)))
        page.lines = [line for index, line in enumerate(page.lines) if index not in furniture]
