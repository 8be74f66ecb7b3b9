"""A disclosure in the Ministry of Finance's national template, which no corpus city prints.

``tests/fixtures/2025-national-template.{html,pdf,xlsx}`` (made by
``scripts/make_national_fixture.py``; the department and its figures are invented) print
what other cities do and the corpus does not: the table's label on its title's line
(``表5 一般公共预算支出表``, ``表1 2025年部门收支总表``), 类/款/项 in three code columns,
the cover's date in Chinese numerals under the department's name, which stands *below*
``2025年部门预算``; in the workbook a title block spread over two cells of one row
(``部门：…`` at the left, ``单位：万元`` at the right), also saved as Excel 97-2003
(``.xls``, amounts as numbers formatted ``#,##0.00``); in the Word file every table with
its title and that title block as its first two rows, one table right after another; and
the page as a government site serves it (``-web.html``: GB2312, the site's navigation and
``当前位置`` before the cover, Word's HTML in every cell). The
figures below are read off the page as it prints (the HTML opened in a browser).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from conftest import row

from openbudget.parse import ParsedDocument, parse_document
from openbudget.schema import STANDARD_TABLES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FORMATS = ["html", "web.html", "pdf", "xlsx", "xls", "docx"]


@cache
def parsed(fmt: str) -> ParsedDocument:
    name = (
        "2025-national-template-web.html" if fmt == "web.html" else f"2025-national-template.{fmt}"
    )
    return parse_document(FIXTURES / name)


@pytest.mark.parametrize("fmt", FORMATS)
def test_who_and_when_from_the_cover_or_the_table_titles(fmt: str) -> None:
    doc = parsed(fmt).document
    assert doc["department_name"] == "长春市模板示例局"
    assert doc["year"] == 2025
    assert doc["document_kind"] == "部门预算"
    assert (doc["province"], doc["region_code"]) == ("吉林省", "220100")
    if fmt not in ("xlsx", "xls"):  # a workbook has no cover: the year is in each title
        assert doc["title"] == "2025年部门预算长春市模板示例局"
        assert doc["scope"] == "本级"  # 本部门预算为局本级预算


@pytest.mark.parametrize("fmt", FORMATS)
def test_all_nine_tables_are_found_under_their_labels(fmt: str) -> None:
    tables = parsed(fmt).records["tables"]
    assert sorted(t["table"] for t in tables) == sorted(STANDARD_TABLES)
    by_name = {t["table"]: t for t in tables}
    assert by_name["general_budget_expenditure"]["label"] == "表5"
    assert by_name["general_budget_expenditure"]["title"].endswith("一般公共预算支出表")
    assert by_name["three_public"]["unit"] == "元"
    assert by_name["state_capital_expenditure"]["empty"] is True


@pytest.mark.parametrize("fmt", FORMATS)
def test_figures_as_printed(fmt: str) -> None:
    doc = parsed(fmt)
    summary = {(r["side"], r["item"]): r["amount"] for r in doc.records["budget_summary"]}
    assert summary["income", "收入总计"] == Decimal("1400.00")
    assert summary["expenditure", "支出总计"] == Decimal("1400.00")
    assert summary["income", "六、其他收入"] == Decimal("15.44")
    total = row(doc, "expenditure", level=0)
    assert (total["total"], total["basic"], total["project"]) == (
        Decimal("1400.00"),
        Decimal("1100.00"),
        Decimal("300.00"),
    )
    # 类/款/项 in three columns make one code.
    assert row(doc, "expenditure", function_code="2010301")["basic"] == Decimal("900.00")
    assert row(doc, "income", function_code="2080505")["general_budget"] == Decimal("100.00")
    assert row(doc, "general_budget_expenditure", level=0)["total"] == Decimal("1234.56")
    assert row(doc, "general_budget_expenditure", function_code="2010302")["project"] == Decimal(
        "200.00"
    )
    assert row(doc, "gov_fund_expenditure", function_code="2296002")["project"] == Decimal("100.00")
    assert row(doc, "basic_expenditure", economic_code="30217")["public_funds"] == Decimal("5.00")
    # Printed in 元: 350,000.00 元 is 35 万元 exactly, the parts likewise.
    three = {r["category"]: r["total"] for r in doc.records["three_public"]}
    assert three == {
        "total": Decimal("35"),
        "travel_abroad": Decimal("5"),
        "vehicles": Decimal("25"),
        "vehicle_purchase": Decimal("0"),
        "vehicle_operation": Decimal("25"),
        "reception": Decimal("5"),
    }
