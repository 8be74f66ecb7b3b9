"""The 固定资产占用情况表 of each bundled source, with every expected value read by hand.

Each source prints the same seven lines in its own layout: the date in a paragraph above
the table (平乡, 巨鹿, 石家庄), in the table's first row (霸州, 海港); the title as a
heading, a paragraph or a one-cell table. Expected values were read from ``sources/``.
Item texts are as printed, without the spaces PDF extraction put between characters.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from conftest import blocks_of

from openbudget.blocks import Block
from openbudget.recognise.assets import read_assets
from openbudget.recognise.found import Found

SOURCES = Path(__file__).resolve().parent.parent / "sources"


@cache
def found_in(name: str) -> Found:
    """The asset recogniser's result for a bundled source."""
    return read_assets(blocks_of(name))


def d(text: str | None) -> Decimal | None:
    """A printed number; None for a cell printed empty or as a dash."""
    return None if text is None else Decimal(text)


# (source, 截止时间, [(item, quantity, value), …]) as printed.
EXPECTED = [
    (
        "2025-julu-renshe.txt",
        datetime.date(2024, 12, 31),
        [
            ("资产总额", None, "456.88"),
            ("1、房屋（平方米）", None, None),
            ("其中：办公用房（平方米）", None, None),
            ("2、车辆（台、辆）", "1", "11.24"),
            ("3、单价在20万元以上的设备", None, None),
            ("4、其他固定资产", "895", "445.64"),
        ],
    ),
    (
        "2024-haigang-renshe.txt",
        datetime.date(2023, 12, 31),
        [
            ("资产总额", None, "393.70"),  # 数量 printed as ——
            ("1、房屋（平方米）", "0", "0"),
            ("其中：办公用房（平方米）", "0", "0"),
            ("2、车辆（台、辆）", "3", "58.92"),
            ("3、单价在20万元以上的设备", "0", "0"),
            ("4、其他固定资产", "978", "334.78"),
        ],
    ),
    (
        "2020-pingxiang-renshe.txt",
        datetime.date(2019, 12, 31),
        [
            ("资产总额", None, "258.66"),
            ("1、房屋（平方米）", "0", "0"),
            ("其中：办公用房（平方米）", "0", "0"),
            ("2、车辆（台、辆）", "1", None),  # value printed empty
            ("3、单价在20万元以上设备", None, "0"),
            ("4、其他固定资产", None, "258.66"),
        ],
    ),
    (
        "2021-bazhou-renshe.txt",
        datetime.date(2020, 12, 31),
        [
            ("资产总额", None, "182.79"),
            ("1、房屋（平方米）", None, None),
            ("其中：办公用房（平方米）", None, None),
            ("2、车辆（台、辆）", "2", "50.46"),
            ("3、单价在20万元以上的设备", None, None),
            ("4、其他固定资产", None, "132.33"),
        ],
    ),
    (
        "2024-sjz-gaoxin-zuzhibu.txt",
        datetime.date(2023, 12, 31),
        [
            ("资产总额", None, "928.46"),
            ("1、房屋(平方米)", None, "0"),
            ("其中:办公用房(平方米)", None, "0"),
            ("2、车辆(台、辆)", "3", "44.14"),
            ("3、单价在20万元以上的设备", "3", "95.03"),
            ("4、其他固定资产", None, "789.29"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "as_of", "lines"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_every_line(name: str, as_of: datetime.date, lines: list[tuple]) -> None:
    found = found_in(name)
    assert found.problems == []
    assert found.records["assets"] == [
        {
            "item_seq": seq,
            "page": None,
            "as_of": as_of,
            "item": item,
            "quantity": d(quantity),
            "value": d(value),
        }
        for seq, (item, quantity, value) in enumerate(lines, start=1)
    ]


@pytest.mark.parametrize(
    ("name", "total"),
    [
        ("2025-julu-renshe.txt", "456.88"),
        ("2024-haigang-renshe.txt", "393.70"),
        ("2020-pingxiang-renshe.txt", "258.66"),
        ("2021-bazhou-renshe.txt", "182.79"),
        ("2024-sjz-gaoxin-zuzhibu.txt", "928.46"),
    ],
)
def test_total_line_is_kept(name: str, total: str) -> None:
    """资产总额 is printed, so it is a row (the audit checks the classes against it)."""
    first = found_in(name).records["assets"][0]
    assert (first["item"], first["value"]) == ("资产总额", Decimal(total))


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("2025-julu-renshe.txt", "部门固定资产占用情况表"),
        ("2024-haigang-renshe.txt", "部门固定资产占用情况表"),
        ("2021-bazhou-renshe.txt", "霸州市人力资源和社会保障局单位固定资产占用情况表"),
        ("2024-sjz-gaoxin-zuzhibu.txt", "部门固定资产占用情况表"),
    ],
)
def test_title_and_table_claimed(name: str, title: str) -> None:
    blocks = blocks_of(name)
    claimed = [blocks[i] for i in sorted(found_in(name).claimed)]
    assert title in [b.text for b in claimed]
    assert sum(1 for b in claimed if b.kind == "table" and len(b.rows) > 1) == 1


def test_pingxiang_title_in_a_one_cell_table_and_date_in_a_paragraph() -> None:
    blocks = blocks_of("2020-pingxiang-renshe.txt")
    claimed = [blocks[i] for i in sorted(found_in("2020-pingxiang-renshe.txt").claimed)]
    assert claimed[0].rows == [["固定资产占用情况表"]]
    assert "截止时间：2019年12月31日" in claimed[1].text


def test_a_table_without_a_date_is_read_and_reported() -> None:
    blocks = [
        Block("paragraph", text="固定资产占用情况表"),
        Block("table", rows=[["项目", "数量", "价值"], ["资产总额", "—", "10.00"]]),
    ]
    found = read_assets(blocks)
    assert found.records["assets"] == [
        {
            "item_seq": 1,
            "as_of": None,
            "item": "资产总额",
            "quantity": None,
            "value": d("10.00"),
            "page": None,
        }
    ]
    assert len(found.problems) == 1 and "截止时间" in found.problems[0]


def test_columns_by_heading_and_a_slash_date() -> None:
    """Columns in another order and a date written 2022/12/31 on the title line."""
    blocks = [
        Block("paragraph", text="单位固定资产占用情况表（截止日期：2022/12/31）"),
        Block(
            "table",
            rows=[
                ["价值（万元）", "项目", "数量"],
                ["5.50", "资产总额", ""],
                ["5.50", "2、车辆", "1"],
            ],
        ),
    ]
    rows = read_assets(blocks).records["assets"]
    assert [(r["as_of"], r["item"], r["quantity"], r["value"]) for r in rows] == [
        (datetime.date(2022, 12, 31), "资产总额", None, d("5.50")),
        (datetime.date(2022, 12, 31), "2、车辆", d("1"), d("5.50")),
    ]


def test_a_table_of_quantities_and_values_elsewhere_is_not_taken() -> None:
    """Headings alone are not enough: the title or the rows must name 资产."""
    blocks = [
        Block("paragraph", text="其他情况表"),
        Block("table", rows=[["项目", "数量", "价值"], ["打印纸", "1", "1.00"]]),
    ]
    assert read_assets(blocks).records["assets"] == []
