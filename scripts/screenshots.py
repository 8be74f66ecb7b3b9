"""Screenshots of the built site: home, a department page, the comparison page, the projects
explorer — written to docs/screenshots/ as home.png, department.png, compare.png, explorer.png.

Serves site/ on 127.0.0.1 (a threaded server: pages fetch several files at once), drives
Debian's Chromium through Playwright, waits for the charts to draw, and writes every PNG only
after all pages were captured (a failed run leaves the previous screenshots in place). The
pages are found as a reader finds them: the navigation (项目, 比较) and the home page's links.

    .venv/bin/python scripts/screenshots.py [--site site] [--out docs/screenshots]
        [--width 1280] [--mobile] [--dark]
    # --mobile also writes <name>-mobile.png at 390 px; --dark also the same in dark mode
    # (<name>-dark.png, <name>-mobile-dark.png)
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
from pathlib import Path

from openbudget.site.browse import CHROMIUM, LAUNCH_ARGS, draw_charts, key_pages, serve

ROOT = Path(__file__).resolve().parent.parent


def capture(site: Path, out: Path, width: int, mobile: bool, dark: bool = False) -> list[Path]:
    from playwright.sync_api import sync_playwright

    pages = key_pages(site)
    missing = sorted({"home", "department", "compare", "explorer"} - set(pages))
    if missing:
        print(f"no {', '.join(missing)} page found; skipping", file=sys.stderr)
    sizes = [("", width)] + ([("-mobile", 390)] if mobile else [])
    schemes = [("", "light")] + ([("-dark", "dark")] if dark else [])
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch, serve(site) as base:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for (size_suffix, size), (scheme_suffix, scheme) in itertools.product(sizes, schemes):
                suffix = size_suffix + scheme_suffix
                page = browser.new_page(
                    viewport={"width": size, "height": 900}, color_scheme=scheme
                )
                for name, path in pages.items():
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    draw_charts(page)
                    shot = Path(scratch) / f"{name}{suffix}.png"
                    # The viewport plus a little more: the top of the page, as a reader lands.
                    page.set_viewport_size({"width": size, "height": 1000 if size > 600 else 844})
                    page.screenshot(path=str(shot))
                    written.append(shot)
                page.close()
            browser.close()
        out.mkdir(parents=True, exist_ok=True)
        final = []
        for shot in written:
            target = out / shot.name
            shutil.copyfile(shot, target)
            final.append(target)
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--mobile", action="store_true", help="also 390 px wide shots")
    parser.add_argument("--dark", action="store_true", help="also in dark mode")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} has no index.html: run `openbudget build` first", file=sys.stderr)
        return 1
    for path in capture(args.site, args.out, args.width, args.mobile, args.dark):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
