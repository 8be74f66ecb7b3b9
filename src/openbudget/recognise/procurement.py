"""The 政府采购预算 table: purchase items by budget unit, with their subtotals and total.

The table is found by its column headings (采购物品名称, 政府采购目录序号 …), not by where it
sits, and its columns are mapped by heading words, so templates that add or drop a fund
column read the same way. Items are published; the 小计 and 合计 rows are kept apart so the
audit can check the items against them. A section that says there is no procurement gives
no rows and the fact ``procurement_empty``, which tells "printed empty" from "missing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from openbudget.amounts import RowProblem, amount
from openbudget.blocks import Block
from openbudget.recognise.columns import assign_columns, column_labels
from openbudget.recognise.found import Found, Record
from openbudget.text_utils import compact, is_number
from openbudget.vocabulary import CODE_AND_NAME, is_title_block, preparer_of

# Headings only a procurement table has; one of them is enough to recognise it.
HEADER_WORDS = re.compile(r"采购物品|采购品目|政府采购目录|采购项目来源")
TITLE_WORDS = re.compile(r"采购")
NO_PROCUREMENT = re.compile(r"(无|没有|未安排)政府采购")
DASHES = re.compile(r"^[-—–－]+$")
TOTAL_LABEL = re.compile(r"^(合计|总计)$")
SUBTOTAL_LABEL = re.compile(r"小计$")

# (field, pattern on the column label) in printed order; the first unclaimed match wins,
# so 预算资金 (the project's budget) is taken before any later heading could match it.
COLUMNS: list[tuple[str, str]] = [
    ("project_name", "项目名称|项目来源"),
    ("project_budget", "预算资金|项目预算"),
    ("item", "物品名称|品目名称|采购品目"),
    ("catalog_code", "目录序号|目录编码|目录代码|品目编码"),
    ("measure_unit", "计量单位"),
    ("quantity", "数量"),
    ("unit_price", "单价"),
    ("total", "合计|小计"),
    ("general_budget", "一般公共预算"),
    ("government_fund", "基金"),
    ("state_capital", "国有资本"),
    ("special_account", "财政专户"),
    ("unit_funds", "单位资金"),
    ("prior_year_carryover", "结转"),
    ("sme_reserved", "中小|中微|小微|预留"),
]
TEXT_FIELDS = ("project_name", "item", "catalog_code", "measure_unit")
AMOUNT_FIELDS = tuple(f for f, _ in COLUMNS if f not in TEXT_FIELDS and f != "quantity")
TOTAL_FIELDS = tuple(f for f in AMOUNT_FIELDS if f not in ("project_budget", "unit_price"))


def number(text: str, where: str) -> Decimal | None:
    """A printed number as a Decimal exactly as printed; empty or dashed cells are None."""
    text = text.strip()
    if DASHES.match(text):
        return None
    return amount(text, where)


def unit_from_title(text: str) -> str | None:
    """The budget unit a title line names ("编制部门：805001霸州市…局本级" → "霸州市…局本级")."""
    line = compact(text)
    match = CODE_AND_NAME.match(preparer_of(line) or line)
    return match["name"] if match else None


@dataclass
class Segment:
    """One printed piece of the table (a page): its title lines, headings and data rows."""

    title: list[list[str]] = field(default_factory=list)
    header: list[list[str]] = field(default_factory=list)
    data: list[list[str]] = field(default_factory=list)


def split_rows(rows: list[list[str]]) -> Segment:
    """Title lines, then heading rows (no number in any cell), then data rows.

    A heading row printed again among the data rows (left behind when a page break's
    repeated headings were only partly removed) is dropped, not read as an item.
    """
    segment = Segment()
    for row in rows:
        cells = [c.strip() for c in row if c.strip()]
        if not cells or cells[0].startswith("注"):
            continue
        if not segment.header and not segment.data and is_title_block(cells[0]):
            segment.title.append(row)
        elif not segment.data and not any(is_number(compact(c)) for c in cells):
            segment.header.append([compact(c) for c in row])
        elif [compact(c) for c in row] not in segment.header:
            segment.data.append(row)
    return segment


def is_procurement_header(header: list[list[str]]) -> bool:
    """Whether heading rows are those of a 政府采购预算 table."""
    return bool(HEADER_WORDS.search("".join(c for row in header for c in row)))


def fix_displaced_heading(upper: list[str], lower: list[str]) -> None:
    """Put back a sub-heading that PDF extraction pushed past a two-row heading.

    Some extracts print the last sub-heading of 政府采购金额 (上年结转结余) one column to
    the right of the 中小企业预留 heading that spans both header rows. A heading with
    nothing below it cannot be the parent of a sub-heading after it, so the two swap
    places, and the columns line up with the data again.
    """
    for col in range(1, min(len(upper), len(lower)) - 1):
        leaf = upper[col] and not lower[col]
        if leaf and lower[col - 1] and not upper[col + 1] and lower[col + 1]:
            upper[col], upper[col + 1] = "", upper[col]
            lower[col], lower[col + 1] = lower[col + 1], ""


def column_mapping(header: list[list[str]], width: int) -> dict[str, int]:
    """Map the schema's fields to columns by the words of the (merged) headings."""
    header = [list(row) for row in header]
    if len(header) >= 2 and min(len(header[-2]), len(header[-1])) >= width:
        fix_displaced_heading(header[-2], header[-1])
    return assign_columns(column_labels(header, width), COLUMNS)


def procurement_tables(blocks: list[Block]) -> list[int]:
    """Indices of the table's pieces: recognised by headings, or continuing the last one.

    A piece continues the table when only title lines stand between them and it has no
    headings of its own but the same width (its headings were not repeated on the page).
    """
    found: list[int] = []
    for index, block in enumerate(blocks):
        if block.kind != "table":
            continue
        segment = split_rows(block.rows)
        if is_procurement_header(segment.header):
            found.append(index)
        elif (
            found
            and not segment.header
            and segment.data
            and only_title_between(blocks, found[-1], index)
        ):
            width = max(len(r) for r in split_rows(blocks[found[-1]].rows).data or [[]])
            if width == max(len(r) for r in segment.data):
                found.append(index)
    return found


def only_title_between(blocks: list[Block], first: int, second: int) -> bool:
    """Whether the blocks between two tables are only a title block repeated on a page."""
    return all(b.kind != "table" and is_title_block(b.text) for b in blocks[first + 1 : second])


def title_index(blocks: list[Block], index: int, claimed: set[int]) -> int | None:
    """The title above the table ("部门政府采购预算"), claiming the title lines on the way."""
    for back in range(index - 1, max(-1, index - 6), -1):
        block = blocks[back]
        if block.kind == "table":
            return None
        if is_title_block(block.text):
            claimed.add(back)
            continue
        text = compact(block.text)
        is_title = TITLE_WORDS.search(text) and len(text) <= 40 and not text.endswith("。")
        return back if is_title else None
    return None


def title_unit(blocks: list[Block], index: int, segment: Segment) -> str | None:
    """The unit named in a piece's title block, inside the table or in the lines above."""
    lines = [c for row in segment.title for c in row]
    for block in reversed(blocks[:index]):
        if block.kind == "table" or not is_title_block(block.text):
            break
        lines.append(block.text)
    return next((name for line in lines if (name := unit_from_title(line))), None)


def row_label(row: list[str], mapping: dict[str, int]) -> str:
    """The text that names a row: its project or item cell, else its first filled cell."""
    for key in ("project_name", "item"):
        col = mapping.get(key)
        if col is not None and col < len(row) and row[col].strip():
            return compact(row[col])
    return next((compact(c) for c in row if c.strip()), "")


def cell(row: list[str], mapping: dict[str, int], key: str) -> str:
    """A mapped cell's text ('' when the row is short or the column is not printed)."""
    col = mapping.get(key)
    return row[col].strip() if col is not None and col < len(row) else ""


def amounts(row: list[str], mapping: dict[str, int], fields: tuple[str, ...], where: str) -> Record:
    """The row's amount columns as Decimals, exactly as printed."""
    return {f: number(cell(row, mapping, f), f"{where}, {f}") for f in fields}


@dataclass
class Reading:
    """Where the reading stands: the row count, the table's unit and the last 小计's unit."""

    found: Found
    table_unit: str | None = None  # named in the title block; the 合计 covers all of it
    unit: str | None = None
    row_no: int = 0

    def add(self, row: list[str], mapping: dict[str, int], where: str, page: int | None) -> None:
        """Turn one data row into an item, a subtotal or the total."""
        self.row_no += 1
        label = row_label(row, mapping)
        where = f"政府采购预算, {where}, 行 {self.row_no}"
        if SUBTOTAL_LABEL.search(label) or TOTAL_LABEL.match(label):
            subtotal = bool(SUBTOTAL_LABEL.search(label))
            if subtotal:
                self.unit = SUBTOTAL_LABEL.sub("", label) or self.unit
            total = {
                "row_no": self.row_no,
                "unit_name": self.unit if subtotal else self.table_unit,
                "kind": "subtotal" if subtotal else "total",
                **amounts(row, mapping, TOTAL_FIELDS, where),
            }
            self.found.records["procurement_totals"].append(total)
            return
        texts = {f: cell(row, mapping, f) or None for f in TEXT_FIELDS}
        if texts["catalog_code"]:
            texts["catalog_code"] = compact(texts["catalog_code"])
        self.found.records["procurement"].append(
            {
                "row_no": self.row_no,
                "unit_name": self.unit,
                **texts,
                "quantity": number(cell(row, mapping, "quantity"), f"{where}, quantity"),
                **amounts(row, mapping, AMOUNT_FIELDS, where),
                "page": page,
            }
        )


def read_procurement(blocks: list[Block]) -> Found:
    """Read the 政府采购预算 table (all its pages) into items and their subtotals/total."""
    found = Found(records={"procurement": [], "procurement_totals": []})
    indices = procurement_tables(blocks)
    reading = Reading(found)
    mapping: dict[str, int] = {}
    unread = False  # a table whose columns were not recognised: not one printed empty
    for previous, index in zip([None, *indices], indices, strict=False):
        block = blocks[index]
        segment = split_rows(block.rows)
        found.claimed.add(index)
        if previous is not None and only_title_between(blocks, previous, index):
            found.claimed.update(range(previous + 1, index))
        else:
            title = title_index(blocks, index, found.claimed)
            found.claimed.update([title] if title is not None else [])
            reading.unit = reading.table_unit = title_unit(blocks, index, segment)
        if segment.header:
            mapping = header_mapping(segment, block, found)
        if not mapping:
            unread = True
            continue
        row_index = {id(row): i for i, row in enumerate(block.rows)}
        for row in segment.data:
            try:
                reading.add(row, mapping, block.where, block.page_at(row_index[id(row)]))
            except RowProblem as exc:
                found.problems.append(str(exc))
    claim_notes(blocks, indices, found)
    if found.records["procurement"] or found.records["procurement_totals"]:
        found.facts["procurement_empty"] = False
    elif (indices and not unread) or any(
        b.kind != "table" and NO_PROCUREMENT.search(compact(b.text)) for b in blocks
    ):
        found.facts["procurement_empty"] = True
    return found


def header_mapping(segment: Segment, block: Block, found: Found) -> dict[str, int]:
    """The piece's column mapping, or none (and a problem) when 合计 is not recognised."""
    width = max(len(r) for r in segment.data + segment.header)
    mapping = column_mapping(segment.header, width)
    if "total" in mapping:
        return mapping
    found.problems.append(
        f"{block.where}: 政府采购预算 has no 合计 column that was recognised "
        f"(headings {' | '.join(column_labels(segment.header, width))})"
    )
    return {}


def claim_notes(blocks: list[Block], indices: list[int], found: Found) -> None:
    """Claim the 注 lines printed under the table (one of them may say it is empty)."""
    if not indices:
        return
    for index in range(indices[-1] + 1, len(blocks)):
        block = blocks[index]
        if block.kind == "table" or not compact(block.text).startswith("注"):
            break
        found.claimed.add(index)
