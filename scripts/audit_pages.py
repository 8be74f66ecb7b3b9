"""Lighthouse and axe-core figures for the built site, as a reader's phone would meet it.

Serves the site on 127.0.0.1 gzip-compressed (as a static host sends it), then

- runs Lighthouse (its default mobile preset: a mid-range phone on a slow 4G connection,
  simulated) from ``node_modules`` with Debian's Chromium on the home page, a department
  page with charts and the projects explorer, and reports the performance, accessibility and
  best-practices scores with the first and largest paint;
- runs axe-core in Chromium on one page of every kind the site has (home, document,
  department with several years, region, comparison, projects, data quality, glossary, data,
  dictionary, 查询, search, about) at 390 px and 1280 px and lists every violation;
- opens the 查询 page, runs its first example and reports what the page downloaded before
  the first result, as sent (compressed) and as files.

    .venv/bin/python scripts/audit_pages.py [--site site] [--json FILE] [--no-lighthouse]

Exit code 1 when axe finds a violation or a score is below the issue's bar (performance 90,
accessibility 95, best practices 95). Not a test: Lighthouse's scores move with the
machine's load; the browser tests check axe on the sample site.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from openbudget.site.browse import CHROMIUM, LAUNCH_ARGS, _GzipHandler, page_kinds, serve

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CATEGORIES = ("performance", "accessibility", "best-practices")
BARS = {"performance": 90, "accessibility": 95, "best-practices": 95}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
LIGHTHOUSE_PAGES = ("home", "document", "projects")
WIDTHS = (390, 1280)


def lighthouse(url: str) -> dict[str, object]:
    """Scores (0–100) and paint times of one Lighthouse run with the mobile preset."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        flags = " ".join(["--headless=new", *LAUNCH_ARGS])
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={flags}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        result = json.loads(report.read_text(encoding="utf-8"))
    figures: dict[str, object] = {
        name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES
    }
    for metric in METRICS:
        figures[metric] = result["audits"][metric]["displayValue"]
    figures["failed audits"] = sorted(
        key
        for key, audit in result["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "metricSavings")
    )
    return figures


def axe(base: str, pages: dict[str, str]) -> dict[str, list[str]]:
    """axe-core's violations per page kind and width: ``rule (impact): n nodes``."""
    from playwright.sync_api import sync_playwright

    found: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for kind, path in pages.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.add_script_tag(path=str(AXE))
                violations = page.evaluate("async () => (await axe.run()).violations")
                found[f"{kind} @ {width}px"] = [
                    f"{v['id']} ({v['impact']}): {len(v['nodes'])} × "
                    + "; ".join(node["target"][0] for node in v["nodes"][:3])
                    for v in violations
                ]
            page.close()
        browser.close()
    return found


def query_download(site: Path, path: str) -> dict[str, object]:
    """Files and bytes the 查询 page fetches from opening it to its first example's result,
    counted by the server (the DuckDB worker's own requests included), gzip as for Lighthouse.
    """
    from playwright.sync_api import sync_playwright

    sent: dict[str, int] = {}

    class Counting(_GzipHandler):
        def send_header(self, keyword: str, value: str) -> None:
            if keyword == "Content-Length":
                sent[self.path.split("?")[0]] = int(value)
            super().send_header(keyword, value)

    handler = functools.partial(Counting, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + path)
            page.click(".ob-query__example >> nth=0")
            page.wait_for_selector(".ob-query[data-state=done]", timeout=120_000)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    files = {name: (site / name.lstrip("/")).stat().st_size for name in sent}
    return {
        "files": len(sent),
        "sent bytes": sum(sent.values()),
        "file bytes": sum(files.values()),
        "largest": sorted(sent.items(), key=lambda item: -item[1])[:4],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--no-lighthouse", action="store_true", help="axe-core only")
    args = parser.parse_args()

    pages = page_kinds(args.site)
    results: dict[str, object] = {"pages": pages}
    failed = False
    with serve(args.site, compress=True) as base:
        if not args.no_lighthouse:
            scores = {}
            for kind in LIGHTHOUSE_PAGES:
                if kind in pages:
                    scores[kind] = lighthouse(base + pages[kind])
            results["lighthouse"] = scores
            print("| page | " + " | ".join(CATEGORIES + METRICS) + " |")
            print("|---" * (1 + len(CATEGORIES) + len(METRICS)) + "|")
            for kind, figures in scores.items():
                cells = [str(figures[name]) for name in CATEGORIES + METRICS]
                print(f"| {kind} ({pages[kind]}) | " + " | ".join(cells) + " |")
                failed |= any(int(figures[n]) < bar for n, bar in BARS.items())  # type: ignore[call-overload]
                if figures["failed audits"]:
                    print(f"    below 90: {', '.join(figures['failed audits'])}")  # type: ignore[arg-type]
        violations = axe(base, pages)
        if "query" in pages:
            fetched = query_download(args.site, pages["query"])
            results["query download"] = fetched
            print(
                f"查询 page, opened until its first result: {fetched['files']} files, "
                f"{int(fetched['sent bytes']) / 1e6:.1f} MB sent "  # type: ignore[call-overload]
                f"({int(fetched['file bytes']) / 1e6:.1f} MB as files)"  # type: ignore[call-overload]
            )
    results["axe"] = violations
    for where, found in violations.items():
        print(f"axe {where}: {'none' if not found else ''}")
        for line in found:
            print(f"    {line}")
        failed |= bool(found)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
