"""The glossary (名词解释): the terms the disclosures themselves define, and the function and
economic classification codes that occur in the package.

Terms come from the 名词解释 sections of the ``sections`` resource (numbered lines
``7、“三公”经费：…``), deduplicated: one entry per term, each distinct wording listed once with
the documents that use it. Codes are the package's code lists (``openbudget.codelists``),
one entry per code with every name printed for it.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from importlib import resources

from markupsafe import Markup, escape
from pypinyin import lazy_pinyin

from openbudget.codelists import code_lists

from .data import Document, SitePackage
from .files import read_csv
from .layout import render
from .model import Link
from .urls import department_link

_ITEM = re.compile(
    r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[、.．]\s*(?P<term>[^：:]{1,30})[：:](?P<text>.*)$"
)
_PAREN_ITEM = re.compile(r"^\s*[（(]\d+[)）]\s*(?P<term>[^：:]{1,30})[：:](?P<text>.*)$")

_LEVELS = {"1": "类", "2": "款", "3": "项"}


@functools.cache
def key_terms() -> dict[str, tuple[str, str]]:
    """The words every page uses (基本支出, “三公”经费 …): term → (anchor on the glossary
    page, a one-sentence explanation in the site's own words), from ``data/key_terms.csv``.
    The disclosures' own definitions differ in wording from place to place; these anchors
    stay the same whatever documents the site holds, so pages can link them."""
    text = resources.files("openbudget").joinpath("data/key_terms.csv").read_text("utf-8")
    return {
        row["term"]: (row["anchor"], row["explanation"])
        for row in csv.DictReader(io.StringIO(text))
    }


def term_link(term: str, prefix: str = "../") -> str:
    """``term`` as HTML linking to its explanation on the glossary page, which shows as a
    tooltip too; ``prefix`` leads from the page to ``generated/``."""
    anchor, explanation = key_terms()[term]
    return Markup('<a class="ob-term" href="{}glossary.html#{}" title="{}">{}</a>').format(
        prefix, anchor, explanation, term
    )


def explain_terms(text: str, used: set[str], prefix: str = "../") -> str:
    """``text`` as HTML, each key term not in ``used`` linked (:func:`term_link`) where it first
    appears, and added to ``used``: a page explains a word once, where a reader first meets
    it."""
    terms = [term for term in key_terms() if term in text and term not in used]
    pattern = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    if not pattern:
        return escape(text)
    out, at = [], 0
    for match in re.finditer(pattern, text):
        if match[0] in used:
            continue
        used.add(match[0])
        out += [escape(text[at : match.start()]), term_link(match[0], prefix)]
        at = match.end()
    return Markup("").join([*out, escape(text[at:])])


def is_glossary_section(heading: str) -> bool:
    return "名词解释" in heading


def parse_terms(text: str) -> list[tuple[str, str]]:
    """``(term, definition)`` of each numbered line; unnumbered lines continue the last one."""
    items: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = _ITEM.match(line) or _PAREN_ITEM.match(line)
        if match:
            items.append([match.group("term").strip(), match.group("text").strip()])
        elif items:
            items[-1][1] += line
    return [(term, definition) for term, definition in items if term and definition]


def _term_key(term: str) -> str:
    return re.sub(r"\s+", "", term)


def _sort_key(term: str) -> tuple[str, str]:
    letters = "".join(lazy_pinyin(re.sub(r"[“”\"'‘’]", "", term)))
    return (letters.lower(), term)


@dataclass
class Term:
    """One term with its distinct wordings, each with the documents that print it."""

    term: str
    wordings: dict[str, list[Document]] = field(default_factory=dict)


def printed_terms(doc: Document) -> list[tuple[str, str]]:
    """The terms a document defines, each with its definition (spaces collapsed).
    Remembered: the glossary reads them from every document."""
    return [
        (term, " ".join(definition.split()))
        for row in doc.rows("sections")
        if is_glossary_section(row.get("heading", ""))
        for term, definition in parse_terms(row.get("text", ""))
    ]


def collect_terms(package: SitePackage) -> list[Term]:
    """Every defined term, deduplicated, in pinyin order."""
    terms: dict[str, Term] = {}
    for doc in package.documents:
        for term, wording in doc.remember(printed_terms):
            entry = terms.setdefault(_term_key(term), Term(term=term))
            users = entry.wordings.setdefault(wording, [])
            if all(user is not doc for user in users):
                users.append(doc)
    return sorted(terms.values(), key=lambda entry: _sort_key(entry.term))


def package_codes(package: SitePackage) -> list[list[dict[str, str]]]:
    """The package's code lists (``function_codes``, ``economic_codes``: see
    ``openbudget.codelists``), each as its CSV rows; empty where the package has none."""
    return [
        sorted(read_csv(path), key=lambda row: row["code"])
        if (path := package.package_dir / f"{name}.csv").is_file()
        else []
        for name in code_lists()
    ]


def _code_row(entry: dict[str, str]) -> dict[str, object]:
    """A code as the glossary lists it: its names (most printed first), level and years."""
    level = entry.get("level", "")
    years = sorted({entry.get("first_year", ""), entry.get("last_year", "")} - {""})
    return {
        "code": entry["code"],
        "depth": max(int(level) - 1, 0) if level.isdecimal() else 0,
        "names": " / ".join(entry.get("names", "").splitlines()),
        "level": _LEVELS.get(level, level),
        "span": "–".join(years),
    }


#: Sources named under one wording of a term; more are counted.
_SHOWN = 5


def _source(doc: Document, prefix: str) -> Link:
    return Link(f"{doc.name}（{doc.year}）" if doc.year else doc.name, department_link(doc, prefix))


def glossary_page(package: SitePackage, link_prefix: str = "departments/") -> str:
    """名词解释 (``templates/glossary.md``): the site's key terms, the disclosures' own
    explanations, then the classification codes in the package. A wording names at most
    five sources and counts the rest: the page must not grow with the corpus."""
    terms = [
        {
            "term": entry.term,
            "wordings": [
                (wording, [_source(doc, link_prefix) for doc in docs[:_SHOWN]], len(docs))
                for wording, docs in entry.wordings.items()
            ],
        }
        for entry in collect_terms(package)
    ]
    functions, economic = package_codes(package)
    return (
        render(
            "glossary.md",
            key_terms=key_terms(),
            terms=terms,
            functions=[_code_row(entry) for entry in functions],
            economic=[_code_row(entry) for entry in economic],
        )
        + "\n"
    )
