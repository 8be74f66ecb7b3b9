"""The spending plan of a project table (资金支出计划): values by month or quarter end.

The plan is a row of headings (3月底, 6月底, 10月底, 12月底; or 第一季度 … 第四季度) above a
row of values printed in the same columns. Some tables print only some of the months, and
PDF text leaves empty cells between them, so each value is read from the column of its
heading, never by counting values. A quarter is filed under the month it ends in.
"""

from __future__ import annotations

import re

from openbudget.amounts import RowProblem, amount
from openbudget.recognise.found import Record
from openbudget.text_utils import compact

MONTH = re.compile(r"(\d{1,2})月(底|末)?(前)?")
QUARTER = re.compile(r"第?([一二三四1-4])季度(末)?")
QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
FIELDS = {
    3: "schedule_march",
    6: "schedule_june",
    9: "schedule_september",
    10: "schedule_october",
    12: "schedule_december",
}


def month_of(cell: str) -> int | None:
    """The month a heading cell names as the end of a period (3月底 → 3, 第三季度 → 9)."""
    text = compact(cell)
    month = MONTH.fullmatch(text)
    if month:
        return int(month[1])
    quarter = QUARTER.fullmatch(text)
    return QUARTER_END[quarter[1]] if quarter else None


def schedule_months(cells: list[str]) -> dict[int, int]:
    """Column → month of a spending-plan heading row; empty for any other row."""
    months = {col: m for col, cell in enumerate(cells) if (m := month_of(cell)) is not None}
    names_plan = any("支出计划" in compact(cell) for cell in cells)
    return months if months and (names_plan or len(months) >= 2) else {}


def read_schedule(
    project: Record, header: list[str], values: list[str], where: str, problems: list[str]
) -> None:
    """Fill the schedule fields from the value row, column by column.

    ``schedule_unit`` is ``%`` where the values are printed as percentages; bare numbers
    leave it empty (documents print both shares and 万元 amounts under a （%） heading).
    """
    percent = False
    for col, month in schedule_months(header).items():
        text = values[col].strip() if col < len(values) else ""
        field = FIELDS.get(month)
        if field is None:
            if text:
                problems.append(f"{where}: spending plan for month {month} ({text}) not kept")
            continue
        if text.endswith(("%", "％")):
            percent, text = True, text[:-1].strip()
        try:
            project[field] = amount(text, f"{where}, {header[col]}")
        except RowProblem as exc:
            problems.append(str(exc))
    if percent:
        project["schedule_unit"] = "%"
