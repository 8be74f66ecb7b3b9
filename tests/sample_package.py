"""A small, realistic data package for site tests, independent of the parser.

The figures of 巨鹿县人力资源和社会保障局 2025 are copied from the published disclosure
(shared source 000); the 海港区 2024 document carries only three of its tables, to exercise
the "table missing" paths; the 平乡县 2020 document has no standard tables at all, like the
real older-template disclosure, but it has a project table in the 2020 template (graded
indicators). Project, indicator, unit, asset and prose rows of 巨鹿 are copied from its
disclosure; 海港's procurement items, and all checks and repairs rows, are invented.

巨鹿 also has an invented 2024 document (four tables and one project), so the department has
two years: its 支出总计 is 3893.40, which makes the 2025 change −390.80, as the 2025 prose says.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openbudget.codelists import code_lists, document_codes, merge
from openbudget.schema import resource_fields, resource_title
from openbudget.zips import deterministic_zip

JULU = "2025-130529-323"
HAIGANG = "2024-130302-323"
PINGXIANG = "2020-130532-pxxrsj"
JULU_2024 = "2024-130529-323"

ALL_TABLES = (
    "budget_summary income expenditure fiscal_summary general_budget_expenditure "
    "basic_expenditure gov_fund_expenditure state_capital_expenditure three_public"
)

DOCUMENTS = [
    {
        "document_id": JULU,
        "year": "2025",
        "province": "河北省",
        "city": "邢台市",
        "region_name": "巨鹿县",
        "region_code": "130529",
        "department_code": "323",
        "department_name": "巨鹿县人力资源和社会保障局",
        "document_kind": "部门预算",
        "title": "巨鹿县人力资源和社会保障局2025年部门预算信息公开",
        "source_path": "sources/2025-130529-323.pdf",
        "source_format": "pdf",
        "source_sha256": "61acb08448ae63a2" + "0" * 48,
        "source_url": "",
        "page_count": "53",
        "tables_found": ALL_TABLES,
        "tables_empty": "gov_fund_expenditure state_capital_expenditure three_public",
        "checks_run": "24",
        "checks_failed": "6",
        # 政府采购预算 printed empty (空表列示).
        "procurement_empty": "True",
        # Figures stated in the prose (情况说明), as printed.
        "prose_income_total": "3502.60",
        "prose_expenditure_total": "3502.60",
        "prose_basic": "907.80",
        "prose_personnel": "840.10",
        "prose_public_funds": "67.70",
        "prose_project": "2594.80",
        "prose_change": "-390.80",
        "prose_operating_costs": "67.7",
        "prose_three_public_total": "0.00",
        "prose_assets_total": "456.88",
        "prose_planned_purchases": "4.00",
    },
    {
        "document_id": HAIGANG,
        "year": "2024",
        "province": "河北省",
        "city": "秦皇岛市",
        "region_name": "海港区",
        "region_code": "130302",
        "department_code": "323",
        "department_name": "秦皇岛市海港区人力资源和社会保障局",
        "document_kind": "部门预算",
        "title": "",
        "source_path": "sources/2024-130302-323.docx",
        "source_format": "docx",
        "source_sha256": "9c205390ae305313" + "0" * 48,
        "source_url": "http://www.example.gov.cn/haigang/2024.docx",
        "page_count": "",
        "tables_found": "budget_summary income expenditure",
        "tables_empty": "",
        "checks_run": "6",
        "checks_failed": "2",
        "procurement_empty": "False",
        "prose_income_total": "4078.23",
        "prose_project": "2132.93",
    },
    {
        "document_id": PINGXIANG,
        "year": "2020",
        "province": "河北省",
        "city": "邢台市",
        "region_name": "平乡县",
        "region_code": "130532",
        "department_code": "",
        "department_name": "平乡县人力资源和社会保障局",
        "document_kind": "部门预算",
        "title": "平乡县人力资源和社会保障局2020年部门预算信息公开",
        "source_path": "sources/2020-130532-pxxrsj.docx",
        "source_format": "docx",
        "source_sha256": "0bff1ad4054556b9" + "0" * 48,
        "source_url": "",
        "page_count": "",
        "tables_found": "",
        "tables_empty": "",
        "checks_run": "0",
        "checks_failed": "0",
        "procurement_empty": "True",
        "prose_operating_costs": "67.68",
    },
]

DOCUMENTS.append(
    {
        "document_id": JULU_2024,
        "year": "2024",
        "province": "河北省",
        "city": "邢台市",
        "region_name": "巨鹿县",
        "region_code": "130529",
        "department_code": "323",
        "department_name": "巨鹿县人力资源和社会保障局",
        "document_kind": "部门预算",
        "title": "巨鹿县人力资源和社会保障局2024年部门预算信息公开",
        "source_path": "sources/2024-130529-323.pdf",
        "source_format": "pdf",
        "page_count": "40",
        "tables_found": "budget_summary expenditure basic_expenditure three_public",
        "checks_run": "8",
        "checks_failed": "0",
        "procurement_empty": "True",
        "prose_operating_costs": "70.00",
    }
)


def _summary(doc: str, lines: list[tuple[int, str, str, str, str]]) -> list[dict[str, str]]:
    return [
        {
            "document_id": doc,
            "line_no": str(n),
            "side": side,
            "item": item,
            "amount": amount,
            "line_kind": kind,
        }
        for n, side, item, amount, kind in lines
    ]


BUDGET_SUMMARY = _summary(
    JULU,
    [
        (1, "income", "一、一般公共预算拨款收入", "3502.60", "item"),
        (1, "expenditure", "一、一般公共服务支出", "", "item"),
        (2, "income", "二、政府性基金预算拨款收入", "", "item"),
        (2, "expenditure", "二、外交支出", "", "item"),
        (8, "expenditure", "八、社会保障和就业支出", "3502.60", "item"),
        (32, "income", "本年收入合计", "3502.60", "subtotal"),
        (32, "expenditure", "本年支出合计", "3502.60", "subtotal"),
        (33, "income", "上年结转结余", "", "carryover"),
        (33, "expenditure", "年终结转结余", "", "carryover"),
        (34, "income", "收入总计", "3502.60", "total"),
        (34, "expenditure", "支出总计", "3502.60", "total"),
    ],
) + _summary(
    HAIGANG,
    [
        (1, "income", "一、一般公共预算拨款收入", "2491.84", "item"),
        (3, "income", "三、国有资本经营预算拨款收入", "758.00", "item"),
        (8, "expenditure", "八、社会保障和就业支出", "2320.28", "item"),
        (10, "expenditure", "十、卫生健康支出", "122.62", "item"),
        (20, "expenditure", "二十、住房保障支出", "119.33", "item"),
        (22, "expenditure", "二十二、国有资本经营预算支出", "1516.00", "item"),
        (32, "income", "本年收入合计", "3249.84", "subtotal"),
        (32, "expenditure", "本年支出合计", "4078.23", "subtotal"),
        (33, "income", "上年结转结余", "828.39", "carryover"),
        (33, "expenditure", "年终结转结余", "", "carryover"),
        (34, "income", "收入总计", "4078.23", "total"),
        (34, "expenditure", "支出总计", "4078.23", "total"),
    ],
)

# (code, name, total, basic, project) of the 巨鹿 支出总表 / 一般公共预算支出表.
_JULU_FUNCTIONS = [
    ("", "合计", "3502.60", "907.80", "2594.80"),
    ("208", "社会保障和就业支出", "3502.60", "907.80", "2594.80"),
    ("20801", "人力资源和社会保障管理事务", "944.60", "863.80", "80.80"),
    ("2080101", "行政运行", "513.00", "513.00", ""),
    ("2080102", "一般行政管理事务", "26.00", "", "26.00"),
    ("2080105", "劳动保障监察", "2.40", "", "2.40"),
    ("2080106", "就业管理事务", "10.00", "", "10.00"),
    ("2080109", "社会保险经办机构", "390.80", "350.80", "40.00"),
    ("2080112", "劳动人事争议调解仲裁", "2.40", "", "2.40"),
    ("20805", "行政事业单位养老支出", "44.00", "44.00", ""),
    ("2080501", "行政单位离退休", "38.00", "38.00", ""),
    ("2080502", "事业单位离退休", "6.00", "6.00", ""),
    ("20807", "就业补助", "2514.00", "", "2514.00"),
    ("2080701", "就业创业服务补助", "1469.00", "", "1469.00"),
    ("2080705", "公益性岗位补贴", "160.00", "", "160.00"),
    ("2080711", "就业见习补贴", "630.00", "", "630.00"),
    ("2080799", "其他就业补助支出", "255.00", "", "255.00"),
]
_HAIGANG_FUNCTIONS = [
    ("", "合计", "4078.23", "1945.84", "2132.39"),
    ("208", "社会保障和就业支出", "2320.28", "1703.89", "616.39"),
    ("20801", "人力资源和社会保障管理事务", "1641.90", "1395.90", "246.00"),
    ("20805", "行政事业单位养老支出", "606.79", "306.79", "300.00"),
    ("20807", "就业补助", "70.39", "", "70.39"),
    ("20808", "抚恤", "1.20", "1.20", ""),
    ("210", "卫生健康支出", "122.62", "122.62", ""),
    ("21011", "行政事业单位医疗", "122.62", "122.62", ""),
    ("221", "住房保障支出", "119.33", "119.33", ""),
    ("22102", "住房改革支出", "119.33", "119.33", ""),
    ("223", "国有资本经营预算支出", "1516.00", "", "1516.00"),
    ("22301", "解决历史遗留问题及改革成本支出", "1516.00", "", "1516.00"),
]


def _level(code: str) -> str:
    return {0: "0", 3: "1", 5: "2", 7: "3"}.get(len(code), "3")


def _functions(doc: str, rows: list[tuple[str, ...]], columns: tuple[str, ...]) -> list[dict]:
    return [
        {
            "document_id": doc,
            "row_no": str(i),
            "function_code": code,
            "function_name": name,
            "level": _level(code),
            **dict(zip(columns, amounts, strict=True)),
        }
        for i, (code, name, *amounts) in enumerate(rows, start=1)
    ]


EXPENDITURE = _functions(JULU, _JULU_FUNCTIONS, ("total", "basic", "project")) + _functions(
    HAIGANG, _HAIGANG_FUNCTIONS, ("total", "basic", "project")
)
GENERAL_BUDGET = _functions(JULU, _JULU_FUNCTIONS, ("total", "basic", "project"))
INCOME = _functions(
    JULU,
    [(code, name, total, total, total) for code, name, total, _b, _p in _JULU_FUNCTIONS],
    ("total", "current_year_subtotal", "fiscal_appropriation"),
) + [
    {
        "document_id": HAIGANG,
        "row_no": "1",
        "function_code": "",
        "function_name": "合计",
        "level": "0",
        "total": "4078.23",
        "current_year_subtotal": "3249.84",
        "fiscal_appropriation": "3249.84",
        "prior_year_carryover": "828.39",
    },
]

FISCAL_SUMMARY = [
    {
        "document_id": JULU,
        "line_no": "1",
        "side": "income",
        "item": "一、一般公共预算拨款",
        "total": "3502.60",
        "line_kind": "item",
    },
    {
        "document_id": JULU,
        "line_no": "8",
        "side": "expenditure",
        "item": "八、社会保障和就业支出",
        "total": "3502.60",
        "general_budget": "3502.60",
        "line_kind": "item",
    },
    {
        "document_id": JULU,
        "line_no": "32",
        "side": "income",
        "item": "本年收入合计",
        "total": "3502.60",
        "line_kind": "subtotal",
    },
    {
        "document_id": JULU,
        "line_no": "32",
        "side": "expenditure",
        "item": "本年支出合计",
        "total": "3502.60",
        "general_budget": "3502.60",
        "line_kind": "subtotal",
    },
    {
        "document_id": JULU,
        "line_no": "37",
        "side": "income",
        "item": "收入总计",
        "total": "3502.60",
        "line_kind": "total",
    },
    {
        "document_id": JULU,
        "line_no": "37",
        "side": "expenditure",
        "item": "支出总计",
        "total": "3502.60",
        "general_budget": "3502.60",
        "line_kind": "total",
    },
]

_BASIC = [
    ("", "合计", "907.80", "840.10", "67.70"),
    ("301", "工资福利支出", "794.30", "794.30", ""),
    ("30101", "基本工资", "387.80", "387.80", ""),
    ("30102", "津贴补贴", "32.00", "32.00", ""),
    ("30103", "奖金", "26.00", "26.00", ""),
    ("30107", "绩效工资", "136.00", "136.00", ""),
    ("30108", "机关事业单位基本养老保险缴费", "88.00", "88.00", ""),
    ("30110", "职工基本医疗保险缴费", "42.00", "42.00", ""),
    ("30112", "其他社会保障缴费", "6.70", "6.70", ""),
    ("30113", "住房公积金", "75.80", "75.80", ""),
    ("302", "商品和服务支出", "65.70", "", "65.70"),
    ("30201", "办公费", "31.60", "", "31.60"),
    ("30207", "邮电费", "3.00", "", "3.00"),
    ("30211", "差旅费", "1.50", "", "1.50"),
    ("30216", "培训费", "4.10", "", "4.10"),
    ("30229", "福利费", "9.00", "", "9.00"),
    ("30239", "其他交通费用", "15.00", "", "15.00"),
    ("30299", "其他商品和服务支出", "1.50", "", "1.50"),
    ("303", "对个人和家庭的补助", "45.80", "45.80", ""),
    ("30302", "退休费", "44.00", "44.00", ""),
    ("30305", "生活补助", "1.80", "1.80", ""),
    ("310", "资本性支出", "2.00", "", "2.00"),
    ("31002", "办公设备购置", "2.00", "", "2.00"),
]
BASIC_EXPENDITURE = [
    {
        "document_id": JULU,
        "row_no": str(i),
        "economic_code": code,
        "economic_name": name,
        "level": {0: "0", 3: "1", 5: "2"}[len(code)],
        "total": total,
        "personnel": personnel,
        "public_funds": public,
    }
    for i, (code, name, total, personnel, public) in enumerate(_BASIC, start=1)
]

CHECKS = [
    {
        "document_id": JULU,
        "check_seq": "1",
        "check": "prose_vs_table",
        "severity": "warning",
        "table": "three_public",
        "row_ref": "合计",
        "expected": "",
        "actual": "",
        "message": "说明称“三公”经费为 0，表格空表列示，无法逐项核对（测试样例）",
    },
    {
        "document_id": JULU,
        "check_seq": "2",
        "check": "hierarchy_sum",
        "severity": "error",
        "table": "basic_expenditure",
        "row_ref": "302",
        "expected": "65.70",
        "actual": "65.80",
        "message": "商品和服务支出不等于其下各款之和（测试样例）",
    },
    {
        "document_id": JULU,
        "check_seq": "3",
        "check": "prose_vs_table",
        "severity": "warning",
        "table": "sections",
        "row_ref": "三、机关运行经费",
        "expected": "67.70",
        "actual": "",
        "message": "说明未给出机关运行经费金额（测试样例）",
    },
    {
        "document_id": JULU,
        "check_seq": "4",
        "check": "projects_total",
        "severity": "warning",
        "table": "projects",
        "row_ref": "全部项目",
        "expected": "2594.80",
        "actual": "851.00",
        "message": (
            "绩效目标表所列 3 个项目的预算数合计与支出总表的项目支出不符"
            "（文件可能只列出了部分项目）"
        ),
    },
    {
        "document_id": JULU,
        "check_seq": "5",
        "check": "row_identity",
        "severity": "error",
        "table": "projects",
        "row_ref": "3 冀财社2024年136号提前下达2025年中央就业补助资金",
        "expected": "110.00",
        "actual": "100.00",
        "message": "项目的预算数与财政资金、其他资金之和不符（测试样例）",
    },
    {
        "document_id": JULU,
        "check_seq": "6",
        "check": "hierarchy_sum",
        "severity": "warning",
        "table": "assets",
        "row_ref": "资产总额",
        "expected": "456.88",
        "actual": "456.88",
        "message": "房屋价值空白，按 0 计（测试样例）",
    },
    {
        "document_id": HAIGANG,
        "check_seq": "1",
        "check": "prose_vs_table",
        "severity": "error",
        "table": "expenditure",
        "row_ref": "项目支出",
        "expected": "2132.39",
        "actual": "2132.93",
        "message": "情况说明所述项目支出与表中数字不符（测试样例）",
    },
    {
        "document_id": HAIGANG,
        "check_seq": "2",
        "check": "hierarchy_sum",
        "severity": "error",
        "table": "procurement",
        "row_ref": "秦皇岛市海港区就业服务中心 小计",
        "expected": "3.30",
        "actual": "3.50",
        "message": "秦皇岛市海港区就业服务中心小计与其采购品目之和不符（测试样例）",
    },
]

CHECKS.append(
    {
        "document_id": PINGXIANG,
        "check_seq": "1",
        "check": "prose_unit",
        "severity": "warning",
        "table": "documents",
        "row_ref": "机关运行经费安排情况：prose_operating_costs",
        "expected": "",
        "actual": "67.68",
        "message": "情况说明写作“运行经费共计安排67.68元”，金额单位为元而非万元；读作 67.68 万元",
    }
)

_JIUYE = "冀财社2024年136号提前下达2025年中央就业补助资金"


def _project(doc: str, seq: int, **fields: str) -> dict[str, str]:
    return {"document_id": doc, "project_seq": str(seq), **fields}


#: 巨鹿 projects 1–3 as printed (the document has 15); 海港 project 1; 平乡 project 1 (2020
#: template: no budget lines, indicators graded 优/良/中/差).
PROJECTS = [
    _project(
        JULU,
        1,
        title=f"1、{_JIUYE}绩效目标表",
        project_code="13052925P00004710003D",
        project_name=_JIUYE,
        budget="496.00",
        fiscal_funds="496.00",
        purpose="支付每人每月 2000 元见习补贴",
        schedule_march="200.00",
        schedule_june="150.00",
        schedule_october="146.00",
        goal=(
            "1.预计全年安排见习人员 200 人以上 2.按每人每月 2000 元发放见习补贴标准，"
            "减轻就业见习人员生活负担。 3.每两个月准确、按时发放见习补贴"
        ),
        indicator_count="7",
    ),
    _project(
        JULU,
        2,
        title=f"2、{_JIUYE}绩效目标表",
        project_code="13052925P00004710007U",
        project_name=_JIUYE,
        budget="255.00",
        fiscal_funds="255.00",
        purpose="支付创业孵化基地相关费用",
        schedule_march="100.00",
        schedule_june="200.00",
        schedule_october="255.00",
        schedule_december="255.00",
        goal=(
            "1.带动未就业人员就业 300 多人 2.为小企业按每月补贴房租物业水电费 "
            "3.扶持 200 多家小微企业发展"
        ),
        indicator_count="2",
    ),
    _project(
        JULU,
        3,
        title=f"3、{_JIUYE}绩效目标表",
        project_code="13052925P00004710008F",
        project_name=_JIUYE,
        budget="100.00",
        fiscal_funds="100.00",
        purpose="用于公益性岗位人员岗位补贴和社保补贴",
        schedule_june="20.00",
        schedule_october="50.00",
        schedule_december="100.00",
        goal="1.每季度按时发放公岗人员的岗位补贴和社保补贴 2.帮助不低于 150 名困难人员实现就业",
        indicator_count="0",
    ),
    _project(
        HAIGANG,
        1,
        title="1、保障农民工工资支付工作专项经费绩效目标表",
        project_code="13030224P00308P12449R",
        project_name="保障农民工工资支付工作专项经费",
        budget="2.00",
        fiscal_funds="2.00",
        purpose="履行全区保障农民工工资支付领导小组办公室职责，组织召开工作会议。",
        schedule_march="25",
        schedule_june="50",
        schedule_october="75",
        schedule_december="100",
        schedule_unit="%",
        goal="1.依法依规处理投诉举报案件\n2.协调各成员单位开展执法检查、法律宣传等工作。",
        indicator_count="1",
    ),
    _project(
        PINGXIANG,
        1,
        title="1、劳动监察等劳动保障经费绩效目标表",
        project_name="劳动监察等劳动保障经费",
        goal=(
            "严格按照要求接受劳动者各类案件，全年结案率100%，加强劳动关系协调机制建设，"
            "提升社会和谐水平。2020年需经费10万元，主要用于调节劳动纠纷、企业用工监察。"
        ),
        indicator_count="2",
    ),
]


def _indicator(doc: str, project: int, seq: int, *cells: str, **grades: str) -> dict[str, str]:
    names = ("level1", "level2", "name", "description", "target", "basis")
    return {
        "document_id": doc,
        "project_seq": str(project),
        "indicator_seq": str(seq),
        **dict(zip(names, cells, strict=False)),
        **grades,
    }


_BASIS = "冀财规【2018】21号"
INDICATORS = [
    _indicator(
        JULU, 1, 1, "产出指标", "数量指标", "就业见习人数", "全县见习岗位人数", "≥200 人", _BASIS
    ),
    _indicator(
        JULU,
        1,
        2,
        "产出指标",
        "质量指标",
        "补贴核算正确率",
        "实际发放补贴占核算补贴的比例",
        "100%",
        _BASIS,
    ),
    _indicator(
        JULU,
        1,
        3,
        "产出指标",
        "时效指标",
        "发放补贴时间",
        "自申请即日起发放时间不高于 60 天",
        "≤60 天",
        _BASIS,
    ),
    _indicator(
        JULU, 1, 4, "产出指标", "成本指标", "发放补贴标准", "发放补贴标准", "2000 元", _BASIS
    ),
    _indicator(
        JULU,
        1,
        5,
        "效益指标",
        "社会效益指标",
        "补贴发放率",
        "实际发放补贴单位占领取补贴单位的比例",
        "100%",
        _BASIS,
    ),
    _indicator(
        JULU,
        1,
        6,
        "效益指标",
        "可持续影响指标",
        "失业人员再就业",
        "促进我县就业工作更好发展",
        "失业人员再就业人数比去年增加 20%",
        _BASIS,
    ),
    _indicator(
        JULU,
        1,
        7,
        "满意度指标",
        "服务对象满意度指标",
        "领取补贴人员满意度",
        "领取补贴人员满意度",
        "≥95%",
        "调查问卷",
    ),
    _indicator(
        JULU,
        2,
        1,
        "产出指标",
        "数量指标",
        "入驻孵化项目户",
        "全县入驻孵化项目 255 家",
        "255 户",
        "冀办发【2014】16号",
    ),
    _indicator(
        JULU,
        2,
        2,
        "满意度指标",
        "服务对象满意度指标",
        "入驻项目户满意度",
        "入驻项目户满意度",
        "≥95%",
        "调查问卷",
    ),
    _indicator(
        HAIGANG,
        1,
        1,
        "产出指标",
        "数量指标",
        "拖欠工资案件立案率",
        "拖欠农民工工资案件立案率",
        "≥90%",
        "年度工作计划",
    ),
    _indicator(
        PINGXIANG,
        1,
        1,
        "产出指标",
        "",
        "劳动仲裁结案率（%）",
        "劳动仲裁案件结案数量占受理案件数量的比例",
        "",
        "统计报表",
        grade_excellent="≥90%",
        grade_good="≥80%",
        grade_fair="≥70%",
        grade_poor="＜70%",
    ),
    _indicator(
        PINGXIANG,
        1,
        2,
        "",
        "",
        "办结业务数（件）",
        "当年办结的业务数量",
        "",
        "统计台账",
        grade_excellent="≥30件",
        grade_good="≥25件",
        grade_fair="≥20件",
        grade_poor="＜20件",
    ),
]

ORG_UNITS = [
    {
        "document_id": JULU,
        "unit_seq": "1",
        "unit_name": "巨鹿县人力资源和社会保障局本级",
        "nature": "行政",
        "rank": "正科级",
        "funding_form": "财政拨款",
    },
    {
        "document_id": JULU,
        "unit_seq": "2",
        "unit_name": "巨鹿县社会保险事业服务中心",
        "nature": "事业",
        "rank": "副科级",
        "funding_form": "财政性资金基本保证",
    },
]

_HAIGANG_BENJI = "秦皇岛市海港区人力资源和社会保障局本级"
_HAIGANG_JIUYE = "秦皇岛市海港区就业服务中心"


def _purchase(row: int, unit: str, project: str, item: str, code: str, *figures: str) -> dict:
    names = ("project_budget", "measure_unit", "quantity", "unit_price", "total", "general_budget")
    return {
        "document_id": HAIGANG,
        "row_no": str(row),
        "unit_name": unit,
        "project_name": project,
        "item": item,
        "catalog_code": code,
        **dict(zip(names, figures, strict=True)),
    }


#: Invented 海港 procurement in the printed layout: items under two budget units.
PROCUREMENT = [
    _purchase(
        3,
        _HAIGANG_BENJI,
        "公用类项目（三保）",
        "台式计算机",
        "A02010105",
        "34.42",
        "台",
        "4",
        "0.45",
        "1.80",
        "1.80",
    ),
    _purchase(
        4,
        _HAIGANG_BENJI,
        "公用类项目（三保）",
        "其他办公用品",
        "A05049900",
        "34.42",
        "批",
        "1",
        "19.90",
        "19.90",
        "19.90",
    ),
    _purchase(
        6,
        _HAIGANG_JIUYE,
        "就业工作经费",
        "其他办公用品",
        "A05049900",
        "4.20",
        "批",
        "1",
        "3.50",
        "3.50",
        "3.50",
    ),
]

ASSETS = [
    {
        "document_id": JULU,
        "item_seq": str(i),
        "as_of": "2024-12-31",
        "item": item,
        "quantity": qty,
        "value": value,
    }
    for i, (item, qty, value) in enumerate(
        [
            ("资产总额", "", "456.88"),
            ("1、房屋（平方米）", "", ""),
            ("其中：办公用房（平方米）", "", ""),
            ("2、车辆（台、辆）", "1", "11.24"),
            ("3、单价在 20 万元以上的设备", "", ""),
            ("4、其他固定资产", "895", "445.64"),
        ],
        start=1,
    )
]

SECTIONS = [
    {
        "document_id": JULU,
        "section_no": "1",
        "heading": "部门职责及机构设置情况",
        "text": (
            "（一）贯彻执行国家、省、市人力资源和社会保障工作的方针政策和法律法规。\n"
            "(十二) 完成县委、县政府交办的其他事项。"
        ),
    },
    {
        "document_id": JULU,
        "section_no": "3",
        "heading": "三、机关运行经费安排情况",
        "text": "2025年，我部门运行经费共计安排67.7万元，主要用于邮电费、办公费等日常运行支出。",
    },
    {
        "document_id": JULU,
        "section_no": "9",
        "heading": "国有资产信息",
        "text": (
            "巨鹿县人力资源和社会保障局（含所属单位）上年末固定资产金额为 456.88万元"
            "（详见下表）。\n\n"
            "本年度拟购置固定资产总额为 4.00 万元，已按要求列入政府采购预算，详见政府采购预算表。"
        ),
    },
]

REPAIRS = [
    {
        "document_id": JULU,
        "repair_seq": "1",
        "kind": "repeated_header",
        "location": "部门预算收入总表 第 2 页",
        "before": "序号\t功能分类科目\t…",
        "after": "",
    },
    {
        "document_id": JULU,
        "repair_seq": "2",
        "kind": "split_number",
        "location": "部门预算支出总表 序号 14",
        "before": "146 9.00",
        "after": "1469.00",
    },
]

# The invented 巨鹿 2024 document (see the module docstring).
BUDGET_SUMMARY += _summary(
    JULU_2024,
    [
        (1, "income", "一、一般公共预算拨款收入", "3893.40", "item"),
        (8, "expenditure", "八、社会保障和就业支出", "3803.40", "item"),
        (20, "expenditure", "二十、住房保障支出", "90.00", "item"),
        (34, "income", "收入总计", "3893.40", "total"),
        (34, "expenditure", "支出总计", "3893.40", "total"),
    ],
)
EXPENDITURE += _functions(
    JULU_2024,
    [
        ("", "合计", "3893.40", "880.00", "3013.40"),
        ("208", "社会保障和就业支出", "3803.40", "790.00", "3013.40"),
        ("20801", "人力资源和社会保障管理事务", "3803.40", "790.00", "3013.40"),
        ("221", "住房保障支出", "90.00", "90.00", ""),
        ("22102", "住房改革支出", "90.00", "90.00", ""),
    ],
    ("total", "basic", "project"),
)
BASIC_EXPENDITURE += [
    {
        "document_id": JULU_2024,
        "row_no": str(i),
        "economic_code": code,
        "economic_name": name,
        "level": {0: "0", 3: "1"}[len(code)],
        "total": total,
        "personnel": personnel,
        "public_funds": public,
    }
    for i, (code, name, total, personnel, public) in enumerate(
        [
            ("", "合计", "880.00", "810.00", "70.00"),
            ("301", "工资福利支出", "810.00", "810.00", ""),
            ("302", "商品和服务支出", "70.00", "", "70.00"),
        ],
        start=1,
    )
]
THREE_PUBLIC = [
    {
        "document_id": JULU_2024,
        "row_no": str(i),
        "item": item,
        "total": total,
        "category": category,
    }
    for i, (item, total, category) in enumerate(
        [
            ("合计", "2.50", "total"),
            ("一、因公出国（境）费", "", "travel_abroad"),
            ("二、公务用车购置及运行维护费", "1.50", "vehicles"),
            ("三、公务接待费", "1.00", "reception"),
        ],
        start=1,
    )
]
PROJECTS.append(
    _project(
        JULU_2024,
        1,
        title="1、就业创业服务补助绩效目标表",
        project_code="13052924P00004710001A",
        project_name="就业创业服务补助",
        budget="1500.00",
        fiscal_funds="1500.00",
        goal="1.帮助城镇失业人员再就业 2.开展职业技能培训",
        indicator_count="0",
    )
)

TABLES: dict[str, list[dict[str, str]]] = {
    "documents": DOCUMENTS,
    "budget_summary": BUDGET_SUMMARY,
    "income": INCOME,
    "expenditure": EXPENDITURE,
    "fiscal_summary": FISCAL_SUMMARY,
    "general_budget_expenditure": GENERAL_BUDGET,
    "basic_expenditure": BASIC_EXPENDITURE,
    "gov_fund_expenditure": [],
    "state_capital_expenditure": [],
    "three_public": THREE_PUBLIC,
    "projects": PROJECTS,
    "indicators": INDICATORS,
    "sections": SECTIONS,
    "org_units": ORG_UNITS,
    "procurement": PROCUREMENT,
    "assets": ASSETS,
    "checks": CHECKS,
    "repairs": REPAIRS,
}


def _texts(rows: list[dict[str, object]]) -> list[dict[str, str]]:
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


def document_code_lists(
    tables: dict[str, list[dict[str, str]]], document: dict[str, str]
) -> dict[str, list[dict[str, str]]]:
    """One document's code lists, made from its rows as the package writer makes them."""
    mine = {
        name: [row for row in rows if row.get("document_id") == document["document_id"]]
        for name, rows in tables.items()
    }
    return {name: _texts(rows) for name, rows in document_codes(document, mine).items()}


def _code_lists(tables: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, str]]]:
    """The package's code lists: every document's, merged as the package writer does."""
    lists: dict[str, list[dict[str, str]]] = {name: [] for name in code_lists()}
    for document in tables["documents"]:
        for name, rows in document_code_lists(tables, document).items():
            lists[name] += rows
    return {name: _texts(merge(rows)) for name, rows in lists.items()}


TABLES |= _code_lists(TABLES)


def write_sample_package(dest: Path) -> Path:
    """Write the sample CSVs and a minimal ``datapackage.json`` into ``dest``; return it."""
    dest.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, rows in TABLES.items():
        (dest / f"{name}.csv").write_bytes(_csv(name, rows))
        resources.append(
            {
                "name": name.replace("_", "-"),
                "path": f"{name}.csv",
                "title": resource_title(name),
                "format": "csv",
                "encoding": "utf-8",
            }
        )
    descriptor = {
        "name": "sample",
        "title": "河北省部门预算公开数据（测试样例）",
        "version": "2026.11.21+00000000",
        "created": "2026-11-21T00:00:00Z",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "resources": resources,
    }
    (dest / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    write_parts(dest)
    return dest


def write_parts(package: Path) -> None:
    """Write each document's part (``departments/<document_id>.zip``, its own rows of every
    resource) from the package's CSVs, as the package is assembled: the site reads a
    document's rows from its part, so a test that edits a CSV writes the parts again."""
    tables = {}
    for name in TABLES:
        with (package / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            tables[name] = list(csv.DictReader(handle))
    parts = package / "departments"
    parts.mkdir(exist_ok=True)
    for document in tables["documents"]:
        document_id = document["document_id"]
        mine = {
            name: [row for row in rows if row.get("document_id") == document_id]
            for name, rows in tables.items()
            if name not in code_lists()
        } | document_code_lists(tables, document)
        entries = {f"{document_id}/{name}.csv": _csv(name, rows) for name, rows in mine.items()}
        (parts / f"{document_id}.zip").write_bytes(deterministic_zip(entries))


def _csv(name: str, rows: list[dict[str, str]]) -> bytes:
    """A resource's CSV of ``rows``, columns in schema order."""
    fields = [field.name for field in resource_fields(name)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({field: row.get(field, "") for field in fields})
    return out.getvalue().encode("utf-8")


def build_sample_site(root: Path, project_root: Path) -> Path:
    """Build the site of the sample package in ``root`` (a scratch project) with the real
    mkdocs.yml, hand-written pages and chart libraries of ``project_root``; return site/.

    Runs ``mkdocs build --strict``, so a link to a missing page or anchor fails the build.
    """
    from openbudget.site import build_site, render_pages
    from openbudget.site.build import copy_site_sources

    copy_site_sources(project_root, root)
    package = write_sample_package(root / "datapackage")
    render_pages(package, root / "docs", node_modules=root / "node_modules")
    build_site(root)
    return root / "site"


if __name__ == "__main__":
    import sys

    print(write_sample_package(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sample-package")))
