"""Amount handling for display: the printed string stays the source of truth.

The package stores amounts exactly as printed (``"3502.60"``), so the pages format that string
rather than a float: a reader comparing the page with the PDF sees the same digits. Sums use
``Decimal``; floats are only produced for chart marks, where rounding cannot reach a total.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

#: What a page shows where a figure is not known (a blank printed cell stays blank instead).
DASH = "—"


def to_decimal(text: str | None) -> Decimal | None:
    """Parse a printed amount; empty or unparseable cells give ``None`` (never 0)."""
    if text is None:
        return None
    value = text.strip().replace(",", "")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def to_float(text: str | None) -> float | None:
    """Chart-only conversion of a printed amount (never used in a sum)."""
    number = to_decimal(text)
    return None if number is None else float(number)


def format_amount(text: str | None) -> str:
    """Add thousands separators to a printed amount and keep its printed decimals.

    ``"3502.60"`` becomes ``"3,502.60"``; an empty cell stays empty; a cell that is not a
    number is shown unchanged, so nothing printed is ever hidden.
    """
    if text is None:
        return ""
    value = text.strip()
    if not value:
        return ""
    if to_decimal(value) is None:
        return value
    sign = ""
    body = value.replace(",", "")
    if body[0] in "+-":
        sign, body = ("-" if body[0] == "-" else ""), body[1:]
    whole, dot, fraction = body.partition(".")
    digits = whole.lstrip("0") or "0"
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return f"{sign}{','.join(groups)}{dot}{fraction}"


def shown_amount(text: str | None) -> str:
    """A printed amount as a page shows a figure: :func:`format_amount`, or :data:`DASH` where
    nothing is printed."""
    return format_amount(text) or DASH


def format_decimal(number: Decimal | None) -> str:
    """Format a computed ``Decimal`` the way printed amounts are shown (two decimals)."""
    if number is None:
        return ""
    return format_amount(f"{number.quantize(Decimal('0.01'))}")


def page_ref(rows: list[dict[str, str]]) -> str:
    """Where rows are printed in the published file: "原文第 3 页" or "原文第 3–5 页"
    (empty for sources without pages, such as text extracts and Word files)."""
    pages = sorted({int(p) for row in rows if (p := str(row.get("page") or "")).isdecimal()})
    if not pages:
        return ""
    if pages[0] == pages[-1]:
        return f"原文第 {pages[0]} 页。"
    return f"原文第 {pages[0]}–{pages[-1]} 页。"
