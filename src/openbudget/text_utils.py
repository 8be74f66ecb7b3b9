"""Small text helpers shared by repair and recognition."""

from __future__ import annotations

import re

# CJK ideographs plus the full-width punctuation that sits between them in Chinese text.
CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")
ENUMERATOR = re.compile(r"[ \t]+(?=\d{1,2}[.、．](?!\d))")
ITEM_START = re.compile(r"^(\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]+[)）])")
SENTENCE_ENDS = ("。", "；", ";", "！", "？", "：", ":")
NUMBER = re.compile(r"-?(\d+(,\d{3})+|\d+)(\.\d+)?|-?\.\d+")


def compact(text: str) -> str:
    """Text with all whitespace removed: the form used to compare titles and headers.
    (``str.split`` splits on exactly the characters ``\\s`` matches, five times faster
    than ``re.sub``; recognition calls this some 20,000 times a document.)"""
    return "".join(text.split())


def join_cjk(text: str) -> str:
    """Remove spaces and line breaks that wrapping put into Chinese text; keep the rest.

    A break stays where a new numbered point starts (``… 2.按``, ``…\n3、``) or after a
    sentence ends, so numbered points stay apart once the wrapping is gone; elsewhere a
    line break is treated like a space.
    """
    text = ENUMERATOR.sub("\n", text.strip())
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    joined = lines[:1]
    for line in lines[1:]:
        if ITEM_START.match(line) or joined[-1].endswith(SENTENCE_ENDS):
            joined.append(line)
        else:
            joined[-1] += " " + line
    return "\n".join(SPACE_NEXT_TO_CJK.sub("", re.sub(r"\s+", " ", line)) for line in joined)


def is_number(text: str) -> bool:
    """Whether text is a printed amount such as ``3502.60``, ``1,234.5`` or ``-0.50``."""
    return bool(NUMBER.fullmatch(text))
