"""Departments side by side: the comparison pages (比较).

Departments and their figures are the site's model (:mod:`.model`); this module groups them
into comparisons (the same kind of department across regions, one year's departments) and
renders their charts and sortable tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from .amounts import format_amount, format_decimal, to_decimal
from .charts import amount_text, chart_html, comparison_chart
from .data import Document, SitePackage, is_large, region_key
from .layout import render
from .model import (
    Figure,
    Metrics,
    department_key,
    department_kind,
    doc_metrics,
    kind_slug,
    percent,
    short_name,
)
from .urls import COMPARE_DIR, html_link

# --------------------------------------------------------------------------- charts


def _value(name: str, part: str, figure: Figure) -> dict[str, Any] | None:
    amount = figure.value
    if amount is None:
        return None
    return {
        "name": name,
        "part": part,
        "amount": amount,
        "amount_text": amount_text(amount, figure.text),
    }


def _values(rows: list[tuple[str, list[tuple[str, Figure]]]]) -> list[dict[str, Any]]:
    out = []
    for name, parts in rows:
        for part, figure in parts:
            item = _value(name, part, figure)
            if item is not None:
                out.append(item)
    return out


#: At most this many function classes get their own colour; the rest are 其他.
_MAX_CLASSES = 6


def comparison_charts(
    labelled: list[tuple[str, Metrics]], category_title: str, subject: str
) -> list[tuple[str, dict[str, Any]]]:
    """The comparison charts of documents labelled for the chart (a department, a year).

    ``subject`` names what is compared (``各部门``, ``历年``) in the chart titles.
    """
    order = [label for label, _ in labelled]
    charts: list[tuple[str, dict[str, Any] | None]] = []

    def add(
        topic: str,
        description: str,
        values: list[dict[str, Any]],
        parts: list[str],
        part_title: str,
        grouped: bool = False,
    ) -> None:
        title = f"{subject}{topic}"
        chart = comparison_chart(
            title,
            description,
            category_title,
            values,
            parts=parts,
            part_title=part_title,
            order=order,
            grouped=grouped,
        )
        charts.append((title, chart))

    spending = _values(
        [(label, [("基本支出", m.basic), ("项目支出", m.project)]) for label, m in labelled]
    )
    add(
        "基本支出与项目支出",
        "支出合计中基本支出和项目支出的金额，单位万元。",
        spending,
        ["基本支出", "项目支出"],
        "支出类型",
    )
    totals: dict[str, Decimal] = {}
    for _, metrics in labelled:
        for name, text in metrics.classes:
            totals[name] = totals.get(name, Decimal(0)) + (to_decimal(text) or Decimal(0))
    ranked = [name for name, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    kept = ranked if len(ranked) <= _MAX_CLASSES + 1 else ranked[:_MAX_CLASSES]
    classes = []
    for label, metrics in labelled:
        other = Decimal(0)
        has_other = False
        for name, text in metrics.classes:
            amount = to_decimal(text)
            if amount is None or amount == 0:
                continue
            if name in kept:
                classes.append(
                    {
                        "name": label,
                        "part": name,
                        "amount": amount,
                        "amount_text": amount_text(amount, text),
                    }
                )
            else:
                other += amount
                has_other = True
        if has_other:
            classes.append(
                {
                    "name": label,
                    "part": "其他",
                    "amount": other,
                    "amount_text": format_decimal(other),
                }
            )
    add(
        "支出功能分类",
        "部门预算支出总表按支出功能分类（类级）列示的支出合计，单位万元。",
        classes,
        [*kept, "其他"],
        "功能分类（类）",
    )
    funds = _values(
        [
            (label, [("人员经费", m.personnel), ("公用经费", m.public_funds)])
            for label, m in labelled
        ]
    )
    add(
        "人员经费与公用经费",
        "一般公共预算财政拨款基本支出中的人员经费和公用经费，单位万元。",
        funds,
        ["人员经费", "公用经费"],
        "经费类型",
    )
    running = _values(
        [
            (label, [("“三公”经费", m.three_public), ("机关运行经费", m.operating_costs)])
            for label, m in labelled
        ]
    )
    add(
        "“三公”经费与机关运行经费",
        "财政拨款“三公”经费合计与机关运行经费（两者并列，不相加），单位万元。",
        running,
        ["“三公”经费", "机关运行经费"],
        "经费",
        grouped=True,
    )
    return [(caption, spec) for caption, spec in charts if spec is not None]


def charts_block(charts: list[tuple[str, dict[str, Any]]]) -> str:
    return (
        '<div class="ob-charts">\n'
        + "\n".join(chart_html(caption, spec) for caption, spec in charts)
        + "\n</div>"
    )


# --------------------------------------------------------------------------- tables


def _num(figure: Figure | None = None, text: str = "") -> tuple[str, str, bool]:
    """A numeric cell: its sort key, the printed figure, and whether it was taken from the
    prose (shown with a ``*``)."""
    if figure is not None:
        shown = format_amount(figure.text)
        return figure.text.replace(",", ""), shown, figure.source == "prose" and bool(shown)
    return text.replace(",", "").rstrip("%"), text, False


@dataclass(frozen=True)
class Entry:
    """One document in a comparison: its label, link and figures."""

    doc: Document
    link: str
    label: str
    metrics: Metrics


_NAME_HEAD = [("部门", "ob-text"), ("地区", "ob-text"), ("年度", "ob-num")]


def sortable_table(
    head: list[tuple[str, str]], entries: list[Entry], cells: list[list[tuple[str, str, bool]]]
) -> str:
    """A table readers can sort by clicking a heading (``templates/sortable.html``): each
    entry's name, region and year, then its ``cells``."""
    rows = [
        {
            "link": html_link(entry.link),
            "name": entry.doc.name,
            "region": entry.doc.local_region,
            "year": entry.doc.year,
            "cells": figures,
        }
        for entry, figures in zip(entries, cells, strict=True)
    ]
    return render("sortable.html", head=[*_NAME_HEAD, *head], rows=rows)


def totals_table(entries: list[Entry]) -> str:
    cells = []
    for entry in entries:
        m = entry.metrics
        share = percent(m.project.value, (m.basic.value or 0) + (m.project.value or 0) or None)
        cells.append(
            [_num(m.income_total), _num(m.expenditure_total), _num(m.basic), _num(m.project)]
            + [_num(text=share)]
        )
    head = [
        ("收入总计", "ob-num"),
        ("支出总计", "ob-num"),
        ("基本支出", "ob-num"),
        ("项目支出", "ob-num"),
        ("项目支出占比", "ob-num"),
    ]
    return sortable_table(head, entries, cells)


def classes_table(entries: list[Entry]) -> str:
    totals: dict[str, Decimal] = {}
    for entry in entries:
        for name, text in entry.metrics.classes:
            totals[name] = totals.get(name, Decimal(0)) + (to_decimal(text) or Decimal(0))
    names = [name for name, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    cells = [
        [_num(Figure(dict(entry.metrics.classes).get(name, ""), "table")) for name in names]
        for entry in entries
    ]
    return sortable_table([(name, "ob-num") for name in names], entries, cells)


def funds_table(entries: list[Entry]) -> str:
    cells = []
    for entry in entries:
        m = entry.metrics
        share = m.personnel_share
        cells.append(
            [_num(m.personnel), _num(m.public_funds)]
            + [_num(text="" if share is None else percent(share, Decimal(1)))]
        )
    head = [("人员经费", "ob-num"), ("公用经费", "ob-num"), ("人员经费占比", "ob-num")]
    return sortable_table(head, entries, cells)


def running_table(entries: list[Entry]) -> str:
    cells = [
        [
            _num(entry.metrics.three_public),
            _num(entry.metrics.travel_abroad),
            _num(entry.metrics.vehicles),
            _num(entry.metrics.reception),
            _num(entry.metrics.operating_costs),
        ]
        for entry in entries
    ]
    head = [
        ("“三公”经费合计", "ob-num"),
        ("因公出国（境）费", "ob-num"),
        ("公务用车购置及运行维护费", "ob-num"),
        ("公务接待费", "ob-num"),
        ("机关运行经费", "ob-num"),
    ]
    return sortable_table(head, entries, cells)


def comparison_sections(
    entries: list[Entry], category_title: str, subject: str, level: int = 2
) -> str:
    """Charts and sortable tables comparing ``entries``, section by section
    (``templates/comparison.md``; ``level``: the sections' heading level)."""
    charts = dict(
        comparison_charts(
            [(entry.label, entry.metrics) for entry in entries], category_title, subject
        )
    )

    def chart(caption: str) -> Markup | str:
        spec = charts.get(caption)
        return Markup(charts_block([(caption, spec)])) if spec else ""

    return render(
        "comparison.md",
        h="#" * level,
        charts={
            "totals": chart(f"{subject}基本支出与项目支出"),
            "functions": chart(f"{subject}支出功能分类"),
            "personnel": chart(f"{subject}人员经费与公用经费"),
            "running": chart(f"{subject}“三公”经费与机关运行经费"),
        },
        tables={
            "totals": Markup(totals_table(entries)),
            "functions": Markup(classes_table(entries))
            if any(entry.metrics.classes for entry in entries)
            else "",
            "personnel": Markup(funds_table(entries)),
            "running": Markup(running_table(entries)),
        },
    )


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Comparison:
    """One comparison page: its file stem under ``generated/compare/``, title and documents."""

    slug: str
    title: str
    intro: str
    docs: tuple[Document, ...]
    by_region: bool

    @property
    def link(self) -> str:
        """The page, from the 比较 page."""
        return f"{COMPARE_DIR}/{self.slug}.md"

    @property
    def where(self) -> str:
        """The region of a comparison within one year and region."""
        doc = self.docs[0]
        return doc.meta.get("region_name", "").strip() or doc.local_region or "地区未注明"


def comparisons(package: SitePackage) -> list[Comparison]:
    """Peer departments (the same kind in several regions), then each year with several
    documents. Past :data:`~openbudget.site.data.HOME_LIMIT` documents, peers are compared
    year by year and a year's departments region by region, so no comparison page grows
    with the corpus (only with the regions of a province or the departments of a region)."""
    found: list[Comparison] = []
    large = is_large(package)
    kinds: dict[str, list[Document]] = {}
    for doc in package.documents:
        kinds.setdefault(department_kind(doc), []).append(doc)
    for kind, docs in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        groups = _by(docs, lambda doc: doc.year, newest_first=True) if large else {None: docs}
        for year, group in groups.items():
            if len({department_key(doc) for doc in group}) < 2:
                continue
            when = f"{year} 年" if year else ""
            found.append(
                Comparison(
                    slug=kind_slug(kind) + (f"-{year}" if large else ""),
                    title=f"{when}各地{kind}",
                    intro=f"收录的 {len(group)} 份{when}{kind}公开文件，按年度和地区并列。",
                    docs=tuple(group),
                    by_region=True,
                )
            )
    dated = [doc for doc in package.documents if doc.year]
    years = _by(dated, lambda doc: doc.year, newest_first=True)
    for year, docs in years.items():
        groups = _by(docs, region_key) if large else {None: docs}
        for region, group in groups.items():
            if len(group) < 2:
                continue
            where = group[0].local_region or group[0].region if region else ""
            found.append(
                Comparison(
                    slug=f"{year}-{region}" if region else str(year),
                    title=f"{year} 年{where}各部门",
                    intro=f"{year} 年度{where}的 {len(group)} 份部门预算公开文件并列比较。",
                    docs=tuple(group),
                    by_region=False,
                )
            )
    return found


def _by(docs: list[Document], key: Any, newest_first: bool = False) -> dict[Any, list[Document]]:
    """Documents grouped by ``key(doc)``, the groups in key order (years newest first)."""
    grouped: dict[Any, list[Document]] = {}
    for doc in docs:
        grouped.setdefault(key(doc), []).append(doc)
    return dict(sorted(grouped.items(), key=lambda kv: kv[0], reverse=newest_first))


def _entries(docs: list[Document], link_for: Any, label_for: Any) -> list[Entry]:
    return [Entry(doc, link_for(doc), label_for(doc), doc_metrics(doc)) for doc in docs]


def comparison_page(comparison: Comparison, link_for: Any) -> str:
    """A page comparing the documents of ``comparison`` (``templates/compare_page.md``);
    ``link_for(doc)`` is the relative link to a document's part of its department page."""

    def label(doc: Document) -> str:
        where = doc.meta.get("region_name", "").strip() or doc.local_region
        return f"{where} {doc.year}" if comparison.by_region else short_name(doc)

    entries = _entries(list(comparison.docs), link_for, label)
    by_region = comparison.by_region
    sections = comparison_sections(
        entries, "部门（地区、年度）" if by_region else "部门", "各地" if by_region else "各部门"
    )
    return (
        render(
            "compare_page.md",
            title=comparison.title,
            intro=comparison.intro,
            sections=Markup(sections),
        )
        + "\n"
    )


def compare_index(package: SitePackage, link_for: Any) -> str:
    """The 比较 page (``templates/compare_index.md``): what can be compared, and every
    document side by side; for a large corpus, each kind of department with a link per year,
    then each year with a link per region."""
    docs = package.documents
    pages = comparisons(package)
    values: dict[str, Any] = {"documents": len(docs)}
    if is_large(package):
        kinds: dict[str, list[Comparison]] = {}
        years: dict[int, list[Comparison]] = {}
        for page in pages:
            if page.by_region:
                kinds.setdefault(department_kind(page.docs[0]), []).append(page)
            else:
                years.setdefault(page.docs[0].year, []).append(page)
        values |= {"kinds": kinds, "years": years}
    elif docs:
        entries = _entries(docs, link_for, lambda doc: f"{short_name(doc)} {doc.year}")
        sections = comparison_sections(entries, "部门（年度）", "各部门", level=3)
        values |= {"topics": pages, "sections": Markup(sections)}
    return render("compare_index.md", **values) + "\n"
