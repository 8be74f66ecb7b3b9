"""Read a printed indicator target (指标值) such as ``≥200人`` into operator, value and unit.

Targets are free text; only the common shape "comparison, number, unit" is read, so that
researchers can filter and compare them. Anything else (``12月底之前``, ``比上年提升``,
``=2021年1-12月份``) keeps only its printed text: a target is never guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

OPERATORS = {
    "≥": ">=",
    "≧": ">=",
    ">=": ">=",
    "＞=": ">=",
    "≤": "<=",
    "≦": "<=",
    "<=": "<=",
    "＜=": "<=",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
    "=": "=",
    "＝": "=",
}
OPERATOR = "|".join(re.escape(op) for op in sorted(OPERATORS, key=len, reverse=True))
# A unit is a percent sign, a short Latin or Chinese word, optionally "per" something
# (元/人, 次/月); words that place the number in time or rank (之前, 以上, 月底) are not units.
UNIT = r"%|‰|[A-Za-z]{1,6}|[\u4e00-\u9fff]{1,4}"
TARGET = re.compile(
    rf"^(?P<op>{OPERATOR})?\s*(?P<value>\d+(?:,\d{{3}})*(?:\.\d+)?)\s*"
    rf"(?P<unit>(?:{UNIT})(?:\s*/\s*(?:{UNIT}))?)?$"
)
NOT_A_UNIT = re.compile(r"[之以前后底内约余多]")


class Target(NamedTuple):
    """A target read into its parts; all None when it has no "operator number unit" shape."""

    operator: str | None
    value: Decimal | None
    unit: str | None


UNREAD = Target(None, None, None)


def parse_target(text: str | None) -> Target:
    """Operator (``>=``, ``<=``, ``>``, ``<``, ``=``), value and unit of a printed target.

    ``≥200 人`` gives (">=", 200, "人"), ``100%`` gives ("=", 100, "%"), ``2000 元`` gives
    ("=", 2000, "元"); text that is not one comparison of one number gives all None.
    """
    if not text:
        return UNREAD
    match = TARGET.match(text.strip())
    if match is None:
        return UNREAD
    unit = re.sub(r"\s+", "", match["unit"] or "") or None
    if unit is not None and NOT_A_UNIT.search(unit):
        return UNREAD
    operator = OPERATORS[match["op"]] if match["op"] else "="
    return Target(operator, Decimal(match["value"].replace(",", "")), unit)
