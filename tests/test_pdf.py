"""The print edition: built with Chromium, checked with poppler's pdftotext, pdffonts, pdfinfo."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from book.pdf import make_pdf


ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "books" / "randomized"


def poppler(tool: str, pdf: Path, *args: str) -> str:
    if not shutil.which(tool):
        pytest.fail(f"{tool} not found: install poppler-utils")
    return subprocess.run([tool, *args, str(pdf), "-"] if tool == "pdftotext" else [tool, *args, str(pdf)],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "fixture.pdf"
    make_pdf(out, book_root=FIXTURE)
    return out


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory, site_url):
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    info = make_pdf(out, site_url=site_url)  # the session's site: the same book, built once
    assert info["pages"] > 5
    return out


def assert_typeset(text: str):
    assert "Contents" in text and "Hints and Solutions" in text
    for leaked in ("\\frac", "\\ce", "$", "\\(", "\\["):
        assert leaked not in text, leaked
    for interactive in ("Your answer (", "Show the answer", "Hint (0 of", "Checker loading"):
        assert interactive not in text, interactive


def test_fixture_book(fixture_pdf):
    text = poppler("pdftotext", fixture_pdf, "-layout")
    assert_typeset(text)
    assert "1. Demo" in text and "Photons of a given wavelength" in text
    assert re.search(r"^\s*1\.1\.1\s*$", text, re.M) and re.search(r"^\s*1\.1\.2\s*$", text, re.M)
    assert "500.0 nm" in text and "400.0 nm" not in text       # the default variant
    assert "Multiply by" in text                                # a worked solution, in the back
    assert "Hint 1." in text


def test_math_fonts_are_embedded(fixture_pdf):
    fonts = poppler("pdffonts", fixture_pdf)
    katex = [line for line in fonts.splitlines() if "KaTeX" in line]
    assert katex and all(" yes " in line for line in katex)


def test_a4_by_default_letter_by_option(fixture_pdf, tmp_path):
    assert "(A4)" in poppler("pdfinfo", fixture_pdf)
    letter = tmp_path / "letter.pdf"
    make_pdf(letter, paper="letter", book_root=FIXTURE)
    assert "612 x 792 pts (letter)" in poppler("pdfinfo", letter)


def begins(page: str, title: str) -> bool:
    """Whether the page's text begins with ``title`` (a long title wraps)."""
    return re.sub(r"\s+", " ", page).strip().startswith(title)


def assert_links_land(pdf: Path) -> list[str]:
    """Every link in ``pdf`` names a destination of the bound PDF, on the page its target is on:
    a step's number, a figure's caption, or a section's first page (which begins with its title).
    Returns the names."""
    from pypdf import PdfReader

    reader, pages = PdfReader(pdf), pages_of(pdf)
    dests = reader.root_object["/Dests"].get_object()
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    annots = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    elsewhere = [a["/A"]["/URI"] for a in annots if "/A" in a and "chem-book.invalid" in a["/A"].get("/URI", "")]
    assert not elsewhere, elsewhere                     # each link to another section was bound
    names = [a["/Dest"] for a in annots if "/Dest" in a]
    contents = dict(re.findall(r"^(\S.*?)\s{2,}(\d+)\s*$", pages[1], re.M))
    for name in names:
        at = index[dests[name].get_object()[0].idnum]
        if name.startswith("/step-"):
            assert re.search(rf"^\s*{re.escape(name[6:])}\s*$", pages[at], re.M), name
        elif name.startswith("/figure-"):  # its caption
            assert re.search(r"^\s*Figure \d+\.\d+", pages[at], re.M), name
        else:  # a section, from the contents
            assert [n for title, n in contents.items() if begins(pages[at], title)] == [str(at + 1)], name
    return names


def test_sections_printed_apart_are_bound_with_their_links(fixture_pdf):
    """The book is printed a section at a time (book/pdf.py); bound, its links still work: the
    contents go to each section, each solution back to its step, printed in another section."""
    names = assert_links_land(fixture_pdf)
    assert any(n.startswith("/chapter-") for n in names) and any(n.startswith("/step-") for n in names)
    assert "/hints-and-solutions" in names


def test_real_book(book_pdf):
    text = poppler("pdftotext", book_pdf, "-layout")
    assert_typeset(text)
    for title in ("The hydrogen atom", "From Balmer's lines to the Bohr atom", "How to answer",
                  "Gases and kinetic theory", "Equilibrium", "Carbon and beyond", "Figure 13.1"):
        assert title in text
    assert "Chapters to come" not in text                         # every chapter is written
    assert re.search(r"^\s*4\.1\.1\s*$", text, re.M)
    from book.load import load_book

    steps = sum(len(c.steps) for c in load_book(ROOT).chains.values())
    assert text.count("Answer:") == steps                     # every step, in the back
    assert len(re.findall(r"^\s*4\.1\.1\s*$", text, re.M)) == 2  # numbered alike in front and back


def pages_of(pdf: Path) -> list[str]:
    """Each page's text (pdftotext ends a page with a form feed)."""
    return poppler("pdftotext", pdf, "-layout").split("\f")[:-1]


def test_contents_give_the_page_each_section_begins_on(book_pdf):
    pages = pages_of(book_pdf)
    entries = re.findall(r"^(\S.*?)\s{2,}(\d+)\s*$", pages[1], re.M)
    assert len(entries) == 18, entries                       # chapters 0-16 and the solutions
    for title, number in entries:
        first, before, after = pages[int(number) - 1], pages[int(number) - 2], pages[int(number)]
        assert begins(first, title), (title, number)           # begins with its title,
        assert not begins(first, f"{title} {title}")          # no running head above it
        assert title not in before.strip().splitlines()[0], (title, number)  # not begun earlier
        if title != "Hints and Solutions":                    # the next page has its running head
            assert after.strip().splitlines()[0].strip() == title, (title, number)
    from pypdf import PdfReader

    # The contents were numbered in a second printing of their own: its number is there once.
    assert PdfReader(book_pdf).pages[1].extract_text().split().count("2") == 1
    heads = {page.strip().splitlines()[0].strip() for page in pages[int(entries[-1][1]):]}
    assert "Hints and Solutions \u00b7 4. The hydrogen atom" in heads  # each chapter's solutions say whose


def test_every_page_after_the_cover_is_numbered_in_order(book_pdf):
    pages = pages_of(book_pdf)
    for n, text in enumerate(pages[1:], 2):   # the sections, printed apart, are bound in order
        lines = [line.strip(" \u200b") for line in text.splitlines()]
        assert [line for line in lines if line][-1] == str(n)


def test_links_land_on_the_steps_they_name(book_pdf):
    """Each solution links back to its step, each line of the contents to its section, and a
    reference to a figure to it."""
    names = assert_links_land(book_pdf)
    from book.load import load_book

    assert len([n for n in names if n.startswith("/step-")]) == sum(len(c.steps) for c in load_book(ROOT).chains.values())
    assert len([n for n in names if not n.startswith(("/step-", "/figure-"))]) == 18


def test_type_is_not_shrunk_to_fit(book_pdf):
    """Chromium scales every page down if anything is wider than the page; print.js scales only
    the wide thing. 10.5 pt type gives words about 12 pt high (8 pt once shrunk)."""
    import statistics

    boxes = poppler("pdftotext", book_pdf, "-bbox")
    heights = [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)]
    assert statistics.median(heights) > 11.5
