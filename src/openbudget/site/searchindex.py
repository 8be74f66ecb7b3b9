"""The site's search index: character bigrams, sharded by term, written for a static host.

Why our own index and not Pagefind (which indexed the site earlier in 0.4.0): Pagefind stores
every position of every word, and a query needs each of its words' whole lists plus the
list of every page (its metadata) and a WebAssembly module. With 10,000 disclosures a
search for 机关运行经费 downloaded 482 KB before its first result, and indexing 1,000
held 1.5 GB. Here a term's list holds one (page, weight) pair per page, a query fetches
one shard per term and one fragment per result shown, and the build streams the pairs
through 64 spool files, so its memory does not grow with the site.

Chinese has no spaces, so text is indexed as overlapping pairs of characters (就业补助 →
就业 业补 补助), the way Lucene's CJK analyser does; a page matches a query when it holds
every pair, and the search page then checks the words themselves in the page's fragment,
so 就业…补助 far apart is not shown as 就业补助. Letters and digits are indexed as words.

The browser half is ``docs/javascripts/search.js``; :func:`terms` and :func:`shard_of`
there must stay the same as here (``tests/test_search_index.py`` runs both).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import math
import multiprocessing
import os
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import lxml.html

from openbudget.cache import put_entry, unseal

from .files import write_bytes_atomic

#: Bumped when what is indexed or how changes, so cached pages are read again.
VERSION = "3"
#: The index's folder in the site.
SEARCH_DIR = "search"
#: Elements whose text is not indexed (template words, figures, forms): the attribute.
IGNORE = "data-search-ignore"
#: The pages search finds: the site's own pages, every document's 概览, tables and projects,
#: every department and region. The comparisons and the regions' 项目 and 数据质量 pages
#: repeat them.
SEARCHED_PAGES = (
    "*.html",
    "generated/*.html",
    "generated/departments/*.html",
    "generated/tables/doc-*.html",
    "generated/projects/doc-*.html",
    "generated/regions/*.html",
)
#: Spool files the pairs pass through; shards are a multiple of this, so a spool file
#: holds whole shards.
SPOOLS = 64
#: About how many bytes of postings a shard holds before gzip.
SHARD_BYTES = 48_000

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_RUNS = re.compile(f"[{_CJK}]+|[0-9a-z]+")
_SKIPPED = frozenset({"script", "style", "template", "svg", "form", "noscript", "button"})
#: Elements whose text is a block of its own: a space before and after, so the words of two
#: table cells or paragraphs do not run together.
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "thead", "tbody", "caption", "br"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "details", "summary", "dl", "dt", "dd", "pre"}
    | {"section", "figure", "figcaption", "blockquote"}
)
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
#: How much one use of a term in a section's heading counts against one use in the text.
_HEADING_USE = 3
#: The most a term's uses in the text weigh, and what its being in the title adds.
_TEXT_WEIGHT = 150
_TITLE_WEIGHT = 105
#: A term of a name the department spends on, and what each tenfold amount adds (万元):
#: 1 万元 160, 100 万元 190, 10,000 万元 220.
_SPENDING_WEIGHT = 160
_SPENDING_STEP = 15


def normalize(text: str) -> str:
    """Full-width forms folded and letters lower-cased, as the browser does to a query."""
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> list[str]:
    """The terms of ``text``: pairs of Chinese characters (spaces between two Chinese
    characters do not separate them), and words of letters and digits."""
    found: list[str] = []
    for run in _RUNS.findall(_SPACE_IN_CJK.sub("", normalize(text))):
        if run[0].isascii():
            found.append(run)
        else:
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


def shard_of(term: str, shards: int) -> int:
    """The shard a term is in: FNV-1a over its code points (the browser computes the same)."""
    value = 0x811C9DC5
    for char in term:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % shards


# --------------------------------------------------------------------------- one page


def _skipped(element: lxml.html.HtmlElement) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag in _SKIPPED or IGNORE in element.attrib or "headerlink" in element.get("class", "")


def _walk(
    element: lxml.html.HtmlElement,
    out: list[str],
    apart: Callable[[lxml.html.HtmlElement], bool] | None = None,
) -> None:
    """Append the text of ``element`` and of its tail to ``out``: a skipped element gives only
    its tail, and so does one ``apart`` takes (a heading that starts a section)."""
    if _skipped(element) or (apart is not None and apart(element)):
        out.append(element.tail or "")
        return
    space = " " if element.tag in _BLOCKS else ""
    out.append(space + (element.text or ""))
    for child in element:
        _walk(child, out, apart)
    out.append(space + (element.tail or ""))


def _inner_text(element: lxml.html.HtmlElement) -> str:
    out = [element.text or ""]
    for child in element:
        _walk(child, out)
    return " ".join("".join(out).split())


def read_page(html: bytes, url: str) -> dict:
    """A page's fragment: its title, and its sections (anchor, heading, text) in order.

    Sections start at each heading with an id, as a reader's eye does; the text before
    the first is the page's own (anchor "")."""
    return _fragment(lxml.html.fromstring(html.decode("utf-8")), url)  # the site writes UTF-8


def _fragment(root: lxml.html.HtmlElement, url: str) -> dict:
    article = root.find(".//article")
    if article is None:
        article = root.find(".//body")
    h1 = article.find(".//h1") if article is not None else None
    title = (_inner_text(h1) if h1 is not None else "") or " ".join(
        (root.findtext(".//title") or url).split()
    )
    sections: list[list[str]] = [["", "", ""]]
    buffer: list[str] = []

    def apart(element: lxml.html.HtmlElement) -> bool:
        if element is h1:  # the title, kept apart
            buffer.append(" ")
            return True
        if element.tag in _HEADINGS and element.get("id"):
            sections[-1][2] = " ".join("".join(buffer).split())
            buffer.clear()
            sections.append([element.get("id"), _inner_text(element), ""])
            return True
        return False

    if article is not None:
        buffer.append(article.text or "")
        for child in article:
            _walk(child, buffer, apart)
    sections[-1][2] = " ".join("".join(buffer).split())
    kept = [section for section in sections if section[1] or section[2]]
    return {"url": url, "title": title, "sections": kept}


def page_terms(fragment: dict) -> list[tuple[str, int]]:
    """Each term of a page with its weight (1–255): more for more uses, and for uses in
    headings; a term of the page's title outweighs any number of uses in the text (a search
    for a department's name finds its pages before the lists that name it many times). The
    browser multiplies the weight by how rare the term is."""
    counts: Counter[str] = Counter()
    for _, heading, text in fragment["sections"]:
        for term in terms(heading):
            counts[term] += _HEADING_USE
        counts.update(terms(text))
    titled = set(terms(fragment["title"]))
    weights = {term: min(_TEXT_WEIGHT, round(16 * (1 + math.log(n)))) for term, n in counts.items()}
    for term in titled:
        weights[term] = weights.get(term, 0) + _TITLE_WEIGHT
    return sorted(weights.items())


def spending_weights(root: lxml.html.HtmlElement) -> dict[str, int]:
    """Weights for the names of what a department spends on, by how much: an element with
    ``data-search-amount`` (万元: a 款 or 项 of the spending drill-down) gives each term of
    its text at least ``_SPENDING_WEIGHT`` plus a step per tenfold amount, more than any
    number of mentions in text, so 就业补助 finds the departments that spend on it, the
    largest first."""
    found: dict[str, int] = {}
    for element in root.iterfind(".//*[@data-search-amount]"):
        try:
            amount = float(element.get("data-search-amount", ""))
        except ValueError:
            continue
        weight = min(255, _SPENDING_WEIGHT + round(_SPENDING_STEP * math.log10(1 + max(amount, 0))))
        for term in terms(_inner_text(element)):
            found[term] = max(found.get(term, 0), weight)
    return found


def indexed_page(html: bytes, url: str) -> bytes:
    """What the index needs of a page, as it is cached: the page's fragment (JSON, as it is
    published) on the first line, then one line per spool file with the page's terms that go
    there and their weights (``就业,45\t补助,16``)."""
    root = lxml.html.fromstring(html.decode("utf-8"))
    fragment = _fragment(root, url)
    weights = dict(page_terms(fragment))
    for term, weight in spending_weights(root).items():
        weights[term] = max(weights.get(term, 0), weight)
    spooled: list[list[str]] = [[] for _ in range(SPOOLS)]
    for term, weight in sorted(weights.items()):
        spooled[shard_of(term, SPOOLS)].append(f"{term},{weight}")
    return b"\n".join([_dump(fragment), *("\t".join(line).encode() for line in spooled)])


def _cached_page(job: tuple[Path, str, Path | None]) -> tuple[bytes, Path | None]:
    """A page as :func:`indexed_page` gives it, from the cache when the same bytes were
    indexed before; and its cache entry. Run in worker processes."""
    path, url, cache = job
    html = path.read_bytes()
    if cache is None:
        return indexed_page(html, url), None
    key = hashlib.sha256(VERSION.encode() + b"\0" + url.encode() + b"\0" + html).hexdigest()
    entry = cache / f"{key}.txt"
    try:
        return unseal(entry.read_bytes()), entry
    except (OSError, ValueError):
        pass  # not indexed yet, or a damaged entry: read the page again
    body = indexed_page(html, url)
    with contextlib.suppress(OSError):  # a full or read-only cache only costs time
        put_entry(entry, body)
    return body, entry


def _prune(cache: Path, used: set[Path | None]) -> None:
    """Remove the entries of pages that are no longer in the site (or have changed)."""
    for entry in cache.iterdir():
        if entry not in used:
            entry.unlink(missing_ok=True)


# --------------------------------------------------------------------------- the whole site


def searched_pages(site: Path) -> list[str]:
    """The site-relative paths of the pages search finds, in a fixed order (their ids)."""
    found = {p.relative_to(site).as_posix() for glob in SEARCHED_PAGES for p in site.glob(glob)}
    return sorted(found)


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def index_site(site: Path, cache: Path | None = None, jobs: int | None = None) -> None:
    """Write ``site/search/``: ``index.json`` (how many pages and shards), a fragment per
    page (``f/<id>.json``) and the term shards (``t/<n>.json``: term → page-id gaps and
    weights). Pages are read in ``jobs`` worker processes (default: one per CPU), in order;
    the pairs are spooled to disk by term, so memory stays flat."""
    out = site / SEARCH_DIR
    (out / "f").mkdir(parents=True, exist_ok=True)
    (out / "t").mkdir(exist_ok=True)
    urls = searched_pages(site)
    used: set[Path | None] = set()
    postings = 0
    context = multiprocessing.get_context("spawn")  # not a copy of the build's memory
    with (
        tempfile.TemporaryDirectory(prefix="search-spool-") as spool_dir,
        context.Pool(jobs or os.cpu_count() or 1) as pool,
        contextlib.ExitStack() as stack,
    ):
        spools = [stack.enter_context(open(Path(spool_dir) / str(n), "wb")) for n in range(SPOOLS)]
        work = [(site / url, url, cache) for url in urls]
        for page_id, (body, entry) in enumerate(pool.imap(_cached_page, work, chunksize=8)):
            used.add(entry)
            fragment, *spooled = body.split(b"\n")
            # Only files whose bytes change are written (creating one costs a millisecond
            # here), by rename: in a staging site the old file is the published one's link.
            write_bytes_atomic(out / "f" / f"{page_id}.json", fragment)
            prefix = f"{page_id}\t".encode()
            for spool, line in zip(spools, spooled, strict=True):
                if line:
                    spool.write(prefix + line + b"\n")
                    postings += line.count(b"\t") + 1
        stack.close()
        # About 6 bytes a posting once written; whole multiples of the spools.
        shards = SPOOLS * max(1, math.ceil(postings * 6 / SHARD_BYTES / SPOOLS))
        # Each spool file's shards are written by a worker: the spools hold disjoint shards.
        jobs_of_spools = [(Path(spool_dir) / str(n), n, shards, out / "t") for n in range(SPOOLS)]
        for _ in pool.imap_unordered(_write_shards, jobs_of_spools):
            pass
    # What an earlier index had beyond this one's pages and shards.
    for folder, count in (("f", len(urls)), ("t", shards)):
        for path in (out / folder).iterdir():
            if not path.stem.isdecimal() or int(path.stem) >= count:
                path.unlink()
    if cache is not None and cache.is_dir():
        _prune(cache, used)
    meta = {"version": VERSION, "pages": len(urls), "shards": shards, "short": short_names()}
    write_bytes_atomic(out / "index.json", _dump(meta))


@functools.cache
def short_names() -> dict[str, str]:
    """The everyday short names readers search for (人社局, 发改委, 三公) and the words the
    disclosures print (人力资源和社会保障局 …), from ``data/short_names.csv``: the search
    page looks for the printed words when a query holds a short name."""
    text = resources.files("openbudget").joinpath("data/short_names.csv").read_text("utf-8")
    return {row["short"]: row["full"] for row in csv.DictReader(io.StringIO(text))}


def _write_shards(job: tuple[Path, int, int, Path]) -> None:
    """Write the shards of one spool file (run in worker processes)."""
    spool, n, shards, folder = job
    for shard, content in _shards(spool, n, shards):
        write_bytes_atomic(folder / f"{shard}.json", _dump(content))


def _shards(spool: Path, n: int, shards: int) -> Iterator[tuple[int, dict]]:
    """The shards whose terms spool file ``n`` holds (every one, empty or not, so the
    browser never asks for a missing file): term → [page-id gaps, weights]."""
    lists: dict[bytes, list[tuple[int, int]]] = defaultdict(list)
    with open(spool, "rb") as lines:
        for line in lines:
            page, *items = line.rstrip(b"\n").split(b"\t")
            page_id = int(page)
            for item in items:
                term, weight = item.split(b",")
                lists[term].append((page_id, int(weight)))
    by_shard: dict[int, dict] = {shard: {} for shard in range(n, shards, SPOOLS)}
    for raw in sorted(lists):
        term = raw.decode("utf-8")
        pairs = lists[raw]  # already in page order: pages were spooled in order
        gaps = [pairs[0][0]] + [b[0] - a[0] for a, b in zip(pairs, pairs[1:], strict=False)]
        by_shard[shard_of(term, shards)][term] = [gaps, [w for _, w in pairs]]
    yield from by_shard.items()
