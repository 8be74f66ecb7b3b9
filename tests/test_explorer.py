"""The projects explorer page (site/explorer.py), rendered from the sample package."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from sample_package import JULU, write_sample_package

from openbudget.site.data import SitePackage
from openbudget.site.explorer import explorer_page, size_band

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> SitePackage:
    return SitePackage.load(write_sample_package(tmp_path_factory.mktemp("pkg")))


def rows(text: str) -> list[dict[str, str]]:
    found = []
    for attrs in re.findall(r"<tr( data-[^>]+)>", text):
        found.append({k: unescape(v) for k, v in re.findall(r' data-([a-z0-9]+)="([^"]*)"', attrs)})
    return found


def test_every_project_is_a_row_with_its_filters(package: SitePackage) -> None:
    text = explorer_page(package)
    projects = [(doc, p) for doc in package.documents for p in doc.rows("projects")]
    found = rows(text)
    assert len(found) == len(projects)
    years = {str(doc.year) for doc, _ in projects}
    assert {row["year"] for row in found} == years
    for row in found:
        assert set(row) >= {"department", "year", "size", "level1", "level2", "name"}
        if row["level1"]:
            assert row["level1"].startswith("|") and row["level1"].endswith("|")
    # Each option of a filter is a value some row carries.
    for name in ("department", "year", "size"):
        select = re.search(rf'<select name="{name}".*?</select>', text).group(0)
        values = {unescape(v) for v in re.findall(r'<option value="([^"]+)"', select)}
        assert values == {row[name] for row in found}, name
    level1 = re.search(r'<select name="level1".*?</select>', text).group(0)
    for value in re.findall(r'<option value="([^"]+)"', level1):
        assert any(f"|{unescape(value)}|" in row["level1"] for row in found)


def test_form_is_hidden_without_javascript_and_excluded_from_search(package: SitePackage):
    text = explorer_page(package)
    assert '<form class="ob-explorer__filters" data-search-ignore>' in text
    css = (ROOT / "docs" / "stylesheets" / "openbudget.css").read_text(encoding="utf-8")
    assert ".no-js .md-typeset .ob-explorer__filters" in css
    assert '<div class="ob-table ob-explorer" data-search-ignore>' in text
    assert text.startswith('---\ntitle: "项目"\n')


def test_rows_link_to_the_built_department_page(package: SitePackage) -> None:
    text = explorer_page(package)
    links = re.findall(r'ob-explorer__name"><a href="([^"]+)"', text)
    assert links and all(".html#" in link and ".md" not in link for link in links)
    custom = explorer_page(package, lambda doc, seq: f"x/{doc.document_id}.md#p{seq}")
    assert f'href="x/{JULU}.html#p1"' in custom


def test_size_bands() -> None:
    assert size_band("") == "none"
    assert size_band("9.99") == "lt10"
    assert size_band("10.00") == "10-50"
    assert size_band("1,234.50") == "ge500"


def test_empty_package(tmp_path: Path) -> None:
    empty = SitePackage(package_dir=tmp_path, documents=[])
    assert "还没有项目绩效目标表" in explorer_page(empty)
