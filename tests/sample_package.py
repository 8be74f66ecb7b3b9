"""A small, realistic data package for site tests, independent of the parser.

The figures of 巨鹿县人力资源和社会保障局 2025 are copied from the published disclosure
(shared source 000); the 海港区 2024 document carries only three of its tables, to exercise
the "table missing" paths; the 平乡县 2020 document has no standard tables at all, like the
real older-template disclosure. Checks and repairs rows are invented for the tests.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openbudget.schema import resource_fields, resource_title

JULU = "2025-130529-323"
HAIGANG = "2024-130302-323"
PINGXIANG = "2020-130532-pxxrsj"

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
        "checks_failed": "2",
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
        "checks_failed": "0",
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
    },
]


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
    "three_public": [],
    "checks": CHECKS,
    "repairs": REPAIRS,
}


def write_sample_package(dest: Path) -> Path:
    """Write the sample CSVs and a minimal ``datapackage.json`` into ``dest``; return it."""
    dest.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, rows in TABLES.items():
        fields = [field.name for field in resource_fields(name)]
        with (dest / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({field: row.get(field, "") for field in fields})
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
        "resources": resources,
    }
    (dest / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    zips = dest / "departments"
    zips.mkdir(exist_ok=True)
    (zips / f"{JULU}.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip archive
    return dest


if __name__ == "__main__":
    import sys

    print(write_sample_package(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sample-package")))
