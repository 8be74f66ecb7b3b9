"""Markdown for the pull-request job summary ($GITHUB_STEP_SUMMARY).

    python scripts/ci_summary.py failure BUILD_STDERR
    python scripts/ci_summary.py stale GIT_STATUS_PORCELAIN
    git diff -z --name-only origin/main...HEAD -- sources/ \\
        | python scripts/ci_summary.py findings --changed - [--datapackage datapackage]

``failure`` puts what could not be parsed first: every ``error: FILE: reason`` line the
build wrote to stderr (``openbudget`` ends bad input that way), as a list, before anything
else. ``stale`` says that the committed datapackage/ is not what sources/ produce and how to
fix it. ``findings`` lists the audit's findings (``checks.csv``) for the documents whose
source file or sidecar the pull request adds or changes: they are the government's own
inconsistencies and never fail the check. Standard library only, so it runs before the
project is installed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path, PurePosixPath

#: Lines after the last ``error:`` line kept (a frictionless report, a site build's output).
CONTEXT_LINES = 40
#: Lines of stderr shown when the build failed without an ``error:`` line.
TAIL_LINES = 30


def failure(stderr: str) -> str:
    """The parse failure, file and reason first; the rest of stderr folded below it."""
    lines = stderr.splitlines()
    errors = [i for i, line in enumerate(lines) if line.startswith("error: ")]
    out = ["### ❌ 解析失败 (build failed)", ""]
    if errors:
        for i in errors:
            out.append(f"- {error_item(lines[i][len('error: ') :])}")
        extra = [line for line in lines[errors[-1] + 1 :] if line.strip()][:CONTEXT_LINES]
    else:
        out.append("构建失败，但没有 `error:` 行；以下是 stderr 的最后几行 (last lines of stderr):")
        extra = lines[-TAIL_LINES:]
    if extra:
        out += ["", "<details><summary>详情 (details)</summary>", "", "```"]
        out += extra
        out += ["```", "", "</details>"]
    out += [
        "",
        "修改或删除上面列出的文件后再推送；说明见 CONTRIBUTING.md“检查失败怎么办”。",
        "Fix or remove the file named above and push again (CONTRIBUTING.md explains each error).",
        "",
    ]
    return "\n".join(out)


def error_item(message: str) -> str:
    """``FILE: reason`` as a list item with the file name set off; anything else as it is."""
    path, sep, reason = message.partition(": ")
    if sep and ("/" in path or "." in path):
        return f"`{path}`: {reason}"
    return message


def stale(status: str) -> str:
    """The committed datapackage/ differs from what the build produced."""
    changed = [line for line in status.splitlines() if line.strip()]
    out = [
        "### ❌ datapackage/ 与 sources/ 不一致 (datapackage/ is out of date)",
        "",
        "提交的 `datapackage/` 不是由 `sources/` 生成的结果。在本地运行 `make site`，"
        "然后提交重新生成的 `datapackage/`。只通过网页提交文件的贡献者不必处理：维护者会在合并前"
        "重新生成并提交（本次运行生成的数据包已作为 `datapackage` 附件上传）。",
        "",
        "The committed `datapackage/` is not what `sources/` produce: run `make site` and commit "
        "`datapackage/`. If you contributed through the web interface, a maintainer regenerates "
        "it before merging (this run's package is attached as the `datapackage` artifact).",
        "",
        f"<details><summary>{len(changed)} 个文件不同 (files that differ)</summary>",
        "",
        "```",
        *changed[:CONTEXT_LINES],
        *([f"… {len(changed) - CONTEXT_LINES} more"] if len(changed) > CONTEXT_LINES else []),
        "```",
        "",
        "</details>",
        "",
    ]
    return "\n".join(out)


def changed_paths(text: str) -> list[str]:
    """Paths from ``git diff --name-only`` output, NUL- (``-z``) or newline-separated."""
    return [p.strip() for p in text.replace("\0", "\n").splitlines() if p.strip()]


def read_csv(path: Path) -> list[dict[str, str]]:
    """A CSV of the data package as dicts (missing file: no rows)."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def findings(changed: list[str], datapackage: Path) -> str:
    """Audit findings of the documents whose source or sidecar the pull request touches."""
    stems = {
        str(PurePosixPath(p).with_suffix(""))
        for p in changed
        if PurePosixPath(p).parts[:1] == ("sources",) and PurePosixPath(p).name != "README.md"
    }
    out = ["### 🔎 新增或修改文档的审计发现 (audit findings)", ""]
    if not stems:
        out += ["本 PR 没有新增或修改 `sources/` 中的文档。(No source documents changed.)", ""]
        return "\n".join(out)
    documents = [
        d
        for d in read_csv(datapackage / "documents.csv")
        if str(PurePosixPath(d["source_path"]).with_suffix("")) in stems
    ]
    found = {str(PurePosixPath(d["source_path"]).with_suffix("")) for d in documents}
    checks = read_csv(datapackage / "checks.csv")
    out += [
        "审计发现是公开文件自身数字之间的不一致（例如合计与明细之和不符），照原样公布，"
        "不会使检查失败。Findings are the disclosure's own inconsistencies, published as "
        "printed; they never fail the check.",
        "",
    ]
    for doc in documents:
        rows = [c for c in checks if c["document_id"] == doc["document_id"]]
        out.append(
            f"#### `{doc['document_id']}` {doc['department_name']} {doc['year']} "
            f"{doc['document_kind']} (`{doc['source_path']}`)"
        )
        out.append("")
        out.append(
            f"{doc['checks_run'] or 0} 项核对，{doc['checks_failed'] or 0} 项不一致 "
            f"({doc['checks_failed'] or 0} of {doc['checks_run'] or 0} checks failed); "
            f"标准表 (standard tables): {len((doc['tables_found'] or '').split())}"
        )
        out.append("")
        if rows:
            out += ["| 级别 severity | 表 table | 行 row | 说明 message |", "|---|---|---|---|"]
            for c in rows:
                out.append(
                    f"| {cell(c['severity'])} | {cell(c['table'])} | {cell(c['row_ref'])} "
                    f"| {cell(c['message'])} |"
                )
            out.append("")
    for stem in sorted(stems - found):
        out += [f"- `{stem}.*`: 已从 sources/ 删除或不是文档 (removed, or not a document)", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Print one part of the job summary."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = args.add_subparsers(dest="part", required=True)
    fail = sub.add_parser("failure", help="what could not be parsed, from the build's stderr")
    fail.add_argument("stderr", type=Path)
    old = sub.add_parser("stale", help="datapackage/ differs from what sources/ produce")
    old.add_argument("status", type=Path, help="`git status --porcelain -- datapackage/` output")
    audit = sub.add_parser("findings", help="audit findings of the changed documents")
    audit.add_argument("--changed", type=Path, required=True, help="changed paths (- = stdin)")
    audit.add_argument("--datapackage", type=Path, default=Path("datapackage"))
    ns = args.parse_args(argv)

    def text(path: Path) -> str:
        if str(path) == "-":
            return sys.stdin.read()
        return path.read_text(encoding="utf-8", errors="replace")

    if ns.part == "failure":
        sys.stdout.write(failure(text(ns.stderr)))
    elif ns.part == "stale":
        sys.stdout.write(stale(text(ns.status)))
    else:
        sys.stdout.write(findings(changed_paths(text(ns.changed)), ns.datapackage))
    return 0


if __name__ == "__main__":
    sys.exit(main())
