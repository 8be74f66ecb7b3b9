"""Reader for Word ``.docx`` files, through python-docx.

The body is walked in document order, so tables stay between the paragraphs that title and
annotate them. Headings are paragraphs with a Heading style or an outline level. A table
becomes a grid as wide as the table's grid: a merged cell's text sits at its first grid
position and every other position it covers (``gridSpan`` across, ``vMerge`` down) is
``""``, which is how the PDF text layout prints merged headings, so recognisers see one
shape whatever the source format.

A DOCX has no fixed pages (Word lays them out when it opens the file), so ``page`` is None;
``line`` is the position of the paragraph or table among the body's paragraphs and tables.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.readers.docx_numbering import Numbering
from openbudget.readers.office import check_package
from openbudget.readers.text import join_lines

P, TBL, TR, TC, SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
SDT_CONTENT, CUSTOM_XML = qn("w:sdtContent"), qn("w:customXml")
# Wrappers whose children belong to the surrounding content (content controls, smart tags,
# tracked insertions and moves).
TRANSPARENT = {SDT, SDT_CONTENT, CUSTOM_XML, qn("w:ins"), qn("w:moveTo"), qn("w:smartTag")}
# Text that a broken cross-reference or table-of-contents field prints instead of its result.
FIELD_ERRORS = re.compile(
    r"错误[!！]\s*(未定义书签|未找到引用源|文档中没有指定样式的文字)[。.]?"
    r"|Error!\s*(Bookmark not defined|Reference source not found"
    r"|No text of specified style in document)\.?"
)
HEADING_STYLE = re.compile(r"^(heading|标题)\s*(\d)$", re.IGNORECASE)
BODY_TEXT_LEVEL = 9  # w:outlineLvl 9 means "body text", not a heading


def read(path: Path, data: bytes) -> list[Block]:
    """Read a Word document's headings, paragraphs and tables in document order."""
    check_package(path, data, "word")
    try:
        document = Document(io.BytesIO(data))
    except MemoryError:  # over the worker's memory limit: reported as such, not as damage
        raise
    except Exception as exc:  # any failure to parse the package's parts
        kind = re.search(r"content type is '([^']+)'", str(exc))
        if isinstance(exc, ValueError) and kind:
            # python-docx reads only .docx, not macro-enabled (.docm) or template (.dotx)
            raise SourceError(
                path,
                f"this is not a plain Word document (its content type is {kind[1]}); "
                "save it as .docx",
            ) from exc
        raise SourceError(
            path,
            f"the Word document is damaged or incomplete ({type(exc).__name__}: {exc}); "
            "download it again",
        ) from exc
    reader = BodyReader(heading_styles(document), Numbering.of(document))
    reader.walk(document.element.body)
    if not reader.blocks:
        raise SourceError(path, "the Word document has no text (is it a scanned image?)")
    return reader.blocks


def heading_styles(document: object) -> dict[str, int]:
    """Heading level (1-9) of each paragraph style that makes a heading, by style id.

    A style is a heading when it, or a style it is based on, has an outline level, or when
    it is one of Word's built-in ``Heading N`` styles (``标题 N`` in Chinese Word and WPS).
    """
    element = document.styles.element  # type: ignore[attr-defined]
    styles = {s.get(qn("w:styleId")): s for s in element.findall(qn("w:style"))}

    def level(style_id: str, seen: frozenset[str] = frozenset()) -> int | None:
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return None
        outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None:
            return heading_level_of(outline) or None
        name = style.find(qn("w:name"))
        match = HEADING_STYLE.match(name.get(qn("w:val"), "") if name is not None else "")
        if match:
            return int(match.group(2))
        if name is not None and name.get(qn("w:val"), "").lower() == "title":
            return 1
        based = style.find(qn("w:basedOn"))
        return level(based.get(qn("w:val")), seen | {style_id}) if based is not None else None

    levels = {}
    for style_id, style in styles.items():
        if style.get(qn("w:type")) == "paragraph":
            found = level(style_id)
            if found:
                levels[style_id] = found
    return levels


def heading_level_of(outline: etree._Element) -> int:
    """Heading level 1-9 of a ``w:outlineLvl`` (0-8); 0 for body text (9) or nonsense."""
    value = int_attr(outline, BODY_TEXT_LEVEL)
    return value + 1 if 0 <= value < BODY_TEXT_LEVEL else 0


class BodyReader:
    """Walks a document body (or a layout table's cells) and collects blocks."""

    def __init__(self, headings: dict[str, int], numbering: Numbering) -> None:
        self.headings = headings
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.position = 0

    def walk(self, container: etree._Element) -> None:
        """Blocks for each paragraph and table of a container, in order."""
        for child in block_children(container):
            self.position += 1
            if child.tag == P:
                self.paragraph(child)
            elif is_layout_table(child):
                for tr in table_row_elements(child):
                    for tc in row_cells(tr):
                        self.walk(tc)
            else:
                rows = table_rows(child, self.numbering)
                if rows:
                    self.blocks.append(Block("table", rows=rows, line=self.position))

    def paragraph(self, p: etree._Element) -> None:
        """A heading or paragraph block; empty paragraphs are dropped."""
        text = join_lines(paragraph_text(p, self.numbering).split("\n"))
        if not text:
            return
        level = self.heading_level(p)
        kind = "heading" if level else "paragraph"
        self.blocks.append(Block(kind, text=text, level=level, line=self.position))

    def heading_level(self, p: etree._Element) -> int:
        """The paragraph's own outline level, else its style's; 0 for body text."""
        outline = p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None:
            return heading_level_of(outline)
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return self.headings.get(style.get(qn("w:val")), 0) if style is not None else 0


def children(element: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Child elements with one of ``tags``, looking through content controls and other
    wrappers (``TRANSPARENT``) that Word may put around them."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag in TRANSPARENT:
            yield from children(child, tags)


def block_children(container: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and tables of a body or cell, looking through content controls."""
    return children(container, (P, TBL))


def row_cells(tr: etree._Element) -> Iterator[etree._Element]:
    """The cells of a table row, looking through content controls around cells."""
    return children(tr, (TC,))


def table_row_elements(tbl: etree._Element) -> Iterator[etree._Element]:
    """The rows of a table, looking through content controls around rows."""
    return children(tbl, (TR,))


def is_layout_table(tbl: etree._Element) -> bool:
    """A one-column table holding other tables: a frame around content, not data.

    Some templates put a whole page in such a frame; its content is read as if it were
    in the body. Other nested tables are flattened into their cell's text.
    """
    cells = [list(row_cells(tr)) for tr in table_row_elements(tbl)]
    return (
        bool(cells)
        and all(len(row) == 1 for row in cells)
        and any(child.tag == TBL for row in cells for child in block_children(row[0]))
    )


def table_rows(tbl: etree._Element, numbering: Numbering) -> list[list[str]]:
    """The table as a full-width grid; merged cells give their text once and "" elsewhere.

    Rows with no text at all are dropped, as the text reader drops them.
    """
    grid = tbl.find(qn("w:tblGrid"))
    width = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    rows: list[list[str]] = []
    for tr in table_row_elements(tbl):
        row = [""] * int_attr(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0)
        for tc in row_cells(tr):
            props = tc.find(qn("w:tcPr"))
            span = int_attr(props.find(qn("w:gridSpan")) if props is not None else None, 1)
            text = "" if is_merge_continuation(props) else cell_text(tc, numbering)
            row.extend([text] + [""] * (max(span, 1) - 1))
        rows.append(row)
    width = max([width, *(len(row) for row in rows)])
    return [row + [""] * (width - len(row)) for row in rows if any(c.strip() for c in row)]


def is_merge_continuation(props: etree._Element | None) -> bool:
    """Whether a cell continues a merge from above (``vMerge``) or the left (``hMerge``)."""
    if props is None:
        return False
    for tag in ("w:vMerge", "w:hMerge"):
        merge = props.find(qn(tag))
        if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
            return True
    return False


def int_attr(element: etree._Element | None, default: int) -> int:
    """An element's integer ``w:val``, or the default when absent or malformed."""
    if element is None:
        return default
    try:
        return int(element.get(qn("w:val"), default))
    except ValueError:
        return default


def cell_text(tc: etree._Element, numbering: Numbering) -> str:
    """A cell's paragraphs joined with line breaks; a nested table gives a line per row."""
    lines: list[str] = []
    for child in block_children(tc):
        if child.tag == P:
            lines.extend(paragraph_text(child, numbering).split("\n"))
        else:
            for row in table_rows(child, numbering):
                lines.append(" ".join(cell.replace("\n", " ") for cell in row if cell.strip()))
    return "\n".join(line.strip() for line in lines if line.strip())


def paragraph_text(p: etree._Element, numbering: Numbering) -> str:
    """The text Word shows for a paragraph, with its list number, without field codes.

    Deleted revisions, field instructions and the fallback copy of alternate content are
    skipped; text boxes anchored in the paragraph are left out (they float elsewhere on
    the page). Soft line breaks become ``\\n``; tabs become a space.
    """
    label = numbering.label(p)  # counted even for an empty paragraph, as Word counts it
    text = FIELD_ERRORS.sub("", "".join(run_texts(p))).replace("\u00a0", " ").strip()
    return label + text if text else ""


SKIPPED = {
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:instrText"),
    qn("w:delText"),
    qn("w:pPr"),
    qn("w:rPr"),
    qn("w:txbxContent"),
    qn("w:rt"),  # ruby (phonetic guide) text above the base text
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
TEXT = {
    qn("w:t"): None,
    qn("w:tab"): " ",
    qn("w:ptab"): " ",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}


def run_texts(element: etree._Element) -> Iterator[str]:
    """Text pieces of an element's runs in order, skipping what Word does not show."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            continue
        if tag in TEXT:
            yield (child.text or "") if TEXT[tag] is None else str(TEXT[tag])
        elif tag == qn("w:br"):
            if child.get(qn("w:type"), "textWrapping") == "textWrapping":
                yield "\n"
        else:
            yield from run_texts(child)
