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
a generated snippet.

A build of everything (the first, or after a change of configuration) of many pages is split
between one process per CPU, each building a share of the files into the same folder: MkDocs
converts pages on one CPU. Each share also converts the pages of the navigation (every page
shows their titles), and the links between pages of different shares to anchors are checked
once all are built (:func:`build_split`); the site is the one a single process builds.

Run as ``python -m openbudget.site.incremental CONFIG STAGING [PREVIOUS_SITE]`` from the
project root (the snippets extension resolves paths from there); it prints the outputs
written, as JSON, for the steps after MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

import yaml

from . import rawhtml

log = logging.getLogger("mkdocs.commands.build")

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


#: From how many Markdown pages a build of everything is split between processes (below,
#: starting MkDocs once more costs more than the other CPU saves).
SPLIT_FROM = 300


def build(
    config_file: Path, staging: Path, previous_site: Path | None, share: tuple[int, int] = (0, 1)
) -> dict:
    """Build the site into ``staging``: every changed file, or with ``share`` ``(k, n)`` the
    ``k``-th of ``n`` shares of every file (another process builds each other share into the
    same folder; see :func:`build_split`). Returns what :func:`finish` needs: the outputs
    written (site-relative), each source's digest and output, and the anchors."""
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
    index, shares = share
    files_now: dict[str, list[str]] = {}
    known = _read_json(DIGESTS)
    digests: dict[str, list] = {}
    built: list[str] = []
    pages: list = []
    others: set[str] = set()  # pages of other shares converted here for their titles

    class Incremental(BasePlugin):
        def on_files(self, files, config):
            published = [f for f in files if f.abs_src_path and not f.inclusion.is_excluded()]
            for number, file in enumerate(published):
                if number % shares != index:
                    file.is_modified = lambda: False  # another process's share
                    continue
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
                    if file.is_documentation_page():
                        pages.append(file)
                file.is_modified = (lambda c: lambda: c)(changed or not dirty)
            if index == 0:
                sources = {file.src_uri for file in published}
                for src, (_digest, dest) in old.items():
                    if src not in sources:
                        (staging / dest).unlink(missing_ok=True)
            return files

        def on_nav(self, nav, config, files):
            # Every page shows the titles of the pages in the navigation, which MkDocs
            # knows only of pages it converts: they are all converted, and written only
            # when they are this build's (MkDocs writes no empty output).
            for page in nav.pages:
                if not page.file.is_modified():
                    page.file.is_modified = lambda: True
                    others.add(page.file.src_uri)
            return nav

        def on_post_page(self, output, page, config):
            return "" if page.file.src_uri in others else output

        def on_post_template(self, output_content, template_name, config):
            return output_content if index == 0 else ""  # 404.html and the sitemap: once

    config = load_config(str(config_file), site_dir=str(staging), strict=True)
    config.plugins["openbudget-raw-html"] = rawhtml.RawHtml()
    config.plugins["openbudget-incremental"] = Incremental()  # after: it may empty a page
    log.addFilter(_DropDirtyWarning())
    mkdocs_build.build(config, dirty=dirty or shares > 1)
    return {
        "built": built,
        "files": files_now,
        "digests": digests,
        "anchors": _anchors(pages),
        "anchor_level": config.validation.links.anchors,
    }


def _anchors(files: list) -> dict:
    """The anchors of the pages built here, and their links to anchors of pages built
    elsewhere (which MkDocs could not check here)."""
    ids: dict[str, list[str]] = {}
    links: list[list[str]] = []
    for file in files:
        ids[file.src_uri] = sorted(file.page.present_anchor_ids or ())
        for target, anchors in (file.page.links_to_anchors or {}).items():
            if target.page is not None and target.page.present_anchor_ids is None:
                links.extend([file.src_uri, target.src_uri, a, o] for a, o in anchors.items())
    return {"ids": ids, "links": links}


def build_split(config_file: Path, staging: Path, shares: int) -> dict:
    """Build everything in ``shares`` processes at once, each its share of the files (a
    page is converted by one process; MkDocs works on one CPU), and join their results.

    MkDocs checks the links between pages of one share; the links from a page of one share
    to an anchor on a page of another are checked here, with MkDocs' words."""
    with tempfile.TemporaryDirectory(prefix="openbudget-mkdocs-") as scratch:
        outputs = [Path(scratch) / f"{k}.json" for k in range(shares)]
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "openbudget.site.incremental",
                    str(config_file),
                    str(staging),
                    f"--share={k}/{shares}",
                    f"--result={outputs[k]}",
                ]
            )
            for k in range(shares)
        ]
        failed = [child.wait() for child in children]
        if any(failed):
            raise SystemExit(f"MkDocs failed (exit codes {failed})")
        results = [_read_json(path) for path in outputs]
    joined: dict = {"built": [], "files": {}, "digests": {}}
    ids: dict[str, set[str]] = {}
    for result in results:
        joined["built"] += result["built"]
        joined["files"].update(result["files"])
        joined["digests"].update(result["digests"])
        ids.update((src, set(found)) for src, found in result["anchors"]["ids"].items())
    broken = [
        f"Doc file '{source}' contains a link '{link}', but the doc '{target}' does not "
        f"contain an anchor '#{anchor}'."
        for result in results
        for source, target, anchor, link in result["anchors"]["links"]
        if anchor not in ids.get(target, {anchor})
    ]
    level = results[0]["anchor_level"]  # as configured (validation.links.anchors)
    for message in broken:
        log.log(level, message)
    if broken and level >= logging.WARNING:  # the build is strict
        raise SystemExit(f"Aborted with {len(broken)} warnings in strict mode!")
    return joined


def finish(staging: Path, result: dict, key: str) -> list[str]:
    """Write the manifest (``key``: :func:`config_key`) and the digests of a build; the
    outputs it wrote, sorted."""
    manifest = {"config": key, "files": dict(sorted(result["files"].items()))}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=0) + "\n", encoding="utf-8")
    DIGESTS.parent.mkdir(parents=True, exist_ok=True)
    DIGESTS.write_text(json.dumps(result["digests"], sort_keys=True) + "\n", encoding="utf-8")
    return sorted(result["built"])


def main(argv: list[str]) -> int:
    """``CONFIG STAGING [PREVIOUS_SITE] [--share=K/N --result=FILE] [--split=N]``; prints
    the outputs written, as JSON, last.

    A build of everything (no previous site, or one built with another configuration) of
    :data:`SPLIT_FROM` pages or more is split between one process per CPU (``--split``
    sets how many); ``--share`` builds one share and writes its result to ``--result``."""
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.WARNING)
    options = dict(arg[2:].split("=", 1) for arg in argv if arg.startswith("--"))
    config_file, staging, *rest = (Path(arg) for arg in argv if not arg.startswith("--"))
    if "share" in options:
        index, shares = (int(n) for n in options["share"].split("/"))
        result = build(config_file, staging, None, (index, shares))
        Path(options["result"]).write_text(json.dumps(result), encoding="utf-8")
        return 0
    previous = rest[0] if rest and rest[0].is_dir() else None
    shares = int(options.get("split", 0)) or _shares(config_file, previous)
    if shares > 1:
        result = build_split(config_file, staging, shares)
    else:
        result = build(config_file, staging, previous)
    print(json.dumps(finish(staging, result, config_key(config_file))))
    return 0


def _shares(config_file: Path, previous: Path | None) -> int:
    """How many processes build the site: one per CPU when everything is to be built and
    there are :data:`SPLIT_FROM` pages or more, else one; and one when the configuration
    has plugins (MkDocs' default search plugin among them), which may gather something
    from every page into one file."""
    if previous and read_manifest(previous).get("config") == config_key(config_file):
        return 1
    config = yaml.safe_load(config_file.read_text("utf-8")) or {}
    if config.get("plugins", ["search"]):
        return 1
    docs = config_file.parent / config.get("docs_dir", "docs")
    pages = sum(len([n for n in names if n.endswith(".md")]) for _, _, names in os.walk(docs))
    return (os.cpu_count() or 1) if pages >= SPLIT_FROM else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
