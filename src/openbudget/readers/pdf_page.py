"""One PDF page as a reader sees it: ruled tables as grids, the other text as lines.

pdfplumber gives characters with their boxes. This module turns them into the geometry the
layout stage works from: each ruled table as a grid of cell strings, and the text outside
the tables as lines (:mod:`pdf_text`). Fake bold (each character drawn twice, slightly
offset) is noted before the doubled characters are removed, because afterwards nothing
shows it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from openbudget.readers.pdf_text import Char, Line, group_lines, make_line

# Ruled tables: cells are the boxes the page's own lines and rectangles draw.
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
BASELINE_RISE = 0.85  # of the type size: how far a glyph box reaches above its baseline
DEDUPE_TOLERANCE = 1.5  # pt: a copy of a character this close is fake-bold overprinting
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
CODE_PART = re.compile(r"[0-9A-Za-z]{6,}")  # a project or account code, no spaces
CODE_TAIL = re.compile(r"[0-9A-Za-z]+")

Obj = dict[str, Any]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class Table:
    """A table on one page: its box and its grid of cell strings."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[str]]
    columns: list[float] = field(default_factory=list)  # where each column starts
    continues: bool = False  # the previous page's last table, carried on (see pdf.py)


@dataclass
class Page:
    """What one page holds, in page coordinates (top down, in points)."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chars: int = 0  # printed characters, tables included
    undecodable: int = 0  # characters a font without a Unicode map turned into "(cid:N)"
    images: int = 0


def font_name(obj: Obj) -> str:
    """Font name without the subset prefix (``ABCDEF+SimSun`` → ``SimSun``)."""
    return SUBSET_PREFIX.sub("", str(obj.get("fontname", "")))


def doubled(original: list[Obj], kept: list[Obj]) -> list[bool]:
    """For each kept character, whether the page printed it twice in the same place."""
    index: dict[tuple[str, int], list[tuple[float, float]]] = defaultdict(list)
    for obj in original:
        index[(obj["text"], round(obj["top"]))].append((obj["x0"], obj["top"]))
    flags = []
    for obj in kept:
        text, top, x0 = obj["text"], obj["top"], obj["x0"]
        copies = sum(
            1
            for row in (round(top) - 1, round(top), round(top) + 1)
            for x, y in index.get((text, row), ())
            if abs(x - x0) <= DEDUPE_TOLERANCE and abs(y - top) <= DEDUPE_TOLERANCE
        )
        flags.append(copies >= 2 and bool(text.strip()))
    return flags


def to_chars(objs: list[Obj], bold: list[bool], turned: bool = False) -> list[Char]:
    """Plain characters from pdfplumber's dicts, placed by their baselines (on a page turned
    by its /Rotate, as pdfplumber places them: their matrices are the unturned page's)."""
    chars = []
    for obj, flag in zip(objs, bold, strict=True):
        size = float(obj.get("size") or obj["bottom"] - obj["top"])
        top, bottom = (obj["top"], obj["bottom"]) if turned else vertical_extent(obj, size)
        chars.append(
            Char(
                obj["text"],
                obj["x0"],
                obj["x1"],
                top,
                bottom,
                size,
                font_name(obj),
                flag,
                level(obj),
            )
        )
    return chars


def vertical_extent(obj: Obj, size: float) -> tuple[float, float]:
    """Where an upright character sits on the page: (top, bottom).

    pdfminer places a glyph's box by its font's ascent and descent. Some embedded fonts
    declare them wrongly: the digits of the E-BZ fonts come out hanging a whole line below
    the Chinese text they are printed beside. Where a box does not stand on the glyph's
    baseline (less than half of it above the line), the character gets the box ``size``
    high standing on its baseline instead.
    """
    matrix = obj.get("matrix")
    if not matrix or not level(obj):
        return obj["top"], obj["bottom"]
    baseline = obj["top"] + obj["y1"] - matrix[5]  # the baseline in top-down page coordinates
    if baseline - obj["top"] >= 0.5 * size:
        return obj["top"], obj["bottom"]
    return baseline - BASELINE_RISE * size, baseline + (1 - BASELINE_RISE) * size


def level(obj: Obj) -> bool:
    """Whether a character sits on a level baseline (not turned, as stamps often are).

    Only the baseline's direction counts: slanted (synthetic italic) text is level.
    """
    a, b, _, d = (obj.get("matrix") or (1, 0, 0, 1))[:4]
    return a > 0 and d > 0 and abs(b) <= 0.02 * a


def inside(char: Char, box: Box) -> bool:
    """Whether a character's middle lies in a box (x0, top, x1, bottom)."""
    x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def wrapped_code(upper: Line, lower: Line, box: Box) -> bool:
    """Whether two lines of a cell are one code broken where the cell ran out of room."""
    return bool(
        CODE_PART.fullmatch(upper.text) and CODE_TAIL.fullmatch(lower.text)
    ) and upper.x1 - upper.x0 >= 0.6 * (box[2] - box[0])


def cell_text(chars: list[Char], box: Box) -> str:
    """A cell's text, its printed lines joined as a text extract of the PDF joins them.

    A line that ran out of room in its cell (the next line's first word would not have
    fitted) was wrapped: it is joined by a space, which later stages remove between
    Chinese characters. Any other line ended where its writer ended it: a line break. A
    code too long for its narrow cell (``13052925P000047`` / ``10003D``) is put back
    together whole.
    """
    lines = [line for group in group_lines(chars) if (line := make_line(group, 0))]
    if not lines:
        return ""
    margin = min(min(line.x0 - box[0], box[2] - line.x1) for line in lines)
    text = lines[0].text
    for upper, lower in zip(lines, lines[1:], strict=False):
        if wrapped_code(upper, lower, box):
            text += lower.text
            continue
        wrapped = box[2] - margin - upper.x1 < lower.lead + 0.5 * lower.size
        text += (" " if wrapped else "\n") + lower.text
    return text


def ruled_tables(found: list[Any], chars: list[Char], page: int) -> list[Table]:
    """Grids of the tables pdfplumber found; a lone box (a frame around text) is not one.

    A cell merged across columns or rows reads as text in its first position and empty
    strings in the others, as in the text extracts.
    """
    tables: list[Table] = []
    for table in found:
        table_rows = table.rows  # a property that builds new rows on every access
        if not table_rows or max(len(row.cells) for row in table_rows) < 2:
            continue
        x0, top, x1, bottom = table.bbox
        mine = [c for c in chars if inside(c, (x0 - 1, top - 1, x1 + 1, bottom + 1))]
        grid = []
        for row in table_rows:
            if is_frame(row, table_rows):  # only the text outside the rows it frames
                others = [r.bbox for r in table_rows if r is not row]
                own = [c for c in mine if not any(inside(c, box) for box in others)]
                grid.append([cell_text(own, row.bbox)] + [""] * (len(row.cells) - 1))
                continue
            band = [c for c in mine if inside(c, (x0 - 1, row.bbox[1], x1 + 1, row.bbox[3]))]
            grid.append(
                [
                    "" if box is None else cell_text([c for c in band if inside(c, box)], box)
                    for box in row.cells
                ]
            )
        starts = column_starts([row.cells for row in table_rows])
        for cells, boxes in zip(grid, (row.cells for row in table_rows), strict=True):
            off_spacers(cells, boxes, [*starts, x1])
        rows, keep = tidy_grid(grid, starts, x1)
        tables.append(Table(page, top, bottom, x0, x1, rows, [starts[col] for col in keep]))
    return tables


def is_frame(row: Any, rows: list[Any]) -> bool:
    """Whether a grid row is a frame drawn around all the others (a rotated page may frame
    its whole table): one cell spanning every other row, whose text it would repeat. (A
    row whose first cell is merged down the table is not one: it has cells of its own.)"""
    if sum(box is not None for box in row.cells) != 1:
        return False
    top, bottom = row.bbox[1], row.bbox[3]
    others = [other for other in rows if other is not row]
    return len(others) >= 2 and all(
        top <= other.bbox[1] + 1 and other.bbox[3] <= bottom + 1 for other in others
    )


def off_spacers(cells: list[str], boxes: list[Box | None], edges: list[float]) -> None:
    """Move a cell's text off a spacer column it was merged over onto the real column.

    Where doubled rules are drawn on some rows only, a cell of another row spans the thin
    gap between them and pdfplumber gives its text the gap's position; the headings above
    stand in the real column to its right, where the text is put back.
    """
    for col, box in enumerate(boxes):
        if box is None or not cells[col] or edges[col + 1] - edges[col] >= SPACER_WIDTH:
            continue
        for right in range(col + 1, len(boxes)):
            if boxes[right] is not None or edges[right] >= box[2]:
                break
            if edges[right + 1] - edges[right] >= SPACER_WIDTH:
                cells[right], cells[col] = cells[col], ""
                break


def column_starts(cells: list[list[Box | None]]) -> list[float]:
    """Where each column of a ruled grid starts (its leftmost unmerged cell edge)."""
    width = max(len(row) for row in cells)
    return [
        min((row[col][0] for row in cells if col < len(row) and row[col]), default=0.0)
        for col in range(width)
    ]


SPACER_WIDTH = 8.0  # pt: an empty column this narrow is the gap between doubled rules


def tidy_grid(
    grid: list[list[str]], starts: list[float], x1: float
) -> tuple[list[list[str]], list[int]]:
    """The grid without spacer columns and without rows that hold nothing.

    Word tables exported with doubled borders give pdfplumber thin spacer columns and rows
    between the real ones. A column is dropped only where it is empty and narrow: an empty
    column of ordinary width is a real column printed without figures on this page.
    Returns the rows and the indices of the columns kept.
    """
    width = max(len(row) for row in grid)
    rows = [row + [""] * (width - len(row)) for row in grid]
    edges = [*starts, x1]
    keep = [
        col
        for col in range(width)
        if any(row[col].strip() for row in rows)
        or col + 1 >= len(edges)
        or edges[col + 1] - edges[col] >= SPACER_WIDTH
    ]
    return [[row[col] for col in keep] for row in rows if any(cell.strip() for cell in row)], keep


def read_page(page: Any, number: int) -> Page:
    """Read one pdfplumber page into lines and tables."""
    original = page.chars
    clean = page.dedupe_chars(tolerance=DEDUPE_TOLERANCE)
    kept = clean.chars
    chars = to_chars(kept, doubled(original, kept), bool(getattr(page, "rotation", 0) % 360))
    width, height = float(page.width), float(page.height)
    if getattr(page, "rotation", 0) % 180 == 90:
        width, height = height, width  # characters come in the turned page's coordinates
    result = Page(number, width, height, images=len(page.images))
    result.chars = sum(1 for c in chars if c.text.strip())
    result.undecodable = sum(1 for c in chars if c.text.startswith("(cid:"))
    if not result.chars:
        return result
    result.tables = ruled_tables(clean.find_tables(RULED), chars, number)
    boxes = [(t.x0, t.top, t.x1, t.bottom) for t in result.tables]
    # Text turned sideways (stamps, watermarks) is not part of the running text.
    outside = [c for c in chars if c.upright and not any(inside(c, box) for box in boxes)]
    for group in group_lines(outside):
        line = make_line(group, number)
        if line is not None:
            result.lines.append(line)
    return result
