"""The 机构设置 table of the five sources, and of layouts none of them has.

Every expected unit was read by hand from the source text files (line numbers in comments).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import blocks_of

from openbudget.blocks import Block
from openbudget.readers.text import read
from openbudget.recognise.found import Found
from openbudget.recognise.org_units import read_org_units
from openbudget.repair import repair

SOURCES = Path(__file__).resolve().parent.parent / "sources"
FUNDED = "财政性资金基本保证"


@cache
def units_of(name: str) -> Found:
    return read_org_units(blocks_of(name))


def rows(found: Found) -> list[tuple[object, ...]]:
    return [
        (u["unit_seq"], u["unit_name"], u["nature"], u["rank"], u["funding_form"])
        for u in found.records.get("org_units", [])
    ]


UNITS = {
    # 2025-julu-renshe.txt lines 381-383 (tab rows under the title 部门机构设置情况)
    "2025-julu-renshe.txt": [
        (1, "巨鹿县人力资源和社会保障局本级", "行政", "正科级", "财政拨款"),
        (2, "巨鹿县社会保险事业服务中心", "事业", "副科级", FUNDED),
    ],
    # 2024-haigang-renshe.txt lines 2148-2166 (one cell per line)
    "2024-haigang-renshe.txt": [
        (1, "秦皇岛市海港区人力资源和社会保障局本级", "行政", "正科级", "财政拨款"),
        (2, "秦皇岛市海港区社会保险事业所", "事业", "副科级", FUNDED),
        (3, "秦皇岛市海港区就业服务中心", "事业", "副科级", FUNDED),
    ],
    # 2020-pingxiang-renshe.txt lines 36-56: the title is the table's first row
    "2020-pingxiang-renshe.txt": [
        (1, "平乡县人力资源和社会保障局", "行政", "正科级", "财政拨款"),
        (2, "平乡县就业服务局", "事业", "正科级", "财政拨款"),
        (3, "平乡县社会保险事业管理局", "事业", "副科级", "财政拨款"),
    ],
    # 2021-bazhou-renshe.txt lines 19-42: one unit between empty rows
    "2021-bazhou-renshe.txt": [
        (1, "霸州市人力资源和社会保障局", "行政", "正科级", "财政拨款"),
    ],
    # 2024-sjz-gaoxin-zuzhibu.txt lines 747-756: continued with its headings repeated
    "2024-sjz-gaoxin-zuzhibu.txt": [
        (1, "中共石家庄高新技术产业开发区工委组织部本级", "行政", "副处(县)级", "财政拨款"),
        (2, "石家庄高新技术产业开发区社会保险中心", "事业", "正科级", FUNDED),
        (3, "石家庄高新技术产业开发区就业服务中心", "事业", "正科级", FUNDED),
        (4, "石家庄高新技术产业开发区人才资源开发交流中心", "事业", "正科级", FUNDED),
        (5, "石家庄高新技术产业开发区劳动人事争议仲裁院", "事业", "正科级", FUNDED),
        (6, "石家庄高新技术产业开发区事业单位登记管理中心", "事业", "正科级", FUNDED),
        (7, "石家庄循环化工园区劳动和社会保障服务中心", "事业", "正科级", FUNDED),
    ],
}

TABLE_LINES = {
    "2025-julu-renshe.txt": {381},
    "2024-haigang-renshe.txt": {2148},
    "2020-pingxiang-renshe.txt": {36},
    "2021-bazhou-renshe.txt": {19},
    "2024-sjz-gaoxin-zuzhibu.txt": {747},  # line 753 is merged into it by repair
}


@pytest.mark.parametrize("name", sorted(UNITS))
def test_units_table_of_each_source(name):
    found = units_of(name)
    assert rows(found) == UNITS[name]
    assert {blocks_of(name)[i].line for i in found.claimed} == TABLE_LINES[name]
    assert all(blocks_of(name)[i].kind == "table" for i in found.claimed)


# --- Layouts none of the sources has ------------------------------------------------


def units_in(text: str) -> Found:
    blocks, _ = repair(read(Path("t.txt"), text.encode()))
    return read_org_units(blocks)


def test_columns_are_found_by_heading_words_not_position():
    found = units_in("经费保障形式\t单位名称\t单位规格\t单位性质\n财政拨款\t某局\t正科级\t行政\n")
    assert rows(found) == [(1, "某局", "行政", "正科级", "财政拨款")]


def test_a_title_above_lets_fewer_headings_identify_the_table():
    found = units_in("单位机构设置情况\n\n单位名称\t级别\n某局\t正科级\n某中心\t副科级\n")
    assert rows(found) == [(1, "某局", None, "正科级", None), (2, "某中心", None, "副科级", None)]


def test_a_table_split_in_two_keeps_numbering_its_units():
    header = ["单位名称", "单位性质", "单位规格", "经费保障形式"]
    blocks = [
        Block("paragraph", text="部门机构设置情况", line=1),
        Block("table", rows=[header, ["甲局", "行政", "正科级", "财政拨款"]], line=3),
        Block("table", rows=[header, ["乙中心", "事业", "副科级", "财政拨款"]], line=6),
    ]
    found = read_org_units(blocks)
    assert [u["unit_seq"] for u in found.records["org_units"]] == [1, 2]
    assert found.claimed == {1, 2}


def test_other_tables_with_a_name_column_are_not_units():
    found = units_in("部门政府采购预算\n\n单位名称\t采购物品名称\t数量\n某局\t电脑\t2\n")
    assert found.records == {} and found.claimed == set()
