"""How disclosures print the parts around their content: one vocabulary for every stage.

Readers drop page furniture, repair joins tables across pages, recognisers find titles,
title blocks, units and column headings: all of them need to know the same printed words
and shapes. They live here, once, so that a new template is taught in one place.

- **Page furniture**: page numbers (``3``, ``- 3 -``, ``— 3 —``, ``第3页 共40页``, ``3/40``).
- **Title blocks**: the short lines between a table's title and its grid, repeated at the
  top of every page of a long table: the department with its code (``323 巨鹿县…局``,
  ``920平山县下口镇财政所``, ``341-湖州市财政局``), who prepared it (``编制部门：…``,
  ``部门名称：…``, ``单位名称：…``, ``预算单位：…``), the year (``预算年度：2025``), the unit
  (``单位：万元``, ``金额单位：元``, ``单位:万元``) and a date (``截止时间：…``).
- **Table labels**: ``表1``, ``表 11``, ``表一``, ``公开 01 表``, ``（预算表1）``, ``附表1-2``,
  ``部门公开表 3``, ``单位预算05表``.
- **Column headings**: the 栏次 row that numbers the columns (``栏次 | 1 | 2``, ``** | 1 | 2``)
  and where a table's heading rows end.
- **Units**: 元, 万元, 亿元 and their exact factor to 万元.
"""

from __future__ import annotations

import re
from decimal import Decimal

from openbudget.text_utils import compact, is_number

# --- page furniture ----------------------------------------------------------------------

DASHES = r"[-—–－~·•\s]*"
PAGE_NUMBER = re.compile(
    rf"^{DASHES}(?:"
    r"第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d(?:\s?\d){0,3}(?:\s*[/／]\s*\d{1,4})?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    rf"){DASHES}$",
    re.IGNORECASE,
)


def is_page_number(text: str) -> bool:
    """Whether a line reads as nothing but a page number (``- 1 0 -`` spaced digits too)."""
    return bool(PAGE_NUMBER.match(text.strip()))


# --- title blocks ------------------------------------------------------------------------

# "323 巨鹿县人力资源和社会保障局", "920平山县下口镇财政所", "341-湖州市财政局"; never a year.
CODE_AND_NAME = re.compile(
    r"^(?!(?:19|20)\d{2}\s*年)(?P<code>\d{3,8})\s*[-－—.]?\s*(?P<name>[\u4e00-\u9fff（(].*)$"
)
# "编制部门：巨鹿县…", "部门名称：…", "单位名称：…", "预算单位：…", "预算主管部门：…", "部门：…"
PREPARER = re.compile(
    r"^(?:编制|填报|预算|主管|预算主管|资金主管)?(?:部门|单位)(?:名称)?(?:及代码)?[:：]\s*(?P<name>.*)$"
)
BUDGET_YEAR = re.compile(r"^(?:预算)?年度[:：]\s*(?P<year>(?:19|20)\d{2})")
# A year written in Chinese numerals on a cover: 二〇二五年, 二○二五, 二零二五年度.
CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
CHINESE_DIGITS |= {"○": "0", "零": "0", "Ｏ": "0", "O": "0"}
CHINESE_YEAR = re.compile(r"[一二][〇○零ＯO一二三四五六七八九]{3}(?=年)")


def arabic_years(text: str) -> str:
    """Text with years in Chinese numerals written in digits (二〇二五年 → 2025年), so
    one pattern reads a year however a cover prints it."""
    return CHINESE_YEAR.sub(lambda m: "".join(CHINESE_DIGITS[c] for c in m[0]), text)


AS_OF = re.compile(r"^截[止至](?:时间|日期)[:：]")
YEAR_LINE = re.compile(r"^[（(](?:19|20)\d{2}年度?[)）]$")  # （2026年度） under a title
UNITS: dict[str, Decimal] = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}
UNIT = re.compile(r"(?:金额)?单位[:：]\s*[（(]?(?:人民币)?(?P<unit>亿元|万元|千元|元)")
# A unit printed inside a title or heading: "（单位：万元）", "预算数（万元）".
UNIT_IN_TEXT = re.compile(
    r"[（(](?:(?:金额)?单位[:：])?\s*(?:人民币)?(?P<unit>亿元|万元|元)\s*[)）]"
)


def unit_of(text: str) -> str | None:
    """The money unit a line states (``单位：元``, ``金额单位：万元``, ``（单位：万元）``).

    A title block may name the preparing unit with the same word (``单位：苏州市科学技术局
    单位：万元``): only a value that is a unit of money counts.
    """
    line = compact(text)
    found = [m["unit"] for m in UNIT.finditer(line)] or [
        m["unit"] for m in UNIT_IN_TEXT.finditer(line)
    ]
    return found[-1] if found else None


def preparer_of(text: str) -> str | None:
    """The department or unit a title-block line names (``编制部门：X``, ``单位名称：X``).

    ``单位：万元`` names a unit of money, not a unit of government; a line holding both
    (``部门名称：X 单位：万元``) gives X.
    """
    line = compact(text)
    line = UNIT.sub("", line)
    match = PREPARER.match(line)
    if not match:
        return None
    name = match["name"].strip("：:")
    return name or None


LABEL = re.compile(
    r"(?:编制|填报|预算主管|资金主管|预算|主管)?(?:部门|单位)(?:名称)?[:：]|(?:金额)?单位[:：]"
)


def line_parts(text: str) -> list[str]:
    """A line cut before each title-block label it holds: ``2019年政府采购预算表部门：X
    单位：万元`` → the title, ``部门：X``, ``单位：万元`` (a title block printed on the
    title's line, or wrapped into one cell with it)."""
    line = compact(text)
    cuts = [0, *(m.start() for m in LABEL.finditer(line)), len(line)]
    return [part for a, b in zip(cuts, cuts[1:], strict=False) if (part := line[a:b])]


def is_title_block(text: str) -> bool:
    """Whether a short line belongs to a table's title block, not to the text."""
    line = compact(text)
    if not line:
        return False
    return bool(
        CODE_AND_NAME.match(line)
        or BUDGET_YEAR.match(line)
        or AS_OF.match(line)
        or YEAR_LINE.match(line)
        or unit_of(line)
        and len(line) <= 40
        or PREPARER.match(line)
        and len(line) <= 60
    )


# --- table labels and titles -------------------------------------------------------------

# A table's number: digits that stop before a year (表12025年… is 表1 and 2025年…, once
# compacted), or Chinese numerals that stop before the 一 of 一般 (表3一般…, 表十一一般公共
# 预算…: the title starts 一般公共预算, the label is 表3 / 表十一).
NUMERAL = r"(?:[0-9０-９]{1,3}?(?=(?:19|20)\d{2}年)|[0-9０-９]+|[一二三四五六七八九十]+(?!般))"
TABLE_LABEL = re.compile(
    r"^[（(]?(?:部门|单位)?(?:公开|预算)?(?:附|预算)?表\s*"
    rf"{NUMERAL}(?:\s*[-－—]\s*{NUMERAL})?\s*(?:表)?[)）]?\s*[:：.．、]?"
    rf"|^[（(]?(?:部门|单位)?(?:公开|预算)\s*{NUMERAL}\s*表[)）]?\s*[:：.．、]?"
)


def without_label(title: str) -> str:
    """A table title without its label (``表1：`` / ``公开 01 表`` / ``（预算表1）``)."""
    text = compact(title)
    text = TABLE_LABEL.sub("", text)
    return re.sub(rf"[（(](?:预算|公开)?表{NUMERAL}[)）]$", "", text)


def is_table_label(text: str) -> bool:
    """Whether a line is only a table's label (``表1``, ``公开 01 表``, ``部门公开表 3``)."""
    line = compact(text)
    return bool(line) and not TABLE_LABEL.sub("", line)


# A table carried over to the next page may say so: 续表, （续）, or its title with （续表）.
CONTINUED = re.compile(r"^(?:续上?表|[（(]续(?:上?表)?[)）])$|[（(]续(?:上?表)?[)）]$")


def continued_title(text: str) -> str | None:
    """What a line saying a table goes on reads without that mark: ``收支总表（续）`` →
    ``收支总表``, ``续表`` → ``""``; None for a line that does not say so."""
    line = compact(text)
    return CONTINUED.sub("", line) if CONTINUED.search(line) else None


def is_table_title(text: str) -> bool:
    """Whether a line reads as a table's title: it names a 表, and is not a sentence."""
    line = compact(text)
    return (
        len(line) <= 80
        and bool(re.search(r"表([（(][^）)]*[）)])?$", line))
        and not any(mark in line for mark in "。；;，,")
    )


# The number printed before an item: "一、", "（二）", "3.", "其中：（1）".
ITEM_NUMBER = re.compile(
    r"^(?:其中[:：]?)?(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])?"
)


# A table of contents: "一、部门职责……16", "表1 收支总表 ........ 12".
CONTENTS_ENTRY = re.compile(r"(?:\.{2,}|…+|·{2,}|-{4,})\s*\d{1,4}$")
CONTENTS_TITLE = re.compile(r"^目录$")


# --- column headings ---------------------------------------------------------------------

# The row that numbers the columns: "栏次 | 1 | 2 | 3" (档次 a common typo), "** | 1 | 2".
COLUMN_NUMBER_LABEL = re.compile(r"^(?:[栏档]次|\*+)$")


def is_column_number_row(row: list[str]) -> bool:
    """Whether a row only numbers the columns (栏次 1, 2, 3 …)."""
    cells = [compact(cell) for cell in row if compact(cell)]
    if not cells:
        return False
    if any(COLUMN_NUMBER_LABEL.match(cell) for cell in cells[:2]):
        return True
    numbers = [int(cell) for cell in cells if cell.isdecimal() and len(cell) <= 2]
    return len(numbers) == len(cells) >= 3 and numbers == list(range(numbers[0], numbers[-1] + 1))


def header_length(rows: list[list[str]]) -> int:
    """Rows of column headings: up to the 栏次 row that numbers the columns, if any.

    Some templates and house styles print no 栏次 row; there the headings run from the
    序号 heading down to the first row numbered in that column (see
    :func:`serial_header_length`).
    """
    for index, row in enumerate(rows[:8]):
        if any(COLUMN_NUMBER_LABEL.match(compact(cell)) for cell in row[:2]):
            return index + 1
    return serial_header_length(rows)


def serial_header_length(rows: list[list[str]]) -> int:
    """Heading rows of a table without a 栏次 row whose first column is headed 序号.

    They end above the first row with a number in the 序号 column; a table printed empty
    is all headings. A table with an amount in a row before any numbered row is not of
    this shape (0).
    """
    for index, row in enumerate(rows[:8]):
        if not row or compact(row[0]) != "序号":
            continue
        for end in range(index + 1, min(len(rows), index + 8)):
            serial = compact(rows[end][0]) if rows[end] else ""
            if serial.isdecimal():
                return end
            if any(is_number(compact(cell)) for cell in rows[end]):
                return 0
        return len(rows) if len(rows) <= index + 8 else 0
    return 0
