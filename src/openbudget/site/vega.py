"""Charts compiled from Vega-Lite to Vega when the site is built.

Pages are rendered with Vega-Lite specs (what the tests and the Markdown hold). Once MkDocs
has built the HTML, every chart's spec is compiled to Vega in one Node process with the
pinned ``vega-lite`` package and written back, marked ``data-vega``; ``charts.js`` then
loads only Vega (some 180 KB compressed) instead of Vega, Vega-Lite and vega-embed (280 KB).
A page served without this step (``mkdocs serve``) still works: ``charts.js`` loads all
three for unmarked specs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from .charts import spec_json
from .files import write_text_atomic

SCRIPT = Path(__file__).with_name("compile_charts.mjs")
SPEC = re.compile(
    r'(<div class="vega-chart"[^>]*>\s*<script type="application/json")>(.*?)</script>', re.S
)


def compile_site_charts(site: Path, node_modules: Path, only: list[Path] | None = None) -> int:
    """Compile every chart of the built site (or of the pages ``only`` lists); return how
    many were compiled. Each page is replaced, not written into: an incremental build's
    unchanged pages are hard links to the published ones."""
    chosen = sorted(site.rglob("*.html")) if only is None else sorted(only)
    # Pages are read twice rather than held: a large site's pages do not fit in memory.
    specs: dict[str, int] = {}
    with_charts = []
    for path in chosen:
        found = SPEC.findall(path.read_text(encoding="utf-8"))
        if found:
            with_charts.append(path)
        for _, spec in found:
            specs.setdefault(spec, len(specs))
    if not specs:
        return 0
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is required to compile the charts (see package.json)")
    done = subprocess.run(
        [node, str(SCRIPT), str(node_modules.resolve())],
        input="[" + ",".join(specs) + "]",
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"the charts could not be compiled to Vega:\n{done.stderr}")
    compiled = [spec_json(spec) for spec in json.loads(done.stdout)]
    for path in with_charts:
        text = path.read_text(encoding="utf-8")
        new = SPEC.sub(lambda m: f"{m[1]} data-vega>{compiled[specs[m[2]]]}</script>", text)
        if new != text:
            write_text_atomic(path, new)
    return len(specs)
