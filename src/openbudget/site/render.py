"""Render the data package into MkDocs sources under ``docs/``.

Generated files live in git-ignored folders next to the hand-written pages:

- ``docs/generated/`` — department pages, the projects page, the data page, and the listing
  snippet that the hand-written ``docs/index.md`` includes;
- ``docs/data/`` — a copy of the data package, so the site serves the files it links;
- ``docs/assets/vendor/`` — the chart libraries from ``node_modules``.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from .compare import compare_index, comparison_page, comparisons
from .data import PARTS_FOLDER, SITE_RESOURCES, Facts, SitePackage, is_large, regions
from .datapages import data_page, dictionary_page
from .downloads import Downloads, download_facts, load_descriptor, write_downloads
from .explorer import default_project_href, explorer_index, explorer_page, project_count
from .files import remove_stale, replace_tree
from .glossary import glossary_page, printed_terms
from .memo import Pages, document_digest, site_code_version
from .model import departments, metrics_of
from .pageimages import page_images
from .pages import (
    department_overview,
    details_page,
    document_page,
    home_listing,
    projects_page,
    region_page,
)
from .quality import check_counts, document_quality_page, quality_index, quality_page
from .querypage import query_page
from .urls import (
    COMPARE_DIR,
    QUALITY_DIR,
    REGIONS_DIR,
    TABLES_DIR,
    department_link,
    document_file,
    projects_file,
    quality_link,
)
from .vendor import copy_vendor_assets

log = logging.getLogger(__name__)

GENERATED = "generated"
LISTING_SNIPPET = f"{GENERATED}/_includes/departments.md"
DATA_DIR = "data"
VENDOR_DIR = "assets/vendor"
#: Beside the pages, what the pages of the whole corpus need of each document (data.Facts;
#: a dotfile: MkDocs does not publish it).
FACTS_FILE = ".document-facts.pickle"
#: Those facts: each is read from every document, so all are made in one pass over the
#: documents, each document's rows read once (and not at all when kept from a build before).
CORPUS_FACTS = (
    metrics_of,
    check_counts,
    printed_terms,
    project_count,
    download_facts,
    page_images,
)


def _row_counts(package: SitePackage) -> dict[str, int]:
    """Rows of each CSV of the package, for the data page: its documents' rows added up (the
    package is its documents' parts, row for row), not every CSV read again."""
    counts: Counter[str] = Counter()
    for doc in package.documents:
        counts.update({f"{key}.csv": rows for key, rows in doc.remember(download_facts)[0].items()})
    return dict(counts)


def _write_pages(package: SitePackage, docs_dir: Path, downloads: Downloads) -> Pages:
    """Write every generated page whose inputs changed; the pages written, with their keys."""
    package_dir = package.package_dir
    out = docs_dir / GENERATED
    descriptor = load_descriptor(package_dir)

    digests = {doc.document_id: document_digest(doc) for doc in package.documents}
    pages = Pages(out, digests)
    # Pages of the whole corpus: always made (small however large the corpus: see is_large).
    pages.put(docs_dir / LISTING_SNIPPET, None, lambda: home_listing(package))
    pages.put(
        out / "data.md",
        None,
        lambda: data_page(package, descriptor, downloads, _row_counts(package)),
    )
    pages.put(out / "dictionary.md", None, lambda: dictionary_page(descriptor))
    pages.put(out / "query.md", None, lambda: query_page(descriptor))
    pages.put(out / "glossary.md", None, lambda: glossary_page(package))
    by_region = regions(package)
    if not is_large(package):
        pages.put(out / "quality.md", None, lambda: quality_page(package))
        pages.put(out / "projects.md", None, lambda: explorer_page(package))
        summaries = {doc.document_id: "../quality.md" for doc in package.documents}
    else:  # one page per region, so neither page grows with the whole corpus
        pages.put(out / "quality.md", None, lambda: quality_index(package, by_region))
        pages.put(out / "projects.md", None, lambda: explorer_index(by_region))
        summaries = {}
        for key, part in by_region.items():
            pages.put(
                out / QUALITY_DIR / f"{key}.md",
                pages.key("quality", part.documents),
                lambda part=part: quality_page(part, "", "../../"),
            )
            pages.put(
                out / "projects" / f"{key}.md",
                pages.key("projects", part.documents),
                lambda part=part: explorer_page(
                    part, lambda doc, seq: "../" + default_project_href(doc, seq), "../"
                ),
            )
            summaries.update((member.document_id, f"{key}.md") for member in part.documents)
    # The pages of each document, one per tab (see urls): its 概览 (departments/<document
    # id>.md), 预算表和说明, projects and data quality; and an overview of each department with
    # several years (departments/<region>-<department>.md). Every page of a document shows
    # the department's years, so each depends on them; the 概览 also on the year it is
    # compared with.
    for dept in departments(package):
        years = [(doc.document_id, doc.year) for doc in dept.docs]
        for doc in dept.docs:
            previous = dept.previous(doc)
            link = f"../../{DATA_DIR}/{PARTS_FOLDER}/{doc.document_id}.zip"
            pages.put(
                out / document_file(doc),
                pages.key("document", [doc, *([previous] if previous else [])], years, link),
                lambda dept=dept, doc=doc, link=link: document_page(
                    dept, doc, link, quality_link(doc)
                ),
            )
            pages.put(
                out / document_file(doc, TABLES_DIR),
                pages.key("document-details", [doc], years),
                lambda dept=dept, doc=doc: details_page(dept, doc),
            )
            pages.put(
                out / projects_file(doc),
                pages.key("document-projects", [doc], years),
                lambda dept=dept, doc=doc: projects_page(dept, doc),
            )
            back = summaries[doc.document_id]
            pages.put(
                out / quality_link(doc, ""),
                pages.key("document-quality", [doc], years, back),
                lambda dept=dept, doc=doc, back=back: document_quality_page(dept, doc, back),
            )
        if len(dept.docs) > 1:
            pages.put(
                out / "departments" / f"{dept.slug}.md",
                pages.key("department", dept.docs),
                lambda dept=dept: department_overview(dept),
            )
    # One listing page per region (the home page links them; alone once the corpus is large).
    for key, part in by_region.items():
        pages.put(
            out / REGIONS_DIR / f"{key}.md",
            pages.key("region", part.documents),
            lambda part=part: region_page(part),
        )
    # 比较: the index page and one page per comparison (peer departments, a year).
    pages.put(out / "compare.md", None, lambda: compare_index(package, department_link))
    for comparison in comparisons(package):
        pages.put(
            out / COMPARE_DIR / f"{comparison.slug}.md",
            pages.key(
                "comparison",
                comparison.docs,
                comparison.slug,
                comparison.title,
                comparison.intro,
                comparison.by_region,
            ),
            lambda comparison=comparison: comparison_page(
                comparison, lambda doc: department_link(doc, "../departments/")
            ),
        )
    return pages


def render_pages(
    package_dir: Path, docs_dir: Path, *, node_modules: Path | None = None
) -> list[Path]:
    """Write the generated pages for the package in ``package_dir`` into ``docs_dir``.

    Returns the generated Markdown files, sorted. Also copies the package to
    ``docs_dir/data/`` and, when ``node_modules`` (default: next to ``docs_dir``) is
    installed, the chart libraries to ``docs_dir/assets/vendor/``. Same package in,
    byte-identical pages out; pages of documents no longer in the package are removed.
    """
    package_dir = Path(package_dir)
    docs_dir = Path(docs_dir)
    if not (package_dir / "documents.csv").is_file():
        raise FileNotFoundError(f"{package_dir} has no documents.csv; is it a data package?")
    missing = [name for name in SITE_RESOURCES if not (package_dir / f"{name}.csv").is_file()]
    if missing:
        log.warning("package has no %s; those tables show as missing", ", ".join(missing))

    package = SitePackage.load(package_dir)
    out = docs_dir / GENERATED
    facts = Facts(out / FACTS_FILE, site_code_version())
    package.keep_facts(facts)
    for doc in package.documents:
        for fact in CORPUS_FACTS:
            doc.remember(fact)
    # Before the pages: each department page links its own downloads (doc.downloads); the
    # files themselves are written meanwhile (the workbooks on the other CPU).
    downloads = write_downloads(package, package_dir, docs_dir, background=True)
    try:
        pages = _write_pages(package, docs_dir, downloads)
    finally:
        downloads.wait()
    pages.save()
    facts.save()
    log.info("made %d of %d pages (the others were unchanged)", pages.made, len(pages.written))
    for stale in remove_stale(out, pages.written):
        log.info("removed stale page %s", stale)

    replace_tree(package_dir, docs_dir / DATA_DIR)
    modules = node_modules if node_modules is not None else docs_dir.parent / "node_modules"
    if modules.is_dir():
        copy_vendor_assets(modules, docs_dir / VENDOR_DIR)
    else:
        log.warning("%s not found; charts need `npm ci` before the site is built", modules)
    return sorted(pages.written)
