"""Recognisers: find the standard tables in repaired blocks and turn them into records."""

from __future__ import annotations

from dataclasses import dataclass, field

from openbudget.blocks import Block
from openbudget.recognise.columns import assign_columns, column_labels, header_rows
from openbudget.recognise.standard import SPECS, TableSpec, spec_for_title, table_records
from openbudget.repair import TITLE_BLOCK, header_length
from openbudget.text_utils import compact

STANDARD_RESOURCES = [spec.resource for spec in SPECS]
TITLE_LOOKBACK = 6


@dataclass
class Recognised:
    """What the recognisers made of one document's blocks."""

    records: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    tables_found: list[str] = field(default_factory=list)
    tables_empty: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)


def table_title(blocks: list[Block], index: int) -> tuple[str, TableSpec | None]:
    """The title printed above a table, skipping its title block (department, year, unit)."""
    for block in reversed(blocks[max(0, index - TITLE_LOOKBACK) : index]):
        if block.kind == "table":
            break
        text = compact(block.text)
        if TITLE_BLOCK.match(text) or text.startswith("注"):
            continue
        return block.text, spec_for_title(block.text)
    return "", None


def data_rows(rows: list[list[str]]) -> list[list[str]]:
    """Rows below the headings, without empty rows, repeated title rows and notes."""
    start = header_length(rows)
    if start == 0:
        start = next(
            (i for i, row in enumerate(rows) if row and row[0].strip().isdigit()), len(rows)
        )
    kept = []
    for row in rows[start:]:
        cells = [c for c in row if c.strip()]
        if not cells or TITLE_BLOCK.match(compact(cells[0])) or cells[0].startswith("注"):
            continue
        kept.append(row)
    return kept


def recognise(blocks: list[Block]) -> Recognised:
    """Recognise every standard table by its title and headings; report what is not known."""
    result = Recognised()
    for index, block in enumerate(blocks):
        if block.kind != "table":
            continue
        title, spec = table_title(blocks, index)
        if spec is None:
            heading = " | ".join(c.strip() for c in block.rows[0] if c.strip())[:80]
            result.unrecognised.append(f"{block.where}: {title or heading}")
            continue
        read_table(spec, title, block, result)
    return result


def read_table(spec: TableSpec, title: str, block: Block, result: Recognised) -> None:
    """Map a table's columns to the spec's fields and turn its rows into records."""
    if spec.resource in result.tables_found:
        result.problems.append(
            f"{block.where}: a second {title} was found and ignored; the first one is kept"
        )
        return
    rows = data_rows(block.rows)
    width = max((len(r) for r in rows), default=max(len(r) for r in block.rows))
    labels = column_labels(header_rows(block.rows), width)
    mapping = assign_columns(labels, spec.columns)
    missing = [f for f in spec.required if f not in mapping]
    if missing:
        result.problems.append(
            f"{block.where}: {title} has columns that were not recognised "
            f"(missing {', '.join(missing)}; headings {' | '.join(labels)})"
        )
        return
    result.tables_found.append(spec.resource)
    if not rows:
        result.tables_empty.append(spec.resource)
        return
    located = [(f"{title}, {block.where}, 序号 {row[0].strip()}", row) for row in rows]
    records, problems = table_records(spec, located, mapping)
    result.records[spec.resource] = records
    result.problems.extend(problems)
