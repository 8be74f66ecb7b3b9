"""Browser tests: the built site in Debian's headless Chromium, served from 127.0.0.1.

They check what only a browser can: the charts actually draw (Vega, Vega-Lite and vega-embed
load from the site itself), nothing is requested from another host, the console stays clean,
and Chinese search works once Material's search worker has loaded the index.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    """Serve site/ on a free port (threaded: pages fetch several files at once)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


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

    def __init__(self, browser: object) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
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


def test_department_page_draws_every_chart(built_site: Path, base_url: str, watch: PageWatch):
    pages = chart_pages(built_site)
    assert pages, "no department page has charts"
    page = watch.page
    page.goto(base_url + pages[0])
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


def test_tables_and_findings_render(built_site: Path, base_url: str, watch: PageWatch):
    page = watch.page
    page.goto(base_url + chart_pages(built_site)[0])
    cells = page.locator(".ob-table td.ob-num")
    assert cells.count() > 20
    align = cells.first.evaluate("el => getComputedStyle(el).textAlign")
    assert align == "right"
    details = page.locator("details.note")
    if details.count():
        details.first.locator("summary").click()
        assert details.first.locator("table").is_visible()
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


def test_chinese_search_finds_pages(base_url: str, watch: PageWatch) -> None:
    page = watch.page
    page.goto(base_url + "index.html")
    page.keyboard.press("/")
    field = page.locator(".md-search__input")
    results = page.locator(".md-search-result__item")
    deadline = time.monotonic() + 20
    # The index loads in a worker after the page: retype until it answers. Material reads
    # the field on keyup, which typing Chinese through an IME produces but inserting text
    # does not, so a key press follows the text.
    while time.monotonic() < deadline:
        field.fill("就业")
        field.press("End")
        try:
            results.first.wait_for(state="attached", timeout=1_000)
            break
        except playwright_api.TimeoutError:
            continue
    assert results.count() > 0, "search for 就业 found nothing"
    assert "就业" in page.locator(".md-search-result").inner_text()
    assert watch.errors == []
    assert watch.hosts <= LOCAL_HOSTS
