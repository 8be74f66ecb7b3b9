"""scripts/ci_summary.py: parse failures first in the job summary, audit findings listed."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "ci_summary.py"
spec = importlib.util.spec_from_file_location("ci_summary", SCRIPT)
ci_summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ci_summary)

STDERR = """\
make: Entering directory '/repo'
Traceback-free noise from the installer
error: sources/2025-新的文件.pdf: the PDF has no text layer (a scan?); it needs OCR first
make: *** [Makefile:13: site] Error 1
"""


def test_failure_puts_the_file_and_reason_first() -> None:
    text = ci_summary.failure(STDERR)
    lines = text.splitlines()
    assert lines[0] == "### ❌ 解析失败 (build failed)"
    first_item = next(line for line in lines if line.startswith("- "))
    assert first_item == (
        "- `sources/2025-新的文件.pdf`: the PDF has no text layer (a scan?); it needs OCR first"
    )
    # the file comes before any other output of the build
    assert text.index("新的文件.pdf") < text.index("Error 1")
    assert "Traceback-free noise" not in text


def test_failure_lists_every_error_line() -> None:
    text = ci_summary.failure("error: sources/a.docx: encrypted\nerror: sources/b.xlsx: empty\n")
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert items == ["- `sources/a.docx`: encrypted", "- `sources/b.xlsx`: empty"]


def test_failure_without_error_line_shows_the_end_of_stderr() -> None:
    text = ci_summary.failure("\n".join(f"line {i}" for i in range(100)))
    assert text.startswith("### ❌ 解析失败")
    assert "line 99" in text and "line 10\n" not in text


def test_stale_says_how_to_fix() -> None:
    text = ci_summary.stale(" M datapackage/income.csv\n?? datapackage/departments/x.zip\n")
    assert text.startswith("### ❌ datapackage/")
    assert "make site" in text and "datapackage/departments/x.zip" in text


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A data package with two documents, each with one finding."""
    doc = {
        "document_kind": "部门预算",
        "checks_run": "10",
        "checks_failed": "1",
        "tables_found": "income expenditure",
    }
    write_csv(
        tmp_path / "documents.csv",
        [
            doc
            | {
                "document_id": "2025-1-a",
                "department_name": "甲局",
                "year": "2025",
                "source_path": "sources/new-a.pdf",
            },
            doc
            | {
                "document_id": "2024-2-b",
                "department_name": "乙局",
                "year": "2024",
                "source_path": "sources/old-b.txt",
            },
        ],
    )
    finding = {"severity": "error", "table": "income", "row_ref": "208 社会保障和就业支出"}
    write_csv(
        tmp_path / "checks.csv",
        [
            finding | {"document_id": "2025-1-a", "message": "合计不符 | 相差 0.01"},
            finding | {"document_id": "2024-2-b", "message": "乙局的问题"},
        ],
    )
    return tmp_path


def test_findings_of_changed_documents_only(package: Path) -> None:
    text = ci_summary.findings(["sources/new-a.pdf", "sources/new-a.yaml"], package)
    assert text.startswith("### 🔎")
    assert "`2025-1-a` 甲局 2025" in text
    assert "| error | income | 208 社会保障和就业支出 | 合计不符 \\| 相差 0.01 |" in text
    assert "乙局" not in text
    assert "不会使检查失败" in text


def test_a_changed_sidecar_counts_as_a_changed_document(package: Path) -> None:
    text = ci_summary.findings(["sources/old-b.yaml"], package)
    assert "乙局的问题" in text and "甲局" not in text


def test_no_changed_sources(package: Path) -> None:
    text = ci_summary.findings(["src/openbudget/cli.py", "sources/README.md"], package)
    assert "没有新增或修改" in text and "|" not in text


def test_removed_source_is_noted(package: Path) -> None:
    assert "sources/gone.*" in ci_summary.findings(["sources/gone.pdf"], package)


def test_command_line_reads_git_diff_z_from_stdin(package: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "findings", "--changed", "-", "--datapackage", str(package)],
        input="sources/new-a.pdf\0sources/README.md\0",
        capture_output=True,
        text=True,
        check=True,
    )
    assert "甲局" in result.stdout and "乙局" not in result.stdout


def test_command_line_failure(tmp_path: Path) -> None:
    log = tmp_path / "stderr.log"
    log.write_text(STDERR, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "failure", str(log)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("### ❌ 解析失败")
