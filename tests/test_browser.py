"""End to end in Chromium: a learner works through the Balmer chain, graded by Pyodide + sympy.

Runs against the real built site over HTTP. A missing Chromium fails these tests (see
conftest.py); they are never skipped.
"""

import re
import time
from pathlib import Path

import pytest

import checker
from book.load import load_book

from .conftest import assert_axe_clean

ROOT = Path(__file__).resolve().parents[1]
READY = '.checker-status[data-state="ready"]'
PAGE = "04-hydrogen-atom/"


BOOK = load_book(ROOT)


@pytest.fixture(scope="module")
def chain():
    return BOOK.chains["balmer-to-bohr"]


def chapter_page(chain) -> str:
    ch = next(c for c in BOOK.chapters if chain in c.chains)
    return f"{ch.number:02d}-{ch.id}/"


@pytest.fixture()
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    foreign = []
    pg.on("request", lambda r: None if r.url.startswith((site_url, "data:", "blob:")) else foreign.append(r.url))
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not errors, f"JavaScript errors: {errors}"


def open_chain(page, site_url, path=PAGE):
    page.goto(site_url + path)
    page.wait_for_selector(READY, timeout=120_000)


def step(page, chain, i):
    return page.locator(f'[data-chain="{chain.id}"] [data-step="{chain.steps[i].id}"]')


def answer_text(chain, i, expected=None):
    spec = chain.spec(chain.steps[i])
    if expected is not None:
        spec = {**spec, "expected": expected}
    return checker.answer(spec)[0]


def reveal_steps_before(page, chain, i):
    """Mark the steps before step ``i`` as done in the stored progress, and reload."""
    page.evaluate("""([chain, steps]) => {
        const p = {version: 1, chains: {[chain]: {}}};
        steps.forEach((id) => { p.chains[chain][id] = {status: 'revealed'}; });
        localStorage.setItem('chem-book:progress:v1', JSON.stringify(p));
    }""", [chain.id, [s.id for s in chain.steps[:i]]])
    page.reload()
    page.wait_for_selector(READY, timeout=120_000)


def submit(page, chain, i, text):
    s = step(page, chain, i)
    if chain.steps[i].answer["type"] == "choice":
        css = text.replace("\\", "\\\\").replace('"', '\\"')  # a CSS string: TeX's backslashes escaped
        s.locator(f'input[type=radio][value="{css}"]').check()
        s.locator(".step-check").click()
    elif chain.steps[i].answer["type"] == "derivation":
        s.locator(".step-input").fill(text)
        s.locator(".step-input").press("Control+Enter")
    else:
        s.locator(".step-input").fill(text)
        s.locator(".step-input").press("Enter")
    fb = s.locator(".step-feedback")
    page.wait_for_function("el => el.textContent && !el.classList.contains('pending')",
                           arg=fb.element_handle(), timeout=30_000)
    return fb


def test_wrong_then_right_then_reload(page, site_url, chain):
    open_chain(page, site_url)
    first, second = step(page, chain, 0), step(page, chain, 1)
    assert "locked" in second.get_attribute("class")
    assert second.locator(".step-input").is_disabled()

    # the live preview shows how the answer is read
    first.locator(".step-input").fill("1.5233 x 10^6 m^-1")
    page.wait_for_function("el => el.querySelector('.katex')", arg=first.locator(".step-preview").element_handle())
    assert "Read as" in first.locator(".step-preview").inner_text()

    # a real student's slip gets its own authored feedback
    mistake = chain.steps[0].mistakes[0]
    fb = submit(page, chain, 0, answer_text(chain, 0, str(mistake["answer"])))
    assert "incorrect" in fb.get_attribute("class")
    assert "air" in fb.inner_text().lower()

    # a power-of-ten slip is diagnosed automatically
    fb = submit(page, chain, 0, "1.5233e3 m^-1")
    assert "10^-3" in fb.inner_text() or "factor of 1000" in fb.inner_text()

    # the right answer: correct, solution shown, next step unlocked
    fb = submit(page, chain, 0, answer_text(chain, 0))
    assert "Correct" in fb.inner_text()
    assert first.locator(".step-solution").is_visible()
    assert "locked" not in second.get_attribute("class")
    assert second.locator(".step-input").is_enabled()

    # hints come one at a time
    second.locator(".step-hint").click()
    assert second.locator(".hint:visible").count() == 1

    page.reload()
    page.wait_for_selector(READY, timeout=120_000)
    assert "solved" in first.get_attribute("class")
    assert first.locator(".step-solution").is_visible()
    assert "locked" not in second.get_attribute("class")
    assert second.locator(".hint:visible").count() == 1


# Answers a chain's steps in order as a learner does: the answer in its box, then Enter
# (Ctrl+Enter in a derivation), or the option chosen and Check; each step's feedback awaited
# before the next. The events are the page's own (the keystrokes themselves are typed by the
# tests above and in test_phone.py): one call per chain instead of four Playwright round trips
# a step, which cost the browser twice what grading the book does.
ANSWER_CHAIN = """async ([chain, answers]) => {
  const out = [];
  for (const [id, type, text] of answers) {
    const step = document.querySelector(`[data-chain="${chain}"] [data-step="${id}"]`);
    const fb = step.querySelector(".step-feedback");
    if (type === "choice") {
      const option = [...step.querySelectorAll("input[type=radio]")].find((r) => r.value === text);
      if (!option) { out.push([id, "no option", text]); break; }
      option.click();
      step.querySelector(".step-check").click();
    } else {
      const box = step.querySelector(".step-input");
      box.focus();
      box.value = text;
      box.dispatchEvent(new Event("input", {bubbles: true}));
      box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", ctrlKey: type === "derivation", bubbles: true, cancelable: true}));
    }
    const until = performance.now() + 30000;
    while ((!fb.textContent || fb.classList.contains("pending")) && performance.now() < until) {
      await new Promise((done) => setTimeout(done, 5));
    }
    out.push([id, fb.className, fb.textContent]);
    if (!fb.classList.contains("correct")) break;
  }
  return out;
}"""


@pytest.mark.parametrize("path", sorted({chapter_page(c) for c in BOOK.chains.values()}))
def test_every_step_of_every_chain_is_solvable_in_the_browser(page, site_url, path):
    """Each step of every chain on a chapter's page, answered as its worked answer, is graded
    correct in Chromium; together the chains use every answer type. The chains share one visit
    to their page, as a learner's do (a page load per chain cost 2.5 s more each)."""
    from book import params

    chains = [c for c in BOOK.chains.values() if chapter_page(c) == path]
    open_chain(page, site_url, path)
    seed = page.evaluate("JSON.parse(localStorage.getItem('chem-book:progress:v1') || '{}').seed")
    for c in chains:
        if c.params:  # answer this learner's variant
            c = params.variant(c, params.for_seed(seed, c.id, c.params))
        answers = [[s.id, s.answer["type"], checker.answer(c.spec(s))[0]] for s in c.steps]
        verdicts = page.evaluate(ANSWER_CHAIN, [c.id, answers])
        assert len(verdicts) == len(c.steps), (c.id, verdicts[-1], answers[len(verdicts) - 1])
        for (sid, cls, text), (_, _, answer) in zip(verdicts, answers):
            assert cls.split() == ["step-feedback", "correct"] and text.startswith("Correct"), (c.id, sid, answer, cls, text)
        assert page.locator(f'[data-chain="{c.id}"] .step.locked').count() == 0, c.id


def test_the_book_uses_every_answer_type():
    used = {s.answer["type"] for c in BOOK.chains.values() for s in c.steps}
    assert used == set(checker.TYPES)


def test_multiline_derivation_in_the_browser(page, site_url):
    c = BOOK.chains["checker-tour"]
    i = next(k for k, s in enumerate(c.steps) if s.answer["type"] == "derivation")
    page.goto(site_url + chapter_page(c))
    reveal_steps_before(page, c, i)
    box = step(page, c, i).locator("textarea.step-input")
    box.click()
    box.type("n = PV/(RT)")
    box.press("Enter")                      # Enter is a new line in a derivation
    box.type("n/V = P/(R T)")
    assert box.input_value() == "n = PV/(RT)\nn/V = P/(R T)"
    fb = submit(page, c, i, "n = PV/(RT)\nn/V = P/(RT)")
    assert "Correct" in fb.inner_text()


def test_expression_feedback_and_invalid_input_in_the_browser(page, site_url, chain):
    open_chain(page, site_url)
    i = next(k for k, s in enumerate(chain.steps) if s.answer["type"] == "expression")
    reveal_steps_before(page, chain, i)
    fb = submit(page, chain, i, "nonsense_name + 1")
    assert "invalid" in fb.get_attribute("class") and "nonsense_name" in fb.inner_text()
    mistake = chain.steps[i].mistakes[0]
    fb = submit(page, chain, i, str(mistake["answer"]))
    assert "incorrect" in fb.get_attribute("class")


def test_checker_survives_instant_navigation(page, site_url, chain):
    open_chain(page, site_url)
    page.evaluate("window.__marker = 'same document'")
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_url(re.compile(r".*/03-light-and-matter/(#.*)?$"))
    # The URL changes before the footer is swapped: click the link once it is chapter 3's own.
    page.locator("a.md-footer__link--next[href*='04-hydrogen-atom']").click()
    page.wait_for_url(re.compile(r".*/04-hydrogen-atom/(#.*)?$"))
    # instant navigation kept the document (and so the warm worker)
    assert page.evaluate("window.__marker") == "same document"
    page.wait_for_selector(READY, timeout=5_000)
    fb = submit(page, chain, 0, answer_text(chain, 0))
    assert "Correct" in fb.inner_text()


def test_corrupt_progress_store_never_blanks_the_page(page, site_url, chain):
    page.goto(site_url + "assets/checker/manifest.json")   # same origin, no book script running
    page.evaluate("localStorage.setItem('chem-book:progress:v1', '{not json')")
    page.goto(site_url + PAGE)
    page.wait_for_selector(".progress-notice")
    assert "could not be read" in page.locator(".progress-notice").inner_text()
    assert step(page, chain, 0).is_visible()
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.includes(':corrupt:')).length")
    assert kept == 1


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    """The book built for, and served at, a sub-path such as https://example.org/chem/."""
    from book import site

    from .conftest import serve

    out = tmp_path_factory.mktemp("subpath-site")
    server, url = serve(out, prefix="/chem/")
    site.build(site_dir=out, site_url=url)
    yield url
    server.shutdown()


def test_site_works_under_a_sub_path(browser, subpath_site, chain):
    """Pages, the worker, Pyodide and the wheels all load from /chem/."""
    context = browser.new_context()
    pg = context.new_page()
    failed = []
    pg.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    pg.goto(subpath_site + PAGE)
    pg.wait_for_selector(READY, timeout=120_000)
    fb = submit(pg, chain, 0, answer_text(chain, 0))
    assert "Correct" in fb.inner_text()
    assert not failed, failed
    assert all(u.startswith(subpath_site) for u in [pg.url])
    context.close()


def test_randomized_step_uses_the_learners_own_variant(page, site_url):
    from book import params

    c = BOOK.chains["checker-tour"]
    i = next(k for k, s in enumerate(c.steps) if "{{" in str(s.answer.get("expected")))
    p = c.params["t"]
    seed = next(s for s in range(1000) if params.choose(s, c.id, p) != p.default)
    values = params.for_seed(seed, c.id, c.params)
    def answer_for(vals):
        v = params.variant(c, vals)
        return checker.answer(v.spec(v.steps[i]))[0]

    mine, default = answer_for(values), answer_for(params.defaults(c.params))
    assert mine != default

    page.goto(site_url + "assets/checker/manifest.json")
    page.evaluate(f"localStorage.setItem('chem-book:progress:v1', JSON.stringify({{version: 1, seed: {seed}, chains: {{}}}}))")
    open_chain(page, site_url, chapter_page(c))
    assert page.evaluate("chemBook.fnv1a('hello')") == params.fnv1a("hello")
    prompt = step(page, c, i).locator(".step-prompt").inner_text()
    assert "<span" not in prompt and "{{" not in prompt      # no template leaks into the page
    shown = step(page, c, i).locator(".step-prompt .param-math").inner_text()
    assert values["t"].text in shown.replace("\n", "")      # the learner's own temperature, as math
    fb = submit(page, c, i, default)
    assert "incorrect" in fb.get_attribute("class")        # the default variant's answer is not theirs
    fb = submit(page, c, i, mine)
    assert "Correct" in fb.inner_text()
    assert page.evaluate("JSON.parse(localStorage.getItem('chem-book:progress:v1')).seed") == seed


def test_a_new_learner_gets_a_seed_that_is_kept(page, site_url):
    c = BOOK.chains["checker-tour"]
    open_chain(page, site_url, chapter_page(c))
    seed = page.evaluate("JSON.parse(localStorage.getItem('chem-book:progress:v1')).seed")
    assert isinstance(seed, int)
    page.reload()
    page.wait_for_selector(READY, timeout=120_000)
    assert page.evaluate("JSON.parse(localStorage.getItem('chem-book:progress:v1')).seed") == seed


def test_progress_page_counts_resume_export_and_import(page, site_url, chain, tmp_path):
    import json

    open_chain(page, site_url)
    submit(page, chain, 0, "1 m")                              # an attempt
    submit(page, chain, 0, answer_text(chain, 0))              # solved
    page.goto(site_url + "progress/")
    row = page.locator("tr", has_text=chain.title)
    cells = row.locator("td").all_inner_texts()
    assert cells[2] == f"1 of {len(chain.steps)}" and cells[3] == "1"
    resume = page.locator("a", has_text="Resume where I left off")
    assert resume.get_attribute("href").endswith(f"#{chain.id}--{chain.steps[1].id}")   # the first step not solved

    with page.expect_download() as download:
        page.locator(".progress-export").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["book"] == "chem-book" and data["chains"][chain.id][chain.steps[0].id]["status"] == "solved"

    before = page.evaluate("localStorage.getItem('chem-book:progress:v1')")
    for bad, words in [("not json at all", "not JSON"), ('{"version": 2, "chains": {}}', "version 2"),
                       ('{"book": "other", "version": 1, "chains": {}}', "another book")]:
        f = tmp_path / "bad.json"
        f.write_text(bad)
        page.locator(".progress-import").set_input_files(str(f))
        page.wait_for_function("el => el.textContent.length > 0", arg=page.locator(".progress-message").element_handle())
        assert words in page.locator(".progress-message").inner_text()
        assert page.evaluate("localStorage.getItem('chem-book:progress:v1')") == before   # nothing changed
        page.evaluate("document.querySelector('.progress-message').textContent = ''")

    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".progress-import").set_input_files(str(exported))
    page.locator(".progress-import-confirm").click()
    page.wait_for_function("el => el.textContent.includes('Imported')", arg=page.locator(".progress-message").element_handle())
    assert page.locator("tr", has_text=chain.title).locator("td").nth(2).inner_text() == f"1 of {len(chain.steps)}"


def test_a_runaway_check_is_cut_off_and_the_checker_restarts(page, site_url, chain):
    open_chain(page, site_url)
    submit(page, chain, 0, answer_text(chain, 0))
    # A long answer with the limit at 1 ms stands in for a check that runs away.
    result = page.evaluate("""async () => {
        chemBook.checker.timeoutMs = 1;
        const r = await chemBook.checker.request("grade", {type: "expression", expected: "x", symbols: ["x"]},
                                                 Array(180).fill("(x+1)^2").join(" + "));  // 1600 characters: read, then probed
        chemBook.checker.timeoutMs = 3000;
        return r;
    }""")
    assert result.get("timedOut") and "more than 3 seconds" in result["feedback"], result
    page.wait_for_selector(READY, timeout=120_000)             # a fresh worker came up
    fb = submit(page, chain, 1, answer_text(chain, 1))
    assert "Correct" in fb.inner_text()
    assert "solved" in step(page, chain, 0).get_attribute("class")   # nothing was lost


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_with_axe_on_a_phone(browser, site_url, chain, scheme):
    """axe-core finds no serious or critical WCAG 2.1 AA violations, in both colour schemes,
    on a 375-pixel-wide phone, with a step answered; nothing scrolls sideways."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 375, "height": 800})
    pg = context.new_page()
    open_chain(pg, site_url)
    submit(pg, chain, 0, "1 m")
    assert_axe_clean(pg)
    assert_fits_a_phone(pg)
    context.close()


def assert_fits_a_phone(pg):
    """Nothing in the structure chain reaches past a 375-pixel screen (wide math scrolls in its box)."""
    wide = pg.evaluate("""() => [...document.querySelectorAll('[data-chain="isomers-and-resonance"] *')]
        .filter((e) => e.getBoundingClientRect().right > 376 && !e.closest('.md-typeset__scrollwrap, .arithmatex'))
        .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert not wide, wide


def test_keyboard_only(page, site_url, chain):
    """Tab to the answer, Enter checks, the feedback is announced, focus moves on to the next step."""
    open_chain(page, site_url)
    first = step(page, chain, 0)
    first.locator(".step-input").focus()
    page.keyboard.type(answer_text(chain, 0))
    page.keyboard.press("Enter")
    fb = first.locator(".step-feedback")
    page.wait_for_function("el => el.textContent.includes('Correct')", arg=fb.element_handle(), timeout=30_000)
    assert fb.get_attribute("aria-live") == "polite" and fb.get_attribute("role") == "status"
    focused = page.evaluate("document.activeElement.closest('.step').dataset.step")
    assert focused == chain.steps[1].id
    label = page.evaluate("document.activeElement.labels[0].textContent")
    assert "Your answer" in label


def wait_for_offline_copy(pg, *paths):
    """Until the service worker has kept these paths (relative to the site) in its cache."""
    pg.evaluate("chemBook.offline")
    pg.wait_for_function("""async (paths) => {
        const name = (await caches.keys()).find((k) => k.startsWith('chem-book-'));
        if (!name) return false;
        const cache = await caches.open(name);
        for (const p of paths) if (!(await cache.match(new URL(p, chemBook.siteRoot).href))) return false;
        return true;
    }""", arg=list(paths), timeout=120_000, polling=500)


def test_works_offline_after_the_first_visit(browser, site_url, chain):
    """The page visited and the checker are kept by default; a page never visited says, offline,
    that it was not saved (the whole book is kept only on request: tests/test_phone.py)."""
    context = browser.new_context()
    pg = context.new_page()
    open_chain(pg, site_url)
    wait_for_offline_copy(pg, PAGE, "assets/pyodide/python_stdlib.zip", "assets/js/steps.js")
    wait_for_kept_snapshot(pg)
    assert pg.evaluate("caches.keys().then(k => k.filter(n => n.startsWith('chem-book-')).length)") == 1
    submit(pg, chain, 0, answer_text(chain, 0))
    context.set_offline(True)
    pg.reload()
    pg.wait_for_selector(READY, timeout=120_000)               # Pyodide and the wheels came from the cache
    assert "solved" in step(pg, chain, 0).get_attribute("class")
    fb = submit(pg, chain, 1, answer_text(chain, 1))
    assert "Correct" in fb.inner_text()
    pg.goto(site_url + "00-how-to-answer/")                     # another page, never visited, offline
    assert "not saved for offline use" in pg.locator("h1").first.inner_text()
    context.close()


def test_a_new_build_has_a_new_cache(tmp_path):
    from book.offline import write_service_worker

    (tmp_path / "index.html").write_text("one")
    first = write_service_worker(tmp_path)
    (tmp_path / "index.html").write_text("two")
    assert write_service_worker(tmp_path) != first
    assert "k !== CACHE" in (tmp_path / "sw.js").read_text()   # old caches are deleted on activation


def test_when_the_checker_cannot_start_the_page_says_why(browser, site_url, chain):
    """A browser that cannot run the checker (here: Pyodide is blocked) still lets the learner
    read every step and, after confirming, see the answer."""
    context = browser.new_context()
    context.route("**/pyodide/**", lambda route: route.abort())   # the context's route reaches the worker
    pg = context.new_page()
    pg.goto(site_url + PAGE)
    status = pg.locator(".checker-status").first
    pg.wait_for_function("el => el.dataset.state === 'failed'", arg=status.element_handle(), timeout=60_000)
    assert "could not start" in status.inner_text()
    first = step(pg, chain, 0)
    assert first.locator(".step-check").is_disabled()
    give_up = first.locator(".step-giveup")
    give_up.click()
    assert "Really" in give_up.inner_text() and first.locator(".step-solution").is_hidden()
    give_up.click()
    assert first.locator(".step-solution").is_visible()
    assert "locked" not in step(pg, chain, 1).get_attribute("class")
    context.close()


def test_checker_starts_from_the_build_time_snapshot(page, site_url, chain):
    open_chain(page, site_url)
    assert "from the snapshot" in page.evaluate("chemBook.checker.detail")
    fb = submit(page, chain, 0, answer_text(chain, 0))
    assert "correct" in fb.get_attribute("class").split()


def test_without_the_snapshot_python_starts_from_scratch(browser, site_url, chain):
    """A snapshot that cannot be fetched (or restored) costs time, not the checker."""
    context = browser.new_context()
    context.route("**/*.snapshot", lambda route: route.abort())
    pg = context.new_page()
    pg.goto(site_url + PAGE)
    # ready or failed, whichever comes first: a failure says why at once, not after the timeout
    settled = pg.wait_for_selector('.checker-status[data-state="ready"], .checker-status[data-state="failed"]',
                                   timeout=180_000)
    assert settled.get_attribute("data-state") == "ready", settled.inner_text()
    assert "from scratch" in pg.evaluate("chemBook.checker.detail")
    # The WebAssembly compiled for the snapshot often finishes after this slow start. Its last
    # download progress once turned the checker back to "loading", and every check then waited.
    worker = next(w for w in pg.workers if "checker-worker" in w.url)
    deadline = time.monotonic() + 60
    while "webassembly compiled" not in worker.evaluate("self.timings") and time.monotonic() < deadline:
        pg.wait_for_timeout(200)
    pg.wait_for_timeout(500)
    assert pg.evaluate("chemBook.checker.state") == "ready"
    fb = submit(pg, chain, 0, answer_text(chain, 0))
    assert "correct" in fb.get_attribute("class").split()
    context.close()


def test_the_checker_grades_before_sympys_files_arrive(browser, site_url, chain):
    """Restored from the snapshot, Python has imported what checks use: the checker is ready
    and grades without the archives (sympy's files, 4.7 MB). An import from them before they
    are written waits for them; a failed download is tried again on the next such import."""
    context = browser.new_context(service_workers="block")  # no offline copy to take them from
    context.route("**/assets/checker/*.zip", lambda route: route.abort())
    pg = context.new_page()
    pg.goto(site_url + PAGE)
    pg.wait_for_selector(READY, timeout=120_000)
    assert "from the snapshot" in pg.evaluate("chemBook.checker.detail")
    fb = submit(pg, chain, 0, answer_text(chain, 0))
    assert "correct" in fb.get_attribute("class").split()
    worker = next(w for w in pg.workers if "checker-worker" in w.url)
    assert "archives written" not in worker.evaluate("self.timings")
    lazy = """() => self.withArchives(() => self.python.runPython("import sympy.stats; sympy.stats.__name__"))
                     .catch((err) => `failed: ${err.message}`)"""
    assert worker.evaluate(lazy).startswith("failed: ")      # not there: the import is not attempted
    context.unroute("**/assets/checker/*.zip")
    assert worker.evaluate(lazy) == "sympy.stats"             # downloaded, written, imported
    assert "archives written" in worker.evaluate("self.timings")
    context.close()


def wait_for_kept_snapshot(pg):
    """Until the worker has kept its decompressed snapshot (it marks the moment its put ends)."""
    worker = next(w for w in pg.workers if "checker-worker" in w.url)
    deadline = time.monotonic() + 120
    while "snapshot kept" not in worker.evaluate("self.timings"):
        assert time.monotonic() < deadline, "the decompressed snapshot was never kept"
        pg.wait_for_timeout(500)


def after_a_first_visit(browser, site_url):
    """A new browser context that has visited PAGE once and kept its decompressed snapshot."""
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(site_url + PAGE)
    pg.wait_for_selector(READY, timeout=120_000)
    wait_for_kept_snapshot(pg)
    return context, pg


def kept_snapshot_bytes(pg):
    """The size of each decompressed snapshot the worker kept (origin private file system)."""
    return pg.evaluate("""async () => {
        let dir;
        try { dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('checker-python-memory'); }
        catch { return 0; }
        let n = 0;
        for await (const file of dir.values()) n += (await file.getFile()).size;
        return n;
    }""")


def test_a_returning_learner_reads_the_kept_decompressed_snapshot(browser, site_url, chain):
    """The first visit keeps the decompressed snapshot; the next reads it instead of
    decompressing, and a new build's offline copy does not delete it."""
    context, pg = after_a_first_visit(browser, site_url)
    pg.wait_for_function("async () => (await caches.keys()).some((k) => k.startsWith('chem-book-'))",
                         timeout=120_000, polling=500)
    pg.reload()
    pg.wait_for_selector(READY, timeout=120_000)
    timings = next(w for w in pg.workers if "checker-worker" in w.url).evaluate("self.timings")
    assert "snapshot read" in timings and "snapshot downloaded" not in timings
    fb = submit(pg, chain, 0, answer_text(chain, 0))
    assert "correct" in fb.get_attribute("class").split()
    context.close()


def test_two_tabs_opened_at_once_both_read_the_kept_snapshot(browser, site_url, chain):
    """Two chapters opened together: both workers read the kept copy at the same time (read-only
    access handles), neither takes the other's lock for damage, and both grade."""
    context, pg = after_a_first_visit(browser, site_url)
    size = kept_snapshot_bytes(pg)
    pg.close()
    tabs = [context.new_page(), context.new_page()]
    tabs[0].goto(site_url + PAGE, wait_until="commit")
    tabs[1].goto(site_url + "03-light-and-matter/", wait_until="commit")
    for tab in tabs:
        tab.wait_for_selector(READY, timeout=120_000)
        timings = next(w for w in tab.workers if "checker-worker" in w.url).evaluate("self.timings")
        assert "snapshot read" in timings and "snapshot downloaded" not in timings, timings
    assert kept_snapshot_bytes(tabs[0]) == size                       # not deleted, not rewritten
    fb = submit(tabs[0], chain, 0, answer_text(chain, 0))
    assert "correct" in fb.get_attribute("class").split()
    context.close()


def test_a_damaged_kept_snapshot_is_replaced(browser, site_url, chain):
    """A damaged copy kept by an earlier visit is deleted; the shipped snapshot is used and
    kept again, and the learner only waits a little longer."""
    context, pg = after_a_first_visit(browser, site_url)
    pg.evaluate("""async () => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('checker-python-memory');
        for await (const file of dir.values()) {
            const out = await file.createWritable();
            await out.write(new Uint8Array(1000));   // not a snapshot
            await out.close();
        }
    }""")
    pg.reload()
    pg.wait_for_selector(READY, timeout=180_000)
    assert "from the snapshot" in pg.evaluate("chemBook.checker.detail")
    timings = next(w for w in pg.workers if "checker-worker" in w.url).evaluate("self.timings")
    assert "snapshot read" in timings and "snapshot downloaded" in timings   # the copy, then the shipped one
    wait_for_kept_snapshot(pg)
    assert kept_snapshot_bytes(pg) > 10**6
    fb = submit(pg, chain, 0, answer_text(chain, 0))
    assert "correct" in fb.get_attribute("class").split()
    context.close()


# ---- structures (SPEC §8) -------------------------------------------------------------------
STRUCTURE_CASES = [c for c in __import__("yaml").safe_load(
    (ROOT / "tests" / "cases" / "structures.yaml").read_text(encoding="utf-8"))]


def _structure_page(page, site_url):
    """The chain with structure steps, first step open, and RDKit loaded by the page."""
    c = BOOK.chains["isomers-and-resonance"]
    open_chain(page, site_url, chapter_page(c))
    page.wait_for_function("() => window.chemBook.checker.request('chem', {type: 'structure'}, '').then((r) => r.ready)",
                           timeout=120_000)
    return c


def test_structure_cases_typed_in_chromium(page, site_url):
    """Every structure case, graded by the page's worker (Pyodide + RDKit MinimalLib), gets
    the native verdict: status, rule and feedback."""
    _structure_page(page, site_url)
    results = page.evaluate("""async (cases) => {
        const out = [];
        for (const c of cases) out.push(await window.chemBook.checker.request('grade', c.spec, c.input));
        return out;
    }""", [{"spec": c["spec"], "input": c["input"]} for c in STRUCTURE_CASES])
    for case, got in zip(STRUCTURE_CASES, results):
        assert got == checker.grade(case["spec"], case["input"]).as_dict(), case["id"]


def test_structure_step_typed_and_drawn(page, site_url):
    """In the book: a condensed formula typed into the box is previewed, drawn and graded;
    the same answer drawn in the editor fills the box with SMILES and is graded the same."""
    c = _structure_page(page, site_url)
    first = step(page, c, 0)
    box = first.locator(".step-input")
    box.fill("CH3OCH3")
    page.wait_for_function("el => el.querySelector('svg')", arg=first.locator(".step-preview").element_handle(),
                           timeout=30_000)
    assert "C2H6O" in first.locator(".step-preview").inner_text().replace("\n", "").replace(" ", "") or \
        first.locator(".step-preview .katex").count()
    fb = submit(page, c, 0, "CH3OCH3")  # the authored mistake
    assert "other" in fb.inner_text() and "incorrect" in fb.get_attribute("class")
    fb = submit(page, c, 0, "C(C")
    assert "invalid" in fb.get_attribute("class") and "(" in fb.inner_text()

    # draw: the editor's molfile goes through RDKit into the box as SMILES, then it is graded
    box.fill("")
    first.locator(".step-draw").click()
    page.wait_for_function("el => el.editor", arg=first.locator(".structure-editor").element_handle(), timeout=60_000)
    assert first.locator(".structure-editor canvas").count() >= 1
    draw(page, first, "OCC")
    assert box.input_value() == "CCO"
    fb = submit(page, c, 0, box.input_value())
    assert "Correct" in fb.inner_text()


def draw(page, step_el, smiles):
    """Put ``smiles`` into the step's drawing editor as a drawing would (2D coordinates and,
    for stereo, wedges or the double bond's geometry) and wait until it has filled the box."""
    box = step_el.locator(".step-input")
    before = box.input_value()
    page.evaluate("""async ([panel, smiles]) => {
        const OCL = await import(new URL('../openchemlib/openchemlib.js', document.querySelector('script[src*="structures.js"]').src).href);
        panel.editor.setMolecule(OCL.Molecule.fromSmiles(smiles));
        panel.editor.moleculeChanged();
    }""", [step_el.locator(".structure-editor").element_handle(), smiles])
    page.wait_for_function("([el, before]) => el.value && el.value !== before",
                           arg=[box.element_handle(), before], timeout=30_000)


def _is_smiles(text):
    from checker.chem import StructureError, read_smiles

    try:
        read_smiles(text)
    except StructureError:
        return False
    return not re.search(r"M  END|[\n,\s]", text.strip())


def test_structure_cases_drawn_in_the_editor(page, site_url):
    """The SMILES cases drawn in the editor (its molfile read by RDKit) get the native verdict."""
    c = _structure_page(page, site_url)
    first = step(page, c, 0)
    first.locator(".step-draw").click()
    page.wait_for_function("el => el.editor", arg=first.locator(".structure-editor").element_handle(), timeout=60_000)
    drawable = [k for k in STRUCTURE_CASES if _is_smiles(k["input"])
                and checker.grade(k["spec"], k["input"]).status != "invalid"]
    assert len(drawable) >= 20
    for case in drawable:
        first.locator(".step-input").fill("")
        draw(page, first, case["input"])
        drawn = first.locator(".step-input").input_value()
        got = page.evaluate("([spec, text]) => window.chemBook.checker.request('grade', spec, text)", [case["spec"], drawn])
        want = checker.grade(case["spec"], case["input"]).as_dict()
        assert (got["status"], got["note"]) == (want["status"], want["note"]), (case["id"], drawn)


def test_pages_without_structure_steps_never_load_rdkit(page, site_url, chain):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    open_chain(page, site_url)
    page.wait_for_timeout(1500)
    assert not [u for u in requested if "/rdkit/" in u or "openchemlib" in u]


def test_structures_work_offline_once_used(browser, site_url):
    """RDKit is not precached; a page with structure steps caches it when it loads it, and
    structure answers are then graded offline."""
    c = BOOK.chains["isomers-and-resonance"]
    context = browser.new_context()
    pg = context.new_page()
    open_chain(pg, site_url, chapter_page(c))
    pg.evaluate("chemBook.offline")
    pg.wait_for_function("() => window.chemBook.checker.request('chem', {type: 'structure'}, '').then((r) => r.ready)",
                         timeout=120_000)
    # Offline, the page needs RDKit and the checker's own files (sw.js's CHECKER), all kept.
    pg.wait_for_function("""async () => {
        const sw = await (await fetch(new URL('sw.js', chemBook.siteRoot))).text();
        const needed = [...JSON.parse(sw.match(/const CHECKER = (.*);/)[1]).map((f) => new URL(f, new URL(chemBook.siteRoot, location.href)).href)];
        const kept = [];
        for (const n of (await caches.keys()).filter((k) => k.startsWith('chem-book-'))) {
            kept.push(...(await (await caches.open(n)).keys()).map((r) => r.url.split('?')[0]));
        }
        return kept.some((u) => u.endsWith('RDKit_minimal.wasm')) && needed.every((u) => kept.includes(u)); }""",
                         timeout=60_000, polling=500)
    context.set_offline(True)
    pg.reload()
    pg.wait_for_selector(READY, timeout=120_000)
    fb = submit(pg, c, 0, "HOCH2CH3")
    assert "Correct" in fb.inner_text()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_structure_page_accessible_on_a_phone(browser, site_url, scheme):
    """The chapter with structure steps, its drawings, the preview drawing and the open editor
    pass axe-core (WCAG 2.1 AA) on a 375-pixel phone; nothing scrolls sideways."""
    c = BOOK.chains["isomers-and-resonance"]
    context = browser.new_context(color_scheme=scheme, viewport={"width": 375, "height": 800})
    pg = context.new_page()
    open_chain(pg, site_url, chapter_page(c))
    first = step(pg, c, 0)
    first.locator(".step-input").fill("CH3OCH3")
    pg.wait_for_function("el => el.querySelector('svg')", arg=first.locator(".step-preview").element_handle(),
                         timeout=60_000)
    first.locator(".step-draw").click()
    pg.wait_for_function("el => el.editor", arg=first.locator(".structure-editor").element_handle(), timeout=60_000)
    assert_axe_clean(pg)
    assert_fits_a_phone(pg)
    context.close()


def test_structure_drawn_with_the_pointer(page, site_url):
    """A learner draws in the editor itself: drag a bond, click to add one, hover an atom and
    type O. The box fills with the SMILES RDKit reads from the drawing, and Check grades it."""
    c = _structure_page(page, site_url)
    first = step(page, c, 0)
    box = first.locator(".step-input")
    first.locator(".step-draw").click()
    panel = first.locator(".structure-editor")
    page.wait_for_function("el => el.editor", arg=panel.element_handle(), timeout=60_000)
    panel.scroll_into_view_if_needed()

    def at(dx, dy):  # a point of the editor, measured again each time: the page may have moved
        panel.scroll_into_view_if_needed()
        area = panel.bounding_box()
        return area["x"] + area["width"] * 0.5 + dx, area["y"] + area["height"] * 0.5 + dy

    def filled(text):
        page.wait_for_function("([el, text]) => el.value === text", arg=[box.element_handle(), text], timeout=30_000)

    x, y = at(0, 0)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y, steps=5)
    page.mouse.up()
    filled("CC")
    page.mouse.click(*at(60, 0))  # the bond tool on an atom adds a bond to it
    filled("CCC")
    page.mouse.move(*at(60, 2))  # the middle atom becomes O: dimethyl ether, the authored mistake
    page.keyboard.press("o")
    page.keyboard.press("Enter")
    filled("COC")
    first.locator(".step-check").click()
    fb = first.locator(".step-feedback")
    page.wait_for_function("el => el.textContent && !el.classList.contains('pending')", arg=fb.element_handle())
    assert "incorrect" in fb.get_attribute("class") and "other" in fb.inner_text()
    page.mouse.move(*at(60, 2))  # back to C, and an end atom to O: ethanol
    page.keyboard.press("c")
    page.keyboard.press("Enter")
    filled("CCC")
    page.mouse.move(*at(0, 2))
    page.keyboard.press("o")
    page.keyboard.press("Enter")
    filled("CCO")
    first.locator(".step-check").click()
    page.wait_for_function("el => el.textContent.includes('Correct')", arg=fb.element_handle(), timeout=30_000)
