"""A teacher's own course (site and PDF), a one-chain preview, and `serve` that survives an
author's error with a banner on the page (in Chromium)."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from book import course, site
from book.load import load_book

ROOT = Path(__file__).resolve().parents[1]
COURSE = Path(__file__).parent / "fixtures" / "courses" / "gases"


def test_course_holds_its_own_chains_and_the_chosen_ones():
    book, title = course.load_course(COURSE / "course.yaml")
    assert title == "Gases, Year 12" and book.problems == []
    assert [(ch.number, ch.id, [c.id for c in ch.chains]) for ch in book.chapters] == [
        (1, "gas-laws", ["boyle"]), (2, "inside-the-atom", ["millikan-oil-drop"])]
    assert load_book(ROOT).chapters[2].number == 2     # the book itself is untouched


@pytest.mark.parametrize("text, words", [
    ("title: T\nchapters: [no-such]\n", "no chapter `no-such`"),
    ("title: T\nchapters:\n  - {chapter: inside-the-atom, chains: [nope]}\n", "has no chain `nope`"),
    ("title: T\nchapter: [gas-laws]\n", "did you mean `chapters`"),
])
def test_course_file_errors_are_at_their_line(tmp_path, text, words):
    shutil.copytree(COURSE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "course.yaml").write_text(text)
    book, _ = course.load_course(tmp_path / "course.yaml")
    assert [p.path for p in book.problems] == ["course.yaml"] and words in book.problems[0].message, book.problems
    assert book.problems[0].line in (2, 3)


def test_course_site_holds_only_its_chains(tmp_path):
    assert site.build(site_dir=tmp_path, course=COURSE / "course.yaml") == 0
    pages = sorted(p.parent.name for p in tmp_path.glob("[0-9]*/index.html"))
    assert pages == ["01-gas-laws", "02-inside-the-atom"]
    chains = re.findall(r'data-chain="([a-z0-9-]+)"', "".join(
        (tmp_path / p / "index.html").read_text() for p in pages))
    assert chains == ["boyle", "millikan-oil-drop"]
    assert "<title>Gases, Year 12" in (tmp_path / "index.html").read_text()
    guide = (tmp_path / "authoring" / "index.html").read_text()
    assert "generated: units" not in guide
    from book import tables
    for name in list(tables.UNITS) + list(tables.CONSTANTS):   # every one, from the checker's tables
        assert f"<code>{name}</code>" in guide, name
    printed = (tmp_path / "print" / "index.html").read_text()
    assert "Boyle" in printed and "Millikan" in printed and "Balmer" not in printed


def test_one_chain_preview_builds_only_that_chain(tmp_path):
    chain = ROOT / "problems" / "inside-the-atom" / "millikan-oil-drop.yaml"
    started = time.perf_counter()
    assert site.build(site_dir=tmp_path, only=[str(chain)]) == 0
    seconds = time.perf_counter() - started
    pages = sorted(p.parent.name for p in tmp_path.glob("[0-9]*/index.html"))
    assert pages == ["02-inside-the-atom"]
    assert re.findall(r'data-chain="([a-z0-9-]+)"', (tmp_path / pages[0] / "index.html").read_text()) == \
        ["millikan-oil-drop"]
    print(f"one-chain build: {seconds:.1f} s")


def test_build_refuses_a_book_that_fails_check(tmp_path, capsys):
    shutil.copytree(COURSE, tmp_path / "c")
    chain = tmp_path / "c" / "problems" / "gas-laws" / "boyle.yaml"
    chain.write_text(chain.read_text().replace('answer: {type: number, expected: "2"}',
                                               'answer: {type: number, expected: "1/2"}'))
    assert site.build(site_dir=tmp_path / "site", course=tmp_path / "c" / "course.yaml") == 1
    err = capsys.readouterr().err
    assert "problems/gas-laws/boyle.yaml:21:18: error:" in err and "build refused" in err
    assert not (tmp_path / "site" / "index.html").exists()
    from book.pdf import make_pdf
    with pytest.raises(RuntimeError, match="fails `check`"):
        make_pdf(tmp_path / "course.pdf", course=tmp_path / "c" / "course.yaml")
    assert not (tmp_path / "course.pdf").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def _wait(predicate, timeout: float, what: str):
    end = time.time() + timeout
    while time.time() < end:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_survives_an_authors_error_and_shows_it(tmp_path, browser):
    (tmp_path / "c").mkdir()
    shutil.copytree(COURSE / "chapters", tmp_path / "c" / "chapters")
    shutil.copytree(COURSE / "problems", tmp_path / "c" / "problems")
    (tmp_path / "c" / "course.yaml").write_text("title: Preview\nchapters: [gas-laws]\n")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "build.py", "serve", "--addr", f"127.0.0.1:{port}",
                             "--course", str(tmp_path / "c" / "course.yaml")],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "SITE_URL": url})
    try:
        _wait(lambda: "boyle" in _get(url + "01-gas-laws/"), 120, "the first build")
        chain = tmp_path / "c" / "problems" / "gas-laws" / "boyle.yaml"
        good = chain.read_text()
        chain.write_text(good.replace("prompt: Boyle halves", 'prompt: "Boyle \\times halves'
                                      ).replace("factor does its pressure change?", 'factor does its pressure change?"'))
        page = _wait(lambda: (t := _get(url + "01-gas-laws/")) and "build-errors" in t and t, 60, "the banner")
        assert proc.poll() is None                                          # still serving
        assert 'data-chain="boyle"' in page                                # the last good chain
        assert "problems/gas-laws/boyle.yaml:17:" in page and "inside double quotes" in page
        assert "boyle.yaml:17:" in (tmp_path / "serve.log").read_text()     # and in the terminal
        tab = browser.new_page()
        tab.goto(url + "01-gas-laws/")
        banner = tab.locator(".build-errors")
        assert banner.is_visible() and "boyle.yaml:17:" in banner.inner_text()
        assert tab.locator('[data-step="pressure-in-atm"]').count() == 1
        tab.close()
        chain.write_text(good)                                              # fixed: the banner goes
        _wait(lambda: "build-errors" not in _get(url + "01-gas-laws/"), 60, "the banner to go")
        chapter = tmp_path / "c" / "chapters" / "01-gas-laws.md"            # a broken chapter file
        chapter.write_text(chapter.read_text().replace("title: Gas laws", "title: [Gas laws"))
        page = _wait(lambda: (t := _get(url + "01-gas-laws/")) and "build-errors" in t and t, 60, "its banner")
        assert "chapters/01-gas-laws.md:" in page and 'data-chain="boyle"' in page   # the page stays up
        course_file = tmp_path / "c" / "course.yaml"                        # a broken course file
        course_file.write_text("title: Preview\nchapters: [gas-laws, no-such-chapter]\n")
        index = _wait(lambda: (t := _get(url)) and "no-such-chapter" in t and t, 60, "the index banner")
        assert "build-errors" in index and "course.yaml:2:" in index
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_course_pdf_holds_only_its_chains(tmp_path):
    from book.pdf import make_pdf

    from .test_pdf import assert_typeset, poppler

    out = tmp_path / "course.pdf"
    make_pdf(out, course=COURSE / "course.yaml")
    text = poppler("pdftotext", out, "-layout")
    assert_typeset(text)
    assert "Gases, Year 12" in text and "Boyle's air spring" in text and "Millikan" in text
    assert "Balmer" not in text and "Weighing atoms" not in text      # nothing else of the book
    assert "0.9211 atm" in text                                       # the derived param, default draw


def test_new_chapter_and_chain_in_a_course_pass_check(tmp_path):
    from book import check, scaffold

    course_file = tmp_path / "my-course" / "course.yaml"
    scaffold.new_chapter(course_file.parent, "gas-laws")
    scaffold.add_to_course(course_file, "gas-laws")
    chain = scaffold.new_chain(course_file.parent, "gas-laws", "ideal-gas")
    scaffold.add_to_course(course_file, "light-and-matter")          # a chapter of the book
    text = course_file.read_text()
    assert text.rstrip().endswith("chapters:\n  - gas-laws\n  - light-and-matter")
    schema = re.search(r"\$schema=(\S+)", chain.read_text()).group(1)
    assert (chain.parent / schema).resolve() == ROOT / "book" / "schema" / "chain.schema.json"
    book, title = course.load_course(course_file)
    assert title == "My course" and [ch.id for ch in book.chapters] == ["gas-laws", "light-and-matter"]
    assert book.problems == [] and check.run(book.root, [str(chain)], book=book) == 0   # (the book's own are checked elsewhere)


def test_preview_shows_a_chain_with_errors_and_the_banner(tmp_path, monkeypatch):
    """The first preview of a chain whose answer cannot be read still shows its steps, under
    a banner that says what is wrong (the build of a real site refuses it)."""
    (tmp_path / "c").mkdir()
    shutil.copytree(COURSE / "chapters", tmp_path / "c" / "chapters")
    shutil.copytree(COURSE / "problems", tmp_path / "c" / "problems")
    (tmp_path / "c" / "course.yaml").write_text("title: Preview\nchapters: [gas-laws]\n")
    chain = tmp_path / "c" / "problems" / "gas-laws" / "boyle.yaml"
    chain.write_text(chain.read_text().replace('expected: "2"}', 'expected: "2*q"}'))
    monkeypatch.setenv("BOOK_PREVIEW", "1")
    assert site.build(site_dir=tmp_path / "site", course=tmp_path / "c" / "course.yaml", refuse_errors=False) == 0
    page = (tmp_path / "site" / "01-gas-laws" / "index.html").read_text()
    assert "build-errors" in page and "boyle.yaml:18:38: error: step 2 (`halve-the-volume`)" in page
    assert page.count('data-step="') == 2
