"""Parse one source document: read, repair, recognise, audit.

Parsing is a pure function of a file's bytes and its sidecar, so :mod:`openbudget.cache`
keeps its result by their content hash and parses only changed files, in parallel.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from openbudget.audit import audit
from openbudget.blocks import Block
from openbudget.errors import SourceError
from openbudget.readers import actual_format, disguised_web_page, read_blocks, read_source
from openbudget.recognise import Recognised, recognise
from openbudget.recognise.document import DocumentFacts, read_facts
from openbudget.regions import REGION_FIELDS, locate
from openbudget.repair import repair
from openbudget.schema import resource_fields, schema_spec
from openbudget.sources import STATED_BY_DOCUMENT, load_sidecar, other_part, sidecar_path

Record = dict[str, object]
PUBLISHED = set(schema_spec()["resources"])
DOCUMENT_FIELDS = {f.name for f in resource_fields("documents")}


@dataclass
class ParsedDocument:
    """Everything one source contributes to the package, plus what the build should say."""

    document: Record
    records: dict[str, list[Record]]
    repairs: list[Record] = field(default_factory=list)
    checks: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    tables_seen: list[str] = field(default_factory=list)  # standard tables titled in the text


def slug(name: str, region_name: str | None) -> str:
    """An ASCII id for a department with no printed code: pinyin initials of its name."""
    if region_name and name.startswith(region_name):
        name = name[len(region_name) :]
    letters = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    return "".join(c for c in letters.lower() if c.isascii() and c.isalnum()) or "dept"


def display_path(path: Path) -> str:
    """The source's path as published: relative to the working folder where possible."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.name


def region_of(name: str, title: str | None, meta: dict[str, object]) -> dict[str, str | None]:
    """Where the department is: as the sidecar says, else as its name or the title names it
    (looked up in the division table)."""
    given = {key: str(meta[key]) if meta.get(key) else None for key in REGION_FIELDS}
    if given["region_code"] or given["region_name"]:
        return given
    located = locate(name, title)
    return {key: given[key] or located[key] for key in REGION_FIELDS}


def document_record(
    path: Path, data: bytes, facts: DocumentFacts, meta: dict[str, object]
) -> Record:
    """The ``documents`` row: the document's own statements, completed by the sidecar."""
    stated = {key: getattr(facts, key) for key in STATED_BY_DOCUMENT}
    merged = {key: stated[key] if stated[key] is not None else meta.get(key) for key in stated}
    year = int(merged["year"]) if merged["year"] is not None else None
    refuse_what_is_not_a_budget(path, data, facts, year, merged["department_name"])
    code = merged["department_code"]
    region = region_of(str(merged["department_name"]), facts.title, meta)
    id_parts = [
        str(year),
        str(region["region_code"] or ""),
        str(code or slug(str(merged["department_name"]), region["region_name"])),
    ]
    return {
        "document_id": "-".join(p for p in id_parts if p),
        "year": year,
        **region,
        "department_code": str(code) if code else None,
        "department_name": merged["department_name"],
        "document_kind": merged["document_kind"],
        "scope": facts.scope,
        "title": facts.title,
        "source_path": display_path(path),
        "source_format": meta.get("source_format") or actual_format(path, data),
        "source_sha256": hashlib.sha256(data).hexdigest(),
        "source_url": meta.get("source_url"),
        "page_count": meta.get("page_count"),
        "collected": meta.get("collected"),
    }


def pages_of(path: Path, data: bytes) -> int | None:
    """The page count of a PDF (other formats have no pages to count)."""
    if actual_format(path, data) != "pdf":
        return None
    from openbudget.readers.pdf import page_count

    return page_count(data)


def refuse_what_is_not_a_budget(
    path: Path, data: bytes, facts: DocumentFacts, year: int | None, name: object
) -> None:
    """Say what a file is when it is not a budget disclosure this parser reads."""
    saved_as = (
        "the file is a web page (HTML) saved under a .pdf name, and "
        if disguised_web_page(path, data)
        else ""
    )
    who = f"{name} {year}".strip() if name and year else ""
    if facts.final_accounts:
        raise SourceError(
            path,
            f"{saved_as}this is a 决算 (final accounts{', ' + who if who else ''}), not a "
            "budget: final accounts are not supported yet",
        )
    if facts.notice:
        raise SourceError(
            path,
            f"{saved_as}this is a government notice ({facts.notice}), not a budget disclosure",
        )
    if year is None or not name:
        missing = " and ".join(
            what for what, value in (("department", name), ("budget year", year)) if not value
        )
        raise SourceError(
            path,
            f"{saved_as}not a budget disclosure this parser can read: nothing in it says "
            f"which {missing} it is for (no title such as '…2025年部门预算', no line such as "
            "'编制部门：…' or '预算单位：…', no table title block such as '323 巨鹿县…局')",
        )


ATTACHMENT = re.compile(r"[^\s/\\:：|]{2,80}\.(?:pdf|docx?|xlsx?|wps|rar|zip)\b", re.IGNORECASE)


def refuse_what_holds_no_budget(
    path: Path, data: bytes, facts: DocumentFacts, found: Recognised, blocks: list[Block]
) -> None:
    """Refuse a file that names a budget but holds none of it: no standard table, no project,
    no figure in its text (a web page that links to the disclosure, or shows it as images)."""
    figures = [key for key, value in found.facts.items() if key.startswith("prose_") and value]
    if found.tables_found or found.records.get("projects") or figures:
        return
    page = actual_format(path, data) == "html"
    what = "a web page" if page else "a file"
    if disguised_web_page(path, data):
        what = "a web page (HTML) saved under a .pdf name"
    texts = " ".join(b.text for b in blocks if b.kind != "table")
    attachments = list(dict.fromkeys(ATTACHMENT.findall(texts)))
    if attachments:
        where = f"; it names attachments ({', '.join(attachments[:5])}): add those instead"
    else:
        where = "; the disclosure may be in an attachment or in pictures it shows" if page else ""
    named = facts.title or facts.department_name
    raise SourceError(
        path,
        f"not a budget disclosure: {what} that holds no budget table, project or figure of a "
        "budget's text" + (f", although it names one ({named})" if named else "") + where,
    )


def disagreements(path: Path, facts: DocumentFacts, meta: dict[str, object]) -> list[str]:
    """Where the sidecar says something other than the document says of itself."""
    found = []
    for key in STATED_BY_DOCUMENT:
        stated, given = getattr(facts, key), meta.get(key)
        if stated is not None and given is not None and str(stated) != str(given):
            found.append(
                f"{sidecar_path(path)}: {key} is {given!r} in the sidecar but the document "
                f"says {stated!r}; the document's value is used"
            )
    return found


def read_parts(path: Path, meta: dict[str, object]) -> tuple[list[Block], int | None]:
    """The blocks of a document, its other part's after its own (pages numbered on from the
    first file's last page), and its page count."""
    blocks: list[Block] = []
    pages = 0
    for part in [path, *filter(None, [other_part(path, meta)])]:
        data = read_source(part)
        part_blocks = read_blocks(part, data)
        for block in part_blocks:
            if block.page is not None:
                block.page += pages
                block.page_starts = [(row, page + pages) for row, page in block.page_starts]
                block.regions = [(page + pages, box) for page, box in block.regions]
        counted = pages_of(part, data)
        pages += counted or max((b.page or 0 for b in part_blocks), default=0) - pages
        blocks += part_blocks
    return blocks, pages or None


def parse_document(path: Path) -> ParsedDocument:
    """Parse one source file (with its sidecar, if any) into records, repairs and findings."""
    data = read_source(path)
    meta = load_sidecar(path)
    part = other_part(path, meta)
    blocks, pages = read_parts(path, meta)
    blocks, repairs = repair(blocks)
    facts = read_facts(blocks)
    found = recognise(blocks)
    document = document_record(path, data, facts, {"page_count": pages, **meta})
    refuse_what_holds_no_budget(path, data, facts, found, blocks)
    if part is not None:
        document["other_part"] = display_path(part)
    document_id = document["document_id"]
    result = audit(found.records, found.tables_found, found.facts)
    document.update(
        {key: value for key, value in found.facts.items() if key in DOCUMENT_FIELDS},
        tables_found=" ".join(found.tables_found) or None,
        tables_empty=" ".join(found.tables_empty) or None,
        notes="\n".join(dict.fromkeys(found.notes)) or None,
        checks_run=result.run + len(found.findings),
        checks_failed=len(result.findings) + len(found.findings),
    )
    warnings = disagreements(path, facts, meta)
    warnings += [f"{path}: {problem}" for problem in found.problems]
    if not found.tables_found:
        warnings.append(f"{path}: none of the nine standard budget tables is in this document")
    return ParsedDocument(
        document=document,
        records={
            table: [{"document_id": document_id, **row} for row in rows]
            for table, rows in found.records.items()
            if table in PUBLISHED  # e.g. procurement subtotals are only audited
        },
        repairs=[
            {"document_id": document_id, "repair_seq": seq, **asdict(r)}
            for seq, r in enumerate(repairs, start=1)
        ],
        checks=[
            {"document_id": document_id, "check_seq": seq, **finding}
            for seq, finding in enumerate(found.findings + result.findings, start=1)
        ],
        warnings=warnings,
        unrecognised=[f"{path}: {u}" for u in found.unrecognised],
        tables_seen=found.tables_seen,
    )
