"""Audit findings on the pages: where each finding goes, and how it reads.

A finding is shown beside the figures it concerns: one of the nine tables, the project
targets, procurement, fixed assets, or — for a check of the prose against the tables — the
figures stated in the prose. Errors (printed figures contradict each other) and warnings (a
check could not be completed, or a shortfall that may be legitimate) are listed in separate,
differently styled blocks; rounding differences (尾差) in a quiet block of their own.
"""

from __future__ import annotations

import re
from collections import defaultdict

from openbudget.schema import resource_fields

from .amounts import format_amount
from .data import STANDARD_TABLES, Document, Row
from .layout import render

#: Chinese names of the audit's rule ids (unknown ids are shown as recorded).
CHECK_NAMES: dict[str, str] = {
    "balance": "收支平衡",
    "cross_table": "表间一致",
    "hierarchy_sum": "上下级合计",
    "projects_total": "项目合计",
    "prose_arithmetic": "文字中的计算",
    "prose_unit": "文字中的金额单位",
    "unreadable_figure": "无法读取的数字",
    "prose_vs_table": "文字与表格",
    "row_identity": "行内等式",
    "summary_sum": "总表合计",
}
#: The check comparing the prose's figures with the tables.
PROSE_CHECK = "prose_vs_table"

SEVERITY_WORDS = {"error": "不符", "rounding": "尾差", "warning": "提示"}


def is_error(row: Row) -> bool:
    """Whether a finding is a real contradiction (not a rounding difference or a remark)."""
    return row.get("severity") == "error"


#: Where findings about a resource other than the nine tables are shown.
_PLACES: dict[str, str] = {
    "projects": "projects",
    "indicators": "projects",
    "procurement": "procurement",
    "assets": "assets",
    "org_units": "org_units",
    "sections": "prose",
    "documents": "prose",
}


def named_tables(row: Row) -> list[str]:
    """Resource names in a finding's ``table`` (a cross-table finding may name several)."""
    return [part for part in re.split(r"[^a-z_]+", row.get("table", "")) if part]


def route_findings(doc: Document) -> dict[str, list[Row]]:
    """Group a document's findings by the place on its page where they are shown.

    Keys are the nine table names, ``projects``, ``procurement``, ``assets``, ``org_units``,
    ``prose`` (checks of the prose, shown beside the prose's figures) and ``other``.
    """
    places: dict[str, list[Row]] = defaultdict(list)
    for row in doc.rows("checks"):
        named = named_tables(row)
        if row.get("check", "").strip() == PROSE_CHECK:
            targets = ["prose"]
        else:
            targets = [name for name in named if name in STANDARD_TABLES]
            if not targets:
                targets = sorted({_PLACES[name] for name in named if name in _PLACES})
        for target in targets or ["other"]:
            places[target].append(row)
    return dict(places)


def prose_mentions(doc: Document) -> dict[str, int]:
    """How many prose findings name each resource (for a pointer beside that table)."""
    counts: dict[str, int] = defaultdict(int)
    for row in doc.rows("checks"):
        if row.get("check", "").strip() == PROSE_CHECK:
            for name in set(named_tables(row)):
                counts[name] += 1
    return dict(counts)


#: A column name in a row reference: ``prose_operating_costs``.
_FIELD_NAME = re.compile(r"[a-z]+(?:_[a-z]+)+")


def _place(ref: str, resources: list[str]) -> list[tuple[str, str]]:
    """A row reference as (text, column name) parts: a column it names
    (``prose_operating_costs``) is shown by its Chinese title, the name kept for a tooltip;
    other text has no name."""
    titles: dict[str, str] = {}
    for resource in resources:
        try:
            titles.update({field.name: field.title for field in resource_fields(resource)})
        except KeyError:
            continue
    parts: list[tuple[str, str]] = []
    at = 0
    for match in _FIELD_NAME.finditer(ref):
        if match[0] in titles:
            parts += [(ref[at : match.start()], ""), (titles[match[0]], match[0])]
            at = match.end()
    return [part for part in [*parts, (ref[at:], "")] if part[0]]


def finding(row: Row, ref_label: str = "行") -> dict[str, object]:
    """A finding as ``templates/findings.md`` lists it: ``- **不符**（上下级合计，行 302）：
    message；应为 65.70，实际 65.80。`` The figures are added only when the message does not
    already state them; a number in the place needs its label (行 302, 项目 3 …), a name
    such as 合计 reads on its own."""
    severity = row.get("severity", "")
    rule = row.get("check", "").strip()
    ref = row.get("row_ref", "").strip()
    message = row.get("message", "").strip()
    details = [message.rstrip("。")] if message else []
    figures = []
    expected, actual = row.get("expected", "").strip(), row.get("actual", "").strip()
    if expected and expected not in message:
        figures.append(f"应为 {format_amount(expected)}")
    if actual and actual not in message:
        figures.append(f"实际 {format_amount(actual)}")
    if figures:
        details.append("，".join(figures))
    return {
        "severity": SEVERITY_WORDS.get(severity, severity),
        "rule": rule,
        "check": CHECK_NAMES.get(rule, rule),
        "label": ref_label if ref[:1].isdecimal() else "",
        "place": _place(ref, named_tables(row)),
        "details": details,
    }


def is_rounding(row: Row) -> bool:
    """Whether a finding is a rounding difference (尾差: a sum off by a cent or so)."""
    return row.get("severity") == "rounding"


def findings_blocks(rows: list[Row], prefix: str = "", ref_label: str = "行") -> str:
    """Admonitions for ``rows`` (``templates/findings.md``): errors in a red 审核发现 block,
    warnings in an orange 审核提示 block, rounding differences in a quiet grey 尾差 block (each
    only when it has rows), so a table whose sums are off by a cent does not look wrong;
    ``prefix`` such as 其他 goes before the title."""
    errors = [row for row in rows if is_error(row)]
    rounding = [row for row in rows if is_rounding(row)]
    warnings = [row for row in rows if not is_error(row) and not is_rounding(row)]

    blocks = [
        (
            kind,
            f"{prefix}{title}（{len(group)} 条）",
            [finding(row, ref_label) for row in group],
        )
        for kind, title, group in (
            ("failure", "审核发现", errors),
            ("warning", "审核提示", warnings),
            ("quote", "尾差", rounding),
        )
        if group
    ]
    return render("findings.md", blocks=blocks) + "\n" if blocks else ""
