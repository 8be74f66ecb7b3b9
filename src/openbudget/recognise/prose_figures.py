"""The figures the prose (情况说明) states, so the audit can set them against the tables and
against each other.

Each figure is read with a small regular expression over the section it belongs to (all the
prose where no section heading names it): the words that introduce it, then the amount.
Templates word the same figure differently (收入预算合计 / 收入预算总计 / 本年收入预算,
因公出国（境）费 / 因公出国（境）费用。2026 年预算数), so the wordings allow for that, and a part
is never taken for a total (财政拨款收入预算 is not 收入预算). Figures that are parts of
another (货物 / 工程 / 服务 of the 政府采购 total) are read only in the sentence after it.

Sentences that state a change with both years' figures (9626.78 万元，比 2025 年年初预算数
9819.98 万元减少 193.20 万元) are collected whole, for the audit to check their arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from openbudget.recognise.found import Record

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
AMOUNT = rf"\s*(?P<amount>{NUMBER})\s*(?P<unit>万?)元"
YEAR = r"\d{4}\s*年度?本?(?:部门|单位)?"
# After an item's name: "。2026 年预算数", "预算安排", "为" (因公出国（境）费用。2026年预算数 9)
LEAD = r"[。.]?\s*(?:\d{4}\s*年)?(?:预算数?|安排)?为?"
# Not after 财政拨款 / 一般公共 / 政府性基金 / 国有资本经营 / 基本 / 项目: a part, not the total.
NOT_A_PART = r"(?<![款共金营本目])"
SECTION_GENERAL = r"总体情况|收支预算"
SECTION_OPERATING = r"运行经费"
SECTION_THREE_PUBLIC = r"三公"
SECTION_ASSETS = r"资产"
SECTION_PROCUREMENT = r"政府采购"
PARTS_WINDOW = 200  # characters after a total in which its parts are stated


@dataclass(frozen=True)
class Figure:
    """One figure of the prose: the field it fills, the section it is in, how it is worded."""

    field: str
    section: str  # pattern on the heading of the section to read
    wording: str  # pattern of the words before the amount; group "dir" for 增加 / 减少
    part_of: str | None = None  # a figure read only just after this one (其中：…)


FIGURES = [
    Figure(
        "prose_income_total",
        SECTION_GENERAL,
        rf"(?:{YEAR})?{NOT_A_PART}(?:收入(?:、支出)?预算|预算收入)(?:总计|合计|共计)?为?",
    ),
    Figure(
        "prose_expenditure_total",
        SECTION_GENERAL,
        rf"(?:{YEAR})?{NOT_A_PART}(?:(?:收入、)?支出预算|预算支出)(?:总计|合计|共计)?为?",
    ),
    Figure("prose_basic", SECTION_GENERAL, r"(?<![款算])基本支出(?:预算)?数?为?"),
    Figure("prose_personnel", SECTION_GENERAL, r"人员(?:类项目)?经费为?"),
    Figure("prose_public_funds", SECTION_GENERAL, r"公用(?:项目)?经费为?"),
    Figure("prose_project", SECTION_GENERAL, r"(?<![款算])项目支出(?:预算)?数?为?"),
    Figure(
        "prose_change",
        SECTION_GENERAL,
        r"(?:较|比)(?:上年|去年|\d{4}\s*年?度?)(?:预算)?(?:相比)?[，,]?(?P<dir>增加|减少|增长|下降)",
    ),
    Figure(
        "prose_operating_costs", SECTION_OPERATING, r"运行经费(?:预算)?(?:共计|合计)?(?:安排|为)?"
    ),
    Figure(
        "prose_three_public_total", SECTION_THREE_PUBLIC, r"三公[”\"’']?经费(?:预算)?(?:安排|为)?"
    ),
    Figure("prose_travel_abroad", SECTION_THREE_PUBLIC, rf"因公出国[（(]境[）)]费用?{LEAD}"),
    Figure(
        "prose_vehicles",
        SECTION_THREE_PUBLIC,
        rf"公务用车购置(?:及|和)运[维行](?:维护)?费{LEAD}",
    ),
    Figure("prose_vehicle_purchase", SECTION_THREE_PUBLIC, r"公务用车购置费(?:预算)?为?"),
    Figure(
        "prose_vehicle_operation", SECTION_THREE_PUBLIC, r"公务用车运(?:行维护|维|行)费(?:预算)?为?"
    ),
    Figure("prose_reception", SECTION_THREE_PUBLIC, rf"公务接待费{LEAD}"),
    Figure("prose_assets_total", SECTION_ASSETS, r"上年末固定资产(?:金额|总额|原值)?为?"),
    Figure("prose_planned_purchases", SECTION_ASSETS, r"拟购置固定资产(?:总额|金额)?为?"),
    Figure(
        "prose_procurement_total",
        SECTION_PROCUREMENT,
        r"政府采购(?:支出)?(?:预算)?(?:总额|总金额|合计)?(?:安排)?为?",
    ),
    *(
        Figure(
            f"stated_procurement_{name}",
            SECTION_PROCUREMENT,
            rf"{word}类?(?:政府)?(?:采购)?(?:支出)?(?:预算)?(?:支出)?为?",
            part_of="prose_procurement_total",
        )
        for name, word in [("goods", "货物"), ("works", "工程"), ("services", "服务")]
    ),
]
NEGATIVE = {"减少", "下降"}
# "…9626.78 万元，比 2025 年年初预算数 9819.98 万元减少 193.20 万元": now, before, change.
CHANGE = re.compile(
    rf"(?P<what>[^，,。；;：:\d]{{2,24}}?)\s*(?P<now>{NUMBER})\s*万元[，,]?\s*(?:比|较)"
    rf"[^，,。；;]{{0,24}}?(?P<before>{NUMBER})\s*万元[，,]?\s*(?P<dir>增加|减少|增长|下降)了?"
    rf"\s*(?P<change>{NUMBER})\s*万元"
)
# A sentence saying the planned purchases are in the procurement budget.
IN_PROCUREMENT = re.compile(r"列入政府采购")


def section_for(records: list[Record], heading: str) -> tuple[str, str]:
    """Heading and text of the first section whose heading matches; all the prose if none."""
    for record in records:
        if re.search(heading, str(record["heading"])):
            return str(record["heading"]), str(record["text"])
    return "情况说明", "\n".join(str(r["text"]) for r in records)


def prose_figures(records: list[Record]) -> tuple[dict[str, object], list[Record]]:
    """Each figure as a Decimal as printed (None when not stated), and findings about them.

    ``prose_*`` facts are published in the documents row; ``stated_*`` ones (parts of a
    total, the change sentences) are only for the audit."""
    facts: dict[str, object] = {}
    findings: list[Record] = []
    ends: dict[str, tuple[str, int]] = {}  # where each figure was read: (text, end)
    for figure in FIGURES:
        heading, text = section_for(records, figure.section)
        start, stop = 0, len(text)
        if figure.part_of is not None:
            if figure.part_of not in ends:
                facts[figure.field] = None
                continue
            text, start = ends[figure.part_of]
            stop = start + PARTS_WINDOW
        match = re.compile(figure.wording + AMOUNT).search(text, start, stop)
        if match is None:
            facts[figure.field] = None
            continue
        ends[figure.field] = (text, match.end())
        value = Decimal(match["amount"].replace(",", ""))
        if "dir" in match.groupdict() and match["dir"] in NEGATIVE:
            value = -value
        if not match["unit"]:
            findings.append(unit_finding(heading, figure.field, match[0], value))
        facts[figure.field] = value
    prose = "\n".join(str(r["text"]) for r in records)
    facts["stated_changes"] = stated_changes(prose)
    facts["stated_purchases_in_procurement"] = purchases_in_procurement(prose)
    return facts, findings


def unit_finding(heading: str, field: str, words: str, value: Decimal) -> Record:
    """A figure the prose prints in 元 among figures in 万元 (read as 万元, and said so)."""
    return {
        "check": "prose_unit",
        "severity": "warning",
        "table": "documents",
        "row_ref": f"{heading}：{field}",
        "expected": None,
        "actual": value,
        "message": f"情况说明写作“{words}”，金额单位为元而非万元；"
        f"按全文其他金额的单位读作 {value} 万元",
    }


def stated_changes(prose: str) -> list[Record]:
    """Every sentence stating a figure, last year's and the change between them."""
    changes = []
    for match in CHANGE.finditer(prose):
        change = Decimal(match["change"].replace(",", ""))
        changes.append(
            {
                "what": match["what"].strip(),
                "now": Decimal(match["now"].replace(",", "")),
                "before": Decimal(match["before"].replace(",", "")),
                "change": -change if match["dir"] in NEGATIVE else change,
            }
        )
    return changes


def purchases_in_procurement(prose: str) -> bool:
    """Whether the sentence stating the planned fixed-asset purchases says they are in the
    procurement budget (拟购置固定资产总额为5万元，…已列入政府采购预算)."""
    return any(
        "拟购置固定资产" in sentence and IN_PROCUREMENT.search(sentence)
        for sentence in re.split(r"[。；;]", prose)
    )
