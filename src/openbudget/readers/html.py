"""Reader for disclosures published as web pages (``.html``), with the standard library.

``<h1>``–``<h6>`` become headings, text in ``<p>``, ``<div>`` and other block elements
becomes paragraphs (a ``<br>`` between lines ends a paragraph, since pages use it as one),
and each ``<table>`` becomes a grid with ``colspan``/``rowspan`` expanded: the text sits at
the cell's first position and ``""`` fills the others, as the PDF text layout prints merged
headings. A table that holds other tables is page layout, not data: its cells are read as
if they were the page. A ``<caption>`` is the table's title and comes before it.

Bytes are UTF-8, or else what ``<meta charset>`` declares (county portals often serve
GB2312/GBK, read here as their superset GB18030). ``page`` is None; ``line`` is the source
line where the element starts.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.readers.html_tree import IGNORED, Node, parse_tree
from openbudget.readers.text import join_lines
from openbudget.text_utils import CJK

META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "gb18030"}
HEADINGS = {f"h{n}" for n in range(1, 7)}
BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "ul",
}
SKIP = IGNORED | {"title"}
BREAK = "\x00"  # an explicit line break (<br>, block boundary) among collected text
# A line break in the source between two Chinese characters is not a space (CSS Text 3).
WRAP_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])[ \t\f]*[\r\n][\s]*(?=[{CJK}])")
SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")


def read(path: Path, data: bytes) -> list[Block]:
    """Read a web page's headings, paragraphs and tables in document order."""
    page = parse_tree(decode(path, data))
    reader = PageReader()
    reader.walk(page)
    reader.flush()
    if not reader.blocks:
        reason = "the HTML page has no text"
        if "<script" in data[:200_000].decode("latin-1").lower():
            reason += " (its content may be filled in by JavaScript; save the page as shown)"
        raise SourceError(path, reason)
    return reader.blocks


def decode(path: Path, data: bytes) -> str:
    """The page's text: UTF-8 (with or without BOM), else the charset the page declares."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    match = META_CHARSET.search(data[:8192])  # browsers also only look near the start
    if match is None:
        raise SourceError(
            path,
            f"the page is not UTF-8 (byte {utf8_error.start} cannot be decoded) and declares "
            "no other charset in <meta charset>",
        )
    declared = (match.group(1) or match.group(2)).decode("ascii").lower()
    encoding = "gb18030" if declared in GB_FAMILY else declared
    try:
        codecs.lookup(encoding)
        return data.decode(encoding)
    except LookupError as exc:
        raise SourceError(path, f"the page declares an unknown charset {declared!r}") from exc
    except UnicodeDecodeError as exc:
        raise SourceError(
            path,
            f"the page declares charset {declared} but byte {exc.start} cannot be decoded "
            "in it (nor as UTF-8)",
        ) from exc


def collapse(text: str) -> list[str]:
    """Collected text as lines, with HTML's whitespace collapsing applied to each line."""
    lines = []
    for piece in text.split(BREAK):
        line = SPACES.sub(" ", WRAP_BETWEEN_CJK.sub("", piece)).strip()
        if line:
            lines.append(line)
    return lines


def is_hidden(node: Node) -> bool:
    """Elements a reader never sees."""
    return node.tag in SKIP or node.hidden


class PageReader:
    """Walks the element tree and collects blocks; text between blocks is buffered."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pending: list[str] = []
        self.pending_line = 0

    def walk(self, node: Node) -> None:
        """Blocks for a node's content, in order."""
        for child in node.children:
            if isinstance(child, str):
                if child.strip() and not self.pending:
                    self.pending_line = node.line
                self.pending.append(child)
            elif is_hidden(child):
                continue
            elif child.tag == "br":
                self.flush()
            elif child.tag in HEADINGS:
                self.flush()
                text = join_lines(collapse(inline_text(child)))
                if text:
                    self.blocks.append(
                        Block("heading", text=text, level=int(child.tag[1]), line=child.line)
                    )
            elif child.tag == "table":
                self.flush()
                self.table(child)
            elif child.tag in BLOCK:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def flush(self) -> None:
        """End the paragraph being collected, if it has any text."""
        for line in collapse("".join(self.pending)):
            self.blocks.append(Block("paragraph", text=line, line=self.pending_line))
        self.pending = []

    def table(self, node: Node) -> None:
        """A data table as a grid block, or a layout table's cells as page content."""
        for caption in (c for c in node.children if isinstance(c, Node) and c.tag == "caption"):
            self.walk(caption)
            self.flush()
        rows = table_rows(node)
        if any(descendant_tables(cell) for row in rows for cell in row):
            for row in rows:
                for cell in row:
                    self.walk(cell)
                    self.flush()
            return
        grid = expand(rows)
        if grid:
            self.blocks.append(Block("table", rows=grid, line=node.line))


def table_rows(table: Node) -> list[list[Node]]:
    """The cells of each row of a table (through thead/tbody/tfoot, not nested tables)."""
    rows: list[list[Node]] = []

    def visit(node: Node) -> None:
        for child in node.children:
            if not isinstance(child, Node) or child.tag in ("table", "caption") or is_hidden(child):
                continue
            if child.tag == "tr":
                rows.append(
                    [c for c in child.children if isinstance(c, Node) and c.tag in ("td", "th")]
                )
            else:
                visit(child)

    visit(table)
    return rows


def descendant_tables(node: Node) -> bool:
    """Whether a table is nested anywhere inside this element."""
    return any(
        isinstance(c, Node) and (c.tag == "table" or descendant_tables(c)) for c in node.children
    )


def span(cell: Node, name: str, limit: int) -> int:
    """A cell's colspan or rowspan, within sane bounds (0 means to the end of the table)."""
    try:
        value = int(cell.attrs.get(name, "1").strip() or 1)
    except ValueError:
        return 1
    return limit if value == 0 else max(1, min(value, limit))


def expand(rows: list[list[Node]]) -> list[list[str]]:
    """The full grid: each cell's text at its first position, "" where its spans reach."""
    grid: dict[tuple[int, int], str] = {}
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in grid:
                c += 1
            colspan = span(cell, "colspan", 1000)
            rowspan = min(span(cell, "rowspan", len(rows)), len(rows) - r)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = ""
            grid[(r, c)] = "\n".join(collapse(inline_text(cell)))
            c += colspan
    if not grid:
        return []
    width = max(c for _, c in grid) + 1
    table = [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    return [row for row in table if any(cell.strip() for cell in row)]


def inline_text(node: Node) -> str:
    """An element's text with line breaks (BREAK) at ``<br>`` and block boundaries."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif is_hidden(child):
            continue
        elif child.tag == "br":
            parts.append(BREAK)
        elif child.tag in BLOCK or child.tag in HEADINGS or child.tag in ("tr", "table"):
            parts.extend([BREAK, inline_text(child), BREAK])
        elif child.tag in ("td", "th"):
            parts.extend([inline_text(child), " "])
        else:
            parts.append(inline_text(child))
    return "".join(parts)
