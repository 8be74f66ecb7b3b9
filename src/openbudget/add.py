"""``openbudget add``: bring a downloaded disclosure into ``sources/`` with its sidecar.

The file is parsed first (a file that does not parse is refused), then its region is
looked up in China's division table (:mod:`openbudget.regions`) from the department's
name and the document's title. A file already in ``sources/`` — the same
bytes, or the same department and year — is refused, naming the source it duplicates.
Nothing is written unless every check passes.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

from openbudget.cache import CACHE_DIR, code_version, parse_cached
from openbudget.errors import SourceError
from openbudget.parse import ParsedDocument, parse_document, slug
from openbudget.readers import FORMATS, OLD_OFFICE, SUPPORTED, old_office, read_source
from openbudget.regions import REGION_FIELDS, divisions, region_by_name, region_fields
from openbudget.sources import SIDECAR_FIELDS, documents_of, find_sources, sidecar_path


class Refused(Exception):
    """The file is not added: it duplicates a source, or the name is taken."""


# --- naming ------------------------------------------------------------------------------


def ascii_pinyin(name: str) -> str:
    """Lower-case ASCII pinyin of a name, without its 县/市/区 suffix."""
    if len(name) > 2 and name[-1] in "县市区":
        name = name[:-1]
    letters = "".join(lazy_pinyin(name))
    return "".join(c for c in letters.lower() if c.isascii() and c.isalnum())


# Usual short names of departments, as in the bundled sources' names (2025-julu-renshe).
SHORT_NAMES = {
    "人力资源和社会保障局": "renshe",
    "组织部": "zuzhibu",
    "宣传部": "xuanchuanbu",
    "财政局": "caizheng",
    "教育局": "jiaoyu",
    "民政局": "minzheng",
    "公安局": "gongan",
    "司法局": "sifa",
    "审计局": "shenji",
    "统计局": "tongji",
    "水利局": "shuili",
    "卫生健康局": "weijian",
    "农业农村局": "nongye",
    "交通运输局": "jiaotong",
    "应急管理局": "yingji",
    "生态环境局": "huanjing",
    "住房和城乡建设局": "zhujian",
    "自然资源和规划局": "ziran",
    "市场监督管理局": "shichang",
}


def department_slug(department: str, region: dict[str, str | None]) -> str:
    """A short ASCII name for the department: its usual short name, else pinyin initials."""
    for ending, short in SHORT_NAMES.items():
        if department.endswith(ending):
            return short
    for prefix in (region.get("city"), region.get("region_name")):
        if prefix and department.startswith(prefix):
            department = department[len(prefix) :]
    return slug(department, None)


def target_name(doc: dict[str, object], region: dict[str, str | None], suffix: str) -> str:
    """``<year>-<region pinyin>-<department slug><ext>``."""
    parts = [str(doc["year"])]
    if region.get("region_name"):
        parts.append(ascii_pinyin(str(region["region_name"])))
    parts.append(department_slug(str(doc["department_name"]), region))
    return "-".join(parts) + suffix


SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# Names Windows reserves for devices: a file called so cannot be checked out there.
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in range(10)
}


def chosen_name(name: str | None, default: str, suffix: str) -> str:
    """``--name`` (with or without the extension) or the default name."""
    if not name:
        return default
    stem = name[: -len(suffix)] if name.lower().endswith(suffix) else name
    if not SAFE_NAME.fullmatch(stem) or stem.split(".")[0].upper() in RESERVED_NAMES:
        raise Refused(
            f"--name {name!r}: give a plain file name of up to 100 letters, digits, '-', "
            "'_' and '.', starting with a letter or digit (no spaces, folders or device names)"
        )
    if Path(stem).suffix.lower() in FORMATS:
        raise Refused(f"--name {name!r}: its extension must be {suffix} like the file's")
    return stem + suffix


# --- sidecar -----------------------------------------------------------------------------

SIDECAR_HEADER = (
    "# Metadata the document does not state itself. Department, code, year and kind are read\n"
    "# from the text; where they are also given here, the build warns if the two disagree.\n"
)
QUOTED = {"region_code", "department_code"}


def yaml_value(key: str, value: object) -> str:
    """One scalar as the existing sidecars write it: codes quoted, empty left empty."""
    if value is None or value == "":
        return ""
    if key in QUOTED:
        return json.dumps(str(value))
    if isinstance(value, int):
        return str(value)
    text = str(value)
    try:
        plain = yaml.safe_load(f"{key}: {text}") == {key: text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def sidecar_text(meta: dict[str, object]) -> str:
    """The sidecar's YAML, in the field order of the bundled sidecars."""
    keys = [key for key in SIDECAR_FIELDS if key != "other_part" or meta.get(key)]
    lines = [f"{key}: {yaml_value(key, meta.get(key))}".rstrip() for key in keys]
    return SIDECAR_HEADER + "\n".join(lines) + "\n"


# --- duplicates --------------------------------------------------------------------------


def same_department(new: dict[str, object], new_region: object, old: dict[str, object]) -> bool:
    """The same year and kind, and the same department: the same name (whatever region the
    file is given: a name says where it is), or the same code in the same region (codes
    are only unique within a region)."""
    if (str(new["year"]), new.get("document_kind")) != (str(old["year"]), old.get("document_kind")):
        return False
    if new["department_name"] == old["department_name"]:
        return True
    codes = new.get("department_code"), old.get("department_code")
    same_region = str(new_region or "") == str(old.get("region_code") or "")
    return same_region and all(codes) and str(codes[0]) == str(codes[1])


def find_duplicate(
    data: bytes, document: dict[str, object], region_code: object, folder: Path
) -> tuple[Path, str] | None:
    """The existing source this file duplicates, and how, or None."""
    digest = hashlib.sha256(data).hexdigest()
    existing = documents_of(find_sources(folder)) if folder.is_dir() else []
    for path in existing:
        if hashlib.sha256(path.read_bytes()).hexdigest() == digest:
            return path, "has the same content (sha256) as"
    version = code_version()
    for path in existing:
        try:
            old = parse_cached(path, CACHE_DIR, version).document
        except SourceError:
            continue
        if same_department(document, region_code, old):
            return path, (
                f"is the {document['year']} disclosure of {document['department_name']} already in"
            )
    return None


# --- the command -------------------------------------------------------------------------


def ask(question: str, interactive: bool) -> str | None:
    """Ask on the terminal; an empty answer (or no terminal) leaves the value unknown."""
    if not interactive:
        return None
    try:
        answer = input(f"{question}: ").strip()
    except EOFError:
        return None
    return answer or None


def resolve_region(
    args: argparse.Namespace, document: dict[str, object], interactive: bool
) -> dict[str, str | None]:
    """Region fields from the flags, else from the parse (the department's name and the
    title, looked up in the division table), else the user's answer."""
    if args.region_code:
        fields = region_fields(divisions().get(args.region_code))
    elif args.region_name:
        fields = region_fields(region_by_name(args.region_name))
    else:
        fields = {key: document.get(key) for key in REGION_FIELDS}  # type: ignore[misc]
        if not fields["region_name"]:
            answer = ask(
                f"region of {document['department_name']} (county or city name, "
                "or six-digit code; empty: unknown)",
                interactive,
            )
            if answer:
                division = divisions().get(answer) or region_by_name(answer)
                fields = region_fields(division)
                if division is None:
                    print(f"  {answer!r} is not in the division table")
                    if answer.isdecimal() and len(answer) == 6:
                        args.region_code = answer
                    else:
                        args.region_name = answer
    given = {
        "province": args.province,
        "city": args.city,
        "region_name": args.region_name,
        "region_code": args.region_code,
    }
    fields.update({key: value for key, value in given.items() if value})
    return fields


def summary(parsed: ParsedDocument, shown: int = 3) -> list[str]:
    """A short report of what the parse found."""
    d = parsed.document
    tables = (d["tables_found"] or "").split()
    lines = [
        f"{d['department_name']} {d['year']} {d['document_kind'] or ''}".rstrip(),
        f"  standard tables: {len(tables)} ({' '.join(tables) or 'none'})",
        f"  projects: {len(parsed.records.get('projects', []))}",
        f"  repairs: {len(parsed.repairs)}",
        f"  audit findings: {len(parsed.checks)}",
    ]
    lines += [f"    {check['message']}" for check in parsed.checks[:shown]]
    if len(parsed.checks) > shown:
        lines.append(f"    … {len(parsed.checks) - shown} more")
    lines.append(f"  blocks not recognised: {len(parsed.unrecognised)}")
    lines += [f"  warning: {w}" for w in parsed.warnings]
    return lines


def parse_alone(source: Path) -> ParsedDocument:
    """Parse a copy of the file without any sidecar next to it."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / f"document{source.suffix.lower()}"
        shutil.copyfile(source, copy)
        try:
            parsed = parse_document(copy)
        except SourceError as exc:  # say what is wrong with the user's file, not the copy
            raise SourceError(source, exc.message) from exc
    parsed.document["source_path"] = str(source)
    return parsed


def add(args: argparse.Namespace) -> Path:
    """Check, name, copy and describe one disclosure; return the new source's path."""
    source: Path = args.file
    if not source.is_file():
        raise SourceError(source, "no such file")
    suffix = source.suffix.lower()
    if suffix in OLD_OFFICE:
        raise SourceError(source, old_office(suffix))
    if suffix not in FORMATS or suffix == ".md":
        raise SourceError(
            source, f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED)}"
        )
    data = read_source(source)
    parsed = parse_alone(source)  # SourceError: refused, nothing written
    document = parsed.document
    interactive = not args.yes and sys.stdin.isatty()
    region = resolve_region(args, document, interactive)

    duplicate = find_duplicate(data, document, region["region_code"], args.sources)
    if duplicate:
        path, how = duplicate
        raise Refused(f"{how} {path}: not added")

    name = chosen_name(args.name, target_name(document, region, suffix), suffix)
    target = args.sources / name
    if target.exists() or sidecar_path(target).exists():
        raise Refused(f"{target} already exists: not added; choose another name with --name")

    url = args.url or ask("source URL (empty: unknown)", interactive)
    meta: dict[str, object] = {
        **region,
        "source_format": "html" if suffix == ".htm" else suffix.lstrip("."),
        "source_url": url,
        "page_count": document["page_count"],
        "original_name": source.name,
        "collected": datetime.date.today().isoformat(),
        "department_name": document["department_name"],
        "department_code": document["department_code"],
        "year": document["year"],
        "document_kind": document["document_kind"],
    }
    args.sources.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    sidecar_path(target).write_text(sidecar_text(meta), encoding="utf-8")

    print(f"added {target} and {sidecar_path(target).name}")
    region_line = " ".join(
        str(region[k]) for k in ("province", "city", "region_name", "region_code") if region[k]
    )
    print(f"  region: {region_line or 'unknown (edit the sidecar)'}")
    print(f"  source URL: {url or 'unknown (edit the sidecar)'}")
    for line in summary(parsed):
        print(line)
    return target


def cmd_add(args: argparse.Namespace) -> None:
    """The ``add`` subcommand: a refusal is an error (exit code 1) with nothing written."""
    try:
        add(args)
    except Refused as exc:
        raise SourceError(args.file, str(exc)) from exc


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``add`` subcommand to the command line."""
    command = sub.add_parser(
        "add", help="copy a downloaded disclosure into sources/ with its sidecar"
    )
    command.add_argument("file", type=Path, metavar="FILE")
    command.add_argument("--url", help="where the disclosure was downloaded from")
    command.add_argument("--province")
    command.add_argument("--city")
    command.add_argument("--region-name", help="county or district (or city) name")
    command.add_argument("--region-code", help="six-digit administrative division code")
    command.add_argument("--name", help="file name in sources/ (ASCII; default year-region-dept)")
    command.add_argument("--sources", type=Path, default=Path("sources"))
    command.add_argument("--yes", action="store_true", help="ask nothing; leave unknowns empty")
    command.set_defaults(func=cmd_add)
