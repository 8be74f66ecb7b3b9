"""The published data model, read from ``schema.yaml`` where it is declared once, as data.

The package writer, the audit's messages and the site all take resource and column names and
their Chinese titles from here, so the CSVs, the findings and the pages cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Field:
    """One column of a resource: English name, printed Chinese title, and whether it is 万元."""

    name: str
    title: str
    is_amount: bool


@cache
def schema_spec() -> dict[str, Any]:
    """The whole declaration: package metadata and every resource."""
    text = resources.files("openbudget").joinpath("schema.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


#: The nine standard tables of a 部门预算 disclosure, in printed order.
STANDARD_TABLES: tuple[str, ...] = (
    "budget_summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_budget_expenditure",
    "basic_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
    "three_public",
)

PAGE_FIELD = {
    "name": "page",
    "title": "原文页码",
    "type": "integer",
    "description": "Page of the published file the row is printed on (where the table or "
    "section starts, for a project's indicators); empty for sources without pages.",
}


def declared_fields(resource: str) -> list[dict[str, Any]]:
    """A resource's fields as declared: ``fields``, ``extra_fields``, ``unit_fields``, then
    ``page`` for resources read from paged documents (``paged: true``)."""
    spec = schema_spec()["resources"][resource]
    declared = [
        *(spec.get("fields") or []),
        *(spec.get("extra_fields") or []),
        *(spec.get("unit_fields") or []),
    ]
    return declared + ([PAGE_FIELD] if spec.get("paged") else [])


@cache
def resource_fields(resource: str) -> tuple[Field, ...]:
    """Return the fields of ``resource`` in CSV column order."""
    declared = declared_fields(resource)
    return tuple(
        Field(
            name=item["name"],
            title=str(item.get("title") or item["name"]),
            is_amount=bool(item.get("amount")),
        )
        for item in declared
    )


def resource_title(resource: str) -> str:
    """Return the Chinese title of ``resource`` (the printed table name)."""
    return str(schema_spec()["resources"][resource].get("title") or resource)


def field_title(resource: str, name: str) -> str:
    """Return the Chinese column heading of ``resource.name``."""
    for field in resource_fields(resource):
        if field.name == name:
            return field.title
    raise KeyError(f"{resource} has no field {name!r}")


def amount_fields(resource: str) -> tuple[Field, ...]:
    """Return the 万元 amount columns of ``resource`` in printed order."""
    return tuple(field for field in resource_fields(resource) if field.is_amount)
