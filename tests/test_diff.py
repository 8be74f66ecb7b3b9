"""``openbudget diff``: the package against a git ref, in a scratch repository."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from openbudget import cli
from openbudget.diff import compare

PACKAGE = ROOT / "datapackage"
DROPPED = "2021-131081-805001"  # 霸州 2021: its rows go
EDITED = "2025-130529-323"  # 巨鹿 2025: 基本支出 and 收入总计 change
ADDED = "2026-130529-323"  # a copy of 巨鹿 2025 as a new document


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "commit.gpgsign=false", *args],
        check=True,
        capture_output=True,
    )


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return list(reader.fieldnames or []), list(reader)


def write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def count(resource: str, document_id: str | None) -> int:
    """Rows of a resource in the committed package (of one document, or all)."""
    rows = read(PACKAGE / f"{resource}.csv")[1]
    return sum(document_id in (None, r["document_id"]) for r in rows)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository whose main has no package, then the committed package; the working
    package drops one document, edits another's amounts and adds a third."""
    monkeypatch.setenv("GIT_AUTHOR_NAME", "t")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "t@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "t")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "t@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README.md").write_text("scratch\n")
    git(tmp_path, "add", "README.md")
    git(tmp_path, "commit", "-q", "-m", "no package yet")
    git(tmp_path, "tag", "before-package")
    package = tmp_path / "datapackage"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("departments"))
    git(tmp_path, "add", "datapackage")
    git(tmp_path, "commit", "-q", "-m", "package")

    for path in sorted(package.glob("*.csv")):
        columns, rows = read(path)
        kept = [r for r in rows if r["document_id"] != DROPPED]
        copies = [{**r, "document_id": ADDED} for r in rows if r["document_id"] == EDITED]
        for r in kept:
            if r["document_id"] != EDITED:
                continue
            if path.name == "expenditure.csv" and r["function_name"] == "合计":
                r["basic"] = "917.80"
                r["total"] = "3512.60"
            if path.name == "budget_summary.csv" and (r["line_kind"], r["side"]) == (
                "total",
                "income",
            ):
                r["amount"] = "3512.60"
        write(path, columns, kept + copies)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_counts_fields_and_headlines(repo):
    report = compare(Path("datapackage"), None)
    assert report.ref == "main"
    by_name = {d.name: d for d in report.resources}

    expenditure = by_name["expenditure"]
    assert len(expenditure.changed) == 1
    key, old, new, fields = expenditure.changed[0]
    assert key == (EDITED, "1")
    assert fields == ["total", "basic"]
    assert (old["basic"], new["basic"]) == ("907.80", "917.80")
    assert len(expenditure.added) == count("expenditure", EDITED)
    assert by_name["budget_summary"].changed_fields() == {"amount": 1}

    for name in ("projects", "indicators", "procurement", "repairs"):
        assert len(by_name[name].removed) == count(name, DROPPED), name
        assert len(by_name[name].added) == count(name, EDITED), name
        assert by_name[name].changed == [], name
    assert len(by_name["income"].added) == count("income", EDITED)
    assert by_name["income"].removed == by_name["income"].changed == []

    changes = {c.document_id: c for c in report.documents}
    assert {k: c.status for k, c in changes.items()} == {
        DROPPED: "removed",
        EDITED: "changed",
        ADDED: "new",
    }
    assert report.unchanged_documents == 3
    edited = changes[EDITED]
    assert edited.before["basic"] == "907.80" and edited.after["basic"] == "917.80"
    assert edited.before["income_total"] == "3502.60"
    assert edited.after["income_total"] == "3512.60"
    assert edited.before["expenditure_total"] == edited.after["expenditure_total"] == "3502.60"
    assert edited.resources == {"budget_summary": [0, 0, 1], "expenditure": [0, 0, 1]}
    assert changes[DROPPED].after is None
    assert changes[DROPPED].before["projects"] == 14
    assert changes[ADDED].before is None
    assert changes[ADDED].after["projects"] == count("projects", EDITED)
    assert changes[ADDED].after["project"] == "2594.80"
    findings = changes[ADDED].after["findings"]
    assert findings == count("checks", EDITED)


def test_text_report(repo, capsys):
    assert cli.main(["diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("datapackage/ against main (")
    assert "documents: 1 new, 1 removed, 1 changed, 3 unchanged" in out
    assert f"changed  {EDITED}  巨鹿县人力资源和社会保障局 2025" in out
    assert "基本支出 907.80 → 917.80" in out
    assert "收入总计 3502.60 → 3512.60" in out
    assert "支出总计 3502.60  " in out  # unchanged: shown once
    assert f"removed  {DROPPED}" in out and f"new      {ADDED}" in out
    assert "项目数 14 → —" in out  # the dropped document
    assert "项目支出 — → 2594.80" in out  # the added one
    assert "rows: budget_summary ~1, expenditure ~1" in out
    assert "(fields: total ×1, basic ×1)" in out
    assert f"~ {EDITED}/1  total: 3502.60 → 3512.60, basic: 907.80 → 917.80" in out


def test_markdown_report(repo, capsys):
    assert cli.main(["diff", "main", "--format", "markdown", "--package", "datapackage"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Data package changes against `main` (")
    assert "### Documents" in out and "### Resources" in out
    assert "| 收入总计 | 支出总计 | 基本支出 | 项目支出 | 项目数 | 审核发现 |" in out
    assert f"| changed | `{EDITED}` | 巨鹿县人力资源和社会保障局 2025 | 3502.60 → 3512.60 |" in out
    rows, added = count("expenditure", None), count("expenditure", EDITED)
    resource_row = (
        f"| `expenditure` | 部门预算支出总表 | {rows} → {rows + added} | {added} | 0 | 1 |"
    )
    assert resource_row + " `total` ×1, `basic` ×1 |" in out
    assert f"<details><summary><code>expenditure</code> +{added} ~1</summary>" in out
    assert f"| {ADDED}/1 | function_code=—" not in out  # empty fields are left out
    assert f"| {ADDED}/1 | function_name=合计, level=0, total=3502.60, basic=907.80 |" in out
    assert f"| {EDITED}/1 | `basic` 基本支出 | 907.80 | 917.80 |" in out
    assert out.count("<details>") == out.count("</details>")


def test_no_differences_and_package_missing_at_ref(repo, capsys):
    git(repo, "checkout", "-q", "--", "datapackage")  # back to the committed package
    assert cli.main(["diff"]) == 0
    assert capsys.readouterr().out.endswith("no differences\n")

    assert cli.main(["diff", "before-package", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "no data package at `before-package`" in out
    assert "Documents: 5 new, 0 removed, 0 changed, 0 unchanged" in out


def test_bad_ref_is_an_error(repo, capsys):
    assert cli.main(["diff", "no-such-branch"]) == 1
    err = capsys.readouterr().err
    assert "error: no-such-branch: no such git ref" in err


def test_package_outside_a_repository_is_an_error(tmp_path, capsys, monkeypatch):
    shutil.copy(PACKAGE / "documents.csv", tmp_path / "documents.csv")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert cli.main(["diff", "--package", str(tmp_path)]) == 1
    assert "not inside a git repository" in capsys.readouterr().err
