"""Small text helpers shared by repair and recognition."""

from __future__ import annotations

import re

# CJK ideographs plus the full-width punctuation that sits between them in Chinese text.
CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")
NUMBER = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|-?\.\d+")


def compact(text: str) -> str:
    """Text with all whitespace removed: the form used to compare titles and headers."""
    return re.sub(r"\s+", "", text)


def join_cjk(text: str) -> str:
    """Remove spaces that wrapping put between Chinese characters; keep other spacing."""
    return SPACE_NEXT_TO_CJK.sub("", re.sub(r"\s+", " ", text.strip()))


def is_number(text: str) -> bool:
    """Whether text is a printed amount such as ``3502.60``, ``1,234.5`` or ``-0.50``."""
    return bool(NUMBER.fullmatch(text))
