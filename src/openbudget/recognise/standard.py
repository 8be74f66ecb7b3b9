"""The nine standard budget tables: how to recognise each and turn its rows into records.

Each table is declared as data: the words its title contains, the fields its columns hold
(with a pattern matched against the column's heading) and the shape of its rows. Nothing
here depends on file names or positions, so a document nobody has seen parses too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openbudget.schema import amount_fields
from openbudget.text_utils import compact, is_number

CODE_LEVELS = {3: 1, 5: 2, 7: 3}

FUNCTION_HEAD = [("row_no", "序号"), ("code", "编码"), ("name", "名称")]
BASIC_PROJECT = [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")]


@dataclass(frozen=True)
class TableSpec:
    """How one standard table is recognised and read."""

    resource: str
    title: str  # regular expression searched in the compacted title
    shape: str  # "classified" (code + name rows), "two_sided" or "items"
    columns: list[tuple[str, str]]  # (field, pattern on the column label), in column order
    required: tuple[str, ...]
    code_field: str = "function_code"
    name_field: str = "function_name"
    # Two-sided summaries: for each side, record field -> the column it is read from.
    sides: dict[str, dict[str, str]] | None = None


# Order matters: the more specific title is tried first (财政拨款收支总表 before 收支总表).
SPECS: list[TableSpec] = [
    TableSpec(
        "fiscal_summary",
        r"财政拨款收支总表",
        "two_sided",
        [
            ("row_no", "序号"),
            ("income_item", "项目"),
            ("income_amount", "金额|预算数|合计"),
            ("expenditure_item", "项目"),
            ("total", "合计|预算数|金额"),
            ("general_budget", "一般公共预算"),
            ("government_fund", "政府性基金"),
            ("state_capital", "国有资本"),
        ],
        ("row_no", "income_item", "income_amount", "expenditure_item", "total"),
        sides={
            "income": {"total": "income_amount"},
            "expenditure": {
                "total": "total",
                "general_budget": "general_budget",
                "government_fund": "government_fund",
                "state_capital": "state_capital",
            },
        },
    ),
    TableSpec(
        "budget_summary",
        r"收支总表",
        "two_sided",
        [
            ("row_no", "序号"),
            ("income_item", "项目"),
            ("income_amount", "预算数|金额"),
            ("expenditure_item", "项目"),
            ("expenditure_amount", "预算数|金额"),
        ],
        ("row_no", "income_item", "income_amount", "expenditure_item", "expenditure_amount"),
        sides={
            "income": {"amount": "income_amount"},
            "expenditure": {"amount": "expenditure_amount"},
        },
    ),
    TableSpec(
        "basic_expenditure",
        r"基本支出表",
        "classified",
        [
            *FUNCTION_HEAD,
            ("total", "合计"),
            ("personnel", "人员经费"),
            ("public_funds", "公用经费"),
        ],
        ("row_no", "code", "name", "total", "personnel", "public_funds"),
        code_field="economic_code",
        name_field="economic_name",
    ),
    TableSpec(
        "general_budget_expenditure",
        r"一般公共预算财政拨款支出表",
        "classified",
        [*FUNCTION_HEAD, *BASIC_PROJECT],
        ("row_no", "code", "name", "total", "basic", "project"),
    ),
    TableSpec(
        "gov_fund_expenditure",
        r"政府性?基金预算财政拨款支出表",
        "classified",
        [*FUNCTION_HEAD, *BASIC_PROJECT],
        ("row_no", "code", "name", "total", "basic", "project"),
    ),
    TableSpec(
        "state_capital_expenditure",
        r"国有资本经营预算财政拨款支出表",
        "classified",
        [*FUNCTION_HEAD, *BASIC_PROJECT],
        ("row_no", "code", "name", "total", "basic", "project"),
    ),
    TableSpec(
        "three_public",
        r"三公.{0,2}经费(预算)?支出表",
        "items",
        [
            ("row_no", "序号"),
            ("item", "项目"),
            ("total", "合计"),
            ("general_budget", "一般公共预算"),
            ("government_fund", "政府性基金"),
            ("state_capital", "国有资本"),
        ],
        ("row_no", "item", "total"),
    ),
    TableSpec(
        "income",
        r"收入总表",
        "classified",
        [
            *FUNCTION_HEAD,
            ("total", "合计"),
            ("current_year_subtotal", "小计"),
            ("fiscal_appropriation", "财政拨款"),
            ("fiscal_special_account", "财政专户"),
            ("business_income", "事业收入"),
            ("operating_income", "经营收入"),
            ("superior_subsidy", "上级补助"),
            ("affiliated_remittance", "附属单位"),
            ("other_income", "其他收入"),
            ("prior_year_carryover", "结转"),
        ],
        ("row_no", "code", "name", "total", "current_year_subtotal", "prior_year_carryover"),
    ),
    TableSpec(
        "expenditure",
        r"支出总表",
        "classified",
        [
            *FUNCTION_HEAD,
            ("total", "合计"),
            ("basic", "基本支出"),
            ("project", "项目支出"),
            ("operating", "经营支出"),
            ("payment_to_superior", "上解上级"),
            ("subsidy_to_affiliates", "对附属单位"),
        ],
        ("row_no", "code", "name", "total", "basic", "project"),
    ),
]

# Columns read as amounts: every 万元 field of the standard tables, plus the two amount
# columns of a two-sided summary that become one field per side.
AMOUNT_FIELDS = {field.name for spec in SPECS for field in amount_fields(spec.resource)} | {
    "income_amount",
    "expenditure_amount",
}


def spec_for_title(title: str) -> TableSpec | None:
    """The standard table a title names, if any (quotes and spacing ignored)."""
    text = compact(title).replace('"', "").replace("“", "").replace("”", "")
    if not text.endswith("表") and "表" not in text[-4:]:
        return None
    for spec in SPECS:
        if re.search(spec.title, text):
            return spec
    return None


class RowProblem(ValueError):
    """A cell that cannot be read as its column requires (kept, reported, never guessed)."""


def amount(text: str, where: str) -> Decimal | None:
    """A printed amount as a Decimal exactly as printed; an empty cell stays None."""
    text = text.strip()
    if text in {"", "-", "—", "--", "——"}:
        return None
    if not is_number(text):
        raise RowProblem(f"{where}: {text!r} is not an amount")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - is_number guards this
        raise RowProblem(f"{where}: {text!r} is not an amount") from exc


def cell(row: list[str], mapping: dict[str, int], field: str) -> str:
    """The text of a mapped column in a row ('' when the row is short or unmapped)."""
    col = mapping.get(field)
    return row[col].strip() if col is not None and col < len(row) else ""


def serial(row: list[str], mapping: dict[str, int], where: str) -> int:
    """The row's printed 序号."""
    text = cell(row, mapping, "row_no")
    if not text.isdigit():
        raise RowProblem(f"{where}: 序号 {text!r} is not a number")
    return int(text)


def amounts(
    spec: TableSpec, row: list[str], mapping: dict[str, int], where: str
) -> dict[str, object]:
    """Every amount column of the spec, read from the row."""
    return {
        field: amount(cell(row, mapping, field), f"{where}, {field}")
        for field, _ in spec.columns
        if field in AMOUNT_FIELDS
    }


def classified_record(
    spec: TableSpec, row: list[str], mapping: dict[str, int], where: str
) -> dict[str, object]:
    """A row of a table by classification code: code, name, level and its amounts."""
    code = compact(cell(row, mapping, "code"))
    name = cell(row, mapping, "name")
    if code and not code.isdigit():
        raise RowProblem(f"{where}: classification code {code!r} is not a number")
    if not code:
        if "合计" not in compact(name):
            raise RowProblem(f"{where}: row {name!r} has no classification code")
        level: int | None = 0
    else:
        level = CODE_LEVELS.get(len(code))
        if level is None:
            raise RowProblem(f"{where}: classification code {code!r} has an unusual length")
    return {
        "row_no": serial(row, mapping, where),
        spec.code_field: code or None,
        spec.name_field: name,
        "level": level,
        **amounts(spec, row, mapping, where),
    }


def item_record(
    spec: TableSpec, row: list[str], mapping: dict[str, int], where: str
) -> dict[str, object]:
    """A row of the “三公” table: an item and its amounts by fund."""
    return {
        "row_no": serial(row, mapping, where),
        "item": cell(row, mapping, "item"),
        **amounts(spec, row, mapping, where),
    }


def side_record(
    spec: TableSpec, side: str, row: list[str], mapping: dict[str, int], where: str
) -> dict[str, object] | None:
    """One side of a printed line of a two-sided summary; None where that side is blank."""
    item = cell(row, mapping, f"{side}_item")
    values = {
        field: amount(cell(row, mapping, column), f"{where}, {column}")
        for field, column in spec.sides[side].items()  # type: ignore[index]
    }
    if not item and all(v is None for v in values.values()):
        return None
    return {"line_no": serial(row, mapping, where), "side": side, "item": item, **values}


def line_kind(item: str, after_carryover: bool) -> str:
    """What a line of a two-sided summary is: an item, a subtotal, carryover or a total."""
    text = compact(item)
    if "总计" in text:
        return "total"
    if "合计" in text:
        return "subtotal"
    if "结转" in text or "结余" in text:
        return "carryover"
    return "carryover_item" if after_carryover else "item"


def table_records(
    spec: TableSpec, rows: list[tuple[str, list[str], int | None]], mapping: dict[str, int]
) -> tuple[list[dict[str, object]], list[str]]:
    """Records of a table's rows (where, cells, page), and a problem for each row that could
    not be read.

    A two-sided summary gives its income lines, then its expenditure lines; a fund line
    after a carryover line belongs to that carryover.
    """
    records: list[dict[str, object]] = []
    problems: list[str] = []
    for side in spec.sides or [None]:
        after_carryover = False
        for where, row, page in rows:
            try:
                if side is None:
                    make = classified_record if spec.shape == "classified" else item_record
                    record = make(spec, row, mapping, where)
                else:
                    record = side_record(spec, side, row, mapping, where)
            except RowProblem as exc:
                problems.append(str(exc))
                continue
            if record is None:
                continue
            if side is not None:
                kind = line_kind(str(record["item"]), after_carryover)
                after_carryover = after_carryover or kind == "carryover"
                record["line_kind"] = kind
            records.append({**record, "page": page})
    return records, problems
