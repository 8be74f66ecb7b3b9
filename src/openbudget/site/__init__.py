"""The static site: data package → Markdown pages with charts → MkDocs Material site.

``render_pages`` turns the package into pages under ``docs/``; ``build_site`` installs the
chart libraries and runs ``mkdocs build --strict``. The two steps are separate so pages can be
inspected (or tested) without building, and rebuilt without re-rendering.
"""

from __future__ import annotations

import importlib
from typing import Any

#: What the package offers, by the module that holds it: imported on first use, so that a
#: process needing one small module (a workbook worker) does not import the whole site.
_EXPORTS = {
    "build_site": ".build",
    "copy_vendor_assets": ".vendor",
    "ensure_node_modules": ".build",
    "external_references": ".offline",
    "render_pages": ".render",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
