"""Recognition by title and headings, on small tables laid out unlike the sources."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import d

from openbudget.readers.text import read
from openbudget.recognise import recognise
from openbudget.repair import repair


def recognised(text: str):
    blocks, _ = repair(read(Path("t.txt"), text.encode()))
    return recognise(blocks)


def test_columns_are_found_by_heading_not_position():
    found = recognised(
        "一般公共预算财政拨款支出表\n\n"
        "序号\t科目名称\t科目编码\t项目支出\t基本支出\t合计\n"
        "栏次\t1\t2\t3\t4\t5\n"
        "1\t合计\t\t5.00\t1.00\t6.00\n"
        "2\t社会保障和就业支出\t208\t5.00\t1.00\t6.00\n"
    )
    assert found.tables_found == ["general_budget_expenditure"]
    assert found.records["general_budget_expenditure"][1] == {
        "row_no": 2,
        "function_code": "208",
        "function_name": "社会保障和就业支出",
        "level": 1,
        "total": Decimal("6.00"),
        "basic": Decimal("1.00"),
        "project": Decimal("5.00"),
        "unit_code": None,
        "unit_name": None,
        "page": None,
    }


@pytest.mark.parametrize("printed", ["六元", "1,2,3", "NaN", "1e308"])
def test_a_figure_that_cannot_be_read_is_published_empty_and_reported(printed):
    """The row stays (its other figures are published); the cell is empty and a checks
    row says what was printed. A printed -0 is zero."""
    found = recognised(
        "部门预算支出总表\n\n"
        "序号\t科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "栏次\t1\t2\t3\t4\t5\n"
        "1\t\t合计\t6.00\t1.00\t5.00\n"
        f"2\t208\t社会保障和就业支出\t{printed}\t1.00\t5.00\n"
        "3\t20801\t人力资源和社会保障管理事务\t6.00\t1.00\t5.00\n"
    )
    rows = found.records["expenditure"]
    assert [r["row_no"] for r in rows] == [1, 2, 3]
    assert (rows[1]["total"], rows[1]["basic"], rows[1]["project"]) == (None, d("1.00"), d("5.00"))
    [unreadable] = [f for f in found.findings if f["check"] == "unreadable_figure"]
    assert (unreadable["table"], unreadable["row_ref"]) == (
        "expenditure",
        "部门预算支出总表, line 3, 序号 2, total",
    )
    assert f"原文印作“{printed}”" in unreadable["message"]
    assert found.problems == [
        "line 3: 部门预算支出总表 prints no unit; its figures are read as 万元"
    ]


def test_unknown_tables_are_listed_and_a_title_without_columns_is_a_problem():
    found = recognised(
        "人员编制情况表\n\n编制类型\t人数\n行政编制\t12\n\n"
        "部门预算收入总表\n\n序号\t名称\n栏次\t1\n1\tx\n"
    )
    assert found.unrecognised == [
        "line 1: paragraph: 人员编制情况表",
        "line 3: table of 2 rows: 编制类型 | 人数",
        "line 6: paragraph: 部门预算收入总表",
        "line 8: table of 3 rows: 序号 | 名称",
    ]
    assert found.tables_found == []
    assert "部门预算收入总表 has columns that were not recognised" in found.problems[0]
