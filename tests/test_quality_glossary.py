"""The data quality page (every finding, every repair) and the glossary (名词解释, codes)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from markupsafe import escape
from sample_package import HAIGANG, JULU, PINGXIANG, write_parts, write_sample_package

from openbudget.site import render_pages
from openbudget.site.glossary import parse_terms
from openbudget.site.markdown import md_text
from openbudget.site.tables import REPAIR_KINDS

GLOSSARY_JULU = (
    "1、财政拨款收入：指本级财政当年拨付的资金。\n"
    "2、“三公”经费：是指用财政拨款安排的因公出国（境）费、\n"
    "公务用车购置及运维费和公务接待费。\n"
    "3、机关运行经费：是指各部门的公用经费。"
)
GLOSSARY_HAIGANG = (
    "1、财政拨款收入：指本级财政当年拨付的资金。\n"
    "2、机关运行经费：为保障行政单位运行用于购买货物和服务的各项资金。"
)


def dept(document_id: str) -> str:
    """Link to a document's own page."""
    return f"departments/{document_id}.md"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _append(path: Path, new: list[dict[str, str]]) -> None:
    rows = _rows(path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows + [{**dict.fromkeys(rows[0], ""), **row} for row in new])


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    package = write_sample_package(tmp_path / "datapackage")
    _append(
        package / "sections.csv",
        [
            {"document_id": JULU, "section_no": "90", "heading": "名词解释", "text": GLOSSARY_JULU},
            {
                "document_id": HAIGANG,
                "section_no": "90",
                "heading": "六、名词解释",
                "text": GLOSSARY_HAIGANG,
            },
        ],
    )
    write_parts(package)
    render_pages(package, tmp_path / "docs", node_modules=tmp_path / "none")
    return tmp_path / "docs"


def generated(docs: Path, name: str) -> str:
    return (docs / "generated" / name).read_text(encoding="utf-8")


def own_page(docs: Path, document_id: str) -> str:
    return generated(docs, f"quality/doc-{document_id}.md")


def test_quality_page_lists_every_finding(docs: Path) -> None:
    summary = generated(docs, "quality.md")
    checks = _rows(docs / "data" / "checks.csv")
    assert checks
    for row in checks:
        # Each finding a row, classed by its severity (尾差 quiet, 不符 red: the stylesheet).
        row_html = (
            f'<tr class="ob-sev-{row["severity"]}"><td class="ob-num">{row["check_seq"]}</td>'
        )
        assert row_html in own_page(docs, row["document_id"])
        assert str(escape(row["message"])) in own_page(docs, row["document_id"])
    errors = sum(1 for row in checks if row["severity"] != "warning")
    warnings = len(checks) - errors
    assert f"不符 {errors} 条，提示 {warnings} 条" in summary
    for document_id in (JULU, HAIGANG, PINGXIANG):
        assert f"](quality/doc-{document_id}.md)" in summary
        page = own_page(docs, document_id)
        # Its tabs lead to the document's other pages, its text back to the summary.
        assert f'<a href="../{dept(document_id)[:-3]}.html">概览</a>' in page
        assert "全部文件的汇总见[数据质量](../quality.md)" in page


def test_quality_page_groups_repairs_by_kind_collapsed(docs: Path) -> None:
    repairs = _rows(docs / "data" / "repairs.csv")
    assert repairs
    by_doc = Counter((row["document_id"], row["kind"]) for row in repairs)
    for (document_id, kind), count in by_doc.items():
        page = own_page(docs, document_id)
        name = REPAIR_KINDS.get(kind, kind)
        assert f'<summary>{name}（<span title="{kind}">{count} 条</span>）</summary>' in page
        assert '<details class="note" data-search-ignore>' in page
    for row in repairs:
        assert row["location"] in own_page(docs, row["document_id"])


def test_parse_terms_joins_continued_lines() -> None:
    assert parse_terms(GLOSSARY_JULU) == [
        ("财政拨款收入", "指本级财政当年拨付的资金。"),
        ("“三公”经费", "是指用财政拨款安排的因公出国（境）费、公务用车购置及运维费和公务接待费。"),
        ("机关运行经费", "是指各部门的公用经费。"),
    ]


def test_glossary_terms_are_deduplicated_with_their_sources(docs: Path) -> None:
    text = generated(docs, "glossary.md").split("{#terms}")[1]  # the disclosures' own
    assert text.count("### 财政拨款收入 {#term-") == 1
    # Same wording in two documents: listed once, both documents as its source.
    assert text.count("指本级财政当年拨付的资金。") == 1
    entry = text.split("### 财政拨款收入")[1].split("\n### ")[0]
    assert f"({dept(JULU)})" in entry and f"({dept(HAIGANG)})" in entry
    # Two wordings of one term: both listed, each with its own source.
    entry = text.split("### 机关运行经费")[1].split("\n## ")[0].split("\n### ")[0]
    assert "是指各部门的公用经费。" in entry
    assert "为保障行政单位运行用于购买货物和服务的各项资金。" in entry
    assert "### “三公”经费" in text


def test_glossary_lists_classification_codes(docs: Path) -> None:
    text = generated(docs, "glossary.md")
    functions = text.split("{#function-codes}")[1].split("{#economic-codes}")[0]
    economic = text.split("{#economic-codes}")[1]
    expenditure = _rows(docs / "data" / "expenditure.csv")
    for row in expenditure:
        if row["function_code"]:
            assert f"<code>{row['function_code']}</code>" in functions
            assert md_text(row["function_name"]) in functions
    basic = _rows(docs / "data" / "basic_expenditure.csv")
    codes = {row["economic_code"] for row in basic if row["economic_code"]}
    assert codes
    for code in codes:
        assert f"<code>{code}</code>" in economic


def test_new_pages_are_in_the_nav() -> None:
    import yaml

    root = Path(__file__).resolve().parent.parent
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    pages = [next(iter(item.values())) for item in config["nav"] if isinstance(item, dict)]
    for page in (
        "generated/data.md",
        "generated/dictionary.md",
        "generated/quality.md",
        "generated/glossary.md",
        "about.md",
    ):
        assert page in pages


@pytest.mark.skipif(
    not (Path(__file__).resolve().parent.parent / "node_modules").is_dir(),
    reason="run `npm ci` first",
)
def test_sample_site_builds_the_data_pages_strict(tmp_path: Path) -> None:
    from sample_package import build_sample_site

    from openbudget.site import external_references

    root = Path(__file__).resolve().parent.parent
    site = build_sample_site(tmp_path / "project", root)
    for name in ("data", "dictionary", "quality", "glossary"):
        assert (site / "generated" / f"{name}.html").is_file()
    assert (site / "downloads" / "departments" / JULU / f"{JULU}.xlsx").is_file()
    data = (site / "generated" / "data.html").read_text(encoding="utf-8")
    assert f'href="../downloads/departments/{JULU}/{JULU}.json"' in data
    assert external_references(site) == []
