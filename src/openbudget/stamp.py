"""The build stamp: a rebuild whose inputs and outputs are unchanged does nothing.

The package and the site are functions of their inputs: each source's cache key (its
bytes, sidecar, other part and the parser's version), the site's own code and templates,
``mkdocs.yml``, the hand-written pages in ``docs/`` and the pinned chart libraries. After a
build succeeds, a digest of those inputs is written to ``build/stamp.json`` with a listing
(path, size, modification time) of what it published. The next build computes the same
digest before parsing anything; when it and the listing of the published folders still
match, nothing is parsed, written or built. Anything else — a changed source, a newer
parser, a page edited by hand in ``site/`` — builds as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

STAMP = Path("build/stamp.json")
SITE_CODE = Path(__file__).parent / "site"
# Hand-written inputs of the site, relative to the checkout; generated folders are outputs.
SITE_INPUTS = ("mkdocs.yml", "docs", "package-lock.json")
GENERATED_DOCS = {"generated", "data", "downloads", "assets/vendor"}


def files_under(paths: Iterable[Path]) -> list[Path]:
    """Every file under the paths (a file itself), sorted, without caches."""
    found = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sorted(found)


def site_inputs(root: Path) -> list[Path]:
    """The site's code and hand-written inputs (not the pages a build generates into docs/)."""
    docs = root / "docs"
    return [
        path
        for path in files_under([SITE_CODE, *(root / name for name in SITE_INPUTS)])
        if not any(path.is_relative_to(docs / generated) for generated in GENERATED_DOCS)
    ]


def inputs_digest(keys: list[str], root: Path, with_site: bool) -> str:
    """A digest of everything the package (and, ``with_site``, the site) is made from:
    the sources' cache keys (:func:`openbudget.parts.source_keys`) and the site's inputs."""
    digest = hashlib.sha256()
    for key in keys:
        digest.update(key.encode())
    if with_site:
        from openbudget.site.build import build_date

        digest.update(json.dumps(build_date(root), sort_keys=True).encode())  # sitemap dates
        for path in site_inputs(root):
            digest.update(str(path).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def listing(folders: Iterable[Path]) -> str:
    """Path, size and modification time of every file published: a hand edit shows."""
    digest = hashlib.sha256()
    for path in files_under(folders):
        status = path.stat()
        digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def up_to_date(inputs: str, outputs: list[Path]) -> bool:
    """Whether the last build had these inputs and its outputs are untouched."""
    if not all(folder.is_dir() for folder in outputs):
        return False
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == {"inputs": inputs, "outputs": listing(outputs)}


def record(inputs: str, outputs: list[Path]) -> None:
    """Write the stamp after a successful build (a failure to write it only costs a rebuild)."""
    try:
        STAMP.parent.mkdir(parents=True, exist_ok=True)
        STAMP.write_text(json.dumps({"inputs": inputs, "outputs": listing(outputs)}), "utf-8")
    except OSError:
        pass


def forget() -> None:
    """Remove the stamp before publishing anything, so a build that stops half-way is redone."""
    STAMP.unlink(missing_ok=True)
