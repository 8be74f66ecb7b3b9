"""Tables that list many projects, one or a few rows each, with their goals (项目支出绩效目标表
listing every project, 重点项目绩效目标情况, 项目支出绩效表).

They are found by their column headings, whatever their title: a project column (项目名称,
一级项目名称, 支出项目类别), an amount column (预算数, 金额, 总计, 财政拨款) and a goal column
(绩效目标). Optional columns give the budget unit, the funds it comes from and the
indicators, either in columns of their own (指标名称 | 指标性质 | 指标值 | 计量单位, one
indicator a row below its project) or as text in one cell (1、1－产出指标，11－数量指标，名称；
年度指标值：≥90%；2、…).

Rows are read by what they hold: a name with an amount is a project, or the heading of the
budget unit whose projects follow when it prints no goal and its amount is the sum of
theirs; a row with only goal text carries the goal above on (a page cut it); 合计 rows are
totals. A project that a longer list of the same document also prints (the 重点项目 selected
from the full list), with the same name and amount, is read from the longer list only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from openbudget.amounts import DEFAULT_UNIT, RowProblem, amount
from openbudget.blocks import Block
from openbudget.recognise.columns import assign_columns
from openbudget.recognise.found import Record
from openbudget.recognise.grid import TOTAL_LABEL, read_grid
from openbudget.recognise.standard_tables import printed_with
from openbudget.recognise.targets import parse_target
from openbudget.text_utils import compact, join_cjk
from openbudget.vocabulary import unit_of

# Fields and the headings (whole labels) that name them, in the order columns are assigned.
COLUMNS = [
    ("unit_name", r"(二级)?(预算)?单位名称|资金使用单位|实施单位"),
    ("project_name", r"((一级|二级)?项目(名称)?|支出项目类别)(（资金使用单位）)?"),
    ("budget", r"(项目)?预算数|金额|总计[:：]?"),
    ("fiscal_funds", r"(当年)?财政拨款(合计|预算金额)?[:：]?"),
    ("special_account", r"财政专户(?:管理资金|拨款|核拨)?"),
    ("other_funds", r"其他资金"),
    ("goal", r"(当年|年度)?(项目)?绩效目标"),
    ("indicator_text", r"绩效指标"),
    ("indicator_name", r"指标名称|三级指标"),
    ("level1", r"一级指标"),
    ("level2", r"二级指标"),
    ("operator", r"指标性质"),
    ("target", r"指标值"),
    ("target_unit", r"计量单位"),
]
AMOUNTS = ("budget", "fiscal_funds", "special_account", "other_funds")
UNIT_IN_HEADING = re.compile(r"[（(](?:单位[:：])?(?:万元|元|亿元)[)）]")
NOT_READ = re.compile(r"序号|权重|是否核心")  # columns with nothing the package publishes
# One indicator written out in a cell: "1、1－产出指标，11－数量指标，名称；年度指标值：≥90%".
INDICATOR_START = re.compile(r"(?:^|(?<=[;；]))\s*\d+[、.．]\s*(?=\d+\s*[－-])")
INDICATOR_ITEM = re.compile(
    r"^\d+\s*[－-]\s*(?P<level1>[^，,]+)[，,]\s*\d+\s*[－-]\s*(?P<level2>[^，,]+)[，,]\s*"
    r"(?P<name>.+?)[；;]\s*(?P<values>.*?)[；;]?\s*$"
)
TARGET_WORD = re.compile(r"(?:年度)?指标值[:：]\s*(?P<target>[^，,；;]+)")


@dataclass
class Entry:
    """One row of the list naming something: a project, or a budget unit's heading."""

    cells: dict[str, str]
    amounts: dict[str, Decimal | None]
    page: int | None = None  # the page its row is printed on
    goal: list[str] = field(default_factory=list)
    indicators: list[Record] = field(default_factory=list)

    @property
    def figure(self) -> Decimal | None:
        """The amount the list adds up: the budget, else the fiscal funds."""
        return next((self.amounts[f] for f in AMOUNTS[:2] if self.amounts.get(f) is not None), None)


@dataclass
class ProjectList:
    """A list table as read: its projects in order, and the problems met."""

    title: str
    index: int
    projects: list[Entry]
    problems: list[str]
    left_out: list[str]


def list_columns(block: Block) -> tuple[dict[str, int], list[str], int] | None:
    """The list's field columns, its heading labels and where its body starts, if the
    table's headings are those of a project list."""
    grid = read_grid(block.rows)
    if not grid.headers:
        return None
    labels = [UNIT_IN_HEADING.sub("", label) for label in grid.labels]  # 预算数（万元）
    columns = assign_columns(labels, [(f, rf"^(?:{p})$") for f, p in COLUMNS])
    if "project_name" not in columns or "goal" not in columns:
        return None
    if not any(f in columns for f in AMOUNTS[:2]):
        return None
    body = grid.body[0][0] if grid.body else len(block.rows)
    return columns, grid.labels, body


def read_project_lists(blocks: list[Block]) -> list[ProjectList]:
    """Every project list among the tables; a project a longer list also prints (same name
    and amount) is dropped from the shorter one."""
    lists = []
    for index, block in enumerate(blocks):
        if block.kind == "table" and (shape := list_columns(block)) is not None:
            lists.append(read_list(blocks, index, *shape))
    for one in lists:
        longer = {
            key(e)
            for other in lists
            if len(other.projects) > len(one.projects)
            for e in other.projects
        }
        one.projects = [entry for entry in one.projects if key(entry) not in longer]
    return lists


def read_list(
    blocks: list[Block], index: int, columns: dict[str, int], labels: list[str], body: int
) -> ProjectList:
    """One list table's projects."""
    block = blocks[index]
    printed = printed_with(blocks, index)
    title = printed.title or heading_above(blocks, index) or "项目绩效目标"
    unit = next(
        (u for label in labels if UNIT_IN_HEADING.search(label) and (u := unit_of(label))), None
    )
    unit = unit or printed.unit or DEFAULT_UNIT
    taken = set(columns.values())
    left_out = [
        label
        for col, label in enumerate(labels)
        if col not in taken and label and not NOT_READ.search(label)
    ]
    problems: list[str] = []
    entries: list[Entry] = []
    unit_name = ""
    for number, row in enumerate(block.rows[body:], start=body + 1):
        cells = {f: compact(row[c]) if c < len(row) else "" for f, c in columns.items()}
        where = f"{block.where}, {title}, row {number}"
        if TOTAL_LABEL.match(cells["project_name"]) or TOTAL_LABEL.match(
            cells.get("unit_name", "")
        ):
            continue
        unit_name = cells.get("unit_name") or unit_name
        if cells["project_name"]:
            try:
                amounts = {f: amount(cells[f], where, unit) for f in AMOUNTS if f in cells}
            except RowProblem as exc:
                problems.append(str(exc))
                continue
            cells["unit_name"] = unit_name
            entries.append(Entry(cells, amounts, block.page_at(number - 1)))
        elif not entries:
            problems.append(f"{where}: a row before the first project was skipped")
            continue
        add_details(entries[-1], cells, row, columns, problems, where)
    return ProjectList(title, index, resolve_units(entries), problems, left_out)


def add_details(
    entry: Entry,
    cells: dict[str, str],
    row: list[str],
    columns: dict[str, int],
    problems: list[str],
    where: str,
) -> None:
    """A row's goal text and indicators, added to the project they belong to."""
    goal = row[columns["goal"]].strip() if columns["goal"] < len(row) else ""
    if goal:
        entry.goal.append(goal)
    if cells.get("indicator_text"):
        entry.indicators += indicators_in_text(cells["indicator_text"], problems, where)
    if cells.get("indicator_name"):
        printed = "".join(cells.get(f, "") for f in ("operator", "target", "target_unit"))  # ≥150人
        target = parse_target(printed or None)
        entry.indicators.append(
            {
                "level1": cells.get("level1") or None,
                "level2": cells.get("level2") or None,
                "name": cells["indicator_name"],
                "target": printed or None,
                "target_operator": target.operator,
                "target_value": target.value,
                "target_unit": target.unit,
            }
        )


def indicators_in_text(text: str, problems: list[str], where: str) -> list[Record]:
    """Indicators written one after another in one cell, each numbered (1、…; 2、…)."""
    items = [item.strip() for item in INDICATOR_START.split(text) if item.strip()]
    records = []
    for item in items:
        match = INDICATOR_ITEM.match(item)
        if match is None:
            problems.append(f"{where}: an indicator in the 绩效指标 text was not read: {item}")
            continue
        found = TARGET_WORD.findall(match["values"])
        printed = found[-1].strip() if found else None  # the year's value, after the period's
        target = parse_target(printed)
        records.append(
            {
                "level1": match["level1"].strip(),
                "level2": match["level2"].strip(),
                "name": match["name"].strip(),
                "target": printed,
                "target_operator": target.operator,
                "target_value": target.value,
                "target_unit": target.unit,
            }
        )
    return records


def resolve_units(entries: list[Entry]) -> list[Entry]:
    """The projects among the entries. An entry with no goal heads a budget unit when the
    goal-bearing entries after it add up to its amount (allowing one unit of the last
    printed digit per entry, the rounding of each): those are the unit's projects. Any
    other entry is a project, even one printed without a goal."""
    projects: list[Entry] = []
    for position, entry in enumerate(entries):
        members = [] if entry.goal else unit_members(entry, entries[position + 1 :])
        if members:
            for member in members:
                member.cells["unit_name"] = entry.cells["project_name"]
        else:
            projects.append(entry)
    return projects


def unit_members(heading: Entry, after: list[Entry]) -> list[Entry]:
    """The goal-bearing entries right after ``heading`` whose amounts add up to its own."""
    total = heading.figure
    if total is None:
        return []
    step = Decimal(1).scaleb(total.as_tuple().exponent)  # type: ignore[arg-type]
    running, members = Decimal(0), []
    for entry in after:
        if not entry.goal or entry.figure is None:
            break
        running += entry.figure
        members.append(entry)
        if abs(running - total) <= step * len(members):
            return members
    return []


def key(entry: Entry) -> tuple[str, Decimal | None]:
    """What makes two list rows the same project: its name and its amount."""
    return entry.cells["project_name"], entry.figure


def heading_above(blocks: list[Block], index: int) -> str | None:
    """The nearest heading above a table, back to the previous table."""
    for at in range(index - 1, -1, -1):
        if blocks[at].kind == "table":
            return None
        if blocks[at].kind == "heading":
            return join_cjk(blocks[at].text)
    return None


def project_records(entry: Entry, title: str) -> Record:
    """A ``projects`` row (without its seq) from a list entry."""
    return {
        "title": title,
        "project_name": entry.cells["project_name"],
        "unit_name": entry.cells.get("unit_name") or None,
        **{f: entry.amounts.get(f) for f in AMOUNTS},
        "goal": join_cjk("\n".join(entry.goal)) or None,
    }
