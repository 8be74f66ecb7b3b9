"""Project performance-target tables (项目绩效目标表): one project and its indicators each.

Each table is found by its title (see :mod:`project_blocks`) and read by the words in its
cells, never by position: 项目编码 / 项目名称 / 预算数 … are labels followed by their value,
the spending plan (资金支出计划) is a row of month or quarter headings above a row of values
(:mod:`schedule`), and the indicator rows sit below their own heading row
(:mod:`indicators`). Templates that print only some of these parts read the same way, and
one title over several projects' tables is split where the first label comes again. Tables
that list many projects, one row each, are read by :mod:`project_lists`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbudget.amounts import RowProblem, amount
from openbudget.blocks import Block, regions_text
from openbudget.recognise.found import Found, Record, first_page
from openbudget.recognise.indicators import HEADER, IndicatorTable, is_grade_header, is_header
from openbudget.recognise.project_blocks import TITLE, Draft, gather, is_title_block
from openbudget.recognise.project_lists import project_records, read_project_lists
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
        ("unit_name", r"(预算)?单位名称|预算单位|实施单位"),
        ("budget", r"(项目)?预算(数|金额)|(年度)?资金总额[:：]?|当年预算"),
        ("fiscal_funds", r"(其中[:：]?)?财政(资金|拨款)"),
        ("other_funds", r"(其中[:：]?)?其他资金"),
        ("carryover", r"(其中[:：]?)?上年结转(结余)?(资金)?"),
        ("purpose", r".*用途|项目概况"),
        ("goal", r"(年度|当年)?(项目)?(总体)?(绩效)?目标"),
        # labels of what the package does not keep; they end the value of the label before
        ("other", r"主管部门(及代码)?|市级支出|补助区县|专项资金情况.*|项目资金.*"),
    ]
]
AMOUNTS = {"budget", "fiscal_funds", "other_funds", "carryover"}
PROJECT_FIELDS = [
    "project_seq",
    "title",
    "project_code",
    "project_name",
    "unit_name",
    "budget",
    "fiscal_funds",
    "special_account",
    "other_funds",
    "carryover",
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
    """Every project performance-target table and project list: ``projects`` and their
    ``indicators``, numbered by their printed numbers or else in document order."""
    found = Found(records={"projects": [], "indicators": []})
    lists = read_project_lists(blocks)
    listed = {one.index for one in lists}
    drafts = [
        part
        for draft in gather(blocks, listed)
        if is_project(draft, found)
        for part in split(draft)
    ]
    # (position, project, indicators, blocks, the page of its row in a list)
    read: list[tuple[int, Record, list[Record], set[int], int | None]] = []
    for draft in drafts:
        found.claimed |= draft.blocks
        project = read_project(draft, found.problems)
        if project is not None:  # None: a table printed empty (此表无数据)
            read.append((min(draft.blocks), *project, draft.blocks, None))
    notes: list[str] = []
    for one in lists:
        found.problems += one.problems
        found.claimed.add(one.index)
        notes += [f"{one.title}：未发布“{label}”列" for label in one.left_out]
        for entry in one.projects:
            project = {**dict.fromkeys(PROJECT_FIELDS), **project_records(entry, one.title)}
            project["indicator_count"] = len(entry.indicators)
            read.append((one.index, project, entry.indicators, {one.index}, entry.page))
    read.sort(key=lambda item: item[0])  # stable: rows of one list stay in order
    numbers = project_seqs([p["title"] for _, p, _, _, _ in read], found) if not lists else None
    for number, (_, project, indicators, indices, row_page) in enumerate(read, start=1):
        seq = numbers[number - 1] if numbers else number
        page = row_page or first_page(blocks, indices)
        # A list's project is outlined on its row's page (the list may run for pages).
        regions = regions_text((blocks[index] for index in sorted(indices)), row_page)
        found.records["projects"].append(
            {**project, "project_seq": seq, "page": page, "regions": regions}
        )
        found.records["indicators"].extend(
            {**row, "project_seq": seq, "indicator_seq": n, "page": page}
            for n, row in enumerate(indicators, start=1)
        )
        found.claimed |= indices
    if notes:
        found.facts["notes"] = notes
    return found


def is_project(draft: Draft, found: Found) -> bool:
    """Whether a titled draft holds a project table (a title alone is not enough)."""
    cells = [compact(cell) for row in draft.rows for cell in row]
    if any("项目编码" in cell or HEADER.search(cell) for cell in cells):
        return True
    if not draft.heads_group:
        found.problems.append(f"{draft.where}: {draft.title}: no project table follows the title")
    return False


def split(draft: Draft) -> list[Draft]:
    """One draft per project where one title heads several projects' tables (重点专项资金
    绩效目标表 printing a table per fund, a project's table repeated for each unit that
    carries it out): a project starts again where the label that opened the first one
    (项目名称, 项目编码 …) opens a row again, or where label rows follow indicator rows."""
    starts, opening, indicators = [], None, False
    for number, row in enumerate(draft.rows):
        if not any(row):
            continue
        label = label_of(first(row))
        if opening is None:
            opening = label
        elif number and (label is not None and label == opening or indicators and has_label(row)):
            starts.append(number)
            indicators = False
        indicators = indicators or is_header(row)
    if not starts:
        return [draft]
    parts = []
    bounds = zip([0, *starts], [*starts, len(draft.rows)], strict=True)
    for number, (a, b) in enumerate(bounds, start=1):
        part = Draft(draft.title, f"{draft.where}, table {number}")
        for row, index in zip(draft.rows[a:b], draft.row_blocks[a:b], strict=True):
            part.add_row(row, index)
        parts.append(part)
    parts[0].blocks |= draft.blocks - set(draft.row_blocks)  # the title's own blocks
    return parts


def has_label(row: list[str]) -> bool:
    """Whether a row holds a label of the project part (项目名称, 实施单位, 资金总额 …)."""
    return not is_header(row) and any(label_of(cell) for cell in row if cell)


def project_seqs(titles: list[str], found: Found) -> list[int]:
    """The number printed before each title (1、2、…), or else the order in the document.

    The order is used for every project when some title is not numbered or a number is
    printed twice (which is reported), so the key stays unique.
    """
    numbers = [int(m[1]) if (m := PRINTED_SEQ.match(title)) else None for title in titles]
    printed = [n for n in numbers if n is not None]
    if printed and len(printed) == len(numbers) and len(set(printed)) == len(printed):
        return printed
    if printed:
        found.problems.append(
            "project titles are not numbered 1、2、… uniquely; they are numbered in document order"
        )
    return list(range(1, len(titles) + 1))


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


def read_project(draft: Draft, problems: list[str]) -> tuple[Record, list[Record]] | None:
    """The project record and its indicator records, from the draft's rows; None for a
    table printed with nothing in it (no name, figure, goal or indicator)."""
    project: Record = dict.fromkeys(PROJECT_FIELDS)
    project["title"] = draft.title
    reading = Reading(project, 0, f"{draft.where}: {draft.title}", problems)
    for row in draft.rows:
        cells = [single_spaced(cell) for cell in row]
        if any(cells) and not (reading.indicators is None and is_title_row(cells)):
            read_row(reading, cells)
    indicators: list[Record] = []
    if reading.indicators is not None:
        reading.indicators.finish()
        indicators = reading.indicators.indicators
    if not indicators and not any(project[f] for f in PROJECT_FIELDS if f != "title"):
        return None
    if reading.indicators is None:
        problems.append(f"{reading.where}: no indicator heading row (一级指标 …) was found")
    project["project_name"] = project_name(project["project_name"], draft.title, reading)
    project["indicator_count"] = len(indicators)
    return project, indicators


def project_name(printed: str | None, title: str, reading: Reading) -> str | None:
    """The 项目名称 as printed; the title's name where the table prints none, or where a
    page break cut the printed one (the title holds it whole: …补助资 / …补助资金项目)."""
    titled = name_from_title(title)
    if not printed or not titled:
        return printed or titled
    whole = [name for name in (titled, titled.removesuffix("项目")) if name.startswith(printed)]
    if whole and len(min(whole, key=len)) > len(printed):
        reading.problems.append(
            f"{reading.where}: 项目名称 {printed} was cut by a page break; the title's is kept"
        )
        return min(whole, key=len)
    return printed


def single_spaced(cell: str) -> str:
    """A cell's text, stripped, with runs of spaces (not line breaks) made single."""
    return re.sub(r"[ \t\u3000]{2,}", " ", cell.strip())


def first(cells: list[str]) -> str:
    """The first non-empty cell of a row."""
    return next(c for c in cells if c)


def is_title_row(cells: list[str]) -> bool:
    """A row of title-block lines only (单位：万元), not a label that names its unit."""
    return all(is_title_block(cell) for cell in cells if cell)


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
        if name == "other":
            continue
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
