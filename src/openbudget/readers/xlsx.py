"""Reader for Excel ``.xlsx`` workbooks, through openpyxl.

Finance bureaus publish one table per sheet: a title row (often merged across the table),
sometimes title-block lines (``323 巨鹿县…局``, ``单位：万元``), then the table, sometimes a
note (``注：…空表列示``) below it. So each visible sheet, in tab order, gives paragraphs
for its leading rows that hold a single value, one table block for the rest of its used
range, and paragraphs for single-value rows after the table. (A sheet holding several
tables, separated by a blank row and a title, gives each its own paragraphs and table.)
Merged ranges keep their value in the top-left cell and ``""`` elsewhere, which is how the
PDF text layout prints them.

Cells are read as printed (see :mod:`openbudget.readers.xlsx_format`). Hidden sheets, rows
and columns are not printed and are skipped. A sheet is not a page (one can print on
several), so ``page`` is None and ``line`` is the row number within the sheet.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.limits import check_cells
from openbudget.readers.office import check_package
from openbudget.readers.text import join_lines
from openbudget.readers.xlsx_format import cell_text
from openbudget.vocabulary import is_title_block

# A formula cell saved without its result (no <v>, or an empty one where the result is not a
# string): the value is unknown.
FORMULA_WITHOUT_VALUE = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)"
    rb"\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
STRING_RESULT = re.compile(rb"""\bt\s*=\s*["']str["']""")
DEFAULT_SHEET_NAME = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.IGNORECASE)

Grid = list[tuple[int, list[str]]]  # (row number in the sheet, cells)


def read(path: Path, data: bytes) -> list[Block]:
    """Read every visible sheet of a workbook: title paragraphs, then its table."""
    check_package(path, data, "excel")
    check_formula_results(path, data)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except MemoryError:  # over the worker's memory limit: reported as such, not as damage
        raise
    except Exception as exc:  # any failure to parse the package's parts is damage
        raise SourceError(
            path,
            f"the Excel workbook is damaged or incomplete ({type(exc).__name__}: {exc}); "
            "download it again",
        ) from exc
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            blocks.extend(sheet_blocks(sheet, path))
    if not blocks:
        raise SourceError(path, "the Excel workbook has no values in any visible sheet")
    return blocks


def check_formula_results(path: Path, data: bytes) -> None:
    """Refuse a workbook whose formulas were saved without results (values unknown).

    Programs that write workbooks without calculating them leave formula cells with no
    cached value; reading them would print those amounts as empty cells.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            if sheet and any(
                not STRING_RESULT.search(cell.group(1))
                for cell in FORMULA_WITHOUT_VALUE.finditer(package.read(name))
            ):
                raise SourceError(
                    path,
                    f"formulas in {name} were saved without their results; open the "
                    "workbook in Excel or WPS and save it again so the values are stored",
                )


def sheet_blocks(sheet: Worksheet, path: Path) -> list[Block]:
    """Paragraphs and tables of one sheet."""
    return grid_blocks(sheet_grid(sheet, path), sheet.title)


def grid_blocks(grid: Grid, tab: str) -> list[Block]:
    """Paragraphs and tables of one sheet's printed cells (from a .xlsx or a .xls);
    untitled, the table gets its tab name as title."""
    blocks: list[Block] = []
    for part in sheet_parts(grid):
        blocks.extend(part_blocks(part))
    if blocks and blocks[0].kind == "table" and not DEFAULT_SHEET_NAME.match(tab.strip()):
        # No title row: the tab name is the only title the table has.
        blocks.insert(0, Block("paragraph", text=tab.strip(), line=blocks[0].line))
    return blocks


def sheet_parts(grid: Grid) -> list[Grid]:
    """The sheet's rows split where a blank row is followed by a title row.

    Usually a sheet is one table; a sheet holding several (project tables one under
    another) separates them by blank rows and a title. A blank row followed by more table
    rows stays inside the table, and blank rows themselves are dropped.
    """
    parts: list[Grid] = [[]]
    gap = False
    for number, cells in grid:
        if not any(c.strip() for c in cells):
            gap = True
            continue
        if gap and parts[-1] and is_single_value(cells):
            parts.append([])
        parts[-1].append((number, cells))
        gap = False
    return [part for part in parts if part]


def part_blocks(grid: Grid) -> list[Block]:
    """Paragraphs for the leading single-value rows (title, title block), a table for the
    rows after them, and paragraphs for single-value rows below the table (notes)."""
    start = 0
    while start < len(grid) and is_text_row(grid[start][1]):
        start += 1
    end = len(grid)
    while end > start and is_text_row(grid[end - 1][1]):
        end -= 1
    blocks = [paragraph(number, cells) for number, cells in grid[:start]]
    if end > start:
        rows = trim_columns([cells for _, cells in grid[start:end]])
        blocks.append(Block("table", rows=rows, line=grid[start][0]))
    blocks.extend(paragraph(number, cells) for number, cells in grid[end:])
    return blocks


def sheet_grid(sheet: Worksheet, path: Path) -> Grid:
    """The printed cells of a sheet, without hidden rows and columns.

    Only the cells the file actually holds are read, never the range it declares (a cell
    claimed at XFD1048576 would otherwise make seventeen billion); rows the file skips
    become one blank row, which separates tables as a printed blank row does.
    """
    present = sheet._cells  # (row, column) -> cell: what the file holds
    hidden_columns = hidden_column_numbers(sheet)
    width = max((column for _, column in present), default=0)
    numbers = sorted({row for row, _ in present})
    check_cells(path, len(numbers) * width)
    grid: Grid = []
    previous = None
    for number in numbers:
        if previous is not None and number > previous + 1:
            grid.append((previous + 1, [""] * width))
        previous = number
        dimension = sheet.row_dimensions.get(number)
        if dimension is not None and dimension.hidden:
            continue
        cells = [
            cell_text(cell.value, cell.number_format)
            if (cell := present.get((number, col)))
            else ""
            for col in range(1, width + 1)
            if col not in hidden_columns
        ]
        grid.append((number, cells))
    return grid


def hidden_column_numbers(sheet: Worksheet) -> set[int]:
    """Column numbers (1-based) of hidden columns; a dimension may cover a range."""
    hidden: set[int] = set()
    for dimension in sheet.column_dimensions.values():
        if dimension.hidden and dimension.min and dimension.max:
            hidden.update(range(dimension.min, dimension.max + 1))
    return hidden


def is_single_value(cells: list[str]) -> bool:
    """A row holding one value: a title, title-block line or note, not a table row."""
    return sum(1 for c in cells if c.strip()) == 1


def is_text_row(cells: list[str]) -> bool:
    """A row above or below a table that is not part of its grid: one value, or a title
    block spread over cells (``部门：长春市信访局`` at the left, ``单位：万元`` at the right)."""
    values = [c for c in cells if c.strip()]
    return len(values) == 1 or len(values) > 1 and all(is_title_block(v) for v in values)


def paragraph(number: int, cells: list[str]) -> Block:
    """A text row as a paragraph (the values of a title block spread over cells, a line
    each, as a page prints them side by side)."""
    text = "\n".join(join_lines(c.split("\n")) for c in cells if c.strip())
    return Block("paragraph", text=text, line=number)


def trim_columns(rows: list[list[str]]) -> list[list[str]]:
    """Drop columns that are empty in every row at either edge of the table.

    A used range often reaches past the table (formatting applied to whole rows), and
    the table's grid is the columns that print something.
    """
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    used = [col for col in range(width) if any(row[col].strip() for row in rows)]
    first, last = used[0], used[-1]
    return [row[first : last + 1] for row in rows]
