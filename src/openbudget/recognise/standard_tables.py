"""Find the nine standard tables by their titles and headings and read them into records.

A table's title is printed above its grid (after its label, before its title block), or
inside the grid's first rows; the unit of its figures in its title block (``单位：元``), its
title, or the document's other tables. Each table found gives records in its resource,
converted to 万元, and a row of the ``tables`` resource saying what was printed: title,
label, page, unit, layout, and every column or row that has no field in the package.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from openbudget.amounts import DEFAULT_UNIT, unreadable_figures, unreadable_finding
from openbudget.blocks import Block, regions_text
from openbudget.recognise.classified import (
    Row,
    find_roles,
    has_codes,
    is_empty,
    layout_of,
    read_classified,
)
from openbudget.recognise.columns import is_other_year, match_columns
from openbudget.recognise.document import read_facts
from openbudget.recognise.found import Found
from openbudget.recognise.grid import Grid, read_grid
from openbudget.recognise.standard import TableSpec, spec_for_title
from openbudget.recognise.summaries import find_sides, read_summary
from openbudget.recognise.three_public import read_three_public
from openbudget.schema import amount_fields
from openbudget.text_utils import compact
from openbudget.vocabulary import (
    TABLE_LABEL,
    is_table_label,
    is_table_title,
    is_title_block,
    line_parts,
    unit_of,
    without_label,
)

LOOKBACK = 6
Record = dict[str, object]


@dataclass
class Printed:
    """What is printed with a table: its title and label, its unit, the blocks above it."""

    title: str | None = None
    label: str | None = None
    unit: str | None = None
    above: list[int] = field(default_factory=list)
    title_line: str | None = None  # the title's line as printed, label and all


def printed_with(blocks: list[Block], index: int) -> Printed:
    """The title, label and unit printed with the table at ``index``: in its caption, in
    the lines above it (back to the previous table or the text), or in its first row."""
    found = Printed()
    block = blocks[index]
    lines = [part for line in block.caption for part in line_parts(line)]
    first = {cell.strip() for cell in (block.rows[0] if block.rows else []) if cell.strip()}
    if len(first) == 1:  # a title (with its title block) printed in the grid's first row
        lines += line_parts(first.pop())
    for line in lines:
        read_line(line, found)
    for at in range(index - 1, max(-1, index - LOOKBACK - 1), -1):
        above = blocks[at]
        text = compact(above.text)
        if above.kind == "table" or not text or text.startswith("注"):
            break
        parts = line_parts(above.text)
        if not all(is_title_block(p) or is_table_label(p) or is_table_title(p) for p in parts):
            if found.title_line and wraps_into(text, found.title_line):
                found.label, found.title = None, None  # 表7 …2025年一般 / 公共预算“三公”…
                for part in line_parts(text + found.title_line):
                    read_line(part, found)
                found.above.append(at)
            break
        had_title = found.title is not None
        for part in parts:
            read_line(part, found)
        found.above.append(at)
        if had_title and not any(is_table_label(p) or is_title_block(p) for p in parts):
            break  # a second title line above: another table's
    return found


def wraps_into(text: str, title_line: str) -> bool:
    """Whether a short line above a title is the start of that title, wrapped onto two
    lines (``表7 …2025年一般`` / ``公共预算“三公”经费支出表``): the two read together name a
    standard table, and either a different one than the second line alone or the first
    line starts as titles do (with a label or a year)."""
    if len(text) > 40 or any(mark in text for mark in "。；;，,："):
        return False
    alone = spec_for_title(title_line)
    joined = spec_for_title(text + title_line)
    starts = bool(TABLE_LABEL.match(text) or re.match(r"(?:19|20)\d{2}年", text))
    return joined is not None and (joined != alone or starts)


def read_line(line: str, found: Printed) -> None:
    """Take what one printed line says: a label, a title (and any unit in it), a unit."""
    text = compact(line)
    if is_table_label(text):
        found.label = found.label or text
    elif is_table_title(text):
        found.title_line = found.title_line or text
        if found.title is None:  # 表5 一般公共预算支出表: label 表5, title 一般公共预算支出表
            found.title = without_label(text) or text
            if found.title != text:
                found.label = found.label or text[: -len(found.title)].rstrip("：:.．、")
        found.unit = found.unit or unit_of(text)
    elif is_title_block(text):
        found.unit = found.unit or unit_of(text)


@dataclass
class Table:
    """One standard table as read: records, problems, what was left out, how it is laid out."""

    spec: TableSpec
    printed: Printed
    block: Block
    unit: str
    unit_stated: bool
    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    layout: str = ""
    empty: bool = False


def read_standard_tables(blocks: list[Block]) -> Found:
    """Every standard table, by title and headings.

    ``facts`` carries ``tables_found`` and ``tables_empty`` (resource names in document
    order); a table printed with no figures (空表列示) is found and empty, not missing.
    ``tables_seen`` are the standard tables whose titles stand above a table, read or not.
    """
    result = Found(facts={"tables_found": [], "tables_empty": [], "tables_seen": [], "notes": []})
    candidates = [
        (index, printed, spec)
        for index, block in enumerate(blocks)
        if block.kind == "table"
        and (printed := printed_with(blocks, index)).title
        and (spec := spec_for_title(printed.title))
    ]
    result.facts["tables_seen"] = list(dict.fromkeys(spec.resource for _, _, spec in candidates))
    year = read_facts(blocks).year
    stated = Counter(
        unit
        for index, printed, _ in candidates
        if (unit := printed.unit or read_grid(blocks[index].rows).unit)
    )
    default = stated.most_common(1)[0][0] if stated else DEFAULT_UNIT
    rows: list[Record] = []
    found: list[str] = result.facts["tables_found"]  # type: ignore[assignment]
    for index, printed, spec in candidates:
        block = blocks[index]
        grid = read_grid(block.rows)
        unit = printed.unit or grid.unit
        table = Table(spec, printed, block, unit or default, unit is not None)
        with unreadable_figures() as unreadable:
            read = read_table(table, grid, year)
        if not read:
            result.problems += table.problems
            continue
        result.findings += [unreadable_finding(spec.resource, *figure) for figure in unreadable]
        if spec.resource in found:
            result.problems.append(
                f"{block.where}: a second {printed.title} was found and ignored; the first "
                "one is kept"
            )
            continue
        found.append(spec.resource)
        result.problems += table.problems
        if not table.unit_stated:
            result.problems.append(
                f"{block.where}: {printed.title} prints no unit; its figures are read as "
                f"{table.unit}"
            )
            result.facts["notes"].append(f"{printed.title}未印金额单位，按{table.unit}读取")  # type: ignore[union-attr]
        if table.empty:
            result.facts["tables_empty"].append(spec.resource)  # type: ignore[union-attr]
        else:
            result.records[spec.resource] = table.records
        rows.append(table_row(len(rows) + 1, table))
        note = index + 1 < len(blocks) and compact(blocks[index + 1].text).startswith("注")
        result.claimed.update({index, *printed.above, *([index + 1] if note else [])})
    if rows:
        result.records["tables"] = rows
    return result


def table_row(seq: int, table: Table) -> Record:
    """The ``tables`` row: what the document printed and how it was read."""
    return {
        "table_seq": seq,
        "table": table.spec.resource,
        "title": table.printed.title,
        "label": table.printed.label,
        "page": table.block.page,
        "regions": regions_text([table.block]),
        "unit": table.unit,
        "unit_stated": table.unit_stated,
        "layout": table.layout,
        "rows": 0 if table.empty else len(table.records),
        "empty": table.empty,
        "not_published": "\n".join(table.left_out) or None,
    }


def body_rows(table: Table, grid: Grid) -> list[Row]:
    """The body rows with where each is (its printed 序号, else its row in the grid, for
    messages) and the page it was printed on."""
    place = f"{table.printed.title}, {table.block.where}"
    serial = next((c for c, label in enumerate(grid.labels) if label.endswith("序号")), None)
    rows = []
    for index, cells in grid.body:
        number = cells[serial].strip() if serial is not None and serial < len(cells) else ""
        where = f"{place}, 序号 {number}" if number else f"{place}, row {index + 1}"
        rows.append(Row(where, cells, table.block.page_at(index)))
    return rows


def unread_columns(grid: Grid, used: set[int], year: int | None) -> list[str]:
    """Columns with figures that no field takes: listed, so nothing goes unmentioned."""
    left_out = []
    for col, label in enumerate(grid.labels):
        if col in used or not any(col < len(r) and r[col].strip() for _, r in grid.body):
            continue
        why = "（其他年度）" if is_other_year(label, year) else ""
        left_out.append(f"列：{label or f'第{col + 1}列'}{why}")
    return left_out


def read_table(table: Table, grid: Grid, year: int | None) -> bool:
    """Read one table into ``table``; False (with a problem) where its columns are not the
    table's its title names."""
    spec = table.spec
    body = [cells for _, cells in grid.body]
    rows = body_rows(table, grid)
    where = f"{table.block.where}: {table.printed.title}"
    if spec.shape == "three_public":
        table.records, table.problems, table.left_out, table.layout = read_three_public(
            grid.headings, rows, body, table.unit, year
        )
        if not table.records and any(any(c.strip() for c in r) for r in body):
            table.problems.append(f"{where}: no “三公” item was recognised in its headings")
            return False
    elif spec.shape == "two_sided":
        columns = {
            "income": spec.columns[:1],
            "expenditure": spec.columns,
        }
        sides, serial, used, left_out = find_sides(grid.labels, body, columns)
        if len(sides) < 2 or not all(side.amounts for side in sides):
            table.problems.append(
                f"{where} has columns that were not recognised (headings {' | '.join(grid.labels)})"
            )
            return False
        table.records, table.problems = read_summary(sides, serial, rows, table.unit)
        table.left_out = left_out + unread_columns(grid, used, year)
        table.layout = "two_sided"
    else:
        roles = find_roles(grid.labels, body)
        mapping = match_columns(grid.labels, spec.columns, roles.columns, year)
        title = table.printed.title or ""
        key = spec.key_word
        if key and key not in title and not any(key in grid.labels[c] for c in mapping.values()):
            return False  # 一般公共预算支出经济分类表 without a 基本支出 column: another table
        if not mapping:
            table.problems.append(
                f"{where} has columns that were not recognised (headings {' | '.join(grid.labels)})"
            )
            return False
        table.layout = layout_of(roles, grid.labels, spec, has_codes(body, roles))
        table.records, table.problems, left_rows = read_classified(
            spec, roles, mapping, rows, table.unit, table.layout
        )
        used = roles.columns | set(mapping.values())
        table.left_out = unread_columns(grid, used, year) + left_rows
    fields = [f.name for f in amount_fields(spec.resource)] + ["amount"]
    table.empty = is_empty(table.records, fields)
    return True
