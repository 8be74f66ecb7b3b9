"""Find the nine standard tables by their titles and headings and read them into records."""

from __future__ import annotations

from openbudget.blocks import Block
from openbudget.recognise.columns import assign_columns, column_labels, header_rows
from openbudget.recognise.found import Found
from openbudget.recognise.standard import TableSpec, spec_for_title, table_records
from openbudget.text_utils import compact
from openbudget.vocabulary import header_length, is_title_block

TITLE_LOOKBACK = 6


def table_title(blocks: list[Block], index: int) -> tuple[int, TableSpec | None]:
    """Where the title above a table is (or -1), skipping its title block (department,
    year, unit), and the standard table it names."""
    for at in range(index - 1, max(-1, index - TITLE_LOOKBACK - 1), -1):
        block = blocks[at]
        if block.kind == "table":
            break
        text = compact(block.text)
        if is_title_block(text) or text.startswith("注"):
            continue
        return at, spec_for_title(block.text)
    return -1, None


def data_rows(rows: list[list[str]]) -> list[tuple[int, list[str]]]:
    """Rows below the headings (with their index), without empty rows, repeated title rows
    and notes."""
    start = header_length(rows)
    if start == 0:
        start = next(
            (i for i, row in enumerate(rows) if row and row[0].strip().isdigit()), len(rows)
        )
    kept = []
    for index, row in enumerate(rows[start:], start=start):
        cells = [c for c in row if c.strip()]
        if not cells or is_title_block(cells[0]) or cells[0].startswith("注"):
            continue
        kept.append((index, row))
    return kept


def read_standard_tables(blocks: list[Block]) -> Found:
    """Every standard table, by title and headings.

    ``facts`` carries ``tables_found`` and ``tables_empty`` (resource names in document
    order); a table printed with no rows (空表列示) is found and empty, not missing.
    """
    result = Found(facts={"tables_found": [], "tables_empty": []})
    for index, block in enumerate(blocks):
        if block.kind != "table":
            continue
        at, spec = table_title(blocks, index)
        if spec is None:
            continue
        if read_table(spec, blocks[at].text, block, result):
            # The table, its title and title block, and a note printed under it.
            after = index + 1
            note = after < len(blocks) and compact(blocks[after].text).startswith("注")
            result.claimed.update(range(at, after + 1 if note else after))
    return result


def read_table(spec: TableSpec, title: str, block: Block, result: Found) -> bool:
    """Map a table's columns to the spec's fields and turn its rows into records.

    Returns whether the table was read; a table whose columns are not the spec's is
    reported as a problem and left unclaimed.
    """
    found: list[str] = result.facts["tables_found"]  # type: ignore[assignment]
    if spec.resource in found:
        result.problems.append(
            f"{block.where}: a second {title} was found and ignored; the first one is kept"
        )
        return False
    rows = data_rows(block.rows)
    width = max((len(r) for _, r in rows), default=max(len(r) for r in block.rows))
    labels = column_labels(header_rows(block.rows), width)
    mapping = assign_columns(labels, spec.columns)
    missing = [f for f in spec.required if f not in mapping]
    if missing:
        result.problems.append(
            f"{block.where}: {title} has columns that were not recognised "
            f"(missing {', '.join(missing)}; headings {' | '.join(labels)})"
        )
        return False
    found.append(spec.resource)
    if not rows:
        result.facts["tables_empty"].append(spec.resource)  # type: ignore[union-attr]
        return True
    located = [
        (f"{title}, {block.where}, 序号 {row[0].strip()}", row, block.page_at(index))
        for index, row in rows
    ]
    records, problems = table_records(spec, located, mapping)
    result.records[spec.resource] = records
    result.problems.extend(problems)
    return True
