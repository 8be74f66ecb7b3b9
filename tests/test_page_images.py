"""Images of the printed pages: a PDF-sourced table links to its page(s), drawn at build time
with the table's region outlined, so a reader checks a figure against the printed page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy
import pdfplumber
import pytest
from conftest import real_documents
from PIL import Image

from openbudget.package import write_package
from openbudget.parse import parse_document
from openbudget.site.pageimages import SCALE
from openbudget.site.render import render_pages

SHANGHAI = "2026-shanghai-02.pdf"


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of one real PDF (上海 2026 单位预算, tables in 元), its pages rendered."""
    root = tmp_path_factory.mktemp("pdf-site")
    (root / "sources").mkdir()
    shutil.copy(real_documents() / SHANGHAI, root / "sources" / SHANGHAI)
    with pytest.MonkeyPatch.context() as patch:  # source_path is relative to the project
        patch.chdir(root)
        write_package([parse_document(Path("sources") / SHANGHAI)], Path("datapackage"))
        render_pages(Path("datapackage"), Path("docs"), node_modules=Path("none"))
    return root


def outline(image: Image.Image) -> tuple[int, int, int, int]:
    """The box the red outline draws (its outermost red pixels; the page itself is black
    print on white)."""
    pixels = numpy.asarray(image.convert("RGB")).astype(int)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    ys, xs = numpy.nonzero((red > 150) & (green < 100) & (blue < 100))
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def test_a_pdf_tables_page_image_outlines_its_printed_total(pdf_site: Path) -> None:
    """The 支出总表 starts on page 10 and ends on page 11 with 合计 50,040,000 (read on the
    printed page 11). Its tab links both pages' images; page 11's outline holds the 合计."""
    [details] = (pdf_site / "docs" / "generated" / "tables").glob("doc-*.md")
    text = details.read_text(encoding="utf-8")
    document_id = details.stem.removeprefix("doc-")
    folder = f"departments/{document_id}/pages"
    part = text.split("{#y2026-table-expenditure}")[1].split("###")[0]
    links = re.findall(r'<a href="../../downloads/([^"]+)">第 (\d+) 页</a>', part)
    assert [page for _, page in links] == ["10", "11"]
    assert all(path.startswith(folder) for path, _ in links)
    image = Image.open(pdf_site / "docs" / "downloads" / links[1][0])
    with pdfplumber.open(pdf_site / "sources" / SHANGHAI) as pdf:
        page = pdf.pages[10]
        [total] = [w for w in page.extract_words() if w["text"] == "50,040,000"]
        left, top = page.bbox[0], page.bbox[1]
        assert image.size == (round(page.width * SCALE), round(page.height * SCALE))
    x0, y0, x1, y1 = outline(image)
    assert x0 < (total["x0"] - left) * SCALE and (total["x1"] - left) * SCALE < x1
    assert y0 < (total["top"] - top) * SCALE and (total["bottom"] - top) * SCALE < y1
    # … and it is the table's region, not the page: the title above it is outside.
    assert y1 - y0 < image.height / 2


def test_a_text_extract_says_it_has_no_page_images(built_site: Path) -> None:
    """The bundled sources are text taken from Word files: their tables say so, plainly."""
    with_tables = 0
    for page in (built_site / "generated" / "tables").glob("doc-*.html"):
        text = page.read_text(encoding="utf-8")
        if re.search(r'<h2 id="[^"]*tables">预算表', text):
            with_tables += 1
            # 高新区 2024 was published as a PDF, the others as Word files.
            said = re.search(
                r"本文件收录的是从原 (DOCX|PDF) 文件提取的文字，没有原文页面的图像", text
            )
            assert said, page.name
            assert "/pages/" not in text
    assert with_tables == 3  # 海港 2024, 高新区 2024, 巨鹿 2025
    # Every one of the five lists projects; its 项目 tab says it too.
    for page in (built_site / "generated" / "projects").glob("doc-*.html"):
        text = page.read_text(encoding="utf-8")
        assert "文件提取的文字，没有原文页面的图像可供对照。" in text, page.name


def test_an_unknown_source_address_is_said_to_be_unknown(built_site: Path) -> None:
    """The bundled sources' sidecars record no address: the 概览 says so, not nothing."""
    page = built_site / "generated" / "departments" / "2025-130529-323.html"
    assert "发布网址：未记录" in page.read_text(encoding="utf-8")
