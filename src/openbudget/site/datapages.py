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

from .amounts import DASH
from .data import SitePackage, regions
from .downloads import TYPE_WORDS, Downloads, Resource, resources_of
from .markdown import front_matter, md_table, md_text
from .urls import REGIONS_DIR, department_link

PANDAS_EXAMPLE = """\
import pandas as pd

# 编码列按文本读取，保留开头的 0；金额读作浮点数，求和后保留两位小数。
expenditure = pd.read_csv("expenditure.csv", dtype={"function_code": str})
documents = pd.read_csv("documents.csv", dtype=str)

totals = expenditure[expenditure["level"] == 0].merge(
    documents[["document_id", "year", "department_name"]], on="document_id"
)
print(totals[["year", "department_name", "total", "basic", "project"]])

by_class = (
    expenditure[expenditure["level"] == 1]
    .groupby(["function_code", "function_name"])["total"]
    .sum()
    .round(2)
)
print(by_class)
"""

DUCKDB_EXAMPLE = """\
import duckdb

con = duckdb.connect()
# 金额读作 DECIMAL(18,2)，求和没有浮点误差；编码按文本读取。
con.sql(
    \"\"\"
    CREATE TABLE expenditure AS
    SELECT * FROM read_csv('expenditure.csv', header = true, types = {
        'function_code': 'VARCHAR', 'total': 'DECIMAL(18,2)',
        'basic': 'DECIMAL(18,2)', 'project': 'DECIMAL(18,2)'})
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
"""

FRICTIONLESS_EXAMPLE = """\
from frictionless import Package

package = Package("datapackage.json")
report = package.validate()
print("数据包有效：", report.valid)

# 按描述文件中的字段类型读取：金额为 Decimal，页码为整数，空单元格为 None。
for row in package.get_resource("three_public").read_rows():
    print(row["document_id"], row["item"], row["total"])
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

# 编码按文本读取；金额为数值。
expenditure <- read_csv("expenditure.csv",
  col_types = cols(function_code = col_character(), .default = col_guess()))
documents <- read_csv("documents.csv", col_types = cols(.default = col_character()))

expenditure |>
  filter(level == 0) |>
  inner_join(documents, by = "document_id") |>
  select(year, department_name, total, basic, project)

# 或者用 frictionless 包按描述文件读取：
library(frictionless)
package <- read_package("datapackage.json")
three_public <- read_resource(package, "three_public")
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
    ("R", "r", R_EXAMPLE, "需要 R 包 readr、dplyr 和 frictionless。"),
)


def _code(language: str, code: str) -> str:
    return f"```{language}\n{code.rstrip()}\n```"


def data_page(
    package: SitePackage,
    descriptor: dict[str, Any],
    downloads: Downloads,
    row_counts: dict[str, int],
    data_prefix: str = "../data/",
    downloads_prefix: str = "../downloads/",
) -> str:
    """The download page: whole package, one workbook, every CSV, every department's files,
    the original sources, and how to load the data."""
    resources = resources_of(descriptor)
    title = md_text(str(descriptor.get("title") or "数据包"))
    whole = md_table(
        ["下载", "格式", "内容"],
        [
            [
                f"[{md_text(downloads.package_zip)}]({downloads_prefix}{downloads.package_zip})",
                "zip",
                "整个数据包：描述文件 datapackage.json 和全部 CSV 文件，可用 frictionless 校验",
            ],
            [
                f"[{md_text(downloads.workbook)}]({downloads_prefix}{downloads.workbook})"
                if downloads.workbook
                else "[各地区的工作簿](#by-document)",
                "Excel（xlsx）",
                "全部数据，每类记录一个工作表（首行为中文列名并冻结），另有“说明”工作表"
                + ("" if downloads.workbook else "；文件较多，每个地区一个工作簿"),
            ],
            [
                f"[datapackage.json]({data_prefix}datapackage.json)",
                "JSON",
                "数据包描述文件：字段、类型、主键、外键、许可（字段说明见[数据字典](dictionary.md)）",
            ],
        ],
    )
    csv_rows = [
        [
            f"[{md_text(resource.path)}]({data_prefix}{resource.path})",
            md_text(resource.title),
            f"{row_counts.get(resource.path, 0):,}",
            f"[字段](dictionary.md#{resource.key})",
        ]
        for resource in resources
    ]
    csv_table = md_table(["文件", "内容", "行数", "数据字典"], csv_rows, align="llrl")

    doc_rows = []
    for doc in package.documents if not downloads.region_workbooks else []:
        files = downloads.departments.get(doc.document_id)
        if files is None:
            continue
        source = (
            f"[{md_text(files.source_name)}]({downloads_prefix}{files.source})"
            if files.source
            else DASH
        )
        zipped = package.package_dir / "departments" / f"{doc.document_id}.zip"
        doc_rows.append(
            [
                f"[{md_text(doc.name)}]({department_link(doc)})",
                str(doc.year or ""),
                f"[xlsx]({downloads_prefix}{files.workbook})",
                f"[json]({downloads_prefix}{files.json})",
                f"{len(files.csvs)} 个",
                f"[zip]({data_prefix}departments/{doc.document_id}.zip)"
                if zipped.is_file()
                else DASH,
                source,
            ]
        )
    doc_table = md_table(
        ["部门", "年度", "Excel", "JSON", "CSV", "数据包", "原始文件"],
        doc_rows,
        align="lrllrll",
    )
    if downloads.region_workbooks:  # one row per region, so the page does not grow
        by_region = regions(package)
        doc_table = md_table(
            ["地区", "文件数", "Excel", "各部门"],
            [
                [
                    md_text(part.documents[0].region or "地区未注明"),
                    str(len(part.documents)),
                    f"[xlsx]({downloads_prefix}{downloads.region_workbooks[key]})",
                    f"[{len(part.documents)} 份文件]({REGIONS_DIR}/{key}.md)",
                ]
                for key, part in by_region.items()
            ],
            align="lrll",
        )

    examples = []
    for heading, language, code, note in EXAMPLES:
        part = [f"### {heading}", _code(language, code)]
        if note:
            part.append(note)
        examples.append("\n\n".join(part))

    return (
        f"{front_matter('数据下载')}\n\n"
        "# 数据下载\n\n"
        f"本站的全部数字都来自同一个 Frictionless 表格数据包：**{title}**。"
        "每类记录一个 UTF-8 编码的 CSV 文件，字段的中文标题就是原表的列名。\n\n"
        "- 金额单位为万元，照录原文的两位小数；原文空白的单元格为空值，不是 0。\n"
        "- 审核发现（checks.csv）与数字并列发布，不改动任何数字；"
        "审核发现和提取修复的汇总见[数据质量](quality.md)。\n"
        "- Excel 工作簿中的金额是数值（可直接求和），单元格格式显示原文的小数位数；"
        "编码（功能分类、经济分类、采购目录）是文本，保留全部数字。"
        "工作簿中的文字一律是文本，不会作为公式执行（原文的“=500万元”仍是这几个字）。\n"
        "- 原文印得无法读作金额的数字（如“1,2,3”）发布为空值，整行保留，"
        "checks.csv 中的 unreadable_figure 记录原文印的是什么。\n"
        "- CSV 照录原文，以 `=`、`+`、`-`、`@` 开头的文字也原样保留（供程序读取）；"
        "用电子表格软件打开 CSV 时请按文本导入，或直接下载 Excel 工作簿。\n\n"
        "## 整个数据包\n\n"
        f"{whole}\n\n"
        "## 各表 CSV\n\n"
        f"{csv_table}\n\n"
        "## 各部门的数据 {#by-document}\n\n"
        "每份公开文件的数据另有 Excel 工作簿（每张表一个工作表）、JSON（按表分组的记录）"
        "和各表 CSV，在部门页面的“来源与下载”部分下载；"
        "那里还提供原始文件和单个文件的数据包（zip）。"
        "原始文件为代码仓库 `sources/` 中保存的文件。\n\n"
        f"{doc_table}\n\n"
        "## 读取示例\n\n"
        "以下示例在解压后的数据包目录中运行"
        f"（解压 {md_text(downloads.package_zip)} 后进入其中的文件夹）。\n\n"
        + "\n\n".join(examples)
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


def _field_note(item: dict[str, Any]) -> str:
    parts = []
    description = str(item.get("description", "")).strip()
    if description:
        parts.append(md_text(_chinese(description)))
    constraints = item.get("constraints") or {}
    if constraints.get("enum"):
        parts.append("取值：" + "、".join(md_text(str(v)) for v in constraints["enum"]))
    if constraints.get("required"):
        parts.append("必填")
    return "<br>".join(parts)


def _keys(resource: Resource, keys: dict[str, str]) -> list[str]:
    schema = resource.schema
    lines = []
    key = schema.get("primaryKey")
    if key:
        names = key if isinstance(key, list) else [key]
        lines.append("主键：" + "、".join(f"<code>{md_text(name)}</code>" for name in names))
    for foreign in schema.get("foreignKeys") or []:
        fields = foreign.get("fields")
        fields = fields if isinstance(fields, list) else [fields]
        reference = foreign.get("reference") or {}
        target = keys.get(str(reference.get("resource") or ""), resource.key)
        lines.append(
            "外键："
            + "、".join(f"<code>{md_text(name)}</code>" for name in fields)
            + f" → [{md_text(target)}](#{target})"
        )
    return lines


def dictionary_page(descriptor: dict[str, Any]) -> str:
    """Every resource and every field of ``datapackage.json``: name, Chinese title, type,
    unit, description."""
    resources = resources_of(descriptor)
    total = sum(len(resource.fields) for resource in resources)
    keys = {resource.name: resource.key for resource in resources}
    index = md_table(
        ["表", "中文名称", "字段数"],
        [
            [f"[{md_text(r.key)}](#{r.key})", md_text(r.title), str(len(r.fields))]
            for r in resources
        ],
        align="llr",
    )
    out = [
        front_matter("数据字典"),
        "# 数据字典",
        f"数据包共 {len(resources)} 个表、{total} 个字段。本页由数据包描述文件 "
        "[datapackage.json](../data/datapackage.json) 生成：字段名（英文，即 CSV 的列名）、"
        "中文标题（原表的列名，也是 Excel 工作簿的表头）、类型、单位和说明"
        "（说明为描述文件中英文说明的中文译文）。",
        index,
    ]
    for resource in resources:
        out.append(f"## {md_text(resource.title)}（{md_text(resource.key)}） {{#{resource.key}}}")
        intro = [f"文件：[{md_text(resource.path)}](../data/{resource.path})"]
        intro += _keys(resource, keys)
        out.append("<br>\n".join(intro))
        if resource.description:
            out.append(md_text(_chinese(resource.description)))
        rows = [
            [
                f"<code>{md_text(str(item['name']))}</code>",
                md_text(str(item.get("title", ""))),
                TYPE_WORDS.get(str(item.get("type", "")), md_text(str(item.get("type", "")))),
                md_text(str(item.get("unit", ""))),
                _field_note(item),
            ]
            for item in resource.fields
        ]
        out.append(md_table(["字段", "中文标题", "类型", "单位", "说明"], rows))
    return "\n\n".join(out) + "\n"
