"""Source documents and their metadata sidecars.

A sidecar (``name.yaml`` next to ``name.pdf``/``name.txt``) supplies what a document
cannot say about itself: where it comes from (province, city, county, administrative code,
URL), the format it was published in, and — for a disclosure whose prose and tables were
published as two files — the file holding its other part (``other_part``). Department,
code, year and kind are read from the document; a sidecar may repeat them, and the build
warns where the two disagree.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from openbudget.errors import SourceError
from openbudget.readers import FORMATS

STATED_BY_DOCUMENT = ("department_name", "department_code", "year", "document_kind")
NAME = re.compile(r"^[^\x00-\x1f<>{}\[\]]{1,60}$")  # a place or body's name: one short line
URL = re.compile(r"^https?://[^\s<>\"']{1,2000}$")
FILE_NAME = re.compile(r"^[^/\\\x00-\x1f]{1,200}$")


def text(pattern: re.Pattern[str], what: str) -> Callable[[object], object]:
    """A validator: one line of text matching ``pattern`` (numbers are read as their text)."""

    def check(value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"must be {what}, not {type(value).__name__} {value!r}")
        if not pattern.match(str(value)):
            raise ValueError(f"must be {what}, not {value!r}")
        return str(value)

    return check


def number(low: int, high: int, what: str) -> Callable[[object], object]:
    """A validator: a whole number in ``[low, high]``."""

    def check(value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be {what}, not {value!r}")
        return value

    return check


def a_date(value: object) -> object:
    """A validator: a day, ``2026-11-21`` (YAML reads it as a date; kept as its ISO text)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(f"must be a day such as 2026-11-21, not {value!r}")


def one_of(*allowed: str) -> Callable[[object], object]:
    """A validator: one of the given words."""

    def check(value: object) -> object:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}, not {value!r}")
        return value

    return check


# Every field a sidecar may hold, in the order `openbudget add` writes them, and its check.
SIDECAR_FIELDS: dict[str, Callable[[object], object]] = {
    "province": text(NAME, "a province's name"),
    "city": text(NAME, "a city's name"),
    "region_name": text(NAME, "a county's or district's name"),
    "region_code": text(re.compile(r"^\d{6}$"), "a six-digit administrative code, in quotes"),
    "source_format": one_of(*sorted(f.lstrip(".") for f in FORMATS)),
    "source_url": text(URL, "an http:// or https:// address"),
    "page_count": number(1, 100_000, "a number of pages"),
    "original_name": text(FILE_NAME, "a file name"),
    "collected": a_date,
    "other_part": text(FILE_NAME, "the name of a file beside this one"),
    "department_name": text(NAME, "a department's name"),
    "department_code": text(re.compile(r"^[0-9A-Za-z]{1,20}$"), "a code of digits, in quotes"),
    "year": number(1990, 2100, "a year such as 2025"),
    "document_kind": one_of("部门预算", "单位预算"),
}


def sidecar_path(source: Path) -> Path:
    """Where a source's metadata sidecar lives."""
    return source.with_suffix(".yaml")


#: libyaml's parser where PyYAML was built with it (ten times faster than the pure-Python one,
#: the same safe constructors): a build reads every sidecar.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=4096)
def _parsed_yaml(text: str) -> object:
    """A sidecar's YAML, parsed once per build however many steps read it (the duplicate
    check, the cache key, the parse). Callers copy what they keep; nothing mutates it."""
    return yaml.load(text, Loader=_SafeLoader)


def load_sidecar(source: Path) -> dict[str, object]:
    """The sidecar's metadata, checked field by field (an unknown field, a value of the wrong
    type or form is refused naming the field), or an empty dict when the source has none."""
    path = sidecar_path(source)
    if not path.exists():
        return {}
    try:
        data = _parsed_yaml(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"the metadata sidecar is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SourceError(path, "the metadata sidecar must be a mapping of field: value")
    meta: dict[str, object] = {}
    for key, value in data.items():
        if key not in SIDECAR_FIELDS:
            allowed = ", ".join(SIDECAR_FIELDS)
            raise SourceError(path, f"unknown field {key!r} (a sidecar may hold: {allowed})")
        if value in (None, ""):
            continue
        try:
            meta[key] = SIDECAR_FIELDS[key](value)
        except ValueError as exc:
            raise SourceError(path, f"field {key}: {exc}") from exc
    return meta


def find_sources(folder: Path) -> list[Path]:
    """Every source document in a folder, in a stable order: each file but the sidecars, the
    README and hidden files. A file of a format the readers do not take (an old ``.doc``) is
    listed too, so the build refuses it by name instead of skipping it without a word."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and path.suffix.lower() not in (".yaml", ".yml")
        and path.name.lower() != "readme.md"
        and not path.name.startswith(".")
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


def check_declared_duplicates(paths: list[Path]) -> None:
    """Refuse, before anything is parsed, two sources whose sidecars declare the same
    disclosure: the same year and kind, and the same department name, or the same
    department code in the same region. (Sources without such sidecars are told apart
    when they are parsed.)"""
    seen: dict[tuple[object, ...], Path] = {}
    for path in paths:
        meta = load_sidecar(path)
        if "year" not in meta:
            continue
        when = (meta["year"], meta.get("document_kind", "部门预算"))
        keys = []
        if "department_name" in meta:
            keys.append((*when, "name", meta["department_name"]))
        if "department_code" in meta and "region_code" in meta:
            keys.append((*when, "code", meta["region_code"], meta["department_code"]))
        for key in keys:
            if key in seen:
                raise SourceError(
                    sidecar_path(path),
                    f"it declares the same disclosure ({' '.join(map(str, key[:2]))} "
                    f"{key[-1]}) as {sidecar_path(seen[key])}; keep one of them",
                )
            seen[key] = path
