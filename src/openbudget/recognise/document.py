"""What a document says about itself: who it is for, the year, the kind of disclosure.

Templates print this differently: ``北京市信访办公室部门 2026 年度部门预算信息公开`` on a
cover, ``2026 年度`` / ``福州市商务局`` / ``部门预算`` on three lines, ``上海市2026年市级单位预算``
with ``预算单位：上海市审计局`` below, ``国家信访局 年度部门预算`` with the year set apart, a
title block ``323 巨鹿县人力资源和社会保障局`` or ``920平山县下口镇财政所`` above every table,
``部门名称：…`` / ``编制部门：…`` / ``单位名称：…`` lines under table titles. The cover (the
short lines before the contents or the text) is read first, then labelled lines, title
lines anywhere (``附件：北京市人民政府办公厅 2026 年度部门预算报表``) and title blocks. A
document that names nobody gets no name: the parse refuses it rather than invent one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from openbudget.blocks import Block
from openbudget.recognise.found import Found
from openbudget.text_utils import compact
from openbudget.vocabulary import (
    BUDGET_YEAR,
    CODE_AND_NAME,
    CONTENTS_ENTRY,
    arabic_years,
    is_table_label,
    is_table_title,
    is_title_block,
    line_parts,
    preparer_of,
    without_label,
)

YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)\s*(?:年度|年)?")
KIND = re.compile(r"(?P<kind>部门综合预算|部门预算|单位预算|部门决算|单位决算)")
KINDS = {"部门综合预算": "部门预算", "部门预算": "部门预算", "单位预算": "单位预算"}
FINAL_ACCOUNTS = {"部门决算", "单位决算"}
# Numbering and labels printed before a title: "第一部分", "二、", "附件：".
LEAD = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|附件\d*[:：]?)"
)
PART_PREFIX = re.compile(r"^第[一二三四五六七八九十]+部分")
# Words between a department's name and its kind that are not part of the name.
LEVEL = re.compile(r"(?:市级|区级|县级|省级|旗级|乡级|镇级)$")
SCOPE = re.compile(r"[（(]?(?P<scope>本级|汇总|含下属单位|含所属单位)[)）]?$")
SCOPE_AFTER = re.compile(r"^[（(](?P<scope>本级|汇总|含下属单位|含所属单位)[)）]")
SCOPES = {"本级": "本级", "汇总": "汇总", "含下属单位": "汇总", "含所属单位": "汇总"}
# The scope stated in the text: "本部门预算为汇总预算", "部门预算为局本级预算".
STATED_SCOPE = re.compile(r"预算为[\u4e00-\u9fff]{0,3}?(?P<scope>本级|汇总)预算")
# What names of government bodies end with; a name read from a title (rather than from a
# labelled line) must end with one of them.
BODY_ENDINGS = (
    "局", "委", "办", "院", "会", "部", "厅", "署", "处", "所", "站", "室", "队", "中心",
    "馆", "场", "校", "团", "社", "府", "处", "宫", "台", "园", "区", "队", "司", "组", "庭",
    "学", "联", "协", "镇", "乡", "街道", "狱", "库", "厂", "基地",
)  # fmt: skip
NOT_A_NAME = re.compile(r"[，,。；;！？：:“”\"]|^\d")
NAME_MIN, NAME_MAX = 2, 40
COVER_BLOCKS = 8
HEADING_SEARCH = 60  # blocks searched for a cover's heading after a web page's furniture
COVER_LINE_MAX = 60
# A government notice: its document number, as in 杭政办函〔2025〕30号.
NOTICE_NUMBER = re.compile(r"[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号")


@dataclass
class DocumentFacts:
    """Facts read from the document text; any may be missing from a given document."""

    title: str | None = None
    department_name: str | None = None
    department_code: str | None = None
    year: int | None = None
    document_kind: str | None = None
    scope: str | None = None
    final_accounts: bool = False  # a 决算 (final accounts), not a budget
    notice: str | None = None  # the document number of a government notice


@dataclass(frozen=True)
class Title:
    """A title line read apart: who, which year, what kind (each may be missing)."""

    text: str
    name: str | None
    year: int | None
    kind: str | None
    scope: str | None


def lines_of(blocks: list[Block]) -> list[str]:
    """Every line of text that may say what the document is, compacted, in order: headings,
    paragraphs, table captions and the cells of a table's first rows (title blocks)."""
    found: list[str] = []
    for block in blocks:
        if block.kind == "table":
            found += block.caption
            found += [
                part
                for row in block.rows[:2]
                for cell in row
                for line in cell.split("\n")
                for part in line_parts(line)
            ]
        else:
            found += block.text.split("\n")
    return [text for line in found if (text := arabic_years(without_label(line)))]


def cover(blocks: list[Block]) -> list[str]:
    """The cover's lines: the short lines before the contents, the text or the first table
    (a line ending in 目录 is the last, without that word)."""
    found: list[str] = []
    for block in blocks[:COVER_BLOCKS]:
        text = compact(block.text)
        if text.endswith("目录"):
            if text[:-2]:
                found.append(text[:-2])
            break
        if (
            block.kind == "table"
            or len(text) > COVER_LINE_MAX
            or any(mark in text for mark in "，。；")
            or CONTENTS_ENTRY.search(block.text)
            or LEAD.match(text)
            and not PART_PREFIX.match(text)
            or is_table_title(text)
        ):
            break
        found.append(text)
    return found


def read_cover(blocks: list[Block]) -> tuple[int, list[str], Title | None]:
    """Where the cover starts, its lines and what they say together.

    A web page puts its site's furniture first (navigation, ``当前位置：首页 > …``); where
    the first lines name nobody, the cover is read from the first heading that states a
    kind of budget (``2025年部门预算``) instead. A document that starts with a table has no
    cover: who it is for comes from its labelled lines and titles (:func:`read_facts`)."""
    front = cover(blocks)
    joined = read_title("".join(front)) if front else None
    if not front or joined and joined.kind and is_name(joined.name):
        return 0, front, joined  # no cover (a table first), or one that names someone
    start = next(
        (
            index
            for index, block in enumerate(blocks[:HEADING_SEARCH])
            if block.kind == "heading" and KIND.search(compact(block.text))
        ),
        None,
    )
    if start:
        later = cover(blocks[start:])
        title = read_title("".join(later)) if later else None
        if title and title.kind and is_name(title.name):
            return start, later, title
    return 0, front, joined


def read_title(text: str) -> Title:
    """Who, which year and what kind a title line states (``2026年度福州市商务局部门预算``,
    ``北京市信访办公室部门2026年度部门预算信息公开``, ``国家信访局年度部门预算2026``)."""
    text = LEAD.sub("", arabic_years(without_label(text)))
    year_match = YEAR.search(text)
    year = int(year_match["year"]) if year_match else None
    rest = YEAR.sub("", text, count=1) if year_match else text
    kind_match = KIND.search(rest)
    kind = kind_match["kind"] if kind_match else None
    name: str | None = None
    scope = None
    if kind_match:
        name = rest[: kind_match.start()]
        name = re.sub(r"(?:年度|年)$", "", name)
        name = LEVEL.sub("", name)
        scope_match = SCOPE.search(name)
        if scope_match:
            scope = SCOPES[scope_match["scope"]]
            name = name[: scope_match.start()]
        if name.endswith("部门") and name[:-2].endswith(BODY_ENDINGS):
            name = name[:-2]  # 北京市信访办公室部门 2026 年度部门预算
        if not name and is_name(after_kind := name_after(rest[kind_match.end() :])):
            name = after_kind  # 2025年部门预算 / 长春市信访局: the name under the title
        after = SCOPE_AFTER.match(rest[kind_match.end() :])  # 部门预算（本级）
        if scope is None and after:
            scope = SCOPES[after["scope"]]
        if scope is None and re.search(r"汇总", rest):
            scope = "汇总"
    return Title(text, name or None, year, kind, scope)


# The date printed on a cover under its title (2025年2月, 二〇二五年一月十日): not part of it.
MONTH = r"[一二三四五六七八九十]{1,2}月"
DATE = re.compile(
    rf"^(?:19|20)\d{{2}}年(?:\d{{1,2}}月|{MONTH})(?:[\d一二三四五六七八九十]{{1,3}}日)?$"
)
# Words a title may print between its kind and a name set below it (部门预算信息公开).
TITLE_WORDS = re.compile(r"^(?:信息公开|公开说明|情况说明|编制说明|公开文本|公开|说明|文本)")


def name_after(text: str) -> str:
    """The name a cover prints after its kind (``2025年部门预算`` above ``长春市信访局``):
    what follows the title's own words, up to a date or figure below it."""
    text = TITLE_WORDS.sub("", SCOPE_AFTER.sub("", text))
    return re.split(rf"\d|{MONTH}", text, maxsplit=1)[0]


def plain_name(name: str) -> tuple[str, str | None]:
    """A name without a scope printed after it: (name, 本级 / 汇总 or None)."""
    match = SCOPE.search(name)
    if match and match.start() > 0:
        return name[: match.start()], SCOPES[match["scope"]]
    if name.endswith("局本级"):
        return name[:-2], "本级"
    return name, None


def is_name(name: str | None, labelled: bool = False) -> bool:
    """Whether a text can be the name of a government body: short, no sentence in it, and
    (unless a label says it is a name) ending like one."""
    if not name or not NAME_MIN <= len(name) <= NAME_MAX or NOT_A_NAME.search(name):
        return False
    return labelled or name.endswith(BODY_ENDINGS)


def read_facts(blocks: list[Block]) -> DocumentFacts:
    """Read the department, its code, the year, the kind and scope from the text."""
    facts = DocumentFacts()
    lines = lines_of(blocks)
    _, front, joined = read_cover(blocks)
    titles = [read_title(line) for line in lines if len(line) <= COVER_LINE_MAX]
    titles = [t for t in titles if t.kind and not CONTENTS_ENTRY.search(t.text)]

    labelled = Counter(
        plain_name(name) for line in lines if (name := preparer_of(line)) and is_name(name, True)
    )
    cover_labels = [
        plain_name(n) for line in front if (n := preparer_of(line)) and is_name(n, True)
    ]
    coded = Counter(
        (m["code"], *plain_name(m["name"]))
        for line in lines
        if (m := CODE_AND_NAME.match(preparer_of(line) or line))
        and is_name(plain_name(m["name"])[0], True)
    )

    # Who: a label on the cover, the cover's title, labels under table titles, a title
    # line elsewhere, a title block with a code.
    candidates: list[tuple[str, str | None]] = list(cover_labels)
    if joined and is_name(joined.name):
        candidates.append(plain_name(joined.name))  # type: ignore[arg-type]
    candidates += [name for name, _ in labelled.most_common(1)]
    named = Counter(plain_name(t.name) for t in titles if is_name(t.name))  # type: ignore[arg-type]
    candidates += [name for name, _ in named.most_common(1)]
    candidates += [(name, scope) for (_, name, scope), _ in coded.most_common(1)]
    if candidates:
        facts.department_name, scope = candidates[0]
        facts.scope = scope or (joined.scope if joined else None) or stated_scope(lines)

    # When: the cover's year, a 预算年度 line, the year most titles print.
    years = Counter(int(m["year"]) for line in lines if (m := BUDGET_YEAR.match(line)))
    title_years = Counter(
        t.year
        for line in lines
        if is_table_title(line) or KIND.search(line)
        if len(line) <= COVER_LINE_MAX and (t := read_title(line)).year
    )
    if joined and joined.year:
        facts.year = joined.year
    elif years:
        facts.year = years.most_common(1)[0][0]
    elif title_years:
        facts.year = title_years.most_common(1)[0][0]

    # What: the cover's kind, else what titles and labels say.
    kinds = Counter(t.kind for t in titles if t.kind)
    kind = joined.kind if joined and joined.kind else None
    if kind is None and kinds:
        kind = kinds.most_common(1)[0][0]
    facts.final_accounts = kind in FINAL_ACCOUNTS
    facts.document_kind = KINDS.get(kind or "") or label_kind(lines)
    if facts.department_name:
        facts.department_code = code_of(
            facts.department_name, facts.scope, coded, blocks, facts.year
        )
        facts.title = title_of(front, titles, joined, facts.department_name)
    facts.notice = notice_number(front)
    return facts


def stated_scope(lines: list[str]) -> str | None:
    """The scope a sentence of the text states (``本部门预算为汇总预算``)."""
    match = next((m for line in lines if (m := STATED_SCOPE.search(line))), None)
    return match["scope"] if match else None


def label_kind(lines: list[str]) -> str | None:
    """The kind the labels imply where no title says it: ``预算单位：`` a 单位预算,
    ``预算主管部门：``, ``编制部门：`` or ``部门名称：`` a 部门预算."""
    for line in lines:
        if re.match(r"^预算单位[:：]", line):
            return "单位预算"
        if re.match(r"^(?:预算主管部门|编制部门|部门名称|部门)[:：]", line):
            return "部门预算"
    return None


BRACKETED = re.compile(r"^[\[［【](?P<code>\d{3,8})[\]］】](?P<name>[\u4e00-\u9fff].*)$")


def code_of(
    name: str,
    scope: str | None,
    coded: Counter[tuple[str, str, str | None]],
    blocks: list[Block],
    year: int | None,
) -> str | None:
    """The department's code, where a title block or a table row prints it beside its name
    (``323 巨鹿县…局``, ``305 | 无锡市教育局``, ``[292]国家信访局``); never a year."""
    wanted = [(name, scope)] if scope else [(name, None), (name, "本级")]
    for (code, other, other_scope), _ in coded.most_common():
        if (other, other_scope) in wanted and code != str(year):
            return code
    for block in blocks:
        if block.kind != "table":
            continue
        for row in block.rows:
            cells = [compact(cell) for cell in row if cell.strip()]
            for first, second in zip(cells, cells[1:], strict=False):
                is_code = first.isdecimal() and 3 <= len(first) <= 8 and first != str(year)
                if is_code and plain_name(second) in wanted:
                    return first
            for cell in cells[:2]:
                match = BRACKETED.match(cell)
                if match and plain_name(match["name"]) in wanted:
                    return match["code"]
    return None


def title_of(front: list[str], titles: list[Title], joined: Title | None, name: str) -> str | None:
    """The disclosure's title as printed: the cover's lines where they name the department,
    else the first title line that names it (else any that names someone)."""
    labelled = any(preparer_of(line) for line in front)
    if joined and joined.kind and (is_name(joined.name) or labelled):
        return "".join(line for line in front if is_title_line(line))
    named = [t.text for t in titles if t.name and plain_name(t.name)[0] == name]
    named += [t.text for t in titles if is_name(t.name) and not NOT_A_NAME.search(t.text)]
    return named[0] if named else None


def is_title_line(line: str) -> bool:
    """Whether a cover line is part of the title: not a label (``编制单位：…``), a date
    under it (``二〇二五年二月``) or the heading of the part that follows (``第一部分 概况``)."""
    if PART_PREFIX.match(line) and not KIND.search(line):
        return False
    return not preparer_of(line) and not DATE.match(arabic_years(line))


def notice_number(front: list[str]) -> str | None:
    """The document number on the cover of a government notice (杭政办函〔2025〕30号)."""
    for line in front:
        match = NOTICE_NUMBER.search(line)
        if match and not KIND.search("".join(front)):
            return line
    return None


INTRODUCTION = re.compile(r"^按照.*公开(如下|情况如下)")
TITLE_ENDINGS = {"说明", "公开", "情况说明", "信息公开"}


def read_preamble(blocks: list[Block]) -> Found:
    """Claim the disclosure's cover, title lines, part headings and opening sentence.

    They are read into the ``documents`` row (title, department, year) rather than into
    records, so this reader only marks them as understood.
    """
    result = Found()
    start, front, _ = read_cover(blocks)
    for index, block in enumerate(blocks):
        if block.kind == "table":
            continue
        if start <= index < start + len(front) or is_preamble(compact(block.text)):
            result.claimed.add(index)
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            if after is not None and compact(after.text) in TITLE_ENDINGS:
                result.claimed.add(index + 1)  # a title broken before its last word
    return result


def is_preamble(text: str) -> bool:
    """A part heading, a title line, the opening sentence, a label or a department line."""
    rest = PART_PREFIX.sub("", text)
    title = read_title(text) if len(text) <= COVER_LINE_MAX else None
    return bool(
        PART_PREFIX.match(text)
        and len(rest) <= 40
        or title
        and title.kind
        and title.year
        or INTRODUCTION.match(rest)
        or is_table_label(text)
        or is_title_block(text)
        and (preparer_of(text) or CODE_AND_NAME.match(text))
    )
