"""Every internal link of the built site resolves: the file exists and so does the anchor.

Walks every HTML file under site/, collects each ``href`` and ``src`` (``<a>``, ``<link>``,
``<script>``, ``<img>``, ``<source>``…), and checks links that stay on the site: the target
file must exist, and a ``#fragment`` must be an ``id`` (or ``<a name>``) on the target page.
"""

from __future__ import annotations

import html
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

#: Attributes holding a URL to follow.
_URL_ATTRS = frozenset({"href", "src"})
#: Fragments the theme handles itself, not element ids on the page.
_SCRIPTED_FRAGMENTS = frozenset({"", "__search", "__drawer", "top"})


class _Collector(HTMLParser):
    """The links (tag, attribute, URL) and the element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in _URL_ATTRS:
                if tag == "base" and name == "href":
                    self.base = value
                else:
                    self.links.append((tag, name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.links.append((tag, name, url))

    handle_startendtag = handle_starttag


@cache
def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector


def _target(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at; None for external or scripted links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:", "data:")):
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        target = site / path.lstrip("/")
    elif path:
        target = page.parent / path
    else:
        target = page
    target = Path(*target.parts)  # keep ".." for resolve()
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal link of every HTML page under ``site`` that does not resolve."""
    site = site.resolve()
    broken: list[str] = []
    for page in sorted(site.rglob("*.html")):
        collector = _parse(page)
        where = page.relative_to(site).as_posix()
        for tag, attr, url in collector.links:
            resolved = _target(site, page, url)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.is_relative_to(site):
                broken.append(f"{where}: <{tag} {attr}={url!r}> leaves the site")
                continue
            if not target.is_file():
                broken.append(f"{where}: <{tag} {attr}={url!r}> → missing file")
                continue
            if fragment in _SCRIPTED_FRAGMENTS or target.suffix != ".html":
                continue
            if fragment not in _parse(target).ids:
                broken.append(f"{where}: <{tag} {attr}={url!r}> → no id {fragment!r}")
    return broken


def test_link_checker_finds_broken_links(tmp_path: Path) -> None:
    """The checker itself: a missing page, a missing anchor and a missing asset are caught;
    good links, external links and theme fragments are not."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "style.css").write_text("")
    (tmp_path / "sub" / "page.html").write_text(
        '<h2 id="here">x</h2><a name="old">y</a><a href="../index.html#top">top</a>',
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text(
        '<link href="style.css" rel="stylesheet">'
        '<a href="sub/page.html#here">ok</a><a href="sub/page.html#old">ok</a>'
        '<a href="#__search">ok</a><a href="https://example.org/x">ext</a>'
        '<a href="sub/">dir</a>'
        '<a href="sub/missing.html">bad</a><a href="sub/page.html#gone">bad</a>'
        '<img src="img/none.png"><a href="../../etc/passwd">bad</a>',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "index.html").write_text("", encoding="utf-8")
    found = broken_links(tmp_path)
    assert len(found) == 4, found
    assert any("missing.html" in line for line in found)
    assert any("'gone'" in line for line in found)
    assert any("none.png" in line for line in found)
    assert any("leaves the site" in line for line in found)


def test_every_internal_link_resolves(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 5, "the built site has almost no pages"
    broken = broken_links(built_site)
    assert broken == [], f"{len(broken)} broken internal links:\n" + "\n".join(broken[:50])


def test_projects_explorer_links_each_project(built_site: Path) -> None:
    """Every row of the explorer links to a project anchor that exists on its page."""
    explorer = _find_explorer(built_site)
    text = explorer.read_text(encoding="utf-8")
    links = [
        html.unescape(url) for url in re.findall(r'ob-explorer__name"><a href="([^"]+)"', text)
    ]
    rows = text.count("<tr data-department=")
    assert links and len(links) == rows, (len(links), rows)
    for url in links:
        resolved = _target(built_site.resolve(), explorer.resolve(), url)
        assert resolved is not None
        target, fragment = resolved
        assert target.is_file() and fragment in _parse(target).ids, url


def _find_explorer(site: Path) -> Path:
    for page in sorted(site.rglob("*.html")):
        if 'class="ob-explorer__filters"' in page.read_text(encoding="utf-8", errors="replace"):
            return page
    pytest.fail("no page of the built site carries the projects explorer")
