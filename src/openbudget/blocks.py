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

    @property
    def where(self) -> str:
        """A human pointer into the source, used in messages and repair records."""
        if self.page is not None:
            return f"page {self.page}"
        return f"line {self.line}"


@dataclass(frozen=True)
class Repair:
    """One mended piece of extraction damage, kept so it can be shown and tested."""

    kind: str
    location: str
    before: str
    after: str
