"""The 部门（单位）固定资产占用情况表: fixed assets by class, as of a date printed above.

The table is recognised by its headings (数量, 价值) under a title that names 固定资产 (or
rows that name 资产), wherever it is printed. Its date (截止时间) may sit in a paragraph
above the table, on the title line or in the table's first row, and is printed as
``2020年12月31日`` or ``2024-12-31``; all are read. Every printed line is a row, the
资产总额 line included, so the audit can check the classes against it.
"""

from __future__ import annotations

import datetime
import re

from openbudget.amounts import RowProblem
from openbudget.blocks import Block
from openbudget.recognise.columns import assign_columns
from openbudget.recognise.found import Found, Record
from openbudget.recognise.procurement import number
from openbudget.text_utils import compact, join_cjk
from openbudget.vocabulary import is_title_block

TITLE = re.compile(r"固定资产.*表")
AS_OF = re.compile(
    r"截止(?:时间|日期)[:：]?(?P<y>\d{4})(?:年|-|/|\.)(?P<m>\d{1,2})(?:月|-|/|\.)(?P<d>\d{1,2})"
)
COLUMNS = [("item", "项目|类别|名称"), ("quantity", "数量"), ("value", "价值|金额")]
TITLE_LOOKBACK = 5


def as_of(text: str) -> datetime.date | None:
    """The 截止时间 a line states, if it states one."""
    match = AS_OF.search(compact(text))
    if not match:
        return None
    return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))


def header_index(rows: list[list[str]]) -> int | None:
    """The row of column headings: the one naming both 数量 and 价值 (or 金额)."""
    for index, row in enumerate(rows[:4]):
        text = compact("".join(row))
        if "数量" in text and re.search("价值|金额", text):
            return index
    return None


def block_text(block: Block) -> str:
    """A paragraph's text, or the text of a small table used as a title line."""
    if block.kind != "table":
        return block.text
    if len(block.rows) > 1:
        return ""
    return " ".join(c for row in block.rows for c in row if c.strip())


def title_lines(blocks: list[Block], index: int) -> tuple[list[int], bool]:
    """The blocks above a table that belong to it, and whether one is its title.

    Walking up, title-block lines (编制部门, department and code, 截止时间) and empty
    layout tables are taken until the title naming 固定资产 … 表, which ends the walk
    (with any empty layout table just above it, a DOCX artefact).
    """
    taken: list[int] = []
    for back in range(index - 1, max(-1, index - TITLE_LOOKBACK), -1):
        block = blocks[back]
        text = compact(block_text(block))
        if block.kind == "table" and len(block.rows) > 1:
            break
        if TITLE.search(text) and len(text) <= 40:
            taken.append(back)
            while (
                back > 0
                and blocks[back - 1].kind == "table"
                and not block_text(blocks[back - 1]).strip()
            ):
                back -= 1
                taken.append(back)
            return taken, True
        if not text or is_title_block(text) or as_of(text):
            taken.append(back)
            continue
        break
    return taken, False


def read_assets(blocks: list[Block]) -> Found:
    """Read each fixed-asset table into one row per printed line, with its 截止时间."""
    found = Found(records={"assets": []})
    for index, block in enumerate(blocks):
        if block.kind != "table":
            continue
        header = header_index(block.rows)
        if header is None:
            continue
        above, titled = title_lines(blocks, index)
        names_assets = any("资产" in compact(row[0]) for row in block.rows[header + 1 :] if row)
        if not (titled or names_assets):
            continue
        found.claimed.update([index, *above])
        lines = [block_text(blocks[i]) for i in above] + [
            c for row in block.rows[:header] for c in row
        ]
        date = next((d for line in lines if (d := as_of(line))), None)
        if date is None:
            found.problems.append(f"{block.where}: 固定资产占用情况表 has no 截止时间")
        read_rows(block, header, date, found)
    return found


def read_rows(block: Block, header: int, date: datetime.date | None, found: Found) -> None:
    """One record per printed line below the headings, numbered on from earlier tables."""
    labels = [compact(c) for c in block.rows[header]]
    mapping = assign_columns(labels, COLUMNS)
    mapping.setdefault("item", 0)
    if "value" not in mapping:
        found.problems.append(f"{block.where}: 固定资产占用情况表 has no 价值 column")
        return
    records = found.records["assets"]
    seq = int(records[-1]["item_seq"]) if records else 0  # type: ignore[call-overload]
    for index, row in enumerate(block.rows[header + 1 :], start=header + 1):
        cells = {key: row[col].strip() if col < len(row) else "" for key, col in mapping.items()}
        if not any(cells.values()) or cells["item"].startswith("注"):
            continue
        seq += 1
        where = f"固定资产占用情况表, {block.where}, {cells['item']}"
        record: Record = {"item_seq": seq, "as_of": date, "item": join_cjk(cells["item"])}
        record["page"] = block.page_at(index)
        try:
            record["quantity"] = number(cells.get("quantity", ""), f"{where}, 数量")
            record["value"] = number(cells["value"], f"{where}, 价值")
        except RowProblem as exc:
            found.problems.append(str(exc))
            continue
        records.append(record)
