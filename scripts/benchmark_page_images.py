"""Benchmark the page images (site/pageimages.py) against a plain rendering of the same pages.

Usage:
    python scripts/benchmark_page_images.py [--bare] [--out DIR] FILE.pdf [FILE.pdf ...]

Parses each PDF (through the build's parse cache, so a second run does not parse again),
takes the regions its standard tables and projects record, and draws their images as the
build does: each page in sixteen greys with the region outlined (``write_page_images``).
``--bare`` instead renders the same pages with pypdfium2 in colour and saves them as PNG
with Pillow's defaults — what a build without our choices would do — so the two are timed
side by side as whole processes (``/usr/bin/time -v`` or a benchmark harness). Prints the
number of images and their bytes. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from openbudget.cache import CACHE_DIR, code_version, parse_cached  # noqa: E402
from openbudget.site.pageimages import (  # noqa: E402
    SCALE,
    PageImage,
    images_of,
    write_page_images,
)


def images_of_file(path: Path) -> list[PageImage]:
    """The page images of one PDF, as the build makes them."""
    parsed = parse_cached(path, ROOT / CACHE_DIR, code_version())
    return images_of(parsed.records.get("tables", []), parsed.records.get("projects", []))


def bare(path: Path, folder: Path, images: list[PageImage]) -> None:
    """The reference: each page rendered in colour, saved as Pillow's default PNG."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for image in {image.name: image for image in images}.values():
            picture = pdf[image.page - 1].render(scale=SCALE).to_pil()
            picture.save(folder / image.name, format="PNG")
    finally:
        pdf.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--bare", action="store_true", help="plain colour PNGs (reference)")
    parser.add_argument("--out", type=Path, help="keep the images here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        count = 0
        for path in args.files:
            images = images_of_file(path)
            folder = out / path.stem
            folder.mkdir(parents=True, exist_ok=True)
            if args.bare:
                bare(path, folder, images)
            else:
                write_page_images(path, None, folder, images)
            count += len({image.name for image in images})
        size = sum(p.stat().st_size for p in out.rglob("*.png"))
        each = size / max(count, 1) / 1024
        print(f"{count} images, {size / 1024 / 1024:.1f} MB ({each:.0f} KB each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
