"""The numbered sections of the prose (情况说明), and the figures the prose states.

Sections are found by their headings' text, never by Markdown level or position: a short
paragraph or heading that starts with a Chinese numeral (一、… 十一、). Templates number
them differently (2020 and 2021 have nine, later years eleven), so a heading is trusted when
it names a known section (职责, 总体情况, 运行经费, “三公” …) and the numbers run upwards;
a heading with an unknown name is kept only where the known ones leave a gap for its number.
That keeps sub-lists numbered 一、二、 inside a section, and the table of contents (目录), from
opening sections of their own. Documents in parts (第一部分 概况, 第二部分 预算表, 第三部分 情况
说明, 第四部分 名词解释), each numbering from 一 again, have their sections read in the part
that is the 情况说明.

The figures the sections state are read by :mod:`prose_figures`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbudget.blocks import Block
from openbudget.recognise.found import Found, Record
from openbudget.recognise.prose_figures import prose_figures
from openbudget.recognise.standard import spec_for_title
from openbudget.text_utils import compact, join_cjk
from openbudget.vocabulary import is_page_number, is_title_block

DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}
SECTION_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.*)$")
HEADING_MAX = 30  # a heading longer than this is a sentence
TITLE_MAX = 40  # a table title longer than this is a sentence that names a table
# Words of the known section names, in any template; one is enough to name a section.
KNOWN_SECTION = re.compile(
    r"职责|机构设置|总体情况|收支预算|运行经费|三公|绩效|专项资金|项目预算|政府采购|"
    r"国有资产|资产信息|名词解释|其他需要说明|其他说明"
)
TOC_TITLE = re.compile(r"目录$")
TOC_ENTRY = re.compile(r"(\.{2,}|…+|·{2,}|\s)\s*\d{1,3}$")
PAGE_CELL = re.compile(r"^\d{1,3}$")
YEAR_START = re.compile(r"^\d{4}年")
PROSE_ENDS = re.compile(r"预算公开表$")
MARKDOWN = re.compile(r"\*\*|__|^#+\s*|^[-*+]\s+")
# A Markdown list item that the reader joined onto the previous one: "…资金。- 2、…".
JOINED_ITEM = re.compile(r"(?<=[。；;！？）)”])\s*[-*+]\s+")
SENTENCE_END = '。；;：:！!？?）)”"…'
NEW_ITEM = re.compile(r"^([（(]|[0-9０-９]|[一二三四五六七八九十]+[是、.．]|第|[-•·])")
LABEL = re.compile(r"^[^，,。；;：:]{1,8}[：:]")
BROKEN_MIN = 20  # a line this long ending without punctuation was cut mid-sentence


@dataclass(frozen=True)
class Candidate:
    """A paragraph or heading that may open a numbered section."""

    index: int
    number: int
    heading: str
    rest: str  # text printed on the heading's line after the heading itself
    known: bool
    short: bool


def cn_number(numeral: str) -> int | None:
    """一 → 1, 十 → 10, 十一 → 11, 二十三 → 23; None for anything else."""
    tens, ten, ones = numeral.partition("十")
    if not ten:
        return DIGITS.get(numeral) if len(numeral) == 1 else None
    if (tens and tens not in DIGITS) or (ones and ones not in DIGITS):
        return None
    return DIGITS.get(tens, 1) * 10 + DIGITS.get(ones, 0)


def clean(text: str) -> str:
    """Prose without Markdown marks and without spaces extraction put around words."""
    lines = JOINED_ITEM.sub("\n", text.strip()).split("\n")
    return "\n".join(join_cjk(MARKDOWN.sub("", line.strip())) for line in lines)


def is_toc_entry(block: Block) -> bool:
    """A line of a table of contents: a name followed by its page number."""
    if block.kind == "table":
        rows = [[c for c in row if c.strip()] for row in block.rows]
        rows = [row for row in rows if row]
        return bool(rows) and all(len(r) >= 2 and PAGE_CELL.match(r[-1].strip()) for r in rows)
    return bool(TOC_ENTRY.search(block.text.strip()))


def find_toc(blocks: list[Block]) -> set[int]:
    """Indices of the table of contents: its 目录 title, entries and group headings."""
    toc: set[int] = set()
    for start, block in enumerate(blocks):
        text = compact(block.text)
        if block.kind == "table" or len(text) > HEADING_MAX or not TOC_TITLE.search(text):
            continue
        toc.add(start)
        index = start + 1
        while index < len(blocks):
            # A group heading ("部门预算公开表") belongs to the contents if entries follow it.
            run = index
            while run < len(blocks) and run - index < 2 and not is_toc_entry(blocks[run]):
                if blocks[run].kind == "table" or len(compact(blocks[run].text)) > HEADING_MAX:
                    break
                run += 1
            if run >= len(blocks) or not is_toc_entry(blocks[run]):
                break
            toc.update(range(index, run + 1))
            index = run + 1
    return toc


def candidate(index: int, block: Block) -> Candidate | None:
    """The block as a possible section heading, if it starts with 一、… and reads like one."""
    text = clean(block.text)
    match = SECTION_HEADING.match(text)
    number = cn_number(match[1]) if match else None
    if match is None or number is None or TOC_ENTRY.search(block.text.strip()):
        return None
    # "九、国有资产信息：上年末固定资产…" prints the heading and its text on one line.
    heading, mark, rest = split_heading(match[2])
    if len(heading) > HEADING_MAX:
        return None
    short = not mark and not re.search(r"[；;，,]", heading)
    return Candidate(
        index, number, heading, rest.strip(), bool(KNOWN_SECTION.search(heading)), short
    )


def split_heading(text: str) -> tuple[str, str, str]:
    """Split "heading：text" at the first colon or full stop (mark is '' when there is none)."""
    parts = re.split(r"([：:。])", text, maxsplit=1)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else (text, "", "")


def bodiless(blocks: list[Block], start: int, end: int) -> bool:
    """Whether blocks[start:end] are only short lines, as in a table of contents."""
    return all(b.kind != "table" and len(compact(b.text)) <= HEADING_MAX for b in blocks[start:end])


def choose(blocks: list[Block], candidates: list[Candidate]) -> tuple[list[Candidate], set[int]]:
    """The candidates that open sections, and those set aside as an undetected contents list.

    Headings naming a known section are anchors when their numbers run upwards; a heading
    numbered 一 after a run of bodiless anchors means that run was a table of contents. A
    heading with an unknown name is kept only where its number fits between the anchors.
    """
    anchors: list[Candidate] = []
    toc: set[int] = set()
    for cand in candidates:
        if anchors and cand.number == 1 and bodiless(blocks, anchors[0].index, cand.index):
            toc.update(  # the run of short lines up to here, anchors or not
                c.index
                for c in candidates
                if c.index < cand.index and bodiless(blocks, c.index, cand.index)
            )
            anchors = []
        if cand.known and (not anchors or cand.number > anchors[-1].number):
            anchors.append(cand)
    chosen: list[Candidate] = []
    for cand in candidates:
        if cand.index in toc:
            continue
        if cand in anchors:
            chosen.append(cand)
            continue
        before = [a.number for a in anchors if a.index < cand.index]
        after = [a.number for a in anchors if a.index > cand.index]
        low = max(before[-1] if before else 0, chosen[-1].number if chosen else 0)
        if cand.short and low < cand.number < (after[0] if after else cand.number + 1):
            chosen.append(cand)
    return chosen, toc


def ends_prose(block: Block) -> bool:
    """A title of a standard table or of the tables part: the prose has ended before it."""
    text = compact(block.text)
    if block.kind == "table" or len(text) > TITLE_MAX:
        return False
    return spec_for_title(text) is not None or bool(PROSE_ENDS.search(text))


def is_furniture(text: str) -> bool:
    """A line that belongs to a table's title block or is a page number, not to the prose.

    A title block line ("323 巨鹿县…局", "单位：万元") is short; "2025年，我部门…" also starts
    with digits and a character, but is a sentence.
    """
    text = compact(text)
    if not text or is_page_number(text):
        return True
    title_line = is_title_block(text) and not YEAR_START.match(text)
    return len(text) <= HEADING_MAX and bool(title_line)


def join_broken(lines: list[tuple[str, bool]]) -> list[str]:
    """Join a paragraph cut mid-sentence onto its end: (text, is_heading) in, lines out.

    A line is cut when it is longer than a heading, ends without punctuation and the next
    line neither starts a numbered item nor a label such as "绩效目标：".
    """
    joined: list[str] = []
    open_line = False
    for text, is_heading in lines:
        if open_line and not is_heading and not NEW_ITEM.match(text) and not LABEL.match(text):
            joined[-1] += text
        else:
            joined.append(text)
        last = joined[-1]
        shortest = HEADING_MAX + 10 if NEW_ITEM.match(last) else BROKEN_MIN
        open_line = (
            not is_heading
            and len(last) >= shortest
            and last[-1] not in SENTENCE_END
            and not last.endswith("表")
        )
    return joined


def section_text(blocks: list[Block], cand: Candidate, end: int) -> tuple[str, set[int]]:
    """The section's cleaned text (tables left out) and the blocks it was made of."""
    lines: list[tuple[str, bool]] = [(cand.rest, False)] if cand.rest else []
    claimed = {cand.index}
    for index in range(cand.index + 1, end):
        block = blocks[index]
        if block.kind == "table":
            continue
        claimed.add(index)
        if not is_furniture(block.text):
            lines.append((clean(block.text), block.kind == "heading"))
    return "\n".join(join_broken(lines)), claimed


PART = re.compile(r"^第([一二三四五六七八九十]{1,2})部分")
EXPLANATION = re.compile(r"情况说明|预算说明")


def explanation_part(blocks: list[Block], toc: set[int]) -> range:
    """The blocks of the part that is the 情况说明 in a document printed in parts; all the
    blocks otherwise. A part's heading printed twice (in a contents list without page
    numbers, then in the body) starts where it is printed last."""
    starts: dict[str, int] = {}
    for index, block in enumerate(blocks):
        text = compact(block.text)
        if index in toc or block.kind == "table" or len(text) > HEADING_MAX:
            continue
        if m := PART.match(text):
            starts[m[1]] = index
    order = sorted(starts.values())
    for index in order:
        after = blocks[index + 1].text if index + 1 < len(blocks) else ""
        heading = compact(blocks[index].text) + (
            compact(after) if len(compact(after)) <= HEADING_MAX else ""
        )
        end = next((i for i in order if i > index), len(blocks))
        if EXPLANATION.search(heading) and not bodiless(blocks, index + 1, end):
            return range(index + 1, end)  # (only short lines: a contents list's entry)
    return range(len(blocks))


def read_sections(blocks: list[Block]) -> Found:
    """Every numbered section of the prose, and the figures the prose states."""
    found = Found()
    toc = find_toc(blocks)
    part = explanation_part(blocks, toc)
    candidates = [
        c
        for i, b in enumerate(blocks)
        if i in part and b.kind != "table" and i not in toc and (c := candidate(i, b)) is not None
    ]
    chosen, unlisted_toc = choose(blocks, candidates)
    found.claimed |= toc | unlisted_toc
    records: list[Record] = []
    for position, cand in enumerate(chosen):
        end = chosen[position + 1].index if position + 1 < len(chosen) else part.stop
        end = next((i for i in range(cand.index + 1, end) if ends_prose(blocks[i])), end)
        text, claimed = section_text(blocks, cand, end)
        found.claimed |= claimed
        records.append(
            {
                "section_no": cand.number,
                "heading": cand.heading,
                "text": text,
                "page": blocks[cand.index].page,
            }
        )
    if records:
        found.records["sections"] = records
    found.facts, found.findings = prose_figures(records)
    return found
