"""Word's automatic list numbers (``一、``, ``（二）``, ``3.``), which are not in the text.

A heading such as ``一、部门职责及机构设置情况`` is often numbered by Word itself: the
paragraph's text is only ``部门职责及机构设置情况`` and the ``一、`` comes from the list
definition in ``numbering.xml``. Recognisers find sections by those numbers, so the reader
puts them back, counting as Word does: per list, each level restarting under its parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

DIGITS = "零一二三四五六七八九"
IDEOGRAPHS = "甲乙丙丁戊己庚辛壬癸"
ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
FULL_WIDTH_PUNCTUATION = "、．）)】」。：:"


def chinese(number: int) -> str:
    """A count in Chinese numerals as Word's ``chineseCounting`` prints it (一, 十一, 二十)."""
    if number <= 0 or number >= 10000:
        return str(number)
    text = ""
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        digit, number = divmod(number, unit)
        if digit:
            text += ("" if unit == 10 and digit == 1 and not text else DIGITS[digit]) + name
        elif text and number:
            text += "" if text.endswith("零") else "零"
    return text + (DIGITS[number] if number else "")


def roman(number: int) -> str:
    """Upper-case Roman numerals."""
    text = ""
    for value, letters in ROMAN:
        while number >= value:
            text += letters
            number -= value
    return text


def letters(number: int) -> str:
    """A, B, … Z, AA, BB as Word counts letters."""
    if number <= 0:
        return str(number)
    return chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    """One level's counter in the level's number format."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting"):
        return chinese(number)
    if fmt == "ideographTraditional" and 1 <= number <= 10:
        return IDEOGRAPHS[number - 1]
    if fmt == "upperLetter":
        return letters(number)
    if fmt == "lowerLetter":
        return letters(number).lower()
    if fmt == "upperRoman":
        return roman(number)
    if fmt == "lowerRoman":
        return roman(number).lower()
    if fmt.startswith("decimalEnclosedCircle") and 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(number))
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(number)


@dataclass
class Level:
    """One level of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False
    suffix: str = "tab"


@dataclass
class Numbering:
    """List definitions of a document and the running counters while it is read."""

    lists: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_lists: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    style_levels: dict[str, int] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: object) -> Numbering:
        """The numbering definitions of a python-docx document (none if it has no lists)."""
        numbering = cls()
        try:
            root = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                linked = val(lvl, "w:pStyle")  # a heading style tied to this level
                if linked:
                    numbering.style_levels[linked] = int(lvl.get(qn("w:ilvl"), 0))
                levels[int(lvl.get(qn("w:ilvl"), 0))] = Level(
                    start=int(val(lvl, "w:start") or 1),
                    fmt=val(lvl, "w:numFmt") or "decimal",
                    text=val(lvl, "w:lvlText") or "",
                    legal=lvl.find(qn("w:isLgl")) is not None,
                    suffix=val(lvl, "w:suff") or "tab",
                )
            numbering.abstracts[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = val(override, "w:startOverride")
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), 0))] = int(start)
            numbering.lists[num.get(qn("w:numId"))] = (val(num, "w:abstractNumId") or "", overrides)
        numbering.style_lists = style_numbering(document)
        return numbering

    def label(self, p: etree._Element) -> str:
        """The list number Word shows before this paragraph ('' if it is not in a list).

        Call once per paragraph, in document order: each call advances the list's counter.
        """
        num_id, level = self.list_of(p)
        if num_id is None or num_id not in self.lists:
            return ""
        abstract_id, overrides = self.lists[num_id]
        levels = self.abstracts.get(abstract_id, {})
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for ilvl, start in overrides.items():  # a restarted list: count from its start
                counters[ilvl] = start - 1
        definition = levels.get(level, Level())
        counters[level] = counters.get(level, definition.start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        text = definition.text
        for ilvl in range(9):
            if f"%{ilvl + 1}" in text:
                upper = levels.get(ilvl, Level())
                count = counters.get(ilvl, upper.start)
                fmt = "decimal" if definition.legal else upper.fmt
                text = text.replace(f"%{ilvl + 1}", format_number(count, fmt))
        if definition.fmt == "bullet" or not text.strip():
            return ""
        spaced = definition.suffix != "nothing" and text[-1] not in FULL_WIDTH_PUNCTUATION
        return text + (" " if spaced else "")

    def list_of(self, p: etree._Element) -> tuple[str | None, int]:
        """The list (numId) and level of a paragraph: its own, else its style's."""
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style_id = style.get(qn("w:val")) if style is not None else None
        inherited, style_level = self.style_lists.get(style_id or "", (None, None))
        if style_level is None:
            style_level = self.style_levels.get(style_id or "", 0)
        num_id: str | None = inherited
        level = style_level
        if num_pr is not None:
            num_id = val(num_pr, "w:numId") or inherited
            ilvl = val(num_pr, "w:ilvl")
            level = int(ilvl) if ilvl is not None else style_level
        return (None if num_id in (None, "0") else num_id), level


def val(element: etree._Element, tag: str) -> str | None:
    """The ``w:val`` of a child element, if the child is there."""
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def style_numbering(document: object) -> dict[str, tuple[str, int | None]]:
    """The list each paragraph style numbers its paragraphs with (following ``basedOn``)."""
    root = document.styles.element  # type: ignore[attr-defined]
    styles = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}

    def lookup(style_id: str, seen: frozenset[str] = frozenset()) -> tuple[str, int | None] | None:
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return None
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None and val(num_pr, "w:numId"):
            ilvl = val(num_pr, "w:ilvl")
            return val(num_pr, "w:numId") or "", int(ilvl) if ilvl is not None else None
        based = val(style, "w:basedOn")
        return lookup(based, seen | {style_id}) if based else None

    found = {}
    for style_id in styles:
        numbered = lookup(style_id)
        if numbered is not None:
            found[style_id] = numbered
    return found
