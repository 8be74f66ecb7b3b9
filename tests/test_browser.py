"""Browser tests: the built site in Debian's headless Chromium, served from 127.0.0.1.

They check what only a browser can: the charts actually draw (Vega, Vega-Lite and vega-embed
load from the site itself), nothing is requested from another host, the console stays clean,
and Chinese search works once Material's search worker has loaded the index.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sample_package import JULU, build_sample_site

from openbudget.site import external_references

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ROOT = Path(__file__).resolve().parent.parent


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free port (threaded: pages fetch several files at once)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    """The real site, built from datapackage/."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site of the sample package (projects, procurement, prose… whatever the parser
    fills in the real package yet), built with the real configuration."""
    site = build_sample_site(tmp_path_factory.mktemp("sample-site"), ROOT)
    with serve(site) as url:
        yield url


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
        for path in (site / "generated" / "departments").glob("*.html")
        if 'class="vega-chart"' in path.read_text(encoding="utf-8")
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
    page.wait_for_function(
        "n => document.querySelectorAll('div.vega-chart[data-rendered=done]').length === n",
        arg=count,
        timeout=15_000,
    )
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


def test_full_department_page_draws_every_chart(sample_url: str, watch: PageWatch) -> None:
    """With projects, procurement, assets and prose below the tables, charts still draw."""
    assert_charts_draw(watch, f"{sample_url}generated/departments/{JULU}.html")


def test_project_block_opens_on_click(sample_url: str, watch: PageWatch) -> None:
    page = watch.page
    page.goto(f"{sample_url}generated/departments/{JULU}.html")
    block = page.locator("details.ob-project").first
    indicators = block.locator(".ob-indicators table")
    assert block.get_attribute("open") is None
    assert not indicators.is_visible()
    block.locator("summary").click()
    indicators.wait_for(state="visible")
    assert block.get_attribute("open") is not None
    assert indicators.locator("tbody tr").count() == 7
    assert "就业见习人数" in indicators.inner_text()
    # The hidden heading gives search and links an anchor without repeating the summary.
    heading = block.locator("#project-1")
    assert heading.count() == 1 and heading.bounding_box()["width"] <= 1
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


def test_projects_page_link_opens_its_project(sample_url: str, watch: PageWatch) -> None:
    page = watch.page
    page.goto(sample_url + "generated/projects.html")
    link = page.locator(".ob-project-list a[href$='#project-2']").first
    link.click()
    page.wait_for_url("**#project-2")
    block = page.locator("details.ob-project:has(#project-2)")
    page.wait_for_function(
        "() => document.querySelector('#project-2').closest('details').open", timeout=5_000
    )
    assert block.locator(".ob-indicators table").is_visible()
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


def test_project_pages_fit_a_narrow_screen(sample_url: str, browser: object) -> None:
    """At 400 px only the wide tables scroll (inside their own box), never the page."""
    watch = PageWatch(browser, width=400)
    try:
        for path in (f"generated/departments/{JULU}.html", "generated/projects.html"):
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
    # The repairs block (projects and prose sections are collapsible blocks too).
    details = page.locator("details.note:not(.ob-project):not(.ob-section)")
    if details.count():
        details.first.locator("summary").click()
        assert details.first.locator("table").first.is_visible()
    assert watch.errors == []


def test_home_page_lists_and_links_departments(base_url: str, watch: PageWatch) -> None:
    page = watch.page
    page.goto(base_url + "index.html")
    links = page.locator(".ob-listing a[href*='generated/departments/']")
    assert links.count() >= 1
    first = links.first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert name in page.locator("h1").inner_text()
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


def search(page: object, query: str) -> object:
    """Type ``query`` into Material's search once its index has loaded; return the hits."""
    page.keyboard.press("/")
    field = page.locator(".md-search__input")
    results = page.locator(".md-search-result__item")
    deadline = time.monotonic() + 20
    # The index loads in a worker after the page: retype until it answers. Material reads
    # the field on keyup, which typing Chinese through an IME produces but inserting text
    # does not, so a key press follows the text.
    while time.monotonic() < deadline:
        field.fill(query)
        field.press("End")
        try:
            results.first.wait_for(state="attached", timeout=1_000)
            break
        except playwright_api.TimeoutError:
            continue
    return results


def test_chinese_search_finds_pages(base_url: str, watch: PageWatch) -> None:
    page = watch.page
    page.goto(base_url + "index.html")
    results = search(page, "就业")
    assert results.count() > 0, "search for 就业 found nothing"
    assert "就业" in page.locator(".md-search-result").inner_text()
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS


def test_search_finds_projects(base_url: str, sample_url: str, watch: PageWatch) -> None:
    page = watch.page
    # The real site: 就业补助 is a 款 of the expenditure table and, once the parser fills
    # them, the name of many projects.
    page.goto(base_url + "index.html")
    assert search(page, "就业补助").count() > 0, "search for 就业补助 found nothing"
    # The sample site: a project is found by its name and by its indicators' text, and the
    # hit links to the project's own anchor.
    page.goto(sample_url + "index.html")
    for query in ("就业补助", "就业见习人数"):
        search(page, query)
        links = page.locator(".md-search-result__link").evaluate_all(
            "els => els.map(el => el.getAttribute('href'))"
        )
        assert any("#project-" in link for link in links), (query, links)
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS
