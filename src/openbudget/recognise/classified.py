"""Tables with a row per classification code, or per budget unit.

收入总表, 支出总表 and the fund tables list 功能分类 codes (``208`` 类, ``20801`` 款,
``2080101`` 项); 基本支出 tables list 经济分类 codes. Templates print the code in one column,
over three columns (``201 | 08 | 01``), in brackets before the name (``[2010501]行政运行``)
or not at all (names only). Some tables list budget units instead (``305001 无锡市教育局（本级）``,
a 预算单位 column), or a unit's rows under its name. Each row becomes a record with its code,
name, level (0 合计, 1 类, 2 款, 3 项) and the unit it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from openbudget.amounts import RowProblem, amount
from openbudget.recognise.grid import BRACKETED_CODE, is_amount
from openbudget.recognise.standard import CODE_LEVELS, TableSpec
from openbudget.text_utils import compact

Record = dict[str, object]

SERIAL = re.compile(r"序号$")
UNIT_CODE = re.compile(r"(?:部门|单位)(?:代码|编码)$")
UNIT_NAME = re.compile(r"(?:预算单位|单位名称|部门名称|资金使用单位)$")
CODE_PART = re.compile(r"(?:编码|代码)?(?P<part>[类款项])$")
CODE = re.compile(r"(?:编码|代码)$")
NAME = re.compile(r"(?:名称|科目|项目|项目类别)$")
# A column of names is a column of classification names where its heading says 科目.
CLASS_NAME = re.compile(r"科目")
LEADING_CODE = re.compile(r"^(?P<code>\d{3,7})\s*[-－—.、]?\s*(?P<name>[\u4e00-\u9fff].*)$")
TOTAL_NAME = re.compile(r"^(?:合计|总计|本年合计|收入总计|支出总计|收入合计|支出合计)[:：]?$")
SCOPE_SUFFIX = re.compile(r"[（(](?:本级|汇总)[)）]$")


@dataclass
class Roles:
    """Which columns name a row rather than hold its figures."""

    serial: int | None = None
    code: list[int] = field(default_factory=list)  # one column, or the 类/款/项 columns
    name: int | None = None
    unit: int | None = None
    unit_code: int | None = None

    @property
    def columns(self) -> set[int]:
        found = {self.serial, self.name, self.unit, self.unit_code, *self.code}
        return {col for col in found if col is not None}


def find_roles(labels: list[str], body: list[list[str]]) -> Roles:
    """The serial, code, name and unit columns, by their headings (else by their cells)."""
    roles = Roles()
    parts: list[int] = []
    for col, label in enumerate(labels):
        if SERIAL.search(label) and roles.serial is None:
            roles.serial = col
        elif UNIT_CODE.search(label) and roles.unit_code is None:
            roles.unit_code = col
        elif UNIT_NAME.search(label) and roles.unit is None:
            roles.unit = col
        elif CODE_PART.search(label) and re.search(r"编码|代码|^[类款项]$", label):
            parts.append(col)
        elif CODE.search(label) and not roles.code:
            roles.code = [col]
        elif NAME.search(label) and roles.name is None and not is_figures(body, col):
            roles.name = col
    if parts:
        roles.code = parts
    if roles.name is None and roles.unit is None:
        roles.name = next(
            (
                col
                for col in range(len(labels))
                if col not in roles.columns and not is_figures(body, col) and texts(body, col)
            ),
            None,
        )
    return roles


def texts(body: list[list[str]], col: int) -> list[str]:
    """The non-empty cells of a column."""
    return [compact(row[col]) for row in body if col < len(row) and compact(row[col])]


def is_figures(body: list[list[str]], col: int) -> bool:
    """Whether a column holds figures (most of its cells are amounts)."""
    cells = texts(body, col)
    return bool(cells) and sum(is_amount(c) for c in cells) * 2 > len(cells)


def has_codes(body: list[list[str]], roles: Roles) -> bool:
    """Whether the rows carry classification codes, in a column or before their names."""
    if roles.code:
        return True
    names = texts(body, roles.name) if roles.name is not None else []
    return any(BRACKETED_CODE.match(n) or LEADING_CODE.match(n) for n in names)


def layout_of(roles: Roles, labels: list[str], spec: TableSpec, codes: bool) -> str:
    """by_function / by_economic (codes), by_unit, by_name (names only) or total_only.

    A column of names counts as classification names only where its heading says 科目;
    names under 项目名称 in a 收入预算总表 are income sources, not classes, so only its
    total is read.
    """
    if codes:
        return "by_economic" if spec.code_field == "economic_code" else "by_function"
    if roles.unit is not None and roles.name is None:
        return "by_unit"
    if roles.name is not None:
        return "by_name" if CLASS_NAME.search(labels[roles.name]) else "total_only"
    return "total_only"


@dataclass
class Row:
    """One printed row: where it is, its cells and the page it was printed on."""

    where: str
    cells: list[str]
    page: int | None


def cell(cells: list[str], col: int | None) -> str:
    """A cell's text ('' when the row is short or the column is absent)."""
    return cells[col].strip() if col is not None and col < len(cells) else ""


def code_and_name(cells: list[str], roles: Roles) -> tuple[str, str]:
    """The row's classification code and name, wherever the template prints the code."""
    name = cell(cells, roles.name)
    if len(roles.code) > 1:
        pieces = [compact(cell(cells, col)) for col in roles.code]
        code = pieces[0] + "".join(p.zfill(2) for p in pieces[1:] if p)  # 301 | 2 → 30102
    else:
        code = compact(cell(cells, roles.code[0])) if roles.code else ""
    if code and not code.isdecimal() and not name:
        code, name = "", code  # 合计 printed across the code and name columns
    for pattern in (BRACKETED_CODE, LEADING_CODE):
        match = pattern.match(compact(name))
        if match and not code:
            code, name = match["code"], match["name"]
    return code, name


def read_classified(
    spec: TableSpec,
    roles: Roles,
    mapping: dict[str, int],
    rows: list[Row],
    unit: str,
    layout: str,
) -> tuple[list[Record], list[str], list[str]]:
    """Records of the rows, problems with rows that could not be read, and rows left out.

    A row is a code row (its level from the code's length), the 合计 row (level 0), a
    budget unit's row, or a row named without a code. ``layout`` total_only keeps only
    the total: the rows below it are not classification rows (a list of income sources).
    """
    records: list[Record] = []
    problems: list[str] = []
    left_out: list[str] = []
    current_unit: str | None = None
    current_unit_code: str | None = None
    has_total_row = any(TOTAL_NAME.match(compact(code_and_name(r.cells, roles)[1])) for r in rows)
    for position, row in enumerate(rows, start=1):
        cells = row.cells
        unit_cell = compact(cell(cells, roles.unit))
        unit_code = compact(cell(cells, roles.unit_code))
        try:
            code, name = code_and_name(cells, roles)
            figures = {
                name_: amount(cell(cells, col), f"{row.where}, {name_}", unit)
                for name_, col in mapping.items()
            }
        except RowProblem as exc:
            problems.append(str(exc))
            continue
        total = any(TOTAL_NAME.match(text) for text in (compact(name), unit_cell, unit_code))
        if total:  # 合计 printed in whichever column the row's name stands in
            name, unit_cell, unit_code = "合计", "", ""
        if unit_cell:
            current_unit, current_unit_code = unit_cell, unit_code or None
        if code and not code.isdecimal():
            problems.append(f"{row.where}: classification code {code!r} is not a number")
            continue
        if code:
            level: int | None = CODE_LEVELS.get(len(code))
            if level is None:
                problems.append(f"{row.where}: classification code {code!r} has an unusual length")
                continue
        elif total:
            level = 0
        elif unit_cell and not name:
            level = 0 if not has_total_row and not records else None  # the table's total
        elif layout == "total_only" and (name or unit_cell):
            left_out.append(f"{row.where}: {name or unit_cell}")
            continue
        else:
            level = None
        if not name and not unit_cell and not code and not total:
            if any(value is not None for value in figures.values()):
                if not records and layout == "total_only":
                    level, name = 0, "合计"  # a table that is one row of totals
                else:
                    problems.append(f"{row.where}: a row of figures with no name or code")
                    continue
            else:
                continue
        serial = cell(cells, roles.serial)
        record: Record = {
            "row_no": int(serial) if serial.isdecimal() else position,
            spec.code_field: code or None,
            spec.name_field: name or None,
            "level": level,
            **figures,
            "unit_code": (unit_code or current_unit_code) if roles.unit_code is not None else None,
            "unit_name": (unit_cell or current_unit) if roles.unit is not None else None,
            "page": row.page,
        }
        if total:
            record["unit_name"] = record["unit_code"] = None
        records.append(record)
    return records, problems, left_out


def is_empty(records: list[Record], amount_fields: list[str]) -> bool:
    """Whether a table printed no figure other than zero (空表列示, or 合计 0.00)."""
    return all(
        not isinstance(r.get(f), Decimal) or r.get(f) == 0 for r in records for f in amount_fields
    )
