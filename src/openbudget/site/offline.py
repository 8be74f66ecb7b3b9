"""Check a built site for requests to other hosts.

Readers in mainland China cannot rely on foreign CDNs or Google Fonts, so the built HTML and
CSS may only reference files of the site itself. Links a reader clicks (``<a href>``) are
fine; anything the browser fetches on its own (scripts, styles, images, fonts) is not.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import lxml.html

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


def _html_urls(text: str) -> list[str]:
    """External URLs an HTML page makes the browser fetch (lxml: the site is hundreds of
    megabytes of HTML, and the standard library's parser takes a minute over it)."""
    if not text.strip():
        return []
    found: list[str] = []
    for element in lxml.html.document_fromstring(text).iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        local = tag.rsplit("}", 1)[-1].lower()  # SVG elements may carry a namespace
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if not value:
                continue
            if (local, name) in _FETCHED or (local == "use" and name in ("href", "xlink:href")):
                urls = (
                    [part.split()[0] for part in value.split(",") if part.split()]
                    if "srcset" in name
                    else [value]
                )
                found += [url for url in urls if url and is_external(url)]
            elif name == "style":
                found += [url for url in _css_urls(value) if is_external(url)]
        if local == "style" and element.text:
            found += [url for url in _css_urls(element.text) if is_external(url)]
    return found


def _css_urls(text: str) -> list[str]:
    return [first or second for first, second in _CSS_URL.findall(text)]


#: From how many files the check runs in one worker process per CPU.
_POOL_FROM = 500


def external_references(site_dir: Path, files: list[Path] | None = None) -> list[tuple[str, str]]:
    """All (file, url) pairs in HTML and CSS under ``site_dir`` (or in ``files`` there: an
    incremental build checks what it wrote) that point to another host. Thousands of pages
    are read in worker processes (parsing them is 26 s at 1,000 documents on one CPU)."""
    paths = [
        path
        for path in sorted(site_dir.rglob("*") if files is None else files)
        if path.suffix in (".html", ".css") and path.is_file()
    ]
    if len(paths) < _POOL_FROM:
        found = [_file_urls(path) for path in paths]
    else:
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=spawn) as pool:
            found = list(pool.map(_file_urls, paths, chunksize=32))
    return [
        (path.relative_to(site_dir).as_posix(), url)
        for path, urls in zip(paths, found, strict=True)
        for url in urls
    ]


def _file_urls(path: Path) -> list[str]:
    """The external URLs one HTML or CSS file makes the browser fetch, sorted."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        urls = [url for url in _css_urls(text) if is_external(url)]
    else:
        urls = _html_urls(text)
    return sorted(set(urls))
