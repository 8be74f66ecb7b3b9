"""The indicator rows of a project performance-target table (绩效指标).

Columns are found by their headings: 一级指标 / 二级指标 / 三级指标 / 绩效指标描述 / 指标值 /
指标值确定依据 in the current template; 绩效指标分类 / 绩效指标 / 绩效指标描述 / 优 良 中 差 (under
绩效指标评价标准) / 评价标准确定依据 in the 2020 template. 一级 and 二级 cells are printed once
for a run of rows (merged cells) and carry down to the blank cells below them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openbudget.recognise.columns import assign_columns, column_labels
from openbudget.recognise.found import Record
from openbudget.recognise.targets import parse_target
from openbudget.text_utils import compact

HEADER = re.compile(r"三级指标|绩效指标描述|^指标名称$")
GRADES = {"优", "良", "中", "差"}
COLUMNS = [
    ("level1", r"一级指标|分类"),
    ("level2", r"二级指标"),
    ("name", r"三级指标|^指标名称$"),
    ("description", r"描述"),
    ("grade_excellent", r"优$"),
    ("grade_good", r"良$"),
    ("grade_fair", r"中$"),
    ("grade_poor", r"差$"),
    ("target", r"^(绩效)?指标值$|^目标值$"),
    ("basis", r"依据"),
    # Templates that print the comparison and the unit of the target in columns of their own.
    ("operator", r"^指标性质$"),
    ("unit", r"^计量\W?单位$"),
]
# The 2020 template names its indicator column 绩效指标; elsewhere that heads the whole part.
NAME_ALONE = re.compile(r"^绩效指标$")
PRINTED_APART = {"operator", "unit"}
GRADE_FIELDS = [name for name, _ in COLUMNS if name.startswith("grade_")]
CONTENT = ["name", "description", "target", "basis", *GRADE_FIELDS]


def is_header(cells: list[str]) -> bool:
    """The heading row of the indicators (一级指标 … or 绩效指标分类 …)."""
    return sum(1 for c in cells if c) >= 3 and any(HEADER.search(c) for c in cells)


def is_grade_header(cells: list[str]) -> bool:
    """The second heading row of the 2020 template: 优 良 中 差 under 绩效指标评价标准."""
    return {c for c in cells if c} >= GRADES


@dataclass
class IndicatorTable:
    """The indicator part of one project table, read row by row."""

    project_seq: int
    where: str
    problems: list[str]
    header: list[list[str]] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    indicators: list[Record] = field(default_factory=list)
    level1: str | None = None
    level2: str | None = None
    short_row: list[str] | None = None

    def set_header(self, cells: list[str], below: bool = False) -> None:
        """Take a heading row (``below``: a second row under the first) and map columns."""
        self.finish()
        self.header = [*self.header, cells] if below else [cells]
        width = max(len(row) for row in self.header)
        labels = column_labels([[compact(c) for c in row] for row in self.header], width)
        self.columns = assign_columns(labels, COLUMNS)
        if "name" not in self.columns:
            alone = [col for col, label in enumerate(labels) if NAME_ALONE.match(label)]
            self.columns.update({"name": alone[0]} if alone else {})
        missing = [name for name in ("name",) if name not in self.columns]
        if missing and not below:
            self.problems.append(
                f"{self.where}: indicator columns not recognised ({', '.join(missing)}; "
                f"headings {' | '.join(labels)})"
            )

    def add(self, cells: list[str]) -> None:
        """Read a row, first joining a row that one-cell-per-line text split in two.

        In DOCX text a blank line can fall inside a row (at a page break): the row then
        arrives as two short rows whose cells together fill the table's width exactly.
        """
        width = max(self.columns.values(), default=0) + 1
        if self.short_row is not None:
            held, self.short_row = self.short_row, None
            if len(held) + len(cells) == width:
                self.read(held + cells)
                return
            self.read(held)
        if len(cells) < width:
            self.short_row = cells
        else:
            self.read(cells)

    def finish(self) -> None:
        """Read a short row held back at the end of the table as it is."""
        if self.short_row is not None:
            held, self.short_row = self.short_row, None
            self.read(held)

    def cell(self, cells: list[str], name: str) -> str | None:
        """The text of a column in a row; None where it is empty or absent."""
        col = self.columns.get(name)
        return (cells[col] or None) if col is not None and col < len(cells) else None

    def read(self, cells: list[str]) -> None:
        """One indicator; blank 一级/二级 cells carry down from the row above."""
        values = {name: self.cell(cells, name) for name, _ in COLUMNS if name not in PRINTED_APART}
        if [compact(c) for c in cells if c] in (["备注"], ["说明"]):
            return  # the empty note line closing some templates' tables
        if not any(values[name] for name in CONTENT):
            self.problems.append(
                f"{self.where}: a row without an indicator was skipped: {' | '.join(cells)}"
            )
            return
        if values["level1"]:
            self.level1, self.level2 = values["level1"], None
        self.level2 = values["level2"] or self.level2
        apart = [self.cell(cells, "operator"), values["target"], self.cell(cells, "unit")]
        if apart[0] or apart[2]:  # 指标性质 ≥ | 指标值 150 | 计量单位 万人次: ≥150万人次
            values["target"] = "".join(part for part in apart if part)
        target = parse_target(values["target"])
        self.indicators.append(
            {
                "project_seq": self.project_seq,
                "indicator_seq": len(self.indicators) + 1,
                **values,
                "level1": self.level1,
                "level2": self.level2,
                "target_operator": target.operator,
                "target_value": target.value,
                "target_unit": target.unit,
            }
        )
