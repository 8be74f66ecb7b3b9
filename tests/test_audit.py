"""The arithmetic audit finds exactly the inconsistencies the documents contain."""

from __future__ import annotations

from decimal import Decimal

from conftest import d

from openbudget.audit import audit

GAOXIN = "2024-130171-316"


def test_consistent_documents_have_no_findings(parsed):
    doc = parsed["2024-130302-323"]
    assert doc.checks == []
    # checks where neither side prints a figure (empty against empty) are not counted
    assert doc.document["checks_run"] > 150


def test_julu_tables_agree_but_its_text_promises_purchases_the_procurement_table_lacks(parsed):
    """By hand (巨鹿 2025, 八、九): "注：无政府采购预算，空表列示" under the procurement table,
    and "本年度拟购置固定资产总额为 4.00 万元，已按要求列入政府采购预算" in the assets section."""
    doc = parsed["2025-130529-323"]
    assert [(c["check"], c["table"], c["expected"], c["actual"]) for c in doc.checks] == [
        ("prose_vs_table", "procurement", d("0"), d("4.00"))
    ]
    assert doc.document["checks_run"] > 150


def test_gaoxin_rounding_inconsistencies_are_all_found(parsed):
    """By hand: the 项 under 20801 add up to 5443.11 (printed 5443.10), its basic column to
    3432.43 (printed 3432.42); the 款 under 208 add up to 10610.51 (printed 10610.52) and
    their basic column to 3793.98 (printed 3793.99); current-year income follows suit. Each
    differs by one unit in the last printed digit: a rounding difference (尾差)."""
    doc = parsed[GAOXIN]
    found = {(c["table"], c["row_ref"], c["expected"], c["actual"]) for c in doc.checks}
    expected = set()
    for table in ("income", "expenditure", "general_budget_expenditure"):
        expected |= {
            (table, "208 社会保障和就业支出", d("10610.51"), d("10610.52")),
            (table, "20801 人力资源和社会保障管理事务", d("5443.11"), d("5443.10")),
        }
    for table in ("expenditure", "general_budget_expenditure"):
        expected |= {
            (table, "208 社会保障和就业支出", d("3793.98"), d("3793.99")),
            (table, "20801 人力资源和社会保障管理事务", d("3432.43"), d("3432.42")),
        }
    expected |= {
        ("income", "208 社会保障和就业支出", d("9391.46"), d("9391.47")),
        ("income", "20801 人力资源和社会保障管理事务", d("5443.11"), d("5443.10")),
    }
    assert found == expected
    assert len(doc.checks) == 14
    assert all(c["check"] == "hierarchy_sum" and c["severity"] == "rounding" for c in doc.checks)
    assert all(c["message"].endswith("（尾差）") for c in doc.checks)
    assert doc.document["checks_failed"] == 14
    first = doc.checks[0]
    assert "应为" in first["message"] and "表中为" in first["message"]


def test_findings_never_alter_the_figures(parsed):
    doc = parsed[GAOXIN]
    row = next(r for r in doc.records["income"] if r["function_code"] == "20801")
    assert row["total"] == d("5443.10")


def test_audit_reports_a_broken_identity_and_cross_table_mismatch():
    records = {
        "general_budget_expenditure": [
            {
                "row_no": 1,
                "function_code": None,
                "function_name": "合计",
                "level": 0,
                "total": d("10.00"),
                "basic": d("4.00"),
                "project": d("5.00"),
            },
            {
                "row_no": 2,
                "function_code": "208",
                "function_name": "社会保障和就业支出",
                "level": 1,
                "total": d("10.00"),
                "basic": d("4.00"),
                "project": d("5.00"),
            },
        ],
        "basic_expenditure": [
            {
                "row_no": 1,
                "economic_code": None,
                "economic_name": "合计",
                "level": 0,
                "total": d("4.50"),
                "personnel": d("4.50"),
                "public_funds": None,
            },
        ],
    }
    result = audit(records, ["general_budget_expenditure", "basic_expenditure"])
    kinds = sorted((f["check"], f["table"], f["row_ref"]) for f in result.findings)
    assert kinds == [
        ("cross_table", "basic_expenditure", "合计"),
        ("row_identity", "general_budget_expenditure", "208 社会保障和就业支出"),
        ("row_identity", "general_budget_expenditure", "合计"),
    ]
    identity = next(
        f for f in result.findings if f["row_ref"] == "合计" and f["check"] == "row_identity"
    )
    assert (identity["expected"], identity["actual"]) == (Decimal("9.00"), Decimal("10.00"))


def test_disclosure_checks_run_on_the_real_documents(parsed):
    """Projects, prose, procurement and assets are audited, and the sources agree with
    themselves there (but for julu's planned purchases, see above): julu's 15 projects add
    up to its 项目支出 2594.80 exactly."""
    julu = parsed["2025-130529-323"]
    assert julu.document["checks_failed"] == 1
    assert sum(p["budget"] for p in julu.records["projects"]) == d("2594.80")
    haigang = parsed["2024-130302-323"]
    assert haigang.checks == []
    assert haigang.document["prose_operating_costs"] == d("131.92")


def test_projects_adding_up_to_more_or_less_than_the_project_spending_is_a_warning():
    records = {
        "expenditure": [
            {"row_no": 1, "level": 0, "total": d("10.00"), "basic": d("2.00"), "project": d("8.00")}
        ],
        "projects": [
            {
                "project_seq": 1,
                "project_name": "甲",
                "budget": d("5.00"),
                "fiscal_funds": d("5.00"),
                "other_funds": None,
            },
        ],
    }
    [finding] = audit(records, ["expenditure"]).findings
    assert (finding["check"], finding["severity"]) == ("projects_total", "warning")
    assert (finding["expected"], finding["actual"]) == (d("8.00"), d("5.00"))
    records["projects"][0].update(budget=d("9.00"), fiscal_funds=d("9.00"))
    [finding] = audit(records, ["expenditure"]).findings
    assert finding["severity"] == "warning"  # transfers or managed funds may be listed
    assert "转移支付" in finding["message"]


def test_prose_procurement_and_assets_checks():
    records = {
        "expenditure": [
            {"row_no": 1, "level": 0, "total": d("10.00"), "basic": d("4.00"), "project": d("6.00")}
        ],
        "basic_expenditure": [
            {
                "row_no": 1,
                "level": 0,
                "total": d("4.00"),
                "personnel": d("3.00"),
                "public_funds": d("1.00"),
            }
        ],
        "procurement": [
            {
                "row_no": 2,
                "unit_name": "本级",
                "item": "电脑",
                "quantity": d("2"),
                "unit_price": d("0.50"),
                "total": d("1.10"),
            },
        ],
        "procurement_totals": [
            {"row_no": 1, "unit_name": "本级", "kind": "subtotal", "total": d("1.00")},
        ],
        "assets": [
            {"item_seq": 1, "item": "资产总额", "value": d("5.00")},
            {"item_seq": 2, "item": "1、房屋", "value": d("3.00")},
            {"item_seq": 3, "item": "其中：办公用房", "value": d("3.00")},
            {"item_seq": 4, "item": "2、车辆", "value": d("1.00")},
        ],
    }
    facts = {
        "prose_basic": d("4.00"),
        "prose_project": d("6.50"),
        "prose_operating_costs": d("1.20"),
        "prose_assets_total": d("5.00"),
    }
    result = audit(records, ["expenditure", "basic_expenditure"], facts)
    found = sorted((f["check"], f["table"], f["row_ref"]) for f in result.findings)
    assert found == [
        ("hierarchy_sum", "assets", "资产总额"),
        ("hierarchy_sum", "procurement", "本级 小计"),
        ("prose_vs_table", "basic_expenditure", "机关运行经费"),
        ("prose_vs_table", "expenditure", "项目支出"),
        ("row_identity", "procurement", "行 2 电脑"),
    ]


def test_the_prose_arithmetic_is_checked() -> None:
    """北京 2026 (市城管执法局): "2026 年支出预算 29956.27 万元，比 2025 年年初预算数
    28479.84 万元增加 1476.73 万元" — 28479.84 + 1476.73 = 29956.57, not 29956.27. A total
    against its stated parts: 货物 12.50 + 工程 0 + 服务 1227.57 = 1240.07."""
    facts = {
        "stated_changes": [
            {
                "what": "年支出预算",
                "now": d("29956.27"),
                "before": d("28479.84"),
                "change": d("1476.73"),
            },
            {
                "what": "年收入预算",
                "now": d("29956.27"),
                "before": d("28479.84"),
                "change": d("1476.43"),
            },
        ],
        "prose_procurement_total": d("1240.07"),
        "stated_procurement_goods": d("12.50"),
        "stated_procurement_works": d("0"),
        "stated_procurement_services": d("1227.57"),
        "prose_three_public_total": d("17.70"),
        "prose_travel_abroad": d("14.85"),
        "prose_reception": d("2.85"),
        "prose_vehicles": d("0.01"),
    }
    result = audit({}, [], facts)
    assert result.run == 4  # two stated changes, the “三公” and the procurement totals
    found = [(f["check"], f["severity"], f["expected"], f["actual"]) for f in result.findings]
    assert found == [
        ("prose_arithmetic", "error", d("29956.57"), d("29956.27")),
        ("prose_arithmetic", "rounding", d("17.71"), d("17.70")),  # 14.85 + 2.85 + 0.01
    ]


def test_the_prose_procurement_against_the_procurement_table() -> None:
    records = {
        "procurement": [{"row_no": 1, "item": "电脑", "total": d("5.00")}],
        "procurement_totals": [{"row_no": 2, "kind": "total", "total": d("5.00")}],
    }
    facts = {
        "prose_procurement_total": d("6.00"),
        "prose_planned_purchases": d("4.00"),
        "stated_purchases_in_procurement": True,
    }
    result = audit(records, [], facts)
    [finding] = [f for f in result.findings if f["check"] == "prose_vs_table"]
    assert (finding["expected"], finding["actual"]) == (d("5.00"), d("6.00"))
    # no procurement table at all: nothing to compare
    assert [f for f in audit({}, [], facts).findings if f["check"] == "prose_vs_table"] == []
