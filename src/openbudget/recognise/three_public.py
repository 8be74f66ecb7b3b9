"""The “三公” table, whichever way round it is printed.

Some templates list the items down the rows (``一、因公出国（境）费 | 合计 | 一般公共预算 …``),
others across the columns (``合计 | 因公出国(境)费 | 公务接待费 | 公务用车购置及运行费 (小计 |
购置费 | 运行费)``) with one row of figures — or one per year (2025年, 2026年, 增减) or per
unit. Either way each item becomes a record with its category (what it is, whatever it is
called) and its figures by fund. Items printed beside the “三公” (机关运行经费, 会议费,
培训费) are kept with their own categories.
"""

from __future__ import annotations

import re
from decimal import Decimal

from openbudget.amounts import RowProblem, amount
from openbudget.recognise.classified import Row, cell, is_figures
from openbudget.recognise.columns import is_other_year
from openbudget.text_utils import compact
from openbudget.vocabulary import ITEM_NUMBER

Record = dict[str, object]
FUNDS = (
    ("general_budget", r"一般公共预算"),
    ("government_fund", r"政府性基金"),
    ("state_capital", r"国有资本"),
)
GENERIC = re.compile(r"^(?:合计|总计|小计|预算数|金额|预算|经费|本年预算|\d{4}年(?:预算数?)?)$")
YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})年")
UNIT_COLUMN = re.compile(r"(?:预算单位|单位名称)$")
YEAR_COLUMN = re.compile(r"^年度$")


def category_of(text: str) -> str | None:
    """What an item is: travel_abroad, reception, vehicles (购置及运行), vehicle_purchase,
    vehicle_operation, total (“三公” 合计), operating_costs, meetings, training."""
    text = ITEM_NUMBER.sub("", compact(text))
    if not text:
        return None
    rules = (
        ("meetings", r"会议费"),
        ("training", r"培训费"),
        ("operating_costs", r"机关运行|行政经费"),
        ("travel_abroad", r"出国"),
        ("reception", r"接待"),
        ("vehicles", r"购置.*运[行维]"),
        ("vehicle_purchase", r"购置"),
        ("vehicle_operation", r"运行|运维"),
        ("total", r"三公"),
    )
    return next((name for name, pattern in rules if re.search(pattern, text)), None)


def fund_of(text: str) -> str | None:
    return next((name for name, pattern in FUNDS if re.search(pattern, compact(text))), None)


def heading_category(parts: list[str]) -> tuple[str | None, str | None, str]:
    """A column's (category, fund, item as printed) from its headings, bottom up: a fund
    word gives the fund, 小计 defers to the heading above, the first item word decides."""
    fund = None
    for part in reversed(parts):
        part_fund = fund_of(part)
        if part_fund and not category_of(part):
            fund = fund or part_fund
            continue
        if GENERIC.match(YEAR.sub("", compact(part)) or compact(part)) or GENERIC.match(
            compact(part)
        ):
            continue
        found = category_of(part)
        if found:
            return found, fund, part
        break
    generic = [p for p in parts if GENERIC.match(compact(p)) or re.search(r"合计|总计", p)]
    if generic:
        return "total", fund, generic[-1]
    return None, fund, parts[-1] if parts else ""


def settle_categories(records: list[Record]) -> None:
    """A category belongs to the first row printed for it (其中 parts of 因公出国 repeat it
    and get none), per unit; where a 合计 adds 会议费 and 培训费 to a separate “三公”
    total, that 合计 is the grand total."""
    totals = [r for r in records if r["category"] == "total"]
    extras = any(r["category"] in ("meetings", "training") for r in records)
    if extras and len({r["item"] for r in totals}) > 1:
        for record in totals:
            if "三公" not in compact(str(record["item"])):
                record["category"] = "grand_total"
    elif extras:
        for record in totals:
            if adds_extras(record, records):
                record["category"] = "grand_total"
    seen: set[tuple[object, object]] = set()
    for record in records:
        key = (record.get("unit_name"), record["category"])
        if key in seen:
            record["category"] = None
        seen.add(key)


THREE_PARTS = ("travel_abroad", "vehicles", "reception")


def adds_extras(total: Record, records: list[Record]) -> bool:
    """Whether a table's only 合计 is the “三公” plus 会议费 and 培训费: it equals their sum
    and not the “三公” items' alone (``合计 45 | 出国 5 | 接待 5 | 用车 25 | 会议 4 | 培训 6``).
    What is printed decides what the 合计 is; no figure is changed."""
    same_unit = [r for r in records if r.get("unit_name") == total.get("unit_name")]

    def summed(categories: tuple[str, ...]) -> Decimal | None:
        values = [r.get("total") for r in same_unit if r["category"] in categories]
        if not values or any(v is None for v in values):
            return None
        return sum(values, Decimal(0))  # type: ignore[arg-type]

    three = summed(THREE_PARTS)
    everything = summed((*THREE_PARTS, "meetings", "training"))
    printed = total.get("total")
    return printed is not None and printed == everything and printed != three


def read_across(
    headings: list[list[str]], rows: list[Row], unit: str, year: int | None
) -> tuple[list[Record], list[str], list[str]]:
    """Items across the columns: a record per item of each row of the budget year."""
    labels = ["".join(parts) for parts in headings]
    unit_col = next((c for c, label in enumerate(labels) if UNIT_COLUMN.search(label)), None)
    year_col = next((c for c, label in enumerate(labels) if YEAR_COLUMN.search(label)), None)
    columns: list[tuple[int, str, str | None, str]] = []
    left_out: list[str] = []
    for col, parts in enumerate(headings):
        if col in (unit_col, year_col) or not parts:
            continue
        if is_other_year(labels[col], year):
            left_out.append(f"列：{labels[col]}（其他年度）")
            continue
        category, fund, item = heading_category(parts)
        if category is None:
            left_out.append(f"column {labels[col]}")
            continue
        columns.append((col, category, fund, item))
    records: list[Record] = []
    problems: list[str] = []
    current_unit: str | None = None
    for row in rows:
        if unit_col is not None and cell(row.cells, unit_col):
            current_unit = compact(cell(row.cells, unit_col))
        row_year = compact(cell(row.cells, year_col)) if year_col is not None else ""
        if row_year and (not YEAR.search(row_year) or is_other_year(row_year, year)):
            left_out.append(f"{row.where}: {row_year}")
            continue
        by_item: dict[tuple[str, str], Record] = {}
        try:
            for col, category, fund, item in columns:
                value = amount(cell(row.cells, col), f"{row.where}, {item}", unit)
                record = by_item.setdefault(
                    (category, item),
                    {"item": item, "category": category, "unit_name": current_unit},
                )
                record[fund or "total"] = value
        except RowProblem as exc:
            problems.append(str(exc))
            continue
        for record in by_item.values():
            record["page"] = row.page
            records.append(record)
    return records, problems, left_out


def read_down(
    labels: list[str], rows: list[Row], body: list[list[str]], unit: str, year: int | None
) -> tuple[list[Record], list[str], list[str]]:
    """Items down the rows: the item column names each row, the other columns its funds."""
    serial = next((c for c, label in enumerate(labels) if label.endswith("序号")), None)
    item_col = next(
        (
            c
            for c in range(len(labels))
            if c != serial and not is_figures(body, c) and any(cell(r, c) for r in body)
        ),
        0,
    )
    funds: dict[str, int] = {}
    left_out: list[str] = []
    for col, label in enumerate(labels):
        if col in (item_col, serial):
            continue
        if is_other_year(label, year):
            left_out.append(f"column {label}: another year")
            continue
        fund = fund_of(label) or "total"
        if fund in funds:
            left_out.append(f"column {label}")
            continue
        funds[fund] = col
    records: list[Record] = []
    problems: list[str] = []
    for row in rows:
        item = cell(row.cells, item_col)
        category = category_of(item) or (
            "total" if re.match(r"^(?:合计|总计|小计)$", compact(item)) else None
        )
        if category is None:
            if item:
                left_out.append(f"{row.where}: {item}")
            continue
        try:
            values = {
                fund: amount(cell(row.cells, col), f"{row.where}, {fund}", unit)
                for fund, col in funds.items()
            }
        except RowProblem as exc:
            problems.append(str(exc))
            continue
        number = cell(row.cells, serial)
        records.append(
            {
                "row_no": int(number) if number.isdecimal() else None,
                "item": item,
                "category": category,
                "unit_name": None,
                **values,
                "page": row.page,
            }
        )
    return records, problems, left_out


def is_across(headings: list[list[str]]) -> bool:
    """Whether the items stand across the columns: several headings name items."""
    named = {category_of(part) for parts in headings for part in parts} - {None}
    return len(named - {"total"}) >= 2


def read_three_public(
    headings: list[list[str]],
    rows: list[Row],
    body: list[list[str]],
    unit: str,
    year: int | None,
) -> tuple[list[Record], list[str], list[str], str]:
    """Records of the “三公” table, problems, what was left out, and its layout."""
    labels = ["".join(parts) for parts in headings]
    if is_across(headings):
        records, problems, left_out = read_across(headings, rows, unit, year)
        layout = "across"
    else:
        records, problems, left_out = read_down(labels, rows, body, unit, year)
        layout = "items"
    settle_categories(records)
    for number, record in enumerate(records, start=1):
        record["row_no"] = record.get("row_no") or number
    return records, problems, left_out, layout
