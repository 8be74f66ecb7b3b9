"""The projects explorer (项目): every project of every department in one filterable table.

The page is a plain HTML table, one row per project, each row carrying what the filters need
as ``data-`` attributes (department, year, budget band, the 一级 / 二级指标 its indicators
use). ``docs/javascripts/explorer.js`` hides the rows that do not match; without JavaScript
the stylesheet hides the filter form and the whole table shows. Each project links
to its block on its department page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from .amounts import DASH, format_amount, to_decimal
from .data import Document, Row, SitePackage
from .layout import render
from .projects import indicator_count, project_name
from .urls import PROJECTS_DIR, html_link, project_link, script

#: Separator of multi-valued data attributes (never part of a 一级 / 二级指标 name).
SEP = "|"

#: Budget bands (万元): key, label, lower bound (inclusive), upper bound (exclusive).
SIZE_BANDS: tuple[tuple[str, str, Decimal | None, Decimal | None], ...] = (
    ("lt10", "10 万元以下", None, Decimal(10)),
    ("10-50", "10–50 万元", Decimal(10), Decimal(50)),
    ("50-100", "50–100 万元", Decimal(50), Decimal(100)),
    ("100-500", "100–500 万元", Decimal(100), Decimal(500)),
    ("ge500", "500 万元及以上", Decimal(500), None),
)
NO_BUDGET = ("none", "未列预算数")

#: Where a project's block is, relative to the explorer page (``generated/projects.md``).
ProjectHref = Callable[[Document, str], str]


def size_band(budget: str) -> str:
    """The key of the budget band of a printed 预算数 (``none`` when not printed)."""
    amount = to_decimal(budget)
    if amount is None:
        return NO_BUDGET[0]
    for key, _, low, high in SIZE_BANDS:
        if (low is None or amount >= low) and (high is None or amount < high):
            return key
    return NO_BUDGET[0]  # pragma: no cover - the bands cover every amount


def _clean(text: str) -> str:
    return " ".join(text.split())


def department_label(doc: Document) -> str:
    """A department as the filter names it: its name, after its county (or city) unless the
    name already starts with it (``霸州市人力资源和社会保障局``)."""
    place = doc.meta.get("region_name", "").strip() or doc.meta.get("city", "").strip()
    if not place or place in doc.name:
        return doc.name
    return f"{place} {doc.name}"


def default_project_href(doc: Document, project_seq: str) -> str:
    """The project's block on its document's projects page, relative to the generated folder
    (``projects/doc-2025-130529-323.md#y2025-project-3``)."""
    return project_link(doc, project_seq)


def _seq_key(text: str) -> tuple[int, str]:
    text = text.strip()
    return (int(text), "") if text.isdecimal() else (10**9, text)


@dataclass(frozen=True)
class Entry:
    """One project with what the table shows and the filters test."""

    doc: Document
    project: Row
    department: str
    size: str
    level1: tuple[str, ...]
    level2: tuple[str, ...]

    @property
    def seq(self) -> str:
        return self.project.get("project_seq", "").strip()


def _levels(indicators: list[Row], column: str) -> tuple[str, ...]:
    found: list[str] = []
    for row in indicators:
        value = _clean(row.get(column, "")).replace(SEP, "/")
        if value and value not in found:
            found.append(value)
    return tuple(found)


def explorer_entries(package: SitePackage) -> list[Entry]:
    """Every project, by department, year (newest first) and printed order."""
    entries = []
    for doc in package.documents:
        for project in doc.rows("projects"):
            indicators = doc.indicators(project.get("project_seq", ""))
            entries.append(
                Entry(
                    doc=doc,
                    project=project,
                    department=department_label(doc),
                    size=size_band(project.get("budget", "")),
                    level1=_levels(indicators, "level1"),
                    level2=_levels(indicators, "level2"),
                )
            )
    entries.sort(key=lambda e: (e.department, -e.doc.year, e.doc.document_id, _seq_key(e.seq)))
    return entries


def _options(counts: Counter[str], labels: dict[str, str] | None = None) -> list[tuple]:
    return [(value, (labels or {}).get(value, value), counts[value]) for value in counts]


def _filters(entries: list[Entry]) -> list[dict[str, object]]:
    """The filter form's selects: name, label, the "all" choice and (value, label, count)
    of each option."""
    departments = Counter(sorted(e.department for e in entries))
    years = Counter(sorted((str(e.doc.year) for e in entries if e.doc.year), reverse=True))
    order = [key for key, *_ in SIZE_BANDS] + [NO_BUDGET[0]]
    sizes = Counter(sorted((e.size for e in entries), key=order.index))
    size_labels = {key: label for key, label, *_ in SIZE_BANDS} | {NO_BUDGET[0]: NO_BUDGET[1]}
    level1 = Counter(sorted(value for e in entries for value in e.level1))
    level2 = Counter(sorted(value for e in entries for value in e.level2))
    filters = [
        ("department", "部门", "全部部门", _options(departments)),
        ("year", "年度", "全部年度", _options(years)),
        ("size", "预算规模", "全部规模", _options(sizes, size_labels)),
        ("level1", "一级指标", "全部一级指标", _options(level1)),
    ]
    if level2:
        filters.append(("level2", "二级指标", "全部二级指标", _options(level2)))
    return [
        {"name": name, "label": label, "all": every, "options": options}
        for name, label, every, options in filters
    ]


def _row(entry: Entry, href: str) -> dict[str, object]:
    """A project's row: what the filters test (``data``, its department, year and name shown
    too) and what else it shows."""
    doc, project = entry.doc, entry.project
    count = indicator_count(doc, project)
    data = {
        "department": entry.department,
        "year": str(doc.year or ""),
        "size": entry.size,
        "level1": SEP + SEP.join(entry.level1) + SEP if entry.level1 else "",
        "level2": SEP + SEP.join(entry.level2) + SEP if entry.level2 else "",
        "name": project_name(project),
    }
    return {
        "data": data,
        "seq": entry.seq,
        "href": href,
        "budget": format_amount(project.get("budget", "")),
        "indicators": DASH if count is None else count,
        "kinds": "、".join(entry.level1),
    }


def explorer_page(
    package: SitePackage, project_href: ProjectHref | None = None, prefix: str = ""
) -> str:
    """The 项目 page (``templates/explorer.md``): filters, then every project as a table row
    linking to its block.

    ``project_href(doc, project_seq)`` gives the link of a project relative to this page;
    by default its ``#project-N`` anchor on the department page. ``prefix`` is the path from
    the page to ``generated/``. The page loads ``explorer.js`` itself, right after the table.
    """
    href = project_href or default_project_href
    entries = explorer_entries(package)
    table = render(
        "explorer_table.html",
        rows=[_row(entry, html_link(href(entry.doc, entry.seq))) for entry in entries],
        filters=_filters(entries),
        script=script("explorer.js", prefix),
    )
    return (
        render(
            "explorer.md",
            projects=len(entries),
            departments=len({e.department for e in entries}),
            documents=len({e.doc.document_id for e in entries}),
            table=Markup(table) if entries else "",
        )
        + "\n"
    )


def project_count(doc: Document) -> int:
    """How many projects the document lists (remembered: the 项目 index counts every one)."""
    return len(doc.rows("projects"))


def explorer_index(region_pages: dict[str, SitePackage]) -> str:
    """The 项目 page of a large corpus (``templates/explorer_index.md``): one row per region
    with projects, linking to the region's own projects page (``projects/<region>.md``)."""
    regions = []
    for key, part in region_pages.items():
        counts = [doc.remember(project_count) for doc in part.documents]
        if any(counts):
            regions.append(
                {
                    "name": part.documents[0].region or "地区未注明",
                    "link": f"{PROJECTS_DIR}/{key}.md",
                    "documents": sum(1 for count in counts if count),
                    "projects": sum(counts),
                }
            )
    return render("explorer_index.md", regions=regions) + "\n"
