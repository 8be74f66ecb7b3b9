"""Code lists: the classification codes the documents print, one row per code.

A table prints a functional (or economic) code with the name the department gave it; the
code lists collect them so that a researcher joins ``function_code`` to one name, its level
and its parent without reading pages. They are made from the records, never from a list of
our own: a code is listed because a document prints it, under the name documents print.

Each document's own package lists the codes it prints; the whole package merges those
lists (:func:`merge`), so a part and the whole are made by the same rule and the whole
never needs the parsed documents again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from openbudget.schema import declared_fields, schema_spec

Record = dict[str, object]

#: How a code list's ``names`` cell separates the names (none contains a line break: the
#: parser collapses whitespace in names).
_SEPARATOR = "\n"


@cache
def code_lists() -> dict[str, str]:
    """Each code-list resource with the column whose codes it lists."""
    resources = schema_spec()["resources"]
    return {name: spec["code_list"] for name, spec in resources.items() if "code_list" in spec}


@cache
def coded_resources(column: str) -> tuple[str, ...]:
    """The resources (code lists aside) with a ``column`` field, in declared order."""
    return tuple(
        name
        for name in schema_spec()["resources"]
        if name not in code_lists() and any(f["name"] == column for f in declared_fields(name))
    )


@dataclass
class _Code:
    """What is known of one code while rows are merged."""

    names: Counter[str] = field(default_factory=Counter)
    levels: Counter[int] = field(default_factory=Counter)
    years: set[int] = field(default_factory=set)
    first_document: dict[str, str] = field(default_factory=dict)  # name -> smallest id
    newest: dict[str, int] = field(default_factory=dict)  # name -> newest year printing it
    documents: int = 0
    first_id: str = ""  # the smallest id of a document printing the code, named or not

    def seen_in(self, document_id: str) -> None:
        self.first_id = min(self.first_id or document_id, document_id)

    def add_name(self, name: str, document_id: str, year: int | None) -> None:
        self.names[name] += 1
        if name not in self.first_document or document_id < self.first_document[name]:
            self.first_document[name] = document_id
        if year is not None:
            self.newest[name] = max(self.newest.get(name, year), year)


def _rows(codes: Mapping[str, _Code]) -> list[Record]:
    """The code list's rows, by code."""
    rows = []
    for code in sorted(codes):
        entry = codes[code]
        names = sorted(entry.names, key=lambda n: (-entry.names[n], -entry.newest.get(n, 0), n))
        parent = code[:-2] if len(code) > 3 else ""
        rows.append(
            {
                "code": code,
                "name": names[0] if names else None,
                "level": min(entry.levels, key=lambda lv: (-entry.levels[lv], lv))
                if entry.levels
                else None,
                "parent_code": parent if parent in codes else None,
                "names": _SEPARATOR.join(names) or None,
                "first_year": min(entry.years) if entry.years else None,
                "last_year": max(entry.years) if entry.years else None,
                "document_count": entry.documents,
                "document_id": entry.first_document[names[0]] if names else entry.first_id,
            }
        )
    return rows


def document_codes(
    document: Record, records: Mapping[str, list[Record]]
) -> dict[str, list[Record]]:
    """Each code list of one document: the codes its tables print, a name being the one
    printed most often beside the code in the document."""
    document_id = str(document["document_id"])
    year = _number(document.get("year"))
    found: dict[str, list[Record]] = {}
    for resource, column in code_lists().items():
        name_column = column.replace("_code", "_name")
        codes: dict[str, _Code] = {}
        for table in coded_resources(column):
            for row in records.get(table, []):
                code = str(row.get(column) or "").strip()
                if not code:
                    continue
                entry = codes.setdefault(code, _Code(documents=1))
                entry.seen_in(document_id)
                if year is not None:
                    entry.years.add(year)
                if name := " ".join(str(row.get(name_column) or "").split()):
                    entry.add_name(name, document_id, year)
                if (level := _number(row.get("level"))) is not None:
                    entry.levels[level] += 1
        found[resource] = _rows(codes)
    return found


def _number(value: object) -> int | None:
    """A year or level, whether a record's integer or a CSV's text."""
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdecimal() else None


def merge(rows: Iterable[Mapping[str, str]]) -> list[Record]:
    """One code list from the lists of many documents (their CSV rows): a name counts the
    documents printing it, a level the documents printing the code at it."""
    codes: dict[str, _Code] = {}
    for row in rows:
        entry = codes.setdefault(row["code"], _Code())
        entry.seen_in(row["document_id"])
        entry.documents += int(row["document_count"])
        years = [int(row[k]) for k in ("first_year", "last_year") if row.get(k)]
        entry.years.update(years)
        for name in filter(None, (row.get("names") or "").split(_SEPARATOR)):
            entry.add_name(name, row["document_id"], max(years) if years else None)
        if row.get("level"):
            entry.levels[int(row["level"])] += 1
    return _rows(codes)
