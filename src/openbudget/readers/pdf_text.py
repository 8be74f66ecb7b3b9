"""Characters into lines: the words a reader of the page sees, with their geometry.

A printed line is the characters whose middles share a height; a wide gap splits it into
segments (the columns of a table drawn without rules, or the parts of a title block printed
on one line). Spaces are read from space characters and from gaps, since many PDFs draw
none. What the layout stage needs to join lines into paragraphs is kept with each line: its
type size, face and weight, and the width of its first unbreakable run of characters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

SPACE_GAP = 0.2  # em: a wider gap between two letters reads as a space
SEGMENT_GAP = 0.75  # em: a wider gap splits a line into segments (columns of a table)
SPLIT_GAP = 2.0  # em: a line with a gap this wide is several lines side by side
BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold", re.IGNORECASE)
CLOSING = set("，。、；：？！）》」』】”’%％,.;:?!)]}…·")
OPENING = set("（《「『【“‘([{")


@dataclass(frozen=True)
class Char:
    """A printed character, with whether it was printed twice (fake bold)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    bold: bool
    upright: bool = True


@dataclass
class Segment:
    """Words of a line with no wide gap between them."""

    text: str
    x0: float
    x1: float


@dataclass
class Line:
    """A line of text outside ruled tables, with what layout decisions need to know."""

    page: int
    top: float
    bottom: float
    size: float
    font: str
    bold: bool
    segments: list[Segment]
    lead: float  # width of the first word: what the line above had no room for
    standalone: bool = False  # a piece of a split line: never joined to a paragraph

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments)

    def pieces(self) -> list[Line]:
        """The line cut at gaps of :data:`SPLIT_GAP`: parts that are not one sentence.

        A title block printed on one line (department left, 预算年度 centre, 单位 right)
        gives three standalone lines, as if printed one below the other. A word spread
        over the width (``目　　录``) stays whole.
        """
        groups: list[list[Segment]] = [[self.segments[0]]]
        for segment in self.segments[1:]:
            if segment.x0 - groups[-1][-1].x1 >= SPLIT_GAP * self.size:
                groups.append([segment])
            else:
                groups[-1].append(segment)
        if len(groups) == 1 or any(len(g) == 1 and len(g[0].text) == 1 for g in groups):
            return [self]
        return [
            Line(self.page, self.top, self.bottom, self.size, self.font, self.bold, g, 0, True)
            for g in groups
        ]


def group_lines(chars: Iterable[Char]) -> list[list[Char]]:
    """Characters grouped into printed lines: a character joins the line its middle is in."""
    lines: list[tuple[float, float, list[Char]]] = []
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        middle = (char.top + char.bottom) / 2
        for index in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
            top, bottom, members = lines[index]
            if top <= middle <= bottom:
                members.append(char)
                break
        else:
            lines.append((char.top, char.bottom, [char]))
    return [sorted(members, key=lambda c: c.x0) for _, _, members in lines]


def segments_of(chars: list[Char], size: float) -> list[Segment]:
    """A line's characters as segments; spaces where the gap or a space character says."""
    segments: list[Segment] = []
    text, start, previous, spaced = "", 0.0, None, False
    for char in chars:
        if not char.text.strip():
            spaced = True
            continue
        if previous is None or char.x0 - previous.x1 >= SEGMENT_GAP * size:
            if previous is not None:
                segments.append(Segment(text, start, previous.x1))
            text, start = "", char.x0
        elif spaced or char.x0 - previous.x1 > SPACE_GAP * size:
            text += " "
        text += char.text
        previous, spaced = char, False
    if previous is not None:
        segments.append(Segment(text, start, previous.x1))
    return segments


def breakable(before: Char, after: Char, spaced: bool) -> bool:
    """Whether a line may end between two characters (a space may lie between them).

    Between Chinese characters a line breaks anywhere except before closing or after
    opening punctuation; Latin words break only at spaces; a space next to Chinese text
    (``于 100 起``) is not taken as a break, as typesetters of these documents do not.
    """
    a, b = before.text[-1], after.text[0]
    if spaced:
        return a.isascii() and b.isascii()
    return (not a.isascii() or not b.isascii()) and b not in CLOSING and a not in OPENING


def lead_width(chars: list[Char]) -> float:
    """Width of a line's first unbreakable run: what the line above had no room for."""
    visible = [c for c in chars if c.text.strip()]
    previous, spaced = visible[0], False
    for char in chars[chars.index(visible[0]) + 1 :]:
        if not char.text.strip():
            spaced = True
            continue
        gap = char.x0 - previous.x1 > SPACE_GAP * char.size
        if breakable(previous, char, spaced or gap):
            return previous.x1 - visible[0].x0
        previous, spaced = char, False
    return previous.x1 - visible[0].x0


def make_line(chars: list[Char], page: int) -> Line | None:
    """A :class:`Line` from one printed line's characters (None if it is only spaces)."""
    visible = [c for c in chars if c.text.strip()]
    if not visible:
        return None
    size = median(c.size for c in visible)
    font = Counter(c.font for c in visible).most_common(1)[0][0]
    bold = sum(c.bold for c in visible) >= 0.6 * len(visible) or bool(BOLD_FONT.search(font))
    return Line(
        page=page,
        top=min(c.top for c in visible),
        bottom=max(c.bottom for c in visible),
        size=size,
        font=font,
        bold=bold,
        segments=segments_of(chars, size),
        lead=lead_width(chars),
    )
