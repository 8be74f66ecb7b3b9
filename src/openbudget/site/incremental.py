"""MkDocs, rebuilding only what changed since the site being replaced was built.

MkDocs has a ``--dirty`` mode that compares modification times and writes into the old
files in place; it never removes outputs of deleted pages and is meant for previews. This
runs the same machinery with what a publishing build needs instead:

- a file is *changed* when its content hash differs from the one recorded in the previous
  site's manifest (``.openbudget-build.json``), not when its time is newer (the hash of a
  file whose size and modification time are the ones recorded at the last build, in
  ``build/cache/docs-digests.json``, is not computed again, as git's index does: the
  build writes every file it changes anew, and hashing every download of a province each
  build took seconds);
- the staging folder starts as hard links to the previous site's files, and every output
  about to be written is unlinked first, so the published site is never written into;
- outputs of sources that are gone are removed;
- anything that shapes every page (``mkdocs.yml``, the versions of MkDocs, Material and the
  Markdown extensions, this module) is part of the manifest's ``config`` key: when it
  differs, everything is built, as by ``mkdocs build --clean``.

Hand-written Markdown pages (outside ``generated/``) are always built: ``index.md`` includes
a generated snippet. Run as ``python -m openbudget.site.incremental CONFIG STAGING
[PREVIOUS_SITE]`` from the project root (the snippets extension resolves paths from there);
the pages written are listed in the manifest's ``built`` list for the steps after MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from importlib.metadata import version
from pathlib import Path

from . import rawhtml

MANIFEST = ".openbudget-build.json"
#: Packages whose version shapes every page.
SHAPERS = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown")
#: Written by MkDocs on every build, whatever changed.
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")


def config_key(config_file: Path) -> str:
    """What every page depends on: the configuration, the packages' versions, this code."""
    digest = hashlib.sha256(config_file.read_bytes())
    for name in SHAPERS:
        digest.update(f"{name}={version(name)}".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(rawhtml.__file__).read_bytes())
    return digest.hexdigest()


#: Each source file's ``[size, mtime_ns, sha256]`` at the last build (relative to the project
#: root; kept out of the site, whose bytes must not depend on file times).
DIGESTS = Path("build/cache/docs-digests.json")


def file_digest(path: str, known: list | None = None) -> list:
    """``[size, mtime_ns, sha256]`` of a file: ``known`` (such a list, from the last build)
    when the file's size and time are still the ones it records."""
    stat = os.stat(path)
    if known is not None and known[:2] == [stat.st_size, stat.st_mtime_ns]:
        return known
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return [stat.st_size, stat.st_mtime_ns, digest]


def _read_json(path: Path) -> dict:
    """A JSON object from ``path`` ({} when there is none or it is unreadable)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def read_manifest(site: Path) -> dict:
    """The manifest of a built site ({} when there is none or it is unreadable)."""
    return _read_json(site / MANIFEST)


def link_tree(source: Path, dest: Path) -> None:
    """Make ``dest`` a tree of hard links to the files of ``source``."""
    for folder, _dirs, names in os.walk(source):
        target = dest / Path(folder).relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(os.path.join(folder, name), target / name)


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build is for previews; this one is not (see module)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def build(config_file: Path, staging: Path, previous_site: Path | None) -> list[str]:
    """Build the site into ``staging``; returns the output files written (site-relative)."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin

    key = config_key(config_file)
    previous = read_manifest(previous_site) if previous_site else {}
    dirty = previous.get("config") == key and isinstance(previous.get("files"), dict)
    old: dict[str, list[str]] = previous.get("files", {}) if dirty else {}
    if dirty:
        link_tree(previous_site, staging)  # type: ignore[arg-type]
        for name in (*ALWAYS_WRITTEN, MANIFEST):
            (staging / name).unlink(missing_ok=True)
    files_now: dict[str, list[str]] = {}
    known = _read_json(DIGESTS)
    digests: dict[str, list] = {}
    built: list[str] = []

    class Incremental(BasePlugin):
        def on_files(self, files, config):
            for file in files:
                if file.abs_src_path is None or file.inclusion.is_excluded():
                    continue  # not published (a snippet, or a file a plugin makes)
                digests[file.src_uri] = file_digest(file.abs_src_path, known.get(file.src_uri))
                digest = digests[file.src_uri][2]
                files_now[file.src_uri] = [digest, file.dest_uri]
                hand_written_page = file.is_documentation_page() and not file.src_uri.startswith(
                    "generated/"
                )
                changed = hand_written_page or old.get(file.src_uri, [None])[0] != digest
                if dirty and changed:
                    Path(file.abs_dest_path).unlink(missing_ok=True)
                if changed:
                    built.append(file.dest_uri)
                file.is_modified = (lambda c: lambda: c)(changed or not dirty)
            for src, (_digest, dest) in old.items():
                if src not in files_now:
                    (staging / dest).unlink(missing_ok=True)
            return files

    config = load_config(str(config_file), site_dir=str(staging), strict=True)
    config.plugins["openbudget-incremental"] = Incremental()
    config.plugins["openbudget-raw-html"] = rawhtml.RawHtml()
    logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())
    mkdocs_build.build(config, dirty=dirty)
    manifest = {"config": key, "files": dict(sorted(files_now.items()))}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=0) + "\n", encoding="utf-8")
    DIGESTS.parent.mkdir(parents=True, exist_ok=True)
    DIGESTS.write_text(json.dumps(digests, sort_keys=True) + "\n", encoding="utf-8")
    return sorted(built)


def main(argv: list[str]) -> int:
    """``CONFIG STAGING [PREVIOUS_SITE]``; prints the outputs written, as JSON, last."""
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.WARNING)
    previous = Path(argv[2]) if len(argv) > 2 and Path(argv[2]).is_dir() else None
    built = build(Path(argv[0]), Path(argv[1]), previous)
    print(json.dumps(built))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
