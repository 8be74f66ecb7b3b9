"""The 查询 page: SQL over the data package in the reader's browser (DuckDB-WASM reading the
Parquet files of :mod:`.sqlfiles`; ``docs/javascripts/query.js`` runs it), with examples.

The examples are kept here as data (:data:`EXAMPLES`), so the tests run exactly the queries a
reader clicks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .downloads import DOWNLOADS_DIR, resources_of
from .layout import render
from .sqlfiles import DATABASE, PARQUET_DIR
from .urls import script


@dataclass(frozen=True)
class Example:
    """A query the page offers: its anchor, title, what it shows, and the SQL."""

    slug: str
    title: str
    note: str
    sql: str


EXAMPLES: tuple[Example, ...] = (
    Example(
        "largest-items",
        "各部门最大的项级支出",
        "部门预算支出总表中金额最大的 10 个项级科目（功能分类的第三级），注明部门和年度。",
        """\
SELECT d.department_name, d.year, e.function_code, e.function_name, e.total
FROM expenditure AS e
JOIN documents AS d USING (document_id)
WHERE e.level = 3
ORDER BY e.total DESC
LIMIT 10""",
    ),
    Example(
        "three-public",
        "“三公”经费，按年度",
        "每份文件的“三公”经费合计：财政拨款“三公”经费支出表的合计行，以及文字说明中给出的数字"
        "（表格空白或没有这张表时，只有后者）。",
        """\
SELECT d.year, d.department_name,
       t.total AS table_total,
       d.prose_three_public_total AS prose_total
FROM documents AS d
LEFT JOIN three_public AS t
  ON t.document_id = d.document_id AND t.category = 'total'
ORDER BY d.year DESC, d.department_name""",
    ),
    Example(
        "large-projects",
        "预算数 500 万元以上的项目",
        "项目绩效目标表中预算数不少于 500 万元的项目，从大到小。",
        """\
SELECT d.department_name, d.year, p.project_name, p.budget
FROM projects AS p
JOIN documents AS d USING (document_id)
WHERE p.budget >= 500
ORDER BY p.budget DESC""",
    ),
)


def query_page(descriptor: dict[str, Any], prefix: str = "../") -> str:
    """The 查询 page (``templates/query.md``); ``prefix`` leads from it to the site's top."""
    resources = resources_of(descriptor)
    form = render(
        "query_form.html",
        vendor=f"{prefix}assets/vendor/duckdb/",
        parquet=f"{prefix}{DOWNLOADS_DIR}/{PARQUET_DIR}/",
        tables=" ".join(resource.name for resource in resources),
        first=EXAMPLES[0].sql,
        arrow=f"{prefix}assets/vendor/duckdb/Arrow.es2015.min.js",
        shim=script("apache-arrow.js"),
        script=script("query.js"),
    )
    return (
        render(
            "query.md",
            form=Markup(form),
            examples=EXAMPLES,
            resources=resources,
            downloads=f"{prefix}{DOWNLOADS_DIR}/",
            parquet=PARQUET_DIR,
            database=DATABASE,
        )
        + "\n"
    )
