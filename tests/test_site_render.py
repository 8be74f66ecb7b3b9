"""Unit tests of the site renderer against a small sample package (no parser, no browser)."""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from sample_package import HAIGANG, JULU, PINGXIANG, write_sample_package

from openbudget.site import external_references, render_pages
from openbudget.site.amounts import format_amount
from openbudget.site.data import STANDARD_TABLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def package(tmp_path: Path) -> Path:
    return write_sample_package(tmp_path / "datapackage")


@pytest.fixture()
def docs(tmp_path: Path, package: Path) -> Path:
    docs_dir = tmp_path / "docs"
    render_pages(package, docs_dir, node_modules=tmp_path / "no-node-modules")
    return docs_dir


def page(docs: Path, document_id: str) -> str:
    return (docs / "generated" / "departments" / f"{document_id}.md").read_text(encoding="utf-8")


def tree(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def chart_specs(text: str) -> list[dict]:
    found = re.findall(r'<script type="application/json">(.*?)</script>', text)
    return [json.loads(spec) for spec in found]


@pytest.mark.parametrize(
    ("printed", "shown"),
    [
        ("3502.60", "3,502.60"),
        ("907.80", "907.80"),
        ("11189.71", "11,189.71"),
        ("1234567.5", "1,234,567.5"),
        ("-0.01", "-0.01"),
        ("0.00", "0.00"),
        ("", ""),
        ("  ", ""),
        ("n/a", "n/a"),
    ],
)
def test_amounts_keep_printed_decimals(printed: str, shown: str) -> None:
    assert format_amount(printed) == shown


def test_render_returns_generated_pages(tmp_path: Path, package: Path) -> None:
    pages = render_pages(package, tmp_path / "docs", node_modules=tmp_path / "none")
    names = [path.relative_to(tmp_path / "docs").as_posix() for path in pages]
    assert names == sorted(names)
    assert "generated/data.md" in names
    assert "generated/_includes/departments.md" in names
    for document_id in (JULU, HAIGANG, PINGXIANG):
        assert f"generated/departments/{document_id}.md" in names


def test_pages_are_deterministic(tmp_path: Path, package: Path) -> None:
    first = tmp_path / "first"
    second = tmp_path / "second"
    render_pages(package, first, node_modules=tmp_path / "none")
    # Same rows in another order (documents too) must give byte-identical pages.
    shuffled = tmp_path / "shuffled"
    shutil.copytree(package, shuffled)
    rng = random.Random(7)
    for source in package.iterdir():
        if source.suffix != ".csv":
            continue
        with source.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header, *rows = list(reader)
        rng.shuffle(rows)
        with (shuffled / source.name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([header, *rows])
    render_pages(shuffled, second, node_modules=tmp_path / "none")
    first_pages = tree(first / "generated")
    assert first_pages == tree(second / "generated")
    # Rendering again into the same folder changes nothing.
    before = {path: path.stat().st_mtime_ns for path in (first / "generated").rglob("*.md")}
    render_pages(package, first, node_modules=tmp_path / "none")
    after = {path: path.stat().st_mtime_ns for path in (first / "generated").rglob("*.md")}
    assert before == after


def test_no_temporary_files_left(docs: Path) -> None:
    leftovers = [path for path in docs.rglob("*") if path.name.startswith(".")]
    assert leftovers == []


def test_stale_pages_are_removed(tmp_path: Path, package: Path, docs: Path) -> None:
    stale = docs / "generated" / "departments" / "1999-000000-000.md"
    stale.write_text("# old\n", encoding="utf-8")
    render_pages(package, docs, node_modules=tmp_path / "none")
    assert not stale.exists()


def test_listing_links_every_document_with_headline_totals(docs: Path) -> None:
    listing = (docs / "generated" / "_includes" / "departments.md").read_text(encoding="utf-8")
    for document_id in (JULU, HAIGANG, PINGXIANG):
        assert f"(generated/departments/{document_id}.md)" in listing
    julu = next(line for line in listing.splitlines() if JULU in line)
    # 收入总计, 支出总计, 基本支出, 项目支出 of the 2025 巨鹿 disclosure.
    assert re.search(r"3,502\.60 \| 3,502\.60 \| 907\.80 \| 2,594\.80", julu)
    assert "邢台市 巨鹿县" in julu and "2025" in julu
    # Newest year first.
    order = [listing.index(doc) for doc in (JULU, HAIGANG, PINGXIANG)]
    assert order == sorted(order)


def test_department_page_shows_table_values(docs: Path) -> None:
    text = page(docs, JULU)
    assert text.startswith('---\ntitle: "巨鹿县人力资源和社会保障局 2025 年部门预算"')
    assert "# 巨鹿县人力资源和社会保障局 2025 年部门预算" in text
    for title in (
        "一、部门预算收支总表",
        "三、部门预算支出总表",
        "六、一般公共预算财政拨款基本支出表",
        "九、财政拨款“三公”经费支出表",
    ):
        assert f"### {title}" in text
    # Amounts right-aligned, with thousands separators and the printed decimals.
    assert '<td class="ob-num">2,514.00</td>' in text
    assert '<td class="ob-num">1,469.00</td>' in text
    assert '<td class="ob-text ob-name">就业见习补贴</td>' in text
    # Empty printed cells stay empty (行政运行 has no 项目支出).
    row = re.search(
        r"<tr[^>]*><td[^>]*>2080101</td>.*?</tr>", text.split("三、部门预算支出总表")[1]
    )
    assert row is not None and row.group(0).endswith('<td class="ob-num"></td></tr>')
    # Chinese column headings from schema.yaml.
    for heading in ("科目编码", "科目名称", "基本支出", "项目支出", "人员经费", "公用经费"):
        assert f">{heading}</th>" in text
    # Headline figures.
    for figure in ("3,502.60", "907.80", "2,594.80"):
        assert f'<div class="ob-figure__value">{figure}</div>' in text


def test_empty_and_missing_tables_are_told_apart(docs: Path) -> None:
    julu = page(docs, JULU)
    section = julu.split("### 七、政府性基金预算财政拨款支出表")[1].split("###")[0]
    assert "空表列示" in section
    haigang = page(docs, HAIGANG)
    section = haigang.split("### 四、部门预算财政拨款收支总表")[1].split("###")[0]
    assert "本文件没有这张表" in section


def test_document_without_standard_tables_says_so(docs: Path) -> None:
    text = page(docs, PINGXIANG)
    assert "没有九张标准部门预算公开表" in text
    assert "vega-chart" not in text
    assert "## 预算表" not in text


def test_findings_are_listed_beside_their_tables(docs: Path) -> None:
    text = page(docs, JULU)
    basic = text.split("### 六、一般公共预算财政拨款基本支出表")[1].split("###")[0]
    assert '!!! failure "审核发现（1 条）"' in basic
    assert "应为 65.70，实际 65.80" in basic
    assert basic.index("审核发现") < basic.index("<table>")
    three_public = text.split("### 九、财政拨款“三公”经费支出表")[1].split("##")[0]
    assert '!!! warning "审核发现（1 条）"' in three_public
    # A finding about prose (not one of the nine tables) is listed in the audit section.
    audit = text.split("### 审核")[1].split("### 来源")[0]
    assert "其他审核发现" in audit and "机关运行经费" in audit


def test_repairs_are_in_a_collapsed_block(docs: Path) -> None:
    text = page(docs, JULU)
    block = text.split("## 提取修复记录")[1]
    assert block.lstrip().startswith('<details class="note" data-search-exclude>')
    assert "<summary>提取修复记录（2 条）</summary>" in block
    assert '<code class="ob-raw">146 9.00</code>' in block
    assert "（删去）" in block
    assert "提取修复记录" in page(docs, PINGXIANG)


def test_department_zip_is_linked(docs: Path) -> None:
    assert f"(../../data/departments/{JULU}.zip)" in page(docs, JULU)
    assert ".zip)" not in page(docs, HAIGANG)


def test_charts_have_chinese_titles_and_inline_data(docs: Path) -> None:
    specs = chart_specs(page(docs, JULU))
    titles = [spec["title"]["text"] for spec in specs]
    assert titles == ["支出功能分类", "基本支出与项目支出", "基本支出经济分类", "收入来源"]
    for spec in specs:
        assert "$schema" not in spec
        for layer in spec["layer"]:
            assert layer["data"]["values"], "data must be inline"
        bars = spec["layer"][0]["encoding"]
        assert bars["x"]["title"] == "金额（万元）"
        tooltip_formats = {item["title"]: item.get("format") for item in bars["tooltip"]}
        assert tooltip_formats["金额（万元）"] == ",.2f"
        assert "Noto Sans CJK SC" in spec["config"]["font"]
        assert "http" not in json.dumps(spec)
    by_title = dict(zip(titles, specs, strict=True))
    basic_project = by_title["基本支出与项目支出"]["layer"][0]["data"]["values"]
    assert [(item["name"], item["amount"]) for item in basic_project] == [
        ("基本支出", 907.8),
        ("项目支出", 2594.8),
    ]
    economic = by_title["基本支出经济分类"]["layer"][0]["data"]["values"]
    assert {item["part"] for item in economic} == {"人员经费", "公用经费"}
    # Colour-blind-safe palette (Okabe–Ito) for the coloured charts.
    colours = by_title["基本支出经济分类"]["layer"][0]["encoding"]["color"]["scale"]["range"]
    assert colours == ["#0072B2", "#E69F00"]


def test_chart_json_cannot_close_its_script(tmp_path: Path, package: Path) -> None:
    path = package / "expenditure.csv"
    text = path.read_text(encoding="utf-8").replace("社会保障和就业支出", "</script><b>x</b>", 1)
    path.write_text(text, encoding="utf-8")
    render_pages(package, tmp_path / "docs", node_modules=tmp_path / "none")
    body = page(tmp_path / "docs", JULU)
    for spec in re.findall(r'<script type="application/json">(.*?)</script>', body):
        json.loads(spec)
    assert "&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in body


def test_data_is_copied_and_linked(docs: Path, package: Path) -> None:
    copied = docs / "data"
    assert tree(copied) == tree(package)
    data_page = (docs / "generated" / "data.md").read_text(encoding="utf-8")
    assert "(../data/datapackage.json)" in data_page
    for name in ("documents", *STANDARD_TABLES, "checks", "repairs"):
        assert f"(../data/{name}.csv)" in data_page


def test_external_references_are_found(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "ok.html").write_text(
        '<script src="assets/vendor/vega.min.js"></script>'
        '<a href="https://example.org/">a link is fine</a>'
        '<script type="application/json">{"u": "https://example.org/x.js"}</script>',
        encoding="utf-8",
    )
    (site / "bad.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<img src="//cdn.example.com/a.png">',
        encoding="utf-8",
    )
    (site / "bad.css").write_text("@import 'https://cdn.example.com/x.css';", encoding="utf-8")
    assert external_references(site) == [
        ("bad.css", "https://cdn.example.com/x.css"),
        ("bad.html", "//cdn.example.com/a.png"),
        ("bad.html", "https://fonts.googleapis.com/css?family=Roboto"),
    ]


@pytest.mark.skipif(not (ROOT / "node_modules").is_dir(), reason="run `npm ci` first")
def test_chart_libraries_are_copied_from_node_modules(tmp_path: Path, package: Path) -> None:
    docs_dir = tmp_path / "docs"
    render_pages(package, docs_dir, node_modules=ROOT / "node_modules")
    vendor = docs_dir / "assets" / "vendor"
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert (vendor / name).stat().st_size > 10_000


def test_mkdocs_config_loads_libraries_in_order_and_no_fonts() -> None:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False
    assert config["theme"]["language"] == "zh"
    assert config["extra_javascript"] == [
        "assets/vendor/vega.min.js",
        "assets/vendor/vega-lite.min.js",
        "assets/vendor/vega-embed.min.js",
        "javascripts/charts.js",
    ]
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    assert "\\u200b" in search["separator"]
    assert (ROOT / search["jieba_dict_user"]).is_file()
