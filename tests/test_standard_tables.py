"""The nine standard tables of the three sources that have them, against values read by hand.

Every expected value below was read from the source text in ``sources/``; the comments say
where a value needed a repair of extraction damage first.
"""

from __future__ import annotations

import pytest
from conftest import d, row

from openbudget.schema import STANDARD_TABLES

JULU = "2025-130529-323"  # 巨鹿县人社局 2025, PDF text: tab rows, <b> tags, repeated headers
HAIGANG = "2024-130302-323"  # 海港区人社局 2024, DOCX text: one cell per line
GAOXIN = "2024-130171-316"  # 石家庄高新区工委组织部 2024, heavily damaged PDF text


def test_documents_state_their_department_code_year_and_kind(parsed):
    assert set(parsed) == {
        JULU,
        HAIGANG,
        GAOXIN,
        "2020-130532-rlzyhshbzj",
        "2021-131081-805001",
    }
    julu = parsed[JULU].document
    assert julu["department_name"] == "巨鹿县人力资源和社会保障局"
    assert (julu["department_code"], julu["year"], julu["document_kind"]) == (
        "323",
        2025,
        "部门预算",
    )
    assert parsed["2021-131081-805001"].document["document_kind"] == "单位预算"
    assert parsed[GAOXIN].document["department_name"] == "中共石家庄高新技术产业开发区工委组织部"


@pytest.mark.parametrize("doc_id", [JULU, HAIGANG, GAOXIN])
def test_all_nine_tables_found(parsed, doc_id):
    found = parsed[doc_id].document["tables_found"].split()
    assert sorted(found) == sorted(STANDARD_TABLES)


def test_empty_tables_are_present_but_have_no_rows(parsed):
    julu = parsed[JULU]
    assert julu.document["tables_empty"].split() == [
        "gov_fund_expenditure",
        "state_capital_expenditure",
        "three_public",
    ]
    assert "three_public" not in julu.records
    assert parsed[GAOXIN].document["tables_empty"] == "gov_fund_expenditure"


@pytest.mark.parametrize("doc_id", ["2020-130532-rlzyhshbzj", "2021-131081-805001"])
def test_sources_without_standard_tables_parse_and_say_so(parsed, doc_id):
    doc = parsed[doc_id]
    assert doc.document["tables_found"] is None
    assert not set(doc.records) & set(STANDARD_TABLES)
    assert any("none of the nine standard budget tables" in w for w in doc.warnings)


# --- 巨鹿县 2025 -------------------------------------------------------------------------


def test_julu_budget_summary(parsed):
    doc = parsed[JULU]
    line = row(doc, "budget_summary", line_no=1, side="income")
    assert (line["item"], line["amount"], line["line_kind"]) == (
        "一、一般公共预算拨款收入",
        d("3502.60"),
        "item",
    )
    assert row(doc, "budget_summary", line_no=8, side="expenditure")["amount"] == d("3502.60")
    assert row(doc, "budget_summary", line_no=2, side="expenditure")["amount"] is None
    # "<b>本年收入合计</b>" in the source: the bold tags are repaired away.
    subtotal = row(doc, "budget_summary", line_no=32, side="income")
    assert (subtotal["item"], subtotal["amount"], subtotal["line_kind"]) == (
        "本年收入合计",
        d("3502.60"),
        "subtotal",
    )
    assert row(doc, "budget_summary", line_no=33, side="income")["line_kind"] == "carryover"
    assert row(doc, "budget_summary", line_no=34, side="expenditure")["line_kind"] == "total"
    # 31 expenditure class lines, continued on a second page with the header repeated.
    assert len([r for r in doc.records["budget_summary"] if r["side"] == "expenditure"]) == 34


def test_julu_income(parsed):
    doc = parsed[JULU]
    assert len(doc.records["income"]) == 17
    total = row(doc, "income", row_no=1)
    assert (total["function_code"], total["function_name"], total["level"]) == (None, "合计", 0)
    assert total["total"] == total["fiscal_appropriation"] == d("3502.60")
    assert total["prior_year_carryover"] is None
    assert row(doc, "income", function_code="20807")["level"] == 2
    # Row 12 is the first row after the page break.
    assert row(doc, "income", row_no=12)["function_name"] == "事业单位离退休"
    assert row(doc, "income", function_code="2080799")["total"] == d("255.00")


def test_julu_expenditure_and_general_budget(parsed):
    doc = parsed[JULU]
    for table in ("expenditure", "general_budget_expenditure"):
        assert len(doc.records[table]) == 17
        office = row(doc, table, function_code="2080109")
        assert (office["function_name"], office["total"], office["basic"], office["project"]) == (
            "社会保险经办机构",
            d("390.80"),
            d("350.80"),
            d("40.00"),
        )
        assert row(doc, table, function_code="2080701")["basic"] is None
    assert row(doc, "expenditure", row_no=1)["project"] == d("2594.80")
    assert row(doc, "expenditure", row_no=1)["operating"] is None


def test_julu_fiscal_summary(parsed):
    doc = parsed[JULU]
    assert len([r for r in doc.records["fiscal_summary"] if r["side"] == "expenditure"]) == 34
    social = row(doc, "fiscal_summary", line_no=8, side="expenditure")
    assert (social["item"], social["total"], social["general_budget"]) == (
        "八、社会保障和就业支出",
        d("3502.60"),
        d("3502.60"),
    )
    assert social["government_fund"] is None
    # Line 37 is alone on the last page, under a repeated title block and header.
    assert row(doc, "fiscal_summary", line_no=37, side="income")["total"] == d("3502.60")
    assert row(doc, "fiscal_summary", line_no=34, side="income")["line_kind"] == "carryover_item"


def test_julu_basic_expenditure(parsed):
    doc = parsed[JULU]
    assert len(doc.records["basic_expenditure"]) == 23
    total = row(doc, "basic_expenditure", row_no=1)
    assert (total["total"], total["personnel"], total["public_funds"]) == (
        d("907.80"),
        d("840.10"),
        d("67.70"),
    )
    assert row(doc, "basic_expenditure", economic_code="30302")["personnel"] == d("44.00")
    office = row(doc, "basic_expenditure", economic_code="31002")
    assert (office["economic_name"], office["level"], office["public_funds"]) == (
        "办公设备购置",
        2,
        d("2.00"),
    )


# --- 海港区 2024 (one cell per line) ------------------------------------------------------


def test_haigang_budget_summary(parsed):
    doc = parsed[HAIGANG]
    assert row(doc, "budget_summary", line_no=3, side="income")["amount"] == d("758.00")
    assert row(doc, "budget_summary", line_no=22, side="expenditure")["amount"] == d("1516.00")
    carry = row(doc, "budget_summary", line_no=33, side="income")
    assert (carry["item"], carry["amount"], carry["line_kind"]) == (
        "上年结转结余",
        d("828.39"),
        "carryover",
    )
    assert row(doc, "budget_summary", line_no=32, side="expenditure")["amount"] == d("4078.23")
    assert row(doc, "budget_summary", line_no=34, side="income")["amount"] == d("4078.23")


def test_haigang_income_columns_under_merged_headings(parsed):
    doc = parsed[HAIGANG]
    total = row(doc, "income", row_no=1)
    assert total["total"] == d("4078.23")
    assert total["current_year_subtotal"] == total["fiscal_appropriation"] == d("3249.84")
    assert total["prior_year_carryover"] == d("828.39")
    social = row(doc, "income", function_code="208")
    assert (social["total"], social["current_year_subtotal"], social["prior_year_carryover"]) == (
        d("2320.28"),
        d("2249.89"),
        d("70.39"),
    )
    assert row(doc, "income", function_code="2080104")["function_name"] == "综合业务管理"


def test_haigang_expenditure_tables(parsed):
    doc = parsed[HAIGANG]
    assert len(doc.records["expenditure"]) == 34
    total = row(doc, "expenditure", row_no=1)
    assert (total["total"], total["basic"], total["project"]) == (
        d("4078.23"),
        d("1945.84"),
        d("2132.39"),
    )
    general = row(doc, "general_budget_expenditure", row_no=1)
    assert (general["total"], general["basic"], general["project"]) == (
        d("2562.23"),
        d("1945.84"),
        d("616.39"),
    )
    assert row(doc, "general_budget_expenditure", function_code="20808")["project"] is None
    capital = row(doc, "state_capital_expenditure", function_code="2230105")
    assert (capital["function_name"], capital["total"], capital["basic"]) == (
        "国有企业退休人员社会化管理补助支出",
        d("1516.00"),
        None,
    )


def test_haigang_fiscal_summary(parsed):
    doc = parsed[HAIGANG]
    subtotal = row(doc, "fiscal_summary", line_no=32, side="expenditure")
    assert (subtotal["total"], subtotal["general_budget"], subtotal["state_capital"]) == (
        d("4078.23"),
        d("2562.23"),
        d("1516.00"),
    )
    carried = row(doc, "fiscal_summary", line_no=36, side="income")
    assert (carried["item"], carried["total"], carried["line_kind"]) == (
        "三、国有资本经营预算拨款",
        d("758.00"),
        "carryover_item",
    )


def test_haigang_basic_expenditure_and_three_public(parsed):
    doc = parsed[HAIGANG]
    total = row(doc, "basic_expenditure", row_no=1)
    assert (total["total"], total["personnel"], total["public_funds"]) == (
        d("1945.84"),
        d("1813.92"),
        d("131.92"),
    )
    assert row(doc, "basic_expenditure", economic_code="30231")["public_funds"] == d("6.76")
    three = doc.records["three_public"]
    assert [r["item"] for r in three][:2] == ["“三公”经费小计", "一、因公出国（境）费"]
    assert row(doc, "three_public", row_no=1)["total"] == d("7.85")
    # Printed as "0", published as "0", not as an empty cell and not as "0.00".
    assert str(row(doc, "three_public", row_no=2)["total"]) == "0"
    car = row(doc, "three_public", row_no=7)
    assert (car["item"], car["total"], car["government_fund"]) == (
        "公务用车运行维护费",
        d("6.76"),
        None,
    )
    assert row(doc, "three_public", row_no=8)["general_budget"] == d("1.09")


# --- 石家庄高新区 2024 (damaged PDF text) -------------------------------------------------


def test_gaoxin_income_repaired(parsed):
    doc = parsed[GAOXIN]
    assert len(doc.records["income"]) == 37
    total = row(doc, "income", row_no=1)
    # Printed "<b>1118 9.71</b>", "<b>9966 .76</b>", "<b>1222 .95</b>".
    assert (total["total"], total["current_year_subtotal"], total["prior_year_carryover"]) == (
        d("11189.71"),
        d("9966.76"),
        d("1222.95"),
    )
    # Row 4 is cut by a page break: "2080 | 行政 | 1245" then "101 | 运行 | .57".
    running = row(doc, "income", row_no=4)
    assert (running["function_code"], running["function_name"], running["total"]) == (
        "2080101",
        "行政运行",
        d("1245.57"),
    )
    # "11.9" + "5" across the break.
    assert row(doc, "income", function_code="2080150")["total"] == d("11.95")
    other = row(doc, "income", function_code="2080799")
    assert (other["function_name"], other["total"], other["fiscal_appropriation"]) == (
        "其他就业补助支出",
        d("2249.05"),
        d("1030.00"),
    )
    assert other["prior_year_carryover"] == d("1219.05")
    # "2130 804" and "15.5 4": code and amount split by spaces.
    loan = row(doc, "income", row_no=31)
    assert (loan["function_code"], loan["total"], loan["current_year_subtotal"]) == (
        "2130804",
        d("15.54"),
        d("11.64"),
    )
    # "社会 保障 和就 业支 出": wrapped cell text.
    assert row(doc, "income", function_code="208")["function_name"] == "社会保障和就业支出"
    assert row(doc, "income", function_code="223")["function_name"] == "国有资本经营预算支出"


def test_gaoxin_budget_summary_repaired(parsed):
    doc = parsed[GAOXIN]
    # "十一、节能环保支" on one page, "出" on the next.
    assert (
        row(doc, "budget_summary", line_no=11, side="expenditure")["item"] == "十一、节能环保支出"
    )
    assert row(doc, "budget_summary", line_no=13, side="expenditure")["amount"] == d("22.10")
    assert row(doc, "budget_summary", line_no=3, side="income")["amount"] == d("71.92")
    # Line 34 sits under a header whose 栏次 row is misprinted 档次.
    assert row(doc, "budget_summary", line_no=34, side="income")["amount"] == d("11189.71")
    assert row(doc, "budget_summary", line_no=32, side="expenditure")["amount"] == d("11189.71")


def test_gaoxin_expenditure_repaired(parsed):
    doc = parsed[GAOXIN]
    total = row(doc, "expenditure", row_no=1)
    # "11189.7 1" in the source.
    assert (total["total"], total["basic"], total["project"]) == (
        d("11189.71"),
        d("4161.72"),
        d("7027.99"),
    )
    last = row(doc, "expenditure", row_no=37)
    # "国有企业 退休人员" + "社会化管 理补助支 出" on the next page.
    assert (last["function_name"], last["project"]) == (
        "国有企业退休人员社会化管理补助支出",
        d("71.92"),
    )
    assert row(doc, "expenditure", function_code="2080110")["function_name"] == "劳动关系和维权"


def test_gaoxin_fiscal_and_general_budget(parsed):
    doc = parsed[GAOXIN]
    subtotal = row(doc, "fiscal_summary", line_no=32, side="expenditure")
    assert (subtotal["total"], subtotal["general_budget"], subtotal["state_capital"]) == (
        d("11189.71"),
        d("11117.79"),
        d("71.92"),
    )
    assert (
        row(doc, "fiscal_summary", line_no=18, side="expenditure")["item"]
        == "十八、援助其他地区支出"
    )
    assert row(doc, "fiscal_summary", line_no=34, side="income")["total"] == d("1222.95")
    assert row(doc, "fiscal_summary", line_no=35, side="income")["item"] == "二、政府性基金预算拨款"
    general = row(doc, "general_budget_expenditure", row_no=1)
    assert (general["total"], general["basic"], general["project"]) == (
        d("11117.79"),
        d("4161.72"),
        d("6956.07"),
    )
    pension = row(doc, "general_budget_expenditure", function_code="2082602")
    assert pension["function_name"] == "财政对城乡居民基本养老保险基金的补助"
    assert len(doc.records["general_budget_expenditure"]) == 34


def test_gaoxin_basic_capital_and_three_public(parsed):
    doc = parsed[GAOXIN]
    assert len(doc.records["basic_expenditure"]) == 26
    labour = row(doc, "basic_expenditure", economic_code="30226")
    assert (labour["economic_name"], labour["personnel"], labour["public_funds"]) == (
        "劳务费",
        d("779.66"),
        None,
    )
    assert row(doc, "basic_expenditure", economic_code="30309")["total"] == d("0.08")
    assert row(doc, "basic_expenditure", economic_code="30108")["economic_name"] == (
        "机关事业单位基本养老保险缴费"
    )
    capital = doc.records["state_capital_expenditure"]
    assert [r["function_code"] for r in capital] == [None, "223", "22301", "2230105"]
    assert all(r["total"] == d("71.92") and r["basic"] is None for r in capital)
    three = doc.records["three_public"]
    assert len(three) == 7
    assert row(doc, "three_public", row_no=1)["item"] == "合计"
    reception = row(doc, "three_public", row_no=7)
    assert (reception["item"], reception["total"], reception["general_budget"]) == (
        "三、公务接待费",
        d("9.90"),
        d("9.90"),
    )
    assert row(doc, "three_public", row_no=5)["item"] == "其中：公务用车购置费"
    assert row(doc, "three_public", row_no=3)["total"] is None


def test_a_single_total_that_adds_meetings_and_training_is_the_grand_total() -> None:
    """``合计 45 = 出国 5 + 接待 5 + 用车 25 + 会议 4 + 培训 6``: that 合计 is not the “三公”
    total (35), which this table does not print; the printed figures decide, none changes."""
    from pathlib import Path

    from openbudget.readers import read_blocks
    from openbudget.recognise.standard_tables import read_standard_tables
    from openbudget.repair import repair

    text = (
        "2025年“三公”经费及会议费、培训费预算表\n\n单位：万元\n\n"
        "合计\t因公出国（境）费\t公务接待费\t公务用车购置及运行费\t\t\t会议费\t培训费\n"
        "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\n"
        "45.00\t5.00\t5.00\t25.00\t0.00\t25.00\t4.00\t6.00\n"
    )
    blocks, _ = repair(read_blocks(Path("t.txt"), text.encode()))
    records = read_standard_tables(blocks).records["three_public"]
    categories = {r["category"]: r["total"] for r in records}
    assert categories["grand_total"] == d("45.00")
    assert "total" not in categories
    assert (categories["meetings"], categories["training"]) == (d("4.00"), d("6.00"))


def test_a_title_wrapped_onto_two_lines_is_read_whole() -> None:
    """A long title set in large type wraps: ``表6 长春市信访局2025年一般`` above
    ``公共预算基本支出表``. The second line alone names no standard table; the two do."""
    from openbudget.blocks import Block
    from openbudget.recognise.standard_tables import read_standard_tables

    blocks = [
        Block("heading", text="表6 长春市信访局2025年一般"),
        Block("heading", text="公共预算基本支出表"),
        Block("paragraph", text="单位：万元"),
        Block(
            "table",
            rows=[
                ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                ["", "合计", "12.00", "10.00", "2.00"],
                ["301", "工资福利支出", "10.00", "10.00", ""],
                ["302", "商品和服务支出", "2.00", "", "2.00"],
            ],
        ),
    ]
    found = read_standard_tables(blocks)
    (table,) = found.records["tables"]
    assert (table["table"], table["label"], table["title"]) == (
        "basic_expenditure",
        "表6",
        "长春市信访局2025年一般公共预算基本支出表",
    )
    assert row_of(found.records["basic_expenditure"], "302")["public_funds"] == d("2.00")
    assert {0, 1, 2} <= found.claimed


def row_of(records: list[dict[str, object]], code: str) -> dict[str, object]:
    (found,) = [r for r in records if r.get("economic_code") == code]
    return found
