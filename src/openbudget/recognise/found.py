"""What one recogniser found in a document's blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from openbudget.blocks import Block

Record = dict[str, object]


@dataclass
class Found:
    """Records a recogniser made, the problems it met, and the blocks it understood.

    ``claimed`` holds indices into the block list: every table or paragraph a recogniser
    turned into records (or knowingly set aside, such as a table of contents). Blocks no
    recogniser claims are listed by the build, so nothing in a source is silently skipped.
    ``facts`` are document-level values (such as the figures stated in the prose) that
    become fields of the ``documents`` row; ``notes`` (a list) are lines of its ``notes``.
    ``findings`` are inconsistencies in the document itself that a recogniser notices
    while reading (such as an amount printed in 元 among figures in 万元); they are
    published in ``checks`` beside the audit's.
    """

    records: dict[str, list[Record]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)
    facts: dict[str, object] = field(default_factory=dict)
    findings: list[Record] = field(default_factory=list)


def first_page(blocks: list[Block], indices: set[int] | list[int]) -> int | None:
    """The first page any of the given blocks is printed on (None for unpaged sources)."""
    pages = [blocks[i].page for i in indices if blocks[i].page is not None]
    return min(pages, default=None)  # type: ignore[type-var]
