"""`build.py pdf`: the print edition, printed to PDF by the system Chromium through Playwright.

The site is built (with its /print/ page) and served on localhost. Chromium paginates the page
itself (CSS paged media) once its math is rendered. Printing costs about 0.1 s a page on one
core, so the page is opened in one tab per core and each prints a range of its pages; pypdf binds
the ranges into one PDF. Chromium has no target-counter(), so the contents' page numbers are read
from the PDF's named destinations, printed alone on the contents pages, and laid over them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import os
import tempfile
import time
from pathlib import Path

from . import site

ROOT = Path(__file__).resolve().parents[1]
PAGES_PER_PART = 40  # below this, a second tab costs more than it saves


def make_pdf(output: Path, paper: str = "a4", book_root: Path | None = None, chromium: str | None = None,
             timeout_s: float = 300, course: Path | None = None, site_url: str | None = None,
             parts: int | None = None) -> dict:
    """Build the print edition of the book under ``book_root`` (default: this book) into
    ``output``. ``paper`` is "a4" or "letter". ``site_url``: a site of this book already built and
    served (the tests share one), printed instead of building one. ``parts``: how many tabs print
    a range of pages each (default: one per core, if the book is long enough). Returns
    {"seconds", "bytes", "pages", "parts"} (how many ranges were printed). Raises RuntimeError if Chromium is missing, the math does not
    render in time, Chromium fails, or the book (or the ``course`` file's selection) fails `check`.
    """
    started = time.perf_counter()
    chromium = chromium or os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        raise RuntimeError(f"Chromium not found at {chromium}: install the chromium package or set CHROMIUM")
    if site_url:
        pages, parts = _print_site(site_url, paper, output, chromium, timeout_s, parts)
    else:
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
                pages, parts = _print_site(url, paper, output, chromium, timeout_s, parts)
            finally:
                server.shutdown()
    return {"seconds": time.perf_counter() - started, "bytes": output.stat().st_size, "pages": pages, "parts": parts}


def _print_site(url: str, paper: str, output: Path, chromium: str, timeout_s: float,
                parts: int | None) -> tuple[int, int]:
    paper = "letter" if paper == "letter" else "a4"
    target = f"{url}print/?paper={paper}"
    per_part = PAGES_PER_PART if parts is None else 1
    parts = parts or min(os.cpu_count() or 1, 4)
    # Playwright's async API on a thread of its own: the caller may be running the sync API.
    from playwright.async_api import Error as PlaywrightError

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        try:
            pdf, parts = pool.submit(asyncio.run, _print(chromium, target, timeout_s, parts, per_part)).result()
        except PlaywrightError as e:  # a timeout too: build.py reports a RuntimeError in one line
            raise RuntimeError(f"Chromium could not print {target}: {e.message.splitlines()[0]}") from e
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as f:
        pdf.write(f)
    return len(pdf.pages), parts


async def _print(chromium: str, url: str, timeout_s: float, parts: int, per_part: int):
    """The print page, printed in up to ``parts`` tabs (separate renderers), each a range of at
    least ``per_part`` pages, and bound; its contents numbered."""
    from playwright.async_api import async_playwright
    from pypdf import PdfReader

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=site.CHROMIUM_FLAGS)
        try:
            tabs = await asyncio.gather(*(_open(browser, url, timeout_s) for _ in range(parts)))
            least = await tabs[0].evaluate("window.chemBookLeastPages")  # a lower bound (print.js)
            tabs = tabs[:max(1, min(parts, int(least // per_part)))]
            starts = [1 + int(least * k / len(tabs)) for k in range(len(tabs))]
            ranges = [f"{a}-{b - 1}" for a, b in zip(starts, starts[1:])] + [f"{starts[-1]}-"]
            printed = await asyncio.gather(*(tab.pdf(prefer_css_page_size=True, print_background=True,
                                                     page_ranges=r) for tab, r in zip(tabs, ranges)),
                                           return_exceptions=True)
            if any(isinstance(p, BaseException) for p in printed):
                # A range past the end (the book came out shorter than its lower bound, which
                # only a page shrunk to fit can do): print it whole in one tab instead.
                if isinstance(printed[0], BaseException):
                    raise printed[0]
                printed = [await tabs[0].pdf(prefer_css_page_size=True, print_background=True)]
            book, dests = _bind(printed)
            targets = await tabs[0].evaluate("[...document.querySelectorAll('.toc-page')].map((s) => s.dataset.target)")
            missing = [t for t in targets if "/" + t not in dests]
            if missing:
                raise RuntimeError(f"the contents cannot be numbered: no destination for {', '.join(missing)}")
            # The contents' numbers alone, on pages laid out as the book's first pages are.
            # (visibility does not reach the margin boxes: their page numbers are left out too.)
            await tabs[0].evaluate("""(numbers) => {
                for (const s of document.querySelectorAll(".toc-page")) s.textContent = numbers[s.dataset.target];
                for (const s of document.querySelectorAll(".chapter, .appendix")) s.remove();
                document.documentElement.classList.add("toc-numbers-only");
                const margins = document.createElement("style");
                margins.textContent = "@page { @top-center { content: none; } @bottom-center { content: none; } }";
                document.head.append(margins);
            }""", {t: dests["/" + t] + 1 for t in targets})
            numbers = PdfReader(io.BytesIO(await tabs[0].pdf(prefer_css_page_size=True)))
            for page, numbers_only in zip(book.pages, numbers.pages):
                page.merge_page(numbers_only)
            return book, len(printed)
        finally:
            await browser.close()


async def _open(browser, url: str, timeout_s: float):
    """The print page in a context of its own (its own renderer), once its math is rendered."""
    tab = await (await browser.new_context()).new_page()
    await tab.goto(url, timeout=timeout_s * 1000)
    await tab.wait_for_function("window.chemBookPrintReady === true", timeout=timeout_s * 1000)
    return tab


def _bind(printed: list[bytes]):
    """Page ranges of one document, printed separately, bound into one PDF. Chromium links by
    name (/Dest /step-4.1.1), and each range names only the targets on its own pages; so every
    range's names go into the catalog's /Dests, pointing at the bound pages. Returns the pypdf
    writer and each name's page index."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    readers = [PdfReader(io.BytesIO(b)) for b in printed]
    book = PdfWriter(clone_from=readers[0])
    dests = book.root_object.get("/Dests")
    if dests is None:
        dests = book.root_object[NameObject("/Dests")] = DictionaryObject()
    dests = dests.get_object()
    for reader in readers[1:]:
        bound = {page.indirect_reference.idnum: book.add_page(page).indirect_reference for page in reader.pages}
        for name, dest in (reader.root_object.get("/Dests") or DictionaryObject()).get_object().items():
            dest = dest.get_object()
            dests[NameObject(name)] = ArrayObject([bound[dest[0].idnum], *dest[1:]])
    index = {page.indirect_reference.idnum: i for i, page in enumerate(book.pages)}
    return book, {name: index[dest.get_object()[0].idnum] for name, dest in dests.items()}
