"""Shared fixtures: the built site (once per session), a local HTTP server, and Chromium."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from book.site import CHROMIUM_FLAGS, serve_directory as serve  # noqa: E402,F401


@pytest.fixture(scope="session")
def _server(tmp_path_factory):
    """A static server on a free port, for a folder that the site is built into later."""
    out = tmp_path_factory.mktemp("site")
    server, url = serve(out)
    yield out, url
    server.shutdown()


@pytest.fixture(scope="session")
def site_dir(_server) -> Path:
    """The real book, built once, for the URL it is served at (instant navigation needs it)."""
    from book import site

    out, url = _server
    site.build(site_dir=out, site_url=url)
    return out


@pytest.fixture(scope="session")
def site_url(site_dir, _server):
    return _server[1]


def chromium_path() -> str:
    """Debian's Chromium ($CHROMIUM, else /usr/bin/chromium). Missing: the test fails, never skips."""
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(f"Chromium not found at {path}: install the chromium package or set CHROMIUM")
    return path


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield b
        b.close()


def assert_verdict(case: dict, result: dict) -> None:
    """A grading case's verdict (``expect``: correct | incorrect | invalid | not_correct), its rule
    (``rule``: the result's note) and feedback words (``feedback_any``), as the case files say."""
    if case["expect"] == "not_correct":
        assert result["status"] in ("incorrect", "invalid"), result
    else:
        assert result["status"] == case["expect"], result
    if case.get("rule"):
        assert result["note"] == case["rule"], result
    if case.get("feedback_any"):
        assert any(w.lower() in result["feedback"].lower() for w in case["feedback_any"]), result


def read_through(page) -> None:
    """Scroll the page from top to bottom, as a reader does: a step far from the viewport is
    typeset, and laid out, only when it comes within two screens (steps.js, content-visibility in
    book.css); until then the browser does not render its text. Three screens at a time, two
    frames apart, leave no gap; any step still not typeset is then brought into view alone."""
    left = page.evaluate("""async () => {
        const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        for (let y = 0; y < document.documentElement.scrollHeight; y += 3 * innerHeight) {
            scrollTo(0, y);
            await frames();
        }
        for (const step of document.querySelectorAll(".step:not([data-typeset])")) {
            step.scrollIntoView();
            await frames();
        }
        return document.querySelectorAll(".step:not([data-typeset])").length;
    }""")
    assert left == 0, f"{left} steps were not typeset after the page was read through"


def seen_text(locator) -> str:
    """The text a reader sees once they have scrolled to it (innerText reads the rendering).
    The browser's own scrollIntoView renders the step around it first (content-visibility:
    auto): Playwright's scrolling goes to where the element would be inside a step still shown
    at its placeholder height, which on a phone can leave that step out of view for good."""
    locator.evaluate("el => el.scrollIntoView({block: 'nearest'})")
    locator.page.wait_for_function("el => el.checkVisibility({contentVisibilityAuto: true})",
                                   arg=locator.element_handle())
    return locator.inner_text()


def assert_axe_clean(page) -> None:
    """axe-core finds no serious or critical WCAG 2.1 AA violation on the page as it is now,
    every step of it rendered (read_through)."""
    read_through(page)
    page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad
