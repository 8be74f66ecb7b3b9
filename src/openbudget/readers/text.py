"""Reader for text extracted from published PDFs and DOCX files.

Two layouts occur, and a file is one or the other:

* **tab rows** (from PDF extraction): Markdown ``#`` headings, one table row per line with
  cells separated by tabs, paragraphs as plain lines;
* **one cell per line** (from DOCX extraction): each table cell on its own line behind a
  leading tab, a blank line between rows, every other line a paragraph, with
  ``[bookmark: …]`` markers left by the converter.
"""

from __future__ import annotations

import re
from pathlib import Path

from openbudget.blocks import Block
from openbudget.errors import SourceError

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
MARKDOWN_RULE = re.compile(r"^[-|\s]+$")
CELL_LINE = re.compile(r"^\t[^\t]*$")
LIST_ITEM = re.compile(r"^\s*[-*+]\s")


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(path: Path, data: bytes) -> str:
    """Decode UTF-8 text (or UTF-16 with its byte-order mark, as Windows Notepad saves
    "Unicode"), refusing empty and binary input with a message naming the file."""
    if data.startswith(UTF16_BOMS):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(
                path, f"not UTF-16 text (byte {exc.start} cannot be decoded)"
            ) from exc
    if not data.strip():
        raise SourceError(path, "the file is empty")
    if b"\x00" in data[:4096]:
        raise SourceError(path, "this is a binary file, not a text extract")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text (byte {exc.start} cannot be decoded)") from exc


def is_cell_layout(lines: list[str]) -> bool:
    """Whether the text has one cell per line (DOCX) rather than tab-separated rows (PDF)."""
    cell_lines = sum(1 for line in lines if CELL_LINE.match(line))
    tab_rows = sum(1 for line in lines if "\t" in line.lstrip("\t"))
    return cell_lines > tab_rows


def read(path: Path, data: bytes) -> list[Block]:
    """Read a text extract into blocks, in either layout."""
    lines = decode(path, data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if is_cell_layout(lines):
        return read_cell_layout(lines)
    return read_tab_layout(lines)


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines of one paragraph: no space between Chinese characters."""
    text = ""
    for part in (p.strip() for p in parts):
        if text and part and (text[-1].isascii() and part[0].isascii()):
            text += " "
        text += part
    return text


def heading_text(line: str) -> tuple[int, str]:
    """Level and text of a Markdown heading line, without emphasis markers."""
    marks = len(line) - len(line.lstrip("#"))
    return marks, line[marks:].strip().replace("**", "").strip()


def read_tab_layout(lines: list[str]) -> list[Block]:
    """Tab rows layout: headings, runs of tab rows as tables, other runs as paragraphs."""
    blocks: list[Block] = []
    para: list[str] = []
    para_start = 0
    table: Block | None = None

    def flush_paragraph() -> None:
        nonlocal para
        text = join_lines(para)
        if text:
            blocks.append(Block("paragraph", text=text, line=para_start))
        para = []

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if "\t" in line:
            flush_paragraph()
            if MARKDOWN_RULE.match(line):
                continue
            if table is None:
                table = Block("table", line=number)
                blocks.append(table)
            table.rows.append(line.split("\t"))
            continue
        table = None
        if not line.strip():
            flush_paragraph()
        elif line.lstrip().startswith("#"):
            flush_paragraph()
            level, text = heading_text(line.strip())
            blocks.append(Block("heading", text=text, level=level, line=number))
        else:
            if LIST_ITEM.match(line):
                flush_paragraph()  # each Markdown list item is a paragraph of its own
            if not para:
                para_start = number
            para.append(line.replace("**", ""))
    flush_paragraph()
    return blocks


def read_cell_layout(lines: list[str]) -> list[Block]:
    """One-cell-per-line layout: cells gather into rows at blank lines, rows into tables."""
    blocks: list[Block] = []
    table: Block | None = None
    row: list[str] = []

    def end_row() -> None:
        nonlocal row
        if row and table is not None:
            table.rows.append(row)
        row = []

    for number, raw in enumerate(lines, start=1):
        line = BOOKMARK.sub("", raw)
        if line.startswith("\t"):
            if table is None:
                table = Block("table", line=number)
                blocks.append(table)
            row.append(line[1:])
        elif not line.strip():
            end_row()
        elif row and row[-1].strip():
            # A cell whose text has several paragraphs: the later ones lose the tab.
            row[-1] += "\n" + line.strip()
        else:
            end_row()
            table = None
            blocks.append(Block("paragraph", text=line.strip(), line=number))
    end_row()
    return blocks
