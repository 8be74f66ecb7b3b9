"""What a document says about itself: department, department code, year, kind and title."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from openbudget.blocks import Block
from openbudget.recognise.found import Found
from openbudget.text_utils import compact

TITLE = re.compile(r"^(?P<name>.*?)(?P<year>20\d{2})年(?P<kind>部门|单位)预算")
YEAR_LINE = re.compile(r"预算年度[:：]?(20\d{2})")
# "323 巨鹿县人力资源和社会保障局", "编制部门：805001霸州市…局本级"
DEPARTMENT_LINE = re.compile(
    r"^(?:编制(?:部门|单位)[:：])?(?P<code>\d{3,8})(?P<name>[\u4e00-\u9fff].*)$"
)
NAME_SUFFIXES = ("局本级", "本级")
PART_PREFIX = re.compile(r"^第[一二三四五六七八九十]+部分")
DEPARTMENT_ENDINGS = ("局", "部", "委", "办", "院", "会", "中心", "所", "站", "室", "处", "队")


@dataclass
class DocumentFacts:
    """Facts read from the document text; any may be missing from a given document."""

    title: str | None = None
    department_name: str | None = None
    department_code: str | None = None
    year: int | None = None
    document_kind: str | None = None


def texts(blocks: list[Block]) -> list[str]:
    """Headings, paragraphs and the first rows of tables, where title blocks are printed."""
    found: list[str] = []
    for block in blocks:
        if block.kind == "table":
            found.extend(cell for row in block.rows[:2] for cell in row if cell.strip())
        else:
            found.append(block.text)
    return [compact(text) for text in found]


def read_facts(blocks: list[Block]) -> DocumentFacts:
    """Read the department, its code, the year and the kind of disclosure from the text."""
    facts = DocumentFacts()
    lines = texts(blocks)
    for index, text in enumerate(lines):
        text = PART_PREFIX.sub("", text)
        match = TITLE.match(text)
        if not match or "目录" in text or not ("公开" in text or "说明" in text):
            continue
        facts.year = facts.year or int(match["year"])
        facts.document_kind = facts.document_kind or f"{match['kind']}预算"
        name = match["name"] or (PART_PREFIX.sub("", lines[index - 1]) if index else "")
        if name.endswith(DEPARTMENT_ENDINGS):
            facts.department_name = name
            facts.title = text if match["name"] else name + text
            break
    years = Counter(int(m[1]) for text in lines if (m := YEAR_LINE.search(text)))
    if years:
        facts.year = years.most_common(1)[0][0]
    departments = Counter(
        (m["code"], m["name"]) for text in lines if (m := DEPARTMENT_LINE.match(text))
    )
    for (code, name), _ in departments.most_common():
        for suffix in NAME_SUFFIXES:
            name = name.removesuffix(suffix)
        if facts.department_name is None or name == facts.department_name:
            facts.department_code = code
            facts.department_name = facts.department_name or name
            break
    return facts


INTRODUCTION = re.compile(r"^按照.*公开(如下|情况如下)")


def read_preamble(blocks: list[Block]) -> Found:
    """Claim the disclosure's title lines, part headings and statutory opening sentence.

    They are read into the ``documents`` row (title, department, year) rather than into
    records, so this reader only marks them as understood.
    """
    result = Found()
    for index, block in enumerate(blocks):
        if block.kind == "table":
            continue
        text = PART_PREFIX.sub("", compact(block.text))
        if (
            not text
            and PART_PREFIX.match(compact(block.text))
            or PART_PREFIX.match(compact(block.text))
            and len(text) <= 40
        ):
            result.claimed.add(index)
        elif TITLE.match(text) and ("公开" in text or "说明" in text):
            result.claimed.add(index)
            before, after = index - 1, index + 1
            if before >= 0 and compact(blocks[before].text).endswith(DEPARTMENT_ENDINGS):
                result.claimed.add(before)
            if after < len(blocks) and compact(blocks[after].text) == "说明":
                result.claimed.add(after)
        elif INTRODUCTION.match(text):
            result.claimed.add(index)
    return result
