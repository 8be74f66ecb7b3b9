"""The rest of a disclosure as HTML: units, procurement, fixed assets, prose and its figures.

Like the nine tables, every figure is shown as printed (thousands separators added), an empty
printed cell stays empty, and columns empty throughout a table are left out with a note.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from openbudget.schema import Field, field_title, resource_fields

from .amounts import format_amount, page_ref
from .data import Document, Row
from .findings import PROSE_CHECK, SEVERITY_WORDS, is_error
from .layout import render
from .projects import paragraphs

#: Procurement columns in printed order (the unit is the group heading, not a column).
PROCUREMENT_COLUMNS: tuple[str, ...] = (
    "project_name",
    "project_budget",
    "item",
    "catalog_code",
    "measure_unit",
    "quantity",
    "unit_price",
    "total",
    "general_budget",
    "government_fund",
    "state_capital",
    "special_account",
    "unit_funds",
    "sme_reserved",
    "prior_year_carryover",
)
ORG_UNIT_COLUMNS: tuple[str, ...] = ("unit_name", "nature", "rank", "funding_form")
#: Numeric columns that are not 万元 amounts (shown right-aligned, as printed).
_COUNTS = frozenset({"quantity"})
_DIGITS = "零一二三四五六七八九"
_AMOUNT = Field(name="amount", title="金额", is_amount=True)

#: The row reference the audit gives each prose figure it compares (see audit.disclosure).
PROSE_REFS: dict[str, str] = {
    "prose_income_total": "收入总计",
    "prose_expenditure_total": "支出总计",
    "prose_basic": "基本支出",
    "prose_project": "项目支出",
    "prose_personnel": "人员经费",
    "prose_public_funds": "公用经费",
    "prose_operating_costs": "机关运行经费",
    "prose_three_public_total": "“三公”经费",
    "prose_travel_abroad": "因公出国（境）费",
    "prose_vehicles": "公务用车购置及运维费",
    "prose_vehicle_purchase": "公务用车购置费",
    "prose_vehicle_operation": "公务用车运行维护费",
    "prose_reception": "公务接待费",
    "prose_assets_total": "上年末固定资产",
}


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (section numbers up to 99)."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    text = ("" if tens < 2 else _DIGITS[tens]) + ("十" if tens else "")
    return text + (_DIGITS[units] if units else "")


def _table(
    head: list[tuple[str, str]], body: list[dict], css: str = "", searchable: bool = True
) -> str:
    """The table through ``templates/listing.html``."""
    classes = f"ob-table {css}".strip()
    return render("listing.html", classes=classes, searchable=searchable, head=head, body=body)


def _is_number(field: Field) -> bool:
    return field.is_amount or field.name in _COUNTS


def _cell(field: Field, text: str) -> tuple[str, str]:
    if _is_number(field):
        return ("ob-num", format_amount(text))
    return ("ob-text", " ".join(text.split()))


def _head(field: Field) -> tuple[str, str]:
    return ("ob-num" if _is_number(field) else "ob-text", field.title)


def _filled(
    resource: str, names: tuple[str, ...], rows: list[Row]
) -> tuple[list[Field], list[Field]]:
    """The columns with any printed value, and those empty throughout."""
    by_name = {field.name: field for field in resource_fields(resource)}
    shown, dropped = [], []
    for name in names:
        field = by_name[name]
        (shown if any(row.get(name, "").strip() for row in rows) else dropped).append(field)
    return shown, dropped


def dropped_note(dropped: list[Field]) -> str:
    return (
        f"以下各列全部为空，未列出：{'、'.join(field.title for field in dropped)}。"
        if dropped
        else ""
    )


# --------------------------------------------------------------------------- 机构设置


def org_units_table(rows: list[Row]) -> str:
    shown, _ = _filled("org_units", ORG_UNIT_COLUMNS, rows)
    head = [("ob-seq", "序号"), *(_head(field) for field in shown)]
    body = [
        {
            "cells": [("ob-seq", row.get("unit_seq", ""))]
            + [_cell(field, row.get(field.name, "")) for field in shown]
        }
        for row in rows
    ]
    return _table(head, body, "ob-org-units")


# --------------------------------------------------------------------------- 政府采购预算


def procurement_units(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Items grouped by budget unit, units in the order they are first printed."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(" ".join(row.get("unit_name", "").split()), []).append(row)
    return list(groups.items())


def procurement_table(rows: list[Row]) -> tuple[str, str]:
    """The procurement items under one heading row per unit; returns (html, note)."""
    shown, dropped = _filled("procurement", PROCUREMENT_COLUMNS, rows)
    groups = procurement_units(rows)
    body: list[dict] = []
    for unit, items in groups:
        if unit or len(groups) > 1:
            body.append({"group": f"{unit or '（未注明预算单位）'}（{len(items)} 项）"})
        body += [
            {"cells": [_cell(field, row.get(field.name, "")) for field in shown]} for row in items
        ]
    head = [_head(field) for field in shown]
    return _table(head, body, "ob-procurement"), dropped_note(dropped)


def procurement_state(doc: Document) -> str:
    """What the document says about procurement.

    ``"rows"`` (items listed), ``"empty"`` (the table is printed empty, 空表列示), ``"none"``
    (the document says there is none), ``"lost"`` (the document lists items the package does
    not have) or ``"unknown"`` (no items and nothing said; treated as none on the page).
    """
    if doc.rows("procurement"):
        return "rows"
    flag = doc.meta.get("procurement_empty", "").strip().lower()
    if doc.table_state("procurement") == "empty":
        return "empty"
    if flag in ("true", "1", "yes"):
        return "none"
    if flag in ("false", "0", "no"):
        return "lost"
    return "unknown"


# --------------------------------------------------------------------------- 固定资产


def assets_tables(rows: list[Row]) -> str:
    """One table per 截止时间 (normally one), 其中 lines indented under their class."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.get("as_of", "").strip(), []).append(row)
    out = []
    fields = {field.name: field for field in resource_fields("assets")}
    for as_of, items in groups.items():
        columns = ("item", "quantity", "value")
        head = [_head(fields[name]) for name in columns]
        body = []
        for row in items:
            item = " ".join(row.get("item", "").split())
            css = ""
            if re.search("总额|合计|总计", item):
                css = "ob-strong"
            elif item.startswith("其中"):
                css = "ob-sub"
            body.append({"css": css, "cells": [_cell(fields[n], row.get(n, "")) for n in columns]})
        when = f"{field_title('assets', 'as_of')}：{as_of}" if as_of else "截止时间未注明"
        subhead = Markup('<p class="ob-subhead">{}</p>\n').format(when)
        out.append(subhead + Markup(_table(head, body, "ob-assets", False)))
    return "\n\n".join(out)


# --------------------------------------------------------------------------- 情况说明


def section_title(row: Row) -> str:
    """``一、部门职责及机构设置情况``: the printed heading, numbered when it is not already."""
    heading = " ".join(row.get("heading", "").split())
    number = row.get("section_no", "").strip()
    if re.match(r"^[一二三四五六七八九十]+、|^\d+[、.．]", heading) or not number.isdecimal():
        return heading or f"第 {number} 节"
    prefix = f"{chinese_numeral(int(number))}、"
    return prefix + heading if heading else prefix.rstrip("、")


def section_anchor(row: Row) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", row.get("section_no", "").strip()).strip("-")
    return f"section-{slug or 'x'}"


#: A numbered sub-heading line of the prose: （一）总体绩效目标, 1、收入说明, 三是…
_SUBHEADING = re.compile(
    r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[、.．](?!\d))"
)


def is_subheading(line: str) -> bool:
    """A short numbered line without closing punctuation, or a short label ending in ：."""
    if len(line) > 40 or line.endswith(("。", "；", "，", ";", ",")):
        return False
    return bool(_SUBHEADING.match(line)) or (len(line) <= 12 and line.endswith(("：", ":")))


def section_block(row: Row) -> str:
    """A prose section as a collapsed block (``templates/section.html``), its paragraphs as
    printed (numbered sub-headings set in bold)."""
    title = section_title(row)
    return render(
        "section.html",
        title=title,
        anchor=section_anchor(row),
        paragraphs=[(is_subheading(part), part) for part in paragraphs(row.get("text", ""))],
        where=Markup(page_ref([row])),
    )


def prose_figures(doc: Document) -> list[tuple[str, str, str]]:
    """(field, label, printed amount) of every figure the prose states, in schema order."""
    found = []
    for field in resource_fields("documents"):
        if field.name.startswith("prose_") and doc.meta.get(field.name, "").strip():
            label = field.title.removeprefix("说明·")
            found.append((field.name, label, doc.meta[field.name].strip()))
    return found


#: The prose's figures in three small tables side by side (fields not listed go last).
PROSE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "收支",
        (
            "prose_income_total",
            "prose_expenditure_total",
            "prose_basic",
            "prose_personnel",
            "prose_public_funds",
            "prose_project",
            "prose_change",
        ),
    ),
    (
        "机关运行经费和“三公”经费",
        (
            "prose_operating_costs",
            "prose_three_public_total",
            "prose_travel_abroad",
            "prose_vehicles",
            "prose_vehicle_purchase",
            "prose_vehicle_operation",
            "prose_reception",
        ),
    ),
    ("固定资产", ("prose_assets_total", "prose_planned_purchases")),
)


def _prose_flags(name: str, rows: list[Row]) -> str:
    notes = []
    for row in rows:
        word = SEVERITY_WORDS.get(str(row.get("severity")), "提示")
        expected = format_amount(row.get("expected", ""))
        # 机关运行经费 are checked against 公用经费 as an upper bound, not for equality.
        where = "不应超过公用经费" if name == "prose_operating_costs" else "表中为"
        tail = f"，{where} {expected}" if expected and row.get("check") == PROSE_CHECK else ""
        css = "ob-flag--error" if is_error(row) else "ob-flag--warning"
        notes.append(Markup('<span class="ob-flag {}">{}{}</span>').format(css, word, tail))
    return Markup("；").join(notes)


def prose_figures_table(doc: Document, findings: list[Row]) -> str:
    """The prose's figures, grouped in small tables; where the audit disagreed, the table's
    figure is shown beside the prose's."""
    figures = {name: (label, amount) for name, label, amount in prose_figures(doc)}
    by_ref: dict[str, list[Row]] = {}
    for row in findings:
        ref = " ".join(row.get("row_ref", "").split())
        # A finding names the figure by the audit's label (收入总计 …) or by its field
        # (``机关运行经费安排情况：prose_operating_costs``).
        field = re.split(r"[:：]", ref)[-1].strip()
        if field in figures:
            ref = PROSE_REFS.get(field, field)
        elif row.get("check", "").strip() != PROSE_CHECK:
            continue
        by_ref.setdefault(ref, []).append(row)
    listed = {name for _, names in PROSE_GROUPS for name in names}
    groups = [*PROSE_GROUPS, ("其他", tuple(name for name in figures if name not in listed))]
    tables = []
    for title, names in groups:
        shown = [name for name in names if name in figures]
        if not shown:
            continue
        flags = {name: by_ref.get(PROSE_REFS.get(name, name), []) for name in shown}
        flagged = any(flags.values())
        head = [("ob-text", title), ("ob-num", "说明中的数字")]
        if flagged:
            head.append(("ob-text", "审核"))
        body = []
        for name in shown:
            label, amount = figures[name]
            cells = [("ob-text", label), _cell(_AMOUNT, amount)]
            if flagged:
                cells.append(("ob-text", Markup(_prose_flags(name, flags[name]))))
            body.append({"cells": cells})
        tables.append(_table(head, body, "ob-prose-figures", False))
    return '<div class="ob-prose-groups">\n' + "\n".join(tables) + "\n</div>"
