"""Find the project tables among the blocks: a title, then the rows printed below it.

A title is a heading, a paragraph, a table row of its own or a table's caption ending in
绩效目标表 (PDF text loses some heading markers; DOCX text can put the title inside the
table above; some templates print it as the grid's first row). The rows
that follow, across tables if a table is split, belong to that project until the next
title or any other heading or paragraph (title-block lines such as 单位：万元 before the
table excepted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openbudget.blocks import Block
from openbudget.text_utils import compact, join_cjk
from openbudget.vocabulary import is_title_block

# 项目绩效目标表, and the 表（一级项目） some templates print after it.
TITLE = re.compile(r"绩效目标表(?:[（(][^（()）]{1,10}[)）])?$")
NOT_A_PROJECT = re.compile(r"整体绩效目标")


@dataclass
class Draft:
    """One project's title and the rows of its table, gathered across blocks."""

    title: str
    where: str
    rows: list[list[str]] = field(default_factory=list)
    blocks: set[int] = field(default_factory=set)
    row_blocks: list[int] = field(default_factory=list)  # the block each row comes from
    # a title over other titles or a project list (1.项目支出绩效目标表), not a table's own
    heads_group: bool = False

    def add_row(self, row: list[str], index: int) -> None:
        """A row of the table, read from block ``index``."""
        self.rows.append(list(row))
        self.row_blocks.append(index)
        self.blocks.add(index)


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


def gather(blocks: list[Block], skip: set[int]) -> list[Draft]:
    """Group blocks into drafts: each title with the rows of the table(s) below it (the
    tables in ``skip``, read as project lists, end a draft and join none)."""
    drafts: list[Draft] = []
    current: Draft | None = None
    for index, block in enumerate(blocks):
        if index in skip:
            if current is not None and not current.rows:
                current.heads_group = True  # the title of a project list
            current = None
            continue
        if block.kind == "table":
            current = gather_table(block, index, current, drafts)
            continue
        text = join_cjk(block.text)
        if is_title(text):
            current = start(drafts, current, Draft(text, block.where, blocks={index}))
        elif current is None:
            continue
        elif not current.rows and is_title_block(text):
            current.blocks.add(index)  # 单位：万元 or （2026年度） between title and table
        else:
            current = None
    return drafts


def gather_table(
    block: Block, index: int, current: Draft | None, drafts: list[Draft]
) -> Draft | None:
    """Add a table's rows to the current draft, starting a new one at a title row (or at
    a title the grid prints above its rows, its caption)."""
    title = next((join_cjk(line) for line in block.caption if is_title(line)), None)
    if title is not None:
        current = start(drafts, current, Draft(title, block.where, blocks={index}))
    for number, row in enumerate(block.rows):
        title = title_in_row(row)
        if title is not None:
            where = f"{block.where}, row {number + 1}"
            current = start(drafts, current, Draft(title, where, blocks={index}))
        elif current is not None:
            current.add_row(row, index)
    return current


def start(drafts: list[Draft], current: Draft | None, draft: Draft) -> Draft:
    """Begin a new draft; the current one, if it has no rows yet, heads a group of them."""
    if current is not None and not current.rows:
        current.heads_group = True
    drafts.append(draft)
    return draft
