"""`build.py pdf`: the print edition, printed to PDF by the system Chromium through Playwright.

The site is built (with its /print/ page) and served on localhost. Chromium paginates the page
itself (CSS paged media) once its math is rendered. Its cost of printing a page grows with the
whole document, so the page is printed a few sections at a time: the front matter, each chapter,
and the chapters' parts of "Hints and Solutions" some at a time, each unit alone in the page
(print.js) with its first page numbered where the unit before ended. pypdf binds them, and turns
the links between units back into links within the PDF. Chromium has no target-counter(): the
contents are printed again last, with the page each section began on.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

from . import site

ROOT = Path(__file__).resolve().parents[1]
ELSEWHERE = "http://chem-book.invalid/#"  # print.js: a link to a place in another section
# print.js joins the chapters' parts of the solutions into units of about this many pages: the
# longer a unit, the more each of its pages costs to print; the more units, the more subsets of
# the same fonts the PDF embeds (about 65 KB a unit).
UNIT_PAGES = 40


def make_pdf(output: Path, paper: str = "a4", book_root: Path | None = None, chromium: str | None = None,
             timeout_s: float = 300, course: Path | None = None, site_url: str | None = None) -> dict:
    """Build the print edition of the book under ``book_root`` (default: this book) into
    ``output``. ``paper`` is "a4" or "letter". ``site_url``: a site of this book already built and
    served (the tests share one), printed instead of building one. Returns {"seconds", "bytes",
    "pages", "units"} (how many parts were printed apart). Raises RuntimeError if Chromium is
    missing, the math does not render in time, Chromium fails, or the book (or the ``course``
    file's selection) fails `check`.
    """
    started = time.perf_counter()
    chromium = chromium or os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        raise RuntimeError(f"Chromium not found at {chromium}: install the chromium package or set CHROMIUM")
    if site_url:
        pages, units = _print_site(site_url, paper, output, chromium, timeout_s)
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
                pages, units = _print_site(url, paper, output, chromium, timeout_s)
            finally:
                server.shutdown()
    return {"seconds": time.perf_counter() - started, "bytes": output.stat().st_size, "pages": pages,
            "units": units}


def _print_site(url: str, paper: str, output: Path, chromium: str, timeout_s: float) -> tuple[int, int]:
    paper = "letter" if paper == "letter" else "a4"
    target = f"{url}print/?paper={paper}"
    # Playwright's async API on a thread of its own: the caller may be running the sync API.
    from playwright.async_api import Error as PlaywrightError

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        try:
            pdf, units = pool.submit(asyncio.run, _print(chromium, target, timeout_s)).result()
        except PlaywrightError as e:  # a timeout too: build.py reports a RuntimeError in one line
            raise RuntimeError(f"Chromium could not print {target}: {e.message.splitlines()[0]}") from e
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as f:
        pdf.write(f)
    return len(pdf.pages), units


async def _print(chromium: str, url: str, timeout_s: float):
    """The print page, printed a unit at a time and bound, its contents numbered."""
    from playwright.async_api import async_playwright
    from pypdf import PdfReader

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=site.CHROMIUM_FLAGS)
        try:
            tab = await browser.new_page()
            await tab.goto(url, timeout=timeout_s * 1000)
            await tab.wait_for_function("window.chemBookPrintReady === true", timeout=timeout_s * 1000)
            units = await tab.evaluate("(pages) => window.chemBookUnits(pages)", UNIT_PAGES)

            async def unit(i: int, first: int):
                await tab.evaluate("([i, first]) => window.chemBookPrintUnit(i, first)", [i, first])
                return PdfReader(io.BytesIO(await tab.pdf(prefer_css_page_size=True, print_background=True)))

            printed, page_of, first = [], {}, 1  # page_of: the page of each place linked to
            for i in range(units):  # the front matter first only to count its pages
                printed.append(await unit(i, first))
                page_of.update({name[1:]: first + index for name, index in _named(printed[-1]).items()})
                first += len(printed[-1].pages)
            missing = await tab.evaluate("(pageOf) => window.chemBookNumberContents(pageOf)", page_of)
            if missing:
                raise RuntimeError(f"the contents cannot be numbered: no section {', '.join(missing)}")
            front = await unit(0, 1)
            if len(front.pages) != len(printed[0].pages):
                raise RuntimeError("the contents took more pages once numbered")  # print.css keeps the numbers' room
            return _bind([front, *printed[1:]]), units
        finally:
            await browser.close()


def _named(reader) -> dict[str, int]:
    """Each name of a printed PDF (Chromium's /Dests), and the index of its page."""
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    dests = reader.root_object.get("/Dests")
    return {name: index[dest.get_object()[0].idnum] for name, dest in (dests.get_object() if dests else {}).items()}


def _bind(readers: list):
    """Units printed apart, bound into one PDF. Chromium links by name (/Dest /step-4.1.1)
    within a unit; so every unit's names go into the catalog's /Dests, pointing at the bound
    pages, and each link to another unit (a URL, see print.js) becomes a link by name."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

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
    for page in book.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            uri = annot.get("/A", {}).get("/URI", "")
            if uri.startswith(ELSEWHERE):
                name = "/" + unquote(uri[len(ELSEWHERE):])
                if name not in dests:
                    raise RuntimeError(f"the print edition links to {name[1:]}, which it does not have")
                del annot["/A"]
                annot[NameObject("/Dest")] = NameObject(name)
    return book
