"""Tables drawn without lines: consecutive lines whose words stand in aligned columns.

Some disclosures print tables with no rules at all (or only horizontal ones, which give no
cells). Such a table shows as a run of lines of one type size, each split into segments by
wide gaps. Columns are separated where no row prints anything, and also where only a few
rows bridge two well-filled stretches: a heading spanning two columns (``收入`` over
``项目 | 预算数``) crosses their gap in one row only. A heading stays in the first column it
covers, as in the text extracts.
"""

from __future__ import annotations

import math
import re

from openbudget.readers.pdf_page import Table
from openbudget.readers.pdf_text import Line
from openbudget.vocabulary import is_title_block as is_title_block_text

ROW_GAP = 2.0  # em: rows of one table are at most this far apart
CONTENTS_LINE = re.compile(r"^(?P<title>\S.*?)\s*(?:\.{3,}|…{2,}|·{3,})\s*(?P<page>\d{1,4})$")


def is_title_block(line: Line) -> bool:
    """Whether every part of a line is a title-block item (department, 预算年度, 单位)."""
    return all(is_title_block_text(s.text) for s in line.segments)


def is_row(line: Line) -> bool:
    """A line that may be a row of an unruled table: two or more segments, not a title block."""
    return len(line.segments) >= 2 and not is_title_block(line)


def close(upper: Line, lower: Line) -> bool:
    """Whether two lines are near enough, and alike enough, to be rows of one table."""
    if abs(upper.size - lower.size) > 0.05 * upper.size:
        return False
    return lower.top - upper.bottom <= ROW_GAP * max(upper.size, lower.size)


def run_end(lines: list[Line], start: int) -> int:
    """End of the run of table-like lines from ``start``; a wrapped cell's line may sit inside."""
    end = start + 1
    while end < len(lines) and close(lines[end - 1], lines[end]):
        if is_row(lines[end]):
            end += 1
        elif end + 1 < len(lines) and is_row(lines[end + 1]) and close(lines[end], lines[end + 1]):
            end += 2  # a single-segment line between rows: the rest of a wrapped cell
        else:
            break
    return end


def coverage(lines: list[Line]) -> list[tuple[float, float, int]]:
    """How many segments cover each stretch of x: (from, to, count), left to right."""
    events = sorted(
        (x, step)
        for line in lines
        for segment in line.segments
        for x, step in ((segment.x0, 1), (segment.x1, -1))
    )
    stretches: list[tuple[float, float, int]] = []
    depth = 0
    for (x, step), (following, _) in zip(events, events[1:], strict=False):
        depth += step
        if following > x:
            stretches.append((x, following, depth))
    return stretches


def column_starts(lines: list[Line]) -> list[float]:
    """Where each column starts: at each free gap, and inside a stretch that only a few rows
    bridge (a heading spanning two columns) at its thinnest point."""
    allowed = 0 if len(lines) < 5 else len(lines) // 7
    starts: list[float] = []
    run: list[tuple[float, float, int]] = []
    for stretch in [*coverage(lines), (math.inf, math.inf, 0)]:
        if stretch[2] > 0:
            run.append(stretch)
            continue
        if run:
            starts.append(run[0][0])
            starts += thin_points(run, allowed)
        run = []
    return starts


def thin_points(run: list[tuple[float, float, int]], allowed: int) -> list[float]:
    """Cuts inside one connected stretch: the thinnest point between two well-covered parts."""
    cuts: list[float] = []
    peak_seen, valley = False, None
    for x0, x1, depth in run:
        if depth > allowed:
            if peak_seen and valley is not None:
                cuts.append((valley[0] + valley[1]) / 2)
            peak_seen, valley = True, None
        elif peak_seen and (valley is None or depth < valley[2]):
            valley = (x0, x1, depth)
    return cuts


def column_of(x0: float, starts: list[float], size: float) -> int:
    """The column a segment starting at ``x0`` belongs to: the last one starting before it."""
    index = 0
    for number, start in enumerate(starts):
        if start <= x0 + 0.5 * size:
            index = number
    return index


def grid(lines: list[Line], starts: list[float]) -> list[list[str]]:
    """Rows of cell strings; a single-segment line continues the cell above it."""
    rows: list[list[str]] = []
    for line in lines:
        cells = [""] * len(starts)
        for segment in line.segments:
            col = column_of(segment.x0, starts, line.size)
            cells[col] = f"{cells[col]} {segment.text}".strip()
        if len(line.segments) == 1 and rows:
            col = column_of(line.x0, starts, line.size)
            rows[-1][col] = f"{rows[-1][col]}\n{line.text}".strip()
            continue
        rows.append(cells)
    return rows


def contents_row(line: Line) -> list[str] | None:
    """A table-of-contents line (``一、部门职责……16``) as its two cells: title and page."""
    match = CONTENTS_LINE.match(line.text)
    return [match["title"], match["page"]] if match else None


def unruled_tables(lines: list[Line]) -> tuple[list[Table], list[Line]]:
    """Split a page's lines into tables drawn without rules and the remaining lines.

    Consecutive contents lines, whose leader dots stand where a wide gap would, are a table
    of titles and page numbers, as a text extract gives them.
    """
    tables: list[Table] = []
    rest: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if contents_row(line):
            end = index + 1
            while (
                end < len(lines) and contents_row(lines[end]) and close(lines[end - 1], lines[end])
            ):
                end += 1
            run = lines[index:end]
            rows = [row for entry in run if (row := contents_row(entry))]
            tables.append(Table(line.page, line.top, run[-1].bottom, line.x0, run[-1].x1, rows))
            index = end
            continue
        end = run_end(lines, index) if is_row(line) else index + 1
        starts = column_starts(lines[index:end]) if end - index >= 2 else []
        if len(starts) >= 2:
            run = lines[index:end]
            tables.append(
                Table(
                    line.page,
                    run[0].top,
                    run[-1].bottom,
                    min(r.x0 for r in run),
                    max(r.x1 for r in run),
                    grid(run, starts),
                    starts,
                )
            )
            index = end
        else:
            rest.append(line)
            index += 1
    return tables, rest
