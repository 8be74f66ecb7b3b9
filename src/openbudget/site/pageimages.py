"""Images of the printed pages a PDF document's tables and projects come from.

A reader checks a figure against the page it was printed on in one click: for each page a
standard table or a project spans, the build renders that page (pypdfium2, the renderer
pdfplumber ships with) and outlines where the parser found the table, from the ``regions``
the package records (points from the page's top left corner). Sources that are not PDF
files (text extracts, Word, Excel, web pages) have no page to show; their pages say so.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from openbudget.blocks import Box, parse_regions

from .data import Document
from .files import write_bytes_atomic

#: Pixels per point: 1.5 is 108 dpi, the printed figures legible on a laptop screen.
SCALE = 1.5
#: The page's greys (a palette of sixteen, black to white) and the outline: red, three
#: pixels wide, drawn a few points outside the table's rules.
GRAYS = tuple(round(step * 255 / 15) for step in range(16))
OUTLINE = (214, 39, 40)
WIDTH = 3
MARGIN = 4.0

if TYPE_CHECKING:
    import pypdfium2
    from PIL import Image


@cache
def code_digest() -> str:
    """This module's code: part of the images' key, so a change to the drawing redraws."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@dataclass(frozen=True)
class PageImage:
    """One image: a page of the source with one table's region on it outlined."""

    what: str  # the resource (budget_summary, …) or ``project-<seq>``
    page: int
    box: Box

    @property
    def name(self) -> str:
        """The file: its page and box, so tables (or a list's projects) outlined alike on
        one page share one image."""
        return f"p{self.page}-" + "-".join(f"{edge:.0f}" for edge in self.box) + ".png"


def printed_pages(doc: Document, what: str, downloads: str) -> Markup:
    """Links to the images of the pages ``what`` (a table's resource, ``project-<seq>``) is
    printed on; empty where there are none (the 预算表和说明 tab says once why)."""
    files = getattr(doc, "downloads", None)
    found = files.page_images.get(what, ()) if files is not None else ()
    if not found:
        return Markup("")
    links = Markup("、").join(
        Markup('<a href="{}">第 {} 页</a>').format(downloads + path, page) for page, path in found
    )
    return Markup("对照原文页面：{}（红框为{}所在位置）。").format(
        links, "本表" if not what.startswith("project-") else "本项目"
    )


def page_images(doc: Document) -> list[PageImage]:
    """The images a PDF document's page shows. Remembered (a corpus fact): a rebuild does
    not read every document's rows again to know them."""
    if doc.meta.get("source_format", "").strip().lower() != "pdf":
        return []
    return images_of(doc.rows("tables"), doc.rows("projects"))


def images_of(
    tables: Iterable[Mapping[str, object]], projects: Iterable[Mapping[str, object]]
) -> list[PageImage]:
    """One image per page of each standard table found and of each project (their rows:
    the package's or the parser's records), in the order they are listed."""
    images = [
        PageImage(str(row["table"]), page, box)
        for row in tables
        for page, box in parse_regions(str(row.get("regions") or ""))
    ]
    images += [
        PageImage(f"project-{row['project_seq']}", page, box)
        for row in projects
        for page, box in parse_regions(str(row.get("regions") or ""))
    ]
    return images


def write_page_images(
    source: Path, other_part: Path | None, folder: Path, images: list[PageImage]
) -> None:
    """Render each image's page of ``source`` (pages past its last are ``other_part``'s,
    numbered on as the parser numbers them) with the region outlined, as a PNG in
    ``folder``. A page is rendered again for each image on it (it takes 10 ms; keeping
    every page of a long document would take a gigabyte)."""
    import pypdfium2
    from PIL import ImageDraw

    files = [pypdfium2.PdfDocument(str(source))]
    if other_part is not None:
        files.append(pypdfium2.PdfDocument(str(other_part)))
    try:
        for image in {image.name: image for image in images}.values():
            index, pdf = image.page - 1, files[0]
            if index >= len(files[0]) and len(files) > 1:
                index, pdf = index - len(files[0]), files[1]
            page = pdf[index]
            # pdfplumber's x is the PDF's own; its top is measured down from the media box's
            # height above its bottom edge. pdfium draws the crop box from its top left
            # corner: the offsets between the two place the outline.
            left, _, _, crop_top = page.get_cropbox()
            _, media_bottom, _, media_top = page.get_mediabox()
            dx, dy = left, media_top - media_bottom - crop_top
            outlined = _gray_page(page)
            x0, top, x1, bottom = image.box
            ImageDraw.Draw(outlined).rectangle(
                [
                    (x0 - dx - MARGIN) * SCALE,
                    (top - dy - MARGIN) * SCALE,
                    (x1 - dx + MARGIN) * SCALE,
                    (bottom - dy + MARGIN) * SCALE,
                ],
                outline=len(GRAYS),  # the palette's entry after the greys
                width=WIDTH,
            )
            write_bytes_atomic(folder / image.name, _png(outlined))
    finally:
        for pdf in files:
            pdf.close()


def _gray_page(page: pypdfium2.PdfPage) -> Image.Image:
    """The page in sixteen greys, as a palette image with the outline's red after them:
    printed figures stay legible, the red stands out, and a page is some 45 KB (a full
    colour page is 70 KB and takes seven times as long to make small)."""
    from PIL import Image

    gray = page.render(scale=SCALE, grayscale=True).to_pil()
    steps = len(GRAYS) - 1
    levels = gray.point(lambda value: round(value * steps / 255))
    picture = Image.frombytes("P", levels.size, levels.tobytes())
    picture.putpalette([channel for level in GRAYS for channel in (level,) * 3] + list(OUTLINE))
    return picture


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")  # optimize=True: 7% smaller, seven times slower
    return out.getvalue()
