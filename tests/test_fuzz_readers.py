"""Every reader, and the steps after it, fuzzed: whatever bytes arrive, the only exception is
the project's own ``SourceError`` (a clear message naming the file), never a traceback.

Inputs are random bytes and small valid documents of each format damaged at random (bytes
overwritten, cut short, spliced). The number of examples is bounded so the suite stays fast;
``HYPOTHESIS_PROFILE=long`` runs many more.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_samples import Sheet

from openbudget.audit import audit
from openbudget.errors import SourceError
from openbudget.readers import read_blocks
from openbudget.recognise import recognise
from openbudget.repair import repair

settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    parent=settings.get_profile("ci"),
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "2000")),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TABLE = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ["", "合计", "10.00", "4.00", "6.00"],
    ["208", "社会保障和就业支出", "10.00", "4.00", "6.00"],
]


def text_seed() -> bytes:
    rows = "\n".join("\t".join(row) for row in TABLE)
    return f"某某县财政局2025年部门预算\n\n部门预算支出总表\n\n单位：万元\n\n{rows}\n".encode()


def html_seed() -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TABLE)
    return (
        "<html><head><title>某某县财政局2025年部门预算</title></head><body>"
        f"<h1>部门预算支出总表</h1><table>{cells}</table></body></html>"
    ).encode()


def pdf_seed() -> bytes:
    sheet = Sheet()
    sheet.heading("某某县财政局2025年部门预算")
    sheet.table(TABLE, [60, 150, 70, 70, 70], header=1)
    return sheet.save()


def docx_seed() -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("某某县财政局2025年部门预算")
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_seed() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["某某县财政局2025年部门预算"])
    for row in TABLE:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SEEDS = {
    ".txt": text_seed(),
    ".html": html_seed(),
    ".pdf": pdf_seed(),
    ".docx": docx_seed(),
    ".xlsx": xlsx_seed(),
}


@st.composite
def damaged(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with some bytes overwritten, maybe cut short, maybe with bytes spliced in."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 12))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(max_size=64))
    return bytes(data)


def read_all_the_way(path: Path, data: bytes) -> None:
    """Read, repair, recognise and audit: the only exception allowed is SourceError."""
    try:
        blocks, _ = repair(read_blocks(path, data))
    except SourceError as exc:
        assert str(path) in str(exc)
        return
    found = recognise(blocks)
    audit(found.records, found.tables_found, found.facts)


@pytest.mark.parametrize("suffix", sorted(SEEDS))
@given(data=st.data())
def test_damaged_documents_give_blocks_or_a_clear_error(suffix: str, data: st.DataObject) -> None:
    read_all_the_way(Path(f"fuzzed{suffix}"), data.draw(damaged(SEEDS[suffix])))


@pytest.mark.parametrize("suffix", sorted(SEEDS))
@given(data=st.binary(max_size=2048))
def test_random_bytes_give_a_clear_error(suffix: str, data: bytes) -> None:
    read_all_the_way(Path(f"random{suffix}"), data)


WORDS = ["合计", "总计", "小计", "208", "20801", "2080101", "一、", "（一）", "单位：元", "万元"]
CELL = st.one_of(
    st.sampled_from(WORDS),
    st.decimals(allow_nan=True, allow_infinity=True, places=2).map(str),
    st.text(max_size=12),
)


@given(
    title=st.sampled_from(
        ["部门预算收支总表", "一般公共预算支出表", "“三公”经费支出表", "绩效目标表"]
    ),
    rows=st.lists(st.lists(CELL, min_size=1, max_size=7), min_size=1, max_size=12),
)
def test_any_table_under_any_title_is_read_or_reported(title: str, rows: list[list[str]]) -> None:
    """Tables of arbitrary cells under the titles recognisers look for never crash them."""
    lines = "\n".join(
        "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row) for row in rows
    )
    text = f"某某县财政局2025年部门预算\n\n{title}\n\n{lines}\n"
    read_all_the_way(Path("table.txt"), text.encode("utf-8"))


FORMATS = ["General", "0.00", "#,##0.00", "0%", "0.00%", "#,##0,", '0.00"万元"', "0.00;[Red]-0.00"]
VALUE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.dates(),
    st.sampled_from(WORDS),
    st.text(max_size=12),
)


@given(
    rows=st.lists(
        st.lists(st.tuples(VALUE, st.sampled_from(FORMATS)), min_size=1, max_size=6),
        min_size=1,
        max_size=8,
    )
)
def test_any_cell_of_a_workbook_is_read_or_reported(rows: list[list[tuple[object, str]]]) -> None:
    """Workbook cells of any type and number format (1e308, NaN, 30-digit integers) under a
    standard table's title never crash the reader or the recognisers."""
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    sheet = book.active
    sheet.append(["某某县财政局2025年部门预算"])
    sheet.append(["一般公共预算支出表"])
    for r, row in enumerate(rows, start=3):
        for c, (value, number_format) in enumerate(row, start=1):
            try:
                cell = sheet.cell(row=r, column=c, value=value)
            except IllegalCharacterError:
                continue
            cell.number_format = number_format
    out = io.BytesIO()
    book.save(out)
    read_all_the_way(Path("cells.xlsx"), out.getvalue())
