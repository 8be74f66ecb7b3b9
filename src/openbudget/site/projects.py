"""Project performance targets (项目绩效目标表): one collapsible block per project.

Each project is a ``<details class="note">`` block (the markup ``??? note`` produces), written
as HTML so it can carry its parts as tables. Inside it, a visually hidden heading with the
anchor ``project-<seq>`` starts a search section of its own, so a search for a project's name
or indicator text lands on that project, and Material opens the block when the anchor is the
target (a link from the projects page, or a search result).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup

from openbudget.schema import field_title

from .amounts import format_amount, format_decimal, page_ref, shown_amount, to_decimal
from .data import Document, Row
from .layout import render
from .pageimages import printed_pages
from .urls import DOWNLOADS_FROM_PAGES, project_anchor

#: Indicator columns in printed order; the 2020 template has 优/良/中/差 instead of 指标值.
INDICATOR_COLUMNS: tuple[str, ...] = (
    "level1",
    "level2",
    "name",
    "description",
    "target",
    "grade_excellent",
    "grade_good",
    "grade_fair",
    "grade_poor",
    "basis",
)
#: Indicator text worth searching; the rest (template words such as 产出指标, targets,
#: grades, the basis repeated on every row) would only swell the index every visitor loads.
_SEARCHABLE_INDICATOR_COLUMNS = frozenset({"name", "description"})
#: Columns whose printed cells are merged over several rows (一级 / 二级指标).
_MERGED = ("level1", "level2")
#: The spending plan's columns. 3月底, 6月底 and 12月底 are always shown (the printed frame);
#: 9月底 only in quarterly plans, which fill it instead of 10月底.
SCHEDULE_COLUMNS: tuple[str, ...] = (
    "schedule_march",
    "schedule_june",
    "schedule_september",
    "schedule_october",
    "schedule_december",
)
_SCHEDULE_FRAME = frozenset({"schedule_march", "schedule_june", "schedule_december"})
#: The first item of a numbered list run into one line: ``1.预计… 2.按每人…``.
_BUDGET_COLUMNS = ("budget", "fiscal_funds", "other_funds")
_FIRST_ITEM = re.compile(r"^1[.、．](?!\d)")


def project_name(project: Row) -> str:
    """The project's name as printed, else its table title, else its number."""
    for key in ("project_name", "title"):
        value = " ".join(project.get(key, "").split())
        if value:
            return value
    return f"项目 {project.get('project_seq', '').strip()}"


def project_label(project: Row) -> str:
    """``3. 项目名称`` — names repeat within a document, the number tells them apart."""
    seq = project.get("project_seq", "").strip()
    return f"{seq}. {project_name(project)}" if seq else project_name(project)


def indicator_count(doc: Document, project: Row) -> int | None:
    """Indicator rows in the package, else the count the parser recorded, else unknown."""
    rows = doc.indicators(project.get("project_seq", ""))
    if rows:
        return len(rows)
    printed = project.get("indicator_count", "").strip()
    return int(printed) if printed.isdecimal() else None


def numbered_items(line: str) -> list[str]:
    """Split ``1.… 2.… 3.…`` run together in one line into its items.

    Only a line starting with item 1 is split, and only before the next number in sequence
    (2, then 3, …) that no digit precedes or follows — so ``2.5 万元`` or ``第12.`` stay whole.
    """
    if not _FIRST_ITEM.match(line):
        return [line]
    items, start, number = [], 0, 2
    while True:
        found = re.compile(rf"(?<![\d.．]){number}[.、．](?!\d)").search(line, start + 1)
        if found is None:
            break
        items.append(line[start : found.start()])
        start, number = found.start(), number + 1
    items.append(line[start:])
    return items


def paragraphs(text: str, split_numbered: bool = False) -> list[str]:
    """Lines of source text as paragraphs; optionally one paragraph per numbered item."""
    found = []
    for line in text.replace("\r\n", "\n").split("\n"):
        parts = numbered_items(line.strip()) if split_numbered else [line]
        found += [" ".join(part.split()) for part in parts if part.strip()]
    return found


def _facts(project: Row) -> list[tuple[str, str, object]]:
    """项目编码, 单位名称, 预算数 with its two sources, 资金用途: (title, kind, value) rows of a
    two-column table; kind ``code`` shows the value as code, ``lines`` one line each."""
    rows: list[tuple[str, str, object]] = []
    if project.get("project_code", "").strip():
        rows.append(("project_code", "code", project["project_code"].strip()))
    if project.get("unit_name", "").strip():
        rows.append(("unit_name", "text", project["unit_name"].strip()))
    budget = project.get("budget", "")
    if any(project.get(key, "").strip() for key in _BUDGET_COLUMNS):
        rows.append(("budget", "text", shown_amount(budget) + (" 万元" if budget.strip() else "")))
        for key in ("fiscal_funds", "other_funds"):
            rows.append((key, "text", shown_amount(project.get(key, ""))))
    purpose = project.get("purpose", "").strip()
    if purpose:
        rows.append(("purpose", "lines", paragraphs(purpose)))
    # The 2020 template prints neither code nor budget; the page's intro says so.
    return [(field_title("projects", key), kind, value) for key, kind, value in rows]


def _schedule(project: Row) -> dict[str, object] | None:
    """资金支出计划: shares (schedule_unit %) or bare figures, exactly as printed."""
    filled = [col for col in SCHEDULE_COLUMNS if project.get(col, "").strip()]
    if not filled:
        return None
    columns = [
        col
        for col in SCHEDULE_COLUMNS
        if col in filled
        or col in _SCHEDULE_FRAME
        or (col == "schedule_october" and "schedule_september" not in filled)
    ]
    unit = project.get("schedule_unit", "").strip()
    suffix = unit if unit == "%" else ""
    values = [project.get(col, "") for col in columns]
    return {
        "title": f"资金支出计划（{unit}）" if unit else "资金支出计划",
        "head": [field_title("projects", col) for col in columns],
        "cells": [format_amount(value) + (suffix if value.strip() else "") for value in values],
    }


def _spans(rows: list[Row], column: str, within: list[int] | None) -> list[int]:
    """Row spans of a merged column: a value covers the rows below it that repeat it or are
    blank (the printed merged cell), never across a boundary of the enclosing column."""
    spans = [1] * len(rows)
    start = None
    for index, row in enumerate(rows):
        value = row.get(column, "").strip()
        boundary = within is not None and within[index] > 0
        if (
            start is not None
            and not boundary
            and value in ("", rows[start].get(column, "").strip())
        ):
            spans[start] += 1
            spans[index] = 0
            continue
        start = index if value else None
    return spans


def _indicator_css(column: str) -> str:
    if column in _MERGED:
        return "ob-text ob-merged"
    return "ob-text ob-grade" if column.startswith("grade_") else "ob-text"


def indicator_table(rows: list[Row]) -> dict[str, object]:
    """The indicators of one project, with the printed merged 一级 / 二级指标 cells: the head
    (class, title) and, for each row, its cells (class, column title, rowspan, searched,
    text); a merged cell's rows below it have no cell of that column."""
    columns = [col for col in INDICATOR_COLUMNS if any(row.get(col, "").strip() for row in rows)]
    spans: dict[str, list[int]] = {}
    within: list[int] | None = None
    for col in _MERGED:
        if col in columns:
            spans[col] = _spans(rows, col, within)
            within = spans[col]
    titles = {col: field_title("indicators", col) for col in columns}
    body = []
    for index, row in enumerate(rows):
        cells = []
        for col in columns:
            span = spans.get(col, [1] * len(rows))[index]
            if span:
                searched = col in _SEARCHABLE_INDICATOR_COLUMNS
                text = row.get(col, "").strip()
                cells.append((_indicator_css(col), titles[col], span, searched, text))
        body.append(cells)
    head = [(_indicator_css(col), titles[col]) for col in columns]
    return {"count": len(rows), "head": head, "rows": body}


def project_block(
    project: Row, indicators: list[Row], findings: int = 0, printed: Markup | str = ""
) -> str:
    """One project as a collapsed block (``templates/project.html``): summary line, then
    facts, the printed pages (``printed``: links to their images), schedule, goal,
    indicators."""
    label = project_label(project)
    budget = project.get("budget", "").strip()
    return render(
        "project.html",
        label=label,
        budget=format_amount(budget) if budget else "",
        findings=findings,
        anchor=project_anchor(project.get("project_seq", "")),
        facts=_facts(project),
        where=Markup(page_ref([project])) + printed,
        schedule=_schedule(project),
        goal=paragraphs(project.get("goal", "").strip(), split_numbered=True),
        indicators=indicator_table(indicators) if indicators else None,
    )


def _findings_per_project(findings: list[Row]) -> dict[str, int]:
    """Findings whose row reference starts with a project's number (``3 项目名``)."""
    counts: dict[str, int] = defaultdict(int)
    for row in findings:
        match = re.match(r"\s*(\d+)(?:\s|$)", row.get("row_ref", ""))
        if match:
            counts[str(int(match.group(1)))] += 1
    return counts


def budgets_total(projects: list[Row]) -> Decimal | None:
    """Sum of the printed 预算数 (None when any project has no readable budget)."""
    amounts = [to_decimal(project.get("budget")) for project in projects]
    if not amounts or any(amount is None for amount in amounts):
        return None
    return sum((amount for amount in amounts if amount is not None), Decimal(0))


def projects_intro(projects: list[Row], project_spending: str) -> str:
    """One sentence: how many projects, their budgets' sum, and the printed 项目支出 (and,
    for tables without budgets, that they have none)."""
    total = budgets_total(projects)
    text = f"本文件列出 {len(projects)} 个项目的绩效目标表"
    if total is not None:
        text += f"，各项目预算数相加为 {format_decimal(total)} 万元"
        if project_spending.strip():
            text += f"（部门预算支出总表的项目支出为 {format_amount(project_spending)} 万元）"
    budgets = any(p.get(key, "").strip() for p in projects for key in _BUDGET_COLUMNS)
    if not budgets:
        text += "；这些表（旧版格式）没有列出项目编码和预算数，只有绩效目标和绩效指标"
    return text + "。"


def project_blocks(doc: Document, findings: list[Row]) -> str:
    """Every project of the document as collapsed blocks, in printed order."""
    flagged = _findings_per_project(findings)
    blocks = []
    for project in doc.rows("projects"):
        seq = project.get("project_seq", "").strip()
        key = str(int(seq)) if seq.isdecimal() else seq
        printed = printed_pages(doc, f"project-{seq}", DOWNLOADS_FROM_PAGES)
        blocks.append(project_block(project, doc.indicators(seq), flagged.get(key, 0), printed))
    return "\n\n".join(blocks)
