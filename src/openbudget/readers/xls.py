"""Reader for Excel 97-2003 ``.xls`` workbooks, through xlrd.

Many finance bureaus still publish their tables as ``.xls``. A sheet is read into the
same printed cells as a ``.xlsx`` sheet (merged ranges keep their value in the top-left
cell, hidden sheets, rows and columns are skipped, numbers are printed in their number
format by :func:`openbudget.readers.xlsx_format.cell_text`) and then into blocks by the
``.xlsx`` reader's own rules (:func:`openbudget.readers.xlsx.grid_blocks`), so the two
formats cannot read the same sheet differently.
"""

from __future__ import annotations

from pathlib import Path

import xlrd
from xlrd.sheet import Sheet

from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.limits import check_cells
from openbudget.readers.xlsx import Grid, grid_blocks
from openbudget.readers.xlsx_format import cell_text

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(path: Path, data: bytes) -> list[Block]:
    """Read every visible sheet of a workbook: title paragraphs, then its table."""
    if not data.startswith(OLE_SIGNATURE):
        raise SourceError(path, "the file is not an Excel 97-2003 workbook (no OLE2 header)")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except MemoryError:  # over the worker's memory limit: reported as such, not as damage
        raise
    except Exception as exc:  # xlrd raises many kinds on damaged or encrypted files
        raise SourceError(
            path,
            f"the Excel 97-2003 workbook cannot be read ({type(exc).__name__}: {exc}); "
            "download it again, or save it as .xlsx",
        ) from exc
    blocks: list[Block] = []
    for sheet in book.sheets():
        if sheet.visibility == 0:
            blocks.extend(grid_blocks(sheet_grid(book, sheet, path), sheet.name))
    if not blocks:
        raise SourceError(path, "the Excel workbook has no values in any visible sheet")
    return blocks


def sheet_grid(book: xlrd.Book, sheet: Sheet, path: Path) -> Grid:
    """The printed cells of a sheet, without hidden rows and columns."""
    check_cells(path, sheet.nrows * sheet.ncols)
    columns = [
        col
        for col in range(sheet.ncols)
        if not (info := sheet.colinfo_map.get(col)) or not info.hidden
    ]
    grid: Grid = []
    for row in range(sheet.nrows):
        info = sheet.rowinfo_map.get(row)
        if info is not None and info.hidden:
            continue
        grid.append((row + 1, [text(book, sheet.cell(row, col)) for col in columns]))
    return grid


def text(book: xlrd.Book, cell: xlrd.sheet.Cell) -> str:
    """What a cell prints: text as it is, a number in its number format, a date ISO."""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value), None)
    number_format = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
    if cell.ctype == xlrd.XL_CELL_DATE:
        return cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode), number_format)
    return cell_text(cell.value, number_format)
