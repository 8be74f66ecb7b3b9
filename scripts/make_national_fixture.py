"""Render the national-template fixture: a made-up disclosure in the Ministry of Finance's
2017 template for 部门预算公开, as a web page, a PDF printed from it and a workbook.

No city of the real-document corpus prints exactly this: the label on the title's line
(``表5 一般公共预算支出表``), 类/款/项 in three code columns, the title block
(``部门：…　单位：万元``) in one line or in one workbook row over two cells, the cover's
year in Chinese numerals (``二〇二五年二月``) and the department's name under the title.
The department and every figure are invented (长春市模板示例局); the arithmetic adds up.

    .venv/bin/python scripts/make_national_fixture.py [OUT_DIR]

writes ``2025-national-template.html``, ``.pdf`` (headless Chromium's print), ``.xlsx``
(one sheet per table), ``.xls`` (the same, Excel 97-2003) and ``.docx`` (each table with its
title and title block as its first rows) into OUT_DIR (default ``tests/fixtures``), and
``2025-national-template-web.html``: the page as a government site serves it (GB2312, site
navigation first, Word's HTML in the cells).
"""

# ruff: noqa: E501  (the page's rows and prose are data, one printed line each)
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from docx import Document
from openpyxl import Workbook

from openbudget.readers import read_blocks

NAME = "2025-national-template"
T: list[str] = []


def table(label_title: str, unit: str, head: list[str], rows: list[list[str]]) -> None:
    """A table as printed: its title line, its title block, its grid."""
    T.append(f'<p style="text-align:center"><b>{label_title}</b></p>')
    T.append(f"<p>部门：长春市模板示例局　　　　　　　　　　　　单位：{unit}</p>")
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    T.append(f'<table border="1">{"".join(head)}{body}</table>')


table(
    "表1 部门收支总表",
    "万元",
    [
        '<tr><td colspan="2">收入</td><td colspan="2">支出</td></tr>',
        "<tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>",
    ],
    [
        ["一、一般公共预算拨款收入", "1,234.56", "一、一般公共服务支出", "1,100.00"],
        ["二、政府性基金预算拨款收入", "100.00", "二、社会保障和就业支出", "150.00"],
        ["三、国有资本经营预算拨款收入", "", "三、卫生健康支出", "50.00"],
        ["四、财政专户管理资金收入", "", "四、其他支出", "100.00"],
        ["五、事业收入", "50.00", "", ""],
        ["六、其他收入", "15.44", "", ""],
        ["本年收入合计", "1,400.00", "本年支出合计", "1,400.00"],
        ["上年结转", "", "结转下年", ""],
        ["收入总计", "1,400.00", "支出总计", "1,400.00"],
    ],
)

codes = [
    ("201", "", "", "一般公共服务支出"),
    ("201", "03", "", "政府办公厅（室）及相关机构事务"),
    ("201", "03", "01", "行政运行"),
    ("201", "03", "02", "一般行政管理事务"),
    ("208", "", "", "社会保障和就业支出"),
    ("208", "05", "", "行政事业单位养老支出"),
    ("208", "05", "05", "机关事业单位基本养老保险缴费支出"),
    ("208", "05", "06", "机关事业单位职业年金缴费支出"),
    ("210", "", "", "卫生健康支出"),
    ("210", "11", "", "行政事业单位医疗"),
    ("210", "11", "01", "行政单位医疗"),
    ("229", "", "", "其他支出"),
    ("229", "60", "", "彩票公益金安排的支出"),
    ("229", "60", "02", "用于社会福利的彩票公益金支出"),
]
CODE_HEAD = '<tr><td colspan="3">科目编码</td><td rowspan="2">科目名称</td>'
income = {
    "201": ["1,100.00", "", "1,034.56", "", "", "", "50.00", "15.44"],
    "20103": ["1,100.00", "", "1,034.56", "", "", "", "50.00", "15.44"],
    "2010301": ["900.00", "", "834.56", "", "", "", "50.00", "15.44"],
    "2010302": ["200.00", "", "200.00", "", "", "", "", ""],
    "208": ["150.00", "", "150.00", "", "", "", "", ""],
    "20805": ["150.00", "", "150.00", "", "", "", "", ""],
    "2080505": ["100.00", "", "100.00", "", "", "", "", ""],
    "2080506": ["50.00", "", "50.00", "", "", "", "", ""],
    "210": ["50.00", "", "50.00", "", "", "", "", ""],
    "21011": ["50.00", "", "50.00", "", "", "", "", ""],
    "2101101": ["50.00", "", "50.00", "", "", "", "", ""],
    "229": ["100.00", "", "", "100.00", "", "", "", ""],
    "22960": ["100.00", "", "", "100.00", "", "", "", ""],
    "2296002": ["100.00", "", "", "100.00", "", "", "", ""],
}


def code_rows(values, select=None):
    out = []
    for a, b, c, name in codes:
        key = a + b + c
        if select and not select(key):
            continue
        out.append([a, b, c, name, *values[key]])
    return out


table(
    "表2 部门收入总表",
    "万元",
    [
        CODE_HEAD
        + '<td rowspan="2">合计</td><td rowspan="2">上年结转</td><td rowspan="2">一般公共预算拨款收入</td><td rowspan="2">政府性基金预算拨款收入</td><td rowspan="2">国有资本经营预算拨款收入</td><td rowspan="2">财政专户管理资金收入</td><td rowspan="2">事业收入</td><td rowspan="2">其他收入</td></tr>',
        "<tr><td>类</td><td>款</td><td>项</td></tr>",
    ],
    [
        ["", "", "", "合计", "1,400.00", "", "1,234.56", "100.00", "", "", "50.00", "15.44"],
        *code_rows(income),
    ],
)
spend = {
    "201": ["1,100.00", "900.00", "200.00"],
    "20103": ["1,100.00", "900.00", "200.00"],
    "2010301": ["900.00", "900.00", ""],
    "2010302": ["200.00", "", "200.00"],
    "208": ["150.00", "150.00", ""],
    "20805": ["150.00", "150.00", ""],
    "2080505": ["100.00", "100.00", ""],
    "2080506": ["50.00", "50.00", ""],
    "210": ["50.00", "50.00", ""],
    "21011": ["50.00", "50.00", ""],
    "2101101": ["50.00", "50.00", ""],
    "229": ["100.00", "", "100.00"],
    "22960": ["100.00", "", "100.00"],
    "2296002": ["100.00", "", "100.00"],
}
table(
    "表3 部门支出总表",
    "万元",
    [
        CODE_HEAD
        + '<td rowspan="2">合计</td><td rowspan="2">基本支出</td><td rowspan="2">项目支出</td><td rowspan="2">事业单位经营支出</td><td rowspan="2">上缴上级支出</td><td rowspan="2">对附属单位补助支出</td></tr>',
        "<tr><td>类</td><td>款</td><td>项</td></tr>",
    ],
    [
        ["", "", "", "合计", "1,400.00", "1,100.00", "300.00", "", "", ""],
        *[r + ["", "", ""] for r in code_rows(spend)],
    ],
)
table(
    "表4 财政拨款收支总表",
    "万元",
    [
        '<tr><td colspan="2">收入</td><td colspan="4">支出</td></tr>',
        "<tr><td>项目</td><td>预算数</td><td>项目</td><td>合计</td><td>一般公共预算</td><td>政府性基金预算</td></tr>",
    ],
    [
        ["一、本年收入", "1,334.56", "一、本年支出", "1,334.56", "1,234.56", "100.00"],
        [
            "（一）一般公共预算拨款",
            "1,234.56",
            "（一）一般公共服务支出",
            "1,034.56",
            "1,034.56",
            "",
        ],
        ["（二）政府性基金预算拨款", "100.00", "（二）社会保障和就业支出", "150.00", "150.00", ""],
        ["（三）国有资本经营预算拨款", "", "（三）卫生健康支出", "50.00", "50.00", ""],
        ["二、上年结转", "", "（四）其他支出", "100.00", "", "100.00"],
        ["收入总计", "1,334.56", "支出总计", "1,334.56", "1,234.56", "100.00"],
    ],
)
general = {
    "201": ["1,034.56", "834.56", "200.00"],
    "20103": ["1,034.56", "834.56", "200.00"],
    "2010301": ["834.56", "834.56", ""],
    "2010302": ["200.00", "", "200.00"],
    "208": ["150.00", "150.00", ""],
    "20805": ["150.00", "150.00", ""],
    "2080505": ["100.00", "100.00", ""],
    "2080506": ["50.00", "50.00", ""],
    "210": ["50.00", "50.00", ""],
    "21011": ["50.00", "50.00", ""],
    "2101101": ["50.00", "50.00", ""],
}
table(
    "表5 一般公共预算支出表",
    "万元",
    [
        CODE_HEAD
        + '<td rowspan="2">合计</td><td rowspan="2">基本支出</td><td rowspan="2">项目支出</td></tr>',
        "<tr><td>类</td><td>款</td><td>项</td></tr>",
    ],
    [
        ["", "", "", "合计", "1,234.56", "1,034.56", "200.00"],
        *code_rows(general, lambda k: not k.startswith("229")),
    ],
)
econ = [
    ("301", "", "工资福利支出", "900.00", "900.00", ""),
    ("301", "01", "基本工资", "400.00", "400.00", ""),
    ("301", "02", "津贴补贴", "300.00", "300.00", ""),
    ("301", "08", "机关事业单位基本养老保险缴费", "100.00", "100.00", ""),
    ("301", "09", "职业年金缴费", "50.00", "50.00", ""),
    ("301", "10", "职工基本医疗保险缴费", "50.00", "50.00", ""),
    ("302", "", "商品和服务支出", "120.00", "", "120.00"),
    ("302", "01", "办公费", "60.00", "", "60.00"),
    ("302", "11", "差旅费", "30.00", "", "30.00"),
    ("302", "17", "公务接待费", "5.00", "", "5.00"),
    ("302", "31", "公务用车运行维护费", "25.00", "", "25.00"),
    ("303", "", "对个人和家庭的补助", "14.56", "14.56", ""),
    ("303", "05", "生活补助", "14.56", "14.56", ""),
]
table(
    "表6 一般公共预算基本支出表",
    "万元",
    [
        '<tr><td colspan="2">部门预算支出经济分类科目</td><td colspan="3">本年一般公共预算基本支出</td></tr>',
        "<tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>人员经费</td><td>公用经费</td></tr>",
    ],
    [
        ["", "合计", "1,034.56", "914.56", "120.00"],
        *[[a + b, n, t, p, u] for a, b, n, t, p, u in econ],
    ],
)
table(
    "表7 一般公共预算“三公”经费支出表",
    "元",
    [
        '<tr><td rowspan="3">合计</td><td rowspan="3">因公出国（境）费</td><td colspan="3">公务用车购置及运行费</td><td rowspan="3">公务接待费</td></tr>',
        '<tr><td rowspan="2">小计</td><td rowspan="2">公务用车购置费</td><td rowspan="2">公务用车运行费</td></tr>',
        "<tr></tr>",
    ],
    [["350,000.00", "50,000.00", "250,000.00", "0.00", "250,000.00", "50,000.00"]],
)
table(
    "表8 政府性基金预算支出表",
    "万元",
    [
        CODE_HEAD + '<td colspan="3">本年政府性基金预算支出</td></tr>',
        "<tr><td>类</td><td>款</td><td>项</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>",
    ],
    [
        ["", "", "", "合计", "100.00", "", "100.00"],
        ["229", "", "", "其他支出", "100.00", "", "100.00"],
        ["229", "60", "", "彩票公益金安排的支出", "100.00", "", "100.00"],
        ["229", "60", "02", "用于社会福利的彩票公益金支出", "100.00", "", "100.00"],
    ],
)
table(
    "表9 国有资本经营预算支出表",
    "万元",
    [
        CODE_HEAD + '<td colspan="3">本年国有资本经营预算支出</td></tr>',
        "<tr><td>类</td><td>款</td><td>项</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>",
    ],
    [["", "", "", "合计", "", "", ""]],
)
T.append("<p>注：本部门2025年无国有资本经营预算支出，故本表为空表。</p>")

prose = """<h1>2025年部门预算</h1><p style="text-align:center">长春市模板示例局</p><p style="text-align:center">二〇二五年二月</p>
<h2>第一部分 部门概况</h2><p>一、主要职能</p><p>长春市模板示例局是为本测试编造的部门，其数字均为编造。</p>
<p>二、部门预算单位构成</p><p>本部门预算为局本级预算，无下属预算单位。</p>
<h2>第二部分 2025年部门预算情况说明</h2>
<p>一、收支预算总体情况</p><p>按照综合预算的原则，长春市模板示例局所有收入和支出均纳入部门预算管理。2025年收入预算1,400.00万元，其中：一般公共预算拨款收入1,234.56万元，政府性基金预算拨款收入100.00万元，事业收入50.00万元，其他收入15.44万元。支出预算1,400.00万元，其中：基本支出1,100.00万元，项目支出300.00万元。</p>
<p>二、“三公”经费预算情况说明</p><p>2025年一般公共预算“三公”经费预算35.00万元，其中：因公出国（境）费5.00万元，公务用车购置及运行费25.00万元（其中公务用车购置费0万元，公务用车运行费25.00万元），公务接待费5.00万元。</p>
<h2>第三部分 2025年部门预算表</h2>"""


def page_html() -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>2025年部门预算</title>'
        "<style>table{border-collapse:collapse} td{border:1px solid #000;padding:2px 4px;"
        f"font-size:11px}}</style></head><body>{prose}{''.join(T)}</body></html>"
    )


def workbook(html: Path, out: Path) -> None:
    """One sheet per table: the title with the year (a workbook has no cover) merged over
    row 1, the title block over two cells of row 2, then the grid as the page reads."""
    book = Workbook()
    book.remove(book.active)
    titles: list[str] = []
    for block in read_blocks(html, html.read_bytes()):
        if block.kind != "table":
            titles.append(block.text)
            continue
        title = next(t for t in reversed(titles) if t.startswith("表")).replace(" ", " 2025年", 1)
        sheet = book.create_sheet(title.split()[0])
        width = max(len(r) for r in block.rows)
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        unit = "元" if "三公" in title else "万元"
        sheet.append(["部门：长春市模板示例局", *[None] * (width - 2), f"单位：{unit}"])
        for row in block.rows:
            sheet.append([cell or None for cell in row])
        titles = []
    book.properties.created = book.properties.modified = datetime(2025, 2, 1)
    book.save(out)


def old_workbook(xlsx: Path, out: Path) -> None:
    """The workbook saved as Excel 97-2003 (.xls): same sheets and merged title rows,
    amounts as numbers with the number format ``#,##0.00``."""
    import xlwt
    from openpyxl import load_workbook

    amount = xlwt.easyxf(num_format_str="#,##0.00")
    book = xlwt.Workbook(encoding="utf-8")
    for sheet in load_workbook(xlsx).worksheets:
        old = book.add_sheet(sheet.title)
        for r, row in enumerate(sheet.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                number = isinstance(value, str) and re.fullmatch(r"-?[\d,]+\.\d\d", value)
                if number:
                    old.write(r, c, float(value.replace(",", "")), amount)
                elif value is not None:
                    old.write(r, c, value)
        width = sheet.max_column
        old.merge(0, 0, 0, width - 1)
    book.save(str(out))


def word(html: Path, out: Path) -> None:
    """The page as a Word file whose tables carry their title and title block as their first
    two rows (title merged across, ``部门：…`` and ``单位：…`` side by side), as some
    bureaus draw them; the prose before the tables as headings and paragraphs."""
    document = Document()
    document.core_properties.created = document.core_properties.modified = datetime(2025, 2, 1)
    lines: list[str] = []
    for block in read_blocks(html, html.read_bytes()):
        if block.kind != "table":
            lines.append(block.text)
            continue
        title = next(t for t in reversed(lines) if t.startswith("表"))
        for text in lines[: lines.index(title)]:
            document.add_paragraph(text)
        width = max(len(r) for r in block.rows)
        grid = document.add_table(rows=len(block.rows) + 2, cols=width)
        grid.style = "Table Grid"
        grid.cell(0, 0).merge(grid.cell(0, width - 1)).text = title
        grid.cell(1, 0).merge(grid.cell(1, width - 2)).text = "部门：长春市模板示例局"
        grid.cell(1, width - 1).text = "单位：元" if "三公" in title else "单位：万元"
        for r, cells in enumerate(block.rows, start=2):
            for c, text in enumerate(cells):
                grid.cell(r, c).text = text
        lines = []
    for text in lines:
        document.add_paragraph(text)
    document.save(out)


def web_page(html: str) -> bytes:
    """The page as a government site serves it: GB2312 declared, navigation and
    ``当前位置`` before the content, Word's HTML in every cell and title."""
    body = html.split("<body>", 1)[1].split("</body>", 1)[0]
    cell = (
        "<td{}><p class=MsoNormal align=center><span lang=EN-US style='font-size:10.0pt'>"
        "{}<o:p></o:p></span></p></td>"
    )
    body = re.sub(r"<td([^>]*)>(.*?)</td>", lambda m: cell.format(m[1], m[2] or "&nbsp;"), body)
    body = body.replace('<table border="1">', "<table class=MsoNormalTable border=0>")
    body = re.sub(
        r'<p style="text-align:center"><b>(.*?)</b></p>',
        r"<p class=MsoNormal align=center><b><span style='font-size:16.0pt'>\1</span></b></p>",
        body,
    )
    page = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=gb2312"><title>2025年部门预算-长春市人民政府</title>'
        '</head><body><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">'
        "政务公开</a></li><li>政府信息公开目录</li></ul><table width=1000><tr><td>"
        "当前位置：首页 &gt; 政务公开 &gt; 财政预决算</td></tr><tr><td>"
        f'<div class="TRS_Editor">{body}</div></td></tr></table><div class="footer">'
        "主办单位：长春市人民政府办公厅 版权所有</div></body></html>"
    )
    return page.encode("gb18030")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures")
    html = out / f"{NAME}.html"
    html.write_text(page_html(), encoding="utf-8")
    (out / f"{NAME}-web.html").write_bytes(web_page(page_html()))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
             "--no-pdf-header-footer", f"--print-to-pdf={out / NAME}.pdf", html.resolve().as_uri()],
            check=True, capture_output=True,
        )  # fmt: skip
    workbook(html, out / f"{NAME}.xlsx")
    word(html, out / f"{NAME}.docx")
    old_workbook(out / f"{NAME}.xlsx", out / f"{NAME}.xls")


if __name__ == "__main__":
    main()
