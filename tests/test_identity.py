"""Who a document is for, which year and what kind, read from the document itself.

Covers and titles are printed in many ways (name before or after the year, 年度 or 年,
spaces and line breaks inside), some documents say it only in labelled lines (编制部门：) or
in the title blocks of their tables (``105001 长春市信访局``); a year is never a code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from openbudget.errors import SourceError
from openbudget.parse import parse_document
from openbudget.readers import read_blocks
from openbudget.recognise.document import DocumentFacts, read_facts
from openbudget.repair import repair

SUMMARY = (
    "收支预算总表\n\n{block}单位：万元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
    "一、一般公共预算拨款\t10.00\t一、一般公共服务支出\t10.00\n"
    "收入总计\t10.00\t支出总计\t10.00\n"
)


def facts(text: str) -> DocumentFacts:
    blocks, _ = repair(read_blocks(Path("t.txt"), text.encode()))
    return read_facts(blocks)


@pytest.mark.parametrize(
    ("title", "name", "year", "kind"),
    [
        ("2026年度福州市商务局部门预算", "福州市商务局", 2026, "部门预算"),
        ("北京市信访办公室部门 2026 年度部门预算信息公开", "北京市信访办公室", 2026, "部门预算"),
        (
            "上海市医疗保险事业管理中心2026年单位预算",
            "上海市医疗保险事业管理中心",
            2026,
            "单位预算",
        ),
        ("深圳市交通运输局2026年部门综合预算", "深圳市交通运输局", 2026, "部门预算"),
        ("国家信访局 2026 年部门预算", "国家信访局", 2026, "部门预算"),
    ],
)
def test_a_title_names_the_department_year_and_kind(title, name, year, kind) -> None:
    found = facts(title + "\n")
    assert (found.department_name, found.year, found.document_kind) == (name, year, kind)


@pytest.mark.parametrize(
    "cover",
    [
        "2025年部门预算\n\n长春市信访局\n\n2025年2月\n",  # the name under the title
        "部门预算\n\n长春市信访局\n\n二〇二五年二月\n",  # the year only in the date
        "二○二五年度\n\n长春市信访局\n\n部门预算\n",  # the year in Chinese numerals
        "长春市信访局\n\n二零二五年部门预算\n",
    ],
)
def test_a_cover_in_any_order_with_any_numerals(cover: str) -> None:
    found = facts(cover + "\n一、部门职责。本局负责全市信访工作。\n")
    assert (found.department_name, found.year, found.document_kind) == (
        "长春市信访局",
        2025,
        "部门预算",
    )
    assert "二月" not in (found.title or "") and "2月" not in (found.title or "")


@pytest.mark.parametrize(
    "name", ["长春市第一中学", "长春市文联", "长春市科协", "平山县下口镇", "长春市南关区永长街道"]
)
def test_schools_federations_towns_and_streets_are_names(name: str) -> None:
    found = facts(f"{name}2025年单位预算\n\n一、单位职责。本单位负责有关工作。\n")
    assert (found.department_name, found.year, found.document_kind) == (name, 2025, "单位预算")


def test_a_year_after_a_table_label_is_a_year() -> None:
    """``表1 2025年部门收支总表`` compacted is ``表12025年…``: the label is 表1, the year 2025."""
    found = facts("表1 2025年部门收支总表\n\n部门：长春市信访局\n\n单位：万元\n\n")
    assert (found.department_name, found.year) == ("长春市信访局", 2025)


def test_a_cover_broken_over_lines_is_read_whole() -> None:
    found = facts(
        "北京市文化和旅游局 2026 年度\n\n部门预算信息公开\n\n目  录\n\n一、部门情况说明\t3\n"
    )
    assert (found.department_name, found.year, found.document_kind) == (
        "北京市文化和旅游局",
        2026,
        "部门预算",
    )


def test_a_heading_with_a_year_gives_no_code_and_no_name() -> None:
    """``2025年部门预算编制说明`` names no department; its 2025 is the year, not a code."""
    found = facts("2025年部门预算编制说明\n\n编制部门：唐山市财政局\n")
    assert (found.department_name, found.department_code, found.year) == (
        "唐山市财政局",
        None,
        2025,
    )


@pytest.mark.parametrize(
    ("block", "code", "name"),
    [
        ("105001 长春市信访局\t\t", "105001", "长春市信访局"),
        ("920平山县下口镇财政所\t\t", "920", "平山县下口镇财政所"),
    ],
)
def test_a_table_title_block_gives_the_code_and_name(block, code, name) -> None:
    found = facts("2026年部门预算\n\n" + SUMMARY.format(block=block + "\n"))
    assert (found.department_code, found.department_name, found.year) == (code, name, 2026)


@pytest.mark.parametrize("label", ["编制部门", "预算单位", "部门名称"])
def test_a_labelled_line_names_the_department(label) -> None:
    found = facts(f"2026年单位预算\n\n{label}：无锡市教育局\n")
    assert (found.department_name, found.document_kind) == ("无锡市教育局", "单位预算")


def test_scope_where_printed() -> None:
    assert facts("苏州市科学技术局2026年部门预算（本级）\n").scope == "本级"
    assert facts("苏州市科学技术局2026年部门预算\n\n本部门预算为汇总预算。\n").scope == "汇总"
    assert facts("苏州市科学技术局2026年部门预算\n").scope is None


def test_final_accounts_and_notices_are_told_apart() -> None:
    assert facts("上海市普陀区财政局2024年度部门决算\n").final_accounts
    notice = facts("杭州市人民政府办公厅关于印发某某办法的通知\n\n杭政办函〔2025〕30号\n")
    assert notice.notice == "杭政办函〔2025〕30号"


def test_a_document_that_does_not_say_who_it_is_for_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "unnamed.txt"
    source.write_text(SUMMARY.format(block=""), "utf-8")
    with pytest.raises(SourceError) as refused:
        parse_document(source)
    message = str(refused.value)
    assert str(source) in message and "nothing in it says which department" in message
