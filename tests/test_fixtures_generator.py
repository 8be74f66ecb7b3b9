"""scripts/make_fixtures.py: the fixtures it renders are valid files of their kind.

The PDF is checked the way a reader sees it (pdfplumber): ruled tables with merged
headings and the 栏次 row, 合计 rows printed twice for fake bold, a table running onto the
next page with its title block and headings repeated, every cell's text recoverable. The
DOCX, XLSX and HTML renderings are checked for merged cells, numbers stored as numbers
with a 0.00 format, colspan/rowspan. Rendering is deterministic.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest

from openbudget.text_utils import join_cjk

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
JULU = "2025-julu-renshe"


def load_script():
    script = ROOT / "scripts" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_fixtures", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_fixtures"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


mf = load_script()
needs_font = pytest.mark.skipif(
    not mf.FONT_PATH.exists(), reason="the Debian package fonts-wqy-microhei is not installed"
)


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fixtures")


@pytest.fixture(scope="module")
def julu_pdf(out_dir) -> Path:
    return mf.make(JULU, "pdf", out_dir)


@pytest.fixture(scope="module")
def julu_read(julu_pdf) -> list[tuple[str, list]]:
    """Each page of the rendered PDF as (text, tables with fake bold removed)."""
    with pdfplumber.open(julu_pdf) as pdf:
        return [
            (page.extract_text() or "", page.dedupe_chars().extract_tables()) for page in pdf.pages
        ]


def page_with(pdf, text: str, whole: bool = True) -> int:
    """Index of the first page with a line (below the running header) that is ``text``,
    or starts with it."""
    return next(
        i
        for i, page in enumerate(pdf.pages)
        for line in (page.extract_text() or "").split("\n")[1:]
        if line == text or (not whole and line.startswith(text))
    )


# --- PDF -------------------------------------------------------------------------------


@needs_font
def test_pdf_has_ruled_tables_with_merged_headings_and_fake_bold(julu_pdf):
    with pdfplumber.open(julu_pdf) as pdf:
        page = pdf.pages[page_with(pdf, "部门预算收入总表")]
        lines = (page.extract_text() or "").split("\n")
        assert lines[0] == "巨鹿县人力资源和社会保障局2025年部门预算信息公开"  # running header
        assert re.fullmatch(r"— \d+ —", lines[-1])  # page number in the footer
        table = page.dedupe_chars().extract_tables()[0]
        first, second, numbers = table[:3]
        # 本年收入 spans 小计 … 其他收入: its other columns are merged (None)
        assert first[:5] == ["序号", "功能分类科目", None, "合计", "本年收入"]
        assert first[5:12] == [None] * 7
        assert second[0] is None and second[3] is None  # 序号 and 合计 merge downwards
        assert second[4] == "小计" and second[11] == "其他收\n入"  # narrow columns wrap
        assert second[10] == "附属单\n位上缴\n收入"
        assert numbers == ["栏次", *map(str, range(1, 13))]
        total = next(row for row in table if row[2] == "合计")
        assert total[3:6] == ["3502.60"] * 3
        # without dedupe, the bold 合计 row shows each glyph twice
        raw = page.extract_tables()[0]
        assert any(row[2] == "合合计计" and row[3] == "33550022..6600" for row in raw)
        assert len(page.chars) > len(page.dedupe_chars().chars)


@needs_font
def test_pdf_table_runs_onto_the_next_page_with_title_block_and_headings_repeated(julu_pdf):
    with pdfplumber.open(julu_pdf) as pdf:
        start = page_with(pdf, "部门预算财政拨款收支总表")
        first, second = pdf.pages[start], pdf.pages[start + 1]
        text = second.extract_text() or ""
        assert "部门预算财政拨款收支总表" not in text  # the title is printed once
        title_line = text.split("\n")[1]
        assert title_line.startswith("323 巨鹿县人力资源和社会保障局")
        assert "预算年度：2025" in title_line and title_line.endswith("单位：万元")
        top = first.dedupe_chars().extract_tables()[0]
        rest = second.dedupe_chars().extract_tables()[0]
        assert rest[:3] == top[:3]  # heading rows and 栏次 repeated
        assert rest[3][0] != "1"  # and the rows carry on
        block = second.search("预算年度：2025")[0]
        assert block["bottom"] <= second.find_tables()[0].bbox[1]  # above the ruled grid


@needs_font
def test_pdf_project_table_repeats_its_indicator_headings_on_the_next_page(julu_read):
    starts = [tables[0][0] for _, tables in julu_read if tables]
    assert ["一级指标", "二级指标", "三级指标", "绩效指标描述"] in [s[:4] for s in starts]
    first = next(t for text, t in julu_read if "\n1、冀财社 2024 年 136 号" in text)
    rows = first[0]
    assert rows[0][:4] == ["项目编码", "13052925P00004710003D", None, "项目名称"]
    assert rows[2][0] is None  # 预算规模及资金用途 merges down over the 资金用途 row
    assert rows[3][1:3] == ["3月底", None]  # 3月底 spans two columns


@needs_font
def test_pdf_cells_and_paragraphs_keep_the_source_text(julu_read):
    items = mf.build_items(mf.load_blocks(ROOT / "sources" / f"{JULU}.txt"))
    wanted = {c for i in items if i.kind == "table" for r in i.grid.rows for c in r if c}
    got = {join_cjk(c) for _, tables in julu_read for t in tables for row in t for c in row if c}
    text = "".join("".join(page.split("\n")[1:-1]) for page, _ in julu_read)
    assert wanted <= got
    kinds = Counter(i.kind for i in items)
    assert kinds["table"] == 30 - 3  # the three contents tables are printed as lines
    assert "一、部门职责及机构设置情况" in text and "我部门无其他需要说明的事项。" in text


@needs_font
def test_pdf_rendering_is_deterministic(julu_pdf, tmp_path):
    again = mf.make(JULU, "pdf", tmp_path)
    assert again.read_bytes() == julu_pdf.read_bytes()


def test_a_missing_font_names_the_debian_package(monkeypatch):
    monkeypatch.setattr(mf, "FONT_PATH", Path("/nonexistent/wqy-microhei.ttc"))
    with pytest.raises(SystemExit, match="fonts-wqy-microhei"):
        mf.register_font()


# --- DOCX, XLSX, HTML --------------------------------------------------------------------


def test_docx_has_heading_styles_and_merged_table_cells(out_dir, tmp_path):
    from docx import Document

    path = mf.make(JULU, "docx", out_dir)
    doc = Document(str(path))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Normal"} <= styles
    table = doc.tables[0]  # 部门预算收支总表
    xml = table._tbl.xml
    assert "w:gridSpan" in xml and "w:vMerge" in xml
    first = table.rows[0].cells
    assert first[0].text == "323 巨鹿县人力资源和社会保障局" and first[-1].text == "单位：万元"
    heading = table.rows[1].cells
    assert heading[1] is not heading[0] and heading[1]._tc is heading[2]._tc  # 收入 spans two
    assert any(c.text == "3502.60" for row in table.rows for c in row.cells)
    again = mf.make(JULU, "docx", tmp_path)
    assert again.read_bytes() == path.read_bytes()


def test_xlsx_has_one_sheet_per_table_and_numbers_formatted_as_printed(out_dir, tmp_path):
    from openpyxl import load_workbook

    path = mf.make(JULU, "xlsx", out_dir)
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "收支总表",
        "收入总表",
        "支出总表",
        "财政拨款收支总表",
        "一般公共预算支出表",
        "基本支出表",
        "政府性基金支出表",
        "国有资本经营支出表",
        "三公经费支出表",
        *(f"项目{n}" for n in range(1, 16)),  # the 15 绩效目标表, in document order
    ]
    ws = wb["收入总表"]
    assert ws["A1"].value == "部门预算收入总表" and "A1:M1" in {str(r) for r in ws.merged_cells}
    assert ws["A2"].value == "323 巨鹿县人力资源和社会保障局"
    assert "E3:L3" in {str(r) for r in ws.merged_cells}  # 本年收入 over 小计 … 其他收入
    total = next(row for row in ws.iter_rows() if row[2].value == "合计")
    assert total[3].value == 3502.6 and total[3].number_format == "0.00"
    assert total[6].value is None  # empty cells stay empty
    assert any(row[1].value == "208" for row in ws.iter_rows())  # codes kept as text
    ws = wb["项目1"]
    merged = {str(r) for r in ws.merged_cells}
    assert ws["A1"].value.startswith("1、冀财社 2024 年 136 号") and "A1:G1" in merged
    assert ws["A2"].value == "单位：万元"
    assert ws["A3"].value == "项目编码" and ws["B3"].value == "13052925P00004710003D"
    assert {"B3:C3", "E3:G3", "A4:A5", "B5:G5", "A10:A13"} <= merged  # 产出指标 over 4 rows
    assert ws["C4"].value == 496 and ws["C4"].number_format == "0.00"  # 预算数
    assert ws["B7"].value == 200 and ws["B7"].number_format == "0.00"  # 3月底
    assert ws["E10"].value == "≥200人"  # indicator values stay text
    with zipfile.ZipFile(path) as archive:
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())
    assert mf.make(JULU, "xlsx", tmp_path).read_bytes() == path.read_bytes()


class Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.spans: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        attrs = dict(attrs)
        if "colspan" in attrs or "rowspan" in attrs:
            self.spans.append((tag, attrs))


def test_html_has_headings_paragraphs_and_tables_with_spans(out_dir):
    path = mf.make(JULU, "html", out_dir)
    parser = Cells()
    parser.feed(path.read_text(encoding="utf-8"))
    assert parser.tags["h1"] and parser.tags["h2"] and parser.tags["p"] > 50
    assert parser.tags["table"] == 27
    assert ("th", {"colspan": "8"}) in parser.spans  # 本年收入
    assert ("th", {"rowspan": "2"}) in parser.spans  # 序号


# --- building blocks --------------------------------------------------------------------


def test_lines_break_only_where_rejoining_gives_the_text_back():
    def chars(text: str) -> float:
        return float(len(text))

    for text in ("其中：财政资金", "≥200人以上≤60天", "1.预计全年安排见习人员200人以上"):
        for width in range(2, 8):
            lines = mf.wrap_text(text, width, chars)
            assert "".join(lines) == text
            for line in lines[:-1]:
                assert line[-1] not in "：:。", lines  # a kept break would survive rejoining
            assert all(join_cjk(x) == x for x in lines)
    assert mf.wrap_text("13052925P00004710003D", 5, chars) == ["13052925P00004710003D"]
    assert mf.wrap_text("a\n2.b", 9, chars) == ["a", "2.b"]  # explicit breaks stay


def test_headings_printed_with_merged_cells_are_spread_over_their_columns():
    lower = ["", "项目", "预算数", "项目", "预算数"]
    assert mf.align_to(["序号", "收入", "支出"], lower) == [1, 2, 2]
    lower = ["", "科目编码", "科目名称", "合计", "人员经费", "公用经费"]
    assert mf.align_to(["序号", "支出部门经济分类科目", "一般公共预算基本支出"], lower) == [1, 2, 3]
    lower = ["", "科目编码", "科目名称", "", "小计", "a", "b", ""]
    assert mf.align_to(["序号", "功能分类科目", "合计", "本年收入", "上年结转"], lower) == [
        1,
        2,
        1,
        3,
        1,
    ]


# --- the committed fixtures -------------------------------------------------------------


COMMITTED = [f"{JULU}.{fmt}" for fmt in ("pdf", "docx", "xlsx", "html")]


@pytest.mark.parametrize("name", [*COMMITTED, "2024-haigang-renshe.pdf"])
def test_committed_fixture_is_small_and_has_its_sidecar(name):
    path = FIXTURES / name
    assert path.exists(), f"run .venv/bin/python scripts/make_fixtures.py to render {name}"
    assert path.stat().st_size < 1_000_000
    sidecar = path.with_suffix(".yaml").read_text(encoding="utf-8")
    source = (ROOT / "sources" / path.with_suffix(".yaml").name).read_text(encoding="utf-8")
    for key in ("region_code", "department_code", "year"):
        line = next(x for x in source.splitlines() if x.startswith(f"{key}:"))
        assert line in sidecar.splitlines()
    formats = mf.FIXTURE_SETS[path.stem]
    if len(formats) == 1:
        assert f"source_format: {formats[0]}" in sidecar.splitlines()
    else:  # one sidecar for several formats: each file's extension says its format
        assert not re.search(r"(?m)^source_format:", sidecar)
