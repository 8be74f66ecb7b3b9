"""A source whose every text field carries script and markup, built into the real site and
opened in Chromium: the payloads are shown as the literal text the document printed, no
script runs (no dialog opens), and the Excel workbook holds them as text, not formulas."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SOURCES

from openbudget.cache import parse_all
from openbudget.package import write_package
from openbudget.site.browse import CHROMIUM, LAUNCH_ARGS, page_links, serve

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

# Printed text → the same text with a payload in it, wherever the document prints it.
PAYLOADS = {
    "巨鹿县人力资源和社会保障局": "巨鹿县<svg/onload=alert(1)>人力资源和社会保障局",
    "社会保障和就业支出": "社会保障和就业支出<img src=x onerror=alert(2)>",
    "就业工作经费": "就业工作经费<script>alert(3)</script>",
    "满意度": '满意度"><b onmouseover=alert(4)>',
    "负责": "负责<iframe src=javascript:alert(5)></iframe>[链接](javascript:alert(6)){{ 7*7 }}",
    "≥95%": '=HYPERLINK("http://x.invalid","95%")',  # a printed target starting with =
}
SHOWN = "巨鹿县<svg/onload=alert(1)>人力资源和社会保障局"


def hostile_source(folder: Path) -> Path:
    text = (SOURCES / "2025-julu-renshe.txt").read_text("utf-8")
    for printed, hostile in PAYLOADS.items():
        text = text.replace(printed, hostile)
    source = folder / "2025-julu-renshe.txt"
    source.write_text(text, "utf-8")
    (folder / "2025-julu-renshe.yaml").write_text(
        (SOURCES / "2025-julu-renshe.yaml")
        .read_text("utf-8")
        .replace("department_name: 巨鹿县人力资源和社会保障局\n", ""),
        "utf-8",
    )
    return source


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from openbudget.site import build_site, render_pages
    from openbudget.site.build import copy_site_sources

    root = tmp_path_factory.mktemp("hostile-site")
    copy_site_sources(ROOT, root)
    (root / "sources").mkdir()
    parsed = parse_all([hostile_source(root / "sources")], None, 1)
    assert parsed[0].document["department_name"] == SHOWN
    package = write_package(parsed, root / "datapackage").parent
    render_pages(package, root / "docs", node_modules=root / "node_modules")
    build_site(root)
    return root / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


def site_pages(site: Path) -> list[str]:
    """Every page the home page links to, and the home page."""
    pages = {"index.html"}
    for target, _, _ in page_links(site, "index.html"):
        if target.endswith(".html") and (site / target).is_file():
            pages.add(target)
    return sorted(pages)


def test_hostile_text_is_shown_as_text_and_never_runs(hostile_site: Path, browser) -> None:
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visited = []
    with serve(hostile_site) as base:
        for target in site_pages(hostile_site):
            page.goto(f"{base}/{target}")
            page.wait_for_load_state("networkidle")
            for details in page.locator("details").all()[:40]:
                details.evaluate("element => element.open = true")
            page.mouse.move(200, 300)
            visited.append(target)
        department = next(t for t in visited if "departments" in t)
        page.goto(f"{base}/{department}")
        page.wait_for_load_state("networkidle")
        assert SHOWN in page.locator("h1").first.inner_text()
        assert SHOWN in page.title()
        body = page.locator("body").inner_text()
        assert "<img src=x onerror=alert(2)>" in body
        assert page.locator("svg[onload], img[onerror], iframe[src^=javascript]").count() == 0
        assert page.locator("script:text('alert(3)')").count() == 0
    page.close()
    assert dialogs == [], f"script ran on {visited}"
    assert len(visited) >= 5


def test_the_workbook_holds_hostile_text_as_text(hostile_site: Path) -> None:
    from openpyxl import load_workbook

    books = sorted(hostile_site.rglob("*.xlsx"))
    assert books
    for book in books:
        with zipfile.ZipFile(book) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in archive.read(name), f"a formula in {book.name}:{name}"
        workbook = load_workbook(io.BytesIO(book.read_bytes()))
        cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
        assert all(cell.data_type != "f" for cell in cells), book.name
        targets = [c.value for c in cells if str(c.value).startswith("=HYPERLINK")]
        assert targets, f"{book.name}: the printed =HYPERLINK(…) target is missing"
