"""Downloadable files generated at build time, under ``docs/downloads/`` (git-ignored).

- the whole package as one zip (the descriptor and every CSV it lists);
- everything as one Excel workbook: a 说明 sheet, then one sheet per resource with the
  Chinese column titles in a frozen header row;
- per document: each resource's rows as CSV, one workbook, one JSON file of records by
  resource;
- the original source files (and their metadata sidecars), linked from the department pages.

Every file is deterministic: zip entries are sorted and carry a fixed timestamp, and the
workbook's own timestamps are fixed, so the same package gives byte-identical downloads.

Amounts go into the workbooks as numbers, not text: a reader can sum them in Excel. A printed
amount has at most two decimals and a few digits, so the binary float is the printed value
to the last digit, and the cell's number format shows exactly the printed decimals (``0.00``
for ``3502.60``). A printed cell that is not a number stays text, so nothing is hidden; codes
(function and economic classification, catalogue codes) are text and keep their digits.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from openbudget.package import field_descriptors
from openbudget.release import (
    citation_cff,
    licence_of,
    of_descriptor,
    package_citation,
    readme_text,
)
from openbudget.zips import write_zip

from . import pageimages, sqlfiles
from .amounts import page_ref
from .data import Document, SitePackage, csv_table, is_large, read_part, regions
from .files import copy_file_atomic, remove_stale, write_bytes_atomic, write_stream_atomic
from .workbook import Sheet, typed_value, workbook_bytes

DOWNLOADS_DIR = "downloads"
#: The package's citation file, beside its zip and inside it.
CITATION_FILE = "CITATION.cff"
# Beside the downloads, each workbook's content key (a dotfile: MkDocs does not publish it).
KEYS_FILE = ".workbook-keys.json"
#: Chinese words for frictionless field types (the data dictionary and workbook notes).
TYPE_WORDS = {
    "string": "文本",
    "integer": "整数",
    "number": "数值",
    "boolean": "是/否",
    "date": "日期",
    "datetime": "日期时间",
    "year": "年份",
    "any": "任意",
}


# --------------------------------------------------------------------------- the package


@dataclass(frozen=True)
class Resource:
    """One resource of the descriptor: name, Chinese title, CSV path and fields."""

    name: str
    title: str
    path: str
    description: str
    fields: tuple[dict[str, Any], ...]
    schema: dict[str, Any] = field(default_factory=dict, compare=False)

    @cached_property  # read for every row of the package
    def field_names(self) -> list[str]:
        return [str(item["name"]) for item in self.fields]

    @cached_property
    def key(self) -> str:
        """The CSV file's stem (``three_public``): sheet name, JSON key, dictionary anchor."""
        return re.sub(r"[^A-Za-z0-9_-]", "_", Path(self.path).stem) or self.name


def load_descriptor(package_dir: Path) -> dict[str, Any]:
    """``datapackage.json``, or a descriptor assembled from ``openbudget.schema`` and the CSVs
    present when the package has none."""
    path = Path(package_dir) / "datapackage.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    from openbudget.schema import resource_title, schema_spec

    resources = []
    for name in schema_spec()["resources"]:
        if (Path(package_dir) / f"{name}.csv").is_file():
            resources.append(
                {
                    "name": name,
                    "title": resource_title(name),
                    "path": f"{name}.csv",
                    "schema": {"fields": field_descriptors(name)},
                }
            )
    return {"name": "openbudget", "resources": resources}


def resources_of(descriptor: dict[str, Any]) -> list[Resource]:
    """The descriptor's tabular resources, in descriptor order."""
    found = []
    for item in descriptor.get("resources", []):
        path = item.get("path")
        if not isinstance(path, str):
            continue
        schema = item.get("schema")
        if not isinstance(schema, dict) or not schema.get("fields"):
            # A descriptor without inline schemas: the declared ones, by CSV name.
            try:
                schema = {"fields": field_descriptors(Path(path).stem)}
            except KeyError:
                schema = {"fields": []}
        found.append(
            Resource(
                name=str(item.get("name", "")),
                title=str(item.get("title") or item.get("name", "")),
                path=path,
                description=str(item.get("description", "")),
                fields=tuple(schema.get("fields", [])),
                schema=schema,
            )
        )
    return found


def _read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a package CSV, exactly as written (strings)."""
    if not path.is_file():
        return [], []
    with path.open(encoding="utf-8", newline="") as handle:
        return csv_table(handle)


def _aligned(resource: Resource, header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """``rows`` with their cells in the descriptor's field order (blank where missing)."""
    if header == resource.field_names and all(len(row) == len(header) for row in rows):
        return rows  # the package's own CSVs: already in the descriptor's order
    index = {name: i for i, name in enumerate(header)}
    return [
        [
            row[index[name]] if name in index and index[name] < len(row) else ""
            for name in resource.field_names
        ]
        for row in rows
    ]


def _part_sheets(resources: list[Resource], doc: Document) -> list[Sheets]:
    """Each resource's rows of a document given its rows (not read from a package), in
    their printed order."""
    return [
        (resource, [[row.get(name, "") for name in resource.field_names] for row in rows])
        for resource in resources
        for rows in [doc.rows(resource.key)]
    ]


def download_facts(doc: Document) -> tuple[dict[str, int], dict[str, str]]:
    """How many rows the document has in each resource, and the pages of the published file
    each table's rows are printed on (``原文第 3–5 页``), by resource. Remembered: the
    download block of every document shows them, and an unchanged document's files are
    not read again."""
    tables = doc.all_rows()
    counts = {key: len(rows) for key, rows in tables.items()}
    refs = {
        key: ref.rstrip("。")
        for key, rows in tables.items()
        if key not in ("documents", "checks", "repairs") and (ref := page_ref(rows))
    }
    return counts, refs


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def package_slug(descriptor: dict[str, Any]) -> str:
    """ASCII file stem for the package's downloads (its frictionless ``name``)."""
    return re.sub(r"[^a-z0-9._-]", "-", str(descriptor.get("name") or "openbudget").lower())


# --------------------------------------------------------------------------- values

#: A resource and its rows (the cells as the CSV prints them).
Sheets = tuple[Resource, list[list[str]]]


def _sheets(sheets: list[Sheets]) -> list[Sheet]:
    """The resources' rows as :func:`workbook_bytes` takes them (plain values, so a worker
    process needs nothing of this module)."""
    return [
        (
            resource.key[:31],
            [str(item.get("title") or item["name"]) for item in resource.fields],
            [str(item.get("type", "string")) for item in resource.fields],
            rows,
        )
        for resource, rows in sheets
    ]


def _notice(descriptor: dict[str, Any]) -> list[str]:
    """The licence and the citation, for a workbook's 说明 sheet."""
    name, address = licence_of(descriptor)
    return [
        f"版本：{of_descriptor(descriptor).version}。许可：{name}（{address}）。",
        f"引用：{package_citation(descriptor)}",
    ]


def _about_rows(sheets: list[Sheets], heading: str, notice: list[str]) -> list[list[str]]:
    rows = [["工作表", "内容", "行数", "说明", "对应的 CSV 文件"]]
    for resource, data in sheets:
        rows.append(
            [resource.key, resource.title, str(len(data)), resource.description, resource.path]
        )
    rows.append([])
    rows.append([heading])
    rows.append(
        [
            "金额单位为万元，照录原文；金额以数值保存，显示原文的小数位数（如 0.00）。"
            "原文空白的单元格在此也为空，不是 0。第一行是原表的中文列名，"
            "英文字段名见数据字典（datapackage.json）。"
        ]
    )
    rows.extend([line] for line in notice)
    return rows


# --------------------------------------------------------------------------- per document


@dataclass(frozen=True)
class DepartmentFiles:
    """What was written for one document, as paths relative to ``docs/downloads/``."""

    workbook: str
    json: str
    csvs: tuple[tuple[str, str, str, int], ...]  # (resource, title, path, rows)
    source: str | None = None
    source_meta: str | None = None
    source_name: str = ""
    pages: tuple[tuple[str, str], ...] = ()  # (resource title, 原文第 N 页)
    # Images of the printed pages (PDF sources): table or project-<seq> → (page, path).
    page_images: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)


@dataclass
class Downloads:
    """Everything written under ``docs/downloads/``, as the pages link it. The files
    themselves may still be being written (see :meth:`wait`)."""

    package_zip: str
    workbook: str  # the whole package; empty past HOME_LIMIT documents (see region_workbooks)
    departments: dict[str, DepartmentFiles]
    sources: list[tuple[str, str]]  # (document_id, path relative to downloads)
    region_workbooks: dict[str, str] = field(default_factory=dict)  # region key → workbook
    finishing: Callable[[], None] | None = field(default=None, repr=False)

    def wait(self) -> None:
        """Return once every file is written; raise what writing them raised."""
        finishing, self.finishing = self.finishing, None
        if finishing is not None:
            finishing()


def _doc_folder(document_id: str) -> str:
    return "departments/" + (re.sub(r"[^A-Za-z0-9._-]", "-", document_id) or "document")


def _source_file(doc: Document, sources_root: Path, column: str = "source_path") -> Path | None:
    """The document's original file (its ``source_path``, or the file another ``column``
    names, relative to ``sources_root``)."""
    relative = doc.meta.get(column, "").strip()
    if not relative:
        return None
    path = (sources_root / relative).resolve()
    if path.is_file() and path.suffix.lower() != ".md":
        return path
    return None


def _other_part(doc: Document, sources_root: Path) -> Path | None:
    """The second file of a disclosure published as two (its ``other_part``)."""
    return _source_file(doc, sources_root, "other_part")


#: From how many documents the files are written by worker processes (below, starting the
#: workers costs more than they save).
_POOL_FROM = 20

#: A document's rows: its part's path (read where the files are written), or its sheets.
Rows = Path | list[Sheets]


def _rows(resources: list[Resource], rows: Rows) -> list[Sheets]:
    """Each resource's rows of one document."""
    if isinstance(rows, list):
        return rows
    tables = read_part(rows)
    return [
        (resource, _aligned(resource, *tables.get(resource.key, ([], []))))
        for resource in resources
    ]


def _write_workbook(
    path: Path, resources: list[Resource], docs: list[Rows], title: str, notice: list[str]
) -> None:
    """The workbook of ``docs`` (their rows one after the other) at ``path``."""
    sheets: list[Sheets] = [(resource, []) for resource in resources]
    for doc in docs:
        for (_, rows), (_, own) in zip(sheets, _rows(resources, doc), strict=True):
            rows.extend(own)
    write_bytes_atomic(path, workbook_bytes(_sheets(sheets), _about_rows(sheets, title, notice)))


def _write_document(
    folder: Path,
    stem: str,
    resources: list[Resource],
    doc: Rows,
    document_id: str,
    title: str,
    licenses: list[Any],
    notice: list[str],
) -> None:
    """A document's files in ``folder``: a CSV per resource it has rows of, the workbook
    and the JSON."""
    sheets = _rows(resources, doc)
    for resource, rows in sheets:
        if rows:
            write_bytes_atomic(folder / resource.path, _csv_bytes(resource.field_names, rows))
    write_bytes_atomic(
        folder / f"{stem}.xlsx", workbook_bytes(_sheets(sheets), _about_rows(sheets, title, notice))
    )
    write_bytes_atomic(folder / f"{stem}.json", _json_bytes(document_id, title, sheets, licenses))


def _write_package_zip(path: Path, entries: dict[str, Path | bytes]) -> None:
    write_stream_atomic(path, lambda handle: write_zip(handle, entries))


def _run(jobs: list[tuple[Callable[..., None], tuple]], workers: int) -> Callable[[], None]:
    """Start ``jobs`` (functions and their arguments) in ``workers`` processes (none: run
    them here and now); returns a function waiting for them all, raising the first error."""
    if not workers:
        for function, args in jobs:
            function(*args)
        return lambda: None
    context = multiprocessing.get_context("spawn")  # not a copy of the package
    pool = ProcessPoolExecutor(workers, mp_context=context)
    futures = [pool.submit(function, *args) for function, args in jobs]

    def wait() -> None:
        try:
            for future in futures:
                future.result()
        finally:
            pool.shutdown(cancel_futures=True)

    return wait


def write_downloads(
    package: SitePackage,
    package_dir: Path,
    docs_dir: Path,
    *,
    sources_root: Path | None = None,
    background: bool = False,
) -> Downloads:
    """Write every download under ``docs_dir/downloads/``; files of earlier builds that this
    build did not write are removed. Attaches each document's files to ``doc.downloads``.

    What the pages link is known before a file is written (paths, and the row counts and
    pages of each document's facts). Past a few documents the files are written by one
    worker process per CPU, each document's from its part; with ``background`` this
    returns at once, the caller renders the pages meanwhile, and :meth:`Downloads.wait`
    waits for the files.

    ``sources_root`` is where the documents' ``source_path`` is relative to (default: the
    folder holding the package, i.e. the project root).
    """
    package_dir = Path(package_dir)
    out = Path(docs_dir) / DOWNLOADS_DIR
    sources_root = Path(sources_root) if sources_root else package_dir.resolve().parent
    descriptor = load_descriptor(package_dir)
    resources = resources_of(descriptor)
    licenses = descriptor.get("licenses", [])
    content_key = content_keys(descriptor)
    slug = package_slug(descriptor)
    # Each file is written as soon as it is made (memory stays flat in the number of
    # documents). A workbook, the slow part, is made again only when its content key (its
    # rows and title) differs from the one recorded beside it; so are a document's files.
    keys_path = out / KEYS_FILE
    try:
        previous_keys = json.loads(keys_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous_keys = {}
    keys: dict[str, str] = {}
    kept: list[Path] = [keys_path]  # every file of this build, written or already there
    jobs: list[tuple[Callable[..., None], tuple]] = []  # what is to be written

    def unchanged(name: str, key: str, paths: list[Path]) -> bool:
        """Record ``name``'s key and files; whether they are already there for that key."""
        keys[name] = key
        kept.extend(paths)
        return previous_keys.get(name) == key and all(path.is_file() for path in paths)

    def rows(doc: Document) -> Rows:
        return doc.part if doc.part is not None else _part_sheets(resources, doc)

    # The whole package: its descriptor and CSVs, copied into the zip piece by piece.
    entries: dict[str, Path | bytes] = {}
    for resource in resources:
        if (package_dir / resource.path).is_file():
            entries[f"{slug}/{resource.path}"] = package_dir / resource.path
    if (package_dir / "datapackage.json").is_file():
        entries[f"{slug}/datapackage.json"] = package_dir / "datapackage.json"
    # What the package is, its licence and how to cite it, inside the zip and beside it.
    cff = citation_cff(descriptor).encode()
    entries[f"{slug}/README.txt"] = readme_text(descriptor).encode()
    entries[f"{slug}/CITATION.cff"] = cff
    kept.append(out / CITATION_FILE)
    jobs.append((write_bytes_atomic, (out / CITATION_FILE, cff)))
    notice = _notice(descriptor)
    package_zip = f"{slug}.zip"
    kept.append(out / package_zip)
    jobs.append((_write_package_zip, (out / package_zip, entries)))

    # The same tables for SQL (sqlfiles): a Parquet file each and a SQLite database, made
    # again only when a document's metadata or rows or the code that writes them change
    # (keyed by the documents' digests: no CSV is read to decide).
    sql_key = content_key(
        "sql", [[doc.facts_key for doc in package.documents], sqlfiles.code_digest()]
    )
    if not unchanged("sql", sql_key, [out / name for name in sqlfiles.file_names(resources)]):
        jobs.append((sqlfiles.write_sql_files, (package_dir, out, resources)))

    title = str(descriptor.get("title") or slug)
    workbook = ""
    region_workbooks: dict[str, str] = {}
    if is_large(package):
        # One workbook per region: a whole province would pass Excel's 1,048,576 rows a
        # sheet, and adding a document remakes only its region's workbook. Its key is its
        # documents' parts, so an unchanged region's rows are not even read.
        for key, part in regions(package).items():
            region_workbooks[key] = f"regions/{key}.xlsx"
            path = out / region_workbooks[key]
            region_title = f"{title}：{part.documents[0].region or '地区未注明'}"
            region_key = content_key(region_title, [doc.rows_digest for doc in part.documents])
            if not unchanged(region_workbooks[key], region_key, [path]):
                docs = [rows(doc) for doc in part.documents]
                jobs.append((_write_workbook, (path, resources, docs, region_title, notice)))
    else:  # everything as one workbook, from the package's CSVs
        workbook = f"{slug}.xlsx"
        sheets = [
            (resource, _aligned(resource, *_read_table(package_dir / resource.path)))
            for resource in resources
        ]
        whole_key = content_key(title, [(resource.key, rows) for resource, rows in sheets])
        if not unchanged(workbook, whole_key, [out / workbook]):
            jobs.append((_write_workbook, (out / workbook, resources, [sheets], title, notice)))

    # Per document, from its part: one document's rows in memory at a time.
    departments: dict[str, DepartmentFiles] = {}
    sources: list[tuple[str, str]] = []
    for doc in package.documents:
        folder = _doc_folder(doc.document_id)
        stem = folder.rsplit("/", 1)[-1]
        doc_title = f"{doc.name} {doc.year} 年{doc.kind}" if doc.year else doc.name
        counts, refs = doc.remember(download_facts)
        csvs = [
            (resource.key, resource.title, f"{folder}/{resource.path}", counts[resource.key])
            for resource in resources
            if counts.get(resource.key)
        ]
        doc_workbook = f"{folder}/{stem}.xlsx"
        doc_json = f"{folder}/{stem}.json"
        names = [path for _, _, path, _ in csvs] + [doc_workbook, doc_json]
        doc_key = content_key(doc_title, [doc.rows_digest])
        if not unchanged(folder, doc_key, [out / name for name in names]):
            arguments = (out / folder, stem, resources, rows(doc), doc.document_id, doc_title)
            jobs.append((_write_document, (*arguments, licenses, notice)))

        source = _source_file(doc, sources_root)
        source_rel = meta_rel = None
        if source is not None:
            source_rel = f"sources/{source.name}"
            kept.append(out / source_rel)
            jobs.append((copy_file_atomic, (source, out / source_rel)))
            sources.append((doc.document_id, source_rel))
            sidecar = source.with_suffix(".yaml")
            if sidecar.is_file() and sidecar != source:
                meta_rel = f"sources/{sidecar.name}"
                kept.append(out / meta_rel)
                jobs.append((copy_file_atomic, (sidecar, out / meta_rel)))
        images = doc.remember(pageimages.page_images) if source is not None else []
        shown: dict[str, list[tuple[int, str]]] = {}
        for image in images:
            shown.setdefault(image.what, []).append((image.page, f"{folder}/pages/{image.name}"))
        if images:
            pages_key = content_key(
                pageimages.code_digest(), [doc.meta.get("source_sha256", ""), images]
            )
            paths = sorted({out / folder / "pages" / image.name for image in images})
            if not unchanged(f"{folder}/pages", pages_key, paths):
                other = _other_part(doc, sources_root)
                jobs.append(
                    (pageimages.write_page_images, (source, other, out / folder / "pages", images))
                )
        files = DepartmentFiles(
            workbook=doc_workbook,
            json=doc_json,
            csvs=tuple(csvs),
            source=source_rel,
            source_meta=meta_rel,
            source_name=source.name if source else "",
            pages=tuple(
                (resource.title, refs[resource.key])
                for resource in resources
                if resource.key in refs
            ),
            page_images={what: tuple(found) for what, found in shown.items()},
        )
        departments[doc.document_id] = files
        doc.downloads = files

    workers = (os.cpu_count() or 1) if len(package.documents) > _POOL_FROM else 0
    written = _run(jobs, workers)

    def finish() -> None:
        written()  # every file written before the keys that say they are
        keys_text = json.dumps(keys, sort_keys=True, indent=0) + "\n"
        write_bytes_atomic(keys_path, keys_text.encode())
        remove_stale(out, kept, pattern="*")

    downloads = Downloads(
        package_zip=package_zip,
        workbook=workbook,
        region_workbooks=region_workbooks,
        departments=departments,
        sources=sources,
        finishing=finish,
    )
    if not background:
        downloads.wait()
    return downloads


def _json_bytes(document_id: str, title: str, sheets: list[Sheets], licenses: list[Any]) -> bytes:
    """A document's records by resource as JSON, values typed as the schema says; amounts
    as the text printed (``"3502.60"``: a JSON number would drop the printed zero)."""
    records: dict[str, list[dict[str, Any]]] = {}
    for resource, rows in sheets:
        kinds = [str(item.get("type", "string")) for item in resource.fields]
        records[resource.key] = [
            {
                name: (text or None) if kind == "number" else typed_value(text, kind)
                for name, text, kind in zip(resource.field_names, row, kinds, strict=False)
            }
            for row in rows
        ]
    payload = {
        "document_id": document_id,
        "title": title,
        "unit": "万元",
        "license": licenses,
        "resources": records,
    }
    return (json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()


def content_keys(descriptor: dict[str, Any]) -> Callable[[str, list[Any]], str]:
    """A function giving what a workbook (or a document's files) is made from, as a hash:
    its title and rows, the schemas and licence of the descriptor (not its list of sources,
    which every new document changes) and this module's code, so a change to how files are
    written makes them again. The descriptor and code are hashed once, not per document."""
    base = hashlib.sha256(Path(__file__).read_bytes())
    schemas = {key: value for key, value in descriptor.items() if key != "sources"}
    base.update(repr(schemas).encode())  # exact for str, list and dict

    def content_key(title: str, sheets: list[Any]) -> str:
        digest = base.copy()
        digest.update(repr((title, sheets)).encode())
        return digest.hexdigest()

    return content_key


# --------------------------------------------------------------------------- page block


def size_words(size: int) -> str:
    """``12.3 KB`` / ``1.4 MB``."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size / 1024, 0.1):.1f} KB"


def extracted_from(doc: Document) -> str:
    """The original's format (``PDF``) when the stored source is a text extract of it."""
    files: DepartmentFiles | None = getattr(doc, "downloads", None)
    printed = doc.meta.get("source_format", "").strip().lower()
    suffix = Path(files.source_name).suffix.lower().lstrip(".") if files else ""
    return printed.upper() if printed and suffix == "txt" and printed != "txt" else ""
