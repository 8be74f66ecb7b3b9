"""Build the static site: chart libraries from npm, then ``mkdocs build --strict``.

Strict mode turns every broken link or missing page into a failure, and the final scan makes
sure the built pages request nothing from another host. Rendering the pages is a separate
step (:func:`openbudget.site.render_pages`), so a site can be rebuilt from already rendered
pages without the package.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from openbudget.publish import publish, staging_folder

from .downloads import DOWNLOADS_DIR
from .offline import external_references
from .render import VENDOR_DIR
from .searchindex import index_site
from .vega import compile_site_charts
from .vendor import copy_vendor_assets

#: Each searched page's fragment and terms, by the page's bytes (see :mod:`.searchindex`).
SEARCH_CACHE = Path("build/cache/search")

log = logging.getLogger(__name__)

#: The site's hand-written files (besides the package and the pages rendered from it): what
#: a site build in another folder needs from a checkout.
SITE_SOURCES = (
    "mkdocs.yml",
    "overrides",
    "docs/index.md",
    "docs/about.md",
    "docs/search.md",
    "docs/stylesheets",
    "docs/javascripts",
)


def copy_site_sources(checkout: Path, root: Path, node_modules: Path | None = None) -> None:
    """Set ``root`` up to build a site as ``checkout`` does: its hand-written site files
    copied, and the chart libraries (``node_modules``, default the checkout's) linked."""
    for name in SITE_SOURCES:
        source, dest = checkout / name, root / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, dest, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, dest)
    modules = root / "node_modules"
    if not modules.exists():
        target = node_modules or checkout / "node_modules"
        modules.symlink_to(target.resolve(), target_is_directory=True)


def ensure_node_modules(project_root: Path) -> Path:
    """Install the pinned chart libraries with npm, only when ``node_modules`` is missing."""
    node_modules = project_root / "node_modules"
    if node_modules.is_dir():
        return node_modules
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is required to install the chart libraries (see package.json)")
    command = "ci" if (project_root / "package-lock.json").is_file() else "install"
    log.info("running npm %s in %s", command, project_root)
    subprocess.run([npm, command, "--no-audit", "--no-fund"], cwd=project_root, check=True)
    return node_modules


def _config(project_root: Path) -> dict:
    """The few mkdocs.yml keys this module needs (the file has no custom YAML tags)."""
    text = (project_root / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def build_date(project_root: Path) -> dict[str, str]:
    """SOURCE_DATE_EPOCH for MkDocs: the last commit's time, so a rebuild of the same
    checkout writes the same sitemap dates (an explicit SOURCE_DATE_EPOCH wins)."""
    if "SOURCE_DATE_EPOCH" in os.environ or shutil.which("git") is None:
        return {}
    found = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=project_root, capture_output=True, text=True
    )
    stamp = found.stdout.strip()
    return {"SOURCE_DATE_EPOCH": stamp} if found.returncode == 0 and stamp.isdecimal() else {}


def build_site(project_root: Path) -> None:
    """Build ``site/`` from ``mkdocs.yml`` in ``project_root``; raise on any problem.

    The site is built into a folder beside ``site/`` and published in one step (see
    :mod:`openbudget.publish`): a failed or killed build leaves the previous site whole.

    MkDocs runs in a subprocess with ``project_root`` as working directory, because the
    snippets extension resolves its ``base_path`` relative to the working directory; only
    the pages and files whose sources changed since the published site are built again
    (:mod:`openbudget.site.incremental`). The search index is made over the
    built pages (:func:`openbudget.site.searchindex.index_site`).
    """
    project_root = Path(project_root).resolve()
    config = _config(project_root)
    docs_dir = project_root / config.get("docs_dir", "docs")
    site_dir = project_root / config.get("site_dir", "site")
    copy_vendor_assets(ensure_node_modules(project_root), docs_dir / VENDOR_DIR)
    staging = staging_folder(site_dir)  # built beside site/, swapped in whole
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "openbudget.site.incremental",
                str(project_root / "mkdocs.yml"),
                str(staging),
                str(site_dir),
            ],
            cwd=project_root,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
            # Material prints a banner about MkDocs 2.0 on every build; we pin mkdocs<2.
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **build_date(project_root)},
        )
        # Files under downloads/ are published as they are (an original web page among them,
        # in its own encoding, with its own links): they are not the site's pages.
        built = [
            name
            for name in json.loads(done.stdout.strip().splitlines()[-1])
            if not name.startswith(f"{DOWNLOADS_DIR}/")
        ]
        pages = [staging / n for n in built if n.endswith(".html") and (staging / n).is_file()]
        compile_site_charts(staging, project_root / "node_modules", pages)
        index_site(staging, project_root / SEARCH_CACHE)
        # The files kept from the published site were checked when they were built.
        written = [staging / name for name in built]
        problems = external_references(staging, written)
        if problems:
            listed = "\n".join(f"  {path}: {url}" for path, url in problems[:20])
            raise RuntimeError(f"the built site requests files from other hosts:\n{listed}")
        publish(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
