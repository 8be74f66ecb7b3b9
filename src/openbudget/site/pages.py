"""Markdown for the generated pages: the department listing, department pages, data page.

Each function is a pure function of the loaded package and returns the page text, so pages
can be tested without a file system and are byte-identical for identical input.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from openbudget.release import PUBLISHER
from openbudget.schema import resource_title, schema_spec

from .amounts import DASH, format_amount, format_decimal, page_ref, shown_amount, to_decimal
from .charts import FUNCTION_CHART, chart_html, department_charts
from .compare import charts_block, comparison_charts
from .data import (
    STANDARD_TABLES,
    Document,
    Row,
    SitePackage,
    is_large,
    region_key,
    regions,
)
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
from .downloads import extracted_from
from .drill import DRILL_ID, chart_sentence, drill_html, function_tree
from .findings import SEVERITY_WORDS, findings_blocks, prose_mentions, route_findings
from .glossary import explain_terms
from .header import department_header, document_header
from .layout import render
from .model import Department, Figure, Link, departments, doc_metrics, percent, short_name
from .pageimages import printed_pages
from .projects import (
    project_blocks,
    projects_intro,
)
from .tables import render_table
from .urls import (
    DOWNLOADS_FROM_PAGES,
    PROJECTS_DIR,
    TABLES_DIR,
    department_home,
    department_link,
    html_link,
    projects_file,
    region_file,
    table_anchor,
    year_anchor,
)

#: Chinese ordinals for the nine printed tables.
_ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九")
#: Only the 支出总表 goes into the search index: its 项-level names tell a reader what the
#: department spends on; the other tables repeat the same names or fixed template lines.
_SEARCHABLE_TABLES = frozenset({"expenditure"})


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


def _checks_failed(doc: Document) -> int:
    printed = doc.meta.get("checks_failed", "").strip()
    return int(printed) if printed.isdecimal() else len(doc.rows("checks"))


def _failed_words(doc: Document) -> str:
    """``2 项不符，1 项提示``: errors and warnings told apart where the findings are listed."""
    rows = doc.rows("checks")
    if not rows:
        failed = _checks_failed(doc)
        return f"{failed} 项不符" if failed else ""
    counts = Counter(row.get("severity") for row in rows)
    return "，".join(
        f"{counts[severity]} 项{word}"
        for severity, word in SEVERITY_WORDS.items()
        if counts[severity]
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


@dataclass(frozen=True)
class Holdings:
    """What the site holds: documents, departments, regions, years and their spending."""

    documents: int
    departments: int
    regions: int
    span: str
    total: str
    counted: int


def _holdings(package: SitePackage) -> tuple[Holdings, Markup]:
    """The home page's sentence and figure cards: departments, regions, years, documents,
    amounts."""
    docs = package.documents
    years = sorted({doc.year for doc in docs if doc.year})
    span = f"{years[0]}–{years[-1]} 年" if len(years) > 1 else (f"{years[0]} 年" if years else "")
    totals = [
        value for doc in docs if (value := doc_metrics(doc).expenditure_total.value) is not None
    ]
    total = format_decimal(sum(totals, Decimal(0))) if totals else ""
    holdings = Holdings(
        documents=len(docs),
        departments=len(departments(package)),
        regions=len({doc.meta.get("region_code", "") or doc.region for doc in docs}),
        span=span,
        total=total,
        counted=len(totals),
    )
    cards = [
        Card(Markup("部门"), str(holdings.departments), "个"),
        Card(Markup("地区"), str(holdings.regions), "个县（市、区）"),
        Card(Markup("年度"), str(len(years)), span or DASH),
        Card(Markup("公开文件"), str(holdings.documents), "份"),
        Card(Markup("支出总计合计"), total, f"万元 · {len(totals)} 份文件"),
    ]
    return holdings, Markup(render("cards.html", cards=cards))


def _by_region(package: SitePackage, link_prefix: str, root: str) -> list[dict[str, object]]:
    """Departments grouped by region (city, county), each with its years; the region's name
    links to its own listing page."""
    groups: dict[tuple[str, str], list[Department]] = {}
    for dept in departments(package):
        doc = dept.latest
        key = (doc.meta.get("region_code", ""), doc.local_region or doc.region or "地区未注明")
        groups.setdefault(key, []).append(dept)
    return [
        {
            "name": region,
            "link": region_file(region_key(depts[0].latest), f"{root}generated/"),
            "departments": [
                {
                    "name": dept.name,
                    "link": department_home(dept, link_prefix),
                    "years": [year for year in dept.years if year],
                }
                for dept in sorted(depts, key=lambda d: d.name)
            ],
        }
        for (_, region), depts in sorted(groups.items())
    ]


def _by_year(package: SitePackage, link_prefix: str) -> list[tuple[int, list[Link]]]:
    """Documents grouped by budget year, newest first, each linking to its year."""
    years: dict[int, list[Document]] = {}
    for doc in package.documents:
        years.setdefault(doc.year, []).append(doc)
    return [
        (
            year,
            [
                Link(doc.name, department_link(doc, link_prefix))
                for doc in sorted(
                    years[year], key=lambda d: (d.meta.get("region_code", ""), d.name)
                )
            ],
        )
        for year in sorted(years, reverse=True)
    ]


def _home_chart(package: SitePackage) -> str:
    labelled = [(f"{short_name(doc)} {doc.year}", doc_metrics(doc)) for doc in package.documents]
    charts = comparison_charts(labelled, "部门（年度）", "各部门")
    wanted = [chart for chart in charts if chart[0] == "各部门基本支出与项目支出"]
    return charts_block(wanted) if wanted else ""


def _provinces(package: SitePackage, root: str) -> list[dict[str, object]]:
    """Province › city › county, each county linking to its listing page, with counts."""
    tree: dict[str, dict[str, list[dict[str, object]]]] = {}
    for key, part in regions(package).items():
        doc = part.documents[0]
        province = doc.meta.get("province", "").strip() or "地区未注明"
        city = doc.meta.get("city", "").strip() or province
        tree.setdefault(province, {}).setdefault(city, []).append(
            {
                "name": doc.meta.get("region_name", "").strip() or city,
                "link": region_file(key, f"{root}generated/"),
                "count": len(part.documents),
            }
        )
    return [
        {
            "name": province,
            "count": sum(county["count"] for counties in cities.values() for county in counties),
            "cities": [
                {"name": city, "counties": counties} for city, counties in sorted(cities.items())
            ],
        }
        for province, cities in sorted(tree.items())
    ]


def home_listing(package: SitePackage) -> str:
    """The home page's part: everything for a small corpus; for a large one, what the site
    holds, the regions (each with its own listing page) and search."""
    if not is_large(package):
        return departments_listing(package)
    holdings, cards = _holdings(package)
    return (
        render(
            "home.md", holdings=holdings, cards=cards, provinces=_provinces(package, ""), root=""
        )
        + "\n"
    )


def region_page(package: SitePackage) -> str:
    """One region's listing page (generated/regions/<code>.md)."""
    return (
        render(
            "region.md",
            title=package.documents[0].region or "地区未注明",
            listing=Markup(departments_listing(package, "../departments/", root="../../")),
        )
        + "\n"
    )


def departments_listing(
    package: SitePackage, link_prefix: str = "generated/departments/", root: str = ""
) -> str:
    """A listing of the package's documents: what it holds, a chart of the departments'
    spending, and the ways in — by region, by year, by department, by search. ``root`` is
    the path from the page to the site's top folder."""
    holdings, cards = _holdings(package)
    rows = []
    for doc in package.documents:
        figures = headline(doc)
        rows.append(
            {
                "doc": doc,
                "link": department_link(doc, link_prefix),
                "income": shown_amount(figures.income_total),
                "expenditure": shown_amount(figures.expenditure_total),
                "basic": shown_amount(figures.basic),
                "project": shown_amount(figures.project),
                "audit": _audit_label(doc),
            }
        )
    return (
        render(
            "home.md",
            holdings=holdings,
            cards=cards,
            chart=Markup(_home_chart(package)) if package.documents else "",
            by_region=_by_region(package, link_prefix, root),
            by_year=_by_year(package, link_prefix),
            rows=rows,
            root=root,
        )
        + "\n"
    )


# --------------------------------------------------------------------------- department page


def _main_classes(doc: Document) -> str:
    """One searchable sentence naming the 类 the department spends on, largest first."""
    classes = []
    for row in doc.rows("expenditure"):
        amount = to_decimal(row.get("total"))
        if row.get("level") == "1" and amount is not None:
            classes.append((-amount, row.get("function_name", ""), row.get("total", "")))
    if not classes:
        return ""
    listed = "、".join(f"{name} {format_amount(total)} 万元" for _, name, total in sorted(classes))
    return f"支出按功能分类（类）：{listed}。"


@dataclass(frozen=True)
class SourceFacts:
    """What a document's 来源 list says about its source file (empty: not known)."""

    title: str
    format: str
    pages: str
    path: str
    sha256: str
    url: str
    other_part: str
    notes: str
    package_zip: str
    citation: str

    @property
    def listed(self) -> bool:
        return any(vars(self).values())


def _source_facts(doc: Document, package_zip: str | None) -> SourceFacts:
    meta = {key: str(value).strip() for key, value in doc.meta.items()}
    url = meta.get("source_url", "")
    return SourceFacts(
        title=meta.get("title", ""),
        format=meta.get("source_format", "").upper(),
        pages=meta.get("page_count", ""),
        path=meta.get("source_path", ""),
        sha256=meta.get("source_sha256", ""),
        url=url if url.startswith(("http://", "https://")) else "",
        other_part=meta.get("other_part", ""),
        notes="；".join(line for line in doc.meta.get("notes", "").split("\n") if line.strip()),
        package_zip=package_zip or "",
        citation=_document_citation(doc),
    )


def _document_citation(doc: Document) -> str:
    """The document as a reader cites it: who published what, and where the site keeps its
    figures (no package version: a page changes only with its own document)."""
    title = doc.meta.get("title", "").strip()
    what = f"《{title}》，" if title else ""
    year = f"{doc.year} 年" if doc.year else ""
    return (
        f"{doc.name}：{what}{year}{doc.kind}。{PUBLISHER}整理：《{schema_spec()['package']['title']}》，"
        f"文件编号 {doc.document_id}。"
    )


def _table_part(
    doc: Document, resource: str, index: int, findings: list[Row], prose_count: int
) -> dict[str, object]:
    """One of the nine tables on the 预算表和说明 page: its heading, findings, state (rows,
    empty, found_no_rows, missing) and, when it has rows, its HTML and notes."""
    part: dict[str, object] = {
        "heading": f"{_ORDINALS[index]}、{resource_title(resource)}",
        # Named for what it is, so a link to it holds when a template prints fewer tables.
        "anchor": table_anchor(resource),
        "findings": Markup(findings_blocks(findings)) if findings else "",
        "prose_count": prose_count,
        "state": doc.table_state(resource),
    }
    if part["state"] == "rows":
        rendered = render_table(resource, doc.rows(resource), resource in _SEARCHABLE_TABLES)
        notes = ["单位：万元。", *_printed_notes(doc.printed_table(resource))]
        notes += [page_ref(doc.rows(resource)), *rendered.notes]
        part |= {
            "html": Markup(rendered.html),
            "notes": notes,
            "printed": printed_pages(doc, resource, DOWNLOADS_FROM_PAGES),
        }
    return part


def _no_images_note(doc: Document) -> str:
    """Why a document's tables link no page images: its source is not a PDF file."""
    extract = extracted_from(doc)
    if extract:
        return f"本文件收录的是从原 {extract} 文件提取的文字，没有原文页面的图像可供对照。"
    printed = doc.meta.get("source_format", "").strip().upper()
    if printed == "PDF":
        return ""
    return (
        f"本文件的原始文件是 {printed or '非 PDF'} 文件，没有分页，也就没有原文页面的图像可供对照。"
    )


def _printed_notes(printed: Row | None) -> list[str]:
    """What a table printed that the page does not show as printed: its unit, the columns
    and rows the package does not publish."""
    if printed is None:
        return []
    notes = []
    unit = printed.get("unit", "").strip()
    if printed.get("unit_stated", "").strip() == "False":
        notes.append(f"原表未印金额单位，按{unit}读取。")
    if unit and unit != "万元":
        notes.append(f"原表金额单位为{unit}，已按小数点移位精确换算为万元。")
    left_out = [line for line in printed.get("not_published", "").split("\n") if line.strip()]
    if left_out:
        notes.append(f"原表另有未收录的内容：{'；'.join(left_out)}。")
    return notes


#: Anchors of the page's parts, so other pages (and the findings) can link to them.
PROSE_FIGURES_ID = "prose-figures"
SECTION_IDS: dict[str, str] = {
    "org_units": "org-units",
    "procurement": "procurement",
    "assets": "assets",
    "sections": "sections",
}


def _sign(text: str) -> str:
    """``+181.36`` for an increase, ``-390.80`` for a decrease (as printed, separators added)."""
    shown = format_amount(text)
    value = to_decimal(text)
    return f"+{shown}" if value is not None and value > 0 and not shown.startswith("+") else shown


@dataclass(frozen=True)
class Change:
    """支出总计's change on the year before: the figure (signed, as shown; empty when not
    known), how it is known, and the rate when computed from the year before's document."""

    shown: str = ""
    basis: str = ""
    rate: str = ""

    @property
    def how(self) -> str:
        """How it is known, with the rate in brackets (a card's unit line)."""
        return self.basis + (f"（{self.rate}）" if self.rate else "")


def change_from_last_year(doc: Document, previous: Document | None) -> Change:
    """支出总计 change on the previous year: computed from the previous year's document when
    the package has it, else as the prose states it (``prose_change``)."""
    current = doc_metrics(doc).expenditure_total
    if previous is not None:
        before = doc_metrics(previous).expenditure_total
        if current.value is not None and before.value is not None:
            change = current.value - before.value
            text = format_decimal(change)
            return Change(
                f"+{text}" if change > 0 else text,
                f"与 {previous.year} 年文件的支出总计相比",
                percent(change, before.value),
            )
    stated = doc_metrics(doc).prose_change
    if stated.value is not None:
        return Change(_sign(stated.text), "据情况说明")
    return Change()


@dataclass(frozen=True)
class Card:
    """A headline card: its label (HTML: a term in it may link to its explanation), the
    figure as printed (empty: not known) and its unit with where the figure comes from."""

    label: Markup
    value: str
    unit: str


def _source_unit(figure: Figure) -> str:
    return "万元 · 据情况说明" if figure.source == "prose" else "万元"


def _cards(doc: Document, previous: Document | None, used: set[str]) -> list[Card]:
    """Headline cards: totals, change on last year, basic / project, personnel share,
    “三公”经费, 机关运行经费 — each as printed, marked where it comes from the prose. A term
    not explained yet on the page (``used``) links to its explanation."""
    m = doc_metrics(doc)
    change = change_from_last_year(doc, previous)
    share = m.personnel_share

    def card(label: str, value: str, unit: str) -> Card:
        return Card(Markup(explain_terms(label, used)), value, unit)

    return [
        card("收入总计", shown_amount(m.income_total.text), _source_unit(m.income_total)),
        card("支出总计", shown_amount(m.expenditure_total.text), _source_unit(m.expenditure_total)),
        card("比上年增减", change.shown, "万元" + (f" · {change.how}" if change.how else "")),
        card("基本支出", shown_amount(m.basic.text), _source_unit(m.basic)),
        card("项目支出", shown_amount(m.project.text), _source_unit(m.project)),
        card(
            "人员经费占比",
            "" if share is None else percent(share, Decimal(1)),
            f"人员经费 {m.personnel.shown} 万元 ÷ 基本支出"
            + (" · 据情况说明" if m.personnel.source == "prose" else ""),
        ),
        card("“三公”经费", shown_amount(m.three_public.text), _source_unit(m.three_public)),
        card("机关运行经费", shown_amount(m.operating_costs.text), _source_unit(m.operating_costs)),
    ]


def _has_figures(doc: Document) -> bool:
    m = doc_metrics(doc)
    return any(
        figure.value is not None
        for figure in (m.income_total, m.expenditure_total, m.basic, m.project)
    )


def _what_changed(doc: Document, previous: Document | None, used: set[str]) -> str:
    """The briefing's sentence: 支出总计, its change on the year before and how that is known,
    and its split into 基本支出 and 项目支出, as printed; its terms linked to their
    explanations (and added to ``used``)."""
    m = doc_metrics(doc)
    if m.expenditure_total.value is None:
        return ""
    year = f"{doc.year} 年" if doc.year else ""
    text = f"{year}支出预算 {m.expenditure_total.shown} 万元"
    change = change_from_last_year(doc, previous)
    value = to_decimal(change.shown)
    if value is not None:
        word = "增加" if value > 0 else "减少" if value < 0 else "持平"
        amount = "" if value == 0 else f" {change.shown.lstrip('+-')} 万元"
        how = change.basis + (f"，{change.rate}" if change.rate else "")
        text += f"，比上年{word}{amount}（{how}）"
    parts = [
        f"{label} {figure.shown} 万元"
        for label, figure in (("基本支出", m.basic), ("项目支出", m.project))
        if figure.value is not None
    ]
    if parts:
        text += "；其中" + "，".join(parts)
    return f'<p class="ob-lead">{explain_terms(text, used)}。</p>'


def _audit_summary(doc: Document, quality: str | None) -> str:
    """How many checks ran and how many disagree, pointing to the 数据质量 tab."""
    failed = _failed_words(doc)
    run = doc.meta.get("checks_run", "").strip()
    if run and run != "0":
        summary = f"对本文件运行了 {run} 项算术核对，{failed or '全部相符'}。"
    else:
        summary = f"本文件的审核结果：{failed}。" if failed else "本文件没有可运行的算术核对。"
    summary += "审核发现不改动任何数字：数字照原文发布，发现列在相应表格旁边"
    return summary + (f"，全部发现和提取修复见[数据质量]({quality})。" if quality else "。")


def department_page(
    doc: Document,
    package_zip: str | None = None,
    previous: Document | None = None,
    quality: str | None = None,
) -> str:
    """A document's 概览, read as a briefing: the headline figures and a sentence of what
    changed, the audit in one line, the charts, the source and downloads. The tables, units
    and prose are on its 预算表和说明 page (:func:`details_page`), its projects and data
    quality on their own pages: a reader opens them on demand.

    Headings start at level 2 and anchors are the document's own (``overview``);
    :func:`document_page` prefixes them with the year (``y2025-overview``).
    """
    places = route_findings(doc)
    explained: set[str] = set()  # the terms linked to their explanations so far
    lead = _what_changed(doc, previous, explained)
    values: dict[str, object] = {
        "lead": Markup(lead),
        "cards": _cards(doc, previous, explained)
        if doc.has_standard_tables or _has_figures(doc)
        else [],
        "tables": doc.has_standard_tables,
        "audit": Markup(_audit_summary(doc, quality)),
        "other_findings": Markup(findings_blocks(places["other"], prefix="其他"))
        if places.get("other")
        else "",
        "source": _source_facts(doc, package_zip),
        # This document's own downloads (Excel, JSON, CSV, the source file): see downloads.py.
        "files": getattr(doc, "downloads", None),
        "downloads": DOWNLOADS_FROM_PAGES,
        "extracted_from": extracted_from(doc),
        "projects": "",
        "projects_link": "",
        "printed": "",
        "main_classes": "",
        "function_chart": "",
        "drill": "",
        "charts": [],
    }
    projects = doc.rows("projects")
    if projects:
        values["projects"] = Markup(projects_intro(projects, headline(doc).project))
        values["projects_link"] = f"../{projects_file(doc)}"
    if doc.has_standard_tables:
        units = sorted({u for t in doc.rows("tables") if (u := t.get("unit", "")) != "万元"} - {""})
        values["printed"] = (
            f"原表以{'、'.join(units)}印制的金额已按小数点移位精确换算为万元"
            if units
            else "照录原文"
        )
        values["main_classes"] = _main_classes(doc)
        values |= _charts(doc)
    return render("overview.md", **values) + "\n"


def _charts(doc: Document) -> dict[str, object]:
    """The 概览's charts: spending by 类 across the page with its 款 and 项 under it (the
    drill-down), then the others side by side."""
    expenditure = doc.rows("expenditure")
    charts = department_charts(expenditure, doc.rows("basic_expenditure"), doc.rows("income"))
    tree = function_tree(expenditure)
    drill = drill_html(tree)
    found: dict[str, object] = {}
    if charts and charts[0][0] == FUNCTION_CHART:
        caption, spec = charts.pop(0)
        alt = chart_sentence(expenditure, tree)
        found["function_chart"] = Markup(chart_html(caption, spec, alt, drill and DRILL_ID))
        found["drill"] = Markup(drill)
    found["charts"] = [Markup(chart_html(caption, spec)) for caption, spec in charts]
    return found


def details_page_body(doc: Document) -> str:
    """A document's 预算表和说明 (``templates/details.md``): the figures its prose states, the
    nine tables with the audit's findings beside them, 机构设置, 政府采购, 固定资产 and the
    prose itself."""
    places = route_findings(doc)
    prose_counts = prose_mentions(doc)

    def found(place: str) -> Markup | str:
        return Markup(findings_blocks(places[place])) if places.get(place) else ""

    prose = None
    stated = prose_figures(doc)
    if stated or places.get("prose"):
        table = prose_figures_table(doc, places.get("prose", [])) if stated else ""
        prose = {"table": Markup(table), "findings": found("prose")}
    tables = None
    if doc.has_standard_tables:
        tables = [
            _table_part(
                doc, resource, index, places.get(resource, []), prose_counts.get(resource, 0)
            )
            for index, resource in enumerate(STANDARD_TABLES)
        ]
    org_units = doc.rows("org_units")
    procurement: dict[str, object] = {
        "findings": found("procurement"),
        "prose_count": prose_counts.get("procurement", 0),
        "state": procurement_state(doc),
        "stated": "",
    }
    if procurement["state"] == "rows":
        rows = doc.rows("procurement")
        table, note = procurement_table(rows)
        procurement |= {
            "count": len(rows),
            "units": len(procurement_units(rows)),
            "table": Markup(table),
            "note": Markup(note + page_ref(rows)),
        }
    elif to_decimal(doc.meta.get("prose_procurement_total")):
        procurement["stated"] = format_amount(doc.meta["prose_procurement_total"])
    assets = doc.rows("assets")
    body = render(
        "details.md",
        no_images=_no_images_note(doc) if tables else "",
        prose_id=PROSE_FIGURES_ID,
        ids=SECTION_IDS,
        prose=prose,
        tables=tables,
        org_units={
            "findings": found("org_units"),
            "table": Markup(org_units_table(org_units)) if org_units else "",
        },
        procurement=procurement,
        assets={
            "findings": found("assets"),
            "prose_count": prose_counts.get("assets", 0),
            "tables": Markup(assets_tables(assets)) if assets else "",
            "note": Markup(page_ref(assets)) if assets else "",
        },
        sections=[Markup(section_block(row)) for row in doc.rows("sections")],
    )
    return body + "\n"


# --------------------------------------------------------------------------- departments

_ANCHOR = r"([A-Za-z][A-Za-z0-9_-]*)"


def scope_anchors(text: str, prefix: str) -> str:
    """Prefix every anchor defined or linked in ``text`` (``{#x}``, ``id="x"``, ``#x`` links,
    a chart's ``data-drill="x"``) with ``prefix-``, so several years on one page keep
    distinct anchors."""
    text = re.sub(r"\{#" + _ANCHOR + r"\}", lambda m: f"{{#{prefix}-{m[1]}}}", text)
    text = re.sub(
        r'(?<![\w-])(id|data-drill)="' + _ANCHOR + '"', lambda m: f'{m[1]}="{prefix}-{m[2]}"', text
    )
    text = re.sub(r'href="#' + _ANCHOR + '"', lambda m: f'href="#{prefix}-{m[1]}"', text)
    return re.sub(r"\]\(#" + _ANCHOR + r"\)", lambda m: f"](#{prefix}-{m[1]})", text)


_YEAR_HEAD = (
    "年度",
    "支出总计",
    "基本支出",
    "项目支出",
    "比上年增减",
    "人员经费占比",
    "“三公”经费",
    "机关运行经费",
)


def _year_rows(dept: Department) -> str:
    """The department's years side by side (``templates/years.html``)."""

    def cell(figure: Figure) -> tuple[str, bool]:
        return figure.shown, figure.source == "prose" and bool(figure.text)

    rows = []
    for doc in dept.docs:
        m = doc_metrics(doc)
        share = m.personnel_share
        change = change_from_last_year(doc, dept.previous(doc)).shown
        cells = [cell(figure) for figure in (m.expenditure_total, m.basic, m.project)]
        cells += [
            (change or DASH, False),
            ("" if share is None else percent(share, Decimal(1)), False),
            cell(m.three_public),
            cell(m.operating_costs),
        ]
        link = html_link(department_link(doc, ""))
        rows.append({"link": link, "year": doc.year or "", "cells": cells})
    return render("years.html", head=_YEAR_HEAD, rows=rows)


def department_overview(dept: Department) -> str:
    """The page of a department with several years (``departments/<slug>.md``,
    ``templates/department_years.md``): its years side by side and year-on-year charts; each
    year links to its document's page."""
    oldest_first = sorted(dept.docs, key=lambda doc: doc.year)
    labelled = [(f"{doc.year} 年", doc_metrics(doc)) for doc in oldest_first]
    charts = comparison_charts(labelled, "年度", "历年")
    page = render(
        "department_years.md",
        header=Markup(department_header(dept)),
        years=len(dept.docs),
        table=Markup(_year_rows(dept)),
        charts=Markup(charts_block(charts)) if charts else "",
    )
    return page + "\n"


def _scoped(doc: Document, body: str) -> str:
    """``body`` with its anchors prefixed by the document's year (``#y2025-tables``), the
    anchors links from other pages have used since a page held several years."""
    return scope_anchors(body, year_anchor(doc)).rstrip()


def document_page(
    dept: Department, doc: Document, zip_path: str | None = None, quality: str | None = None
) -> str:
    """The 概览 of one document (``departments/<document id>.md``): the department's
    header with its other years and the document's tabs, then :func:`department_page`."""
    body = department_page(doc, zip_path, dept.previous(doc), quality)
    return f"{document_header(dept, doc, 'overview')}\n\n{_scoped(doc, body)}\n"


def details_page(dept: Department, doc: Document) -> str:
    """The 预算表和说明 of one document (``tables/doc-<document id>.md``)."""
    body = details_page_body(doc)
    return f"{document_header(dept, doc, TABLES_DIR)}\n\n{_scoped(doc, body)}\n"


def projects_page(dept: Department, doc: Document) -> str:
    """Every project of ``doc`` in full (``projects/doc-<document id>.md``): 资金用途, 支出计划,
    绩效目标 and indicators, each block at ``#y2025-project-3``."""
    findings = route_findings(doc).get("projects", [])
    projects = doc.rows("projects")
    body = render(
        "projects.md",
        intro=projects_intro(projects, headline(doc).project) if projects else "",
        no_images=_no_images_note(doc) if projects else "",
        findings=Markup(findings_blocks(findings, ref_label="项目")) if findings else "",
        blocks=Markup(project_blocks(doc, findings)) if projects else "",
    )
    return f"{document_header(dept, doc, PROJECTS_DIR)}\n\n{_scoped(doc, body)}\n"


# --------------------------------------------------------------------------- projects page


def _seq_key(text: str) -> tuple[int, str]:
    text = text.strip()
    return (int(text), "") if text.isdecimal() else (10**9, text)
