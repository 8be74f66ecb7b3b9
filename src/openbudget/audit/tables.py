"""Checks on the nine standard tables: sums, row identities, summaries, cross-table figures."""

from __future__ import annotations

import re
from decimal import Decimal

from openbudget.audit.base import (
    ZERO,
    Audit,
    Record,
    grand_total,
    line,
    plain,
    summary_lines,
    value,
)
from openbudget.schema import amount_fields, field_title

# Columns summed by the row identities of each table: total = sum(parts).
ROW_IDENTITIES: dict[str, list[tuple[str, list[str]]]] = {
    "income": [
        ("total", ["current_year_subtotal", "prior_year_carryover"]),
        (
            "current_year_subtotal",
            [
                "fiscal_appropriation",
                "fiscal_special_account",
                "business_income",
                "operating_income",
                "superior_subsidy",
                "affiliated_remittance",
                "other_income",
            ],
        ),
    ],
    "expenditure": [
        (
            "total",
            ["basic", "project", "operating", "payment_to_superior", "subsidy_to_affiliates"],
        )
    ],
    "general_budget_expenditure": [("total", ["basic", "project"])],
    "gov_fund_expenditure": [("total", ["basic", "project"])],
    "state_capital_expenditure": [("total", ["basic", "project"])],
    "basic_expenditure": [("total", ["personnel", "public_funds"])],
    "three_public": [("total", ["general_budget", "government_fund", "state_capital"])],
}
CLASSIFIED = {
    "income": "function_code",
    "expenditure": "function_code",
    "general_budget_expenditure": "function_code",
    "gov_fund_expenditure": "function_code",
    "state_capital_expenditure": "function_code",
    "basic_expenditure": "economic_code",
}


def amount_columns(table: str, rows: list[Record]) -> list[str]:
    """The amount columns a table's records carry, in column order."""
    return [f.name for f in amount_fields(table) if rows and f.name in rows[0]]


def label(row: Record, code_field: str | None) -> str:
    """How a row is named in a finding: its code and name, or its item, or its 序号."""
    if code_field and row.get(code_field):
        name = row.get(code_field.replace("code", "name"))
        return f"{row[code_field]} {name}"
    if code_field:
        return "合计"
    return str(row.get("item") or f"序号 {row.get('row_no', row.get('line_no'))}")


def check_hierarchy(audit: Audit, table: str, rows: list[Record], code_field: str) -> None:
    """合计 = sum of 类; each 类 = sum of its 款; each 款 = sum of its 项."""
    columns = amount_columns(table, rows)
    for parent in rows:
        level = parent.get("level")
        if level is None or level >= 3:
            continue
        code = str(parent.get(code_field) or "")
        children = [
            r
            for r in rows
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
                sum((value(c, column) for c in children), ZERO),
                value(parent, column),
                f"{label(parent, code_field)}的{field_title(table, column)}与{what}不符",
            )


def check_row_identities(
    audit: Audit, table: str, rows: list[Record], code_field: str | None
) -> None:
    """Within each row, a total equals the sum of the columns it is made of."""
    for row in rows:
        for total, parts in ROW_IDENTITIES[table]:
            if total not in row:
                continue
            present = [p for p in parts if p in row]
            audit.equal(
                "row_identity",
                table,
                label(row, code_field),
                sum((value(row, p) for p in present), ZERO),
                value(row, total),
                f"{label(row, code_field)}：{field_title(table, total)}与"
                + "、".join(field_title(table, p) for p in present)
                + "之和不符",
            )


def check_three_public(audit: Audit, rows: list[Record]) -> None:
    """“三公” 合计 = 小计 = 因公出国 + 公务用车 + 公务接待; each part = its 其中 lines."""
    if not rows:
        return
    columns = amount_columns("three_public", rows)
    totals = [r for r in rows if "合计" in str(r["item"]) or "小计" in str(r["item"])]
    parents: list[tuple[Record, list[Record]]] = []
    for row in rows:
        if re.match(r"^[一二三四五六七八九十]+、", str(row["item"])):
            parents.append((row, []))
        elif parents and row not in totals:
            parents[-1][1].append(row)
    for column in columns:
        title = field_title("three_public", column)
        if len(totals) == 2:
            audit.equal(
                "hierarchy_sum",
                "three_public",
                str(totals[0]["item"]),
                value(totals[1], column),
                value(totals[0], column),
                f"“三公”经费合计与小计的{title}不符",
            )
        if totals and parents:
            audit.equal(
                "hierarchy_sum",
                "three_public",
                str(totals[-1]["item"]),
                sum((value(p, column) for p, _ in parents), ZERO),
                value(totals[-1], column),
                f"“三公”经费{totals[-1]['item']}的{title}与各项之和不符",
            )
        for parent, children in parents:
            if children:
                audit.equal(
                    "hierarchy_sum",
                    "three_public",
                    str(parent["item"]),
                    sum((value(c, column) for c in children), ZERO),
                    value(parent, column),
                    f"{parent['item']}的{title}与其中各项之和不符",
                )


def check_summary(audit: Audit, table: str, rows: list[Record]) -> None:
    """Subtotal = items; carryover = its fund lines; total = subtotal + carryover; 收 = 支."""
    if not rows:
        return
    column = "amount" if table == "budget_summary" else "total"
    totals = {}
    for side in ("income", "expenditure"):
        name = "收入" if side == "income" else "支出"
        items = summary_lines(rows, side, "item")
        subtotal = next(iter(summary_lines(rows, side, "subtotal")), None)
        carryover = next(iter(summary_lines(rows, side, "carryover")), None)
        carry_items = summary_lines(rows, side, "carryover_item")
        total = next(iter(summary_lines(rows, side, "total")), None)
        if subtotal is not None:
            audit.equal(
                "summary_sum",
                table,
                str(subtotal["item"]),
                sum((value(r, column) for r in items), ZERO),
                value(subtotal, column),
                f"{subtotal['item']}与各{name}项目之和不符",
            )
        if carryover is not None and carry_items:
            audit.equal(
                "summary_sum",
                table,
                str(carryover["item"]),
                sum((value(r, column) for r in carry_items), ZERO),
                value(carryover, column),
                f"{carryover['item']}与其分项之和不符",
            )
        if total is not None and subtotal is not None:
            audit.equal(
                "summary_sum",
                table,
                str(total["item"]),
                value(subtotal, column) + value(carryover, column),
                value(total, column),
                f"{total['item']}与{subtotal['item']}加结转结余之和不符",
            )
        if table == "fiscal_summary" and side == "expenditure":
            for row in rows:
                if row["side"] == side:
                    audit.equal(
                        "row_identity",
                        table,
                        str(row["item"]),
                        sum(
                            (
                                value(row, c)
                                for c in ("general_budget", "government_fund", "state_capital")
                            ),
                            ZERO,
                        ),
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

    def compare(table: str, ref: str, expected: Decimal, actual: Decimal, message: str) -> None:
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
        compare_classes(audit, "budget_summary", summary, "amount", expenditure_rows, "支出总表")
    if fiscal and "income" in found:
        compare(
            "fiscal_summary",
            "本年收入合计",
            value(income, "fiscal_appropriation"),
            value(line(fiscal, "income", "subtotal"), "total"),
            "财政拨款收支总表本年收入合计与收入总表财政拨款收入不符",
        )
    if fiscal and summary:
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
            compare_classes(audit, "fiscal_summary", fiscal, column, rows, what)
    if "basic_expenditure" in found and "general_budget_expenditure" in found:
        compare(
            "basic_expenditure",
            "合计",
            value(grand_total(general_rows), "basic"),
            value(grand_total(records.get("basic_expenditure", [])), "total"),
            "基本支出表合计与一般公共预算财政拨款支出表的基本支出不符",
        )


def compare_classes(
    audit: Audit, table: str, summary: list[Record], column: str, rows: list[Record], what: str
) -> None:
    """Each class line of a summary's expenditure side equals that class in a detailed table."""
    classes = {plain(r["function_name"]): r for r in rows if r.get("level") == 1}
    for row in summary_lines(summary, "expenditure", "item"):
        name = plain(row["item"])
        if value(row, column) == ZERO and name not in classes:
            continue
        audit.equal(
            "cross_table",
            table,
            str(row["item"]),
            value(classes.get(name), "total"),
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
