"""Neutral blocks: what every reader produces and every later stage consumes.

A reader turns one file format into a flat list of headings, paragraphs and tables (a grid
of cell strings). Format quirks stop at the reader, so repair and recognition never need to
know where a block came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]


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
