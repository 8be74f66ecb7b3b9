"""The data package as the site sees it: rows grouped by document, read once.

Pages are a pure function of the package CSVs. Everything is sorted here (documents by year,
region and name; rows by their printed order) so that the same package always yields
byte-identical pages, whatever order the CSV rows happen to be in.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openbudget.schema import STANDARD_TABLES

from .files import read_csv

#: The rest of a disclosure: project performance targets, units, procurement, assets, prose.
DISCLOSURE_TABLES: tuple[str, ...] = (
    "projects",
    "indicators",
    "org_units",
    "procurement",
    "assets",
    "sections",
)

#: Every CSV the site reads; a missing file simply contributes no rows.
SITE_RESOURCES: tuple[str, ...] = (
    "documents",
    *STANDARD_TABLES,
    *DISCLOSURE_TABLES,
    "tables",
    "checks",
    "repairs",
)

#: Columns giving a row's printed position, most significant first (indicators are ordered
#: by project, then by their own number).
_ORDER_COLUMNS: tuple[str, ...] = (
    "row_no",
    "line_no",
    "project_seq",
    "indicator_seq",
    "unit_seq",
    "item_seq",
    "table_seq",
    "section_no",
    "check_seq",
    "repair_seq",
)

Row = dict[str, str]


def _int(text: str, default: int = 0) -> int:
    try:
        return int(text.strip())
    except (ValueError, AttributeError):
        return default


def row_order(row: Row) -> tuple[tuple[int, ...], int, str, tuple[str, ...]]:
    """Printed order of a row: its numbers (line/row, project, indicator…), then income
    before expenditure; rows without a number go last."""
    numbers = tuple(_int(row[key], 10**9) for key in _ORDER_COLUMNS if row.get(key, "").strip())
    side = {"income": 0, "expenditure": 1}.get(row.get("side", ""), 2)
    # Last, the whole row: a resource's columns come in its schema's order.
    return (numbers or (10**9,), side, row.get("side", ""), tuple(row.values()))


@dataclass
class Document:
    """One disclosure with its rows from every table the site uses."""

    meta: Row
    tables: dict[str, list[Row]] = field(default_factory=dict)
    #: This document's download files (``downloads.DepartmentFiles``), set by
    #: ``downloads.write_downloads`` before the pages are rendered; ``None`` until then.
    downloads: object | None = field(default=None, compare=False, repr=False)

    @property
    def document_id(self) -> str:
        return self.meta["document_id"]

    @property
    def year(self) -> int:
        return _int(self.meta.get("year", ""))

    @property
    def name(self) -> str:
        return self.meta.get("department_name") or self.document_id

    @property
    def kind(self) -> str:
        return self.meta.get("document_kind") or "部门预算"

    @property
    def region(self) -> str:
        """Province, city and county as one label (blank parts skipped, repeats collapsed)."""
        parts: list[str] = []
        for key in ("province", "city", "region_name"):
            value = self.meta.get(key, "").strip()
            if value and value not in parts:
                parts.append(value)
        return " ".join(parts)

    @property
    def local_region(self) -> str:
        """City and county only, for listings where the province is the same throughout."""
        parts = [self.meta.get(key, "").strip() for key in ("city", "region_name")]
        return " ".join(part for i, part in enumerate(parts) if part and part not in parts[:i])

    def rows(self, resource: str) -> list[Row]:
        return self.tables.get(resource, [])

    def indicators(self, project_seq: str) -> list[Row]:
        """The indicator rows of one project, in printed order."""
        wanted = project_seq.strip()
        return [
            row for row in self.rows("indicators") if row.get("project_seq", "").strip() == wanted
        ]

    def _listed(self, column: str) -> set[str]:
        return set(self.meta.get(column, "").split())

    def printed_table(self, resource: str) -> Row | None:
        """How the document printed a standard table (its ``tables`` row), if known."""
        return next((t for t in self.rows("tables") if t.get("table") == resource), None)

    def table_state(self, resource: str) -> str:
        """``"rows"``, ``"empty"`` (printed as 空表列示) or ``"missing"`` from the document."""
        if resource in self._listed("tables_empty"):
            return "empty"
        if self.rows(resource):
            return "rows"
        if resource in self._listed("tables_found"):
            return "found_no_rows"
        return "missing"

    @property
    def has_standard_tables(self) -> bool:
        return any(self.table_state(name) != "missing" for name in STANDARD_TABLES)

    @property
    def sort_key(self) -> tuple[int, str, str, str, str, str]:
        """Newest year first, then region code and department, so listings read naturally."""
        meta = self.meta
        return (
            -self.year,
            meta.get("region_code", ""),
            meta.get("region_name", ""),
            meta.get("department_code", ""),
            self.name,
            self.document_id,
        )


@dataclass
class SitePackage:
    """All documents of a data package, ready to render."""

    package_dir: Path
    documents: list[Document]

    @classmethod
    def load(cls, package_dir: Path) -> SitePackage:
        """Read the CSVs under ``package_dir`` (missing optional files mean no rows)."""
        by_doc: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
        for resource in SITE_RESOURCES:
            if resource == "documents":
                continue
            for row in read_csv(package_dir / f"{resource}.csv"):
                by_doc[row.get("document_id", "")][resource].append(row)
        documents = []
        for meta in read_csv(package_dir / "documents.csv"):
            tables = {
                resource: sorted(rows, key=row_order)
                for resource, rows in by_doc.get(meta["document_id"], {}).items()
            }
            documents.append(Document(meta=meta, tables=tables))
        documents.sort(key=lambda doc: doc.sort_key)
        return cls(package_dir=package_dir, documents=documents)


#: Up to this many documents the home page lists them all; beyond, it lists the regions and
#: each region's page lists its documents, so no page grows with the whole corpus.
HOME_LIMIT = 60


def is_large(package: SitePackage) -> bool:
    """Whether the corpus is past :data:`HOME_LIMIT`: listed, checked and compared by region
    and year instead of on one page."""
    return len(package.documents) > HOME_LIMIT


def region_key(doc: Document) -> str:
    """The region a document's listing page is for: its administrative code, else a slug."""
    code = doc.meta.get("region_code", "").strip()
    return code or "region-" + hashlib.sha1(doc.region.encode()).hexdigest()[:8]


def regions(package: SitePackage) -> dict[str, SitePackage]:
    """The package's documents by region, for the regions' listing pages."""
    grouped: dict[str, list[Document]] = {}
    for doc in package.documents:
        grouped.setdefault(region_key(doc), []).append(doc)
    return {key: SitePackage(package.package_dir, docs) for key, docs in sorted(grouped.items())}
