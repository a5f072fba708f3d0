"""Figures from data (SPEC §9): validation at file:line:column, drawing and its cache, the
tolerance of figure-reading steps, and the figure in the built HTML."""

import csv
import io
import re
from html import unescape
from pathlib import Path

import pytest

import checker
from book import check, figures
from book.load import load_book

from .conftest import assert_axe_clean

ROOT = Path(__file__).resolve().parents[1]
BOOK = load_book(ROOT)

CHAPTER = "---\ntitle: Demo\npart: I\nsynopsis: s\nchains: [demo]\n---\nSome prose.\n\n{prose}\n"
CHAIN = """\
id: demo
title: Demo
constants: [h, e]
steps:
  - id: read
    prompt: |
      Read the figure.

      [[figure: line]]
    answer: {{type: number, expected: "2", tolerance: "5%"}}
    hints: [Look.]
    mistakes: [{{answer: "3", feedback: No.}}]
    solution: Two.
{extra}figures:
  - id: line
    caption: A line.
    alt: Points rising to the right.
    source: made up for a test.
    columns:
      t: {{label: Time, units: s}}
      d: {{label: Distance, units: m}}
{data}
    x: {{units: {xunits}}}
    series:
      - {{x: t, y: {y}, kind: scatter, fit: linear}}
"""
ROWS = "    rows:\n      - [1, 2.1]\n      - [2, 3.9]\n      - [3, 6.1]\n      - [4, 7.9]"


def make_book(tmp_path, *, y="d", xunits="ms", data=ROWS, extra="", prose="", csv_text=None):
    (tmp_path / "chapters").mkdir(exist_ok=True)
    (tmp_path / "problems" / "demo").mkdir(parents=True, exist_ok=True)
    (tmp_path / "chapters" / "01-demo.md").write_text(CHAPTER.format(prose=prose))
    (tmp_path / "problems" / "demo" / "demo.yaml").write_text(
        CHAIN.format(y=y, xunits=xunits, data=data, extra=extra))
    if csv_text is not None:
        (tmp_path / "problems" / "demo" / "line.csv").write_text(csv_text)
    return tmp_path


def problems(root):
    out = io.StringIO()
    code = check.run(root, out=out)
    return code, [line for line in out.getvalue().splitlines() if not line.startswith("checked")]


def test_a_valid_figure_passes(tmp_path):
    assert problems(make_book(tmp_path)) == (0, [])


def test_missing_column_is_reported_where_it_is_named(tmp_path):
    code, lines = problems(make_book(tmp_path, y="v"))
    assert code == 1
    assert lines == ["problems/demo/demo.yaml:29:19: error: series 1: no column `v`; the columns are: t, d"]


def test_unit_mismatch_is_reported_with_both_dimensions(tmp_path):
    code, lines = problems(make_book(tmp_path, xunits="nm"))
    assert lines == ["problems/demo/demo.yaml:29:13: error: series 1: unit mismatch: column `t` is in s "
                     "(a time (s, min, h)), but the x axis is in nm (a length)"]


def test_empty_series_is_reported(tmp_path):
    rows = "    rows:\n      - [1, null]\n      - [null, 3.9]"
    code, lines = problems(make_book(tmp_path, data=rows))
    assert lines == ["problems/demo/demo.yaml:27:9: error: series 1 is empty: no row has both `t` and `d`"]


def test_a_row_of_the_wrong_length(tmp_path):
    rows = "    rows:\n      - [1, 2]\n      - [2]"
    code, lines = problems(make_book(tmp_path, data=rows))
    assert lines == ["problems/demo/demo.yaml:24:9: error: row 2 has 1 value(s), but there are 2 columns (t, d)"]


def test_csv_beside_the_chain_and_its_errors_at_line_and_column(tmp_path):
    good = "t,d\n1,2.1\n2,3.9\n3,6.1\n4,7.9\n"
    assert problems(make_book(tmp_path, data="    csv: line.csv", csv_text=good)) == (0, [])
    code, lines = problems(make_book(tmp_path, data="    csv: line.csv", csv_text="t,d\n1,2.1\n2,x3\n"))
    assert lines == ["problems/demo/line.csv:3:3: error: `x3` is not a number"]
    code, lines = problems(make_book(tmp_path, data="    csv: line.csv", csv_text="t,dist\n1,2\n"))
    assert lines == ["problems/demo/line.csv:1:1: error: the header row must name the columns in order: t, d "
                     "(found t, dist)"]


def test_unknown_units_and_a_figure_key_misspelt(tmp_path):
    code, lines = problems(make_book(tmp_path, xunits="parsecs"))
    assert len(lines) == 1 and lines[0].startswith("problems/demo/demo.yaml:27:16: error: x axis: `parsecs` is not a unit")
    code, lines = problems(make_book(tmp_path, data=ROWS + "\n    colour: red"))
    assert lines[0].startswith("problems/demo/demo.yaml:27:5: error: unknown key `colour` in figures item 1 — did you mean `columns`?")


def test_a_figure_without_data_or_with_a_malformed_column(tmp_path):
    code, lines = problems(make_book(tmp_path, data=""))
    assert lines == ["problems/demo/demo.yaml:15:9: error: figure `line` needs its data in `rows:` or in a "
                     "`csv:` file beside the chain (one of the two)"]
    make_book(tmp_path)
    chain = tmp_path / "problems" / "demo" / "demo.yaml"
    chain.write_text(chain.read_text().replace("{label: Time, units: s}", "{label: Time, unit: s}"))
    code, lines = problems(tmp_path)
    assert lines[0].startswith("problems/demo/demo.yaml:20:24: error: unknown key `unit` in figures item 1 columns t "
                               "— did you mean `units`?")


def test_placing_an_unknown_figure_or_one_twice(tmp_path):
    code, lines = problems(make_book(tmp_path, prose="[[figure: nope]]"))
    assert lines == ["chapters/01-demo.md:9:1: error: figure `nope` is declared in no chain; a page places "
                     "the figures of its own chapter's chains (line)"]
    code, lines = problems(make_book(tmp_path, prose="[[figure: line]]"))
    assert lines == ["problems/demo/demo.yaml:9:7: error: figure `line` is placed twice (it is already Figure 1.1)"]


def test_a_reference_to_a_figure_becomes_its_number_and_a_wrong_one_is_an_error(tmp_path):
    from book import render

    make_book(tmp_path, prose="As [[ref: line]] shows, distance grows with time.")
    book = load_book(tmp_path)
    assert not book.problems
    page = render.render_chapter(book.chapters[0])
    assert "As [Figure 1.1](#figure-line){.figure-ref} shows" in page
    code, lines = problems(make_book(tmp_path, prose="See [[ref: nope]].\n"))
    assert lines == ["chapters/01-demo.md:9:5: error: `[[ref: nope]]` refers to no figure placed in this "
                     "chapter (line)"]


def test_a_figure_never_placed_is_a_warning(tmp_path):
    make_book(tmp_path)
    chain = tmp_path / "problems" / "demo" / "demo.yaml"
    chain.write_text(chain.read_text().replace("[[figure: line]]", ""))
    code, lines = problems(tmp_path)
    assert code == 0 and lines == ["warnings:", "problems/demo/demo.yaml:15:3: warning: figure `line` is never "
                                   "placed: put a line `[[figure: line]]` in the chain's intro, a prompt or "
                                   "solution, or the chapter's prose"]


READS = """\
  - id: slope
    reads: {{figure: line, quantity: {what}}}
    prompt: What is the slope of the line, in m/s?
    answer: {{type: quantity, expected: "{expected}", units: m/s{more}}}
    hints: [Rise over run.]
    mistakes: [{{answer: "1 m/s", feedback: Too small.}}]
    solution: About 1.95 m/ms.
"""


def test_a_figure_reading_step_gets_its_tolerance_from_the_fit(tmp_path):
    make_book(tmp_path, extra=READS.format(what="slope", expected="1.95 m/s", more=""))
    book = load_book(tmp_path)
    step = book.chains["demo"].steps[1]
    fit = figures.Fit.of([(1, 2.1), (2, 3.9), (3, 6.1), (4, 7.9)])
    value, se = fit.read("slope")
    assert value == pytest.approx(1.96) and se == pytest.approx(0.05657, abs=1e-5)
    assert step.answer["tolerance"] == "5.8%"                  # 2 × 0.05657 / 1.96 = 5.77 %, rounded up
    spec = book.chains["demo"].spec(step)
    assert checker.grade(spec, "2.05 m/s").status == "correct"   # inside the scatter, not inside 1 %
    assert checker.grade(spec, "2.08 m/s").status == "incorrect"
    assert problems(tmp_path) == (0, [])


def test_an_author_tolerance_wins_and_a_wrong_expected_value_is_caught(tmp_path):
    make_book(tmp_path, extra=READS.format(what="slope", expected="1.95 m/s", more=', tolerance: "1%"'))
    assert load_book(tmp_path).chains["demo"].steps[1].answer["tolerance"] == "1%"
    make_book(tmp_path, extra=READS.format(what="slope", expected="1.5 m/s", more=""))
    code, lines = problems(tmp_path)
    assert code == 1 and lines[0].startswith(
        "problems/demo/demo.yaml:17:13: error: step `slope`: the slope of figure `line`'s fitted line, "
        "0.00196 m/ms (typed as `1.96 m/s`), is graded incorrect (tolerance 5.8%)")


def test_reading_an_intercept_or_a_value_and_reading_errors(tmp_path):
    make_book(tmp_path, extra=READS.format(what="intercept", expected="0.1 m", more=', tolerance: "20%"').replace("m/s", "m"))
    assert problems(tmp_path) == (0, [])
    make_book(tmp_path, extra=READS.format(what="value", expected="0.1 m", more="").replace("m/s", "m"))
    code, lines = problems(tmp_path)
    assert lines[0] == ("problems/demo/demo.yaml:15:12: error: step `slope`: reading a value needs `at:` "
                        "(the x where it is read)")
    make_book(tmp_path, extra=READS.format(what="slope", expected="1 m/s", more="").replace("figure: line", "figure: other"))
    code, lines = problems(tmp_path)
    assert lines[0] == ("problems/demo/demo.yaml:15:21: error: step `slope`: reads figure `other`, which this "
                        "chain does not declare (it declares: line)")


def test_pretty_units():
    assert figures.pretty_units("cm^-1") == "cm⁻¹"
    assert figures.pretty_units("1e14 Hz") == "10¹⁴ Hz"
    assert figures.pretty_units("1e7 Hz^(1/2)") == "10⁷ √Hz"
    assert figures.pretty_units("kJ/mol") == "kJ/mol"


def test_the_svg_has_text_as_text_theme_colours_and_no_page_wide_css(tmp_path):
    fig = next(iter(load_book(make_book(tmp_path)).chains["demo"].figures.values()))
    svg = figures.draw(fig)
    assert svg.startswith("<svg") and "\n" not in svg
    assert re.search(r"<text[^>]*>Distance \(m\)</text>", svg)      # the axis title, as text
    assert "currentColor" in svg and "var(--fig-1, #1f4fa8)" in svg
    for sentinel in (figures.FOREGROUND, figures.GRID, *figures.SERIES_COLOURS):
        assert sentinel not in svg
    assert "<style" not in svg and 'id="figure_1"' not in svg and "width=" not in svg.split(">")[0]
    assert figures.draw(fig) == svg                                 # deterministic


def test_drawn_figures_are_cached_by_content(tmp_path, monkeypatch):
    fig = next(iter(load_book(make_book(tmp_path)).chains["demo"].figures.values()))
    cache = tmp_path / "cache"
    drawn = []
    real = figures.draw
    monkeypatch.setattr(figures, "draw", lambda f: drawn.append(f.id) or real(f))
    first = figures.svg_for(fig, cache)
    assert figures.svg_for(fig, cache) == first and drawn == ["line"]
    fig.data["rows"] = fig.data["rows"][:3]                        # changed data: a new key, drawn again
    figures.svg_for(fig, cache)
    assert drawn == ["line", "line"] and len(list(cache.glob("*.svg"))) == 2


# ---------------------------------------------------------------- the book's own figures

def all_figures():
    return [f for ch in BOOK.chapters for f in ch.figures.values()]


def test_every_chapter_1_to_7_has_a_figure_and_the_book_at_least_12():
    for ch in BOOK.chapters:
        if 1 <= ch.number <= 7:
            assert ch.figures, ch.id
    assert len(all_figures()) >= 12
    assert all(f.number for f in all_figures())


def test_at_least_5_figure_reading_steps_in_chapters_1_to_7():
    reading = [(c.id, s.id) for ch in BOOK.chapters if 1 <= ch.number <= 7 for c in ch.chains
               for s in c.steps if s.reads]
    assert len(reading) >= 5, reading
    for ch in BOOK.chapters:
        for c in ch.chains:
            for s in c.steps:
                if s.reads:
                    assert s.answer.get("tolerance"), s.id


def test_the_built_page_has_the_figure_with_caption_alternative_table_and_csv(site_dir):
    html = (site_dir / "03-light-and-matter" / "index.html").read_text(encoding="utf-8")
    fig = BOOK.chains["photoelectric-and-compton"].figures["photoelectric-sodium"]
    m = re.search(r'<figure class="book-figure" id="figure-photoelectric-sodium">(.*?)</figure>', html, re.S)
    assert m, "the figure is on the page"
    body = m.group(1)
    label = re.search(r'<svg role="img" aria-label="([^"]+)"', body)
    assert label and unescape(label.group(1)).startswith(fig.alt.strip()[:40])
    assert "The plot shows stopping potential Vₛ in V against frequency ν in 10¹⁴ Hz; sodium: 5 points, with a " \
        "least-squares straight line through them." in unescape(label.group(1))
    assert re.search(rf"Figure {re.escape(fig.number)}\.</span> Stopping potential against the frequency", body)
    assert "Source: illustrative data" in body
    assert "<details" in body and "<td>6.877</td>" in body and '<th scope="col">Frequency ν (10¹⁴ Hz)</th>' in body
    assert 'href="../figures/photoelectric-sodium.csv"' in body
    rows = list(csv.reader(io.StringIO((site_dir / "figures" / "photoelectric-sodium.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["Frequency ν (10¹⁴ Hz)", "Stopping potential Vₛ (V)"] and rows[1] == ["6.877", "0.56"]
    for f in all_figures():                                      # every figure, once, with its data
        assert (site_dir / "figures" / f"{f.id}.csv").is_file()


# ---------------------------------------------------------------- in the browser and on paper

FIXTURE = Path(__file__).parent / "fixtures" / "books" / "figures"
ARTIFACTS = Path(__file__).parent / "artifacts"


def test_a_figure_in_chapter_prose_and_one_in_a_solution_are_numbered_in_page_order():
    book = load_book(FIXTURE)
    assert not book.problems
    figs = book.chapters[0].figures
    assert figs["stopping-potential"].number == "1.1" and figs["lines"].number == "1.2"
    assert figs["stopping-potential"].rows[0] == [6.877, 0.56]          # read from the CSV
    step = book.chains["photoelectric"].steps[0]
    assert step.answer["tolerance"] == "0.46%"


def test_the_print_edition_has_the_figure_as_vector_text(tmp_path):
    from book.pdf import make_pdf
    from tests.test_pdf import poppler

    pdf = tmp_path / "figures.pdf"
    make_pdf(pdf, book_root=FIXTURE)
    text = poppler("pdftotext", pdf, "-layout")
    assert "Figure 1.1. Stopping potential against frequency, sodium." in " ".join(text.split())
    assert "Figure 1.2." in text                                   # the solution's figure, in the back
    assert "Stopping potential (V)" in text and "Frequency ν (10¹⁴ Hz)" in text  # axis titles are text
    assert "least-squares line" in text                            # the legend too
    assert "Download the data" not in text                         # no web-only parts,
    assert "Data of Figure 1.1" in text and "6.877" in text         # but the data, printed small
    images = poppler("pdfimages", pdf, "-list").splitlines()[2:]
    assert images == [], images                                    # drawn as vectors, not pictures


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figures_read_in_both_schemes_and_axe_is_clean(browser, site_url, scheme):
    """The same SVG takes its text colour from the page and its series colours from the
    scheme; a screenshot of each scheme goes to tests/artifacts/; axe-core finds no serious
    or critical WCAG 2.1 AA violations with the data table open."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.goto(site_url + "03-light-and-matter/", wait_until="networkidle")
    fig = pg.locator("#figure-photoelectric-sodium")
    fig.scroll_into_view_if_needed()
    colours = pg.evaluate("""() => {
        const fig = document.querySelector('#figure-photoelectric-sodium');
        const text = [...fig.querySelectorAll('svg text')].find(t => t.textContent.startsWith('Frequency'));
        const page = getComputedStyle(document.querySelector('.md-typeset')).color;
        const point = fig.querySelector('svg use[style*="--fig-1"]');
        return {text: getComputedStyle(text).fill, page, point: getComputedStyle(point).fill,
                bg: getComputedStyle(document.body).backgroundColor};
    }""")
    assert colours["text"] == colours["page"]                      # axis text is the page's text colour
    expected_point = {"light": "rgb(31, 79, 168)", "dark": "rgb(138, 180, 255)"}[scheme]
    assert colours["point"] == expected_point
    ARTIFACTS.mkdir(exist_ok=True)
    shot = fig.screenshot(path=str(ARTIFACTS / f"figure-{scheme}.png"))
    assert len(shot) > 10_000
    fig.locator("summary").click()
    assert fig.locator("table td", has_text="6.877").is_visible()
    csv_text = pg.request.get(site_url + "figures/photoelectric-sodium.csv").text()
    assert csv_text.splitlines()[1] == "6.877,0.56"
    assert_axe_clean(pg)
    context.close()


def test_the_authoring_guide_quotes_what_check_says_about_figures(tmp_path):
    guide = (ROOT / "web" / "authoring.md").read_text(encoding="utf-8").replace("`", "")
    cases = [dict(y="v"), dict(xunits="nm"), dict(data="    rows:\n      - [1, null]\n      - [null, 3.9]")]
    for i, kw in enumerate(cases):
        (tmp_path / str(i)).mkdir()
        _, lines = problems(make_book(tmp_path / str(i), **kw))
        message = lines[0].split(": error: ", 1)[1]
        assert message.replace("`", "") in guide, message


def test_figures_and_their_open_data_tables_fit_a_phone(browser, site_url):
    """On a 375-pixel phone, with every data table open, nothing scrolls sideways: a wide
    table scrolls inside its own box, which the keyboard can reach."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    pg = context.new_page()
    pg.goto(site_url + "01-weighing-atoms/", wait_until="networkidle")
    pg.evaluate("document.querySelectorAll('.step-solution').forEach(d => { chemBook.unseal(d); d.hidden = false; });"  # as when solved
                "document.querySelectorAll('details.figure-data').forEach(d => d.open = true)")
    assert pg.locator("details.figure-data[open]").count() >= 3
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    box = pg.locator("#figure-oxygen-per-gram .figure-table-scroll")
    assert box.get_attribute("tabindex") == "0"
    assert pg.evaluate("el => el.getBoundingClientRect().right <= 375", box.element_handle())  # inside the screen
    context.close()
