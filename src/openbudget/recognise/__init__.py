"""Recognisers: find each known table and section in repaired blocks and read it.

Each recogniser looks at the whole block list and returns what it understood (a
:class:`Found`); the blocks that no recogniser claims are listed, so nothing in a source
is silently skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from openbudget.amounts import unreadable_figures, unreadable_finding
from openbudget.blocks import Block
from openbudget.recognise.assets import read_assets
from openbudget.recognise.document import read_preamble
from openbudget.recognise.found import Found
from openbudget.recognise.org_units import read_org_units
from openbudget.recognise.procurement import read_procurement
from openbudget.recognise.projects import read_projects
from openbudget.recognise.sections import read_sections
from openbudget.recognise.standard_tables import read_standard_tables

# Each recogniser, and the resource its unreadable figures are reported against (the
# standard tables report theirs themselves, table by table).
READERS: list[tuple[Callable[[list[Block]], Found], str]] = [
    (read_standard_tables, "documents"),
    (read_procurement, "procurement"),
    (read_assets, "assets"),
    (read_org_units, "org_units"),
    (read_projects, "projects"),
    (read_sections, "documents"),
    (read_preamble, "documents"),
]


@dataclass
class Recognised:
    """What the recognisers made of one document's blocks."""

    records: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    tables_found: list[str] = field(default_factory=list)
    tables_empty: list[str] = field(default_factory=list)
    tables_seen: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    findings: list[dict[str, object]] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the documents row's notes


def describe(block: Block) -> str:
    """A short pointer to a block nobody understood: where it is and how it starts."""
    if block.kind == "table":
        first = " | ".join(c.strip() for c in block.rows[0] if c.strip()) if block.rows else ""
        return f"{block.where}: table of {len(block.rows)} rows: {first[:60]}"
    return f"{block.where}: {block.kind}: {block.text[:60]}"


def recognise(blocks: list[Block]) -> Recognised:
    """Run every recogniser; collect records, document facts, problems and leftovers."""
    result = Recognised()
    claimed: set[int] = set()
    for reader, resource in READERS:
        with unreadable_figures() as unreadable:  # read as empty cells, reported
            found = reader(blocks)
        found.findings += [unreadable_finding(resource, *figure) for figure in unreadable]
        for resource, rows in found.records.items():
            result.records.setdefault(resource, []).extend(rows)
        result.problems.extend(found.problems)
        result.findings.extend(found.findings)
        result.notes.extend(found.facts.pop("notes", []))  # type: ignore[arg-type]
        result.facts.update(found.facts)
        claimed |= found.claimed
    result.tables_found = list(result.facts.pop("tables_found", []))  # type: ignore[call-overload]
    result.tables_empty = list(result.facts.pop("tables_empty", []))  # type: ignore[call-overload]
    result.tables_seen = list(result.facts.pop("tables_seen", []))  # type: ignore[call-overload]
    result.unrecognised = [
        describe(block) for index, block in enumerate(blocks) if index not in claimed
    ]
    return result
