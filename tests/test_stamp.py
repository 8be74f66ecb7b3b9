"""A rebuild whose inputs and outputs are unchanged does nothing; any change rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SOURCES

from openbudget import cli, parts


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
    real = parts.parse_each

    def counted(*args: object, **kwargs: object):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parts, "parse_each", counted)
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
    """From the kept per-document parts: nothing needs parsing again."""
    calls = parses(monkeypatch)
    published = checkout / "datapackage" / "income.csv"
    original = published.read_bytes()
    published.write_bytes(original.replace(b"3502.60", b"9999.99"))
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0
    assert calls == []
    assert published.read_bytes() == original


def test_a_build_that_failed_is_not_taken_for_done(checkout: Path, monkeypatch) -> None:
    """The stamp is removed before anything is published, so a failed build is redone."""

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", "datapackage")

    source = checkout / "sources" / "2025-julu-renshe.txt"
    source.write_text(source.read_text("utf-8") + "\n", "utf-8")
    with monkeypatch.context() as failing:
        failing.setattr("openbudget.package.assemble", fail)
        assert cli.main(["build", "--no-site", "--jobs", "1"]) == 1
    calls = parses(monkeypatch)
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0
    assert calls == [1]


def test_adding_a_document_parses_it_alone_and_gives_the_same_package(
    checkout: Path, monkeypatch
) -> None:
    """The package made from kept parts plus one new document is byte-identical to one made
    from scratch (every resource's rows are the documents' own, in document-id order)."""
    for suffix in (".txt", ".yaml"):
        name = f"2020-pingxiang-renshe{suffix}"
        shutil.copy(SOURCES / name, checkout / "sources" / name)
    calls = parses(monkeypatch)
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0
    assert calls == [1]
    shutil.rmtree(checkout / "build")  # no kept parts, no parse cache
    assert cli.main(["build", "--no-site", "--jobs", "1", "--out", "fresh"]) == 0
    built = {
        p.relative_to(checkout / "datapackage"): p.read_bytes()
        for p in (checkout / "datapackage").rglob("*")
        if p.is_file()
    }
    fresh = {
        p.relative_to(checkout / "fresh"): p.read_bytes()
        for p in (checkout / "fresh").rglob("*")
        if p.is_file()
    }
    assert len([path for path in built if path.parts[0] == "departments"]) == 3
    assert built == fresh
