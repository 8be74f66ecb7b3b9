"""A rebuild whose inputs and outputs are unchanged does nothing; any change rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SOURCES

from openbudget import cli


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    for name in ("2025-julu-renshe", "2024-haigang-renshe"):
        for suffix in (".txt", ".yaml"):
            shutil.copy(SOURCES / f"{name}{suffix}", tmp_path / "sources" / f"{name}{suffix}")
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0
    return tmp_path


def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the calls to the parser from now on."""
    calls: list[int] = []
    real = cli.parse_all

    def counted(*args: object, **kwargs: object):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "parse_all", counted)
    return calls


def test_nothing_changed_means_nothing_is_done(checkout: Path, capsys, monkeypatch) -> None:
    calls = parses(monkeypatch)
    capsys.readouterr()
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0
    assert (
        "nothing changed since the last build: datapackage/ up to date" in capsys.readouterr().out
    )
    assert calls == []


def test_a_changed_source_rebuilds(checkout: Path, monkeypatch) -> None:
    calls = parses(monkeypatch)
    source = checkout / "sources" / "2025-julu-renshe.txt"
    source.write_text(source.read_text("utf-8").replace("3502.60", "3502.61", 1), "utf-8")
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0
    assert calls == [1]
    assert "3502.61" in (checkout / "datapackage" / "budget_summary.csv").read_text("utf-8")


def test_a_hand_edited_package_is_rebuilt(checkout: Path, monkeypatch) -> None:
    calls = parses(monkeypatch)
    published = checkout / "datapackage" / "income.csv"
    original = published.read_bytes()
    published.write_bytes(original.replace(b"3502.60", b"9999.99"))
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0
    assert calls == [1]
    assert published.read_bytes() == original


def test_a_build_that_failed_is_not_taken_for_done(checkout: Path, monkeypatch) -> None:
    """The stamp is removed before anything is published, so a failed build is redone."""

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", "datapackage")

    source = checkout / "sources" / "2025-julu-renshe.txt"
    source.write_text(source.read_text("utf-8") + "\n", "utf-8")
    with monkeypatch.context() as failing:
        failing.setattr("openbudget.package.write_department_zips", fail)
        assert cli.main(["build", "--no-site", "--jobs", "1"]) == 1
    calls = parses(monkeypatch)
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0
    assert calls == [1]
