"""Serving a built site on localhost and finding its pages the way a reader does.

Shared by the browser tests and ``scripts/screenshots.py``: both serve ``site/`` on
127.0.0.1 and reach the department, comparison and explorer pages through the home page's
links, not through hard-coded paths.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import posixpath
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

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


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free port (threaded: pages fetch several files at once)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


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
