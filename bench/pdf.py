"""Benchmark: the print edition of the whole book (issue 20: at most 90 s for `build.py pdf`).

    .venv/bin/python bench/pdf.py

Builds the site once (timed), prints it as `build.py pdf` does (a section at a time, bound),
then prints the same /print/ page whole, in one go, as a reference: the ratio between the two
says what printing the sections apart gains on this machine, whatever its load.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from book import site  # noqa: E402
from book.pdf import make_pdf  # noqa: E402


def whole(url: str) -> tuple[float, int]:
    """Seconds to print the page whole, once it is ready, and its pages."""
    import io

    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=site.CHROMIUM_FLAGS)
        tab = browser.new_page()
        tab.goto(url + "print/?paper=a4")
        tab.wait_for_function("window.chemBookPrintReady === true", timeout=300_000)
        t = time.perf_counter()
        pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
        seconds = time.perf_counter() - t
        browser.close()
    return seconds, len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        t = time.perf_counter()
        if site.build(site_dir=out) != 0:
            sys.exit("bench/pdf.py: the book fails `check` (the errors above)")
        built = time.perf_counter() - t
        server, url = site.serve_directory(out)
        try:
            info = make_pdf(Path(tmp) / "book.pdf", site_url=url)
            seconds, pages = whole(url)
        finally:
            server.shutdown()
    print(f"site built in {built:.1f} s")
    print(f"build.py pdf's printing: {info['seconds']:5.1f} s  {info['pages']} pages in {info['units']} units, "
          f"{info['pages'] / info['seconds']:.1f} pages/s, {info['bytes'] / 1e6:.1f} MB")
    print(f"the page printed whole:  {seconds:5.1f} s  {pages} pages (once loaded), {pages / seconds:.1f} pages/s")
    print(f"sections apart: {info['seconds'] / seconds:.2f} of the time the page whole takes to print alone; "
          f"build + print = {built + info['seconds']:.0f} s (target 90 s)")


if __name__ == "__main__":
    main()
