"""The 机构设置 table: the department's units, their nature, rank and how they are funded.

The table is found by its column headings (单位名称, 单位性质, 单位规格, 经费保障形式), or by a
单位名称 heading under a title such as 部门机构设置情况, whether that title is printed above the
table or as its own first row. Its columns are mapped by heading words, so a template that
orders or names them a little differently reads the same. A table continued on the next page
with its headings repeated is one list of units.
"""

from __future__ import annotations

import re

from openbudget.blocks import Block
from openbudget.recognise.found import Found, Record
from openbudget.text_utils import compact

# (field, pattern on the column heading), in printed order.
COLUMNS: list[tuple[str, str]] = [
    ("unit_name", r"单位名称|机构名称"),
    ("nature", r"性质"),
    ("rank", r"规格|级别"),
    ("funding_form", r"经费|保障形式"),
]
TITLE = re.compile(r"机构设置情况")
HEADER_ROWS = 3  # the headings are in one of the first rows (a title row may come first)
TITLE_LOOKBACK = 2


def column_map(row: list[str]) -> dict[str, int]:
    """Which column holds each field, read from a heading row; empty if it is not one."""
    mapping: dict[str, int] = {}
    for col, cell in enumerate(row):
        text = compact(cell)
        for name, pattern in COLUMNS:
            if name not in mapping and text and re.search(pattern, text):
                mapping[name] = col
                break
    return mapping


def titled(blocks: list[Block], index: int) -> bool:
    """Whether a 机构设置情况 title is printed just above the table."""
    before = blocks[max(0, index - TITLE_LOOKBACK) : index]
    return any(b.kind != "table" and TITLE.search(compact(b.text)) for b in before)


def header(blocks: list[Block], index: int) -> tuple[int, dict[str, int]] | None:
    """The heading row of a units table and its column map, if the table is one.

    Three of the four headings identify the table alone; with a title above it or in its
    first row, the 单位名称 heading and one other is enough.
    """
    rows = blocks[index].rows
    has_title = titled(blocks, index) or any(
        TITLE.search(compact(" ".join(row))) for row in rows[:1]
    )
    for position, row in enumerate(rows[:HEADER_ROWS]):
        mapping = column_map(row)
        if "unit_name" in mapping and (len(mapping) >= 3 or (has_title and len(mapping) >= 2)):
            return position, mapping
    return None


def unit_rows(rows: list[list[str]], mapping: dict[str, int]) -> list[Record]:
    """Records of the filled rows below the headings (empty and repeated heading rows skipped)."""
    records: list[Record] = []
    for row in rows:
        values = {name: row[col].strip() if col < len(row) else "" for name, col in mapping.items()}
        if not values.get("unit_name") or column_map(row) == mapping:
            continue
        records.append({name: values.get(name) or None for name, _ in COLUMNS})
    return records


def read_org_units(blocks: list[Block]) -> Found:
    """Every unit listed in the document's 机构设置 table(s), numbered in printed order."""
    found = Found()
    units: list[Record] = []
    for index, block in enumerate(blocks):
        if block.kind != "table":
            continue
        located = header(blocks, index)
        if located is None:
            continue
        position, mapping = located
        units.extend(
            {**unit, "page": block.page} for unit in unit_rows(block.rows[position + 1 :], mapping)
        )
        found.claimed.add(index)
    if units:
        found.records["org_units"] = [{"unit_seq": n, **u} for n, u in enumerate(units, 1)]
    return found
