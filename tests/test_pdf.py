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
def fixture_pdf(tmp_path_factory, browser):
    out = tmp_path_factory.mktemp("pdf") / "fixture.pdf"
    make_pdf(out, book_root=FIXTURE, browser=browser)
    return out


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory, browser):
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    info = make_pdf(out, browser=browser)
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


def test_a4_by_default_letter_by_option(fixture_pdf, tmp_path, browser):
    assert "(A4)" in poppler("pdfinfo", fixture_pdf)
    letter = tmp_path / "letter.pdf"
    make_pdf(letter, paper="letter", book_root=FIXTURE, browser=browser)
    assert "612 x 792 pts (letter)" in poppler("pdfinfo", letter)


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
