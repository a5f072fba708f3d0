"""A student on a phone (360×740, touch) and on a desktop (1280×900), in Chromium: nothing cut
off, choice answers as text, no work lost on import or reload, keyboard and touch, answers
not readable in the page source, storage chosen by the reader (issue 21)."""

import json
import re
from pathlib import Path

import pytest

from book import printbook
from book.load import load_book
from .conftest import read_through, seen_text

ROOT = Path(__file__).resolve().parents[1]
BOOK = load_book(ROOT)
STORE = "chem-book:progress:v1"
READY = '.checker-status[data-state="ready"]'
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def chapter_path(ch) -> str:
    return f"{ch.number:02d}-{ch.id}/"


def chapter_of(chain):
    return next(c for c in BOOK.chapters if chain in c.chains)


def all_revealed():
    return {"version": 1, "chains": {c.id: {s.id: {"status": "revealed"} for s in c.steps}
                                     for c in BOOK.chains.values()}}


@pytest.fixture(params=["phone", "desktop"])
def device(request):
    return request.param


@pytest.fixture()
def context(browser, device):
    ctx = browser.new_context(**(PHONE if device == "phone" else DESKTOP))
    yield ctx
    ctx.close()


def new_page(ctx, site_url, errors):
    pg = ctx.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(site_url + "assets/checker/manifest.json")   # same origin, no book script running
    return pg


def set_progress(pg, data):
    pg.evaluate("([k, d]) => localStorage.setItem(k, JSON.stringify(d))", [STORE, data])


def stored(pg):
    return pg.evaluate("k => JSON.parse(localStorage.getItem(k))", STORE)


# ---- 1. nothing cut off; a choice's answer is text ------------------------------------------

def test_choice_answer_is_text_in_the_print_edition():
    text = printbook.book_markdown(BOOK, "t", "s")
    for chain in BOOK.chains.values():
        for s in chain.steps:
            if s.answer["type"] == "choice" and "$" not in s.answer["expected"]:
                assert f'**Answer:** {s.answer["expected"]}' in text, s.id
                assert f'**Answer:** ${s.answer["expected"]}$' not in text


NO_SIDEWAYS = """() => {
  const W = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('article div.arithmatex')].filter(e => e.clientWidth && e.scrollWidth > e.clientWidth + 1);
  return {
    pageWidth: document.documentElement.scrollWidth, W,
    unmarked: wide.filter(e => !e.classList.contains('wide') || e.tabIndex !== 0).map(e => e.textContent.slice(0, 40)),
    noShadow: wide.filter(e => !getComputedStyle(e).backgroundImage.includes('gradient')).length,
    wide: wide.length,
  };
}"""


@pytest.mark.parametrize("half", [0, 1])  # two tests, which the test processes can share
def test_no_page_scrolls_sideways_with_every_answer_revealed(context, device, site_url, half):
    """Every chapter page, every step's answer and worked solution shown: the page is never
    wider than the screen; each formula wider than its box scrolls in it, marked by a shadow and
    reachable by keyboard; a choice's answer line is its option's words, not a formula. On a
    phone every chapter (every other one in each half), on a desktop two."""
    errors = []
    context.route("**/pyodide/**", lambda r: r.abort())     # the checker is not needed here
    pg = new_page(context, site_url, errors)
    set_progress(pg, all_revealed())
    wide = 0
    chapters = [c for c in BOOK.chapters if c.chains]
    for ch in (chapters[half::2] if device == "phone" else chapters[half:half + 1]):
        pg.goto(site_url + chapter_path(ch))
        pg.evaluate("document.fonts.ready")
        read_through(pg)
        pg.evaluate("document.fonts.ready")  # those the formulas just typeset asked for
        r = pg.evaluate(NO_SIDEWAYS)
        assert r["pageWidth"] <= r["W"], (ch.id, r)
        assert not r["unmarked"] and not r["noShadow"], (ch.id, r)
        wide += r["wide"]
        for chain in ch.chains:
            for s in chain.steps:
                if s.answer["type"] != "choice":
                    continue
                line = pg.locator(f'[data-chain="{chain.id}"] [data-step="{s.id}"] .step-answer-line')
                text = seen_text(line)  # a step out of view is not rendered, nor its innerText
                assert text.replace("\n", " ").strip() == "Answer: " + s.answer["expected"] \
                    or "$" in s.answer["expected"], (s.id, text)
                if "$" not in s.answer["expected"]:
                    assert line.locator(".katex").count() == 0
    if device == "phone":
        assert wide > 0    # the phone really had formulas wider than the screen to deal with
    assert not errors, errors


def test_progress_table_keeps_its_columns(context, site_url):
    errors = []
    pg = new_page(context, site_url, errors)
    set_progress(pg, all_revealed())
    pg.goto(site_url + "progress/")
    pg.wait_for_selector(".progress-table table")
    W = pg.evaluate("document.documentElement.clientWidth")
    heads = pg.locator(".progress-table th")
    assert heads.count() == 5
    for i in range(5):
        box = heads.nth(i).bounding_box()
        assert box["width"] > 0 and box["x"] + box["width"] <= W + 1, (i, box, W)
    assert pg.evaluate("document.documentElement.scrollWidth") <= W
    assert not errors, errors


# ---- 2. nothing lost: import merges and asks first, undo, drafts, resume ---------------------

def test_import_merges_two_files_each_with_steps_the_other_lacks(context, site_url, tmp_path):
    a, b, c = list(BOOK.chains.values())[:3]
    sa = [s.id for s in a.steps]
    here = {"version": 1, "seed": 111, "last": {"chain": a.id, "step": sa[1], "url": "x"},
            "chains": {a.id: {sa[0]: {"status": "solved", "attempts": 2}, sa[1]: {"status": "revealed"}},
                       b.id: {b.steps[0].id: {"status": "solved", "attempts": 1}}}}
    there = {"book": "chem-book", "version": 1, "seed": 222,
             "chains": {a.id: {sa[0]: {"attempts": 5}, sa[1]: {"status": "solved", "attempts": 3},
                               sa[2]: {"status": "revealed", "hints": 2}},
                        c.id: {c.steps[0].id: {"status": "solved", "attempts": 1}}}}
    f = tmp_path / "phone-progress.json"
    f.write_text(json.dumps(there))
    errors = []
    pg = new_page(context, site_url, errors)
    set_progress(pg, here)
    pg.goto(site_url + "progress/")
    before = pg.evaluate("k => localStorage.getItem(k)", STORE)

    # Cancel: the file is read and described, nothing changes.
    pg.locator(".progress-import").set_input_files(str(f))
    confirm = pg.locator(".progress-confirm")
    confirm.wait_for()
    text = confirm.inner_text()
    assert "adds 2 step(s)" in text and "2 further along" in text, text
    assert a.title in text and c.title in text and b.title not in text
    assert pg.evaluate("k => localStorage.getItem(k)", STORE) == before    # asked before changing anything
    pg.locator(".progress-import-cancel").click()
    assert confirm.is_hidden() and "cancelled" in pg.locator(".progress-message").inner_text()
    assert pg.evaluate("k => localStorage.getItem(k)", STORE) == before

    # Import: step by step, the further state of each step is kept.
    pg.locator(".progress-import").set_input_files(str(f))
    pg.locator(".progress-import-confirm").click()
    pg.wait_for_selector(".progress-message.ok")
    assert "Imported" in pg.locator(".progress-message").inner_text()
    got = stored(pg)
    assert got["seed"] == 111 and got["last"]["chain"] == a.id                 # this browser's own
    assert got["chains"][a.id][sa[0]] == {"status": "solved", "attempts": 5}   # solved stays solved
    assert got["chains"][a.id][sa[1]] == {"status": "solved", "attempts": 3}   # revealed -> solved
    assert got["chains"][a.id][sa[2]] == {"status": "revealed", "hints": 2}    # only in the file
    assert got["chains"][b.id] == here["chains"][b.id]                          # only here
    assert got["chains"][c.id] == there["chains"][c.id]                         # only in the file
    row = pg.locator("tr", has_text=a.title).locator("td").all_inner_texts()
    assert row[2] == f"2 of {len(a.steps)}" and row[4] == "1"
    # Resume: the first step of the last chain worked in that is neither solved nor shown.
    href = pg.locator("a", has_text="Resume where I left off").get_attribute("href")
    assert href.endswith(f"#{a.id}--{sa[3]}"), href

    # Importing the same file again changes nothing and says so.
    pg.evaluate("document.querySelector('.progress-message').textContent = ''")
    pg.locator(".progress-import").set_input_files(str(f))
    pg.wait_for_function("() => document.querySelector('.progress-message').textContent")
    assert "Nothing to import" in pg.locator(".progress-message").inner_text()

    assert not errors, errors


def test_undo_restores_the_state_before_the_import(context, site_url, tmp_path):
    a = next(iter(BOOK.chains.values()))
    f = tmp_path / "p.json"
    f.write_text(json.dumps({"version": 1, "chains": {a.id: {a.steps[0].id: {"status": "solved"}}}}))
    errors = []
    pg = new_page(context, site_url, errors)
    set_progress(pg, {"version": 1, "seed": 5, "chains": {a.id: {a.steps[1].id: {"attempts": 1}}}})
    pg.goto(site_url + "progress/")
    before = pg.evaluate("k => localStorage.getItem(k)", STORE)
    pg.locator(".progress-import").set_input_files(str(f))
    pg.locator(".progress-import-confirm").click()
    assert stored(pg)["chains"][a.id][a.steps[0].id]["status"] == "solved"
    pg.locator(".progress-undo").click()
    assert pg.evaluate("k => localStorage.getItem(k)", STORE) == before
    assert "undone" in pg.locator(".progress-message").inner_text()
    assert pg.locator("tr", has_text=a.title).locator("td").nth(2).inner_text() == f"0 of {len(a.steps)}"
    assert not errors, errors


def first_step_of_type(kind, other_than=None):
    for chain in BOOK.chains.values():
        if chain.params or chain.id == other_than:
            continue
        for i, s in enumerate(chain.steps):
            if s.answer["type"] == kind:
                return chain, i
    raise AssertionError(kind)


def reveal_before(chain, i):
    return {"version": 1, "chains": {chain.id: {s.id: {"status": "revealed"} for s in chain.steps[:i]}}}


def test_a_reload_mid_answer_keeps_the_typed_text_and_the_chosen_option(context, site_url):
    errors = []
    context.route("**/pyodide/**", lambda r: r.abort())     # typing needs no checker
    cc, ci = first_step_of_type("choice")
    tc, ti = first_step_of_type("quantity", other_than=cc.id)
    pg = new_page(context, site_url, errors)
    progress = reveal_before(cc, ci)
    progress["chains"].update(reveal_before(tc, ti)["chains"])
    set_progress(pg, progress)
    option = cc.steps[ci].answer["options"][1]
    pg.goto(site_url + chapter_path(chapter_of(cc)))
    radio = pg.locator(f'[data-chain="{cc.id}"] [data-step="{cc.steps[ci].id}"] input[type=radio]').nth(1)
    radio.check()
    pg.goto(site_url + chapter_path(chapter_of(tc)))
    box = pg.locator(f'[data-chain="{tc.id}"] [data-step="{tc.steps[ti].id}"] .step-input')
    box.fill("12.3 g/mol")                                     # half-way through an answer
    pg.reload()
    assert box.input_value() == "12.3 g/mol"
    pg.goto(site_url + chapter_path(chapter_of(cc)))
    assert radio.is_checked() and radio.get_attribute("value") == option
    assert not errors, errors


# ---- 3. keyboard and touch ------------------------------------------------------------------

def test_enter_on_a_choice_checks_it_and_the_feedback_shows(context, device, site_url):
    errors = []
    cc, ci = first_step_of_type("choice")
    pg = new_page(context, site_url, errors)
    set_progress(pg, reveal_before(cc, ci))
    pg.goto(site_url + chapter_path(chapter_of(cc)))
    s = pg.locator(f'[data-chain="{cc.id}"] [data-step="{cc.steps[ci].id}"]')
    radios = s.locator("input[type=radio]")
    right = cc.steps[ci].answer["options"].index(cc.steps[ci].answer["expected"])
    # the keyboard's way in: focus the first option, arrow to the right one (focus ring shows)
    radios.nth(0).focus()
    for _ in range(right):
        pg.keyboard.press("ArrowDown")
    if right == 0:
        pg.keyboard.press("ArrowDown")
        pg.keyboard.press("ArrowUp")
    assert radios.nth(right).evaluate("el => el === document.activeElement && el.matches(':focus-visible')")
    ring = radios.nth(right).evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert ring.startswith("solid") and not ring.endswith(" 0px"), ring
    pg.evaluate("window.scrollTo(0, 0)")                        # the step's feedback far off-screen
    pg.keyboard.press("Enter")
    fb = s.locator(".step-feedback")
    pg.wait_for_function("el => el.textContent.includes('Correct')", arg=fb.element_handle(), timeout=180_000)
    pg.wait_for_timeout(800)                                      # the smooth scroll
    box = fb.bounding_box()
    height = pg.evaluate("window.innerHeight")
    assert 0 <= box["y"] and box["y"] + box["height"] <= height, (box, height)
    assert not errors, errors


def test_the_hint_on_how_to_check_fits_the_device(context, device, site_url):
    errors = []
    context.route("**/pyodide/**", lambda r: r.abort())
    dc, di = first_step_of_type("derivation")
    pg = new_page(context, site_url, errors)
    pg.goto(site_url + chapter_path(chapter_of(dc)))
    label = seen_text(pg.locator(f'[data-chain="{dc.id}"] [data-step="{dc.steps[di].id}"] .step-label'))
    assert "one equation per line" in label
    assert ("Ctrl+Enter" in label) == (device == "desktop"), label
    assert not errors, errors


# ---- 4. answers are not in the page source at a glance --------------------------------------

def test_specs_are_encoded_and_decode_in_python_and_the_browser(site_dir, browser, site_url):
    from book import render

    chain = BOOK.chains["balmer-to-bohr"]
    html = (site_dir / chapter_path(chapter_of(chain)) / "index.html").read_text(encoding="utf-8")
    tag = re.search(r'<div class="chain" data-chain="balmer-to-bohr"[^>]*>', html).group(0)
    payload = re.search(r'data-spec="([^"]*)"', tag).group(1)
    data = render.decode_specs(payload, re.search(r'data-key="([0-9a-f]+)"', tag).group(1))
    expected = str(chain.steps[0].answer["expected"])
    assert data["steps"][0]["spec"]["expected"] == expected
    assert expected not in tag and '"expected"' not in tag and "expected" not in payload
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.goto(site_url + chapter_path(chapter_of(chain)))
    got = pg.evaluate("chemBook.decodeSpecs(document.querySelector('[data-chain=\"balmer-to-bohr\"]'))")
    ctx.close()
    assert got == data


# ---- 5. storage: the reader's choice --------------------------------------------------------

def cached(pg, path):
    return pg.evaluate("""async (p) => {
        for (const name of await caches.keys())
            if (await (await caches.open(name)).match(new URL(p, chemBook.siteRoot).href)) return true;
        return false; }""", path)


def test_offline_is_the_readers_choice(context, device, site_url):
    """By default the checker and the pages visited are kept, never the snapshot twice; the
    whole book on request, with a progress bar and its size; removed on request; the print
    edition is linked; persistent storage is asked for once there is work to keep."""
    from .test_browser import answer_text, kept_snapshot_bytes, submit, wait_for_kept_snapshot, wait_for_offline_copy

    errors = []
    chain = BOOK.chains["balmer-to-bohr"]
    page = chapter_path(chapter_of(chain))
    pg = new_page(context, site_url, errors)
    pg.goto(site_url + page)
    pg.wait_for_selector(READY, timeout=180_000)
    pg.evaluate("""() => { window.__persist = 0; const p = navigator.storage.persist.bind(navigator.storage);
                          navigator.storage.persist = () => { window.__persist += 1; return p(); }; }""")
    submit(pg, chain, 0, answer_text(chain, 0))
    assert pg.evaluate("window.__persist") == 1
    wait_for_offline_copy(pg, page, "assets/pyodide/python_stdlib.zip", "assets/checker/manifest.json")
    wait_for_kept_snapshot(pg)
    assert not cached(pg, "00-how-to-answer/")                  # never visited: not kept by default
    assert not pg.evaluate("""async () => { for (const n of await caches.keys()) if (n.startsWith('chem-book-'))
        for (const r of await (await caches.open(n)).keys()) if (r.url.endsWith('.snapshot')) return true; return false; }""")

    pg.goto(site_url + "progress/")
    status = pg.locator(".offline-status")
    pg.wait_for_function("el => el.textContent.includes('MB')", arg=status.element_handle())
    assert re.search(r"adds about \d+\.\d MB \(\d+ files\)", status.inner_text()), status.inner_text()
    assert pg.locator('#offline-panel a[href$="print/"]').count() == 1
    values = []
    pg.expose_function("seen", lambda v: values.append(v))
    pg.evaluate("""() => new MutationObserver(() => seen(document.querySelector('.offline-progress').value))
                   .observe(document.querySelector('.offline-progress'), {attributes: true})""")
    pg.locator(".offline-save").click()
    msg = pg.locator(".offline-message")
    pg.wait_for_function("el => el.textContent.includes('whole book is saved')", arg=msg.element_handle(), timeout=120_000)
    assert len(values) > 3 and values == sorted(values)          # the bar moved forward
    pg.wait_for_function("el => el.textContent.includes('whole book is saved')", arg=status.element_handle())
    context.set_offline(True)
    pg.goto(site_url + "00-how-to-answer/")
    assert pg.locator("h1").first.inner_text().startswith("0.")
    context.set_offline(False)

    pg.goto(site_url + "progress/")
    pg.locator(".offline-remove").click()
    pg.wait_for_function("el => el.textContent.includes('removed')", arg=msg.element_handle())
    pg.goto(site_url + page)                                      # and nothing is kept any more
    pg.wait_for_selector(READY, timeout=180_000)
    pg.wait_for_timeout(3000)
    assert pg.evaluate("caches.keys()") == []
    assert kept_snapshot_bytes(pg) == 0                           # nor the checker's own copy
    assert pg.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    assert stored(pg)["chains"][chain.id][chain.steps[0].id]["status"] == "solved"   # progress kept
    pg.goto(site_url + "progress/")                               # until the reader saves the book again
    pg.wait_for_function("el => el.textContent.includes('You removed')", arg=status.element_handle())
    assert not errors, errors


def test_a_full_storage_leaves_the_page_working(context, device, site_url):
    """With room for almost nothing (Chrome's quota cut to 1 MB), the page, the checker and the
    progress work from the network; saving the whole book says there is no room."""
    from .test_browser import answer_text, submit

    errors = []
    chain = BOOK.chains["balmer-to-bohr"]
    pg = new_page(context, site_url, errors)
    cdp = context.new_cdp_session(pg)
    origin = re.match(r"https?://[^/]+", site_url).group(0)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": 1_000_000})
    pg.goto(site_url + chapter_path(chapter_of(chain)))
    pg.wait_for_selector(READY, timeout=180_000)
    fb = submit(pg, chain, 0, answer_text(chain, 0))
    assert "Correct" in fb.inner_text()
    pg.reload()
    pg.wait_for_selector(READY, timeout=180_000)
    assert "solved" in pg.locator(f'[data-chain="{chain.id}"] [data-step="{chain.steps[0].id}"]').get_attribute("class")
    pg.goto(site_url + "progress/")
    pg.wait_for_function("el => el.textContent.includes('MB')", arg=pg.locator(".offline-status").element_handle())
    pg.locator(".offline-save").click()
    msg = pg.locator(".offline-message")
    pg.wait_for_function("el => el.textContent.includes('no room')", arg=msg.element_handle(), timeout=120_000)
    assert pg.evaluate("navigator.storage.estimate().then(e => e.usage)") < 2_000_000   # nothing big was kept
    assert not errors, errors


def test_after_a_new_build_no_cached_page_refers_to_a_deleted_asset(browser, site_dir, tmp_path):
    import shutil

    from book.offline import write_service_worker

    from .conftest import serve

    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    server, url = serve(site)
    try:
        ctx = browser.new_context()
        ctx.route("**/pyodide/**", lambda r: r.abort())
        pg = ctx.new_page()
        for path in ["04-hydrogen-atom/", "progress/"]:
            pg.goto(url + path)
            pg.evaluate("chemBook.offline")
        old = pg.evaluate("caches.keys()")
        # The next build renames the theme's bundle (as a new mkdocs-material would).
        bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
        renamed = bundle.with_name("bundle.0000new0000.min.js")
        bundle.rename(renamed)
        for html in site.rglob("*.html"):
            html.write_text(html.read_text(encoding="utf-8").replace(bundle.name, renamed.name), encoding="utf-8")
        write_service_worker(site)
        pg.goto(url + "04-hydrogen-atom/")
        pg.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        pg.wait_for_function("(old) => caches.keys().then((k) => k.length && k.every((n) => !old.includes(n)))",
                             arg=old, timeout=60_000, polling=500)
        pg.goto(url + "04-hydrogen-atom/")
        broken = pg.evaluate("""async () => {
            const bad = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const req of await cache.keys()) {
                    const res = await cache.match(req);
                    if (!(res.headers.get('content-type') || '').includes('html')) continue;
                    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
                    for (const el of doc.querySelectorAll('script[src], link[rel=stylesheet]')) {
                        const u = new URL(el.getAttribute('src') || el.getAttribute('href'), req.url);
                        if (!(await fetch(u, {method: 'HEAD', cache: 'no-store'})).ok) bad.push(req.url + ' -> ' + u);
                    }
                }
            }
            return bad; }""")
        assert not broken, broken
        assert len([n for n in pg.evaluate("caches.keys()") if n.startswith("chem-book-")]) == 1
        ctx.close()
    finally:
        server.shutdown()


def test_the_progress_page_reminds_to_export_from_time_to_time(context, site_url):
    errors = []
    context.route("**/pyodide/**", lambda r: r.abort())
    pg = new_page(context, site_url, errors)
    chain = BOOK.chains["balmer-to-bohr"]
    set_progress(pg, {"version": 1, "chains": {chain.id: {s.id: {"status": "solved"} for s in chain.steps[:6]}}})
    pg.goto(site_url + "progress/")
    note = pg.locator(".progress-reminder")
    assert note.is_visible() and "solved 6 step(s)" in note.inner_text()
    with pg.expect_download() as download:
        pg.locator(".progress-export").click()
    assert re.fullmatch(r"chem-book-progress-\d{4}-\d\d-\d\d\.json", download.value.suggested_filename)
    assert note.is_hidden()                                      # just exported: no reminder
    assert not errors, errors


# ---- 6. first visit: readable and typeable at once; real progress; checks wait ---------------

def test_first_visit_answers_wait_for_the_checker_which_shows_its_progress(context, site_url):
    from .test_browser import answer_text

    errors = []
    held = []
    context.route("**/*.snapshot", lambda route: held.append(route))   # a slow network, held here
    chain = BOOK.chains["balmer-to-bohr"]
    pg = new_page(context, site_url, errors)
    pg.goto(site_url + chapter_path(chapter_of(chain)))
    first = pg.locator(f'[data-chain="{chain.id}"] [data-step="{chain.steps[0].id}"]')
    box = first.locator(".step-input")
    box.fill(answer_text(chain, 0))                              # typed before the checker is there
    assert pg.locator(".checker-status").first.get_attribute("data-state") == "loading"
    box.press("Enter")
    fb = first.locator(".step-feedback")
    assert "as soon as the checker is ready" in fb.inner_text()
    status = pg.locator(".checker-status").first
    pg.wait_for_function("el => /downloading the checker: \\d+\\.\\d of \\d+\\.\\d MB/.test(el.textContent)",
                         arg=status.element_handle(), timeout=60_000)
    got, total = map(float, re.search(r"(\d+\.\d) of (\d+\.\d) MB", status.inner_text()).groups())
    assert got < total and total > 18                            # the snapshot is still to come
    pg.wait_for_function("n => n > 0", arg=len(held)) if held else pg.wait_for_timeout(2000)
    assert held
    held[0].continue_()
    pg.wait_for_function("el => el.textContent.includes('Correct')", arg=fb.element_handle(), timeout=180_000)
    assert not errors, errors


def test_hints_and_worked_solutions_are_sealed_in_the_page_and_open_when_shown(site_dir, context, site_url):
    chain = BOOK.chains["balmer-to-bohr"]
    html = (site_dir / chapter_path(chapter_of(chain)) / "index.html").read_text(encoding="utf-8")
    assert "Worked solution." not in html and 'class="step-solution" hidden="hidden" data-sealed=' in html
    search = (site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Worked solution." not in search
    errors = []
    context.route("**/pyodide/**", lambda r: r.abort())
    pg = new_page(context, site_url, errors)
    set_progress(pg, {"version": 1, "chains": {chain.id: {chain.steps[0].id: {"status": "revealed"}}}})
    pg.goto(site_url + chapter_path(chapter_of(chain)))
    first = pg.locator(f'[data-chain="{chain.id}"] [data-step="{chain.steps[0].id}"]')
    assert "Worked solution." in seen_text(first.locator(".step-solution"))
    assert first.locator(".step-solution .katex").count() > 0            # its math typeset
    second = pg.locator(f'[data-chain="{chain.id}"] [data-step="{chain.steps[1].id}"]')
    assert second.locator(".hint").first.get_attribute("data-sealed")
    second.locator(".step-hint").click()
    hint = second.locator(".hint").first
    hint.wait_for(state="visible", timeout=10_000)  # opened by the click's handler, not at once under load
    assert hint.get_attribute("data-sealed") is None and hint.inner_text().strip()
    assert not errors, errors
