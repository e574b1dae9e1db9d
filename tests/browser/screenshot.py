"""Screenshot of the editor's report for the bundled article, as shown in the README.

    python3 tests/browser/screenshot.py [OUT.png]      # default: docs/report.png

Needs Debian's chromium (/usr/bin/chromium) and Playwright for Python (the test extra);
it drives the system browser and downloads nothing.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from mtcheck.api import check_file
from mtcheck.config import Config
from mtcheck.render.html import render

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = Path("fixtures/articles/geneva-summit.txt")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SELECTED = "Anthony Blinken"  # the finding shown open in the detail panel


def main(out: Path) -> None:
    report = check_file(ROOT / ARTICLE, Config())
    report.path = str(ARTICLE)  # as a user running from the repository sees it
    index = next(i for i, f in enumerate(report.findings) if report.document.text[f.start:f.end] == SELECTED)
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        page_file.write_text(render([report], config=Config()), encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_file.as_uri())
            # a script click selects without scrolling, so the page top stays in view
            page.evaluate("i => document.querySelector(`.hl[data-finding=\"${i}\"]`).click()", index)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "report.png")
