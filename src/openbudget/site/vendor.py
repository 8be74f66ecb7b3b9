"""Vega, Vega-Lite and vega-embed (charts), DuckDB-WASM and Apache Arrow (the 查询 page),
copied from npm's node_modules into the site.

The site must not load anything from another host (mainland readers cannot rely on foreign
CDNs), so the chart libraries are pinned in the repository's ``package.json``, installed with
npm at build time and served from ``assets/vendor/``. The Vega-Lite major version must match
the schema Altair writes (``alt.SCHEMA_VERSION``), or specs may not render.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import altair as alt

from .files import copy_file_atomic

log = logging.getLogger(__name__)

#: (npm package, file inside it, name in the site).
VENDOR_FILES: tuple[tuple[str, str, str], ...] = (
    ("vega", "build/vega.min.js", "vega.min.js"),
    ("vega-lite", "build/vega-lite.min.js", "vega-lite.min.js"),
    ("vega-embed", "build/vega-embed.min.js", "vega-embed.min.js"),
    # DuckDB's main module, its worker and WebAssembly (the build for browsers with
    # WebAssembly exceptions: every current one), and the Arrow build it reads results with.
    ("@duckdb/duckdb-wasm", "dist/duckdb-browser.mjs", "duckdb/duckdb-browser.mjs"),
    (
        "@duckdb/duckdb-wasm",
        "dist/duckdb-browser-eh.worker.js",
        "duckdb/duckdb-browser-eh.worker.js",
    ),
    ("@duckdb/duckdb-wasm", "dist/duckdb-eh.wasm", "duckdb/duckdb-eh.wasm"),
    ("apache-arrow", "Arrow.es2015.min.js", "duckdb/Arrow.es2015.min.js"),
)


def _version(package_dir: Path) -> str:
    manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    return str(manifest.get("version", ""))


def check_vega_lite_version(node_modules: Path) -> str:
    """Return the installed Vega-Lite version; fail if its major differs from Altair's schema."""
    installed = _version(node_modules / "vega-lite")
    wanted = alt.SCHEMA_VERSION.lstrip("v")
    if installed.split(".")[0] != wanted.split(".")[0]:
        raise RuntimeError(
            f"node_modules has vega-lite {installed}, but Altair {alt.__version__} writes "
            f"Vega-Lite {wanted} specs; pin a matching vega-lite in package.json"
        )
    if installed.split(".")[:2] != wanted.split(".")[:2]:
        log.warning("vega-lite %s installed; Altair writes %s specs", installed, wanted)
    return installed


def copy_vendor_assets(node_modules: Path, dest: Path) -> list[Path]:
    """Copy the minified libraries (with source maps and licences) into ``dest``.

    Source maps are copied too, so opening the browser's developer tools does not make the
    page request files that are not there.
    """
    check_vega_lite_version(node_modules)
    written = []
    for package, relative, name in VENDOR_FILES:
        source = node_modules / package / relative
        if not source.is_file():
            raise FileNotFoundError(f"{source} is missing; run `npm ci` in the project root")
        copy_file_atomic(source, dest / name)
        written.append(dest / name)
        source_map = source.with_name(source.name + ".map")
        if source_map.is_file():
            copy_file_atomic(source_map, dest / (name + ".map"))
            written.append(dest / (name + ".map"))
        for licence in (node_modules / package / "LICENSE", node_modules / package / "LICENSE.txt"):
            if licence.is_file():
                target = dest / f"{package.replace('/', '-').lstrip('@')}.LICENSE.txt"
                copy_file_atomic(licence, target)
                written.append(target)
    return written
