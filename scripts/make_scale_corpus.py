"""Make N synthetic budget disclosures from the bundled sources, for benchmarking the build.

Usage: python scripts/make_scale_corpus.py N OUT [--seed S] [--docx-share 0.1]

Each disclosure is one of the bundled Hebei text extracts with another department of
another Hebei county (from the national division table) and another year, and its amounts
multiplied by a whole number (so every sum the audit checks still holds exactly; percentages
are left alone). A share is written as DOCX (paragraphs and real Word tables), the rest as
text. ``OUT/sources/`` gets the files and their sidecars; the same N and seed always give the
same disclosures. The corpus is for measuring speed and size, not for testing the parser.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
DIVISIONS = ROOT / "src" / "openbudget" / "data" / "divisions.csv"
# Templates whose own audit has no rounding differences (a one-cent 尾差 times k would no
# longer be one cent), and whether their amounts can be scaled: 霸州 prints whole 万元 that
# cannot be told from counts and codes, so it keeps its amounts.
TEMPLATES = {
    "2025-julu-renshe": True,
    "2024-haigang-renshe": True,
    "2021-bazhou-renshe": False,
    "2020-pingxiang-renshe": True,
}
OLD_DEPARTMENT = "人力资源和社会保障局"
DEPARTMENTS = [
    "财政局", "教育局", "民政局", "司法局", "审计局", "统计局", "水利局", "商务局",
    "农业农村局", "交通运输局", "自然资源和规划局", "住房和城乡建设局", "卫生健康局",
    "文化广电和旅游局", "市场监督管理局", "应急管理局", "退役军人事务局", "医疗保障局",
    "科学技术局", "工业和信息化局", "生态环境局", "林业局", "信访局", "行政审批局",
    "发展和改革局", "城市管理综合行政执法局", "体育局", "人民防空办公室", "档案馆",
    "机关事务服务中心", "供销合作社联合社", "妇女联合会", "总工会", "残疾人联合会",
    "科学技术协会", "红十字会", "地方志办公室", "融媒体中心", "公共资源交易中心",
    "数据和政务服务局", "乡村振兴局", "粮食和物资储备局", "气象局", "地震局", "图书馆",
    "文物保护中心", "疾病预防控制中心", "妇幼保健院", "退役军人服务中心", "人力资源和社会保障局",
]  # fmt: skip
AMOUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})(?![\d%％])")
YEAR = re.compile(r"(?<!\d)20\d\d(?=\s*年)|(?<=年度[：:])\s*20\d\d")


@dataclass(frozen=True)
class Template:
    """A bundled source and what it says about itself."""

    name: str
    text: str
    meta: dict[str, object]


def load_templates() -> list[Template]:
    templates = []
    for name in TEMPLATES:
        meta = yaml.safe_load((SOURCES / f"{name}.yaml").read_text(encoding="utf-8"))
        text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
        templates.append(Template(name, text, meta))
    return templates


def hebei_counties() -> list[tuple[str, str, str]]:
    """(code, county, city) of every Hebei county-level division whose name is unique."""
    rows = [
        line
        for line in DIVISIONS.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    table = list(csv.DictReader(rows))
    names = [r["name"] for r in table]
    cities = {r["code"]: r["name"] for r in table if r["code"].endswith("00")}
    return [
        (r["code"], r["name"], cities.get(r["code"][:4] + "00", ""))
        for r in table
        if r["code"].startswith("13")
        and not r["code"].endswith("00")
        and names.count(r["name"]) == 1
        and r["name"].endswith(("县", "市", "区"))
        and cities.get(r["code"][:4] + "00")
    ]


def scaled(text: str, factor: int) -> str:
    """Every amount printed with two decimals multiplied by ``factor``, printed alike."""

    def times(match: re.Match[str]) -> str:
        value = Decimal(match[0].replace(",", "")) * factor
        return f"{value:,.2f}" if "," in match[0] else f"{value:.2f}"

    return AMOUNT.sub(times, text)


def shifted_years(text: str, old: int, new: int) -> str:
    """The budget year and the years around it moved from ``old`` to ``new``."""

    def move(match: re.Match[str]) -> str:
        year = int(match[0])
        return (
            match[0].replace(str(year), str(year + new - old)) if abs(year - old) <= 2 else match[0]
        )

    return YEAR.sub(move, text)


def disclosure(template: Template, county: tuple[str, str, str], dept: int, year: int, k: int):
    """The text and sidecar of one synthetic disclosure."""
    code, region, city = county
    meta = template.meta
    old_name = str(meta["department_name"])
    new_name = region + DEPARTMENTS[dept]
    new_code = f"{101 + dept}" + ("001" if len(str(meta.get("department_code", ""))) > 3 else "")
    text = template.text
    old_code = meta.get("department_code")
    if old_code:
        text = re.sub(
            rf"(?<!\d){old_code}(\s*){re.escape(old_name)}", rf"{new_code}\g<1>{new_name}", text
        )
    text = text.replace(old_name, new_name)
    text = text.replace(str(meta["region_name"]), region).replace(str(meta["city"]), city)
    text = shifted_years(scaled(text, k), int(meta["year"]), year)
    sidecar = {
        "province": "河北省",
        "city": city,
        "region_name": region,
        "region_code": code,
        "source_format": "pdf",
        "department_name": new_name,
        "year": year,
    }
    if old_code:
        sidecar["department_code"] = new_code
    return text, sidecar


def write_docx(text: str, path: Path) -> None:
    """The extract as a Word document: lines as paragraphs (``#`` lines as headings), runs of
    tab-separated lines as tables."""
    from docx import Document

    document = Document()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for cells, row in zip(table.rows, rows, strict=True):  # (table.cell() is O(n))
                for cell, text in zip(cells.cells, row, strict=False):
                    cell.text = text
            continue
        line = lines[i].strip()
        if line.startswith("#"):
            document.add_heading(line.lstrip("# "), level=min(line.count("#", 0, 4), 3))
        elif line:
            document.add_paragraph(line)
        i += 1
    document.save(str(path))


def make(n: int, out: Path, seed: int, docx_share: float) -> list[Path]:
    """Write N disclosures under ``out/sources``; return their paths."""
    rng = random.Random(seed)
    templates = load_templates()
    counties = hebei_counties()
    folder = out / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[tuple[str, int, int]] = set()
    written = []
    while len(written) < n:
        county = rng.choice(counties)
        dept = rng.randrange(len(DEPARTMENTS))
        year = rng.choice([2021, 2022, 2023, 2024, 2025])
        template = rng.choice(templates)
        k = rng.randint(1, 4) if TEMPLATES[template.name] else 1
        if (county[0], dept, year) in taken:
            continue
        taken.add((county[0], dept, year))
        text, sidecar = disclosure(template, county, dept, year, k)
        stem = f"{year}-{county[0]}-{dept:02d}"
        tabbed = template.name in ("2025-julu-renshe", "2024-haigang-renshe")
        if tabbed and rng.random() < docx_share:
            path = folder / f"{stem}.docx"
            write_docx(text, path)
            sidecar["source_format"] = "docx"
        else:
            path = folder / f"{stem}.txt"
            path.write_text(text, encoding="utf-8")
        (folder / f"{stem}.yaml").write_text(
            yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--docx-share", type=float, default=0.1)
    args = parser.parse_args()
    written = make(args.n, args.out, args.seed, args.docx_share)
    print(f"wrote {len(written)} disclosures to {args.out / 'sources'}")


if __name__ == "__main__":
    main()
