"""Checks on the nine standard tables: sums, row identities, summaries, cross-table figures."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from openbudget.audit.base import (
    Audit,
    Record,
    add,
    grand_total,
    line,
    plain,
    prints,
    summary_lines,
    value,
)
from openbudget.schema import amount_fields, field_title

# Row identities, total = sum(parts): checked where the table prints the total and every
# part (a template without a 小计 column has nothing to check it against).
ROW_IDENTITIES: dict[str, list[tuple[str, list[str]]]] = {
    "income": [("total", ["current_year_subtotal", "prior_year_carryover"])],
    "expenditure": [("total", ["basic", "project"])],
    "general_budget_expenditure": [("total", ["basic", "project"])],
    "gov_fund_expenditure": [("total", ["basic", "project"])],
    "state_capital_expenditure": [("total", ["basic", "project"])],
    "basic_expenditure": [("total", ["personnel", "public_funds"])],
    "three_public": [("total", ["general_budget", "government_fund", "state_capital"])],
}
# Columns that add to a row's total where printed, beside the parts that must be printed —
# unless the total is the parts alone: some templates print these inside 基本 and 项目支出.
OPTIONAL_PARTS = {
    "expenditure": ["operating", "payment_to_superior", "subsidy_to_affiliates", "reserve"]
}
# This year's income: 财政拨款 (or its funds, where it is split by fund) and the other sources.
INCOME_SOURCES = [
    "fiscal_special_account",
    "business_income",
    "operating_income",
    "superior_subsidy",
    "affiliated_remittance",
    "other_income",
]
FUNDS = ["general_budget", "government_fund", "state_capital"]
CLASSIFIED = {
    "income": "function_code",
    "expenditure": "function_code",
    "general_budget_expenditure": "function_code",
    "gov_fund_expenditure": "function_code",
    "state_capital_expenditure": "function_code",
    "basic_expenditure": "economic_code",
}
# “三公”: total = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行.
THREE_PUBLIC_PARTS = {
    "total": ["travel_abroad", "vehicles", "reception"],
    "vehicles": ["vehicle_purchase", "vehicle_operation"],
}


def amount_columns(table: str, rows: list[Record]) -> list[str]:
    """The amount columns a table prints, in column order."""
    return [f.name for f in amount_fields(table) if any(f.name in r for r in rows)]


def label(row: Record, code_field: str | None) -> str:
    """How a row is named in a finding: its unit, code and name, or its item, or its 序号."""
    unit = f"{row['unit_name']} " if row.get("unit_name") else ""
    if code_field and row.get(code_field):
        name = row.get(code_field.replace("code", "name"))
        return f"{unit}{row[code_field]} {name}"
    if code_field:
        return f"{unit}合计".strip() if row.get("level") == 0 else f"{unit}序号 {row.get('row_no')}"
    return str(row.get("item") or f"序号 {row.get('row_no', row.get('line_no'))}")


def by_unit(rows: list[Record]) -> dict[object, list[Record]]:
    """Rows grouped by the budget unit they belong to (one group where there are none)."""
    groups: dict[object, list[Record]] = {}
    for row in rows:
        groups.setdefault(row.get("unit_name"), []).append(row)
    return groups


def check_hierarchy(audit: Audit, table: str, rows: list[Record], code_field: str) -> None:
    """Per budget unit: 合计 = sum of 类; each 类 = sum of its 款; each 款 = sum of its 项."""
    columns = amount_columns(table, rows)
    for group in by_unit(rows).values():
        for parent in group:
            level = parent.get("level")
            if level is None or level >= 3:
                continue
            code = str(parent.get(code_field) or "")
            children = [
                r
                for r in group
                if r.get("level") == level + 1 and str(r.get(code_field)).startswith(code)
            ]
            if not children:
                continue
            what = "各类科目之和" if level == 0 else "下级科目之和"
            for column in columns:
                audit.equal(
                    "hierarchy_sum",
                    table,
                    label(parent, code_field),
                    add(value(c, column) for c in children),
                    value(parent, column),
                    f"{label(parent, code_field)}的{field_title(table, column)}与{what}不符",
                )


def check_row_identities(
    audit: Audit, table: str, rows: list[Record], code_field: str | None
) -> None:
    """Within each row, a total equals the sum of the columns it is made of."""
    identities = list(ROW_IDENTITIES[table])
    if table == "income":
        identities += income_identities(rows)
    for row in rows:
        for total, parts in identities:
            if not prints(row, total, *parts):
                continue
            present = parts + [p for p in OPTIONAL_PARTS.get(table, []) if p in row]
            if add(value(row, p) for p in parts) == value(row, total):
                present = parts
            audit.equal(
                "row_identity",
                table,
                label(row, code_field),
                add(value(row, p) for p in present),
                value(row, total),
                f"{label(row, code_field)}：{field_title(table, total)}与"
                + "、".join(field_title(table, p) for p in present)
                + "之和不符",
            )


def income_identities(rows: list[Record]) -> list[tuple[str, list[str]]]:
    """本年收入 = its sources: 财政拨款 where printed as one column, else its funds. Where a
    table prints neither a 本年收入 column nor 上年结转, 合计 is the sum of the sources."""
    sample = rows[0] if rows else {}
    fiscal = ["fiscal_appropriation"] if "fiscal_appropriation" in sample else FUNDS
    sources = [c for c in [*fiscal, *INCOME_SOURCES] if c in sample]
    if not sources:
        return []
    if "current_year_subtotal" in sample:
        return [("current_year_subtotal", sources)]
    if "prior_year_carryover" not in sample:
        return [("total", sources)]
    return [("total", [*sources, "prior_year_carryover"])]


def check_three_public(audit: Audit, rows: list[Record]) -> None:
    """Per unit: “三公” total = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行 (by category)."""
    columns = amount_columns("three_public", rows)
    for unit, group in by_unit(rows).items():
        by_category = {r.get("category"): r for r in group if r.get("category")}
        for parent, parts in THREE_PUBLIC_PARTS.items():
            if parent not in by_category or not any(p in by_category for p in parts):
                continue
            whole = by_category[parent]
            for column in columns:
                audit.equal(
                    "hierarchy_sum",
                    "three_public",
                    f"{unit + ' ' if unit else ''}{whole['item']}",
                    add(value(by_category.get(p), column) for p in parts),
                    value(whole, column),
                    f"{whole['item']}的{field_title('three_public', column)}与其各项之和不符",
                )


CLASS_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")


def top_level(items: list[Record]) -> list[Record]:
    """A side's top-level items (一、…): the lines a subtotal adds up. Their parts (1.…,
    （一）…, or unnumbered lines of a class's 款 and 项) are not added again; where no line
    is numbered so, the levels cannot be told apart and nothing is added."""
    return [r for r in items if CLASS_NUMBER.match(str(r["item"]).strip())]


def check_summary(audit: Audit, table: str, rows: list[Record]) -> None:
    """Subtotal = items; carryover = its fund lines; total = subtotal + carryover; 收 = 支."""
    if not rows:
        return
    column = "amount" if table == "budget_summary" else "total"
    totals = {}
    for side in ("income", "expenditure"):
        name = "收入" if side == "income" else "支出"
        items = top_level(summary_lines(rows, side, "item"))
        subtotal = line(rows, side, "subtotal")
        carry_lines = summary_lines(rows, side, "carryover")
        carryover = carry_lines[0] if carry_lines else None
        carry_items = summary_lines(rows, side, "carryover_item")
        # one 结转结余 line made of its items, or several lines side by side (上年结转 | 使用
        # 非财政拨款结余) that all add to the total
        carried = (
            value(carryover, column) if carry_items else add(value(r, column) for r in carry_lines)
        )
        total = line(rows, side, "total")
        if subtotal is not None and items:
            audit.equal(
                "summary_sum",
                table,
                str(subtotal["item"]),
                add(value(r, column) for r in items),
                value(subtotal, column),
                f"{subtotal['item']}与各{name}项目之和不符",
            )
        if carryover is not None and carry_items:
            audit.equal(
                "summary_sum",
                table,
                str(carryover["item"]),
                add(value(r, column) for r in carry_items),
                value(carryover, column),
                f"{carryover['item']}与其分项之和不符",
            )
        if total is not None and subtotal is not None:
            audit.equal(
                "summary_sum",
                table,
                str(total["item"]),
                add([value(subtotal, column), carried]),
                value(total, column),
                f"{total['item']}与{subtotal['item']}加结转结余之和不符",
            )
        if table == "fiscal_summary" and side == "expenditure":
            for row in rows:
                if row["side"] == side and prints(row, column, *FUNDS):
                    audit.equal(
                        "row_identity",
                        table,
                        str(row["item"]),
                        add(value(row, c) for c in FUNDS),
                        value(row, "total"),
                        f"{row['item']}：合计与各类财政拨款之和不符",
                    )
        totals[side] = total
    if totals["income"] is not None and totals["expenditure"] is not None:
        audit.equal(
            "balance",
            table,
            "收入总计 / 支出总计",
            value(totals["income"], column),
            value(totals["expenditure"], column),
            "支出总计与收入总计不符",
        )


def check_cross_tables(audit: Audit, records: dict[str, list[Record]], found: set[str]) -> None:
    """Figures printed in two tables agree: summaries against the detailed tables."""

    def compare(
        table: str, ref: str, expected: Decimal | None, actual: Decimal | None, message: str
    ) -> None:
        if expected is not None and actual is not None:  # both tables print the figure
            audit.equal("cross_table", table, ref, expected, actual, message)

    summary = records.get("budget_summary", [])
    fiscal = records.get("fiscal_summary", [])
    income = grand_total(records.get("income", []))
    expenditure_rows = records.get("expenditure", [])
    general_rows = records.get("general_budget_expenditure", [])
    if summary and "income" in found:
        for kind, column, what in (
            ("total", "total", "收入总计"),
            ("subtotal", "current_year_subtotal", "本年收入合计"),
            ("carryover", "prior_year_carryover", "上年结转结余"),
        ):
            compare(
                "budget_summary",
                what,
                value(income, column),
                value(line(summary, "income", kind), "amount"),
                f"收支总表{what}与收入总表合计不符",
            )
    if summary and "expenditure" in found:
        compare(
            "budget_summary",
            "本年支出合计",
            value(grand_total(expenditure_rows), "total"),
            value(line(summary, "expenditure", "subtotal"), "amount"),
            "收支总表本年支出合计与支出总表合计不符",
        )
        compare_classes(compare, "budget_summary", summary, "amount", expenditure_rows, "支出总表")
    if fiscal and "income" in found:
        compare(
            "fiscal_summary",
            "本年收入合计",
            value(income, "fiscal_appropriation"),
            value(line(fiscal, "income", "subtotal"), "total"),
            "财政拨款收支总表本年收入合计与收入总表财政拨款收入不符",
        )
    if fiscal and line(summary, "income", "carryover") is not None:
        # Only where the summary prints the carry-over apart are its fund lines this
        # year's alone, as the fiscal summary's are (some templates fold it into them).
        for word in ("一般公共预算", "政府性基金", "国有资本经营"):
            printed = [
                r
                for r in summary
                if r["side"] == "income" and r["line_kind"] == "item" and word in str(r["item"])
            ]
            fiscal_line = [
                r
                for r in fiscal
                if r["side"] == "income" and r["line_kind"] == "item" and word in str(r["item"])
            ]
            if printed and fiscal_line:
                compare(
                    "fiscal_summary",
                    str(fiscal_line[0]["item"]),
                    value(printed[0], "amount"),
                    value(fiscal_line[0], "total"),
                    f"财政拨款收支总表{plain(fiscal_line[0]['item'])}与收支总表不符",
                )
    for table, column, what in (
        ("general_budget_expenditure", "general_budget", "一般公共预算财政拨款支出表"),
        ("gov_fund_expenditure", "government_fund", "政府性基金预算财政拨款支出表"),
        ("state_capital_expenditure", "state_capital", "国有资本经营预算财政拨款支出表"),
    ):
        if fiscal and table in found:
            rows = records.get(table, [])
            fund = field_title("fiscal_summary", column)
            compare(
                "fiscal_summary",
                "本年支出合计",
                value(grand_total(rows), "total"),
                value(line(fiscal, "expenditure", "subtotal"), column),
                f"财政拨款收支总表本年支出合计的{fund}与{what}合计不符",
            )
            compare_classes(compare, "fiscal_summary", fiscal, column, rows, what)
    if "basic_expenditure" in found and "general_budget_expenditure" in found:
        compare(
            "basic_expenditure",
            "合计",
            value(grand_total(general_rows), "basic"),
            value(grand_total(records.get("basic_expenditure", [])), "total"),
            "基本支出表合计与一般公共预算财政拨款支出表的基本支出不符",
        )


def compare_classes(
    compare: Callable[[str, str, Decimal | None, Decimal | None, str], None],
    table: str,
    summary: list[Record],
    column: str,
    rows: list[Record],
    what: str,
) -> None:
    """Each class line of a summary's expenditure side equals that class in a detailed table
    (rows of the department as a whole: a unit's own classes are not the summary's)."""
    classes = {
        plain(r["function_name"]): r for r in rows if r.get("level") == 1 and not r.get("unit_name")
    }
    for row in summary_lines(summary, "expenditure", "item"):
        name = plain(row["item"])
        if name in classes:
            compare(
                table,
                str(row["item"]),
                value(classes[name], "total"),
                value(row, column),
                f"{row['item']}的{field_title(table, column)}与{what}中该类合计不符",
            )


def check_standard_tables(audit: Audit, records: dict[str, list[Record]], found: set[str]) -> None:
    """Every check on the nine standard tables that the document's tables allow."""
    for table, code_field in CLASSIFIED.items():
        rows = records.get(table, [])
        check_hierarchy(audit, table, rows, code_field)
        check_row_identities(audit, table, rows, code_field)
    check_row_identities(audit, "three_public", records.get("three_public", []), None)
    check_three_public(audit, records.get("three_public", []))
    for table in ("budget_summary", "fiscal_summary"):
        check_summary(audit, table, records.get(table, []))
    check_cross_tables(audit, records, found)
