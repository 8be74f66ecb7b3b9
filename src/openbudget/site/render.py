"""Render the data package into MkDocs sources under ``docs/``.

Generated files live in git-ignored folders next to the hand-written pages:

- ``docs/generated/`` — department pages, the projects page, the data page, and the listing
  snippet that the hand-written ``docs/index.md`` includes;
- ``docs/data/`` — a copy of the data package, so the site serves the files it links;
- ``docs/assets/vendor/`` — the chart libraries from ``node_modules``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from .data import SITE_RESOURCES, SitePackage
from .files import read_csv, remove_stale, replace_tree, write_text_atomic
from .pages import (
    DataFile,
    data_page,
    department_page,
    departments_listing,
    page_slug,
    projects_page,
)
from .vendor import copy_vendor_assets

log = logging.getLogger(__name__)

GENERATED = "generated"
LISTING_SNIPPET = f"{GENERATED}/_includes/departments.md"
DATA_DIR = "data"
VENDOR_DIR = "assets/vendor"


def _department_zips(package_dir: Path) -> dict[str, str]:
    """Per-document zip packages (``<document_id>.zip`` anywhere in the package)."""
    found: dict[str, str] = {}
    for path in sorted(package_dir.rglob("*.zip")):
        found.setdefault(path.stem, path.relative_to(package_dir).as_posix())
    return found


def _data_files(package_dir: Path) -> tuple[str, list[DataFile]]:
    """Package title and its CSV resources (from the descriptor, else the CSVs present)."""
    descriptor_path = package_dir / "datapackage.json"
    title = ""
    entries: list[tuple[str, str]] = []
    if descriptor_path.is_file():
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        title = str(descriptor.get("title", ""))
        for resource in descriptor.get("resources", []):
            path = resource.get("path")
            if isinstance(path, str):
                entries.append((path, str(resource.get("title") or resource.get("name", ""))))
    else:
        entries = [(path.name, path.stem) for path in sorted(package_dir.glob("*.csv"))]
    files = []
    for path, resource_title in entries:
        csv_path = package_dir / path
        rows = len(read_csv(csv_path)) if csv_path.is_file() else None
        files.append(DataFile(path=path, title=resource_title, rows=rows))
    return title, files


def render_pages(
    package_dir: Path, docs_dir: Path, *, node_modules: Path | None = None
) -> list[Path]:
    """Write the generated pages for the package in ``package_dir`` into ``docs_dir``.

    Returns the generated Markdown files, sorted. Also copies the package to
    ``docs_dir/data/`` and, when ``node_modules`` (default: next to ``docs_dir``) is
    installed, the chart libraries to ``docs_dir/assets/vendor/``. Same package in,
    byte-identical pages out; pages of documents no longer in the package are removed.
    """
    package_dir = Path(package_dir)
    docs_dir = Path(docs_dir)
    if not (package_dir / "documents.csv").is_file():
        raise FileNotFoundError(f"{package_dir} has no documents.csv; is it a data package?")
    missing = [name for name in SITE_RESOURCES if not (package_dir / f"{name}.csv").is_file()]
    if missing:
        log.warning("package has no %s; those tables show as missing", ", ".join(missing))

    package = SitePackage.load(package_dir)
    zips = _department_zips(package_dir)
    title, files = _data_files(package_dir)
    out = docs_dir / GENERATED

    pages: dict[Path, str] = {
        docs_dir / LISTING_SNIPPET: departments_listing(package),
        out / "data.md": data_page(title, files, zips=len(zips)),
        out / "projects.md": projects_page(package),
    }
    for doc in package.documents:
        zip_path = zips.get(doc.document_id)
        link = f"../../{DATA_DIR}/{zip_path}" if zip_path else None
        pages[out / "departments" / f"{page_slug(doc.document_id)}.md"] = department_page(doc, link)
    for path in sorted(pages):
        write_text_atomic(path, pages[path])
    for stale in remove_stale(out, pages):
        log.info("removed stale page %s", stale)

    replace_tree(package_dir, docs_dir / DATA_DIR)
    modules = node_modules if node_modules is not None else docs_dir.parent / "node_modules"
    if modules.is_dir():
        copy_vendor_assets(modules, docs_dir / VENDOR_DIR)
    else:
        log.warning("%s not found; charts need `npm ci` before the site is built", modules)
    return sorted(pages)
