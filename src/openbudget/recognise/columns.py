"""Column headings: turn a table's (often merged, multi-row) header into one label per column.

Headers come in two shapes. From PDF text every header row has a cell per column and a
merged heading is followed by empty cells (``收入 | | 支出 |``). From DOCX text a merged
heading is a single cell, so an upper row is shorter than the data rows (``序号 | 功能分类科目
| 合计 | 本年收入 | 上年结转`` above thirteen columns). Both become labels such as
``本年收入财政拨款收入`` that field patterns can match.
"""

from __future__ import annotations

import re

from openbudget.text_utils import compact
from openbudget.vocabulary import COLUMN_NUMBER_LABEL, header_length, is_title_block


def header_rows(rows: list[list[str]]) -> list[list[str]]:
    """The heading rows of a table, without title-block rows and the 栏次 numbering row."""
    return [
        [compact(cell) for cell in row]
        for row in rows[: header_length(rows)]
        if not any(is_title_block(c) for c in row if c.strip())
        and not any(COLUMN_NUMBER_LABEL.match(compact(c)) for c in row[:2])
    ]


def column_labels(headers: list[list[str]], width: int) -> list[str]:
    """One label per column, prefixing each bottom heading with the headings above it."""
    if not headers:
        return [""] * width
    bottom = (headers[-1] + [""] * width)[:width]
    labels = list(bottom)
    for upper in reversed(headers[:-1]):
        prefixes = aligned_prefixes(upper, bottom) if len(upper) >= width else spread(upper, bottom)
        labels = [
            p + label if p != label else label for p, label in zip(prefixes, labels, strict=True)
        ]
    return labels


def aligned_prefixes(upper: list[str], bottom: list[str]) -> list[str]:
    """Upper row with a cell per column: a merged heading covers the empty cells after it."""
    prefixes: list[str] = []
    current = ""
    for col, below in enumerate(bottom):
        cell = upper[col]
        if cell:
            current = cell
        elif not below:
            current = ""
        prefixes.append(current)
    return prefixes


def spread(upper: list[str], bottom: list[str]) -> list[str]:
    """Upper row with merged cells collapsed: place each heading over the columns it spans.

    A heading over an empty bottom cell spans that one column; a heading over bottom
    headings spans the run of them, stopping where a bottom heading repeats (two sides of
    one table) or where the headings still to place would run out of columns.
    """
    width = len(bottom)
    prefixes = [""] * width
    pos = 0
    for index, cell in enumerate(upper):
        if pos >= width:
            break
        remaining = len(upper) - index - 1
        if not bottom[pos]:
            prefixes[pos] = cell
            pos += 1
            continue
        seen: set[str] = set()
        while (
            pos < width
            and bottom[pos]
            and bottom[pos] not in seen
            and (not seen or width - pos > remaining)
        ):
            seen.add(bottom[pos])
            prefixes[pos] = cell
            pos += 1
    return prefixes


def assign_columns(labels: list[str], patterns: list[tuple[str, str]]) -> dict[str, int]:
    """Map each field to the first unclaimed column whose label matches its pattern.

    Patterns are tried in field order, so two fields with the same pattern (the 项目 of the
    income side and of the expenditure side) take the matching columns left to right.
    """
    taken: set[int] = set()
    mapping: dict[str, int] = {}
    for field, pattern in patterns:
        for col, label in enumerate(labels):
            if col not in taken and re.search(pattern, label):
                mapping[field] = col
                taken.add(col)
                break
    return mapping
