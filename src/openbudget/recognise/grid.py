"""A table's grid read apart: title-block rows, heading rows, body rows, column labels.

Templates stack their headings one to four rows deep, with or without a 序号 column or a
栏次 row, and some draw title-block lines (``编制单位：X … 单位：元``) inside the grid. The
headings end where the first row of figures starts: a row with an amount, a
classification code or a 合计 label. Each column then gets one label made of the headings
above it (``收入预算财政拨款收入``), which field patterns match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openbudget.recognise.columns import column_headings
from openbudget.text_utils import compact, is_number
from openbudget.vocabulary import is_column_number_row, is_title_block, unit_of

HEADER_MAX = 8
CODE = re.compile(r"^\d{3,7}$")
BRACKETED_CODE = re.compile(r"^[\[［【](?P<code>\d{3,7})[\]］】]\s*(?P<name>.*)$")
TOTAL_LABEL = re.compile(r"^(?:合计|总计|小计|本年合计)[:：]?$")


@dataclass
class Grid:
    """A table's rows sorted into what they are."""

    title_rows: list[list[str]] = field(default_factory=list)  # title-block lines in the grid
    headers: list[list[str]] = field(default_factory=list)
    body: list[tuple[int, list[str]]] = field(default_factory=list)  # (row index, cells)
    labels: list[str] = field(default_factory=list)
    headings: list[list[str]] = field(default_factory=list)  # each column's, top down
    unit: str | None = None  # as a title-block row inside the grid prints it

    @property
    def width(self) -> int:
        return len(self.labels)


def is_amount(text: str) -> bool:
    """A printed figure: ``3,502.60``, ``195,774,300``, ``0.00``, ``-5``."""
    return is_number(compact(text))


def is_code(text: str) -> bool:
    """A classification code (``208``, ``20801``, ``2080101``, ``[2080101]名称``)."""
    text = compact(text)
    return bool(CODE.match(text) or BRACKETED_CODE.match(text))


def is_data_row(row: list[str]) -> bool:
    """Whether a row holds figures rather than headings: an amount, a code or 合计."""
    cells = [compact(cell) for cell in row if compact(cell)]
    if not cells or is_column_number_row(row):
        return False
    words = [cell for cell in cells if not is_amount(cell)]
    if len(words) == 1 and TOTAL_LABEL.match(words[0]):
        return True  # a 合计 row, printed empty or with its figures
    if any(is_code(cell) for cell in cells[:3]):
        return True
    return any(is_amount(cell) and not (cell.isdecimal() and len(cell) <= 2) for cell in cells)


def read_grid(rows: list[list[str]]) -> Grid:
    """Sort a table's rows into title-block rows, headings and body."""
    grid = Grid()
    width = max((len(row) for row in rows), default=0)
    index = 0
    while index < len(rows) and is_title_row(rows[index]):
        grid.title_rows.append(rows[index])
        index += 1
    start = index
    while index < len(rows) and index - start < HEADER_MAX and not is_data_row(rows[index]):
        index += 1
    if (
        index - start >= HEADER_MAX
        or index >= len(rows)
        and any(is_amount(c) for r in rows[start:] if not is_column_number_row(r) for c in r)
    ):
        index = start  # no heading rows recognisable as such
    header = [row for row in rows[start:index] if not is_title_row(row)]
    grid.headers = [
        [compact(cell) for cell in row] for row in header if not is_column_number_row(row)
    ]
    grid.body = [
        (number, row)
        for number, row in enumerate(rows[index:], start=index)
        if any(cell.strip() for cell in row) and not is_title_row(row)
    ]
    grid.headings = column_headings(grid.headers, width)
    grid.labels = ["".join(parts) for parts in grid.headings]
    units = [unit for row in grid.title_rows for cell in row if (unit := unit_of(cell))]
    grid.unit = units[-1] if units else None
    return grid


def is_title_row(row: list[str]) -> bool:
    """A row whose cells are all title-block lines (``编制单位：X | | 单位：元``)."""
    cells = [cell for cell in row if cell.strip()]
    return bool(cells) and all(is_title_block(cell) for cell in cells)
