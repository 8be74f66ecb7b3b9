"""Check a built site for requests to other hosts.

Readers in mainland China cannot rely on foreign CDNs or Google Fonts, so the built HTML and
CSS may only reference files of the site itself. Links a reader clicks (``<a href>``) are
fine; anything the browser fetches on its own (scripts, styles, images, fonts) is not.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

#: (tag, attribute) pairs the browser fetches without a click.
_FETCHED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("image", "href"),
    ("use", "href"),
}
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


def is_external(url: str) -> bool:
    """True for absolute (``https://…``) and protocol-relative (``//…``) URLs."""
    return bool(_EXTERNAL.match(url))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if not value:
                continue
            if (tag, name) in _FETCHED or (tag == "use" and name == "xlink:href"):
                urls = (
                    [part.split()[0] for part in value.split(",")] if "srcset" in name else [value]
                )
                self.found += [url for url in urls if url and is_external(url)]
            elif name == "style":
                self.found += [url for url in _css_urls(value) if is_external(url)]

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [url for url in _css_urls(data) if is_external(url)]


def _css_urls(text: str) -> list[str]:
    return [first or second for first, second in _CSS_URL.findall(text)]


def external_references(site_dir: Path) -> list[tuple[str, str]]:
    """All (file, url) pairs in HTML and CSS under ``site_dir`` that point to another host."""
    problems: list[tuple[str, str]] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".css":
            urls = [url for url in _css_urls(text) if is_external(url)]
        else:
            collector = _Collector()
            collector.feed(text)
            urls = collector.found
        relative = path.relative_to(site_dir).as_posix()
        problems += [(relative, url) for url in sorted(set(urls))]
    return problems
