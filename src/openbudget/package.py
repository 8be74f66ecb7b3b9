"""Write and validate the Frictionless data package.

Schemas are declared once, as data, in ``schema.yaml``. The package is written into a
temporary folder next to the target, validated with frictionless, and only then swapped
into place, so a failed or interrupted build never leaves a half-written package.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import shutil
import zipfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from openbudget.codelists import code_lists, coded_resources, document_codes, merge
from openbudget.errors import duplicate_disclosure
from openbudget.publish import publish, staging_folder
from openbudget.release import citation_cff, release
from openbudget.schema import declared_fields, resource_fields, schema_spec
from openbudget.zips import deterministic_zip

if TYPE_CHECKING:  # the parser is not needed to write a package (the download workers)
    from openbudget.parse import ParsedDocument

Record = dict[str, object]
AMOUNT = {
    "type": "number",
    "unit": "万元",
    "factor": 10000,
    "currency": "CNY",
    "columnType": "value",
    "description": "Amount in 万元 (10,000 CNY) as printed, usually with two decimals; "
    "empty where the printed cell is empty.",
}


class PackageInvalid(Exception):
    """The package failed frictionless validation; the message is frictionless's report."""


def field_descriptors(name: str) -> list[dict[str, object]]:
    """Frictionless field descriptors of a resource, in column order."""
    fields = []
    for declared in declared_fields(name):
        entry = dict(declared)
        if entry.pop("amount", False):
            entry = {**AMOUNT, **{k: v for k, v in entry.items() if k != "type"}}
            entry.setdefault("description", AMOUNT["description"])
        if "enum" in entry:
            entry["constraints"] = {"enum": entry.pop("enum")}
        fields.append({"name": entry.pop("name"), **entry})
    return fields


def _code_list_types(name: str, fields: list[dict[str, object]]) -> list[dict[str, object]]:
    """A code list's code and name get the Fiscal Data Package column types of the column
    it lists (the two lists share their field declarations)."""
    if name not in code_lists():
        return fields
    column = code_lists()[name]
    listed = {f["name"]: f.get("columnType") for f in field_descriptors(coded_resources(column)[0])}
    types = {"code": listed[column], "name": listed[column.replace("_code", "_name")]}
    return [{**f, "columnType": types[f["name"]]} if f["name"] in types else f for f in fields]


@cache
def _resources() -> list[dict[str, object]]:
    """The descriptor's resources: every resource's path, schema and keys (the same for
    every package; made once)."""
    resources_out = []
    for name, res in schema_spec()["resources"].items():  # type: ignore[union-attr]
        schema: dict[str, object] = {
            "fields": _code_list_types(name, field_descriptors(name)),
            "primaryKey": res["primary_key"],
        }
        keys = [("document_id", "documents", "document_id")] if name != "documents" else []
        keys += [
            (column, codes, "code")
            for codes, column in code_lists().items()
            if name in coded_resources(column)
        ]
        if name in code_lists():
            keys.append(("parent_code", "", "code"))  # "": the list itself
        if keys:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": target, "fields": key}}
                for column, target, key in keys
            ]
        resources_out.append(
            {
                "name": name,
                "title": res["title"],
                "description": res["description"],
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return resources_out


def fiscal_period(documents: list[Record]) -> dict[str, str]:
    """The budget years the package covers, as Fiscal Data Package dates (a calendar year
    is China's fiscal year)."""
    years = sorted(int(str(d["year"])) for d in documents if d.get("year"))
    return {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"} if years else {}


def descriptor(documents: list[Record]) -> dict[str, object]:
    """The datapackage.json descriptor: package metadata, sources and every resource."""
    meta = dict(schema_spec()["package"])  # type: ignore[arg-type]
    fiscal = meta.pop("fiscal")
    made = release(documents)
    return {
        "profile": "tabular-data-package",
        **meta,
        "version": made.version,
        **({"created": made.created} if made.created else {}),
        "currency": fiscal["currency"],
        "fiscalPeriod": fiscal_period(documents),
        "unit": fiscal["unit"],
        "phase": fiscal["phase"],
        "classifications": fiscal["classifications"],
        "sources": [
            {
                "title": f"{d['department_name']} {d['year']}年{d['document_kind']}",
                "path": d["source_path"],
                **({"url": d["source_url"]} if d["source_url"] else {}),
            }
            for d in documents
        ],
        "resources": _resources(),
    }


@cache
def _resources_json() -> str:
    """The ``"resources"`` member of :func:`descriptor_json`'s text, made once: indented
    JSON is written by the json module's slow encoder (30 ms a document's part)."""
    text = json.dumps({"resources": _resources()}, ensure_ascii=False, indent=2)
    return text[2:-2]  # without the braces around it; it is the descriptor's last member


def descriptor_json(documents: list[Record]) -> str:
    """:func:`descriptor` as the text of ``datapackage.json`` (indented by two)."""
    head = {k: v for k, v in descriptor(documents).items() if k != "resources"}
    return json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ",\n" + _resources_json() + "\n}\n"


def cell(value: object) -> str:
    """CSV text of a value: Decimals exactly as printed, empty for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def csv_text(name: str, rows: list[Record]) -> str:
    """A resource's CSV, columns in schema order, rows sorted by primary key."""
    names = [f.name for f in resource_fields(name)]
    key = schema_spec()["resources"][name]["primary_key"]  # type: ignore[index]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in sorted(rows, key=lambda r: tuple(r.get(k) for k in key)):
        writer.writerow([cell(row.get(n)) for n in names])
    return out.getvalue()


def collect(parsed: list[ParsedDocument]) -> dict[str, list[Record]]:
    """Rows of every resource from every parsed document."""
    spec = schema_spec()
    tables: dict[str, list[Record]] = {name: [] for name in spec["resources"]}  # type: ignore[union-attr]
    for doc in parsed:
        tables["documents"].append(doc.document)
        tables["checks"].extend(doc.checks)
        tables["repairs"].extend(doc.repairs)
        for name, rows in doc.records.items():
            tables[name].extend(rows)
        for name, rows in document_codes(doc.document, doc.records).items():
            tables[name].extend(rows)
    return tables


def document_zip(parsed: ParsedDocument) -> bytes:
    """One document's own data package, zipped: the same schemas, only its rows.

    It is published as ``departments/<document_id>.zip`` and is the part the whole package
    is assembled from (:func:`write_parts`). Entries carry a fixed timestamp and order so
    the zip is byte-identical across builds.
    """
    document_id = parsed.document["document_id"]
    entries = {f"{name}.csv": csv_text(name, rows) for name, rows in collect([parsed]).items()}
    entries["datapackage.json"] = descriptor_json([parsed.document])
    return deterministic_zip({f"{document_id}/{n}": text.encode() for n, text in entries.items()})


def _folder(archive: zipfile.ZipFile) -> str:
    """The document id a part's entries are filed under."""
    return archive.namelist()[0].split("/", 1)[0]


def document_id_of(part: bytes) -> str:
    """The document id of a part made by :func:`document_zip` (its entries' folder)."""
    with zipfile.ZipFile(io.BytesIO(part)) as archive:
        return _folder(archive)


def assemble(parts: Iterable[bytes], folder: Path) -> Path:
    """Write the package made of ``parts`` (in document-id order) into an empty ``folder``.

    Each resource's CSV is its header and then every part's rows, appended part by part, so
    only one document is in memory at a time; the code lists, small, are merged from the
    parts' lists and written last (:func:`openbudget.codelists.merge`). The parts
    themselves are the per-document zips under ``departments/``. Returns ``folder``.
    """
    names = [n for n in schema_spec()["resources"] if n not in code_lists()]  # type: ignore[union-attr]
    (folder / "departments").mkdir(parents=True)
    outputs = {name: (folder / f"{name}.csv").open("w", encoding="utf-8") for name in names}
    documents: list[Record] = []
    listed: dict[str, list[dict[str, str]]] = {name: [] for name in code_lists()}
    try:
        for name, handle in outputs.items():
            handle.write(csv_text(name, []))
        for part in parts:
            with zipfile.ZipFile(io.BytesIO(part)) as archive:
                document_id = _folder(archive)
                for name, handle in outputs.items():
                    text = archive.read(f"{document_id}/{name}.csv").decode("utf-8")
                    handle.write(text.partition("\n")[2])
                    if name == "documents":
                        documents.extend(csv.DictReader(io.StringIO(text)))
                for name, rows in listed.items():
                    text = archive.read(f"{document_id}/{name}.csv").decode("utf-8")
                    rows.extend(csv.DictReader(io.StringIO(text)))
            (folder / "departments" / f"{document_id}.zip").write_bytes(part)
    finally:
        for handle in outputs.values():
            handle.close()
    for name, rows in listed.items():
        (folder / f"{name}.csv").write_text(csv_text(name, merge(rows)), encoding="utf-8")
    (folder / "datapackage.json").write_text(descriptor_json(documents), encoding="utf-8")
    (folder / "CITATION.cff").write_text(citation_cff(descriptor(documents)), encoding="utf-8")
    return folder


def write_parts(parts: Iterable[bytes], out_dir: Path, *, validated: bool = False) -> Path:
    """Assemble, validate (unless every part was ``validated`` already) and atomically
    publish the package at ``out_dir``."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_folder(out_dir)
    try:
        assemble(parts, staging)
        if not validated:
            validate(staging)
        publish(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir / "datapackage.json"


def write_package(parsed: list[ParsedDocument], out_dir: Path) -> Path:
    """Write, validate and atomically publish the package of ``parsed`` at ``out_dir``."""
    seen: dict[object, Path] = {}
    for document in (d.document for d in parsed):
        path = Path(str(document["source_path"]))
        if document["document_id"] in seen:
            raise duplicate_disclosure(path, seen[document["document_id"]], document["document_id"])
        seen[document["document_id"]] = path
    ordered = sorted(parsed, key=lambda d: str(d.document["document_id"]))
    return write_parts((document_zip(d) for d in ordered), out_dir)


#: From how many bytes of CSV a package's resources are validated in one process per CPU.
_PARALLEL_FROM = 20_000_000


def validate(folder: Path) -> None:
    """Validate with frictionless; raise with its own report when invalid.

    A large package's resources are validated in one process per CPU, each a share of
    them balanced by size (frictionless validates one resource after another, and does
    not split a package whose resources have foreign keys itself)."""
    path = folder / "datapackage.json"
    names = [str(r["name"]) for r in json.loads(path.read_text("utf-8"))["resources"]]
    sizes = {
        n: (folder / f"{n}.csv").stat().st_size if (folder / f"{n}.csv").is_file() else 0
        for n in names
    }
    workers = (os.cpu_count() or 1) if sum(sizes.values()) >= _PARALLEL_FROM else 1
    if workers == 1:
        from frictionless import Package

        report = Package(str(path)).validate()
        problems = [] if report.valid else [report.to_summary()]
    else:
        shares: list[list[str]] = [[] for _ in range(workers)]
        for name in sorted(names, key=lambda n: -sizes[n]):  # the largest to the lightest
            min(shares, key=lambda share: sum(sizes[n] for n in share)).append(name)
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=spawn) as pool:
            found = pool.map(_problems, [path] * workers, shares)
            problems = [problem for share in found for problem in share]
    if problems:
        raise PackageInvalid("\n".join(problems))


def _problems(path: Path, names: list[str]) -> list[str]:
    """frictionless's report on each of the resources ``names`` that is not valid (and on
    the descriptor, checked with the first)."""
    from frictionless import Package

    package = Package(str(path))
    reports = [package.validate(name=names[0])] if names else []
    reports += [package.get_resource(name).validate() for name in names[1:]]
    return [report.to_summary() for report in reports if not report.valid]
