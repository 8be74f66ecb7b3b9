"""Unit tests of the site renderer against a small sample package (no parser, no browser)."""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from sample_package import (
    HAIGANG,
    JULU,
    JULU_2024,
    PINGXIANG,
    build_sample_site,
    write_parts,
    write_sample_package,
)

from openbudget.site import external_references, render_pages
from openbudget.site.amounts import format_amount
from openbudget.site.data import DISCLOSURE_TABLES, STANDARD_TABLES, Document, SitePackage
from openbudget.site.disclosure import is_subheading, procurement_state
from openbudget.site.findings import findings_blocks
from openbudget.site.layout import render
from openbudget.site.pages import (
    _printed_notes,
    _source_facts,
    department_page,
    details_page_body,
)
from openbudget.site.projects import numbered_items
from openbudget.site.urls import department_link, project_link

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def package(tmp_path: Path) -> Path:
    return write_sample_package(tmp_path / "datapackage")


@pytest.fixture()
def docs(tmp_path: Path, package: Path) -> Path:
    docs_dir = tmp_path / "docs"
    render_pages(package, docs_dir, node_modules=tmp_path / "no-node-modules")
    return docs_dir


def whole_page(docs: Path, document_id: str) -> str:
    """What the document's old single page held: its 概览 (``departments/2025-130529-323.md``)
    and its 预算表和说明 (``tables/doc-2025-130529-323.md``), one after the other."""
    generated = docs / "generated"
    overview = generated / "departments" / f"{document_id}.md"
    details = generated / "tables" / f"doc-{document_id}.md"
    return overview.read_text(encoding="utf-8") + "\n" + details.read_text(encoding="utf-8")


def projects_text(docs: Path, document_id: str) -> str:
    """The document's projects page, with the anchors a project has on its own
    (``id="project-1"``)."""
    path = docs / "generated" / "projects" / f"doc-{document_id}.md"
    return path.read_text(encoding="utf-8").replace(f"y{document_id[:4]}-", "")


def page(docs: Path, document_id: str) -> str:
    """The document's pages (:func:`whole_page`) with the anchors their parts have on their
    own (``id="project-1"``, not ``id="y2025-project-1"``)."""
    year = document_id.split("-", 1)[0]
    return whole_page(docs, document_id).replace(f"y{year}-", "")


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
    assert pages == sorted(pages)
    names = [path.relative_to(tmp_path / "docs").as_posix() for path in pages]
    for name in (
        "generated/data.md",
        "generated/projects.md",
        "generated/compare.md",
        "generated/compare/renshe.md",
        "generated/compare/2024.md",
        "generated/_includes/departments.md",
    ):
        assert name in names
    # A page per document, its projects on their own page, and an overview of the years
    # for 巨鹿, the one department with two.
    departments = sorted(name for name in names if name.startswith("generated/departments/"))
    assert departments == [
        "generated/departments/130529-323.md",
        f"generated/departments/{PINGXIANG}.md",
        f"generated/departments/{HAIGANG}.md",
        f"generated/departments/{JULU_2024}.md",
        f"generated/departments/{JULU}.md",
    ]
    for document_id in (JULU, JULU_2024, HAIGANG, PINGXIANG):
        assert f"generated/projects/doc-{document_id}.md" in names


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
    from openbudget.site import downloads, memo, render  # the files' and pages' keys are kept

    kept = {downloads.KEYS_FILE, memo.KEYS_FILE, render.FACTS_FILE}  # and documents' facts
    leftovers = [p for p in docs.rglob("*") if p.name.startswith(".") and p.name not in kept]
    assert leftovers == []


def test_a_page_is_made_again_only_when_its_documents_change(
    tmp_path: Path, package: Path, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second render makes no document page; changing one document's figure makes that
    document's page again, with the new figure, and no other (not its other year's)."""
    from openbudget.site import render

    made: list[str] = []
    real = render.document_page
    monkeypatch.setattr(
        render,
        "document_page",
        lambda dept, doc, *rest: made.append(doc.document_id) or real(dept, doc, *rest),
    )
    render_pages(package, docs, node_modules=tmp_path / "none")
    assert made == []
    _change_julu_income(package)
    render_pages(package, docs, node_modules=tmp_path / "none")
    assert made == [JULU]
    assert "3,502.70" in whole_page(docs, JULU)


def _change_julu_income(package: Path) -> None:
    """巨鹿 2025's income total 3502.60 → 3502.70, in the CSV and in its part."""
    income = package / "income.csv"
    lines = income.read_text(encoding="utf-8").splitlines(keepends=True)
    (total,) = [i for i, line in enumerate(lines) if line.startswith(f"{JULU},1,,合计,")]
    assert ",3502.60," in lines[total]
    lines[total] = lines[total].replace(",3502.60,", ",3502.70,", 1)
    income.write_text("".join(lines), encoding="utf-8")
    write_parts(package)


def test_past_the_limit_a_rebuild_reads_only_the_changed_documents(
    tmp_path: Path, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a large corpus (HOME_LIMIT lowered), the pages of the whole corpus use what was
    kept of each document: a render with nothing changed reads no document's rows, and one
    after a change reads only the rows of the pages and files the change touches."""
    from openbudget.site import data, downloads

    monkeypatch.setattr("openbudget.site.data.HOME_LIMIT", 1)
    docs_dir = tmp_path / "docs"
    render_pages(package, docs_dir, node_modules=tmp_path / "none")
    read: list[str] = []
    real_read = data.read_part
    for module in (data, downloads):
        monkeypatch.setattr(
            module, "read_part", lambda path: read.append(path.stem) or real_read(path)
        )
    render_pages(package, docs_dir, node_modules=tmp_path / "none")
    assert read == []
    _change_julu_income(package)
    render_pages(package, docs_dir, node_modules=tmp_path / "none")
    # 巨鹿 2024 too: its region's workbook holds both years, and 2025's page compares them.
    assert set(read) == {JULU, JULU_2024}
    assert "3,502.70" in whole_page(docs_dir, JULU)


def test_stale_pages_are_removed(tmp_path: Path, package: Path, docs: Path) -> None:
    stale = docs / "generated" / "departments" / "1999-000000-000.md"
    stale.write_text("# old\n", encoding="utf-8")
    render_pages(package, docs, node_modules=tmp_path / "none")
    assert not stale.exists()


def test_listing_links_every_document_with_headline_totals(docs: Path) -> None:
    listing = (docs / "generated" / "_includes" / "departments.md").read_text(encoding="utf-8")
    table = listing.split("### 按部门 {#by-department}")[1]
    for document_id in (JULU, JULU_2024, HAIGANG, PINGXIANG):
        assert f"(generated/departments/{document_id}.md)" in table
    julu = next(line for line in table.splitlines() if f"{JULU}.md" in line)
    # 收入总计, 支出总计, 基本支出, 项目支出 of the 2025 巨鹿 disclosure.
    assert re.search(r"3,502\.60 \| 3,502\.60 \| 907\.80 \| 2,594\.80", julu)
    assert "邢台市 巨鹿县" in julu and "2025" in julu
    # Newest year first.
    order = [table.index(f"{doc}.md)") for doc in (JULU, HAIGANG, PINGXIANG)]
    assert order == sorted(order)


def test_home_page_says_what_the_site_holds_and_the_ways_in(docs: Path) -> None:
    listing = (docs / "generated" / "_includes" / "departments.md").read_text(encoding="utf-8")
    intro = listing.split("\n\n", 1)[0]
    assert "4 份公开文件" in intro and "3 个部门" in intro and "3 个县（市、区）" in intro
    assert "2020–2025 年" in intro
    # 支出总计 of 巨鹿 2025 + 巨鹿 2024 + 海港 2024 (平乡 2020 states none).
    assert "11,474.23 万元" in intro
    cards = dict(
        re.findall(
            r'ob-figure__label">([^<]+)</div><div class="ob-figure__value">([^<]+)<', listing
        )
    )
    assert cards == {
        "部门": "3",
        "地区": "3",
        "年度": "3",
        "公开文件": "4",
        "支出总计合计": "11,474.23",
    }
    for heading in ("### 各部门的支出", "### 按地区", "### 按年度", "### 按部门", "### 搜索"):
        assert heading in listing
    # By region: each department once, with its years, linking to its page.
    regions = section(listing, "### 按地区 {#by-region}", "\n### ")
    assert (
        "- **[邢台市 巨鹿县](generated/regions/130529.md)**：[巨鹿县人力资源和社会保障局]"
        "(generated/departments/130529-323.md)（2025、2024）" in regions
    )
    # Each region has its own listing page, with links from its folder.
    region = (docs / "generated" / "regions" / "130529.md").read_text(encoding="utf-8")
    assert region.startswith('---\ntitle: "河北省 邢台市 巨鹿县"')
    assert "2 份公开文件" in region and f"(../departments/{JULU_2024}.md)" in region
    assert 'action="../../search.html"' in region
    assert regions.index("巨鹿县") < regions.index("平乡县")
    # By year: newest first, each document linking to its page.
    years = section(listing, "### 按年度 {#by-year}", "\n### ")
    lines = years.strip().splitlines()
    assert [line.split("**")[1] for line in lines] == ["2025 年", "2024 年", "2020 年"]
    assert "（2 份）" in lines[1] and f"(generated/departments/{JULU_2024}.md)" in lines[1]
    # The chart compares every document's basic and project spending, with its table.
    specs = chart_specs(listing)
    assert [spec["title"]["text"] for spec in specs] == ["各部门基本支出与项目支出"]
    values = specs[0]["layer"][0]["data"]["values"]
    assert {item["name"] for item in values} >= {"巨鹿县人社局 2025", "巨鹿县人社局 2024"}
    assert "ob-chart-data" in listing
    search = section(listing, "### 搜索 {#search}", "\n### ")
    assert '<form class="ob-search-form" action="search.html" role="search">' in search


def test_department_page_shows_table_values(docs: Path) -> None:
    whole = whole_page(docs, JULU)
    assert whole.startswith('---\ntitle: "巨鹿县人力资源和社会保障局"')
    assert "\n# 巨鹿县人力资源和社会保障局\n" in whole
    # Under the title: where it is, its year and the tabs of its pages.
    assert '<span aria-current="page">巨鹿县人力资源和社会保障局</span></nav>' in whole
    assert '<a href="../regions/130529.html">巨鹿县</a>' in whole
    tabs = re.findall(r'<nav class="ob-tabs" aria-label="本文件的内容"[^>]*>(.*?)</nav>', whole)
    assert tabs[0] == (
        f'<a href="../departments/{JULU}.html" aria-current="page">概览</a>'
        f'<a href="../tables/doc-{JULU}.html">预算表和说明</a>'
        f'<a href="../projects/doc-{JULU}.html">项目</a>'
        f'<a href="../quality/doc-{JULU}.html">数据质量</a>'
    )
    assert 'href="../tables/doc-2025-130529-323.html" aria-current="page">预算表和说明' in tabs[1]
    text = page(docs, JULU)
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


def section(text: str, start: str, end: str = "\n## ") -> str:
    """The part of a page from heading ``start`` to the next heading of ``end``."""
    return text.split(start, 1)[1].split(end, 1)[0]


def test_findings_are_listed_beside_their_tables(docs: Path) -> None:
    text = page(docs, JULU)
    basic = text.split("### 六、一般公共预算财政拨款基本支出表")[1].split("###")[0]
    assert '!!! failure "审核发现（1 条）"' in basic
    assert "应为 65.70，实际 65.80" in basic
    assert basic.index("审核发现") < basic.index("<table>")
    # Checks of the prose sit beside the prose's figures; the table they name points there.
    three_public = text.split("### 九、财政拨款“三公”经费支出表")[1].split("##")[0]
    assert "!!!" not in three_public
    assert 'href="#prose-figures"' in three_public
    prose = section(text, "## 情况说明中的数字 {#prose-figures}")
    assert '!!! warning "审核提示（2 条）"' in prose
    assert "机关运行经费" in prose and "“三公”经费为 0" in prose
    # Findings about projects, procurement and assets are beside those sections.
    projects = section(projects_text(docs, JULU), "## 项目绩效目标 {#projects}")
    assert '!!! failure "审核发现（1 条）"' in projects
    assert '!!! warning "审核提示（1 条）"' in projects
    assert "项目 3 冀财社" in projects and "项目合计</span>，全部项目）" in projects
    assert '!!! warning "审核提示（1 条）"' in section(text, "## 固定资产 {#assets}")
    audit = section(text, "### 审核", "\n### ")
    assert "其他审核" not in audit
    haigang = page(docs, HAIGANG)
    assert '!!! failure "审核发现（1 条）"' in section(haigang, "## 政府采购预算 {#procurement}")
    assert 'href="#prose-figures"' in haigang.split("### 三、部门预算支出总表")[1].split("###")[0]


def test_rounding_differences_are_set_apart_quietly() -> None:
    rows = [
        {"severity": "error", "check": "summary_sum", "expected": "10.00", "actual": "12.00"},
        {"severity": "rounding", "check": "hierarchy_sum", "expected": "5443.11"}
        | {"actual": "5443.10"},
        {"severity": "warning", "check": "prose_unit", "message": "单位不明"},
    ]
    text = findings_blocks(rows)
    assert '!!! failure "审核发现（1 条）"' in text and '!!! warning "审核提示（1 条）"' in text
    rounding = text.split('!!! quote "尾差（1 条）"')[1]
    assert "**尾差**（<span" in rounding and "应为 5,443.11，实际 5,443.10" in rounding
    assert "尾差" not in text.split("!!! quote")[0]


def test_warnings_and_errors_are_styled_apart(docs: Path) -> None:
    text = page(docs, JULU)
    # Errors in red failure admonitions, warnings in orange warning admonitions, never mixed.
    for block in re.findall(r'!!! (\w+) "[^"]*"\n\n((?:    .*\n)+)', text):
        kind, items = block
        words = set(re.findall(r"\*\*(不符|提示)\*\*", items))
        assert words == ({"不符"} if kind == "failure" else {"提示"}), (kind, items)


def test_prose_figures_are_shown_before_the_tables(docs: Path) -> None:
    text = page(docs, JULU)
    # First on the 预算表和说明 page, before the tables they are checked against.
    assert text.index("## 情况说明中的数字") < text.index("## 预算表 {#tables}")
    assert text.index("## 概览") < text.index("## 情况说明中的数字")
    table = section(text, "## 情况说明中的数字 {#prose-figures}", '<p class="ob-note">')
    # Grouped in small tables: 收支, 运行经费和“三公”, 固定资产.
    assert re.findall(
        r'<th class="ob-text">([^<]+)</th><th class="ob-num">说明中的数字', table
    ) == [
        "收支",
        "机关运行经费和“三公”经费",
        "固定资产",
    ]
    for label, amount in (
        ("收入预算", "3,502.60"),
        ("人员经费", "840.10"),
        ("比上年增减", "-390.80"),
    ):
        assert f'<td class="ob-text">{label}</td><td class="ob-num">{amount}</td>' in table
    # Printed as stated, even with one decimal.
    assert '<td class="ob-num">67.7</td>' in table
    # Where the audit disagrees, the table's figure is shown beside the prose's.
    haigang = section(
        page(docs, HAIGANG), "## 情况说明中的数字 {#prose-figures}", '<p class="ob-note">'
    )
    assert '<span class="ob-flag ob-flag--error">不符，表中为 2,132.39</span>' in haigang
    # A finding naming the figure by its field marks that figure (a warning, in orange).
    pingxiang = section(page(docs, PINGXIANG), "## 情况说明中的数字 {#prose-figures}", "\n### ")
    assert (
        '<td class="ob-num">67.68</td><td class="ob-text">'
        '<span class="ob-flag ob-flag--warning">提示</span>' in pingxiang
    )
    assert '!!! warning "审核提示（1 条）"' in pingxiang and "文字中的金额单位" in pingxiang
    # The column the reference names is shown by its title.
    assert '<span title="prose_operating_costs">说明·机关运行经费</span>' in pingxiang


def test_audit_summary_tells_errors_from_warnings(docs: Path) -> None:
    julu = page(docs, JULU)
    assert "对本文件运行了 24 项算术核对，2 项不符，4 项提示。" in julu
    listing = (docs / "generated" / "_includes" / "departments.md").read_text(encoding="utf-8")
    rows = {
        doc: next(
            line
            for line in listing.splitlines()
            if f"{doc}.md)" in line and line.startswith("| 20")
        )
        for doc in (JULU, PINGXIANG)
    }
    assert rows[JULU].endswith("| 2 项不符，4 项提示 |")
    assert rows[PINGXIANG].endswith("| 1 项提示 |")


def test_project_block_has_its_facts_and_indicators(docs: Path) -> None:
    projects = projects_text(docs, JULU)
    blocks = re.findall(r'<details class="note ob-project">.*?</details>', projects, re.S)
    assert len(blocks) == 3
    first = blocks[0]
    assert "<summary>1. 冀财社2024年136号提前下达2025年中央就业补助资金" in first
    assert '<span class="ob-summary-figure">496.00 万元</span>' in first
    assert 'id="project-1"' in first
    for cell in (
        "<code>13052925P00004710003D</code>",
        "<td>496.00 万元</td>",
        "支付每人每月 2000 元见习补贴",
    ):
        assert cell in first
    # Spending schedule: printed figures, the empty 12月底 stays empty.
    schedule = first.split('class="ob-table ob-schedule"')[1].split("</table>")[0]
    assert ">3月底</th>" in schedule and ">12月底</th>" in schedule
    assert '<td class="ob-num">146.00</td><td class="ob-num"></td>' in schedule
    # The goal's numbered items become paragraphs.
    assert "<p>2.按每人每月 2000 元发放见习补贴标准，减轻就业见习人员生活负担。</p>" in first
    # Indicators: every row, printed headings, merged 一级指标 cells.
    indicators = first.split('class="ob-table ob-indicators"')[1].split("</table>")[0]
    for heading in ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"):
        assert f">{heading}</th>" in indicators
    assert indicators.count("<tr>") == 8  # header + 7 indicators
    assert 'data-label="一级指标" rowspan="4" data-search-ignore>产出指标</td>' in indicators
    assert ">≥200 人</td>" in indicators and ">失业人员再就业人数比去年增加 20%</td>" in indicators
    assert ">优</th>" not in indicators
    # The project a finding names is marked in its summary.
    assert '<span class="ob-badge">1 条审核发现</span>' in blocks[2]
    assert "ob-badge" not in blocks[0]
    # The indicators' names and descriptions stay searchable; template words, targets and the
    # basis repeated on every row are left out of the index, like the schedule's figures.
    assert '<td class="ob-text" data-label="三级指标">就业见习人数</td>' in first
    assert '<td class="ob-text" data-label="绩效指标描述">全县见习岗位人数</td>' in first
    assert 'data-label="指标值确定依据" data-search-ignore>' in first
    assert "<summary>" in first and '<details class="note ob-project">' in first


def test_2020_template_shows_grades_instead_of_targets(docs: Path) -> None:
    block = projects_text(docs, PINGXIANG)
    assert 'id="project-1"' in block
    for heading in ("优", "良", "中", "差", "三级指标", "指标值确定依据"):
        assert f">{heading}</th>" in block
    for missing in ("指标值", "二级指标"):
        assert f">{missing}</th>" not in block
    assert ">≥90%</td>" in block and ">＜20件</td>" in block
    # No budget lines in this template: said once, not as a table of dashes in every block.
    assert "没有列出项目编码和预算数" in block
    assert "ob-facts" not in block and "<td>—</td>" not in block
    assert 'class="ob-text ob-grade" data-label="优" data-search-ignore>≥90%</td>' in block


def test_project_link_gives_the_year_and_project(docs: Path, package: Path) -> None:
    site = SitePackage.load(package)
    by_id = {doc.document_id: doc for doc in site.documents}
    assert project_link(by_id[JULU], "3") == f"projects/doc-{JULU}.md#y2025-project-3"
    assert project_link(by_id[JULU_2024], "1", "../") == (
        f"../projects/doc-{JULU_2024}.md#y2024-project-1"
    )
    assert department_link(by_id[PINGXIANG]) == f"departments/{PINGXIANG}.md"
    body = whole_page(docs, JULU)
    assert 'id="y2025-section-9"' in body
    # The 概览 counts the projects and links the projects page.
    assert f"[项目](../projects/doc-{JULU}.md)" in body
    own = (docs / "generated" / "projects" / f"doc-{JULU}.md").read_text(encoding="utf-8")
    assert 'id="y2025-project-3"' in own
    # Links inside a year's part point to that year's anchors.
    assert 'href="#y2025-prose-figures"' in body and 'href="#prose-figures"' not in body


def test_projects_page_in_nav(docs: Path) -> None:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {"项目": "generated/projects.md"} in config["nav"]


def test_procurement_none_empty_and_grouped(docs: Path) -> None:
    julu = section(page(docs, JULU), "## 政府采购预算 {#procurement}")
    assert "本部门没有政府采购预算" in julu and "空表列示" in julu and "<table>" not in julu
    pingxiang = section(page(docs, PINGXIANG), "## 政府采购预算 {#procurement}")
    assert "本部门没有政府采购预算" in pingxiang and "<table>" not in pingxiang
    haigang = section(page(docs, HAIGANG), "## 政府采购预算 {#procurement}")
    groups = re.findall(r'<tr class="ob-group-row"><th colspan="9"[^>]*>([^<]*)</th>', haigang)
    assert groups == [
        "秦皇岛市海港区人力资源和社会保障局本级（2 项）",
        "秦皇岛市海港区就业服务中心（1 项）",
    ]
    assert '<td class="ob-text">台式计算机</td>' in haigang
    assert '<td class="ob-num">19.90</td>' in haigang
    assert "未列出：基金预算拨款" in haigang


@pytest.mark.parametrize(
    ("meta", "rows", "state"),
    [
        ({}, [{"row_no": "1", "item": "台式计算机"}], "rows"),
        ({"procurement_empty": "True"}, [], "none"),
        ({"procurement_empty": "true", "tables_empty": "procurement"}, [], "empty"),
        ({"procurement_empty": "False"}, [], "lost"),
        ({"procurement_empty": ""}, [], "unknown"),
    ],
)
def test_procurement_state(meta: dict, rows: list, state: str) -> None:
    doc = Document(meta={"document_id": "x", **meta}, tables={"procurement": rows})
    assert procurement_state(doc) == state
    text = details_page_body(doc)
    said = section(text, "## 政府采购预算 {#procurement}")
    assert ("没有政府采购预算" in said) == (state in ("none", "empty", "unknown"))
    assert ("没有提取到采购品目" in said) == (state == "lost")


def test_spending_plan_in_percent(docs: Path) -> None:
    block = projects_text(docs, HAIGANG)
    schedule = block.split("ob-schedule")[1].split("</table>")[0]
    assert '<td class="ob-num">25%</td>' in schedule and '<td class="ob-num">100%</td>' in schedule
    assert "资金支出计划（%）" in block
    assert ">9月底" not in schedule


def test_units_assets_and_prose_sections(docs: Path) -> None:
    text = page(docs, JULU)
    units = section(text, "## 机构设置 {#org-units}")
    assert '<td class="ob-text">巨鹿县社会保险事业服务中心</td>' in units
    assert '<td class="ob-text">财政性资金基本保证</td>' in units
    assets = section(text, "## 固定资产 {#assets}")
    assert "截止时间：2024-12-31" in assets
    assert '<tr class="ob-strong"><td class="ob-text">资产总额</td>' in assets
    assert '<tr class="ob-sub"><td class="ob-text">其中：办公用房（平方米）</td>' in assets
    prose = section(text, "## 情况说明 {#sections}")
    blocks = re.findall(r'<details class="note ob-section">.*?</details>', prose, re.S)
    assert len(blocks) == 3
    # Numbered when the heading is not; printed numbering kept when it is.
    assert "<summary>一、部门职责及机构设置情况</summary>" in blocks[0]
    assert "<summary>三、机关运行经费安排情况</summary>" in blocks[1]
    assert 'id="section-9"' in blocks[2]
    assert blocks[2].count("<p>") == 2  # paragraph breaks kept, blank lines dropped
    assert "data-search-ignore" not in prose
    for document_id in (HAIGANG, PINGXIANG):
        other = page(docs, document_id)
        assert "没有本文件的文字说明" in section(other, "## 情况说明 {#sections}")
        assert "本文件没有机构设置表" in section(other, "## 机构设置 {#org-units}")


def test_disclosure_sections_follow_the_nine_tables(docs: Path) -> None:
    text = page(docs, JULU)
    order = [
        "## 预算表",
        "## 机构设置 {#org-units}",
        "## 政府采购预算 {#procurement}",
        "## 固定资产 {#assets}",
        "## 情况说明 {#sections}",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    # A document without the nine tables still shows its projects, on its projects page.
    assert "## 项目绩效目标 {#projects}" in projects_text(docs, PINGXIANG)


@pytest.mark.skipif(not (ROOT / "node_modules").is_dir(), reason="run `npm ci` first")
def test_sample_site_builds_strict(tmp_path: Path) -> None:
    """mkdocs --strict fails on a link to a missing page or anchor, so every link the pages
    write (years, projects, comparisons) must land."""
    site = build_sample_site(tmp_path / "project", ROOT)
    generated = site / "generated"
    department = (generated / "departments" / f"{JULU}.html").read_text(encoding="utf-8")
    details = (generated / "tables" / f"doc-{JULU}.html").read_text(encoding="utf-8")
    assert 'id="y2025-overview"' in department
    for anchor in ("y2025-tables", "y2025-section-1", "y2025-prose-figures"):
        assert f'id="{anchor}"' in details, anchor
    projects = (generated / "projects" / f"doc-{JULU}.html").read_text(encoding="utf-8")
    for anchor in ("y2025-project-1", "y2025-project-2", "y2025-project-3"):
        assert f'id="{anchor}"' in projects, anchor
    assert 'href="../departments/2025-130529-323.html"' in projects  # the 概览 tab
    # Year links, chart tables and the comparison pages made it through Markdown intact.
    assert 'class="ob-year-switch"' in department and "<p><div" not in department
    assert department.count('<details class="note ob-chart-data">') >= 4
    overview = (generated / "departments" / "130529-323.html").read_text(encoding="utf-8")
    assert overview.count('<details class="note ob-chart-data">') == 4
    compare = (site / "generated" / "compare.html").read_text(encoding="utf-8")
    assert 'href="compare/renshe.html"' in compare
    assert compare.count('class="ob-table ob-sortable"') == 4
    assert "javascripts/sortable.js" in compare
    renshe = (site / "generated" / "compare" / "renshe.html").read_text(encoding="utf-8")
    assert f'href="../departments/{JULU}.html"' in renshe
    # The search index: our own shards and a fragment per page; no MkDocs index for every
    # visitor.
    assert not (site / "search" / "search_index.json").exists()
    index = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    assert index["pages"] >= 10 and len(list((site / "search" / "t").iterdir())) == index["shards"]
    assert external_references(site) == []


def test_the_department_page_counts_its_repairs_and_links_each_one(docs: Path) -> None:
    # 巨鹿's text extract has two damaged places (a figure split as "146 9.00", a stray line).
    # The 概览's audit line points to the 数据质量 tab, which has every repair.
    audit = section(page(docs, JULU), "### 审核", "\n## ")
    assert f"[数据质量](../quality/doc-{JULU}.md)" in audit
    assert "146 9.00" not in whole_page(docs, JULU)
    own = (docs / "generated" / "quality" / f"doc-{JULU}.md").read_text(encoding="utf-8")
    assert "共 2 处" in own
    assert '<code class="ob-raw">146 9.00</code>' in own
    assert "（删去）" in own
    pingxiang = (docs / "generated" / "quality" / f"doc-{PINGXIANG}.md").read_text("utf-8")
    assert "## 提取修复 {#repairs}" in pingxiang


def test_department_zip_is_linked(docs: Path) -> None:
    for document_id in (JULU, HAIGANG):
        assert f"(../../data/departments/{document_id}.zip)" in page(docs, document_id)


def test_a_document_without_its_part_is_refused(tmp_path: Path) -> None:
    """The pages read each document's rows from its part: a package missing one is named."""
    package = write_sample_package(tmp_path / "datapackage")
    (package / "departments" / f"{HAIGANG}.zip").unlink()
    with pytest.raises(FileNotFoundError, match=f"{HAIGANG}.*{HAIGANG}.zip"):
        render_pages(package, tmp_path / "docs")


def test_every_chart_is_valid_vega_lite(docs: Path) -> None:
    """Charts are built without Altair's validation of each spec (a quarter of rendering
    time at scale); they are validated here, once, against Vega-Lite's schema."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.schema import load_schema

    schema = load_schema()
    specs = [
        spec
        for markdown in sorted((docs / "generated").rglob("*.md"))
        for spec in chart_specs(markdown.read_text(encoding="utf-8"))
    ]
    assert len(specs) > 10
    for spec in specs:
        validate_jsonschema(spec, schema)


def test_charts_made_from_a_template_are_the_charts_altair_makes(
    tmp_path: Path, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Altair builds each shape of chart once; every chart of the sample site, filled into
    its shape's template, is the spec Altair builds for it, key for key."""
    from openbudget.site import charts

    made = []
    real = charts._bars

    def both(*args, **kwargs):
        spec = real(*args, **kwargs)
        assert spec == real(*args, **kwargs, altair=True)
        made.append(spec)
        return spec

    monkeypatch.setattr(charts, "_bars", both)
    render_pages(package, tmp_path / "docs", node_modules=tmp_path / "none")
    assert len(made) > 10
    grouped = [spec for spec in made if "yOffset" in spec["layer"][0]["encoding"]]
    assert grouped and any(spec["layer"][0]["encoding"]["color"].get("legend") for spec in made)


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
    write_parts(package)
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
    for name in ("documents", *STANDARD_TABLES, *DISCLOSURE_TABLES, "checks", "repairs"):
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
    # charts.js loads the Vega libraries only on pages with a chart.
    assert config["extra_javascript"][:2] == ["javascripts/charts.js", "javascripts/sortable.js"]
    charts = (ROOT / "docs" / "javascripts" / "charts.js").read_text(encoding="utf-8")
    assert 'VEGA_LITE = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"]' in charts
    # No MkDocs search plugin (one index for every visitor): Pagefind indexes the site.
    assert config["plugins"] == []


@pytest.mark.parametrize(
    ("line", "items"),
    [
        (
            "1.预计安排见习人员200人以上2.按每人每月2000元发放。3.每两个月发放",
            ["1.预计安排见习人员200人以上", "2.按每人每月2000元发放。", "3.每两个月发放"],
        ),
        ("1、保障经费2.5万元，2、按时发放", ["1、保障经费2.5万元，", "2、按时发放"]),
        ("严格按照要求2.按时发放", ["严格按照要求2.按时发放"]),  # not a numbered list
        ("1.共12.按13.5", ["1.共12.按13.5"]),  # 12. is not item 2
    ],
)
def test_goal_items_are_split_in_sequence(line: str, items: list[str]) -> None:
    assert numbered_items(line) == items


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("1、收入说明", True),
        ("（一）总体绩效目标", True),
        ("部门职责：", True),
        ("2025年预算收入 3502.60 万元，其中：一般公共预算收入 3502.60 万元。", False),
        ("（一）贯彻执行国家人力资源和社会保障方针政策和法律法规。", False),
    ],
)
def test_prose_subheadings(line: str, heading: bool) -> None:
    assert is_subheading(line) is heading


def test_page_references_point_to_the_original():
    from openbudget.site.amounts import page_ref

    assert page_ref([{"page": "3"}, {"page": "3"}]) == "原文第 3 页。"
    assert page_ref([{"page": "12"}, {"page": "3"}, {"page": ""}]) == "原文第 3–12 页。"
    assert page_ref([{"page": ""}]) == ""


# --------------------------------------------------------------------------- departments over years


def test_department_with_two_years_has_an_overview_and_a_page_a_year(docs: Path) -> None:
    departments = docs / "generated" / "departments"
    text = (departments / "130529-323.md").read_text(encoding="utf-8")
    # The overview: the years side by side, each linking to its own page, newest first.
    switch = re.findall(r'<p class="ob-year-switch"[^>]*>(.*?)</p>', text)
    assert switch == [
        f'年度：<a href="../departments/{JULU}.html">2025 年</a> · '
        f'<a href="../departments/{JULU_2024}.html">2024 年</a> · <strong>历年变化</strong>'
    ]
    # Each year's page: the switch, then the year in full with anchors of its own.
    for document_id in (JULU, JULU_2024):
        year = document_id[:4]
        own = whole_page(docs, document_id)
        for anchor in ("overview", "tables", "procurement", "assets", "sections"):
            assert f"{{#y{year}-{anchor}}}" in own
        assert own.count("### 三、部门预算支出总表") == 1
        assert '<a href="../departments/130529-323.html">历年变化</a>' in own
    # Each tab's year switch links the same tab of the other year.
    details = (docs / "generated" / "tables" / f"doc-{JULU}.md").read_text(encoding="utf-8")
    assert (
        '年度：<strong>2025 年</strong> · <a href="../tables/doc-2024-130529-323.html">2024 年</a>'
        in details
    )
    # Years side by side: change computed from the previous year's document.
    years = section(text, "## 历年变化 {#years}")
    rows = re.findall(r'<tr><td class="ob-text"><a href="(\d+)-[^"]*">.*?</tr>', years)
    assert rows == ["2025", "2024"]
    assert (
        '<td class="ob-num">3,893.40</td>' in years and '<td class="ob-num">-390.80</td>' in years
    )
    # Year-on-year charts, oldest year first, each with its data table.
    specs = chart_specs(years)
    assert [spec["title"]["text"] for spec in specs] == [
        "历年基本支出与项目支出",
        "历年支出功能分类",
        "历年人员经费与公用经费",
        "历年“三公”经费与机关运行经费",
    ]
    assert specs[0]["layer"][0]["encoding"]["y"]["sort"] == ["2024 年", "2025 年"]
    assert years.count('<details class="note ob-chart-data">') == 4
    # A department with one year has no switcher and no 历年变化.
    haigang = whole_page(docs, HAIGANG)
    assert "ob-year-switch" not in haigang and "历年变化" not in haigang
    assert "## 概览 {#y2024-overview}" in haigang


def test_the_overview_says_what_changed_first(docs: Path) -> None:
    # 巨鹿 2025 and 2024 (the sample's extracts): 支出总计 3,502.60 and 3,893.40 万元, so
    # 390.80 less; the 2025 支出总表's 合计 row: 基本支出 907.80, 项目支出 2,594.80.
    overview = re.sub(
        r"<a [^>]+>(.*?)</a>", r"\1", section(page(docs, JULU), "## 概览 {#overview}")
    )
    assert overview.lstrip().startswith(
        '<p class="ob-lead">2025 年支出预算 3,502.60 万元，比上年减少 390.80 万元'
        "（与 2024 年文件的支出总计相比，-10.0%）；其中基本支出 907.80 万元，"
        "项目支出 2,594.80 万元。</p>"
    )
    # Neither the year before nor a change in the prose: the sentence says nothing of one.
    lead = re.search(r'<p class="ob-lead">(.*?)</p>', page(docs, HAIGANG))
    assert lead is not None and "比上年" not in lead[1]


def headline_cards(text: str) -> dict[str, tuple[str, str]]:
    """Each card's label (a term's link taken off), value and unit."""
    found = re.findall(
        r'ob-figure__label">([^<]+)</div><div class="ob-figure__value">([^<]+)</div>'
        r'<div class="ob-figure__unit">([^<]+)</div>',
        re.sub(r"<a [^>]+>(.*?)</a>", r"\1", section(text, "## 概览")),
    )
    return {label: (value, unit) for label, value, unit in found}


def test_headline_figures_come_first(docs: Path) -> None:
    cards = headline_cards(page(docs, JULU))
    assert list(cards) == [
        "收入总计",
        "支出总计",
        "比上年增减",
        "基本支出",
        "项目支出",
        "人员经费占比",
        "“三公”经费",
        "机关运行经费",
    ]
    # From the previous year's document, with the rate.
    assert cards["比上年增减"] == ("-390.80", "万元 · 与 2024 年文件的支出总计相比（-10.0%）")
    assert cards["人员经费占比"][0] == "92.5%"
    # “三公” printed empty (空表列示): the prose's figure, marked as such.
    assert cards["“三公”经费"] == ("0.00", "万元 · 据情况说明")
    assert cards["机关运行经费"] == ("67.7", "万元 · 据情况说明")
    # 2024 has no previous year in the package and its prose states no change.
    assert headline_cards(page(docs, JULU_2024))["比上年增减"][0] == "—"
    assert headline_cards(page(docs, JULU_2024))["“三公”经费"] == ("2.50", "万元")
    # Without the previous document, the prose's stated change is shown.
    meta = {"prose_expenditure_total": "2747.15", "prose_change": "181.36"}
    alone = Document(meta={"document_id": "2025-1-1", "year": "2025", **meta})
    cards = headline_cards(department_page(alone))
    assert cards["比上年增减"] == ("+181.36", "万元 · 据情况说明")


# --------------------------------------------------------------------------- comparisons


def test_comparison_of_peer_departments(docs: Path) -> None:
    text = (docs / "generated" / "compare" / "renshe.md").read_text(encoding="utf-8")
    assert "# 比较：各地人力资源和社会保障局" in text
    for heading in (
        "## 支出总量 {#totals}",
        "## 支出功能分类 {#functions}",
        "## 人员经费与公用经费 {#personnel}",
        "## “三公”经费与机关运行经费 {#running-costs}",
    ):
        assert heading in text
    # Every document of every 人社局, linking to its page.
    for link in (
        f"../departments/{JULU}.md",
        f"../departments/{JULU_2024}.md",
        f"../departments/{HAIGANG}.md",
        f"../departments/{PINGXIANG}.md",
    ):
        assert f'<a href="{link.replace(".md", ".html")}">' in text
    # Sortable tables with plain sort keys; prose figures marked.
    assert text.count('<div class="ob-table ob-sortable" data-search-ignore>') == 4
    totals = section(text, "## 支出总量 {#totals}")
    assert '<td class="ob-num" data-sort="3502.60">3,502.60</td>' in totals
    running = section(text, "## “三公”经费与机关运行经费 {#running-costs}")
    assert '<td class="ob-num" data-sort="67.68">67.68<span title="取自情况说明">*</span></td>' in (
        running
    )
    assert (
        ">公务接待费</th>" in running and '<td class="ob-num" data-sort="1.00">1.00</td>' in running
    )
    functions = section(text, "## 支出功能分类 {#functions}")
    assert ">社会保障和就业支出</th>" in functions and ">住房保障支出</th>" in functions
    # Charts label documents by region and year; 三公 and 机关运行经费 side by side.
    specs = {spec["title"]["text"]: spec for spec in chart_specs(text)}
    assert set(specs) == {
        "各地基本支出与项目支出",
        "各地支出功能分类",
        "各地人员经费与公用经费",
        "各地“三公”经费与机关运行经费",
    }
    names = {item["name"] for item in specs["各地基本支出与项目支出"]["layer"][0]["data"]["values"]}
    assert names == {"巨鹿县 2025", "巨鹿县 2024", "海港区 2024"}
    assert "yOffset" in specs["各地“三公”经费与机关运行经费"]["layer"][0]["encoding"]


def test_comparison_index_and_year_page(docs: Path) -> None:
    index = (docs / "generated" / "compare.md").read_text(encoding="utf-8")
    assert index.startswith('---\ntitle: "比较"\n')
    assert "[各地人力资源和社会保障局](compare/renshe.md)" in index
    assert "[2024 年各部门](compare/2024.md)" in index
    assert "### 支出总量 {#totals}" in index
    assert index.count('<a href="departments/') == 4 * 4  # four tables, four documents
    year = (docs / "generated" / "compare" / "2024.md").read_text(encoding="utf-8")
    assert "# 比较：2024 年各部门" in year
    assert f"{JULU_2024}.html" in year and f"{HAIGANG}.html" in year
    assert JULU not in year


def test_every_chart_has_its_figures_as_a_table(docs: Path) -> None:
    pages = [
        whole_page(docs, JULU),
        (docs / "generated" / "departments" / "130529-323.md").read_text(encoding="utf-8"),
        (docs / "generated" / "compare.md").read_text(encoding="utf-8"),
        (docs / "generated" / "_includes" / "departments.md").read_text(encoding="utf-8"),
    ]
    for text in pages:
        charts = re.findall(r'<div class="vega-chart".*?\n</div>', text, re.S)
        assert charts
        for chart in charts:
            assert '<script type="application/json">' in chart
            assert '<details class="note ob-chart-data">' in chart, chart[:200]
    # The table reads like the chart: categories as rows, parts as columns, printed figures.
    julu = page(docs, JULU)
    block = julu.split('aria-label="基本支出经济分类"')[1].split("</details>")[0]
    assert "<summary>基本支出经济分类：数据表</summary>" in block
    assert (
        '<tr><td class="ob-text">工资福利支出</td><td class="ob-num">794.30</td>'
        '<td class="ob-num"></td><td class="ob-num">794.30</td></tr>' in block
    )
    block = julu.split('aria-label="支出功能分类')[1].split("</details>")[0]
    assert ">占比</th>" in block and '<td class="ob-num">100.0%</td>' in block
    # Prose figures keep their printed digits in the table (67.7, not 67.70).
    text = (docs / "generated" / "departments" / "130529-323.md").read_text(encoding="utf-8")
    block = text.split('aria-label="历年“三公”经费与机关运行经费"')[1].split("</details>")[0]
    assert '<td class="ob-num">67.7</td>' in block


def test_what_a_table_printed_beyond_the_page_is_said_beside_it() -> None:
    """A table printed in 元 (上海), with no unit, or with columns the package does not
    publish; a document in two files and the notes on it, in its sources list."""
    printed = {
        "table": "expenditure",
        "unit": "元",
        "unit_stated": "True",
        "not_published": "列：单位预留机动经费\n列：2025年预算数（其他年度）",
    }
    notes = _printed_notes(printed)
    assert notes == [
        "原表金额单位为元，已按小数点移位精确换算为万元。",
        "原表另有未收录的内容：列：单位预留机动经费；列：2025年预算数（其他年度）。",
    ]
    assert _printed_notes({"unit": "万元", "unit_stated": "False"}) == [
        "原表未印金额单位，按万元读取。"
    ]
    assert _printed_notes(None) == []
    doc = Document(
        {
            "document_id": "2019-320000-swbgt",
            "other_part": "2019-jiangsu-shengweibangongting-text.pdf",
            "notes": "部门预算项目支出及其他支出预算表：未发布“财政专户拨款”列",
        }
    )
    listed = render(
        "source.md", source=_source_facts(doc, None), files=None, downloads="", extracted_from=""
    )
    assert (
        '另一部分文件：<code class="ob-raw">2019-jiangsu-shengweibangongting-text.pdf</code>'
        in listed
    )
    assert "说明：部门预算项目支出及其他支出预算表：未发布“财政专户拨款”列" in listed


@pytest.mark.parametrize(
    ("name", "region", "city", "kind"),
    [
        ("巨鹿县人力资源和社会保障局", "巨鹿县", "邢台市", "人力资源和社会保障局"),
        ("秦皇岛市海港区人力资源和社会保障局", "海港区", "秦皇岛市", "人力资源和社会保障局"),
        ("中共巨鹿县委组织部", "巨鹿县", "邢台市", "党委组织部"),
        (
            "中共石家庄高新技术产业开发区工委组织部",
            "石家庄高新技术产业开发区",
            "石家庄市",
            "党委组织部",
        ),
        ("中国共产党巨鹿县委员会宣传部", "巨鹿县", "邢台市", "党委宣传部"),
    ],
)
def test_departments_of_one_kind_are_peers_whatever_their_place(name, region, city, kind):
    """A party body (中共…委…部) has a kind too, so it gets a comparison group."""
    from openbudget.site.model import department_kind

    meta = {"department_name": name, "region_name": region, "city": city, "province": "河北省"}
    assert department_kind(Document({"document_id": "x", **meta})) == kind


def test_a_large_corpus_gets_a_region_index_instead_of_one_list(tmp_path: Path) -> None:
    """Past HOME_LIMIT documents the home page lists regions, not every document; each
    region's page lists its own documents, so no listing grows with the whole corpus."""
    from openbudget.site.data import HOME_LIMIT, regions
    from openbudget.site.pages import home_listing, region_page

    counties = [
        ("130529", "邢台市", "巨鹿县"),
        ("130532", "邢台市", "平乡县"),
        ("130302", "秦皇岛市", "海港区"),
    ]
    docs = []
    for i in range(HOME_LIMIT + 9):
        code, city, county = counties[i % 3]
        meta = {
            "document_id": f"2025-{code}-{100 + i}",
            "year": "2025",
            "province": "河北省",
            "city": city,
            "region_name": county,
            "region_code": code,
            "department_name": f"{county}第{i}局",
            "department_code": str(100 + i),
        }
        docs.append(Document(meta))
    package = SitePackage(tmp_path, docs)
    home = home_listing(package)
    assert "### 按部门" not in home and "第0局" not in home
    assert "- **河北省**（69 份）" in home
    assert (
        "    - 邢台市：[巨鹿县](generated/regions/130529.md)（23）、"
        "[平乡县](generated/regions/130532.md)（23）" in home
    )
    parts = regions(package)
    assert sorted(parts) == ["130302", "130529", "130532"]
    assert sum(len(part.documents) for part in parts.values()) == HOME_LIMIT + 9
    page = region_page(parts["130302"])
    assert "[秦皇岛市海港区第2局]" not in page  # names are the departments' own
    assert "[海港区第2局](../departments/" in page


def test_past_the_limit_quality_and_projects_are_split_by_region(
    tmp_path: Path, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more documents than HOME_LIMIT (lowered here), the 数据质量 and 项目 pages list
    regions, each region's page holds its documents, and every link leads to a page."""
    monkeypatch.setattr("openbudget.site.data.HOME_LIMIT", 1)
    docs_dir = tmp_path / "docs"
    render_pages(package, docs_dir, node_modules=tmp_path / "no-node-modules")
    generated = docs_dir / "generated"
    quality = (generated / "quality.md").read_text(encoding="utf-8")
    assert "[河北省 邢台市 巨鹿县](quality/130529.md)" in quality
    assert "## " not in quality  # no document's findings on the index itself
    julu = (generated / "quality" / "130529.md").read_text(encoding="utf-8")
    assert "[巨鹿县人力资源和社会保障局](doc-2025-130529-323.md)" in julu
    assert "(../../data/checks.csv)" in julu
    own = (generated / "quality" / "doc-2025-130529-323.md").read_text(encoding="utf-8")
    assert f'<a href="../departments/{JULU}.html">概览</a>' in own
    assert "全部文件的汇总见[数据质量](130529.md)" in own
    projects = (generated / "projects.md").read_text(encoding="utf-8")
    assert "[河北省 邢台市 巨鹿县](projects/130529.md)" in projects
    region_projects = (generated / "projects" / "130529.md").read_text(encoding="utf-8")
    assert f'href="../projects/doc-{JULU}.html#y2025-project-1"' in region_projects
    home = (generated / "_includes" / "departments.md").read_text(encoding="utf-8")
    assert "[巨鹿县](generated/regions/130529.md)（2）" in home
    # 比较: peers year by year, a year's departments region by region; no list of everything.
    compare = (generated / "compare.md").read_text(encoding="utf-8")
    assert "## 全部文件" not in compare
    assert "## 同类部门" in compare and "## 各年度各地区" in compare
    assert "[2024](compare/" in compare  # 巨鹿 and 海港 人社局, 2024
    for page in (generated / "compare").glob("*.md"):
        years = set(re.findall(r"departments/(\d{4})-[\w-]+\.html", page.read_text()))
        assert len(years) == 1, page  # one year a page
    # 数据下载: a workbook per region instead of one for everything.
    data = (generated / "data.md").read_text(encoding="utf-8")
    assert "(../downloads/regions/130529.xlsx)" in data
    assert (docs_dir / "downloads" / "regions" / "130529.xlsx").is_file()
    assert not list((docs_dir / "downloads").glob("*.xlsx"))
    for page in generated.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#]+\.md)", page.read_text(encoding="utf-8")):
            base = docs_dir if page.parent.name == "_includes" else page.parent
            written = (base / target).resolve()
            by_hand = ROOT / "docs" / written.relative_to(docs_dir.resolve())  # search.md
            assert written.is_file() or by_hand.is_file(), (page, target)


def test_spending_opens_from_class_to_kuan_to_xiang(docs: Path) -> None:
    """巨鹿 2025's 部门预算支出总表, read by hand: 208 社会保障和就业支出 3502.60, of which
    20801 944.60, 20805 44.00 and 20807 就业补助 2514.00; 20807 in turn 2080701 就业创业服务补助
    1469.00, 2080705 公益性岗位补贴 160.00, 2080711 就业见习补贴 630.00, 2080799 其他就业补助支出
    255.00. Each level a table under a sentence naming its largest part; its only 类 open."""
    text = page(docs, JULU)
    assert (
        'aria-label="支出功能分类：支出合计 3,502.60 万元，只有一类：社会保障和就业支出。"' in text
    )
    assert 'data-drill="function-drill"' in text
    drill = text.split('<div class="ob-drill" id="function-drill"')[1]
    top = drill.split('<details class="ob-drill__block" id="fn-20801"')[0]
    assert (
        '<details class="ob-drill__block" id="fn-208" data-name="社会保障和就业支出" open>' in top
    )
    assert (
        "社会保障和就业支出 3,502.60 万元，分 3 款，最多的是就业补助 2,514.00 万元，占 71.8%。"
        in top
    )
    rows = re.findall(
        r'<tr><th class="ob-text" scope="row"[^>]*>(.*?)</th><td class="ob-num">(.*?)<', top
    )
    assert [(unescape_tags(name), amount) for name, amount in rows] == [
        ("20801 人力资源和社会保障管理事务", "944.60"),
        ("20805 行政事业单位养老支出", "44.00"),
        ("20807 就业补助", "2,514.00"),
    ]
    assert '<a href="#fn-20807">20807 就业补助</a>' in top
    assert 'data-search-amount="2514.00"><a href="#fn-20807">' in top  # weighed by search
    employment = drill.split('id="fn-20807"')[1].split("</details>")[0]
    assert (
        "就业补助 2,514.00 万元，分 4 项，最多的是就业创业服务补助 1,469.00 万元，占 58.4%。"
        in employment
    )
    rows = re.findall(r'scope="row"[^>]*>(.*?)</th><td class="ob-num">(.*?)<', employment)
    assert rows == [
        ("2080701 就业创业服务补助", "1,469.00"),
        ("2080705 公益性岗位补贴", "160.00"),
        ("2080711 就业见习补贴", "630.00"),
        ("2080799 其他就业补助支出", "255.00"),
    ]


def unescape_tags(cell: str) -> str:
    """A table cell's text without its link."""
    return re.sub(r"<[^>]+>", "", cell)


def test_terms_link_to_their_explanation_where_a_reader_first_meets_them(docs: Path) -> None:
    """The 概览's lead sentence links 基本支出 and 项目支出 (so the cards below do not again);
    the cards link 人员经费, “三公”经费 and 机关运行经费; each link goes to the glossary's own
    entry, whose heading is there, and carries the explanation as its tooltip."""
    text = (docs / "generated" / "departments" / f"{JULU}.md").read_text(encoding="utf-8")
    links = re.findall(
        r'<a class="ob-term" href="\.\./glossary\.html#([\w-]+)" title="[^"]+">(.*?)</a>', text
    )
    assert links == [
        ("basic", "基本支出"),
        ("project", "项目支出"),
        ("personnel", "人员经费"),
        ("three-public", "“三公”经费"),
        ("running-costs", "机关运行经费"),
    ]
    lead = text.split('<p class="ob-lead">')[1].split("</p>")[0]
    assert 'href="../glossary.html#basic"' in lead and "907.80 万元" in lead
    glossary = (docs / "generated" / "glossary.md").read_text(encoding="utf-8")
    for anchor, term in links:
        assert f"### {term} {{#{anchor}}}" in glossary


def test_each_standard_table_has_an_anchor_named_for_what_it_is(docs: Path) -> None:
    """A link to 巨鹿 2025's 支出总表 holds whichever tables a template prints before it."""
    text = whole_page(docs, JULU)
    assert "### 一、部门预算收支总表 {#y2025-table-budget-summary}" in text
    assert "{#y2025-table-expenditure}" in text
    assert "{#y2025-table-three-public}" in text
