"""`build.py pdf`: the print edition, printed to PDF by the system Chromium through Playwright.

The site is built (with its /print/ page), served on localhost, opened in headless Chromium,
and printed once the math is rendered and Paged.js has laid out the pages.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from . import site

ROOT = Path(__file__).resolve().parents[1]


def make_pdf(output: Path, paper: str = "a4", book_root: Path | None = None, chromium: str | None = None,
             browser=None, timeout_s: float = 300, course: Path | None = None) -> dict:
    """Build the print edition of the book under ``book_root`` (default: this book) into
    ``output``. ``paper`` is "a4" or "letter". A running Playwright ``browser`` may be passed
    (tests share one); otherwise the system Chromium is started. Returns {"seconds", "bytes",
    "pages"}. Raises RuntimeError if Chromium is missing, the layout does not finish in time, or
    the book (or the ``course`` file's selection) fails `check`.
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        old = os.environ.get("BOOK_ROOT")
        if book_root:
            os.environ["BOOK_ROOT"] = str(book_root)
        try:
            if site.build(site_dir=Path(tmp), course=course) != 0:
                raise RuntimeError("no PDF: the book fails `check`, or the course cannot be read (the errors above)")
        finally:
            if book_root:
                os.environ.pop("BOOK_ROOT") if old is None else os.environ.__setitem__("BOOK_ROOT", old)
        server, url = site.serve_directory(Path(tmp))
        try:
            target = f"{url}print/?paper={'letter' if paper == 'letter' else 'a4'}"
            if browser is not None:
                pages = _print(browser, target, output, timeout_s)
            else:
                from playwright.sync_api import sync_playwright

                chromium = chromium or os.environ.get("CHROMIUM") or "/usr/bin/chromium"
                if not Path(chromium).exists():
                    raise RuntimeError(f"Chromium not found at {chromium}: install the chromium package or set CHROMIUM")
                with sync_playwright() as p:
                    own = p.chromium.launch(executable_path=chromium, args=site.CHROMIUM_FLAGS)
                    pages = _print(own, target, output, timeout_s)
                    own.close()
        finally:
            server.shutdown()
    return {"seconds": time.perf_counter() - started, "bytes": output.stat().st_size, "pages": pages}


def _print(browser, url: str, output: Path, timeout_s: float) -> int:
    """Open the print page, wait for math and pagination, print; returns the page count."""
    page = browser.new_page()
    try:
        page.goto(url)
        page.wait_for_function("window.chemBookPrintReady === true", timeout=timeout_s * 1000)
        pages = page.evaluate("document.querySelectorAll('.pagedjs_page').length")
        output.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(output), prefer_css_page_size=True, print_background=True)
        return pages
    finally:
        page.close()
