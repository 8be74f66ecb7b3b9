"""Spending from 类 down to 款 and 项: the drill-down under a department's function chart.

The chart above it draws the 类 (one bar each); a reader who clicks a bar, or opens a 类
below it, sees that 类's 款 as a table with a bar per row, and each 款 opens in turn to its
项. Every level is a plain table in nested ``<details>``: the keyboard opens them as it opens
any block (Tab, Enter), screen readers read the figures, print and no-script readers get the
same, and no chart library is needed below the first level. Each level starts with a
sentence naming its largest part, the alt text of the level. The search index weighs each
name by its amount (``data-search-amount``, see :mod:`.searchindex`).

The tree is the 支出总表's own rows (``expenditure``, levels 1–3), each row placed under the
row above it whose code its code extends (``20807`` under ``208``), or, where codes are not
printed, under the last row of the level above. Amounts are shown as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .amounts import format_amount, to_decimal
from .charts import row_level
from .data import Row
from .layout import render
from .model import percent

#: The id of the blocks' container, which a click on the chart's bars looks in.
DRILL_ID = "function-drill"
#: The names of the levels, from 类 (1) down.
LEVELS = {1: "类", 2: "款", 3: "项"}


@dataclass
class Node:
    """One row of the function classification and the rows under it."""

    code: str
    name: str
    printed: str
    amount: Decimal
    level: int
    children: list[Node] = field(default_factory=list)
    #: The block's id: ``fn-20807`` by code, or by position where no code is printed.
    anchor: str = ""

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


def function_tree(expenditure: list[Row]) -> list[Node]:
    """The 类 of a 支出总表 with their 款 and 项 (rows without an amount left out)."""
    roots: list[Node] = []
    last: dict[int, Node] = {}
    for row in expenditure:
        level, amount = row_level(row), to_decimal(row.get("total"))
        if level not in LEVELS or amount is None:
            continue
        code = row.get("function_code", "").strip()
        node = Node(code, row.get("function_name", "").strip(), row["total"], amount, level)
        parent = last.get(level - 1)
        if level == 1:
            roots.append(node)
        elif parent is not None and (not code or not parent.code or code.startswith(parent.code)):
            parent.children.append(node)
        else:
            continue  # a 款 or 项 whose 类 is not printed: the table above shows it
        last[level] = node
        for deeper in [key for key in last if key > level]:
            del last[deeper]
    _name_blocks(roots, "fn")
    return roots


def _name_blocks(nodes: list[Node], prefix: str) -> None:
    for position, node in enumerate(nodes, 1):
        node.anchor = f"fn-{node.code}" if node.code else f"{prefix}-{position}"
        _name_blocks(node.children, node.anchor)


def _fraction(part: Decimal, whole: Decimal) -> str:
    return f"{max(part, Decimal(0)) / whole:.3f}" if whole > 0 else "0"


def summary_sentence(node: Node) -> str:
    """The level's alt text: its total and its largest part, with that part's share."""
    total = format_amount(node.printed)
    if not node.children:
        return f"{node.name} {total} 万元。"
    largest = max(node.children, key=lambda child: child.amount)
    level = LEVELS.get(largest.level, "")
    if len(node.children) == 1:
        return f"{node.name} {total} 万元，只有一{level}：{largest.name}。"
    return (
        f"{node.name} {total} 万元，分 {len(node.children)} {level}，最多的是{largest.name} "
        f"{format_amount(largest.printed)} 万元，占 {percent(largest.amount, node.amount)}。"
    )


def _rows(node: Node) -> list[dict[str, str]]:
    return [
        {
            "label": child.label,
            "value": str(child.amount),
            "anchor": child.anchor if child.children else "",
            "amount": format_amount(child.printed),
            "share": percent(child.amount, node.amount),
            # The bar's length, 0–1 of the largest part's (which gets the longest bar).
            "bar": _fraction(child.amount, max(c.amount for c in node.children)),
        }
        for child in node.children
    ]


def _view(node: Node) -> dict[str, object]:
    return {
        "anchor": node.anchor,
        "label": node.label,
        "name": node.name,
        "amount": format_amount(node.printed),
        "sentence": summary_sentence(node),
        "level": LEVELS.get(node.level + 1, ""),
        "rows": _rows(node),
        "children": [_view(child) for child in node.children if child.children],
    }


def chart_sentence(expenditure: list[Row], tree: list[Node]) -> str:
    """The alt text of the 类 chart (``tree``: :func:`function_tree` of ``expenditure``): the
    total and its largest 类 ('' without a total)."""
    total = next((row for row in expenditure if row_level(row) == 0), None)
    amount = to_decimal(total.get("total")) if total else None
    if total is None or amount is None:
        return ""
    return summary_sentence(Node("", "支出合计", total["total"], amount, 0, tree))


def drill_html(tree: list[Node]) -> str:
    """The 类 → 款 → 项 blocks of a :func:`function_tree` under the function chart ('' when
    no 类 has a 款)."""
    nodes = [_view(node) for node in tree if node.children]
    return render("drill.html", id=DRILL_ID, nodes=nodes) if nodes else ""
