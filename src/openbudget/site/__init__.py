"""The static site: data package → Markdown pages with charts → MkDocs Material site.

``render_pages`` turns the package into pages under ``docs/``; ``build_site`` installs the
chart libraries and runs ``mkdocs build --strict``. The two steps are separate so pages can be
inspected (or tested) without building, and rebuilt without re-rendering.
"""

from __future__ import annotations

from .build import build_site, ensure_node_modules
from .offline import external_references
from .render import render_pages
from .vendor import copy_vendor_assets

__all__ = [
    "build_site",
    "copy_vendor_assets",
    "ensure_node_modules",
    "external_references",
    "render_pages",
]
