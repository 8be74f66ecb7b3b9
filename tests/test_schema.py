"""The schema file itself: every field description is one YAML string, nothing cut off."""

from __future__ import annotations

import json

import yaml
from conftest import ROOT

FIELD_KEYS = {
    "name",
    "title",
    "type",
    "description",
    "amount",
    "enum",
    "format",
    "unit",
    "columnType",
}


def fields(node: object) -> list[dict[str, object]]:
    """Every field mapping (a name and a title) anywhere in the schema."""
    if isinstance(node, dict):
        own = (
            [node] if {"name", "title"} <= set(node) and "type" in node or "amount" in node else []
        )
        return own + [f for value in node.values() for f in fields(value)]
    if isinstance(node, list):
        return [f for value in node for f in fields(value)]
    return []


def test_every_field_has_only_known_keys() -> None:
    """An unquoted comma in a flow mapping once cut a description in two and added a bogus
    key (``"when known.": null``) to the published datapackage.json."""
    schema = yaml.safe_load((ROOT / "src" / "openbudget" / "schema.yaml").read_text("utf-8"))
    found = fields(schema)
    assert len(found) > 200
    assert [f["name"] for f in found if set(f) - FIELD_KEYS] == []


def test_the_published_descriptor_has_only_known_field_keys() -> None:
    package = json.loads((ROOT / "datapackage" / "datapackage.json").read_text("utf-8"))
    allowed = FIELD_KEYS | {
        "constraints",
        "bareNumber",
        "decimalChar",
        "groupChar",
        "factor",
        "currency",
    }
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert set(field) <= allowed, (resource["name"], field)
