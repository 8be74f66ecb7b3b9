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

from .amounts import format_amount, to_decimal
from .data import Document, Row, SitePackage
from .markdown import esc, front_matter, html_link, md_table, md_text
from .projects import indicator_count, project_name
from .urls import project_link, script

_DASH = "—"
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


def _options(counts: Counter[str], labels: dict[str, str] | None = None) -> str:
    return "".join(
        f'<option value="{esc(value)}">{esc((labels or {}).get(value, value))}'
        f"（{counts[value]}）</option>"
        for value in counts
    )


def _select(name: str, label: str, all_label: str, options: str) -> str:
    return (
        f'<label class="ob-filter"><span class="ob-filter__label">{label}</span>'
        f'<select name="{name}" data-filter="{name}">'
        f'<option value="">{all_label}</option>{options}</select></label>'
    )


def _filters(entries: list[Entry]) -> str:
    """The filter form, hidden by the stylesheet while the page's ``<html>`` has Material's
    ``no-js`` class (no dead controls without scripts); with scripts it is in place from the
    first paint (``overrides/main.html``), so showing it moves nothing."""
    departments = Counter(sorted(e.department for e in entries))
    years = Counter(sorted((str(e.doc.year) for e in entries if e.doc.year), reverse=True))
    order = [key for key, *_ in SIZE_BANDS] + [NO_BUDGET[0]]
    sizes = Counter(sorted((e.size for e in entries), key=order.index))
    size_labels = {key: label for key, label, *_ in SIZE_BANDS} | {NO_BUDGET[0]: NO_BUDGET[1]}
    level1 = Counter(sorted(value for e in entries for value in e.level1))
    level2 = Counter(sorted(value for e in entries for value in e.level2))
    controls = [
        _select("department", "部门", "全部部门", _options(departments)),
        _select("year", "年度", "全部年度", _options(years)),
        _select("size", "预算规模", "全部规模", _options(sizes, size_labels)),
        _select("level1", "一级指标", "全部一级指标", _options(level1)),
    ]
    if level2:
        controls.append(_select("level2", "二级指标", "全部二级指标", _options(level2)))
    controls.append(
        '<label class="ob-filter ob-filter--text"><span class="ob-filter__label">项目名称</span>'
        '<input type="search" name="q" data-filter="q" placeholder="输入名称中的字词" '
        'autocomplete="off"></label>'
    )
    return (
        '<form class="ob-explorer__filters" data-search-ignore>\n'
        + "\n".join(controls)
        + '\n<button type="reset" class="md-button ob-filter__reset">清除筛选</button>\n'
        f'<p class="ob-explorer__count" aria-live="polite">共 {len(entries)} 个项目</p>\n'
        "</form>"
    )


def _row(entry: Entry, href: str) -> str:
    doc, project = entry.doc, entry.project
    count = indicator_count(doc, project)
    attrs = {
        "department": entry.department,
        "year": str(doc.year or ""),
        "size": entry.size,
        "level1": SEP + SEP.join(entry.level1) + SEP if entry.level1 else "",
        "level2": SEP + SEP.join(entry.level2) + SEP if entry.level2 else "",
        "name": project_name(project),
    }
    data = "".join(f' data-{key}="{esc(value)}"' for key, value in attrs.items())
    budget = format_amount(project.get("budget", "")) or _DASH
    kinds = "、".join(entry.level1) or _DASH
    return (
        f"<tr{data}>"
        f'<td class="ob-text ob-explorer__dept">{esc(entry.department)}</td>'
        f'<td class="ob-num ob-explorer__year">{esc(str(doc.year or ""))}</td>'
        f'<td class="ob-num ob-explorer__seq">{esc(entry.seq)}</td>'
        f'<td class="ob-text ob-explorer__name"><a href="{esc(href)}">'
        f"{esc(project_name(project))}</a></td>"
        f'<td class="ob-num ob-explorer__budget">{esc(budget)}</td>'
        f'<td class="ob-num ob-explorer__indicators">{_DASH if count is None else count}</td>'
        f'<td class="ob-text ob-explorer__kinds">{esc(kinds)}</td>'
        "</tr>"
    )


def explorer_page(
    package: SitePackage, project_href: ProjectHref | None = None, prefix: str = ""
) -> str:
    """The 项目 page: filters, then every project as a table row linking to its block.

    ``project_href(doc, project_seq)`` gives the link of a project relative to this page;
    by default its ``#project-N`` anchor on the department page. ``prefix`` is the path from
    the page to ``generated/``. The page loads ``explorer.js`` itself, right after the table,
    so that the rows past the first screenfuls are hidden before the first paint.
    """
    href = project_href or default_project_href
    front = front_matter("项目", ("toc",))
    entries = explorer_entries(package)
    if not entries:
        return f"{front}\n\n# 项目绩效目标\n\n数据包中还没有项目绩效目标表。\n"
    documents = len({e.doc.document_id for e in entries})
    departments = len({e.department for e in entries})
    head = "".join(
        f'<th class="{css}">{label}</th>'
        for css, label in (
            ("ob-text", "部门"),
            ("ob-num", "年度"),
            ("ob-num", "序号"),
            ("ob-text", "项目名称"),
            ("ob-num", "预算数（万元）"),
            ("ob-num", "指标数"),
            ("ob-text", "一级指标"),
        )
    )
    body = "\n".join(_row(entry, html_link(href(entry.doc, entry.seq))) for entry in entries)
    intro = (
        f"共 {len(entries)} 个项目，来自 {departments} 个部门的 {documents} 份公开文件的"
        "项目绩效目标表。可按部门、年度、预算规模和绩效指标类别筛选；"
        "点击项目名称查看它的资金用途、绩效目标和绩效指标。预算数单位：万元，照录原文"
        "（旧版格式的表没有列出预算数）。"
    )
    return (
        f"{front}\n\n# 项目绩效目标\n\n{intro}\n\n"
        f"{_filters(entries)}\n\n"
        '<div class="ob-table ob-explorer" data-search-ignore>\n'
        f"<table>\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>\n"
        "</div>\n"
        '<p class="ob-explorer__more" hidden><button type="button" class="md-button">'
        "显示全部</button></p>\n"
        '<p class="ob-explorer__empty" hidden>没有符合条件的项目。</p>\n'
        f'<script src="{esc(script("explorer.js", prefix))}"></script>\n'
    )


def project_count(doc: Document) -> int:
    """How many projects the document lists (remembered: the 项目 index counts every one)."""
    return len(doc.rows("projects"))


def explorer_index(region_pages: dict[str, SitePackage]) -> str:
    """The 项目 page of a large corpus: one row per region linking to the region's own
    projects page (``projects/<region>.md``), with the same filters there."""
    rows = []
    for key, part in region_pages.items():
        counts = [doc.remember(project_count) for doc in part.documents]
        if any(counts):
            rows.append(
                [
                    f"[{md_text(part.documents[0].region or '地区未注明')}](projects/{key}.md)",
                    str(sum(1 for count in counts if count)),
                    str(sum(counts)),
                ]
            )
    total = sum(int(row[2]) for row in rows)
    return (
        f"{front_matter('项目')}\n\n# 项目绩效目标\n\n"
        f"共 {total} 个项目。每个县（市、区）一页，可按部门、年度、预算规模和绩效指标类别筛选。\n\n"
        + md_table(["地区", "公开文件", "项目"], rows, align="lrr")
        + "\n"
    )
