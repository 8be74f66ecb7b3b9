"""The PDF reader: the blocks it gives for PDFs drawn here, and its refusals of bad PDFs.

The small PDFs are drawn with reportlab (:mod:`pdf_samples`) so each test shows the layout
it reads. The fixture PDFs in ``tests/fixtures/`` (rendered from the bundled text sources by
``scripts/make_fixtures.py``) must give the records their text sources give; a disclosure
printed in another house style (landscape, title block on one line, no 栏次 row, with and
without rules) must still give the nine standard tables.
"""

from __future__ import annotations

import io
import shutil
from functools import cache
from pathlib import Path

import pytest
from pdf_samples import FONT, Cell, Sheet, render_disclosure, width
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.parse import ParsedDocument, parse_document
from openbudget.readers import read_blocks
from openbudget.readers.pdf import read
from openbudget.readers.pdf_furniture import is_page_number
from openbudget.repair import header_length, repair
from openbudget.schema import STANDARD_TABLES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SOURCES = ROOT / "sources"
STANDARD = list(STANDARD_TABLES)
PROSE = (
    "反映本部门当年全部收入。2025年预算收入 3502.60 万元，其中：一般公共预算收入 3502.60 万元，"
    "基金预算收入 0.00 万元，国有资本经营预算收入 0.00 万元，财政专户核拨收入 0.00 万元，"
    "单位资金收入 0.00 万元，上年结转结余 0.00 万元。"
)
TITLE_BLOCK = ["323 巨鹿县人力资源和社会保障局", "预算年度：2025", "单位：万元"]
HEADER = [
    [Cell("序号", rows=2), Cell("收入", cols=2), Cell("", cols=0), Cell("支出", cols=2)]
    + [Cell("", cols=0)],
    [Cell("", rows=0), "项目", "预算数", "项目", "预算数"],
    ["栏次", "1", "2", "3", "4"],
]


def blocks_of(data: bytes, name: str = "sample.pdf") -> list[Block]:
    return read(Path(name), data)


def texts(blocks: list[Block]) -> list[tuple[str, str, int | None]]:
    return [(b.kind, b.text, b.page) for b in blocks if b.kind != "table"]


@cache
def summary_pdf() -> bytes:
    """A standard table over two pages, prose around it, running header and page numbers."""
    sheet = Sheet(header="巨鹿县人力资源和社会保障局2025年部门预算信息公开", footer="— {n} —")
    sheet.heading("部门预算收支总表", bold=True)
    for line in TITLE_BLOCK:
        sheet.line(line)
    rows = [*HEADER, ["1", "一、一般公共预算拨款收入", "3502.60", "一、一般公共服务支出", ""]]
    rows += [[str(n), "", "", f"第{n}项支出", ""] for n in range(2, 45)]
    rows += [["45", "本年收入合计", "3502.60", "本年支出合计", "3502.60"]]
    sheet.table(
        rows,
        [40, 150, 70, 150, 70],
        header=3,
        before_repeat=TITLE_BLOCK,
        bold_rows=(0, 1, 2, len(rows) - 1),
    )
    sheet.heading("二、部门预算安排的总体情况", size=13, center=False)
    sheet.heading("1、收入说明", size=10.5, bold=False, center=False)
    sheet.paragraph(PROSE)
    sheet.paragraph("（二）短段落。")
    return sheet.save()


def test_title_block_and_merged_two_level_header() -> None:
    blocks = blocks_of(summary_pdf())
    assert texts(blocks)[:4] == [
        ("heading", "部门预算收支总表", 1),
        ("paragraph", "323 巨鹿县人力资源和社会保障局", 1),
        ("paragraph", "预算年度：2025", 1),
        ("paragraph", "单位：万元", 1),
    ]
    table = blocks[4]
    assert table.kind == "table" and table.page == 1
    assert table.rows[:4] == [
        ["序号", "收入", "", "支出", ""],
        ["", "项目", "预算数", "项目", "预算数"],
        ["栏次", "1", "2", "3", "4"],
        ["1", "一、一般公共预算拨款收入", "3502.60", "一、一般公共服务支出", ""],
    ]


def test_table_continued_on_the_next_page_repeats_its_header() -> None:
    blocks = blocks_of(summary_pdf())
    tables = [b for b in blocks if b.kind == "table"]
    assert [t.page for t in tables] == [1, 2]
    assert tables[1].rows[:3] == tables[0].rows[:3]
    assert tables[1].rows[-1] == ["45", "本年收入合计", "3502.60", "本年支出合计", "3502.60"]
    page2 = [b for b in blocks if b.page == 2 and b.kind == "paragraph"][:3]
    assert [b.text for b in page2] == TITLE_BLOCK
    # repair then joins the two pieces into one table of every row, as for a text extract
    repaired, repairs = repair(blocks)
    joined = [b for b in repaired if b.kind == "table"]
    assert len(joined) == 1 and len(joined[0].rows) == 3 + 45
    assert [r.kind for r in repairs] == ["table-continued"]


def test_running_header_page_numbers_and_fake_bold_are_gone() -> None:
    blocks = blocks_of(summary_pdf())
    everything = " ".join(b.text + str(b.rows) for b in blocks)
    assert "—" not in everything and "信息公开" not in everything
    total = [b for b in blocks if b.kind == "table"][1].rows[-1]
    assert total[1] == "本年收入合计"  # printed twice, read once
    assert blocks[0].text == "部门预算收支总表"


def test_prose_lines_join_into_paragraphs_under_headings() -> None:
    blocks = blocks_of(summary_pdf())
    tail = [(b.kind, b.text, b.level) for b in blocks[-4:]]
    assert tail[0][:2] == ("heading", "二、部门预算安排的总体情况")
    assert tail[1][:2] == ("heading", "1、收入说明")
    assert tail[2] == ("paragraph", PROSE, 0)
    assert tail[3] == ("paragraph", "（二）短段落。", 0)
    assert tail[0][2] < tail[1][2]  # larger type, higher level


def test_every_block_has_a_page_and_a_stable_position() -> None:
    blocks = blocks_of(summary_pdf())
    assert all(b.page in (1, 2, 3) for b in blocks)
    assert [b.line for b in blocks] == list(range(1, len(blocks) + 1))
    assert blocks_of(summary_pdf()) == blocks


def test_paragraph_runs_on_to_the_next_page() -> None:
    sheet = Sheet(footer="第 {n} 页 共 2 页")
    sheet.y = sheet.margin + 3 * sheet.size * sheet.leading  # room for two lines only
    sheet.fresh = False
    sheet.paragraph(PROSE * 2)
    sheet.paragraph("下一段。")
    blocks = blocks_of(sheet.save())
    assert texts(blocks) == [("paragraph", PROSE * 2, 1), ("paragraph", "下一段。", 2)]


def test_title_block_on_one_line_and_contents_lines() -> None:
    sheet = Sheet(footer="{n}")
    sheet.heading("2025 年部门预算信息公开目录")
    for entry, page in [("部门预算收支总表", "1"), ("部门预算收入总表", "3")]:
        room = sheet.room - width(entry, sheet.size) - width(page, sheet.size) - 4
        sheet.line(entry + "." * int(room / width(".", sheet.size)) + " " + page)
    sheet.spread(TITLE_BLOCK)
    sheet.table([["序号", "项目"], ["1", "合计"]], [60, 200])
    blocks = blocks_of(sheet.save())
    assert blocks[0].text == "2025 年部门预算信息公开目录"
    assert blocks[1].rows == [["部门预算收支总表", "1"], ["部门预算收入总表", "3"]]
    assert texts(blocks)[1:] == [("paragraph", text, 1) for text in TITLE_BLOCK]
    assert blocks[-1].rows == [["序号", "项目"], ["1", "合计"]]


def test_table_drawn_without_rules() -> None:
    sheet = Sheet()
    sheet.heading("部门预算支出总表")
    rows = [
        ["序号", "科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["1", "", "合计", "3502.60", "907.80", "2594.80"],
        ["2", "208", "社会保障和就业支出", "3502.60", "907.80", "2594.80"],
        ["3", "20801", "人力资源和社会保障管理事务", "944.60", "863.80", "80.80"],
        ["4", "2080101", "行政运行", "513.00", "513.00", ""],
    ]
    sheet.table(rows, [40, 70, 200, 70, 70, 70], ruled=False)
    sheet.paragraph("注：以上为示例。")
    blocks = blocks_of(sheet.save())
    assert [b.kind for b in blocks] == ["heading", "table", "paragraph"]
    assert blocks[1].rows == rows


def test_heading_spanning_two_unruled_columns_stays_in_the_first() -> None:
    sheet = Sheet()
    rows: list[list[str | Cell]] = [
        ["序号", Cell("收入", cols=2), Cell("", cols=0), "支出"],
        ["", "项目", "预算数", "项目"],
    ]
    rows += [[str(n), f"收入{n}", f"{n}.00", f"支出{n}"] for n in range(1, 9)]
    sheet.table(rows, [40, 150, 70, 150], ruled=False)
    table = blocks_of(sheet.save())[0]
    assert table.rows[0] == ["序号", "收入", "", "支出"]
    assert table.rows[1] == ["", "项目", "预算数", "项目"]
    assert table.rows[-1] == ["8", "收入8", "8.00", "支出8"]


@pytest.mark.parametrize(
    "text", ["3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 40 页", "3/40", "共40页 第3页"]
)
def test_page_number_forms(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2025年", "一、部门职责", "323 巨鹿县人力资源和社会保障局"])
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


# --- bad input ---------------------------------------------------------------------------


def drawn(draw: object = None, **options: object) -> bytes:
    """A one-page PDF; ``draw(canvas)`` puts something on it (text if None)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, **options)
    if draw is None:
        page.setFont(FONT, 12)
        page.drawString(72, 720, "部门预算收支总表")
    else:
        draw(page)  # type: ignore[operator]
    page.showPage()
    page.save()
    return buffer.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(SourceError) as caught:
        read_blocks(Path("bad.pdf"), data)
    assert caught.value.path == "bad.pdf"
    return caught.value.message


def test_encrypted_pdf_is_refused() -> None:
    message = refusal(drawn(encrypt="secret"))
    assert "password-protected" in message and "without" in message


def test_truncated_pdf_is_refused() -> None:
    data = drawn()
    assert "damaged or incomplete" in refusal(data[: len(data) // 2])


def test_garbage_after_the_pdf_signature_is_refused() -> None:
    assert "damaged or incomplete" in refusal(b"%PDF-1.4\nnot really a pdf\n")


def test_scanned_pdf_without_text_is_refused(tmp_path: Path) -> None:
    from PIL import Image

    scan = tmp_path / "scan.png"
    Image.new("L", (200, 100), color=200).save(scan)
    message = refusal(drawn(lambda page: page.drawImage(str(scan), 72, 500, 400, 200)))
    assert "scanned image" in message and "OCR" in message


def test_pdf_with_only_drawings_is_refused() -> None:
    message = refusal(drawn(lambda page: page.rect(72, 500, 400, 200, fill=1)))
    assert "no text on any of its 1 pages" in message and "OCR" in message


def test_pdf_without_pages_is_refused() -> None:
    buffer = io.BytesIO()
    canvas.Canvas(buffer).save()
    assert refusal(buffer.getvalue()) == "the PDF has no pages"


# --- whole disclosures -------------------------------------------------------------------


def records(doc: ParsedDocument, table: str) -> list[dict[str, object]]:
    """A table's records without the page they were printed on (a text extract has none)."""
    where = {"page", "regions"}  # where the PDF prints a row; a text source has no pages
    return [{k: v for k, v in r.items() if k not in where} for r in doc.records.get(table, [])]


@cache
def parsed(path: Path) -> ParsedDocument:
    return parse_document(path)


def assert_same_records(pdf: Path, source: Path, tables: list[str]) -> None:
    got, want = parsed(pdf), parsed(source)
    assert got.document["tables_found"] == want.document["tables_found"]
    assert got.document["tables_empty"] == want.document["tables_empty"]
    for table in tables:
        assert records(got, table) == records(want, table), table


@pytest.mark.parametrize("name", ["2025-julu-renshe", "2024-haigang-renshe"])
def test_fixture_pdf_gives_the_records_of_its_text_source(name: str) -> None:
    pdf = FIXTURES / f"{name}.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf.relative_to(ROOT)} is not there yet (scripts/make_fixtures.py)")
    tables = [*STANDARD, "projects", "indicators", "sections", "org_units", "assets"]
    assert_same_records(pdf, SOURCES / f"{name}.txt", [*tables, "procurement"])
    assert parsed(pdf).unrecognised == []


HOUSE_STYLES = {
    # landscape, 9 pt, title block on one line, no 栏次 row, 第 n 页 footers, running header
    "landscape-ruled": dict(landscape=True, column_numbers=False, ruled=True),
    "landscape-unruled": dict(landscape=True, column_numbers=False, ruled=False),
    # portrait, 12 pt body on a wide leading, - n - footers, wide tables in smaller type
    "portrait-large": dict(landscape=False, column_numbers=True, ruled=True),
}


@pytest.mark.parametrize("style", list(HOUSE_STYLES))
def test_another_house_style_gives_the_same_tables(tmp_path: Path, style: str) -> None:
    options = HOUSE_STYLES[style]
    source = SOURCES / "2025-julu-renshe.txt"
    blocks = repair(read_blocks(source, source.read_bytes()))[0]
    if options["landscape"]:
        sheet = Sheet(landscape(A4), 40, 9, footer="第 {n} 页", header="巨鹿县人社局部门预算")
    else:
        sheet = Sheet(A4, 60, 12, leading=1.8, footer="- {n} -")
    pdf = tmp_path / "2025-julu-renshe.pdf"
    pdf.write_bytes(
        render_disclosure(blocks, sheet, bool(options["column_numbers"]), bool(options["ruled"]))
    )
    shutil.copy(source.with_suffix(".yaml"), pdf.with_suffix(".yaml"))
    tables = [*STANDARD, "projects", "indicators", "sections", "org_units", "assets"]
    if not options["ruled"]:
        # Project tables drawn without rules, their cells wrapped over several lines, are
        # beyond what the unruled-table fallback reads; the nine standard tables are not.
        tables = STANDARD
    assert_same_records(pdf, source, tables)


def test_wrapped_cell_lines_and_line_breaks() -> None:
    """A line that filled its cell was wrapped (a space); a short one was broken (a break)."""
    sheet = Sheet()
    code = "13052925P000047", "10003D"
    purpose = "保障劳动监察工作正常运行。", "按时发放"
    rows = [
        ["项目编码", "\n".join(code), "1.保障劳动监察\n2.按时发放"],
        ["资金用途", "496.00", "\n".join(purpose)],
    ]
    widths = [60, width(code[0], sheet.size) + 7, width(purpose[0], sheet.size) + 7]
    sheet.table(rows, widths)
    table = blocks_of(sheet.save())[0]
    assert table.rows == [
        ["项目编码", "".join(code), "1.保障劳动监察\n2.按时发放"],
        ["资金用途", "496.00", " ".join(purpose)],
    ]


def test_wrapped_line_starting_with_a_number_and_a_character_continues() -> None:
    sheet = Sheet()
    room = sheet.room - 2 * sheet.size
    lead = "绩效指标：享受就业补助人数"
    while width(lead + "享", sheet.size) <= room:
        lead += "享"
    text = lead + "300 人以上；为全县使用公益性岗位人员的单位提供岗位补贴。"
    sheet.paragraph(text)
    assert texts(blocks_of(sheet.save())) == [("paragraph", text, 1)]


def test_sideways_stamp_is_not_running_text() -> None:
    def draw(page: canvas.Canvas) -> None:
        page.setFont(FONT, 12)
        page.drawString(72, 720, "部门预算收支总表")
        page.saveState()
        page.translate(300, 400)
        page.rotate(45)
        page.drawString(0, 0, "内部资料")
        page.restoreState()

    assert texts(blocks_of(drawn(draw))) == [("heading", "部门预算收支总表", 1)]


def test_word_spread_over_the_line_stays_whole() -> None:
    sheet = Sheet()
    sheet.spread(["目", "录"])
    sheet.paragraph("部门预算收支总表")
    assert texts(blocks_of(sheet.save()))[0] == ("paragraph", "目 录", 1)


def test_headings_of_a_table_printed_without_a_column_number_row() -> None:
    rows = [
        ["序号", "功能分类科目", "", "合计"],
        ["", "科目编码", "科目名称", ""],
        ["1", "", "合计", "3502.60"],
    ]
    assert header_length(rows) == 2
    assert header_length(rows[:2]) == 2  # printed empty: all headings
    assert header_length([["单位名称", "单位性质"], ["本级", "行政"]]) == 0


def test_pages_turned_to_landscape_by_their_rotation() -> None:
    """Landscape pages made by /Rotate: the running footer is found in the turned margin."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number in (1, 2):
        page.setPageRotation(90)
        page.rotate(90)
        page.translate(0, -A4[0])
        page.setFont(FONT, 12)
        page.drawString(72, 500, f"第{number}页的正文内容。")
        page.setFont(FONT, 9)
        page.drawString(72, 20, "巨鹿县人力资源和社会保障局部门预算")
        page.drawString(400, 20, f"- {number} -")
        page.showPage()
    page.save()
    assert texts(blocks_of(buffer.getvalue())) == [
        ("paragraph", "第1页的正文内容。", 1),
        ("paragraph", "第2页的正文内容。", 2),
    ]
