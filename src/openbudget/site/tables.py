"""The nine standard tables as HTML, laid out the way they are printed.

Raw HTML (rather than Markdown pipe tables) lets the summary tables keep their printed two-sided
layout (收入 on the left, 支出 on the right, with a grouped header) and lets classified rows be
indented by level (类 / 款 / 项). Figures are shown exactly as printed, with thousands
separators added; an empty printed cell stays empty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from openbudget.schema import Field, amount_fields, field_title

from .amounts import format_amount
from .data import Row
from .layout import render

#: Summary tables printed as two sides of one sheet: (income columns, expenditure columns).
_TWO_SIDED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "budget_summary": (("item", "amount"), ("item", "amount")),
    "fiscal_summary": (
        ("item", "total"),
        ("item", "total", "general_budget", "government_fund", "state_capital"),
    ),
}

#: Printed headings that differ from the schema title on one side of a two-sided table.
_SIDE_TITLES: dict[tuple[str, str, str], str] = {
    ("fiscal_summary", "income", "total"): "金额",
}

#: Line kinds shown even when they carry no amount, because they frame the table.
_FRAME_KINDS = frozenset({"subtotal", "carryover", "total"})
_STRONG_KINDS = frozenset({"subtotal", "total"})

#: Classified tables: (code column, name column).
_CLASSIFIED: dict[str, tuple[str, str]] = {
    "income": ("function_code", "function_name"),
    "expenditure": ("function_code", "function_name"),
    "general_budget_expenditure": ("function_code", "function_name"),
    "gov_fund_expenditure": ("function_code", "function_name"),
    "state_capital_expenditure": ("function_code", "function_name"),
    "basic_expenditure": ("economic_code", "economic_name"),
}


@dataclass
class RenderedTable:
    """HTML of one table plus plain-language notes about what was condensed."""

    html: str
    notes: list[str] = field(default_factory=list)


def _head(text: str, css: str, **spans: int) -> tuple[str, str, tuple]:
    return (css, text, tuple(spans.items()))


def _num(text: str) -> tuple[str, str]:
    return ("ob-num", format_amount(text))


def _table(head: list[list[tuple]], body: list[tuple], searchable: bool, notes: list[str]):
    """The table through ``templates/table.html``, with its notes."""
    html = render("table.html", head=head, body=body, searchable=searchable)
    return RenderedTable(html, notes)


def render_table(resource: str, rows: list[Row], searchable: bool = False) -> RenderedTable:
    """Render ``rows`` of a standard table; ``searchable`` keeps it in the search index."""
    if resource in _TWO_SIDED:
        return _two_sided(resource, rows, searchable)
    if resource in _CLASSIFIED:
        return _classified(resource, rows, searchable)
    return _plain(resource, rows, searchable)


def _two_sided(resource: str, rows: list[Row], searchable: bool) -> RenderedTable:
    lines: dict[int, dict[str, Row]] = defaultdict(dict)
    for row in rows:
        try:
            line_no = int(row.get("line_no", ""))
        except ValueError:
            continue
        lines[line_no][row.get("side", "")] = row

    # Each side keeps its item and first amount column; further amount columns that are
    # empty on every line (often the fund columns of 财政拨款收支总表) are left out.
    sides: list[tuple[str, list[str]]] = []
    dropped: list[str] = []
    for side, cols in zip(("income", "expenditure"), _TWO_SIDED[resource], strict=True):
        kept = []
        for position, col in enumerate(cols):
            filled = any(line.get(side, {}).get(col, "").strip() for line in lines.values())
            if col == "item" or position <= 1 or filled:
                kept.append(col)
            else:
                dropped.append(field_title(resource, col))
        sides.append((side, kept))

    def title(side: str, name: str) -> str:
        return _SIDE_TITLES.get((resource, side, name)) or field_title(resource, name)

    def has_content(line: dict[str, Row]) -> bool:
        for side, cols in sides:
            row = line.get(side)
            if row is None:
                continue
            if row.get("line_kind") in _FRAME_KINDS:
                return True
            if any(row.get(col, "").strip() for col in cols if col != "item"):
                return True
        return False

    head = [
        [_head("序号", "ob-seq", rowspan=2)]
        + [
            _head("收入" if side == "income" else "支出", "ob-group", colspan=len(cols))
            for side, cols in sides
        ],
        [
            _head(title(side, col), "ob-text" if col == "item" else "ob-num")
            for side, cols in sides
            for col in cols
        ],
    ]
    body: list[tuple] = []
    hidden = 0
    for line_no in sorted(lines):
        line = lines[line_no]
        if not has_content(line):
            hidden += 1
            continue
        strong = any(row.get("line_kind") in _STRONG_KINDS for row in line.values())
        cells = [("ob-seq", str(line_no))]
        for side, cols in sides:
            row = line.get(side, {})
            for col in cols:
                if col == "item":
                    cells.append(("ob-text ob-item", row.get(col, "")))
                else:
                    cells.append(_num(row.get(col, "")))
        body.append(("ob-strong" if strong else "", cells))
    notes = []
    if hidden:
        notes.append(f"另有 {hidden} 行两侧均无金额的科目行未列出（完整各行见数据文件）。")
    if dropped:
        notes.append(f"以下各列全部为空，未列出：{'、'.join(dropped)}。")
    return _table(head, body, searchable, notes)


def _shown_amounts(resource: str, rows: list[Row]) -> tuple[list[Field], list[Field]]:
    """Split amount columns into those with any printed figure and those empty throughout."""
    shown, dropped = [], []
    for col in amount_fields(resource):
        (shown if any(row.get(col.name, "").strip() for row in rows) else dropped).append(col)
    if not shown:
        shown, dropped = list(amount_fields(resource)), []
    return shown, dropped


def _dropped_note(dropped: list[Field]) -> list[str]:
    if not dropped:
        return []
    names = "、".join(col.title for col in dropped)
    return [f"以下各列全部为空，未列出：{names}。"]


def _level(row: Row) -> int:
    try:
        return max(0, min(3, int(row.get("level", ""))))
    except ValueError:
        return 0


def _classified(resource: str, rows: list[Row], searchable: bool) -> RenderedTable:
    code_col, name_col = _CLASSIFIED[resource]
    shown, dropped = _shown_amounts(resource, rows)
    head = [
        [
            _head(field_title(resource, code_col), "ob-code"),
            _head(field_title(resource, name_col), "ob-text"),
            *(_head(col.title, "ob-num") for col in shown),
        ]
    ]
    body = [
        (
            f"ob-level-{_level(row)}",
            [
                ("ob-code", row.get(code_col, "")),
                ("ob-text ob-name", row.get(name_col, "")),
                *(_num(row.get(col.name, "")) for col in shown),
            ],
        )
        for row in rows
    ]
    return _table(head, body, searchable, _dropped_note(dropped))


def _plain(resource: str, rows: list[Row], searchable: bool) -> RenderedTable:
    shown, dropped = _shown_amounts(resource, rows)
    head = [
        [_head(field_title(resource, "item"), "ob-text")]
        + [_head(col.title, "ob-num") for col in shown]
    ]
    body = [
        (
            "ob-strong" if row.get("item", "").replace(" ", "").startswith("合计") else "",
            [("ob-text", row.get("item", ""))] + [_num(row.get(col.name, "")) for col in shown],
        )
        for row in rows
    ]
    return _table(head, body, searchable, _dropped_note(dropped))


#: Chinese names of the repair kinds the parser records (unknown kinds are shown as recorded).
REPAIR_KINDS: dict[str, str] = {
    "bold-tag": "去除加粗标记",
    "cell-text-broken-across-page": "合并跨页断开的单元格文字",
    "page-number": "去除页码",
    "repeated-header": "去除重复表头",
    "row-broken-across-page": "合并跨页断行",
    "split-number": "合并被拆开的数字或编码",
    "table-continued": "合并跨页续表",
    "wrapped-text": "合并折行文字",
}


def repair_summary(rows: list[Row]) -> str:
    """One document's repairs by kind, largest first (``合并跨页断开的单元格文字 302 处，…``)."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.get("kind", "")] += 1
    return "，".join(
        f"{REPAIR_KINDS.get(kind, kind)} {count:,} 处"
        for kind, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
