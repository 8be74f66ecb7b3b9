"""A site built on top of the previous one equals a site built from nothing, and the
previous site is never written into while the new one is built."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SOURCES
from test_publish import built, scratch_project, tree

from openbudget.site.incremental import MANIFEST, link_tree


def test_adding_and_removing_a_document_gives_the_site_a_clean_build_gives(tmp_path: Path):
    project = scratch_project(tmp_path / "project")
    built(project)
    before = tree(project / "site")
    old = tmp_path / "old"  # hard links to the old site's files: an in-place write shows
    link_tree(project / "site", old)
    for suffix in (".txt", ".yaml"):
        shutil.copy(SOURCES / f"2024-haigang-renshe{suffix}", project / "sources")
    _, incremental = built(project)
    assert tree(old) == before
    julu = "generated/departments/2025-130529-323.html"  # unchanged: the same file, linked
    assert (project / "site" / julu).stat().st_ino == (old / julu).stat().st_ino
    home = "index.html"  # lists 海港 now: a new file
    assert (project / "site" / home).stat().st_ino != (old / home).stat().st_ino
    assert MANIFEST in incremental
    assert any("130302" in name for name in incremental)  # 海港's page is there
    assert incremental != before

    fresh = scratch_project(tmp_path / "fresh")
    for suffix in (".txt", ".yaml"):
        shutil.copy(SOURCES / f"2024-haigang-renshe{suffix}", fresh / "sources")
    _, clean = built(fresh)
    assert incremental == clean

    # Removing the document again removes its pages and downloads from the site.
    for suffix in (".txt", ".yaml"):
        (project / "sources" / f"2024-haigang-renshe{suffix}").unlink()
    _, removed = built(project)
    assert not any("130302" in name for name in removed if not name.startswith("search/"))
    assert removed == before
