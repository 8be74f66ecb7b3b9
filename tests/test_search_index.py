"""The search index (openbudget.site.searchindex) and its browser half (search.js)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from openbudget.site.searchindex import index_site, read_page, shard_of, terms

SEARCH_JS = Path(__file__).resolve().parents[1] / "docs" / "javascripts" / "search.js"

PAGE = """<html><head><title>站名</title></head><body>
<nav>导航不索引</nav>
<article class="md-content__inner">
<h1 id="_1">巨鹿县 人力资源和社会保障局<a class="headerlink" href="#_1">¶</a></h1>
<p>部门职责：就业<b>补助</b>资金。</p>
<div data-search-ignore><table><tr><td>3,502.60</td></tr></table></div>
<h3 class="ob-sr-only" id="y2025-project-1">1. 就业见习补贴</h3>
<p>就业见习人数 200 人</p>
<form><input placeholder="表单不索引"></form>
</article></body></html>"""


def test_a_page_is_read_as_its_title_and_sections() -> None:
    fragment = read_page(PAGE.encode(), "generated/departments/x.html")
    assert fragment == {
        "url": "generated/departments/x.html",
        "title": "巨鹿县 人力资源和社会保障局",
        "sections": [
            ["", "", "部门职责：就业补助资金。"],
            ["y2025-project-1", "1. 就业见习补贴", "就业见习人数 200 人"],
        ],
    }


def test_terms_are_pairs_of_characters_and_words() -> None:
    assert terms("就业补助") == ["就业", "业补", "补助"]
    # Spaces between Chinese characters do not separate them; full-width folds.
    assert terms("巨鹿县 人社") == ["巨鹿", "鹿县", "县人", "人社"]
    assert terms("２０２５年 GDP") == ["2025", "gdp"]
    assert terms("表 1") == ["1"]  # a lone character is no term


def test_the_browser_computes_the_same_terms_and_shards() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    source = SEARCH_JS.read_text(encoding="utf-8")
    # The index half of search.js: from its constants to the fetching of files.
    start = source.index('  var CJK = "')
    end = source.index("  function load(name)")
    samples = ["就业补助", "巨鹿县 人社局", "２０２５年 GDP", "表 1", "机关运行经费", "ＡＢＣ费用"]
    script = (
        "var document = {baseURI: 'http://x/'};\n"
        + source[start:end]
        + f"\nvar samples = {json.dumps(samples, ensure_ascii=False)};\n"
        + "console.log(JSON.stringify(samples.map(function (s) {"
        + " var t = terms(s); return [t, t.map(function (x) { return shardOf(x, 4096); })]; })));"
    )
    done = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    expected = [[terms(s), [shard_of(t, 4096) for t in terms(s)]] for s in samples]
    assert json.loads(done.stdout) == expected


def _site(root: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html, encoding="utf-8")
    return root


def _postings(site: Path, term: str) -> dict[int, int]:
    index = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    shard = json.loads(
        (site / "search" / "t" / f"{shard_of(term, index['shards'])}.json").read_text("utf-8")
    )
    gaps, weights = shard[term]
    ids, at = [], 0
    for gap in gaps:
        at += gap
        ids.append(at)
    return dict(zip(ids, weights, strict=True))


def test_the_index_lists_each_page_holding_a_term(tmp_path: Path) -> None:
    other = PAGE.replace("巨鹿县 人力资源和社会保障局", "平乡县财政局")
    other = other.replace("就业见习", "公益岗位")
    site = _site(
        tmp_path / "site",
        {
            "index.html": "<html><body><article><h1>首页</h1><p>财政</p></article></body></html>",
            "generated/departments/a.html": PAGE,
            "generated/departments/b.html": other,
            "generated/compare/c.html": PAGE,  # not a searched page
        },
    )
    index_site(site, tmp_path / "cache")
    index = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    assert index["pages"] == 3 and len(list((site / "search" / "t").iterdir())) == index["shards"]
    # Pages are numbered in path order: a.html 0, b.html 1, index.html 2.
    assert set(_postings(site, "见习")) == {0}
    assert set(_postings(site, "就业")) == {0, 1}
    # A term in the title weighs more than the same term in the text.
    assert _postings(site, "财政")[1] > _postings(site, "财政")[2]
    first = json.loads((site / "search" / "f" / "0.json").read_text(encoding="utf-8"))
    assert first["url"] == "generated/departments/a.html"

    # The same pages give the same bytes, from the cache or read afresh.
    before = {p: p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()}
    index_site(site, tmp_path / "cache")
    assert {p: p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()} == before
    shutil.rmtree(tmp_path / "cache")
    index_site(site, None)
    assert {p: p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()} == before


def test_a_damaged_cache_entry_is_read_again(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", {"generated/departments/a.html": PAGE})
    index_site(site, tmp_path / "cache")
    before = (site / "search" / "f" / "0.json").read_bytes()
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"garbage")
    index_site(site, tmp_path / "cache")
    assert (site / "search" / "f" / "0.json").read_bytes() == before


def test_the_cache_keeps_only_the_pages_of_the_last_index(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", {"generated/departments/a.html": PAGE})
    index_site(site, tmp_path / "cache")
    (site / "generated" / "departments" / "a.html").write_text(PAGE.replace("就业", "社保"))
    index_site(site, tmp_path / "cache")
    assert len(list((tmp_path / "cache").iterdir())) == 1
