"""A site built on top of the previous one equals a site built from nothing, and the
previous site is never written into while the new one is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SOURCES
from test_publish import built, scratch_project, tree

from openbudget.site import incremental
from openbudget.site.incremental import MANIFEST, link_tree

WEB_PAGE = ROOT / "tests" / "fixtures" / "2025-national-template-web.html"


def test_adding_and_removing_a_document_gives_the_site_a_clean_build_gives(tmp_path: Path):
    project = scratch_project(tmp_path / "project")
    built(project)
    before = tree(project / "site")
    old = tmp_path / "old"  # hard links to the old site's files: an in-place write shows
    link_tree(project / "site", old)
    for suffix in (".txt", ".yaml"):
        shutil.copy(SOURCES / f"2024-haigang-renshe{suffix}", project / "sources")
    # A web page as a government site serves it (GB2312, links of its own) among them: its
    # original is published as a download as it is, never read as one of the site's pages.
    shutil.copy(WEB_PAGE, project / "sources")
    _, incremental = built(project)
    assert incremental[f"downloads/sources/{WEB_PAGE.name}"] == WEB_PAGE.read_bytes()
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
    shutil.copy(WEB_PAGE, fresh / "sources")
    _, clean = built(fresh)
    assert incremental == clean

    # Removing the documents again removes their pages and downloads from the site.
    for suffix in (".txt", ".yaml"):
        (project / "sources" / f"2024-haigang-renshe{suffix}").unlink()
    (project / "sources" / WEB_PAGE.name).unlink()
    _, removed = built(project)
    assert not any("130302" in name for name in removed if not name.startswith("search/"))
    assert removed == before


def _mkdocs(root: Path, staging: Path, split: int) -> dict[str, bytes]:
    """The MkDocs stage of a build of everything, in ``split`` processes."""
    assert incremental.main([str(root / "mkdocs.yml"), str(staging), f"--split={split}"]) == 0
    return tree(staging)


def test_a_site_built_by_two_processes_is_the_site_one_builds(tmp_path: Path, monkeypatch):
    project = scratch_project(tmp_path / "project")
    built(project)
    monkeypatch.chdir(project)  # as the build runs MkDocs (snippets resolve from here)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = _mkdocs(project, tmp_path / "one", 1)
    assert _mkdocs(project, tmp_path / "two", 2) == one
    assert "generated/departments/2025-130529-323.html" in one


def test_a_link_to_a_missing_anchor_on_a_page_another_process_built_fails(
    tmp_path: Path, monkeypatch, caplog
):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nuse_directory_urls: false\nplugins: []\nnot_in_nav: |\n  /a.md\n  /c.md\n"
        "validation:\n  links:\n    anchors: warn\n"
    )
    (docs / "a.md").write_text("# A\n\n[to b](b.md#here) · [to c](c.md#nowhere)\n")
    (docs / "b.md").write_text('# B\n\n<div id="here">b</div>\n')
    (docs / "c.md").write_text("# C\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit, match="Aborted with 1 warnings in strict mode"):
        _mkdocs(tmp_path, tmp_path / "split", 3)  # a page each
    assert "the doc 'c.md' does not contain an anchor '#nowhere'" in caplog.text
    (docs / "a.md").write_text("# A\n\n[to b](b.md#here)\n")
    assert _mkdocs(tmp_path, tmp_path / "three", 3) == _mkdocs(tmp_path, tmp_path / "one", 1)
