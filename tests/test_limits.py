"""The wall-time and memory limits of a parsing worker end in a clear error naming the file.

(The size, unpacked-size and cell limits are attacked through the commands in
``test_attacks.py``.)
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from openbudget.errors import SourceError
from openbudget.limits import bound_memory, time_bound


def slow(path: Path) -> None:
    with time_bound(path):
        time.sleep(5)


def greedy(path: Path) -> int:
    with time_bound(path):
        return len(bytearray(4096 * 1024 * 1024))


def address_space_mb() -> int:
    """This process's address space now (a forked worker starts with the same)."""
    status = Path("/proc/self/status").read_text()
    return (
        int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmSize")))
        // 1024
    )


def test_a_parse_past_the_time_limit_is_stopped(monkeypatch):
    monkeypatch.setenv("OPENBUDGET_MAX_SECONDS", "1")
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"slow\.pdf: parsing took longer than the limit of 1 s"):
        slow(Path("slow.pdf"))
    assert time.monotonic() - started < 3


def test_a_parse_past_the_memory_limit_is_stopped(monkeypatch):
    monkeypatch.setenv("OPENBUDGET_MAX_MEMORY_MB", str(address_space_mb() + 512))
    with ProcessPoolExecutor(max_workers=1, initializer=bound_memory) as pool:
        result = pool.submit(greedy, Path("big.xlsx"))
        with pytest.raises(SourceError, match=r"big\.xlsx: parsing needed more than the limit"):
            result.result()


def test_a_limit_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("OPENBUDGET_MAX_SECONDS", "ten")
    with pytest.raises(SourceError, match="OPENBUDGET_MAX_SECONDS: must be a positive whole"):
        slow(Path("any.pdf"))


def test_the_time_limit_is_not_mistaken_for_a_damaged_file(monkeypatch):
    """Readers turn unexpected exceptions into "damaged"; running out of time is not one."""
    from pdf_samples import Sheet

    from openbudget.readers import pdf

    def stuck(page: object, number: int) -> None:
        time.sleep(5)

    monkeypatch.setattr(pdf, "read_page", stuck)
    monkeypatch.setenv("OPENBUDGET_MAX_SECONDS", "1")
    sheet = Sheet()
    sheet.heading("某某县财政局2025年部门预算")
    with pytest.raises(SourceError, match="took longer than the limit"), time_bound(Path("a.pdf")):
        pdf.read_pages(Path("a.pdf"), sheet.save())
