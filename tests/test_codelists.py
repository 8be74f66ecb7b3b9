"""The code lists: a code's name is the one most documents print, every name is kept, and
the whole package's list is its documents' lists merged by the same rule."""

from __future__ import annotations

from openbudget.codelists import document_codes, merge


def listed(document_id: str, year: int, *rows: tuple[str, str, int]) -> list[dict[str, str]]:
    """A document's functional code list, as its part's CSV gives it (text cells)."""
    records = {
        "expenditure": [
            {"function_code": code, "function_name": name, "level": level}
            for code, name, level in rows
        ]
    }
    made = document_codes({"document_id": document_id, "year": year}, records)
    return [
        {k: "" if v is None else str(v) for k, v in row.items()} for row in made["function_codes"]
    ]


def test_the_name_most_documents_print_wins_and_every_name_is_kept() -> None:
    """2080505 is printed under its 2024 name by two documents and renamed in a third."""
    rows = [
        *listed(
            "2024-130302-323",
            2024,
            ("208", "社会保障和就业支出", 1),
            ("2080505", "机关事业单位基本养老保险缴费支出", 3),
        ),
        *listed("2024-130171-316", 2024, ("2080505", "机关事业单位基本养老保险缴费支出", 3)),
        *listed("2025-130529-323", 2025, ("2080505", "机关事业单位基本养老保险缴费", 3)),
    ]
    by_code = {row["code"]: row for row in merge(rows)}
    row = by_code["2080505"]
    assert row["name"] == "机关事业单位基本养老保险缴费支出"
    assert row["names"] == "机关事业单位基本养老保险缴费支出\n机关事业单位基本养老保险缴费"
    assert (row["first_year"], row["last_year"], row["document_count"]) == (2024, 2025, 3)
    assert row["document_id"] == "2024-130171-316"  # the first (by id) printing that name
    assert row["parent_code"] is None  # 20805 is printed by none of them
    assert by_code["208"]["level"] == 1 and by_code["2080505"]["level"] == 3


def test_on_a_tie_the_newer_name_wins() -> None:
    rows = [
        *listed("2024-130302-323", 2024, ("20805", "行政事业单位离退休", 2)),
        *listed(
            "2025-130529-323",
            2025,
            ("20805", "行政事业单位养老支出", 2),
            ("2080501", "行政单位离退休", 3),
        ),
    ]
    by_code = {row["code"]: row for row in merge(rows)}
    assert by_code["20805"]["name"] == "行政事业单位养老支出"
    assert by_code["2080501"]["parent_code"] == "20805"
