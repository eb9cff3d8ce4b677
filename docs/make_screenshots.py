"""Take the README's screenshots of the search page and the facet explorer from a running demo.

    bash scripts/demo                                   # in one terminal: the sample catalogue on :8000
    .venv/bin/python docs/make_screenshots.py           # in another: writes docs/*.png

Uses Debian's Chromium (``/usr/bin/chromium``, installed by ``scripts/install``) through Playwright, as the
browser tests do; nothing is downloaded. The views are fixed (a query with facets selected, the record
dialog, a phone-sized page, the explorer), so that the images change only when the pages do. Fails if a
page logs an error of its own to the console, so that a broken page is never photographed as if it were fine.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page, sync_playwright

DOCS = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
SEARCH = "/?q=talvi&filter=municipality:espoo&filter=municipality:helsinki&filter=language:fin&lang=en"
PHONE_SEARCH = "/?q=kes%C3%A4&lang=fi"
EXPLORER = "/analytics?q=romaani&filter=language:fin&lang=en"


def _settled(page: Page, path: str, ready: str) -> None:
    """Open ``path`` and wait until ``ready`` shows and the page has stopped fetching."""
    page.goto(path)
    page.locator(ready).first.wait_for()
    page.wait_for_load_state("networkidle")


def take(base_url: str, out: Path) -> list[Path]:
    """Write the screenshots into ``out`` and return their paths."""
    args = ["--disable-background-networking"] + (["--no-sandbox"] if os.geteuid() == 0 else [])
    errors: list[str] = []
    written: list[Path] = []

    def console(message: ConsoleMessage) -> None:
        # The samples' covers are on covers.example.org, which does not exist: the page shows the
        # material-type icon instead, and the browser logs the failed load. Only our own errors count.
        if message.type == "error" and message.location.get("url", "").startswith(base_url):
            errors.append(f"{message.text} ({message.location.get('url')})")

    def watched(page: Page) -> Page:
        page.on("console", console)
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        return page

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        wide = watched(browser.new_page(base_url=base_url, viewport={"width": 1280, "height": 900}))

        _settled(wide, SEARCH, ".hit")
        written.append(out / "search-page.png")
        wide.screenshot(path=written[-1], full_page=False)

        wide.locator(".hit-link").first.click()
        wide.locator("dialog#record[open] #record-title").wait_for()
        wide.wait_for_load_state("networkidle")
        written.append(out / "record-detail.png")
        wide.screenshot(path=written[-1])

        _settled(wide, EXPLORER, "#cross-table tbody tr")
        written.append(out / "facet-explorer.png")
        wide.screenshot(path=written[-1], full_page=True)

        phone = watched(
            browser.new_page(
                base_url=base_url,
                viewport={"width": 390, "height": 844},
                device_scale_factor=2,
                is_mobile=True,
            )
        )
        _settled(phone, PHONE_SEARCH, ".hit")
        written.append(out / "search-page-phone.png")
        phone.screenshot(path=written[-1])
        browser.close()
    if errors:
        raise SystemExit("the pages logged errors:\n" + "\n".join(errors))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the demo API serves")
    parser.add_argument("--out", type=Path, default=DOCS, help="folder for the PNG files")
    options = parser.parse_args()
    for path in take(options.url, options.out):
        print(path)


if __name__ == "__main__":
    main()
