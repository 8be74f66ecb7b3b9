"""Find the project tables among the blocks: a title, then the rows printed below it.

A title is a heading, a paragraph or a table row of its own ending in 绩效目标表 (PDF text
loses some heading markers; DOCX text can put the title inside the table above). The rows
that follow, across tables if a table is split, belong to that project until the next
title or any other heading or paragraph (a 单位：万元 line before the table excepted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openbudget.blocks import Block
from openbudget.text_utils import compact, join_cjk
from openbudget.vocabulary import is_title_block

TITLE = re.compile(r"绩效目标表$")
NOT_A_PROJECT = re.compile(r"整体绩效目标")


@dataclass
class Draft:
    """One project's title and the rows of its table, gathered across blocks."""

    title: str
    where: str
    rows: list[list[str]] = field(default_factory=list)
    blocks: set[int] = field(default_factory=set)


def is_title(text: str) -> bool:
    """Whether a line is the title of a project's performance-target table."""
    text = compact(text)
    return bool(TITLE.search(text)) and not NOT_A_PROJECT.search(text) and len(text) <= 150


def title_in_row(row: list[str]) -> str | None:
    """The title of a table printed as a row of its own (one non-empty cell)."""
    cells = [cell.strip() for cell in row if cell.strip()]
    if len(cells) == 1 and is_title(cells[0]):
        return join_cjk(cells[0])
    return None


def gather(blocks: list[Block]) -> list[Draft]:
    """Group blocks into drafts: each title with the rows of the table(s) below it."""
    drafts: list[Draft] = []
    current: Draft | None = None
    for index, block in enumerate(blocks):
        if block.kind == "table":
            current = gather_table(block, index, current, drafts)
            continue
        text = join_cjk(block.text)
        if is_title(text):
            current = Draft(text, block.where, blocks={index})
            drafts.append(current)
        elif current is None:
            continue
        elif not current.rows and block.kind == "paragraph" and is_title_block(text):
            current.blocks.add(index)  # 单位：万元 between the title and the table
        else:
            current = None
    return drafts


def gather_table(
    block: Block, index: int, current: Draft | None, drafts: list[Draft]
) -> Draft | None:
    """Add a table's rows to the current draft, starting a new one at a title row."""
    for number, row in enumerate(block.rows):
        title = title_in_row(row)
        if title is not None:
            current = Draft(title, f"{block.where}, row {number + 1}")
            drafts.append(current)
        elif current is None:
            continue
        else:
            current.rows.append(list(row))
        current.blocks.add(index)
    return current
