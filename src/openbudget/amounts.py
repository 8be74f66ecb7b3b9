"""Printed figures as exact Decimals, in 万元 whatever unit the table printed.

A table prints 元, 万元 or 亿元. Every amount is published in 万元, converted by moving the
decimal point (``Decimal.scaleb``): 62109297.20 元 → 6210.929720 万元, every printed digit
kept, nothing rounded, so the printed figure is the published one times 10,000. An empty
cell stays None; a cell that is not a figure is reported, never guessed. While a recogniser
reads a table under :func:`unreadable_figures`, such a cell reads as empty and is listed,
so its row is still published and the audit reports what was printed (``checks``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

from openbudget.text_utils import compact, is_number

# Places the decimal point moves from a printed unit to 万元.
SHIFT = {"元": -4, "千元": -1, "万元": 0, "亿元": 4}
DEFAULT_UNIT = "万元"
EMPTY = {"", "-", "—", "--", "——", "－", "/"}
# More digits than any budget prints (a trillion 元 with cents is 15): such a "figure" is
# damage, and past 28 digits Decimal arithmetic would round it.
MAX_DIGITS = 20


class RowProblem(ValueError):
    """A cell that cannot be read as its column requires (kept, reported, never guessed)."""


# (where, printed text) of each figure that could not be read, while one is being collected.
_UNREADABLE: ContextVar[list[tuple[str, str]] | None] = ContextVar("unreadable", default=None)


@contextmanager
def unreadable_figures() -> Iterator[list[tuple[str, str]]]:
    """Within this block a cell that is not a figure (``1,2,3``, ``NaN``, ``1e308``) reads
    as empty instead of dropping its row; each is listed as (where, printed text)."""
    found: list[tuple[str, str]] = []
    token = _UNREADABLE.set(found)
    try:
        yield found
    finally:
        _UNREADABLE.reset(token)


def unreadable_finding(table: str, where: str, text: str) -> dict[str, object]:
    """The ``checks`` row for a figure that could not be read and is published empty."""
    return {
        "check": "unreadable_figure",
        "severity": "warning",
        "table": table,
        "row_ref": where,
        "expected": None,
        "actual": None,
        "message": f"原文印作“{text}”，不是可读的金额；该格按空白发布，该行其余数字照常发布",
    }


def amount(text: str, where: str, unit: str = DEFAULT_UNIT) -> Decimal | None:
    """A printed amount as an exact Decimal in 万元; an empty or dashed cell is None.

    ``3,502.60`` in 万元 is Decimal('3502.60'); ``195,774,300`` in 元 is
    Decimal('19577.4300'); ``120258,600`` (a separator left out) reads as 120258600.
    """
    text = compact(text)
    if text in EMPTY:
        return None
    if not is_number(text) or sum(c.isdecimal() for c in text) > MAX_DIGITS:
        listed = _UNREADABLE.get()
        if listed is None:
            raise RowProblem(f"{where}: {text!r} is not an amount")
        listed.append((where, text))
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - is_number guards this
        raise RowProblem(f"{where}: {text!r} is not an amount") from exc
    return in_wan(value, unit)


def in_wan(value: Decimal, unit: str) -> Decimal:
    """A value printed in ``unit`` expressed in 万元, exactly."""
    shifted = value.scaleb(SHIFT[unit])
    if not shifted:
        shifted = shifted.copy_abs()  # a printed -0 or -0.00 is zero
    exponent = shifted.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        shifted = shifted.quantize(Decimal(1))  # 1.5 亿元 is 15000 万元, not 1.5E+4
    return shifted


def printed(value: Decimal, unit: str) -> Decimal:
    """The figure as the table printed it in ``unit`` (the inverse of :func:`in_wan`)."""
    return value.scaleb(-SHIFT[unit])
