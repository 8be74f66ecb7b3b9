"""Project performance-target tables (绩效目标表) and their indicators, in all five sources.

Every expected value below was read by hand from the source text in ``sources/`` (line
numbers are given). Cells are compared after repair, which removes the spaces PDF
extraction puts next to Chinese characters (``≥200 人`` is read as ``≥200人``).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from openbudget.blocks import Block, Repair
from openbudget.readers.text import read
from openbudget.recognise.found import Found, Record
from openbudget.recognise.projects import read_projects
from openbudget.recognise.targets import parse_target
from openbudget.repair import repair

SOURCES = Path(__file__).resolve().parent.parent / "sources"
JULU = "2025-julu-renshe.txt"
HAIGANG = "2024-haigang-renshe.txt"
PINGXIANG = "2020-pingxiang-renshe.txt"
BAZHOU = "2021-bazhou-renshe.txt"
GAOXIN = "2024-sjz-gaoxin-zuzhibu.txt"


def d(text: str) -> Decimal:
    return Decimal(text)


@cache
def repaired(name: str) -> tuple[list[Block], list[Repair]]:
    path = SOURCES / name
    return repair(read(path, path.read_bytes()))


@cache
def found_in(name: str) -> Found:
    return read_projects(repaired(name)[0])


def projects(name: str) -> list[Record]:
    return found_in(name).records["projects"]


def project(name: str, seq: int) -> Record:
    (found,) = [p for p in projects(name) if p["project_seq"] == seq]
    return found


def indicators(name: str, seq: int) -> list[Record]:
    return [i for i in found_in(name).records["indicators"] if i["project_seq"] == seq]


def indicator(name: str, seq: int, number: int) -> dict[str, object]:
    """An indicator without its key and without the fields left empty."""
    row = indicators(name, seq)[number - 1]
    assert row["indicator_seq"] == number
    return {
        k: v for k, v in row.items() if v is not None and k not in ("project_seq", "indicator_seq")
    }


def check_counts(name: str, counts: list[int]) -> None:
    """Projects numbered 1…n, each with the printed number of indicator rows."""
    found = found_in(name)
    assert found.problems == []
    assert [p["project_seq"] for p in projects(name)] == list(range(1, len(counts) + 1))
    assert [p["indicator_count"] for p in projects(name)] == counts
    assert [len(indicators(name, seq)) for seq in range(1, len(counts) + 1)] == counts
    assert len(found.records["indicators"]) == sum(counts)


def check_codes(name: str, codes: dict[int, tuple[str | None, Decimal | None]]) -> None:
    assert {
        seq: (project(name, seq)["project_code"], project(name, seq)["budget"]) for seq in codes
    } == codes


# --- 巨鹿县人社局 2025 (PDF text): 15 tables, section 七, lines 461-781 -------------------------

JULU_CODES = {
    1: ("13052925P00004710003D", d("496.00")),
    2: ("13052925P00004710007U", d("255.00")),
    3: ("13052925P00004710008F", d("100.00")),
    4: ("13052925P00004710005L", d("84.00")),
    5: ("13052925P00580210003Y", d("60.00")),
    6: ("13052925P00005510182X", d("10.00")),
    7: ("13052925P000047100068", d("50.00")),
    8: ("13052925P00005510180N", d("2.40")),
    9: ("13052925P00005510181A", d("2.40")),
    10: ("13052925P00580210028Q", d("1469.00")),
    11: ("13052925P00005510179B", d("8.00")),
    12: ("13052925P00002210013E", d("8.00")),
    13: ("13052925P000015100286", d("10.00")),
    14: ("13052925P00004410010D", d("20.00")),
    15: ("13052925P00004610003P", d("20.00")),
}


def test_julu_projects_codes_and_budgets() -> None:
    check_counts(JULU, [7, 7, 7, 7, 7, 7, 9, 8, 8, 7, 8, 7, 7, 8, 9])
    check_codes(JULU, JULU_CODES)


def test_julu_project_one_in_full() -> None:
    # lines 461-470
    assert project(JULU, 1) == {
        "page": None,
        "regions": None,
        "project_seq": 1,
        "title": "1、冀财社2024年136号提前下达2025年中央就业补助资金绩效目标表",
        "project_code": "13052925P00004710003D",
        "project_name": "冀财社2024年136号提前下达2025年中央就业补助资金",
        "unit_name": None,
        "budget": d("496.00"),
        "fiscal_funds": d("496.00"),
        "special_account": None,
        "other_funds": None,
        "carryover": None,
        "purpose": "支付每人每月2000元见习补贴",
        # 3 月底 | 6 月底 | 10 月底 over 200.00 | 150.00 | 146.00; no 12 月底 column
        "schedule_march": d("200.00"),
        "schedule_june": d("150.00"),
        "schedule_september": None,
        "schedule_october": d("146.00"),
        "schedule_december": None,
        "schedule_unit": None,
        # Three numbered points, printed on one wrapped line: each starts a line of its own.
        "goal": "1.预计全年安排见习人员200人以上\n2.按每人每月2000元发放见习补贴标准，"
        "减轻就业见习人员生活负担。\n3.每两个月准确、按时发放见习补贴",
        "indicator_count": 7,
    }


def test_julu_schedule_values_stay_in_their_columns() -> None:
    # line 532-533: 3 月底 | | 6 月底 | | 10 月底 over 50.00 | | 84.00 | | (10 月底 empty)
    four = project(JULU, 4)
    assert [four[f] for f in ("schedule_march", "schedule_june", "schedule_october")] == [
        d("50.00"),
        d("84.00"),
        None,
    ]
    # line 701-702: 3 月底 empty, then 2.40 | 4.80 | 0.80
    twelve = project(JULU, 12)
    assert [
        twelve[f]
        for f in ("schedule_march", "schedule_june", "schedule_october", "schedule_december")
    ] == [None, d("2.40"), d("4.80"), d("0.80")]


def test_julu_indicator_broken_across_a_page_is_one_indicator() -> None:
    # line 476 "补贴发放率 … 冀财规【2018】", page break, header again, line 479 "21号"
    assert indicator(JULU, 1, 5) == {
        "level1": "效益指标",
        "level2": "社会效益指标",
        "name": "补贴发放率",
        "description": "实际发放补贴单位占领取补贴单位的比例",
        "target": "100%",
        "target_operator": "=",
        "target_value": d("100"),
        "target_unit": "%",
        "basis": "冀财规【2018】21号",
    }
    # line 480: first row after the page break, 一级 carried down from line 476
    assert indicator(JULU, 1, 6) == {
        "level1": "效益指标",
        "level2": "可持续影响指标",
        "name": "失业人员再就业",
        "description": "促进我县就业工作更好发展",
        "target": "失业人员再就业人数比去年增加20%",
        "basis": "冀财规【2018】21号",
    }
    _, repairs = repaired(JULU)
    glued = [r for r in repairs if r.kind == "cell-text-broken-across-page"]
    assert any("补贴发放率" in r.after and "冀财规【2018】21号" in r.after for r in glued)


def test_julu_carried_down_levels_and_parsed_targets() -> None:
    # line 473: 一级 blank, carried from 产出指标 on line 472
    assert indicator(JULU, 1, 2) == {
        "level1": "产出指标",
        "level2": "质量指标",
        "name": "补贴核算正确率",
        "description": "实际发放补贴占核算补贴的比例",
        "target": "100%",
        "target_operator": "=",
        "target_value": d("100"),
        "target_unit": "%",
        "basis": "冀财规【2018】21号",
    }
    assert indicator(JULU, 1, 1)["target"] == "≥200人"  # line 472
    assert (indicator(JULU, 1, 1)["target_operator"], indicator(JULU, 1, 1)["target_value"]) == (
        ">=",
        d("200"),
    )
    # line 581: ≤0.5 万元
    six = indicator(JULU, 6, 4)
    assert (six["name"], six["target_operator"], six["target_value"], six["target_unit"]) == (
        "就业招聘会、培训会成本/次",
        "<=",
        d("0.5"),
        "万元",
    )
    # line 726: 12 月底之前 stays text
    assert indicator(JULU, 13, 3) == {
        "level1": "产出指标",
        "level2": "时效指标",
        "name": "完成时间",
        "description": "当年完成该笔资金支出的时间",
        "target": "12月底之前",
        "basis": "根据工作安排情况及统计情况",
    }


def test_julu_page_break_with_a_shifted_header_column() -> None:
    # lines 744-758: the first page prints an empty column before 指标值; the header
    # repeated on the next pages does not, and a basis is cut at each break
    assert indicator(JULU, 14, 3) == {
        "level1": "产出指标",
        "level2": "时效指标",
        "name": "当年完成",
        "description": "每年年底征缴期后计算增长率",
        "target": "≥90%",
        "target_operator": ">=",
        "target_value": d("90"),
        "target_unit": "%",
        "basis": "冀人社字【2019】124号文件、冀人社字【2019】202号",
    }
    assert indicator(JULU, 14, 4)["name"] == "缴费率"  # line 751
    assert indicator(JULU, 14, 4)["target"] == "≥98%"
    assert indicator(JULU, 14, 7)["basis"] == "冀人社字【2019】124号文件、冀人社字【2019】202号"
    assert indicator(JULU, 14, 8)["level1"] == "满意度指标"  # line 758


# --- 海港区人社局 2024 (DOCX text): 24 tables, lines 2254-4671 ---------------------------------

HAIGANG_CODES = {
    1: ("13030224P00308P12449R", d("2.00")),
    2: ("13030224P00308P12599E", d("1.00")),
    3: ("13030224P00308P12452C", d("3.50")),
    4: ("13030224P00308P124601", d("3.00")),
    5: ("13030224P00308P12456T", d("1.00")),
    6: ("13030224P00308P12445B", d("2.00")),
    7: ("13030224P00308P124505", d("25.00")),
    8: ("13030224P00308P12446Y", d("1.00")),
    9: ("13030224P00308P12463U", d("30.00")),
    10: ("13030224P00308P12454K", d("16.50")),
    11: ("13030224P00308P12373E", d("99.00")),
    12: ("13030223P00MN0M10196D", d("648.60")),
    13: ("13030223P00MN0M10195R", d("109.40")),
    14: ("13030224P00MN0M10402E", d("648.60")),
    15: ("13030224P00MN0M104032", d("109.40")),
    16: ("13030224P00MN0M10287W", d("5.00")),
    17: ("13030224P00308P12125P", d("100.00")),
    18: ("13030224P00308P12378G", d("200.00")),
    19: ("13030224P00308P123813", d("3.00")),
    20: ("13030223P00JD2G11017G", d("30.00")),
    21: ("13030224P00308P12387Q", d("2.00")),
    22: ("13030223P00MN0M10193J", d("40.39")),
    23: ("13030224P00308P12392J", d("2.00")),
    24: ("13030224P00308P123865", d("50.00")),
}


def test_haigang_projects_codes_and_budgets() -> None:
    check_counts(HAIGANG, [7, 7, 7, 8, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 7, 9, 9, 8, 9, 8, 9, 8, 9])
    check_codes(HAIGANG, HAIGANG_CODES)


def test_haigang_project_one() -> None:
    # lines 2254-2345: the goal cell has two paragraphs (lines 2286-2287); cells are read
    # as one line
    one = project(HAIGANG, 1)
    assert one["title"] == "1、保障农民工工资支付工作专项经费绩效目标表"
    assert one["project_name"] == "保障农民工工资支付工作专项经费"
    assert one["fiscal_funds"] == d("2.00")
    assert one["other_funds"] is None
    assert one["goal"] == (
        "1.依法依规处理投诉举报案件\n2.履行全区保障农民工工资支付工作领导小组办公室，"
        "组织召开全区保障农民工工资支付工作会议，协调各成员单位开展执法检查、法律宣传等工作。"
    )
    assert one["purpose"].startswith("履行全区保障农民工工资支付领导小组办公室")
    assert [one[f] for f in ("schedule_march", "schedule_june", "schedule_october")] == [
        d("25"),
        d("50"),
        d("75"),
    ]
    assert (one["schedule_december"], one["schedule_unit"]) == (d("100"), "%")
    assert indicator(HAIGANG, 1, 4) == {
        "level1": "产出指标",
        "level2": "成本指标",
        "name": "办案费用控制数",
        "description": "保障农民工工资支付工作专项经费",
        "target": "≤2万元",
        "target_operator": "<=",
        "target_value": d("2"),
        "target_unit": "万元",
        "basis": "年度工作计划",
    }
    # line 2333-2338: 一级 blank, carried down from 效益指标
    assert indicator(HAIGANG, 1, 6) == {
        "level1": "效益指标",
        "level2": "社会效益指标",
        "name": "维护社会的稳定和谐",
        "description": "维护社会的稳定和谐",
        "target": "比上年提升",
        "basis": "年度工作计划",
    }


def test_haigang_goal_over_three_lines_and_a_partial_schedule() -> None:
    # lines 2571-2573
    assert project(HAIGANG, 4)["goal"] == (
        "1.对养老保险完成内部审计\n2.对失业保险完成内部审计\n3.对工伤保险完成内部审计"
    )
    # lines 3740-3757: only 12月底 has a value
    sixteen = project(HAIGANG, 16)
    assert [
        sixteen[f]
        for f in ("schedule_march", "schedule_june", "schedule_october", "schedule_december")
    ] == [None, None, None, d("100")]
    # line 4435
    assert indicator(HAIGANG, 22, 6)["target"] == "≤403860.63元"
    assert indicator(HAIGANG, 22, 6)["target_value"] == d("403860.63")


# --- 平乡县人社局 2020 (DOCX text, older template): 28 tables with grades, lines 127-3190 ------


def test_pingxiang_projects_and_indicator_counts() -> None:
    check_counts(
        PINGXIANG,
        [9, 9, 10, 10, 10, 9, 10, 10, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 10, 9, 9, 12, 9, 9, 9, 9, 9, 9],
    )
    # no 项目编码 or 预算数 in this template (project 17 prints both labels, empty)
    assert all(p["project_code"] is None and p["budget"] is None for p in projects(PINGXIANG))


def test_pingxiang_project_one_with_grades() -> None:
    one = project(PINGXIANG, 1)  # lines 127-228
    assert one["project_name"] == "劳动监察等劳动保障经费"
    assert one["goal"] == (
        "严格按照要求接受劳动者各类案件，全年结案率100%，加强劳动关系协调机制建设，提升社会和谐"
        "水平。2020年需经费10万元，主要用于调节劳动纠纷、企业用工监察。"
    )
    assert indicator(PINGXIANG, 1, 1) == {
        "level1": "产出指标",
        "name": "劳动仲裁到期结案率（%）",
        "description": "劳动仲裁到期结案数量占劳动争议案件需结案数量的比率",
        "grade_excellent": "≥90%",
        "grade_good": "≥80%",
        "grade_fair": "≥70%",
        "grade_poor": "＜70%",
        "basis": "统计报表",
    }
    # lines 158-165: 分类 blank, carried down
    assert indicator(PINGXIANG, 1, 2)["level1"] == "产出指标"
    assert indicator(PINGXIANG, 1, 2)["name"] == "办结业务数(件)"


def test_pingxiang_cells_broken_by_line_breaks() -> None:
    # lines 316-324: 依据 printed as 调查 / 问卷 on two lines of one cell
    assert indicator(PINGXIANG, 2, 8) == {
        "level1": "满意度指标",
        "name": "受益对象满意度(%)",
        "description": "通过问卷调查，满意和较满意的受益对象占全部调研对象的比例",
        "grade_excellent": "≥95%",
        "grade_good": "≥90%",
        "grade_fair": "≥80%",
        "grade_poor": "＜80%",
        "basis": "调查问卷",
    }
    # lines 1701-1710: a blank line splits the first row of project 15 in two
    assert indicator(PINGXIANG, 15, 1) == {
        "level1": "产出指标",
        "name": "补助个人（家庭）数量（人/户）",
        "description": "补助的人数或户数",
        "grade_excellent": "≥3人",
        "grade_good": "≥2人",
        "grade_fair": "≥1人",
        "grade_poor": "＜1人",
        "basis": "根据统计报表",
    }


def test_pingxiang_quarterly_plan() -> None:
    # lines 1890-1913: 第一季度 … 第四季度 over 25.00 50.00 100.00 0.00
    seventeen = project(PINGXIANG, 17)
    assert seventeen["project_name"] == "落实重新安置军队退役人员工资待遇"
    assert [
        seventeen[f]
        for f in (
            "schedule_march",
            "schedule_june",
            "schedule_september",
            "schedule_october",
            "schedule_december",
        )
    ] == [d("25.00"), d("50.00"), d("100.00"), None, d("0.00")]
    assert seventeen["schedule_unit"] is None
    assert seventeen["purpose"].endswith("按时间进度拨付,确保按时发放.")
    assert seventeen["goal"].endswith("按时间进度拨付,确保涉军人员满意")


# --- 霸州市人社局 2021 单位预算 (DOCX text): 14 tables, goal and indicators only, lines 59-975 --


def test_bazhou_projects_and_indicator_counts() -> None:
    check_counts(BAZHOU, [8, 8, 6, 6, 11, 9, 6, 11, 6, 7, 6, 6, 6, 6])
    assert all(p["project_code"] is None and p["budget"] is None for p in projects(BAZHOU))
    assert [p["project_name"] for p in projects(BAZHOU)][:3] == [
        "公开招聘经费",
        "农民工工资应急周转金",
        "劳动争议仲裁经费",
    ]


def test_bazhou_indicators() -> None:
    # lines 80-85: 一级 carried down, 依据 printed empty
    assert indicator(BAZHOU, 1, 2) == {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "聘用人数（人）",
        "description": "聘用人员数量",
        "target": ">=300人",
        "target_operator": ">=",
        "target_value": d("300"),
        "target_unit": "人",
    }
    assert project(BAZHOU, 1)["goal"].startswith("按照坚持德才兼备的用人标准")
    # the 2021 template names its second group 效果指标
    assert indicator(BAZHOU, 1, 5)["level1"] == "效果指标"
    assert indicator(BAZHOU, 6, 3) == {  # lines 434-439
        "level1": "产出指标",
        "level2": "时效指标",
        "name": "完成平台租赁时间/完成网报系统部署",
        "description": "完成平台租赁时间",
        "target": "=2021年1-12月份",
        "basis": "《河北省人力资源资源和社会保障厅》文件冀人社字（2020）274号",
    }
    assert indicator(BAZHOU, 7, 3)["target_unit"] == "人/月"  # =30人/月


# --- 石家庄高新区组织部 2024 (damaged PDF text): 44 tables, lines 1034-1882 --------------------

GAOXIN_COUNTS = [7, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 8, 15, 15, 6, 6, 6, 6, 6, 7, 6, 6]
GAOXIN_COUNTS += [7, 6, 6, 6, 6, 6, 6, 6, 8, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6]
GAOXIN_CODES = {
    1: ("13019024P0042TD10003H", d("25.23")),
    2: ("13019024P000N6R10009B", d("8.00")),
    11: ("13019023P00G4P410338A", d("1219.05")),
    12: ("13019024P00DD0410249N", d("1.00")),
    13: ("13019024P00DD0410234Q", d("616.00")),
    20: ("13019024P006L8D100276", d("2556.80")),
    25: ("13019024P00DD04102360", d("13.40")),
    33: ("13019023P00G4P4103409", d("0.52")),
    36: ("13019024P00DD0410239T", d("5.12")),
    39: ("13019024P00DJ6C100384", d("1729.51")),
    44: ("13019024P004NRB100439", d("5.25")),
}


def test_gaoxin_projects_codes_and_budgets() -> None:
    check_counts(GAOXIN, GAOXIN_COUNTS)
    check_codes(GAOXIN, GAOXIN_CODES)


def test_gaoxin_titles_without_heading_marker() -> None:
    # line 1237 is a plain paragraph, not a heading
    twelve = project(GAOXIN, 12)
    assert twelve["title"] == (
        "12、石财社〔2023〕122号提前下达2024年省级城乡居民社会保险代办员补助资金绩效目标表"
    )
    assert (
        twelve["project_name"]
        == "石财社〔2023〕122号提前下达2024年省级城乡居民社会保险代办员补助资金"
    )
    # line 1245: only 12月底 is filled
    assert (twelve["schedule_march"], twelve["schedule_december"]) == (None, d("100"))
    assert twelve["schedule_unit"] == "%"
    # lines 1252-1254: three 二级 under one printed 效益指标
    assert [i["level1"] for i in indicators(GAOXIN, 12)][4:7] == ["效益指标"] * 3
    assert [i["level2"] for i in indicators(GAOXIN, 12)][4:7] == [
        "社会效益指标",
        "经济效益指标",
        "生态效益指标",
    ]


def test_gaoxin_rows_broken_across_pages() -> None:
    # lines 1275-1278: 指标值 cut after 社会保; the next page repeats the 三级 tail 准
    assert indicator(GAOXIN, 13, 8) == {
        "level1": "产出指标",
        "level2": "成本指标",
        "name": "社会保险补贴人均标准",
        "description": "社会保险补贴人均标准",
        "target": "单位应缴纳的社会保险费原则上不超过社会保险费实际缴费额的2/3",
        "basis": "年度工作计划",
    }
    assert indicator(GAOXIN, 13, 9)["name"] == "公益性岗位补贴人均标准"  # line 1279
    # lines 1783-1786: three cells cut at once
    assert indicator(GAOXIN, 39, 5) == {
        "level1": "效益指标",
        "level2": "可持续影响指标",
        "name": "吸引高校毕业生来到石家庄高新区就业",
        "description": "吸引高校毕业生来到石家庄高新区就业的人数",
        "target": "≥1100人",
        "target_operator": ">=",
        "target_value": d("1100"),
        "target_unit": "人",
        "basis": "根据年度工作计划制定",
    }
    # lines 1822-1825
    assert indicator(GAOXIN, 41, 5)["description"] == (
        "通过对现有档案资料进行维护保养，提高档案资料的储存年限，保障档案资料的完好率。"
    )
    # lines 1758-1761
    assert indicator(GAOXIN, 38, 3)["basis"] == (
        "《河北省人力资源和社会保障厅关于进一步加快推进流动人员人事档案信息化建设的通知》"
        "(冀人社字〔2020〕321号)"
    )
    assert indicator(GAOXIN, 38, 3)["target"] == "2024年12月前"
    assert "target_operator" not in indicator(GAOXIN, 38, 3)


def test_every_project_block_is_claimed() -> None:
    for name in (JULU, HAIGANG, PINGXIANG, BAZHOU, GAOXIN):
        blocks, _ = repaired(name)
        claimed = found_in(name).claimed
        inside = range(min(claimed), max(claimed) + 1)
        assert [blocks[i].where for i in inside if i not in claimed] == [], name


# --- documents nobody has seen ----------------------------------------------------------------


def projects_in(text: str) -> Found:
    blocks, _ = repair(read(Path("t.txt"), text.encode()))
    return read_projects(blocks)


def test_an_unseen_layout_is_read_by_its_words() -> None:
    found = projects_in(
        "某某局部门预算\n\n"
        "七、项目绩效目标\n\n"
        "培训经费绩效目标表\n\n"
        "金额单位：万元\n\n"
        "项目名称\t培训经费\t项目编码\tX001\n"
        "预算数\t12.50\t其中：财政资金\t10.00\t其他资金\t2.50\n"
        "资金支出计划（%）\t6月底\t12月底\n"
        "\t40%\t100%\n"
        "年度绩效目标\t完成培训\n"
        "三级指标\t二级指标\t一级指标\t指标值\t绩效指标描述\t指标值确定依据\n"
        "培训人数\t数量指标\t产出指标\t≥50人\t参训人数\t计划\n"
        "满意度\t满意度指标\t\t≥90%\t学员满意度\t问卷\n\n"
        "八、政府采购预算\n"
    )
    assert found.problems == []
    assert found.records["projects"] == [
        {
            "project_seq": 1,
            "title": "培训经费绩效目标表",
            "project_code": "X001",
            "project_name": "培训经费",
            "unit_name": None,
            "budget": d("12.50"),
            "fiscal_funds": d("10.00"),
            "special_account": None,
            "other_funds": d("2.50"),
            "carryover": None,
            "purpose": None,
            "schedule_march": None,
            "schedule_june": d("40"),
            "schedule_september": None,
            "schedule_october": None,
            "schedule_december": d("100"),
            "schedule_unit": "%",
            "goal": "完成培训",
            "indicator_count": 2,
            "page": None,
            "regions": None,
        }
    ]
    second = found.records["indicators"][1]
    assert (second["level1"], second["level2"], second["name"]) == (
        "产出指标",
        "满意度指标",
        "满意度",
    )
    assert found.claimed == {2, 3, 4}


def test_a_title_without_a_table_is_a_problem_and_no_project() -> None:
    found = projects_in("1、某某经费绩效目标表\n\n本项目无绩效目标。\n")
    assert found.records == {"projects": [], "indicators": []}
    assert found.problems == ["line 1: 1、某某经费绩效目标表: no project table follows the title"]


def test_department_wide_goal_tables_are_not_projects() -> None:
    found = projects_in(
        "部门整体绩效目标表\n\n一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\n"
        "产出指标\t数量指标\t人数\t人数\t10人\n"
    )
    assert found.records["projects"] == []


def test_repeated_numbers_fall_back_to_document_order() -> None:
    table = "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\n产出指标\t数量指标\ta\tb\t1人\n"
    found = projects_in(f"1、甲绩效目标表\n\n{table}\n1、乙绩效目标表\n\n{table}")
    assert [p["project_seq"] for p in found.records["projects"]] == [1, 2]
    assert [p["project_name"] for p in found.records["projects"]] == ["甲", "乙"]
    assert "document order" in found.problems[0]


# --- repair: a project table continued on the next page ---------------------------------------


def test_repair_joins_a_table_continued_under_a_repeated_header() -> None:
    text = (
        "1、甲绩效目标表\n\n"
        "项目编码\tX1\t项目名称\t甲\n"
        "一级指标\t二级指标\t三级指标\t绩效指标描述\t\t指标值\t依据\n"
        "产出指标\t数量指标\t人数\t人数\t\t≥5人\t文件【2018】\n"
        "\t质量指标\t合格率\t合格率\t\t100%\t文件\n\n"
        "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t依据\n"
        "\t\t\t\t\t21号\n"
        "效益指标\t社会效益指标\t满意\t满意\t≥90%\t问卷\n"
    )
    blocks, repairs = repair(read(Path("t.txt"), text.encode()))
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows[2:] == [
        ["产出指标", "数量指标", "人数", "人数", "", "≥5人", "文件【2018】"],
        ["", "质量指标", "合格率", "合格率", "", "100%", "文件21号"],
        ["效益指标", "社会效益指标", "满意", "满意", "", "≥90%", "问卷"],
    ]
    assert [r.kind for r in repairs] == ["table-continued", "cell-text-broken-across-page"]


def test_repair_keeps_a_whole_row_after_a_repeated_header() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t人数\t5人\n"
        "\t质量指标\t合格率\t100%\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "\t\t及时率\t100%\n"
    )
    blocks, repairs = repair(read(Path("t.txt"), text.encode()))
    (table,) = [b for b in blocks if b.kind == "table"]
    assert table.rows[-1] == ["", "", "及时率", "100%"]
    assert [r.kind for r in repairs] == ["table-continued"]


def test_repair_does_not_join_a_table_that_starts_with_other_rows() -> None:
    first = Block("table", rows=[["单位名称", "单位性质"], ["甲", "行政"]], line=1)
    second = Block("table", rows=[["单位名称", "人数"], ["乙", "3"]], line=5)
    blocks, _ = repair([first, second])
    assert [b.kind for b in blocks] == ["table", "table"]


# --- reading a printed target -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥200 人", (">=", d("200"), "人")),
        ("≤0.5 万元", ("<=", d("0.5"), "万元")),
        ("100%", ("=", d("100"), "%")),
        ("2000 元", ("=", d("2000"), "元")),
        (">=95%", (">=", d("95"), "%")),
        ("<=10个工作日", ("<=", d("10"), "个工作日")),
        ("= 100%", ("=", d("100"), "%")),
        ("=30人/月", ("=", d("30"), "人/月")),
        ("≤240 元/件", ("<=", d("240"), "元/件")),
        ("＜70%", ("<", d("70"), "%")),
        ("≤403860.63元", ("<=", d("403860.63"), "元")),
        ("1,200人", ("=", d("1200"), "人")),
        ("24小时", ("=", d("24"), "小时")),
        ("0 起", ("=", d("0"), "起")),
        ("12", ("=", d("12"), None)),
    ],
)
def test_targets_that_are_read(text: str, expected: tuple[object, ...]) -> None:
    assert tuple(parse_target(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "12 月底之前",
        "12月前",
        "比上年提升",
        "效果显著",
        "=2021年1-12月份",
        "=每月30日之前",
        "失业人员再就业人数比去年增加 20%",
        "2/3",
        "300多人",
        "200人以上",
        "",
        None,
    ],
)
def test_targets_that_stay_text(text: str | None) -> None:
    assert tuple(parse_target(text)) == (None, None, None)


# --- templates of other cities ---------------------------------------------------------


def test_a_table_per_fund_under_one_title_with_its_own_labels() -> None:
    """重庆's 重点专项资金绩效目标表 prints one table per fund under one title, labels such as
    当年预算 / 项目概况 / 当年绩效目标, and the target over three columns; a table printed
    empty (此表无数据) is no project."""
    found = projects_in(
        "2026年市级重点专项资金绩效目标表（一级项目）\n\n单位：万元\n\n"
        "项目名称\t水库移民后期扶持\t主管部门\t重庆市水利局\n"
        "当年预算\t12,700.00\t市级支出\t\n"
        "\t\t补助区县\t12,700.00\n"
        "项目概况\t移民安置区基础设施\t\t\n"
        "当年绩效目标\t完工项目验收率90%以上\t\t\n"
        "绩效指标\t指标名称\t指标性质\t指标值\t计量单位\n"
        "\t完工项目验收率\t≥\t90\t%\n"
        "项目名称\t水利专项\t主管部门\t重庆市水利局\n"
        "当年预算\t152,992.83\t市级支出\t152,992.83\n"
        "当年绩效目标\t新增供水能力\t\t\n"
        "绩效指标\t指标名称\t指标性质\t指标值\t计量单位\n"
        "\t新增供水能力\t≥\t1.5\t亿立方米\n\n"
        "2026年市级一般性项目绩效目标表（一级项目）\n\n单位：万元\n\n"
        "项目名称\t\t主管部门\t\n当年预算\t\t市级支出\t\n当年绩效目标\t\t\t\n"
        "绩效指标\t指标名称\t指标性质\t指标值\t计量单位\n\n"
        "备注：本单位无此类项目，故此表无数据。\n"
    )
    assert found.problems == []
    projects = found.records["projects"]
    assert [(p["project_name"], p["budget"], p["purpose"]) for p in projects] == [
        ("水库移民后期扶持", Decimal("12700.00"), "移民安置区基础设施"),
        ("水利专项", Decimal("152992.83"), None),
    ]
    assert [
        (i["project_seq"], i["name"], i["target"], i["target_operator"], i["target_unit"])
        for i in found.records["indicators"]
    ] == [
        (1, "完工项目验收率", "≥90%", ">=", "%"),
        (2, "新增供水能力", "≥1.5亿立方米", ">=", "亿立方米"),
    ]


def test_a_list_of_projects_with_unit_rows_and_funds() -> None:
    """广州's 项目支出 list: a 合计 row, then each budget unit's row (no goal) above its
    projects, whose amounts add up to it (within one cent per project, the rounding)."""
    found = projects_in(
        "表12\n\n部门预算项目支出及其他支出预算表\n\n单位：万元\n\n"
        "支出项目类别（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\n"
        "合计\t300.01\t280.01\t10.00\t10.00\t\n"
        "某某局\t200.01\t180.01\t10.00\t10.00\t\n"
        "办公经费\t100.00\t90.00\t10.00\t0.00\t保障运转\n"
        "信息化运维\t100.00\t90.00\t0.00\t10.00\t系统稳定\n"
        "某某中心\t100.00\t100.00\t0.00\t0.00\t\n"
        "监测经费\t100.00\t100.00\t0.00\t0.00\t完成监测，\n"
        "\t\t\t\t\t按时报送\n"
    )
    rows = [
        (p["unit_name"], p["project_name"], p["budget"], p["special_account"], p["goal"])
        for p in found.records["projects"]
    ]
    assert rows == [
        ("某某局", "办公经费", Decimal("100.00"), Decimal("10.00"), "保障运转"),
        ("某某局", "信息化运维", Decimal("100.00"), Decimal("0.00"), "系统稳定"),
        ("某某中心", "监测经费", Decimal("100.00"), Decimal("0.00"), "完成监测，按时报送"),
    ]
    assert [p["project_seq"] for p in found.records["projects"]] == [1, 2, 3]


def test_a_project_without_a_goal_is_kept_when_no_projects_add_up_to_it() -> None:
    found = projects_in(
        "项目 \t预算数（单位：万元）\t绩效目标\n差旅经费\t5.00\t\n培训经费\t3.00\t完成培训\n"
    )
    assert [(p["project_name"], p["goal"]) for p in found.records["projects"]] == [
        ("差旅经费", None),
        ("培训经费", "完成培训"),
    ]


def test_indicators_in_columns_and_written_out_in_one_cell() -> None:
    found = projects_in(
        "序号\t项目名称\t当年财政拨款预算金额\t当年绩效目标\t指标名称\t指标性质\t指标值\t计量单位\n"
        "1\t气象事务\t4,902.34\t做好预报\t预报准确率\t≥\t78\t%\n"
        "\t\t\t\t台站改造数量\t≥\t4\t个\n\n"
        "项目名称（资金使用单位）\t总计：\t财政拨款\t绩效目标\t绩效指标\n"
        "环保员经费\t238.00\t238.00\t强化监督\t"
        "1.1－产出指标，11－数量指标，环保员数量；实施周期指标值：≦核定人数，年度指标值：≦核定人数；"
        "2、2－效益指标，22－社会效益，投诉办结率；实施周期指标值：≥90%，年度指标值：≥90%;\n"
    )
    assert [
        (p["project_name"], p["fiscal_funds"], p["budget"]) for p in found.records["projects"]
    ] == [
        ("气象事务", Decimal("4902.34"), None),
        ("环保员经费", Decimal("238.00"), Decimal("238.00")),
    ]
    indicators = [
        (i["project_seq"], i["level1"], i["level2"], i["name"], i["target"])
        for i in found.records["indicators"]
    ]
    assert indicators == [
        (1, None, None, "预报准确率", "≥78%"),
        (1, None, None, "台站改造数量", "≥4个"),
        (2, "产出指标", "数量指标", "环保员数量", "≦核定人数"),
        (2, "效益指标", "社会效益", "投诉办结率", "≥90%"),
    ]


def test_a_project_listed_again_among_the_key_projects_is_published_once() -> None:
    found = projects_in(
        "单位名称\t项目名称\t金额\t绩效目标\n"
        "某局\t办公经费\t10.00\t保障运转\n某局\t宣传经费\t5.00\t扩大影响\n\n"
        "七、重点项目预算绩效目标情况\n\n"
        "项目\t预算数（单位：万元）\t绩效目标\n办公经费\t10.00\t保障运转\n"
    )
    assert [p["project_name"] for p in found.records["projects"]] == ["办公经费", "宣传经费"]
    assert found.claimed == {0, 2}


def test_a_carried_over_part_of_a_project_budget() -> None:
    """国家信访局: 年度资金总额 2,134.87 = 其中：财政拨款 1,384.87 + 上年结转 750.00."""
    found = projects_in(
        "信息化运行维护绩效目标表\n\n（2026年度）\n\n"
        "项目名称\t信息化运行维护\n"
        "项目资金（万元）\t年度资金总额：\t2,134.87\n"
        "\t其中：财政拨款\t1,384.87\n\t上年结转\t750.00\n\t其他资金\t-\n"
        "年度总体目标\t系统稳定\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
        "\t产出指标\t数量指标\t设备维护量\t≥330台（套）\n"
    )
    [project] = found.records["projects"]
    assert (project["budget"], project["fiscal_funds"], project["carryover"]) == (
        Decimal("2134.87"),
        Decimal("1384.87"),
        Decimal("750.00"),
    )
    assert project["goal"] == "系统稳定"
    assert found.records["indicators"][0]["name"] == "设备维护量"
