"""The DOCX, XLSX and HTML readers: the blocks they give, numbers as printed, bad input.

Small documents are built here (python-docx, openpyxl, strings) with what published
disclosures have: a merged two-level header, a 栏次 row, formatted numbers, GBK pages.
When the rendered fixtures of ``sources/2025-julu-renshe.txt`` exist, each must parse to
the same records as the text extract.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import zipped
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl import Workbook

from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.parse import parse_document
from openbudget.readers import docx as docx_reader
from openbudget.readers import html as html_reader
from openbudget.readers import read_blocks
from openbudget.readers import xlsx as xlsx_reader
from openbudget.readers.docx_numbering import chinese
from openbudget.readers.xlsx_format import format_number
from openbudget.schema import STANDARD_TABLES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
JULU = ROOT / "sources" / "2025-julu-renshe.txt"

HEADER = [
    ["序号", "收入", "", "支出", ""],
    ["", "项目", "预算数", "项目", "预算数"],
    ["栏次", "1", "2", "3", "4"],
]
INC1, EXP8 = "一、一般公共服务支出", "八、社会保障和就业支出"


def shape(blocks: list[Block]) -> list[tuple[str, str, list[list[str]], int]]:
    """Blocks without their source positions, for exact comparison."""
    return [(b.kind, b.text, b.rows, b.level) for b in blocks]


# --- DOCX --------------------------------------------------------------------------------


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_table(document):
    """收支总表's top: 序号 merged down two rows, 收入 and 支出 merged across two columns."""
    table = document.add_table(rows=5, cols=5)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "序号"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "收入"
    table.cell(0, 3).merge(table.cell(0, 4)).text = "支出"
    for col, text in enumerate(["项目", "预算数", "项目", "预算数"], start=1):
        table.cell(1, col).text = text
    for col, text in enumerate(["栏次", "1", "2", "3", "4"]):
        table.cell(2, col).text = text
    row = ["1", "一、一般公共预算拨款收入", "3502.60", INC1, ""]
    for col, text in enumerate(row):
        table.cell(3, col).text = text
    table.cell(3, 1).add_paragraph("（含结转）")
    return table  # row 4 stays empty and is dropped


def test_docx_blocks_with_merged_header():
    document = Document()
    document.add_heading("部门预算收支总表", level=2)
    document.add_paragraph("323 巨鹿县人力资源和社会保障局")
    document.add_paragraph("   ")
    document.add_paragraph("单位：万元")
    summary_table(document)
    document.add_paragraph("注：无政府性基金预算财政拨款预算，空表列示。")
    blocks = docx_reader.read(Path("t.docx"), docx_bytes(document))
    assert shape(blocks) == [
        ("heading", "部门预算收支总表", [], 2),
        ("paragraph", "323 巨鹿县人力资源和社会保障局", [], 0),
        ("paragraph", "单位：万元", [], 0),
        (
            "table",
            "",
            [
                *HEADER,
                [
                    "1",
                    "一、一般公共预算拨款收入\n（含结转）",
                    "3502.60",
                    "一、一般公共服务支出",
                    "",
                ],
            ],
            0,
        ),
        ("paragraph", "注：无政府性基金预算财政拨款预算，空表列示。", [], 0),
    ]
    assert all(b.page is None for b in blocks)
    assert [b.line for b in blocks] == [1, 2, 4, 5, 6]


def paragraph_xml(inner: str) -> object:
    """A w:p element from its inner XML."""
    return parse_xml(f"<w:p {nsdecls('w')}>{inner}</w:p>")


def test_docx_outline_level_field_codes_and_bookmarks():
    document = Document()
    body = document.element.body
    sect = body[-1]  # paragraphs go before the section properties
    sect.addprevious(
        paragraph_xml(
            "<w:pPr><w:outlineLvl w:val='0'/></w:pPr><w:r><w:t>部门预算信息公开</w:t></w:r>"
        )
    )
    sect.addprevious(
        paragraph_xml(
            "<w:r><w:t>见第</w:t></w:r>"
            "<w:bookmarkStart w:id='0' w:name='_Toc1234'/>"
            "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
            "<w:r><w:instrText xml:space='preserve'> PAGEREF _Toc1234 \\h </w:instrText></w:r>"
            "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
            "<w:r><w:t>3</w:t></w:r>"
            "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
            "<w:bookmarkEnd w:id='0'/>"
            "<w:r><w:t>页</w:t></w:r>"
            "<w:del w:id='1' w:author='a'><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
            "<w:ins w:id='2' w:author='a'><w:r><w:t>，插入的</w:t></w:r></w:ins>"
            "<w:r><w:t>错误！未定义书签。</w:t></w:r>"
        )
    )
    sect.addprevious(
        paragraph_xml(
            "<w:pPr><w:pStyle w:val='Heading2'/><w:outlineLvl w:val='9'/></w:pPr>"
            "<w:r><w:t>标题样式但正文级别</w:t><w:br/><w:t>第二行</w:t></w:r>"
        )
    )
    blocks = docx_reader.read(Path("t.docx"), docx_bytes(document))
    assert shape(blocks) == [
        ("heading", "部门预算信息公开", [], 1),
        ("paragraph", "见第3页，插入的", [], 0),
        ("paragraph", "标题样式但正文级别第二行", [], 0),
    ]


def add_chinese_numbering(document) -> str:
    """A list numbered 一、 二、 at level 0 and （一） at level 1; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f"<w:abstractNum {nsdecls('w')} w:abstractNumId='90'>"
        "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
        "<w:lvlText w:val='%1、'/></w:lvl>"
        "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
        "<w:lvlText w:val='（%2）'/></w:lvl>"
        "</w:abstractNum>"
    )
    numbering.insert(0, abstract)
    numbering.append(
        parse_xml(f"<w:num {nsdecls('w')} w:numId='90'><w:abstractNumId w:val='90'/></w:num>")
    )
    return "90"


def numbered(document, text: str, num_id: str, level: int, style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{level}'/><w:numId w:val='{num_id}'/>"
            "</w:numPr>"
        )
    )


def test_docx_automatic_list_numbers_are_kept():
    document = Document()
    num_id = add_chinese_numbering(document)
    numbered(document, "部门职责及机构设置情况", num_id, 0, "Heading 2")
    numbered(document, "部门职责", num_id, 1)
    numbered(document, "机构设置", num_id, 1)
    numbered(document, "部门预算安排的总体情况", num_id, 0, "Heading 2")
    numbered(document, "收入说明", num_id, 1)
    blocks = docx_reader.read(Path("t.docx"), docx_bytes(document))
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "一、部门职责及机构设置情况"),
        ("paragraph", "（一）部门职责"),
        ("paragraph", "（二）机构设置"),
        ("heading", "二、部门预算安排的总体情况"),
        ("paragraph", "（一）收入说明"),
    ]
    assert [chinese(n) for n in (1, 10, 11, 20, 21, 100, 101, 110)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十一",
        "一百",
        "一百零一",
        "一百一十",
    ]


def test_docx_nested_tables_are_flattened_and_layout_frames_unwrapped():
    document = Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "附表"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "a", (0, 1): "b", (1, 0): "c", (1, 1): "d"}.items():
        inner.cell(r, c).text = text
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "框内标题"
    framed = frame.cell(0, 0).add_table(rows=1, cols=2)
    framed.cell(0, 0).text = "x"
    framed.cell(0, 1).text = "y"
    blocks = docx_reader.read(Path("t.docx"), docx_bytes(document))
    assert shape(blocks) == [
        ("table", "", [["附表", "a b\nc d"]], 0),
        ("paragraph", "框内标题", [], 0),
        ("table", "", [["x", "y"]], 0),
    ]


# --- XLSX --------------------------------------------------------------------------------


def xlsx_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary_sheet(workbook, title: str):
    sheet = workbook.create_sheet(title)
    sheet.append(["部门预算收支总表"])
    sheet.merge_cells("A1:E1")
    sheet.append([None, "323 巨鹿县人力资源和社会保障局"])
    sheet.append(["单位：万元"])
    sheet.append(["序号", "收入", None, "支出", None])
    sheet.append([None, "项目", "预算数", "项目", "预算数"])
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("B4:C4")
    sheet.merge_cells("D4:E4")
    sheet.append(["栏次", 1, 2, 3, 4])
    sheet.append([1, "一、一般公共预算拨款收入", 3502.6, EXP8, 1234567.005])
    sheet.append([2, "二、政府性基金预算拨款收入", 0, "九、其他支出", 0.1 + 0.2])
    sheet.append([None, None, None, None, None, None])  # formatted but empty
    sheet.append(["注：金额保留两位小数。"])
    sheet["C7"].number_format = "0.00"
    sheet["E7"].number_format = "#,##0.00"
    sheet["C8"].number_format = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '
    sheet["E8"].number_format = "0.00"
    return sheet


def test_xlsx_one_table_per_sheet_with_title_paragraphs():
    workbook = Workbook()
    workbook.remove(workbook.active)
    summary_sheet(workbook, "收支总表")
    hidden = workbook.create_sheet("隐藏")
    hidden.append(["不应读出", "x"])
    hidden.sheet_state = "hidden"
    second = workbook.create_sheet("部门预算收入总表")  # no title row: the tab name is the title
    second.append(["序号", "合计"])
    second.append([1, 12])
    blocks = xlsx_reader.read(Path("t.xlsx"), xlsx_bytes(workbook))
    assert shape(blocks) == [
        ("paragraph", "部门预算收支总表", [], 0),
        ("paragraph", "323 巨鹿县人力资源和社会保障局", [], 0),
        ("paragraph", "单位：万元", [], 0),
        (
            "table",
            "",
            [
                *HEADER,
                [
                    "1",
                    "一、一般公共预算拨款收入",
                    "3502.60",
                    "八、社会保障和就业支出",
                    "1,234,567.01",
                ],
                ["2", "二、政府性基金预算拨款收入", "-", "九、其他支出", "0.30"],
            ],
            0,
        ),
        ("paragraph", "注：金额保留两位小数。", [], 0),
        ("paragraph", "部门预算收入总表", [], 0),
        ("table", "", [["序号", "合计"], ["1", "12"]], 0),
    ]
    assert [b.line for b in blocks[:5]] == [1, 2, 3, 4, 10]


def test_xls_sheets_read_as_an_xlsx_would() -> None:
    """An Excel 97-2003 workbook: numbers in their number format, merged title, hidden
    sheets and rows left out, a title block over two cells as its lines."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("收支总表")
    sheet.write_merge(0, 0, 0, 3, "表1 2025年部门收支总表")
    sheet.write(1, 0, "部门：长春市信访局")
    sheet.write(1, 3, "单位：万元")
    for col, text in enumerate(["收入项目", "预算数", "支出项目", "预算数"]):
        sheet.write(2, col, text)
    money = xlwt.easyxf(num_format_str="#,##0.00")
    sheet.write(3, 0, "一、一般公共预算拨款收入")
    sheet.write(3, 1, 1234567.005, money)
    sheet.write(3, 2, "一、一般公共服务支出")
    sheet.write(3, 3, 0.1 + 0.2, xlwt.easyxf(num_format_str="0.00"))
    sheet.write(4, 0, "隐藏的行")
    sheet.row(4).hidden = True
    hidden = book.add_sheet("隐藏")
    hidden.write(0, 0, "不应读出")
    hidden.visibility = 1
    buffer = io.BytesIO()
    book.save(buffer)
    blocks = read_blocks(Path("t.xls"), buffer.getvalue())
    assert shape(blocks) == [
        ("paragraph", "表1 2025年部门收支总表", [], 0),
        ("paragraph", "部门：长春市信访局\n单位：万元", [], 0),
        (
            "table",
            "",
            [
                ["收入项目", "预算数", "支出项目", "预算数"],
                ["一、一般公共预算拨款收入", "1,234,567.01", "一、一般公共服务支出", "0.30"],
            ],
            0,
        ),
    ]


def test_a_damaged_xls_says_so() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(SourceError, match="Excel 97-2003 workbook cannot be read"):
        read_blocks(Path("t.xls"), data)


def test_xlsx_sheet_with_several_tables_under_their_titles():
    workbook = Workbook()
    sheet = workbook.active
    for row in (
        ["1、就业工作经费绩效目标表"],
        [None, None, None, "单位：万元"],
        ["项目编码", "P1", "项目名称", "就业工作经费"],
        [None, "健全就业服务体系", None, None],  # one value, but inside the table
        [],
        ["产出指标", "数量指标", "≥25期", None],  # a blank row inside a table is dropped
        [],
        ["2、劳动仲裁经费绩效目标表"],
        ["项目编码", "P2", "项目名称", "劳动仲裁经费"],
    ):
        sheet.append(row)
    blocks = xlsx_reader.read(Path("t.xlsx"), xlsx_bytes(workbook))
    assert shape(blocks) == [
        ("paragraph", "1、就业工作经费绩效目标表", [], 0),
        ("paragraph", "单位：万元", [], 0),
        (
            "table",
            "",
            [
                ["项目编码", "P1", "项目名称", "就业工作经费"],
                ["", "健全就业服务体系", "", ""],
                ["产出指标", "数量指标", "≥25期", ""],
            ],
            0,
        ),
        ("paragraph", "2、劳动仲裁经费绩效目标表", [], 0),
        ("table", "", [["项目编码", "P2", "项目名称", "劳动仲裁经费"]], 0),
    ]


def test_xlsx_hidden_rows_and_columns_are_not_printed():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "辅助列", "合计"])
    sheet.append([1, "x", 5])
    sheet.append([2, "y", 6])
    sheet.column_dimensions["B"].hidden = True
    sheet.row_dimensions[3].hidden = True
    blocks = xlsx_reader.read(Path("t.xlsx"), xlsx_bytes(workbook))
    assert shape(blocks) == [("table", "", [["序号", "合计"], ["1", "5"]], 0)]


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (3502.6, "0.00", "3502.60"),
        (3502.6, "#,##0.00", "3,502.60"),
        (12345678901.23, "#,##0.00", "12,345,678,901.23"),
        (2.675, "0.00", "2.68"),  # half away from zero on the printed digits, as Excel
        (-0.004, "0.00", "0.00"),
        (-12.5, "0.00;[Red]0.00", "-12.50"),  # the minus is kept where only colour shows it
        (12, "General", "12"),
        (3502.0, "General", "3502"),
        (0.1 + 0.2, "General", "0.3"),
        (12, "0.00", "12.00"),
        (0.125, "0.0%", "12.5%"),
        (0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),
        (496, '0.00"万元"', "496.00"),
        (1234567, "#,##0,", "1,235"),
    ],
)
def test_xlsx_numbers_as_printed(value, number_format, printed):
    assert format_number(value, number_format) == printed


def test_xlsx_dates_and_text_cells():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["截止时间", "说明", "编码"])
    sheet.append([datetime(2024, 12, 31), "第一行\r\n第二行", "13052925P00004710003D"])
    sheet.append([date(2025, 1, 1), "x", "001"])
    blocks = xlsx_reader.read(Path("t.xlsx"), xlsx_bytes(workbook))
    assert blocks[0].rows[1:] == [
        ["2024-12-31", "第一行\n第二行", "13052925P00004710003D"],
        ["2025-01-01", "x", "001"],
    ]


def test_xlsx_formulas_without_saved_results_are_refused():
    workbook = Workbook()
    workbook.active.append([1, "=A1+1"])
    with pytest.raises(SourceError, match="formulas .* saved without their results"):
        xlsx_reader.read(Path("t.xlsx"), xlsx_bytes(workbook))


# --- HTML --------------------------------------------------------------------------------

GBK_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>巨鹿县人力资源和社会保障局2025年部门预算</title>
<style>td { border: 1px solid }</style><script>document.write("不是正文")</script>
</head><body>
<h2>部门预算收支总表</h2>
<p>323 巨鹿县人力资源和社会保障局<p>单位：万元
<table>
<thead>
<tr><th rowspan="2">序号</th><th colspan="2">收入</th><th colspan=2>支出</th></tr>
<tr><th>项目</th><th>预算数</th><th>项目</th><th>预算数</th></tr>
</thead>
<tbody>
<tr><td>栏次<td>1<td>2<td>3<td>4
<tr><td>1</td><td>一、一般公共预算<br>拨款收入</td><td>3502.60</td>
    <td>八、社会保障和
    就业支出</td><td>&nbsp;</td></tr>
<tr><td></td><td></td><td></td><td></td><td></td></tr>
</tbody></table>
<div style="display:none">隐藏的文字</div>
<div>注：本表&ldquo;空表&rdquo;列示 &amp; 说明。<br>第二段</div>
</body></html>
"""


def test_html_gbk_page_with_spanned_header():
    blocks = html_reader.read(Path("t.html"), GBK_PAGE.encode("gbk"))
    assert shape(blocks) == [
        ("heading", "部门预算收支总表", [], 2),
        ("paragraph", "323 巨鹿县人力资源和社会保障局", [], 0),
        ("paragraph", "单位：万元", [], 0),
        (
            "table",
            "",
            [
                *HEADER,
                ["1", "一、一般公共预算\n拨款收入", "3502.60", "八、社会保障和就业支出", ""],
            ],
            0,
        ),
        ("paragraph", "注：本表“空表”列示 & 说明。", [], 0),
        ("paragraph", "第二段", [], 0),
    ]
    assert [b.line for b in blocks[:4]] == [6, 7, 7, 8]
    assert all(b.page is None for b in blocks)


def test_html_utf8_page_layout_table_and_caption():
    page = (
        "<table><tr><td><h3>一、部门职责</h3><p>正文</p>"
        "<table><caption>部门机构设置情况</caption>"
        "<tr><td>单位名称</td><td colspan=2>单位性质</td></tr>"
        "<tr><td rowspan=2>本级</td><td>行政</td><td>正科级</td></tr>"
        "<tr><td>事业</td><td>副科级</td></tr></table>"
        "</td></tr></table>"
    )
    blocks = html_reader.read(Path("t.html"), page.encode())
    assert shape(blocks) == [
        ("heading", "一、部门职责", [], 3),
        ("paragraph", "正文", [], 0),
        ("paragraph", "部门机构设置情况", [], 0),
        (
            "table",
            "",
            [["单位名称", "单位性质", ""], ["本级", "行政", "正科级"], ["", "事业", "副科级"]],
            0,
        ),
    ]


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
<style><!-- p.MsoNormal {margin:0cm} --></style></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal><![if !supportLists]><span>一、<span style='font:7.0pt'>&nbsp;
</span></span><![endif]><b><span>部门职责</span></b><o:p></o:p></p>
<table class=MsoTableGrid border=1>
 <tr><td width=60 rowspan=2><p class=MsoNormal align=center><span>序号</span></p></td>
  <td colspan=2><p class=MsoNormal><span>本年收入</span></p></td></tr>
 <tr><td><p class=MsoNormal>小计</p></td><td><p class=MsoNormal>财政拨款</p>
  <p class=MsoNormal>收入</p></td></tr>
 <![if !supportMisalignedColumns]>
 <tr height=0 style='display:none'><td width=60></td><td width=60></td><td width=60></td></tr>
 <![endif]>
</table></div></body></html>"""


def test_html_saved_by_word():
    blocks = html_reader.read(Path("t.htm"), WORD_HTML.encode("gbk"))
    assert shape(blocks) == [
        ("paragraph", "一、 部门职责", [], 0),  # the &nbsp; Word puts after a list number
        ("table", "", [["序号", "本年收入", ""], ["", "小计", "财政拨款\n收入"]], 0),
    ]


# --- bad input ---------------------------------------------------------------------------


def a_docx() -> bytes:
    document = Document()
    document.add_paragraph("部门预算")
    return docx_bytes(document)


def an_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["部门预算"])
    return xlsx_bytes(workbook)


def replaced(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return zipped(
            {
                n: package.read(n).replace(old, new) if n == part else package.read(n)
                for n in package.namelist()
            }
        )


def without(data: bytes, part: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return zipped({n: package.read(n) for n in package.namelist() if n != part})


def corrupted(data: bytes, part: str) -> bytes:
    """The package with a byte of one stored part's compressed data flipped."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    damaged[start + info.compress_size // 2] ^= 0xFF
    return bytes(damaged)


ENCRYPTED = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + b"\x00" * 512
    + "EncryptionInfo".encode("utf-16-le")
    + b"\x00" * 64
    + "EncryptedPackage".encode("utf-16-le")
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.docx", lambda: a_docx()[:2000], "Word document .* damaged or incomplete"),
        ("a.docx", lambda: corrupted(a_docx(), "word/document.xml"), "damaged"),
        ("a.docx", lambda: without(a_docx(), "word/document.xml"), "incomplete: .*missing"),
        (
            "a.docx",
            lambda: replaced(a_docx(), "word/document.xml", b"<w:body>", b"<w:body"),
            "Word document is damaged or incomplete .*XMLSyntaxError",
        ),
        (
            "a.docx",
            lambda: replaced(a_docx(), "[Content_Types].xml", b".document.main", b".template.main"),
            "not a plain Word document .*template",
        ),
        ("a.docx", an_xlsx, r"this is an Excel workbook \(.xlsx\), not a Word document"),
        ("a.docx", lambda: zipped({"a.txt": b"x"}), "ZIP archive of other files"),
        ("a.docx", lambda: ENCRYPTED, "password-protected"),
        ("a.docx", lambda: docx_bytes(Document()), "has no text"),
        ("a.xlsx", lambda: an_xlsx()[:1500], "Excel workbook .* damaged or incomplete"),
        (
            "a.xlsx",
            lambda: replaced(an_xlsx(), "xl/worksheets/sheet1.xml", b"<sheetData>", b"<sheetData"),
            "Excel workbook is damaged or incomplete",
        ),
        ("a.xlsx", a_docx, r"this is a Word document \(.docx\), not an? Excel workbook"),
        ("a.xlsx", lambda: ENCRYPTED, "password-protected"),
        ("a.xlsx", lambda: xlsx_bytes(Workbook()), "no values in any visible sheet"),
        ("a.html", lambda: b"<html><body><p> &nbsp; </p></body></html>", "no text"),
        ("a.html", lambda: b"<script>load()</script>", "filled in by JavaScript"),
        ("a.html", lambda: "<p>预算</p>".encode("gbk"), "not UTF-8 .* no other charset"),
        (
            "a.html",
            lambda: b'<meta charset="GBK"><p>\xd4\xa4\xff\xff</p>',
            "declares charset gbk but byte 25",
        ),
        (
            "a.html",
            lambda: b'<meta charset="x-county"><p>\xd4\xa4\xcb\xe3</p>',
            "unknown charset 'x-county'",
        ),
    ],
)
def test_bad_input_says_what_is_wrong(name, content, message):
    reader = {".docx": docx_reader, ".xlsx": xlsx_reader, ".html": html_reader}
    path = Path(name)
    with pytest.raises(SourceError, match=message):
        reader[path.suffix].read(path, content())


def test_dispatcher_uses_these_readers(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(an_xlsx())
    with pytest.raises(SourceError, match="Excel workbook"):
        read_blocks(path, path.read_bytes())
    page = tmp_path / "a.htm"
    page.write_bytes(GBK_PAGE.encode("gbk"))
    assert read_blocks(page, page.read_bytes())[0].text == "部门预算收支总表"


# --- the rendered fixtures parse like the text extract -----------------------------------

STANDARD = STANDARD_TABLES
# The workbook holds the nine tables and the project tables (绩效目标表), one per sheet, so
# its prose, units, procurement and assets are not compared. The page's table of contents
# prints each page number in a floated <span> right after the entry's text ("…情况16"),
# which reads as part of the entry, so the page's sections are not compared; the Word file
# matches throughout.
COMPARED = {
    "docx": (*STANDARD, "projects", "indicators", "sections", "org_units", "assets"),
    "xlsx": (*STANDARD, "projects", "indicators"),
    "html": (*STANDARD, "projects", "indicators", "org_units", "assets"),
}


def without_page(records: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in r.items() if k != "page"} for r in records]


@pytest.fixture(scope="module")
def julu_from_text():
    return parse_document(JULU)


@pytest.mark.parametrize("extension", ["docx", "xlsx", "html"])
def test_fixture_parses_like_the_text_extract(extension, julu_from_text):
    fixture = FIXTURES / f"2025-julu-renshe.{extension}"
    if not (fixture.exists() and fixture.with_suffix(".yaml").exists()):
        pytest.skip(f"{fixture.name} (with its .yaml sidecar) is not rendered yet")
    parsed = parse_document(fixture)
    expected = julu_from_text
    for table in COMPARED[extension]:
        assert without_page(parsed.records.get(table, [])) == without_page(
            expected.records.get(table, [])
        ), f"{extension}: {table}"
    for key in ("tables_found", "tables_empty", "department_name", "year"):
        assert parsed.document[key] == expected.document[key], key
