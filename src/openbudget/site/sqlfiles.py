"""The package for SQL, typed from the descriptor: a Parquet file per resource, for the 查询
page (DuckDB-WASM reads them in the reader's browser) and for pandas, R, DuckDB or Arrow; and
one SQLite database with every resource as a table, which any language opens.

Types keep what the CSV means: codes and every other ``string`` field stay text (``208``
never becomes the number 208, ``2080101`` keeps its digits), an empty cell is ``NULL``. In
Parquet an amount is a ``DECIMAL`` with as many decimal places as the column's figures have
(the CSV's ``3502.60`` is exactly 3502.60; a figure converted from 元 keeps its six places):
DuckDB reads the CSV as text and casts each column, so no figure goes through a float.
SQLite has no exact decimal type, so there an amount is the text the CSV has (SQLite's
arithmetic reads it as a number: ``sum(total)`` works; the value stored is exact).

Same package in, same bytes out: one thread, rows in the CSV's order (a DuckDB database file
would differ from build to build, a SQLite one does not).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

    from .downloads import Resource

#: Frictionless field types → DuckDB column types (``number`` is sized per column).
_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "year": "INTEGER",
}
#: Frictionless field types → SQLite column types (``number``: exact text, see above).
_SQLITE_TYPES = {"integer": "INTEGER", "year": "INTEGER", "boolean": "INTEGER"}
#: The folder of the Parquet files under ``downloads/``, and the database's file name.
PARQUET_DIR = "parquet"
DATABASE = "openbudget.sqlite"


def file_names(resources: list[Resource]) -> list[str]:
    """The files :func:`write_sql_files` writes, relative to ``downloads/``."""
    return [f"{PARQUET_DIR}/{resource.name}.parquet" for resource in resources] + [DATABASE]


@functools.cache
def code_digest() -> str:
    """This module's code: files written by other code are written again."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _scale(connection: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    """The most decimal places a figure of ``column`` is printed with (at least 2)."""
    places = connection.execute(
        f"SELECT max(length(split_part({_quoted(column)}, '.', 2))) FROM {table}"
    ).fetchone()[0]
    return max(int(places or 0), 2)


def _select(connection: duckdb.DuckDBPyConnection, table: str, resource: Resource) -> str:
    """``SELECT`` casting each text column of the raw CSV to its type."""
    columns = []
    for field in resource.fields:
        name, kind = str(field["name"]), str(field.get("type", "string"))
        value = f"NULLIF({_quoted(name)}, '')"
        if kind == "number":
            target = f"DECIMAL(38, {_scale(connection, table, name)})"
        else:
            target = _TYPES.get(kind, "VARCHAR")
        columns.append(f"CAST({value} AS {target}) AS {_quoted(name)}")
    return "SELECT " + ", ".join(columns) + f" FROM {table}"


def _write_parquet(package_dir: Path, parquet_dir: Path, resources: list[Resource]) -> None:
    import duckdb  # only the build needs it

    parquet_dir.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect()
    try:
        connection.execute("SET threads = 1")
        for resource in resources:
            raw = "raw_" + re.sub(r"\W", "_", resource.name)
            connection.execute(
                f"CREATE TABLE {raw} AS SELECT * FROM read_csv(?, header = true, "
                "auto_detect = false, columns = ?)",
                [str(package_dir / resource.path), dict.fromkeys(resource.field_names, "VARCHAR")],
            )
            target = parquet_dir / f"{resource.name}.parquet"
            partial = target.with_name(target.name + ".tmp")
            connection.execute(
                f"COPY ({_select(connection, raw, resource)}) TO '{partial}' "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
            connection.execute(f"DROP TABLE {raw}")
            partial.replace(target)
    finally:
        connection.close()


def _sqlite_value(kind: str, text: str) -> str | int | None:
    if text == "":
        return None
    if kind in ("integer", "year"):
        return int(text)
    if kind == "boolean":
        return int(text.lower() == "true")
    return text


def _write_sqlite(package_dir: Path, database: Path, resources: list[Resource]) -> None:
    staging = database.with_name(database.name + ".tmp")
    staging.unlink(missing_ok=True)
    connection = sqlite3.connect(staging)
    try:
        for resource in resources:
            kinds = [str(field.get("type", "string")) for field in resource.fields]
            columns = [
                f"{_quoted(name)} {_SQLITE_TYPES.get(kind, 'TEXT')}"
                for name, kind in zip(resource.field_names, kinds, strict=True)
            ]
            key = resource.schema.get("primaryKey")
            if key:
                names = key if isinstance(key, list) else [key]
                columns.append(f"PRIMARY KEY ({', '.join(_quoted(name) for name in names)})")
            table = _quoted(resource.name)
            connection.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
            holes = ", ".join("?" * len(kinds))
            with (package_dir / resource.path).open(encoding="utf-8", newline="") as handle:
                rows = csv.DictReader(handle)
                connection.executemany(
                    f"INSERT INTO {table} VALUES ({holes})",
                    (
                        [
                            _sqlite_value(kind, row.get(name) or "")
                            for name, kind in zip(resource.field_names, kinds, strict=True)
                        ]
                        for row in rows
                    ),
                )
        connection.commit()
    finally:
        connection.close()
    staging.replace(database)


def write_sql_files(package_dir: Path, downloads_dir: Path, resources: list[Resource]) -> None:
    """``parquet/<resource>.parquet`` for every resource of the package and
    ``openbudget.sqlite`` with each as a table, under ``downloads_dir``."""
    _write_parquet(package_dir, downloads_dir / PARQUET_DIR, resources)
    _write_sqlite(package_dir, downloads_dir / DATABASE, resources)
