"""Unit tests of the site renderer against a small sample package (no parser, no browser)."""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from sample_package import HAIGANG, JULU, PINGXIANG, build_sample_site, write_sample_package

from openbudget.site import external_references, render_pages
from openbudget.site.amounts import format_amount
from openbudget.site.data import DISCLOSURE_TABLES, STANDARD_TABLES, Document
from openbudget.site.disclosure import is_subheading, procurement_state
from openbudget.site.pages import department_page
from openbudget.site.projects import numbered_items

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
    assert "generated/projects.md" in names
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
    prose = section(text, "### 情况说明中的数字 {#prose-figures}", "\n### ")
    assert '!!! warning "审核提示（2 条）"' in prose
    assert "机关运行经费" in prose and "“三公”经费为 0" in prose
    # Findings about projects, procurement and assets are beside those sections.
    projects = section(text, "## 项目绩效目标 {#projects}")
    assert '!!! failure "审核发现（1 条）"' in projects
    assert '!!! warning "审核提示（1 条）"' in projects
    assert "项目 3 冀财社" in projects and "项目合计</span>，全部项目）" in projects
    assert '!!! warning "审核提示（1 条）"' in section(text, "## 固定资产 {#assets}")
    audit = section(text, "### 审核", "\n### ")
    assert "其他审核" not in audit
    haigang = page(docs, HAIGANG)
    assert '!!! failure "审核发现（1 条）"' in section(haigang, "## 政府采购预算 {#procurement}")
    assert 'href="#prose-figures"' in haigang.split("### 三、部门预算支出总表")[1].split("###")[0]


def test_warnings_and_errors_are_styled_apart(docs: Path) -> None:
    text = page(docs, JULU)
    # Errors in red failure admonitions, warnings in orange warning admonitions, never mixed.
    for block in re.findall(r'!!! (\w+) "[^"]*"\n\n((?:    .*\n)+)', text):
        kind, items = block
        words = set(re.findall(r"\*\*(不符|提示)\*\*", items))
        assert words == ({"不符"} if kind == "failure" else {"提示"}), (kind, items)


def test_prose_figures_are_shown_with_the_headline(docs: Path) -> None:
    text = page(docs, JULU)
    overview = section(text, "## 概览")
    assert overview.index('class="ob-figures"') < overview.index("### 情况说明中的数字")
    assert overview.index("### 情况说明中的数字") < overview.index("### 审核")
    table = section(text, "### 情况说明中的数字 {#prose-figures}", '<p class="ob-note">')
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
        page(docs, HAIGANG), "### 情况说明中的数字 {#prose-figures}", '<p class="ob-note">'
    )
    assert '<span class="ob-flag ob-flag--error">不符，表中为 2,132.39</span>' in haigang
    # A finding naming the figure by its field marks that figure (a warning, in orange).
    pingxiang = section(page(docs, PINGXIANG), "### 情况说明中的数字 {#prose-figures}", "\n### ")
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
        doc: next(line for line in listing.splitlines() if doc in line) for doc in (JULU, PINGXIANG)
    }
    assert rows[JULU].endswith("| 2 项不符，4 项提示 |")
    assert rows[PINGXIANG].endswith("| 1 项提示 |")


def test_project_block_has_its_facts_and_indicators(docs: Path) -> None:
    text = page(docs, JULU)
    projects = section(text, "## 项目绩效目标 {#projects}")
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
    assert 'data-label="一级指标" rowspan="4" data-search-exclude>产出指标</td>' in indicators
    assert ">≥200 人</td>" in indicators and ">失业人员再就业人数比去年增加 20%</td>" in indicators
    assert ">优</th>" not in indicators
    # The project a finding names is marked in its summary.
    assert '<span class="ob-badge">1 条审核发现</span>' in blocks[2]
    assert "ob-badge" not in blocks[0]
    # The indicators' names and descriptions stay searchable; template words, targets and the
    # basis repeated on every row are left out of the index, like the schedule's figures.
    assert '<td class="ob-text" data-label="三级指标">就业见习人数</td>' in first
    assert '<td class="ob-text" data-label="绩效指标描述">全县见习岗位人数</td>' in first
    assert 'data-label="指标值确定依据" data-search-exclude>' in first
    assert "<summary>" in first and '<details class="note ob-project">' in first


def test_2020_template_shows_grades_instead_of_targets(docs: Path) -> None:
    text = page(docs, PINGXIANG)
    block = section(text, "## 项目绩效目标 {#projects}")
    assert 'id="project-1"' in block
    for heading in ("优", "良", "中", "差", "三级指标", "指标值确定依据"):
        assert f">{heading}</th>" in block
    for missing in ("指标值", "二级指标"):
        assert f">{missing}</th>" not in block
    assert ">≥90%</td>" in block and ">＜20件</td>" in block
    # No budget lines in this template: said once, not as a table of dashes in every block.
    assert "没有列出项目编码和预算数" in block
    assert "ob-facts" not in block and "<td>—</td>" not in block
    assert 'class="ob-text ob-grade" data-label="优" data-search-exclude>≥90%</td>' in block


def test_projects_page_links_resolve_to_anchors(docs: Path) -> None:
    text = (docs / "generated" / "projects.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 项目\n")
    links = re.findall(r"\]\((departments/[^)#]+\.md)#([^)]+)\)", text)
    project_links = [(target, anchor) for target, anchor in links if anchor.startswith("project-")]
    assert len(project_links) == 5
    for target, anchor in links:
        body = (docs / "generated" / target).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in body or f"{{#{anchor}}}" in body, (target, anchor)
    # Department, year, printed order.
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    order = [(re.search(r"\| (\d{4}) \| (\d+) \|", row).groups()) for row in rows]
    assert order == [("2025", "1"), ("2025", "2"), ("2025", "3"), ("2020", "1"), ("2024", "1")]
    assert "| 496.00 | 7 |" in rows[0]
    assert "| — | 2 |" in rows[3]
    # The table repeats the department pages; it stays out of the search index.
    assert '<div class="ob-project-list" markdown data-search-exclude>' in text


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
    text = department_page(doc)
    said = section(text, "## 政府采购预算 {#procurement}")
    assert ("没有政府采购预算" in said) == (state in ("none", "empty", "unknown"))
    assert ("没有提取到采购品目" in said) == (state == "lost")


def test_spending_plan_in_percent(docs: Path) -> None:
    block = section(page(docs, HAIGANG), "## 项目绩效目标 {#projects}")
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
    assert "data-search-exclude" not in prose
    for document_id in (HAIGANG, PINGXIANG):
        other = page(docs, document_id)
        assert "没有本文件的文字说明" in section(other, "## 情况说明 {#sections}")
        assert "本文件没有机构设置表" in section(other, "## 机构设置 {#org-units}")


def test_disclosure_sections_follow_the_nine_tables(docs: Path) -> None:
    text = page(docs, JULU)
    order = [
        "## 预算表",
        "## 项目绩效目标 {#projects}",
        "## 机构设置 {#org-units}",
        "## 政府采购预算 {#procurement}",
        "## 固定资产 {#assets}",
        "## 情况说明 {#sections}",
        "## 提取修复记录",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    # A document without the nine tables still shows its projects.
    assert "## 项目绩效目标 {#projects}" in page(docs, PINGXIANG)


@pytest.mark.skipif(not (ROOT / "node_modules").is_dir(), reason="run `npm ci` first")
def test_sample_site_builds_strict(tmp_path: Path) -> None:
    """mkdocs --strict fails on a link to a missing anchor, so the projects page's links
    must all land on a project on its department page."""
    site = build_sample_site(tmp_path / "project", ROOT)
    projects = (site / "generated" / "projects.html").read_text(encoding="utf-8")
    assert projects.count('href="departments/2025-130529-323.html#project-') == 3
    department = (site / "generated" / "departments" / f"{JULU}.html").read_text(encoding="utf-8")
    for anchor in ("project-1", "project-2", "project-3", "section-1", "prose-figures"):
        assert f'id="{anchor}"' in department
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"]: doc for doc in index["docs"]}
    project = locations[f"generated/departments/{JULU}.html#project-1"]
    assert "就业补助" in project["title"].replace("\u200b", "")
    assert "就业见习人数" in project["text"].replace("\u200b", "")
    assert external_references(site) == []


def test_repairs_are_in_a_collapsed_block(docs: Path) -> None:
    text = page(docs, JULU)
    block = text.split("## 提取修复记录 {#repairs}")[1]
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
    assert config["extra_javascript"] == [
        "assets/vendor/vega.min.js",
        "assets/vendor/vega-lite.min.js",
        "assets/vendor/vega-embed.min.js",
        "javascripts/charts.js",
    ]
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    assert "\\u200b" in search["separator"]
    assert (ROOT / search["jieba_dict_user"]).is_file()


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
