"""Serving a built site on localhost and finding its pages the way a reader does.

Shared by the browser tests and ``scripts/screenshots.py``: both serve ``site/`` on
127.0.0.1 and reach the department, comparison and explorer pages through the home page's
links, not through hard-coded paths.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import posixpath
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .urls import (
    COMPARE_DIR,
    DEPARTMENTS_DIR,
    PROJECTS_DIR,
    QUALITY_DIR,
    REGIONS_DIR,
    TABLES_DIR,
)

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach Google's hosts.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


#: What a static host compresses (GitHub Pages, Netlify, nginx's ``gzip_types``).
_COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".xml", ".csv", ".wasm")


class _GzipHandler(_QuietHandler):
    """Text files gzip-compressed when the browser accepts it, as a static host sends them:
    page-speed figures measured without compression would blame bytes no reader receives."""

    def send_head(self):  # type: ignore[no-untyped-def]  # noqa: ANN201
        path = Path(self.translate_path(self.path))
        if (
            not path.is_file()
            or path.suffix not in _COMPRESSED
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path, compress: bool = False) -> Iterator[str]:
    """Serve ``directory`` on a free port (threaded: pages fetch several files at once),
    gzip-compressed when ``compress``."""
    handler = functools.partial(
        _GzipHandler if compress else _QuietHandler, directory=str(directory)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


#: Scrolls each chart into view in turn (a chart is drawn as it comes near the screen, see
#: docs/javascripts/charts.js) until it has started drawing, then back to the top.
_SCROLL_TO_CHARTS = """async () => {
  for (const chart of document.querySelectorAll('div.vega-chart')) {
    chart.scrollIntoView();
    for (let i = 0; i < 100 && !chart.hasAttribute('data-rendered'); i++) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }
  window.scrollTo(0, 0);
}"""
_CHARTS_SETTLED = """() => Array.from(document.querySelectorAll('div.vega-chart'))
  .every(el => ['done', 'failed'].includes(el.getAttribute('data-rendered')))"""


def draw_charts(page: Any, timeout: int = 20_000) -> None:
    """Bring every chart of a Playwright ``page`` into view and wait until each is drawn
    (or has failed): what a reader scrolling down the whole page makes the browser do."""
    page.evaluate(_SCROLL_TO_CHARTS)
    page.wait_for_function(_CHARTS_SETTLED, timeout=timeout)


class _Links(HTMLParser):
    """The ``<a>`` links of a page with their text; ``nav`` marks Material's navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, bool]] = []
        self._open: list[list[object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            values = dict(attrs)
            classes = values.get("class") or ""
            nav = "md-nav__link" in classes or "md-tabs__link" in classes
            self._open.append([values.get("href") or "", "", nav])
        elif tag == "br" and self._open:
            self._open[-1][1] = str(self._open[-1][1]) + " "

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1] = str(self._open[-1][1]) + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text, nav = self._open.pop()
            self.links.append((str(href), " ".join(str(text).split()), bool(nav)))


def page_links(site: Path, page: str) -> list[tuple[str, str, bool]]:
    """(site-relative target, text, in the navigation) of every local link on ``page``."""
    parser = _Links()
    parser.feed((site / page).read_text(encoding="utf-8"))
    found = []
    for href, text, nav in parser.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
        if (site / target).is_file():
            found.append((target, text, nav))
    return found


def nav_page(site: Path, *words: str) -> str | None:
    """The first page the home page's navigation names with one of ``words``."""
    for target, text, nav in page_links(site, "index.html"):
        if nav and any(word in text for word in words):
            return target
    return None


def has_charts(site: Path, page: str) -> bool:
    """Whether a built page embeds a chart."""
    return 'class="vega-chart"' in (site / page).read_text(encoding="utf-8")


def key_pages(site: Path) -> dict[str, str]:
    """home, and where present: a department page with charts linked from the home page,
    the comparison page and the projects explorer (site-relative paths)."""
    pages = {"home": "index.html"}
    for target, _, nav in page_links(site, "index.html"):
        if not nav and "departments" in target and has_charts(site, target):
            pages["department"] = target
            break
    for name, words in (("compare", ("比较", "对比")), ("explorer", ("项目",))):
        found = nav_page(site, *words)
        if found:
            pages[name] = found
    return pages


#: Pages of the site's menu, by the words of their menu entry.
_MENU_KINDS = (
    ("projects", ("项目",)),
    ("compare", ("比较", "对比")),
    ("data", ("数据下载",)),
    ("query", ("查询",)),
    ("dictionary", ("数据字典",)),
    ("quality", ("数据质量",)),
    ("glossary", ("名词解释",)),
    ("search", ("搜索",)),
    ("about", ("关于",)),
)
#: Pages reached from other pages, by their folder (urls) and what their file name starts
#: with.
_FOLDER_KINDS = (
    ("region", f"generated/{REGIONS_DIR}", ""),
    ("comparison", f"generated/{COMPARE_DIR}", ""),
    ("document tables", f"generated/{TABLES_DIR}", "doc-"),
    ("document projects", f"generated/{PROJECTS_DIR}", "doc-"),
    ("document quality", f"generated/{QUALITY_DIR}", "doc-"),
)


def page_kinds(site: Path) -> dict[str, str]:
    """One page of every kind the built site has (site-relative paths): the key pages, the
    menu's pages, a department page with several years where there is one, and the first
    page of each folder of generated pages."""
    renamed = {"department": "document", "explorer": "projects"}
    pages = {renamed.get(kind, kind): path for kind, path in key_pages(site).items()}
    for kind, words in _MENU_KINDS:
        found = nav_page(site, *words)
        if found:
            pages.setdefault(kind, found)
    for page in sorted((site / "generated" / DEPARTMENTS_DIR).glob("*.html")):
        if 'id="years"' in page.read_text(encoding="utf-8"):
            pages["department"] = page.relative_to(site).as_posix()
            break
    for kind, folder, start in _FOLDER_KINDS:
        files = sorted((site / folder).glob(f"{start}*.html"))
        if files:
            pages[kind] = files[0].relative_to(site).as_posix()
    return pages
