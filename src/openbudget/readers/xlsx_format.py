"""Cell values of a workbook as the sheet prints them.

openpyxl hands back numbers as floats, and ``3502.6`` with the format ``#,##0.00`` is
printed ``3,502.60``. Amounts must keep their printed digits, so the float's shortest
round-trip text (``repr``) becomes a Decimal and is quantized to the decimals the format
asks for, rounding half away from zero as Excel does; no float arithmetic touches it.

What a format adds around the number (colour, padding, fill characters, literal text such
as currency signs) is not part of the amount and is left out; a negative number always
keeps its minus sign, even where the format would only colour it red.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

# Excel keeps 15 significant digits; "General" shows no more than that.
SIGNIFICANT = 15
WIDE = 400  # digits: the largest double (1.8e308) with 30 decimals and room to spare
QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
PLACEHOLDER = re.compile(r"[0#?]")


def cell_text(value: object, number_format: str | None) -> str:
    """The text a cell prints: numbers in their format, dates ISO, empty cells ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return format_number(value, number_format or "General")
    return str(value).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")


def to_decimal(value: int | float | Decimal) -> Decimal:
    """The exact printed value: ints as they are, floats by their shortest repr."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def section(number_format: str, number: Decimal) -> str:
    """The part of a ``positive;negative;zero;text`` format that applies to a number."""
    parts = split_sections(number_format)
    if number < 0 and len(parts) > 1:
        return parts[1]
    if number == 0 and len(parts) > 2:
        return parts[2]
    return parts[0]


def split_sections(number_format: str) -> list[str]:
    """Split a format at semicolons that are not inside quotes or escaped."""
    parts, current, quoted, escaped = [], "", False, False
    for char in number_format:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            current, escaped = current + char, True
        elif char == '"':
            current, quoted = current + char, not quoted
        elif char == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def format_number(value: int | float | Decimal, number_format: str) -> str:
    """A number as its format prints it: decimals, thousands separators and percent.

    Any double a cell can hold (up to 1.8e308) is printed whole: the arithmetic runs at a
    precision wider than the default 28 digits, which would refuse or round it."""
    with localcontext(prec=WIDE):
        return format_wide(value, number_format)


def format_wide(value: int | float | Decimal, number_format: str) -> str:
    """:func:`format_number` under a precision wide enough for every double."""
    try:
        number = to_decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    code = QUOTED.sub("", section(number_format, number))
    literal = QUOTED.sub(lambda m: unquote(m.group()), section(number_format, number))
    if number == 0 and not re.search(r"[0#]", code) and literal.strip(" ?"):
        return literal.replace("?", "").strip()  # accounting formats print zero as "-"
    if not PLACEHOLDER.search(code) or re.search(r"[eE][+-]", code):
        return general(number)
    if "%" in code:
        number = number.scaleb(2)
    integer_part, _, fraction = code.partition(".")
    decimals = len(PLACEHOLDER.findall(fraction))
    for _ in range(len(re.search(r",*$", integer_part.rstrip("%")).group())):
        number = number.scaleb(-3)  # trailing commas scale by thousands
    grouped = "," in integer_part.rstrip(",%")
    quantized = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if quantized == 0:
        quantized = abs(quantized)
    text = format(quantized, ",f" if grouped else "f")
    return text + ("%" if "%" in code else "")


def unquote(token: str) -> str:
    """The characters a quoted or escaped piece of a format prints (padding prints none)."""
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    return ""


def general(number: Decimal) -> str:
    """Excel's General format: at most 15 significant digits, no trailing zeros."""
    if number == 0:
        return "0"
    digits = number.adjusted() + 1
    rounded = number.quantize(Decimal(1).scaleb(digits - SIGNIFICANT), rounding=ROUND_HALF_UP)
    return format(rounded.normalize(), "f")
