"""A maintainer adds a document as CONTRIBUTING.md describes and sees what it adds.

From a repository whose main branch lacks 巨鹿 2025: ``openbudget add`` the PDF fixture,
rebuild, and find its department page, its rows in the package and its entry in
``openbudget diff``; adding it a second time is refused.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT, SOURCES

from openbudget import cli
from openbudget.site import render_pages

PDF = ROOT / "tests" / "fixtures" / "2025-julu-renshe.pdf"


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


def test_add_build_page_package_and_diff(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SOURCES, "sources", ignore=shutil.ignore_patterns("2025-julu-renshe.*"))
    assert cli.main(["build", "--no-site"]) == 0
    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", "sources", "datapackage")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "before")

    url = "https://www.julu.gov.cn/yusuan/2025-renshe.pdf"
    assert cli.main(["add", str(PDF), "--url", url, "--yes"]) == 0
    added = sorted(p.name for p in Path("sources").glob("2025-*"))
    assert added == ["2025-julu-renshe.pdf", "2025-julu-renshe.yaml"]
    assert cli.main(["build", "--no-site"]) == 0

    with open("datapackage/documents.csv", encoding="utf-8", newline="") as handle:
        document = next(r for r in csv.DictReader(handle) if r["document_id"] == "2025-130529-323")
    assert (document["region_name"], document["source_format"], document["source_url"]) == (
        "巨鹿县",
        "pdf",
        url,
    )
    with open("datapackage/projects.csv", encoding="utf-8", newline="") as handle:
        assert sum(r["document_id"] == "2025-130529-323" for r in csv.DictReader(handle)) == 15

    render_pages(Path("datapackage"), Path("docs"))
    page = Path("docs/generated/departments/2025-130529-323.md").read_text(encoding="utf-8")
    assert "巨鹿县人力资源和社会保障局" in page and "2594.80" in page.replace(",", "")

    capsys.readouterr()
    assert cli.main(["diff", "main", "--format", "markdown"]) == 0
    report = capsys.readouterr().out
    assert "2025-130529-323" in report and "巨鹿县人力资源和社会保障局" in report

    assert cli.main(["add", str(PDF), "--yes"]) == 1
    assert "sources/2025-julu-renshe.pdf" in capsys.readouterr().err
