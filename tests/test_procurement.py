"""The 政府采购预算 table of each bundled source, with every expected value read by hand.

Expected figures were read from the source text files in ``sources/`` (not from the
parser's output). Where a source has many items, a representative subset is checked in
full, with the item counts and the printed 小计 and 合计 rows.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from conftest import blocks_of

from openbudget.blocks import Block
from openbudget.recognise.found import Found
from openbudget.recognise.procurement import read_procurement

SOURCES = Path(__file__).resolve().parent.parent / "sources"


@cache
def found_in(name: str) -> Found:
    """The procurement recogniser's result for a bundled source."""
    return read_procurement(blocks_of(name))


def d(text: str) -> Decimal:
    """A printed amount."""
    return Decimal(text)


def items(name: str) -> list[dict[str, object]]:
    """The published items of a source."""
    return found_in(name).records["procurement"]


def totals(name: str, kind: str) -> list[dict[str, object]]:
    """The 小计 ("subtotal") or 合计 ("total") rows of a source."""
    return [t for t in found_in(name).records["procurement_totals"] if t["kind"] == kind]


def claimed_texts(name: str) -> list[str]:
    """The paragraphs and headings the recogniser claimed."""
    blocks = blocks_of(name)
    return [blocks[i].text for i in sorted(found_in(name).claimed) if blocks[i].kind != "table"]


# --- sources with no procurement -----------------------------------------------------------


def test_julu_prints_the_table_empty() -> None:
    """巨鹿 2025: headings only, and “注：无政府采购预算，空表列示。”."""
    found = found_in("2025-julu-renshe.txt")
    assert found.records["procurement"] == []
    assert found.records["procurement_totals"] == []
    assert found.facts["procurement_empty"] is True
    assert found.problems == []
    texts = claimed_texts("2025-julu-renshe.txt")
    assert "部门政府采购预算" in texts
    assert "注：无政府采购预算，空表列示。" in texts
    assert any(blocks_of("2025-julu-renshe.txt")[i].kind == "table" for i in found.claimed)


def test_pingxiang_says_there_is_no_procurement() -> None:
    """平乡 2020: no table, only “2020年，我部门无政府采购预算。”."""
    found = found_in("2020-pingxiang-renshe.txt")
    assert found.records["procurement"] == []
    assert found.records["procurement_totals"] == []
    assert found.facts["procurement_empty"] is True
    assert found.claimed == set()


# --- 霸州 2021: three items, a 合计 and no 小计 ------------------------------------------------


def test_bazhou_items() -> None:
    rows = items("2021-bazhou-renshe.txt")
    assert [(r["project_name"], r["item"], r["quantity"], r["total"]) for r in rows] == [
        ("公用类项目", "台式计算机", d("8"), d("3.60")),
        ("公用类项目", "激光打印机", d("5"), d("1.40")),
        ("公开招聘经费", "其他服务", d("1"), d("79.00")),
    ]
    assert rows[0] == {
        "page": None,
        "row_no": 2,
        "unit_name": "霸州市人力资源和社会保障局本级",
        "project_name": "公用类项目",
        "project_budget": d("202.49"),
        "item": "台式计算机",
        "catalog_code": "A02010104",
        "measure_unit": "台",
        "quantity": d("8"),
        "unit_price": d("0.45"),
        "total": d("3.60"),
        "general_budget": d("3.60"),
        "government_fund": None,
        "state_capital": None,
        "special_account": None,
        "unit_funds": None,
        "prior_year_carryover": None,
        "sme_reserved": None,
    }
    assert rows[1]["catalog_code"] == "A0201060102"
    assert rows[1]["unit_price"] == d("0.28")
    assert rows[2]["catalog_code"] == "C99"
    assert rows[2]["measure_unit"] == "次"
    assert rows[2]["project_budget"] == d("82.00")
    assert rows[2]["unit_price"] == d("79.00")
    assert found_in("2021-bazhou-renshe.txt").facts["procurement_empty"] is False


def test_bazhou_total_and_title() -> None:
    (total,) = totals("2021-bazhou-renshe.txt", "total")
    assert total["row_no"] == 1
    assert total["total"] == d("84.00")
    assert total["general_budget"] == d("84.00")
    assert total["unit_funds"] is None
    assert totals("2021-bazhou-renshe.txt", "subtotal") == []
    assert "单位政府采购预算" in claimed_texts("2021-bazhou-renshe.txt")


# --- 海港 2024: three units, seventeen items -------------------------------------------------

HAIGANG = "2024-haigang-renshe.txt"
HAIGANG_SELF = "秦皇岛市海港区人力资源和社会保障局本级"
HAIGANG_INSURANCE = "秦皇岛市海港区社会保险事业所"
HAIGANG_JOBS = "秦皇岛市海港区就业服务中心"


def test_haigang_every_item() -> None:
    rows = items(HAIGANG)
    assert [
        (r["unit_name"], r["project_name"], r["item"], r["quantity"], r["total"]) for r in rows
    ] == [
        (HAIGANG_SELF, "2024年日常公用经费预算（三保）", "其他办公用品", d("1"), d("4.25")),
        (HAIGANG_SELF, "保障农民工工资支付工作专项经费", "复印纸", d("1"), d("2.00")),
        (HAIGANG_SELF, "干部人事档案管理费", "复印纸", d("1"), d("1.00")),
        (HAIGANG_SELF, "工资系统软件技术运维服务费", "复印纸", d("1"), d("3.50")),
        (HAIGANG_SELF, "基金审计经费", "复印纸", d("3"), d("3.00")),
        (HAIGANG_SELF, "劳动保障监察经费", "复印纸", d("1"), d("1.00")),
        (HAIGANG_SELF, "劳动纠纷人民调解工作经费", "复印纸", d("1"), d("2.00")),
        (HAIGANG_SELF, "劳动争议仲裁办案费", "复印纸", d("25"), d("25.00")),
        (HAIGANG_SELF, "事业单位人员年度考核", "复印纸", d("1"), d("1.00")),
        (HAIGANG_SELF, "事业单位招聘工作人员经费", "复印纸", d("30"), d("30.00")),
        (HAIGANG_SELF, "专网维护费", "复印纸", d("16.5"), d("16.50")),
        (HAIGANG_INSURANCE, "2024年日常公用经费预算（三保）", "其他办公用品", d("1"), d("11.00")),
        (HAIGANG_INSURANCE, "养老保险各险种经办业务费", "其他硒鼓、粉盒", d("1"), d("1.50")),
        (HAIGANG_INSURANCE, "养老保险各险种经办业务费", "其他办公用品", d("1"), d("1.50")),
        (HAIGANG_JOBS, "2024年日常公用经费预算（三保）", "其他办公用品", d("1"), d("10.50")),
        (HAIGANG_JOBS, "创业就业专项工作经费", "其他办公用品", d("1"), d("2.00")),
        (HAIGANG_JOBS, "人才库档案管理经费", "其他办公用品", d("1"), d("2.00")),
    ]


def test_haigang_item_in_full() -> None:
    row = next(r for r in items(HAIGANG) if r["project_name"] == "专网维护费")
    assert row == {
        "page": None,
        "row_no": 13,
        "unit_name": HAIGANG_SELF,
        "project_name": "专网维护费",
        "project_budget": d("16.50"),
        "item": "复印纸",
        "catalog_code": "A05040101",
        "measure_unit": "件",
        "quantity": d("16.5"),
        "unit_price": d("1.00"),
        "total": d("16.50"),
        "general_budget": d("16.50"),
        "government_fund": None,
        "state_capital": None,
        "special_account": None,
        "unit_funds": None,
        "prior_year_carryover": None,
        "sme_reserved": d("16.50"),
    }
    toner = next(r for r in items(HAIGANG) if r["item"] == "其他硒鼓、粉盒")
    assert (toner["catalog_code"], toner["measure_unit"]) == ("A05040299", "万元")
    assert (toner["project_budget"], toner["unit_price"]) == (d("3.00"), d("1.50"))


def test_haigang_subtotals_and_total() -> None:
    subtotals = totals(HAIGANG, "subtotal")
    assert [(t["row_no"], t["unit_name"], t["total"], t["sme_reserved"]) for t in subtotals] == [
        (2, HAIGANG_SELF, d("89.25"), d("89.25")),
        (14, HAIGANG_INSURANCE, d("14.00"), d("14.00")),
        (18, HAIGANG_JOBS, d("14.50"), d("14.50")),
    ]
    assert all(t["general_budget"] == t["total"] for t in subtotals)
    (total,) = totals(HAIGANG, "total")
    assert (total["row_no"], total["total"], total["general_budget"]) == (
        1,
        d("117.75"),
        d("117.75"),
    )
    assert total["sme_reserved"] == d("117.75")
    # The 合计 covers the department named in the title block (“323秦皇岛市…局”).
    assert total["unit_name"] == "秦皇岛市海港区人力资源和社会保障局"
    assert "部门政府采购预算" in claimed_texts(HAIGANG)


# --- 石家庄高新区组织部 2024: five units over six pages, nineteen items -------------------------

SJZ = "2024-sjz-gaoxin-zuzhibu.txt"
SJZ_SELF = "中共石家庄高新技术产业开发区工委组织部本级"
SJZ_UNITS = [
    (SJZ_SELF, d("34.20"), d("26.24"), 8),
    ("石家庄高新技术产业开发区社会保险中心", d("18.70"), d("18.70"), 2),
    ("石家庄高新技术产业开发区就业服务中心", d("7.50"), d("3.80"), 4),
    ("石家庄高新技术产业开发区人才资源开发交流中心", d("12.00"), d("10.00"), 3),
    ("石家庄高新技术产业开发区劳动人事争议仲裁院", d("13.50"), d("13.50"), 2),
]


def test_sjz_table_read_across_its_pages() -> None:
    found = found_in(SJZ)
    assert found.problems == []
    assert len(items(SJZ)) == 19
    assert found.facts["procurement_empty"] is False
    blocks = blocks_of(SJZ)
    # Every page's piece is claimed, however many of them repair has already joined.
    pieces = [
        i for i, b in enumerate(blocks) if b.kind == "table" and "采购物品名称" in str(b.rows)
    ]
    assert len(pieces) >= 2
    assert set(pieces) <= found.claimed
    assert "部门政府采购预算" in claimed_texts(SJZ)


def test_sjz_subtotals_and_their_items() -> None:
    subtotals = totals(SJZ, "subtotal")
    assert [(t["unit_name"], t["total"], t["sme_reserved"]) for t in subtotals] == [
        (unit, total, sme) for unit, total, sme, _ in SJZ_UNITS
    ]
    for unit, _, _, count in SJZ_UNITS:
        assert sum(1 for r in items(SJZ) if r["unit_name"] == unit) == count, unit
    (total,) = totals(SJZ, "total")
    assert (total["total"], total["general_budget"], total["sme_reserved"]) == (
        d("85.90"),
        d("85.90"),
        d("72.24"),
    )


def test_sjz_representative_items() -> None:
    rows = items(SJZ)
    first = rows[0]
    assert first == {
        "page": None,
        "row_no": 3,
        "unit_name": SJZ_SELF,
        "project_name": "公用类项目（三保）",
        "project_budget": d("34.42"),
        "item": "台式计算机",
        "catalog_code": "A02010105",
        "measure_unit": "台",
        "quantity": d("4"),
        "unit_price": d("0.45"),
        "total": d("1.80"),
        "general_budget": d("1.80"),
        "government_fund": None,
        "state_capital": None,
        "special_account": None,
        "unit_funds": None,
        "prior_year_carryover": None,
        "sme_reserved": d("1.80"),
    }
    # The SME share is the last printed column, though the extracted header puts
    # 上年结转结余 after it; 19.90 of which 11.94 is reserved.
    office = rows[1]
    assert (office["item"], office["measure_unit"], office["total"]) == (
        "其他办公用品",
        "批",
        d("19.90"),
    )
    assert (office["sme_reserved"], office["prior_year_carryover"]) == (d("11.94"), None)
    assert all(r["prior_year_carryover"] is None for r in rows)
    aircon = next(r for r in rows if r["item"] == "其他制冷空调设备")
    assert aircon["catalog_code"] == "A02052399"
    assert (aircon["total"], aircon["sme_reserved"]) == (d("0.25"), None)
    assert aircon["unit_name"] == "石家庄高新技术产业开发区就业服务中心"
    last = rows[-1]
    assert (last["project_name"], last["project_budget"], last["measure_unit"]) == (
        "劳动仲裁运维运行办案经费",
        d("26.00"),
        "1",
    )
    assert (last["total"], last["sme_reserved"]) == (d("8.50"), d("8.50"))
    # Items at the top of a page still belong to the unit whose 小计 came before the break.
    league = next(r for r in rows if r["project_name"] == "团委工作经费")
    assert (league["unit_name"], league["total"]) == (SJZ_SELF, d("2.00"))


# --- layouts not in the bundled sources ------------------------------------------------------


def table(*rows: str) -> Block:
    """A table block from tab-separated rows."""
    return Block("table", rows=[r.split("\t") for r in rows])


def test_columns_are_mapped_by_heading_words_not_positions() -> None:
    """A template with its columns reordered and without a 项目来源 pair reads the same."""
    blocks = [
        Block("paragraph", text="部门政府采购预算表"),
        Block("paragraph", text="901 某某县某某局"),
        table(
            "采购物品名称\t计量单位\t单价\t数量\t政府采购目录序号\t合计\t单位资金\t一般公共预算拨款",
            "合计\t\t\t\t\t6.00\t\t6.00",
            "某某局本级小计\t\t\t\t\t6.00\t\t6.00",
            "笔记本电脑\t台\t0.60\t10\tA02010108\t6.00\t—\t6.00",
        ),
        Block("paragraph", text="注：涉密采购事项按照相关规定执行。"),
    ]
    found = read_procurement(blocks)
    (row,) = found.records["procurement"]
    assert row["unit_name"] == "某某局本级"
    assert (row["item"], row["measure_unit"], row["catalog_code"]) == (
        "笔记本电脑",
        "台",
        "A02010108",
    )
    assert (row["quantity"], row["unit_price"], row["total"]) == (d("10"), d("0.60"), d("6.00"))
    assert (row["unit_funds"], row["general_budget"], row["project_name"]) == (
        None,
        d("6.00"),
        None,
    )
    assert found.claimed == {0, 1, 2, 3}


def test_a_continuation_without_repeated_headings() -> None:
    """A page break that repeats only the title block, not the headings."""
    head = "采购物品名称\t数量\t单价\t合计"
    blocks = [
        table(head, "合计\t\t\t3.00", "打印纸\t1\t1.00\t1.00"),
        Block("paragraph", text="单位：万元"),
        table("硒鼓\t2\t1.00\t2.00"),
    ]
    found = read_procurement(blocks)
    assert [r["item"] for r in found.records["procurement"]] == ["打印纸", "硒鼓"]
    assert [r["row_no"] for r in found.records["procurement"]] == [2, 3]
    assert found.claimed == {0, 1, 2}


def test_a_document_without_the_section_says_nothing() -> None:
    """No table and no statement: the table is missing, which is not the same as empty."""
    found = read_procurement([Block("paragraph", text="一、部门职责")])
    assert "procurement_empty" not in found.facts
    assert found.records["procurement"] == []


@pytest.mark.parametrize("text", ["abc", "1.2.3"])
def test_an_unreadable_amount_is_reported_not_guessed(text: str) -> None:
    blocks = [table("采购物品名称\t数量\t合计", f"打印纸\t1\t{text}", "硒鼓\t2\t2.00")]
    found = read_procurement(blocks)
    assert [r["item"] for r in found.records["procurement"]] == ["硒鼓"]
    assert len(found.problems) == 1 and text in found.problems[0]
