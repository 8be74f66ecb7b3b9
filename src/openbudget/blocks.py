"""Neutral blocks: what every reader produces and every later stage consumes.

A reader turns one file format into a flat list of headings, paragraphs and tables (a grid
of cell strings). Format quirks stop at the reader, so repair and recognition never need to
know where a block came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]
Box = tuple[float, float, float, float]


@dataclass
class Block:
    """One heading, paragraph or table, with where it was found in the source."""

    kind: BlockKind
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    level: int = 0
    line: int = 0
    page: int | None = None
    # For a table joined across pages: (index of the first row from a page, that page).
    page_starts: list[tuple[int, int]] = field(default_factory=list)
    # A table the reader saw carry on the previous page's last table (same columns, at the
    # top of the page) although it prints no headings again; repair joins the two.
    continues: bool = False
    # A table's label and title (and title-block lines printed with them) where the grid
    # itself prints them, above its headings.
    caption: list[str] = field(default_factory=list)
    # Where a PDF table is printed: its box on each page it spans, ``(page, (x0, top, x1,
    # bottom))`` in points from the page's top left, so a page image can outline it.
    regions: list[tuple[int, Box]] = field(default_factory=list)

    def page_at(self, row: int) -> int | None:
        """The page a table row was printed on (the block's page for unjoined tables)."""
        page = self.page
        for start, start_page in self.page_starts:
            if start <= row:
                page = start_page
        return page

    def continue_with(self, other: Block, rows: list[list[str]]) -> None:
        """Append rows that ``other`` (the table's part on a later page) contributes."""
        if other.page is not None and other.page != self.page_at(len(self.rows) - 1):
            self.page_starts.append((len(self.rows), other.page))
        self.rows.extend(rows)
        self.regions.extend(other.regions)

    @property
    def where(self) -> str:
        """A human pointer into the source, used in messages and repair records."""
        if self.page is not None:
            return f"page {self.page}"
        return f"line {self.line}"

    @property
    def place(self) -> str:
        """The same pointer in Chinese (第 7 页, 第 128 行), for the repair records the site
        shows its readers."""
        if self.page is not None:
            return f"第 {self.page} 页"
        return f"第 {self.line} 行"


@dataclass(frozen=True)
class Repair:
    """One mended piece of extraction damage, kept so it can be shown and tested."""

    kind: str
    location: str
    before: str
    after: str


def regions_text(blocks: Iterable[Block], only: int | None = None) -> str | None:
    """The ``regions`` cell of what was read from ``blocks``: where a PDF prints it, as
    ``page:x0,top,x1,bottom`` (points) for each page (``only`` that page, when given), the
    boxes on one page joined, one line a page; None for sources without pages."""
    pages: dict[int, Box] = {}
    for block in blocks:
        for page, (x0, top, x1, bottom) in block.regions:
            if only is not None and page != only:
                continue
            a0, atop, a1, abottom = pages.get(page, (x0, top, x1, bottom))
            pages[page] = (min(a0, x0), min(atop, top), max(a1, x1), max(abottom, bottom))
    lines = [f"{page}:" + ",".join(f"{edge:.1f}" for edge in box) for page, box in pages.items()]
    return "\n".join(lines) or None


def parse_regions(text: str) -> list[tuple[int, Box]]:
    """A ``regions`` cell (:func:`regions_text`) back as pages and boxes."""
    found = []
    for line in text.splitlines():
        page, _, edges = line.partition(":")
        numbers = edges.split(",")
        if page.strip().isdecimal() and len(numbers) == 4:
            x0, top, x1, bottom = (float(n) for n in numbers)
            found.append((int(page), (x0, top, x1, bottom)))
    return found
