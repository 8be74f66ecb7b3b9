"""The data package as the site sees it: rows grouped by document, read once.

Pages are a pure function of the package. Everything is sorted here (documents by year,
region and name; rows by their printed order) so that the same package always yields
byte-identical pages, whatever order the CSV rows happen to be in.

Only ``documents.csv`` is read whole. A document's rows are read from its part
(``departments/<document_id>.zip``, its own rows as the package was assembled from them) when
a page asks for them, and only the last :data:`HELD` documents' rows stay in memory: rendering
goes department by department and region by region, and what the pages of the whole corpus
need of every document is small and kept (:meth:`Document.remember`), so memory does not
grow with the number of documents. Those small values are also kept between builds
(:class:`Facts`), so adding one document to a thousand reads that one's rows for them, not
every part again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import pickle
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from openbudget.schema import STANDARD_TABLES

from .files import read_csv, write_bytes_atomic

T = TypeVar("T")

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
#: A resource's CSV as printed: its header and rows.
Table = tuple[list[str], list[list[str]]]

#: The folder of the package that holds each document's part.
PARTS_FOLDER = "departments"
#: How many documents' rows are held in memory at once (the largest region or department
#: rendered together is far smaller; past it, rows are read from the part again).
HELD = 128


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


def part_path(package_dir: Path, document_id: str) -> Path:
    """Where the package keeps a document's part."""
    return Path(package_dir) / PARTS_FOLDER / f"{document_id}.zip"


def csv_table(lines: Iterable[str]) -> Table:
    """A CSV's header and rows, exactly as written (strings)."""
    rows = list(csv.reader(lines))
    return (rows[0], rows[1:]) if rows else ([], [])


def read_part(path: Path) -> dict[str, Table]:
    """Each resource's header and rows in a document's part, exactly as written."""
    try:
        with zipfile.ZipFile(path) as archive:
            found: dict[str, Table] = {}
            for name in archive.namelist():
                if name.endswith(".csv"):
                    text = archive.read(name).decode("utf-8")
                    found[name.rsplit("/", 1)[-1][:-4]] = csv_table(io.StringIO(text, newline=""))
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise ValueError(
            f"{path}: the document's part of the package cannot be read ({exc})"
        ) from exc
    return found


class HeldRows:
    """Documents' rows, read from their parts when asked for; the last :data:`HELD` kept."""

    def __init__(self, held: int = HELD) -> None:
        self.held = held
        self.rows: OrderedDict[Path, dict[str, list[Row]]] = OrderedDict()
        self.digests: dict[Path, str] = {}

    def tables(self, part: Path) -> dict[str, list[Row]]:
        if part in self.rows:
            self.rows.move_to_end(part)
            return self.rows[part]
        tables = {
            resource: sorted((dict(zip(header, row, strict=False)) for row in rows), key=row_order)
            for resource, (header, rows) in read_part(part).items()
            if rows
        }
        self.rows[part] = tables
        if len(self.rows) > self.held:
            self.rows.popitem(last=False)
        return tables

    def digest(self, part: Path) -> str:
        """The SHA-256 of the part's bytes: the part is its rows, written deterministically."""
        if part not in self.digests:
            self.digests[part] = hashlib.sha256(part.read_bytes()).hexdigest()
        return self.digests[part]


@dataclass(eq=False)
class Document:
    """One disclosure: its ``documents.csv`` row, and its rows from every table the site
    uses, given (``tables``) or read from its ``part`` when asked for."""

    meta: Row
    tables: dict[str, list[Row]] | None = None
    part: Path | None = field(default=None, repr=False)
    held: HeldRows | None = field(default=None, repr=False)
    #: This document's download files (``downloads.DepartmentFiles``), set by
    #: ``downloads.write_downloads`` before the pages are rendered; ``None`` until then.
    downloads: object | None = field(default=None, repr=False)
    #: Small values computed from the rows, kept when the rows are let go (see remember).
    facts: dict[str, Any] = field(default_factory=dict, repr=False)

    def all_rows(self) -> dict[str, list[Row]]:
        """Every table's rows, in printed order."""
        if self.tables is not None:
            return self.tables
        if self.part is None or self.held is None:
            return {}
        return self.held.tables(self.part)

    @property
    def rows_digest(self) -> str:
        """A hash of the document's rows (of its part, for a document read from one)."""
        if self.part is not None and self.held is not None:
            return self.held.digest(self.part)
        return hashlib.sha256(repr(self.all_rows()).encode()).hexdigest()

    def remember(self, make: Callable[[Document], T]) -> T:
        """``make(self)``, computed once: for what every page of the corpus needs of each
        document (its totals, its counts), so those pages do not read every part again.
        ``make`` is a module-level function: its name is the fact's name in :class:`Facts`."""
        name = f"{make.__module__}.{make.__qualname__}"
        if name not in self.facts:
            self.facts[name] = make(self)
        return self.facts[name]

    @property
    def facts_key(self) -> str:
        """What the document's facts are computed from: its metadata and its rows."""
        return hashlib.sha256(repr((self.meta, self.rows_digest)).encode()).hexdigest()

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
        return self.all_rows().get(resource, [])

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


class Facts:
    """Each document's remembered values (:meth:`Document.remember`), kept in a file between
    builds by the document's :attr:`~Document.facts_key` and the site's code ``version``.

    The file is a cache written and read by this build only (not published): one that cannot
    be read, or is of other code, is simply made again.
    """

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        self.previous: dict[str, dict[str, Any]] = {}
        try:
            with path.open("rb") as handle:
                stored_version, previous = pickle.load(handle)
            if stored_version == version:
                self.previous = previous
        except Exception:  # a missing, truncated or foreign file: every fact is made again
            self.previous = {}
        self.current: dict[str, dict[str, Any]] = {}

    def of(self, doc: Document) -> dict[str, Any]:
        """The facts of ``doc``, as kept by an earlier build when it had the same rows."""
        key = doc.facts_key
        if key not in self.current:
            self.current[key] = self.previous.get(key, {})
        return self.current[key]

    def save(self) -> None:
        """Keep the facts of this build's documents (and no others) for the next build."""
        data = pickle.dumps((self.version, self.current), protocol=pickle.HIGHEST_PROTOCOL)
        write_bytes_atomic(self.path, data)


@dataclass
class SitePackage:
    """All documents of a data package, ready to render."""

    package_dir: Path
    documents: list[Document]

    @classmethod
    def load(cls, package_dir: Path) -> SitePackage:
        """Read ``documents.csv``; each document's rows are read from its part when needed."""
        held = HeldRows()
        documents = []
        for meta in read_csv(package_dir / "documents.csv"):
            part = part_path(package_dir, meta["document_id"])
            if not part.is_file():
                raise FileNotFoundError(
                    f"{package_dir}: document {meta['document_id']} has no part {part.name} "
                    f"in {PARTS_FOLDER}/; build the package again"
                )
            documents.append(Document(meta=meta, part=part, held=held))
        documents.sort(key=lambda doc: doc.sort_key)
        return cls(package_dir=package_dir, documents=documents)

    def keep_facts(self, facts: Facts) -> None:
        """Give each document the facts an earlier build kept for its rows, and keep the
        ones this build computes in ``facts``."""
        for doc in self.documents:
            doc.facts = facts.of(doc)


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
