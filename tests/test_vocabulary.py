"""The words and shapes that identify page furniture, title blocks, units, labels and titles:
one vocabulary, shared by readers, repair and recognisers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openbudget.amounts import RowProblem, amount, in_wan, printed
from openbudget.vocabulary import (
    is_column_number_row,
    is_page_number,
    is_table_label,
    is_table_title,
    is_title_block,
    line_parts,
    preparer_of,
    unit_of,
    without_label,
)


@pytest.mark.parametrize("text", ["- 7 -", "— 27 —", "第 3 页", "12", "第3页 共20页"])
def test_page_numbers(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("单位：万元", "万元"),
        ("金额单位：元", "元"),
        ("单位:亿元", "亿元"),
        ("单位：苏州市科学技术局 单位：万元", "万元"),  # a unit of government, then of money
        ("部门预算收支总表（单位：元）", "元"),
        ("编制单位：上海市财政局", None),
        ("单位：人民币万元", "万元"),
        ("收支总表（人民币元）", "元"),
    ],
)
def test_the_unit_a_line_states(line: str, unit: str | None) -> None:
    assert unit_of(line) == unit


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("编制部门：福州市商务局", "福州市商务局"),
        ("预算单位：杭州市气象局", "杭州市气象局"),
        ("部门名称：江苏省人民检察院 单位：万元", "江苏省人民检察院"),
        ("单位：万元", None),
    ],
)
def test_the_preparer_a_title_block_names(line: str, name: str | None) -> None:
    assert preparer_of(line) == name


def test_title_block_lines_and_not_sentences() -> None:
    for line in ["单位：万元", "323 巨鹿县人力资源和社会保障局", "预算年度：2026", "（2026年度）"]:
        assert is_title_block(line), line
    assert not is_title_block("2026年，本部门收入预算合计3,502.60万元，比上年减少390.80万元。")


def test_a_title_printed_on_one_line_with_its_title_block_is_cut_apart() -> None:
    assert line_parts("2019年政府采购预算表部门：中共江苏省委办公厅单位：万元") == [
        "2019年政府采购预算表",
        "部门：中共江苏省委办公厅",
        "单位：万元",
    ]


@pytest.mark.parametrize("label", ["表1", "公开01表", "（预算表1）", "表十一", "部门公开表3"])
def test_table_labels(label: str) -> None:
    assert is_table_label(label)


def test_table_titles_and_their_labels() -> None:
    assert is_table_title("2026年部门收支总体情况表")
    assert is_table_title("一般公共预算“三公”经费支出表（单位：万元）")
    assert not is_table_title("本表反映部门年度总体收支预算情况，详见收支总表。")
    assert without_label("表3：2026年市级部门支出预算总表") == "2026年市级部门支出预算总表"
    # A label on the title's line ends before the title's 一 of 一般 and before its year.
    assert without_label("表3 一般公共预算支出预算表") == "一般公共预算支出预算表"
    assert without_label("表十一 一般公共预算基本支出表") == "一般公共预算基本支出表"
    assert without_label("表1 2025年部门收支总表") == "2025年部门收支总表"
    assert without_label("表一 部门收入总表") == "部门收入总表"


def test_a_column_number_row() -> None:
    assert is_column_number_row(["栏次", "1", "2", "3"])
    assert is_column_number_row(["**", "**", "1", "2"])
    assert not is_column_number_row(["合计", "10.00", "5.00", "5.00"])


# --- amounts: exact, in 万元, the printed figure recoverable -----------------------------


@pytest.mark.parametrize(
    ("text", "unit", "wan"),
    [
        ("62109297.20", "元", "6210.929720"),
        ("195,774,300", "元", "19577.4300"),
        ("3,502.60", "万元", "3502.60"),
        ("1.5", "亿元", "15000"),
        ("120258,600", "元", "12025.8600"),  # a thousands separator left out
        ("-5", "万元", "-5"),
        ("-0.00", "万元", "0.00"),  # a printed -0 is published as zero, not as -0
        ("-0", "元", "0.0000"),
    ],
)
def test_amounts_are_converted_to_wan_exactly(text: str, unit: str, wan: str) -> None:
    value = amount(text, "here", unit)
    assert value is not None
    assert str(value) == wan
    assert printed(value, unit) == Decimal(text.replace(",", ""))


@pytest.mark.parametrize("text", ["", "-", "—", "——", "/"])
def test_empty_and_dashed_cells_stay_empty(text: str) -> None:
    assert amount(text, "here") is None


@pytest.mark.parametrize(
    "text", ["约五万", "1,2,3", "NaN", "1e308", "Infinity", "1.2.3", "²", "9" * 30 + ".50"]
)
def test_a_cell_that_is_not_an_amount_is_reported_with_where_it_is(text: str) -> None:
    with pytest.raises(RowProblem, match=rf"表1, row 3: '{text}' is not an amount"):
        amount(text, "表1, row 3")
    assert in_wan(Decimal("0.01"), "元") == Decimal("0.000001")
