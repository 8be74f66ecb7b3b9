"""A release of the data package: its version and date, derived from the sources alone, and
how to cite it.

The same sources give the same release (builds are deterministic, so the date is not the
day of the build): the date is the newest day a source was collected (its sidecar's
``collected``, which ``openbudget add`` writes), the version that date and a digest of the
documents (their ids and the SHA-256 of each source file), so a package with another
document, or another copy of one, has another version even on the same day. Without a
collected day the version is the digest alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml

#: Who publishes the package, as a citation names them.
PUBLISHER = "openbudget 部门预算公开数据项目"


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # ISO date, "" when not known

    @property
    def created(self) -> str:
        """The descriptor's ``created`` (an ISO date-time), or "" when the date is unknown."""
        return f"{self.date}T00:00:00Z" if self.date else ""


def release(documents: Iterable[Mapping[str, object]]) -> Release:
    """The release of a package of ``documents`` (their records, as in ``documents.csv``)."""
    documents = list(documents)
    listed = sorted(f"{d['document_id']} {d.get('source_sha256') or ''}" for d in documents)
    digest = hashlib.sha256("\n".join(listed).encode()).hexdigest()[:8]
    date = max((str(d["collected"]) for d in documents if d.get("collected")), default="")
    return Release(f"{date.replace('-', '.')}+{digest}" if date else f"0+{digest}", date)


def citation(title: str, release: Release, licence: str) -> str:
    """The package as a reader cites it, in one line."""
    when = f"，{release.date}" if release.date else ""
    return f"{PUBLISHER}：《{title}》，版本 {release.version}{when}。许可：{licence}。"


def of_descriptor(descriptor: Mapping[str, object]) -> Release:
    """The release a package's ``datapackage.json`` records."""
    return Release(str(descriptor.get("version") or ""), str(descriptor.get("created") or "")[:10])


def licence_of(descriptor: Mapping[str, object]) -> tuple[str, str]:
    """The package's licence: its name (``CC-BY-4.0``) and the address of its text."""
    licences = descriptor.get("licenses") or [{}]
    first = licences[0] if isinstance(licences, list) and licences else {}
    return str(first.get("name") or ""), str(first.get("path") or "")


def package_citation(descriptor: Mapping[str, object]) -> str:
    """:func:`citation` of the package a ``datapackage.json`` describes."""
    return citation(
        str(descriptor.get("title") or ""), of_descriptor(descriptor), licence_of(descriptor)[0]
    )


def citation_cff(descriptor: Mapping[str, object]) -> str:
    """``CITATION.cff`` (Citation File Format 1.2.0) for the package."""
    made = of_descriptor(descriptor)
    fields: dict[str, object] = {
        "cff-version": "1.2.0",
        "message": "使用本数据请按以下信息引用。If you use this data, please cite it as below.",
        "type": "dataset",
        "title": str(descriptor.get("title") or ""),
        "version": made.version,
        **({"date-released": made.date} if made.date else {}),
        "license": licence_of(descriptor)[0],
        "authors": [{"name": PUBLISHER}],
        "abstract": str(descriptor.get("description") or ""),
    }
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=100)


def readme_text(descriptor: Mapping[str, object]) -> str:
    """The README put into each zip of the package: what it is, its licence, how to cite."""
    name, address = licence_of(descriptor)
    return (
        f"{descriptor.get('title') or ''}\n\n"
        f"版本 Version: {of_descriptor(descriptor).version or '未注明 not stated'}\n"
        f"许可 Licence: {f'{name} {address}' if name else '未注明 not stated'}\n\n"
        f"引用 How to cite:\n{package_citation(descriptor)}\n\n"
        "datapackage.json 描述每个 CSV 文件的字段、类型和主键；金额单位为万元，照录原文。\n"
        "datapackage.json describes every CSV file's fields, types and keys; amounts are in\n"
        "万元 (10,000 CNY), exactly as printed.\n"
    )
