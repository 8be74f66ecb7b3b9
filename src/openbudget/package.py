"""Write and validate the Frictionless data package.

Schemas are declared once, as data, in ``schema.yaml``. The package is written into a
temporary folder next to the target, validated with frictionless, and only then swapped
into place, so a failed or interrupted build never leaves a half-written package.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

from openbudget.errors import duplicate_disclosure
from openbudget.parse import ParsedDocument
from openbudget.publish import publish, staging_folder
from openbudget.schema import declared_fields, resource_fields, schema_spec

Record = dict[str, object]
AMOUNT = {
    "type": "number",
    "unit": "万元",
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


def descriptor(documents: list[Record]) -> dict[str, object]:
    """The datapackage.json descriptor: package metadata, sources and every resource."""
    spec = schema_spec()
    meta = dict(spec["package"])  # type: ignore[arg-type]
    fiscal = meta.pop("fiscal")
    resources_out = []
    for name, res in spec["resources"].items():  # type: ignore[union-attr]
        schema: dict[str, object] = {
            "fields": field_descriptors(name),
            "primaryKey": res["primary_key"],
        }
        if name != "documents":
            schema["foreignKeys"] = [
                {
                    "fields": "document_id",
                    "reference": {"resource": "documents", "fields": "document_id"},
                }
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
    return {
        "profile": "tabular-data-package",
        **meta,
        "currency": fiscal["currency"],
        "fiscalPeriod": fiscal["fiscalPeriod"],
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
        "resources": resources_out,
    }


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
    return tables


def write_package(parsed: list[ParsedDocument], out_dir: Path) -> Path:
    """Write, validate and atomically publish the package at ``out_dir``."""
    seen: dict[object, Path] = {}
    for document in (d.document for d in parsed):
        path = Path(str(document["source_path"]))
        if document["document_id"] in seen:
            raise duplicate_disclosure(path, seen[document["document_id"]], document["document_id"])
        seen[document["document_id"]] = path
    tables = collect(parsed)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_folder(out_dir)
    try:
        documents = sorted(tables["documents"], key=lambda d: str(d["document_id"]))
        for name, rows in tables.items():
            (staging / f"{name}.csv").write_text(csv_text(name, rows), encoding="utf-8")
        text = json.dumps(descriptor(documents), ensure_ascii=False, indent=2) + "\n"
        (staging / "datapackage.json").write_text(text, encoding="utf-8")
        validate(staging)
        write_department_zips(tables, documents, staging / "departments")
        publish(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir / "datapackage.json"


def write_department_zips(
    tables: dict[str, list[Record]], documents: list[Record], folder: Path
) -> None:
    """One zipped data package per document: the same schemas, only that document's rows.

    Entries carry a fixed timestamp and order so the zips are byte-identical across builds.
    Rows are grouped by document once, so the work grows with the rows, not rows × documents.
    """
    folder.mkdir()
    by_document: dict[object, dict[str, list[Record]]] = {}
    for name, rows in tables.items():
        for row in rows:
            by_document.setdefault(row.get("document_id"), {}).setdefault(name, []).append(row)
    for document in documents:
        document_id = document["document_id"]
        grouped = by_document.get(document_id, {})
        own = {name: grouped.get(name, []) for name in tables}
        entries = {f"{name}.csv": csv_text(name, rows) for name, rows in own.items()}
        meta = json.dumps(descriptor([document]), ensure_ascii=False, indent=2) + "\n"
        entries["datapackage.json"] = meta
        with zipfile.ZipFile(folder / f"{document_id}.zip", "w") as archive:
            for name in sorted(entries):
                info = zipfile.ZipInfo(f"{document_id}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, entries[name])


def validate(folder: Path) -> None:
    """Validate with frictionless; raise with its own report when invalid."""
    from frictionless import Package

    report = Package(str(folder / "datapackage.json")).validate()
    if not report.valid:
        raise PackageInvalid(report.to_summary())
