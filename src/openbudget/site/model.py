"""The site's model of what it shows: departments (one budget unit followed over the years)
and the few figures of a document that pages compare and headline (totals, basic and project
spending, personnel and public funds, “三公”经费, 机关运行经费, spending by function class).

Every page module reads departments and figures from here; the comparison pages
(:mod:`.compare`), the department pages (:mod:`.pages`) and the headers present them. Figures
come from the tables; where a document has no such table, from the figures its prose states,
marked as such.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .amounts import shown_amount, to_decimal
from .data import Document, SitePackage

#: Slugs of department kinds that recur across regions (others get a stable hash).
KIND_SLUGS: dict[str, str] = {
    "人力资源和社会保障局": "renshe",
    "财政局": "caizheng",
    "教育局": "jiaoyu",
    "民政局": "minzheng",
    "卫生健康局": "weijian",
    "自然资源和规划局": "ziran",
    "农业农村局": "nongye",
    "住房和城乡建设局": "zhujian",
    "公安局": "gongan",
    "司法局": "sifa",
}
#: Short forms for chart labels (the tables keep the full names).
_SHORT_NAMES: tuple[tuple[str, str], ...] = (
    ("人力资源和社会保障局", "人社局"),
    ("高新技术产业开发区", "高新区"),
)


# --------------------------------------------------------------------------- departments


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")


def department_key(doc: Document) -> tuple[str, str]:
    """Region code and department code (or ``name:`` and the name where no code is printed)."""
    code = doc.meta.get("department_code", "").strip()
    region = doc.meta.get("region_code", "").strip()
    return (region, code or f"name:{' '.join(doc.name.split())}")


def slug_of_id(document_id: str) -> str:
    """The department part of a document id: the id without its leading year
    (``2025-130529-323`` → ``130529-323``, ``2020-130532-pxxrsj`` → ``130532-pxxrsj``)."""
    return _slug(re.sub(r"^\d{4}-", "", document_id.strip())) or "document"


def department_slug(doc: Document) -> str:
    """File name stem of the page of ``doc``'s department, the same for all its years:
    the document id without its year, which by the data contract is
    ``<region_code>-<department_code>`` (or a pinyin slug of the name where no code is
    printed); built from the region and department codes for ids of another shape."""
    if doc.year and re.match(rf"{doc.year}-", doc.document_id):
        return slug_of_id(doc.document_id)
    region, code = department_key(doc)
    tail = hashlib.sha1(code.encode()).hexdigest()[:8] if code.startswith("name:") else _slug(code)
    return f"{_slug(region) or 'x'}-{tail or 'x'}"


@dataclass(frozen=True)
class Link:
    """A name and the page it links to, as a listing shows it."""

    name: str
    link: str


@dataclass
class Department:
    """All documents of one department, newest year first."""

    key: tuple[str, str]
    docs: list[Document] = field(default_factory=list)

    @property
    def latest(self) -> Document:
        return self.docs[0]

    @property
    def name(self) -> str:
        return self.latest.name

    @property
    def years(self) -> list[int]:
        return [doc.year for doc in self.docs]

    @property
    def slug(self) -> str:
        """File name stem of the department's page: ``130529-323``, stable across years."""
        return department_slug(self.latest)

    def previous(self, doc: Document) -> Document | None:
        """The department's document of the year before ``doc``'s, if in the package."""
        return next((other for other in self.docs if doc.year and other.year == doc.year - 1), None)


def departments(package: SitePackage) -> list[Department]:
    """Documents grouped by department, in the order of each department's newest document."""
    groups: dict[tuple[str, str], Department] = {}
    for doc in package.documents:  # already sorted newest first
        key = department_key(doc)
        groups.setdefault(key, Department(key)).docs.append(doc)
    return list(groups.values())


PARTY = ("中国共产党", "中共")
PARTY_COMMITTEE = re.compile(r"^(?:党工委|工委|委员会|委)")


def department_kind(doc: Document) -> str:
    """The department's name without its region (``人力资源和社会保障局``), to find peers.

    A party body's name puts 中共 before the place and the committee after it
    (中共巨鹿县委组织部, 中共石家庄高新技术产业开发区工委组织部): its kind is 党委 and what follows
    the committee (党委组织部), so the two are peers."""
    name = "".join(doc.name.split())
    party = name.startswith(PARTY)
    if party:
        name = name.removeprefix(PARTY[0]).removeprefix(PARTY[1])
    places = [doc.meta.get(key, "").strip() for key in ("province", "city", "region_name")]
    # Longest form first: 石家庄高新技术产业开发区 before 石家庄, 秦皇岛市 before 秦皇岛.
    forms = sorted(
        {f for p in places for f in (p, p.removesuffix("市").removesuffix("省")) if f},
        key=lambda form: (-len(form), form),
    )
    changed = True
    while changed:
        changed = False
        for form in forms:
            if name.startswith(form) and len(name) > len(form):
                name = name[len(form) :]
                changed = True
    if party:
        rest = PARTY_COMMITTEE.sub("", name)
        return "党委" + rest if rest else "中共" + name
    return name


def kind_slug(kind: str) -> str:
    return KIND_SLUGS.get(kind) or "kind-" + hashlib.sha1(kind.encode()).hexdigest()[:8]


def short_name(doc: Document) -> str:
    name = " ".join(doc.name.split())
    for long, short in _SHORT_NAMES:
        name = name.replace(long, short)
    return name


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """An amount as printed and where it comes from: ``table``, ``prose`` or ``""``."""

    text: str = ""
    source: str = ""

    @property
    def value(self) -> Decimal | None:
        return to_decimal(self.text)

    @property
    def shown(self) -> str:
        return shown_amount(self.text)


def _pick(*candidates: tuple[str | None, str]) -> Figure:
    for text, source in candidates:
        if text is not None and to_decimal(text) is not None:
            return Figure(text.strip(), source)
    return Figure()


def _level0(doc: Document, resource: str) -> dict[str, str]:
    return next((row for row in doc.rows(resource) if row.get("level") == "0"), {})


def _three_public_row(doc: Document, category: str) -> str | None:
    """The department's own “三公” figure of a category (see the schema's ``category``): its
    all-funds total, else its 一般公共预算 (tables that print no all-funds column). A table
    by budget unit prints the department's own rows first."""
    rows = doc.rows("three_public")
    own = [r for r in rows if not r.get("unit_name", "").strip()] or [
        r for r in rows if r.get("unit_name") == rows[0].get("unit_name")
    ]
    row = next((r for r in own if r.get("category") == category), None)
    if row is None:
        return None
    return row.get("total", "").strip() or row.get("general_budget", "").strip() or None


@dataclass(frozen=True)
class Metrics:
    """The figures of one document that compare across departments and years."""

    income_total: Figure
    expenditure_total: Figure
    basic: Figure
    project: Figure
    personnel: Figure
    public_funds: Figure
    three_public: Figure
    travel_abroad: Figure
    vehicles: Figure
    reception: Figure
    operating_costs: Figure
    prose_change: Figure
    #: Level-1 rows of 部门预算支出总表: (function class name, printed total).
    classes: tuple[tuple[str, str], ...]

    @property
    def personnel_share(self) -> Decimal | None:
        """人员经费 as a share of 人员经费 + 公用经费 (the 基本支出 they make up)."""
        personnel, public = self.personnel.value, self.public_funds.value
        if personnel is None or public is None or personnel + public == 0:
            return None
        return personnel / (personnel + public)


def doc_metrics(doc: Document) -> Metrics:
    """The document's comparable figures (kept: every comparison and listing asks)."""
    return doc.remember(metrics_of)


def metrics_of(doc: Document) -> Metrics:
    """The document's comparable figures, from its rows (see doc_metrics)."""
    meta = doc.meta
    totals: dict[str, str] = {}
    for row in doc.rows("budget_summary"):
        if row.get("line_kind") == "total":
            totals.setdefault(row.get("side", ""), row.get("amount", ""))
    spending = _level0(doc, "expenditure")
    basic = _level0(doc, "basic_expenditure")
    income = _level0(doc, "income")
    prose = meta.get
    classes = tuple(
        (row.get("function_name", "").strip() or row.get("function_code", ""), row["total"])
        for row in doc.rows("expenditure")
        if row.get("level") == "1" and to_decimal(row.get("total")) is not None
    )
    return Metrics(
        income_total=_pick(
            (totals.get("income"), "table"),
            (income.get("total"), "table"),
            (prose("prose_income_total"), "prose"),
        ),
        expenditure_total=_pick(
            (totals.get("expenditure"), "table"),
            (spending.get("total"), "table"),
            (prose("prose_expenditure_total"), "prose"),
        ),
        basic=_pick((spending.get("basic"), "table"), (prose("prose_basic"), "prose")),
        project=_pick((spending.get("project"), "table"), (prose("prose_project"), "prose")),
        personnel=_pick((basic.get("personnel"), "table"), (prose("prose_personnel"), "prose")),
        public_funds=_pick(
            (basic.get("public_funds"), "table"), (prose("prose_public_funds"), "prose")
        ),
        three_public=_pick(
            (_three_public_row(doc, "total"), "table"),
            (prose("prose_three_public_total"), "prose"),
        ),
        travel_abroad=_pick(
            (_three_public_row(doc, "travel_abroad"), "table"),
            (prose("prose_travel_abroad"), "prose"),
        ),
        vehicles=_pick(
            (_three_public_row(doc, "vehicles"), "table"),
            (prose("prose_vehicles"), "prose"),
        ),
        reception=_pick(
            (_three_public_row(doc, "reception"), "table"), (prose("prose_reception"), "prose")
        ),
        operating_costs=_pick((prose("prose_operating_costs"), "prose")),
        prose_change=_pick((prose("prose_change"), "prose")),
        classes=classes,
    )


def percent(part: Decimal | None, whole: Decimal | None) -> str:
    if part is None or whole is None or whole == 0:
        return ""
    return f"{(part / whole * 100).quantize(Decimal('0.1'))}%"
