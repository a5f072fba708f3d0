"""The class view, in Chromium: three students' exported progress files make a class table;
a file from another edition is flagged, one that is not a progress file is left out."""

import json
from pathlib import Path

import pytest

from book import classview, course, site
from book.load import load_book

from .conftest import assert_axe_clean

ROOT = Path(__file__).resolve().parents[1]
COURSE = Path(__file__).parent / "fixtures" / "courses" / "gases" / "course.yaml"
STORE = "chem-book:progress:v1"


@pytest.fixture(scope="module")
def course_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("class-site")
    server, url = site.serve_directory(out)
    assert site.build(site_dir=out, site_url=url, course=COURSE) == 0
    yield url, classview.build_id(course.load_course(COURSE)[0])
    server.shutdown()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors


def progress_file(name, build, chains):
    data = {"book": "chem-book", "version": 1, "seed": 7, "chains": chains, "exported": "2026-12-01T10:00:00Z"}
    if build:
        data["build"] = build
    return {"name": name, "mimeType": "application/json", "buffer": json.dumps(data).encode()}


def test_export_carries_the_build_identity(page, course_site):
    url, build = course_site
    page.goto(url + "progress/")
    page.evaluate(f"localStorage.setItem('{STORE}', JSON.stringify({{version: 1, chains: "
                  "{boyle: {'pressure-in-atm': {status: 'solved', attempts: 1}}}}))")
    page.reload()
    with page.expect_download() as dl:
        page.click(".progress-export")
    data = json.loads(Path(dl.value.path()).read_text())
    assert data["build"] == build and data["chains"]["boyle"]["pressure-in-atm"]["status"] == "solved"


def test_class_table_from_three_progress_files(page, course_site):
    url, build = course_site
    page.goto(url + "class/")
    assert build in page.locator(".class-edition").inner_text()
    files = [
        progress_file("alice.json", build, {"boyle": {
            "pressure-in-atm": {"status": "solved", "attempts": 2, "hints": 1},
            "halve-the-volume": {"status": "solved", "attempts": 1}}}),
        progress_file("bob.json", build, {"boyle": {
            "pressure-in-atm": {"status": "revealed", "attempts": 3, "hints": 1}},
            "millikan-oil-drop": {}}),
        progress_file("carol.json", "0123456789ab", {"boyle": {
            "pressure-in-atm": {"attempts": 1}}}),
        {"name": "notes.json", "mimeType": "application/json", "buffer": b"{not json"},
    ]
    page.set_input_files(".class-open", files)
    page.wait_for_selector("table.class-chain")
    notes = page.locator(".class-files").inner_text()
    assert "notes.json: left out" in notes
    assert "carol.json: it is from another edition of the book (0123456789ab" in notes
    assert "alice.json: read" in notes and "bob.json: read" in notes
    table = page.locator('table.class-chain[data-chain="boyle"]')
    rows = table.locator("tbody tr")
    assert rows.count() == 4                                     # three students and the total
    def cells(i):
        return [c.inner_text().replace("\n", " ") for c in rows.nth(i).locator("td").all()]
    assert rows.nth(0).locator("th").inner_text() == "alice"
    assert cells(0) == ["✓ solved 2 attempts, 1 hint", "✓ solved 1 attempt", "2 of 2"]
    assert cells(1) == ["◐ answer shown 3 attempts, 1 hint", "· not started", "0 of 2"]
    assert rows.nth(2).locator("th").inner_text() == "carol ⚠"
    assert cells(2) == ["✗ not yet 1 attempt", "· not started", "0 of 2"]
    assert cells(3)[:2] == ["1 of 3", "1 of 3"]                   # solved by, per step
    # bob opened the Millikan chain: it gets a table too; chains nobody started do not
    assert page.locator('table.class-chain[data-chain="millikan-oil-drop"]').count() == 1
    assert page.locator("table.class-chain").count() == 2
    # readable by everyone: axe-core finds no serious WCAG 2.1 AA violation; a phone does not scroll sideways
    assert_axe_clean(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with page.expect_download() as dl:                           # the same, for a spreadsheet
        page.click(".class-csv")
    rows = Path(dl.value.path()).read_text().splitlines()
    assert rows[0] == "student,chain,step,step id,status,attempts,hints,edition"
    assert f"alice,Boyle's air spring,1.1.1,pressure-in-atm,solved,2,1,{build}" in rows
    assert "carol,Boyle's air spring,1.1.1,pressure-in-atm,tried,1,0,0123456789ab" in rows
    millikan = len(load_book(ROOT).chains["millikan-oil-drop"].steps)
    assert len(rows) == 1 + 3 * 2 + 3 * millikan                 # students × steps, both chains


def test_derived_params_are_drawn_in_the_browser_as_in_python(page, course_site):
    """The browser picks a derived value by the indices of the params it comes from, exactly
    as book/params.py does, so the page shows what `check` graded."""
    from book import params

    url, _ = course_site
    chain = course.load_course(COURSE)[0].chains["boyle"]
    page.goto(url + "01-gas-laws/")
    page.wait_for_selector('[data-chain="boyle"]')
    seeds = list(range(25))
    drawn = page.evaluate("""(seeds) => {
        const data = chemBook.decodeSpecs(document.querySelector('[data-chain="boyle"]'));
        return seeds.map((s) => {
            const v = chemBook.chooseValues(s, 'boyle', data.params);
            return [v.p_mmHg.text, v.p_atm.text];
        });
    }""", seeds)
    expected = [[v["p_mmHg"].text, v["p_atm"].text] for v in (params.for_seed(s, "boyle", chain.params) for s in seeds)]
    assert drawn == expected and len({d[0] for d in drawn}) > 3
