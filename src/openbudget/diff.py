"""``openbudget diff``: what the data package gained, lost and changed against a git ref.

Both sides are read as CSV text, the working package from its folder and the old one with
``git show REF:<package>/<resource>.csv``. Rows are matched by each resource's primary key
from ``schema.yaml``; a row whose key is on both sides but whose fields differ is *changed*.
A resource, or the whole package, missing at the ref counts as empty. Values are compared as
the text published (amounts are printed exactly, so ``3502.6`` and ``3502.60`` differ).

The report is for reading, not gating: it ends with exit code 0 whether or not anything
differs. An unknown ref, or a package folder outside a git repository, ends with exit code 1.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from openbudget.errors import SourceError
from openbudget.schema import field_title, resource_title, schema_spec

Row = dict[str, str]
Key = tuple[str, ...]

#: Example rows shown per resource and kind of difference.
EXAMPLES = 5
#: Longest cell text shown in an example before it is cut.
CELL_WIDTH = 40
#: Changed documents listed in Markdown before the list goes into a <details> block.
OPEN_DOCUMENTS = 10

HEADLINES: tuple[tuple[str, str], ...] = (
    ("income_total", "收入总计"),
    ("expenditure_total", "支出总计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("projects", "项目数"),
    ("findings", "审核发现"),
)


class DiffError(SourceError):
    """The comparison cannot be made: an unknown ref, or no git repository or package."""


# --- reading both sides -------------------------------------------------------------------


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run a read-only git command in ``repo``; never raises on a git failure."""
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError as exc:  # no git on the PATH
        raise DiffError("git", "git is not installed") from exc


def repository(package: Path) -> tuple[Path, str]:
    """The repository holding ``package`` and the package's path inside it (``a/b/``)."""
    top = git(package, "rev-parse", "--show-toplevel")
    prefix = git(package, "rev-parse", "--show-prefix")
    if top.returncode or prefix.returncode:
        raise DiffError(package, "not inside a git repository")
    return Path(top.stdout.decode().strip()), prefix.stdout.decode().strip()


def default_ref(repo: Path) -> str:
    """``origin/main`` when the repository has it, else ``main``."""
    for ref in ("origin/main", "main"):
        if git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0:
            return ref
    raise DiffError(repo, "neither origin/main nor main exists; name the git ref to compare with")


def resolve(repo: Path, ref: str) -> str:
    """The commit ``ref`` names, or a clear error when it names none."""
    if ref.startswith("-"):
        raise DiffError(ref, "not a git ref")
    done = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done.returncode:
        raise DiffError(ref, f"no such git ref (branch, tag or commit) in {repo}")
    return done.stdout.decode().strip()


def parse_csv(text: str) -> tuple[list[str], list[Row]]:
    """Columns and rows of a CSV text (empty text: no columns, no rows)."""
    reader = csv.DictReader(io.StringIO(text))
    rows = [dict(row) for row in reader]
    return list(reader.fieldnames or []), rows


def old_texts(repo: Path, commit: str, prefix: str, names: list[str]) -> dict[str, str]:
    """``<name>.csv`` of each resource at ``commit``; absent ones are left out."""
    listed = git(repo, "ls-tree", "--name-only", commit, "--", prefix or ".")
    present = set(listed.stdout.decode("utf-8", "replace").splitlines())
    texts = {}
    for name in names:
        path = f"{prefix}{name}.csv"
        if path not in present:
            continue
        shown = git(repo, "show", f"{commit}:{path}")
        if shown.returncode == 0:
            texts[name] = shown.stdout.decode("utf-8")
    return texts


def new_texts(package: Path, names: list[str]) -> dict[str, str]:
    """``<name>.csv`` of each resource in the working package; absent ones are left out."""
    return {
        name: (package / f"{name}.csv").read_text(encoding="utf-8")
        for name in names
        if (package / f"{name}.csv").is_file()
    }


# --- comparing ----------------------------------------------------------------------------


def natural(key: Key) -> tuple[tuple[int, int | str], ...]:
    """Sort order of a key: numbers by value (row 2 before row 10), text as text."""
    return tuple((0, int(part)) if re.fullmatch(r"-?\d+", part) else (1, part) for part in key)


@dataclass
class ResourceDiff:
    """What one resource gained, lost and changed."""

    name: str
    key: list[str]
    old_present: bool
    new_present: bool
    old_count: int = 0
    new_count: int = 0
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    #: (key, old row, new row, names of the fields that differ)
    changed: list[tuple[Key, Row, Row, list[str]]] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        """Whether anything at all differs."""
        return bool(self.added or self.removed or self.changed or self.columns_added) or bool(
            self.columns_removed
        )

    def changed_fields(self) -> dict[str, int]:
        """How many changed rows each field differs in, most first."""
        counts: dict[str, int] = {}
        for _, _, _, names in self.changed:
            for name in names:
                counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))

    def documents(self) -> dict[str, list[int]]:
        """Per document_id: [added, removed, changed] row counts."""
        per: dict[str, list[int]] = {}
        for slot, rows in ((0, self.added), (1, self.removed)):
            for row in rows:
                per.setdefault(row.get("document_id", ""), [0, 0, 0])[slot] += 1
        for _, _, new, _ in self.changed:
            per.setdefault(new.get("document_id", ""), [0, 0, 0])[2] += 1
        return per


def diff_resource(
    name: str, key: list[str], old_text: str | None, new_text: str | None
) -> ResourceDiff:
    """Match the rows of both sides by primary key and say what differs."""
    old_columns, old_rows = parse_csv(old_text or "")
    new_columns, new_rows = parse_csv(new_text or "")
    result = ResourceDiff(name, key, old_text is not None, new_text is not None)
    result.old_count, result.new_count = len(old_rows), len(new_rows)
    if old_rows or new_rows:
        result.columns_added = [c for c in new_columns if old_columns and c not in old_columns]
        result.columns_removed = [c for c in old_columns if new_columns and c not in new_columns]
    common = [c for c in new_columns if c in old_columns and c not in key]
    old = {tuple(r.get(k) or "" for k in key): r for r in old_rows}
    new = {tuple(r.get(k) or "" for k in key): r for r in new_rows}
    for k in sorted(new.keys() - old.keys(), key=natural):
        result.added.append(new[k])
    for k in sorted(old.keys() - new.keys(), key=natural):
        result.removed.append(old[k])
    for k in sorted(old.keys() & new.keys(), key=natural):
        fields = [c for c in common if (old[k].get(c) or "") != (new[k].get(c) or "")]
        if fields:
            result.changed.append((k, old[k], new[k], fields))
    return result


def headlines(texts: dict[str, str]) -> dict[str, dict[str, str | int | None]]:
    """Per document: 收入总计, 支出总计, 基本/项目支出 (支出总表 合计), projects, findings."""
    documents = parse_csv(texts.get("documents", ""))[1]
    figures: dict[str, dict[str, str | int | None]] = {
        d["document_id"]: {
            "income_total": None,
            "expenditure_total": None,
            "basic": None,
            "project": None,
            "projects": 0,
            "findings": 0,
        }
        for d in documents
    }

    def of(row: Row) -> dict[str, str | int | None] | None:
        return figures.get(row.get("document_id", ""))

    for row in parse_csv(texts.get("budget_summary", ""))[1]:
        if (entry := of(row)) is not None and row.get("line_kind") == "total":
            side = row.get("side")
            if side in ("income", "expenditure"):
                entry[f"{side}_total"] = row.get("amount") or None
    for row in parse_csv(texts.get("expenditure", ""))[1]:
        name = (row.get("function_name") or "").replace(" ", "")
        if (entry := of(row)) is not None and name == "合计" and entry["basic"] is None:
            entry["basic"] = row.get("basic") or None
            entry["project"] = row.get("project") or None
    for resource, slot in (("projects", "projects"), ("checks", "findings")):
        for row in parse_csv(texts.get(resource, ""))[1]:
            if (entry := of(row)) is not None:
                entry[slot] = int(entry[slot] or 0) + 1
    return figures


@dataclass
class DocumentChange:
    """One document that is new, removed or changed, with its figures before and after."""

    status: str  # "new", "removed" or "changed"
    document_id: str
    label: str  # department and year
    before: dict[str, str | int | None] | None
    after: dict[str, str | int | None] | None
    resources: dict[str, list[int]]  # resource → [added, removed, changed]


@dataclass
class Report:
    """The whole comparison."""

    ref: str
    commit: str
    package: str
    package_at_ref: bool
    resources: list[ResourceDiff]
    documents: list[DocumentChange]
    unchanged_documents: int

    @property
    def differs(self) -> bool:
        """Whether anything at all differs."""
        return any(r.differs for r in self.resources)


def compare(package: Path, ref: str | None) -> Report:
    """Compare the package folder with the same package at ``ref`` (default: main)."""
    if not package.is_dir():
        raise DiffError(package, "no such data package folder")
    repo, prefix = repository(package)
    ref = ref or default_ref(repo)
    commit = resolve(repo, ref)
    spec = schema_spec()["resources"]
    names = list(spec)
    old = old_texts(repo, commit, prefix, names)
    new = new_texts(package, names)
    if not new:
        raise DiffError(package, "no data package here (none of its CSV files)")
    diffs = [
        diff_resource(name, list(spec[name]["primary_key"]), old.get(name), new.get(name))
        for name in names
    ]
    before, after = headlines(old), headlines(new)
    labels = {}
    for texts in (old, new):
        for d in parse_csv(texts.get("documents", ""))[1]:
            labels[d["document_id"]] = f"{d.get('department_name', '')} {d.get('year', '')}"
    per_document: dict[str, dict[str, list[int]]] = {}
    for d in diffs:
        for document_id, counts in d.documents().items():
            per_document.setdefault(document_id, {})[d.name] = counts
    changes = []
    for document_id in sorted(set(before) | set(after) | set(per_document)):
        if document_id not in before and document_id in after:
            status = "new"
        elif document_id in before and document_id not in after:
            status = "removed"
        elif per_document.get(document_id):
            status = "changed"
        else:
            continue
        changes.append(
            DocumentChange(
                status,
                document_id,
                labels.get(document_id, ""),
                before.get(document_id),
                after.get(document_id),
                per_document.get(document_id, {}),
            )
        )
    unchanged = len(set(before) & set(after)) - sum(c.status == "changed" for c in changes)
    shown_package = package.as_posix().rstrip("/") + "/"
    return Report(ref, commit, shown_package, bool(old), diffs, changes, unchanged)


# --- writing the report -------------------------------------------------------------------


def short(value: object, width: int = CELL_WIDTH) -> str:
    """A cell for display: one line, cut to ``width`` characters, ``—`` when empty."""
    text = " ".join(str(value).split()) if value not in (None, "") else "—"
    return text if len(text) <= width else text[: width - 1] + "…"


def around_difference(old: object, new: object, width: int = 24) -> tuple[str, str]:
    """Both values for display, long texts cut to show where they first differ."""
    a = " ".join(str(old).split()) if old not in (None, "") else ""
    b = " ".join(str(new).split()) if new not in (None, "") else ""
    same = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    if same > width // 2 and max(len(a), len(b)) > width:
        start = same - width // 4
        return short("…" + a[start:], width), short("…" + b[start:], width)
    return short(a, width), short(b, width)


def figure(change: DocumentChange, slot: str) -> str:
    """A headline figure as ``before → after`` (``—`` for none), once when it did not change."""
    old = short(change.before[slot]) if change.before else "—"
    new = short(change.after[slot]) if change.after else "—"
    return old if old == new else f"{old} → {new}"


def counts(added: int, removed: int, changed: int) -> str:
    """``+3 −1 ~2``, leaving out the zeros."""
    parts = [f"{sign}{n}" for sign, n in (("+", added), ("−", removed), ("~", changed)) if n]
    return " ".join(parts) or "0"


def row_parts(d: ResourceDiff, row: Row) -> tuple[str, str]:
    """A row as its key and its first few non-empty fields."""
    key = "/".join(row.get(k) or "" for k in d.key)
    rest = [f"{c}={short(v, 24)}" for c, v in row.items() if c not in d.key and v][:4]
    return key, ", ".join(rest)


def row_text(d: ResourceDiff, row: Row) -> str:
    """A row as one line: its key and first few non-empty fields."""
    key, rest = row_parts(d, row)
    return f"{key}  {rest}" if rest else key


def title_of(resource: str, name: str) -> str:
    """A field's Chinese title, or its name when the schema no longer has it."""
    try:
        return field_title(resource, name)
    except KeyError:
        return name


def summary_line(report: Report) -> str:
    """Documents and rows in one sentence."""
    status = [c.status for c in report.documents]
    added = sum(len(d.added) for d in report.resources)
    removed = sum(len(d.removed) for d in report.resources)
    changed = sum(len(d.changed) for d in report.resources)
    return (
        f"documents: {status.count('new')} new, {status.count('removed')} removed, "
        f"{status.count('changed')} changed, {report.unchanged_documents} unchanged; "
        f"rows: {added} added, {removed} removed, {changed} changed"
    )


def render_text(report: Report) -> str:
    """The report for a terminal."""
    head = f"{report.package} against {report.ref} ({report.commit[:10]})"
    if not report.package_at_ref:
        head += " — no data package at the ref, everything counts as new"
    lines = [head]
    if not report.differs:
        return "\n".join([*lines, "no differences"]) + "\n"
    lines.append(summary_line(report))
    if report.documents:
        lines += ["", "Documents"]
    for change in report.documents:
        lines.append(f"  {change.status:<8} {change.document_id}  {change.label}")
        lines.append("           " + "  ".join(f"{t} {figure(change, s)}" for s, t in HEADLINES))
        if change.status == "changed":
            parts = [f"{name} {counts(*c)}" for name, c in change.resources.items()]
            lines.append("           rows: " + ", ".join(parts))
    lines += ["", "Resources"]
    for d in report.resources:
        if not d.differs:
            continue
        fields = d.changed_fields()
        line = f"  {d.name}: {d.old_count} → {d.new_count} rows, "
        line += f"{len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed"
        if fields:
            line += " (fields: " + ", ".join(f"{n} ×{c}" for n, c in fields.items()) + ")"
        lines.append(line)
        if d.columns_added or d.columns_removed:
            lines.append(
                f"    columns added: {', '.join(d.columns_added) or '—'}; "
                f"removed: {', '.join(d.columns_removed) or '—'}"
            )
        for sign, rows in (("+", d.added), ("-", d.removed)):
            for row in rows[:EXAMPLES]:
                lines.append(f"    {sign} {row_text(d, row)}")
            if len(rows) > EXAMPLES:
                lines.append(f"    {sign} … {len(rows) - EXAMPLES} more")
        for key, old, new, names in d.changed[:EXAMPLES]:
            what = ", ".join(
                "{}: {} → {}".format(n, *around_difference(old.get(n), new.get(n))) for n in names
            )
            lines.append(f"    ~ {'/'.join(key)}  {what}")
        if len(d.changed) > EXAMPLES:
            lines.append(f"    ~ … {len(d.changed) - EXAMPLES} more")
    return "\n".join(lines) + "\n"


def md(value: object, width: int = CELL_WIDTH) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    return short(value, width).replace("|", "\\|")


def md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table."""
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def render_markdown(report: Report) -> str:
    """The report for a pull request: headings, tables, long lists folded away."""
    lines = [f"## Data package changes against `{report.ref}` ({report.commit[:10]})", ""]
    if not report.package_at_ref:
        lines += [f"There is no data package at `{report.ref}`: everything counts as new.", ""]
    if not report.differs:
        return "\n".join([*lines, f"No differences in `{report.package}`."]) + "\n"
    summary = summary_line(report)
    lines += [summary[0].upper() + summary[1:] + ".", ""]
    if report.documents:
        lines += ["### Documents", ""]
        table = md_table(
            ["", "document", "department", *(t for _, t in HEADLINES), "rows"],
            [
                [
                    c.status,
                    f"`{c.document_id}`",
                    md(c.label),
                    *(md(figure(c, s)) for s, _ in HEADLINES),
                    ", ".join(f"{n} {counts(*k)}" for n, k in c.resources.items())
                    if c.status == "changed"
                    else "",
                ]
                for c in report.documents
            ],
        )
        if len(report.documents) > OPEN_DOCUMENTS:
            table = [
                f"<details><summary>{len(report.documents)} documents</summary>",
                "",
                *table,
                "",
                "</details>",
            ]
        lines += [*table, ""]
    lines += ["### Resources", ""]
    rows = []
    for d in report.resources:
        if not d.differs:
            continue
        fields = ", ".join(f"`{n}` ×{c}" for n, c in d.changed_fields().items())
        rows.append(
            [
                f"`{d.name}`",
                md(resource_title(d.name)),
                f"{d.old_count if d.old_present else '—'} → {d.new_count}",
                str(len(d.added)),
                str(len(d.removed)),
                str(len(d.changed)),
                fields,
            ]
        )
    lines += md_table(
        ["resource", "table", "rows", "added", "removed", "changed", "changed fields"], rows
    )
    lines.append("")
    for d in report.resources:
        if not d.differs:
            continue
        total = counts(len(d.added), len(d.removed), len(d.changed))
        lines += [f"<details><summary><code>{d.name}</code> {total}</summary>", ""]
        if d.columns_added or d.columns_removed:
            lines += [
                f"Columns added: {', '.join(d.columns_added) or '—'}; "
                f"removed: {', '.join(d.columns_removed) or '—'}.",
                "",
            ]
        for what, rows_of in (("Added", d.added), ("Removed", d.removed)):
            if not rows_of:
                continue
            lines += [f"{what} ({len(rows_of)}, first {min(EXAMPLES, len(rows_of))}):", ""]
            shown = [row_parts(d, r) for r in rows_of[:EXAMPLES]]
            lines += md_table(["key", "fields"], [[md(k), md(f, 4 * CELL_WIDTH)] for k, f in shown])
            lines.append("")
        if d.changed:
            lines += [f"Changed ({len(d.changed)}, first {min(EXAMPLES, len(d.changed))}):", ""]
            lines += md_table(
                ["key", "field", "before", "after"],
                [
                    [
                        md("/".join(key)),
                        f"`{n}` {md(title_of(d.name, n))}",
                        *(md(v) for v in around_difference(old.get(n), new.get(n), CELL_WIDTH)),
                    ]
                    for key, old, new, names in d.changed[:EXAMPLES]
                    for n in names
                ],
            )
            lines.append("")
        lines += ["</details>", ""]
    return "\n".join(lines)


# --- the command --------------------------------------------------------------------------


def cmd_diff(args: argparse.Namespace) -> None:
    """Print what the package gained, lost and changed against a git ref."""
    report = compare(args.package, args.ref)
    render = render_markdown if args.format == "markdown" else render_text
    print(render(report), end="")


def add_diff_command(sub: argparse._SubParsersAction) -> None:
    """Register ``openbudget diff`` on the command's subparsers."""
    command = sub.add_parser(
        "diff", help="what the data package gained, lost and changed against a git ref"
    )
    command.add_argument(
        "ref",
        nargs="?",
        metavar="REF",
        help="git ref to compare with (default: origin/main or main)",
    )
    command.add_argument("--format", choices=("text", "markdown"), default="text")
    command.add_argument("--package", type=Path, default=Path("datapackage"), metavar="DIR")
    command.set_defaults(func=cmd_diff)
