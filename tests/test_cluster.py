"""Parsing on a Dask cluster (a local cluster of worker processes here) gives the same
package, byte for byte, as a local run; refusals still name the file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SOURCES

from openbudget import cli

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_cluster_run_gives_the_same_package(tmp_path, monkeypatch, scheduler) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SOURCES, tmp_path / "sources")
    assert cli.main(["build", "--no-site", "--out", "local", "--jobs", "2"]) == 0
    shutil.rmtree("build")  # nothing from the cache: every document goes to the cluster
    assert cli.main(["build", "--no-site", "--out", "cluster", "--scheduler", scheduler]) == 0
    assert files(tmp_path / "cluster") == files(tmp_path / "local")
    assert len(list(Path("build/cache/parse").glob("*.json"))) == 5  # cached here


def test_a_refusal_on_the_cluster_names_the_file(tmp_path, monkeypatch, capsys, scheduler):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "poem.txt").write_text("静夜思\n\n床前明月光。\n", "utf-8")
    assert cli.main(["build", "--no-site", "--scheduler", scheduler]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: sources/poem.txt: not a budget disclosure"), err


def test_an_unreachable_scheduler_is_a_message(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SOURCES, tmp_path / "sources")
    assert cli.main(["build", "--no-site", "--scheduler", "tcp://127.0.0.1:9"]) == 1
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err
