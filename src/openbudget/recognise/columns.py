"""Column headings: turn a table's (often merged, multi-row) header into one label per column.

Headers come in two shapes. From PDF text every header row has a cell per column and a
merged heading is followed by empty cells (``收入 | | 支出 |``). From DOCX text a merged
heading is a single cell, so an upper row is shorter than the data rows (``序号 | 功能分类科目
| 合计 | 本年收入 | 上年结转`` above thirteen columns). Both become labels such as
``本年收入财政拨款收入`` that field patterns can match.
"""

from __future__ import annotations

import re

from openbudget.recognise.standard import NOT_THIS_YEAR, Column
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
    return ["".join(parts) for parts in column_headings(headers, width)]


def column_headings(headers: list[list[str]], width: int) -> list[list[str]]:
    """Each column's headings, top down (a heading merged over several columns is in each)."""
    if not headers:
        return [[] for _ in range(width)]
    rows = [(row + [""] * width)[:width] if len(row) >= width else row for row in headers]
    bottom = (headers[-1] + [""] * width)[:width]
    labels: list[list[str]] = [[label] if label else [] for label in bottom]
    for index in range(len(headers) - 2, -1, -1):
        upper = headers[index]
        if len(upper) >= width:
            # what stands below each column: the first heading under this row
            below = [
                next((row[col] for row in rows[index + 1 :] if len(row) >= width and row[col]), "")
                for col in range(width)
            ]
            prefixes = aligned_prefixes(upper, below)
        else:
            prefixes = spread(upper, bottom)
        labels = [
            [p, *parts] if p and parts[:1] != [p] else parts
            for p, parts in zip(prefixes, labels, strict=True)
        ]
    return labels


def aligned_prefixes(upper: list[str], bottom: list[str]) -> list[str]:
    """Upper row with a cell per column: a merged heading covers the empty cells after it,
    as far as headings stand below them (``bottom``: what is under each column)."""
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


YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})年")


def is_other_year(label: str, year: int | None) -> bool:
    """Whether a heading is not this year's figure: another year (2025年预算数, 2025年执行数)
    or a change or adjusted figure (增减, 扣除中央基建投资后)."""
    match = YEAR.search(label)
    return bool(re.search(NOT_THIS_YEAR, label)) or bool(
        match and year and int(match["year"]) != year
    )


def match_columns(
    labels: list[str], columns: tuple[Column, ...], taken: set[int], year: int | None
) -> dict[str, int]:
    """Map each field to the first free column of this year whose heading matches; a field
    listed twice takes its first pattern that any column matches."""
    mapping: dict[str, int] = {}
    used = set(taken)
    for column in columns:
        if column.field in mapping:
            continue
        for col, label in enumerate(labels):
            if col in used or not label or is_other_year(label, year):
                continue
            if column.matches(label):
                mapping[column.field] = col
                used.add(col)
                break
    return mapping
