"""Arrange a PDF's lines and tables into blocks: paragraphs joined, headings found, in order.

PDF text has no paragraphs, only lines at positions. Lines are joined into a paragraph
where the line above ran to the right edge of the text (it had no room for the next word)
and the next line is not indented, not a new numbered point and not set apart by a wider
gap or another font; a paragraph may run on to the next page. A short paragraph is a
heading when its type is larger, bold or in another face than the body text, or when it
reads like one (``一、…``, ``（二）…``, ``3、…``, a title ending in 表).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from statistics import median

from openbudget.blocks import Block
from openbudget.readers.pdf_page import Page, Table
from openbudget.readers.pdf_text import Line
from openbudget.readers.pdf_unruled import is_title_block
from openbudget.readers.text import join_lines
from openbudget.text_utils import compact

LONG_LINE = 12  # characters: lines this long show where the text's edges are
NEW_POINT = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}[、.．]|"
    r"[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)|[-•·●■◆]\s)"
)
TOC_ENTRY = re.compile(r"(\.{3,}|…{2,}|·{3,}|-{4,})\s*\d{1,4}$")  # a contents line
HEADING_MAX = 60  # characters: a styled line longer than this is text, not a heading
PATTERN_HEADING_MAX = 30
SENTENCE_END = ("。", "；", ";", "，", ",", "！", "？")
FULL_STOP = ("。", "！", "？", "!", "?")


@dataclass(frozen=True)
class Frame:
    """The body text's measures in one page size: type, edges and usual line gap."""

    size: float
    font: str
    left: float
    right: float
    gap: float

    def full(self, line: Line, following: Line) -> bool:
        """Whether ``line`` ran out of room: the next line's first word would not fit."""
        return self.right - line.x1 < following.lead + 1.0 * line.size

    def indented(self, line: Line) -> bool:
        return line.x0 >= self.left + 0.8 * line.size


def cluster_mode(values: list[float], tolerance: float, lowest: bool) -> float | None:
    """The most populous value (within ``tolerance``); with ``lowest``, the lowest common one."""
    if not values:
        return None
    values = sorted(values)
    counts = [
        bisect_right(values, x + tolerance) - bisect_left(values, x - tolerance) for x in values
    ]
    if lowest:
        enough = max(2, max(counts) // 4)
        return next((x for x, n in zip(values, counts, strict=True) if n >= enough), values[0])
    return values[counts.index(max(counts))]


def body_style(lines: list[Line]) -> tuple[float, str]:
    """The size and face most of the text outside tables is set in."""
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for line in lines:
        weight = len(compact(line.text))
        sizes[round(line.size, 1)] += weight
        fonts[line.font] += weight
    if not sizes:
        return 10.0, ""
    return sizes.most_common(1)[0][0], fonts.most_common(1)[0][0]


def line_gap(lines: list[Line], size: float) -> float:
    """The usual space between two lines of one paragraph."""
    gaps = [
        lower.top - upper.bottom
        for upper, lower in zip(lines, lines[1:], strict=False)
        if upper.page == lower.page and 0 <= lower.top - upper.bottom < 2 * size
    ]
    return median(gaps) if gaps else 0.5 * size


def make_frame(lines: list[Line]) -> Frame:
    """Measure the body text of pages of one size."""
    size, font = body_style(lines)
    long = [line for line in lines if len(compact(line.text)) >= LONG_LINE]
    right = cluster_mode([line.x1 for line in long], size / 2, lowest=False)
    if right is None:
        right = max((line.x1 for line in lines), default=0.0)
    full = [line.x0 for line in long if line.x1 >= right - 1.5 * line.size]
    left = cluster_mode(full or [line.x0 for line in lines], size / 2, lowest=True)
    return Frame(size, font, left if left is not None else 0.0, right, line_gap(lines, size))


def frames(pages: list[Page]) -> dict[int, Frame]:
    """A frame per page, measured over all pages of the same size and orientation."""
    groups: dict[tuple[int, int], list[Page]] = {}
    for page in pages:
        groups.setdefault((round(page.width), round(page.height)), []).append(page)
    result: dict[int, Frame] = {}
    for group in groups.values():
        frame = make_frame([line for page in group for line in page.lines])
        for page in group:
            result[page.number] = frame
    return result


def same_style(upper: Line, lower: Line) -> bool:
    return abs(upper.size - lower.size) <= 0.05 * upper.size and upper.bold == lower.bold


def is_furniture(line: Line) -> bool:
    """A short title-block line (``323 巨鹿县…局``, ``单位：万元``): a line of its own.

    A wrapped sentence may also start with digits and a character (``300 人以上；…``); it
    is longer, or ends like a sentence.
    """
    text = compact(line.text)
    return is_title_block(line) and len(text) <= 30 and not text.endswith(SENTENCE_END)


def continues(upper: Line, lower: Line, frame: Frame) -> bool:
    """Whether ``lower`` goes on with the paragraph ``upper`` is part of."""
    if upper.standalone or lower.standalone or not same_style(upper, lower):
        return False
    if any(is_furniture(line) or TOC_ENTRY.search(line.text) for line in (upper, lower)):
        return False
    usual = frame.gap * upper.size / frame.size  # line gaps grow with the type
    if upper.page == lower.page and lower.top - upper.bottom > usual + 0.5 * upper.size:
        return False
    if upper.page != lower.page and upper.text.endswith(FULL_STOP):
        return False  # a page ending with a sentence: a new paragraph is as likely
    if upper.size >= 1.15 * frame.size:  # a large title wrapped over two lines
        return upper.x1 - upper.x0 >= 0.75 * (frame.right - frame.left)
    return (
        frame.full(upper, lower) and not frame.indented(lower) and not NEW_POINT.match(lower.text)
    )


def is_heading(lines: list[Line], frame: Frame) -> bool:
    """Whether a paragraph is a heading: short, and set apart by its type or its form."""
    text = compact(" ".join(line.text for line in lines))
    if not text or len(text) > HEADING_MAX or text.endswith(SENTENCE_END):
        return False
    first = lines[0]
    other_face = first.font != frame.font and re.search(r"[\u4e00-\u9fff]", text)
    if first.size >= 1.1 * frame.size or first.bold or other_face:
        return True
    return (
        len(lines) == 1
        and len(text) <= PATTERN_HEADING_MAX
        and bool(NEW_POINT.match(text) or text.endswith("表"))
    )


def heading_levels(groups: list[list[Line]], frame_of: dict[int, Frame]) -> dict[int, int]:
    """Heading level by type size: the largest size is level 1, body-size headings last."""
    sizes = sorted(
        {round(g[0].size) for g in groups if g[0].size >= 1.1 * frame_of[g[0].page].size},
        reverse=True,
    )
    return {size: level for level, size in enumerate(sizes[:5], start=1)}


Item = Line | Table


def page_items(page: Page) -> list[Item]:
    """A page's tables and lines in reading order (top down, left to right)."""
    items: list[Item] = [*page.tables, *page.lines]
    return sorted(items, key=lambda item: (round(item.top), item.x0))


def group_paragraphs(pages: list[list[Item]], frame_of: dict[int, Frame]) -> list[Item | list]:
    """Tables as they are; consecutive lines grouped into paragraphs, across pages too."""
    out: list[Item | list] = []
    current: list[Line] | None = None
    for items in pages:
        for item in items:
            if isinstance(item, Table):
                out.append(item)
                current = None
            elif current is not None and continues(current[-1], item, frame_of[item.page]):
                current.append(item)
            else:
                current = [item]
                out.append(current)
    return out


def to_blocks(pages: list[list[Item]], frame_of: dict[int, Frame]) -> list[Block]:
    """Blocks in reading order, numbered in ``line`` so each has a stable position."""
    grouped = group_paragraphs(pages, frame_of)
    paragraphs = [g for g in grouped if isinstance(g, list)]
    levels = heading_levels(paragraphs, frame_of)
    deepest = len(levels) + 1
    blocks: list[Block] = []
    for group in grouped:
        number = len(blocks) + 1
        if isinstance(group, Table):
            blocks.append(
                Block(
                    "table",
                    rows=group.rows,
                    line=number,
                    page=group.page,
                    continues=group.continues,
                    regions=[(group.page, (group.x0, group.top, group.x1, group.bottom))],
                )
            )
            continue
        text = join_lines([line.text for line in group])
        first = group[0]
        if is_heading(group, frame_of[first.page]):
            level = levels.get(round(first.size), deepest)
            blocks.append(Block("heading", text=text, level=level, line=number, page=first.page))
        else:
            blocks.append(Block("paragraph", text=text, line=number, page=first.page))
    return blocks
