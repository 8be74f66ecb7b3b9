"""The arithmetic audit: every redundancy in a disclosure is a check.

A check compares a printed figure with what other printed figures imply. A failed check
becomes a ``checks`` row; nothing is ever corrected, and an empty cell counts as zero only
inside the sum, never in the published data.
"""

from __future__ import annotations

from collections.abc import Iterable

from openbudget.audit.base import Audit, Record
from openbudget.audit.disclosure import (
    check_assets,
    check_procurement,
    check_projects,
    check_prose,
    check_prose_arithmetic,
    check_prose_procurement,
)
from openbudget.audit.tables import check_standard_tables

__all__ = ["Audit", "audit"]


def audit(
    records: dict[str, list[Record]],
    tables_found: Iterable[str],
    facts: dict[str, object] | None = None,
) -> Audit:
    """Run every check the document's records allow."""
    result = Audit()
    found = set(tables_found)
    check_standard_tables(result, records, found)
    check_projects(result, records)
    check_prose(result, records, facts or {}, found)
    check_prose_arithmetic(result, facts or {})
    check_prose_procurement(result, records, facts or {})
    check_procurement(result, records)
    check_assets(result, records)
    return result
