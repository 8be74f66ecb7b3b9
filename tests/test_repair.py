"""Repairs of extraction damage: each kind works and is recorded."""

from __future__ import annotations

from openbudget.blocks import Block
from openbudget.readers.text import read
from openbudget.repair import is_broken_row, is_cut_tail, repair

GAOXIN = "2024-130171-316"


def kinds(doc):
    return {r["kind"] for r in doc.repairs}


def test_damaged_pdf_repairs_are_recorded(parsed):
    doc = parsed[GAOXIN]
    assert {
        "bold-tag",
        "split-number",
        "wrapped-text",
        "table-continued",
        "row-broken-across-page",
    } <= kinds(doc)
    split = [r for r in doc.repairs if r["before"] == "1118 9.71"]
    assert [(r["kind"], r["after"]) for r in split] == [("split-number", "11189.71")]
    assert "部门预算收入总表" in split[0]["location"]
    broken = [r for r in doc.repairs if r["kind"] == "row-broken-across-page"]
    assert any(r["after"].startswith("4\t2080101\t行政运行\t1245.57") for r in broken)
    assert len(broken) == 17


def test_docx_page_numbers_are_dropped(parsed):
    doc = parsed["2024-130302-323"]
    pages = [r for r in doc.repairs if r["kind"] == "page-number"]
    assert [r["before"] for r in pages] == ["28", "29"]


def test_repairs_on_a_small_table():
    text = (
        "## 部门预算支出总表\n\n"
        "序号\t科目编码\t科目名称\t合计\n栏次\t1\t2\t3\n"
        "1\t2080 1\t人力 资源\t1118 9.71\n"
        "2\t2080\t行政\t12\n\n"
        "316 某某局\n\n预算年度：2024\n\n"
        "序号\t科目编码\t科目名称\t合计\n档次\t1\t2\t3\n"
        "\t101\t运行\t.50\n"
        "3\t2080102\t<b>一般</b>\t1.00\n"
    ).encode()
    blocks, repairs = repair(read(__import__("pathlib").Path("t.txt"), text))
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows[2:] == [
        ["1", "20801", "人力资源", "11189.71"],
        ["2", "2080101", "行政运行", "12.50"],
        ["3", "2080102", "一般", "1.00"],
    ]
    assert sorted({r.kind for r in repairs}) == [
        "bold-tag",
        "row-broken-across-page",
        "split-number",
        "table-continued",
        "wrapped-text",
    ]


def test_a_different_table_after_a_title_is_not_merged():
    first = Block("table", rows=[["序号", "a"], ["栏次", "1"], ["1", "x"]], line=1)
    title = Block("paragraph", text="部门预算收入总表", line=5)
    second = Block("table", rows=[["序号", "a"], ["栏次", "1"], ["1", "y"]], line=6)
    blocks, _ = repair([first, title, second])
    assert [b.kind for b in blocks] == ["table", "paragraph", "table"]


def test_rows_keep_the_page_they_were_printed_on():
    """A table joined across a page break still knows which page each row came from."""
    header = [
        ["序号", "科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["栏次", "1", "2", "3", "4", "5"],
    ]
    blocks = [
        Block("paragraph", text="部门预算支出总表", line=1, page=4),
        Block("table", rows=[*header, ["1", "", "合计", "3.00", "3.00", ""]], line=2, page=4),
        Block("paragraph", text="预算年度：2024", line=3, page=5),
        Block(
            "table",
            rows=[*header, ["2", "208", "社会保障和就业支出", "3.00", "3.00", ""]],
            line=4,
            page=5,
        ),
    ]
    from openbudget.recognise import recognise

    repaired, _ = repair([Block(**vars(b)) for b in blocks])
    table = next(b for b in repaired if b.kind == "table")
    assert [table.page_at(i) for i in range(len(table.rows))] == [4, 4, 4, 5]
    found = recognise(repaired)
    assert [r["page"] for r in found.records["expenditure"]] == [4, 5]


# --- a row cut by a page break, told from a new row ---------------------------------------


def test_a_row_cut_in_several_cells_is_glued_but_a_new_row_is_kept() -> None:
    above = ["深圳市人民政府办公", "政府公报编辑管", "200.18", "完成政府公报编辑管理工"]
    assert is_cut_tail(["厅（本级）", "理", "", "作，本年度计划完成"], above)
    # the decimals of a figure the break cut off (杭州: 12,437.3 / 6)
    assert is_cut_tail(["车驾驶员考试服务中心", "", "6"], ["杭州市机动", "14,549.64", "12,437.3"])
    # a figure under a figure is a row of its own (深圳: 上年结余、结转 9,742.42 / 1.… 2,582.06)
    upper = ["上年结余、结转", "9,742.42", "结转下年", "0.00"]
    assert not is_cut_tail(["1.财政拨款结余、结转", "2,582.06", "", ""], upper)
    assert not is_broken_row(
        ["1.财政拨款结余、结转", "2,582.06", "", ""], [["", "", "x", "1"], upper]
    )
    # indicator rows hold no figures: the next one is a row of its own
    assert not is_cut_tail(
        ["", "", "质量指标", "设备完好率", "≥96%"], ["", "产出指标", "数量指标", "维护量", "≥330台"]
    )


def test_radical_code_points_read_as_the_ideographs_they_print() -> None:
    """Some PDF fonts give ⼀ (U+2F00) for 一 and ⽀ (U+2F40) for 支: the page shows
    一般公共预算支出表, the text layer does not say so until mended."""
    blocks = [
        Block("paragraph", text="表5 ⼀般公共预算⽀出表"),
        Block("table", rows=[["科目名称", "⾦额"], ["⼀般公共服务⽀出", "12.00"]]),
    ]
    mended, repairs = repair(blocks)
    assert mended[0].text == "表5 一般公共预算支出表"
    assert mended[1].rows == [["科目名称", "金额"], ["一般公共服务支出", "12.00"]]
    assert [(r.kind, r.before, r.after) for r in repairs] == [
        ("radical-glyphs", "⼀⽀", "一支"),
        ("radical-glyphs", "⼀⽀⾦", "一支金"),
    ]


def test_a_table_marked_as_continued_is_joined_to_the_one_it_continues() -> None:
    """The next page may print 续表, （续）, or the title with （续表） above the repeated
    headings: the rows there belong to the table before, not to a second table."""
    first = "2025年部门支出总表\n\n单位：万元\n\n科目编码\t科目名称\t合计\n\t合计\t30.00\n"
    second = "\n科目编码\t科目名称\t合计\n208\t社会保障和就业支出\t20.00\n"
    for mark in ["续表", "（续）", "2025年部门支出总表（续表）"]:
        text = f"{first}\n{mark}\n{second}"
        blocks, repairs = repair(read("t.txt", text.encode()))
        tables = [b for b in blocks if b.kind == "table"]
        assert len(tables) == 1, mark
        assert tables[0].rows[-1] == ["208", "社会保障和就业支出", "20.00"]
        assert "table-continued" in {r.kind for r in repairs}
