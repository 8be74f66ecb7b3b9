"""Small PDFs drawn with reportlab for the PDF reader's tests.

A :class:`Sheet` lays out headings, wrapped paragraphs and tables (ruled or not, with merged
cells, breaking across pages with their headings repeated) the way government disclosures
are printed, with options for the things a reader has to cope with: page numbers in a
footer, a running header, fake bold (text drawn twice), landscape pages.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "WQY"
FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))


def width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def tokens(text: str) -> list[str]:
    """Text split where a line may break: between CJK characters, around ASCII words."""
    out: list[str] = []
    for char in text:
        previous = out[-1][-1:] if out else ""
        if char.isascii() and not char.isspace() and previous.isascii() and previous.strip():
            out[-1] += char
            continue
        out.append(char)
    return out


def wrap(text: str, size: float, room: float, first_room: float | None = None) -> list[str]:
    """Greedy line breaking: as many tokens as fit; a line break in the text is kept."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for token in tokens(part):
            limit = first_room if (first_room is not None and not lines) else room
            if line and width(line + token, size) > limit:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return lines


@dataclass
class Cell:
    """A table cell and how many rows and columns it covers (0 means covered by another)."""

    text: str
    rows: int = 1
    cols: int = 1


def cells(rows: list[list[str | Cell]]) -> list[list[Cell]]:
    return [[c if isinstance(c, Cell) else Cell(c) for c in row] for row in rows]


@dataclass
class Sheet:
    """A document drawn page by page from the top down."""

    pagesize: tuple[float, float] = A4
    margin: float = 56.0
    size: float = 10.5
    leading: float = 1.5
    footer: str | None = "- {n} -"
    header: str | None = None
    buffer: io.BytesIO = field(default_factory=io.BytesIO)

    def __post_init__(self) -> None:
        self.canvas = canvas.Canvas(self.buffer, pagesize=self.pagesize)
        self.page = 1
        self.y = self.top
        self.fresh = True

    @property
    def top(self) -> float:
        return self.pagesize[1] - self.margin

    @property
    def room(self) -> float:
        return self.pagesize[0] - 2 * self.margin

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, y, text)
        if bold:
            self.canvas.drawString(x + 0.4, y, text)

    def finish_page(self) -> None:
        if self.footer:
            label = self.footer.format(n=self.page)
            self.text((self.pagesize[0] - width(label, 9)) / 2, self.margin / 2, label, 9)
        if self.header:
            self.text(self.margin, self.pagesize[1] - self.margin / 2, self.header, 9)
        self.canvas.showPage()
        self.page += 1
        self.y = self.top
        self.fresh = True

    def need(self, height: float) -> None:
        if self.y - height < self.margin and not self.fresh:
            self.finish_page()

    def advance(self, height: float) -> float:
        """Reserve ``height`` below the cursor; return the baseline for text of body size."""
        self.need(height)
        self.fresh = False
        self.y -= height
        return self.y

    def heading(self, text: str, size: float = 16, bold: bool = True, center: bool = True) -> None:
        for line in wrap(text, size, self.room):
            y = self.advance(size * 1.8)
            x = self.margin + ((self.room - width(line, size)) / 2 if center else 0)
            self.text(x, y + size * 0.4, line, size, bold)

    def paragraph(self, text: str, indent: int = 2, size: float | None = None) -> None:
        size = size or self.size
        first = self.room - indent * size
        for number, line in enumerate(wrap(text, size, self.room, first)):
            y = self.advance(size * self.leading)
            x = self.margin + (indent * size if number == 0 else 0)
            self.text(x, y + size * 0.3, line, size)
        self.y -= size * 0.3

    def line(self, text: str, align: str = "left", size: float | None = None) -> None:
        size = size or self.size
        y = self.advance(size * self.leading)
        x = {"left": self.margin, "right": self.margin + self.room - width(text, size)}[align]
        self.text(x, y + size * 0.3, text, size)

    def spread(self, parts: list[str], size: float | None = None) -> None:
        """One line with its parts spread across the width (a title block on one line)."""
        size = size or self.size
        y = self.advance(size * self.leading)
        gap = (self.room - sum(width(p, size) for p in parts)) / max(len(parts) - 1, 1)
        x = self.margin
        for part in parts:
            self.text(x, y + size * 0.3, part, size)
            x += width(part, size) + gap

    def table(
        self,
        rows: list[list[str | Cell]],
        widths: list[float],
        header: int = 0,
        ruled: bool = True,
        before_repeat: list[str | list[str]] | None = None,
        bold_rows: tuple[int, ...] = (),
        size: float | None = None,
    ) -> None:
        """Draw a table; on a page break, repeat ``before_repeat`` lines and the header rows.

        A list among ``before_repeat`` is a title block printed on one line.
        """
        size = size or self.size
        grid = cells(rows)
        scale = self.room / sum(widths) if sum(widths) > self.room else 1.0
        widths = [w * scale for w in widths]
        lefts = [self.margin + sum(widths[:i]) for i in range(len(widths))]
        pad, lead = 3.0, size * 1.25
        texts = [
            [wrap(c.text, size, sum(widths[i : i + c.cols]) - 2 * pad) for i, c in enumerate(row)]
            for row in grid
        ]
        heights = [
            max([len(t) * lead + 2 * pad for t, c in zip(tx, row, strict=True) if c.rows == 1])
            if any(c.rows == 1 for c in row)
            else lead + 2 * pad
            for tx, row in zip(texts, grid, strict=True)
        ]

        def draw(index: int) -> None:
            top = self.y
            self.y -= heights[index]
            for col, cell in enumerate(grid[index]):
                if cell.cols == 0 or cell.rows == 0:
                    continue
                span_h = sum(heights[index : index + cell.rows])
                span_w = sum(widths[col : col + cell.cols])
                x0 = lefts[col]
                if ruled:
                    self.canvas.rect(x0, top - span_h, span_w, span_h)
                bold = index in bold_rows
                for number, text in enumerate(texts[index][col]):
                    y = top - pad - (number + 1) * lead + size * 0.3
                    self.text(x0 + pad, y, text, size, bold)

        self.need(sum(heights[: header + 1]))  # headings never stand alone at a page foot
        index = 0
        while index < len(grid):
            block = index
            while block + 1 < len(grid) and any(c.rows > 1 for c in grid[block]):
                block += 1  # keep rows joined by a merged cell on one page
            height = sum(heights[index : block + 1])
            if self.y - height < self.margin and not self.fresh and index >= header:
                self.finish_page()
                for text in before_repeat or []:
                    if isinstance(text, list):
                        self.spread(text)
                    else:
                        self.line(text)
                for repeat in range(header):
                    draw(repeat)
            self.fresh = False
            for row in range(index, block + 1):
                draw(row)
            index = block + 1
        self.y -= size

    def new_page(self) -> None:
        if not self.fresh:
            self.finish_page()

    def save(self) -> bytes:
        if not self.fresh or self.page == 1:
            self.finish_page()
        self.canvas.save()
        return self.buffer.getvalue()


TITLE_BLOCK = re.compile(r"^(?!(19|20)\d{2}\s*年)\d{3,}\s*[\u4e00-\u9fff]|^预算年度|^单位[:：]")
COLUMN_NUMBERS = re.compile(r"^[栏档]次$")


def column_widths(rows: list[list[str]], room: float, size: float) -> list[float]:
    """Column widths from the longest text in each column, scaled to fit the page."""
    count = max(len(row) for row in rows)
    natural = [24.0] * count
    for row in rows:
        for col, text in enumerate(row):
            longest = max((width(part, size) for part in text.split("\n")), default=0)
            natural[col] = max(natural[col], min(longest + 16, 170))
    scale = min(1.0, room / sum(natural))
    return [w * scale for w in natural]


def render_disclosure(
    blocks: list, sheet: Sheet, column_numbers: bool = True, ruled: bool = True
) -> bytes:
    """Print a disclosure's blocks in another house style than the fixtures'.

    Headings in fake bold, title blocks on one line spread across the page and repeated
    with the table's headings on every page a table runs onto, optionally without the
    栏次 row and without rules.
    """
    pending: list[str] = []
    for block in blocks:
        if block.kind != "table":
            text = re.sub(r"\s+", "", block.text)
            if block.kind == "paragraph" and TITLE_BLOCK.match(text) and len(text) < 40:
                pending.append(block.text)
                continue
            for line in pending:
                sheet.paragraph(line, indent=0)
            pending = []
            if block.kind == "heading":
                big = block.level <= 2
                sheet.heading(block.text, size=15 if big else 12, center=big)
            else:
                sheet.paragraph(block.text)
            continue
        count = max(len(row) for row in block.rows)
        rows = [row + [""] * (count - len(row)) for row in block.rows]
        header = next(
            (i + 1 for i, row in enumerate(rows[:8]) if any(COLUMN_NUMBERS.match(c) for c in row)),
            0,
        )
        if header and not column_numbers:
            rows = rows[: header - 1] + rows[header:]
            header -= 1
        if pending:
            sheet.spread(pending)
        size = sheet.size  # a wide table is set in smaller type, as printers do
        while size > 6 and sum(column_widths(rows, 1e9, size)) > sheet.room:
            size -= 0.5
        widths = column_widths(rows, sheet.room, size)
        bold = tuple(i for i, row in enumerate(rows) if any("合计" in c for c in row[:3]))
        repeat: list[str | list[str]] = [pending] if pending and header else []
        sheet.table(rows, widths, header, ruled, before_repeat=repeat, bold_rows=bold, size=size)
        pending = []
    return sheet.save()
