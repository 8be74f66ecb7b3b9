"""Two-sided summaries: 收支总表 and 财政拨款收支总表, income and expenditure side by side.

Each side is an item column followed by its amount columns (``项目 | 预算数 | 项目 | 合计 |
一般公共预算 | …``). A printed line gives a record per side it fills, with its kind: an item,
a subtotal (本年收入合计), the carry-over (上年结转) and the items under it, or the total
(收入总计; or the last 合计 after the carry-over, where no 总计 is printed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openbudget.amounts import RowProblem, amount
from openbudget.recognise.classified import Row, cell, is_figures
from openbudget.recognise.standard import Column
from openbudget.text_utils import compact
from openbudget.vocabulary import ITEM_NUMBER

Record = dict[str, object]
SERIAL = re.compile(r"序号$")


@dataclass
class Side:
    """One side of the summary: its item column and amount fields (field -> column)."""

    name: str  # income / expenditure
    item: int
    amounts: dict[str, int] = field(default_factory=dict)


def find_sides(
    labels: list[str], body: list[list[str]], columns: dict[str, tuple[Column, ...]]
) -> tuple[list[Side], int | None, set[int], list[str]]:
    """The two sides, the 序号 column, the columns read, and groups of columns left out.

    ``columns`` gives the amount fields of each side. Item columns are the columns of text;
    a side is named by its heading (收入 / 支出), else by its place (income first). Where the
    expenditure side prints two groups (功能分类 and 支出用途), the last is read, since it
    carries the side's totals; the other is listed as left out.
    """
    serial = next((c for c, label in enumerate(labels) if SERIAL.search(label)), None)
    items = [
        col
        for col in range(len(labels))
        if col != serial and not is_figures(body, col) and any(cell(r, col) for r in body)
    ]
    groups: list[tuple[int, list[int]]] = []
    for index, col in enumerate(items):
        end = items[index + 1] if index + 1 < len(items) else len(labels)
        groups.append((col, list(range(col + 1, end))))
    named: list[tuple[str, int, list[int]]] = []
    for position, (col, amount_cols) in enumerate(groups):
        label = labels[col]
        side = (
            "income"
            if "收入" in label
            else "expenditure"
            if "支出" in label
            else ("income" if position == 0 else "expenditure")
        )
        named.append((side, col, amount_cols))
    left_out = []
    sides: list[Side] = []
    for name in ("income", "expenditure"):
        mine = [g for g in named if g[0] == name]
        if not mine:
            continue
        for _, col, _ in mine[:-1]:
            which = "收入" if name == "income" else "支出"
            left_out.append(f"列：{labels[col] or f'第{col + 1}列'}（{which}方的第二组列）")
        _, col, amount_cols = mine[-1]
        side = Side(name, col)
        for column in columns[name]:
            if column.field in side.amounts:
                continue
            found = next((c for c in amount_cols if column.matches(labels[c])), None)
            if found is None and column.field in ("total", "amount") and amount_cols:
                found = amount_cols[0]  # a side with one figure column holds its total
            if found is not None and found not in side.amounts.values():
                side.amounts[column.field] = found
        sides.append(side)
    used = {serial} if serial is not None else set()
    for side in sides:
        used |= {side.item, *side.amounts.values()}
    return sides, serial, used, left_out


def line_kinds(items: list[str]) -> list[str]:
    """The kind of each line of one side, in printed order."""
    kinds = []
    for item in items:
        text = ITEM_NUMBER.sub("", compact(item))
        if "总计" in text:
            kinds.append("total")
        elif re.search(r"(?:本年|当年)(?:收入|支出)?(?:合计|小计)?$|合计|小计", text):
            kinds.append("subtotal")
        elif re.search(r"结转|结余", text):
            kinds.append("carryover")
        else:
            kinds.append("item")
    if "total" not in kinds:
        carried = "carryover" in kinds
        for index in range(len(kinds) - 1, -1, -1):
            text = compact(items[index])
            after_carryover = not carried or "carryover" in kinds[:index]
            if kinds[index] == "subtotal" and not re.search(r"本年|当年", text) and after_carryover:
                kinds[index] = "total"
                break
    after = False
    for index, kind in enumerate(kinds):
        numbered = bool(ITEM_NUMBER.match(compact(items[index]))[0])  # type: ignore[index]
        if kind == "carryover" and after and numbered:
            kinds[index] = "carryover_item"  # 上年结余、结转 | 1.财政拨款结余、结转 | 2.…
        elif kind == "carryover":
            after = True
        elif kind in ("subtotal", "total"):
            after = False
        elif kind == "item" and after:
            kinds[index] = "carryover_item"
    return kinds


def read_summary(
    sides: list[Side], serial: int | None, rows: list[Row], unit: str
) -> tuple[list[Record], list[str]]:
    """Records of each side's lines (income first), and the lines that could not be read.

    A line's number is its printed 序号, else its place among the table's rows."""
    records: list[Record] = []
    problems: list[str] = []
    for side in sides:
        lines: list[tuple[int, str, dict[str, object], int | None]] = []
        for position, row in enumerate(rows, start=1):
            number = cell(row.cells, serial)
            position = int(number) if number.isdecimal() else position
            item = cell(row.cells, side.item)
            try:
                values = {
                    name: amount(cell(row.cells, col), f"{row.where}, {name}", unit)
                    for name, col in side.amounts.items()
                }
            except RowProblem as exc:
                problems.append(str(exc))
                continue
            if not item and any(v is not None for v in values.values()):
                item = next(
                    (t for c in range(side.item - 1, -1, -1) if (t := cell(row.cells, c))),
                    "",
                )  # a total whose label spans another group's column
            if not item and all(v is None for v in values.values()):
                continue
            lines.append((position, item, values, row.page))
        kinds = line_kinds([item for _, item, _, _ in lines])
        for (position, item, values, page), kind in zip(lines, kinds, strict=True):
            records.append(
                {
                    "line_no": position,
                    "side": side.name,
                    "item": item,
                    **values,
                    "line_kind": kind,
                    "page": page,
                }
            )
    return records, problems
