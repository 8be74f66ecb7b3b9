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
from .markdown import front_matter, md_table, md_text
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
    return "、".join(md_text(name) for name in dict.fromkeys(names))


def check_counts(doc: Document) -> tuple[int, int, int]:
    """The document's failed checks (errors, warnings) and repairs. Remembered (see
    :func:`_counts`): the summaries of a region and of the corpus add them up."""
    rows = doc.rows("checks")
    errors = sum(1 for row in rows if is_error(row))
    return errors, len(rows) - errors, len(doc.rows("repairs"))


def _counts(doc: Document) -> tuple[int, int, int]:
    return doc.remember(check_counts)


def findings_table(rows: list[Row]) -> str:
    """Every finding of one document: severity, check, tables, place, figures, message."""
    body = []
    for row in rows:
        severity = row.get("severity", "")
        word = SEVERITY_WORDS.get(severity, md_text(severity))
        css = (
            "ob-sev-error"
            if is_error(row)
            else "ob-sev-rounding"
            if is_rounding(row)
            else "ob-sev-warning"
        )
        rule = row.get("check", "").strip()
        body.append(
            [
                md_text(row.get("check_seq", "")),
                f'<strong class="{css}">{word}</strong>' if is_error(row) else word,
                md_text(CHECK_NAMES.get(rule, rule)),
                _table_names(row),
                md_text(row.get("row_ref", "")),
                format_amount(row.get("expected", "")),
                format_amount(row.get("actual", "")),
                md_text(row.get("message", "")),
            ]
        )
    return md_table(
        ["序号", "级别", "核对", "表", "位置", "应为", "实际", "说明"], body, align="lllllrrl"
    )


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


def quality_index(package: SitePackage, region_pages: dict[str, SitePackage]) -> str:
    """The 数据质量 page of a large corpus: totals, then one row per region linking to the
    region's own summary (``quality/<region>.md``), which links each document's page."""
    rows = []
    for key, part in region_pages.items():
        docs = part.documents
        rows.append(
            [
                f"[{md_text(docs[0].region or '地区未注明')}](quality/{key}.md)",
                str(len(docs)),
                str(sum(_counts(doc)[0] for doc in docs)),
                str(sum(_counts(doc)[1] for doc in docs)),
                f"{sum(_counts(doc)[2] for doc in docs):,}",
            ]
        )
    docs = package.documents
    errors = sum(_counts(doc)[0] for doc in docs)
    warnings = sum(_counts(doc)[1] for doc in docs)
    return (
        "\n\n".join(
            [
                front_matter("数据质量"),
                "# 数据质量",
                f"共 {len(docs)} 份公开文件，不符 {errors} 条，提示 {warnings} 条。"
                "每个县（市、区）一页，列出各文件；每份文件的审核发现和提取修复各有一页。数据见 "
                "[checks.csv](../data/checks.csv) 和 [repairs.csv](../data/repairs.csv)。",
                md_table(["地区", "公开文件", "不符", "提示", "提取修复"], rows, align="lrrrr"),
            ]
        )
        + "\n"
    )


_ABOUT = (
    "公开文件内部有大量冗余（合计等于分项之和、各表之间互相印证、文字说明与表格一致），"
    "每一条这样的关系都是一项算术核对。“不符”是原文的数字互相矛盾；"
    "“提示”是无法完成的核对或可能有合理原因的差异。审核发现不改动任何数字。"
    "从 PDF 等格式提取文字时造成的损坏（跨页断行、被拆开的数字、加粗标记等）"
    "在识别表格之前修复，每处修复都记录在案；修复只针对提取造成的损坏，不改动原文的数字。"
)


def quality_page(package: SitePackage, pages: str = f"{QUALITY_DIR}/", root: str = "../") -> str:
    """Totals, then a row per document linking its own page (``pages``: the path from this
    page to the documents' pages; ``root``: to the top of the docs folder)."""
    docs = package.documents
    run = sum(
        int(doc.meta.get("checks_run", "0") or 0)
        for doc in docs
        if doc.meta.get("checks_run", "").strip().isdecimal()
    )
    errors = sum(_counts(doc)[0] for doc in docs)
    warnings = sum(_counts(doc)[1] for doc in docs)
    repairs = sum(_counts(doc)[2] for doc in docs)
    summary_rows = []
    for doc in docs:
        err, warn, fixed = _counts(doc)
        summary_rows.append(
            [
                f"[{md_text(doc.name)}]({pages}{quality_file(doc)})",
                str(doc.year or ""),
                md_text(doc.meta.get("checks_run", "")),
                str(err),
                str(warn),
                f"{fixed:,}",
            ]
        )
    out = [
        # The findings table needs the width: no navigation sidebar, as on the department pages.
        front_matter("数据质量", ("toc",)),
        "# 数据质量",
        _ABOUT,
        f"共 {len(docs)} 份公开文件，运行 {run:,} 项核对，不符 {errors} 条，提示 {warnings} 条；"
        f"提取修复 {repairs:,} 处。点击部门名称查看该文件的每条审核发现和每处修复。数据见 "
        f"[checks.csv]({root}data/checks.csv) 和 [repairs.csv]({root}data/repairs.csv)。",
        md_table(
            ["部门", "年度", "核对项数", "不符", "提示", "提取修复"],
            summary_rows,
            align="lrrrrr",
        ),
    ]
    return "\n\n".join(out) + "\n"


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
        repair_summary=Markup(repair_summary(repairs)) if repairs else "",
        repair_blocks=Markup(repairs_blocks(repairs)) if repairs else "",
        data="../../data/",
    )
    return page + "\n"
