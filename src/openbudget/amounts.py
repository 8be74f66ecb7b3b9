"""Printed figures as exact Decimals, in 万元 whatever unit the table printed.

A table prints 元, 万元 or 亿元. Every amount is published in 万元, converted by moving the
decimal point (``Decimal.scaleb``): 62109297.20 元 → 6210.929720 万元, every printed digit
kept, nothing rounded, so the printed figure is the published one times 10,000. An empty
cell stays None; a cell that is not a figure is reported, never guessed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from openbudget.text_utils import compact, is_number

# Places the decimal point moves from a printed unit to 万元.
SHIFT = {"元": -4, "千元": -1, "万元": 0, "亿元": 4}
DEFAULT_UNIT = "万元"
EMPTY = {"", "-", "—", "--", "——", "－", "/"}


class RowProblem(ValueError):
    """A cell that cannot be read as its column requires (kept, reported, never guessed)."""


def amount(text: str, where: str, unit: str = DEFAULT_UNIT) -> Decimal | None:
    """A printed amount as an exact Decimal in 万元; an empty or dashed cell is None.

    ``3,502.60`` in 万元 is Decimal('3502.60'); ``195,774,300`` in 元 is
    Decimal('19577.4300'); ``120258,600`` (a separator left out) reads as 120258600.
    """
    text = compact(text)
    if text in EMPTY:
        return None
    if not is_number(text):
        raise RowProblem(f"{where}: {text!r} is not an amount")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - is_number guards this
        raise RowProblem(f"{where}: {text!r} is not an amount") from exc
    return in_wan(value, unit)


def in_wan(value: Decimal, unit: str) -> Decimal:
    """A value printed in ``unit`` expressed in 万元, exactly."""
    shifted = value.scaleb(SHIFT[unit])
    exponent = shifted.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        shifted = shifted.quantize(Decimal(1))  # 1.5 亿元 is 15000 万元, not 1.5E+4
    return shifted


def printed(value: Decimal, unit: str) -> Decimal:
    """The figure as the table printed it in ``unit`` (the inverse of :func:`in_wan`)."""
    return value.scaleb(-SHIFT[unit])
