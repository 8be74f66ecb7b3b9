"""Browser tests: the built site in Debian's headless Chromium, served from 127.0.0.1.

They check what only a browser can: the charts actually draw (Vega, Vega-Lite and vega-embed
load from the site itself), nothing is requested from another host, the console stays clean,
and Chinese search works (Pagefind, from the home page's search form).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sample_package import JULU, build_sample_site

from openbudget.codelists import code_lists
from openbudget.site import external_references
from openbudget.site.browse import CHROMIUM as BROWSER
from openbudget.site.browse import (
    LAUNCH_ARGS,
    draw_charts,
    nav_page,
    page_kinds,
    page_links,
    serve,
)

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path(BROWSER)
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    """The real site, built from datapackage/."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the sample package (projects, procurement, prose… whatever the parser
    fills in the real package yet), built with the real configuration."""
    return build_sample_site(tmp_path_factory.mktemp("sample-site"), ROOT)


@pytest.fixture(scope="module")
def sample_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def julu_page(sample_site: Path) -> str:
    """The sample site's page of 巨鹿县人社局's 2025 document (JULU), from the home page."""
    for target, _, nav in page_links(sample_site, "index.html"):
        if not nav and "departments" in target and JULU in target:
            text = (sample_site / target).read_text(encoding="utf-8")
            if "巨鹿县人力资源和社会保障局" in text:
                return target
    pytest.fail("the sample site's home page links to no page of 巨鹿县人社局")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.fail(
            "Debian chromium is not installed: `make test` installs it (apt-get install chromium)"
        )
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """A page with its console errors and the hosts of every request it made."""

    def __init__(self, browser: object, width: int = 1280) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", self._request)

    def _request(self, request: object) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            self.hosts.add(parts.hostname or "")

    def close(self) -> None:
        self.page.close()


@pytest.fixture()
def watch(browser: object) -> Iterator[PageWatch]:
    watched = PageWatch(browser)
    yield watched
    watched.close()


def chart_pages(site: Path) -> list[str]:
    """Department pages that carry charts, as site-relative URLs, sorted."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if "departments" in path.relative_to(site).parts
        and 'class="vega-chart"' in path.read_text(encoding="utf-8")
    )


def test_built_site_requests_no_other_host(built_site: Path) -> None:
    assert external_references(built_site) == []


def assert_charts_draw(watch: PageWatch, url: str) -> None:
    """Every chart of the page at ``url`` draws bars and labels; no error, no other host."""
    page = watch.page
    page.goto(url)
    charts = page.locator("div.vega-chart")
    count = charts.count()
    assert count >= 4
    draw_charts(page)
    assert page.locator("div.vega-chart[data-rendered=done]").count() == count
    for index in range(count):
        chart = charts.nth(index)
        svg = chart.locator("svg").first
        box = svg.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 20
        assert chart.locator("svg .mark-rect path").count() > 0, f"chart {index} has no bars"
        text = " ".join(chart.locator("svg text").all_text_contents())
        assert "金额（万元）" in text
        assert re.search(r"\d{1,3}(,\d{3})*\.\d\d", text), "value labels with 2 decimals"
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS, f"requests to other hosts: {watch.hosts - LOCAL_HOSTS}"


def test_department_page_draws_every_chart(built_site: Path, base_url: str, watch: PageWatch):
    pages = chart_pages(built_site)
    assert pages, "no department page has charts"
    assert_charts_draw(watch, base_url + pages[0])


def test_full_department_page_draws_every_chart(
    sample_url: str, julu_page: str, watch: PageWatch
) -> None:
    """With projects, procurement, assets and prose below the tables, charts still draw."""
    assert_charts_draw(watch, sample_url + julu_page)


def test_project_block_opens_on_click(sample_url: str, julu_page: str, watch: PageWatch):
    page = watch.page
    page.goto(sample_url + julu_page)
    # The document's 项目 tab; a link to a project (as the projects explorer writes them)
    # opens its block.
    page.locator("nav.ob-tabs a", has_text="项目").click()
    page.wait_for_load_state()
    assert page.locator("nav.ob-tabs a[aria-current=page]").inner_text() == "项目"
    page.goto(page.url + "#y2025-project-1")
    block = page.locator("details.ob-project").first
    indicators = block.locator(".ob-indicators table")
    indicators.wait_for(state="visible")
    assert block.get_attribute("open") is not None
    assert indicators.locator("tbody tr").count() == 7
    assert "就业见习人数" in indicators.inner_text()
    # The others stay closed until clicked.
    other = page.locator("details.ob-project").nth(1)
    assert other.get_attribute("open") is None
    other.locator("summary").click()
    other.locator(".ob-indicators table").wait_for(state="visible")
    # The hidden heading gives search and links an anchor without repeating the summary.
    heading = block.locator("h3.ob-sr-only[id$='project-1']")
    assert heading.count() == 1 and heading.bounding_box()["width"] <= 1
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


def test_project_pages_fit_a_narrow_screen(
    sample_site: Path, sample_url: str, julu_page: str, browser: object
) -> None:
    """At 400 px only the wide tables scroll (inside their own box), never the page, even
    with every project block open."""
    own = sorted({target for target, _, _ in page_links(sample_site, julu_page)} - {julu_page})
    projects = [target for target in own if "projects/" in target]
    assert projects, "the document's page links no projects page"
    watch = PageWatch(browser, width=400)
    try:
        for path in (julu_page, projects[0], "generated/projects.html"):
            watch.page.goto(sample_url + path)
            for summary in watch.page.locator("details.ob-project > summary").all():
                summary.click()
            overflow = watch.page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
        assert watch.errors == []
    finally:
        watch.close()


def test_tables_and_findings_render(built_site: Path, base_url: str, watch: PageWatch):
    page = watch.page
    page.goto(base_url + chart_pages(built_site)[0])
    cells = page.locator(".ob-table td.ob-num")
    assert cells.count() > 20
    align = cells.first.evaluate("el => getComputedStyle(el).textAlign")
    assert align == "right"
    # The repairs block: the collapsible block with a table that is not a project, a prose
    # section or a chart's data.
    details = page.locator(
        "details.note:not(.ob-project):not(.ob-section):not(.ob-chart-data):has(.ob-table)"
    )
    if details.count():
        details.first.locator("summary").click()
        assert details.first.locator("table").first.is_visible()
    assert watch.errors == []


def test_home_page_lists_and_links_departments(base_url: str, watch: PageWatch) -> None:
    page = watch.page
    page.goto(base_url + "index.html")
    links = page.locator(".md-content a[href*='departments/']")
    assert links.count() >= 1
    # The footer gives the data's licence and where to find how to cite it.
    footer = page.locator(".md-copyright")
    assert "CC BY 4.0" in footer.inner_text()
    assert footer.locator("a[href$='data.html#cite']").count() == 1
    first = links.first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert name in page.locator("h1").inner_text()
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


def search(page: object, base: str, query: str) -> object:
    """Search from the home page's form; return the hits Pagefind shows on the search page."""
    page.goto(base + "index.html")
    form = page.locator("form.ob-search-form")
    form.locator("input[name=q]").fill(query)
    form.locator("button").click()
    page.wait_for_load_state()
    # Done when a result's link shows (once its fragment has loaded) or the status says
    # there is nothing to show.
    with contextlib.suppress(playwright_api.TimeoutError):  # the caller says what is wrong
        page.wait_for_function(
            """() => document.querySelector(".ob-search__link") ||
                /没有找到|请输入|出错/.test(
                    (document.querySelector(".ob-search__status") || {}).textContent || "")""",
            timeout=20_000,
        )
    return page.locator(".ob-search__result")


def test_chinese_search_finds_pages(base_url: str, watch: PageWatch) -> None:
    page = watch.page
    results = search(page, base_url, "就业")
    assert results.count() > 0, "search for 就业 found nothing"
    assert "就业" in page.locator(".ob-search__results").inner_text()
    # Two words: pages holding both, wherever they are; punctuation separates words too.
    results = search(page, base_url, "巨鹿 就业")
    assert results.count() > 0 and "巨鹿" in results.first.inner_text()
    assert search(page, base_url, "“三公”经费").count() > 0
    # One character is not searched; the page says why.
    search(page, base_url, "费")
    assert "至少两个汉字" in page.locator(".ob-search__status").inner_text()
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


def first_titles(page: object, results: object, count: int) -> list[str]:
    """The titles of the first ``count`` results, once they show (results show one by one, as
    their fragments load)."""
    page.wait_for_function(
        "n => document.querySelectorAll('.ob-search__result .ob-search__link').length >= n",
        arg=count,
        timeout=20_000,
    )
    return [results.nth(i).locator(".ob-search__link").first.inner_text() for i in range(count)]


def test_search_knows_the_short_names_readers_use(base_url: str, watch: PageWatch) -> None:
    """人社局 finds the departments the disclosures call 人力资源和社会保障局 (four of the five
    Hebei sources), 三公 and 三公经费 the pages on “三公”经费, a department first."""
    page = watch.page
    results = search(page, base_url, "人社局")
    titles = first_titles(page, results, 4)
    assert all("人力资源和社会保障局" in title for title in titles), titles
    for query in ("三公", "三公经费"):
        search(page, base_url, query)
        first = page.locator(".ob-search__link").first
        # A document's page (its 概览 or its tables), not the dictionary or the glossary.
        assert re.match(r"generated/(departments|tables)/", first.get_attribute("href") or "")
        assert "“三公”经费" in results.first.inner_text()
    assert watch.errors == []


def test_search_ranks_departments_by_what_they_spend(base_url: str, watch: PageWatch) -> None:
    """就业补助 (款 20807), read by hand from the 支出总表s: 巨鹿 2,514.00, 高新区组织部
    2,249.05, 海港 70.39 万元 — the three departments first, the largest first. Landing on
    the first result marks 就业补助 whole, never a single character. 机关运行经费 finds a
    document's page first, not the data dictionary."""
    page = watch.page
    results = search(page, base_url, "就业补助")
    titles = first_titles(page, results, 3)
    assert titles == [
        "巨鹿县人力资源和社会保障局",
        "中共石家庄高新技术产业开发区工委组织部",
        "秦皇岛市海港区人力资源和社会保障局",
    ]
    results.first.locator(".ob-search__link").first.click()
    page.wait_for_load_state()
    marks = page.locator("article mark.ob-hit").evaluate_all("els => els.map(e => e.textContent)")
    assert marks and set(marks) == {"就业补助"}
    search(page, base_url, "机关运行经费")
    first = page.locator(".ob-search__link").first
    assert re.match(r"generated/(departments|tables)/", first.get_attribute("href") or "")
    assert watch.errors == []


def test_search_finds_projects(base_url: str, sample_url: str, watch: PageWatch) -> None:
    page = watch.page
    # The real site: 就业补助 is a 款 of the expenditure table and, once the parser fills
    # them, the name of many projects.
    assert search(page, base_url, "就业补助").count() > 0, "search for 就业补助 found nothing"
    # The sample site: a project is found by its name and by its indicators' text, and the
    # hit links to the project's own anchor.
    for query in ("就业补助", "就业见习人数"):
        search(page, sample_url, query)
        with contextlib.suppress(playwright_api.TimeoutError):  # results show one by one
            page.wait_for_function(
                """() => Array.from(document.querySelectorAll('.ob-search__link'))
                           .some(a => /#([\\w-]+-)?project-\\d/.test(a.getAttribute('href')))""",
                timeout=20_000,
            )
        links = page.locator(".ob-search__link").evaluate_all(
            "els => els.map(el => el.getAttribute('href'))"
        )
        assert any(re.search(r"#([\w-]+-)?project-\d", link) for link in links), (query, links)
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


# --------------------------------------------------------------------------- the key pages
#
# The pages every reader sees — home, a department, the comparison, the projects explorer —
# are found the way a reader finds them (the navigation, the home page's links), not by path.


def department_page_path(site: Path) -> str:
    """A department page with charts, reached from the home page's links."""
    charted = set(chart_pages(site))
    linked = [target for target, _, nav in page_links(site, "index.html") if not nav]
    for target in linked:
        if target in charted:
            return target
    pytest.fail("the home page links to no department page with charts")


def explorer_path(site: Path) -> str:
    path = nav_page(site, "项目")
    assert path, "the navigation has no 项目 page"
    assert 'class="ob-explorer__filters"' in (site / path).read_text(encoding="utf-8")
    return path


def key_pages(site: Path) -> dict[str, str]:
    """home, department, compare (once it exists) and explorer, as site-relative paths."""
    pages = {
        "home": "index.html",
        "department": department_page_path(site),
        "explorer": explorer_path(site),
    }
    compare = nav_page(site, "比较", "对比")
    if compare:
        pages["compare"] = compare
    return pages


KEY_PAGES = ("home", "department", "compare", "explorer")


def key_page(site: Path, name: str) -> str:
    pages = key_pages(site)
    if name not in pages:
        pytest.skip(f"the site has no {name} page in its navigation yet")
    return pages[name]


#: Every drawn chart: an SVG with marks, or a canvas with painted pixels.
_CHARTS_DRAWN = """() => {
  const charts = Array.from(document.querySelectorAll('div.vega-chart, .vega-embed'))
    .filter(el => !el.parentElement.closest('div.vega-chart, .vega-embed'));
  return charts.map(chart => {
    const svg = chart.querySelector('svg');
    if (svg) {
      const box = svg.getBoundingClientRect();
      const marks = svg.querySelectorAll('path, rect, line, circle, text').length;
      return box.width > 20 && box.height > 20 && marks > 0;
    }
    const canvas = chart.querySelector('canvas');
    if (canvas && canvas.width && canvas.height) {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) { if (data[i]) return true; }
    }
    return false;
  });
}"""


@pytest.mark.parametrize("name", KEY_PAGES)
def test_key_page_loads_clean_and_draws_its_charts(
    built_site: Path, base_url: str, watch: PageWatch, name: str
) -> None:
    """No console error, no request leaving localhost, every chart drawn."""
    path = key_page(built_site, name)
    page = watch.page
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    draw_charts(page)
    drawn = page.evaluate(_CHARTS_DRAWN)
    assert all(drawn), f"{path}: charts not drawn: {[i for i, ok in enumerate(drawn) if not ok]}"
    if name in ("department", "compare"):
        assert drawn, f"{path} has no chart"
    assert page.locator("h1").count() >= 1
    assert watch.errors == [], f"{path}: {watch.errors}"
    assert watch.hosts <= LOCAL_HOSTS, f"{path} requested {watch.hosts - LOCAL_HOSTS}"


@pytest.mark.parametrize("name", KEY_PAGES)
def test_key_page_fits_a_phone(
    built_site: Path, base_url: str, browser: object, tmp_path: Path, name: str
) -> None:
    """At 400 px the page never scrolls sideways (wide tables scroll in their own box)."""
    path = key_page(built_site, name)
    watch = PageWatch(browser, width=400)
    try:
        page = watch.page
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        draw_charts(page)
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], f"{path} is {sizes[0] - sizes[1]}px wider than a phone"
        shot = tmp_path / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        width = int.from_bytes(shot.read_bytes()[16:20], "big")  # PNG IHDR width
        assert width <= 400, f"{path}: the full-page screenshot is {width}px wide"
        assert watch.errors == []
    finally:
        watch.close()


def test_search_for_a_project_term_returns_results(base_url: str, watch: PageWatch) -> None:
    page = watch.page
    results = search(page, base_url, "就业补助")
    assert results.count() > 0
    assert "就业" in page.locator(".ob-search__results").inner_text()
    assert watch.errors == []


# --------------------------------------------------------------------------- projects explorer


#: How many matching rows the explorer shows before 显示全部 (explorer.js's PAGE).
EXPLORER_PAGE = 20


def visible_rows(page: object) -> object:
    return page.locator(".ob-explorer tbody tr:visible")


def test_explorer_filters_rows(
    built_site: Path, base_url: str, watch: PageWatch, browser: object
) -> None:
    page = watch.page
    page.goto(base_url + explorer_path(built_site))
    form = page.locator("form.ob-explorer__filters")
    form.wait_for(state="visible")
    total = page.locator(".ob-explorer tbody tr").count()
    assert total > 1 and visible_rows(page).count() == min(total, EXPLORER_PAGE)
    if total > EXPLORER_PAGE:  # the rest on a click
        assert f"共 {total} 个项目" in page.locator(".ob-explorer__count").inner_text()
        page.get_by_role("button", name=f"显示全部 {total} 个").click()
        assert visible_rows(page).count() == total
        assert page.locator(".ob-explorer__more").is_hidden()

    year = page.locator("select[name=year]")
    years = year.locator("option").evaluate_all("els => els.map(el => el.value).filter(v => v)")
    assert years, "no year to filter by"
    year.select_option(years[-1])
    shown = visible_rows(page).count()
    assert 0 < shown < total or len(years) == 1
    cells = visible_rows(page).locator("td.ob-explorer__year").all_inner_texts()
    assert set(cells) == {years[-1]}
    assert str(shown) in page.locator(".ob-explorer__count").inner_text()
    assert shown <= EXPLORER_PAGE

    department = page.locator("select[name=department]")
    departments = department.locator("option").evaluate_all(
        "els => els.map(el => el.value).filter(v => v)"
    )
    year.select_option("")
    department.select_option(departments[0])
    shown = visible_rows(page).count()
    assert 0 < shown < total
    assert set(visible_rows(page).locator("td.ob-explorer__dept").all_inner_texts()) == {
        departments[0]
    }
    # The filters are in the address: opened again, it shows the same rows.
    assert "department=" in page.url and "year=" not in page.url
    again = PageWatch(browser).page
    again.goto(page.url)
    again.locator("form.ob-explorer__filters").wait_for(state="visible")
    assert visible_rows(again).count() == shown
    assert again.locator("select[name=department]").input_value() == departments[0]
    again.close()

    # Indicator type and size narrow further; the reset button shows every row again.
    department.select_option("")
    page.locator("select[name=level1]").select_option(index=1)
    level1 = visible_rows(page).count()
    assert 0 < level1 <= total
    page.locator("select[name=size]").select_option(index=1)
    assert visible_rows(page).count() <= level1
    page.locator("input[name=q]").fill("不存在的项目名称")
    assert visible_rows(page).count() == 0
    assert page.locator(".ob-explorer__empty").is_visible()
    page.locator("button.ob-filter__reset").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.ob-explorer tbody tr:not([hidden])').length === n",
        arg=min(total, EXPLORER_PAGE),
    )
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


def test_explorer_without_javascript_shows_every_project(
    built_site: Path, base_url: str, browser: object
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + explorer_path(built_site))
        rows = page.locator(".ob-explorer tbody tr")
        assert rows.count() > 1
        assert visible_rows(page).count() == rows.count()
        assert not page.locator("form.ob-explorer__filters").is_visible()
    finally:
        context.close()


def test_explorer_link_opens_its_project(built_site: Path, base_url: str, watch: PageWatch):
    page = watch.page
    page.goto(base_url + explorer_path(built_site))
    link = page.locator(".ob-explorer td.ob-explorer__name a").nth(1)
    name = link.inner_text()
    href = link.get_attribute("href")
    anchor = href.split("#", 1)[1]
    link.click()
    page.wait_for_url(f"**#{anchor}")
    page.wait_for_function(
        """id => { const el = document.getElementById(id); if (!el) return false;
                   const block = el.closest('details'); return !block || block.open; }""",
        arg=anchor,
        timeout=5_000,
    )
    target = page.locator(f"[id='{anchor}']")
    block = page.locator(f"details:has([id='{anchor}'])")
    assert name in (block.first.inner_text() if block.count() else target.inner_text())
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


def test_explorer_filters_on_the_sample_site(sample_url: str, watch: PageWatch) -> None:
    """The sample package: three documents' projects; the indicator filter uses 二级指标."""
    page = watch.page
    page.goto(sample_url + "generated/projects.html")
    total = page.locator(".ob-explorer tbody tr").count()
    assert total >= 3
    level2 = page.locator("select[name=level2]")
    value = level2.locator("option").nth(1).get_attribute("value")
    level2.select_option(value)
    rows = visible_rows(page)
    assert 0 < rows.count() < total
    for attr in rows.evaluate_all("els => els.map(el => el.dataset.level2)"):
        assert f"|{value}|" in attr
    assert watch.errors == []


# --------------------------------------------------------------------------- downloads


def _download_links(site: Path, page: str, suffix: str) -> list[str]:
    return sorted(
        {
            target
            for target, _, nav in page_links(site, page)
            if not nav and target.lower().endswith(suffix)
        }
    )


def _download_pages(site: Path) -> list[str]:
    """The data page (from the navigation) and a department page."""
    pages = [department_page_path(site)]
    data = nav_page(site, "数据下载", "下载", "数据")
    if data:
        pages.insert(0, data)
    return pages


def _package_rows(resource: str) -> list[dict[str, str]] | None:
    path = ROOT / "datapackage" / f"{resource}.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _part_rows(document_id: str, name: str) -> list[dict[str, str]]:
    """A resource's rows in a document's own package (``datapackage/departments/``)."""
    with zipfile.ZipFile(ROOT / "datapackage" / "departments" / f"{document_id}.zip") as part:
        text = part.read(f"{document_id}/{name}").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _fetch(page: object, url: str) -> bytes:
    response = page.request.get(url)
    assert response.ok, f"{url}: HTTP {response.status}"
    return response.body()


def _department_ids(site: Path, page: str) -> set[str]:
    """The document ids a department page shows (its 文件编号)."""
    text = (site / page).read_text(encoding="utf-8")
    return set(re.findall(r"\b(20\d\d-\d{6}-[A-Za-z0-9_-]+)\b", text))


def _of(rows: list[dict[str, str]], ids: set[str]) -> list[dict[str, str]]:
    return [row for row in rows if row.get("document_id") in ids]


def test_csv_downloads_hold_the_right_rows(
    built_site: Path, base_url: str, watch: PageWatch
) -> None:
    """Each CSV holds exactly the package's rows of the documents it covers: all of them on
    the data page, the department's own on its page."""
    checked = 0
    for source in _download_pages(built_site):
        page_ids = _department_ids(built_site, source) if "departments" in source else None
        for link in _download_links(built_site, source, ".csv")[:12]:
            body = _fetch(watch.page, base_url + link).decode("utf-8-sig")
            rows = list(csv.DictReader(io.StringIO(body)))
            expected = _package_rows(Path(link).stem)
            if expected is None:
                continue
            if Path(link).stem in code_lists() and "departments/" in link:
                # A document's code list is the codes it prints: its own package's list.
                expected = _part_rows(Path(link).parent.name, Path(link).name)
            elif page_ids is not None:
                assert {row.get("document_id") for row in rows} <= page_ids, link
                expected = _of(expected, page_ids)
            elif "departments" in link:
                expected = _of(expected, {row.get("document_id", "") for row in rows})
            assert len(rows) == len(expected), link
            assert rows == expected, link
            checked += 1
    if not checked:
        pytest.skip("no CSV download linked from the data or department page")
    assert watch.errors == []


def _workbook_ids(book: object) -> set[str]:
    """The document ids of a workbook's documents sheet (column 文件编号 / document_id)."""
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if rows and ("document_id" in rows[0] or "文件编号" in rows[0]):
            column = list(rows[0]).index("document_id" if "document_id" in rows[0] else "文件编号")
            return {str(row[column]) for row in rows[1:] if row[column] is not None}
    return set()


def test_excel_downloads_open_and_hold_the_right_rows(
    built_site: Path, base_url: str, watch: PageWatch
) -> None:
    """Each workbook opens, and each sheet named after a resource holds that resource's rows
    of the documents the workbook covers (a header row above them)."""
    openpyxl = pytest.importorskip("openpyxl")
    titles = _resource_titles()
    checked = 0
    for source in _download_pages(built_site):
        page_ids = _department_ids(built_site, source) if "departments" in source else None
        for link in _download_links(built_site, source, ".xlsx")[:4]:
            body = _fetch(watch.page, base_url + link)
            book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
            assert book.sheetnames, link
            ids = _workbook_ids(book)
            assert ids, f"{link}: no documents sheet"
            if page_ids is not None:
                assert ids <= page_ids, (link, ids)
            matched = 0
            for sheet in book.worksheets:
                name = titles.get(sheet.title, sheet.title)
                expected = _package_rows(name)
                if expected is None:
                    continue
                if name in code_lists() and len(ids) == 1:  # one document's own list
                    expected = _part_rows(next(iter(ids)), f"{name}.csv")
                data = [
                    row
                    for row in sheet.iter_rows(values_only=True)
                    if any(cell not in (None, "") for cell in row)
                ]
                # A header row, possibly a title line above it.
                extra = len(data) - len(_of(expected, ids))
                assert extra in (1, 2), (link, sheet.title, len(data))
                matched += 1
            book.close()
            assert matched > 3, f"{link}: no sheet named after a resource of the package"
            checked += 1
    if not checked:
        pytest.skip("no Excel download linked from the data or department page")
    assert watch.errors == []


def _resource_titles() -> dict[str, str]:
    """Sheet names a workbook may use for a resource: its Chinese title (Excel cuts at 31)."""
    descriptor = ROOT / "datapackage" / "datapackage.json"
    found: dict[str, str] = {}
    if descriptor.is_file():
        for resource in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]:
            name = resource.get("name", "")
            for title in (resource.get("title") or "", name):
                if title:
                    found[title[:31]] = name
    return found


def test_a_bar_shows_its_figures_on_hover(built_site: Path, base_url: str, watch: PageWatch):
    """Charts are compiled to Vega at build time; a bar still tells its amount and share."""
    page = watch.page
    page.goto(base_url + department_page_path(built_site))
    page.wait_for_load_state("networkidle")
    draw_charts(page)
    assert page.locator("script[data-vega]").count() > 0  # compiled, not Vega-Lite
    bar = page.locator("div.vega-chart__view svg g.mark-rect path").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    titles = page.evaluate(
        "() => Array.from(document.querySelectorAll('.vega-chart__view'))"
        ".map(el => el.getAttribute('title')).filter(Boolean)"
    )
    assert titles and "金额（万元）：" in titles[0], titles
    assert watch.errors == []


def test_spending_drills_down_by_mouse_and_keyboard(
    built_site: Path, base_url: str, watch: PageWatch
) -> None:
    """高新区组织部 2024 (five 类). Its 支出总表, read by hand: 221 住房保障支出 264.98, all of
    it 22102 住房改革支出 264.98, all of that 2210201 住房公积金 264.98. A click on the 类's
    bar opens its 款; Tab and Enter open the 款's 项."""
    page = watch.page
    page.goto(base_url + "generated/departments/2024-130171-316.html")
    draw_charts(page)
    chart = page.locator("div.vega-chart[data-drill]")
    assert "最多的是社会保障和就业支出 10,610.52 万元，占 94.8%" in chart.get_attribute(
        "aria-label"
    )
    housing = page.locator("details[data-name='住房保障支出']")
    assert not housing.evaluate("el => el.open")
    bar = chart.locator("g.mark-rect path[aria-label*='住房保障支出']")
    bar.scroll_into_view_if_needed()
    bar.click()
    page.wait_for_function(
        "() => document.querySelector(\"details[data-name='住房保障支出']\").open"
    )
    assert page.url.endswith("#y2024-fn-221")
    table = housing.locator("table").first
    assert table.locator("th[scope=row]").all_inner_texts() == ["22102 住房改革支出"]
    assert table.locator("td.ob-num").first.inner_text() == "264.98"

    reform = housing.locator("details[data-name='住房改革支出']")
    summary = reform.locator("summary")
    summary.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # back onto the summary, by keyboard
    assert summary.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert reform.evaluate("el => el.open")
    cells = reform.locator("table tr").nth(1).inner_text()
    assert "2210201 住房公积金" in cells and "264.98" in cells and "100.0%" in cells
    assert watch.errors == []


# --------------------------------------------------------------------------- reading


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Every kind of page the sample site has (browse.page_kinds finds one of each).
PAGE_KINDS = {
    "home",
    "query",
    "document",
    "department",
    "region",
    "compare",
    "comparison",
    "projects",
    "document tables",
    "document projects",
    "document quality",
    "quality",
    "glossary",
    "dictionary",
    "data",
    "search",
    "about",
}


@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")])
def test_every_kind_of_page_has_no_axe_violation_and_no_sideways_scroll(
    sample_site: Path, sample_url: str, browser: object, width: int, scheme: str
) -> None:
    """axe-core (WCAG rules) finds nothing on one page of every kind, on a phone (light) and
    on a desktop (dark mode, as the system's preference selects it), every collapsed block
    opened; and no page is wider than the screen (wide tables scroll in their own box)."""
    if not AXE.is_file():
        pytest.skip("run `npm ci` first")
    pages = page_kinds(sample_site)
    assert set(pages) == PAGE_KINDS
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for kind, path in pages.items():
        page.goto(sample_url + path)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        wider = page.evaluate("document.documentElement.scrollWidth") - width
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run()).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        if violations or wider > 0:
            found[kind] = (wider, violations)
    context.close()
    assert found == {}


def test_a_phone_shows_the_headline_without_scrolling(
    sample_url: str, julu_page: str, browser: object
) -> None:
    """巨鹿县人社局 2025 on a 390 × 844 screen: what changed and 支出总计 show on arrival."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(sample_url + julu_page)
    lead = page.locator("p.ob-lead")
    assert lead.inner_text().startswith("2025 年支出预算 3,502.60 万元，比上年减少 390.80 万元")
    total = page.locator(".ob-figure").nth(1)  # 收入总计, 支出总计, …
    assert total.inner_text().startswith("支出总计")
    for shown in (lead, total):
        box = shown.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844
    # The document's other pages are one tap away.
    tabs = page.locator("nav.ob-tabs a").all_inner_texts()
    assert tabs == ["概览", "预算表和说明", "项目", "数据质量"]
    page.close()


def test_dark_mode_draws_charts_in_light_text(
    sample_url: str, julu_page: str, browser: object
) -> None:
    """A reader whose system prefers dark gets Material's dark scheme, and the charts' labels
    are drawn light on it; switching back to light draws them dark again."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page.goto(sample_url + julu_page)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    draw_charts(page)
    label = page.locator("div.vega-chart svg .role-axis-label text").first
    assert label.get_attribute("fill") == "#e0e0e0"
    page.get_by_title("切换到浅色模式").click()  # the header's switch
    draw_charts(page)
    label = page.locator("div.vega-chart svg .role-axis-label text").first
    assert label.get_attribute("fill") != "#e0e0e0"
    page.close()


def test_a_document_prints_as_a_briefing_of_a_few_pages(
    sample_url: str, julu_page: str, browser: object
) -> None:
    import io
    import unicodedata

    import pdfplumber

    page = browser.new_page()
    page.goto(sample_url + julu_page)
    page.wait_for_load_state("networkidle")
    with pdfplumber.open(io.BytesIO(page.pdf(format="A4"))) as printed:
        assert 1 <= len(printed.pages) <= 8
        # NFKC: the PDF's font maps some characters to Kangxi radicals (⼈ for 人).
        first = unicodedata.normalize("NFKC", printed.pages[0].extract_text())
    assert "巨鹿县人力资源和社会保障局" in first and "3,502.60" in first
    assert "预算表和说明" not in first  # the tabs are not printed
    page.close()


def test_a_comparison_table_on_a_phone_keeps_the_names_beside_every_figure(
    sample_site: Path, sample_url: str, browser: object
) -> None:
    """At 390 px a comparison table scrolls in its box; scrolled to its last column, the
    department's name is still in view and the last figure is on screen."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(sample_url + page_kinds(sample_site)["compare"])
    table = page.locator(".ob-sortable table").first
    table.scroll_into_view_if_needed()
    box = page.locator(".ob-sortable .md-typeset__scrollwrap").first
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_timeout(100)
    name = table.locator("tbody tr td").first.bounding_box()
    last = table.locator("tbody tr td").last.bounding_box()
    assert name is not None and last is not None
    assert name["x"] >= 0 and name["x"] + name["width"] <= 390
    assert last["x"] + last["width"] <= 390 and last["x"] > name["x"] + name["width"] - 1
    page.close()


def test_comparison_tables_keep_every_column_in_view_on_a_desktop(
    built_site: Path, base_url: str, browser: object
) -> None:
    """At 1280 px, beside the site menu, no table of the comparisons, the home page's listing
    or a region's listing (charts' data tables opened) is cut off: each fits its box."""
    kinds = page_kinds(built_site)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for kind in ("compare", "comparison", "home", "region"):
        page.goto(base_url + kinds[kind])
        assert page.locator(".md-sidebar--primary").is_visible(), kind  # the menu is there
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        cut = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                    '.ob-sortable table, .ob-chart-data table, .ob-listing table'))
                .map(table => table.closest('.md-typeset__scrollwrap, .ob-table') || table)
                .filter(box => box.scrollWidth > box.clientWidth + 1)
                .map(box => box.querySelector('th').textContent + ': ' + box.scrollWidth)"""
        )
        assert cut == [], (kind, cut)
    page.close()


def query_rows(page: object) -> list[list[str]]:
    """Run the 查询 page's query as it stands and return the result's rows as shown."""
    page.wait_for_selector(".ob-query[data-state=done], .ob-query[data-state=failed]")
    assert page.get_attribute(".ob-query", "data-state") == "done", page.inner_text(
        ".ob-query__status"
    )
    return page.eval_on_selector_all(
        ".ob-query__result tbody tr",
        "rows => rows.map(row => Array.from(row.cells, cell => cell.textContent))",
    )


def test_query_page_runs_sql_offline_and_shares_it(
    built_site: Path, base_url: str, browser: object
) -> None:
    """The 查询 page runs its three examples and a query typed by hand in DuckDB-WASM with
    every request to another host refused, shows the rows as printed (codes as text, amounts
    with their decimals), puts the query in the address, which gives the same rows again, and
    saves them as CSV. Figures read by hand from the department pages (高新区 2024's, 海港
    2024's and 巨鹿 2025's 部门预算支出总表 and project tables) and the comparison page."""
    from openbudget.site.querypage import EXAMPLES

    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    outside: list[str] = []

    def local_only(route: object) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(base_url + nav_page(built_site, "查询"))

    expected = {
        "largest-items": [
            [
                "中共石家庄高新技术产业开发区工委组织部",
                "2024",
                "2082602",
                "财政对城乡居民基本养老保险基金的补助",
                "2553.00",
            ],
            [
                "中共石家庄高新技术产业开发区工委组织部",
                "2024",
                "2080199",
                "其他人力资源和社会保障管理事务支出",
                "2259.25",
            ],
            [
                "中共石家庄高新技术产业开发区工委组织部",
                "2024",
                "2080799",
                "其他就业补助支出",
                "2249.05",
            ],
            [
                "秦皇岛市海港区人力资源和社会保障局",
                "2024",
                "2230105",
                "国有企业退休人员社会化管理补助支出",
                "1516.00",
            ],
            ["巨鹿县人力资源和社会保障局", "2025", "2080701", "就业创业服务补助", "1469.00"],
        ],
        # “三公”经费: the table's 合计 where printed, the prose's figure (巨鹿 and 平乡 state 0).
        "three-public": [
            ["2025", "巨鹿县人力资源和社会保障局", "", "0.00"],
            ["2024", "中共石家庄高新技术产业开发区工委组织部", "9.90", "9.90"],
            ["2024", "秦皇岛市海港区人力资源和社会保障局", "7.85", "7.85"],
            ["2021", "霸州市人力资源和社会保障局", "", "0.90"],
            ["2020", "平乡县人力资源和社会保障局", "", "0.00"],
        ],
        "large-projects": [
            [
                "中共石家庄高新技术产业开发区工委组织部",
                "2024",
                "城乡居民保险养老保险区级补助资金",
                "2556.80",
            ],
            ["中共石家庄高新技术产业开发区工委组织部", "2024", "人才绿卡专项费用", "1729.51"],
            ["巨鹿县人力资源和社会保障局", "2025", "劳务派遣人员工资及各类保险资金", "1469.00"],
        ],
    }
    for example in EXAMPLES:
        page.evaluate("document.querySelector('.ob-query').removeAttribute('data-state')")
        page.click(f"#{example.slug} ~ p .ob-query__example >> nth=0")
        rows = query_rows(page)
        assert rows[: len(expected[example.slug])] == expected[example.slug], example.slug
    assert len(rows) == 7  # projects of 500 万元 or more

    # By hand: 巨鹿 2025's 20807 就业补助 and its four 项 (source lines 96–125).
    page.evaluate("document.querySelector('.ob-query').removeAttribute('data-state')")
    page.fill(
        "textarea",
        "SELECT function_code, total FROM expenditure\n"
        "WHERE function_code LIKE '20807%' AND document_id LIKE '2025-%'\n"
        "ORDER BY function_code;",
    )
    page.click(".ob-query button[type=submit]")
    typed = [
        ["20807", "2514.00"],
        ["2080701", "1469.00"],
        ["2080705", "160.00"],
        ["2080711", "630.00"],
        ["2080799", "255.00"],
    ]
    assert query_rows(page) == typed
    headers = page.eval_on_selector_all(
        ".ob-query__result th", "cells => cells.map(c => c.innerText)"
    )
    assert [header.rstrip(" ⇅") for header in headers] == ["function_code", "total"]

    with page.expect_download() as saved:
        page.click(".ob-query__csv")
    text = Path(saved.value.path()).read_text(encoding="utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["function_code", "total"], *typed]

    shared = page.url
    assert "sql=" in shared
    again = context.new_page()
    again.set_default_timeout(60_000)
    again.goto(shared)
    assert query_rows(again) == typed
    assert outside == []
    context.close()


def test_a_chart_has_an_address_its_figures_as_csv_and_its_drawing(
    base_url: str, browser: object
) -> None:
    """A link to a chart's id (from what it shows) scrolls to it; its CSV holds exactly the
    figures its bars are drawn with (each bar's description gives its printed amount); SVG
    and PNG save the drawing; the embed snippet points at the chart. 高新区组织部 2024: 社会保障
    和就业支出 10,610.52 万元, read by hand from its 部门预算支出总表."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    chart_id = "y2024-chart-zhi-chu-gong-neng-fen-lei"
    page.goto(f"{base_url}generated/departments/2024-130171-316.html#{chart_id}")
    chart = page.locator(f"#{chart_id}")
    page.wait_for_function(f"document.getElementById('{chart_id}').dataset.rendered === 'done'")
    top = chart.bounding_box()["y"]
    assert 0 <= top < 200, top

    with page.expect_download() as saved:
        chart.locator("[data-chart-save=csv]").click()
    assert saved.value.suggested_filename == f"{chart_id}.csv"
    rows = list(csv.reader(io.StringIO(Path(saved.value.path()).read_text("utf-8-sig"))))
    bars = chart.locator(".vega-chart__view [aria-label$='万元']").evaluate_all(
        "els => els.map(el => el.getAttribute('aria-label'))"
    )
    drawn = {
        label.split("：")[0]: label.split("：")[1].removesuffix(" 万元").replace(",", "")
        for label in bars
    }
    assert len(drawn) == len(rows) - 1 >= 2
    assert {row[0]: row[1] for row in rows[1:]} == drawn
    assert drawn["社会保障和就业支出"] == "10610.52"

    for kind, start in (("svg", b"<svg"), ("png", b"\x89PNG")):
        with page.expect_download() as saved:
            chart.locator(f"[data-chart-save={kind}]").click()
        assert Path(saved.value.path()).read_bytes().startswith(start), kind
    chart.locator("[data-chart-embed]").click()
    snippet = chart.locator("textarea").input_value()
    assert snippet.startswith("<iframe src=") and f"#{chart_id}" in snippet
    context.close()
