"""Prose sections and the figures they state, for the five sources and for unseen layouts.

Every expected value was read by hand from the source text files (line numbers in comments).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import blocks_of

from openbudget.readers.text import read
from openbudget.recognise.found import Found
from openbudget.recognise.sections import read_sections
from openbudget.repair import repair
from openbudget.schema import resource_fields

SOURCES = Path(__file__).resolve().parent.parent / "sources"

STANDARD_HEADINGS = [
    "部门职责及机构设置情况",
    "部门预算安排的总体情况",
    "机关运行经费安排情况",
    "财政拨款“三公”经费预算情况及增减变化原因",
    "部门整体绩效目标",
    "部门主管专项资金预算安排情况及绩效目标",
    "部门项目预算安排情况及绩效目标",
    "政府采购预算情况",
    "国有资产信息",
    "名词解释",
    "其他需要说明的事项",
]


@cache
def sections_of(name: str) -> Found:
    return read_sections(blocks_of(name))


def section(name: str, number: int) -> str:
    (found,) = [s for s in sections_of(name).records["sections"] if s["section_no"] == number]
    return str(found["text"])


def headings(name: str) -> list[tuple[object, object]]:
    return [(s["section_no"], s["heading"]) for s in sections_of(name).records["sections"]]


@pytest.mark.parametrize(
    "name",
    [
        "2025-julu-renshe.txt",  # lines 349 … 830
        "2024-haigang-renshe.txt",  # lines 2129 … 5094
        "2024-sjz-gaoxin-zuzhibu.txt",  # lines 719 … 2004
    ],
)
def test_current_template_has_eleven_sections(name):
    assert headings(name) == list(enumerate(STANDARD_HEADINGS, start=1))


def test_2020_template_numbers_its_nine_sections_differently():
    # 2020-pingxiang-renshe.txt lines 8, 59, 74, 78, 82, 3193, 3196, 3232, 3254
    assert headings("2020-pingxiang-renshe.txt") == [
        (1, "部门职责及机构设置情况"),
        (2, "部门预算安排的总体情况"),
        (3, "机关运行经费安排情况"),
        (4, "财政拨款“三公”经费预算情况及增减变化原因"),
        (5, "绩效预算信息"),
        (6, "政府采购预算情况"),
        (7, "国有资产信息"),
        (8, "名词解释"),
        (9, "其他需要说明的事项"),
    ]


def test_2021_unit_budget_has_nine_sections_named_for_a_unit():
    # 2021-bazhou-renshe.txt lines 3, 45, 53, 55, 57, 976, 1062, 1099, 1108
    assert headings("2021-bazhou-renshe.txt") == [
        (1, "单位职责及机构设置情况"),
        (2, "单位预算安排的总体情况"),
        (3, "机关运行经费安排情况"),
        (4, "财政拨款“三公”经费预算情况及增减变化原因"),
        (5, "预算绩效信息"),
        (6, "政府采购预算情况"),
        (7, "国有资产信息"),
        (8, "名词解释"),
        (9, "其他需要说明的事项"),
    ]


def test_section_text_as_printed():
    julu = "2025-julu-renshe.txt"
    assert (
        section(julu, 3)
        == "2025年，我部门运行经费共计安排67.7万元，主要用于邮电费、办公费等日常运行支出。"
    )
    assert section(julu, 11) == "我部门无其他需要说明的事项。"
    assert section(julu, 6) == ""  # line 457: the heading is followed straight by 七
    assert section("2024-haigang-renshe.txt", 11) == "我部门无其他需要说明的事项。"
    assert section("2024-haigang-renshe.txt", 6) == (
        "秦皇岛市海港区人力资源和社会保障局无专项资金绩效目标预算。"
    )
    assert (
        section("2024-sjz-gaoxin-zuzhibu.txt", 6)
        == "高新区工委组织部本年度无主管专项资金预算安排。"
    )
    assert section("2020-pingxiang-renshe.txt", 6) == "2020年，我部门无政府采购预算。"
    assert section("2021-bazhou-renshe.txt", 9) == "无其他需要说明的事项。"
    assert section("2021-bazhou-renshe.txt", 6) == (
        "2021年，我单位安排政府采购预算84万元。具体内容见下表。\n单位政府采购预算"
    )


def test_sub_headings_and_paragraphs_are_lines_of_the_text():
    # 2025-julu-renshe.txt lines 385-399
    text = section("2025-julu-renshe.txt", 2)
    assert text.split("\n")[1:4] == [
        "1、收入说明",
        "反映本部门当年全部收入。2025年预算收入3502.60万元，其中：一般公共预算收入3502.60万元，"
        "基金预算收入0.00万元，国有资本经营预算收入0.00万元，财政专户核拨收入0.00万元，"
        "单位资金收入0.00万元，上年结转结余0.00万元。",
        "2、支出说明",
    ]
    # 2024-haigang-renshe.txt line 2145: indented in the source
    assert "\n（十四）完成区委、区政府交办的其他事项。\n机构设置：\n部门机构设置情况" in section(
        "2024-haigang-renshe.txt", 1
    )


def test_text_is_cleaned_of_extraction_artefacts():
    julu = "2025-julu-renshe.txt"
    # line 818: "- 1、**财政拨款收入**：…", Markdown list items run together on lines 818-826
    glossary = section(julu, 10).split("\n")
    assert glossary[0].startswith("1、财政拨款收入：指本级财政当年拨付的资金")
    assert glossary[1] == "2、财政专户管理资金收入：缴入财政专户、实行专项管理的教育收费收入。"
    assert len(glossary) == 10
    assert not any("**" in line or line.startswith("-") for line in glossary)
    # line 427: "办理劳动监察案件 大于 100 起" (spaces from the PDF)
    assert "办理劳动监察案件大于100起" in section(julu, 5)
    # sjz line 2004: "#### **十一、其他需要说明的事项**"
    assert headings("2024-sjz-gaoxin-zuzhibu.txt")[-1] == (11, "其他需要说明的事项")
    # pingxiang line 3198: "（详见下表 ）"
    assert section("2020-pingxiang-renshe.txt", 7) == (
        "平乡县人力资源和社会保障局上年末固定资产金额为258.66万元（详见下表）"
    )


def test_tables_and_their_title_lines_are_left_out():
    julu = "2025-julu-renshe.txt"
    assert "财政性资金基本保证" not in section(julu, 1)  # the units table, line 383
    assert "445.64" not in section(julu, 9)  # the assets table, line 813
    assert "截止时间" not in section(julu, 9)  # its title block, line 806
    assert section(julu, 9).endswith("\n部门固定资产占用情况表")
    projects = section("2024-sjz-gaoxin-zuzhibu.txt", 7)
    assert "单位：万元" not in projects  # printed above each project table, line 1036
    assert projects.startswith("1、组织人社运转保障工作经费绩效目标表\n2、“乡村振兴”")
    assert "316中共石家庄" not in section("2024-sjz-gaoxin-zuzhibu.txt", 8)  # lines 1890-1946


def test_the_table_of_contents_is_claimed_and_opens_no_section():
    # 2025-julu-renshe.txt lines 3-30: title, group headings and entries with page numbers
    blocks = blocks_of("2025-julu-renshe.txt")
    toc = {i for i, b in enumerate(blocks) if b.line <= 30}
    assert toc <= sections_of("2025-julu-renshe.txt").claimed
    assert len(headings("2025-julu-renshe.txt")) == 11
    # 2024-sjz-gaoxin-zuzhibu.txt lines 3-33 (entries with dot leaders); line 35 is not TOC
    blocks = blocks_of("2024-sjz-gaoxin-zuzhibu.txt")
    claimed = sections_of("2024-sjz-gaoxin-zuzhibu.txt").claimed
    assert {i for i, b in enumerate(blocks) if b.line <= 33} <= claimed
    assert not {i for i, b in enumerate(blocks) if 35 <= b.line < 719} & claimed


def test_every_heading_and_paragraph_of_the_prose_is_claimed():
    for name in ["2025-julu-renshe.txt", "2021-bazhou-renshe.txt"]:
        blocks = blocks_of(name)
        first = next(i for i, b in enumerate(blocks) if b.text.lstrip("#").startswith("一、"))
        loose = [
            b.text
            for i, b in enumerate(blocks[first:], start=first)
            if b.kind != "table" and i not in sections_of(name).claimed
        ]
        assert loose == []


PROSE_FIGURES = {
    # 2025-julu-renshe.txt lines 391, 395, 399, 403, 407, 800
    "2025-julu-renshe.txt": {
        "prose_income_total": "3502.60",
        "prose_expenditure_total": "3502.60",
        "prose_basic": "907.80",
        "prose_personnel": "840.10",
        "prose_public_funds": "67.70",
        "prose_project": "2594.80",
        "prose_change": "-390.80",
        "prose_operating_costs": "67.7",
        "prose_three_public_total": "0.00",
        "prose_travel_abroad": "0.00",
        "prose_vehicles": "0.00",
        "prose_vehicle_purchase": "0.00",
        "prose_vehicle_operation": "0.00",
        "prose_reception": "0.00",
        "prose_assets_total": "456.88",
        "prose_planned_purchases": "4.00",
        "prose_procurement_total": None,
    },
    # 2024-haigang-renshe.txt: section 二 (line 2170) states no figures; lines 2173, 2176, 5045
    "2024-haigang-renshe.txt": {
        "prose_income_total": None,
        "prose_expenditure_total": None,
        "prose_basic": None,
        "prose_personnel": None,
        "prose_public_funds": None,
        "prose_project": None,
        "prose_change": None,
        "prose_operating_costs": "131.92",
        "prose_three_public_total": "7.85",
        "prose_travel_abroad": "0",
        "prose_vehicles": "6.76",
        "prose_vehicle_purchase": "0",
        "prose_vehicle_operation": "6.76",  # "公务用车运行费6.76万元"
        "prose_reception": "1.09",
        "prose_assets_total": "393.70",
        "prose_planned_purchases": "0.00",
        "prose_procurement_total": None,
    },
    # 2020-pingxiang-renshe.txt lines 65, 69, 73, 76, 80, 3198 (no planned purchases)
    "2020-pingxiang-renshe.txt": {
        "prose_income_total": "13994.58",
        "prose_expenditure_total": "13994.58",
        "prose_basic": "1423.38",
        "prose_personnel": "1355.7",
        "prose_public_funds": "67.68",
        "prose_project": "12571.2",
        "prose_change": "-11325.5",
        "prose_operating_costs": "67.68",  # printed "67.68元", without 万
        "prose_three_public_total": "0",
        "prose_travel_abroad": "0",
        "prose_vehicles": "0",
        "prose_vehicle_purchase": "0",
        "prose_vehicle_operation": "0",  # "公务用车运行维护费0万元"
        "prose_reception": "0",
        "prose_assets_total": "258.66",
        "prose_planned_purchases": None,
        "prose_procurement_total": None,
    },
    # 2021-bazhou-renshe.txt lines 48, 50, 52, 54, 56, 1063
    "2021-bazhou-renshe.txt": {
        "prose_income_total": "2747.15",
        "prose_expenditure_total": "2747.15",
        "prose_basic": "2085.15",
        "prose_personnel": "1882.66",  # "人员类项目经费"
        "prose_public_funds": "202.49",  # "运转类公用项目经费"
        "prose_project": "662",  # "运转类其他及特定目标类项目支出"
        "prose_change": "181.36",  # "较2020预算增加"
        "prose_operating_costs": "202.49",
        "prose_three_public_total": "0.9",
        "prose_travel_abroad": "0",
        "prose_vehicles": "0",
        "prose_vehicle_purchase": "0",
        "prose_vehicle_operation": "0",
        "prose_reception": "0.9",
        "prose_assets_total": "182.79",
        "prose_planned_purchases": "5",
        "prose_procurement_total": "84",
    },
    # 2024-sjz-gaoxin-zuzhibu.txt lines 764, 768, 772, 776, 780-786, 1964
    "2024-sjz-gaoxin-zuzhibu.txt": {
        "prose_income_total": "11189.71",
        "prose_expenditure_total": "11189.71",
        "prose_basic": "4161.72",
        "prose_personnel": "4043.59",
        "prose_public_funds": "118.13",
        "prose_project": "7027.99",
        "prose_change": "-1037.91",
        "prose_operating_costs": "53.14",
        "prose_three_public_total": "9.90",
        "prose_travel_abroad": "0",
        "prose_vehicles": "0",
        "prose_vehicle_purchase": "0",
        "prose_vehicle_operation": "0",
        "prose_reception": "9.90",  # "公务接待费预算 9.90 万元"
        "prose_assets_total": "928.46",
        "prose_planned_purchases": "3.10",
        "prose_procurement_total": "85.90",
    },
}


@pytest.mark.parametrize("name", sorted(PROSE_FIGURES))
def test_prose_figures_as_printed(name):
    facts = sections_of(name).facts
    published = {k: v for k, v in facts.items() if k.startswith("prose_")}
    assert {k: None if v is None else str(v) for k, v in published.items()} == PROSE_FIGURES[name]


def test_facts_are_the_prose_fields_of_the_documents_schema():
    fields = {f.name for f in resource_fields("documents") if f.name.startswith("prose_")}
    facts = sections_of("2025-julu-renshe.txt").facts
    assert {key for key in facts if key.startswith("prose_")} == fields


def test_an_amount_printed_without_wan_is_a_finding():
    """平乡 prints “运行经费共计安排67.68元” among figures in 万元: published as printed,
    with a warning in checks, not silently rescaled."""
    findings = sections_of("2020-pingxiang-renshe.txt").findings
    assert len(findings) == 1
    assert (findings[0]["check"], findings[0]["severity"]) == ("prose_unit", "warning")
    assert "67.68元" in str(findings[0]["message"])
    assert sections_of("2025-julu-renshe.txt").findings == []


# --- Layouts none of the sources has ------------------------------------------------


def sections_in(text: str) -> Found:
    blocks, _ = repair(read(Path("t.txt"), text.encode()))
    return read_sections(blocks)


def test_a_paragraph_table_of_contents_under_a_title_opens_no_section():
    found = sections_in(
        "目  录\n\n一、部门职责及机构设置情况……3\n\n二、部门预算安排的总体情况……5\n\n"
        "一、部门职责及机构设置情况\n\n负责全县工作。\n\n"
        "二、部门预算安排的总体情况\n\n2025年预算收入 10.00 万元。\n"
    )
    assert [(s["section_no"], s["text"]) for s in found.records["sections"]] == [
        (1, "负责全县工作。"),
        (2, "2025年预算收入10.00万元。"),
    ]
    assert {0, 1, 2} <= found.claimed


def test_a_contents_list_without_a_title_is_set_aside_when_the_numbering_restarts():
    found = sections_in(
        "一、部门职责及机构设置情况\n\n二、部门预算安排的总体情况\n\n"
        "一、部门职责及机构设置情况\n\n负责全县工作。\n\n"
        "二、部门预算安排的总体情况\n\n无。\n"
    )
    assert [s["text"] for s in found.records["sections"]] == ["负责全县工作。", "无。"]
    assert {0, 1} <= found.claimed


def test_a_numbered_list_inside_a_section_is_not_a_section():
    found = sections_in(
        "一、部门职责及机构设置情况\n\n负责全县工作。\n\n二、内设机构\n\n办公室。\n\n"
        "二、部门预算安排的总体情况\n\n无。\n\n三、机关运行经费安排情况\n\n无。\n"
    )
    sections = found.records["sections"]
    assert [s["heading"] for s in sections] == [
        "部门职责及机构设置情况",
        "部门预算安排的总体情况",
        "机关运行经费安排情况",
    ]
    assert sections[0]["text"] == "负责全县工作。\n二、内设机构\n办公室。"


def test_a_heading_with_an_unknown_name_fills_a_gap_in_the_numbering():
    found = sections_in(
        "一、部门职责及机构设置情况\n\n负责。\n\n二、工作亮点\n\n亮点。\n\n"
        "三、机关运行经费安排情况\n\n运行经费共计安排 5.5 万元。\n"
    )
    assert [(s["section_no"], s["heading"]) for s in found.records["sections"]] == [
        (1, "部门职责及机构设置情况"),
        (2, "工作亮点"),
        (3, "机关运行经费安排情况"),
    ]
    assert str(found.facts["prose_operating_costs"]) == "5.5"


def test_a_heading_printed_with_its_text_on_one_line_is_split():
    found = sections_in("九、国有资产信息：上年末固定资产金额为 1,234.50 万元。\n")
    (only,) = found.records["sections"]
    assert (only["section_no"], only["heading"], only["text"]) == (
        9,
        "国有资产信息",
        "上年末固定资产金额为1,234.50万元。",
    )
    assert str(found.facts["prose_assets_total"]) == "1234.50"


def test_a_paragraph_cut_by_a_page_break_is_joined_and_the_page_number_dropped():
    found = sections_in(
        "二、部门预算安排的总体情况\n\n"
        "2025年预算收支安排 20.00 万元，较上年增加 2.00 万元，主要原因是人员增加和\n\n"
        "- 7 -\n\n"
        "办公设备更新。\n\n1、收入说明\n\n无。\n"
    )
    (only,) = found.records["sections"]
    assert only["text"] == (
        "2025年预算收支安排20.00万元，较上年增加2.00万元，主要原因是人员增加和办公设备更新。"
        "\n1、收入说明\n无。"
    )
    assert str(found.facts["prose_change"]) == "2.00"


def test_the_prose_ends_where_the_standard_tables_begin():
    found = sections_in(
        "十一、其他需要说明的事项\n\n无。\n\n部门预算收支总表\n\n323 某局\n\n单位：万元\n\n"
        "序号\t项目\t预算数\n栏次\t1\t2\n"
    )
    (only,) = found.records["sections"]
    assert only["text"] == "无。"
    assert found.claimed == {0, 1}


def test_no_sections_and_no_figures_in_a_document_without_prose():
    found = sections_in("部门预算收支总表\n\n序号\t项目\t预算数\n栏次\t1\t2\n")
    assert found.records == {}
    assert not any(found.facts.values())
