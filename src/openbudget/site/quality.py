"""The data quality pages: every audit finding (checks.csv) and every extraction repair
(repairs.csv), a page per document, and a summary of the documents (one page for a small
site, one per region past 60 documents) linking them.

A real document can have a thousand repairs; a page per document keeps every page the size
of one document's log, however many documents a region has. Findings are listed in full in a
table. Repairs are grouped by kind, each kind a collapsed block with its count, kept out of
the search index (and these pages out of search altogether: see
``openbudget.site.searchindex.SEARCHED_PAGES``).
"""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup

from openbudget.schema import resource_title

from .amounts import format_amount
from .data import Document, Row, SitePackage
from .findings import CHECK_NAMES, SEVERITY_WORDS, is_error, is_rounding, named_tables
from .header import document_header
from .layout import render
from .model import Department
from .tables import REPAIR_KINDS, repair_summary
from .urls import QUALITY_DIR, quality_file


def _table_names(row: Row) -> str:
    names = []
    for name in named_tables(row):
        try:
            names.append(resource_title(name))
        except KeyError:
            names.append(name)
    return "、".join(dict.fromkeys(names))


def check_counts(doc: Document) -> tuple[int, int, int]:
    """The document's failed checks (errors, warnings) and repairs. Remembered (see
    :func:`_counts`): the summaries of a region and of the corpus add them up."""
    rows = doc.rows("checks")
    errors = sum(1 for row in rows if is_error(row))
    return errors, len(rows) - errors, len(doc.rows("repairs"))


def _counts(doc: Document) -> tuple[int, int, int]:
    return doc.remember(check_counts)


def findings_table(rows: list[Row]) -> str:
    """Every finding of one document (``templates/quality_findings.html``)."""
    findings = []
    for row in rows:
        severity = row.get("severity", "")
        rule = row.get("check", "").strip()
        findings.append(
            {
                "seq": row.get("check_seq", ""),
                "severity": "error"
                if is_error(row)
                else "rounding"
                if is_rounding(row)
                else "warning",
                "word": SEVERITY_WORDS.get(severity, severity),
                "check": CHECK_NAMES.get(rule, rule),
                "tables": _table_names(row),
                "place": row.get("row_ref", ""),
                "expected": format_amount(row.get("expected", "")),
                "actual": format_amount(row.get("actual", "")),
                "message": row.get("message", ""),
            }
        )
    return render("quality_findings.html", rows=findings)


def repairs_blocks(rows: list[Row]) -> str:
    """One collapsed block per repair kind (largest first) with its count and rows
    (``templates/repairs.html``)."""
    by_kind: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_kind[row.get("kind", "")].append(row)
    blocks = [
        {"kind": kind, "name": REPAIR_KINDS.get(kind, kind), "rows": group}
        for kind, group in sorted(by_kind.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    return render("repairs.html", blocks=blocks)


def _totals(docs: list[Document]) -> dict[str, int]:
    counts = [_counts(doc) for doc in docs]
    return {
        "documents": len(docs),
        "errors": sum(count[0] for count in counts),
        "warnings": sum(count[1] for count in counts),
        "repairs": sum(count[2] for count in counts),
    }


def quality_index(package: SitePackage, region_pages: dict[str, SitePackage]) -> str:
    """The 数据质量 page of a large corpus (``templates/quality_summary.md``): totals, then one
    row per region linking to the region's own summary (``quality/<region>.md``), which
    links each document's page."""
    regions = [
        {
            "name": part.documents[0].region or "地区未注明",
            "link": f"{QUALITY_DIR}/{key}.md",
            **_totals(part.documents),
        }
        for key, part in region_pages.items()
    ]
    totals = _totals(package.documents)
    return render("quality_summary.md", regions=regions, root="../", **totals) + "\n"


def quality_page(package: SitePackage, pages: str = f"{QUALITY_DIR}/", root: str = "../") -> str:
    """Totals, then a row per document linking its own page (``pages``: the path from this
    page to the documents' pages; ``root``: to the top of the docs folder)."""
    docs = package.documents
    run = sum(
        int(doc.meta["checks_run"])
        for doc in docs
        if doc.meta.get("checks_run", "").strip().isdecimal()
    )
    rows = [
        {
            "doc": doc,
            "link": f"{pages}{quality_file(doc)}",
            **dict(zip(("errors", "warnings", "repairs"), _counts(doc), strict=True)),
        }
        for doc in docs
    ]
    return render("quality_summary.md", run=run, rows=rows, root=root, **_totals(docs)) + "\n"


def document_quality_page(dept: Department, doc: Document, back: str) -> str:
    """One document's findings and repairs, its 数据质量 tab in ``generated/quality/``
    (``back``: the link to the summary that lists it; ``templates/quality.md``)."""
    checks = doc.rows("checks")
    repairs = doc.rows("repairs")
    errors, warnings, _ = _counts(doc)
    page = render(
        "quality.md",
        header=Markup(document_header(dept, doc, QUALITY_DIR)),
        back=back,
        run=doc.meta.get("checks_run", "").strip(),
        errors=errors,
        warnings=warnings,
        findings=Markup(findings_table(checks)) if checks else "",
        repairs=len(repairs),
        repair_summary=repair_summary(repairs),
        repair_blocks=Markup(repairs_blocks(repairs)) if repairs else "",
        data="../../data/",
    )
    return page + "\n"
