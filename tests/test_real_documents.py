"""The package against figures read by hand from real published documents.

``tests/corpus/values.yaml`` holds, for 28 disclosures of eleven templates, what a person read
on the rendered pages: the totals, 基本支出 and 项目支出, the 一般公共预算 total, the “三公”
figures and three rows by function class, as printed and in the unit printed. The published
figure (in 万元) must be exactly the printed one converted, and the ``tables`` resource must
say which unit the table printed.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS, ROOT, parse_real, real_documents

from openbudget.amounts import in_wan
from openbudget.errors import SourceError
from openbudget.parse import ParsedDocument, parse_document
from openbudget.sources import documents_of

VALUES = yaml.safe_load((CORPUS / "values.yaml").read_text("utf-8"))
THREE_PUBLIC = [
    "total",
    "travel_abroad",
    "vehicles",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
]
# Where each figure is usually printed (a value's own `table` overrides it).
USUAL_TABLE = {
    "income_total": "budget_summary",
    "expenditure_total": "budget_summary",
    "basic": "expenditure",
    "project": "expenditure",
    "general_budget_total": "general_budget_expenditure",
}
PROSE_FIELD = {
    "income_total": "prose_income_total",
    "expenditure_total": "prose_expenditure_total",
    "basic": "prose_basic",
    "project": "prose_project",
    "procurement_total": "prose_procurement_total",
}


def wan(printed: str | None, unit: str) -> Decimal | None:
    """A hand-read figure in 万元, converted exactly as the package must convert it."""
    return None if printed is None else in_wan(Decimal(printed), unit)


def total_row(doc: ParsedDocument, table: str) -> dict[str, object]:
    """The department's 合计 row of a classified table."""
    rows = [r for r in doc.records.get(table, []) if r.get("level") == 0]
    assert rows, f"{table}: no 合计 row"
    return next((r for r in rows if not r.get("unit_name")), rows[0])


def published(doc: ParsedDocument, key: str, table: str) -> object:
    """The published figure a hand-read value is compared with."""
    if table == "budget_summary":
        side = "income" if key == "income_total" else "expenditure"
        lines = doc.records["budget_summary"]
        [line] = [r for r in lines if r["side"] == side and r["line_kind"] == "total"]
        return line["amount"]
    field = "total" if key.endswith("_total") else key
    return total_row(doc, table)[field]


def printed_unit(doc: ParsedDocument, table: str) -> str:
    """The unit the package says the table printed."""
    return next(t["unit"] for t in doc.records["tables"] if t["table"] == table)


@pytest.mark.parametrize("entry", VALUES, ids=[entry["file"] for entry in VALUES])
def test_identity_and_kind(entry: dict[str, object]) -> None:
    doc = parse_real(str(entry["file"]))
    assert doc.document["document_kind"] == entry["kind"]


@pytest.mark.parametrize("entry", VALUES, ids=[entry["file"] for entry in VALUES])
def test_figures_read_by_hand(entry: dict[str, object]) -> None:
    doc = parse_real(str(entry["file"]))
    if entry["source"] == "prose":
        check_prose(doc, entry)
        return
    unit = str(entry["unit"])
    for key, table in USUAL_TABLE.items():
        if key in entry:
            value = entry[key]
            where = value.get("table", table)
            assert printed_unit(doc, where) == unit, where
            assert published(doc, key, where) == wan(value["value"], unit), (key, value)
    check_three_public(doc, entry)
    for row in entry.get("function_rows", []):
        check_function_row(doc, row, unit)


def check_prose(doc: ParsedDocument, entry: dict[str, object]) -> None:
    """Files that print only the prose: its figures, in 万元."""
    for key, field in PROSE_FIELD.items():
        if key in entry:
            assert doc.document[field] == Decimal(entry[key]["value"]), key
    stated = entry["three_public"]
    for part in THREE_PUBLIC:
        if stated[part] is not None:
            field = "prose_three_public_total" if part == "total" else f"prose_{part}"
            assert doc.document[field] == Decimal(stated[part]), part


def check_three_public(doc: ParsedDocument, entry: dict[str, object]) -> None:
    """Each “三公” figure of the department, under its category."""
    unit = str(entry.get("three_public_unit", entry["unit"]))
    assert printed_unit(doc, "three_public") == unit
    rows = doc.records.get("three_public", [])  # none where the table is printed empty
    # the department's own figures: rows without a unit, or the first unit's (by-unit tables
    # print the department first)
    own = [r for r in rows if not r.get("unit_name")] or [
        r for r in rows if r.get("unit_name") == rows[0].get("unit_name")
    ]
    for part in THREE_PUBLIC:
        row = next((r for r in own if r.get("category") == part), None)
        figure = None if row is None else row.get("total", row.get("general_budget"))
        assert figure == wan(entry["three_public"][part], unit), part


def check_function_row(doc: ParsedDocument, row: dict[str, object], unit: str) -> None:
    """A row by function class: found by its code (or its name, where none is printed)."""
    rows = doc.records[str(row["table"])]
    if row["code"] is not None:
        found = [r for r in rows if r.get("function_code") == row["code"]]
    else:
        found = [r for r in rows if r.get("function_name") == row["name"]]
    assert found, row
    record = next((r for r in found if not r.get("unit_name")), found[0])
    for field in ("total", "basic", "project"):
        assert record.get(field) == wan(row[field], unit), (row, field)


# --- one table over two pages, a disclosure in two files, web pages, refusals --------------


def test_a_table_printed_over_two_pages_is_one_table() -> None:
    """上海 2026 单位预算 (元): the 支出总表 starts on page 10 and carries on, headings not
    printed again, on page 11, where 22001 自然资源事务 stands (36,861,351 元)."""
    doc = parse_real("2026-shanghai-02.pdf")
    [table] = [t for t in doc.records["tables"] if t["table"] == "expenditure"]
    assert (table["page"], table["unit"]) == (10, "元")
    [row] = [r for r in doc.records["expenditure"] if r["function_code"] == "22001"]
    assert (row["page"], row["total"]) == (11, Decimal("3686.1351"))
    assert any(r["page"] == 10 for r in doc.records["expenditure"])


def test_a_disclosure_published_in_two_files_is_one_document(tmp_path: Path) -> None:
    """江苏省委办公厅 2019: the prose in one file, the tables in another. With a sidecar naming
    the other part they are one document: the tables' figures and the prose's agree."""
    for name in ("tables", "text"):
        source = real_documents() / f"2019-jiangsu-shengweibangongting-{name}.pdf"
        shutil.copy(source, tmp_path / source.name)
    tables = tmp_path / "2019-jiangsu-shengweibangongting-tables.pdf"
    tables.with_suffix(".yaml").write_text(
        "other_part: 2019-jiangsu-shengweibangongting-text.pdf\n", "utf-8"
    )
    assert documents_of(sorted(tmp_path.glob("*.pdf"))) == [tables]
    doc = parse_document(tables)
    assert doc.document["other_part"].endswith("2019-jiangsu-shengweibangongting-text.pdf")
    assert doc.document["department_name"] == "中共江苏省委办公厅"
    # 收支预算总表 p1 and the prose's 收支预算总计 both say 27,664.22 万元
    summary = [r for r in doc.records["budget_summary"] if r["line_kind"] == "total"]
    assert {r["amount"] for r in summary} == {Decimal("27664.22")}
    assert doc.document["prose_income_total"] == Decimal("27664.22")
    assert doc.document["prose_basic"] == Decimal("11700.63")
    # the prose's 14 sections (一、收支预算总体情况说明 … 十四、预算绩效目标设置情况说明), on
    # pages numbered on from the tables file's 12
    assert len(doc.records["sections"]) == 14
    assert min(r["page"] for r in doc.records["sections"]) > 12


def test_a_web_page_saved_under_a_pdf_name_says_what_it_is(tmp_path: Path) -> None:
    """The scraper saved 重庆市国资委's page, which only links to the disclosure, as .pdf."""
    disguised = tmp_path / "2026-chongqing-guoziwei.pdf"
    shutil.copy(real_documents() / "2026-chongqing-02.html", disguised)
    with pytest.raises(SourceError) as refused:
        parse_document(disguised)
    message = str(refused.value)
    assert str(disguised) in message
    assert "a web page (HTML) saved under a .pdf name" in message
    assert "重庆市国有资产监督管理委员会2026年部门预算情况说明.pdf" in message  # the attachment


def test_a_budget_web_page_saved_under_a_pdf_name_is_read_as_html(tmp_path: Path) -> None:
    page = ROOT / "tests" / "fixtures" / "2025-julu-renshe.html"
    disguised = tmp_path / "2025-julu-renshe.pdf"
    shutil.copy(page, disguised)
    shutil.copy(page.with_suffix(".yaml"), disguised.with_suffix(".yaml"))
    assert parse_document(disguised).records == parse_document(page).records


# What each file that is not a budget is, in words the refusal must use.
REFUSALS = {
    "2024-putuo-caizhengju-juesuan.pdf": "final accounts are not supported yet",
    "2026-hangzhou-01.pdf": "government notice (杭政办函〔2025〕30号)",
    "2026-chongqing-02.html": "add those instead",
    "2026-chongqing-05.html": "in pictures it shows",
    "2026-chongqing-06.html": "add those instead",
    "2026-chongqing-07.html": "add those instead",
    "2026-chongqing-08.html": "says which department",
    "2026-chongqing-13.html": "not a budget disclosure",
    "2026-chongqing-14.html": "says which department",
    "2026-chongqing-15.html": "says which department",
}


def test_every_file_that_is_not_a_budget_is_listed() -> None:
    expected = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))
    assert {e["file"] for e in expected if not e["is_budget"]} == set(REFUSALS)


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_what_is_not_a_budget_is_refused_with_the_reason(name: str) -> None:
    path = real_documents() / name
    with pytest.raises(SourceError) as refused:
        parse_document(path)
    assert str(path) in str(refused.value)
    assert REFUSALS[name] in str(refused.value)
