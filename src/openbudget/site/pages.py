"""Markdown for the generated pages: the department listing, department pages, data page.

Each function is a pure function of the loaded package and returns the page text, so pages
can be tested without a file system and are byte-identical for identical input.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from openbudget.schema import resource_title

from .amounts import format_amount, page_ref, to_decimal
from .charts import chart_html, department_charts
from .data import STANDARD_TABLES, Document, Row, SitePackage
from .disclosure import (
    assets_tables,
    org_units_table,
    procurement_state,
    procurement_table,
    procurement_units,
    prose_figures,
    prose_figures_table,
    section_block,
)
from .findings import findings_blocks, prose_mentions, route_findings
from .markdown import md_attr, md_code, md_table, md_text
from .projects import (
    indicator_count,
    project_anchor,
    project_blocks,
    project_name,
    projects_intro,
)
from .tables import render_repairs, render_table

#: Chinese ordinals for the nine printed tables.
_ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九")
#: Only the 支出总表 goes into the search index: its 项-level names tell a reader what the
#: department spends on; the other tables repeat the same names or fixed template lines.
_SEARCHABLE_TABLES = frozenset({"expenditure"})
_DASH = "—"


def page_slug(document_id: str) -> str:
    """File name stem of a department page (ids are ASCII by contract; enforce it anyway)."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", document_id) or "document"


@dataclass(frozen=True)
class Headline:
    """The four headline figures, exactly as printed (empty when the table is missing)."""

    income_total: str
    expenditure_total: str
    basic: str
    project: str


def headline(doc: Document) -> Headline:
    """收入总计 and 支出总计 from the 收支总表, 基本支出 and 项目支出 from the 支出总表 合计 row."""
    totals: dict[str, str] = {}
    for row in doc.rows("budget_summary"):
        if row.get("line_kind") == "total":
            totals.setdefault(row.get("side", ""), row.get("amount", ""))
    total_row = next((row for row in doc.rows("expenditure") if row.get("level") == "0"), {})
    return Headline(
        income_total=totals.get("income", ""),
        expenditure_total=totals.get("expenditure", ""),
        basic=total_row.get("basic", ""),
        project=total_row.get("project", ""),
    )


def _figure(text: str) -> str:
    return format_amount(text) or _DASH


def _checks_failed(doc: Document) -> int:
    printed = doc.meta.get("checks_failed", "").strip()
    return int(printed) if printed.isdigit() else len(doc.rows("checks"))


def _failed_words(doc: Document) -> str:
    """``2 项不符，1 项提示``: errors and warnings told apart where the findings are listed."""
    rows = doc.rows("checks")
    if not rows:
        failed = _checks_failed(doc)
        return f"{failed} 项不符" if failed else ""
    warnings = sum(1 for row in rows if row.get("severity") == "warning")
    errors = len(rows) - warnings
    return "，".join(
        f"{count} 项{word}" for count, word in ((errors, "不符"), (warnings, "提示")) if count
    )


def _audit_label(doc: Document) -> str:
    failed = _checks_failed(doc)
    run = doc.meta.get("checks_run", "").strip()
    if failed or doc.rows("checks"):
        return _failed_words(doc)
    if run in ("", "0") and not doc.rows("checks"):
        return "未审核"
    return "全部相符"


# --------------------------------------------------------------------------- listing


def departments_listing(package: SitePackage, link_prefix: str = "generated/departments/") -> str:
    """The home page's table of every document, newest year first, linking to its page."""
    docs = package.documents
    if not docs:
        return "数据包中还没有任何公开文件。\n"
    years = sorted({doc.year for doc in docs if doc.year})
    regions = {doc.region for doc in docs if doc.region}
    departments = {(doc.meta.get("region_code", ""), doc.name) for doc in docs}
    span = f"{years[0]}–{years[-1]} 年" if len(years) > 1 else (f"{years[0]} 年" if years else "")
    intro = (
        f"共 {len(docs)} 份公开文件，涉及 {len(departments)} 个部门、"
        f"{len(regions)} 个县（市、区）"
        + (f"，预算年度 {span}" if span else "")
        + "。金额单位：万元。"
    )
    rows = []
    for doc in docs:
        figures = headline(doc)
        link = f"[{md_text(doc.name)}]({link_prefix}{page_slug(doc.document_id)}.md)"
        rows.append(
            [
                str(doc.year or ""),
                md_text(doc.local_region),
                link,
                md_text(doc.kind),
                _figure(figures.income_total),
                _figure(figures.expenditure_total),
                _figure(figures.basic),
                _figure(figures.project),
                _audit_label(doc),
            ]
        )
    table = md_table(
        ["年度", "地区", "部门", "类型", "收入总计", "支出总计", "基本支出", "项目支出", "审核"],
        rows,
        align="llllrrrrl",
    )
    note = "“—”表示该文件没有公开对应的标准预算表。"
    # md_in_html: the wrapper gives the listing its own column widths in the stylesheet.
    return f'{intro}\n\n<div class="ob-listing" markdown>\n\n{table}\n\n</div>\n\n{note}\n'


# --------------------------------------------------------------------------- department page


def _figures_html(figures: Headline) -> str:
    cards = [
        ("收入总计", figures.income_total),
        ("支出总计", figures.expenditure_total),
        ("基本支出", figures.basic),
        ("项目支出", figures.project),
    ]
    body = "\n".join(
        '<div class="ob-figure">'
        f'<div class="ob-figure__label">{label}</div>'
        f'<div class="ob-figure__value">{_figure(value)}</div>'
        '<div class="ob-figure__unit">万元</div>'
        "</div>"
        for label, value in cards
    )
    return f'<div class="ob-figures">\n{body}\n</div>'


def _main_classes(doc: Document) -> str:
    """One searchable sentence naming the 类 the department spends on, largest first."""
    classes = []
    for row in doc.rows("expenditure"):
        amount = to_decimal(row.get("total"))
        if row.get("level") == "1" and amount is not None:
            classes.append((-amount, row.get("function_name", ""), row.get("total", "")))
    if not classes:
        return ""
    listed = "、".join(
        f"{md_text(name)} {format_amount(total)} 万元" for _, name, total in sorted(classes)
    )
    return f"支出按功能分类（类）：{listed}。"


def _source_list(doc: Document, package_zip: str | None) -> str:
    meta = doc.meta
    items = []
    if meta.get("title", "").strip():
        items.append(f"- 文件标题：{md_text(meta['title'])}")
    fmt = meta.get("source_format", "").strip().upper()
    pages = meta.get("page_count", "").strip()
    if fmt or pages:
        items.append(f"- 原始格式：{md_text(fmt) or _DASH}" + (f"（{pages} 页）" if pages else ""))
    if meta.get("source_path", "").strip():
        items.append(f"- 源文件：{md_code(meta['source_path'])}")
    if meta.get("source_sha256", "").strip():
        items.append(f"- SHA-256：{md_code(meta['source_sha256'])}")
    url = meta.get("source_url", "").strip()
    if url.startswith(("http://", "https://")):
        items.append(f"- 发布网址：<{md_attr(url)}>")
    if package_zip:
        items.append(
            f"- 本文件的数据包：[{md_text(package_zip.rsplit('/', 1)[-1])}]({package_zip})"
        )
    return "\n".join(items)


def _prose_pointer(count: int) -> str:
    """A note beside a table that the prose's figures disagree with (listed at the top)."""
    return (
        f'<p class="ob-note">情况说明中的数字与本表有 {count} 条审核发现，'
        f'见<a href="#{PROSE_FIGURES_ID}">情况说明中的数字</a>。</p>'
    )


def _table_section(
    doc: Document, resource: str, index: int, findings: list[Row], prose_count: int = 0
) -> str:
    title = resource_title(resource)
    parts = [f"### {_ORDINALS[index]}、{title}"]
    if findings:
        parts.append(findings_blocks(findings))
    if prose_count:
        parts.append(_prose_pointer(prose_count))
    state = doc.table_state(resource)
    if state == "rows":
        rendered = render_table(resource, doc.rows(resource), resource in _SEARCHABLE_TABLES)
        parts.append(rendered.html)
        notes = ["单位：万元。", page_ref(doc.rows(resource)), *rendered.notes]
        parts.append(f'<p class="ob-note">{"".join(notes)}</p>')
    elif state == "empty":
        parts.append('<p class="ob-empty">空表列示：原文列出了本表，但注明没有数据。</p>')
    elif state == "found_no_rows":
        parts.append('<p class="ob-empty">原文列有本表，但没有提取到数据行。</p>')
    else:
        parts.append('<p class="ob-missing">本文件没有这张表。</p>')
    return "\n\n".join(parts)


def _repairs_block(rows: list[Row]) -> str:
    if not rows:
        return "读取本文件时没有需要修复的提取问题。"
    return render_repairs(rows)


#: Anchors of the page's parts, so other pages (and the findings) can link to them.
PROSE_FIGURES_ID = "prose-figures"
SECTION_IDS: dict[str, str] = {
    "projects": "projects",
    "org_units": "org-units",
    "procurement": "procurement",
    "assets": "assets",
    "sections": "sections",
}


def _heading(level: int, text: str, anchor: str) -> str:
    return f"{'#' * level} {text} {{#{anchor}}}"


def _prose_figures_section(doc: Document, findings: list[Row]) -> list[str]:
    """情况说明中的数字: the figures the prose states, and the audit's findings about them."""
    if not prose_figures(doc) and not findings:
        return []
    out = [_heading(3, "情况说明中的数字", PROSE_FIGURES_ID)]
    if prose_figures(doc):
        out.append(prose_figures_table(doc, findings))
        out.append(
            '<p class="ob-note">单位：万元。数字取自文件的文字说明（情况说明），'
            "审核把它们与表中的同一数字核对。</p>"
        )
    else:
        out.append('<p class="ob-empty">数据包中没有取自情况说明的数字。</p>')
    if findings:
        out.append(findings_blocks(findings))
    return out


def _projects_section(doc: Document, findings: list[Row], project_spending: str) -> list[str]:
    out = [_heading(2, "项目绩效目标", SECTION_IDS["projects"])]
    projects = doc.rows("projects")
    if projects:
        out.append(projects_intro(projects, project_spending))
    if findings:
        out.append(findings_blocks(findings, ref_label="项目"))
    if projects:
        out.append(project_blocks(doc, findings))
    else:
        out.append('<p class="ob-missing">本文件没有项目绩效目标表。</p>')
    return out


def _org_units_section(doc: Document, findings: list[Row]) -> list[str]:
    out = [_heading(2, "机构设置", SECTION_IDS["org_units"])]
    if findings:
        out.append(findings_blocks(findings))
    rows = doc.rows("org_units")
    if rows:
        out.append(org_units_table(rows))
    else:
        out.append('<p class="ob-missing">本文件没有机构设置表。</p>')
    return out


def _procurement_section(doc: Document, findings: list[Row], prose_count: int) -> list[str]:
    out = [_heading(2, "政府采购预算", SECTION_IDS["procurement"])]
    if findings:
        out.append(findings_blocks(findings))
    if prose_count:
        out.append(_prose_pointer(prose_count))
    state = procurement_state(doc)
    if state == "rows":
        rows = doc.rows("procurement")
        units = procurement_units(rows)
        out.append(
            f"共 {len(rows)} 个采购品目"
            + (f"，分属 {len(units)} 个预算单位" if len(units) > 1 else "")
            + "。"
        )
        table, note = procurement_table(rows)
        out.append(table)
        out.append(
            f'<p class="ob-note">金额单位：万元；数量、单价照录原文。{note}{page_ref(rows)}</p>'
        )
    elif state == "empty":
        out.append(
            '<p class="ob-empty">本部门没有政府采购预算：原文列出了政府采购预算表，'
            "注明空表列示。</p>"
        )
    elif state == "none":
        out.append(
            '<p class="ob-empty">本部门没有政府采购预算：文件说明没有政府采购预算，'
            "或政府采购预算表空表列示。</p>"
        )
    elif state == "lost":
        out.append(
            '<p class="ob-empty">文件列有政府采购预算，但没有提取到采购品目（见原文件）。</p>'
        )
    else:
        out.append('<p class="ob-empty">本部门没有政府采购预算：本文件没有列出政府采购品目。</p>')
    return out


def _assets_section(doc: Document, findings: list[Row], prose_count: int) -> list[str]:
    out = [_heading(2, "固定资产", SECTION_IDS["assets"])]
    if findings:
        out.append(findings_blocks(findings))
    if prose_count:
        out.append(_prose_pointer(prose_count))
    rows = doc.rows("assets")
    if rows:
        out.append(assets_tables(rows))
        out.append(
            '<p class="ob-note">价值单位：万元；数量的单位见各行（平方米、台、辆等）。'
            f"{page_ref(rows)}</p>"
        )
    else:
        out.append('<p class="ob-missing">本文件没有固定资产占用情况表。</p>')
    return out


def _sections_section(doc: Document, has_prose_figures: bool) -> list[str]:
    out = [_heading(2, "情况说明", SECTION_IDS["sections"])]
    rows = doc.rows("sections")
    if not rows:
        out.append('<p class="ob-missing">数据包中没有本文件的文字说明。</p>')
        return out
    intro = f"文件的文字说明共 {len(rows)} 节，点击标题展开全文（表格另列在本页各部分）。"
    if has_prose_figures:
        intro += f"文中数字与表格的核对见[情况说明中的数字](#{PROSE_FIGURES_ID})。"
    out.append(intro)
    out.append("\n\n".join(section_block(row) for row in rows))
    return out


def department_page(doc: Document, package_zip: str | None = None) -> str:
    """The page of one document: headline, audit, charts, the nine tables, projects, units,
    procurement, assets, the prose, repairs."""
    title = f"{doc.name} {doc.year} 年{doc.kind}" if doc.year else f"{doc.name} {doc.kind}"
    meta_bits = [md_text(doc.region), md_text(doc.kind)]
    if doc.meta.get("department_code", "").strip():
        meta_bits.append(f"部门编码 {md_text(doc.meta['department_code'])}")
    meta_bits.append(f"文件编号 <code>{md_text(doc.document_id)}</code>")
    places = route_findings(doc)
    prose_counts = prose_mentions(doc)
    figures = headline(doc)

    # The site navigation is hidden on department pages: the wide tables need the width.
    front_matter = (
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nhide:\n  - navigation\n---"
    )
    out = [
        front_matter,
        f"# {md_text(title)}",
        '<p class="ob-meta">' + " · ".join(bit for bit in meta_bits if bit) + "</p>",
        "[← 全部部门](../../index.md)",
        "## 概览",
    ]
    if doc.has_standard_tables:
        out.append(_figures_html(figures))
        out.append(
            "金额单位为万元，照录原文（两位小数），只加千位分隔符；原文空白的单元格在此也留空。"
        )
        sentence = _main_classes(doc)
        if sentence:
            out.append(sentence)
    else:
        out.append(
            '<p class="ob-missing">本文件没有九张标准部门预算公开表（只有文字说明、'
            "项目绩效目标表等内容），因此本页没有预算表和图表。</p>"
        )
    prose_part = _prose_figures_section(doc, places.get("prose", []))
    out += prose_part

    out.append("### 审核")
    failed = _failed_words(doc)
    run = doc.meta.get("checks_run", "").strip()
    if run and run != "0":
        summary = (
            f"对本文件运行了 {run} 项算术核对，{failed}。"
            if failed
            else (f"对本文件运行了 {run} 项算术核对，全部相符。")
        )
    else:
        summary = f"本文件的审核结果：{failed}。" if failed else "本文件没有可运行的算术核对。"
    out.append(summary + "审核发现不改动任何数字：数字照原文发布，发现列在相应表格旁边。")
    if places.get("other"):
        out.append(findings_blocks(places["other"], prefix="其他"))

    source = _source_list(doc, package_zip)
    if source:
        out += ["### 来源", source]

    if doc.has_standard_tables:
        charts = department_charts(
            doc.rows("expenditure"), doc.rows("basic_expenditure"), doc.rows("income")
        )
        out.append("## 图表")
        if charts:
            out.append(
                '<div class="ob-charts">\n'
                + "\n".join(chart_html(caption, spec) for caption, spec in charts)
                + "\n</div>"
            )
            out.append('<p class="ob-note">图表数据取自下方各表，悬停可查看金额和占比。</p>')
        else:
            out.append("本文件的表格不足以绘制图表。")
        out.append("## 预算表")
        for index, resource in enumerate(STANDARD_TABLES):
            out.append(
                _table_section(
                    doc,
                    resource,
                    index,
                    places.get(resource, []),
                    prose_counts.get(resource, 0),
                )
            )

    out += _projects_section(doc, places.get("projects", []), figures.project)
    out += _org_units_section(doc, places.get("org_units", []))
    out += _procurement_section(
        doc, places.get("procurement", []), prose_counts.get("procurement", 0)
    )
    out += _assets_section(doc, places.get("assets", []), prose_counts.get("assets", 0))
    out += _sections_section(doc, bool(prose_part))
    out += [_heading(2, "提取修复记录", "repairs"), _repairs_block(doc.rows("repairs"))]
    return "\n\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- projects page


def _seq_key(text: str) -> tuple[int, str]:
    text = text.strip()
    return (int(text), "") if text.isdigit() else (10**9, text)


def projects_page(package: SitePackage, link_prefix: str = "departments/") -> str:
    """Every project of every document, by department, year and printed order, each linking
    to its block on the department page."""
    entries = []
    for doc in package.documents:
        for project in doc.rows("projects"):
            seq = project.get("project_seq", "")
            entries.append(((doc.name, doc.year, doc.document_id, _seq_key(seq)), doc, project))
    entries.sort(key=lambda entry: entry[0])
    # Without the sidebars the table has the width to keep each row on one or two lines.
    front_matter = "---\ntitle: 项目\nhide:\n  - navigation\n  - toc\n---"
    if not entries:
        return f"{front_matter}\n\n# 项目绩效目标\n\n数据包中还没有项目绩效目标表。\n"
    rows = []
    for _, doc, project in entries:
        page = f"{link_prefix}{page_slug(doc.document_id)}.md"
        anchor = project_anchor(project.get("project_seq", ""))
        count = indicator_count(doc, project)
        rows.append(
            [
                f"[{md_text(doc.name)}]({page}#{SECTION_IDS['projects']})",
                str(doc.year or ""),
                md_text(project.get("project_seq", "")),
                f"[{md_text(project_name(project))}]({page}#{anchor})",
                format_amount(project.get("budget", "")) or _DASH,
                _DASH if count is None else str(count),
            ]
        )
    documents = len({doc.document_id for _, doc, _ in entries})
    table = md_table(["部门", "年度", "序号", "项目名称", "预算数", "指标数"], rows, align="lrrlrr")
    return (
        f"{front_matter}\n\n# 项目绩效目标\n\n"
        f"共 {len(entries)} 个项目，来自 {documents} 份公开文件的项目绩效目标表。"
        "按部门、年度和原文顺序排列；点击项目名称查看它的资金用途、绩效目标和绩效指标。"
        "预算数单位：万元，照录原文。\n\n"
        f'<div class="ob-project-list" markdown data-search-exclude>\n\n{table}\n\n</div>\n'
    )


# --------------------------------------------------------------------------- data page


@dataclass(frozen=True)
class DataFile:
    """A downloadable file of the package as listed on the data page."""

    path: str
    title: str
    rows: int | None


def data_page(
    package_title: str, files: list[DataFile], zips: int, prefix: str = "../data/"
) -> str:
    """The download page: the descriptor, every CSV with its row count, how to read them."""
    rows = [
        [
            f"[{md_text(item.path)}]({prefix}{item.path})",
            md_text(item.title),
            "" if item.rows is None else f"{item.rows:,}",
        ]
        for item in files
    ]
    table = md_table(["文件", "内容", "行数"], rows, align="llr")
    zip_line = (
        f"\n另有 {zips} 个单个文件的数据包（zip），在各部门页面的“来源”部分下载。\n" if zips else ""
    )
    title = md_text(package_title) if package_title else "数据包"
    example = (
        "```python\n"
        "from decimal import Decimal\n"
        "import csv\n\n"
        'with open("expenditure.csv", encoding="utf-8", newline="") as f:\n'
        "    rows = list(csv.DictReader(f))\n"
        'total = sum(Decimal(r["total"]) for r in rows if r["level"] == "1")\n'
        "```\n"
    )
    return (
        "# 数据下载\n\n"
        f"本站的全部数字都来自同一个 Frictionless 表格数据包：**{title}**。"
        "每类记录一个 UTF-8 编码的 CSV 文件，字段的中文标题就是原表的列名。\n\n"
        "- 金额单位为万元，照录原文的两位小数；原文空白的单元格为空值，不是 0。\n"
        "- 审核发现（checks.csv）与数字并列发布，不改动任何数字。\n\n"
        f"[datapackage.json]({prefix}datapackage.json)："
        "数据包描述文件（字段、类型、主键、外键、许可）。\n\n"
        f"{table}\n{zip_line}\n"
        "## 读取示例\n\n"
        "金额请按字符串读取、用 `Decimal` 求和，以免浮点误差：\n\n"
        f"{example}\n"
        "也可以用 `frictionless validate datapackage.json` 校验整个数据包。\n"
    )
