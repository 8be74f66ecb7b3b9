"""Publishing ``datapackage/`` and ``site/``: whole folders swapped in one step, one build at a
time, interrupted builds finished or cleaned up by the next, and a build killed at any
moment leaves the old or the new folder, never a mix."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SOURCES

from openbudget import cli, publish
from openbudget.publish import COMPLETE, publishing, recover
from openbudget.site.build import copy_site_sources


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def publish_new_over_old(folder: Path) -> Path:
    """Publish a staging folder holding ``a.csv`` = new over ``out/`` holding it = old."""
    target, staging = folder / "out", folder / ".out-new"
    target.mkdir()
    (target / "a.csv").write_text("old")
    staging.mkdir()
    (staging / "a.csv").write_text("new")
    publish.publish(staging, target)
    return target


def test_publish_exchanges_whole_folders(tmp_path: Path) -> None:
    assert tree(publish_new_over_old(tmp_path)) == {"a.csv": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_without_an_atomic_exchange_two_renames_do_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(publish, "exchange", lambda first, second: False)
    assert tree(publish_new_over_old(tmp_path)) == {"a.csv": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_swap_cut_between_its_renames_is_finished_by_the_next_build(tmp_path: Path) -> None:
    """Killed after the old folder was set aside: the complete new one is put in place; a
    staging folder a build was still writing is removed."""
    (tmp_path / ".out-old").mkdir()
    complete = tmp_path / ".out-abcd"
    complete.mkdir()
    (complete / "a.csv").write_text("new")
    (complete / COMPLETE).touch()
    (tmp_path / ".out-half").mkdir()
    recover(tmp_path / "out")
    assert tree(tmp_path / "out") == {"a.csv": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_second_build_in_the_same_checkout_stops_with_a_message(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SOURCES, "sources", ignore=shutil.ignore_patterns("20[12]*"))
    shutil.copy(SOURCES / "2025-julu-renshe.txt", "sources")
    shutil.copy(SOURCES / "2025-julu-renshe.yaml", "sources")
    with publishing(tmp_path / "datapackage"):  # another build holds the checkout
        assert cli.main(["build", "--no-site", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "another openbudget build is publishing here" in err
    assert not (tmp_path / "datapackage").exists()
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0  # once it has finished


# --- a build killed at any moment ---------------------------------------------------------


def scratch_project(root: Path) -> Path:
    """A checkout with the site's configuration and hand-written pages, and two sources."""
    copy_site_sources(ROOT, root)
    (root / "sources").mkdir()
    for name in ("2025-julu-renshe", "2020-pingxiang-renshe"):
        for suffix in (".txt", ".yaml"):
            shutil.copy(SOURCES / f"{name}{suffix}", root / "sources")
    return root


def build(root: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "openbudget.cli", "build", "--jobs", "1"]
    return subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,  # mkdocs runs as a child: kill the whole group
    )  # fmt: skip


def built(root: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    process = build(root)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return tree(root / "datapackage"), tree(root / "site")


@pytest.mark.skipif(not (ROOT / "node_modules").is_dir(), reason="needs npm ci (make site)")
def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_folders(tmp_path: Path) -> None:
    root = scratch_project(tmp_path)
    old = built(root)
    for suffix in (".txt", ".yaml"):  # the next build adds a document
        shutil.copy(SOURCES / f"2024-haigang-renshe{suffix}", root / "sources")
    states = []
    for delay in (0.3, 1.0, 2.0, 3.0, 4.0, 5.5):
        process = build(root)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        states.append((delay, tree(root / "datapackage"), tree(root / "site")))
    new = built(root)
    assert new != old
    for delay, package, site in states:
        assert package in (old[0], new[0]), f"datapackage/ mixed after a kill at {delay} s"
        assert site in (old[1], new[1]), f"site/ mixed after a kill at {delay} s"
    leftovers = [p.name for p in root.iterdir() if p.name.startswith((".datapackage-", ".site-"))]
    assert leftovers == []
