"""Project performance-target tables (项目绩效目标表): one project and its indicators each.

Each table is found by its title (see :mod:`project_blocks`) and read by the words in its
cells, never by position: 项目编码 / 项目名称 / 预算数 … are labels followed by their value,
the spending plan (资金支出计划) is a row of month or quarter headings above a row of values
(:mod:`schedule`), and the indicator rows sit below their own heading row
(:mod:`indicators`). Templates that print only some of these parts read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbudget.amounts import RowProblem, amount
from openbudget.blocks import Block
from openbudget.recognise.found import Found, Record, first_page
from openbudget.recognise.indicators import HEADER, IndicatorTable, is_grade_header, is_header
from openbudget.recognise.project_blocks import TITLE, Draft, gather, is_title_block
from openbudget.recognise.schedule import read_schedule, schedule_months
from openbudget.text_utils import compact

PRINTED_SEQ = re.compile(r"^(\d+)\s*[、.．]\s*")
# Labels of the project part of the table (matched against the whole compacted cell); the
# value is the next non-empty cell to the right that is not itself a label.
LABELS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern))
    for name, pattern in [
        ("project_code", r"项目(编码|代码|编号)"),
        ("project_name", r"项目名称"),
        ("unit_name", r"(预算)?单位名称|预算单位"),
        ("budget", r"(项目)?预算(数|金额)"),
        ("fiscal_funds", r"(其中[:：]?)?财政(资金|拨款)"),
        ("other_funds", r"(其中[:：]?)?其他资金"),
        ("purpose", r".*用途"),
        ("goal", r"(年度)?(项目)?绩效目标"),
    ]
]
AMOUNTS = {"budget", "fiscal_funds", "other_funds"}
PROJECT_FIELDS = [
    "project_seq",
    "title",
    "project_code",
    "project_name",
    "unit_name",
    "budget",
    "fiscal_funds",
    "other_funds",
    "purpose",
    "schedule_march",
    "schedule_june",
    "schedule_september",
    "schedule_october",
    "schedule_december",
    "schedule_unit",
    "goal",
    "indicator_count",
]


def read_projects(blocks: list[Block]) -> Found:
    """Every project performance-target table: ``projects`` and their ``indicators``."""
    found = Found(records={"projects": [], "indicators": []})
    drafts = [draft for draft in gather(blocks) if is_project(draft, found)]
    for draft, seq in zip(drafts, project_seqs(drafts, found), strict=True):
        project, indicators = read_project(draft, seq, found.problems)
        page = first_page(blocks, draft.blocks)
        found.records["projects"].append({**project, "page": page})
        found.records["indicators"].extend({**row, "page": page} for row in indicators)
        found.claimed |= draft.blocks
    return found


def is_project(draft: Draft, found: Found) -> bool:
    """Whether a titled draft holds a project table (a title alone is not enough)."""
    text = " ".join(compact(cell) for row in draft.rows for cell in row)
    if "项目编码" in text or HEADER.search(text):
        return True
    found.problems.append(f"{draft.where}: {draft.title}: no project table follows the title")
    return False


def project_seqs(drafts: list[Draft], found: Found) -> list[int]:
    """The number printed before each title (1、2、…), or else the order in the document.

    The order is used for every project when some title is not numbered or a number is
    printed twice (which is reported), so the key stays unique.
    """
    numbers = [int(m[1]) if (m := PRINTED_SEQ.match(d.title)) else None for d in drafts]
    printed = [n for n in numbers if n is not None]
    if printed and len(printed) == len(numbers) and len(set(printed)) == len(printed):
        return printed
    if printed:
        found.problems.append(
            "project titles are not numbered 1、2、… uniquely; they are numbered in document order"
        )
    return list(range(1, len(drafts) + 1))


@dataclass
class Reading:
    """The state of reading one project's rows, top to bottom."""

    project: Record
    seq: int
    where: str
    problems: list[str]
    indicators: IndicatorTable | None = None
    schedule: list[str] | None = None
    purpose_below: bool = False


def read_project(draft: Draft, seq: int, problems: list[str]) -> tuple[Record, list[Record]]:
    """The project record and its indicator records, from the draft's rows."""
    project: Record = dict.fromkeys(PROJECT_FIELDS)
    project.update(project_seq=seq, title=draft.title)
    reading = Reading(project, seq, f"{draft.where}: {draft.title}", problems)
    for row in draft.rows:
        cells = [single_spaced(cell) for cell in row]
        if any(cells) and not (reading.indicators is None and is_title_block(first(cells))):
            read_row(reading, cells)
    if reading.indicators is None:
        problems.append(f"{reading.where}: no indicator heading row (一级指标 …) was found")
        indicators: list[Record] = []
    else:
        reading.indicators.finish()
        indicators = reading.indicators.indicators
    project["project_name"] = project["project_name"] or name_from_title(draft.title)
    project["indicator_count"] = len(indicators)
    return project, indicators


def single_spaced(cell: str) -> str:
    """A cell's text, stripped, with runs of spaces (not line breaks) made single."""
    return re.sub(r"[ \t\u3000]{2,}", " ", cell.strip())


def first(cells: list[str]) -> str:
    """The first non-empty cell of a row."""
    return next(c for c in cells if c)


def read_row(reading: Reading, cells: list[str]) -> None:
    """Read one row into the project or its indicators, by what the row holds."""
    table = reading.indicators
    if is_header(cells):
        if table is None:
            table = IndicatorTable(reading.seq, reading.where, reading.problems)
            reading.indicators = table
        table.set_header(cells)
    elif table is not None and is_grade_header(cells):
        table.set_header(cells, below=True)
    elif table is not None:
        table.add(cells)
    elif reading.schedule is not None:
        read_schedule(reading.project, reading.schedule, cells, reading.where, reading.problems)
        reading.schedule = None
    elif schedule_months(cells):
        reading.schedule = cells
    elif reading.purpose_below and not any(label_of(c) for c in cells):
        reading.project["purpose"] = "\n".join(c for c in cells if c)
        reading.purpose_below = False
    else:
        read_labels(reading, cells)


def label_of(cell: str) -> str | None:
    """The project field a label cell names, if the cell is a label."""
    text = compact(cell)
    return next((name for name, pattern in LABELS if pattern.fullmatch(text)), None)


def read_labels(reading: Reading, cells: list[str]) -> None:
    """Fields printed as a label followed by its value, such as 预算数 | 496.00.

    A label whose value is not in its row (预算规模及资金用途) takes it from the row below.
    """
    for col, cell in enumerate(cells):
        name = label_of(cell)
        if name is None:
            continue
        value = next((c for c in cells[col + 1 :] if c), "")
        if label_of(value) is not None:
            value = ""
        if name == "purpose" and not value:
            reading.purpose_below = True
        elif name in AMOUNTS:
            try:
                reading.project[name] = amount(value, f"{reading.where}, {cell}")
            except RowProblem as exc:
                reading.problems.append(str(exc))
        else:
            reading.project[name] = value or None


def name_from_title(title: str) -> str | None:
    """The project a title names, for tables that print no 项目名称."""
    return TITLE.sub("", PRINTED_SEQ.sub("", title)).strip() or None
