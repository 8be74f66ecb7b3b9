"""``openbudget corpus DIR``: parse every file of a folder and report what each one gave.

For each file: whether it parsed or was refused (and why), who it is for, the year and kind,
the standard tables found against the standard-table titles the document prints, the units
its tables print, projects, audit findings and seconds; then totals, overall and per city.
The same goes to ``--json``. With ``--expected`` (what a person read in each file: identity,
tables printed, whether it is a budget at all) the report also counts what the parser got
right; with ``--baseline`` it fails when any of those counts falls below the committed ones,
so progress only ratchets up.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from openbudget.cache import CACHE_DIR, code_version, parse_cached
from openbudget.errors import SourceError
from openbudget.readers import FORMATS

# Totals that must not fall below the baseline (more is better for each).
RATCHETED = (
    "parsed",
    "budgets_parsed",
    "refused_rightly",
    "identity_right",
    "tables_expected_found",
    "tables_found",
    "projects",
)


@dataclass
class FileReport:
    """What one file gave."""

    file: str
    outcome: str  # parsed / refused / crashed
    reason: str | None = None
    department: str | None = None
    code: str | None = None
    year: int | None = None
    kind: str | None = None
    scope: str | None = None
    region: str | None = None
    format: str | None = None
    pages: int | None = None
    tables_found: list[str] = field(default_factory=list)
    tables_seen: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    projects: int = 0
    findings: int = 0
    seconds: float = 0.0
    # Against what a person read in the file (--expected):
    expected_budget: bool | None = None
    identity_right: bool | None = None
    tables_expected: list[str] = field(default_factory=list)


def report_file(path: Path, cache: Path | None, version: str) -> FileReport:
    """Parse one file and say what it gave (a refusal is an outcome, not an error)."""
    start = time.process_time()
    result = FileReport(path.name, "parsed", format=path.suffix.lstrip(".").lower())
    try:
        parsed = parse_cached(path, cache, version)
    except SourceError as exc:
        result.outcome, result.reason = "refused", exc.message
    except Exception as exc:  # noqa: BLE001 - a crash is reported as such, with its type
        result.outcome, result.reason = "crashed", f"{type(exc).__name__}: {exc}"
    else:
        doc = parsed.document
        tables = parsed.records.get("tables", [])
        result.department = str(doc["department_name"])
        result.code = doc["department_code"]  # type: ignore[assignment]
        result.year = doc["year"]  # type: ignore[assignment]
        result.kind = doc["document_kind"]  # type: ignore[assignment]
        result.scope = doc.get("scope")  # type: ignore[assignment]
        result.region = region_label(doc)
        result.format = str(doc["source_format"])
        result.pages = doc.get("page_count")  # type: ignore[assignment]
        result.tables_found = str(doc.get("tables_found") or "").split()
        result.tables_seen = parsed.tables_seen
        result.units = sorted({str(t["unit"]) for t in tables})
        result.projects = len(parsed.records.get("projects", []))
        result.findings = len(parsed.checks)
    result.seconds = round(time.process_time() - start, 2)
    return result


def region_label(doc: dict[str, object]) -> str:
    """Where a document is, for grouping: its city, else its province or region."""
    for key in ("city", "province", "region_name"):
        if doc.get(key):
            return str(doc[key])
    return "(unknown)"


def compare(result: FileReport, expected: dict[str, object] | None) -> None:
    """Mark what the parser got right against what a person read in the file."""
    if expected is None:
        return
    result.expected_budget = bool(expected.get("is_budget"))
    result.tables_expected = [str(t["table"]) for t in expected.get("tables_printed") or []]
    if result.outcome == "parsed" and result.expected_budget:
        wanted = (
            expected.get("department_name"),
            str(expected.get("department_code") or "") or None,
            expected.get("year"),
            expected.get("kind"),
        )
        result.identity_right = (result.department, result.code, result.year, result.kind) == (
            wanted
        )


def totals(results: list[FileReport]) -> dict[str, float]:
    """The counts the report ends with (and the baseline ratchets)."""
    with_truth = [r for r in results if r.expected_budget is not None]
    return {
        "files": len(results),
        "parsed": sum(r.outcome == "parsed" for r in results),
        "refused": sum(r.outcome == "refused" for r in results),
        "crashed": sum(r.outcome == "crashed" for r in results),
        "budgets_expected": sum(bool(r.expected_budget) for r in with_truth),
        "budgets_parsed": sum(
            bool(r.expected_budget) and r.outcome == "parsed" for r in with_truth
        ),
        "non_budgets_expected": sum(r.expected_budget is False for r in with_truth),
        "refused_rightly": sum(
            r.expected_budget is False and r.outcome == "refused" for r in with_truth
        ),
        "identity_right": sum(bool(r.identity_right) for r in with_truth),
        "tables_expected": sum(len(r.tables_expected) for r in with_truth),
        "tables_expected_found": sum(
            len(set(r.tables_expected) & set(r.tables_found)) for r in with_truth
        ),
        "tables_found": sum(len(r.tables_found) for r in results),
        "tables_seen": sum(len(r.tables_seen) for r in results),
        "projects": sum(r.projects for r in results),
        "findings": sum(r.findings for r in results),
        "pages": sum(r.pages or 0 for r in results),
        "seconds": round(sum(r.seconds for r in results), 1),
    }


def line(result: FileReport) -> str:
    """One file's line of the report."""
    if result.outcome != "parsed":
        return f"{result.file}: {result.outcome.upper()} — {result.reason}"
    found = len(result.tables_found)
    seen = len(set(result.tables_seen) | set(result.tables_found))
    parts = [
        f"{result.file}: {result.department}",
        f"({result.code})" if result.code else "",
        f"{result.year} {result.kind or '?'}" + (f" {result.scope}" if result.scope else ""),
        f"[{result.region}]",
        f"tables {found}/{seen}",
        f"units {','.join(result.units) or '-'}",
        f"projects {result.projects}",
        f"findings {result.findings}",
        f"{result.seconds}s",
    ]
    if result.identity_right is False:
        parts.append("IDENTITY DIFFERS FROM EXPECTED")
    missing = sorted(set(result.tables_expected) - set(result.tables_found))
    if missing:
        parts.append(f"MISSING {' '.join(missing)}")
    if result.expected_budget is False:
        parts.append("EXPECTED A REFUSAL")
    return " ".join(p for p in parts if p)


def run(
    folder: Path, jobs: int, cache: Path | None, expected: dict[str, dict[str, object]]
) -> list[FileReport]:
    """Report every file of the folder, in name order, parsing in parallel."""
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in FORMATS and p.name.lower() != "readme.md"
    )
    version = code_version()
    workers = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(report_file, files, [cache] * len(files), [version] * len(files)))
    for result in results:
        compare(result, expected.get(result.file))
    return results


def print_report(results: list[FileReport]) -> dict[str, object]:
    """Print each file's line, then totals overall and per city; return the JSON form."""
    for result in results:
        print(line(result))
    overall = totals(results)
    by_city: dict[str, list[FileReport]] = defaultdict(list)
    for result in results:
        by_city[result.region or "(refused)"].append(result)
    print("\nper city: files, parsed, refused, tables found, projects, findings")
    cities = {}
    for city, members in sorted(by_city.items()):
        counts = totals(members)
        cities[city] = counts
        print(
            f"  {city}: {counts['files']} files, {counts['parsed']} parsed, "
            f"{counts['refused']} refused, {counts['tables_found']} tables, "
            f"{counts['projects']} projects, {counts['findings']} findings"
        )
    print("\ntotals:")
    for key, value in overall.items():
        print(f"  {key}: {value}")
    formats = Counter(r.format for r in results)
    return {
        "files": [asdict(r) for r in results],
        "totals": overall,
        "cities": cities,
        "formats": dict(sorted(formats.items(), key=lambda kv: str(kv[0]))),
    }


def check_baseline(current: dict[str, float], baseline_path: Path) -> list[str]:
    """The ratcheted totals that fell below the committed baseline."""
    baseline = json.loads(baseline_path.read_text(encoding="utf-8"))
    return [
        f"{key}: {current.get(key, 0)} < baseline {baseline[key]}"
        for key in RATCHETED
        if key in baseline and current.get(key, 0) < baseline[key]
    ]


def cmd_corpus(args: argparse.Namespace) -> None:
    """The ``corpus`` subcommand: exit 1 when a ratcheted total fell below the baseline."""
    if not args.folder.is_dir():
        raise SourceError(args.folder, "no such folder")
    expected = {}
    if args.expected:
        expected = {
            str(e["file"]): e for e in yaml.safe_load(args.expected.read_text(encoding="utf-8"))
        }
    cache = None if args.no_cache else args.cache
    results = run(args.folder, args.jobs, cache, expected)
    data = print_report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    if args.baseline:
        fallen = check_baseline(data["totals"], args.baseline)  # type: ignore[arg-type]
        if fallen:
            for item in fallen:
                print(f"error: below the baseline: {item}", file=sys.stderr)
            raise SystemExit(1)
        print(f"\nno total fell below {args.baseline}")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``corpus`` subcommand to the command line."""
    command = sub.add_parser("corpus", help="parse every file of a folder and report on each")
    command.add_argument("folder", type=Path, metavar="DIR")
    command.add_argument("--json", type=Path, help="also write the report as JSON here")
    command.add_argument(
        "--expected", type=Path, help="YAML of what a person read in each file (identity, tables)"
    )
    command.add_argument(
        "--baseline", type=Path, help="JSON of totals that must not fall (exit 1 if one does)"
    )
    command.add_argument("--jobs", type=int, default=0, help="parallel parses (0: one per CPU)")
    command.add_argument("--cache", type=Path, default=CACHE_DIR, help="parse cache folder")
    command.add_argument("--no-cache", action="store_true", help="parse every file again")
    command.set_defaults(func=cmd_corpus)
