"""The top of a department's pages: breadcrumbs 首页 › 省 › 市 › 县 › 部门, its years, and the
tabs of one document's pages (概览 · 预算表和说明 · 项目 · 数据质量).

Every page of a document sits one folder below ``generated/`` (see ``urls``), so the links
here are relative to that depth.
"""

from __future__ import annotations

from markupsafe import Markup

from .data import Document, region_key
from .layout import render
from .model import Department
from .urls import (
    DEPARTMENTS_DIR,
    DOCUMENT_TABS,
    QUALITY_DIR,
    department_home,
    document_file,
    region_file,
)

#: From a page one folder below ``generated/``: to ``generated/`` and to the site's top.
_GENERATED = "../"
_ROOT = "../../"


def _crumbs(doc: Document, name: str) -> list[tuple[str, str]]:
    """首页, then the document's province, city and county (the county linking to its
    region's listing), then the department: (label, link or "")."""
    crumbs = [("首页", f"{_ROOT}index.md")]
    places: list[str] = []
    for key in ("province", "city", "region_name"):
        value = doc.meta.get(key, "").strip()
        if value and value not in places:
            places.append(value)
    for index, place in enumerate(places):
        last = index == len(places) - 1
        crumbs.append((place, region_file(region_key(doc), _GENERATED) if last else ""))
    return [*crumbs, (name, "")]


def _years(dept: Department, current: Document | None, tab: str) -> list[tuple[str, str]]:
    """The department's years, each linking to the same tab of that year's document, and its
    overview of the years; the page shown has no link. Empty for a department of one year."""
    if len(dept.docs) < 2:
        return []
    years = [
        (
            f"{doc.year} 年" if doc.year else "年度未注明",
            "" if doc is current else document_file(doc, tab, _GENERATED),
        )
        for doc in dept.docs
    ]
    overview = department_home(dept, f"{_GENERATED}{DEPARTMENTS_DIR}/")
    return [*years, ("历年变化", "" if current is None else overview)]


def _meta(doc: Document) -> list[str]:
    bits = [doc.kind, f"{doc.year} 年" if doc.year else "年度未注明"]
    code = doc.meta.get("department_code", "").strip()
    if code:
        bits.append(f"部门编码 {code}")
    return [*bits, f"文件编号 {doc.document_id}"]


def document_header(dept: Department, doc: Document, tab: str) -> str:
    """Front matter, title and header of the page of ``doc``'s ``tab``."""
    label = dict(DOCUMENT_TABS)[tab]
    year = f"{doc.year} 年" if doc.year else ""
    title = dept.name if tab == "overview" else f"{dept.name}：{year}{label}"
    tabs = [(name, document_file(doc, key, _GENERATED), key == tab) for key, name in DOCUMENT_TABS]
    crumbs = render("breadcrumbs.html", crumbs=_crumbs(doc, dept.name))
    html = render(
        "document_header.html",
        meta=_meta(doc),
        years=_years(dept, doc, tab),
        tabs=tabs,
    )
    # The 数据质量 tab's findings table needs the width of the table of contents.
    return _page_top(title, crumbs, dept.name, html, ("toc",) if tab == QUALITY_DIR else ())


def department_header(dept: Department) -> str:
    """Front matter, title and header of a department's overview of its years."""
    latest = dept.latest
    years = [str(year) for year in dept.years if year]
    meta = [f"{len(years)} 个年度：{'、'.join(years)}"] if years else []
    code = latest.meta.get("department_code", "").strip()
    if code:
        meta.insert(0, f"部门编码 {code}")
    crumbs = render("breadcrumbs.html", crumbs=_crumbs(latest, dept.name))
    html = render(
        "document_header.html",
        meta=meta,
        years=_years(dept, None, "overview"),
        tabs=[],
    )
    return _page_top(dept.name, crumbs, dept.name, html)


def _page_top(title: str, crumbs: str, name: str, html: str, hide: tuple[str, ...] = ()) -> str:
    """``templates/header.md`` around the breadcrumbs and header HTML already rendered."""
    return render(
        "header.md", title=title, hide=hide, crumbs=Markup(crumbs), name=name, html=Markup(html)
    )
