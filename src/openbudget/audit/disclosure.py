"""Checks beyond the nine tables: projects, the prose's figures, procurement and assets."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from openbudget.audit.base import ZERO, Audit, Record, add, grand_total, line, value
from openbudget.schema import amount_fields

# The procurement columns that add up: every amount but the project budget and unit price.
AMOUNT_COLUMNS = tuple(
    f.name for f in amount_fields("procurement") if f.name not in {"project_budget", "unit_price"}
)
NUMBERED_ITEM = re.compile(r"^\d+[、.．]")
# What a project's budget is made of, where its table prints them.
PROJECT_FUNDS = ("fiscal_funds", "special_account", "other_funds", "carryover")


# Prose figure, its name, and the category of the “三公” row that prints it.
THREE_PUBLIC_FIGURES = [
    ("prose_three_public_total", "“三公”经费", "total"),
    ("prose_travel_abroad", "因公出国（境）费", "travel_abroad"),
    ("prose_vehicles", "公务用车购置及运维费", "vehicles"),
    ("prose_vehicle_purchase", "公务用车购置费", "vehicle_purchase"),
    ("prose_vehicle_operation", "公务用车运行维护费", "vehicle_operation"),
    ("prose_reception", "公务接待费", "reception"),
]


def fact(facts: dict[str, object], key: str) -> Decimal | None:
    """A figure stated in the prose, if the prose states it."""
    found = facts.get(key)
    return found if isinstance(found, Decimal) else None


def check_projects(audit: Audit, records: dict[str, list[Record]]) -> None:
    """Each project's budget = its fiscal + special-account + other funds; all projects
    against 项目支出.

    Only a warning either way: many disclosures print targets for some projects only, and
    others for funds beyond the department's own 项目支出 (transfers to lower governments,
    重点专项资金 it manages, 其他支出 listed with the projects).
    """
    projects = records.get("projects", [])
    for project in projects:
        funds = [value(project, f) for f in PROJECT_FUNDS]
        if value(project, "budget") is not None and any(f is not None for f in funds):
            name = f"{project['project_seq']} {project.get('project_name') or ''}".strip()
            audit.equal(
                "row_identity",
                "projects",
                name,
                add(funds),
                value(project, "budget"),
                f"项目“{name}”的预算数与各项资金之和不符",
            )
    total = grand_total(records.get("expenditure", []))
    if not projects or total is None:
        return
    listed = add(value(p, "budget") for p in projects)
    printed = value(total, "project")
    if listed is None or printed is None:
        return
    audit.equal(
        "projects_total",
        "projects",
        "全部项目",
        printed,
        listed,
        f"绩效目标表所列 {len(projects)} 个项目的预算数合计与支出总表的项目支出不符"
        + (
            "（文件可能只列出了部分项目）"
            if listed < printed
            else "（所列资金可能含转移支付等非本部门支出）"
        ),
        severity="warning",
    )


def three_public_figure(rows: list[Record], category: str) -> Decimal | None:
    """The department's “三公” figure of a category: its total, else its 一般公共预算 (tables
    that print no all-funds column)."""
    if not rows:
        return None
    own = [r for r in rows if not r.get("unit_name")] or [
        r for r in rows if r.get("unit_name") == rows[0].get("unit_name")
    ]  # a table by unit prints the department's own figures first
    row = next((r for r in own if r.get("category") == category), None)
    return value(row, "total") if value(row, "total") is not None else value(row, "general_budget")


def as_stated(printed: Decimal, stated: Decimal) -> Decimal:
    """A table's figure rounded as the prose states it (19577.4300 → 19577 where the prose
    says 19,577万元): prose in whole 万元 beside tables in 元 is not a finding."""
    exponent = stated.as_tuple().exponent
    if isinstance(exponent, int) and exponent > printed.as_tuple().exponent:  # type: ignore[operator]
        return printed.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    return printed


def check_prose(
    audit: Audit, records: dict[str, list[Record]], facts: dict[str, object], found: set[str]
) -> None:
    """Figures the prose states against the same figures in the tables."""
    summary = records.get("budget_summary", [])
    expenditure = grand_total(records.get("expenditure", []))
    basic = grand_total(records.get("basic_expenditure", []))
    three = records.get("three_public", [])
    comparisons: list[tuple[str, str, str, Decimal | None]] = []
    if "budget_summary" in found:
        comparisons += [
            (
                "prose_income_total",
                "budget_summary",
                "收入总计",
                value(line(summary, "income", "total"), "amount"),
            ),
            (
                "prose_expenditure_total",
                "budget_summary",
                "支出总计",
                value(line(summary, "expenditure", "total"), "amount"),
            ),
        ]
    if "expenditure" in found:
        comparisons += [
            ("prose_basic", "expenditure", "基本支出", value(expenditure, "basic")),
            ("prose_project", "expenditure", "项目支出", value(expenditure, "project")),
        ]
    if "basic_expenditure" in found:
        comparisons += [
            ("prose_personnel", "basic_expenditure", "人员经费", value(basic, "personnel")),
            ("prose_public_funds", "basic_expenditure", "公用经费", value(basic, "public_funds")),
        ]
    if "three_public" in found:
        comparisons += [
            (key, "three_public", what, three_public_figure(three, category))
            for key, what, category in THREE_PUBLIC_FIGURES
        ]
    assets_total = asset_total(records.get("assets", []))
    if assets_total is not None:
        comparisons.append(
            ("prose_assets_total", "assets", "上年末固定资产", value(assets_total, "value"))
        )
    for key, table, what, printed in comparisons:
        stated = fact(facts, key)
        if stated is not None and printed is not None:
            audit.equal(
                "prose_vs_table",
                table,
                what,
                as_stated(printed, stated),
                stated,
                f"情况说明所述{what}与表中数字不符",
            )
    operating = fact(facts, "prose_operating_costs")
    if operating is not None and "basic_expenditure" in found:
        # 机关运行经费 are the public funds of administrative units only, so they may be
        # less than the whole department's 公用经费, never more.
        audit.at_most(
            "prose_vs_table",
            "basic_expenditure",
            "机关运行经费",
            value(basic, "public_funds"),
            operating,
            "情况说明所述机关运行经费超过基本支出表的公用经费",
        )


# Totals the prose states with their parts, each part stated as 其中 of the total.
STATED_PARTS = [
    (
        "prose_three_public_total",
        "“三公”经费",
        ["prose_travel_abroad", "prose_reception", "prose_vehicles"],
    ),
    (
        "prose_vehicles",
        "公务用车购置及运维费",
        ["prose_vehicle_purchase", "prose_vehicle_operation"],
    ),
    (
        "prose_procurement_total",
        "政府采购预算",
        ["stated_procurement_goods", "stated_procurement_works", "stated_procurement_services"],
    ),
]


def check_prose_arithmetic(audit: Audit, facts: dict[str, object]) -> None:
    """The prose's own arithmetic: a stated change against the two years' figures it
    states (9819.98 − 193.20 = 9626.78), and a stated total against its stated parts."""
    for change in facts.get("stated_changes") or []:  # type: ignore[attr-defined]
        audit.equal(
            "prose_arithmetic",
            "documents",
            f"{change['what']}{change['now']}万元",
            change["before"] + change["change"],
            change["now"],
            f"情况说明中“{change['what']}”的本年数与上年数及增减额不符",
        )
    for total_key, what, part_keys in STATED_PARTS:
        total = fact(facts, total_key)
        if total_key == "prose_three_public_total" and fact(facts, "prose_vehicles") is None:
            part_keys = [*part_keys[:2], "prose_vehicle_purchase", "prose_vehicle_operation"]
        parts = [fact(facts, key) for key in part_keys]
        if total is not None and sum(part is not None for part in parts) >= 2:
            audit.equal(
                "prose_arithmetic",
                "documents",
                what,
                add(parts),
                total,
                f"情况说明所述{what}与其所列各项之和不符",
            )


def check_prose_procurement(
    audit: Audit, records: dict[str, list[Record]], facts: dict[str, object]
) -> None:
    """What the prose says about procurement against the procurement table: its total, and
    planned fixed-asset purchases said to be in the procurement budget (no more than it)."""
    items = records.get("procurement", [])
    if not items and facts.get("procurement_empty") is not True:
        return  # no procurement table (one printed empty says the budget is 0)
    totals = records.get("procurement_totals", [])
    total = next((t for t in totals if t.get("kind") == "total"), None)
    printed = value(total, "total") if total else add(value(i, "total") for i in items)
    printed = ZERO if printed is None else printed
    stated = fact(facts, "prose_procurement_total")
    if stated is not None and printed is not None:
        audit.equal(
            "prose_vs_table",
            "procurement",
            "政府采购预算",
            as_stated(printed, stated),
            stated,
            "情况说明所述政府采购预算与政府采购预算表合计不符",
        )
    if facts.get("stated_purchases_in_procurement"):
        audit.at_most(
            "prose_vs_table",
            "procurement",
            "拟购置固定资产",
            printed,
            fact(facts, "prose_planned_purchases"),
            "情况说明所述拟购置固定资产（已列入政府采购预算）超过政府采购预算表合计",
        )


def check_procurement(audit: Audit, records: dict[str, list[Record]]) -> None:
    """Items against their unit's 小计 and the 合计; quantity × unit price = amount."""
    items = records.get("procurement", [])
    totals = records.get("procurement_totals", [])
    for item in items:
        quantity, price = item.get("quantity"), item.get("unit_price")
        if isinstance(quantity, Decimal) and isinstance(price, Decimal):
            audit.equal(
                "row_identity",
                "procurement",
                f"行 {item['row_no']} {item.get('item') or ''}",
                quantity * price,
                value(item, "total"),
                f"采购品目“{item.get('item')}”的数量×单价与合计不符",
            )
    subtotals = [t for t in totals if t.get("kind") == "subtotal"]
    for subtotal in subtotals:
        own = [i for i in items if i.get("unit_name") == subtotal.get("unit_name")]
        for column in AMOUNT_COLUMNS:
            if column in subtotal:
                audit.equal(
                    "hierarchy_sum",
                    "procurement",
                    f"{subtotal.get('unit_name')} 小计",
                    add(value(i, column) for i in own),
                    value(subtotal, column),
                    f"{subtotal.get('unit_name')}小计与其采购品目之和不符（{column}）",
                )
    for total in (t for t in totals if t.get("kind") == "total"):
        for column in AMOUNT_COLUMNS:
            if column in total:
                audit.equal(
                    "hierarchy_sum",
                    "procurement",
                    "合计",
                    add(value(i, column) for i in items),
                    value(total, column),
                    f"政府采购预算合计与各品目之和不符（{column}）",
                )


def asset_total(rows: list[Record]) -> Record | None:
    """The 资产总额 / 合计 line of the fixed-asset table."""
    return next((r for r in rows if re.search("总额|合计|总计", str(r.get("item", "")))), None)


def check_assets(audit: Audit, records: dict[str, list[Record]]) -> None:
    """资产总额 = the numbered asset classes (the 其中 lines are parts of a class)."""
    rows = records.get("assets", [])
    total = asset_total(rows)
    classes = [r for r in rows if NUMBERED_ITEM.match(str(r.get("item", "")))]
    if total is not None and classes:
        audit.equal(
            "hierarchy_sum",
            "assets",
            str(total["item"]),
            add(value(r, "value") for r in classes),
            value(total, "value"),
            "固定资产总额与各类资产价值之和不符",
        )
