"""The audit's building blocks: a check counter and the arithmetic on printed figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0")
Record = dict[str, object]
NUMBERING = re.compile(r"^[一二三四五六七八九十]+、|^\d+[、.]")


def value(record: Record | None, column: str) -> Decimal:
    """A printed amount for arithmetic: an empty cell (or missing row) counts as zero."""
    if record is None:
        return ZERO
    found = record.get(column)
    return found if isinstance(found, Decimal) else ZERO


def plain(item: object) -> str:
    """An item's name without its ordinal (``八、社会保障和就业支出`` → ``社会保障和就业支出``)."""
    return NUMBERING.sub("", str(item or "")).replace(" ", "")


@dataclass
class Audit:
    """Collects the checks run on one document and the findings of those that failed."""

    findings: list[Record] = field(default_factory=list)
    run: int = 0

    def equal(
        self,
        check: str,
        table: str,
        row_ref: str,
        expected: Decimal,
        actual: Decimal,
        message: str,
        severity: str = "error",
    ) -> None:
        """Count a check; record a finding when the printed figure differs."""
        self.run += 1
        if expected != actual:
            self.findings.append(
                {
                    "check": check,
                    "severity": severity,
                    "table": table,
                    "row_ref": row_ref,
                    "expected": expected,
                    "actual": actual,
                    "message": (
                        f"{message}：应为 {expected}，表中为 {actual}，相差 {actual - expected}"
                    ),
                }
            )

    def at_most(
        self, check: str, table: str, row_ref: str, limit: Decimal, actual: Decimal, message: str
    ) -> None:
        """Count a check; record a finding when a printed part exceeds what contains it."""
        self.run += 1
        if actual > limit:
            self.findings.append(
                {
                    "check": check,
                    "severity": "error",
                    "table": table,
                    "row_ref": row_ref,
                    "expected": limit,
                    "actual": actual,
                    "message": f"{message}：不应超过 {limit}，文中为 {actual}",
                }
            )


def summary_lines(rows: list[Record], side: str, kind: str) -> list[Record]:
    """Lines of one side of a two-sided summary with the given line kind."""
    return [r for r in rows if r["side"] == side and r["line_kind"] == kind]


def grand_total(rows: list[Record]) -> Record | None:
    """The 合计 row (level 0) of a classified table."""
    return next((r for r in rows if r.get("level") == 0), None)


def line(rows: list[Record], side: str, kind: str) -> Record | None:
    """The first line of a side of a summary with the given kind."""
    return next(iter(summary_lines(rows, side, kind)), None)
