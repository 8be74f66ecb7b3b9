"""Render bundled text sources into realistic PDF, DOCX, XLSX and HTML test fixtures.

The readers must give the same records from a disclosure's PDF, Word, Excel or web page as
from its text extract. These fixtures are that disclosure rendered the way finance bureaus
publish it, from the text source's repaired blocks, so the two can be compared:

* **PDF** (reportlab): A4, a running header and a ``— 3 —`` page number on every page;
  headings larger and bold; each standard table on a new page under its title, its title
  block (``323 巨鹿县…`` left, ``预算年度：2025`` centre, ``单位：万元`` right) and header rows
  repeated on every page it runs onto; ruled tables with multi-level merged header cells
  and the 栏次 row; narrow columns, so long names wrap inside their cells; amounts
  right-aligned as printed; 合计 rows in fake bold (each glyph drawn twice, 0.3 pt apart, or
  stroked: ``PDF_OPTIONS``); project tables (绩效目标表) with their merged cells, the
  indicator header row repeated when a project table runs onto the next page; contents
  lines with dot leaders; prose with a two-character first-line indent.
* **DOCX** (python-docx): Heading styles, paragraphs, Word tables with merged cells; the
  title block as the first, borderless row of each table.
* **XLSX** (openpyxl): the nine standard tables, one per sheet, then each project table
  (绩效目标表) on its own sheet (项目1, 项目2 …); the title in a merged first row, the
  title block (or the project's ``单位：万元``) row, merged cells, amounts stored as
  numbers with a ``0.00`` number format, codes and other text as text, empty cells empty.
* **HTML**: one page of ``<h1>``–``<h4>``, ``<p>`` and ``<table>`` with colspan/rowspan;
  the title block as ``<p>`` lines in a ``<div class="title-block">`` before its table.

A table printed with merged cells that the text extract gives fewer cells (the DOCX
extracts) is spread over the columns its cells span first (``full_grid``), so every
format prints the same grid.

Cell, heading and paragraph text is exactly the repaired blocks' text. Lines are broken
only where a reader's rejoining gives that text back: between two characters at least one
of which is Chinese, never at a space, never after a sentence-ending mark and never before a
numbered point (those breaks are kept when wrapped cell text is rejoined).

Run ``.venv/bin/python scripts/make_fixtures.py`` to regenerate ``tests/fixtures/`` (or
name fixtures: ``… make_fixtures.py 2025-julu-renshe.pdf``; ``--out DIR`` writes elsewhere).
The output is deterministic: same sources, same text reader and repair, same bytes.
"""

from __future__ import annotations

import argparse
import functools
import html
import io
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openbudget.text_utils import CJK as CJK_CHARS
from openbudget.text_utils import ITEM_START, compact, is_number

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
FIXTURES = ROOT / "tests" / "fixtures"
FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "WenQuanYiMicroHei"
FIXED_TIME = datetime(2025, 1, 1, 0, 0, 0)

# Which fixtures to write: source name -> formats. The options say how the PDF is drawn.
FIXTURE_SETS: dict[str, tuple[str, ...]] = {
    "2025-julu-renshe": ("pdf", "docx", "xlsx", "html"),
    "2024-haigang-renshe": ("pdf",),
}
PDF_OPTIONS: dict[str, dict[str, str]] = {
    # how 合计 rows are made bold: "double" prints every glyph twice, "stroke" strokes it
    "2025-julu-renshe": {"total_bold": "double"},
    "2024-haigang-renshe": {"total_bold": "stroke"},
}

# Lines printed with a table: "323 巨鹿县…局", "预算年度：2025", "单位：万元", "截止时间：…".
TITLE_BLOCK = re.compile(
    r"^(?!(19|20)\d{2}\s*年)\d{3,}\s*[\u4e00-\u9fff]|^预算年度|^单位[:：]|^截止(时间|日期)[:：]"
    r"|^编制(部门|单位)[:：]"
)
COLUMN_NUMBER_ROW = re.compile(r"^[栏档]次$")
PAGE_CELL = re.compile(r"^\d{1,3}$")
CODE = re.compile(r"^\d{3,}[0-9A-Z]*$")
TOTAL_LABEL = re.compile(r"(合计|总计|小计)$")
# Chinese characters and the full-width marks between them: a line may break next to one.
CJK = re.compile(f"[{CJK_CHARS}]")
SENTENCE_ENDS = "。；;！？：:"
NO_LINE_START = set("，。、；：？！）》」』”’%％,.;:?!)]}…·")
NO_LINE_END = set("（《「『“‘([{")
NINE_TABLES = (  # title words -> short sheet name, most specific first
    ("财政拨款收支总表", "财政拨款收支总表"),
    ("收支总表", "收支总表"),
    ("收入总表", "收入总表"),
    ("支出总表", "支出总表"),
    ("基本支出表", "基本支出表"),
    ("一般公共预算财政拨款支出表", "一般公共预算支出表"),
    ("政府性基金", "政府性基金支出表"),
    ("国有资本经营", "国有资本经营支出表"),
    ("三公", "三公经费支出表"),
)


# ---------------------------------------------------------------------------------------
# The document model shared by every format
# ---------------------------------------------------------------------------------------


@dataclass
class Grid:
    """A ruled table: a full-width grid of cell text, with its merged cells derived."""

    rows: list[list[str]]
    kind: str  # "standard" (has a 栏次 row), "project" (绩效目标表) or "other"
    title_block: list[str] = field(default_factory=list)
    title: str = ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def header_length(self) -> int:
        """Rows of column headings including the 栏次 row (standard tables), else 0."""
        return header_length(self.rows)

    def header_band(self) -> int:
        """How many leading rows are column headings (without the 栏次 row)."""
        if self.kind == "standard":
            return self.header_length - 1
        if self.kind == "project":
            return 0
        band = 1
        while band < min(len(self.rows), 3):
            above, row = self.rows[band - 1], self.rows[band]
            if any(is_number(c) for c in row) or not any(
                not above[c] and row[c] for c in range(len(row))
            ):
                break
            band += 1
        return band

    def repeat_rows(self) -> list[int]:
        """Rows printed again at the top of each page the table runs onto."""
        if self.kind == "standard":
            return list(range(self.header_length))
        if self.kind == "project":
            return [i for i, r in enumerate(self.rows) if compact(r[0]) == "一级指标"][:1]
        return list(range(self.header_band()))

    def code_columns(self) -> set[int]:
        """Columns of classification codes and catalogue numbers: text, left-aligned."""
        header = self.header_length if self.kind == "standard" else self.header_band()
        return {
            c
            for row in self.rows[:header]
            for c, text in enumerate(row)
            if re.search(r"编码|目录序号", compact(text))
        }

    def total_rows(self) -> set[int]:
        """Rows printed bold: 合计, 总计 and 小计 lines."""
        if self.kind == "project":
            return set()
        start = self.header_length if self.kind == "standard" else self.header_band()
        return {
            i
            for i in range(start, len(self.rows))
            if any(TOTAL_LABEL.search(compact(c)) for c in self.rows[i][:3])
        }


@dataclass
class Item:
    """One thing to print: heading, paragraph, unit line, contents line, table, page break."""

    kind: str  # heading | paragraph | unit | toc | table | pagebreak | condbreak
    text: str = ""
    level: int = 0
    page: str = ""
    grid: Grid | None = None


def header_length(rows: list[list[str]]) -> int:
    for index, row in enumerate(rows[:8]):
        if any(COLUMN_NUMBER_ROW.match(compact(cell)) for cell in row[:2]):
            return index + 1
    return 0


def is_title_block_row(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return bool(cells) and all(TITLE_BLOCK.match(compact(c)) for c in cells)


def is_toc_table(rows: list[list[str]]) -> bool:
    return bool(rows) and all(
        len(r) == 2 and r[0].strip() and PAGE_CELL.match(r[1].strip()) for r in rows
    )


def table_kind(rows: list[list[str]]) -> str:
    if header_length(rows):
        return "standard"
    if any(r and compact(r[0]) in ("项目编码", "一级指标") for r in rows):
        return "project"
    return "other"


def load_blocks(source: Path) -> list:
    """The source's blocks as the build repairs them (the text readers' view)."""
    sys.path.insert(0, str(ROOT / "src"))
    from openbudget.readers.text import read
    from openbudget.repair import repair

    blocks, _ = repair(read(source, source.read_bytes()))
    return blocks


def build_items(blocks: list) -> list[Item]:
    """Blocks in order as printable items; title blocks attached to their tables."""
    items: list[Item] = []
    pending: list[str] = []  # title-block paragraphs waiting for their table
    last_standard = max(
        (i for i, b in enumerate(blocks) if b.kind == "table" and header_length(b.rows)),
        default=-1,
    )
    explanation_started = False

    def flush_pending() -> None:
        for text in pending:
            items.append(Item("paragraph", text))
        pending.clear()

    for index, block in enumerate(blocks):
        if block.kind != "table":
            text = block.text
            nxt = next_table(blocks, index)
            if TITLE_BLOCK.match(compact(text)) and nxt is not None:
                pending.append(text)
                continue
            flush_pending()
            role_table = nxt if nxt is not None and is_title_of(blocks, index) else None
            if role_table is not None and header_length(role_table.rows):
                items.append(Item("pagebreak"))
            elif nxt is not None:  # keep a title with the start of its table
                items.append(Item("condbreak"))
            elif (
                index > last_standard >= 0
                and not explanation_started
                and not compact(text).startswith("注")
            ):
                explanation_started = True
                items.append(Item("pagebreak"))
            if block.kind == "heading":
                items.append(Item("heading", text, level=max(block.level, 1)))
            elif role_table is not None:
                items.append(Item("heading", text, level=3))  # a table title set in bold
            else:
                items.append(Item("paragraph", text))
            continue
        rows = [list(r) for r in block.rows]
        if is_toc_table(rows):
            flush_pending()
            items.extend(Item("toc", r[0], page=r[1]) for r in rows)
            continue
        title_block = list(pending)
        pending.clear()
        if rows and is_title_block_row(rows[0]):
            title_block += [c for c in rows.pop(0) if c.strip()]
        kind = table_kind(rows)
        if (
            kind == "project"
            and title_block
            and not any(not compact(t).startswith("单位") for t in title_block)
        ):
            items.extend(Item("unit", t) for t in title_block)
            title_block = []
        grid = Grid(full_grid(rows, kind), kind, title_block, table_title(blocks, index))
        items.append(Item("table", grid=grid))
    flush_pending()
    return items


def next_table(blocks: list, index: int):
    """The table right after this block, past title-block lines only."""
    for block in blocks[index + 1 :]:
        if block.kind == "table":
            return block
        if not TITLE_BLOCK.match(compact(block.text)):
            return None
    return None


def is_title_of(blocks: list, index: int) -> bool:
    text = compact(blocks[index].text)
    return len(text) <= 60 and text.endswith("表") and not TITLE_BLOCK.match(text)


def table_title(blocks: list, index: int) -> str:
    for block in reversed(blocks[:index]):
        if block.kind != "table" and not TITLE_BLOCK.match(compact(block.text)):
            return block.text
    return ""


# --- merged cells ------------------------------------------------------------------------


def full_grid(rows: list[list[str]], kind: str) -> list[list[str]]:
    """Every row as wide as the table: a row printed with merged cells (a DOCX extract
    gives such a row fewer cells) is spread over the columns its cells span."""
    width = max((len(r) for r in rows), default=0)
    out: list[list[str]] = []
    for index, row in enumerate(rows):
        row = [c for c in row]
        if len(row) >= width:
            out.append(row)
            continue
        spans = None
        if kind == "project":
            spans = project_spans(rows, index, width)
        below = rows[index + 1] if index + 1 < len(rows) else []
        if spans is None and len(below) == width and not any(is_number(c) for c in row):
            spans = align_to(row, below)
        if spans is None:
            spans = [1] * (len(row) - 1) + [width - len(row) + 1]
        spread: list[str] = []
        for text, span in zip(row, spans, strict=True):
            spread += [text] + [""] * (span - 1)
        out.append(spread)
    return out


def project_spans(rows: list[list[str]], index: int, width: int) -> list[int] | None:
    """Spans of a project table row printed with merged cells, as the template has them."""
    row = rows[index]
    first = compact(row[0]) if row else ""
    if width != 7:
        return None
    if first == "项目编码" and len(row) == 4:
        return [1, 2, 1, 3]
    schedule = first.startswith("资金支出计划") or (
        index > 0 and compact(rows[index - 1][0]).startswith("资金支出计划")
    )
    if schedule and len(row) == 5:
        return [1, 2, 1, 1, 2]
    if len(row) == 2:
        return [1, 6]
    if len(row) == 6:
        return [1, 1, 1, 1, 1, 2]
    return None


def align_to(upper: list[str], lower: list[str]) -> list[int] | None:
    """Spans of a heading row over the full row of sub-headings beneath it.

    An empty cell below marks a heading merged downwards (one column); a run of
    sub-headings belongs to one group heading, or is split where a group starts again
    (项目 … 项目) or after 科目编码/科目名称.
    """
    slots: list[list[int]] = []
    col = 0
    while col < len(lower):
        if not lower[col].strip():
            slots.append([col, col])
            col += 1
            continue
        start = col
        while col < len(lower) and lower[col].strip():
            col += 1
        slots.append([start, col - 1])
    extra = len(upper) - len(slots)
    if extra > 0:
        cuts = [
            (s, p)
            for s, (a, b) in enumerate(slots)
            if lower[a].strip()
            for p in range(a + 1, b + 1)
            if compact(lower[p]) == compact(lower[a]) or compact(lower[p - 1]) == "科目名称"
        ]
        if len(cuts) != extra:
            return None
        for s, p in reversed(cuts):
            a, b = slots[s]
            slots[s : s + 1] = [[a, p - 1], [p, b]]
    if len(slots) != len(upper):
        return None
    return [b - a + 1 for a, b in slots]


def spans_of(grid_rows: list[list[str]], kind: str, band: int) -> dict[tuple[int, int], tuple]:
    """Merged cells as {(row, col): (rowspan, colspan)}; covered cells map to None."""
    rows = [r + [""] * (max(len(x) for x in grid_rows) - len(r)) for r in grid_rows]
    spans: dict[tuple[int, int], tuple | None] = {}
    width = len(rows[0]) if rows else 0

    def claim(r: int, c: int, rs: int, cs: int) -> None:
        if rs == 1 and cs == 1:
            return
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                spans[(rr, cc)] = None
        spans[(r, c)] = (rs, cs)

    if kind in ("standard", "other"):
        for r in range(band):
            for c in range(width):
                if (r, c) in spans or not rows[r][c].strip():
                    continue
                cs = 1
                while (
                    c + cs < width
                    and not rows[r][c + cs].strip()
                    and (r, c + cs) not in spans
                    and r + 1 < band
                    and rows[r + 1][c + cs].strip()
                ):
                    cs += 1
                rs = 1
                while r + rs < band and all(
                    not rows[r + rs][cc].strip() and (r + rs, cc) not in spans
                    for cc in range(c, c + cs)
                ):
                    rs += 1
                claim(r, c, rs, cs)
        return spans
    if kind != "project":
        return spans
    # Project tables: bands of rows share their columns; a column empty in every row of
    # its band belongs to the cell on its left. The first column merges downwards.
    bands: list[tuple[int, int]] = []
    r = 0
    while r < len(rows):
        first = compact(rows[r][0])
        if first.startswith("资金支出计划") and r + 1 < len(rows):
            bands.append((r, r + 2))
            r += 2
        elif first == "一级指标" or (r == 0 and is_indicator_row(rows[r])):
            bands.append((r, len(rows)))
            r = len(rows)
        else:
            bands.append((r, r + 1))
            r += 1
    for a, b in bands:
        if b - a == 1 and any(is_number(c) for c in rows[a][1:]):
            continue  # 预算数 | 496.00 | 其中：财政资金 | … : every column holds a value
        dead = [c for c in range(1, width) if all(not rows[r][c].strip() for r in range(a, b))]
        for r in range(a, b):
            c = 1
            while c < width:
                if c in dead:
                    c += 1
                    continue
                cs = 1
                while c + cs < width and c + cs in dead:
                    cs += 1
                claim(r, c, 1, cs)
                c += cs
    r = 0
    while r < len(rows):
        heading = compact(rows[r][0]) == "一级指标"
        # a group label merges down over its rows; on a continued page the rows of the
        # group begun on the page before share one empty merged cell under the headings
        carried = not rows[r][0].strip() and r > 0 and compact(rows[r - 1][0]) == "一级指标"
        if (rows[r][0].strip() and not heading) or carried:
            rs = 1
            while r + rs < len(rows) and not rows[r + rs][0].strip():
                rs += 1
            if rs > 1:
                for rr in range(r, r + rs):
                    spans.pop((rr, 0), None)
                claim(r, 0, rs, 1)
            r += rs
        else:
            r += 1
    return spans


def is_indicator_row(row: list[str]) -> bool:
    return not row[0].strip() and len([c for c in row if c.strip()]) >= 4


def grid_spans(grid: Grid, rows: list[int] | None = None) -> dict[tuple[int, int], tuple]:
    """Spans of the grid, or of a part of it (the rows of one page)."""
    sub = [grid.rows[i] for i in rows] if rows is not None else grid.rows
    band = 0
    if grid.kind == "standard":
        band = max(header_length(sub) - 1, 0)
    elif grid.kind == "other":
        band = Grid(sub, "other").header_band() if sub else 0
    return spans_of(sub, grid.kind, band) if sub else {}


def cell_role(grid: Grid, r: int, c: int) -> tuple[str, bool]:
    """Alignment ("LEFT", "CENTRE", "RIGHT") and whether the cell is a column heading."""
    text = grid.rows[r][c] if c < len(grid.rows[r]) else ""
    if grid.kind == "project":
        first = compact(grid.rows[r][0]) if grid.rows[r] else ""
        label = c == 0 or first == "一级指标" or compact(text) in PROJECT_LABELS
        if is_number(text):
            return "RIGHT", False
        return ("CENTRE", True) if label else ("LEFT", False)
    header = grid.header_length if grid.kind == "standard" else grid.header_band()
    if r < header:
        return "CENTRE", r < header - (1 if grid.kind == "standard" else 0)
    if c == 0 and compact(grid.rows[0][0]) == "序号":
        return "CENTRE", False
    if is_number(text) and c not in grid.code_columns():
        return "RIGHT", False
    return "LEFT", False


PROJECT_LABELS = {
    "项目编码",
    "项目名称",
    "预算数",
    "其中：财政资金",
    "其他资金",
    "3月底",
    "6月底",
    "9月底",
    "10月底",
    "12月底",
}


# ---------------------------------------------------------------------------------------
# Line breaking
# ---------------------------------------------------------------------------------------


def can_break(text: str, at: int) -> bool:
    """Whether a line may end before text[at] so that rejoining gives the text back."""
    a, b = text[at - 1], text[at]
    if a.isspace() or b.isspace():
        return False
    if not (CJK.match(a) or CJK.match(b)):
        return False
    if a in SENTENCE_ENDS or a in NO_LINE_END or b in NO_LINE_START:
        return False
    return not ITEM_START.match(text[at:])


def wrap_text(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy line breaking at safe places; explicit line breaks are kept."""
    lines: list[str] = []
    for part in text.split("\n"):
        if not part:
            lines.append("")
            continue
        advance = [measure(ch) for ch in part]
        start = 0
        while start < len(part):
            used, end, best = 0.0, start, None
            while end < len(part) and used + advance[end] <= width:
                used += advance[end]
                end += 1
                if end < len(part) and can_break(part, end):
                    best = end
            if end >= len(part):
                lines.append(part[start:])
                break
            if best is None:  # nothing safe in reach: run on to the next safe place
                best = next(
                    (i for i in range(max(end, start + 1), len(part)) if can_break(part, i)),
                    len(part),
                )
            lines.append(part[start:best])
            start = best
    return lines


# ---------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------

BODY_SIZE, BODY_LEADING = 10.5, 17
CELL_PAD = 2.5
HEADING_SIZES = {1: 18, 2: 15, 3: 13, 4: 12}


def register_font() -> None:
    """Register WenQuanYi Micro Hei (the first face of the Debian TTC) with reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not FONT_PATH.exists():
        raise SystemExit(
            f"error: the Chinese font {FONT_PATH} is missing; install the Debian package "
            "fonts-wqy-microhei (sudo apt-get install fonts-wqy-microhei)"
        )
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))


@functools.cache
def text_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_font()
    return stringWidth(text, FONT, size)


def measure(size: float) -> Callable[[str], float]:
    return lambda s: text_width(s, size)


def cell_size(grid: Grid) -> float:
    """Type size of a table: 9 pt, or 8 pt where twelve amount columns share the page."""
    return 9.0 if grid.width <= 9 else 8.0


def draw_string(canv, x: float, y: float, text: str, size: float, bold: str | None) -> None:
    """Draw text; "stroke" bold strokes the glyphs, "double" prints them twice."""
    canv.setFont(FONT, size)
    if bold == "stroke":
        t = canv.beginText(x, y)
        t.setFont(FONT, size)
        t.setTextRenderMode(2)
        canv.setLineWidth(size * 0.035)
        t.textOut(text)
        canv.drawText(t)
        return
    canv.drawString(x, y, text)
    if bold == "double":
        canv.drawString(x + 0.3, y, text)


def pdf_flowables():
    """The flowable classes, defined here so reportlab is imported only to draw a PDF."""
    from reportlab.platypus import Flowable, Table, TableStyle

    class TextLines(Flowable):
        """Heading or paragraph: our own line breaks, first line indented like Chinese prose."""

        def __init__(
            self,
            text,
            size,
            leading,
            align="LEFT",
            indent=0.0,
            bold=None,
            before=0.0,
            after=0.0,
            leader_page=None,
        ):
            super().__init__()
            self.text, self.size, self.leading, self.align = text, size, leading, align
            self.indent, self.bold, self.before, self.after = indent, bold, before, after
            self.leader_page = leader_page
            self.lines: list[str] = []

        def wrap(self, aW, aH):
            self.width = aW
            if self.leader_page is not None:
                self.lines = [self.text]
            else:
                first = wrap_text(self.text, aW - self.indent, measure(self.size))
                rest = (
                    wrap_text(self.text[len(first[0]) :], aW, measure(self.size))
                    if (len(first) > 1)
                    else []
                )
                self.lines = first[:1] + rest
            self.height = self.before + self.after + self.leading * len(self.lines)
            return aW, self.height

        def split(self, aW, aH):
            return []

        def draw(self):
            w = measure(self.size)
            y = self.height - self.before - self.size
            for i, line in enumerate(self.lines):
                if self.leader_page is not None:
                    page = self.leader_page
                    room = self.width - w(line) - w(page) - 4
                    line = line + "." * max(int(room / w(".")), 3)
                    draw_string(self.canv, 0, y, line, self.size, None)
                    self.canv.drawRightString(self.width, y, page)
                    break
                x = self.indent if i == 0 else 0
                if self.align == "CENTRE":
                    x = (self.width - w(line)) / 2
                elif self.align == "RIGHT":
                    x = self.width - w(line)
                draw_string(self.canv, x, y, line, self.size, self.bold)
                y -= self.leading

    class CellText(Flowable):
        """The text of one table cell, already broken into lines for its width."""

        def __init__(self, lines, align, bold, size):
            super().__init__()
            self.lines, self.align, self.bold, self.size = lines, align, bold, size
            self.leading = round(size * 1.3, 1)

        def wrap(self, aW, aH):
            self.width = aW
            self.height = self.leading * len(self.lines)
            return aW, self.height

        def draw(self):
            w = measure(self.size)
            y = self.height - self.size
            for line in self.lines:
                x = 0.0
                if self.align == "CENTRE":
                    x = (self.width - w(line)) / 2
                elif self.align == "RIGHT":
                    x = self.width - w(line)
                draw_string(self.canv, x, y + 0.15 * self.size, line, self.size, self.bold)
                y -= self.leading

    class TitleBlockLine(Flowable):
        """323 巨鹿县… left, 预算年度：2025 centre, 单位：万元 right, above the ruled grid."""

        def __init__(self, parts):
            super().__init__()
            self.parts = parts

        def wrap(self, aW, aH):
            self.width, self.height = aW, 12
            return aW, self.height

        def draw(self):
            size, parts, c = 9, self.parts, self.canv
            c.setFont(FONT, size)
            if len(parts) == 1 and compact(parts[0]).startswith(("单位", "截止")):
                c.drawRightString(self.width, 2, parts[0])
                return
            c.drawString(0, 2, parts[0])
            if len(parts) >= 3:
                c.drawCentredString(self.width / 2, 2, parts[1])
            if len(parts) >= 2:
                c.drawRightString(self.width, 2, parts[-1])

    class GridTable(Flowable):
        """A ruled table that splits itself across pages, repeating its heading rows."""

        def __init__(self, grid: Grid, widths, rows=None, options=None):
            super().__init__()
            self.grid, self.widths = grid, widths
            self.rows = list(range(len(grid.rows))) if rows is None else rows
            self.options = options or {}
            self.table = None
            self.spaceAfter = 8

        def build(self):
            grid = self.grid
            spans = grid_spans(grid, self.rows)
            totals = grid.total_rows()
            size = cell_size(grid)
            offset = 1 if grid.title_block else 0
            data = []
            style = [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD),
            ]
            if grid.title_block:
                data.append([TitleBlockLine(grid.title_block)] + [""] * (grid.width - 1))
                style += [
                    ("SPAN", (0, 0), (-1, 0)),
                    ("LEFTPADDING", (0, 0), (-1, 0), 0),
                    ("RIGHTPADDING", (0, 0), (-1, 0), 0),
                ]
            for i, r in enumerate(self.rows):
                row = grid.rows[r] + [""] * (grid.width - len(grid.rows[r]))
                cells = []
                for c, text in enumerate(row):
                    span = spans.get((i, c), (1, 1))
                    if span is None or not text:
                        cells.append("")
                        continue
                    rs, cs = span
                    width = sum(self.widths[c : c + cs]) - 2 * CELL_PAD
                    align, heading = cell_role(grid, r, c)
                    bold = "stroke" if heading else None
                    if r in totals:
                        bold = self.options.get("total_bold", "double")
                    lines = wrap_text(text, width, measure(size))
                    cells.append(CellText(lines, align, bold, size))
                data.append(cells)
            for (i, c), span in spans.items():
                if span is not None:
                    rs, cs = span
                    style.append(("SPAN", (c, i + offset), (c + cs - 1, i + offset + rs - 1)))
            style.append(("GRID", (0, offset), (-1, -1), 0.6, "black"))
            table = Table(data, colWidths=self.widths)
            table.setStyle(TableStyle(style))
            return table

        def wrap(self, aW, aH):
            self.table = self.build()
            self.width, self.height = self.table.wrap(aW, aH)
            return self.width, self.height

        def draw(self):
            self.table.drawOn(self.canv, 0, 0)

        def split(self, aW, aH):
            if self.table is None:
                self.wrap(aW, aH)
            heights = list(self.table._rowHeights)
            offset = 1 if self.grid.title_block else 0
            used = sum(heights[:offset])
            fit = 0
            for h in heights[offset:]:
                if used + h > aH:
                    break
                used += h
                fit += 1
            while fit and self.rows[fit - 1] in self.grid.repeat_rows():
                fit -= 1  # headings at the foot of a page go over with their rows
            repeat = [r for r in self.grid.repeat_rows() if r in self.rows[:fit]]
            # never leave only headings (or a lone row) at the foot of a page
            body_rows = [r for r in self.rows[:fit] if r not in self.grid.repeat_rows()]
            if fit >= len(self.rows) or len(body_rows) < 2:
                return []
            first = GridTable(self.grid, self.widths, self.rows[:fit], self.options)
            rest = self.rows[fit:]
            second = GridTable(
                self.grid, self.widths, [r for r in repeat if r not in rest] + rest, self.options
            )
            return [first, second]

    return TextLines, GridTable


def column_widths(grid: Grid, total: float) -> list[float]:
    """Narrow columns as printed: amounts just wide enough, names sharing what is left."""
    w = measure(cell_size(grid))
    pad = 2 * CELL_PAD + 1
    n = grid.width
    if grid.kind == "project" and n == 7:
        base = [62, 58, 58, 96, 74, 62, 72]
        return [total * b / sum(base) for b in base]
    spans = grid_spans(grid)
    start = grid.header_length if grid.kind == "standard" else grid.header_band()
    token = [w("序") + pad] * n
    natural = [0.0] * n
    numeric = [True] * n
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            span = spans.get((r, c), (1, 1))
            if not text or span is None or span[1] > 1:
                continue
            longest = max(
                (w(t) for t in re.split(r"(?<=[\u3400-\u9fff])|(?=[\u3400-\u9fff])|\s", text)),
                default=0,
            )
            token[c] = max(token[c], longest + pad)
            if r >= start:
                natural[c] = max(natural[c], max(w(line) for line in text.split("\n")) + pad)
                if not (is_number(text) or CODE.match(text)):
                    numeric[c] = False
    heading = [0.0] * n  # widest heading line, for tables without a 栏次 row
    if grid.kind == "other":
        for r in range(start):
            for c, text in enumerate(grid.rows[r]):
                if text and spans.get((r, c), (1, 1)) == (1, 1):
                    heading[c] = max(heading[c], w(text) + pad)
    # Each column first gets what it cannot do without: its longest unbreakable word (an
    # amount, a code) and up to four characters of a name. Amount columns of tables without
    # a 栏次 row then widen towards their heading, and name columns share the rest.
    cjk = w("中")
    base = [
        max(token[c], natural[c], w("0000.00") + pad)
        if numeric[c]
        else max(token[c], min(natural[c], 4 * cjk + pad))
        for c in range(n)
    ]
    spare = total - sum(base)
    if spare <= 0:
        return [x * total / sum(base) for x in base]
    bonus = [max(min(heading[c], 5 * cjk) - base[c], 0) if numeric[c] else 0 for c in range(n)]
    share = min(1.0, spare / 2 / sum(bonus)) if sum(bonus) else 0.0
    widths = [base[c] + bonus[c] * share for c in range(n)]
    spare = total - sum(widths)
    weight = [max(natural[c] - base[c], 0) if not numeric[c] else 0 for c in range(n)]
    if not sum(weight):
        weight = widths[:]
    return [widths[c] + spare * weight[c] / sum(weight) for c in range(n)]


def render_pdf(items: list[Item], meta: dict, out: Path, options: dict | None = None) -> None:
    """Write the items as an A4 PDF laid out like a published budget disclosure."""
    register_font()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, PageBreak, SimpleDocTemplate

    TextLines, GridTable = pdf_flowables()
    options = options or {}
    page_w, page_h = A4
    margin_x, margin_top, margin_bottom = 20 * mm, 26 * mm, 22 * mm
    frame_w = page_w - 2 * margin_x
    running = f"{meta.get('department_name', '')}{meta.get('year', '')}年部门预算信息公开"

    def decorate(canv, doc) -> None:
        canv.saveState()
        canv.setFont(FONT, 9)
        canv.setFillGray(0.25)
        canv.drawCentredString(page_w / 2, page_h - 15 * mm, running)
        canv.setLineWidth(0.5)
        canv.line(margin_x, page_h - 16.5 * mm, page_w - margin_x, page_h - 16.5 * mm)
        canv.setFont(FONT, 10.5)
        canv.setFillGray(0)
        canv.drawCentredString(page_w / 2, 12 * mm, f"— {doc.page} —")
        canv.restoreState()

    story = []
    for i, item in enumerate(items):
        if item.kind == "pagebreak":
            if story and not isinstance(story[-1], PageBreak):
                story.append(PageBreak())
        elif item.kind == "condbreak":
            story.append(CondPageBreak(180))
        elif item.kind == "heading":
            size = HEADING_SIZES.get(item.level, 12)
            table_title = i + 1 < len(items) and items[i + 1].kind in ("table", "unit")
            centre = item.level <= 2 or (table_title and item.level <= 3 and is_standard(items, i))
            story.append(
                TextLines(
                    item.text,
                    size,
                    size * 1.5,
                    "CENTRE" if centre else "LEFT",
                    bold="stroke",
                    before=size * 0.6,
                    after=size * 0.4,
                )
            )
        elif item.kind == "paragraph":
            story.append(
                TextLines(
                    item.text, BODY_SIZE, BODY_LEADING, indent=2 * BODY_SIZE, after=BODY_SIZE * 0.5
                )
            )
        elif item.kind == "unit":
            story.append(TextLines(item.text, 9, 12, "RIGHT", after=2))
        elif item.kind == "toc":
            story.append(
                TextLines(
                    item.text, BODY_SIZE, BODY_LEADING, leader_page=item.page, after=BODY_SIZE * 0.5
                )
            )
        elif item.kind == "table":
            grid = item.grid
            widths = column_widths(grid, frame_w)
            story.append(GridTable(grid, widths, options=options))
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=margin_x,
        rightMargin=margin_x,
        topMargin=margin_top,
        bottomMargin=margin_bottom,
        title=running,
        author=str(meta.get("department_name", "")),
        creator="openbudget scripts/make_fixtures.py",
        invariant=1,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


def is_standard(items: list[Item], index: int) -> bool:
    for item in items[index + 1 :]:
        if item.kind == "table":
            return item.grid is not None and item.grid.kind == "standard"
        if item.kind not in ("unit",):
            return False
    return False


# ---------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------


def render_docx(items: list[Item], meta: dict, out: Path) -> None:
    """Write the items as a Word document: Heading styles, paragraphs, merged tables."""
    from docx import Document
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    for name in ["Normal"] + [f"Heading {n}" for n in range(1, 5)]:
        style = doc.styles[name]
        style.font.name = "SimSun"
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), "宋体")
    doc.styles["Normal"].font.size = Pt(10.5)
    props = doc.core_properties
    props.title = f"{meta.get('department_name', '')}{meta.get('year', '')}年部门预算信息公开"
    props.author = props.last_modified_by = str(meta.get("department_name", ""))
    props.created = props.modified = FIXED_TIME
    props.revision = 1

    align = {
        "LEFT": WD_ALIGN_PARAGRAPH.LEFT,
        "CENTRE": WD_ALIGN_PARAGRAPH.CENTER,
        "RIGHT": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    page_break_next = False
    for item in items:
        if item.kind == "pagebreak":
            page_break_next = True
            continue
        if item.kind == "condbreak":
            continue
        p = None
        if item.kind == "heading":
            p = doc.add_heading(item.text, level=min(item.level, 4))
            if item.level <= 2:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif item.kind == "paragraph":
            p = doc.add_paragraph(item.text)
            p.paragraph_format.first_line_indent = Pt(21)
        elif item.kind == "unit":
            p = doc.add_paragraph(item.text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif item.kind == "toc":
            p = doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(
                Mm(170), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            p.add_run(item.text)
            p.add_run("\t" + item.page)
        elif item.kind == "table":
            docx_table(doc, item.grid, align, WD_CELL_VERTICAL_ALIGNMENT, OxmlElement, qn)
        if page_break_next and p is not None:  # tables always follow their title
            p.paragraph_format.page_break_before = True
            page_break_next = False
    doc.save(str(out))
    normalise_zip(out)


def docx_table(doc, grid: Grid, align, valign, OxmlElement, qn) -> None:
    """A Word table with its merged cells; the title block as a borderless first row."""
    from docx.shared import Pt

    offset = 1 if grid.title_block else 0
    table = doc.add_table(rows=len(grid.rows) + offset, cols=grid.width)
    table.style = "Table Grid"
    flat = table._cells  # every cell once, before any merge (python-docx recomputes per call)
    cells = [flat[i * grid.width : (i + 1) * grid.width] for i in range(len(table.rows))]
    rows = list(table.rows)
    merges: list[tuple[int, int, int, int]] = []
    if grid.title_block:
        parts = grid.title_block
        spread = split_columns(grid.width, len(parts))
        for (a, b), text, how in zip(spread, parts, part_alignments(len(parts)), strict=True):
            cells[0][a].text = text
            cells[0][a].paragraphs[0].alignment = align[how]
            if b > a:
                merges.append((0, a, 0, b))
        for cell in cells[0]:
            borders(cell, OxmlElement, qn, none=True)
        header_row(rows[0], OxmlElement, qn)
    spans = grid_spans(grid)
    totals = grid.total_rows()
    repeat = set(grid.repeat_rows()) if grid.kind == "standard" else set()
    for r, values in enumerate(grid.rows):
        if r in repeat:
            header_row(rows[r + offset], OxmlElement, qn)
        for c in range(grid.width):
            text = values[c] if c < len(values) else ""
            span = spans.get((r, c), (1, 1))
            if span is None:
                continue
            rs, cs = span
            cell = cells[r + offset][c]
            if rs > 1 or cs > 1:
                merges.append((r + offset, c, r + offset + rs - 1, c + cs - 1))
            how, heading = cell_role(grid, r, c)
            for n, line in enumerate(text.split("\n") if text else []):
                para = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                run = para.add_run(line)
                run.font.size = Pt(9)
                run.bold = heading or r in totals or None
                para.alignment = align[how]
            cell.vertical_alignment = valign.CENTER
    for r1, c1, r2, c2 in merges:  # merge last: a merged cell's text is not moved again
        cells[r1][c1].merge(cells[r2][c2])


def split_columns(width: int, parts: int) -> list[tuple[int, int]]:
    """Column ranges for 1–3 title-block parts: left, (centre,) right."""
    if parts == 1:
        return [(0, width - 1)]
    if parts == 2:
        half = max(width // 2, 1)
        return [(0, half - 1), (half, width - 1)]
    left = max(width * 2 // 5, 1)
    right = max(width - width * 2 // 5, left + 1)
    if right >= width:
        right = width - 1
    return [(0, left - 1), (left, right - 1), (right, width - 1)]


def part_alignments(parts: int) -> list[str]:
    return {1: ["RIGHT"], 2: ["LEFT", "RIGHT"], 3: ["LEFT", "CENTRE", "RIGHT"]}[parts]


def borders(cell, OxmlElement, qn, none: bool) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcb = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil" if none else "single")
        tcb.append(el)
    tcpr.append(tcb)


def header_row(row, OxmlElement, qn) -> None:
    """Mark a row to repeat at the top of each page, as Word does for heading rows."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


# ---------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------


def sheet_name(title: str) -> str | None:
    text = compact(title)
    for words, name in NINE_TABLES:
        if words in text:
            return name
    return None


def render_xlsx(items: list[Item], meta: dict, out: Path) -> None:
    """The nine standard tables, one per sheet, then each project table (绩效目标表) on a
    sheet of its own (项目1, 项目2 …), as finance bureaus export them."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in xlsx_sheets(items):
        xlsx_sheet(wb, sheet)
    wb.properties.creator = str(meta.get("department_name", ""))
    wb.properties.title = f"{meta.get('department_name', '')}{meta.get('year', '')}年部门预算公开表"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.save(str(out))
    normalise_zip(out)


@dataclass
class Sheet:
    """One sheet of the workbook: its tab name, title, the lines above the grid, the grid
    and the notes printed below it."""

    name: str
    title: str
    grid: Grid
    above: list[str]  # the title-block parts (one row) or the 单位：万元 line
    notes: list[str] = field(default_factory=list)


def xlsx_sheets(items: list[Item]) -> list[Sheet]:
    """The standard tables in document order, then the project tables in document order."""
    standard: list[Sheet] = []
    projects: list[Sheet] = []
    for i, item in enumerate(items):
        grid = item.grid
        if item.kind != "table" or grid is None:
            continue
        if grid.kind == "standard":
            notes = []
            for later in items[i + 1 :]:
                if later.kind == "paragraph" and compact(later.text).startswith("注"):
                    notes.append(later.text)
                else:
                    break
            name = sheet_name(grid.title) or grid.title[:31]
            standard.append(Sheet(name, grid.title, grid, grid.title_block, notes))
        elif grid.kind == "project":
            units = []  # the 单位：万元 line printed right above the table
            for earlier in reversed(items[:i]):
                if earlier.kind != "unit":
                    break
                units.insert(0, earlier.text)
            name = f"项目{len(projects) + 1}"
            projects.append(Sheet(name, grid.title, grid, grid.title_block or units))
    return standard + projects


def xlsx_amount_cells(grid: Grid) -> set[tuple[int, int]]:
    """Cells stored as numbers: 栏次 numbers and amounts; codes and indicator text stay text.

    Standard tables: the 栏次 row and every number below it outside the code columns.
    Project tables: the amounts above the indicator rows (预算数, 财政资金, the spending
    plan), not a value labelled 项目编码 however it looks.
    """
    cells: set[tuple[int, int]] = set()
    if grid.kind == "project":
        for r, row in enumerate(grid.rows):
            if row and compact(row[0]) == "一级指标":
                break
            for c, text in enumerate(row):
                labelled = next((compact(t) for t in reversed(row[:c]) if t.strip()), "")
                if is_number(text) and not re.search(r"编码|代码|编号", labelled):
                    cells.add((r, c))
        return cells
    header = grid.header_length
    code_cols = grid.code_columns()
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            counted = r == header - 1 or (r >= header and c not in code_cols)
            if counted and is_number(text):
                cells.add((r, c))
    return cells


def xlsx_sheet(wb, sheet: Sheet) -> None:
    """Write one table: merged title row, title block or unit row, the merged grid, notes."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    grid = sheet.grid
    ws = wb.create_sheet(sheet.name)
    n = grid.width
    last = get_column_letter(n)
    ws["A1"] = sheet.title
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name="宋体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    row_no = 2
    if sheet.above:
        parts = sheet.above
        for (a, b), text, how in zip(
            split_columns(n, len(parts)), parts, part_alignments(len(parts)), strict=True
        ):
            cell = ws.cell(row=row_no, column=a + 1, value=text)
            cell.alignment = Alignment(horizontal={"CENTRE": "center"}.get(how, how.lower()))
            if b > a:
                ws.merge_cells(
                    start_row=row_no, start_column=a + 1, end_row=row_no, end_column=b + 1
                )
        row_no += 1
    first = row_no
    spans = grid_spans(grid)
    totals = grid.total_rows()
    amounts = xlsx_amount_cells(grid)
    for r, values in enumerate(grid.rows):
        for c in range(n):
            text = values[c] if c < len(values) else ""
            cell = ws.cell(row=first + r, column=c + 1)
            cell.border = box
            span = spans.get((r, c), (1, 1))
            if span is None or not text:
                continue
            how, heading = cell_role(grid, r, c)
            value: object = text
            if (r, c) in amounts:  # codes stay text, as exports keep them
                if "." in text:
                    value = float(text)
                    cell.number_format = "0." + "0" * len(text.split(".")[1])
                else:
                    value = int(text)
            cell.value = value
            cell.font = Font(name="宋体", size=10, bold=heading or r in totals)
            cell.alignment = Alignment(
                horizontal={"CENTRE": "center"}.get(how, how.lower()),
                vertical="center",
                wrap_text=True,
            )
    for (r, c), span in spans.items():
        if span is not None:
            rs, cs = span
            ws.merge_cells(
                start_row=first + r,
                start_column=c + 1,
                end_row=first + r + rs - 1,
                end_column=c + cs,
            )
    row_no = first + len(grid.rows)
    for note in sheet.notes:
        row_no += 1
        ws.cell(row=row_no, column=1, value=note)
        ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=n)
    widths = column_widths(grid, 100.0)
    for c, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(c + 1)].width = round(max(width * 1.1, 5), 1)
    if grid.kind == "standard":  # headings frozen on screen and repeated on every page
        ws.freeze_panes = ws.cell(row=first + grid.header_length, column=1)
        ws.print_title_rows = f"{first}:{first + grid.header_length - 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


# ---------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------


def render_html(items: list[Item], meta: dict, out: Path) -> None:
    """One web page: headings, paragraphs and tables with colspan/rowspan."""
    title = f"{meta.get('department_name', '')}{meta.get('year', '')}年部门预算信息公开"
    esc = html.escape
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        "<style>",
        "body { font-family: SimSun, serif; max-width: 60em; margin: auto; }",
        "table.grid { border-collapse: collapse; margin: 0.5em 0 1.5em; }",
        "table.grid td, table.grid th { border: 1px solid #000; padding: 2px 4px; }",
        "td.num { text-align: right; } th, td.c { text-align: center; }",
        ".title-block { display: flex; justify-content: space-between; margin: 0; }",
        "p.unit { text-align: right; } p.toc span.page { float: right; }",
        "</style>",
        "</head>",
        "<body>",
        '<div class="article">',
    ]
    for item in items:
        if item.kind == "heading":
            level = min(max(item.level, 1), 4)
            lines.append(f"<h{level}>{esc(item.text)}</h{level}>")
        elif item.kind == "paragraph":
            lines.append(f"<p>{esc(item.text)}</p>")
        elif item.kind == "unit":
            lines.append(f'<p class="unit">{esc(item.text)}</p>')
        elif item.kind == "toc":
            lines.append(  # a contents line: name, dot leader, page number
                f'<p class="toc">{esc(item.text)}<span class="leader">……………</span>'
                f'<span class="page">{esc(item.page)}</span></p>'
            )
        elif item.kind == "table" and item.grid is not None:
            lines += html_table(item.grid)
    lines += ["</div>", "</body>", "</html>", ""]
    out.write_text("\n".join(lines), encoding="utf-8")


def html_table(grid: Grid) -> list[str]:
    esc = html.escape
    out: list[str] = []
    if grid.title_block:
        out.append('<div class="title-block">')
        out += [f"<p>{esc(t)}</p>" for t in grid.title_block]
        out.append("</div>")
    spans = grid_spans(grid)
    totals = grid.total_rows()
    header = grid.header_length if grid.kind == "standard" else grid.header_band()
    out.append('<table class="grid">')
    if header:
        out.append("<thead>")
    for r, values in enumerate(grid.rows):
        if header and r == header:
            out.append("</thead>")
            out.append("<tbody>")
        cells = []
        for c in range(grid.width):
            text = values[c] if c < len(values) else ""
            span = spans.get((r, c), (1, 1))
            if span is None:
                continue
            rs, cs = span
            how, heading = cell_role(grid, r, c)
            tag = "th" if r < header else "td"
            attrs = ""
            if cs > 1:
                attrs += f' colspan="{cs}"'
            if rs > 1:
                attrs += f' rowspan="{rs}"'
            if tag == "td" and how == "RIGHT":
                attrs += ' class="num"'
            elif tag == "td" and how == "CENTRE":
                attrs += ' class="c"'
            body = "<br>".join(esc(line) for line in text.split("\n"))
            if r in totals and body:
                body = f"<b>{body}</b>"
            cells.append(f"<{tag}{attrs}>{body}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    if header:
        out.append("</tbody>" if len(grid.rows) > header else "</thead>")
    out.append("</table>")
    return out


# ---------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------


def normalise_zip(path: Path) -> None:
    """Rewrite a DOCX/XLSX with fixed timestamps so regenerating gives identical bytes."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m[1] + stamp + m[3],
                    text,
                )
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


def sidecar_text(source: Path, formats: tuple[str, ...]) -> str:
    """The source's sidecar for its fixtures, with source_format set to their format.

    Fixtures of one source share a name and so a sidecar. With one format it states it;
    with several, source_format is left out, and the parser takes each file's format from
    its extension. Everything else (region, code, year) is kept, so document_ids match.
    """
    text = source.with_suffix(".yaml").read_text(encoding="utf-8")
    shown = ", ".join(f".{f}" for f in formats)
    note = f"# Test fixture sidecar: sources/{source.name} rendered as {shown} by "
    note += "scripts/make_fixtures.py.\n"
    if len(formats) == 1:
        line = f"source_format: {formats[0]}"
    else:
        line = (
            f"# source_format: not stated; each fixture's extension gives it ({', '.join(formats)})"
        )
    if re.search(r"(?m)^source_format:.*$", text):
        text = re.sub(r"(?m)^source_format:.*$", line, text)
    else:
        text = text.rstrip("\n") + "\n" + line + "\n"
    return note + text


def load_meta(source: Path) -> dict:
    import yaml

    path = source.with_suffix(".yaml")
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


RENDERERS = {
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
    "html": render_html,
}


def make(name: str, fmt: str, out_dir: Path, sources: Path = SOURCES) -> Path:
    """Render sources/<name>.txt as <out_dir>/<name>.<fmt> with its sidecar; the path."""
    source = sources / f"{name}.txt"
    items = build_items(load_blocks(source))
    meta = load_meta(source)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{name}.{fmt}"
    tmp = out.with_name(out.name + ".tmp")
    if fmt == "pdf":
        render_pdf(items, meta, tmp, PDF_OPTIONS.get(name))
    else:
        RENDERERS[fmt](items, meta, tmp)
    tmp.replace(out)
    formats = FIXTURE_SETS.get(name, (fmt,))
    out.with_suffix(".yaml").write_text(sidecar_text(source, formats), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=FIXTURES, help="output folder")
    parser.add_argument(
        "only", nargs="*", help="fixtures to make, as NAME.FORMAT (default: all of them)"
    )
    args = parser.parse_args(argv)
    wanted = [(n, f) for n, formats in FIXTURE_SETS.items() for f in formats]
    if args.only:
        asked = {tuple(o.rsplit(".", 1)) for o in args.only}
        unknown = asked - set(wanted)
        if unknown:
            parser.error(f"unknown fixture(s): {', '.join('.'.join(u) for u in unknown)}")
        wanted = [w for w in wanted if w in asked]
    for name, fmt in wanted:
        path = make(name, fmt, args.out)
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size:,} bytes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
