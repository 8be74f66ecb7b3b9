"""Source documents and their metadata sidecars.

A sidecar (``name.yaml`` next to ``name.pdf``/``name.txt``) supplies what a document
cannot say about itself: where it comes from (province, city, county, administrative code,
URL), the format it was published in, and — for a disclosure whose prose and tables were
published as two files — the file holding its other part (``other_part``). Department,
code, year and kind are read from the document; a sidecar may repeat them, and the build
warns where the two disagree.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from openbudget.errors import SourceError
from openbudget.readers import FORMATS

STATED_BY_DOCUMENT = ("department_name", "department_code", "year", "document_kind")


def sidecar_path(source: Path) -> Path:
    """Where a source's metadata sidecar lives."""
    return source.with_suffix(".yaml")


def load_sidecar(source: Path) -> dict[str, object]:
    """The sidecar's metadata, or an empty dict when the source has none."""
    path = sidecar_path(source)
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"the metadata sidecar is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SourceError(path, "the metadata sidecar must be a mapping of field: value")
    return {key: value for key, value in data.items() if value not in (None, "")}


def find_sources(folder: Path) -> list[Path]:
    """Every source document in a folder, in a stable order."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in FORMATS and path.name.lower() != "readme.md"
    )


def other_part(source: Path, meta: dict[str, object]) -> Path | None:
    """The file holding the rest of a disclosure published in two files (its prose and its
    tables), as the sidecar's ``other_part`` names it, beside the source."""
    name = meta.get("other_part")
    if name is None:
        return None
    if not isinstance(name, str) or "/" in name or "\\" in name:
        raise SourceError(
            sidecar_path(source), f"other_part must be a file name beside the source, not {name!r}"
        )
    part = source.with_name(name)
    if not part.is_file() or part == source:
        raise SourceError(
            sidecar_path(source), f"other_part names {name!r}, which is not a file beside it"
        )
    return part


def documents_of(paths: list[Path]) -> list[Path]:
    """The sources that are documents of their own: a file another source's sidecar names
    as its ``other_part`` is read with that source, not alone."""
    parts = {part.resolve() for path in paths if (part := other_part(path, load_sidecar(path)))}
    return [path for path in paths if path.resolve() not in parts]
