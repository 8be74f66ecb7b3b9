"""Where every generated page lives: the site's one URL scheme.

Paths are of Markdown sources relative to ``docs/generated/`` (MkDocs turns ``x.md`` into
``x.html``); a ``prefix`` argument is the path from the linking page to ``generated/``
(``"../"`` from a page one folder down). A document's pages never move when other documents
or years are added, so links to them stay good.

- ``departments/<document id>.md``: a document's 概览 (one year of a department);
- ``tables/doc-<document id>.md``: its tables, units, procurement, assets and prose;
- ``projects/doc-<document id>.md``: its projects in full; ``quality/doc-<id>.md``: its
  findings and repairs;
- ``departments/<region>-<department>.md``: a department with several years;
- ``regions/<region code>.md``: a region's listing; ``compare/<slug>.md``: a comparison.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .data import Document
    from .model import Department

DEPARTMENTS_DIR = "departments"
REGIONS_DIR = "regions"
QUALITY_DIR = "quality"
PROJECTS_DIR = "projects"
TABLES_DIR = "tables"
COMPARE_DIR = "compare"
#: ``docs/downloads/`` from a document's pages (each one folder down in ``generated/``).
DOWNLOADS_FROM_PAGES = "../../downloads/"

#: A document's pages, in the order of its tabs: (tab, label). ``overview`` is its own page
#: in ``departments/``; every other tab is ``<tab>/doc-<document id>.md``.
DOCUMENT_TABS = (
    ("overview", "概览"),
    (TABLES_DIR, "预算表和说明"),
    (PROJECTS_DIR, "项目"),
    (QUALITY_DIR, "数据质量"),
)


def doc_file_name(document_id: str) -> str:
    """A document's file name in a tab's folder: ``doc-2025-130529-323`` (``doc-``, so it
    never meets a region's page in the same folder)."""
    return "doc-" + (re.sub(r"[^A-Za-z0-9_-]", "-", document_id) or "document")


def document_file(doc: Document, tab: str = "overview", prefix: str = "") -> str:
    """The page of ``doc``'s ``tab``: ``departments/2025-130529-323.md`` for its 概览,
    ``tables/doc-2025-130529-323.md`` for its tables."""
    if tab == "overview":
        return f"{prefix}{DEPARTMENTS_DIR}/{doc.document_id}.md"
    return f"{prefix}{tab}/{doc_file_name(doc.document_id)}.md"


def department_link(doc: Document, prefix: str = "departments/") -> str:
    """Link to ``doc``'s 概览 from a page whose path to ``departments/`` is ``prefix``."""
    return f"{prefix}{doc.document_id}.md"


def department_home(dept: Department, prefix: str = "departments/") -> str:
    """The page a department's name links to: its overview of the years when it has several
    (``departments/130529-323.md``), else its one document's page."""
    if len(dept.docs) > 1:
        return f"{prefix}{dept.slug}.md"
    return department_link(dept.latest, prefix)


def projects_file(doc: Document) -> str:
    """The page with every project of ``doc`` in full: ``projects/doc-2025-130529-323.md``."""
    return document_file(doc, PROJECTS_DIR)


def quality_file(doc: Document) -> str:
    """The file name of ``doc``'s own quality page, in ``quality/``."""
    return f"{doc_file_name(doc.document_id)}.md"


def quality_link(doc: Document, prefix: str = "../") -> str:
    """Link to ``doc``'s own quality page from a folder beside ``quality/``."""
    return document_file(doc, QUALITY_DIR, prefix)


def region_file(key: str, prefix: str = "") -> str:
    """A region's listing page: ``regions/130529.md``."""
    return f"{prefix}{REGIONS_DIR}/{key}.md"


def year_anchor(doc: Document) -> str:
    """The anchor of a year's part of a page, and the prefix of its anchors: ``y2025``."""
    return f"y{doc.year}" if doc.year else "y-unknown"


def chart_anchor(caption: str) -> str:
    """A chart's id, from what it shows (its caption in pinyin): 支出功能分类 →
    ``chart-zhi-chu-gong-neng-fen-lei``, wherever the chart is on its page."""
    from pypinyin import lazy_pinyin

    words = (re.sub(r"[^a-z0-9]", "", word.lower()) for word in lazy_pinyin(caption))
    return "chart-" + "-".join(word for word in words if word)


def table_anchor(resource: str) -> str:
    """The anchor of a standard table on its document's 预算表和说明 page:
    ``table-budget-summary`` (the year goes before it, as for every anchor of a document)."""
    return "table-" + resource.replace("_", "-")


def project_anchor(project_seq: str) -> str:
    """The anchor of a project on its document's projects page: ``project-3``."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", project_seq.strip()).strip("-")
    return f"project-{slug or 'x'}"


def project_link(doc: Document, project_seq: str, root: str = "") -> str:
    """Link to project ``project_seq`` of ``doc`` on its projects page, e.g.
    ``projects/doc-2025-130529-323.md#y2025-project-3``; ``root`` is the path from the
    linking page to the generated folder."""
    anchor = f"{year_anchor(doc)}-{project_anchor(project_seq)}"
    return f"{root}{projects_file(doc)}#{anchor}"


def html_link(link: str) -> str:
    """A page link for raw HTML, which MkDocs does not rewrite: ``x.md#a`` → ``x.html#a``
    (the site uses plain ``.html`` file names, ``use_directory_urls: false``)."""
    return re.sub(r"\.md(#|$)", r".html\1", link)


def script(name: str, prefix: str = "") -> str:
    """The site's own script ``name`` (``docs/javascripts/``), from a generated page."""
    return f"{prefix}../javascripts/{name}"
