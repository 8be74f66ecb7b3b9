"""The audit's building blocks: a check counter and the arithmetic on printed figures.

A check compares what figures a table prints with what other printed figures imply. Only
columns a table prints take part (a record carries the fields of its table's columns), and
a check where nothing is printed on either side is not a check: it is neither run nor
failed. A difference of one unit in the last printed digit is a rounding difference
(尾差), which disclosures admit to; it is reported apart from real errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0")
Record = dict[str, object]
NUMBERING = re.compile(r"^[一二三四五六七八九十]+、|^\d+[、.]")


def value(record: Record | None, column: str) -> Decimal | None:
    """A printed amount; None where the cell is empty, the column not printed or no row."""
    if record is None:
        return None
    found = record.get(column)
    return found if isinstance(found, Decimal) else None


def add(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the printed amounts (an empty cell counts as zero); None if all are empty."""
    printed = [v for v in values if v is not None]
    return sum(printed, ZERO) if printed else None


def prints(record: Record | None, *columns: str) -> bool:
    """Whether a row's table prints all these columns (empty cells included)."""
    return record is not None and all(column in record for column in columns)


def last_digit(*values: Decimal | None) -> Decimal:
    """One unit in the last printed digit of the coarsest of the figures (0.01 for 3502.60)."""
    exponents = [v.as_tuple().exponent for v in values if v is not None]
    coarsest = max((e for e in exponents if isinstance(e, int)), default=-2)
    return Decimal(1).scaleb(coarsest)


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
        expected: Decimal | None,
        actual: Decimal | None,
        message: str,
        severity: str = "error",
    ) -> None:
        """Count a check; record a finding when the printed figure differs (a difference of
        one unit in the last printed digit as a rounding difference)."""
        if expected is None and actual is None:
            return
        self.run += 1
        want, got = expected or ZERO, actual or ZERO
        if want == got:
            return
        rounding = severity == "error" and abs(got - want) <= last_digit(expected, actual)
        self.findings.append(
            {
                "check": check,
                "severity": "rounding" if rounding else severity,
                "table": table,
                "row_ref": row_ref,
                "expected": want,
                "actual": got,
                "message": f"{message}：应为 {want}，表中为 {got}，相差 {got - want}"
                + ("（尾差）" if rounding else ""),
            }
        )

    def at_most(
        self,
        check: str,
        table: str,
        row_ref: str,
        limit: Decimal | None,
        actual: Decimal | None,
        message: str,
    ) -> None:
        """Count a check; record a finding when a printed part exceeds what contains it."""
        if limit is None or actual is None:
            return
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
    """The table's total row: its 合计 (level 0), or its first level-0 row (a department's
    total where rows go by budget unit)."""
    totals = [r for r in rows if r.get("level") == 0]
    return next((r for r in totals if not r.get("unit_name")), totals[0] if totals else None)


def line(rows: list[Record], side: str, kind: str) -> Record | None:
    """The first line of a side of a summary with the given kind."""
    return next(iter(summary_lines(rows, side, kind)), None)
