"""``openbudget corpus`` over the real documents: no total falls below the committed baseline.

The command parses every file of ``../shared/real-documents`` (filling the parse cache the
value tests read), counts what it got right against ``tests/corpus/expected.yaml`` and fails
when a count falls below ``tests/corpus/baseline.json``. Today every count is complete: each
budget parses with the department, year and kind a person read, each standard table printed
is found, each other file is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CORPUS, ROOT, real_documents

from openbudget import cli
from openbudget.cache import CACHE_DIR
from openbudget.corpus import RATCHETED


def test_the_corpus_report_holds_the_baseline(tmp_path: Path, capsys) -> None:
    report = tmp_path / "corpus.json"
    args = ["corpus", str(real_documents()), "--json", str(report), "--jobs", "0"]
    args += ["--expected", str(CORPUS / "expected.yaml")]
    args += ["--baseline", str(CORPUS / "baseline.json"), "--cache", str(ROOT / CACHE_DIR)]
    assert cli.main(args) == 0
    assert "no total fell below" in capsys.readouterr().out
    totals = json.loads(report.read_text("utf-8"))["totals"]
    assert totals["crashed"] == 0
    assert totals["budgets_parsed"] == totals["identity_right"] == totals["budgets_expected"]
    assert totals["refused_rightly"] == totals["non_budgets_expected"]
    assert totals["tables_expected_found"] == totals["tables_expected"]


def test_the_baseline_counts_only_what_ratchets() -> None:
    assert set(json.loads((CORPUS / "baseline.json").read_text("utf-8"))) == set(RATCHETED)
