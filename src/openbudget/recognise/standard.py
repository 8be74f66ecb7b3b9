"""The nine standard budget tables: what their titles say and what their columns hold.

Each table is declared as data: the words its title contains (and must not contain), the
fields its amount columns hold (a pattern matched against the column's label, the headings
above it joined) and the shape of its rows. Titles vary from city to city — 收支总表,
收支预算总表, 收支总体情况表, 财务收支预算总表, 综合预算收支总表 are all the same table — so
a title is recognised by its words, never by its exact wording, file name or position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbudget.vocabulary import without_label

CODE_LEVELS = {3: 1, 5: 2, 7: 3}


@dataclass(frozen=True)
class Column:
    """An amount field and how its column's label reads (``exclude``: what it must not).

    A field may be listed twice: the first pattern any column matches wins."""

    field: str
    pattern: str
    exclude: str | None = None

    def matches(self, label: str) -> bool:
        return bool(re.search(self.pattern, label)) and not (
            self.exclude and re.search(self.exclude, label)
        )


@dataclass(frozen=True)
class TableSpec:
    """How one standard table is recognised and read."""

    resource: str
    title: str  # regular expression searched in the title (label, quotes and spaces removed)
    title_exclude: str
    shape: str  # "classified" (code + name rows), "two_sided" or "three_public"
    columns: tuple[Column, ...] = ()
    code_field: str = "function_code"
    name_field: str = "function_name"
    # A word that, where the title does not say it, a column heading must: a table by
    # economic class is the 基本支出 table only if its title or a column says 基本支出.
    key_word: str | None = None


# A column's own words say what it holds; these words say it holds something else
# (another year, a change, an adjusted figure), so it is never read as this year's figure.
NOT_THIS_YEAR = r"增减|比上年|比\d{4}|扣除|执行数|上年数|变动"
TOTAL = r"(?:合计|总计|小计|预算数|金额|预算|支出)$"
PARTS = r"基本支出|项目支出|人员|公用|经营|上缴|上解|附属|采购|转移|结转|结余"

BASIC_PROJECT = (
    Column("total", TOTAL, PARTS),
    Column("basic", r"基本支出(?:小计|合计)?$"),
    Column("project", r"项目支出(?:小计|合计)?$"),
)

INCOME_SOURCES = (
    Column("current_year_subtotal", r"本年收入(?:小计|合计)$|^本年收入$|收入小计$|^小计$"),
    Column(
        "fiscal_appropriation",
        r"财政拨款(?:收入)?(?:小计|合计)?$|^预算拨款",
        r"结转|结余|政府性基金|国有资本|一般公共预算",
    ),
    Column("fiscal_special_account", r"财政专户", r"结转|结余"),
    Column("business_income", r"事业收入", r"经营|教育收费"),
    Column("operating_income", r"经营收入"),
    Column("superior_subsidy", r"上级补助"),
    Column("affiliated_remittance", r"附属单位"),
    Column("other_income", r"其他收入", r"结转|结余"),
    Column("general_budget", r"一般公共预算", r"结转|结余"),
    Column("government_fund", r"政府性基金", r"结转|结余"),
    Column("state_capital", r"国有资本", r"结转|结余"),
    Column("prior_year_carryover", r"(?:上年|以前年度).*(?:结转|结余)(?:结余|小计|合计)?$"),
)

# What may stand right before a bare 收支预算表 / 收入预算表 / 支出预算表 for it to be the
# whole department's table (部门收入预算表, 2025年收入预算表), not one fund's
# (一般公共预算支出预算表).
OWN = r"(?:^|部门|单位|年|度)"

# Order matters: the more specific title is tried first (财政拨款收支总表 before 收支总表).
SPECS: list[TableSpec] = [
    TableSpec("three_public", r"三公", r"决算", "three_public"),
    TableSpec(
        "fiscal_summary",
        r"财政拨款.*收支.*(?:总表|总体情况表|总计表|预算表)",
        r"决算",
        "two_sided",
        (
            Column("total", r"(?:合计|总计|预算数|金额|预算)$", r"一般公共|基金|国有资本"),
            Column("general_budget", r"一般公共预算"),
            Column("government_fund", r"政府性基金"),
            Column("state_capital", r"国有资本"),
        ),
    ),
    TableSpec(
        "budget_summary",
        rf"收支.*(?:总表|总体情况表|总计表)|{OWN}收支预算表",
        r"财政拨款|决算",
        "two_sided",
        (Column("amount", r"(?:合计|总计|预算数|金额|预算)$", PARTS),),
    ),
    TableSpec(
        "income",
        rf"收入.*(?:总表|总体情况表)|{OWN}收入预算表",
        r"支出|决算",
        "classified",
        (
            Column("total", r"(?:合计|总计|收入预算|金额|预算数)$", r"本年|小计|结转|结余|财政"),
            *INCOME_SOURCES,
        ),
    ),
    TableSpec(
        "expenditure",
        rf"支出.*(?:总表|总体情况表)|{OWN}支出预算表",
        r"收入|收支|基本支出|项目支出|决算",
        "classified",
        (
            *BASIC_PROJECT,
            Column("operating", r"经营支出"),
            Column("payment_to_superior", r"上缴上级|上解上级"),
            Column("subsidy_to_affiliates", r"对附属单位"),
            Column("reserve", r"预留机动"),
        ),
    ),
    TableSpec(
        "basic_expenditure",
        r"一般公共预算.*(?:基本支出|经济分类|经济科目)",
        r"三公|项目支出|决算|机关运行",
        "classified",
        (
            Column("total", r"基本支出(?:小计|合计|总计)?$", r"人员|公用"),
            Column("total", TOTAL, PARTS),
            Column("personnel", r"人员经费|人员支出"),
            Column("public_funds", r"公用经费|公用支出"),
        ),
        code_field="economic_code",
        name_field="economic_name",
        key_word="基本支出",
    ),
    TableSpec(
        "general_budget_expenditure",
        r"一般公共预算.*支出",
        r"基本支出|项目支出|三公|机关运行|经济|决算|收入",
        "classified",
        BASIC_PROJECT,
    ),
    TableSpec(
        "gov_fund_expenditure", r"政府性基金.*支出", r"收入|决算", "classified", BASIC_PROJECT
    ),
    TableSpec(
        "state_capital_expenditure",
        r"国有资本经营.*支出",
        r"收入|决算",
        "classified",
        BASIC_PROJECT,
    ),
]
BY_RESOURCE = {spec.resource: spec for spec in SPECS}


def plain_title(title: str) -> str:
    """A title without its label, quotes and spaces: what its words are matched against."""
    return re.sub(r"[\"“”'‘’]", "", without_label(title))


def spec_for_title(title: str) -> TableSpec | None:
    """The standard table a title names, if any."""
    text = plain_title(title)
    if not re.search(r"表(?:[（(][^）)]*[）)])?$", text):
        return None
    for spec in SPECS:
        if re.search(spec.title, text) and not re.search(spec.title_exclude, text):
            return spec
    return None
