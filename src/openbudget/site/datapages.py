"""The data pages: downloads (whole package, each CSV, one workbook, per department) with
loading examples, and the data dictionary generated from ``datapackage.json``.

The loading examples are kept here as data (:data:`EXAMPLES`), so the tests run exactly the
code a reader copies from the page.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from typing import Any

from openbudget.release import licence_of, package_citation

from .data import SitePackage, regions
from .downloads import TYPE_WORDS, Downloads, resources_of
from .layout import render
from .sqlfiles import DATABASE
from .urls import department_link, region_file

PANDAS_EXAMPLE = """\
import json

import pandas as pd

# 按描述文件读取：文本字段（功能分类、部门、地区、单位的编码等）读作文本，保留全部位数
# （否则 pandas 会把 208 读成 208.0）；金额读作浮点数，求和后保留两位小数。
with open("datapackage.json", encoding="utf-8") as f:
    fields = {r["name"]: r["schema"]["fields"] for r in json.load(f)["resources"]}


def read(name):
    text = {field["name"]: str for field in fields[name] if field["type"] == "string"}
    return pd.read_csv(f"{name}.csv", dtype=text)


expenditure = read("expenditure")
documents = read("documents")

totals = expenditure[expenditure["level"] == 0].merge(
    documents[["document_id", "year", "department_name"]], on="document_id"
)
print(totals[["year", "department_name", "total", "basic", "project"]])

# 功能分类科目表（function_codes）：每个编码一个名称（多数文件列示的）、级次和上级编码。
function_codes = read("function_codes")
by_class = (
    expenditure[expenditure["level"] == 1]
    .merge(function_codes[["code", "name"]], left_on="function_code", right_on="code")
    .groupby(["function_code", "name"])["total"]
    .sum()
    .round(2)
)
print(by_class)
"""

DUCKDB_EXAMPLE = """\
import duckdb

con = duckdb.connect()
# 金额读作 DECIMAL(18,6)（以元列示的表换算成万元后最多六位小数），求和没有浮点误差；
# 编码按文本读取（否则 DuckDB 读作整数）。
con.sql(
    \"\"\"
    CREATE TABLE expenditure AS
    SELECT * FROM read_csv('expenditure.csv', header = true, types = {
        'function_code': 'VARCHAR', 'unit_code': 'VARCHAR', 'total': 'DECIMAL(18,6)',
        'basic': 'DECIMAL(18,6)', 'project': 'DECIMAL(18,6)'})
    \"\"\"
)
con.sql(
    \"\"\"
    CREATE TABLE function_codes AS
    SELECT * FROM read_csv('function_codes.csv', header = true,
        types = {'code': 'VARCHAR', 'parent_code': 'VARCHAR'})
    \"\"\"
)
con.sql(
    \"\"\"
    SELECT d.year, d.department_name, e.total, e.basic, e.project
    FROM expenditure e
    JOIN read_csv('documents.csv', all_varchar = true) d USING (document_id)
    WHERE e.level = 0
    ORDER BY d.year, d.department_name
    \"\"\"
).show()
# 各类（level 1）合计，名称取自功能分类科目表。
con.sql(
    \"\"\"
    SELECT e.function_code, c.name, sum(e.total) AS total
    FROM expenditure e JOIN function_codes c ON c.code = e.function_code
    WHERE e.level = 1
    GROUP BY ALL ORDER BY e.function_code
    \"\"\"
).show()
"""

FRICTIONLESS_EXAMPLE = """\
from frictionless import Package

package = Package("datapackage.json")
report = package.validate()
print("数据包有效：", report.valid)

# 按描述文件中的字段类型读取：金额为 Decimal，页码为整数，空单元格为 None。
for row in package.get_resource("three_public").read_rows():
    print(row["document_id"], row["item"], row["total"])

# 编码读作文本（"208"），外键把它与功能分类科目表的名称关联起来。
names = {row["code"]: row["name"] for row in package.get_resource("function_codes").read_rows()}
for row in package.get_resource("expenditure").read_rows():
    if row["level"] == 1:
        print(row["document_id"], row["function_code"], names[row["function_code"]], row["total"])
"""

CSV_EXAMPLE = """\
import csv
from decimal import Decimal

with open("expenditure.csv", encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
total = sum(Decimal(r["total"]) for r in rows if r["level"] == "1")
print(total)
"""

R_EXAMPLE = """\
library(readr)
library(dplyr)

# 编码按文本读取（否则 readr 把 208 读成数值）；金额为数值。
expenditure <- read_csv("expenditure.csv",
  col_types = cols(function_code = col_character(), unit_code = col_character(),
                   .default = col_guess()))
documents <- read_csv("documents.csv", col_types = cols(.default = col_character()))

expenditure |>
  filter(level == 0) |>
  inner_join(documents, by = "document_id") |>
  select(year, department_name, total, basic, project)

# 功能分类科目表：每个编码一个名称。
function_codes <- read_csv("function_codes.csv",
  col_types = cols(code = col_character(), parent_code = col_character(), .default = col_guess()))
by_class <- expenditure |>
  filter(level == 1) |>
  inner_join(function_codes, by = c("function_code" = "code")) |>
  group_by(function_code, name) |>
  summarise(total = sum(total), .groups = "drop")
by_class
"""

#: (heading, language, code, note) in the order shown on the page.
EXAMPLES: tuple[tuple[str, str, str, str], ...] = (
    ("pandas", "python", PANDAS_EXAMPLE, ""),
    ("DuckDB", "python", DUCKDB_EXAMPLE, "需要 `pip install duckdb`。"),
    (
        "frictionless",
        "python",
        FRICTIONLESS_EXAMPLE,
        "`frictionless validate datapackage.json` 也可以在命令行校验整个数据包。",
    ),
    ("Python 标准库", "python", CSV_EXAMPLE, "金额按字符串读取、用 `Decimal` 求和，没有浮点误差。"),
    (
        "R",
        "r",
        R_EXAMPLE,
        "需要 R 包 readr 和 dplyr。也可以用 R 的 frictionless 包按描述文件读取："
        '`read_resource(read_package("datapackage.json"), "three_public")`。',
    ),
)


def data_page(
    package: SitePackage,
    descriptor: dict[str, Any],
    downloads: Downloads,
    row_counts: dict[str, int],
    data_prefix: str = "../data/",
    downloads_prefix: str = "../downloads/",
) -> str:
    """The download page (``templates/data.md``): whole package, one workbook, every CSV,
    every department's files, the original sources, and how to load the data."""
    licence, licence_url = licence_of(descriptor)
    values: dict[str, Any] = {}
    zips = package.package_dir / "departments"
    if downloads.region_workbooks:
        values["regions"] = [
            {
                "name": part.documents[0].region or "地区未注明",
                "documents": len(part.documents),
                "workbook": downloads.region_workbooks[key],
                "link": region_file(key),
            }
            for key, part in regions(package).items()
        ]
    else:
        values["documents"] = [
            {
                "doc": doc,
                "link": department_link(doc),
                "files": downloads.departments[doc.document_id],
                "zipped": (zips / f"{doc.document_id}.zip").is_file(),
            }
            for doc in package.documents
            if doc.document_id in downloads.departments
        ]
    return (
        render(
            "data.md",
            title=str(descriptor.get("title") or "数据包"),
            package_zip=downloads.package_zip,
            workbook=downloads.workbook,
            database=DATABASE,
            citation=package_citation(descriptor),
            licence=licence,
            licence_url=licence_url,
            resources=resources_of(descriptor),
            row_counts=row_counts,
            examples=EXAMPLES,
            data=data_prefix,
            downloads=downloads_prefix,
            **values,
        )
        + "\n"
    )


# --------------------------------------------------------------------------- dictionary


@functools.cache
def chinese_descriptions() -> dict[str, str]:
    """The descriptor's English descriptions in Chinese, for the 数据字典 page:
    ``data/dictionary_zh.csv`` (English as in ``schema.yaml``, Chinese). The descriptor keeps
    the English (the data contract); readers of the page get Chinese."""
    text = resources.files("openbudget").joinpath("data/dictionary_zh.csv").read_text("utf-8")
    return {row["english"]: row["chinese"] for row in csv.DictReader(io.StringIO(text))}


def _chinese(description: str) -> str:
    return chinese_descriptions().get(description, description)


def _field(item: dict[str, Any]) -> dict[str, object]:
    """A field as the dictionary lists it: name, title, type and unit, then its notes
    (description in Chinese, allowed values, 必填)."""
    kind = str(item.get("type", ""))
    notes = []
    description = str(item.get("description", "")).strip()
    if description:
        notes.append(_chinese(description))
    constraints = item.get("constraints") or {}
    if constraints.get("enum"):
        notes.append("取值：" + "、".join(str(value) for value in constraints["enum"]))
    if constraints.get("required"):
        notes.append("必填")
    return {
        "name": str(item["name"]),
        "title": str(item.get("title", "")),
        "type": TYPE_WORDS.get(kind, kind),
        "unit": str(item.get("unit", "")),
        "notes": notes,
    }


def _listed(value: Any) -> list[str]:
    return [str(item) for item in (value if isinstance(value, list) else [value])]


def dictionary_page(descriptor: dict[str, Any]) -> str:
    """Every resource and every field of ``datapackage.json`` (``templates/dictionary.md``):
    name, Chinese title, type, unit, description, and the keys."""
    resources = resources_of(descriptor)
    keys = {resource.name: resource.key for resource in resources}
    listed = []
    for resource in resources:
        schema = resource.schema
        foreign = [
            (
                _listed(key.get("fields")),
                keys.get(str((key.get("reference") or {}).get("resource") or ""), resource.key),
            )
            for key in schema.get("foreignKeys") or []
        ]
        listed.append(
            {
                "key": resource.key,
                "title": resource.title,
                "path": resource.path,
                "description": _chinese(resource.description) if resource.description else "",
                "primary": [_listed(schema["primaryKey"])] if schema.get("primaryKey") else [],
                "foreign": foreign,
                "fields": [_field(item) for item in resource.fields],
            }
        )
    fields = sum(len(resource.fields) for resource in resources)
    return render("dictionary.md", resources=listed, fields=fields) + "\n"
