"""Repair: mend extraction damage on blocks, and record every repair.

Repairs work on blocks, before any table is recognised, so that recognisers see tables as
they were printed. Each repair appends a :class:`Repair` that names what was changed, where,
and the text before and after, so the data quality page and tests can show it.
"""

from __future__ import annotations

import re
import unicodedata

from openbudget.blocks import Block, Repair
from openbudget.text_utils import SENTENCE_ENDS, compact, is_number, join_cjk
from openbudget.vocabulary import (
    continued_title,
    header_length,
    is_page_number,
    is_table_label,
    is_table_title,
    is_title_block,
    line_parts,
)

BOLD = re.compile(r"</?b>", re.IGNORECASE)
SPLIT_CODE_OR_NUMBER = re.compile(r"^[\d.,\-\s]+$")


def repair(blocks: list[Block]) -> tuple[list[Block], list[Repair]]:
    """Return repaired blocks and the list of repairs made, in document order."""
    repairs: list[Repair] = []
    unify_radicals(blocks, repairs)
    blocks = strip_bold_tags(blocks, repairs)
    blocks = drop_page_numbers(blocks, repairs)
    lift_captions(blocks, repairs)
    blocks = merge_continued_tables(blocks, repairs)
    normalise_cells(blocks, repairs)
    rejoin_figures(blocks, repairs)
    return blocks, repairs


def context(blocks: list[Block], index: int) -> str:
    """The nearest heading or title paragraph before a block, to say where a repair was."""
    for block in reversed(blocks[:index]):
        if block.kind == "heading" or (
            block.kind == "paragraph" and len(block.text) <= 60 and block.text.endswith("表")
        ):
            return block.text
    return ""


def location(blocks: list[Block], index: int, row: list[str] | None = None) -> str:
    """A readable location, in Chinese as the site shows it: table title, source page or
    line, and the row's 序号 when known."""
    parts = [context(blocks, index), blocks[index].place]
    if row and row[0].strip():
        parts.append(f"序号 {row[0].strip()}")
    return "，".join(p for p in parts if p)


# Kangxi radicals and CJK radical supplements that some PDF fonts map their glyphs to
# (``⼀般公共预算⽀出`` for 一般公共预算支出): each to the ideograph it looks like.
RADICALS = {
    code: unified
    for code in [*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6)]
    if len(unified := unicodedata.normalize("NFKC", chr(code))) == 1 and unified != chr(code)
}


def unify_radicals(blocks: list[Block], repairs: list[Repair]) -> None:
    """Read radical code points as the ideographs they print (``⽀`` → ``支``).

    A PDF's text layer can give a character's radical code point instead of the character:
    the page shows 支出, the text says ⽀出, and no title or heading would match. Every
    block's text, caption and cells are mended; each block's repair lists what changed."""
    for index, block in enumerate(blocks):
        texts = [block.text, *block.caption, *(cell for row in block.rows for cell in row)]
        found = sorted({c for text in texts for c in text if ord(c) in RADICALS})
        if not found:
            continue
        block.text = block.text.translate(RADICALS)
        block.caption = [line.translate(RADICALS) for line in block.caption]
        block.rows = [[cell.translate(RADICALS) for cell in row] for row in block.rows]
        before = "".join(found)
        repairs.append(
            Repair("radical-glyphs", location(blocks, index), before, before.translate(RADICALS))
        )


def strip_bold_tags(blocks: list[Block], repairs: list[Repair]) -> list[Block]:
    """Remove ``<b>`` tags that PDF extraction left around bold cells and lines."""
    for index, block in enumerate(blocks):
        if block.kind == "table":
            for row in block.rows:
                for col, cell in enumerate(row):
                    if BOLD.search(cell):
                        row[col] = BOLD.sub("", cell)
                        repairs.append(
                            Repair("bold-tag", location(blocks, index, row), cell, row[col])
                        )
        elif BOLD.search(block.text):
            before, block.text = block.text, BOLD.sub("", block.text)
            repairs.append(Repair("bold-tag", location(blocks, index), before, block.text))
    return blocks


def drop_page_numbers(blocks: list[Block], repairs: list[Repair]) -> list[Block]:
    """Drop paragraphs that are only a page number printed in a header or footer."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if block.kind == "paragraph" and is_page_number(block.text):
            repairs.append(Repair("page-number", location(blocks, index), block.text, ""))
            continue
        kept.append(block)
    return kept


def caption_row(row: list[str]) -> list[str] | None:
    """The lines of a row that is a table's label and title drawn inside its grid, else None.

    Some templates draw the label and title (``公开02表``, ``收入总表``) as the first rows
    of the grid, and project tables their title as the first row; a rotated page may put
    title and title block in one cell (``收支预算总表 / 部门：… / 单位：万元``). Such a row
    holds one text, repeated across merged cells, whose lines are a label or title, and
    title-block lines. (Rows of title-block cells side by side, such as ``单位：X | … |
    单位：万元``, stay in the grid, where recognisers read them as title-block rows.)
    """
    texts = {cell.strip() for cell in row if cell.strip()}
    if len(texts) != 1:
        return None
    lines = [part for line in texts.pop().split("\n") for part in line_parts(line)]
    if not any(is_table_label(line) or is_table_title(line) for line in lines):
        return None
    if all(is_table_label(line) or is_table_title(line) or is_title_block(line) for line in lines):
        return lines
    return None


def lift_captions(blocks: list[Block], repairs: list[Repair]) -> None:
    """Move a label and title drawn inside a table's grid into the table's caption."""
    for index, block in enumerate(blocks):
        if block.kind != "table":
            continue
        lifted, caption = 0, []
        while lifted < len(block.rows):
            row = block.rows[lifted]
            lines = caption_row(row)
            if lines is None and any(cell.strip() for cell in row):
                break
            caption += lines or []
            lifted += 1
        if caption and lifted < len(block.rows):  # a title boxed on its own stays as it is
            block.caption = caption
            repairs.append(
                Repair(
                    "title-inside-table",
                    location(blocks, index),
                    " / ".join(block.caption),
                    "作为表题读取，不作为表中的一行",
                )
            )
            block.rows = block.rows[lifted:]
            block.continues = False


def header_key(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """Header rows compared without spacing or the occasional 档次-for-栏次 typo."""
    rows = rows[: header_length(rows)]
    return tuple(
        tuple(compact(cell).replace("档次", "栏次") for cell in row)
        for row in rows
        if not any(is_title_block(cell) for cell in row if cell.strip())
    )


def serial_column(rows: list[list[str]]) -> int | None:
    """Index of the 序号 column in the header, which every data row fills."""
    for row in rows[: header_length(rows)]:
        for col, cell in enumerate(row):
            if compact(cell) == "序号":
                return col
    return None


def merge_continued_tables(blocks: list[Block], repairs: list[Repair]) -> list[Block]:
    """Join a table continued on the next page into one table.

    A page break shows up as the table's title block (department, 预算年度, 单位), its label
    and title and its column headings printed again, or (where nothing is printed again)
    as a table the reader saw carry on with the same columns at the top of the next page;
    sometimes also as a row cut in two, its second half starting the next page with an
    empty 序号. The repeated lines and headings are dropped and the cut row is glued back,
    cell by cell, onto the row it belongs to.
    """
    kept: list[Block] = []
    between: list[Block] = []  # lines since the last table that a new page may repeat
    titles: set[str] = set()  # the lines printed above that table
    for index, block in enumerate(blocks):
        table_before = kept[-1] if kept and kept[-1].kind == "table" else None
        if block.kind != "table":
            if table_before is not None and repeats_title(block, titles):
                between.append(block)
                continue
            kept.extend(between)
            between = []
            kept.append(block)
            continue
        if table_before is not None and join(table_before, block, blocks, index, repairs):
            between = []
            continue
        kept.extend(between)
        between = []
        titles = lead_in(kept)
        kept.append(block)
    kept.extend(between)
    return kept


def repeats_title(block: Block, titles: set[str]) -> bool:
    """Whether a line may be a table's title, label or title block printed again."""
    text = compact(block.text)
    carried = continued_title(text)  # 续表, 收支总表（续）: the table goes on
    return (
        is_title_block(text)
        or is_table_label(text)
        or text in titles
        or carried is not None
        and (not carried or carried in titles)
    )


def lead_in(kept: list[Block], lookback: int = 4) -> set[str]:
    """The lines printed just above a table (its label, title, title block)."""
    found: set[str] = set()
    for block in reversed(kept[-lookback:]):
        if block.kind == "table":
            break
        found.add(compact(block.text))
    return found


def caption_title(block: Block) -> str | None:
    """The title a table's caption (its title drawn inside the grid) gives, if any."""
    titles = (continued_title(line) or compact(line) for line in block.caption)
    return next((title for title in titles if title and is_table_title(title)), None)


def join(
    table: Block, second: Block, blocks: list[Block], index: int, repairs: list[Repair]
) -> bool:
    """Append ``second`` to ``table`` if it continues it; whether it did.

    A table under a title of its own (lifted from its grid) starts a new table, even where
    its first rows read like the one above (the same title block, the same headings)."""
    if caption_title(second) not in (None, caption_title(table)):
        return False
    where = location(blocks, index)
    rows = continuation_rows(table, second)
    if rows is not None:
        repairs.append(
            Repair(
                "table-continued",
                where,
                f"分页后的 {len(second.rows)} 行",
                f"{len(rows)} 行接到{table.place}的表格之后",
            )
        )
        append_rows(table, second, rows, where, repairs)
        return True
    header = repeated_header(table, second)
    if header is not None:
        append_after_repeated_header(table, header, second, where, repairs)
        return True
    if second.continues:
        repairs.append(
            Repair(
                "table-continued",
                where,
                f"页首 {len(second.rows)} 行，列与上表相同，没有表头",
                f"{len(second.rows)} 行接到{table.place}的表格之后",
            )
        )
        rows = second.rows
        if rows and is_cut_tail(rows[0], table.rows[-1]):
            head, *rows = rows
            last = table.rows[-1]
            before = "\t".join(last) + " + " + "\t".join(head)
            for col, cell in enumerate(head):
                if cell.strip():
                    last[col] = glue_cell(last[col], cell)
            repairs.append(Repair("cell-text-broken-across-page", where, before, "\t".join(last)))
        table.continue_with(second, rows)
        return True
    return False


CUT_TAIL_MAX = 6  # characters: the most a page break leaves of a cell on the next page


CUT_DECIMALS = re.compile(r"-?[\d,]*\d\.(?P<decimals>\d?)")


def is_cut_tail(row: list[str], above: list[str]) -> bool:
    """Whether the first row on a new page is the end of the row the page break cut: one
    short text (``…补助资`` / ``金``), or texts in several columns, each under a text of the
    row above that runs on, where that row's figures stand above empty cells
    (``深圳市人民政府办公 | …编辑管 | 200.18`` / ``厅（本级） | 理 |``) or above the last
    decimals the break cut off (``杭州市机动 | 12,437.3`` / ``车驾驶员考试服务中心 | 6``).

    Without headings printed again nothing else tells a cut row from a new one, so only
    these clear cases are glued; other rows are kept as rows.
    """
    filled = [col for col, cell in enumerate(row) if cell.strip()]
    if not filled or filled[-1] >= len(above):
        return False
    texts = [col for col in filled if not is_cut_number(above[col], row[col])]
    if any(is_number(compact(row[col])) for col in texts):
        return False
    if len(filled) == 1:
        if len(compact(row[filled[0]])) > CUT_TAIL_MAX:
            return False
    elif not any(is_number(compact(cell)) for cell in above):
        return False
    return all(
        (upper := above[col].strip())
        and not upper.endswith(SENTENCE_ENDS)
        and not is_number(compact(upper))
        for col in texts
    )


def is_cut_number(upper: str, lower: str) -> bool:
    """Whether ``lower`` is the last decimal(s) of the figure ``upper`` (``12,437.3`` / ``6``):
    together they make the two decimals every other figure prints."""
    head, lower = compact(upper), compact(lower)
    cut = CUT_DECIMALS.fullmatch(head)
    return bool(cut and lower.isdecimal() and len(cut["decimals"]) + len(lower) == 2)


def continuation_rows(first: Block, second: Block) -> list[list[str]] | None:
    """Rows of ``second`` that continue ``first``, or None if it is a different table."""
    first_header = header_key(first.rows)
    if not first_header:
        return None
    if header_key(second.rows) == first_header:
        return second.rows[header_length(second.rows) :]
    serial = serial_column(first.rows)
    width = len(first.rows[-1])
    if header_length(second.rows) == 0 and serial is not None:
        head = second.rows[0]
        if len(head) == width and (not head[serial].strip() or head[serial].strip().isdecimal()):
            return second.rows
    return None


def append_rows(
    table: Block, second: Block, rows: list[list[str]], where: str, repairs: list[Repair]
) -> None:
    """Append continuation rows, gluing a row cut by the page break back together."""
    serial = serial_column(table.rows)
    if (
        rows
        and serial is not None
        and len(table.rows) > header_length(table.rows)
        and serial < len(rows[0])
        and not rows[0][serial].strip()
        and any(cell.strip() for cell in rows[0])
    ):
        head, *rows = rows
        last = table.rows[-1]
        before = "\t".join(last) + " + " + "\t".join(head)
        for col, cell in enumerate(head):
            if col < len(last):
                last[col] = last[col].rstrip() + cell.strip()
            else:
                last.append(cell)
        repairs.append(Repair("row-broken-across-page", where, before, "\t".join(last)))
    table.continue_with(second, rows)


def row_key(row: list[str]) -> tuple[str, ...]:
    """A row's non-empty cells without spacing: how a repeated header row is recognised."""
    return tuple(compact(cell) for cell in row if cell.strip())


def is_heading_row(key: tuple[str, ...]) -> bool:
    """Whether a row could be a row of column headings: two or more cells, no numbers."""
    return len(key) >= 2 and not any(is_number(cell) for cell in key)


def repeated_header(first: Block, second: Block) -> tuple[int, int] | None:
    """Where ``second`` starts by repeating heading rows of ``first``: (index in first, count).

    Tables without a 栏次 row (such as the project performance-target tables, whose column
    headings sit in the middle of the table) show a page break only by printing their
    heading rows again. Leading rows of words, no numbers, equal to consecutive rows of the
    table above are taken as those repeated headings.
    """
    if not second.rows or not is_heading_row(row_key(second.rows[0])):
        return None
    key = row_key(second.rows[0])
    for index in range(len(first.rows) - 1, -1, -1):
        if row_key(first.rows[index]) == key:
            count = 1
            while (
                count < len(second.rows)
                and index + count < len(first.rows)
                and is_heading_row(row_key(second.rows[count]))
                and row_key(second.rows[count]) == row_key(first.rows[index + count])
            ):
                count += 1
            return index, count
    return None


def column_map(repeated: list[str], original: list[str]) -> list[int]:
    """For each column of a repeated header row, the column of the original it stands for.

    A header printed again on a new page may drop or add an empty column; columns are
    matched by heading, and an unlabelled column keeps its distance from the labelled
    column to its left.
    """
    labels = [compact(cell) for cell in original]
    used: set[int] = set()
    mapping: list[int] = []
    for col, cell in enumerate(repeated):
        label = compact(cell)
        match = next(
            (i for i, text in enumerate(labels) if label and text == label and i not in used),
            None,
        )
        if match is None:
            match = mapping[-1] + 1 if mapping else col
        else:
            used.add(match)
        mapping.append(match)
    return mapping


def realign(row: list[str], mapping: list[int]) -> list[str]:
    """A continuation row with its cells moved to the columns of the original header."""
    if mapping == list(range(len(mapping))):
        return row
    width = max(mapping[: len(row)], default=-1) + 1
    aligned = [""] * max(width, 0)
    for col, cell in enumerate(row):
        target = mapping[col] if col < len(mapping) else col
        if target >= len(aligned):
            aligned.extend([""] * (target + 1 - len(aligned)))
        aligned[target] = (aligned[target] + cell) if aligned[target] else cell
    return aligned


def is_broken_row(row: list[str], above: list[list[str]]) -> bool:
    """Whether a continuation row is the rest of the row cut by the page break.

    A whole row fills the columns every row above fills (a 二级指标, 三级指标, 指标值 …), at
    most leaving the first of them blank where a merged cell runs on from the page before.
    The remainder of a cut row holds only the tails of wrapped cells: it leaves the first
    of those columns empty and at least one more, and prints no figure under a figure.
    """
    if not any(cell.strip() for cell in row) or not above:
        return False
    if any(  # a figure under a figure starts a row of its own (unless it is cut decimals)
        is_number(compact(cell)) and is_number(compact(upper)) and not is_cut_number(upper, cell)
        for cell, upper in zip(row, above[-1], strict=False)
    ):
        return False
    width = max(len(r) for r in above)
    filled = [c for c in range(width) if all(c < len(r) and r[c].strip() for r in above)]
    empty = [c for c in filled if c >= len(row) or not row[c].strip()]
    return bool(filled) and filled[0] in empty and len(empty) >= 2


def glue_cell(upper: str, tail: str) -> str:
    """Join a cell's text cut by a page break.

    The extraction sometimes prints a wrapped cell whole on the first page and its last
    characters again on the next (``社会保险补贴人均标准`` then ``准``); a tail the cell
    already ends with is not repeated.
    """
    upper, tail = upper.rstrip(), tail.strip()
    if tail and upper.endswith(tail) and not is_number(compact(tail)):
        return upper
    return upper + tail


def append_after_repeated_header(
    table: Block, header: tuple[int, int], second: Block, where: str, repairs: list[Repair]
) -> None:
    """Append the rows below repeated heading rows, realigned, gluing a row cut in two."""
    index, count = header
    bottom = index + count - 1
    mapping = column_map(second.rows[count - 1], table.rows[bottom])
    rows = [realign(row, mapping) for row in second.rows[count:]]
    repairs.append(
        Repair(
            "table-continued",
            where,
            f"分页后的 {len(second.rows)} 行，前 {count} 行重复表头",
            f"{len(rows)} 行接到{table.place}的表格之后",
        )
    )
    glue_cut_row(table, second, rows, bottom + 1, where, repairs)


def glue_cut_row(
    table: Block, second: Block, rows: list[list[str]], body: int, where: str, repairs: list[Repair]
) -> None:
    """Append continuation rows; a first row that is the rest of a row the page break cut
    (see :func:`is_broken_row`) is glued onto that row, cell by cell. ``body`` is where the
    table's rows below its headings start."""
    above = [row for row in table.rows[body:] if any(cell.strip() for cell in row)]
    if rows and above and is_broken_row(rows[0], above):
        head, *rows = rows
        last = above[-1]
        before = "\t".join(last) + " + " + "\t".join(head)
        for col, cell in enumerate(head):
            if col < len(last):
                last[col] = glue_cell(last[col], cell)
            else:
                last.append(cell)
        repairs.append(Repair("cell-text-broken-across-page", where, before, "\t".join(last)))
    table.continue_with(second, rows)


def normalise_cells(blocks: list[Block], repairs: list[Repair]) -> None:
    """Trim cells; rejoin numbers and codes split by spaces and Chinese text split by wrapping.

    ``1118 9.71`` becomes ``11189.71`` and ``2080 1`` becomes ``20801``; ``社会 保障 和就
    业支 出`` becomes ``社会保障和就业支出``. Spacing inside Latin text is kept.
    """
    for index, block in enumerate(blocks):
        if block.kind != "table":
            continue
        for row in block.rows:
            for col, cell in enumerate(row):
                text = cell.strip()
                if re.search(r"\s", text):
                    if SPLIT_CODE_OR_NUMBER.match(text) and is_number(compact(text)):
                        fixed, kind = compact(text), "split-number"
                    else:
                        fixed, kind = join_cjk(text), "wrapped-text"
                    if compact(fixed) == compact(text) and fixed != text:
                        repairs.append(Repair(kind, location(blocks, index, row), text, fixed))
                    text = fixed
                row[col] = text


CODE = re.compile(r"^(?:\d{3,7}|[\[［【]\d{3,7}[\]］】].*)$")


def rejoin_figures(blocks: list[Block], repairs: list[Repair]) -> None:
    """Put figures printed a line below their row back into it.

    In grids drawn with uneven rules a row's figures can fall into a row of their own
    (``204 | 公共安全支出 |`` then ``| | 27,488.23``). Only the clear case is mended: a row
    of nothing but figures right under a row with a classification code and no figures,
    where that row leaves those cells empty.
    """
    for index, block in enumerate(blocks):
        if block.kind != "table":
            continue
        kept: list[list[str]] = []
        for row in block.rows:
            above = kept[-1] if kept else None
            filled = [col for col, cell in enumerate(row) if cell.strip()]
            if (
                above is not None
                and filled
                and all(is_number(compact(row[col])) for col in filled)
                and any(CODE.match(compact(cell)) for cell in above[:3])
                and not any(is_number(compact(cell)) for cell in above[3:])
                and all(col < len(above) and not above[col].strip() for col in filled)
            ):
                before = "\t".join(above) + " + " + "\t".join(row)
                for col in filled:
                    above[col] = row[col]
                repairs.append(
                    Repair(
                        "figures-below-their-row", location(blocks, index), before, "\t".join(above)
                    )
                )
                continue
            kept.append(row)
        block.rows = kept
